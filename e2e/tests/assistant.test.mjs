// The virtual assistant (/asisten): a guest on a phone asks in everyday Indonesian for the
// requirements of a KTP-el and then for its fee, answered live from the catalogue's standard;
// the same question without JavaScript through the plain form, then a complaint that becomes a
// report draft (location asked in the chat, then the reporting form filled with it); a
// signed-in citizen asks for a person and an officer answers from the handover queue while the
// citizen's page, left open, shows the answer without a reload (polling); citizens ask where
// their report and their application stand by typing the tracking code, and nobody else
// learns it.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import {
  PHONE,
  DESKTOP,
  sharedEnv,
  journey,
  checkA11y,
  clickAndWait,
  textOf,
  signInWithForm,
  apiToken,
  DEMO,
} from '../lib/harness.mjs';

const env = sharedEnv({ before, after });

const { siti: SITI, budi: BUDI, disdukcapil: OFFICER } = DEMO;

const KTP = 'ktp-el-baru';
const COMPLAINT = 'lampu jalan mati di gang saya';
const ADDRESS = 'Gang Melati No. 5, dekat Masjid Al-Ikhlas';

// ---------------------------------------------------------------------------
// Helpers

/** `GET baseUrl+path` (JSON), with a bearer token if given. */
async function apiGet(baseUrl, path, token) {
  const res = await fetch(`${baseUrl}${path}`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
    signal: AbortSignal.timeout(15_000),
  });
  const text = await res.text();
  assert.equal(res.status, 200, `GET ${path}: ${res.status} ${text}`);
  return JSON.parse(text);
}

/** The catalogue's standard of a service (as the public API gives it). */
async function service(baseUrl, id) {
  return apiGet(baseUrl, `/api/v1/services/${id}`);
}

const ASSISTANT = '#sp-chat-log .sp-chat__msg--assistant';

/** Text of a chat message (its line breaks kept, surrounding blanks trimmed). */
async function messageText(locator) {
  return ((await locator.locator('.sp-chat__text').innerText()) ?? '').trim();
}

/** Marks the page so that a later check can tell it was not loaded again. */
async function markPage(page) {
  await page.evaluate(() => { window.__spNotReloaded = true; });
}

async function assertNotReloaded(page, what) {
  assert.equal(await page.evaluate(() => window.__spNotReloaded === true), true, `${what}: the page was loaded again`);
}

/**
 * With JavaScript: waits for the reply `assistant.js` fetches after `act()` (typing and sending,
 * or pressing a suggested reply), without a page load. Returns the API answer and, unless the
 * conversation is with an officer, the new assistant message.
 */
async function live(page, act, { reply = true } = {}) {
  await markPage(page);
  const before = await page.locator(ASSISTANT).count();
  const answered = page.waitForResponse(
    (r) => new URL(r.url()).pathname === '/api/v1/assistant/messages' && r.request().method() === 'POST',
  );
  await act();
  const res = await answered;
  const body = await res.json().catch(() => null);
  assert.equal(res.status(), 200, `POST /api/v1/assistant/messages: ${res.status()} ${JSON.stringify(body)}`);
  let message = null;
  if (reply) {
    message = page.locator(ASSISTANT).nth(before);
    await message.waitFor();
  }
  await assertNotReloaded(page, 'sending a message with JavaScript');
  return { body, message };
}

/** With JavaScript: types `text` and sends it with the Send button. */
function askLive(page, text, options) {
  return live(page, async () => {
    await page.locator('#text').fill(text);
    await page.locator('#sp-chat-form button[type=submit]').click();
  }, options);
}

/** With JavaScript: presses the suggested reply `label` of the latest answer. */
function pressLive(page, label, options) {
  return live(page, () => page.locator('#sp-chat-log .sp-chat__choices').getByRole('button', { name: label, exact: true }).click(), options);
}

/** Clicks `locator` (a form's button) and waits for the page the form leads to. */
async function submitAndWait(page, locator) {
  await Promise.all([
    page.waitForEvent('framenavigated', { predicate: (f) => f === page.mainFrame(), timeout: 30_000 }),
    locator.click(),
  ]);
  await page.waitForLoadState('load');
  return new URL(page.url());
}

