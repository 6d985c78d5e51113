// Queues and appointments: a citizen on a phone books a visit from the service page, keeps the
// QR code and the calendar file; at the office the kiosk checks her in by the booking code; the
// officer calls the next ticket from the counter page while the TV display, left open, shows
// and announces the number without a reload and her phone shows where to go. Then the same day
// without JavaScript: a walk-in with priority at the kiosk goes before an earlier walk-in, and
// the counter page and the display still work.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { PHONE, DESKTOP, sharedEnv, journey, checkA11y, clickAndWait, textOf, signInWithForm, DEMO } from '../lib/harness.mjs';

const env = sharedEnv({ before, after });
const { siti: SITI, budi: BUDI, disdukcapil: OFFICER } = DEMO;

const SERVICE = 'ktp-el-ganti';
const PLACE = 'adm-disdukcapil';
const COUNTER = 'Meja Pendamping ADM';

/** The officer's counter page for the 24-hour desk; returns the kiosk address shown there. */
async function openCounter(page) {
  await page.goto('/petugas/antrean');
  await clickAndWait(page, page.getByRole('link', { name: COUNTER }), /loket=/);
  return page.getByRole('link', { name: 'Kios antrean' }).getAttribute('href');
}

/** Number on a ticket page. */
async function ticketNumber(page) {
  return textOf(page, '.sp-ticket__number');
}

test('book a visit, check in at the kiosk, be called while the display updates', journey(env, 'appointment', async (j) => {
  // The citizen on her phone: from the service's standard to a time slot.
  const phone = await j.newPage(PHONE);
  await phone.goto('/masuk');
  await signInWithForm(phone, SITI.login, SITI.password);
  await phone.goto(`/layanan/${SERVICE}`);
  await clickAndWait(phone, phone.getByRole('link', { name: 'Buat janji temu untuk datang ke loket' }), /\/janji\/baru/);
  await phone.getByLabel('Tempat', { exact: true }).selectOption(PLACE);
  await clickAndWait(phone, phone.getByRole('button', { name: 'Tampilkan jadwal' }), /lokasi=adm-disdukcapil/);
  await checkA11y(phone, 'choose a time slot');
  // The earliest free time today (or just after midnight): its check-in window is open.
  let radios = phone.locator('input[name="slot_id"]');
  if ((await radios.count()) === 0) {
    await clickAndWait(phone, phone.locator('.sp-chip').nth(1), /tanggal=/);
    radios = phone.locator('input[name="slot_id"]');
  }
  await radios.first().check();
  await clickAndWait(phone, phone.getByRole('button', { name: 'Pesan jadwal' }), /\/janji\/JT-/);
  const code = (await textOf(phone, 'dd .sp-code'));
  assert.match(code, /^JT-\d{4}-\d{6}$/);
  assert.equal(await phone.locator('svg.sp-qr').count(), 1, 'a QR code to scan at the kiosk');
  assert.equal(await textOf(phone, '.govuk-tag'), 'Terjadwal');
  await checkA11y(phone, 'booking with QR code');
  const ics = await phone.getByRole('link', { name: 'Simpan ke kalender (.ics)' }).getAttribute('href');
  const calendar = await phone.request.get(ics);
  assert.equal(calendar.status(), 200);
  assert.match(await calendar.text(), new RegExp(`BEGIN:VEVENT[\\s\\S]*UID:${code}@satupintu`));
  // Her list shows it.
  await phone.goto('/janji');
  assert.ok((await phone.locator('.sp-card').first().textContent()).includes(code));

  // At the office: the officer opens the counter; the kiosk and the TV display run on their own devices.
  const desk = await j.newPage(DESKTOP);
  await desk.goto('/masuk');
  await signInWithForm(desk, OFFICER.login, OFFICER.password);
  const kioskUrl = await openCounter(desk);
  assert.match(kioskUrl, /^\/antrean\/kiosk\/[\w-]+$/);
  const tv = await j.newPage({ viewport: { width: 1280, height: 720 }, locale: 'id-ID' });
  await tv.goto(`/antrean/${PLACE}/layar`);
  await checkA11y(tv, 'queue display');
  await tv.evaluate(() => { window.__notReloaded = true; });

  const kiosk = await j.newPage(DESKTOP);
  await kiosk.goto(kioskUrl);
  await checkA11y(kiosk, 'kiosk');
  await kiosk.getByLabel('Kode janji temu').fill(code.toLowerCase());
  await kiosk.getByRole('button', { name: 'Catat kedatangan' }).click();
  await kiosk.waitForSelector('.sp-ticket__number');
  const number = await ticketNumber(kiosk);
  assert.match(number, /^K-\d{3}$/);
  await checkA11y(kiosk, 'ticket at the kiosk');
  const ticketUrl = await kiosk.getByRole('link', { name: 'Buka halaman nomor antrean ini' }).getAttribute('href');

  // Her phone follows the ticket.
  await phone.goto(ticketUrl);
  assert.equal(await ticketNumber(phone), number);
  assert.match(await textOf(phone, '[role="status"]'), /Menunggu dipanggil/);

  // The officer calls the next ticket: hers (the only booking, nobody with priority waiting).
  await desk.reload();
  await clickAndWait(desk, desk.getByRole('button', { name: 'Panggil berikutnya' }), /loket=/);
  assert.equal(await ticketNumber(desk), number);
  // The display shows it within seconds, without a reload, highlighted as new.
  await tv.locator('.sp-display__call--new', { hasText: number }).waitFor({ timeout: 10_000 });
  assert.ok((await tv.locator('#calls').textContent()).includes(COUNTER));
  assert.equal(await tv.evaluate(() => window.__notReloaded), true, 'updated in place');
  await phone.reload();
  assert.match(await textOf(phone, '[role="status"]'), new RegExp(`Silakan ke ${COUNTER}`));

  await clickAndWait(desk, desk.getByRole('button', { name: 'Selesai dilayani' }), /loket=/);
  await checkA11y(desk, 'counter page');
  await phone.goto(`/janji/${code}`);
  assert.equal(await textOf(phone, '.govuk-tag'), 'Sudah dilayani');
  await desk.goto(`/petugas/antrean/statistik?lokasi=${PLACE}`);
  await checkA11y(desk, 'queue statistics');
  assert.match(await textOf(desk, 'table'), /Penggantian KTP-el/);
}));

