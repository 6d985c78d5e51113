// Consent to data sharing between agencies, without JavaScript: the demo citizen opens
// "Persetujuan berbagi data" from her account, sees each registered purpose (who may ask, what,
// for which service, why), withdraws the consent she gave and gives it again (each change in
// the history), and sees the agencies' queries about her on "Siapa yang mengakses data saya".
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { sharedEnv, journey, checkA11y, clickAndWait, textOf, signInWithForm } from '../lib/harness.mjs';

const env = sharedEnv({ before, after });

test(
  'consent: purposes listed, withdraw and grant, the access log, without JavaScript',
  { timeout: 180_000 },
  journey(env, 'consent journey', async (j) => {
    const page = await j.newPage({ locale: 'id-ID', javaScriptEnabled: false });
    assert.equal(await signInWithForm(page, 'siti@warga.example.id', 'warga-demo-2026'), '/akun');

    await clickAndWait(page, page.locator('main a[href="/akun/persetujuan"]'), /persetujuan$/);
    const bpjs = page.locator('#purpose-bpjs-pendaftaran-jkn');
    const dinsos = page.locator('#purpose-dinsos-verifikasi-bansos');
    assert.ok((await textOf(bpjs, '.govuk-summary-card__title')).includes('BPJS Kesehatan'));
    assert.ok((await textOf(bpjs, 'dl')).includes('Diberikan'), 'demo consent given');
    assert.ok((await textOf(dinsos, 'dl')).includes('Tidak diberikan'));
    await checkA11y(page, 'consent page');

    await clickAndWait(page, bpjs.getByRole('button', { name: /Tarik persetujuan/ }), /ok=saved/);
    assert.ok((await textOf(bpjs, 'dl')).includes('Tidak diberikan'), 'withdrawn');
    assert.ok((await textOf(page, 'main')).includes('Persetujuan ditarik untuk bpjs-pendaftaran-jkn'));
    await clickAndWait(page, bpjs.getByRole('button', { name: /Berikan persetujuan/ }), /ok=saved/);
    assert.ok((await textOf(bpjs, 'dl')).includes('Diberikan'), 'given again');

    await clickAndWait(page, page.locator('main a[href="/akun/akses-data"]'), /akses-data$/);
    const table = await textOf(page, '#access-log');
    assert.ok(table.includes('BPJS Kesehatan (ID-GOV-BPJSKES)'), 'who asked');
    assert.ok(table.includes('Dasar hukum: Permensos 3/2021 pasal 5'), 'the legal basis');
    assert.ok(table.includes('Ditolak (exchange_purpose_not_allowed)'), 'refusals too');
    await checkA11y(page, 'access log');
  }),
);
