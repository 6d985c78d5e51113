//! Data subject rights (UU 27/2022): the archive holds every kind of data about the citizen (one
//! of each seeded), readable, with a README naming every file and no secrets; every table that
//! points at users is covered by the export or listed as left out with a reason; a deletion
//! removes what may go, keeps what the law requires (and says why and until when), and the
//! person can no longer sign in; correction requests are filed, refused or applied, and the
//! citizen is notified, by the data protection officer only; citizens file and follow requests
//! through the API; the retention job removes expired records (sign-in attempts too) and keeps
//! fresh ones; "who accessed my data" merges every log in time order.

use std::io::Read as _;

use reqwest::Method;
use satupintu::identity::Role;
use satupintu::privacy::model::{EXPORTS, LEFT_OUT, PROFILE_FILE, RECORDS};
use serde_json::Value;
use sqlx::Row as _;

use crate::both;
use crate::common::{post_form as post, Backend, TestApp, NIK_A, NIK_B};

both!(
    export_archive_is_complete_and_readable,
    every_table_with_a_user_reference_is_covered,
    deletion_removes_what_may_go_and_keeps_what_the_law_requires,
    corrections_are_filed_decided_and_notified,
    retention_removes_expired_records_and_keeps_fresh_ones,
    who_accessed_my_data_merges_every_log,
    requests_through_the_api_and_the_data_protection_officer
);

const PASSWORD: &str = "rahasia-warga-1";

async fn citizen(app: &TestApp, nik: &str, email: &str) -> (i64, String) {
    let token = app.citizen(nik, "Warga Uji", email).await;
    let (_, me) = app.api(Method::GET, "/api/v1/me", Some(&token), None).await;
    (me["id"].as_i64().expect("id"), token)
}

