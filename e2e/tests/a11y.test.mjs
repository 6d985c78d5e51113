// axe-core (WCAG 2.0/2.1 A and AA) on every page type, in Indonesian and in
// English, signed out and signed in, on a phone and on a desktop screen. One
// subtest per (page, language, who); both viewports are checked in each (in
// parallel) and their serious/critical violations reported together.
//
// To cover a new page type, add one line to PAGES.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import {
  PHONE,
  DESKTOP,
  DEMO_ADMIN,
  sharedEnv,
  journey,
  a11yProblems,
  registerCitizen,
  signInWithForm,
  passTotp,
  apiToken,
  apiPost,
  apiReport,
  DEMO,
  GEDUNG_SATE,
} from '../lib/harness.mjs';

const env = sharedEnv({ before, after });

// [path, who, expected HTTP status (default 200)]
//   who: guest (signed out) | citizen | admin (agency admin, past TOTP)
//        | admin-2fa (agency admin between password and TOTP) | officer
//        | superadmin (platform admin, past TOTP) | treasurer (the demo treasurer of Bapenda) | volunteer (the demo volunteer of the kelurahan) | reporter (Siti, the demo citizen who sent
//        the fixture reports) | coordinator (the reports coordinator) | agency (the public works
//        officer the reports go to) | doctor (the demo practitioner)
//   {A}, {B}, {C} in a path: the fixture reports (see reportFixture); {H}: a conversation
//   handed over to an officer (see assistantFixture); a row may end with
//   { prepare(page, fx) }, run after the page has loaded and before axe.
const PAGES = [
  ['/', 'guest'],
  ['/layanan', 'guest'],
  ['/layanan?kategori=kependudukan', 'guest'],
  ['/layanan/akta-kelahiran', 'guest'],
  ['/layanan/akta-kelahiran/riwayat', 'guest'],
  ['/layanan/akta-kelahiran/versi/1', 'guest'],
  ['/instansi', 'guest'],
  ['/instansi/disdukcapil', 'guest'],
  ['/cari?q=akte+lahir', 'guest'],
  ['/cari?q=zzzz', 'guest'],
  ['/daftar', 'guest'],
  ['/masuk', 'guest'],
  ['/tidak-ada', 'guest', 404],
  // Guides, rights and display settings (issue 13): the list, a guide (full, Easy read, print),
  // the rights, the settings; pages in the display modes (large text + high contrast, low data);
  // the admins' guide editor (the demo KTP-el guide is guide 1, Disdukcapil's).
  ['/panduan', 'guest'],
  ['/panduan/cara-membuat-ktp-el', 'guest'],
  ['/panduan/cara-membuat-ktp-el?mudah=1', 'guest'],
  ['/panduan/cara-membuat-ktp-el/cetak', 'guest'],
  ['/hak-warga', 'guest'],
  ['/tampilan', 'guest'],
  ['/tampilan', 'citizen'],
  ['/', 'contrast'],
  ['/layanan/akta-kelahiran', 'contrast'],
  ['/panduan/cara-membuat-ktp-el?mudah=1', 'contrast'],
  ['/tampilan', 'contrast'],
  ['/panduan/cara-melapor-jalan-rusak', 'lowdata'],
  ['/laporan', 'lowdata'],
  ['/kelola/panduan', 'admin'],
  ['/kelola/panduan/1', 'admin'],
  ['/kelola/panduan/1/langkah/1', 'admin'],
  ['/akun', 'citizen'],
  ['/akun/notifikasi', 'citizen'],
  ['/akun', 'admin'],
  ['/kelola/layanan', 'admin'],
  ['/kelola/layanan/akta-kelahiran', 'admin'],
  ['/kelola/impor', 'admin'],
  ['/masuk/2fa', 'admin-2fa'],
  ['/layanan/akta-kelahiran/ajukan', 'citizen'],
  ['/permohonan', 'citizen'],
  ['/akun/akses-data', 'citizen'],
  ['/akun/notifikasi', 'citizen'],
  ['/petugas', 'officer'],
  ['/petugas/layanan/akta-kelahiran/ajukan', 'officer'],
  ['/kelola/hari-libur', 'superadmin'],
  ['/kelola/petugas', 'admin'],
  ['/kelola/petugas', 'superadmin'],
  // The admin console and the audit log (issue 14).
  ['/kelola/admin', 'superadmin'],
  ['/kelola/admin/petugas', 'superadmin'],
  ['/kelola/admin/kunci-api', 'superadmin'],
  ['/kelola/admin/kanal', 'superadmin'],
  ['/kelola/admin/fitur', 'superadmin'],
  ['/kelola/admin/instansi', 'superadmin'],
  ['/kelola/admin/instansi/disdukcapil', 'superadmin'],
  ['/kelola/admin/templat', 'superadmin'],
  ['/kelola/admin/templat/notify-status?bahasa=id', 'superadmin'],
  ['/kelola/audit', 'superadmin'],
  ['/buku-besar', 'guest'],
  ['/buku-besar?kode=SP-2026-999999', 'guest'],
  // Reports (LAPOR!): the public list with its map, a report as each party sees it, the form.
  ['/laporan', 'guest', 200, { prepare: mapShowsReports }],
  ['/laporan?category=jalan&status=received', 'guest', 200, { prepare: mapShowsReports }],
  ['/laporan?prov=32&kab=3273', 'guest'], // the filters open, with the regency picker
  ['/laporan/{A}', 'guest'],
  ['/laporan/{A}', 'reporter'],
  ['/laporan/{C}', 'reporter'], // resolved: the rating form
  ['/laporan/{A}', 'coordinator', 200, { prepare: openModeration }],
  ['/laporan/{B}', 'agency'], // dispatched to DPUPR: actions and response templates
  ['/laporan/baru', 'citizen'],
  ['/laporan/baru', 'citizen', 200, { prepare: submitEmptyReport }],
  ['/laporan/baru', 'citizen', 200, { prepare: submitDuplicate }],
  ['/laporan/baru?prov=32&kab=3273', 'citizen'],
  ['/laporan/saya', 'reporter'],
  ['/laporan/statistik', 'guest'],
  ['/laporan/statistik?prov=32', 'guest'],
  ['/petugas/laporan', 'coordinator'],
  ['/petugas/laporan', 'agency'],
  ['/petugas/laporan/templat', 'agency'],
  // The assistant: the chat empty and with a conversation (server-rendered messages with
  // suggested replies, then one answered live by assistant.js), a conversation waiting for an
  // officer; the officers' queue and a handed-over conversation ({H}), before and after a reply.
  ['/asisten', 'guest'],
  ['/asisten', 'citizen'],
  ['/asisten', 'guest', 200, { prepare: converse }],
  ['/asisten', 'citizen', 200, { prepare: converse }],
  ['/asisten', 'reporter', 200, { prepare: handOver }],
  ['/petugas/asisten', 'officer', 200, { prepare: queueListsHandover }],
  ['/petugas/asisten/{H}', 'officer'],
  ['/petugas/asisten/{H}', 'officer', 200, { prepare: officerReplies }],
  // Telemedicine: the citizen's list and a booked consultation ({T}, Siti's: the pre-consultation
  // form), the health-access log, the practitioner's day and the same consultation, and the
  // pharmacy page of an unknown prescription (the completed pages are checked by the journey).
  ['/telekonsultasi', 'citizen'],
  ['/akun/akses-kesehatan', 'citizen'],
  ['/telekonsultasi/{T}', 'reporter'],
  ['/petugas/telekonsultasi', 'doctor'],
  ['/petugas/telekonsultasi/{T}', 'doctor'],
  ['/resep/RX-2026-999999', 'guest'],
  // Appointments and queues: the citizen's list, choosing a service, a place and a time (and
  // sending without a time), a booking ({J}, Siti's, with its QR code and the reschedule form),
  // the TV display, the officer's counters, a counter, the kiosk and a ticket it printed, the
  // statistics and the admins' locations page.
  ['/janji', 'citizen'],
  ['/janji/baru', 'citizen'],
  ['/janji/baru?layanan=ktp-el-baru', 'citizen'],
  ['/janji/baru?layanan=ktp-el-baru', 'citizen', 200, { prepare: bookWithoutTime }],
  ['/janji/{J}', 'reporter'],
  // Paying (issue 15): a bill ({P}, Siti's SIM renewal) for a stranger and for her, with the
  // application's payment box ({Q}); her bills; the treasurer's queue, counter (a bill found) and report.
  ['/tagihan/{P}', 'guest'],
  ['/tagihan/{P}', 'reporter'],
  ['/permohonan/{Q}', 'reporter'],
  ['/akun/tagihan', 'reporter'],
  ['/kelola/pembayaran', 'treasurer'],
  ['/kelola/pembayaran/loket?kode={P}', 'treasurer'],
  ['/kelola/pembayaran/laporan', 'treasurer'],
  // Regional taxes: the lookup form (also with a mistyped NOP), a land and building and a vehicle.
  ['/pajak', 'guest'],
  ['/pajak?nop=12345', 'guest', 422],
  ['/pajak/pbb/357801000100100010', 'guest'],
  ['/pajak/pkb/L1234AB', 'reporter'],
  ['/antrean/adm-disdukcapil/layar', 'guest'],
  ['/petugas/antrean', 'officer'],
  ['/petugas/antrean', 'officer', 200, { prepare: openCounter }],
  ['/petugas/antrean', 'officer', 200, { prepare: openKiosk }],
  ['/petugas/antrean', 'officer', 200, { prepare: printTicket }],
  ['/petugas/antrean/statistik', 'officer'],
  ['/kelola/lokasi', 'admin'],
  // Open government: the portal's front door; regulations (list, an amended Perda, its
  // comparison, a revoked SOP) and the admins' pages (the Disdukcapil circular they manage).
  ['/keterbukaan', 'guest'],
  ['/regulasi', 'guest'],
  ['/regulasi?kind=perda&status=in_force', 'guest'],
  ['/regulasi/perda-2024-3', 'guest'],
  ['/regulasi/perda-2024-3/versi/1', 'guest'],
  ['/regulasi/perda-2024-3/perbandingan?dari=1&ke=2', 'guest'],
  ['/regulasi/sop-2025-sop-07-2025', 'guest'],
  ['/kelola/regulasi', 'admin'],
  ['/kelola/regulasi/surat-edaran-2026-400-12-88-2026', 'admin'],
  // Budget and procurement transparency: the year with its two SVG charts and tables (and an
  // older year), an agency's drill-down, the import page; the procurement list (filtered), a
  // package's timeline (the demo's road package, PKT-2026-000001, being paid), and the staff
  // pages of the public works officer: the list with the new-package form, a payment and an award.
  ['/anggaran', 'guest'],
  ['/anggaran?tahun=2025', 'guest'],
  ['/anggaran/2026/dpupr', 'guest'],
  ['/kelola/anggaran', 'admin'],
  ['/pengadaan', 'guest'],
  ['/pengadaan?tahap=tender&tahun=2026', 'guest'],
  ['/pengadaan/PKT-2026-000001', 'guest'],
  ['/pengadaan/PKT-2026-000001', 'agency'],
  ['/kelola/pengadaan', 'agency'],
  ['/kelola/pengadaan/PKT-2026-000001', 'agency'],
  ['/kelola/pengadaan/PKT-2026-000003', 'agency'],
  // Open data: the catalogue (and filtered), a demo dataset with its preview table, a
  // statistics dataset with suppressed cells, an agency's performance page, the publishing page.
  ['/data', 'guest'],
  ['/data?tema=kesehatan&format=CSV', 'guest'],
  ['/data/jumlah-penduduk-per-kecamatan', 'guest'],
  ['/data/statistik-permohonan-layanan', 'guest'],
  ['/kinerja?agency=disdukcapil', 'guest'],
  ['/kelola/data', 'admin'],
  ['/kelola/data', 'superadmin'],
  // E-participation (demo content: idea 1 is a support short of its threshold, process 1 has its
  // results, process 2 is voting, accountability item 1 follows an accepted idea): the hub, the
  // ideas, an idea signed out and as a citizen (support, comment, report forms), proposing (and
  // sending it empty), the processes, the ballot, the results with the published ballots,
  // accountability, consultations (a draft with comments per clause), polls, and the staff pages.
  ['/partisipasi', 'guest'],
  ['/partisipasi/gagasan', 'guest'],
  ['/partisipasi/gagasan/1', 'guest'],
  ['/partisipasi/gagasan/1', 'citizen'],
  ['/partisipasi/gagasan/baru', 'citizen'],
  ['/partisipasi/gagasan/baru', 'citizen', 200, { prepare: proposeEmptyIdea }],
  ['/partisipasi/anggaran', 'guest'],
  ['/partisipasi/anggaran/2', 'guest'],
  ['/partisipasi/anggaran/2', 'citizen'],
  ['/partisipasi/anggaran/1/hasil', 'guest'],
  ['/partisipasi/akuntabilitas', 'guest'],
  ['/partisipasi/akuntabilitas/1', 'guest'],
  ['/petugas/partisipasi', 'officer'],
  ['/petugas/moderasi', 'officer'],
  ['/petugas/anggaran/2', 'superadmin'],
  ['/petugas/anggaran', 'superadmin'],
  ['/partisipasi/akuntabilitas/1', 'officer'],
  ['/partisipasi/konsultasi', 'guest'],
  ['/partisipasi/konsultasi/1', 'guest'],
  ['/partisipasi/konsultasi/1', 'citizen'],
  ['/partisipasi/jajak', 'guest'],
  ['/partisipasi/jajak/1', 'guest'],
  ['/partisipasi/jajak/1', 'citizen'],
  ['/petugas/konsultasi', 'officer'],
  ['/petugas/jajak', 'officer'],
  // Satisfaction survey: the public IKM (all units; one unit with its element chart and trend),
  // Siti's invitations and her open survey (the demo's invitation 1; sent empty: the errors),
  // the kiosk form of a Disdukcapil officer, and the agency admin's report page.
  ['/survei-kepuasan', 'guest'],
  ['/survei-kepuasan?instansi=disdukcapil', 'guest'],
  ['/survei', 'reporter'],
  ['/survei/1', 'reporter'],
  ['/survei/1', 'reporter', 200, { prepare: sendEmptySurvey }],
  ['/skm/kiosk', 'officer'],
  ['/kelola/skm', 'admin'],
  // Demand forecasts (the demo's three years of weekly history; the officer's agency) and
  // complaint hotspots (the demo's cluster of blocked-drain reports: the public works officer's and every agency's).
  ['/kelola/prakiraan', 'officer'],
  ['/kelola/prakiraan?layanan=paspor&lokasi=mpp-kota-contoh', 'superadmin'],
  ['/kelola/titik-rawan', 'agency'],
  ['/kelola/titik-rawan', 'superadmin'],
  // Proactive notices: consent with its history, Siti's documents (a SIM expiring soon) and one
  // of them, her family (a son turning 17), her suggestions with their reasons; empty pages.
  ['/akun/pemberitahuan-proaktif', 'reporter'],
  ['/akun/dokumen-saya', 'reporter'],
  ['/akun/dokumen-saya/1', 'reporter'],
  ['/akun/keluarga', 'reporter'],
  ['/akun/layanan-untuk-anda', 'reporter'],
  ['/akun/dokumen-saya', 'citizen'],
  ['/akun/layanan-untuk-anda', 'citizen'],
  // Performance and recognition (issue 10): the public dashboard (all agencies, one agency, a
  // bad filter), the heads' dashboard, the awards and their rules, the innovations.
  ['/kinerja', 'guest'],
  ['/kinerja?region=99', 'guest', 400],
  ['/kelola/kinerja', 'admin'],
  ['/kelola/kinerja', 'superadmin'],
  ['/penghargaan', 'guest'],
  ['/penghargaan/aturan', 'guest'],
  ['/inovasi', 'guest'],
  ['/kelola/inovasi', 'admin'],
  // IoT monitoring views (issue 11): the public page and a public thing's charts, the public
  // works officer's dashboard and a sensor (48 h and a year), the registry for the platform admin,
  // a staff-only thing (404) for the public.
  ['/pantau', 'guest'],
  ['/pantau', 'citizen'],
  ['/pantau/pintu-air-jagir', 'guest'],
  ['/pantau/rumah-pompa-kenjeran', 'guest', 404],
  ['/kelola/iot', 'agency'],
  ['/kelola/iot/sensor/jagir-tma', 'agency'],
  ['/kelola/iot/sensor/jagir-tma?jangka=1t', 'agency'],
  ['/kelola/iot', 'superadmin'],
  ['/kelola/iot/perangkat', 'superadmin'],
  // IoT work orders (the demo's open pump-house order and yesterday's closed bridge order) and rules.
  ['/kelola/iot/perintah-kerja', 'agency'],
  ['/kelola/iot/perintah-kerja/PK-2026-000002', 'agency'],
  ['/kelola/iot/perintah-kerja/PK-2026-000001', 'agency'],
  // Green services (issue 13): the public paperless figures, the citizen's pickup request (a
  // kecamatan with the demo's windows, and the form sent empty), the agency admin's estimates,
  // and the pickup agency's windows and route list (the platform admin: the demo's staff here
  // are not of DLH).
  ['/hijau', 'guest'],
  ['/hijau?bulan=2026-12', 'citizen'],
  ['/hijau/angkut-sampah', 'citizen'],
  ['/hijau/angkut-sampah?zone=357825', 'citizen'],
  ['/hijau/angkut-sampah?zone=357825', 'citizen', 200, { prepare: requestEmptyPickup }],
  ['/kelola/hijau', 'admin'],
  ['/kelola/hijau/jadwal', 'superadmin'],
  ['/kelola/hijau/angkut', 'superadmin'],
  ['/kelola/iot/aturan', 'superadmin'],
  // Data exchange: Siti's consent per purpose, who accessed her data (with the agencies'
  // queries), and the platform admins' overview of members, purposes and the log.
  ['/akun/persetujuan', 'reporter'],
  ['/akun/akses-data', 'reporter'],
  ['/kelola/pertukaran-data', 'superadmin'],
  // The member and purpose forms started from a registered entry ("Ubah").
  ['/kelola/pertukaran-data?tujuan=bpjs-pendaftaran-jkn', 'superadmin'],
  // Data requests as the data protection officer sees them.
  ['/kelola/permintaan-data', 'superadmin'],
  // Partners: the public directory and waste banks, registration, a citizen's organisations and
  // savings (Siti, the demo reporter, coordinates the demo volunteer team and saves at the demo
  // waste bank), the members' pages, the admins' verification and passing a report on.
  ['/mitra', 'guest'],
  ['/mitra?jenis=bank_sampah&bidang=sampah', 'guest'],
  ['/mitra/bank-sampah-bintang-mangrove', 'guest'],
  ['/mitra/csr-pt-sinergi-nusantara-abadi', 'guest'],
  ['/bank-sampah', 'guest'],
  ['/mitra/daftar', 'citizen'],
  ['/mitra/bank-sampah-bintang-mangrove/nasabah', 'citizen'],
  ['/mitra/bank-sampah-bintang-mangrove/nasabah', 'reporter'],
  ['/akun/mitra', 'reporter'],
  ['/mitra/komunitas-relawan-literasi-digital-surabaya/kelola', 'reporter'],
  ['/mitra/komunitas-relawan-literasi-digital-surabaya/laporan', 'reporter'],
  ['/kelola/mitra', 'admin'],
  ['/petugas/laporan/{A}/mitra', 'coordinator'],
  // Assisted service: the demo volunteer's page (and the start form sent empty: its errors),
  // her finished demo session with Mbah Sumiati (session 1), the volunteers and the supervision
  // pages of the admins. The forms within an open session are checked by the journey.
  ['/pendampingan', 'volunteer'],
  ['/pendampingan', 'volunteer', 200, { prepare: startEmptySession }],
  ['/pendampingan/1', 'volunteer'],
  ['/pendampingan', 'officer'],
  ['/kelola/pendamping', 'admin'],
  ['/kelola/pendamping', 'superadmin'],
  ['/kelola/pendamping/sesi', 'superadmin'],
  ['/pengumuman', 'guest'],
  ['/pengumuman', 'citizen'],
  ['/pengumuman?instansi=disdukcapil', 'guest'],
  ['/pengumuman/perekaman-ktp-el-hari-sabtu-di-mpp-siola', 'guest'],
  ['/kelola/pengumuman', 'admin'],
  ['/kelola/pengumuman/baru', 'admin'],
  ['/kelola/pengumuman/perekaman-ktp-el-hari-sabtu-di-mpp-siola', 'admin'],
  ['/acara', 'guest'],
  ['/acara?jenis=pelatihan', 'guest'],
  ['/acara/pelatihan-pemasaran-digital-untuk-umkm', 'guest'],
  ['/acara/pelatihan-pemasaran-digital-untuk-umkm', 'citizen'],
  ['/acara/saya', 'citizen'],
  ['/kelola/acara', 'superadmin'],
  ['/kelola/acara/baru', 'superadmin'],
  ['/kelola/acara/pelatihan-pemasaran-digital-untuk-umkm', 'superadmin'],
  ['/kelola/acara/pelatihan-pemasaran-digital-untuk-umkm/daftar-hadir', 'superadmin'],
];

