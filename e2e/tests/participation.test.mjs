// E-participation (issue 9): on her phone Siti proposes an idea to the public works agency;
// Budi, Dewi and Agus support it until it passes the demo threshold (3); the DPUPR officer finds
// it in his queue and publishes the official answer, which Siti then reads on the idea's page.
// In participatory budgeting, Budi first chooses more than his per-voter budget allows (a clear
// error, nothing recorded), then votes within it and gets a receipt; his ballot is final.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { PHONE, DESKTOP, sharedEnv, journey, checkA11y, clickAndWait, textOf, signInWithForm, DEMO } from '../lib/harness.mjs';

const env = sharedEnv({ before, after });

const NEIGHBOURS = ['budi@warga.example.id', 'dewi@warga.example.id', 'agus@warga.example.id'];
const IDEA_PATH = /^\/partisipasi\/gagasan\/(\d+)$/;
const TITLE = 'Halte bus berteduh di depan Pasar Pucang';

test('participation', async (t) => {
  await t.test('an idea passes its threshold and gets an official answer', journey(env, 'idea journey', async (j) => {
    const siti = await j.newPage(PHONE);
    await signInWithForm(siti, DEMO.siti.login, DEMO.siti.password);
    await siti.goto('/partisipasi');
    await clickAndWait(siti, siti.getByRole('link', { name: 'Usulkan gagasan' }).first(), /\/partisipasi\/gagasan\/baru/);
    await siti.getByLabel('Judul').fill(TITLE);
    await siti.getByLabel('Uraian').fill('Penumpang lansia menunggu bus di bawah terik dan hujan tanpa tempat duduk. Usul: halte beratap dengan bangku.');
    await siti.getByLabel('Kategori').selectOption('infrastruktur');
    await siti.getByLabel('Ditujukan kepada (opsional)').selectOption('dpupr');
    await clickAndWait(siti, siti.getByRole('button', { name: 'Kirim gagasan' }), (u) => IDEA_PATH.test(u.pathname));
    const ideaPath = new URL(siti.url()).pathname;
    assert.equal(await textOf(siti, '#idea-status'), 'Mengumpulkan dukungan');
    await checkA11y(siti, 'a new idea');

    // Three neighbours support it, each once.
    for (const login of NEIGHBOURS) {
      const p = await j.newPage(DESKTOP);
      await signInWithForm(p, login, DEMO.budi.password);
      await p.goto(ideaPath);
      await clickAndWait(p, p.getByRole('button', { name: 'Dukung gagasan ini' }), (u) => u.pathname === ideaPath);
      assert.ok((await textOf(p, 'main')).includes('Anda mendukung gagasan ini'));
      assert.equal(await p.getByRole('button', { name: 'Dukung gagasan ini' }).count(), 0, 'one support per person');
      await p.context().close();
    }
    await siti.goto(ideaPath);
    assert.equal(await textOf(siti, '#idea-status'), 'Menunggu jawaban resmi');
    assert.equal(await textOf(siti, '#support-count'), '3 dukungan');

    // The DPUPR officer answers from his queue.
    const officer = await j.newPage(DESKTOP);
    await signInWithForm(officer, DEMO.dpupr.login, DEMO.dpupr.password);
    await officer.goto('/petugas/partisipasi');
    await checkA11y(officer, 'answer queue');
    await clickAndWait(officer, officer.getByRole('link', { name: TITLE }), (u) => u.pathname === ideaPath);
    await officer.getByLabel('Diterima').check();
    await officer.getByLabel('Penjelasan untuk warga').fill('Diterima. Halte beratap dibangun pada triwulan kedua bersama Dinas Perhubungan.');
    await clickAndWait(officer, officer.getByRole('button', { name: 'Terbitkan jawaban' }), (u) => u.pathname === ideaPath);

    // Siti reads the official answer.
    await siti.goto(ideaPath);
    assert.equal(await textOf(siti, '#idea-status'), 'Diterima');
    assert.ok((await textOf(siti, '#official-answer')).includes('Halte beratap dibangun pada triwulan kedua'));
    await checkA11y(siti, 'an answered idea');
    // It is followed on the accountability page.
    await siti.goto('/partisipasi/akuntabilitas');
    assert.ok((await textOf(siti, 'main')).includes(TITLE));
  }));

  await t.test('a citizen votes in participatory budgeting within the limit', journey(env, 'budget vote journey', async (j) => {
    const budi = await j.newPage(PHONE);
    await signInWithForm(budi, DEMO.budi.login, DEMO.budi.password);
    await budi.goto('/partisipasi/anggaran');
    await clickAndWait(budi, budi.getByRole('link', { name: 'Anggaran Partisipatif Kelurahan Gubeng 2027' }), /\/partisipasi\/anggaran\/\d+$/);
    const processPath = new URL(budi.url()).pathname;
    assert.equal(await textOf(budi, '#voter-limit'), 'Rp 200.000.000');
    await checkA11y(budi, 'ballot');

    // Over the limit: 150 + 120 million > 200 million.
    await budi.getByLabel(/Perbaikan saluran drainase/).check();
    await budi.getByLabel(/Taman bermain ramah anak/).check();
    await clickAndWait(budi, budi.getByRole('button', { name: 'Kirim suara' }), (u) => u.pathname.endsWith('/pilih'));
    assert.ok((await textOf(budi, '.govuk-error-summary')).includes('melebihi batas anggaran per pemilih'));
    await checkA11y(budi, 'ballot over the limit');
    // Nothing was recorded: the ballot is still there, with his choices kept.
    assert.equal(await budi.getByLabel(/Taman bermain ramah anak/).isChecked(), true);

    // Within the limit: 150 + 35 million.
    await budi.getByLabel(/Taman bermain ramah anak/).uncheck();
    await budi.getByLabel(/Timbangan dan tensimeter digital/).check();
    await clickAndWait(budi, budi.getByRole('button', { name: 'Kirim suara' }), (u) => u.pathname.endsWith('/pilih'));
    assert.equal(await textOf(budi, 'h1'), 'Suara Anda tercatat');
    assert.match(await textOf(budi, '#receipt'), /^[\w-]{40,}$/);
    await checkA11y(budi, 'vote receipt');

    // The ballot is final.
    await budi.goto(processPath);
    assert.ok((await textOf(budi, '#voted')).includes('Anda sudah memberikan suara'));
    assert.equal(await budi.getByRole('button', { name: 'Kirim suara' }).count(), 0);
  }));
});
