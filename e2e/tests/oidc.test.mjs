// National sign-in (issue 12) in the browser, against a real OpenID Connect provider
// (panva's oidc-provider, crates/satupintu/tests/oidc/provider.mjs; the one scripts/test
// started, or one started here) that the demo server is configured with through
// SATUPINTU_OIDC_* environment variables.
//
// - A citizen clicks "Masuk dengan Identitas Digital Nasional", signs in at the provider and
//   lands signed in as the demo citizen whose NIK the provider verified (linked, no new
//   account), and the account page names the linked identity.
// - Staff: the agency admin records an officer's NIK on "Kelola petugas"; the officer then
//   signs in nationally and lands in their officer account (the officer's pages, not the
//   admin's). axe on every SatuPintu page of it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import {
  sharedEnv,
  journey,
  checkA11y,
  clickAndWait,
  textOf,
  signInWithForm,
  passTotp,
  signInAtProvider,
  DEMO_ADMIN,
  PHONE,
  DESKTOP,
} from '../lib/harness.mjs';

const env = sharedEnv({ before, after, oidc: true });

/** The provider's staff member `petugas` (see provider.mjs) has this verified NIK. */
const NIK_PETUGAS = '3578015503800004';

/** From /masuk: the national sign-in button, the provider's pages as `account`, back at SatuPintu. */
async function nationalSignIn(j, page, account) {
  await page.goto('/masuk');
  const button = page.getByRole('button', { name: /Masuk dengan Identitas Digital Nasional/i });
  await button.click();
  await signInAtProvider(page, j.oidc.issuer, account, j.baseUrl);
  return new URL(page.url()).pathname;
}

test(
  'national sign-in: a citizen linked by verified NIK',
  { timeout: 180_000 },
  journey(env, 'oidc citizen journey', async (j) => {
    const page = await j.newPage(PHONE);
    await page.goto('/masuk');
    await checkA11y(page, 'sign-in page with national sign-in');
    assert.equal(await nationalSignIn(j, page, 'siti'), '/akun');
    // The demo citizen Siti Rahayu has the NIK the provider verified: her account, not a new one.
    const main = await textOf(page, 'main');
    assert.ok(main.includes('Siti Rahayu'), `signed in as the demo citizen: ${main}`);
    assert.ok(main.includes('3273**********01'), 'her NIK, masked');
    assert.ok(main.includes('Identitas digital tertaut'), 'the linked identity is shown');
    assert.ok(main.includes('Identitas Digital Nasional'));
    await checkA11y(page, 'account after national sign-in');
    // Her account has a password, so she may unlink.
    await clickAndWait(page, page.getByRole('button', { name: /Putuskan tautan/ }), /identitas=diputus/);
    assert.ok(!(await textOf(page, 'main')).includes('Identitas digital tertaut'));
  }),
);

test(
  'national sign-in: staff linked by the NIK their admin records',
  { timeout: 180_000 },
  journey(env, 'oidc staff journey', async (j) => {
    // The agency admin (TOTP) records the officer's NIK on "Kelola petugas".
    const admin = await j.newPage(DESKTOP);
    assert.equal(await signInWithForm(admin, DEMO_ADMIN.email, DEMO_ADMIN.password), '/masuk/2fa');
    assert.equal(await passTotp(admin, await j.server.totpSecretFor(DEMO_ADMIN.email)), '/akun');
    await clickAndWait(admin, admin.locator('main a[href="/kelola/petugas"]'), /\/kelola\/petugas$/);
    assert.equal(await textOf(admin, 'h1'), 'Kelola petugas');
    await checkA11y(admin, 'staff management');
    await admin.locator('#staff').selectOption({ label: 'Rina Petugas (petugas@disdukcapil.example.id)' });
    await admin.locator('#nik').fill('12345');
    await clickAndWait(admin, admin.getByRole('button', { name: 'Simpan NIK' }), /\/kelola\/petugas\/nik$/);
    assert.ok((await textOf(admin, '.govuk-error-summary')).includes('NIK harus 16 angka'), 'a localized error');
    await checkA11y(admin, 'staff management with an error');
    await admin.locator('#staff').selectOption({ label: 'Rina Petugas (petugas@disdukcapil.example.id)' });
    await admin.locator('#nik').fill(NIK_PETUGAS);
    await clickAndWait(admin, admin.getByRole('button', { name: 'Simpan NIK' }), /nik=disimpan/);
    assert.ok((await textOf(admin, 'main')).includes('NIK petugas sudah disimpan'));
    assert.ok((await textOf(admin, 'main table')).includes('3578**********04'), 'masked in the list');

    // The officer signs in nationally in another browser: their officer account.
    const officer = await j.newPage(DESKTOP);
    assert.equal(await nationalSignIn(j, officer, 'petugas'), '/akun');
    const main = await textOf(officer, 'main');
    assert.ok(main.includes('Rina Petugas') && main.includes('Petugas'), main);
    await officer.goto('/petugas/laporan');
    assert.equal(new URL(officer.url()).pathname, '/petugas/laporan');
    const refused = await officer.goto('/kelola/petugas');
    assert.equal(refused.status(), 403, 'an officer does not manage staff');
  }),
);