/** Send the survey form empty: the error summary and an error on each element. */
async function sendEmptySurvey(page) {
  await Promise.all([page.waitForURL('**/survei/1', { waitUntil: 'load' }), page.locator('form[method=post] button[type=submit]').click()]);
}

/** Send the assisted-session start form empty: the error summary and the field errors. */
async function startEmptySession(page) {
  await page.locator('#scope-apply').uncheck();
  await page.locator('#scope-status').uncheck();
  await Promise.all([page.waitForURL('**/pendampingan', { waitUntil: 'load' }), page.locator('form[method=post] button[type=submit]').click()]);
}

/** Send the idea form empty: the error summary and the field errors. */
async function requestEmptyPickup(page) {
  await Promise.all([
    page.waitForURL('**/hijau/angkut-sampah', { waitUntil: 'load' }),
    page.locator('form[action="/hijau/angkut-sampah"][method="post"] button[type="submit"]').click(),
  ]);
}

async function proposeEmptyIdea(page) {
  await Promise.all([page.waitForURL('**/partisipasi/gagasan', { waitUntil: 'load' }), page.locator('form[method=post] button[type=submit]').click()]);
}

/**
 * The reports the report rows look at, made once through the API by the demo citizen Siti at
 * Gedung Sate: A received, B dispatched to DPUPR, C resolved by DPUPR.
 */
