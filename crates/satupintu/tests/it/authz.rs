//! The authorization matrix: every route of the router (pages from the page registry, API from
//! the OpenAPI document) against every role and signed out. A route without a row here fails
//! the test, so no route can be added without deciding who may use it.

use reqwest::{Client, Method};
use satupintu::identity::Role;
use serde_json::json;

use crate::both;
use crate::common::{client, csrf, Backend, TestApp, NIK_A};

both!(every_route_checks_roles);

#[derive(Clone, Copy, Debug)]
enum Rule {
    /// Anyone.
    Public,
    /// Anyone with a session, even one still waiting for its second factor.
    Session,
    /// Staff with a session, even one still waiting for its second factor.
    SessionStaff,
    /// Fully signed-in users with one of these roles.
    Roles(&'static [Role]),
    /// Open311 clients with an API key (none is sent here: everyone gets 403).
    ApiKey,
    /// Citizens and people without an account; staff are refused.
    NotStaff,
    /// Messaging gateways, with their secret (none is configured here: the route is off).
    Gateway,
    /// IoT devices with their own token (people's tokens and sessions are refused: 401).
    Device,
}

const ANY: &[Role] = &Role::ALL;
const CATALOG_ADMINS: &[Role] = &[Role::AgencyAdmin, Role::SuperAdmin];
const CITIZENS: &[Role] = &[Role::Citizen];
const PLATFORM_ADMINS: &[Role] = &[Role::SuperAdmin];
const CASE_WORKERS: &[Role] = &[Role::Officer, Role::Supervisor];
const APPLICANTS: &[Role] = &[Role::Citizen, Role::Officer, Role::Supervisor];
const STAFF: &[Role] =
    &[Role::Officer, Role::Supervisor, Role::AgencyAdmin, Role::Auditor, Role::SuperAdmin, Role::Treasurer];
const PUBLISHERS: &[Role] = &[Role::Supervisor, Role::AgencyAdmin, Role::SuperAdmin];
const TREASURERS: &[Role] = &[Role::Treasurer];
const TREASURY_READERS: &[Role] = &[Role::Treasurer, Role::Auditor, Role::SuperAdmin];
const ANSWERERS: &[Role] = &[Role::Officer, Role::Supervisor, Role::AgencyAdmin, Role::SuperAdmin];

fn rule(method: &str, path: &str) -> Option<Rule> {
    use Rule::*;
    Some(match (method, path) {
        ("GET", "/" | "/layanan" | "/layanan/{id}" | "/layanan/{id}/riwayat" | "/layanan/{id}/versi/{n}") => Public,
        ("GET", "/instansi" | "/instansi/{id}" | "/cari") => Public,
        ("GET" | "POST", "/daftar" | "/masuk") => Public,
        ("POST", "/keluar") => Public,
        ("GET" | "POST", "/masuk/2fa") => Session,
        ("GET" | "POST", "/masuk/2fa/aktifkan") => SessionStaff,
        ("GET", "/akun") => Roles(ANY),
        // National sign-in (OpenID Connect): off here (404 for everyone); unlinking is one's own.
        ("GET", "/auth/oidc/login" | "/auth/oidc/callback") => Public,
        ("POST", "/akun/identitas-digital/putus") => Roles(ANY),
        ("GET", "/kelola/layanan" | "/kelola/impor") => Roles(CATALOG_ADMINS),
        ("GET" | "POST", "/kelola/layanan/{id}") | ("POST", "/kelola/impor") => Roles(CATALOG_ADMINS),
        ("POST", "/api/v1/auth/register" | "/api/v1/auth/login") => Public,
        ("POST", "/api/v1/auth/logout") | ("GET", "/api/v1/me") => Roles(ANY),
        ("GET", "/api/v1/services" | "/api/v1/services/{id}" | "/api/v1/services/{id}/versions") => Public,
        ("GET", "/api/v1/agencies" | "/api/v1/agencies/{id}" | "/api/v1/search" | "/api/v1/catalog/export") => Public,
        ("PUT", "/api/v1/services/{id}") | ("POST", "/api/v1/catalog/import") => Roles(CATALOG_ADMINS),
        ("GET" | "POST", "/layanan/{id}/ajukan") | ("GET", "/permohonan" | "/akun/akses-data") => Roles(CITIZENS),
        ("GET", "/permohonan/{code}" | "/permohonan/{code}/ubah" | "/berkas/{id}") => Roles(ANY),
        ("POST", "/permohonan/{code}/aksi" | "/permohonan/{code}/ubah") => Roles(ANY),
        ("GET", "/petugas" | "/petugas/permohonan/{code}")
        | ("POST", "/petugas/permohonan/{code}/aksi" | "/petugas/permohonan/{code}/periksa-ulang") => {
            Roles(CASE_WORKERS)
        }
        ("GET" | "POST", "/petugas/layanan/{id}/ajukan") => Roles(CASE_WORKERS),
        ("POST", "/api/v1/applications" | "/api/v1/uploads") => Roles(APPLICANTS),
        ("GET", "/api/v1/applications" | "/api/v1/me/data-access") => Roles(CITIZENS),
        ("GET", "/api/v1/applications/{code}") | ("POST", "/api/v1/applications/{code}/actions") => Roles(ANY),
        ("GET", "/api/v1/inbox") => Roles(CASE_WORKERS),
        ("GET", "/verifikasi/{number}" | "/api/v1/documents/{number}/verify") => Public,
        ("GET", "/dokumen/{number}/pdf") => Roles(ANY),
        ("POST", "/petugas/dokumen/{number}/cabut" | "/api/v1/documents/{number}/revoke") => Roles(CASE_WORKERS),
        ("GET", "/permohonan/{code}/langsung") => Roles(ANY),
        ("GET" | "POST", "/akun/notifikasi") => Roles(CITIZENS),
        ("GET", "/ledger/checkpoint" | "/ledger/vkey" | "/ledger/tile/{*path}" | "/buku-besar") => Public,
        ("GET", "/api/v1/ledger/entries/{index}" | "/api/v1/ledger/consistency") => Public,
        // Witnesses are authenticated by their cosignature, checked against the configured keys.
        ("POST", "/ledger/cosignature") => Public,
        ("GET", "/api/v1/push/vapid-public-key") => Public,
        ("POST" | "DELETE", "/api/v1/push/subscriptions") => Roles(CITIZENS),
        ("POST", "/api/v1/reports" | "/api/v1/reports/{code}/support" | "/api/v1/reports/{code}/rating") => {
            Roles(CITIZENS)
        }
        ("GET", "/api/v1/reports" | "/api/v1/reports/{code}" | "/api/v1/reports/similar") => Public,
        ("GET", "/api/v1/reports/{code}/photos/{n}") => Public,
        ("POST", "/api/v1/reports/{code}/actions") => Roles(ANY),
        ("GET", "/laporan" | "/laporan/statistik" | "/laporan/umpan.atom" | "/laporan/{code}") => Public,
        ("GET" | "POST", "/laporan/baru") => NotStaff,
        ("GET", "/laporan/saya") => Roles(CITIZENS),
        ("GET" | "POST", "/laporan/konfirmasi/{token}" | "/laporan/peringatan" | "/laporan/peringatan/{token}") => {
            Public
        }
        ("GET", "/laporan/periksa") => Public,
        ("POST", "/laporan/{code}/dukung" | "/laporan/{code}/nilai") => Roles(CITIZENS),
        ("POST", "/laporan/{code}/aksi") => Roles(ANY),
        ("POST", "/laporan/{code}/moderasi" | "/petugas/laporan/templat" | "/petugas/laporan/templat/{id}/hapus") => {
            Roles(CASE_WORKERS)
        }
        ("GET", "/petugas/laporan" | "/petugas/laporan/templat") => Roles(CASE_WORKERS),
        ("GET" | "POST", "/kelola/hari-libur") | ("POST", "/kelola/hari-libur/hapus") => Roles(PLATFORM_ADMINS),
        // Staff management (the NIK national sign-in links by): agency admins and the platform admin.
        ("GET", "/kelola/petugas") | ("POST", "/kelola/petugas/nik") => Roles(CATALOG_ADMINS),
        // The admin console: super admins; its staff part also agency admins (their own agency).
        ("GET", "/kelola/admin" | "/kelola/admin/kunci-api" | "/kelola/admin/kanal" | "/kelola/admin/fitur")
        | ("POST", "/kelola/admin/kunci-api" | "/kelola/admin/kunci-api/{id}/cabut" | "/kelola/admin/kanal")
        | ("POST", "/kelola/admin/fitur" | "/kelola/admin/fitur/hapus") => Roles(PLATFORM_ADMINS),
        ("GET", "/kelola/admin/templat") | ("GET" | "POST", "/kelola/admin/templat/{id}") => Roles(PLATFORM_ADMINS),
        ("GET" | "POST", "/kelola/admin/instansi" | "/kelola/admin/instansi/{id}") => Roles(PLATFORM_ADMINS),
        ("GET" | "POST", "/kelola/admin/petugas")
        | ("POST", "/kelola/admin/petugas/{id}/peran" | "/kelola/admin/petugas/{id}/nonaktifkan")
        | ("POST", "/kelola/admin/petugas/{id}/aktifkan") => Roles(CATALOG_ADMINS),
        // The audit log: auditors and super admins read and export it; nothing changes it.
        ("GET", "/kelola/audit" | "/kelola/audit.csv" | "/kelola/audit.json") => {
            Roles(&[Role::Auditor, Role::SuperAdmin])
        }
        ("GET", "/open311/v2/discovery.{format}" | "/open311/v2/services.{format}") => Public,
        ("GET", "/open311/v2/requests.{format}") => Public,
        ("GET", "/open311/v2/services/{service_code}.{format}") => Public,
        ("GET", "/open311/v2/requests/{service_request_id}.{format}") => Public,
        ("GET", "/open311/v2/tokens/{token}.{format}") => Public,
        ("POST", "/open311/v2/requests.{format}") => ApiKey,
        ("POST", "/api/v1/assistant/messages") => Public,
        ("GET", "/api/v1/assistant/conversations/{id}/messages") => Public,
        ("DELETE", "/api/v1/assistant/conversations/{id}") => Public,
        ("GET" | "POST", "/asisten") | ("POST", "/asisten/hapus") => Public,
        ("GET", "/petugas/asisten" | "/petugas/asisten/{id}") | ("POST", "/petugas/asisten/{id}") => Roles(ANSWERERS),
        ("POST", "/api/v1/assistant/webhooks/telegram" | "/api/v1/assistant/webhooks/whatsapp") => Gateway,
        ("GET", "/api/v1/assistant/webhooks/whatsapp") => Gateway,
        // Appointments and queues: citizens book; the kiosk (behind its secret key), tickets and
        // the display are public; counters are the case workers'; locations the catalogue admins'.
        ("GET", "/janji" | "/janji/baru")
        | ("POST", "/janji/baru" | "/janji/{code}/pindah" | "/janji/{code}/batal") => Roles(CITIZENS),
        ("GET", "/janji/{code}" | "/janji/{code}/kalender.ics") => Roles(ANY),
        ("GET", "/antrean/kiosk/{key}" | "/antrean/tiket/{token}" | "/antrean/{location}/layar") => Public,
        ("POST", "/antrean/kiosk/{key}/masuk" | "/antrean/kiosk/{key}/ambil") => Public,
        ("GET" | "POST", "/petugas/antrean") => Roles(CASE_WORKERS),
        ("GET", "/petugas/antrean/statistik" | "/api/v1/locations/{id}/stats") => Roles(STAFF),
        ("GET" | "POST", "/kelola/lokasi") | ("POST", "/kelola/lokasi/tutup" | "/api/v1/locations/import") => {
            Roles(CATALOG_ADMINS)
        }
        ("GET", "/api/v1/locations" | "/api/v1/slots" | "/api/v1/queue/{location_id}" | "/api/v1/tickets/{token}") => {
            Public
        }
        ("GET" | "POST", "/api/v1/bookings")
        | ("POST", "/api/v1/bookings/{code}/cancel" | "/api/v1/bookings/{code}/reschedule") => Roles(CITIZENS),
        ("GET", "/api/v1/bookings/{code}") => Roles(ANY),
        // Telemedicine: the patient's pages, the practitioner's (checked against the consultation:
        // 404 for anyone else), the pharmacy's verification page (public, content only with the
        // QR's signature) and its dispensing (pharmacy staff: officers of a health agency).
        ("GET", "/telekonsultasi" | "/telekonsultasi/{code}" | "/telekonsultasi/{code}/resep.pdf") => Roles(CITIZENS),
        ("GET", "/akun/akses-kesehatan") => Roles(CITIZENS),
        ("POST", "/telekonsultasi/pesan" | "/telekonsultasi/{code}/prakonsultasi" | "/telekonsultasi/{code}/chat") => {
            Roles(CITIZENS)
        }
        ("GET", "/petugas/telekonsultasi" | "/petugas/telekonsultasi/{code}") => Roles(CASE_WORKERS),
        ("POST", "/petugas/telekonsultasi/{code}/chat" | "/petugas/telekonsultasi/{code}/catatan") => {
            Roles(CASE_WORKERS)
        }
        ("POST", "/petugas/telekonsultasi/{code}/resep" | "/resep/{code}/serahkan") => Roles(CASE_WORKERS),
        ("GET", "/resep/{code}") => Public,
        // E-participation: reading is public; citizens propose, support, comment and vote; staff answer,
        // moderate, review and update; admins run participatory-budgeting processes.
        ("GET", "/partisipasi" | "/partisipasi/gagasan" | "/partisipasi/gagasan/{id}") => Public,
        ("GET", "/partisipasi/anggaran" | "/partisipasi/anggaran/{id}" | "/partisipasi/anggaran/{id}/hasil") => Public,
        ("GET", "/partisipasi/akuntabilitas" | "/partisipasi/akuntabilitas/{id}") => Public,
        ("GET", "/partisipasi/gagasan/baru")
        | ("POST", "/partisipasi/gagasan" | "/partisipasi/gagasan/{id}/dukung") => Roles(CITIZENS),
        ("POST", "/partisipasi/gagasan/{id}/tarik" | "/partisipasi/gagasan/{id}/komentar") => Roles(CITIZENS),
        ("POST", "/partisipasi/anggaran/{id}/usulan" | "/partisipasi/anggaran/{id}/pilih") => Roles(CITIZENS),
        ("POST", "/partisipasi/laporkan") => Roles(ANY),
        ("GET", "/petugas/partisipasi" | "/petugas/moderasi" | "/petugas/anggaran" | "/petugas/anggaran/{id}") => {
            Roles(ANSWERERS)
        }
        ("POST", "/petugas/partisipasi/gagasan/{id}/jawab" | "/petugas/moderasi" | "/petugas/akuntabilitas/{id}") => {
            Roles(ANSWERERS)
        }
        ("POST", "/petugas/anggaran/usulan/{id}/tinjau") => Roles(ANSWERERS),
        ("POST", "/petugas/anggaran" | "/petugas/anggaran/{id}/tahap") => Roles(CATALOG_ADMINS),
        ("GET", "/partisipasi/konsultasi" | "/partisipasi/konsultasi/{id}" | "/partisipasi/jajak") => Public,
        ("GET", "/partisipasi/jajak/{id}") => Public,
        ("GET", "/api/v1/participation/ideas" | "/api/v1/participation/budgets/{id}/results") => Public,
        ("POST", "/partisipasi/konsultasi/{id}/komentar" | "/partisipasi/jajak/{id}/jawab") => Roles(CITIZENS),
        ("GET" | "POST", "/petugas/konsultasi" | "/petugas/jajak") => Roles(ANSWERERS),
        ("POST", "/petugas/konsultasi/{id}/tanggapan" | "/petugas/jajak/{id}/tutup") => Roles(ANSWERERS),
        // FHIR R4: practitioners, schedules and slots are public; the rest needs a bearer token.
        ("GET", "/fhir/R4/metadata" | "/fhir/R4/Practitioner" | "/fhir/R4/Practitioner/{id}") => Public,
        ("GET", "/fhir/R4/Schedule" | "/fhir/R4/Schedule/{id}" | "/fhir/R4/Slot" | "/fhir/R4/Slot/{id}") => Public,
        ("GET", "/fhir/R4/Appointment" | "/fhir/R4/Appointment/{id}" | "/fhir/R4/Encounter") => Roles(ANY),
        ("GET", "/fhir/R4/Encounter/{id}" | "/fhir/R4/MedicationRequest" | "/fhir/R4/MedicationRequest/{id}") => {
            Roles(ANY)
        }
        // Regulations and the open-government portal: read by anyone, published by catalogue admins.
        ("GET", "/keterbukaan" | "/regulasi" | "/regulasi/{id}" | "/regulasi/{id}/versi/{n}") => Public,
        ("GET", "/regulasi/{id}/versi/{n}/teks" | "/regulasi/{id}/perbandingan") => Public,
        ("GET", "/api/v1/regulations" | "/api/v1/regulations/{id}" | "/api/v1/regulations/{id}/versions/{n}") => Public,
        ("GET" | "POST", "/kelola/regulasi") | ("GET", "/kelola/regulasi/{id}") => Roles(CATALOG_ADMINS),
        ("POST", "/kelola/regulasi/{id}/versi" | "/kelola/regulasi/{id}/status") => Roles(CATALOG_ADMINS),
        // Budget and procurement transparency: public pages, OCDS packages and read API; staff record.
        ("GET", "/anggaran" | "/anggaran/unduh" | "/anggaran/{year}/{agency}" | "/api/v1/budget") => Public,
        ("GET" | "POST", "/kelola/anggaran") | ("POST", "/api/v1/budget/import") => Roles(CATALOG_ADMINS),
        ("GET", "/pengadaan" | "/pengadaan/{id}" | "/ocds/releases.json" | "/ocds/records.json") => Public,
        ("GET", "/ocds/releases/{file}" | "/ocds/records/{file}") => Public,
        ("GET" | "POST", "/kelola/pengadaan" | "/kelola/pengadaan/{id}") => Roles(ANSWERERS),
        // Open data: the catalogue, downloads, DCAT and the CKAN Action API are public.
        ("GET", "/data" | "/data/catalog.jsonld" | "/data/{name}" | "/data/{name}/unduh/{file}") => Public,
        ("GET", "/instansi/{id}/kinerja") => Public,
        // Performance and recognition: public figures, heads' dashboard, innovations.
        ("GET", "/kinerja" | "/penghargaan" | "/penghargaan/aturan" | "/inovasi" | "/api/v1/performance") => Public,
        ("GET", "/kelola/kinerja") => Roles(&[Role::Supervisor, Role::AgencyAdmin, Role::Auditor, Role::SuperAdmin]),
        ("GET" | "POST", "/kelola/inovasi") => Roles(CATALOG_ADMINS),
        ("POST", "/kelola/inovasi/{id}/penghargaan") => Roles(PLATFORM_ADMINS),
        ("GET" | "POST", "/kelola/data") => Roles(CATALOG_ADMINS),
        ("POST", "/kelola/data/statistik") => Roles(PLATFORM_ADMINS),
        // Satisfaction survey: the IKM is public; citizens answer their own invitations; staff at
        // an agency open the kiosk; agency heads, platform admins and auditors export the report.
        ("GET", "/survei-kepuasan" | "/api/v1/skm/ikm") => Public,
        ("GET", "/survei" | "/survei/{id}" | "/api/v1/skm/invitations") | ("POST", "/survei/{id}") => Roles(CITIZENS),
        ("POST", "/api/v1/skm/invitations/{id}/response") => Roles(CITIZENS),
        ("GET" | "POST", "/skm/kiosk") => Roles(&[Role::Officer, Role::Supervisor, Role::AgencyAdmin]),
        ("GET", "/kelola/skm" | "/kelola/skm/laporan.csv" | "/kelola/skm/laporan.pdf") => {
            Roles(&[Role::Supervisor, Role::AgencyAdmin, Role::Auditor, Role::SuperAdmin])
        }
        ("GET" | "POST", p) if p.starts_with("/api/3/action/") || p.starts_with("/api/action/") => Public,
        // Demand forecasts and complaint hotspots: staff (their agency's; super admin and auditors all).
        ("GET", "/kelola/prakiraan" | "/kelola/titik-rawan" | "/api/v1/forecast" | "/api/v1/hotspots") => Roles(STAFF),
        // Proactive notices: a citizen's own consent, documents, family and suggestions.
        ("GET" | "POST", "/akun/pemberitahuan-proaktif" | "/akun/dokumen-saya" | "/akun/keluarga") => Roles(CITIZENS),
        ("GET" | "POST", "/akun/dokumen-saya/{id}") => Roles(CITIZENS),
        ("POST", "/akun/dokumen-saya/{id}/hapus" | "/akun/keluarga/{id}/hapus" | "/api/v1/me/documents") => {
            Roles(CITIZENS)
        }
        ("GET", "/akun/layanan-untuk-anda" | "/api/v1/me/proactive" | "/api/v1/me/documents") => Roles(CITIZENS),
        // OGC SensorThings API (read): public; a staff bearer token only widens what is seen.
        ("GET", p) if p == "/sta/v1.1" || p.starts_with("/sta/v1.1/") => Public,
        // IoT views: staff see their agency's monitoring (super admin and auditors all); agency
        // admins manage their agency's registry; the public page and its stream are open.
        ("GET", "/kelola/iot" | "/kelola/iot/langsung" | "/kelola/iot/sensor/{id}" | "/kelola/iot/sensor/{id}/csv") => {
            Roles(STAFF)
        }
        ("GET", "/kelola/iot/perangkat") => Roles(CATALOG_ADMINS),
        ("POST", "/kelola/iot/perangkat/tambah-benda" | "/kelola/iot/perangkat/tambah-alat") => Roles(CATALOG_ADMINS),
        ("POST", "/kelola/iot/perangkat/tambah-sensor" | "/kelola/iot/perangkat/{id}/token") => Roles(CATALOG_ADMINS),
        ("POST", "/kelola/iot/perangkat/{id}/nonaktif") => Roles(CATALOG_ADMINS),
        ("GET", "/pantau" | "/pantau/langsung" | "/pantau/{id}") => Public,
        // IoT work orders and rules: staff read (their agency's); responders act; admins manage rules.
        ("GET", "/kelola/iot/perintah-kerja" | "/kelola/iot/perintah-kerja/{code}" | "/kelola/iot/aturan") => {
            Roles(STAFF)
        }
        ("GET", "/api/v1/iot/alerts" | "/api/v1/iot/rules") => Roles(STAFF),
        ("POST", "/kelola/iot/perintah-kerja/{code}/akui" | "/kelola/iot/perintah-kerja/{code}/tutup") => {
            Roles(ANSWERERS)
        }
        ("POST", "/kelola/iot/piket") => Roles(&[Role::Officer, Role::Supervisor, Role::AgencyAdmin]),
        ("POST", "/kelola/iot/aturan" | "/kelola/iot/aturan/{id}/nonaktif") => Roles(CATALOG_ADMINS),
        // IoT ingestion: devices with their device token only.
        ("POST", "/api/v1/iot/readings") => Device,
        // Data exchange: member systems are authenticated by their request signature (anyone
        // else gets a signed refusal); citizens' consent and access log; the admin overview.
        ("POST", "/api/v1/exchange/query") => Public,
        ("GET" | "POST", "/akun/persetujuan" | "/api/v1/me/consents") | ("GET", "/api/v1/me/access-log") => {
            Roles(CITIZENS)
        }
        // The registry (members, purposes) is managed by the super admin only: purposes name
        // other agencies' systems, not this platform's agencies.
        ("GET", "/kelola/pertukaran-data") => Roles(PLATFORM_ADMINS),
        ("POST", "/kelola/pertukaran-data/anggota" | "/kelola/pertukaran-data/tujuan") => Roles(PLATFORM_ADMINS),
        ("POST", "/kelola/pertukaran-data/tujuan/{id}/status") => Roles(PLATFORM_ADMINS),
        // Data subject rights (UU 27/2022): a citizen's own archive, corrections and deletion;
        // agency admins and super admins reach the requests page (the service then shows an
        // agency admin the requests only when their agency is the data protection officer).
        ("GET", "/akun/data-saya" | "/akun/data-saya/unduh" | "/api/v1/me/export") => Roles(CITIZENS),
        ("GET" | "POST", "/api/v1/me/requests") => Roles(CITIZENS),
        ("POST", "/akun/data-saya/koreksi" | "/akun/data-saya/hapus") => Roles(CITIZENS),
        ("GET", "/kelola/permintaan-data") | ("POST", "/kelola/permintaan-data/{id}") => Roles(CATALOG_ADMINS),
        // Partners: the directory is public; citizens register organisations and themselves as
        // waste-bank customers; members' pages check membership on the server (404 for others);
        // admins verify; the officers handling a report pass it on.
        ("GET", "/mitra" | "/mitra/{slug}" | "/bank-sampah" | "/api/v1/partners" | "/api/v1/partners/{slug}") => Public,
        ("GET" | "POST", "/mitra/daftar" | "/mitra/{slug}/nasabah") => Roles(CITIZENS),
        ("GET", "/akun/mitra" | "/mitra/{slug}/kelola" | "/mitra/{slug}/laporan" | "/api/v1/me/waste-bank") => {
            Roles(CITIZENS)
        }
        ("POST", "/mitra/{slug}/anggota" | "/mitra/{slug}/program" | "/mitra/{slug}/kegiatan") => Roles(CITIZENS),
        ("POST", "/mitra/{slug}/setoran" | "/mitra/{slug}/laporan/{code}") => Roles(CITIZENS),
        ("GET", "/kelola/mitra") | ("POST", "/kelola/mitra/{slug}") => Roles(CATALOG_ADMINS),
        ("GET" | "POST", "/petugas/laporan/{code}/mitra") => Roles(CASE_WORKERS),
        // Green services: the figures and the free windows are public; citizens request pickups;
        // agency admins set their services' estimates; the pickup agency's (DLH) staff work the
        // windows and route lists, and platform admins (the staff here are of disdukcapil, so
        // only the super admin gets through; tests/it/green.rs checks DLH's own staff).
        ("GET", "/hijau" | "/api/v1/green/paperless" | "/api/v1/green/pickup-windows") => Public,
        ("GET" | "POST", "/hijau/angkut-sampah" | "/api/v1/green/pickups") => Roles(CITIZENS),
        ("POST", "/hijau/angkut-sampah/{code}/batal") => Roles(CITIZENS),
        ("GET", "/hijau/angkut-sampah/{code}" | "/api/v1/green/pickups/{code}") => Roles(ANY),
        ("GET" | "POST", "/kelola/hijau") => Roles(CATALOG_ADMINS),
        ("GET" | "POST", "/kelola/hijau/jadwal") | ("POST", "/kelola/hijau/jadwal/rutin") => Roles(PLATFORM_ADMINS),
        ("GET", "/kelola/hijau/angkut") => Roles(PLATFORM_ADMINS),
        ("POST", "/kelola/hijau/angkut/{code}/tandai" | "/kelola/hijau/angkut/{code}/pindah") => Roles(PLATFORM_ADMINS),
        // Guides, rights and display settings (issue 13): public; display settings for everyone
        // (kept with the account when signed in); guides edited by agency admins and super admins.
        ("GET", "/panduan" | "/panduan/{slug}" | "/panduan/{slug}/cetak" | "/hak-warga") => Public,
        ("GET" | "POST", "/tampilan") | ("GET", "/api/v1/guides" | "/api/v1/guides/{slug}") => Public,
        ("GET" | "POST", "/kelola/panduan" | "/kelola/panduan/{id}") => Roles(CATALOG_ADMINS),
        ("POST", "/kelola/panduan/{id}/langkah" | "/kelola/panduan/{id}/hapus") => Roles(CATALOG_ADMINS),
        ("GET", "/kelola/panduan/{id}/langkah/{step}") => Roles(CATALOG_ADMINS),
        // Assisted service: assistants are officers and supervisors, and citizens their agency
        // appointed as volunteers (checked against the table on the server: the citizen here is
        // not one, so is refused); the citizen's own sessions; agency admins' volunteers.
        ("GET" | "POST", "/pendampingan" | "/pendampingan/{id}/ajukan" | "/pendampingan/{id}/laporan")
        | ("GET", "/pendampingan/{id}" | "/pendampingan/{id}/status")
        | ("POST", "/pendampingan/{id}/selesai") => Roles(CASE_WORKERS),
        ("POST", "/akun/pendampingan/{id}/tarik" | "/api/v1/me/assisted-sessions/{id}/withdraw")
        | ("GET", "/api/v1/me/assisted-sessions") => Roles(CITIZENS),
        ("GET" | "POST", "/kelola/pendamping")
        | ("GET", "/kelola/pendamping/sesi")
        | ("POST", "/kelola/pendamping/{id}/nonaktif") => Roles(CATALOG_ADMINS),
        // Announcements and events (issue 13): reading, feeds and calendars are public; citizens
        // subscribe and register; an agency's supervisors and admin (the super admin for any
        // agency) publish.
        ("GET", "/pengumuman" | "/pengumuman/{slug}" | "/feeds/announcements.atom" | "/feeds/announcements.rss") => {
            Public
        }
        ("GET", "/api/v1/announcements" | "/api/v1/announcements/{slug}") => Public,
        // Payments (issue 15): a bill by its billing code is public; notifications need the gateway key.
        ("GET", "/api/v1/bills/{code}") => Public,
        ("GET", "/api/v1/me/bills") => Roles(CITIZENS),
        ("POST", "/api/v1/payments/notifications") => Gateway,
        ("GET", "/tagihan/{code}" | "/kuitansi/{number}") => Public,
        ("GET", "/pajak" | "/pajak/pbb/{nop}" | "/pajak/pkb/{plate}") => Public,
        ("GET", "/api/v1/taxes/pbb/{nop}" | "/api/v1/taxes/pkb/{plate}") => Public,
        ("GET", "/kuitansi/{number}/pdf") => Roles(ANY),
        ("POST", "/tagihan/{code}/perbarui") | ("GET", "/akun/tagihan") => Roles(CITIZENS),
        ("POST", "/petugas/permohonan/{code}/retribusi") => Roles(CASE_WORKERS),
        ("GET", "/kelola/pembayaran" | "/kelola/pembayaran/loket")
        | (
            "POST",
            "/kelola/pembayaran/loket" | "/kelola/pembayaran/{id}/tetapkan" | "/kelola/pembayaran/{id}/kembalikan",
        ) => Roles(TREASURERS),
        ("GET", "/kelola/pembayaran/laporan" | "/kelola/pembayaran/laporan.csv") => Roles(TREASURY_READERS),
        ("POST", "/pengumuman/langganan") => Roles(CITIZENS),
        ("GET" | "POST", "/kelola/pengumuman" | "/kelola/pengumuman/{slug}") | ("GET", "/kelola/pengumuman/baru") => {
            Roles(PUBLISHERS)
        }
        ("POST", "/kelola/pengumuman/{slug}/tarik") => Roles(PUBLISHERS),
        ("GET", "/acara" | "/acara/{slug}" | "/acara/{slug}/ics" | "/events.ics") => Public,
        ("GET", "/api/v1/events" | "/api/v1/events/{slug}") => Public,
        ("GET", "/acara/saya") | ("POST", "/acara/{slug}/daftar" | "/acara/{slug}/batal") => Roles(CITIZENS),
        ("POST" | "DELETE", "/api/v1/events/{slug}/registrations") => Roles(CITIZENS),
        ("GET" | "POST", "/kelola/acara" | "/kelola/acara/{slug}") | ("GET", "/kelola/acara/baru") => Roles(PUBLISHERS),
        ("POST", "/kelola/acara/{slug}/batalkan") | ("GET", "/kelola/acara/{slug}/daftar-hadir") => Roles(PUBLISHERS),
        // Prometheus metrics: with `metrics_token` unset (as here) only clients on this machine,
        // which every test client is; the token and the loopback rule are tested in observe.rs.
        ("GET", "/metrics") => Public,
        _ => return None,
    })
}

/// Every (method, path, is_api) the server routes.
fn all_routes() -> Vec<(String, String, bool)> {
    let mut out: Vec<(String, String, bool)> =
        satupintu::web::router::pages().routes().iter().map(|(m, p)| (m.to_string(), p.to_string(), false)).collect();
    let doc = serde_json::to_value(satupintu::web::router::openapi()).expect("openapi json");
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for method in ["get", "put", "post", "delete", "patch"] {
            if item.get(method).is_some() {
                out.push((method.to_uppercase(), path.clone(), true));
            }
        }
    }
    // Open311 GeoReport v2, outside the OpenAPI document (it answers as the Open311 spec says).
    for (method, path) in satupintu::reports::open311::ROUTES
        .iter()
        .chain(satupintu::assistant::webhooks::ROUTES)
        .chain(satupintu::telemedicine::fhir::ROUTES)
        .chain(satupintu::opendata::ckan::ROUTES)
        .chain(satupintu::iot::sta::ROUTES)
        .chain(satupintu::observe::ROUTES)
    {
        out.push((method.to_string(), path.to_string(), true));
    }
    // Signing out ends the session: test it last.
    out.sort_by_key(|(_, p, _)| p == "/keluar" || p == "/api/v1/auth/logout");
    out
}

