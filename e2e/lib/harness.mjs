// Shared harness for the SatuPintu browser journeys.
//
// - startServer(): runs `satupintu serve --demo` on a fresh data directory and
//   a free loopback port, waits for GET /readyz, keeps its output (the demo
//   banner carries the staff TOTP secrets) and stops it again.
// - launchBrowser(): Debian's Chromium through playwright-core.
// - checkA11y(): axe-core (WCAG 2.0/2.1 A and AA); serious or critical
//   violations fail the test.
// - journey(): wraps a test body; on failure every open page is saved as a
//   full-page screenshot in e2e/artifacts/<test-name>.png.
// - totp(): RFC 6238 (SHA-1, 6 digits, 30 s).

import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import assert from 'node:assert/strict';

import { chromium } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';

export const E2E_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const ARTIFACTS_DIR = path.join(E2E_DIR, 'artifacts');

/** Phone-sized context for the citizen journeys; an Indonesian visitor. */
export const PHONE = Object.freeze({
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 1,
  isMobile: true,
  hasTouch: true,
  locale: 'id-ID',
});

/** Desktop-sized context; an Indonesian visitor. */
export const DESKTOP = Object.freeze({
  viewport: { width: 1280, height: 800 },
  locale: 'id-ID',
});

/** The agency admin that `serve --demo` creates (TOTP secret printed in its banner). */
export const DEMO_ADMIN = Object.freeze({
  email: 'admin@disdukcapil.example.id',
  password: 'admin-demo-2026',
});

// ---------------------------------------------------------------------------
// Server

async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

export function serverBinary() {
  const fromEnv = process.env.SATUPINTU_BIN;
  return fromEnv
    ? path.resolve(process.cwd(), fromEnv)
    : path.join(E2E_DIR, '..', 'target', 'debug', 'satupintu');
}

/**
 * Starts `satupintu serve --demo` and resolves once /readyz answers 200.
 * `env` adds environment variables for the server only (configuration such as
 * `SATUPINTU_OIDC_ISSUER`; see `oidcEnv()`), over this process's environment.
 * Returns { baseUrl, output(), totpSecretFor(email), stop() }.
 */
export async function startServer({ readyTimeoutMs = 60_000, env = {} } = {}) {
  const bin = serverBinary();
  const dataDir = await mkdtemp(path.join(tmpdir(), 'satupintu-e2e-'));
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  let out = '';
  let exited = null;

  const child = spawn(
    bin,
    ['serve', '--demo', '--data-dir', dataDir, '--listen', `127.0.0.1:${port}`],
    {
      cwd: dataDir,
      env: { ...process.env, SATUPINTU_LOG: process.env.SATUPINTU_LOG ?? 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stdout.on('data', (d) => { out += d; });
  child.stderr.on('data', (d) => { out += d; });
  const exitedP = new Promise((resolve) => {
    child.on('exit', (code, signal) => { exited = { code, signal }; resolve(exited); });
    child.on('error', (err) => { exited = { error: err }; out += `\n[spawn error] ${err.message}\n`; resolve(exited); });
  });

  async function stop() {
    if (!exited) {
      child.kill('SIGTERM');
      // Unref'd timers: a pending grace period must not keep the test process alive.
      const done = await Promise.race([exitedP, sleep(10_000, null, { ref: false })]);
      if (!done && !exited) {
        child.kill('SIGKILL');
        await Promise.race([exitedP, sleep(5_000, null, { ref: false })]);
      }
    }
    await rm(dataDir, { recursive: true, force: true }).catch(() => {});
  }

  const deadline = Date.now() + readyTimeoutMs;
  for (;;) {
    if (exited) {
      await stop();
      throw new Error(`satupintu (${bin}) exited before it was ready: ${JSON.stringify(exited)}\n${out}`);
    }
    try {
      const res = await fetch(`${baseUrl}/readyz`, { signal: AbortSignal.timeout(2_000) });
      if (res.status === 200) break;
    } catch { /* not listening yet */ }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`satupintu did not answer GET /readyz with 200 within ${readyTimeoutMs} ms\n${out}`);
    }
    await sleep(200);
  }

  return {
    baseUrl,
    dataDir,
    output: () => out,
    /** The TOTP secret printed by `serve --demo` for the staff account `email`. */
    async totpSecretFor(email, timeoutMs = 5_000) {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const lines = out.split('\n');
        const at = lines.findIndex((l) => l.includes(email));
        if (at >= 0) {
          for (const l of lines.slice(at + 1)) {
            const m = l.match(/TOTP secret \(authenticator app\):\s*([A-Z2-7]+=*)/);
            if (m) return m[1];
          }
        }
        if (Date.now() > until) throw new Error(`no TOTP secret for ${email} in the server output:\n${out}`);
        await sleep(100);
      }
    },
    stop,
  };
}