/// One row of every kind of data, with a marker `PENANDA-<file>` where the file has a text
/// column to carry it (`$1` the citizen, `$2` now). Secrets carry `RAHASIA`.
const SEED: &[&str] = &[
    "INSERT INTO applications (id, code, service_id, service_version, agency_id, citizen_id, status, fields_json, created_at, updated_at) \
     VALUES (9001, 'SP-2026-009001', 'akta-kelahiran', 1, 'disdukcapil', $1, 'submitted', '{\"catatan\":\"PENANDA-permohonan\"}', $2, $2)",
    "INSERT INTO application_events (application_id, at, actor_id, actor_role, action, to_status, note) \
     VALUES (9001, $2, $1, 'citizen', 'submit', 'submitted', 'PENANDA-permohonan-riwayat')",
    "INSERT INTO application_verifications (application_id, citizen_id, field, rule_id, item, purpose_id, provider_member, \
     provider_name, status, request_id, created_at) VALUES (9001, $1, 'rt_rw_letter', 'r', 'family-at-address', 'p', \
     'ID-GOV-UJI', 'Dukcapil Uji', 'yes', 'PENANDA-permohonan-verifikasi', $2)",
    "INSERT INTO uploads (id, sha256, mime, size, owner_id, created_at) VALUES ('up-9001', 'PENANDA-unggahan', 'application/pdf', 10, $1, $2)",
    "INSERT INTO documents (number, application_id, content_json, signature, key_id, issued_at) \
     VALUES ('DOK-2026-009001', 9001, '{\"isi\":\"PENANDA-dokumen-terbit\"}', 'sig', 'key', $2)",
    "INSERT INTO data_access_log (citizen_id, staff_id, application_id, reason, at) VALUES ($1, $1, 9001, 'PENANDA-akses-data', $2)",
    "INSERT INTO reports (id, code, category, description, privacy, status, reporter_id, reporter_email, created_at, updated_at) \
     VALUES (9001, 'LP-2026-009001', 'jalan', 'PENANDA-pengaduan', 'public', 'received', $1, 'lapor@contoh.id', $2, $2)",
    "INSERT INTO report_events (report_id, at, actor_role, action, to_status, note, public) \
     VALUES (9001, $2, 'officer', 'note', 'received', 'PENANDA-pengaduan-riwayat', 1)",
    "INSERT INTO report_events (report_id, at, actor_role, action, to_status, note, public) \
     VALUES (9001, $2, 'officer', 'note', 'received', 'INTERNAL-staff-note', 0)",
    "INSERT INTO report_photos (report_id, sha256, mime, size) VALUES (9001, 'PENANDA-pengaduan-foto', 'image/jpeg', 1)",
    "INSERT INTO report_ratings (report_id, stars, comment, at) VALUES (9001, 4, 'PENANDA-pengaduan-penilaian', $2)",
    "INSERT INTO report_supporters (report_id, user_id, at) VALUES (9001, $1, $2)",
    "INSERT INTO outbox (kind, channel, recipient_id, payload_json, idempotency_key, next_attempt_at, created_at) \
     VALUES ('status', 'email', $1, '{\"code\":\"PENANDA-notifikasi\"}', 'privacy-test-1', $2, $2)",
    "INSERT INTO notification_prefs (user_id, email, webhook, push) VALUES ($1, 1, 0, 1)",
    "INSERT INTO push_subscriptions (user_id, endpoint, p256dh, auth, created_at) \
     VALUES ($1, 'https://push.example/RAHASIA-endpoint', 'RAHASIA-p256dh', 'RAHASIA-auth', $2)",
    "INSERT INTO assistant_conversations (id, user_id, channel, lang, status, state, created_at, updated_at) \
     VALUES ('conv-9001', $1, 'web', 'id', 'bot', '{}', $2, $2)",
    "INSERT INTO assistant_messages (conversation_id, author, author_id, text, actions, created_at) \
     VALUES ('conv-9001', 'user', $1, 'PENANDA-asisten-pesan', '[]', $2)",
    "INSERT INTO locations (id, kind, name, address, data_json, kiosk_key, updated_at) \
     VALUES ('lok-9001', 'mpp', 'MPP Uji', 'Jl. Uji', '{}', 'kiosk-9001', $2)",
    "INSERT INTO slots (id, location_id, service_id, date, start_min, end_min, starts_at, ends_at, capacity) \
     VALUES (9001, 'lok-9001', 'akta-kelahiran', '2026-01-05', 480, 500, $2, $2, 1)",
    "INSERT INTO bookings (id, code, slot_id, user_id, service_id, location_id, status, created_at, updated_at) \
     VALUES (9001, 'JT-PENANDA-janji-temu', 9001, $1, 'akta-kelahiran', 'lok-9001', 'served', $2, $2)",
    "INSERT INTO tickets (location_id, service_id, date, number, priority, booking_id, token, rank_at, status, issued_at) \
     VALUES ('lok-9001', 'akta-kelahiran', '2026-01-05', 'PENANDA-antrean', 0, 9001, 'RAHASIA-ticket', $2, 'done', $2)",
    "INSERT INTO consultations (booking_id, mode, complaint, history, allergies, medicines, created_at, updated_at) \
     VALUES (9001, 'chat', 'PENANDA-telekonsultasi', '', '', '', $2, $2)",
    "INSERT INTO consultation_messages (booking_id, sender_id, body, at) VALUES (9001, $1, 'PENANDA-telekonsultasi-pesan', $2)",
    "INSERT INTO prescriptions (code, booking_id, content_json, signature, key_id, issued_at) \
     VALUES ('RX-2026-009001', 9001, '{\"obat\":\"PENANDA-resep\"}', 'sig', 'key', $2)",
    "INSERT INTO health_access_log (patient_id, staff_id, what, code, at) VALUES ($1, $1, 'consultation', 'PENANDA-akses-data-kesehatan', $2)",
    "INSERT INTO skm_invitations (id, source_kind, source_id, citizen_id, agency_id, service_id, finished_at, created_at, expires_at, answered_at) \
     VALUES (9001, 'application', 9001, $1, 'disdukcapil', 'PENANDA-survei-undangan', $2, $2, $2, $2)",
    "INSERT INTO skm_responses (invitation_id, agency_id, channel, month, u1, u2, u3, u4, u5, u6, u7, u8, u9, suggestion, created_at) \
     VALUES (9001, 'disdukcapil', 'online', '2026-01', 4, 4, 4, 4, 4, 4, 4, 4, 4, 'PENANDA-survei-jawaban', $2)",
    "INSERT INTO part_ideas (id, author_id, title, body, category, created_at) VALUES (9001, $1, 'PENANDA-partisipasi-gagasan', 'isi', 'lainnya', $2)",
    "INSERT INTO part_supports (idea_id, user_id, created_at) VALUES (9001, $1, $2)",
    "INSERT INTO part_comments (idea_id, author_id, stance, body, created_at) VALUES (9001, $1, 'for', 'PENANDA-partisipasi-komentar', $2)",
    "INSERT INTO part_reports (kind, item_id, reporter_id, reason, created_at) VALUES ('idea', 9001, $1, 'PENANDA-partisipasi-laporan', $2)",
    "INSERT INTO part_pb_processes (id, title, region, total_budget, voter_limit, created_at) VALUES (9001, 'Proses', '32', 100, 1, $2)",
    "INSERT INTO part_pb_projects (process_id, author_id, title, description, cost, created_at) \
     VALUES (9001, $1, 'PENANDA-partisipasi-usulan-anggaran', 'isi', 10, $2)",
    "INSERT INTO part_pb_voters (process_id, user_id) VALUES (9001, $1)",
    "INSERT INTO part_polls (id, question, closes_on, created_at) VALUES (9001, 'Tanya?', '2030-01-01', $2)",
    "INSERT INTO part_poll_voters (poll_id, user_id) VALUES (9001, $1)",
    "INSERT INTO part_consultations (id, title, agency_id, opens_on, closes_on, created_by, created_at) \
     VALUES (9001, 'Konsultasi', 'disdukcapil', '2026-01-01', '2030-01-01', $1, $2)",
    "INSERT INTO part_paragraphs (id, consultation_id, position, label, body) VALUES (9001, 9001, 1, 'Pasal 1', 'isi')",
    "INSERT INTO part_paragraph_comments (consultation_id, paragraph_id, author_id, stance, body, created_at) \
     VALUES (9001, 9001, $1, 'for', 'PENANDA-partisipasi-komentar-pasal', $2)",
    "INSERT INTO proactive_consents (user_id, kind, granted, updated_at) VALUES ($1, 'expiry', 1, $2)",
    "INSERT INTO proactive_consent_log (user_id, kind, granted, created_at) VALUES ($1, 'expiry', 1, $2)",
    "INSERT INTO proactive_documents (user_id, kind, label, expires_on, created_at, updated_at) \
     VALUES ($1, 'paspor', 'PENANDA-proaktif-dokumen', '2030-01-01', $2, $2)",
    "INSERT INTO proactive_family (user_id, name, birth_date, created_at) VALUES ($1, 'PENANDA-proaktif-keluarga', '2015-01-01', $2)",
    "INSERT INTO proactive_sent (notice_key, user_id, kind, created_at) VALUES ('PENANDA-kunci', $1, 'proactive_expiry', $2)",
    "INSERT INTO exchange_purposes (id, client_member, item, service_id, description_id, description_en, created_at) \
     SELECT 'PENANDA-persetujuan-pertukaran', 'ID-GOV-UJI', 'applicant-registered', 'bansos', 'uji', 'test', $2 WHERE $1 > 0",
    "INSERT INTO exchange_consents (user_id, purpose_id, granted, updated_at) VALUES ($1, 'PENANDA-persetujuan-pertukaran', 1, $2)",
    "INSERT INTO exchange_consent_log (user_id, purpose_id, granted, created_at) \
     VALUES ($1, 'PENANDA-persetujuan-pertukaran-riwayat', 1, $2)",
    "INSERT INTO exchange_log (direction, request_id, client_member, client_subsystem, service_member, item, purpose_id, \
     subject_user_id, basis, outcome, answer, request_sha256, issued_at, created_at) VALUES ('in', 'PENANDA-akses-pertukaran', \
     'ID-GOV-UJI', 'uji', 'ID-GOV-SATUPINTU', 'applicant-registered', 'PENANDA-persetujuan-pertukaran', $1, 'consent', \
     'answered', 'yes', 'abc', $2, $2)",
    "INSERT INTO oidc_identities (issuer, subject, user_id, linked_at) VALUES ('https://id.example', 'PENANDA-identitas-digital', $1, $2)",
    "INSERT INTO partner_orgs (id, slug, name, kind, fields, regions, contact, description, status, created_at) \
     SELECT 9001, 'penanda', 'PENANDA-mitra-keanggotaan', 'bank_sampah', 'sampah', '357825', 'k', 'd', 'verified', $2 WHERE $1 > 0",
    "INSERT INTO partner_members (org_id, user_id, role, created_at) VALUES (9001, $1, 'coordinator', $2)",
    "INSERT INTO waste_customers (id, org_id, user_id, member_no, full_name, address, rt, rw, created_at) \
     VALUES (9001, 9001, $1, 'PENANDA-bank-sampah-setoran', 'PENANDA-bank-sampah-nasabah', 'Jl. Uji 1', '001', '002', $2)",
    "INSERT INTO waste_deposits (customer_id, deposited_on, plastik_grams, value_rupiah, recorded_by, created_at) \
     VALUES (9001, '2026-11-01', 1000, 3000, $1, $2)",
    "INSERT INTO green_windows (id, agency_id, zone, date, start_min, end_min, starts_at, ends_at, capacity, booked, kinds, \
     created_at) SELECT 9001, 'dlh', '357825', '2030-01-01', 420, 600, $2, $2, 10, 1, '', $2 WHERE $1 > 0",
    "INSERT INTO green_pickups (code, user_id, window_id, kind, volume, address, kelurahan, rt, rw, zone, status, \
     created_at, updated_at) VALUES ('AS-UJI-1', $1, 9001, 'bulky', 'small', 'PENANDA-angkut-sampah', 'Gunung Anyar', \
     '001', '002', '357825', 'scheduled', $2, $2)",
    "INSERT INTO display_settings (user_id, large_text, high_contrast, low_data, updated_at) VALUES ($1, 1, 1, 0, $2)",
    "INSERT INTO assisted_sessions (id, assistant_id, assistant_kind, agency_id, citizen_id, place, consent_method, \
     consent_version, scope, started_at, expires_at) VALUES (9001, $1, 'volunteer', 'kelurahan', $1, \
     'PENANDA-pendampingan', 'lisan', 'v1', 'apply', $2, $2)",
    "INSERT INTO assisted_acts (session_id, kind, reference, at) VALUES (9001, 'status', 'PENANDA-pendampingan-tindakan', $2)",
    "INSERT INTO assisted_volunteers (agency_id, user_id, appointed_by, appointed_at) VALUES ('PENANDA-relawan', $1, $1, $2)",
    "INSERT INTO announcement_subscriptions (user_id, agency_id, created_at) VALUES ($1, 'PENANDA-langganan-pengumuman', $2)",
    "INSERT INTO events (id, slug, kind, agency_id, title, description, place_name, place_address, starts_at, ends_at, \
     capacity, seats_taken, created_by, created_at, updated_at) VALUES (9001, 'acara-9001', 'pelatihan', 'disdukcapil', \
     'PENANDA-acara', 'isi', 'Balai Pemuda', 'Jl. Gubernur Suryo 15', $2, $2, 10, 1, $1, $2, $2)",
    "INSERT INTO event_registrations (event_id, user_id, status, queued_at, created_at, updated_at) \
     VALUES (9001, $1, 'registered', $2, $2, $2)",
    "INSERT INTO tax_objects (id, kind, object_number, agency_id, owner_name, citizen_id, description, updated_at) \
     VALUES (9001, 'pkb', 'L9001UJ', 'samsat', 'PENANDA-objek-pajak', $1, 'Honda Beat 2020', $2)",
    "INSERT INTO bills (id, code, kind, revenue_type, agency_id, citizen_id, tax_object_id, period, description, \
     amount_idr, due_date, expires_at, status, created_at, updated_at) VALUES (9001, '2632000000090011', 'pkb', 'pkb', \
     'samsat', $1, 9001, '2026', 'PENANDA-tagihan', 250000, '2026-12-31', $2, 'paid', $2, $2)",
    "INSERT INTO payments (bill_id, bill_code, channel, provider, provider_ref, amount_idr, paid_at, received_at, status, \
     receipt_number) SELECT 9001, '2632000000090011', 'qris', 'gateway', 'uji-9001', 250000, $2, $2, 'settled', \
     'PENANDA-pembayaran' WHERE $1 > 0",
];

