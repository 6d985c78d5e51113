// Automatic verification through the data exchange (issue 12), without JavaScript: Budi applies
// for an SKTM, chooses "Periksa otomatis" for the RT/RW letter and gives consent instead of
// uploading it; once he submits, the demo instance asks Dukcapil (itself, over its signed
// exchange endpoint) whether his family is registered in Surabaya; his status page and the
// kelurahan officer's case page show "Terverifikasi" with the source agency and request number.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { sharedEnv, journey, checkA11y, clickAndWait, textOf, signInWithForm, DEMO } from '../lib/harness.mjs';

const env = sharedEnv({ before, after });
const SOURCE = 'Dinas Kependudukan dan Pencatatan Sipil Kota Surabaya (ID-GOV-DISDUKCAPIL-3578)';

/** Reload `path` until `#verifications` mentions `text` (the ask runs in the background). */
async function waitForVerification(page, path, text) {
  for (let i = 0; i < 40; i++) {
    await page.goto(path);
    if ((await page.locator('#verifications').count()) && (await textOf(page, '#verifications')).includes(text)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  assert.fail(`"${text}" never shown on ${path}: ${await textOf(page, 'main')}`);
}

test(
  'verify: the RT/RW letter checked with Dukcapil instead of an upload, seen by citizen and officer',
  { timeout: 180_000 },
  journey(env, 'verify journey', async (j) => {
    const page = await j.newPage({ locale: 'id-ID', javaScriptEnabled: false });
    assert.equal(await signInWithForm(page, DEMO.budi.login, DEMO.budi.password), '/akun');

    await page.goto('/layanan/sktm/ajukan');
    const auto = page.locator('#rt_rw_letter-auto');
    assert.ok(
      (await textOf(auto, 'legend')).includes('Diperiksa otomatis dengan Dinas Kependudukan dan Pencatatan Sipil Kota Surabaya — tidak perlu unggah'),
      'the offer names the provider',
    );
    await checkA11y(page, 'SKTM form with automatic verification');
    // NIK, name, KK and address come from the account; the rest is typed.
    await page.locator('#purpose-1').check();
    await page.locator('#purpose_detail').fill('Keringanan biaya sekolah anak');
    await page.locator('#_verify_rt_rw_letter-auto').check();
    await page.locator('#_consent_rt_rw_letter').check();
    const draft = await clickAndWait(page, page.locator('main form button[type=submit]'), /\/permohonan\/SP-/);
    const path = new URL(page.url()).pathname;
    assert.match(path, /^\/permohonan\/SP-\d{4}-\d+$/, `a draft (got ${draft})`);
    assert.ok((await textOf(page, '#verifications')).includes('Diperiksa setelah permohonan diajukan'));
    await clickAndWait(page, page.getByRole('button', { name: 'Kirim permohonan', exact: true }), path);

    await waitForVerification(page, path, 'Terverifikasi');
    const mine = await textOf(page, '#verifications');
    assert.ok(mine.includes(`Sumber: ${SOURCE}`) && /Nomor permintaan: [0-9a-f-]{36}/.test(mine), mine);
    await checkA11y(page, 'status page with the verification');
    // The query is on "who accessed my data".
    await page.goto('/akun/akses-data');
    assert.ok((await textOf(page, '#access-log')).includes('kelurahan-sktm-domisili'));

    // The kelurahan officer sees the answer and its source, and may ask again.
    const officer = await j.newPage({ locale: 'id-ID', javaScriptEnabled: false });
    assert.equal(await signInWithForm(officer, 'petugas@kelurahan.example.id', 'petugas-demo-2026'), '/akun');
    const code = path.split('/').pop();
    await officer.goto(`/petugas/permohonan/${code}`);
    const seen = await textOf(officer, '#verifications');
    assert.ok(seen.includes('Terverifikasi') && seen.includes(`Sumber: ${SOURCE}`), seen);
    await checkA11y(officer, 'case page with the verification');
    await clickAndWait(officer, officer.getByRole('button', { name: /Periksa ulang/ }), /verifikasi|permohonan/);
    assert.ok((await textOf(officer, '#verifications')).includes('Terverifikasi'), 'asked again: still verified');
  }),
);
