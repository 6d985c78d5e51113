// Citizen journeys on a phone-sized screen: find a service in their own words,
// read its standard in both languages, register, sign in.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import {
  PHONE,
  sharedEnv,
  journey,
  checkA11y,
  clickAndWait,
  textOf,
} from '../lib/harness.mjs';

const env = sharedEnv({ before, after });

async function assertLang(page, lang) {
  assert.equal(await page.locator('html').getAttribute('lang'), lang, `html lang on ${page.url()}`);
}

async function searchFromHome(page, query, { a11y }) {
  await page.goto('/');
  await assertLang(page, 'id');
  if (a11y) await checkA11y(page, 'home');
  const box = page.locator('#q');
  await box.click();
  await box.pressSequentially(query);
  await clickAndWait(page, page.locator('.sp-search button[type=submit]'), /\/cari\?/);
  const url = new URL(page.url());
  assert.equal(url.pathname, '/cari');
  assert.equal(url.searchParams.get('q'), query);
  assert.equal(await page.locator('#q').inputValue(), query, 'search box keeps the query');
  const results = page.locator('.sp-result');
  assert.ok((await results.count()) > 0, 'search has results');
  const first = page.locator('.sp-result__link').first();
  assert.equal((await first.textContent()).trim(), 'Akta Kelahiran', 'best result for "akte lahir"');
  assert.equal(await first.getAttribute('href'), '/layanan/akta-kelahiran');
  if (a11y) await checkA11y(page, 'search results');
  await clickAndWait(page, first, /\/layanan\/akta-kelahiran$/);
  assert.equal(await textOf(page, 'h1'), 'Akta Kelahiran');
  await assertLang(page, 'id');
}

async function register(page, { nik, name, email, password }) {
  await page.locator('#nik').fill(nik);
  await page.locator('#full_name').fill(name);
  await page.locator('#email').fill(email);
  await page.locator('#password').fill(password);
  await clickAndWait(page, page.locator('main form button[type=submit]'), /\/(daftar|masuk)/);
}

async function signIn(page, login, password) {
  await page.locator('#login').fill(login);
  await page.locator('#password').fill(password);
  await clickAndWait(page, page.locator('main form button[type=submit]'), /\/(akun|masuk)/);
}

test(
  'citizen journey: search, read in both languages, register, sign in',
  { timeout: 180_000 },
  journey(env, 'citizen journey', async (j) => {
    const page = await j.newPage(PHONE);

    // Home → search → first result → service page.
    await searchFromHome(page, 'akte lahir', { a11y: true });
    await checkA11y(page, 'service page (id)');

    // Switch to English with the header link; the choice is remembered.
    const sw = page.locator('header .sp-lang-switch__link');
    assert.equal(await sw.getAttribute('hreflang'), 'en');
    await clickAndWait(page, sw, /\/layanan\/akta-kelahiran/);
    assert.equal(await textOf(page, 'h1'), 'Birth Certificate');
    await assertLang(page, 'en');
    await checkA11y(page, 'service page (en)');
    await page.goto('/layanan/akta-kelahiran');
    assert.equal(await textOf(page, 'h1'), 'Birth Certificate', 'English is remembered without ?lang');

    // And back to Indonesian.
    assert.equal(await sw.getAttribute('hreflang'), 'id');
    await clickAndWait(page, sw, /\/layanan\/akta-kelahiran/);
    assert.equal(await textOf(page, 'h1'), 'Akta Kelahiran');
    await assertLang(page, 'id');

    // Register: first with an invalid NIK.
    await clickAndWait(page, page.locator('a[href="/daftar"]').first(), /\/daftar$/);
    await assertLang(page, 'id');
    await checkA11y(page, 'register form');
    await register(page, {
      nik: '1234',
      name: 'Ani Lestari',
      email: 'ani@warga.example.id',
      password: 'ani-rahasia-2026',
    });
    assert.equal(new URL(page.url()).pathname, '/daftar', 'invalid NIK stays on the form');
    const summary = page.locator('.govuk-error-summary');
    assert.ok(await summary.isVisible(), 'error summary is shown');
    assert.ok(
      (await summary.locator('a[href="#nik"]').count()) === 1,
      'error summary links to the NIK field',
    );
    assert.ok(await page.locator('#nik-error').isVisible(), 'NIK has its own error message');
    assert.match(
      (await page.locator('#nik').getAttribute('aria-describedby')) ?? '',
      /\bnik-error\b/,
      'NIK input is described by its error message',
    );
    assert.equal(await page.locator('#full_name').inputValue(), 'Ani Lestari', 'typed name is kept');
    assert.equal(await page.locator('#nik').inputValue(), '1234', 'typed NIK is kept');
    assert.equal(await page.locator('#password').inputValue(), '', 'password is not echoed back');
    await checkA11y(page, 'register form with errors');

    // Then with a valid NIK.
    await register(page, {
      nik: '3201014506900002',
      name: 'Ani Lestari',
      email: 'ani@warga.example.id',
      password: 'ani-rahasia-2026',
    });
    const done = new URL(page.url());
    assert.equal(done.pathname + done.search, '/masuk?terdaftar=1', 'registration redirects to sign-in');
    const banner = page.locator('.govuk-notification-banner--success');
    assert.ok(await banner.isVisible(), 'success banner is shown');
    assert.match(await textOf(page, '.govuk-notification-banner--success'), /Akun Anda sudah dibuat/);
    await checkA11y(page, 'sign-in page (after registration)');

    // Sign in with the NIK.
    await signIn(page, '3201014506900002', 'ani-rahasia-2026');
    assert.equal(new URL(page.url()).pathname, '/akun', 'sign-in lands on /akun');
    assert.ok(
      (await textOf(page, 'main')).includes('Selamat datang, Ani Lestari.'),
      `account page greets the citizen: ${await textOf(page, 'main p')}`,
    );
    await checkA11y(page, 'account page');
  }),
);

test(
  'citizen journey without JavaScript: search, read, register, sign in',
  { timeout: 180_000 },
  journey(env, 'citizen journey without javascript', async (j) => {
    const page = await j.newPage({ ...PHONE, javaScriptEnabled: false });

    await searchFromHome(page, 'akte lahir', { a11y: false });
    assert.ok(
      (await page.locator('#persyaratan li').count()) > 0,
      'the service standard lists its requirements',
    );

    await clickAndWait(page, page.locator('a[href="/daftar"]').first(), /\/daftar$/);
    await register(page, {
      nik: '3201014506900003',
      name: 'Budi Pratama',
      email: 'budi2@warga.example.id',
      password: 'budi-rahasia-2026',
    });
    const done = new URL(page.url());
    assert.equal(done.pathname + done.search, '/masuk?terdaftar=1', 'registration redirects to sign-in');
    assert.ok(await page.locator('.govuk-notification-banner--success').isVisible(), 'success banner');

    await signIn(page, 'budi2@warga.example.id', 'budi-rahasia-2026');
    assert.equal(new URL(page.url()).pathname, '/akun', 'sign-in lands on /akun');
    assert.ok((await textOf(page, 'main')).includes('Selamat datang, Budi Pratama.'));
  }),
);
