// Satisfaction survey journey: Siti (the demo citizen with an open invitation after a served
// appointment) finds her survey from her account, first sends it half-filled (the error summary
// names the unanswered elements and her choices are kept), then answers all nine elements; the
// public IKM page, signed out, counts one more respondent for Disdukcapil. All without JavaScript.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { sharedEnv, journey, checkA11y, clickAndWait, textOf, signInWithForm, DEMO } from '../lib/harness.mjs';

const env = sharedEnv({ before, after });

/** This month in WIB, as the server counts answers. */
const MONTH = new Date(Date.now() + 7 * 3600e3).toISOString().slice(0, 7);
const PUBLIC = `/survei-kepuasan?instansi=disdukcapil&periode=${MONTH}`;

async function publicFigures(page) {
  await page.goto(PUBLIC);
  const respondents = Number(await textOf(page, '[data-respondents="disdukcapil"]'));
  const ikm = await textOf(page, '[data-ikm="disdukcapil"]');
  return { respondents, ikm };
}

test(
  'skm: a citizen answers her survey and the public IKM counts her answer, without JavaScript',
  { timeout: 180_000 },
  journey(env, 'skm journey', async (j) => {
    const guest = await j.newPage({ locale: 'id-ID', javaScriptEnabled: false });
    const before = await publicFigures(guest);
    assert.ok(before.respondents > 0, 'the demo has answers this month');

    const siti = await j.newPage({ locale: 'id-ID', javaScriptEnabled: false });
    assert.equal(await signInWithForm(siti, DEMO.siti.login, DEMO.siti.password), '/akun');
    await clickAndWait(siti, siti.locator('main a[href="/survei"]'), /\/survei$/);
    const open = siti.locator('main a[href^="/survei/"]', { hasText: 'Isi survei' }).first();
    const href = await open.getAttribute('href');
    await clickAndWait(siti, open, new RegExp(`${href}$`));
    assert.ok((await textOf(siti, 'main')).includes('kesesuaian persyaratan pelayanan'), 'the official questions');

    // Half-filled: errors for the rest, the choices made are kept.
    await siti.check('#u1-4');
    await siti.check('#u2-3');
    const send = siti.getByRole('button', { name: 'Kirim jawaban' });
    await clickAndWait(siti, send, new RegExp(`${href}$`));
    const summary = await textOf(siti, '.govuk-error-summary');
    assert.ok(summary.includes('Pilih satu jawaban'), 'the error summary');
    assert.equal(await siti.locator('.govuk-error-summary a').count(), 7, 'seven elements unanswered');
    assert.ok(await siti.isChecked('#u1-4'), 'the first answer is kept');
    await checkA11y(siti, 'survey with errors');

    for (let i = 3; i <= 9; i += 1) {
      await siti.check(`#u${i}-4`);
    }
    await siti.locator('#suggestion').fill('Petugas sangat membantu (uji e2e).');
    await clickAndWait(siti, send, new RegExp(`${href}$`));
    assert.ok((await textOf(siti, 'main')).includes('Sudah dijawab'), 'answered');
    await checkA11y(siti, 'survey answered');

    const afterwards = await publicFigures(guest);
    assert.equal(afterwards.respondents, before.respondents + 1, 'one more respondent');
    assert.notEqual(afterwards.ikm, before.ikm, 'her high scores move the IKM');
    await checkA11y(guest, 'public IKM page');
  }),
);
