// National sign-in journey, without JavaScript, through a real OpenID Connect provider (panva's
// oidc-provider from crates/satupintu/tests/oidc, started here; `npm ci` there first, as
// scripts/test does): the sign-in page offers "Masuk dengan Identitas Digital Nasional", the
// demo citizen Budi signs in at the provider with its own forms, comes back signed in to his
// existing account (linked by his verified NIK), sees the linked identity and unlinks it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { once } from 'node:events';

import { E2E_DIR, sharedEnv, journey, checkA11y, clickAndWait, textOf } from '../lib/harness.mjs';

const PROVIDER_DIR = path.join(E2E_DIR, '..', 'crates', 'satupintu', 'tests', 'oidc');
let provider = null;

// Registered before sharedEnv's hooks: the server reads the provider settings when it starts.
before(async () => {
  provider = spawn(process.execPath, ['provider.mjs'], {
    cwd: PROVIDER_DIR,
    env: { ...process.env, OIDC_PORT: '0' },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  provider.stdout.setEncoding('utf8');
  let out = '';
  const issuer = await new Promise((resolve, reject) => {
    provider.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
      if (m) resolve(m[1]);
    });
    provider.on('exit', (code) => reject(new Error(`the OpenID Connect provider exited (${code}); run npm ci in ${PROVIDER_DIR}`)));
  });
  process.env.SATUPINTU_OIDC_ISSUER = issuer;
  process.env.SATUPINTU_OIDC_CLIENT_ID = 'satupintu';
  process.env.SATUPINTU_OIDC_CLIENT_SECRET = 'rahasia-klien-satupintu';
}, { timeout: 30_000 });

after(async () => {
  if (provider && provider.exitCode === null) {
    provider.kill('SIGTERM');
    await once(provider, 'exit');
  }
});

const env = sharedEnv({ before, after });

test(
  'national sign-in: a demo citizen signs in through the provider, sees the link and removes it, without JavaScript',
  { timeout: 180_000 },
  journey(env, 'oidc journey', async (j) => {
    const page = await j.newPage({ locale: 'id-ID', javaScriptEnabled: false });
    await page.goto(`${j.baseUrl}/masuk`);
    const button = page.getByRole('button', { name: 'Masuk dengan Identitas Digital Nasional' });
    assert.equal(await button.count(), 1, 'the sign-in page offers national sign-in');
    await checkA11y(page, 'sign-in page with national sign-in');

    // At the provider: its own sign-in form, then its consent form.
    await button.click();
    await page.waitForURL((u) => u.href.startsWith(process.env.SATUPINTU_OIDC_ISSUER));
    await page.locator('input[name=login]').fill('budi');
    await page.locator('input[name=password]').fill('sandi-di-penyedia');
    await page.locator('button[type=submit]').click();
    await page.waitForLoadState();
    if (page.url().startsWith(process.env.SATUPINTU_OIDC_ISSUER)) {
      await page.locator('button[type=submit]').click();
    }
    await page.waitForURL(/\/akun$/);

    // Back home, signed in to the demo account with his NIK (its name, not the provider's e-mail).
    const main = await textOf(page, 'main');
    assert.ok(main.includes('Budi Santoso'), main);
    assert.ok(main.includes('budi@warga.example.id'), 'the existing demo account');
    assert.ok(main.includes('Identitas digital tertaut'), 'the linked identity is shown');
    await checkA11y(page, 'account with a linked identity');

    // He has a password too, so he may unlink.
    await clickAndWait(page, page.getByRole('button', { name: /Putuskan tautan/ }), /identitas=diputus/);
    const after = await textOf(page, 'main');
    assert.ok(!after.includes('Identitas digital tertaut'), 'the link is gone');
    assert.ok((await textOf(page, 'body')).includes('Tautan identitas digital sudah diputus'));
  }),
);
