// Page weight budget for citizen pages, on a phone: bytes transferred over the
// network (Chrome DevTools Protocol, Network.loadingFinished.encodedDataLength:
// headers and compressed bodies as Chromium received them) for
//   - the first visit, in a fresh browser context (empty cache): ≤ 60 KB;
//   - a repeat visit of the same page in the same context (navigate away and
//     back, so the browser uses its cache as the server's Cache-Control
//     allows): ≤ 15 KB.
// User uploads and map tiles are not part of the budget. Accept-Encoding is
// Chromium's own. A table of every page's figures is printed at the end.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';

import {
  PHONE,
  DESKTOP,
  sharedEnv,
  journey,
  registerCitizen,
  signInWithForm,
  apiToken,
  apiReport,
  DEMO,
} from '../lib/harness.mjs';

const env = sharedEnv({ before, after });

const FIRST_BUDGET = 60 * 1024; // 61,440 bytes
const REPEAT_BUDGET = 15 * 1024; // 15,360 bytes
/** Not part of the budget: user uploads and map tiles. */
const EXCLUDED = [/\/uploads\//, /\/tiles\//];

// [path, who]  who: guest (signed out) | citizen. {report} in a path: a public report (made
// through the API before the first such page).
const PAGES = [
  ['/', 'guest'],
  ['/layanan', 'guest'],
  ['/layanan/akta-kelahiran', 'guest'],
  ['/instansi', 'guest'],
  ['/instansi/disdukcapil', 'guest'],
  ['/cari?q=akte+lahir', 'guest'],
  ['/daftar', 'guest'],
  ['/masuk', 'guest'],
  ['/akun', 'citizen'],
  ['/akun/notifikasi', 'citizen'],
  ['/buku-besar', 'guest'],
  ['/laporan', 'guest'],
  ['/panduan', 'guest'],
  ['/panduan/cara-membuat-ktp-el', 'guest'],
  ['/panduan/cara-membuat-ktp-el?mudah=1', 'guest'],
  ['/hak-warga', 'guest'],
  ['/tampilan', 'guest'],
  ['/laporan/baru', 'citizen'],
  ['/laporan/{report}', 'guest'],
  ['/laporan/statistik', 'guest'],
  ['/asisten', 'guest'],
  ['/asisten', 'citizen'],
  ['/telekonsultasi', 'citizen'],
  ['/akun/akses-kesehatan', 'citizen'],
  ['/janji', 'citizen'],
  ['/janji/baru?layanan=ktp-el-baru', 'citizen'],
  ['/antrean/adm-disdukcapil/layar', 'guest'],
  ['/keterbukaan', 'guest'],
  ['/regulasi', 'guest'],
  ['/regulasi/perda-2024-3', 'guest'],
  ['/anggaran', 'guest'],
  ['/anggaran/2026/dpupr', 'guest'],
  ['/pengadaan', 'guest'],
  ['/pengadaan/PKT-2026-000001', 'guest'],
  ['/data', 'guest'],
  ['/data/kunjungan-puskesmas-bulanan', 'guest'],
  ['/kinerja?agency=disdukcapil', 'guest'],
  ['/partisipasi', 'guest'],
  ['/partisipasi/gagasan', 'guest'],
  ['/partisipasi/gagasan/1', 'citizen'],
  ['/partisipasi/gagasan/baru', 'citizen'],
  ['/partisipasi/anggaran/2', 'citizen'],
  ['/partisipasi/anggaran/1/hasil', 'guest'],
  ['/partisipasi/akuntabilitas', 'guest'],
  ['/partisipasi/konsultasi/1', 'guest'],
  ['/partisipasi/jajak/1', 'citizen'],
  ['/mitra', 'guest'],
  ['/mitra/bank-sampah-bintang-mangrove', 'guest'],
  ['/bank-sampah', 'guest'],
  ['/mitra/daftar', 'citizen'],
  ['/survei-kepuasan', 'guest'],
  ['/survei-kepuasan?instansi=disdukcapil', 'guest'],
  ['/survei', 'citizen'],
  ['/akun/pemberitahuan-proaktif', 'citizen'],
  ['/akun/dokumen-saya', 'citizen'],
  ['/akun/keluarga', 'citizen'],
  ['/akun/tagihan', 'citizen'],
  ['/pajak', 'guest'],
  ['/pajak/pbb/357801000100100010', 'guest'],
  ['/akun/layanan-untuk-anda', 'citizen'],
  ['/kinerja', 'guest'],
  ['/penghargaan', 'guest'],
  ['/inovasi', 'guest'],
  ['/pantau', 'guest'],
  ['/pantau/pintu-air-jagir', 'guest'],
  ['/hijau', 'guest'],
  ['/hijau/angkut-sampah?zone=357825', 'citizen'],
  ['/pengumuman', 'guest'],
  ['/pengumuman/perekaman-ktp-el-hari-sabtu-di-mpp-siola', 'guest'],
  ['/acara', 'guest'],
  ['/acara/pelatihan-pemasaran-digital-untuk-umkm', 'citizen'],
];

let reportCode = null;
/** A public report by the demo citizen Siti (so the list, its map and a report page have one). */
function publicReport(j) {
  reportCode ??= (async () => {
    const token = await apiToken(j.baseUrl, DEMO.siti.login, DEMO.siti.password);
    const r = await apiReport(j.baseUrl, token, {
      description: 'Jalan berlubang besar di depan Gedung Sate, berbahaya untuk pengendara motor',
    });
    return r.code;
  })();
  return reportCode;
}

const CITIZEN = Object.freeze({
  nik: '3201014506900004',
  full_name: 'Citra Dewi',
  email: 'citra@warga.example.id',
  password: 'citra-rahasia-2026',
});

let citizenState = null;
/** Cookies of a signed-in citizen (registered through the API, signed in through /masuk). */
function sessionFor(j, who) {
  if (who === 'guest') return undefined;
  assert.equal(who, 'citizen', `unknown visitor kind ${who}`);
  citizenState ??= (async () => {
    await registerCitizen(j.baseUrl, CITIZEN);
    const page = await j.newPage(DESKTOP);
    assert.equal(await signInWithForm(page, CITIZEN.email, CITIZEN.password), '/akun', 'citizen sign-in');
    const state = await page.context().storageState();
    await page.context().close();
    return state;
  })();
  return citizenState;
}

/**
 * Records every network request of `page` through CDP. `measure(fn)` runs
 * `fn` (a navigation) and returns the requests it caused and their bytes.
 */
async function networkRecorder(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  let requests = null; // requestId -> { url, type, status, bytes, done, cache, failed }
  const entry = (id) => {
    let r = requests.get(id);
    if (!r) {
      r = { url: '', type: '', status: 0, bytes: 0, redirectBytes: 0, done: false, cache: '' };
      requests.set(id, r);
    }
    return r;
  };
  cdp.on('Network.requestWillBeSent', (p) => {
    if (!requests) return;
    const r = entry(p.requestId);
    // A redirect keeps the requestId; count the redirect response too.
    if (p.redirectResponse) r.redirectBytes += p.redirectResponse.encodedDataLength ?? 0;
    r.url = p.request.url;
    r.type = p.type ?? r.type;
  });
  cdp.on('Network.responseReceived', (p) => {
    if (!requests) return;
    const r = entry(p.requestId);
    r.url = p.response.url;
    r.type = p.type;
    r.status = p.response.status;
    if (p.response.fromDiskCache) r.cache = 'disk cache';
  });
  cdp.on('Network.requestServedFromCache', (p) => {
    if (!requests) return;
    entry(p.requestId).cache ||= 'cache';
  });
  cdp.on('Network.loadingFinished', (p) => {
    if (!requests || !requests.has(p.requestId)) return;
    const r = entry(p.requestId);
    r.bytes = p.encodedDataLength;
    r.done = true;
  });
  cdp.on('Network.loadingFailed', (p) => {
    if (!requests || !requests.has(p.requestId)) return;
    const r = entry(p.requestId);
    r.done = true;
    r.failed = p.errorText;
  });

  return {
    async measure(fn) {
      requests = new Map();
      try {
        await fn();
        // networkidle means no connections for 500 ms; give stragglers' events a moment.
        for (let i = 0; i < 20 && [...requests.values()].some((r) => r.url && !r.done && !r.cache); i += 1) {
          await sleep(100);
        }
        const all = [...requests.values()].filter((r) => r.url && !r.url.startsWith('data:'));
        const counted = all
          .filter((r) => !EXCLUDED.some((re) => re.test(r.url)))
          .map((r) => ({ ...r, bytes: r.bytes + r.redirectBytes }));
        const total = counted.reduce((n, r) => n + r.bytes, 0);
        return { total, counted, excluded: all.length - counted.length };
      } finally {
        requests = null;
      }
    },
    detach: () => cdp.detach().catch(() => {}),
  };
}

function describe(resources, baseUrl, limit = 8) {
  const rows = [...resources].sort((a, b) => b.bytes - a.bytes).slice(0, limit);
  return rows
    .map((r) => {
      const url = r.url.startsWith(baseUrl) ? r.url.slice(baseUrl.length) : r.url;
      const how = [r.status || '', r.cache, r.failed ? `failed: ${r.failed}` : ''].filter(Boolean).join(', ');
      return `    ${String(r.bytes).padStart(7)} B  ${(r.type || '?').padEnd(11)} ${url}${how ? `  (${how})` : ''}`;
    })
    .join('\n');
}

const figures = [];

after(() => {
  if (!figures.length) return;
  const w = Math.max(4, ...figures.map((f) => f.page.length));
  const line = (a, b, c, d, e) =>
    `${a.padEnd(w)}  ${b.padStart(8)}  ${c.padStart(8)}  ${d.padStart(8)}  ${e.padStart(8)}`;
  console.log(
    [
      '',
      `Page weight, bytes transferred on a phone (budget: first visit ${FIRST_BUDGET}, repeat visit ${REPEAT_BUDGET})`,
      line('page', 'first', 'requests', 'repeat', 'requests'),
      ...figures.map((f) =>
        line(f.page, String(f.first.total), String(f.first.counted.length), String(f.repeat.total), String(f.repeat.counted.length)),
      ),
      '',
    ].join('\n'),
  );
});

for (const [pathTemplate, who] of PAGES) {
  const name = `page weight ${pathTemplate}${who === 'guest' ? '' : ` (${who})`}`;
  test(
    name,
    { timeout: 90_000 },
    journey(env, name, async (j) => {
      const code = pathTemplate.startsWith('/laporan') ? await publicReport(j) : null;
      const path = pathTemplate.replace('{report}', code);
      const storageState = await sessionFor(j, who);
      // A fresh context: empty HTTP cache, only the session cookies.
      const page = await j.newPage({ ...PHONE, storageState });
      const net = await networkRecorder(page);
      const label = who === 'guest' ? path : `${path} (signed in as ${who})`;
      const wanted = new URL(path, j.baseUrl).pathname;

      const visit = async () => {
        const res = await page.goto(path, { waitUntil: 'networkidle' });
        assert.equal(res?.status(), 200, `${label}: HTTP status ${res?.status()}`);
        assert.equal(new URL(page.url()).pathname, wanted, `${label}: redirected to ${page.url()}`);
      };

      const first = await net.measure(visit);
      await page.goto('about:blank');
      const repeat = await net.measure(visit);
      await net.detach();
      figures.push({ page: label, first, repeat });

      const problems = [];
      if (first.total > FIRST_BUDGET) {
        problems.push(
          `${label}: first visit (empty cache) transferred ${first.total} bytes, over the budget of ` +
            `${FIRST_BUDGET} bytes; largest resources:\n${describe(first.counted, j.baseUrl)}`,
        );
      }
      if (repeat.total > REPEAT_BUDGET) {
        problems.push(
          `${label}: repeat visit (warm cache) transferred ${repeat.total} bytes, over the budget of ` +
            `${REPEAT_BUDGET} bytes; largest resources:\n${describe(repeat.counted, j.baseUrl)}`,
        );
      }
      if (problems.length) assert.fail(problems.join('\n'));
    }),
  );
}