/** Without JavaScript: types `text`, sends the plain form, and returns the latest assistant message. */
async function askPlain(page, text) {
  await page.locator('#text').fill(text);
  const url = await submitAndWait(page, page.locator('#sp-chat-form button[type=submit]'));
  assert.equal(url.pathname, '/asisten', `the form comes back to the chat (${url})`);
  assert.match(url.hash, /^#m\d+$/, `the page opens at the latest message (${url})`);
  return page.locator(ASSISTANT).last();
}

/** Without JavaScript: presses the suggested reply `label` (a form button) of the latest answer. */
async function pressPlain(page, label) {
  const button = page.locator('#sp-chat-log .sp-chat__choices').getByRole('button', { name: label, exact: true });
  const url = await submitAndWait(page, button);
  assert.equal(url.pathname, '/asisten', `pressing ${label} comes back to the chat (${url})`);
  return page.locator(ASSISTANT).last();
}

/** The labels of the suggested replies (buttons) on the page. */
async function choices(page) {
  return (await page.locator('#sp-chat-log .sp-chat__choices button').allInnerTexts()).map((s) => s.trim());
}

/** Asserts that the answer lists every requirement of `svc` (Indonesian), each on its own line. */
async function assertRequirements(message, svc) {
  const text = await messageText(message);
  assert.ok(text.includes(svc.name.id), `the answer names the service "${svc.name.id}":\n${text}`);
  const lines = text.split('\n').map((l) => l.trim());
  for (const r of svc.requirements) {
    assert.ok(
      lines.some((l) => l.includes(r.id)),
      `requirement "${r.id}" is on a line of its own in the answer:\n${text}`,
    );
  }
}

// ---------------------------------------------------------------------------
// Journeys

test('assistant', async (t) => {
  await t.test('a guest asks about KTP-el with javascript', journey(env, 'assistant ktp with javascript', async (j) => {
    const ktp = await service(j.baseUrl, KTP);
    const page = await j.newPage(PHONE);
    await page.goto('/asisten');
    assert.equal(await textOf(page, 'h1'), 'Asisten SatuPintu');
    assert.equal(await page.locator(ASSISTANT).count(), 1, 'a greeting before anything is asked');
    await checkA11y(page, 'assistant chat, empty');

    const first = await askLive(page, 'syarat bikin ktp apa aja?');
    assert.equal(first.body.intent, 'service_info');
    assert.equal(first.body.service_id, KTP);
    await assertRequirements(first.message, ktp);
    const link = first.message.locator(`a[href="/layanan/${KTP}"]`);
    assert.equal(await link.count(), 1, 'the answer links to the service page');
    // Every line of a list shows as a line (the text keeps its line breaks).
    assert.equal(
      await first.message.locator('.sp-chat__text').evaluate((el) => getComputedStyle(el).whiteSpace),
      'pre-line',
      'the answer keeps its line breaks',
    );
    // What the citizen typed is in the log as theirs.
    assert.equal(
      await page.locator('#sp-chat-log .sp-chat__msg--citizen .sp-chat__text').last().innerText(),
      'syarat bikin ktp apa aja?',
    );

    // A follow-up without the service's name: the fee of the same service, from its standard.
    const fee = await askLive(page, 'brp biayanya?');
    assert.equal(fee.body.service_id, KTP, 'the follow-up is about the same service');
    assert.equal(fee.body.aspect, 'fee');
    assert.equal(ktp.fee.amount_idr, 0, 'the catalogue says KTP-el is free');
    const feeText = await messageText(fee.message);
    assert.match(feeText, /Biaya .*KTP-el.*: Gratis/, `the fee answer says Gratis:\n${feeText}`);
    await checkA11y(page, 'assistant chat with answers');

    // The link leads to the service page, whose standard says the same.
    await clickAndWait(page, link, (u) => u.pathname === `/layanan/${KTP}`);
    assert.match(await textOf(page, 'main'), /Gratis/);
  }));

  await t.test(
    'with javascript the conversation is still there after a reload',
    journey(env, 'assistant live conversation kept', async (j) => {
      const page = await j.newPage(PHONE);
      await page.goto('/asisten');
      await askLive(page, 'syarat bikin ktp apa aja?');
      await page.reload();
      assert.ok(
        (await page.locator('#sp-chat-log .sp-chat__msg--citizen').count()) >= 1,
        'after a reload the chat shows the question asked',
      );
    }),
  );

  await t.test('without javascript: a question, then a complaint that becomes a report draft', journey(env, 'assistant without javascript', async (j) => {
    const ktp = await service(j.baseUrl, KTP);
    const page = await j.newPage({ ...PHONE, javaScriptEnabled: false });
    await page.goto('/asisten');
    assert.equal(await page.locator('#sp-chat-form').getAttribute('action'), '/asisten', 'a plain form');
    await checkA11y(page, 'assistant chat, empty, without JavaScript');

    // The same question; the answer is on the page the form leads to.
    const answer = await askPlain(page, 'syarat bikin ktp apa aja?');
    await assertRequirements(answer, ktp);
    assert.equal(await answer.locator(`a[href="/layanan/${KTP}"]`).count(), 1, 'the answer links to the service page');
    // It is kept: a later visit shows it again.
    await page.goto('/asisten');
    await assertRequirements(page.locator(ASSISTANT).last(), ktp);

    // A complaint: the assistant offers to make a report.
    const offer = await askPlain(page, COMPLAINT);
    assert.match(await messageText(offer), /melaporkan masalah/, 'the complaint is recognised');
    assert.match(await messageText(offer), /Lampu penerangan jalan/i, 'as a street-light problem');
    assert.ok((await choices(page)).includes('Buat laporan'), `"Buat laporan" is offered: ${await choices(page)}`);
    await checkA11y(page, 'assistant chat with suggested replies, without JavaScript');

    // Pressing it asks where; the suggestions of the earlier answer are gone.
    const where = await pressPlain(page, 'Buat laporan');
    assert.match(await messageText(where), /Di mana lokasinya\?/, 'the location is asked');
    assert.deepEqual(await choices(page), ['Lewati', 'Batal'], 'only the latest answer has buttons');
    assert.equal(
      await page.locator('#sp-chat-log .sp-chat__msg--citizen .sp-chat__text').last().innerText(),
      'Buat laporan',
      'the pressed button shows as what the citizen said',
    );

    // An address: the draft is ready, with a link to the reporting form.
    const ready = await askPlain(page, ADDRESS);
    assert.match(await messageText(ready), /Draf laporan \(Lampu penerangan jalan\) sudah siap/);
    const form = ready.getByRole('link', { name: 'Buka formulir laporan' });
    assert.equal(await form.count(), 1, 'a link to the reporting form');
    const href = await form.getAttribute('href');
    assert.equal(new URL(href, j.baseUrl).pathname, '/laporan/baru', `the link opens the reporting form (${href})`);
    await clickAndWait(page, form, (u) => u.pathname === '/laporan/baru');
    // The form is filled with the draft; the citizen adds photos, chooses who may see it, sends.
    assert.equal(await page.locator('#description').inputValue(), COMPLAINT, 'the description is the complaint');
    assert.equal(await page.locator('#address').inputValue(), ADDRESS, 'the address is the one typed in the chat');
    assert.equal(await page.locator('#category-penerangan_jalan').isChecked(), true, 'the category is street lights');
    await checkA11y(page, 'reporting form filled from the chat, without JavaScript');

    // The conversation can be deleted.
    await page.goto('/asisten');
    const after = await submitAndWait(page, page.getByRole('button', { name: 'Hapus percakapan ini' }));
    assert.equal(after.pathname, '/asisten');
    assert.equal(await page.locator('#sp-chat-log .sp-chat__msg--citizen').count(), 0, 'no message is left');
    assert.equal(await page.getByRole('button', { name: 'Hapus percakapan ini' }).count(), 0, 'nothing left to delete');
  }));

  await t.test('a citizen asks for a person; an officer answers from the queue', journey(env, 'assistant handover', async (j) => {
    // Siti, signed in, on her phone with JavaScript.
    const citizen = await j.newPage(PHONE);
    assert.equal(await signInWithForm(citizen, SITI.login, SITI.password), '/akun');
    await citizen.goto('/asisten');
    let { body, message } = await askLive(citizen, 'mau ngomong sama petugas');
    const conversation = body.conversation_id;
    assert.ok(conversation, 'the reply names its conversation');
    if (body.status !== 'waiting') {
      // The assistant offers a person first: press the offer.
      assert.ok((await choices(citizen)).includes('Hubungi petugas'), `"Hubungi petugas" is offered: ${await messageText(message)}`);
      ({ body, message } = await pressLive(citizen, 'Hubungi petugas'));
    }
    assert.equal(body.status, 'waiting', 'the conversation waits for an officer');
    assert.match(await messageText(message), /diteruskan|teruskan ke petugas/i, 'the citizen is told it was handed over');
    assert.match(await messageText(message), /jam layanan/, 'and when to expect an answer');
    assert.deepEqual(await choices(citizen), ['Kembali ke asisten'], 'she can go back to the assistant');
    await checkA11y(citizen, 'assistant chat waiting for an officer');
    await markPage(citizen);

    // The officer finds it in the queue.
    const officer = await j.newPage(DESKTOP);
    assert.equal(await signInWithForm(officer, OFFICER.login, OFFICER.password), '/akun');
    await officer.goto('/petugas/asisten');
    assert.equal(await textOf(officer, 'h1'), 'Percakapan untuk petugas');
    const open = officer.locator(`main a[href="/petugas/asisten/${conversation}"]`);
    assert.equal(await open.count(), 1, 'the conversation is in the queue');
    const row = officer.locator('main tbody tr', { has: officer.locator(`a[href="/petugas/asisten/${conversation}"]`) });
    assert.match(await row.innerText(), /Menunggu petugas/, 'waiting');
    await checkA11y(officer, 'assistant handover queue');
    await clickAndWait(officer, open, (u) => u.pathname === `/petugas/asisten/${conversation}`);
    assert.match(await textOf(officer, 'main'), /mau ngomong sama petugas/, 'the officer reads what she wrote');
    assert.equal(await officer.locator('.sp-chat__choices').count(), 0, 'no suggested-reply buttons for the officer');
    await checkA11y(officer, 'assistant conversation for the officer');

    // The officer replies.
    await officer.locator('#text').fill('Halo, saya petugas');
    const back = await submitAndWait(officer, officer.getByRole('button', { name: 'Kirim', exact: true }));
    assert.equal(back.pathname, `/petugas/asisten/${conversation}`);
    assert.equal(await textOf(officer, '#asst-status'), 'Dilayani petugas');
    assert.match(await textOf(officer, '.sp-chat__msg--officer'), /Halo, saya petugas/);

    // Her page, left open, shows it without a reload (assistant.js polls every 4 s).
    const reply = citizen.locator('#sp-chat-log .sp-chat__msg--officer', { hasText: 'Halo, saya petugas' });
    await reply.waitFor({ timeout: 15_000 });
    assert.equal(await textOf(reply, '.sp-chat__who'), 'Petugas', 'the answer is shown as the officer’s');
    await assertNotReloaded(citizen, 'the officer’s answer');

    // She answers; it goes to the officer, and the assistant keeps quiet.
    const mine = await askLive(citizen, 'Terima kasih, saya mau tanya soal KTP anak saya', { reply: false });
    assert.equal(mine.body.status, 'live');
    assert.equal(mine.body.reply, undefined, 'no assistant reply while an officer answers');
    // The officer's open page shows it without a reload.
    await officer.locator('#sp-staff-log .sp-chat__msg--citizen', { hasText: 'soal KTP anak saya' }).waitFor({ timeout: 15_000 });
    await officer.reload();
    assert.match(await textOf(officer, 'main'), /soal KTP anak saya/, 'the officer reads her answer');

    // The officer hands it back to the assistant: out of the queue, and she is told so.
    const queue = await submitAndWait(officer, officer.getByRole('button', { name: 'Selesai, kembalikan ke asisten' }));
    assert.equal(queue.pathname, '/petugas/asisten');
    assert.equal(await officer.locator(`main a[href="/petugas/asisten/${conversation}"]`).count(), 0, 'no longer in the queue');
    await citizen.locator(ASSISTANT, { hasText: 'Petugas telah selesai melayani' }).waitFor({ timeout: 15_000 });
    await assertNotReloaded(citizen, 'the handback');
    // The assistant answers again.
    const again = await askLive(citizen, 'syarat bikin ktp apa aja?');
    assert.equal(again.body.status, 'bot');
    assert.equal(again.body.service_id, KTP);
  }));

  await t.test('citizens ask where their report and their application stand', journey(env, 'assistant status', async (j) => {
    // Budi's demo reports: the newest from his own list, and its status as its page shows it.
    const budi = await j.newPage(PHONE);
    assert.equal(await signInWithForm(budi, BUDI.login, BUDI.password), '/akun');
    await budi.goto('/laporan/saya');
    const first = budi.locator('main a[href^="/laporan/LP-"]').first();
    const report = (await first.getAttribute('href')).split('/').pop();
    await clickAndWait(budi, first, (u) => u.pathname === `/laporan/${report}`);
    const reportStatus = await textOf(budi, '#report-status');

    await budi.goto('/asisten');
    const asked = await askLive(budi, `laporan ${report} sudah sampai mana?`);
    assert.equal(asked.body.intent, 'status');
    assert.equal(asked.body.tracking_code, report);
    assert.equal(await messageText(asked.message), `Laporan ${report}: ${reportStatus}.`);
    assert.equal(await asked.message.locator(`a[href="/laporan/${report}"]`).count(), 1, 'a link to the report');

    // Without a code, signed in: his latest cases.
    const mine = await askLive(budi, 'Cek status permohonan saya');
    assert.match(await messageText(mine.message), new RegExp(`${report}: ${reportStatus}`), 'his report is listed');
    await checkA11y(budi, 'assistant chat with a status answer');

    // Siti's application (submitted through the API; the demo gives her none).
    const token = await apiToken(j.baseUrl, SITI.login, SITI.password);
    const pbb = await service(j.baseUrl, 'pbb-p2');
    const option = pbb.form.find((f) => f.name === 'request_type').options[0].value;
    const res = await fetch(`${j.baseUrl}/api/v1/applications`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        service_id: 'pbb-p2',
        submit: true,
        fields: { nop: '32.73.010.001.000-0007.0', tax_year: 2026, request_type: option },
      }),
      signal: AbortSignal.timeout(15_000),
    });
    const app = await res.json();
    assert.equal(res.status, 201, `POST /api/v1/applications: ${res.status} ${JSON.stringify(app)}`);
    const siti = await j.newPage({ ...PHONE, javaScriptEnabled: false });
    assert.equal(await signInWithForm(siti, SITI.login, SITI.password), '/akun');
    await siti.goto('/asisten');
    const status = await askPlain(siti, app.code);
    assert.equal(await messageText(status), `Permohonan ${app.code}: Diajukan.`);
    assert.equal(await status.locator(`a[href="/permohonan/${app.code}"]`).count(), 1, 'a link to the application');

    // Nobody else learns it: Budi is told it is not found, a guest is asked to sign in.
    const other = await askLive(budi, `status permohonan ${app.code} gimana?`);
    assert.match(await messageText(other.message), new RegExp(`tidak menemukan ${app.code}`));
    assert.doesNotMatch(await messageText(other.message), /Diajukan/);
    const guest = await j.newPage(PHONE);
    await guest.goto('/asisten');
    const signIn = await askLive(guest, app.code);
    assert.match(await messageText(signIn.message), /hanya dapat dilihat pemohonnya/);
    assert.doesNotMatch(await messageText(signIn.message), /Diajukan/);
  }));

  await t.test(
    'a short status question is answered in Indonesian',
    journey(env, 'assistant status language', async (j) => {
      const res = await fetch(`${j.baseUrl}/api/v1/assistant/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ text: 'cek status LP-2026-000001' }),
        signal: AbortSignal.timeout(15_000),
      });
      const body = await res.json();
      assert.equal(body.lang, 'id', `answered in ${body.lang}: ${body.reply}`);
    }),
  );

  await t.test('a question naming another service is answered about that one', journey(env, 'assistant another service', async (j) => {
    const page = await j.newPage(PHONE);
    await page.goto('/asisten');
    await askLive(page, 'syarat bikin ktp apa aja?');
    const next = await askLive(page, 'cara bikin paspor');
    assert.notEqual(next.body.service_id, KTP, `"cara bikin paspor" answered about ${next.body.service_id}: ${next.body.reply}`);
    assert.doesNotMatch(await messageText(next.message), /KTP-el/, 'not the earlier service');
  }));

  await t.test(
    'follow-ups without the service name are about the service just asked',
    journey(env, 'assistant follow-ups', async (j) => {
      const problems = [];
      for (const [question, aspect] of [
        ['berapa lama prosesnya?', 'time'],
        ['di mana ngurusnya?', 'place'],
        ['caranya gimana?', 'procedure'],
      ]) {
        const first = await fetch(`${j.baseUrl}/api/v1/assistant/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ text: 'syarat bikin ktp apa aja?' }),
          signal: AbortSignal.timeout(15_000),
        }).then((r) => r.json());
        const next = await fetch(`${j.baseUrl}/api/v1/assistant/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ text: question, conversation_id: first.conversation_id }),
          signal: AbortSignal.timeout(15_000),
        }).then((r) => r.json());
        if (next.service_id !== KTP || next.aspect !== aspect) {
          problems.push(`"${question}": ${next.intent} ${next.service_id ?? '-'} ${next.aspect ?? '-'} (${next.reply?.split('\n')[0]})`);
        }
      }
      assert.deepEqual(problems, [], `follow-ups after a KTP-el question:\n${problems.join('\n')}`);
    }),
  );
});
