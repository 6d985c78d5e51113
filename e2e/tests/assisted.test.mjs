// Assisted service (issue 13), on a desktop: the demo volunteer of the kelurahan starts a
// session for an elderly citizen with no phone and no account (registering her with NIK, name
// and address), records her spoken consent to applying, applies for an SKTM for her with the
// RT/RW letter, and ends the session; the kelurahan officer's case page then says the
// application was filed with the volunteer's help.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { DESKTOP, sharedEnv, journey, checkA11y, clickAndWait, textOf, signInWithForm } from '../lib/harness.mjs';

const env = sharedEnv({ before, after });

/** The demo volunteer (`serve --demo` prints her with the other accounts). */
const VOLUNTEER = Object.freeze({ login: 'relawan@kelurahan.example.id', password: 'relawan-demo-2026', name: 'Wulan Lestari' });
/** The demo officer of the kelurahan, who handles the SKTM. */
const OFFICER = Object.freeze({ login: 'petugas@kelurahan.example.id', password: 'petugas-demo-2026' });
/** The elderly citizen: no phone, no e-mail, no account yet. */
const CITIZEN = Object.freeze({ nik: '3578254502480003', name: 'Suparmi', address: 'Jl. Gunung Anyar Lor 12, RT 04/RW 02' });
const PLACE = 'Layanan keliling Kel. Gunung Anyar';

/** A tiny valid PDF: the scanned RT/RW cover letter. */
const LETTER = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj ' +
    '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
  'latin1',
);

test(
  'assisted: a volunteer registers an elderly citizen, records consent, applies for her, ends the session',
  { timeout: 240_000 },
  journey(env, 'assisted journey', async (j) => {
    const page = await j.newPage({ ...DESKTOP, locale: 'id-ID' });
    assert.equal(await signInWithForm(page, VOLUNTEER.login, VOLUNTEER.password), '/akun');
    await page.goto('/pendampingan');
    assert.ok((await textOf(page, 'main')).includes('relawan kelurahan'), 'she assists for the kelurahan');
    await checkA11y(page, 'assisted home');

    // Sent without consent: the errors, in Indonesian, and nothing started.
    await page.locator('#nik').fill(CITIZEN.nik);
    await page.locator('#full_name').fill(CITIZEN.name);
    await page.locator('#register').check();
    await page.locator('#address').fill(CITIZEN.address);
    await page.locator('#place').fill(PLACE);
    await clickAndWait(page, page.getByRole('button', { name: 'Mulai sesi' }), /\/pendampingan$/);
    const errors = await textOf(page, '.govuk-error-summary');
    assert.ok(errors.includes('Bacakan pernyataan persetujuan'), errors);
    await checkA11y(page, 'assisted start with errors');

    // Spoken consent to applying, after reading the statement to her.
    assert.ok((await textOf(page, '#consent-statement')).includes('menarik persetujuan ini kapan saja'));
    await page.locator('#consent_method-lisan').check();
    await page.locator('#scope-apply').check();
    await page.locator('#consent_read').check();
    await clickAndWait(page, page.getByRole('button', { name: 'Mulai sesi' }), /\/pendampingan\/\d+$/);
    const sessionPath = new URL(page.url()).pathname;
    assert.ok((await textOf(page, 'h1')).includes(`Pendampingan untuk ${CITIZEN.name}`));
    assert.ok((await textOf(page, '#session')).includes('Lisan, di hadapan pendamping'));
    await checkA11y(page, 'assisted session');

    // Apply for an SKTM for her.
    await page.locator('#layanan').selectOption('sktm');
    await clickAndWait(page, page.getByRole('button', { name: 'Buka formulir' }), /\/ajukan\?layanan=sktm/);
    assert.ok((await textOf(page, '#assisted-intro')).includes(CITIZEN.name));
    assert.equal(await page.locator('#full_name').inputValue(), CITIZEN.name, 'her profile fills the form');
    await checkA11y(page, 'assisted application form');
    await page.locator('#kk_number').fill('3578250101480004');
    await page.locator('input[name=purpose][value=kesehatan]').check();
    await page.locator('#purpose_detail').fill('Keringanan biaya berobat di Puskesmas Gunung Anyar');
    await page.locator('#rt_rw_letter').setInputFiles({ name: 'surat-pengantar-rt.pdf', mimeType: 'application/pdf', buffer: LETTER });
    await clickAndWait(page, page.getByRole('button', { name: 'Kirim atas nama warga' }), /diajukan=SP-/);
    const code = new URL(page.url()).searchParams.get('diajukan');
    assert.match(code, /^SP-\d{4}-\d{6}$/);
    assert.ok((await textOf(page, '#acts')).includes(`Permohonan ${code} diajukan`));

    // End the session: it is over, and listed as such.
    await clickAndWait(page, page.getByRole('button', { name: 'Akhiri sesi' }), /\/pendampingan\?selesai=1$/);
    assert.ok((await textOf(page, '#my-sessions')).includes('Selesai'));
    await page.goto(sessionPath);
    assert.equal(await page.getByRole('button', { name: 'Akhiri sesi' }).count(), 0, 'nothing more to do in it');

    // The kelurahan officer sees who helped, as what, where.
    const officer = await j.newPage({ ...DESKTOP, locale: 'id-ID' });
    assert.equal(await signInWithForm(officer, OFFICER.login, OFFICER.password), '/akun');
    await officer.goto(`/petugas/permohonan/${code}`);
    const history = await textOf(officer, '#history');
    assert.ok(history.includes(`Diajukan dengan bantuan ${VOLUNTEER.name} (relawan, ${PLACE})`), history);
    await checkA11y(officer, 'case page of an assisted application');
  }),
);
