// The reporting journey (issue 5): on a phone, Budi reports a pothole; Siti, standing at the same
// place, reports it too with a photo, her phone's GPS and a dragged map pin, is shown Budi's
// report as a possible duplicate and sends hers anyway; the coordinator dispatches it to the
// public works agency, which resolves it with a response template; a signed-out visitor's map
// shows it resolved. Then the same reporting without JavaScript: region pickers and an address.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import zlib from 'node:zlib';

import {
  PHONE,
  DESKTOP,
  sharedEnv,
  journey,
  checkA11y,
  clickAndWait,
  textOf,
  registerCitizen,
  signInWithForm,
  apiToken,
  apiPost,
  apiReport,
  DEMO,
} from '../lib/harness.mjs';

const env = sharedEnv({ before, after });

const { siti: SITI, budi: BUDI, coordinator: COORDINATOR, dpupr: DPUPR } = DEMO;
/** Gedung Sate, Bandung. */
const PLACE = Object.freeze({ latitude: -6.90249, longitude: 107.61872 });
const REPORT_PATH = /^\/laporan\/(LP-\d{4}-\d{6})$/;

/** A small PNG photo (solid colour), as a Buffer. */
function png(width = 16, height = 12) {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type, data) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; ihdr[9] = 2; ihdr[10] = 0; ihdr[11] = 0; ihdr[12] = 0;
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(width * 3, 0x66)]);
  const raw = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

async function submitAndWait(page, locator) {
  await Promise.all([
    page.waitForEvent('framenavigated', { predicate: (f) => f === page.mainFrame(), timeout: 30_000 }),
    locator.click(),
  ]);
  await page.waitForLoadState('load');
  return new URL(page.url()).pathname;
}

/** Fills the report form's category, description and privacy. */
async function describe(page, text, privacy = 'public') {
  await page.locator('#category-jalan').check();
  await page.locator('#description').fill(text);
  await page.locator(`#privacy-${privacy}`).check();
}