let fixture = null;
function reportFixture(j) {
  fixture ??= (async () => {
    const siti = await apiToken(j.baseUrl, DEMO.siti.login, DEMO.siti.password);
    const coordinator = await apiToken(j.baseUrl, DEMO.coordinator.login, DEMO.coordinator.password);
    const dpupr = await apiToken(j.baseUrl, DEMO.dpupr.login, DEMO.dpupr.password);
    const report = (description) => apiReport(j.baseUrl, siti, { description }).then((r) => r.code);
    const act = (token, code, body) => apiPost(j.baseUrl, token, `/api/v1/reports/${code}/actions`, body);
    const A = await report('Jalan berlubang besar di depan Gedung Sate, berbahaya untuk pengendara motor');
    const B = await report('Lampu jalan mati di sepanjang Jalan Diponegoro sejak seminggu');
    const C = await report('Trotoar rusak di depan Gedung Sate, ubinnya lepas');
    await act(coordinator, B, { action: 'dispatch', agency_id: 'dpupr' });
    await act(coordinator, C, { action: 'dispatch', agency_id: 'dpupr' });
    await act(dpupr, C, { action: 'resolve', note: 'Trotoar sudah kami perbaiki.' });
    return { A, B, C };
  })();
  return fixture;
}

/**
 * A conversation handed over to an officer ({H}): a guest's, through the API (no agency yet,
 * so every officer's queue has it).
 */