/// Files whose rows carry no marker text (checked by count only).
const NO_MARKER: &[&str] = &[
    "sesi",
    "pengaduan-dukungan",
    "notifikasi-pengaturan",
    "perangkat-push",
    "asisten-percakapan",
    "partisipasi-dukungan",
    "partisipasi-pemilih",
    "proaktif-persetujuan",
    "proaktif-terkirim",
    "permintaan-data",
    "tampilan",
];

async fn exec(app: &TestApp, sql: &str, user: i64, now: i64) {
    let mut q = sqlx::query(sql).bind(user);
    if sql.contains("$2") {
        q = q.bind(now);
    }
    q.execute(app.state.db.pool()).await.unwrap_or_else(|e| panic!("{sql}: {e}"));
}

async fn seed(app: &TestApp, user: i64) {
    let now = satupintu::db::now();
    for sql in SEED {
        exec(app, sql, user, now).await;
    }
}

async fn count(app: &TestApp, sql: &str, user: i64) -> i64 {
    sqlx::query(sql).bind(user).fetch_one(app.state.db.pool()).await.expect(sql).get(0)
}

/// The archive's entries by name.
fn unzip(bytes: &[u8]) -> Vec<(String, String)> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).expect("a ZIP archive");
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).expect("entry");
            let mut text = String::new();
            f.read_to_string(&mut text).expect("utf-8 entry");
            (f.name().expect("entry name").to_string(), text)
        })
        .collect()
}

fn entry<'a>(entries: &'a [(String, String)], name: &str) -> &'a str {
    &entries.iter().find(|(n, _)| n == name).unwrap_or_else(|| panic!("{name} in the archive")).1
}