fn concrete(path: &str) -> String {
    let id = if path.starts_with("/instansi") || path.starts_with("/api/v1/agencies") {
        "disdukcapil"
    } else {
        "akta-kelahiran"
    };
    path.replace("{id}", id)
        .replace("{n}", "1")
        .replace("{code}", "SP-2026-000001")
        .replace("{number}", "DOK-2026-000001")
        .replace("{format}", "json")
        .replace("{service_code}", "jalan")
        .replace("{service_request_id}", "LP-2026-000001")
        .replace("{token}", "LP-2026-000001")
        .replace("{slug}", "cara-membuat-ktp-el")
        .replace("{step}", "1")
}

struct Subject {
    name: String,
    role: Option<Role>,
    web: Client,
    token: Option<String>,
}

async fn subjects(app: &TestApp) -> Vec<Subject> {
    let mut out = vec![Subject { name: "signed out".into(), role: None, web: client(), token: None }];
    let token = app.citizen(NIK_A, "Siti Rahayu", "siti@contoh.id").await;
    out.push(Subject {
        name: "citizen".into(),
        role: Some(Role::Citizen),
        web: app.browser("siti@contoh.id", "rahasia-warga-1", None).await,
        token: Some(token),
    });
    for role in [Role::Officer, Role::Supervisor, Role::AgencyAdmin, Role::Auditor, Role::SuperAdmin] {
        let email = format!("{}@dukcapil.id", role.as_str());
        let agency = role.needs_agency().then_some("disdukcapil");
        let token = app.staff(role, agency, &email).await;
        let secret = role.requires_totp().then_some("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP");
        let web = app.browser(&email, "rahasia-staf-1", secret).await;
        out.push(Subject { name: role.as_str().into(), role: Some(role), web, token: Some(token) });
    }
    out
}