// ---------------------------------------------------------------------------
// OpenID Connect provider (national sign-in)

/** The test provider: panva's certified oidc-provider, crates/satupintu/tests/oidc/provider.mjs. */
export const OIDC_PROVIDER_DIR = path.join(E2E_DIR, '..', 'crates', 'satupintu', 'tests', 'oidc');
/** Its client for SatuPintu (see provider.mjs). */
export const OIDC_CLIENT = Object.freeze({ id: 'satupintu', secret: 'rahasia-klien-satupintu' });

/**
 * The real OpenID Connect provider for the national sign-in journeys: the one `scripts/test`
 * started (`SATUPINTU_TEST_OIDC`), or one started here on a free port (stopped by stop()).
 * Returns { issuer, stop() }.
 */
export async function startOidcProvider({ readyTimeoutMs = 20_000 } = {}) {
  const given = process.env.SATUPINTU_TEST_OIDC?.trim();
  if (given) return { issuer: given.replace(/\/+$/, ''), stop: async () => {} };
  const child = spawn(process.execPath, ['provider.mjs'], {
    cwd: OIDC_PROVIDER_DIR,
    env: { ...process.env, OIDC_PORT: '0', OIDC_EXIT_WITH_STDIN: '1' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (d) => { out += d; });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  const issuer = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the OpenID Connect provider did not start:\n${out}`)), readyTimeoutMs);
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/listening on (http:\/\/[0-9.:]+)/);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`the OpenID Connect provider exited (${code}):\n${out}`)); });
  });
  return {
    issuer,
    async stop() {
      child.stdin.end();
      child.kill('SIGTERM');
      await Promise.race([exited, sleep(5_000, null, { ref: false })]);
    },
  };
}

/** The server's configuration for national sign-in against `issuer` (environment variables). */
export function oidcEnv(issuer) {
  return {
    SATUPINTU_OIDC_ISSUER: issuer,
    SATUPINTU_OIDC_CLIENT_ID: OIDC_CLIENT.id,
    SATUPINTU_OIDC_CLIENT_SECRET: OIDC_CLIENT.secret,
  };
}

/**
 * Signs in at the provider's own (development) sign-in and consent pages as `account` (any
 * password is accepted there), and waits until the browser is back at SatuPintu.
 */
export async function signInAtProvider(page, issuer, account, backTo) {
  const atProvider = (u) => u.href.startsWith(issuer);
  const back = (u) => u.href.startsWith(backTo);
  await page.waitForURL(atProvider, { waitUntil: 'load' });
  await page.locator('input[name=login]').fill(account);
  await page.locator('input[name=password]').fill('sandi-apa-saja');
  const login = page.url();
  await clickAndWait(page, page.locator('button[type=submit]').first(), (u) => back(u) || u.href !== login);
  // The consent step (the first time this account grants the scopes to the client).
  if (atProvider(new URL(page.url())) && (await page.locator('input[name=prompt][value=consent]').count())) {
    await clickAndWait(page, page.locator('button[type=submit]').first(), back);
  }
  await page.waitForURL(back, { waitUntil: 'load' });
}

// ---------------------------------------------------------------------------
// Browser

export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** Clicks `locator` and waits until the page has loaded a URL matching `url`. */
export async function clickAndWait(page, locator, url) {
  await Promise.all([page.waitForURL(url, { waitUntil: 'load' }), locator.click()]);
}

/** Presses `key` and waits until the page has loaded a URL matching `url`. */
export async function pressAndWait(page, key, url) {
  await Promise.all([page.waitForURL(url, { waitUntil: 'load' }), page.keyboard.press(key)]);
}

/** Trimmed, whitespace-collapsed text of the first element matching `selector`. */
export async function textOf(page, selector) {
  const t = await page.locator(selector).first().textContent();
  return (t ?? '').replace(/\s+/g, ' ').trim();
}

// ---------------------------------------------------------------------------
// Accounts

/** Registers a citizen through `POST /api/v1/auth/register` ({nik, full_name, email, password}). */
export async function registerCitizen(baseUrl, citizen) {
  const res = await fetch(`${baseUrl}/api/v1/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(citizen),
    signal: AbortSignal.timeout(15_000),
  });
  const body = await res.text();
  assert.equal(res.status, 201, `POST /api/v1/auth/register for ${citizen.email}: ${res.status} ${body}`);
  return JSON.parse(body);
}