async fn export_archive_is_complete_and_readable(b: Backend) {
    let app = TestApp::spawn(b).await;
    let (id, token) = citizen(&app, NIK_A, "siti@contoh.id").await;
    let (other, _) = citizen(&app, NIK_B, "budi@contoh.id").await;
    seed(&app, id).await;
    let web = app.browser("siti@contoh.id", PASSWORD, None).await;
    let fields = [("field", "address"), ("problem", "Sudah pindah"), ("correct_value", "Jl. Baru 1")];
    let (s, location, _) = post(&app, &web, "/akun/data-saya", "/akun/data-saya/koreksi", &fields).await;
    assert_eq!((s, location.as_str()), (303, "/akun/data-saya?ok=sent"));

    // Signed out: refused. Signed in with the API token: the archive.
    let r = app.client.get(app.url("/api/v1/me/export")).send().await.expect("get");
    assert_eq!(r.status().as_u16(), 401);
    let r = app.client.get(app.url("/api/v1/me/export")).bearer_auth(&token).send().await.expect("get");
    assert_eq!(r.status().as_u16(), 200);
    assert_eq!(r.headers()["content-type"], "application/zip");
    let disposition = r.headers()["content-disposition"].to_str().expect("ascii").to_string();
    assert!(
        disposition.starts_with("attachment; filename=\"satupintu-data-saya-20") && disposition.ends_with(".zip\""),
        "{disposition}"
    );
    let bytes = r.bytes().await.expect("body");
    let entries = unzip(&bytes);

    // The README lists every file, Indonesian first, then English.
    let readme = entry(&entries, "README.md");
    let (id_part, en_part) = readme.split_once("# My data in SatuPintu").expect("an English part after the Indonesian");
    assert!(id_part.starts_with("# Data saya di SatuPintu"), "{readme}");
    for (name, _) in &entries {
        if name != "README.md" {
            assert!(
                id_part.contains(&format!("`{name}`")) && en_part.contains(&format!("`{name}`")),
                "README misses {name}"
            );
        }
    }
    // The manifest names every file with its count; every file parses as JSON.
    let manifest: Value = serde_json::from_str(entry(&entries, "manifest.json")).expect("manifest json");
    assert_eq!(manifest["format"], "satupintu.data-export/v1");
    assert!(manifest["generated_at"].as_str().is_some_and(|t| t.starts_with("20")));
    let listed: Vec<&str> =
        manifest["files"].as_array().expect("files").iter().map(|f| f["name"].as_str().expect("name")).collect();
    assert_eq!(listed.len() + 2, entries.len(), "every file but README and manifest is listed");
    let expected: Vec<String> =
        std::iter::once(PROFILE_FILE).chain(EXPORTS.iter().map(|e| e.file)).map(|f| format!("{f}.json")).collect();
    assert_eq!(listed, expected);
    for f in manifest["files"].as_array().expect("files") {
        let name = f["name"].as_str().expect("name");
        let value: Value = serde_json::from_str(entry(&entries, name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        // One of each kind was seeded: every file has it.
        let n = value.as_array().map(Vec::len).unwrap_or(1);
        assert!(n >= 1, "{name} is empty");
        assert_eq!(f["count"].as_u64(), Some(n as u64), "{name} count");
        let file = name.trim_end_matches(".json");
        if file != PROFILE_FILE && !NO_MARKER.contains(&file) {
            assert!(entry(&entries, name).contains(&format!("PENANDA-{file}")), "{name} misses its seeded row");
        }
    }
    // The profile comes with the full NIK (it is the citizen's own); no secrets anywhere; staff-only
    // notes are not in the archive; other citizens' data is not either.
    let profile: Value = serde_json::from_str(entry(&entries, "profil.json")).expect("profile");
    assert_eq!((profile["nik"].as_str(), profile["email"].as_str()), (Some(NIK_A), Some("siti@contoh.id")));
    let all: String = entries.iter().map(|(_, t)| t.as_str()).collect();
    for secret in ["RAHASIA", "password_hash", "$argon2", "totp_secret", "token_hash", "INTERNAL-staff-note"] {
        assert!(!all.contains(secret), "the archive holds {secret}");
    }
    assert!(!all.contains(NIK_B) && !all.contains("budi@contoh.id"));
    let requests: Value = serde_json::from_str(entry(&entries, "permintaan-data.json")).expect("requests");
    assert_eq!(requests[0]["correct_value"], "Jl. Baru 1");

    // A staff member has no citizen archive.
    let staff = app.staff(Role::Officer, Some("disdukcapil"), "petugas@dukcapil.id").await;
    let (s, _) = app.api(Method::GET, "/api/v1/me/export", Some(&staff), None).await;
    assert_eq!(s, 403);
    let _ = other;
    app.stop().await;
}

async fn every_table_with_a_user_reference_is_covered(b: Backend) {
    let app = TestApp::empty(b).await;
    let user_columns =
        "'user_id', 'citizen_id', 'author_id', 'reporter_id', 'owner_id', 'patient_id', 'recipient_id', 'sender_id'";
    let sql = match b {
        Backend::Sqlite => format!(
            "SELECT m.name FROM sqlite_master m JOIN pragma_foreign_key_list(m.name) f WHERE m.type = 'table' AND f.\"table\" = 'users' \
             UNION SELECT m.name FROM sqlite_master m JOIN pragma_table_info(m.name) c WHERE m.type = 'table' AND c.name IN ({user_columns})"
        ),
        Backend::Postgres => format!(
            "SELECT tc.table_name::TEXT FROM information_schema.table_constraints tc \
             JOIN information_schema.constraint_column_usage ccu ON ccu.constraint_name = tc.constraint_name \
             WHERE tc.constraint_type = 'FOREIGN KEY' AND ccu.table_name = 'users' \
             UNION SELECT table_name::TEXT FROM information_schema.columns WHERE table_schema = 'public' AND column_name IN ({user_columns})"
        ),
    };
    let rows = sqlx::query(&sql).fetch_all(app.state.db.pool()).await.expect("schema");
    let tables: Vec<String> = rows.iter().map(|r| r.get::<String, _>(0)).collect();
    assert!(tables.len() >= 30, "the schema scan found the tables: {tables:?}");
    let covered = |t: &str| EXPORTS.iter().any(|e| e.tables.contains(&t)) || LEFT_OUT.iter().any(|(l, _)| *l == t);
    let missing: Vec<&String> = tables.iter().filter(|t| !covered(t)).collect();
    assert!(
        missing.is_empty(),
        "tables with a user reference neither exported nor listed in privacy::model::LEFT_OUT with a reason: {missing:?}"
    );
    // Every table the export and the deletion table name exists (no typo hides a table).
    let all: Vec<String> = match b {
        Backend::Sqlite => sqlx::query("SELECT name FROM sqlite_master WHERE type = 'table'"),
        Backend::Postgres => {
            sqlx::query("SELECT table_name::TEXT FROM information_schema.tables WHERE table_schema = 'public'")
        }
    }
    .fetch_all(app.state.db.pool())
    .await
    .expect("tables")
    .iter()
    .map(|r| r.get::<String, _>(0))
    .collect();
    for t in EXPORTS.iter().flat_map(|e| e.tables.iter()).chain(RECORDS.iter().flat_map(|r| r.tables.iter())) {
        assert!(all.iter().any(|a| a == t), "{t} is not a table");
    }
    app.stop().await;
}

async fn deletion_removes_what_may_go_and_keeps_what_the_law_requires(b: Backend) {
    let app = TestApp::spawn(b).await;
    let (id, _token) = citizen(&app, NIK_A, "siti@contoh.id").await;
    let (other, other_token) = citizen(&app, NIK_B, "budi@contoh.id").await;
    seed(&app, id).await;
    let now = satupintu::db::now();
    exec(&app, "INSERT INTO proactive_documents (user_id, kind, label, expires_on, created_at, updated_at) VALUES ($1, 'paspor', 'milik Budi', '2030-01-01', $2, $2)", other, now).await;
    let web = app.browser("siti@contoh.id", PASSWORD, None).await;

    // Without the confirmation: a localized error, nothing changed.
    let (s, _, body) = post(&app, &web, "/akun/data-saya", "/akun/data-saya/hapus", &[]).await;
    assert_eq!(s, 422);
    assert!(body.contains("Centang kotak konfirmasi"), "{body}");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM proactive_documents WHERE user_id = $1", id).await, 1);
    assert!(count(&app, "SELECT COUNT(*) FROM sessions WHERE user_id = $1", id).await >= 1);

    let (s, _, body) = post(&app, &web, "/akun/data-saya", "/akun/data-saya/hapus", &[("confirm", "ya")]).await;
    assert_eq!(s, 200, "{body}");
    assert!(body.contains("Akun Anda sudah dihapus") && body.contains("id=\"kept\""), "{body}");
    assert!(body.contains("Permenkes 24/2022") && body.contains("UU 43/2009"), "the kept records say why: {body}");

    // Deleted.
    for sql in [
        "SELECT COUNT(*) FROM sessions WHERE user_id = $1",
        "SELECT COUNT(*) FROM outbox WHERE recipient_id = $1",
        "SELECT COUNT(*) FROM notification_prefs WHERE user_id = $1",
        "SELECT COUNT(*) FROM push_subscriptions WHERE user_id = $1",
        "SELECT COUNT(*) FROM assistant_conversations WHERE user_id = $1",
        "SELECT COUNT(*) FROM proactive_documents WHERE user_id = $1",
        "SELECT COUNT(*) FROM proactive_family WHERE user_id = $1",
        "SELECT COUNT(*) FROM proactive_consents WHERE user_id = $1",
        "SELECT COUNT(*) FROM report_supporters WHERE user_id = $1",
        "SELECT COUNT(*) FROM part_reports WHERE reporter_id = $1",
        "SELECT COUNT(*) FROM display_settings WHERE user_id = $1",
        "SELECT COUNT(*) FROM announcement_subscriptions WHERE user_id = $1",
        "SELECT COUNT(*) FROM event_registrations WHERE user_id = $1",
        // The seat of her registration is free again.
        "SELECT seats_taken FROM events WHERE id = 9001 AND $1 > 0",
    ] {
        assert_eq!(count(&app, sql, id).await, 0, "{sql}");
    }
    assert_eq!(count(&app, "SELECT COUNT(*) FROM assistant_messages WHERE conversation_id = 'conv-9001'", id).await, 0);
    // Kept, without the contact details typed into them.
    for sql in [
        "SELECT COUNT(*) FROM applications WHERE citizen_id = $1",
        "SELECT COUNT(*) FROM reports WHERE reporter_id = $1 AND reporter_email IS NULL",
        "SELECT COUNT(*) FROM bookings WHERE user_id = $1",
        "SELECT COUNT(*) FROM skm_invitations WHERE citizen_id = $1",
        "SELECT COUNT(*) FROM part_ideas WHERE author_id = $1",
        "SELECT COUNT(*) FROM data_access_log WHERE citizen_id = $1",
    ] {
        assert_eq!(count(&app, sql, id).await, 1, "{sql}");
    }
    assert_eq!(count(&app, "SELECT COUNT(*) FROM consultations WHERE booking_id = 9001", id).await, 1);
    // The account is pseudonymized: no name, NIK or contacts; nobody can sign in with it.
    let mut tx = app.state.db.begin().await.expect("tx");
    let p = satupintu::identity::store::profile(&mut tx, id).await.expect("read").expect("row kept");
    tx.rollback().await.expect("rollback");
    assert_eq!(p.full_name, "Pengguna dihapus");
    assert_eq!((p.nik_masked, p.email, p.phone, p.birth_date), (None, None, None, None));
    for login in ["siti@contoh.id", NIK_A] {
        let (s, _) =
            app.post_json("/api/v1/auth/login", serde_json::json!({"login": login, "password": PASSWORD})).await;
        assert_eq!(s, 401, "{login} signs in no more");
    }
    let r = web.get(app.url("/akun/data-saya")).send().await.expect("get");
    assert_eq!(r.status().as_u16(), 303, "the old session is gone");
    // The record of the deletion explains what was kept, why and until when; the archive of the
    // kept records carries it.
    let bytes = satupintu::privacy::service::export(&app.state, id).await.expect("archive of the kept records");
    let entries = unzip(&bytes);
    let requests: Value = serde_json::from_str(entry(&entries, "permintaan-data.json")).expect("requests");
    let deletion = requests.as_array().expect("list").iter().find(|r| r["kind"] == "deletion").expect("deletion row");
    assert_eq!(deletion["status"], "done");
    let kept = deletion["outcome_json"]["kept"].as_array().expect("kept");
    let apps = kept.iter().find(|k| k["record"] == "applications").expect("applications kept");
    assert_eq!((apps["count"].as_i64(), apps["years"].as_i64()), (Some(1), Some(10)));
    assert!(apps["until"].as_str().is_some_and(|u| u.len() == 10), "{apps}");
    assert!(kept.iter().any(|k| k["record"] == "health"));
    assert!(deletion["outcome_json"]["deleted"]["proactive"].as_i64().is_some_and(|n| n >= 4));
    assert_eq!(entry(&entries, "permohonan.json").matches("PENANDA-permohonan").count(), 1);
    // The other citizen is untouched.
    assert_eq!(count(&app, "SELECT COUNT(*) FROM proactive_documents WHERE user_id = $1", other).await, 1);
    let (s, me) = app.api(Method::GET, "/api/v1/me", Some(&other_token), None).await;
    assert_eq!((s, me["full_name"].as_str()), (200, Some("Warga Uji")));
    app.stop().await;
}

async fn corrections_are_filed_decided_and_notified(b: Backend) {
    let app = TestApp::spawn_configured(b, |c| c.privacy_officer_agency = Some("disdukcapil".into())).await;
    let (id, _) = citizen(&app, NIK_A, "siti@contoh.id").await;
    citizen(&app, NIK_B, "budi@contoh.id").await;
    let web = app.browser("siti@contoh.id", PASSWORD, None).await;
    // Bad input: localized errors, nothing filed.
    let bad = [("field", "gaji"), ("problem", ""), ("correct_value", "")];
    let (s, _, body) = post(&app, &web, "/akun/data-saya", "/akun/data-saya/koreksi", &bad).await;
    assert_eq!(s, 422);
    assert!(body.contains("Pilih data yang salah.") && body.contains("Jelaskan apa yang salah"), "{body}");
    let bad_email = [("field", "email"), ("problem", "salah"), ("correct_value", "bukan-email")];
    let (s, _, body) = post(&app, &web, "/akun/data-saya", "/akun/data-saya/koreksi", &bad_email).await;
    assert_eq!(s, 422);
    assert!(body.contains("tidak sesuai format"), "{body}");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM privacy_requests WHERE user_id = $1", id).await, 0);

    for fields in [
        [("field", "address"), ("problem", "Sudah pindah"), ("correct_value", "Jl. Merdeka 10")],
        [("field", "email"), ("problem", "Ganti email"), ("correct_value", "budi@contoh.id")],
        [("field", "nik"), ("problem", "Salah ketik"), ("correct_value", "3273014506900009")],
    ] {
        let (s, location, _) = post(&app, &web, "/akun/data-saya", "/akun/data-saya/koreksi", &fields).await;
        assert_eq!((s, location.as_str()), (303, "/akun/data-saya?ok=sent"));
    }
    let page = web.get(app.url("/akun/data-saya")).send().await.expect("get").text().await.expect("page");
    assert!(page.contains("Jl. Merdeka 10") && page.contains("Menunggu"), "{page}");
    let ids: Vec<i64> = sqlx::query("SELECT id FROM privacy_requests WHERE user_id = $1 ORDER BY id")
        .bind(id)
        .fetch_all(app.state.db.pool())
        .await
        .expect("ids")
        .iter()
        .map(|r| r.get(0))
        .collect();

    // An agency admin decides.
    let secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
    app.staff(Role::AgencyAdmin, Some("disdukcapil"), "admin@dukcapil.id").await;
    let admin = app.browser("admin@dukcapil.id", "rahasia-staf-1", Some(secret)).await;
    let list = "/kelola/permintaan-data";
    let page = admin.get(app.url(list)).send().await.expect("get").text().await.expect("page");
    assert!(page.contains("Jl. Merdeka 10") && page.contains("Warga Uji"), "{page}");
    // A refusal needs a reason; an unknown decision is refused; nothing changes.
    let (s, _, body) = post(&app, &admin, list, &format!("{list}/{}", ids[0]), &[("decision", "refused")]).await;
    assert_eq!(s, 422);
    assert!(body.contains("Tulis alasan penolakan"), "{body}");
    let (s, _, _) = post(&app, &admin, list, &format!("{list}/{}", ids[0]), &[("decision", "maybe")]).await;
    assert_eq!(s, 422);
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM privacy_requests WHERE user_id = $1 AND status = 'pending'", id).await,
        3
    );
    // Applied: the address changes and the citizen is told.
    let (s, location, _) = post(&app, &admin, list, &format!("{list}/{}", ids[0]), &[("decision", "applied")]).await;
    assert_eq!((s, location.as_str()), (303, "/kelola/permintaan-data?ok=decided"));
    let mut conn = app.state.db.pool().acquire().await.expect("conn");
    let values = satupintu::identity::store::profile_values(&mut conn, id).await.expect("profile");
    drop(conn);
    assert_eq!(values.get("address").map(String::as_str), Some("Jl. Merdeka 10"));
    let notices =
        count(&app, "SELECT COUNT(*) FROM outbox WHERE recipient_id = $1 AND kind = 'privacy_request'", id).await;
    assert!(notices >= 1, "the citizen is notified");
    let (subject, body) = satupintu::notify::worker::message(
        "privacy_request",
        &serde_json::json!({"status": "applied", "code": "DATA-1"}),
        satupintu::web::Lang::Id,
    );
    assert!(subject.contains("DATA-1") && body.contains("Diperbaiki"), "{subject} {body}");
    // Decided once only.
    let (s, _, _) =
        post(&app, &admin, list, &format!("{list}/{}", ids[0]), &[("decision", "refused"), ("reason", "x")]).await;
    assert_eq!(s, 409);
    // An e-mail another account uses cannot be applied.
    let (s, _, body) = post(&app, &admin, list, &format!("{list}/{}", ids[1]), &[("decision", "applied")]).await;
    assert_eq!(s, 422);
    assert!(body.contains("sudah dipakai akun lain"), "{body}");
    // A NIK is corrected at its source: refused here with the reason, which the citizen sees.
    let reason = [("decision", "refused"), ("reason", "Silakan perbaiki NIK di Disdukcapil")];
    let (s, _, _) = post(&app, &admin, list, &format!("{list}/{}", ids[2]), &reason).await;
    assert_eq!(s, 303);
    let page = web.get(app.url("/akun/data-saya")).send().await.expect("get").text().await.expect("page");
    assert!(
        page.contains("Ditolak") && page.contains("Silakan perbaiki NIK di Disdukcapil") && page.contains("Diperbaiki")
    );
    app.stop().await;
}

async fn retention_removes_expired_records_and_keeps_fresh_ones(b: Backend) {
    let app = TestApp::spawn(b).await;
    let (id, token) = citizen(&app, NIK_A, "siti@contoh.id").await;
    let now = satupintu::db::now();
    let day = 86_400;
    let old = now - 6 * 365 * day;
    for (sql, at) in [
        ("INSERT INTO sessions (token_hash, user_id, kind, stage, created_at, expires_at) VALUES ('expired-hash', $1, 'web', 'full', $2, $2)", now - day),
        ("INSERT INTO outbox (kind, channel, recipient_id, payload_json, idempotency_key, next_attempt_at, delivered_at, created_at) VALUES ('status', 'email', $1, '{\"code\":\"LAMA\"}', 'old-1', $2, $2, $2)", now - 200 * day),
        ("INSERT INTO outbox (kind, channel, recipient_id, payload_json, idempotency_key, next_attempt_at, delivered_at, created_at) VALUES ('status', 'email', $1, '{\"code\":\"BARU\"}', 'new-1', $2, $2, $2)", now - day),
        ("INSERT INTO outbox (kind, channel, recipient_id, payload_json, idempotency_key, next_attempt_at, created_at) VALUES ('status', 'email', $1, '{\"code\":\"TERTUNDA\"}', 'pending-1', $2, $2)", now - 200 * day),
        ("INSERT INTO reports (code, category, description, privacy, status, reporter_id, reporter_email, created_at, updated_at) VALUES ('LP-OLD', 'jalan', 'lama', 'public', 'closed', $1, 'a@contoh.id', $2, $2)", old),
        ("INSERT INTO reports (code, category, description, privacy, status, reporter_id, reporter_email, created_at, updated_at) VALUES ('LP-NEW', 'jalan', 'baru', 'public', 'closed', $1, 'a@contoh.id', $2, $2)", now - day),
        ("INSERT INTO proactive_sent (notice_key, user_id, kind, created_at) VALUES ('old-key', $1, 'proactive_expiry', $2)", old),
        ("INSERT INTO proactive_sent (notice_key, user_id, kind, created_at) VALUES ('new-key', $1, 'proactive_expiry', $2)", now - day),
        ("INSERT INTO data_access_log (citizen_id, staff_id, reason, at) VALUES ($1, $1, 'lama', $2)", old),
        ("INSERT INTO data_access_log (citizen_id, staff_id, reason, at) VALUES ($1, $1, 'baru', $2)", now - day),
        ("INSERT INTO login_attempts (key, at) VALUES ('login:lama@contoh.id', $2 + 0 * $1)", now - 91 * day),
        ("INSERT INTO login_attempts (key, at) VALUES ('login:baru@contoh.id', $2 + 0 * $1)", now - 89 * day),
        ("INSERT INTO assistant_conversations (id, user_id, channel, lang, status, state, created_at, updated_at) VALUES ('old-conv', $1, 'web', 'id', 'bot', '{}', $2, $2)", old),
        ("INSERT INTO assistant_conversations (id, user_id, channel, lang, status, state, created_at, updated_at) VALUES ('new-conv', $1, 'web', 'id', 'bot', '{}', $2, $2)", now - day),
    ] {
        exec(&app, sql, id, at).await;
    }
    let done = satupintu::privacy::service::retention(&app.state, now).await.expect("retention");
    assert!(done.iter().any(|(k, n)| *k == "notifications" && *n == 1), "{done:?}");
    let one = |sql: &'static str| {
        let app = &app;
        async move { count(app, sql, id).await }
    };
    assert_eq!(one("SELECT COUNT(*) FROM sessions WHERE token_hash = 'expired-hash' AND user_id = $1").await, 0);
    assert!(one("SELECT COUNT(*) FROM sessions WHERE user_id = $1").await >= 1, "the live session stays");
    let (s, _) = app.api(Method::GET, "/api/v1/me", Some(&token), None).await;
    assert_eq!(s, 200);
    assert_eq!(one("SELECT COUNT(*) FROM outbox WHERE recipient_id = $1 AND idempotency_key = 'old-1'").await, 0);
    assert_eq!(
        one("SELECT COUNT(*) FROM outbox WHERE recipient_id = $1 AND idempotency_key IN ('new-1', 'pending-1')").await,
        2
    );
    assert_eq!(one("SELECT COUNT(*) FROM reports WHERE code = 'LP-OLD' AND reporter_id IS NULL AND reporter_email IS NULL AND $1 > 0").await, 1);
    assert_eq!(one("SELECT COUNT(*) FROM reports WHERE code = 'LP-NEW' AND reporter_id = $1").await, 1);
    assert_eq!(one("SELECT COUNT(*) FROM proactive_sent WHERE user_id = $1").await, 1);
    assert_eq!(one("SELECT COUNT(*) FROM data_access_log WHERE citizen_id = $1").await, 1);
    assert_eq!(one("SELECT COUNT(*) FROM assistant_conversations WHERE user_id = $1").await, 1);
    assert_eq!(one("SELECT COUNT(*) FROM login_attempts WHERE key LIKE 'login:%' AND $1 > 0").await, 1);
    assert_eq!(one("SELECT COUNT(*) FROM login_attempts WHERE key = 'login:baru@contoh.id' AND $1 > 0").await, 1);
    assert!(done.iter().any(|(k, n)| *k == "login_attempts" && *n >= 1), "{done:?}");
    // A second run finds nothing more to do.
    let again = satupintu::privacy::service::retention(&app.state, now).await.expect("retention");
    assert!(again.iter().all(|(_, n)| *n == 0), "{again:?}");
    app.stop().await;
}

