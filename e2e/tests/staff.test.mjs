// Agency admin journey: password + TOTP, edit a service standard, see the new
// version on the public page and the change note in its history.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import {
  sharedEnv,
  journey,
  checkA11y,
  clickAndWait,
  textOf,
  freshTotp,
} from '../lib/harness.mjs';

const env = sharedEnv({ before, after });

const ADMIN_EMAIL = 'admin@disdukcapil.example.id';
const ADMIN_PASSWORD = 'admin-demo-2026';
const NOTE = 'Penyesuaian tarif menurut Perda Nomor 7 Tahun 2026 (uji e2e)';

test(
  'agency admin: sign in with TOTP, edit the fee, see version 2 and its history',
  { timeout: 180_000 },
  journey(env, 'staff journey', async (j) => {
    const secret = await j.server.totpSecretFor(ADMIN_EMAIL);
    const page = await j.newPage({ locale: 'id-ID' });

    // Password step.
    await page.goto('/masuk');
    await checkA11y(page, 'sign-in');
    await page.locator('#login').fill(ADMIN_EMAIL);
    await page.locator('#password').fill(ADMIN_PASSWORD);
    await clickAndWait(page, page.locator('main form button[type=submit]'), /\/masuk\/2fa/);
    assert.equal(new URL(page.url()).pathname, '/masuk/2fa', 'agency_admin must pass TOTP');

    // TOTP step.
    assert.ok(await page.locator('#code').isVisible(), 'TOTP code field');
    await checkA11y(page, '2FA');
    await page.locator('#code').fill(await freshTotp(secret));
    await clickAndWait(page, page.locator('main form button[type=submit]'), (u) => !u.pathname.startsWith('/masuk'));

    // Kelola layanan from the main navigation.
    const manage = page.locator('nav a[href="/kelola/layanan"]');
    assert.equal((await manage.textContent()).trim(), 'Kelola layanan');
    await clickAndWait(page, manage, /\/kelola\/layanan$/);
    assert.equal(await textOf(page, 'h1'), 'Kelola layanan');
    await checkA11y(page, 'manage list');

    // Edit akta-kelahiran.
    const edit = page.locator('main a[href="/kelola/layanan/akta-kelahiran"]');
    assert.equal(await edit.count(), 1, 'akta-kelahiran is editable');
    await clickAndWait(page, edit, /\/kelola\/layanan\/akta-kelahiran$/);
    await checkA11y(page, 'edit form');
    await page.locator('#fee_amount').fill('15000');
    await page.locator('#note').fill(NOTE);
    const save = page.getByRole('button', { name: 'Simpan sebagai versi baru' });
    await clickAndWait(page, save, /\/layanan\/akta-kelahiran$/);

    // The public page shows the new version.
    assert.equal(await textOf(page, 'h1'), 'Akta Kelahiran');
    const main = await textOf(page, 'main');
    assert.ok(main.includes('Rp 15.000'), 'public page shows the new fee "Rp 15.000"');
    assert.ok(/\bVersi 2\b/.test(main), 'public page shows "Versi 2"');

    // History with the change note.
    const history = page.getByRole('link', { name: 'Riwayat perubahan' });
    await clickAndWait(page, history, /\/layanan\/akta-kelahiran\/riwayat$/);
    const rows = page.locator('main table tbody tr');
    assert.ok((await rows.count()) >= 2, 'history lists both versions');
    const v2 = rows.filter({ hasText: 'Versi 2' });
    assert.equal(await v2.count(), 1, 'history has a row for version 2');
    assert.ok((await v2.textContent()).includes(NOTE), 'version 2 carries the change note');
    await checkA11y(page, 'history');
  }),
);