test('reports', async (t) => {
  await t.test('reporting journey', journey(env, 'reporting journey', async (j) => {
    const phone = { ...PHONE, geolocation: PLACE, permissions: ['geolocation'] };

    // Budi reports the pothole first (with the map's GPS button).
    const budi = await j.newPage(phone);
    await signInWithForm(budi, BUDI.login, BUDI.password);
    await budi.goto('/laporan/baru');
    await budi.getByRole('button', { name: 'Gunakan lokasi saya' }).click();
    await budi.waitForFunction(() => document.getElementById('lat-input').value !== '');
    await describe(budi, 'Jalan berlubang besar di depan Gedung Sate, berbahaya untuk pengendara motor');
    const budiPath = await submitAndWait(budi, budi.getByRole('button', { name: 'Kirim laporan', exact: true }));
    const budiCode = budiPath.match(REPORT_PATH)?.[1];
    assert.ok(budiCode, `Budi's report has a code (landed on ${budi.url()})`);

    // Siti: GPS, then she drags the pin a little; the fields follow the pin.
    const siti = await j.newPage(phone);
    await signInWithForm(siti, SITI.login, SITI.password);
    await siti.goto('/laporan/baru');
    const map = siti.locator('#report-map');
    assert.ok(await map.isVisible(), 'the map shows when JavaScript runs');
    await checkA11y(siti, 'report form');
    await siti.getByRole('button', { name: 'Gunakan lokasi saya' }).click();
    await siti.waitForFunction(() => document.getElementById('lat-input').value !== '');
    const gpsLat = Number(await siti.locator('#lat-input').inputValue());
    const gpsLon = Number(await siti.locator('#lon-input').inputValue());
    assert.ok(Math.abs(gpsLat - PLACE.latitude) < 1e-5 && Math.abs(gpsLon - PLACE.longitude) < 1e-5, 'GPS fills the point');
    const pin = siti.locator('.sp-map__marker--pin');
    const at = await pin.boundingBox();
    await siti.mouse.move(at.x + at.width / 2, at.y + at.height / 2);
    await siti.mouse.down();
    await siti.mouse.move(at.x + at.width / 2 + 12, at.y + at.height / 2 + 8, { steps: 4 });
    await siti.mouse.up();
    const lat = Number(await siti.locator('#lat-input').inputValue());
    const lon = Number(await siti.locator('#lon-input').inputValue());
    assert.ok(lat < gpsLat && lon > gpsLon, `dragging the pin south-east moves the point (${lat}, ${lon})`);
    assert.ok(Math.abs(lat - gpsLat) < 0.001 && Math.abs(lon - gpsLon) < 0.001, 'a few metres, not kilometres');
    await describe(siti, 'Ada jalan berlubang besar di depan Gedung Sate, motor bisa jatuh');
    await siti.locator('#photos').setInputFiles({ name: 'lubang.png', mimeType: 'image/png', buffer: png() });
    await submitAndWait(siti, siti.getByRole('button', { name: 'Kirim laporan', exact: true }));

    // The possible duplicate is shown; she sends hers anyway (the photo was kept).
    assert.equal(new URL(siti.url()).pathname, '/laporan/baru', 'the form comes back with a suggestion');
    assert.ok(await siti.locator('#similar').isVisible(), 'a similar report is suggested');
    assert.ok((await textOf(siti, '#similar')).includes(budiCode), `the suggestion is Budi's ${budiCode}`);
    assert.equal(await siti.locator('input[name=photo_ids]').count(), 1, 'the photo is kept');
    await checkA11y(siti, 'report form with a suggestion');
    const sitiPath = await submitAndWait(siti, siti.getByRole('button', { name: 'Tetap kirim laporan saya' }));
    const code = sitiPath.match(REPORT_PATH)?.[1];
    assert.ok(code && code !== budiCode, `Siti's own report (${siti.url()})`);
    assert.equal(await textOf(siti, '#report-status'), 'Diterima');
    assert.equal(await siti.locator('main img[src$="/photos/1"]').count(), 1, 'the photo is on the report page');
    await checkA11y(siti, 'report page');

    // The coordinator dispatches it to the suggested agency.
    const coordinator = await j.newPage(DESKTOP);
    await signInWithForm(coordinator, COORDINATOR.login, COORDINATOR.password);
    await coordinator.goto('/petugas/laporan');
    await checkA11y(coordinator, 'reports inbox');
    await clickAndWait(coordinator, coordinator.locator(`main a[href="/laporan/${code}"]`), (u) => u.pathname === `/laporan/${code}`);
    assert.equal(await coordinator.locator('#agency_id').inputValue(), 'dpupr', 'the classifier suggests DPUPR');
    await checkA11y(coordinator, 'report page for the coordinator');
    await submitAndWait(coordinator, coordinator.getByRole('button', { name: 'Teruskan ke instansi', exact: true }));
    assert.equal(await textOf(coordinator, '#report-status'), 'Diteruskan ke instansi');

    // DPUPR resolves it with a response template (the template fills the note).
    const dpupr = await j.newPage(DESKTOP);
    await signInWithForm(dpupr, DPUPR.login, DPUPR.password);
    await dpupr.goto('/petugas/laporan');
    await clickAndWait(dpupr, dpupr.locator(`main a[href="/laporan/${code}"]`), (u) => u.pathname === `/laporan/${code}`);
    await dpupr.locator('#template').selectOption({ label: 'Sudah diperbaiki' });
    assert.match(await dpupr.locator('#note').inputValue(), /sudah kami perbaiki/);
    await submitAndWait(dpupr, dpupr.getByRole('button', { name: 'Nyatakan selesai', exact: true }));
    assert.equal(await textOf(dpupr, '#report-status'), 'Selesai ditangani');

    // Anyone's map shows it resolved.
    const visitor = await j.newPage(PHONE);
    await visitor.goto('/laporan?status=resolved');
    const marker = visitor.locator(`#report-map a.sp-map__marker[href="/laporan/${code}"]`);
    await marker.waitFor({ state: 'attached' });
    assert.match(await marker.getAttribute('class'), /sp-map__marker--resolved/, 'a resolved marker');
    assert.ok(await marker.isVisible(), 'the marker is inside the map');
    assert.equal(await visitor.locator(`#report-list a[href="/laporan/${code}"]`).count(), 1);
    await checkA11y(visitor, 'public report list and map');
    await clickAndWait(visitor, marker, (u) => u.pathname === `/laporan/${code}`);
    assert.equal(await textOf(visitor, '#report-status'), 'Selesai ditangani');
    assert.match(await textOf(visitor, '#history'), /sudah kami perbaiki/, 'the response is public');
  }));

  await t.test('reporting without javascript', journey(env, 'reporting without javascript', async (j) => {
    const dewi = { nik: '3201014506900005', full_name: 'Dewi Anggraini', email: 'dewi.lapor@warga.example.id', password: 'dewi-rahasia-2026' };
    await registerCitizen(j.baseUrl, dewi);
    const page = await j.newPage({ ...PHONE, javaScriptEnabled: false });
    await signInWithForm(page, dewi.email, dewi.password);
    await page.goto('/laporan/baru');
    assert.equal(await page.locator('#report-map').isVisible(), false, 'no map without JavaScript');
    // Province → regency → district, each loading the next list.
    await page.locator('#prov').selectOption('32');
    await submitAndWait(page, page.getByRole('button', { name: 'Pilih wilayah' }));
    await page.locator('#kab').selectOption('3273');
    await submitAndWait(page, page.getByRole('button', { name: 'Pilih wilayah' }));
    assert.ok((await page.locator('#kec option').count()) > 10, 'the districts of Kota Bandung');
    await page.locator('#kec').selectOption({ index: 1 });
    await submitAndWait(page, page.getByRole('button', { name: 'Pilih wilayah' }));
    await checkA11y(page, 'report form without JavaScript');
    await page.locator('#category-sampah').check();
    await page.locator('#description').fill('Sampah menumpuk di pinggir jalan dekat pasar sejak tiga hari');
    await page.locator('#address').fill('Jl. Pasar Kosambi');
    await page.locator('#privacy-confidential').check();
    const landed = await submitAndWait(page, page.getByRole('button', { name: 'Kirim laporan', exact: true }));
    const code = landed.match(REPORT_PATH)?.[1];
    assert.ok(code, `the report is sent (${page.url()}): ${await textOf(page, 'main')}`);
    assert.equal(await textOf(page, '#report-status'), 'Diterima');
    // A confidential report is not public.
    const visitor = await j.newPage({ ...PHONE, javaScriptEnabled: false });
    const r = await visitor.goto(`/laporan/${code}`);
    assert.equal(r.status(), 404);
    // Her own list, and checking the status, without JavaScript.
    await page.goto('/laporan/saya');
    await clickAndWait(page, page.locator(`main a[href="/laporan/${code}"]`), (u) => u.pathname === `/laporan/${code}`);
    assert.equal(await textOf(page, '#report-status'), 'Diterima');
  }));

  await t.test('public list, filters and status without javascript', journey(env, 'report list without javascript', async (j) => {
    // Two public reports through the API: Siti's pothole (dispatched to DPUPR) and Budi's rubbish.
    const siti = await apiToken(j.baseUrl, SITI.login, SITI.password);
    const budi = await apiToken(j.baseUrl, BUDI.login, BUDI.password);
    const coordinator = await apiToken(j.baseUrl, COORDINATOR.login, COORDINATOR.password);
    const road = (await apiReport(j.baseUrl, siti, {
      category: 'jalan', description: 'Aspal amblas di tikungan Jalan Cisangkuy, sudah dua motor jatuh',
      lat: -6.9003, lon: 107.6231,
    })).code;
    const rubbish = (await apiReport(j.baseUrl, budi, {
      category: 'sampah', description: 'Tumpukan sampah di bahu Jalan Supratman belum diangkut seminggu',
      lat: -6.9040, lon: 107.6290,
    })).code;
    await apiPost(j.baseUrl, coordinator, `/api/v1/reports/${road}/actions`, { action: 'dispatch', agency_id: 'dpupr' });

    const page = await j.newPage({ ...PHONE, javaScriptEnabled: false });
    await page.goto('/laporan');
    assert.equal(await page.locator('#report-map').isVisible(), false, 'no map without JavaScript');
    const listed = async (code) => (await page.locator(`#report-list a[href="/laporan/${code}"]`).count()) === 1;
    assert.ok((await listed(road)) && (await listed(rubbish)), 'both reports are listed');

    // The filters sit in a <details> that opens without JavaScript.
    await page.locator('details.govuk-details > summary').first().click();
    await page.locator('#category').selectOption('jalan');
    const apply = page.locator('form.sp-filters button[type=submit]');
    await submitAndWait(page, apply);
    assert.equal(new URL(page.url()).searchParams.get('category'), 'jalan');
    assert.ok((await listed(road)) && !(await listed(rubbish)), 'only the road report is left');
    assert.ok(await page.locator('#category').isVisible(), 'the filters stay open while filtering');
    await checkA11y(page, 'filtered report list without JavaScript');

    // The status filter, and the region pickers (the province's regencies come after applying).
    await page.locator('#status').selectOption('received');
    await submitAndWait(page, apply);
    assert.ok(!(await listed(road)), 'the dispatched report is not among the received ones');
    await page.locator('#status').selectOption('dispatched');
    await submitAndWait(page, apply);
    assert.ok(await listed(road), 'the dispatched report is found by its status');
    // (A report sent with a map point and no region code is not found by region.)
    await page.locator('#prov').selectOption('32');
    await submitAndWait(page, apply);
    assert.ok((await page.locator('#kab option').count()) > 10, 'the regencies of Jawa Barat can now be chosen');
    await page.locator('#kab').selectOption('3273');
    await submitAndWait(page, apply);
    assert.equal(new URL(page.url()).searchParams.get('kab'), '3273');
    assert.equal(await page.locator('#kab').inputValue(), '3273', 'the regency stays chosen');

    // Checking the status of a report, signed out and without JavaScript: by its address.
    await page.goto(`/laporan/${road}`);
    assert.equal(await textOf(page, '#report-status'), 'Diteruskan ke instansi');
    assert.match(await textOf(page, '#history'), /Diteruskan|instansi/i, 'the history shows the dispatch');
    assert.equal(await page.locator('#reporter-contact').count(), 0, "the reporter's contact is not shown to the public");
    // And as its reporter, who sees the same status.
    const reporter = await j.newPage({ ...PHONE, javaScriptEnabled: false });
    await signInWithForm(reporter, SITI.login, SITI.password);
    await reporter.goto('/laporan/saya');
    await clickAndWait(reporter, reporter.locator(`main a[href="/laporan/${road}"]`), (u) => u.pathname === `/laporan/${road}`);
    assert.equal(await textOf(reporter, '#report-status'), 'Diteruskan ke instansi');
    await checkA11y(reporter, 'report page for its reporter without JavaScript');
  }));
});