async fn who_accessed_my_data_merges_every_log(b: Backend) {
    use satupintu::exchange::store::LogEntry;
    let app = TestApp::spawn(b).await;
    let (id, token) = citizen(&app, NIK_A, "siti@contoh.id").await;
    let (other, other_token) = citizen(&app, NIK_B, "budi@contoh.id").await;
    let officer = app.staff(Role::Officer, Some("disdukcapil"), "rina@dukcapil.id").await;
    let (_, me) = app.api(Method::GET, "/api/v1/me", Some(&officer), None).await;
    let officer_id = me["id"].as_i64().expect("id");
    let now = satupintu::db::now();
    // Oldest: an officer opened the application; then a health worker read a consultation;
    // newest: another agency asked through the exchange.
    sqlx::query("INSERT INTO data_access_log (citizen_id, staff_id, reason, at) VALUES ($1, $2, 'Memeriksa berkas permohonan SP-1', $3)")
        .bind(id)
        .bind(officer_id)
        .bind(now - 300)
        .execute(app.state.db.pool())
        .await
        .expect("data access");
    for (patient, at) in [(id, now - 200), (other, now - 250)] {
        sqlx::query("INSERT INTO health_access_log (patient_id, staff_id, what, code, at) VALUES ($1, $2, 'consultation', 'TM-7', $3)")
            .bind(patient)
            .bind(officer_id)
            .bind(at)
            .execute(app.state.db.pool())
            .await
            .expect("health access");
    }
    satupintu::exchange::service::demo(&app.state, id).await.expect("exchange demo");
    let mut conn = app.state.db.write_one().await.expect("conn");
    satupintu::exchange::store::append_log(
        &mut conn,
        &LogEntry {
            direction: "in".into(),
            request_id: "0f8fad5b-d9cb-469f-a165-70867728950e".into(),
            client_member: "ID-GOV-BPJSKES".into(),
            client_subsystem: "kepesertaan".into(),
            service_member: "ID-GOV-SATUPINTU".into(),
            item: "applicant-registered".into(),
            purpose_id: "bpjs-pendaftaran-jkn".into(),
            subject_user_id: Some(id),
            basis: "consent".into(),
            basis_ref: "consent #1".into(),
            outcome: "answered".into(),
            answer: "yes".into(),
            request_sha256: "x".into(),
            issued_at: now - 100,
            created_at: now - 100,
            ..LogEntry::default()
        },
    )
    .await
    .expect("log");
    drop(conn);

    let (s, log) = app.api(Method::GET, "/api/v1/me/access-log", Some(&token), None).await;
    assert_eq!(s, 200, "{log}");
    let events = log["events"].as_array().expect("events");
    let sources: Vec<&str> = events.iter().map(|e| e["source"].as_str().unwrap_or("")).collect();
    // The demo's three exchange rows are 1 h to 3 days old: after the three above.
    assert_eq!(sources, vec!["exchange", "health", "application", "exchange", "exchange", "exchange"], "{log}");
    let ats: Vec<i64> = events.iter().map(|e| e["at"].as_i64().expect("at")).collect();
    assert!(ats.windows(2).all(|w| w[0] >= w[1]), "newest first: {ats:?}");
    assert_eq!(
        (events[0]["agency"].as_str(), events[0]["actor"].as_str(), events[0]["role"].as_str()),
        (Some("ID-GOV-BPJSKES"), Some("BPJS Kesehatan"), Some("system"))
    );
    assert_eq!(
        (events[0]["purpose"].as_str(), events[0]["outcome"].as_str()),
        (Some("bpjs-pendaftaran-jkn"), Some("answered"))
    );
    assert_eq!(
        (
            events[1]["what"].as_str(),
            events[1]["reference"].as_str(),
            events[1]["role"].as_str(),
            events[1]["agency"].as_str()
        ),
        (Some("consultation"), Some("TM-7"), Some("officer"), Some("disdukcapil"))
    );
    assert_eq!(events[2]["purpose"].as_str(), Some("Memeriksa berkas permohonan SP-1"));
    assert!(!log.to_string().contains("rina@dukcapil.id"), "no officer contact details");
    // The exchange-only list stays as it was (backward compatible).
    assert_eq!(log["entries"].as_array().map(Vec::len), Some(4));
    assert_eq!(log["entries"][0]["purpose_id"], "bpjs-pendaftaran-jkn");

    // The page: one list, in the same order, in Indonesian.
    let web = app.browser("siti@contoh.id", PASSWORD, None).await;
    let page = web.get(app.url("/akun/akses-data")).send().await.expect("get").text().await.expect("page");
    let table = &page[page.find("id=\"access-log\"").expect("the list")..];
    let at = |needle: &str| table.find(needle).unwrap_or_else(|| panic!("{needle}: {table}"));
    assert!(at("BPJS Kesehatan (ID-GOV-BPJSKES)") < at("Konsultasi TM-7"));
    assert!(at("Konsultasi TM-7") < at("Memeriksa berkas permohonan SP-1"));
    assert!(table.contains("Staf Uji, Petugas (disdukcapil)") && table.contains("Dasar hukum: Permensos 3"));
    assert!(table.contains("Ditolak (exchange_purpose_not_allowed)"));
    // Budi sees only the health record read about him.
    let (_, log) = app.api(Method::GET, "/api/v1/me/access-log", Some(&other_token), None).await;
    let theirs = log["events"].as_array().expect("events");
    assert_eq!(theirs.len(), 1, "{log}");
    assert_eq!(theirs[0]["at"].as_i64(), Some(now - 250));
    app.stop().await;
}