/** Signs in through `POST /api/v1/auth/login` ({login, password}); returns the bearer token. */
export async function apiToken(baseUrl, login, password) {
  const res = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login, password }),
    signal: AbortSignal.timeout(15_000),
  });
  const body = await res.text();
  assert.equal(res.status, 200, `POST /api/v1/auth/login for ${login}: ${res.status} ${body}`);
  return JSON.parse(body).token;
}

/** `POST baseUrl+path` with a JSON body and a bearer token; asserts the status, returns the JSON answer. */
export async function apiPost(baseUrl, token, path, body, status = 200) {
  const res = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(15_000),
  });
  const text = await res.text();
  assert.equal(res.status, status, `POST ${path}: ${res.status} ${text}`);
  return JSON.parse(text);
}

/** Demo accounts (`serve --demo`; officers have no TOTP). */
export const DEMO = Object.freeze({
  siti: Object.freeze({ login: 'siti@warga.example.id', password: 'warga-demo-2026' }),
  budi: Object.freeze({ login: 'budi@warga.example.id', password: 'warga-demo-2026' }),
  coordinator: Object.freeze({ login: 'koordinator@diskominfo.example.id', password: 'petugas-demo-2026' }),
  dpupr: Object.freeze({ login: 'petugas@dpupr.example.id', password: 'petugas-demo-2026' }),
  disdukcapil: Object.freeze({ login: 'petugas@disdukcapil.example.id', password: 'petugas-demo-2026' }),
  doctor: Object.freeze({ login: 'dokter@dinkes.example.id', password: 'petugas-demo-2026' }),
  pharmacy: Object.freeze({ login: 'apotek@dinkes.example.id', password: 'petugas-demo-2026' }),
});

/** Gedung Sate, Bandung. */
export const GEDUNG_SATE = Object.freeze({ lat: -6.90249, lon: 107.61872 });

/** A citizen's new report through `POST /api/v1/reports`; returns its view ({code, status, ...}). */
export async function apiReport(baseUrl, token, report) {
  return apiPost(baseUrl, token, '/api/v1/reports', {
    category: 'jalan',
    privacy: 'public',
    lat: GEDUNG_SATE.lat,
    lon: GEDUNG_SATE.lon,
    ...report,
  }, 201);
}

/**
 * Signs in through the /masuk form and waits for the next page (/akun, or
 * /masuk/2fa for staff). Returns the pathname the form led to.
 */
export async function signInWithForm(page, login, password) {
  await page.goto('/masuk');
  await page.locator('#login').fill(login);
  await page.locator('#password').fill(password);
  await clickAndWait(
    page,
    page.locator('main form button[type=submit]'),
    (u) => u.pathname !== '/masuk',
  );
  return new URL(page.url()).pathname;
}

/** Completes the TOTP step on /masuk/2fa and waits for /akun. */
export async function passTotp(page, secret) {
  await page.locator('#code').fill(await freshTotp(secret));
  await clickAndWait(page, page.locator('main form button[type=submit]'), (u) => !u.pathname.startsWith('/masuk'));
  return new URL(page.url()).pathname;
}

// ---------------------------------------------------------------------------
// Accessibility

export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const BLOCKING = new Set(['serious', 'critical']);

function describeViolations(violations) {
  return violations
    .map((v) => {
      const targets = v.nodes
        .map((n) => `      - ${n.target.join(' ')}${n.failureSummary ? `\n        ${n.failureSummary.replace(/\n/g, ' ')}` : ''}`)
        .join('\n');
      return `  * ${v.id} [${v.impact}] ${v.help} (${v.helpUrl})\n${targets}`;
    })
    .join('\n');
}

/**
 * Runs axe on the page as it is now and returns a description of its serious
 * or critical violations (null if there are none); minor and moderate ones are
 * written to stderr.
 */
