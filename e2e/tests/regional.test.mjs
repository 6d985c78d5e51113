// Issue 13, regional languages: a grandmother on a cheap phone, without JavaScript, switches the
// site to Basa Jawa from the footer, finds a service in her own words, asks the assistant in
// Javanese and is answered in Javanese, signs in, and finds Javanese again on another device
// (her choice follows her account); Basa Sunda is one link away. axe on every page, in `jv`/`su`.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { PHONE, DEMO, sharedEnv, journey, checkA11y, clickAndWait, textOf, signInWithForm } from '../lib/harness.mjs';

const env = sharedEnv({ before, after });

async function langOf(page) {
  return page.locator('html').getAttribute('lang');
}

/** Follows the footer's link to a language (a plain link: no JavaScript needed). */
async function chooseInFooter(page, name, code) {
  const link = page.locator(`footer a[hreflang="${code}"]`);
  assert.equal((await link.innerText()).trim(), name);
  await clickAndWait(page, link, new RegExp(`lang=${code}`));
  assert.equal(await langOf(page), code, `the page is in ${name}`);
  assert.equal(await page.locator(`footer [aria-current="true"][lang="${code}"]`).count(), 1, `${name} is marked current`);
}

test(
  'regional languages: Basa Jawa from the footer, search, the assistant, remembered after signing in',
  { timeout: 240_000 },
  journey(env, 'javanese journey', async (j) => {
    const page = await j.newPage({ ...PHONE, locale: 'id-ID', javaScriptEnabled: false });
    await page.goto('/');
    assert.equal(await langOf(page), 'id');
    await chooseInFooter(page, 'Basa Jawa', 'jv');
    assert.equal(await textOf(page, '.govuk-skip-link'), 'Langsung dhateng isi kaca');
    assert.ok((await textOf(page, '#navigation')).includes('Sedaya layanan'), 'the menu speaks Javanese');
    await checkA11y(page, 'home in Javanese');

    // Her own words, half Javanese: "akte lair" finds the birth certificate.
    await page.locator('#q').fill('ngurus akte lair');
    await clickAndWait(page, page.locator('.sp-search button[type=submit]'), /\/cari\?/);
    assert.equal(await langOf(page), 'jv', 'still Javanese without lang= in the address');
    const first = page.locator('.sp-result__link').first();
    assert.equal((await first.innerText()).trim(), 'Akta Kelahiran');
    await checkA11y(page, 'search results in Javanese');
    await clickAndWait(page, first, /\/layanan\/akta-kelahiran$/);
    assert.equal(await textOf(page, 'h1'), 'Akta Kelahiran', "the catalogue's own text stays Indonesian");
    await checkA11y(page, 'service page in Javanese');

    // The assistant, in Javanese, through its plain form.
    await page.goto('/asisten');
    assert.equal(await langOf(page), 'jv');
    assert.equal((await page.locator('#sp-chat-form button[type=submit]').innerText()).trim(), 'Kintun');
    await page.locator('#text').fill('Pinten dinten ngurus akta kelahiran, mas?');
    await clickAndWait(page, page.locator('#sp-chat-form button[type=submit]'), /\/asisten/);
    const answer = (await page.locator('#sp-chat-log .sp-chat__msg--assistant .sp-chat__text').last().innerText()).trim();
    assert.match(answer, /Dangunipun proses Akta Kelahiran/, `answered in Javanese: ${answer}`);
    await checkA11y(page, 'assistant in Javanese');

    // Signing in keeps Javanese and saves it to her account.
    await page.goto('/masuk');
    assert.equal(await langOf(page), 'jv');
    await checkA11y(page, 'sign-in in Javanese');
    assert.equal(await signInWithForm(page, DEMO.budi.login, DEMO.budi.password), '/akun');
    assert.equal(await langOf(page), 'jv');
    await checkA11y(page, 'account in Javanese');

    // Another device whose browser asks for Indonesian: after signing in, Javanese again.
    const tablet = await j.newPage({ locale: 'id-ID', javaScriptEnabled: false });
    await tablet.goto('/masuk');
    assert.equal(await langOf(tablet), 'id', 'signed out, the new device speaks Indonesian');
    assert.equal(await signInWithForm(tablet, DEMO.budi.login, DEMO.budi.password), '/akun');
    assert.equal(await langOf(tablet), 'jv', 'her choice follows her');

    // Basa Sunda is one link away, and becomes her choice in turn.
    await chooseInFooter(tablet, 'Basa Sunda', 'su');
    assert.equal(await textOf(tablet, '.govuk-skip-link'), 'Langsung ka eusi kaca');
    await checkA11y(tablet, 'account in Sundanese');
    await page.goto('/layanan');
    assert.equal(await langOf(page), 'su', 'the first device follows the new choice');
    assert.ok((await textOf(page, '#navigation')).includes('Sadaya layanan'));
  }),
);
