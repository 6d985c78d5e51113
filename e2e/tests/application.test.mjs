// The application journey (issue 4): a citizen applies for a birth certificate on a phone,
// an officer on a desktop takes the case through to an issued document while the citizen's
// status page, left open, follows along live (server-sent events, no reload); the citizen
// downloads the PDF and anyone can check it on the verification page (the QR code's URL),
// while a tampered signature is not accepted. The same apply-and-check-status flow again
// with JavaScript disabled (quality gates: apply and check status work without JS).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import {
  PHONE,
  DESKTOP,
  sharedEnv,
  journey,
  checkA11y,
  clickAndWait,
  textOf,
  registerCitizen,
  signInWithForm,
} from '../lib/harness.mjs';

const env = sharedEnv({ before, after });

/** The demo citizen that `serve --demo` creates. */
const SITI = Object.freeze({
  nik: '3273014506900001',
  name: 'Siti Rahayu',
  password: 'warga-demo-2026',
});

/** The demo officer of Disdukcapil (no TOTP for officers). */
const OFFICER = Object.freeze({
  email: 'petugas@disdukcapil.example.id',
  password: 'petugas-demo-2026',
});

/** A second citizen, registered through the API, for the journey without JavaScript. */
const DEWI = Object.freeze({
  nik: '3201014506900005',
  full_name: 'Dewi Anggraini',
  email: 'dewi.anggraini@warga.example.id',
  password: 'dewi-rahasia-2026',
});

const SERVICE = '/layanan/akta-kelahiran';
const CODE_PATH = /^\/permohonan\/(SP-\d{4}-\d{6})$/;
const OFFICER_ACTIONS = [
  'Ambil untuk diverifikasi',
  'Berkas lengkap, lanjut proses',
  'Setujui',
  'Terbitkan dokumen',
];

// ---------------------------------------------------------------------------
// Helpers

