// The teleconsultation journey (issue 8): on a phone, Siti books a slot with the demo
// practitioner and answers the pre-consultation form; dr. Rina opens the consultation, writes her
// notes and an e-prescription; Siti reads it and downloads the PDF; the pharmacy opens the QR's
// verification page and marks the prescription dispensed, once.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';

import { PHONE, DESKTOP, sharedEnv, journey, checkA11y, clickAndWait, textOf, signInWithForm, DEMO } from '../lib/harness.mjs';

const env = sharedEnv({ before, after });

const CONSULTATION_PATH = /^\/telekonsultasi\/(JT-\d{4}-\d{6})$/;

/** Clicks `locator` (a form's button) and waits for the page the form leads to. */
async function submitAndWait(page, locator) {
  await Promise.all([
    page.waitForEvent('framenavigated', { predicate: (f) => f === page.mainFrame(), timeout: 30_000 }),
    locator.click(),
  ]);
  await page.waitForLoadState('load');
}

/** The signature printed in the prescription PDF (two Courier 7 pt lines), and its number. */
function fromPdf(bytes) {
  const text = bytes.toString('latin1');
  const halves = [...text.matchAll(/\/F3 7 Tf [\d.]+ [\d.]+ Td \(([A-Za-z0-9_-]+)\) Tj/g)].map((m) => m[1]);
  const rx = text.match(/\((?:Nomor resep \/ Prescription number: )(RX-\d{4}-\d{6})\) Tj/)?.[1];
  return { signature: halves.join(''), rx };
}

test('telemedicine', async (t) => {
  await t.test('teleconsultation journey', journey(env, 'teleconsultation journey', async (j) => {
    // Siti books the first free slot.
    const siti = await j.newPage(PHONE);
    await signInWithForm(siti, DEMO.siti.login, DEMO.siti.password);
    await siti.goto('/telekonsultasi');
    assert.ok((await textOf(siti, 'main')).includes('dr. Rina Kusuma'), 'the demo practitioner is listed');
    await checkA11y(siti, 'teleconsultation list');
    await clickAndWait(siti, siti.getByRole('button', { name: 'Pesan', exact: true }).first(), (u) => CONSULTATION_PATH.test(u.pathname));
    const code = new URL(siti.url()).pathname.match(CONSULTATION_PATH)[1];
    // The room opens ten minutes before the slot (the first free slot may be that close already).
    assert.equal(await siti.locator('#room-wait, #video-link').count(), 1, 'the room or when it opens');

    // The form sent without a complaint comes back with the error; then filled in.
    await submitAndWait(siti, siti.locator('#preconsult button[type=submit]'));
    assert.ok(await siti.locator('.govuk-error-summary').isVisible(), 'the error summary');
    await checkA11y(siti, 'pre-consultation form with errors');
    await siti.locator('#mode-chat').check();
    await siti.locator('#complaint').fill('Demam tinggi dan batuk sejak tiga hari');
    await siti.locator('#allergies').fill('Penisilin');
    await submitAndWait(siti, siti.locator('#preconsult button[type=submit]'));
    assert.match(new URL(siti.url()).pathname, CONSULTATION_PATH);
    assert.equal(await siti.locator('#complaint').inputValue(), 'Demam tinggi dan batuk sejak tiga hari');
    await checkA11y(siti, 'consultation page (patient)');

    // dr. Rina opens it, saves a note, then prescribes.
    const doctor = await j.newPage(DESKTOP);
    await signInWithForm(doctor, DEMO.doctor.login, DEMO.doctor.password);
    await doctor.goto('/petugas/telekonsultasi');
    await checkA11y(doctor, 'practitioner schedule');
    await doctor.goto(`/petugas/telekonsultasi/${code}`);
    assert.ok((await textOf(doctor, '#answers')).includes('Penisilin'), 'the practitioner reads the answers');
    await doctor.locator('#notes').fill('S: demam 3 hari, batuk. A: ISPA. P: obat simtomatik.');
    await submitAndWait(doctor, doctor.locator('#save-notes'));
    assert.equal(await doctor.locator('#notes').inputValue(), 'S: demam 3 hari, batuk. A: ISPA. P: obat simtomatik.');
    await checkA11y(doctor, 'consultation page (practitioner)');
    await doctor.locator('#medicine_1').fill('Parasetamol');
    await doctor.locator('#strength_1').fill('500 mg tablet');
    await doctor.locator('#dose_1').fill('3 x 1 tablet sehari');
    await doctor.locator('#quantity_1').fill('10');
    await doctor.locator('#instructions_1').fill('sesudah makan, bila demam');
    await submitAndWait(doctor, doctor.locator('#prescribe'));
    const rxCode = await textOf(doctor, '#rx-code');
    assert.match(rxCode, /^RX-\d{4}-\d{6}$/);

    // Siti reads it and downloads the PDF.
    await siti.reload();
    assert.equal(await textOf(siti, '#status'), 'Selesai');
    assert.ok((await textOf(siti, '#rx-items')).includes('Parasetamol'), 'the prescription');
    assert.ok((await textOf(siti, '#notes')).includes('ISPA'), 'the notes');
    await checkA11y(siti, 'completed consultation (patient)');
    const [download] = await Promise.all([siti.waitForEvent('download'), siti.locator('#rx-pdf').click()]);
    const pdf = await readFile(await download.path());
    assert.ok(pdf.subarray(0, 8).toString('latin1').startsWith('%PDF-1.4'), 'a PDF');
    const { signature, rx } = fromPdf(pdf);
    assert.equal(rx, rxCode, 'the PDF carries the prescription number');
    assert.ok(signature.length >= 80, `the PDF carries the signature (${signature})`);

    // The pharmacy scans the QR: genuine, not dispensed; marks it dispensed.
    const pharmacy = await j.newPage(DESKTOP);
    await signInWithForm(pharmacy, DEMO.pharmacy.login, DEMO.pharmacy.password);
    await pharmacy.goto(`/resep/${rxCode}?s=${signature}`);
    assert.ok((await textOf(pharmacy, '#verdict')).includes('Resep asli'));
    await checkA11y(pharmacy, 'prescription check');
    await submitAndWait(pharmacy, pharmacy.locator('#dispense'));
    assert.ok((await textOf(pharmacy, '#verdict')).includes('sudah diserahkan'));
    assert.equal(await pharmacy.locator('#dispense').count(), 0, 'dispensed once');

    // Siti sees who read her health data.
    await siti.goto('/akun/akses-kesehatan');
    const log = await textOf(siti, '#health-access');
    assert.ok(log.includes(`Konsultasi ${code}`) && log.includes(`Resep ${rxCode}`), log);
    await checkA11y(siti, 'health access log');
  }));
});
