// Proactive notices journey, without JavaScript: a citizen signs in, gives consent to document
// reminders (off until then), records a driving licence that expires in 20 days and sees it
// listed with its renewal link, records a newborn child, and finds the birth certificate among
// the services suggested for her, with the reason she sees it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { sharedEnv, journey, checkA11y, clickAndWait, textOf, signInWithForm, registerCitizen } from '../lib/harness.mjs';

const env = sharedEnv({ before, after });

const CITIZEN = Object.freeze({
  nik: '3273015708920003',
  full_name: 'Rani Proaktif',
  email: 'rani.proaktif@warga.example.id',
  password: 'rani-rahasia-2026',
});

/** `YYYY-MM-DD`, `days` from today (in the agency's zone, WIB). */
function isoIn(days) {
  const d = new Date(Date.now() + 7 * 3600_000 + days * 86400_000);
  return d.toISOString().slice(0, 10);
}

test(
  'proactive notices: consent, a document expiring soon, a suggestion with its reason, without JavaScript',
  { timeout: 180_000 },
  journey(env, 'proactive journey', async (j) => {
    await registerCitizen(j.baseUrl, CITIZEN);
    const page = await j.newPage({ locale: 'id-ID', javaScriptEnabled: false });
    assert.equal(await signInWithForm(page, CITIZEN.email, CITIZEN.password), '/akun');

    // Consent: every kind off until ticked; the change is recorded.
    await clickAndWait(page, page.locator('main a[href="/akun/pemberitahuan-proaktif"]'), /pemberitahuan-proaktif$/);
    assert.equal(await page.locator('input[name=kind]:checked').count(), 0, 'off by default');
    await page.getByLabel('Dokumen yang hampir habis masa berlakunya').check();
    await clickAndWait(page, page.getByRole('button', { name: 'Simpan perubahan' }), /ok=saved/);
    assert.ok(await page.getByLabel('Dokumen yang hampir habis masa berlakunya').isChecked());
    assert.ok((await textOf(page, 'main')).includes('Disetujui: Dokumen yang hampir habis masa berlakunya'));

    // A driving licence expiring in 20 days.
    await clickAndWait(page, page.locator('main a[href="/akun/dokumen-saya"]'), /dokumen-saya$/);
    await page.locator('#kind').selectOption('sim-c');
    await page.locator('#label').fill('SIM motor');
    await page.locator('#number').fill('9876-5432-1098');
    await page.locator('#expires_on').fill(isoIn(20));
    await clickAndWait(page, page.getByRole('button', { name: 'Tambah dokumen' }), /ok=added/);
    const docs = await textOf(page, 'main');
    assert.ok(docs.includes('SIM motor') && docs.includes('••••1098'), 'listed, the number masked');
    assert.ok(/(19|20) hari lagi/.test(docs), 'days left');
    assert.equal(await page.locator('main a[href="/layanan/sim-perpanjangan"]').count(), 1, 'the renewal link');
    await checkA11y(page, 'my documents');

    // A newborn in the family: the birth certificate is suggested, with its reason.
    await page.goto('/akun/keluarga');
    await page.locator('#name').fill('Bayi Rani');
    await page.locator('#birth_date').fill(isoIn(-30));
    await clickAndWait(page, page.getByRole('button', { name: 'Tambah anggota keluarga' }), /ok=added/);
    await page.goto('/akun/layanan-untuk-anda');
    const item = page.locator('li.sp-pro-item', { has: page.locator('a[href="/layanan/akta-kelahiran"]') });
    assert.equal(await item.count(), 1, 'the birth certificate is suggested');
    await item.locator('summary').click();
    assert.ok((await textOf(item, '.govuk-details__text')).includes('di bawah 1 tahun'), 'the reason');
    assert.ok(await item.locator('.govuk-details__text').isVisible(), 'the reason opens without JavaScript');
    await checkA11y(page, 'services for you');
  }),
);