export async function a11yProblems(page, label) {
  if (NO_JS_CONTEXTS.has(page.context())) return a11yProblemsWithoutJs(page, label);
  // Legacy mode runs axe.run() inside the page instead of axe.runPartial() per
  // frame plus axe.finishRun() in a new blank page: the same rules and results,
  // about twice as fast. It only skips cross-origin frames, which the site's
  // CSP (default-src 'self') does not allow anyway.
  const results = await new AxeBuilder({ page }).withTags(AXE_TAGS).setLegacyMode().analyze();
  const blocking = results.violations.filter((v) => BLOCKING.has(v.impact));
  const other = results.violations.filter((v) => !BLOCKING.has(v.impact));
  if (other.length) {
    process.stderr.write(`axe (${label}, ${page.url()}): non-blocking violations\n${describeViolations(other)}\n`);
  }
  if (!blocking.length) return null;
  return (
    `axe: ${blocking.length} serious/critical WCAG violation(s) on "${label}" (${page.url()}):\n` +
    describeViolations(blocking)
  );
}

/** Browser contexts made with `javaScriptEnabled: false` (axe cannot run inside their pages). */
const NO_JS_CONTEXTS = new WeakSet();

/**
 * axe for a page whose context runs no JavaScript (axe's own script would never answer there):
 * the page's DOM as it is now, served again at its address in a throwaway context that runs
 * axe but blocks the site's scripts, so that the page is checked as a visitor without
 * JavaScript gets it.
 */
async function a11yProblemsWithoutJs(page, label) {
  const url = page.url();
  const html = await page.content();
  const ctx = await page.context().browser().newContext({
    viewport: page.viewportSize() ?? undefined,
    storageState: await page.context().storageState(),
  });
  try {
    const copy = await ctx.newPage();
    await copy.route('**/*', (route) => {
      const req = route.request();
      if (req.resourceType() === 'document' && req.url() === url) {
        return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html });
      }
      if (req.resourceType() === 'script') return route.abort();
      return route.continue();
    });
    await copy.goto(url, { waitUntil: 'load' });
    const problems = await a11yProblems(copy, `${label}, without JavaScript`);
    return problems && problems.replace(copy.url(), url);
  } finally {
    await ctx.close().catch(() => {});
  }
}

/**
 * Runs axe on the page as it is now. Fails on serious or critical
 * violations; minor and moderate ones are written to stderr.
 */
export async function checkA11y(page, label) {
  const problems = await a11yProblems(page, label);
  if (problems) assert.fail(problems);
}

// ---------------------------------------------------------------------------
// Focus

/** Describes document.activeElement: tag, id, classes, href, text, visibility, focus style. */
export async function focused(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const cs = getComputedStyle(el);
    const r = el.getBoundingClientRect();
    const outline =
      cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0 &&
      !/rgba\(\d+, \d+, \d+, 0\)|transparent/.test(cs.outlineColor);
    const shadow = cs.boxShadow && cs.boxShadow !== 'none';
    return {
      tag: el.tagName.toLowerCase(),
      id: el.id || null,
      className: typeof el.className === 'string' ? el.className : '',
      href: el.getAttribute('href'),
      text: (el.textContent || '').replace(/\s+/g, ' ').trim(),
      visible: r.width > 0 && r.height > 0 && cs.visibility !== 'hidden' && cs.display !== 'none' &&
        r.bottom > 0 && r.right > 0 && r.left < window.innerWidth && r.top < window.innerHeight,
      focusIndicator: Boolean(outline || shadow),
      matchesFocusVisible: el.matches(':focus-visible'),
    };
  });
}

/** Asserts that the focused element matches `selector` and shows a visible focus indicator. */
export async function assertFocus(page, selector, what = selector) {
  const info = await focused(page);
  assert.ok(info, `expected focus on ${what}, but nothing is focused`);
  const isIt = await page.evaluate((sel) => document.activeElement?.matches(sel) ?? false, selector);
  assert.ok(isIt, `expected focus on ${what} (${selector}), got ${JSON.stringify(info)}`);
  assert.ok(info.visible, `focused ${what} is not visible on screen: ${JSON.stringify(info)}`);
  assert.ok(info.matchesFocusVisible, `focused ${what} does not match :focus-visible: ${JSON.stringify(info)}`);
  assert.ok(info.focusIndicator, `focused ${what} has no focus indicator (outline/box-shadow): ${JSON.stringify(info)}`);
  return info;
}

// ---------------------------------------------------------------------------
// TOTP (RFC 6238 / RFC 4226)