async fn every_route_checks_roles(b: Backend) {
    let app = TestApp::spawn(b).await;
    let routes = all_routes();
    let missing: Vec<String> =
        routes.iter().filter(|(m, p, _)| rule(m, p).is_none()).map(|(m, p, _)| format!("{m} {p}")).collect();
    assert!(missing.is_empty(), "routes without a row in the authorization matrix: {missing:#?}");
    assert!(routes.len() >= 30, "the route list looks incomplete: {}", routes.len());

    let mut failures = vec![];
    let mut checked = 0;
    for s in subjects(&app).await {
        // Each browser needs its CSRF token for state-changing requests.
        let page = s.web.get(app.url("/")).send().await.expect("get").text().await.expect("page");
        let token = csrf_token_in(&page, &s.web, &app).await;
        for (method, path, api) in &routes {
            let rule = rule(method, path).expect("checked above");
            let url = app.url(&concrete(path));
            let m = Method::from_bytes(method.as_bytes()).expect("method");
            let resp = if *api {
                let mut req = s.web.request(m.clone(), &url);
                if let Some(t) = &s.token {
                    req = req.bearer_auth(t);
                }
                if m != Method::GET {
                    req = req.json(&json!({}));
                }
                req.send().await.expect("api request")
            } else if m == Method::GET {
                s.web.get(&url).send().await.expect("page request")
            } else {
                s.web.post(&url).form(&[("_csrf", token.as_str())]).send().await.expect("form post")
            };
            let status = resp.status().as_u16();
            let to_login = status == 303
                && resp.headers().get("location").is_some_and(|l| l.to_str().unwrap_or("").starts_with("/masuk"));
            let refused_signed_out = if *api { status == 401 } else { to_login };
            let allowed = match (rule, s.role) {
                (Rule::ApiKey | Rule::Gateway | Rule::Device, _) => false,
                (Rule::Public, _) => true,
                (Rule::NotStaff, r) => r.is_none_or(|r| !r.is_staff()),
                (_, None) => false,
                (Rule::Session, Some(_)) => true,
                (Rule::SessionStaff, Some(r)) => r.is_staff(),
                (Rule::Roles(rs), Some(r)) => rs.contains(&r),
            };
            let login_route = path == "/masuk" || path == "/api/v1/auth/login";
            let ok = if matches!(rule, Rule::ApiKey) {
                status == 403
            } else if matches!(rule, Rule::Gateway) {
                status == 404
            } else if matches!(rule, Rule::Device) {
                status == 401
            } else if allowed {
                status != 403 && !to_login && (status != 401 || login_route) && status < 500
            } else if s.role.is_none() && !matches!(rule, Rule::NotStaff) {
                refused_signed_out
            } else {
                status == 403
            };
            checked += 1;
            if !ok {
                failures.push(format!(
                    "{} {method} {path}: got {status}, expected {}",
                    s.name,
                    if allowed { "access" } else { "refusal" }
                ));
            }
        }
    }
    assert!(failures.is_empty(), "authorization matrix failures:\n{}", failures.join("\n"));
    assert!(checked >= 7 * 30);
    app.stop().await;
}

/// The CSRF token for this browser: from a form if the page has one, otherwise from the sign-up form.
async fn csrf_token_in(page: &str, web: &Client, app: &TestApp) -> String {
    if page.contains("name=\"_csrf\"") {
        return csrf(page);
    }
    let form = web.get(app.url("/daftar")).send().await.expect("get").text().await.expect("page");
    csrf(&form)
}
