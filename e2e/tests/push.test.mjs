// Device notifications on /akun/notifikasi: the button appears only where the browser has
// PushManager (never without JavaScript), /sw.js registers with the whole site as its scope,
// and the page's script may save a subscription with the session and CSRF token; the page
// itself keeps working without JavaScript.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import {
  PHONE,
  sharedEnv,
  journey,
  checkA11y,
  clickAndWait,
  registerCitizen,
  signInWithForm,
  textOf,
} from '../lib/harness.mjs';

const env = sharedEnv({ before, after });

const CITIZEN = {
  nik: '3273014506900011',
  full_name: 'Rina Lestari',
  email: 'rina@contoh.id',
  password: 'rahasia-warga-1',
};

test(
  'device notifications: button, service worker, subscription, and the page without JavaScript',
  { timeout: 180_000 },
  journey(env, 'push journey', async (j) => {
    await registerCitizen(j.baseUrl, CITIZEN);

    const ctx = await j.newContext(PHONE);
    await ctx.grantPermissions(['notifications'], { origin: j.baseUrl });
    const page = await ctx.newPage();
    assert.equal(await signInWithForm(page, CITIZEN.email, CITIZEN.password), '/akun');
    await page.goto('/akun/notifikasi');
    const box = page.locator('#push-device');
    await box.waitFor({ state: 'visible' });
    assert.equal(await textOf(page, '#push-device button'), 'Aktifkan notifikasi di perangkat ini');
    assert.match(await textOf(page, '#push-hint'), /Belum aktif/);
    await checkA11y(page, 'notification choices (id)');

    // Playwright's contexts are incognito, where Chromium has no push service: the button says
    // so plainly and can be tried again.
    await page.locator('#push-device button').click();
    await page.locator('#push-device [role=status]').filter({ hasText: 'tidak dapat diaktifkan' }).waitFor();
    assert.equal(await page.locator('#push-device button').isEnabled(), true);

    // The service worker is served from the root and controls the whole site.
    const scope = await page.evaluate(async () => {
      const reg = await navigator.serviceWorker.register('/sw.js');
      await navigator.serviceWorker.ready;
      return reg.scope;
    });
    assert.equal(scope, `${j.baseUrl}/`);

    // What app.js sends after pushManager.subscribe() (no push service is reachable here, so
    // the subscription is one a browser could have made).
    const status = await page.evaluate(async () => {
      const csrf = document.querySelector('input[name=_csrf]').value;
      const key = await crypto.subtle.generateKey({ name: 'ECDH', namedCurve: 'P-256' }, true, ['deriveBits']);
      const raw = new Uint8Array(await crypto.subtle.exportKey('raw', key.publicKey));
      const b64 = (bytes) => btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
      const sub = {
        endpoint: 'https://fcm.googleapis.com/fcm/send/e2e-' + Date.now(),
        expirationTime: null,
        keys: { p256dh: b64(raw), auth: b64(crypto.getRandomValues(new Uint8Array(16))) },
      };
      const r = await fetch('/api/v1/push/subscriptions', {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf },
        body: JSON.stringify(sub),
      });
      return r.status;
    });
    assert.equal(status, 201);
    await page.reload();
    assert.match(await textOf(page, '#push-hint'), /Aktif di 1 perangkat/);

    // English.
    await page.goto('/akun/notifikasi?lang=en');
    await box.waitFor({ state: 'visible' });
    assert.equal(await textOf(page, '#push-device button'), 'Turn on notifications on this device');
    await checkA11y(page, 'notification choices (en)');
    await page.goto('/akun/notifikasi?lang=id');

    // Without JavaScript: no button, and the choices still save.
    const plain = await j.newPage({ ...PHONE, javaScriptEnabled: false });
    await signInWithForm(plain, CITIZEN.email, CITIZEN.password);
    await plain.goto('/akun/notifikasi');
    assert.equal(await plain.locator('#push-device').isVisible(), false);
    await plain.locator('#push').uncheck();
    await clickAndWait(plain, plain.locator('main form button[type=submit]'), /disimpan/);
    assert.equal(await plain.locator('#push').isChecked(), false);
  }),
);
