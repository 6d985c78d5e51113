// Regulations journey: the Disdukcapil admin amends the agency's circular through the form
// (first forgetting to say what changed), and a signed-out citizen finds it from the
// open-government portal, reads version 2 and compares it with version 1, without JavaScript.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { sharedEnv, journey, checkA11y, clickAndWait, textOf, signInWithForm, passTotp } from '../lib/harness.mjs';

const env = sharedEnv({ before, after });

const ADMIN_EMAIL = 'admin@disdukcapil.example.id';
const ADMIN_PASSWORD = 'admin-demo-2026';
const ID = 'surat-edaran-2026-400-12-88-2026';
const NOTE = 'Menambah layanan pada hari Minggu pertama setiap bulan (uji e2e).';

test(
  'regulations: an admin publishes an amendment; a citizen reads and compares it without JavaScript',
  { timeout: 180_000 },
  journey(env, 'regulations journey', async (j) => {
    const secret = await j.server.totpSecretFor(ADMIN_EMAIL);
    const admin = await j.newPage({ locale: 'id-ID' });
    assert.equal(await signInWithForm(admin, ADMIN_EMAIL, ADMIN_PASSWORD), '/masuk/2fa');
    await passTotp(admin, secret);

    await admin.goto('/kelola/regulasi');
    await clickAndWait(admin, admin.locator(`main a[href="/kelola/regulasi/${ID}"]`), new RegExp(`/kelola/regulasi/${ID}$`));
    const body = admin.locator('#body');
    const text = await body.inputValue();
    assert.ok(text.includes('Layanan perekaman KTP-el'), 'the form starts from the current text');
    await body.fill(`${text}\n4. Layanan juga dibuka pada hari Minggu pertama setiap bulan.`);
    await admin.locator('#enacted_on').fill('2026-03-02');
    await admin.locator('#effective_on').fill('2026-03-08');
    const publish = admin.getByRole('button', { name: 'Terbitkan versi baru' });
    // Without saying what changed: the error summary names the field and the text is kept.
    await clickAndWait(admin, publish, new RegExp(`/kelola/regulasi/${ID}/versi$`));
    assert.ok((await textOf(admin, '.govuk-error-summary')).includes('Jelaskan perubahan versi ini'));
    assert.ok((await body.inputValue()).includes('hari Minggu pertama'), 'the edited text is kept');
    await checkA11y(admin, 'amendment with an error');
    await admin.locator('#note').fill(NOTE);
    await clickAndWait(admin, publish, new RegExp(`/regulasi/${ID}/versi/2$`));
    assert.ok((await textOf(admin, 'main')).includes(NOTE));

    // A citizen, signed out and without JavaScript, from the portal's front door.
    const citizen = await j.newPage({ locale: 'id-ID', javaScriptEnabled: false });
    await citizen.goto('/');
    await clickAndWait(citizen, citizen.locator('nav a[href="/keterbukaan"]').first(), /\/keterbukaan$/);
    await clickAndWait(citizen, citizen.locator('main a[href="/regulasi"]'), /\/regulasi$/);
    await citizen.locator('#q').fill('Sabtu');
    await clickAndWait(citizen, citizen.getByRole('button', { name: 'Terapkan' }), /\/regulasi\?/);
    await clickAndWait(citizen, citizen.locator(`main a[href="/regulasi/${ID}"]`), new RegExp(`/regulasi/${ID}$`));
    const main = await textOf(citizen, 'main');
    assert.ok(main.includes('hari Minggu pertama setiap bulan'), 'the current text is version 2');
    assert.ok(/Teks sesuai dengan entri #\d+ buku besar|Sedang dicatat di buku besar/.test(main), 'the ledger line');
    await clickAndWait(citizen, citizen.getByRole('link', { name: /Bandingkan dengan versi sebelumnya/ }), /perbandingan/);
    assert.equal(await citizen.locator('main ins').count(), 1, 'one added line');
    assert.ok((await textOf(citizen, 'main ins')).includes('hari Minggu pertama'));
    await checkA11y(citizen, 'comparison');
  }),
);
