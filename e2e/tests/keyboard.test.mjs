// Keyboard-only use: the skip link comes first, the search works with Tab and
// Enter, and the registration form is filled in order and sent with Enter.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import {
  sharedEnv,
  journey,
  assertFocus,
  focused,
  pressAndWait,
  textOf,
} from '../lib/harness.mjs';

const env = sharedEnv({ before, after });

const DESKTOP = { viewport: { width: 1280, height: 800 }, locale: 'id-ID' };

/** Presses Tab until `selector` has focus; returns the focus path. */
async function tabTo(page, selector, max = 25) {
  const path = [];
  for (let i = 0; i < max; i += 1) {
    await page.keyboard.press('Tab');
    const f = await focused(page);
    path.push(f ? `${f.tag}${f.id ? `#${f.id}` : ''}${f.href ? `[${f.href}]` : ''}` : '(none)');
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return path;
  }
  assert.fail(`${selector} not reached with ${max} presses of Tab; focus went: ${path.join(' → ')}`);
}

for (const [label, ctxOptions] of [
  ['desktop', DESKTOP],
  ['phone', { viewport: { width: 390, height: 844 }, locale: 'id-ID' }],
]) {
  test(
    `keyboard (${label}): skip link first, search with Tab and Enter`,
    { timeout: 120_000 },
    journey(env, `keyboard home ${label}`, async (j) => {
      const page = await j.newPage(ctxOptions);
      await page.goto('/');

      // The first Tab lands on the skip link, which becomes visible.
      await page.keyboard.press('Tab');
      await assertFocus(page, 'a.govuk-skip-link[href="#main"]', 'the skip link');

      // Following it moves focus into the main content; the next Tab is the search box.
      await page.keyboard.press('Enter');
      assert.equal(new URL(page.url()).hash, '#main');
      await page.keyboard.press('Tab');
      await assertFocus(page, '#q', 'the search box (after the skip link)');

      // Without the skip link the search box can also be reached from the top.
      await page.goto('/');
      const path = await tabTo(page, '#q');
      assert.match(path[0], /^a\[#main\]$/, `skip link first, got ${path.join(' → ')}`);
      await assertFocus(page, '#q', 'the search box');
      await page.keyboard.type('akte lahir');
      await pressAndWait(page, 'Enter', /\/cari\?/);
      assert.equal(new URL(page.url()).searchParams.get('q'), 'akte lahir');
      assert.equal(await textOf(page, '.sp-result__link'), 'Akta Kelahiran');

      // The search button itself is reachable and shows focus too.
      await page.goto('/');
      await tabTo(page, '#q');
      await page.keyboard.press('Tab');
      await assertFocus(page, '.sp-search button[type=submit]', 'the search button');
    }),
  );
}

test(
  'keyboard: registration fields in order, submitted with Enter',
  { timeout: 120_000 },
  journey(env, 'keyboard register', async (j) => {
    const page = await j.newPage(DESKTOP);
    await page.goto('/daftar');

    await page.keyboard.press('Tab');
    await assertFocus(page, 'a.govuk-skip-link', 'the skip link');

    await tabTo(page, '#nik');
    const fields = [
      ['#nik', '3201014506900002'],
      ['#full_name', 'Sari Wulandari'],
      ['#email', 'sari@warga.example.id'],
      ['#phone', ''],
      ['#password', 'sari-rahasia-2026'],
    ];
    for (const [i, [sel, value]] of fields.entries()) {
      if (i > 0) await page.keyboard.press('Tab');
      await assertFocus(page, sel, sel);
      if (value) await page.keyboard.type(value);
    }
    // After the last field comes the submit button.
    await page.keyboard.press('Tab');
    await assertFocus(page, 'main form button[type=submit]', 'the submit button');
    await page.keyboard.press('Shift+Tab');
    await assertFocus(page, '#password', 'the password field (Shift+Tab)');

    // Enter in a text field submits the form.
    await pressAndWait(page, 'Enter', /\/masuk\?terdaftar=1/);
    assert.ok(await page.locator('.govuk-notification-banner--success').isVisible(), 'success banner');

    // And the sign-in form works the same way.
    await tabTo(page, '#login');
    await page.keyboard.type('sari@warga.example.id');
    await page.keyboard.press('Tab');
    await assertFocus(page, '#password', 'the password field');
    await page.keyboard.type('sari-rahasia-2026');
    await pressAndWait(page, 'Enter', /\/akun/);
    assert.ok((await textOf(page, 'main')).includes('Selamat datang, Sari Wulandari.'));
  }),
);

test(
  'keyboard: a citizen applies for a service and submits it without a mouse',
  { timeout: 120_000 },
  journey(env, 'keyboard apply', async (j) => {
    const page = await j.newPage(DESKTOP);
    await page.goto('/masuk');
    await tabTo(page, '#login');
    await page.keyboard.type('siti@warga.example.id');
    await page.keyboard.press('Tab');
    await page.keyboard.type('warga-demo-2026');
    await pressAndWait(page, 'Enter', /\/akun/);

    // From the service page, the Apply button is reached with Tab and followed with Enter.
    await page.goto('/layanan/pbb-p2');
    await tabTo(page, 'a[href="/layanan/pbb-p2/ajukan"]', 60);
    await pressAndWait(page, 'Enter', /\/layanan\/pbb-p2\/ajukan$/);

    // The form's fields come in order; the radio group is chosen with the arrow keys.
    await tabTo(page, '#nop');
    await page.keyboard.type('32.73.010.001.002-0003.0');
    await page.keyboard.press('Tab');
    await assertFocus(page, '#tax_year', 'the tax year');
    await page.keyboard.type('2026');
    await page.keyboard.press('Tab');
    await assertFocus(page, 'input[name=request_type]', 'the first choice of the request type');
    await page.keyboard.press('Space');
    await page.keyboard.press('ArrowDown');
    const chosen = await page.evaluate(() => document.querySelector('input[name=request_type]:checked')?.value);
    assert.ok(chosen, 'a request type is chosen with the keyboard');
    // The profile fields are already filled (once-only); Tab passes them to the button.
    await tabTo(page, 'main form button[type=submit]', 10);
    assert.equal(await page.inputValue('#nik'), '3273014506900001', 'the NIK comes from the profile');
    await pressAndWait(page, 'Enter', /\/permohonan\/SP-\d{4}-\d{6}$/);
    assert.ok((await textOf(page, 'main')).includes('Draf'), 'saved as a draft');

    // On the status page, Submit is a button reached with Tab.
    await tabTo(page, 'main button[value=submit]', 60);
    // The form posts and comes back to the same address: wait for the new page itself.
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    assert.ok((await textOf(page, 'main')).includes('Diajukan'), 'submitted');
  }),
);

test(
  'keyboard: a citizen reports a problem without a mouse, moving the map pin with the arrow keys',
  { timeout: 120_000 },
  journey(env, 'keyboard report', async (j) => {
    const page = await j.newPage(DESKTOP);
    await page.goto('/masuk');
    await tabTo(page, '#login');
    await page.keyboard.type('budi@warga.example.id');
    await page.keyboard.press('Tab');
    await page.keyboard.type('warga-demo-2026');
    await pressAndWait(page, 'Enter', /\/akun/);

    // From the navigation to the reports, then to the reporting form.
    await tabTo(page, 'a.govuk-service-navigation__link[href="/laporan"]', 30);
    await assertFocus(page, 'a.govuk-service-navigation__link[href="/laporan"]', 'the Reports link in the navigation');
    await pressAndWait(page, 'Enter', /\/laporan$/);
    await tabTo(page, 'main a[href="/laporan/baru"]', 30);
    await assertFocus(page, 'main a[href="/laporan/baru"]', 'the Make a report button');
    await pressAndWait(page, 'Enter', /\/laporan\/baru$/);

    // The region: province, then regency (each sent with the region button), by typing the names.
    const chooseRegion = async (select, name, value) => {
      await tabTo(page, select, 40);
      await assertFocus(page, select, `the ${select} list`);
      await page.keyboard.type(name);
      assert.equal(await page.locator(select).inputValue(), value, `${name} is chosen in ${select} by typing`);
      await page.keyboard.press('Tab');
      if (!(await page.evaluate(() => document.activeElement?.matches('#region-form button[type=submit]')))) {
        await tabTo(page, '#region-form button[type=submit]', 5);
      }
      await assertFocus(page, '#region-form button[type=submit]', 'the Choose region button');
      await pressAndWait(page, 'Enter', new RegExp(`[?&]${select.slice(1)}=${value}(&|$)`));
    };
    await chooseRegion('#prov', 'Jawa Barat', '32');
    await chooseRegion('#kab', 'Kota Bandung', '3273');
    // The district with the arrow keys.
    await tabTo(page, '#kec', 40);
    await assertFocus(page, '#kec', 'the district list');
    await page.keyboard.press('ArrowDown');
    const kec = await page.locator('#kec').inputValue();
    assert.match(kec, /^3273\d\d$/, 'a district of Kota Bandung is chosen with the arrow keys');
    await page.keyboard.press('Tab');
    await assertFocus(page, '#region-form button[type=submit]', 'the Choose region button');
    await pressAndWait(page, 'Enter', new RegExp(`[?&]kec=${kec}(&|$)`));

    // The map pin comes before the region lists: Tab from the top reaches it; the arrow keys move it.
    const pin = '.sp-map__marker--pin';
    await tabTo(page, pin, 40);
    await assertFocus(page, pin, 'the map pin');
    assert.equal(await page.locator('#lat-input').inputValue(), '', 'no point yet');
    await page.keyboard.press('ArrowRight');
    const lat1 = Number(await page.locator('#lat-input').inputValue());
    const lon1 = Number(await page.locator('#lon-input').inputValue());
    assert.ok(Number.isFinite(lat1) && Number.isFinite(lon1) && lon1 !== 0, `ArrowRight fills the point (${lat1}, ${lon1})`);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    const lat2 = Number(await page.locator('#lat-input').inputValue());
    const lon2 = Number(await page.locator('#lon-input').inputValue());
    assert.ok(lat2 < lat1 && lon2 === lon1, `ArrowDown moves the pin south (${lat1} → ${lat2})`);
    await assertFocus(page, pin, 'the map pin, still focused after moving');
    await page.keyboard.press('ArrowLeft');
    assert.ok(Number(await page.locator('#lon-input').inputValue()) < lon2, 'ArrowLeft moves the pin west');

    // Category: the first choice with Space, the next with the arrow keys.
    await tabTo(page, 'input[name=category]', 40);
    await assertFocus(page, 'input[name=category]', 'the first category');
    await page.keyboard.press('Space');
    await page.keyboard.press('ArrowDown');
    const category = await page.evaluate(() => document.querySelector('input[name=category]:checked')?.value);
    assert.ok(category, 'a category is chosen with the keyboard');
    await page.keyboard.press('Tab');
    await assertFocus(page, '#description', 'the description');
    await page.keyboard.type('Got di pinggir jalan tersumbat sampah, air meluap ke jalan setiap hujan');
    await tabTo(page, 'input[name=privacy]', 10);
    await assertFocus(page, 'input[name=privacy]', 'the first privacy choice');
    await page.keyboard.press('Space');
    const privacy = await page.evaluate(() => document.querySelector('input[name=privacy]:checked')?.value);
    assert.equal(privacy, 'public', 'the privacy is chosen with Space');

    await tabTo(page, '#report-form button[type=submit]', 10);
    await assertFocus(page, '#report-form button[type=submit]', 'the Send report button');
    await pressAndWait(page, 'Enter', /\/laporan\/LP-\d{4}-\d{6}/);
    assert.equal(await textOf(page, '#report-status'), 'Diterima', `sent (${page.url()})`);
  }),
);

test(
  'keyboard: a guest uses the assistant chat without a mouse',
  { timeout: 120_000 },
  journey(env, 'keyboard assistant', async (j) => {
    const page = await j.newPage(DESKTOP);
    await page.goto('/asisten');

    // Skip link, then straight into the message box.
    await page.keyboard.press('Tab');
    await assertFocus(page, 'a.govuk-skip-link[href="#main"]', 'the skip link');
    await page.keyboard.press('Enter');
    await tabTo(page, '#text', 5);
    await assertFocus(page, '#text', 'the message box');

    // Type, Tab to Send, Enter: the answer comes in place and the keyboard is back in the box.
    const replies = page.locator('#sp-chat-log .sp-chat__msg--assistant');
    await page.keyboard.type('lampu jalan mati di gang saya');
    await page.keyboard.press('Tab');
    await assertFocus(page, '#sp-chat-form button[type=submit]', 'the Send button');
    await page.keyboard.press('Enter');
    await replies.nth(1).waitFor();
    await page.getByRole('button', { name: 'Buat laporan', exact: true }).waitFor();
    await assertFocus(page, '#text', 'the message box, after sending');

    // The suggested replies are just before the box: Shift+Tab reaches them, Enter presses one.
    let reached = false;
    for (let i = 0; i < 4 && !reached; i += 1) {
      await page.keyboard.press('Shift+Tab');
      reached = ((await focused(page))?.text ?? '') === 'Buat laporan';
    }
    assert.ok(reached, 'the "Buat laporan" button is reached with Shift+Tab from the message box');
    await assertFocus(page, '.sp-chat__choices button', 'the "Buat laporan" button');
    await page.keyboard.press('Enter');
    await replies.nth(2).waitFor();
    assert.match(await textOf(page, '#sp-chat-log .sp-chat__msg--assistant:last-child .sp-chat__text'), /Di mana lokasinya\?/);
    // The pressed button is gone with its answer's other choices; the keyboard is not lost.
    await assertFocus(page, '#text', 'the message box, after pressing a suggested reply');

    await page.keyboard.type('Gang Melati No. 5');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await replies.nth(3).waitFor();
    const link = '#sp-chat-log a[href^="/laporan/baru"]';
    await page.locator(link).waitFor();
    await assertFocus(page, '#text', 'the message box, after sending the address');
    // The link in the answer is just before the box.
    for (let i = 0; i < 4; i += 1) {
      await page.keyboard.press('Shift+Tab');
      if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, link)) break;
    }
    await assertFocus(page, link, 'the link to the reporting form');
    await pressAndWait(page, 'Enter', /\/laporan\/baru/);
  }),
);
