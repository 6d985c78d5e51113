// IoT monitoring views (issue 11): a citizen opens the public flood-and-air page on a phone, with
// and without JavaScript, and a public gauge's charts; the public works officer's dashboard
// updates in place when the Jagir gauge sends a reading through the HTTP ingestion endpoint
// (`POST /api/v1/iot/readings` with the demo device token), and the public page follows.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { mkdir } from 'node:fs/promises';

import {
  PHONE,
  DESKTOP,
  ARTIFACTS_DIR,
  sharedEnv,
  journey,
  checkA11y,
  textOf,
  signInWithForm,
  DEMO,
} from '../lib/harness.mjs';

const env = sharedEnv({ before, after });

test(
  'iot: a citizen reads flood gauges and air quality on /pantau, with and without JavaScript',
  { timeout: 120_000 },
  journey(env, 'iot public page', async (j) => {
    for (const javaScriptEnabled of [false, true]) {
      const page = await j.newPage({ ...PHONE, javaScriptEnabled });
      const res = await page.goto('/pantau');
      assert.equal(res.status(), 200);
      assert.equal(await textOf(page, 'h1'), 'Pantau banjir dan udara');
      const jagir = page.locator('[data-sensor="jagir-tma"]');
      assert.match(await jagir.locator('[data-f="value"]').innerText(), /^\d+(,\d)?$/, 'a water level in cm');
      assert.match(await jagir.locator('[data-f="level"]').innerText(), /Normal|Waspada|Siaga|Awas/);
      const air = page.locator('[data-sensor="tandes-pm25"] [data-f="level"]');
      assert.match(await air.innerText(), /\(ISPU \d+\)/, 'an ISPU category with its index');
      assert.equal(await page.locator('[data-sensor="kenjeran-tma"]').count(), 0, 'staff-only gauges stay hidden');
      if (!javaScriptEnabled) {
        assert.equal(await page.locator('#iot-live a[href="/pantau"]').count(), 1, 'a refresh link without JavaScript');
        await mkdir(ARTIFACTS_DIR, { recursive: true });
        await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'iot-pantau-390.png'), fullPage: true });
      }
      await checkA11y(page, `/pantau (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`);
      await page.locator('a[href="/pantau/pintu-air-jagir"]').first().click();
      await page.waitForURL(/\/pantau\/pintu-air-jagir$/);
      assert.equal(await page.locator('svg#chart-jagir-tma-48j').count(), 1, 'the 48-hour chart');
      assert.equal(await page.locator('svg#chart-jagir-tma-30h').count(), 1, 'the 30-day chart');
      await checkA11y(page, '/pantau/pintu-air-jagir');
    }
  }),
);

test(
  'iot: the staff dashboard and the public page update live when a gauge sends a reading',
  { timeout: 120_000 },
  journey(env, 'iot live dashboard', async (j) => {
    const staff = await j.newPage(DESKTOP);
    assert.equal(await signInWithForm(staff, DEMO.dpupr.login, DEMO.dpupr.password), '/akun');
    await staff.goto('/kelola/iot');
    assert.equal(await textOf(staff, 'h1'), 'Pemantauan infrastruktur');
    const citizen = await j.newPage(PHONE);
    await citizen.goto('/pantau');
    // The streams are open once the pages say so.
    await staff.waitForFunction(() => document.getElementById('iot-live').textContent.includes('langsung'));
    await citizen.waitForFunction(() => document.getElementById('iot-live').textContent.includes('langsung'));

    // The Jagir logger reports a flood level over HTTP (the ingestion endpoint of issue 11).
    const res = await fetch(`${j.baseUrl}/api/v1/iot/readings`, {
      method: 'POST',
      headers: { Authorization: 'Bearer iot-demo-jagir-2026', 'Content-Type': 'application/json' },
      body: JSON.stringify({ sensor: 'jagir-tma', value: 287.4 }),
    });
    assert.ok(res.ok, `ingestion answered ${res.status}: ${await res.text()}`);

    const value = '[data-sensor="jagir-tma"] [data-f="value"]';
    await staff.waitForFunction((sel) => document.querySelector(sel)?.textContent === '287,4', value, { timeout: 10_000 });
    await citizen.waitForFunction((sel) => document.querySelector(sel)?.textContent === '287,4', value, { timeout: 10_000 });
    assert.equal(await textOf(citizen, '[data-sensor="jagir-tma"] [data-f="level"]'), 'Awas', 'the flood level in words');
  }),
);