/** A minimal valid one-page PDF (correct xref offsets), as a Buffer. */
function minimalPdf(text) {
  const content = `BT /F1 18 Tf 72 760 Td (${text}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets = [];
  objects.forEach((obj, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${obj}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) out += `${String(o).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

/** Writes the two supporting documents into a fresh temp directory; returns { dir, birthNotice, marriage }. */
async function supportingDocuments() {
  const dir = await mkdtemp(path.join(tmpdir(), 'satupintu-e2e-docs-'));
  const birthNotice = path.join(dir, 'surat-keterangan-lahir.pdf');
  const marriage = path.join(dir, 'buku-nikah.pdf');
  await writeFile(birthNotice, minimalPdf('Surat keterangan kelahiran'));
  await writeFile(marriage, minimalPdf('Kutipan akta perkawinan'));
  return { dir, birthNotice, marriage };
}

/**
 * Clicks `locator` (a form's submit button) and waits for the main frame to
 * commit its next document and finish loading. Unlike clickAndWait it does not
 * resolve at once when the URL does not change (POST → 303 → the same page).
 */
async function submitAndWait(page, locator) {
  await Promise.all([
    page.waitForEvent('framenavigated', { predicate: (f) => f === page.mainFrame(), timeout: 30_000 }),
    locator.click(),
  ]);
  await page.waitForLoadState('load');
  return new URL(page.url()).pathname;
}

/** The application status as the page shows it (`#app-status`). */
async function statusOf(page) {
  assert.equal(await page.locator('#app-status').count(), 1, `#app-status on ${page.url()}`);
  return textOf(page, '#app-status');
}

/**
 * The required fields of the application form that are still empty (required:
 * the label does not end in "(tidak wajib)").
 */
async function emptyRequiredFields(page) {
  return page.locator('main form .govuk-form-group').evaluateAll((groups) => {
    const out = [];
    for (const g of groups) {
      const labelEl = g.querySelector('legend, label.govuk-label--s, label.govuk-checkboxes__label, label');
      const label = (labelEl?.textContent ?? '').replace(/\s+/g, ' ').trim();
      if (/\(tidak wajib\)$/.test(label)) continue;
      const inputs = [...g.querySelectorAll('input:not([type=hidden]), textarea, select')];
      if (!inputs.length) continue;
      const first = inputs[0];
      const type = first.tagName === 'INPUT' ? first.type : first.tagName.toLowerCase();
      let filled;
      if (type === 'radio' || type === 'checkbox') filled = inputs.some((i) => i.checked);
      else if (type === 'file') filled = first.files.length > 0;
      else filled = first.value.trim() !== '';
      if (!filled) {
        out.push({ label, type, id: first.id, name: first.name, inputmode: first.getAttribute('inputmode') });
      }
    }
    return out;
  });
}

/**
 * Fills the birth certificate form: the named fields first, then any other
 * required field the form shows, generically by its input type.
 */
async function fillBirthForm(page, docs) {
  await page.locator('#child_name').fill('Bayu Pratama');
  await page.locator('#child_birth_place').fill('Bandung');
  await page.locator('#child_birth_date').fill('2026-11-01');
  const gender = page.locator('input[name=child_gender]');
  assert.ok((await gender.count()) >= 2, 'child_gender is rendered as radios');
  await gender.first().check();
  await page.locator('#kk_number').fill('3273010101260001');
  await page.locator('#birth_notice').setInputFiles(docs.birthNotice);
  await page.locator('#marriage_document').setInputFiles(docs.marriage);

  const unknown = [];
  for (const f of await emptyRequiredFields(page)) {
    const sel = f.id ? `[id="${f.id}"]` : `[name="${f.name}"]`;
    const el = page.locator(`main form ${sel}`).first();
    switch (f.type) {
      case 'text':
        if (f.inputmode === 'decimal') await el.fill('1');
        else if (f.inputmode === 'numeric') unknown.push(f); // NIK or KK: no generic value
        else await el.fill('Uji e2e');
        break;
      case 'textarea': await el.fill('Uji e2e'); break;
      case 'date': await el.fill('2026-11-01'); break;
      case 'email': await el.fill('uji@warga.example.id'); break;
      case 'tel': await el.fill('081234567890'); break;
      case 'radio': await page.locator(`main form input[name="${f.name}"]`).first().check(); break;
      case 'checkbox': await el.check(); break;
      case 'file': await el.setInputFiles(docs.birthNotice); break;
      case 'select': await el.selectOption({ index: 1 }); break;
      default: unknown.push(f);
    }
  }
  assert.deepEqual(unknown, [], 'required fields this journey does not know how to fill');
  assert.deepEqual(await emptyRequiredFields(page), [], 'every required field is filled');
}

/**
 * From the service page: "Ajukan daring" → the form (NIK prefilled) → filled →
 * "Simpan dan periksa" → the draft review page. Returns the application code.
 */
async function applyForBirthCertificate(page, { nik, docs, a11y }) {
  await page.goto(SERVICE);
  assert.equal(await textOf(page, 'h1'), 'Akta Kelahiran');
  const start = page.getByRole('button', { name: 'Ajukan daring', exact: true });
  assert.equal(await start.count(), 1, 'the service page has one "Ajukan daring" start button');
  assert.equal(await start.evaluate((el) => el.tagName.toLowerCase()), 'a', '"Ajukan daring" is a link styled as a button');
  assert.equal(await start.getAttribute('href'), `${SERVICE}/ajukan`);
  await clickAndWait(page, start, (u) => u.pathname === `${SERVICE}/ajukan`);

  // The form, with the reporter's NIK filled in from the account (once-only).
  assert.equal(await page.locator('main form').count(), 1, 'the application form');
  assert.equal(await page.locator('#reporter_nik').inputValue(), nik, '#reporter_nik is prefilled with the account NIK');
  assert.ok(await page.locator('#reporter_nik-prefill').isVisible(), 'the NIK says it came from the account');
  if (a11y) await checkA11y(page, 'application form');

  await fillBirthForm(page, docs);
  const save = page.getByRole('button', { name: 'Simpan dan periksa', exact: true });
  const landed = await submitAndWait(page, save);
  if (!CODE_PATH.test(landed)) {
    const errors = await page.locator('.govuk-error-summary').allTextContents();
    assert.fail(`"Simpan dan periksa" led to ${page.url()} instead of /permohonan/SP-YYYY-NNNNNN; ` +
      `errors: ${JSON.stringify(errors.map((e) => e.replace(/\s+/g, ' ').trim()))}`);
  }
  const code = landed.match(CODE_PATH)[1];

  // The draft review page shows the answers.
  assert.equal(await statusOf(page), 'Draf', 'a saved application is a draft');
  const answers = await textOf(page, 'main');
  for (const v of ['Bayu Pratama', 'Bandung', '3273010101260001', nik, 'Laki-laki']) {
    assert.ok(answers.includes(v), `the draft review shows "${v}": ${answers}`);
  }
  assert.ok(
    (await page.locator('main .govuk-summary-list a[href^="/berkas/"]').count()) >= 2,
    'the draft review links both uploaded documents',
  );
  if (a11y) await checkA11y(page, 'draft review');
  return code;
}

/** "Kirim permohonan" on the draft review page → status "Diajukan". */
async function submitDraft(page, code) {
  const send = page.getByRole('button', { name: 'Kirim permohonan', exact: true });
  assert.equal(await send.count(), 1, 'the draft review has a "Kirim permohonan" button');
  const landed = await submitAndWait(page, send);
  assert.equal(landed, `/permohonan/${code}`, `"Kirim permohonan" returns to the status page (got ${page.url()})`);
  assert.equal(await statusOf(page), 'Diajukan', 'the submitted application reads "Diajukan"');
}

// ---------------------------------------------------------------------------
// Journeys

test(
  'application: citizen applies on a phone, officer issues, live status, PDF and verification',
  { timeout: 240_000 },
  journey(env, 'application journey', async (j) => {
    const docs = await supportingDocuments();
    try {
      // 1. The demo citizen signs in on a phone.
      const citizen = await j.newPage(PHONE);
      assert.equal(await signInWithForm(citizen, SITI.nik, SITI.password), '/akun', 'citizen sign-in lands on /akun');

      // 2–3. Apply, review the draft, submit.
      const code = await applyForBirthCertificate(citizen, { nik: SITI.nik, docs, a11y: true });
      const caseUrl = `/permohonan/${code}`;
      // The fresh status page opens its live stream (app.js → EventSource).
      const streamOpen = citizen.waitForResponse(
        (r) => new URL(r.url()).pathname === `${caseUrl}/langsung`,
        { timeout: 15_000 },
      );
      await submitDraft(citizen, code);
      const stream = await streamOpen;
      assert.equal(stream.status(), 200, 'the live stream answers 200');
      assert.match(stream.headers()['content-type'] ?? '', /^text\/event-stream/, 'the live stream is text/event-stream');
      await checkA11y(citizen, 'submitted status page');

      // 4. Keep the citizen's page open; mark it to prove it is never reloaded.
      await citizen.evaluate(() => { window.__marker = 42; });
      let reloads = 0;
      citizen.on('framenavigated', (f) => { if (f === citizen.mainFrame()) reloads += 1; });

      // The officer, on a desktop, in a second browser context.
      const officer = await j.newPage(DESKTOP);
      const step = await signInWithForm(officer, OFFICER.email, OFFICER.password);
      assert.ok(!step.startsWith('/masuk'), `officer sign-in needs no TOTP (landed on ${step})`);
      await officer.goto('/petugas');
      assert.equal(new URL(officer.url()).pathname, '/petugas', 'the officer reaches the inbox');
      const row = officer.locator(`main a[href="/petugas/permohonan/${code}"]`);
      assert.equal(await row.count(), 1, `the inbox lists ${code}`);
      assert.equal((await row.textContent()).trim(), code);
      await checkA11y(officer, 'officer inbox');
      await clickAndWait(officer, row, (u) => u.pathname === `/petugas/permohonan/${code}`);
      assert.equal(await statusOf(officer), 'Diajukan', 'the case page shows the submitted application');
      await checkA11y(officer, 'case page');

      const seen = [];
      for (const label of OFFICER_ACTIONS) {
        const button = officer.getByRole('button', { name: label, exact: true });
        assert.equal(await button.count(), 1, `the case page offers "${label}" (status ${await statusOf(officer)})`);
        const landed = await submitAndWait(officer, button);
        assert.equal(landed, `/petugas/permohonan/${code}`,
          `"${label}" returns to the case page (got ${officer.url()}: ${await textOf(officer, 'main')})`);
        seen.push(`${label} → ${await statusOf(officer)}`);
      }
      assert.deepEqual(seen, [
        'Ambil untuk diverifikasi → Diverifikasi',
        'Berkas lengkap, lanjut proses → Diproses',
        'Setujui → Disetujui',
        'Terbitkan dokumen → Dokumen terbit',
      ]);

      // 5. The citizen's page follows along without a reload.
      try {
        await citizen.waitForFunction(
          () => (document.getElementById('app-status')?.textContent ?? '').trim() === 'Dokumen terbit',
          null,
          { timeout: 15_000, polling: 100 },
        );
      } catch (err) {
        assert.fail(`the open status page did not update to "Dokumen terbit" within 15 s ` +
          `(still "${await statusOf(citizen)}"): ${err.message}`);
      }
      assert.equal(await citizen.evaluate(() => window.__marker), 42, 'the status page was updated in place, not reloaded');
      assert.equal(reloads, 0, 'no navigation of the citizen page');
      assert.equal(new URL(citizen.url()).pathname, caseUrl);
      assert.equal(await textOf(citizen, '#live'), 'Status permohonan diperbarui.', 'the update is announced in the live region');

      // 6. The issued document, its PDF and its verification page.
      const docBox = citizen.locator('main [id^="doc-"]');
      assert.equal(await docBox.count(), 1, 'the status page lists the issued document');
      const pdfLink = docBox.getByRole('link', { name: 'Unduh PDF', exact: true });
      const verifyLink = docBox.getByRole('link', { name: 'Halaman verifikasi', exact: true });
      assert.equal(await pdfLink.count(), 1, 'an "Unduh PDF" link');
      assert.equal(await verifyLink.count(), 1, 'a "Halaman verifikasi" link');
      await checkA11y(citizen, 'status page with the document');

      const pdfHref = await pdfLink.getAttribute('href');
      const pdfRes = await citizen.context().request.get(new URL(pdfHref, j.baseUrl).href);
      assert.equal(pdfRes.status(), 200, `GET ${pdfHref}`);
      assert.match(pdfRes.headers()['content-type'] ?? '', /^application\/pdf\b/, 'the download is a PDF');
      const pdf = await pdfRes.body();
      assert.equal(pdf.subarray(0, 4).toString('latin1'), '%PDF', 'the body starts with %PDF');
      assert.ok(pdf.toString('latin1').includes(SITI.name), `the PDF names the holder "${SITI.name}"`);

      // 7. The verification page, signed out; and with a tampered signature.
      const verifyHref = new URL(await verifyLink.getAttribute('href'), j.baseUrl);
      assert.match(verifyHref.pathname, /^\/verifikasi\/[^/]+$/, `verification URL ${verifyHref}`);
      const sig = verifyHref.searchParams.get('s');
      assert.ok(sig && sig.length > 8, `the verification URL carries a signature: ${verifyHref}`);

      const stranger = await j.newPage(PHONE);
      await stranger.goto(verifyHref.pathname + verifyHref.search);
      assert.ok((await textOf(stranger, '#verdict')).includes('Dokumen asli'),
        `the verification page says "Dokumen asli": ${await textOf(stranger, '#verdict')}`);
      assert.ok((await textOf(stranger, 'main')).includes(SITI.name), 'the verification page names the holder');
      await checkA11y(stranger, 'verification page');

      // Change one character of the signature (the first: a last base64 character may only
      // carry padding bits).
      const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
      const swap = alphabet[(alphabet.indexOf(sig[0]) + 1) % alphabet.length];
      const forged = new URL(verifyHref);
      forged.searchParams.set('s', swap + sig.slice(1));
      assert.notEqual(forged.searchParams.get('s'), sig);
      await stranger.goto(forged.pathname + forged.search);
      const verdict = await textOf(stranger, '#verdict');
      assert.ok(!verdict.includes('Dokumen asli'), `a tampered signature must not read "Dokumen asli": ${verdict}`);
      assert.ok(verdict.includes('Dokumen tidak dapat dipastikan keasliannya'), `tampered signature verdict: ${verdict}`);
    } finally {
      await rm(docs.dir, { recursive: true, force: true });
    }
  }),
);

test(
  'application without JavaScript: register, sign in, apply, submit, check the status',
  { timeout: 180_000 },
  journey(env, 'application without javascript', async (j) => {
    const docs = await supportingDocuments();
    try {
      await registerCitizen(j.baseUrl, DEWI);
      const page = await j.newPage({ ...PHONE, javaScriptEnabled: false });
      // With scripts off, app.js never opens the live stream.
      const streams = [];
      page.on('request', (r) => { if (r.url().endsWith('/langsung')) streams.push(r.url()); });
      assert.equal(await signInWithForm(page, DEWI.nik, DEWI.password), '/akun', 'sign-in lands on /akun');

      const code = await applyForBirthCertificate(page, { nik: DEWI.nik, docs, a11y: false });
      await submitDraft(page, code);

      // Check the status again from the list of one's applications.
      await page.goto('/permohonan');
      const row = page.locator('main table tbody tr').filter({ hasText: code });
      assert.equal(await row.count(), 1, `"Permohonan saya" lists ${code}`);
      assert.ok((await row.textContent()).includes('Diajukan'), `${code} reads "Diajukan" in the list`);
      await clickAndWait(page, row.locator(`a[href="/permohonan/${code}"]`), (u) => u.pathname === `/permohonan/${code}`);
      assert.equal(await statusOf(page), 'Diajukan');
      assert.deepEqual(streams, [], 'no script ran: the live stream was never opened');
    } finally {
      await rm(docs.dir, { recursive: true, force: true });
    }
  }),
);