export function base32Decode(s) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const clean = s.toUpperCase().replace(/=+$/, '').replace(/\s+/g, '');
  let bits = 0;
  let value = 0;
  const bytes = [];
  for (const ch of clean) {
    const idx = alphabet.indexOf(ch);
    if (idx < 0) throw new Error(`invalid base32 character ${JSON.stringify(ch)}`);
    value = (value << 5) | idx;
    bits += 5;
    if (bits >= 8) {
      bytes.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(bytes);
}

export function totp(secretBase32, { timeMs = Date.now(), step = 30, digits = 6 } = {}) {
  const key = base32Decode(secretBase32);
  const counter = Math.floor(timeMs / 1000 / step);
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac('sha1', key).update(msg).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const bin = ((mac[offset] & 0x7f) << 24) | (mac[offset + 1] << 16) | (mac[offset + 2] << 8) | mac[offset + 3];
  return String(bin % 10 ** digits).padStart(digits, '0');
}

/** A code that stays valid for at least `marginS` seconds (waits for the next step if needed). */
export async function freshTotp(secretBase32, marginS = 5) {
  const left = 30 - ((Date.now() / 1000) % 30);
  if (left < marginS) await sleep(left * 1000 + 250);
  return totp(secretBase32);
}

// ---------------------------------------------------------------------------
// Journeys

function slug(name) {
  return name.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 100);
}

/**
 * Wraps a test body. `fn(j)` gets `j.newContext(options)` / `j.newPage(options)`
 * (tracked browser contexts on the shared browser, closed when the test ends)
 * and `j.adopt(page)` (a page that outlives the test, e.g. one reused by
 * several tests, to screenshot on failure). On failure every open page
 * is saved as a full-page screenshot to artifacts/<test-name>.png (further
 * pages as -2, -3, ...) and the server output to artifacts/<test-name>.server.log.
 */
export function journey(getEnv, name, fn) {
  return async (t) => {
    const { browser, server, oidc } = getEnv();
    const base = slug(name);
    const contexts = [];
    const adopted = [];
    await mkdir(ARTIFACTS_DIR, { recursive: true });
    for (const f of [`${base}.png`, `${base}-2.png`, `${base}-3.png`, `${base}.server.log`]) {
      await rm(path.join(ARTIFACTS_DIR, f), { force: true });
    }
    const j = {
      baseUrl: server.baseUrl,
      server,
      browser,
      oidc,
      t,
      async newContext(options = {}) {
        const ctx = await browser.newContext({ baseURL: server.baseUrl, ...options });
        if (options.javaScriptEnabled === false) NO_JS_CONTEXTS.add(ctx);
        ctx.setDefaultTimeout(15_000);
        ctx.setDefaultNavigationTimeout(30_000);
        contexts.push(ctx);
        return ctx;
      },
      async newPage(options = {}) {
        const ctx = await j.newContext(options);
        return ctx.newPage();
      },
      adopt(page) {
        adopted.push(page);
        return page;
      },
    };
    try {
      await fn(j);
    } catch (err) {
      let n = 0;
      const pages = new Set([...contexts.flatMap((ctx) => ctx.pages()), ...adopted]);
      for (const page of pages) {
        if (page.isClosed() || page.url() === 'about:blank') continue;
        n += 1;
        const file = path.join(ARTIFACTS_DIR, n === 1 ? `${base}.png` : `${base}-${n}.png`);
        try {
          await page.screenshot({ path: file, fullPage: true, timeout: 10_000 });
          process.stderr.write(`screenshot of ${page.url()} saved to ${path.relative(process.cwd(), file)}\n`);
        } catch (e) {
          process.stderr.write(`could not save screenshot ${file}: ${e.message}\n`);
        }
      }
      await writeFile(path.join(ARTIFACTS_DIR, `${base}.server.log`), server.output()).catch(() => {});
      throw err;
    } finally {
      for (const ctx of contexts) await ctx.close().catch(() => {});
    }
  };
}

/**
 * Registers before/after hooks that start one server and one browser for the
 * test file; returns a getter for them. With `oidc: true` the OpenID Connect
 * provider is started too (`env.oidc.issuer`) and the server signs in with it.
 */
export function sharedEnv({ before, after, oidc = false }) {
  const env = { server: null, browser: null, oidc: null };
  before(async () => {
    if (oidc) env.oidc = await startOidcProvider();
    env.server = await startServer({ env: env.oidc ? oidcEnv(env.oidc.issuer) : {} });
    env.browser = await launchBrowser();
  }, { timeout: 120_000 });
  after(async () => {
    if (env.browser) await env.browser.close().catch(() => {});
    if (env.server) await env.server.stop();
    if (env.oidc) await env.oidc.stop();
  }, { timeout: 60_000 });
  return () => {
    assert.ok(env.server && env.browser, 'server/browser not started');
    return env;
  };
}