let handover = null;
function assistantFixture(j) {
  handover ??= (async () => {
    const send = async (text, conversation_id) => {
      const res = await fetch(`${j.baseUrl}/api/v1/assistant/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ text, ...(conversation_id ? { conversation_id } : {}) }),
        signal: AbortSignal.timeout(15_000),
      });
      const body = await res.json();
      assert.equal(res.status, 200, `POST /api/v1/assistant/messages: ${res.status} ${JSON.stringify(body)}`);
      return body;
    };
    const first = await send('lampu jalan mati di gang saya');
    const handed = await send('/petugas', first.conversation_id);
    assert.equal(handed.status, 'waiting', 'the fixture conversation waits for an officer');
    return { H: first.conversation_id };
  })();
  return handover;
}

/** A teleconsultation booked by Siti through the API ({T}): the first free practitioner slot. */
let teleconsultation = null;
function teleFixture(j) {
  teleconsultation ??= (async () => {
    const siti = await apiToken(j.baseUrl, DEMO.siti.login, DEMO.siti.password);
    const soon = encodeURIComponent(new Date(Date.now() + 2 * 3600_000).toISOString());
    const res = await fetch(`${j.baseUrl}/fhir/R4/Slot?status=free&start=gt${soon}&_count=1`, { signal: AbortSignal.timeout(15_000) });
    const slots = await res.json();
    assert.ok(slots.entry?.length, `a free teleconsultation slot: ${JSON.stringify(slots)}`);
    const booking = await apiPost(j.baseUrl, siti, '/api/v1/bookings', { slot_id: Number(slots.entry[0].resource.id) }, 201);
    return { T: booking.code };
  })();
  return teleconsultation;
}

/** A visit booked by Siti through the API ({J}): the first KIA slot at the MPP at least 2 hours ahead. */
let appointment = null;
function appointmentFixture(j) {
  appointment ??= (async () => {
    const siti = await apiToken(j.baseUrl, DEMO.siti.login, DEMO.siti.password);
    const after = Date.now() / 1000 + 2 * 3600;
    for (let day = 0; day < 14; day++) {
      const date = new Date(Date.now() + day * 86_400_000 + 7 * 3600_000).toISOString().slice(0, 10);
      const res = await fetch(`${j.baseUrl}/api/v1/slots?service_id=kia&location_id=mpp-kota-contoh&date=${date}`);
      const slot = (await res.json()).slots.find((s) => s.starts_at > after);
      if (slot) return { J: (await apiPost(j.baseUrl, siti, '/api/v1/bookings', { slot_id: slot.id }, 201)).code };
    }
    throw new Error('no KIA slot at the MPP in the next 14 days');
  })();
  return appointment;
}

/** A SIM renewal Siti applied for through the API: its bill ({P}) and the application ({Q}). */
let bill = null;
function billFixture(j) {
  bill ??= (async () => {
    const siti = await apiToken(j.baseUrl, DEMO.siti.login, DEMO.siti.password);
    const fields = {
      nik: '3273014506900001', full_name: 'Siti Rahayu', sim_number: '120304050607', sim_class: 'C',
      sim_expiry: '2027-01-15', pickup_method: 'ambil', phone: '081234567890',
    };
    const app = await apiPost(j.baseUrl, siti, '/api/v1/applications', { service_id: 'sim-perpanjangan', fields, submit: true }, 201);
    assert.equal(app.bills?.length, 1, `a bill for the fee: ${JSON.stringify(app)}`);
    return { P: app.bills[0].code, Q: app.code };
  })();
  return bill;
}

/** Every fixture a path or a prepare step may name. */
async function fixtures(j) {
  return {
    ...(await reportFixture(j)),
    ...(await assistantFixture(j)),
    ...(await teleFixture(j)),
    ...(await appointmentFixture(j)),
    ...(await billFixture(j)),
  };
}

/** The booking form sent without choosing a time: the error summary. */
async function bookWithoutTime(page) {
  const submit = page.locator('form[method=post] button[type=submit]');
  if ((await submit.count()) === 0) {
    // Past the day's last slot (the suite may run after closing time, WIB) the form is on a later day.
    const later = page.locator('main a.sp-chip:not([aria-current])').first();
    await Promise.all([page.waitForURL(/tanggal=/, { waitUntil: 'load' }), later.click()]);
  }
  await Promise.all([page.waitForURL('**/janji/baru', { waitUntil: 'load' }), submit.click()]);
  await page.locator('.govuk-error-summary').waitFor({ state: 'visible' });
}

/** The officer's first counter (the MPP's Loket 1). */
async function openCounter(page) {
  await Promise.all([page.waitForURL(/loket=/, { waitUntil: 'load' }), page.locator('main ul a').first().click()]);
}

/** The kiosk of the officer's first counter's place. */
async function openKiosk(page) {
  await openCounter(page);
  const href = await page.locator('a[href^="/antrean/kiosk/"]').getAttribute('href');
  await page.goto(href);
}

/** A walk-in ticket printed at that kiosk. */
async function printTicket(page) {
  await openKiosk(page);
  await page.locator('input[name=service_id]').first().check();
  await Promise.all([page.waitForURL(/\/ambil$/, { waitUntil: 'load' }), page.locator('form[action$="/ambil"] button').click()]);
  await page.locator('.sp-ticket__number').waitFor();
}

/** Sends `text` through the chat's plain form (as without JavaScript) and waits for the page it leads to. */
async function sendPlain(page, text) {
  await page.locator('#text').fill(text);
  await Promise.all([
    page.waitForEvent('framenavigated', { predicate: (f) => f === page.mainFrame(), timeout: 30_000 }),
    // form.submit() skips assistant.js's submit handler: the server renders the answer.
    page.locator('#sp-chat-form').evaluate((form) => form.submit()),
  ]);
  await page.waitForLoadState('load');
}

/**
 * A conversation on the chat page: a complaint sent through the plain form (the answer with
 * its suggested-reply buttons rendered by the server), then a question answered live by
 * assistant.js (its message, links and buttons built in the page).
 */
async function converse(page) {
  const en = (await page.locator('html').getAttribute('lang')) === 'en';
  await sendPlain(page, en ? 'the street light in my street is broken' : 'lampu jalan mati di gang saya');
  await page.locator('#sp-chat-log .sp-chat__choices button').first().waitFor({ state: 'visible' });
  const replies = page.locator('#sp-chat-log .sp-chat__msg--assistant');
  const before = await replies.count();
  await page.locator('#text').fill(en ? 'what are the requirements for a new ID card?' : 'syarat bikin ktp apa aja?');
  await page.locator('#sp-chat-form button[type=submit]').click();
  await replies.nth(before).locator('a[href^="/layanan/"]').waitFor({ state: 'visible' });
}

/** The citizen asks for a person (plain form): the conversation waits, with its notice. */
async function handOver(page) {
  const en = (await page.locator('html').getAttribute('lang')) === 'en';
  await sendPlain(page, en ? 'I want to talk to an officer' : 'mau ngomong sama petugas');
  const chosen = page.locator('#sp-chat-log .sp-chat__choices button[value="/petugas"]');
  if ((await page.locator('#sp-chat-status').count()) === 0 && (await chosen.count()) > 0) {
    await Promise.all([
      page.waitForEvent('framenavigated', { predicate: (f) => f === page.mainFrame(), timeout: 30_000 }),
      chosen.click(),
    ]);
    await page.waitForLoadState('load');
  }
  await page.locator('#sp-chat-status').waitFor({ state: 'visible' });
}

/** The queue lists the handed-over conversation (made before the page was loaded). */
async function queueListsHandover(page, fx) {
  await page.locator(`main a[href="/petugas/asisten/${fx.H}"]`).waitFor({ state: 'visible' });
}

/** The officer replies to the handed-over conversation (the page shows the reply). */
async function officerReplies(page) {
  await page.locator('#text').fill('Halo, saya petugas. Ada yang bisa dibantu?');
  await Promise.all([
    page.waitForEvent('framenavigated', { predicate: (f) => f === page.mainFrame(), timeout: 30_000 }),
    page.locator('main form button[value=reply]').click(),
  ]);
  await page.waitForLoadState('load');
  await page.locator('.sp-chat__msg--officer').first().waitFor({ state: 'visible' });
}

/** The map is drawn (JavaScript runs) with a marker per listed report. */
async function mapShowsReports(page) {
  await page.locator('#report-map').waitFor({ state: 'visible' });
  await page.locator('#report-map .sp-map__marker').first().waitFor({ state: 'attached' });
}

/** The coordinator opens the moderation details. */
async function openModeration(page) {
  await page.locator('details:has(#moderation) > summary').click();
  await page.locator('#moderation').waitFor({ state: 'visible' });
}

/** The report form sent empty: the error summary and the errors by the fields. */
async function submitEmptyReport(page) {
  await Promise.all([page.waitForURL('**/laporan/baru', { waitUntil: 'load' }), page.locator('#report-form button[type=submit]').click()]);
  await page.locator('.govuk-error-summary').waitFor({ state: 'visible' });
}

/** The report form sent at the place of report A with the same category: A is suggested. */
async function submitDuplicate(page, fx) {
  await page.locator('#lat-input').fill(String(GEDUNG_SATE.lat));
  await page.locator('#lon-input').fill(String(GEDUNG_SATE.lon));
  await page.locator('#category-jalan').check();
  await page.locator('#description').fill('Ada jalan berlubang besar di depan Gedung Sate, motor bisa jatuh');
  await page.locator('#privacy-public').check();
  await Promise.all([page.waitForURL('**/laporan/baru', { waitUntil: 'load' }), page.locator('#report-form button[type=submit]').click()]);
  await page.locator('#similar').waitFor({ state: 'visible' });
  assert.ok((await page.locator('#similar').textContent()).includes(fx.A), `report ${fx.A} is suggested`);
}

const LANGS = ['id', 'en'];

const VIEWPORTS = [
  ['phone 390x844', PHONE],
  ['desktop 1280x800', DESKTOP],
];

const CITIZEN = Object.freeze({
  nik: '3201014506900004',
  full_name: 'Citra Dewi',
  email: 'citra@warga.example.id',
  password: 'citra-rahasia-2026',
});

/** How each kind of visitor gets its cookies (a Playwright storageState). */
const SIGN_IN = {
  guest: async () => undefined,
  async citizen(j) {
    await registerCitizen(j.baseUrl, CITIZEN);
    const page = await j.newPage(DESKTOP);
    const landed = await signInWithForm(page, CITIZEN.email, CITIZEN.password);
    assert.equal(landed, '/akun', 'citizen sign-in lands on /akun');
    return done(page);
  },
  admin: (j) => adminWithTotp(j, DEMO_ADMIN),
  superadmin: (j) => adminWithTotp(j, DEMO_SUPERADMIN),
  reporter: (j) => staffOrDemo(j, DEMO.siti),
  coordinator: (j) => staffOrDemo(j, DEMO.coordinator),
  agency: (j) => staffOrDemo(j, DEMO.dpupr),
  doctor: (j) => staffOrDemo(j, DEMO.doctor),
  volunteer: (j) => staffOrDemo(j, { login: 'relawan@kelurahan.example.id', password: 'relawan-demo-2026' }),
  treasurer: (j) => staffOrDemo(j, { login: 'bendahara@bapenda.example.id', password: 'bendahara-demo-2026' }),
  async officer(j) {
    const page = await j.newPage(DESKTOP);
    const landed = await signInWithForm(page, DEMO.disdukcapil.login, DEMO.disdukcapil.password);
    assert.equal(landed, '/akun', 'officer sign-in lands on /akun');
    return done(page);
  },
  // Signed out with display settings chosen on /tampilan (the form, no script).
  contrast: (j) => guestWithDisplay(j, ['large_text', 'high_contrast']),
  lowdata: (j) => guestWithDisplay(j, ['low_data']),
  async 'admin-2fa'(j) {
    const page = await j.newPage(DESKTOP);
    const step = await signInWithForm(page, DEMO_ADMIN.email, DEMO_ADMIN.password);
    assert.equal(step, '/masuk/2fa', 'agency admin must pass TOTP');
    return done(page);
  },
};

const DEMO_SUPERADMIN = Object.freeze({ email: 'superadmin@satupintu.example.id', password: 'superadmin-demo-2026' });

async function guestWithDisplay(j, boxes) {
  const page = await j.newPage(DESKTOP);
  await page.goto('/tampilan');
  for (const id of boxes) await page.locator(`#${id}`).check();
  await Promise.all([page.waitForURL('**/tampilan?disimpan=1', { waitUntil: 'load' }), page.locator('main form button[type=submit]').click()]);
  return done(page);
}

async function staffOrDemo(j, { login, password }) {
  const page = await j.newPage(DESKTOP);
  const landed = await signInWithForm(page, login, password);
  assert.equal(landed, '/akun', `${login} sign-in lands on /akun`);
  return done(page);
}

async function adminWithTotp(j, { email, password }) {
  const secret = await j.server.totpSecretFor(email);
  const page = await j.newPage(DESKTOP);
  const step = await signInWithForm(page, email, password);
  assert.equal(step, '/masuk/2fa', `${email} must pass TOTP`);
  const landed = await passTotp(page, secret);
  assert.equal(landed, '/akun', `${email} lands on /akun after TOTP`);
  return done(page);
}

async function done(page) {
  const state = await page.context().storageState();
  await page.context().close();
  return state;
}

// One sign-in per kind of visitor for the whole file.
const sessions = new Map();
function sessionFor(j, who) {
  assert.ok(SIGN_IN[who], `unknown visitor kind ${who}`);
  if (!sessions.has(who)) sessions.set(who, SIGN_IN[who](j));
  return sessions.get(who);
}

// One browser page per (visitor, viewport), reused by every subtest: a new
// context per check would cost a renderer start each time. They live until
// the shared browser closes.
const visitorPages = new Map();
async function visitorPage(j, who, [vpName, vpOptions]) {
  const key = `${who}|${vpName}`;
  const cached = visitorPages.get(key);
  if (cached) {
    const page = await cached;
    if (!page.isClosed()) return page;
  }
  const created = (async () => {
    const storageState = await sessionFor(j, who);
    const ctx = await j.browser.newContext({ baseURL: j.baseUrl, ...vpOptions, storageState });
    ctx.setDefaultTimeout(15_000);
    ctx.setDefaultNavigationTimeout(30_000);
    return ctx.newPage();
  })();
  visitorPages.set(key, created);
  created.catch(() => visitorPages.delete(key));
  return created;
}

function withLang(path, lang) {
  return `${path}${path.includes('?') ? '&' : '?'}lang=${lang}`;
}

async function checkOne(j, { path: pathTemplate, who, status, lang, prepare }, viewport) {
  const fx = pathTemplate.includes('{') ? await fixtures(j) : null;
  const path = fx ? pathTemplate.replace(/\{([ABCHTJPQ])\}/g, (_, k) => fx[k]) : pathTemplate;
  const label = `${path} (${lang}, ${who}, ${viewport[0]}${prepare ? `, ${prepare.name}` : ''})`;
  const page = j.adopt(await visitorPage(j, who, viewport));
  if (prepare) await fixtures(j);
  const res = await page.goto(withLang(path, lang));
  assert.ok(res, `no response for ${label}`);
  const wanted = new URL(path, j.baseUrl).pathname;
  assert.equal(new URL(page.url()).pathname, wanted, `${label}: redirected to ${page.url()}`);
  assert.equal(res.status(), status, `${label}: HTTP status ${res.status()}, expected ${status}`);
  const htmlLang = await page.locator('html').getAttribute('lang');
  assert.equal(htmlLang, lang, `${label}: <html lang="${htmlLang}">, expected "${lang}"`);
  if (prepare) {
    await prepare(page, await fixtures(j));
    const after = await page.locator('html').getAttribute('lang');
    assert.equal(after, lang, `${label}: <html lang="${after}"> after ${prepare.name}, expected "${lang}"`);
  }
  return a11yProblems(page, label);
}

/** One subtest: a page in a language for a visitor, on both viewports. */
function a11yTest(path, who, status, prepare, lang) {
  const name = `a11y ${path} [${lang}] ${who}${prepare ? ` ${prepare.name}` : ''}`;
  test(
    name,
    { timeout: 90_000 },
    journey(env, name, async (j) => {
      const row = { path, who, status, lang, prepare };
      const outcomes = await Promise.allSettled(VIEWPORTS.map((vp) => checkOne(j, row, vp)));
      const problems = outcomes
        .map((o) => (o.status === 'rejected' ? (o.reason?.message ?? String(o.reason)) : o.value))
        .filter(Boolean);
      if (problems.length) assert.fail(problems.join('\n\n'));
    }),
  );
}

for (const [path, who, status = 200, { prepare } = {}] of PAGES) {
  for (const lang of LANGS) a11yTest(path, who, status, prepare, lang);
}

// The citizen pages whose every message has a Javanese and a Sundanese translation (issue 13),
// in both regional languages.
const REGIONAL_PAGES = [
  ['/', 'guest'],
  ['/layanan', 'guest'],
  ['/layanan/akta-kelahiran', 'guest'],
  ['/cari?q=akte+lair', 'guest'],
  ['/masuk', 'guest'],
  ['/daftar', 'guest'],
  ['/asisten', 'guest'],
  ['/laporan', 'guest'],
  ['/laporan/baru', 'citizen'],
  ['/akun', 'citizen'],
  ['/permohonan', 'citizen'],
  ['/janji', 'citizen'],
  ['/buku-besar', 'guest'],
];

for (const [path, who] of REGIONAL_PAGES) {
  for (const lang of ['jv', 'su']) a11yTest(path, who, 200, undefined, lang);
}
