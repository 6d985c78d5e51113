// Personal data encrypted at rest, seen from the browser and the disk: a citizen registers with
// her NIK through the form (without JavaScript), signs in with the NIK and sees it masked on her
// account page, a second registration with the same NIK is refused by the NIK field; and the
// NIK is nowhere in the database files, while the data key sits apart in keys/data.key (0600).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';

import { sharedEnv, journey, checkA11y, clickAndWait, textOf } from '../lib/harness.mjs';

const env = sharedEnv({ before, after });

const CITIZEN = Object.freeze({
  nik: '3273016107950004',
  name: 'Dewi Rahasia',
  email: 'dewi.rahasia@warga.example.id',
  password: 'dewi-rahasia-2026',
});

async function register(page, { nik, name, email, password }) {
  await page.goto('/daftar');
  await page.locator('#nik').fill(nik);
  await page.locator('#full_name').fill(name);
  await page.locator('#email').fill(email);
  await page.locator('#password').fill(password);
  await clickAndWait(page, page.locator('main form button[type=submit]'), /\/(daftar|masuk)/);
}

test(
  'data at rest: register and sign in with a NIK, the NIK masked on the page and absent from the database files',
  { timeout: 180_000 },
  journey(env, 'crypt journey', async (j) => {
    const page = await j.newPage({ locale: 'id-ID', javaScriptEnabled: false });
    await register(page, CITIZEN);
    assert.equal(new URL(page.url()).pathname + new URL(page.url()).search, '/masuk?terdaftar=1');

    // The same NIK again: refused by the NIK field, in Indonesian.
    await register(page, { ...CITIZEN, email: 'orang.lain@warga.example.id' });
    assert.equal(new URL(page.url()).pathname, '/daftar', 'stays on the form');
    assert.ok((await textOf(page, '#nik-error')).includes('Sudah terdaftar'), await textOf(page, 'main'));
    await checkA11y(page, 'register form, NIK taken');

    // Sign in with the NIK (found through its blind index); the account page shows it masked.
    await page.goto('/masuk');
    await page.locator('#login').fill(CITIZEN.nik);
    await page.locator('#password').fill(CITIZEN.password);
    await clickAndWait(page, page.locator('main form button[type=submit]'), /\/(akun|masuk)/);
    assert.equal(new URL(page.url()).pathname, '/akun', 'signed in with the NIK');
    const main = await textOf(page, 'main');
    assert.ok(main.includes('3273**********04'), `masked NIK on the account page: ${main}`);
    assert.ok(!main.includes(CITIZEN.nik), 'the full NIK is not shown');
    await checkA11y(page, 'account page');

    // On disk: the key file apart, mode 0600; the NIK in no database file (nor its WAL).
    const dataDir = j.server.dataDir;
    const key = await stat(path.join(dataDir, 'keys', 'data.key'));
    assert.equal(key.mode & 0o777, 0o600, 'key file readable by its owner only');
    const files = (await readdir(dataDir)).filter((f) => f.startsWith('satupintu.db'));
    assert.ok(files.includes('satupintu.db'), `database files: ${files}`);
    for (const f of files) {
      const bytes = await readFile(path.join(dataDir, f));
      assert.ok(!bytes.includes(Buffer.from(CITIZEN.nik)), `${f} holds the NIK in plain text`);
    }
  }),
);
