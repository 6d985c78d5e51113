// IoT work orders, officer journey (issue 11): the DPUPR officer goes on duty, opens the demo's
// pump-house work order (the pond rose past its limit in the demo's readings), acknowledges it,
// is told it cannot be closed while the pond is still high; the pump-house logger then reports
// a normal level through the HTTP ingestion endpoint, and the officer closes the work order
// with a note. Every page passes axe; every step is a plain form post (works without JS).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { sharedEnv, journey, checkA11y, clickAndWait, textOf, signInWithForm, DEMO } from '../lib/harness.mjs';

const env = sharedEnv({ before, after });

/** The demo's Kenjeran pump-house logger (its token is printed by `serve --demo`). */
const KENJERAN = Object.freeze({ token: 'iot-demo-kenjeran-2026', sensor: 'kenjeran-tma' });

test(
  'officer: on duty, acknowledge a sensor work order, close it once values are normal',
  { timeout: 180_000 },
  journey(env, 'iot work order journey', async (j) => {
    const page = await j.newPage({ locale: 'id-ID' });
    await signInWithForm(page, DEMO.dpupr.login, DEMO.dpupr.password);

    await page.goto('/kelola/iot/perintah-kerja');
    assert.equal(await textOf(page, 'h1'), 'Perintah kerja sensor');
    await checkA11y(page, 'work orders');

    // On duty.
    await clickAndWait(page, page.getByRole('button', { name: 'Mulai piket' }), /ok=duty-on/);
    assert.match(await textOf(page, '#duty-status'), /sedang piket/);

    // The open pump-house order.
    const row = page.locator('#table-wo tr[data-status="open"]', { hasText: 'Rumah Pompa Kenjeran' });
    assert.equal(await row.count(), 1, 'the demo has one open order at Kenjeran');
    const link = row.locator('a').first();
    const code = (await link.textContent()).trim();
    await clickAndWait(page, link, new RegExp(`/kelola/iot/perintah-kerja/${code}$`));
    assert.equal(await textOf(page, 'h1'), `Perintah kerja ${code}`);
    await checkA11y(page, 'work order');
    assert.ok(await page.locator('#wo-close-later').isVisible(), 'not closable while open');

    await clickAndWait(page, page.locator('#wo-acknowledge'), /ok=acknowledged/);
    assert.match(await textOf(page, '#wo-timeline'), /Diterima petugas/);

    // The logger reports a normal pond level.
    const res = await fetch(`${j.baseUrl}/api/v1/iot/readings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${KENJERAN.token}` },
      body: JSON.stringify([{ sensor: KENJERAN.sensor, value: 120.5 }]),
      signal: AbortSignal.timeout(15_000),
    });
    assert.ok(res.status >= 200 && res.status < 300, `POST /api/v1/iot/readings: ${res.status} ${await res.text()}`);

    await page.reload();
    assert.match(await textOf(page, '#wo-status'), /Normal/);
    // A note is required.
    await clickAndWait(page, page.locator('#wo-close'), new RegExp(`/kelola/iot/perintah-kerja/${code}/tutup$`));
    assert.ok(await page.locator('.govuk-error-summary').isVisible(), 'error summary for the missing note');
    await checkA11y(page, 'close without a note');
    await page.locator('#note').fill('Pompa 2 dinyalakan, kolam sudah surut.');
    await clickAndWait(page, page.locator('#wo-close'), /ok=closed/);
    assert.match(await textOf(page, '#wo-status'), /Ditutup/);
    assert.match(await textOf(page, '#wo-timeline'), /Pompa 2 dinyalakan/);
  }),
);