test('without JavaScript: priority walk-ins go first, the counter and the display still work', journey(env, 'appointment-nojs', async (j) => {
  const desk = await j.newPage({ ...DESKTOP, javaScriptEnabled: false });
  await desk.goto('/masuk');
  await signInWithForm(desk, OFFICER.login, OFFICER.password);
  const kioskUrl = await openCounter(desk);
  const kiosk = await j.newPage({ ...PHONE, javaScriptEnabled: false });
  const take = async (priority) => {
    await kiosk.goto(kioskUrl);
    await kiosk.getByLabel('Penggantian KTP-el (Hilang, Rusak, atau Perubahan Data)').check();
    await kiosk.getByLabel(priority).check();
    await kiosk.getByRole('button', { name: 'Ambil nomor antrean' }).click();
    await kiosk.waitForSelector('.sp-ticket__number');
    return ticketNumber(kiosk);
  };
  const first = await take('Tidak perlu');
  const elder = await take('Lanjut usia (60 tahun ke atas)');
  assert.notEqual(first, elder);
  // A kiosk mistake gets a clear message.
  await kiosk.goto(kioskUrl);
  await kiosk.getByLabel('Kode janji temu').fill('JT-2026-999999');
  await kiosk.getByRole('button', { name: 'Catat kedatangan' }).click();
  assert.match(await textOf(kiosk, '.govuk-error-summary'), /Kode janji temu tidak dikenal/);

  await desk.reload();
  await clickAndWait(desk, desk.getByRole('button', { name: 'Panggil berikutnya' }), /loket=/);
  assert.equal(await ticketNumber(desk), elder, 'the older person first');
  await clickAndWait(desk, desk.getByRole('button', { name: 'Panggil berikutnya' }), /loket=/);
  assert.equal(await ticketNumber(desk), first);
  await clickAndWait(desk, desk.getByRole('button', { name: 'Tidak hadir' }), /loket=/);

  const tv = await j.newPage({ ...DESKTOP, javaScriptEnabled: false });
  await tv.goto(`/antrean/${PLACE}/layar`);
  assert.ok((await tv.locator('#recent').textContent()).includes(first));
  assert.equal(await tv.locator('meta[http-equiv="refresh"]').count(), 1, 'refreshes itself without JavaScript');

  // Another citizen books without JavaScript and cancels.
  const phone = await j.newPage({ ...PHONE, javaScriptEnabled: false });
  await phone.goto('/masuk');
  await signInWithForm(phone, BUDI.login, BUDI.password);
  await phone.goto(`/janji/baru?layanan=${SERVICE}&lokasi=${PLACE}`);
  // A later day: a slot within the hour can be booked but no longer cancelled.
  await clickAndWait(phone, phone.locator('main a.sp-chip:not([aria-current])').first(), /tanggal=/);
  // Without a choice: a clear error.
  await clickAndWait(phone, phone.getByRole('button', { name: 'Pesan jadwal' }), /\/janji\/baru/);
  assert.match(await textOf(phone, '.govuk-error-summary'), /Pilih salah satu jam/);
  await phone.locator('input[name="slot_id"]').last().check();
  await clickAndWait(phone, phone.getByRole('button', { name: 'Pesan jadwal' }), /\/janji\/JT-/);
  await clickAndWait(phone, phone.getByRole('button', { name: 'Batalkan janji temu' }), /\/janji\/JT-/);
  assert.equal(await textOf(phone, '.govuk-tag'), 'Dibatalkan');
}));
