// Admin console journey (issue 14): the super admin creates a staff account in the console
// (the initial password is shown once), the auditor finds the act in the audit log and
// downloads it as CSV.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';

import {
  DESKTOP,
  sharedEnv,
  journey,
  checkA11y,
  clickAndWait,
  textOf,
  signInWithForm,
  passTotp,
} from '../lib/harness.mjs';

const env = sharedEnv({ before, after });

const SUPERADMIN = { email: 'superadmin@satupintu.example.id', password: 'superadmin-demo-2026' };
const AUDITOR = { email: 'auditor@inspektorat.example.id', password: 'auditor-demo-2026' };
const NEW_STAFF = { name: 'Rina Petugas Uji', email: 'rina.e2e@disdukcapil.example.id' };

async function signIn(j, who) {
  const page = await j.newPage(DESKTOP);
  const step = await signInWithForm(page, who.email, who.password);
  if (step.startsWith('/masuk/2fa')) {
    await passTotp(page, await j.server.totpSecretFor(who.email));
  }
  return page;
}

test(
  'super admin creates a staff member; the auditor sees it in the audit log and downloads the CSV',
  { timeout: 180_000 },
  journey(env, 'admin console journey', async (j) => {
    const admin = await signIn(j, SUPERADMIN);
    await admin.goto('/kelola/admin');
    assert.equal(await textOf(admin, 'h1'), 'Konsol admin');
    await clickAndWait(admin, admin.locator('main a[href="/kelola/admin/petugas"]'), /\/kelola\/admin\/petugas$/);
    await checkA11y(admin, 'staff console');
    await admin.locator('#name').fill(NEW_STAFF.name);
    await admin.locator('#email').fill(NEW_STAFF.email);
    await admin.locator('#agency').selectOption('disdukcapil');
    await admin.locator('#role').selectOption('officer');
    // The answer is the same page with the password (a POST answer, never a URL with it).
    await admin.getByRole('button', { name: 'Buat akun', exact: true }).click();
    await admin.locator('#initial-password').waitFor();
    await admin.waitForLoadState('load');
    const password = (await admin.locator('#initial-password').textContent()).trim();
    assert.ok(password.length >= 16, 'the initial password is shown once');
    assert.ok((await textOf(admin, 'main table')).includes(NEW_STAFF.name), 'the new account is listed');

    // The new officer signs in with the initial password.
    const officer = await j.newPage(DESKTOP);
    assert.equal(await signInWithForm(officer, NEW_STAFF.email, password), '/akun');

    // The auditor reads the audit log and downloads it.
    const auditor = await signIn(j, AUDITOR);
    await auditor.goto('/kelola/audit?aksi=staff.create');
    assert.equal(await textOf(auditor, 'h1'), 'Log audit');
    const rows = auditor.locator('main table tbody tr');
    const row = rows.filter({ hasText: 'staff.create' }).filter({ hasText: 'Putri Superadmin' });
    assert.ok((await row.count()) >= 1, 'the act is in the log with its actor');
    await checkA11y(auditor, 'audit log');
    const [download] = await Promise.all([
      auditor.waitForEvent('download'),
      auditor.getByRole('link', { name: 'Unduh CSV' }).click(),
    ]);
    const csv = await readFile(await download.path(), 'utf8');
    const lines = csv.trim().split(/\r?\n/);
    assert.equal(lines[0], 'id,at,actor_user_id,actor_label,action,target_type,target_id,detail_json,request_id');
    assert.ok(lines.some((l) => l.includes('staff.create') && l.includes('Putri Superadmin') && /,[0-9a-f]{32}$/.test(l)), csv);
    assert.ok(!csv.includes(password), 'no password in the export');
  }),
);
