// The transparency ledger's Verify page (/buku-besar) checked in the visitor's own browser: for
// every entry shown, ledger.js recomputes the leaf hash, walks the inclusion proof, and verifies
// the checkpoint's Ed25519 signature with the published key (WebCrypto), and says beside the
// server's verdict "Diperiksa di peramban Anda: cocok" (English: "Checked in your browser:
// matches"). A tampered answer (an entry, a proof hash, the checkpoint's signature) makes it say
// "tidak cocok". Without JavaScript the page still shows the server's verdict. axe in id and en.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';

import { PHONE, DESKTOP, sharedEnv, journey, checkA11y } from '../lib/harness.mjs';

const env = sharedEnv({ before, after });

/** A demo citizen of `serve --demo`, who applies through the API (no uploads: pbb-p2). */
const SITI = Object.freeze({ nik: '3273014506900001', password: 'warga-demo-2026' });

const TEXT = {
  id: { match: 'Diperiksa di peramban Anda: cocok', mismatch: 'Diperiksa di peramban Anda: tidak cocok', server: 'Terverifikasi' },
  en: { match: 'Checked in your browser: matches', mismatch: 'Checked in your browser: does not match', server: 'Verified' },
};

async function api(baseUrl, path, { token, body } = {}) {
  const res = await fetch(`${baseUrl}${path}`, {
    method: body ? 'POST' : 'GET',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body ? JSON.stringify(body) : undefined,
    signal: AbortSignal.timeout(15_000),
  });
  const text = await res.text();
  assert.ok(res.ok, `${path}: ${res.status} ${text}`);
  return JSON.parse(text);
}

/** Submits a pbb-p2 application as Siti and returns its tracking code. */
let submitted = null;
function application(baseUrl) {
  submitted ??= (async () => {
    const { token } = await api(baseUrl, '/api/v1/auth/login', { body: { login: SITI.nik, password: SITI.password } });
    const svc = await api(baseUrl, '/api/v1/services/pbb-p2');
    const option = svc.form.find((f) => f.name === 'request_type').options[0].value;
    const app = await api(baseUrl, '/api/v1/applications', {
      token,
      body: { service_id: 'pbb-p2', submit: true, fields: { nop: '32.73.010.001.000-0001.0', tax_year: 2026, request_type: option } },
    });
    return app.code;
  })();
  return submitted;
}

/** Opens `path` and waits until ledger.js has checked every entry; returns its outcome. */
async function checkedPage(page, path) {
  await page.goto(path);
  const list = page.locator('#ledger-entries[data-checked]');
  await list.waitFor({ state: 'attached', timeout: 20_000 });
  return list.getAttribute('data-checked');
}

async function resultTexts(page) {
  return page.locator('[data-ledger-result]').evaluateAll((els) => els.map((e) => (e.hidden ? null : e.textContent.trim())));
}

for (const lang of ['id', 'en']) {
  test(`ledger: the recent entries are checked in the browser and match [${lang}]`, { timeout: 90_000 }, journey(env, `ledger recent ${lang}`, async (j) => {
    const page = await j.newPage(PHONE);
    const outcome = await checkedPage(page, `/buku-besar?lang=${lang}`);
    const results = await resultTexts(page);
    assert.ok(results.length >= 10, `the demo ledger shows its recent entries (${results.length})`);
    assert.deepEqual(new Set(results), new Set([TEXT[lang].match]), `every entry matches: ${JSON.stringify(results)}`);
    assert.equal(outcome, 'all-ok');
    const summary = await page.locator('#ledger-browser-summary').textContent();
    assert.ok(summary.length > 20, `the status line says how the check ended: ${summary}`);
    assert.equal(await page.locator('.sp-ledger-ok').count(), results.length, "the server's verdict stays beside it");
    await checkA11y(page, `/buku-besar (${lang}, checked in the browser)`);
  }));
}

test('ledger: an application is found by its tracking code and checks out in the browser', { timeout: 90_000 }, journey(env, 'ledger by code', async (j) => {
  const code = await application(j.baseUrl);
  const page = await j.newPage(DESKTOP);
  let outcome = null;
  for (let i = 0; i < 50; i += 1) {
    outcome = await checkedPage(page, `/buku-besar?kode=${code}`);
    if ((await page.locator('[data-ledger-index]').count()) > 0) break;
    await sleep(200); // the sequencer appends within moments
  }
  assert.equal(outcome, 'all-ok');
  const card = page.locator('.govuk-summary-card', { hasText: 'application.submit' });
  await card.waitFor();
  assert.equal((await card.locator('[data-ledger-result]').textContent()).trim(), TEXT.id.match);
  await checkA11y(page, `/buku-besar?kode=${code}`);
}));

test('ledger: a tampered answer does not match in the browser', { timeout: 90_000 }, journey(env, 'ledger tampered', async (j) => {
  const page = await j.newPage(DESKTOP);
  // Change what the API answers: one entry's text, another's first proof hash, and the
  // checkpoint's signature for a third. The browser must notice each.
  const flip = (b64, at) => {
    const bytes = Buffer.from(b64, 'base64');
    bytes[at] ^= 0x01;
    return bytes.toString('base64');
  };
  let n = 0;
  await page.route('**/api/v1/ledger/entries/*', async (route) => {
    const res = await route.fetch();
    const body = await res.json();
    const which = n++;
    if (which === 0) body.entry = body.entry.replace('"type":"', '"type":"x');
    if (which === 1) body.inclusion_proof[0] = flip(body.inclusion_proof[0], 0);
    if (which === 2) {
      body.checkpoint = body.checkpoint.replace(/^(\u2014 \S+ )(\S+)$/m, (m, head, sig) => head + flip(sig, 10));
    }
    await route.fulfill({ response: res, json: body });
  });
  const outcome = await checkedPage(page, '/buku-besar');
  assert.equal(outcome, 'some-bad');
  const results = await resultTexts(page);
  assert.equal(results.filter((r) => r === TEXT.id.mismatch).length, 3, JSON.stringify(results));
  assert.equal(results.filter((r) => r === TEXT.id.match).length, results.length - 3);
  assert.equal(await page.locator('.sp-ledger-ok').count(), results.length, 'the page still shows what the server checked');
}));

test('ledger: without JavaScript the server\'s verdict is shown and nothing else', { timeout: 60_000 }, journey(env, 'ledger without js', async (j) => {
  const page = await j.newPage({ ...PHONE, javaScriptEnabled: false });
  await page.goto('/buku-besar');
  assert.ok((await page.locator('.sp-ledger-ok').count()) >= 10, 'entries marked "Terverifikasi" by the server');
  assert.equal(await page.locator('[data-ledger-result]:visible').count(), 0);
  assert.equal(await page.locator('#ledger-entries').getAttribute('data-checked'), null);
}));
