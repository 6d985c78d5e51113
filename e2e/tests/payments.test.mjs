// Paying for a service (issue 15): a citizen applies for a SIM renewal on her phone; the
// application waits for payment; she opens the bill, whose QRIS payload an independent EMV QR
// decoder (`emvqr` from npm) reads with the right amount, merchant fields, billing code and CRC;
// the payment gateway confirms the payment with a signed notification (sent here, as the
// gateway would); the page shows it paid, the application goes on, and she downloads the signed
// receipt. The demo treasurer then finds the payment in the day's report and takes cash at the
// counter for nothing (a mistyped code gets a clear error).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

import { PHONE, DESKTOP, sharedEnv, journey, checkA11y, clickAndWait, textOf, signInWithForm, DEMO } from '../lib/harness.mjs';

const emvqr = createRequire(import.meta.url)('emvqr');
const env = sharedEnv({ before, after });
const { siti: SITI } = DEMO;
const TREASURER = Object.freeze({ login: 'bendahara@bapenda.example.id', password: 'bendahara-demo-2026' });
/** The server key `serve --demo` uses for gateway notifications (published in the code for demos). */
const DEMO_SERVER_KEY = 'SB-Mid-server-satupintu-demo';

/** A Midtrans-shaped settlement notification for `orderId`, signed as the gateway signs it. */
function settlement(orderId, transactionId, grossAmount) {
  const wib = new Date(Date.now() + 7 * 3600 * 1000).toISOString().replace('T', ' ').slice(0, 19);
  const signature = createHash('sha512').update(`${orderId}200${grossAmount}${DEMO_SERVER_KEY}`).digest('hex');
  return {
    transaction_time: wib,
    settlement_time: wib,
    transaction_status: 'settlement',
    transaction_id: transactionId,
    status_code: '200',
    status_message: 'midtrans payment notification',
    signature_key: signature,
    payment_type: 'qris',
    order_id: orderId,
    gross_amount: grossAmount,
    fraud_status: 'accept',
    currency: 'IDR',
  };
}

test('apply for a SIM renewal, pay by QRIS, download the receipt', journey(env, 'payment', async (j) => {
  const phone = await j.newPage(PHONE);
  await phone.goto('/masuk');
  await signInWithForm(phone, SITI.login, SITI.password);
  await phone.goto('/layanan/sim-perpanjangan/ajukan');
  await phone.getByLabel('Nama lengkap').fill('Siti Rahayu');
  await phone.getByLabel('Nomor SIM lama').fill('120304050607');
  await phone.getByLabel('SIM C').check();
  await phone.getByLabel('Tanggal berakhir SIM lama').fill('2027-01-15');
  await phone.getByLabel('Ambil di lokasi layanan').check();
  await phone.getByLabel('Nomor telepon').fill('081234567890');
  await clickAndWait(phone, phone.getByRole('button', { name: 'Simpan dan periksa', exact: true }), /\/permohonan\/SP-/);
  await clickAndWait(phone, phone.getByRole('button', { name: 'Kirim permohonan', exact: true }), /\/permohonan\/SP-/);
  const application = new URL(phone.url()).pathname;
  assert.equal(await textOf(phone, '#app-status'), 'Menunggu pembayaran');

  // The bill: what is owed, a QR code to scan, virtual accounts.
  await clickAndWait(phone, phone.getByRole('link', { name: 'Bayar sekarang' }), /\/tagihan\/\d{16}$/);
  const bill = new URL(phone.url()).pathname.split('/').pop();
  assert.equal(await textOf(phone, '#bill-amount'), 'Rp75.000');
  assert.equal(await phone.locator('.sp-qr-box svg').count(), 1, 'a QR code to scan');
  await checkA11y(phone, 'bill with QRIS');
  const payload = (await phone.locator('#qris-payload').textContent()).trim();
  const qr = emvqr.decode(payload); // throws on a wrong CRC
  assert.equal(qr['00'].data, '01');
  assert.equal(qr['01'].data, '12', 'dynamic: for this bill only');
  assert.match(qr['26'].data['00'].data, /^ID\.CO\.[A-Z]+\.WWW$/, "the acquirer's reverse domain");
  assert.equal(qr['51'].data['00'].data, 'ID.CO.QRIS.WWW', 'the national QRIS merchant id');
  assert.match(qr['53'].data, /^360/, 'rupiah');
  assert.equal(qr['54'].data, '75000');
  assert.match(qr['58'].data, /^ID/);
  assert.ok(qr['59'].data.length > 0 && qr['60'].data.length > 0, 'merchant name and city');
  assert.equal(qr['62'].data['01'].data, bill, 'the billing code travels as the bill number');

  // The gateway confirms the payment.
  const res = await fetch(`${j.baseUrl}/api/v1/payments/notifications`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(settlement(bill, `e2e-${Date.now()}`, '75000.00')),
  });
  assert.equal(res.status, 200);
  const { result, receipt_number: receipt } = await res.json();
  assert.equal(result, 'settled');

  await phone.reload();
  assert.equal(await textOf(phone, '#bill-status'), 'Lunas');
  assert.equal(await phone.locator('#qris-payload').count(), 0, 'nothing more to pay');
  await checkA11y(phone, 'paid bill');
  const [download] = await Promise.all([
    phone.waitForEvent('download'),
    phone.getByRole('link', { name: 'Unduh kuitansi (PDF)' }).click(),
  ]);
  const pdf = await readFile(await download.path());
  assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
  assert.ok(pdf.toString('latin1').includes(receipt), 'the receipt number is printed');
  await clickAndWait(phone, phone.getByRole('link', { name: 'Periksa keaslian kuitansi' }), /\/kuitansi\//);
  assert.equal(await textOf(phone, '#verdict .govuk-panel__title'), 'Kuitansi ini asli');
  await checkA11y(phone, 'receipt verification');
  await phone.goto(application);
  assert.equal(await textOf(phone, '#app-status'), 'Diajukan', 'paid: the application goes on');
  await phone.goto('/akun/tagihan');
  assert.ok((await phone.locator('.sp-card').first().textContent()).includes('Lunas'));
  await checkA11y(phone, 'my bills');

  // The treasurer: the day's report counts it; a mistyped code at the counter is explained.
  const desk = await j.newPage(DESKTOP);
  await desk.goto('/masuk');
  await signInWithForm(desk, TREASURER.login, TREASURER.password);
  await desk.goto('/kelola/pembayaran/laporan');
  assert.match(await textOf(desk, '#report tbody'), /Rp75\.000 \(1\)/);
  await checkA11y(desk, 'revenue report');
  await desk.goto('/kelola/pembayaran');
  await checkA11y(desk, 'payment queue');
  await desk.goto('/kelola/pembayaran/loket');
  await desk.getByLabel('Kode bayar').fill('1234 5678');
  await clickAndWait(desk, desk.getByRole('button', { name: 'Cari tagihan' }), /kode=/);
  assert.match(await textOf(desk, '.govuk-error-summary'), /16 angka/);
  await checkA11y(desk, 'counter with an error');
}));

