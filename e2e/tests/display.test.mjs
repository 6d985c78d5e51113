// Display settings on a phone without JavaScript: a visitor opens "Pengaturan tampilan" from the
// footer, turns on large text and high contrast, sees them on every page (a guide too, in the
// 390 px screenshot), signs in and still has them; saved again while signed in, they follow her
// to another device where she signs in. Low-data mode leaves the pictures of a guide out until
// she asks for them on that page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';

import {
  PHONE,
  ARTIFACTS_DIR,
  DEMO,
  sharedEnv,
  journey,
  checkA11y,
  clickAndWait,
  signInWithForm,
} from '../lib/harness.mjs';

const env = sharedEnv({ before, after });

const htmlClass = async (page) => (await page.locator('html').getAttribute('class')) ?? '';

/** No sideways scrolling on the phone: the page is no wider than the screen. */
async function fitsThePhone(page, what) {
  const box = await page.locator('body').boundingBox();
  assert.ok(box && box.width <= PHONE.viewport.width + 1, `${what}: body ${box?.width}px wide on a 390 px phone`);
}

test(
  'display settings: large text and high contrast across pages and after signing in, low data, without JavaScript',
  { timeout: 180_000 },
  journey(env, 'display journey', async (j) => {
    const phone = { ...PHONE, locale: 'id-ID', javaScriptEnabled: false };
    const page = await j.newPage(phone);
    await page.goto('/');
    assert.equal(await htmlClass(page), 'govuk-template', 'the default display');

    await clickAndWait(page, page.locator('footer a[href="/tampilan"]'), /\/tampilan$/);
    await page.getByLabel('Huruf besar').check();
    await page.getByLabel('Kontras tinggi').check();
    await clickAndWait(page, page.locator('main form button[type=submit]'), /disimpan=1/);
    assert.match(await htmlClass(page), /sp-large-text sp-high-contrast/);
    await checkA11y(page, 'display settings, saved');

    for (const [link, url] of [
      ['footer a[href="/panduan"]', /\/panduan$/],
      ['main a[href="/panduan/cara-mengurus-akta-kelahiran"]', /akta-kelahiran$/],
    ]) {
      await clickAndWait(page, page.locator(link).first(), url);
      assert.match(await htmlClass(page), /sp-large-text sp-high-contrast/, `applied on ${page.url()}`);
      await fitsThePhone(page, page.url());
    }
    const body = await page.locator('body').evaluate((b) => getComputedStyle(b).backgroundColor).catch(() => null);
    if (body) assert.equal(body, 'rgb(0, 0, 0)', 'high contrast: black background');
    await checkA11y(page, 'a guide in high contrast with large text');
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'display-guide-high-contrast-390.png'), fullPage: true });

    await page.goto('/layanan/akta-kelahiran');
    assert.match(await htmlClass(page), /sp-high-contrast/);
    await fitsThePhone(page, 'the service page');
    assert.ok(await page.locator('main a[href="/panduan/cara-mengurus-akta-kelahiran"]').count(), 'the service links its guide');

    // Signing in keeps the settings; saved while signed in, they are kept with the account.
    assert.equal(await signInWithForm(page, DEMO.budi.login, DEMO.budi.password), '/akun');
    assert.match(await htmlClass(page), /sp-large-text sp-high-contrast/, 'still applied after signing in');
    await page.goto('/tampilan');
    assert.ok((await page.locator('main').textContent()).includes('setiap perangkat'));
    await clickAndWait(page, page.locator('main form button[type=submit]'), /disimpan=1/);

    const other = await j.newPage(phone);
    await other.goto('/');
    assert.equal(await htmlClass(other), 'govuk-template', 'another device, signed out');
    assert.equal(await signInWithForm(other, DEMO.budi.login, DEMO.budi.password), '/akun');
    assert.match(await htmlClass(other), /sp-large-text sp-high-contrast/, 'applied on the other device after signing in');

    // Low data: no pictures until asked for on the page.
    await other.goto('/tampilan');
    await other.getByLabel('Hemat data').check();
    await clickAndWait(other, other.locator('main form button[type=submit]'), /disimpan=1/);
    await other.goto('/panduan/cara-melapor-jalan-rusak');
    assert.equal(await other.locator('img, svg.sp-guide-icon').count(), 0, 'no pictures in low-data mode');
    await clickAndWait(other, other.getByRole('link', { name: 'Tampilkan gambar di halaman ini' }), /gambar=1/);
    assert.ok((await other.locator('svg.sp-guide-icon').count()) >= 4, 'the pictures, asked for');
    await checkA11y(other, 'a guide in low-data mode with its pictures');

    // A plain guide page on the default display, for the 390 px screenshot.
    const plain = await j.newPage(phone);
    await plain.goto('/panduan/cara-membuat-ktp-el');
    await fitsThePhone(plain, 'a guide');
    await plain.screenshot({ path: path.join(ARTIFACTS_DIR, 'display-guide-390.png'), fullPage: true });
  }),
);