async fn requests_through_the_api_and_the_data_protection_officer(b: Backend) {
    let app = TestApp::spawn_configured(b, |c| c.privacy_officer_agency = Some("dpmptsp".into())).await;
    let (id, token) = citizen(&app, NIK_A, "siti@contoh.id").await;
    let api = |body: Value| {
        let app = &app;
        let token = token.clone();
        async move { app.api(Method::POST, "/api/v1/me/requests", Some(&token), Some(body)).await }
    };
    // Bad input: localized field errors, nothing filed.
    let (s, b) =
        api(serde_json::json!({"kind": "correction", "field": "gaji", "problem": "", "correct_value": ""})).await;
    assert_eq!(s, 422, "{b}");
    let details = b["error"]["details"].as_object().expect("details");
    assert_eq!(details.len(), 3, "{b}");
    assert_eq!(details["field"].as_str(), Some("Pilih data yang salah."), "in Indonesian: {b}");
    let (s, b) = api(serde_json::json!({"kind": "pindah"})).await;
    assert_eq!(s, 422, "{b}");
    assert!(b["error"]["details"]["kind"].is_string(), "{b}");
    let (s, _) = api(serde_json::json!({"kind": "deletion"})).await;
    assert_eq!(s, 422, "a deletion needs confirm: true");
    let (s, _) = api(serde_json::json!({"kind": "correction", "bogus": 1})).await;
    assert!(s == 400 || s == 422, "unknown fields refused: {s}");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM privacy_requests WHERE user_id = $1", id).await, 0);
    let (s, me) = app.api(Method::GET, "/api/v1/me", Some(&token), None).await;
    assert_eq!((s, me["id"].as_i64()), (200, Some(id)), "the account is still there");

    let (s, filed) = api(serde_json::json!({"kind": "correction", "field": "address", "problem": "Sudah pindah", "correct_value": "Jl. Merdeka 10"})).await;
    assert_eq!(s, 201, "{filed}");
    assert_eq!((filed["kind"].as_str(), filed["status"].as_str()), (Some("correction"), Some("pending")));
    let request = filed["id"].as_i64().expect("id");
    let (s, list) = app.api(Method::GET, "/api/v1/me/requests", Some(&token), None).await;
    assert_eq!((s, list["requests"].as_array().map(Vec::len)), (200, Some(1)));

    // Another agency's admin sees nothing and may not decide; nothing changes.
    let secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
    let list_url = "/kelola/permintaan-data";
    app.staff(Role::AgencyAdmin, Some("disdukcapil"), "admin@dukcapil.id").await;
    let outsider = app.browser("admin@dukcapil.id", "rahasia-staf-1", Some(secret)).await;
    let page = outsider.get(app.url(list_url)).send().await.expect("get").text().await.expect("page");
    assert!(page.contains("pejabat pelindungan data pribadi") && !page.contains("Jl. Merdeka 10"), "{page}");
    let (s, _, _) = post(&app, &outsider, "/akun", &format!("{list_url}/{request}"), &[("decision", "applied")]).await;
    assert_eq!(s, 403);
    let pending = "SELECT COUNT(*) FROM privacy_requests WHERE user_id = $1 AND status = 'pending'";
    assert_eq!(count(&app, pending, id).await, 1);
    // The super admin sees it; the officer agency's admin decides it.
    app.staff(Role::SuperAdmin, None, "root@contoh.id").await;
    let root = app.browser("root@contoh.id", "rahasia-staf-1", Some(secret)).await;
    let page = root.get(app.url(list_url)).send().await.expect("get").text().await.expect("page");
    assert!(page.contains("Jl. Merdeka 10"), "{page}");
    app.staff(Role::AgencyAdmin, Some("dpmptsp"), "dpo@dpmptsp.id").await;
    let dpo = app.browser("dpo@dpmptsp.id", "rahasia-staf-1", Some(secret)).await;
    let page = dpo.get(app.url(list_url)).send().await.expect("get").text().await.expect("page");
    assert!(page.contains("Jl. Merdeka 10"), "{page}");
    let (s, _, _) = post(&app, &dpo, list_url, &format!("{list_url}/{request}"), &[("decision", "applied")]).await;
    assert_eq!(s, 303);
    let (_, list) = app.api(Method::GET, "/api/v1/me/requests", Some(&token), None).await;
    assert_eq!(list["requests"][0]["status"].as_str(), Some("applied"), "{list}");

    // Deletion through the API: done at once, with what is kept and why; the token ends.
    let (s, done) = api(serde_json::json!({"kind": "deletion", "confirm": true})).await;
    assert_eq!(s, 201, "{done}");
    assert_eq!((done["kind"].as_str(), done["status"].as_str()), (Some("deletion"), Some("done")));
    assert!(done["outcome"]["kept"].as_array().is_some_and(|k| k.iter().any(|r| r["record"] == "requests")), "{done}");
    let (s, _) = app.api(Method::GET, "/api/v1/me/requests", Some(&token), None).await;
    assert_eq!(s, 401);
    app.stop().await;
}