test('look up a vehicle tax by plate without JavaScript and pay it', journey(env, 'tax', async (j) => {
  const phone = await j.newPage({ ...PHONE, javaScriptEnabled: false });
  await phone.goto('/');
  await clickAndWait(phone, phone.getByRole('link', { name: 'Cek dan bayar pajak daerah' }), /\/pajak$/);
  // A mistyped plate: the field says what is wanted.
  await phone.getByLabel('Nomor polisi kendaraan').fill('1234');
  await clickAndWait(phone, phone.getByRole('button', { name: 'Cek PKB' }), /plat=/);
  assert.match(await textOf(phone, '#plat-error'), /Masukkan nomor polisi seperti L 1234 AB/);
  await checkA11y(phone, 'tax lookup with an error');
  await phone.getByLabel('Nomor polisi kendaraan').fill('l 1234 ab');
  await clickAndWait(phone, phone.getByRole('button', { name: 'Cek PKB' }), /\/pajak\/pkb\/L1234AB$/);
  assert.equal(await textOf(phone, '#tax-number'), 'L 1234 AB');
  assert.equal(await textOf(phone, '#tax-owner'), 'Si** Ra****', "the owner's name is masked");
  assert.equal(await textOf(phone, '#tax-owed'), 'Rp312.000');
  await checkA11y(phone, 'vehicle tax');
  await clickAndWait(phone, phone.getByRole('link', { name: 'Bayar Rp312.000' }), /\/tagihan\/\d{16}$/);
  const bill = new URL(phone.url()).pathname.split('/').pop();
  assert.equal(await textOf(phone, '#bill-amount'), 'Rp312.000');
  const qr = emvqr.decode((await phone.locator('#qris-payload').textContent()).trim());
  assert.equal(qr['54'].data, '312000');
  assert.equal(qr['62'].data['01'].data, bill);
  const res = await fetch(`${j.baseUrl}/api/v1/payments/notifications`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(settlement(bill, `e2e-tax-${Date.now()}`, '312000.00')),
  });
  assert.equal((await res.json()).result, 'settled');
  await phone.goto('/pajak/pkb/L1234AB');
  assert.equal(await textOf(phone, '#tax-owed'), 'Rp0');
  assert.match(await textOf(phone, '.sp-tax-bills'), /Lunas/);
}));
