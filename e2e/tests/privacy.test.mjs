// Data subject rights journey (UU 27/2022), without JavaScript: the demo citizen Siti opens
// "Data saya" from her account, downloads her data archive (a ZIP with a README inside), and
// files a request to correct her address, which then shows in her list as waiting.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';

import { sharedEnv, journey, checkA11y, clickAndWait, textOf, signInWithForm, DEMO } from '../lib/harness.mjs';

const env = sharedEnv({ before, after });

test(
  'my data: download the archive and ask for a correction, without JavaScript',
  { timeout: 180_000 },
  journey(env, 'privacy journey', async (j) => {
    const page = await j.newPage({ locale: 'id-ID', javaScriptEnabled: false, acceptDownloads: true });
    assert.equal(await signInWithForm(page, DEMO.siti.login, DEMO.siti.password), '/akun');
    await clickAndWait(page, page.locator('main a[href="/akun/data-saya"]'), /\/akun\/data-saya$/);
    assert.equal(await textOf(page, 'h1'), 'Data saya');
    await checkA11y(page, 'my data');

    // The archive: a ZIP named after today, with README.md and manifest.json inside.
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#privacy-download').click()]);
    assert.match(download.suggestedFilename(), /^satupintu-data-saya-\d{4}-\d{2}-\d{2}\.zip$/);
    const zip = await readFile(await download.path());
    assert.equal(zip.subarray(0, 4).toString('latin1'), 'PK\u0003\u0004', 'a ZIP file');
    const names = zip.toString('latin1');
    for (const name of ['README.md', 'manifest.json', 'profil.json', 'permohonan.json']) {
      assert.ok(names.includes(name), `the archive holds ${name}`);
    }
    assert.ok(!names.includes('$argon2'), 'no password hash');

    // A correction with a missing value is refused with a message; then filed.
    await page.locator('#field').selectOption('address');
    await page.locator('#problem').fill('Saya sudah pindah rumah.');
    await clickAndWait(page, page.getByRole('button', { name: 'Kirim permintaan perbaikan' }), /\/akun\/data-saya\/koreksi$/);
    assert.ok((await textOf(page, '.govuk-error-summary')).includes('Tulis nilai yang benar'));
    await checkA11y(page, 'my data with errors');
    await page.locator('#correct_value').fill('Jl. Asia Afrika No. 8, Bandung');
    await clickAndWait(page, page.getByRole('button', { name: 'Kirim permintaan perbaikan' }), /ok=sent/);
    const main = await textOf(page, 'main');
    assert.ok(main.includes('Permintaan Anda sudah kami terima'), 'the notice');
    assert.ok(main.includes('Jl. Asia Afrika No. 8, Bandung') && main.includes('Menunggu'), 'listed as waiting');
  }),
);
