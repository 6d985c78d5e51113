//! `satupintu backup` and `satupintu restore`, migrations that only move forward under a lock,
//! and the upgrade of a database made by the previous release (fixtures in
//! tests/fixtures/release-2026-12-01, see its README.md).

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use reqwest::Method;
use satupintu::backup::{self, BackupError};
use satupintu::identity::Role;
use serde_json::{json, Value};
use sqlx::Row as _;

use crate::applications::{act, submit_akta, upload, PDF};
use crate::both;
use crate::cli::satupintu;
use crate::common::{api_login, config, database_url, Backend, TestApp, NIK_A};

both!(backup_during_writes_then_restore, a_damaged_backup_or_a_full_target_is_refused, a_newer_database_is_refused);
both!(the_previous_release_is_upgraded);

/// One write the server acknowledged: an application and the upload it carries.
#[derive(Clone)]
struct Acked {
    code: String,
    upload_id: String,
    bytes: Vec<u8>,
}

/// A PDF whose content (and so content address) is unique to `n`.
fn unique_pdf(tag: &str, n: usize) -> Vec<u8> {
    let mut pdf = PDF.to_vec();
    pdf.extend_from_slice(format!("% {tag} {n}\n").as_bytes());
    pdf
}

/// Upload a unique PDF and submit a birth-certificate application that carries it.
async fn write_one(app: &TestApp, token: &str, fields: &Value, tag: &str, n: usize) -> Acked {
    let bytes = unique_pdf(tag, n);
    let (s, up) = upload(app, token, &bytes, "surat.pdf").await;
    assert_eq!(s, 201, "{up}");
    let upload_id = up["id"].as_str().expect("id").to_string();
    let mut fields = fields.clone();
    fields["birth_notice"] = json!(upload_id);
    let (s, v) = submit_akta(app, token, &fields).await;
    assert_eq!(s, 201, "{v}");
    Acked { code: v["code"].as_str().expect("code").to_string(), upload_id, bytes }
}

/// A fresh target: an empty data directory and an empty database.
async fn fresh_target(b: Backend) -> (tempfile::TempDir, satupintu::config::Config) {
    let dir = tempfile::tempdir().expect("tempdir");
    let url = database_url(b).await;
    let cfg = config(b, dir.path(), url);
    (dir, cfg)
}

/// A server on an existing data directory and database.
async fn serve_on(b: Backend, cfg: &satupintu::config::Config) -> TestApp {
    let (dir, url, origin) = (cfg.data_dir.clone(), cfg.database_url.clone(), cfg.ledger_origin.clone());
    TestApp::configured(b, move |c| {
        c.data_dir = dir;
        c.database_url = url;
        c.ledger_origin = origin;
    })
    .await
}

fn refusal(r: Result<impl std::fmt::Debug, BackupError>) -> &'static str {
    match r {
        Err(e) => e.key().unwrap_or_else(|| panic!("a refusal, not a failure: {e:#}")),
        Ok(v) => panic!("refused expected, got {v:?}"),
    }
}

async fn backup_during_writes_then_restore(b: Backend) {
    let app = Arc::new(TestApp::spawn(b).await);
    let citizen = app.citizen(NIK_A, "Siti Rahayu", "siti@contoh.id").await;
    let officer = app.staff(Role::Officer, Some("disdukcapil"), "petugas@dukcapil.id").await;
    let fields = crate::applications::akta_fields(&app, &citizen).await;

    // Before: a few applications, one of them issued as a document.
    let acked = Arc::new(Mutex::new(Vec::new()));
    for n in 0..3 {
        let a = write_one(&app, &citizen, &fields, "before", n).await;
        acked.lock().expect("lock").push(a);
    }
    let code = acked.lock().expect("lock")[0].code.clone();
    for action in ["claim", "verify", "approve", "issue"] {
        let (s, v) = act(&app, &officer, &code, action, None).await;
        assert_eq!(s, 200, "{action}: {v}");
    }
    let (_, v) = app.api(Method::GET, &format!("/api/v1/applications/{code}"), Some(&citizen), None).await;
    let number = v["documents"][0]["number"].as_str().expect("document").to_string();
    let verify_url = v["documents"][0]["verify_url"].as_str().expect("verify_url").to_string();
    let sig = verify_url.split("?s=").nth(1).expect("sig").to_string();
    app.ledger_settled().await;

    // Writes go on through HTTP while the backup runs.
    let stop = Arc::new(AtomicBool::new(false));
    let writer = {
        let (app, citizen, fields, acked, stop) =
            (app.clone(), citizen.clone(), fields.clone(), acked.clone(), stop.clone());
        tokio::spawn(async move {
            let mut n = 0;
            while !stop.load(Ordering::Acquire) {
                let a = write_one(&app, &citizen, &fields, "during", n).await;
                acked.lock().expect("lock").push(a);
                n += 1;
            }
            n
        })
    };
    // Let a few writes through first, so the backup starts among them.
    while acked.lock().expect("lock").len() < 5 {
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    let before_backup: Vec<Acked> = acked.lock().expect("lock").clone();
    let out = tempfile::tempdir().expect("tempdir");
    let dest = out.path().join("cadangan");
    let made = backup::backup(&app.state.config, &dest).await.expect("backup");
    stop.store(true, Ordering::Release);
    let during = writer.await.expect("writer");
    assert!(during >= 3, "the writer kept writing ({during})");
    let m = &made.manifest;
    assert_eq!(m.backend, if b == Backend::Sqlite { "sqlite" } else { "postgres" });
    assert!(m.ledger.size > 0 && m.ledger.root.len() == 64, "{:?}", m.ledger);
    assert!(made.uploads >= before_backup.len() + 1, "{} uploads", made.uploads);
    assert!(dest.join("keys/ledger.key").exists() && dest.join("keys/documents.ed25519").exists());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(dest.join("keys/documents.ed25519")).expect("key").permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "key files are the owner's only");
    }
    let manifest: Value =
        serde_json::from_slice(&std::fs::read(dest.join("manifest.json")).expect("manifest")).expect("json");
    assert_eq!(manifest["format"], "satupintu.backup/v1");
    assert_eq!(manifest["schema_version"].as_i64(), Some(app.state.db.known_schema_version()));

    // Restore into a fresh data directory and database.
    let (_target, cfg) = fresh_target(b).await;
    let restored = backup::restore(&cfg, &dest, false).await.expect("restore");
    assert!(restored.ok(), "{restored:?}");
    assert!(restored.documents >= 1 && restored.ledger_entries >= m.ledger.size, "{restored:?}");
    assert_eq!(restored.schema_version, app.state.db.known_schema_version());

    let again = serve_on(b, &cfg).await;
    let token = again.login("siti@contoh.id", "rahasia-warga-1", None).await;
    let web = again.browser("siti@contoh.id", "rahasia-warga-1", None).await;
    // Every write acknowledged before the backup began is there, with its upload's bytes.
    for a in &before_backup {
        let (s, v) = again.api(Method::GET, &format!("/api/v1/applications/{}", a.code), Some(&token), None).await;
        assert_eq!(s, 200, "{} after the restore: {v}", a.code);
        let r = web.get(again.url(&format!("/berkas/{}", a.upload_id))).send().await;
        let r = r.expect("download");
        assert_eq!(r.status().as_u16(), 200, "upload {}", a.upload_id);
        assert_eq!(r.bytes().await.expect("bytes").as_ref(), a.bytes.as_slice(), "upload {}", a.upload_id);
    }
    // Writes that came after are there or not, but never half: an application's upload is there.
    let all = acked.lock().expect("lock").clone();
    for a in &all[before_backup.len()..] {
        let (s, _) = again.api(Method::GET, &format!("/api/v1/applications/{}", a.code), Some(&token), None).await;
        if s == 200 {
            let r = web.get(again.url(&format!("/berkas/{}", a.upload_id))).send().await;
            assert_eq!(r.expect("download").bytes().await.expect("bytes").as_ref(), a.bytes.as_slice());
        }
    }
    // The document verifies and its PDF downloads with the same bytes as before.
    let (s, verdict) = again.get_json(&format!("/api/v1/documents/{number}/verify?s={sig}")).await;
    assert_eq!((s, verdict["authentic"].as_bool()), (200, Some(true)), "{verdict}");
    let holder_before = app.browser(NIK_A, "rahasia-warga-1", None).await;
    let holder_after = again.browser(NIK_A, "rahasia-warga-1", None).await;
    let get = |c: reqwest::Client, url: String| async move {
        let r = c.get(url).send().await.expect("pdf");
        (r.status().as_u16(), r.bytes().await.expect("bytes").to_vec())
    };
    let (s1, before) = get(holder_before, app.url(&format!("/dokumen/{number}/pdf"))).await;
    let (s2, after) = get(holder_after, again.url(&format!("/dokumen/{number}/pdf"))).await;
    assert_eq!((s1, s2), (200, 200));
    assert!(after.starts_with(b"%PDF-") && after.windows(11).any(|w| w == b"Siti Rahayu"));
    assert!(before.starts_with(b"%PDF-"));
    // The signed content is the same (the PDF's ledger proof is against each log's latest checkpoint).
    let (_, original) = app.get_json(&format!("/api/v1/documents/{number}/verify?s={sig}")).await;
    assert_eq!(original["content"], verdict["content"], "the same document");
    // The restored ledger verifies as a whole and grows on from where the backup left it.
    let settled = again.ledger_settled().await;
    let verifier = again.state.ledger.verifier().clone();
    let report = ledger::verify_all(again.state.ledger.storage(), Some(&verifier), |_| {}).await.expect("verifies");
    assert!(report.entries >= m.ledger.size && settled.size >= m.ledger.size);
    again.stop().await;
    if let Ok(app) = Arc::try_unwrap(app) {
        app.stop().await;
    }
}

async fn a_damaged_backup_or_a_full_target_is_refused(b: Backend) {
    let app = TestApp::spawn(b).await;
    let citizen = app.citizen(NIK_A, "Siti Rahayu", "siti@contoh.id").await;
    let (s, up) = upload(&app, &citizen, &unique_pdf("rusak", 1), "a.pdf").await;
    assert_eq!(s, 201, "{up}");
    app.ledger_settled().await;

    // The binary, as an operator runs it, beside the running server.
    let out = tempfile::tempdir().expect("tempdir");
    let dest = out.path().join("cadangan");
    let url = (b == Backend::Postgres).then(|| app.database_url.clone());
    let (ok, stdout, stderr) = satupintu(&app.data_dir, &url, &["backup", dest.to_str().expect("path")], None);
    assert!(ok, "{stdout}\n{stderr}");
    assert!(stdout.contains("Backup written to"), "{stdout}");
    assert!(stderr.contains("WARNING: this backup holds secret keys"), "{stderr}");
    // A destination that holds anything is refused.
    let (ok, _, stderr) = satupintu(&app.data_dir, &url, &["backup", dest.to_str().expect("path")], None);
    assert!(!ok && stderr.contains("exists and is not empty"), "{stderr}");
    // Restoring over a platform that holds data is refused, also by the binary.
    let (ok, _, stderr) = satupintu(&app.data_dir, &url, &["restore", dest.to_str().expect("path")], None);
    assert!(!ok && stderr.contains("already holds data"), "{stderr}");

    // Damage: one byte of the upload, then the database snapshot. Refused, the target untouched.
    let manifest: Value =
        serde_json::from_slice(&std::fs::read(dest.join("manifest.json")).expect("manifest")).expect("json");
    let files = manifest["files"].as_array().expect("files");
    for kind in ["upload", "database"] {
        let f = files.iter().find(|f| f["kind"] == kind).expect(kind);
        let path = dest.join(f["path"].as_str().expect("path"));
        let good = std::fs::read(&path).expect("read");
        let mut bad = good.clone();
        let last = bad.len() - 1;
        bad[last] ^= 0x20;
        std::fs::write(&path, &bad).expect("damage");
        let (target, cfg) = fresh_target(b).await;
        assert_eq!(refusal(backup::restore(&cfg, &dest, false).await), "restore-corrupt", "{kind}");
        assert!(empty(target.path()), "nothing written for a damaged {kind}");
        assert!(!pg_has_tables(&cfg).await, "nothing restored for a damaged {kind}");
        std::fs::write(&path, &good).expect("repair");
    }
    // A missing file is damage too.
    let key = dest.join("keys/ledger.key");
    let saved = std::fs::read(&key).expect("key");
    std::fs::remove_file(&key).expect("rm");
    let (_t, cfg) = fresh_target(b).await;
    assert_eq!(refusal(backup::restore(&cfg, &dest, false).await), "restore-corrupt");
    std::fs::write(&key, saved).expect("put back");

    // Whole again: it restores; a second restore into the same target needs --force.
    let (_t, cfg) = fresh_target(b).await;
    let r = backup::restore(&cfg, &dest, false).await.expect("restore");
    assert!(r.ok() && r.uploads == 1, "{r:?}");
    assert_eq!(refusal(backup::restore(&cfg, &dest, false).await), "restore-target-not-empty");
    let r = backup::restore(&cfg, &dest, true).await.expect("restore --force");
    assert!(r.ok(), "{r:?}");
    app.stop().await;
}

fn empty(dir: &Path) -> bool {
    std::fs::read_dir(dir).map(|mut d| d.next().is_none()).unwrap_or(true)
}

async fn pg_has_tables(cfg: &satupintu::config::Config) -> bool {
    let Some(url) = &cfg.database_url else { return false };
    let pool = sqlx::PgPool::connect(url).await.expect("connect");
    let n: i64 = sqlx::query("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'public'")
        .fetch_one(&pool)
        .await
        .expect("count")
        .get(0);
    pool.close().await;
    n > 0
}

/// A database that a newer release migrated (a migration this program does not know) is
/// refused with a message that says what to do, and left as it is.
async fn a_newer_database_is_refused(b: Backend) {
    let dir = tempfile::tempdir().expect("tempdir");
    let cfg = config(b, dir.path(), database_url(b).await);
    let url = cfg.effective_database_url();
    let db = satupintu::db::Db::connect(&url).await.expect("connect");
    db.migrate().await.expect("migrate");
    let future = db.known_schema_version() + 1;
    sqlx::query(
        "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) \
         VALUES ($1, 'from a newer release', TRUE, $2, 1)",
    )
    .bind(future)
    .bind(vec![0u8; 48])
    .execute(&mut *db.write_one().await.expect("conn"))
    .await
    .expect("a newer migration");
    let err = db.migrate().await.expect_err("refused");
    assert!(matches!(err, satupintu::db::DbError::SchemaNewer { applied, .. } if applied == future), "{err}");
    db.close().await;
    let err = satupintu::app::AppState::open(cfg).await.err().expect("does not start");
    let text = format!("{err:#}");
    assert!(text.contains("database schema is newer than this program: upgrade SatuPintu"), "{text}");
    // The binary says the same and exits with failure.
    let url = (b == Backend::Postgres).then_some(url);
    let (ok, _, stderr) = satupintu(dir.path(), &url, &["migrate"], None);
    assert!(!ok && stderr.contains("database schema is newer than this program: upgrade SatuPintu"), "{stderr}");
}

/// The two backends carry the same migrations, and none goes backwards.
#[test]
fn migrations_match_and_only_move_forward() {
    let (sqlite, postgres) = satupintu::db::migration_versions();
    assert_eq!(sqlite, postgres, "migrations/sqlite and migrations/postgres have the same numbers");
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
    let names = |dir: &str| -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(root.join(dir))
            .expect("migrations")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    };
    let (s, p) = (names("sqlite"), names("postgres"));
    let numbers = |v: &[String]| v.iter().map(|n| n.split('_').next().unwrap_or("").to_string()).collect::<Vec<_>>();
    assert_eq!(numbers(&s), numbers(&p));
    for n in s.iter().chain(&p) {
        assert!(n.ends_with(".sql") && !n.ends_with(".down.sql") && !n.ends_with(".up.sql"), "{n}: forward only");
    }
}

/// Several processes starting together on one fresh PostgreSQL database: all succeed and each
/// migration is applied once (sqlx's migrator holds an advisory lock while it migrates).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn processes_starting_together_migrate_once() {
    let url = crate::common::fresh_pg_database().await;
    let dirs: Vec<tempfile::TempDir> = (0..4).map(|_| tempfile::tempdir().expect("tempdir")).collect();
    let children: Vec<_> = dirs
        .iter()
        .map(|d| {
            std::process::Command::new(env!("CARGO_BIN_EXE_satupintu"))
                .arg("--data-dir")
                .arg(d.path())
                .arg("--database-url")
                .arg(&url)
                .arg("migrate")
                .env("SATUPINTU_DATA_KEY", crate::common::TEST_DATA_KEY)
                .env("LANG", "en_US.UTF-8")
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .expect("spawn")
        })
        .collect();
    for c in children {
        let out = c.wait_with_output().expect("wait");
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    }
    let pool = sqlx::PgPool::connect(&url).await.expect("connect");
    let row = sqlx::query("SELECT COUNT(*), COUNT(DISTINCT version) FROM _sqlx_migrations WHERE success")
        .fetch_one(&pool)
        .await
        .expect("count");
    let (all, distinct): (i64, i64) = (row.get(0), row.get(1));
    let known = satupintu::db::migration_versions().1.len() as i64;
    assert_eq!((all, distinct), (known, known), "each migration applied once");
    pool.close().await;
}

/// The fixtures of the previous release (commit 9f984f4, `serve --demo`).
const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/release-2026-12-01");
/// The ledger origin the fixtures were made with (its key is named after it).
const FIXTURE_ORIGIN: &str = "release-2026-12-01.satupintu.test";

fn gunzip(path: &Path) -> Vec<u8> {
    use std::io::Read;
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(std::fs::File::open(path).expect("fixture")).read_to_end(&mut out).expect("gunzip");
    out
}

/// A data directory with the fixture's keys (and, for SQLite, its database).
fn fixture_data_dir(b: Backend, dir: &Path) {
    let keys = Path::new(FIXTURES).join("data");
    std::fs::create_dir_all(dir.join("keys")).expect("keys");
    std::fs::copy(keys.join("ledger.key"), dir.join("ledger.key")).expect("ledger key");
    for entry in std::fs::read_dir(keys.join("keys")).expect("keys") {
        let entry = entry.expect("entry");
        std::fs::copy(entry.path(), dir.join("keys").join(entry.file_name())).expect("key");
    }
    let uploads: PathBuf = keys.join("uploads");
    if uploads.exists() {
        copy_tree(&uploads, &dir.join("uploads"));
    }
    if b == Backend::Sqlite {
        std::fs::write(dir.join("satupintu.db"), gunzip(&keys.join("satupintu.db.gz"))).expect("database");
    }
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("dir");
    for entry in std::fs::read_dir(from).expect("dir") {
        let entry = entry.expect("entry");
        if entry.file_type().expect("type").is_dir() {
            copy_tree(&entry.path(), &to.join(entry.file_name()));
        } else {
            std::fs::copy(entry.path(), to.join(entry.file_name())).expect("copy");
        }
    }
}

async fn the_previous_release_is_upgraded(b: Backend) {
    let dir = tempfile::tempdir().expect("tempdir");
    fixture_data_dir(b, dir.path());
    let url = database_url(b).await;
    if let Some(url) = &url {
        let sql = gunzip(&Path::new(FIXTURES).join("postgres.sql.gz"));
        let sql_file = dir.path().join("dump.sql");
        std::fs::write(&sql_file, sql).expect("sql");
        let out = std::process::Command::new("psql")
            .args(["-v", "ON_ERROR_STOP=1", "-q", "-X", "-d", url, "-f"])
            .arg(&sql_file)
            .output()
            .expect("psql (postgresql-client) must be installed");
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        std::fs::remove_file(&sql_file).expect("rm");
    }
    let mut cfg = config(b, dir.path(), url);
    cfg.ledger_origin = Some(FIXTURE_ORIGIN.into());
    // The schema before: the previous release's last migration.
    let before = {
        let db = satupintu::db::Db::connect(&cfg.effective_database_url()).await.expect("connect");
        let v = satupintu::db::Db::schema_version(&mut db.conn().await.expect("conn")).await.expect("version");
        db.close().await;
        v
    };
    let app = serve_on(b, &cfg).await;
    let now = satupintu::db::Db::schema_version(&mut app.state.db.conn().await.expect("conn")).await.expect("v");
    assert_eq!(now, app.state.db.known_schema_version(), "migrated to the newest (from {before})");
    assert!(before <= now);

    // The demo citizens sign in; the demo's applications are the archive citizens' (the
    // performance history), and they find them.
    let archive =
        ["arsip.surabaya@warga.example.id", "arsip.bandung@warga.example.id", "arsip.sidoarjo@warga.example.id"];
    let mut found = 0;
    let people = satupintu::demo::CITIZENS.iter().map(|c| (c.email, c.password));
    for (email, password) in people.chain(archive.iter().map(|e| (*e, "warga-demo-2026"))) {
        let token = api_login(&app.client, &app.url(""), email, password, None).await;
        let (s, mine) = app.api(Method::GET, "/api/v1/applications", Some(&token), None).await;
        assert_eq!(s, 200, "{mine}");
        found += mine["applications"].as_array().map_or(0, Vec::len);
    }
    assert!(found > 0, "the demo citizens' applications are there");

    // The ledger verifies as a whole, against the checkpoint the previous release signed.
    let verifier = app.state.ledger.verifier().clone();
    let report = ledger::verify_all(app.state.ledger.storage(), Some(&verifier), |_| {}).await.expect("verifies");
    assert!(report.entries > 0 && report.checkpoint.is_some(), "{report:?}");

    // Every document the previous release issued verifies with the key it signed with (the
    // demo of that release issued none), and one issued now on the upgraded data verifies too.
    let rows =
        sqlx::query("SELECT number, signature FROM documents").fetch_all(app.state.db.pool()).await.expect("docs");
    let mut documents: Vec<(String, String)> = rows.iter().map(|r| (r.get(0), r.get(1))).collect();
    let siti = &satupintu::demo::CITIZENS[0];
    let token = api_login(&app.client, &app.url(""), siti.email, siti.password, None).await;
    let officer = app.staff(Role::Officer, Some("disdukcapil"), "petugas-uji@dukcapil.id").await;
    let fields = crate::applications::akta_fields(&app, &token).await;
    let (s, v) = submit_akta(&app, &token, &fields).await;
    assert_eq!(s, 201, "{v}");
    let code = v["code"].as_str().expect("code").to_string();
    for action in ["claim", "verify", "approve", "issue"] {
        let (s, v) = act(&app, &officer, &code, action, None).await;
        assert_eq!(s, 200, "{action}: {v}");
    }
    let (_, v) = app.api(Method::GET, &format!("/api/v1/applications/{code}"), Some(&token), None).await;
    let url = v["documents"][0]["verify_url"].as_str().expect("verify_url");
    let sig = url.split("?s=").nth(1).expect("sig");
    documents.push((v["documents"][0]["number"].as_str().expect("number").to_string(), sig.to_string()));
    for (number, sig) in documents {
        let sig = if sig.contains('%') { sig } else { url_encode(&sig) };
        let (s, v) = app.get_json(&format!("/api/v1/documents/{number}/verify?s={sig}")).await;
        assert_eq!((s, v["authentic"].as_bool()), (200, Some(true)), "{number}: {v}");
    }
    let settled = app.ledger_settled().await;
    assert!(settled.size > report.entries, "the upgraded ledger grows on from the old one");
    app.stop().await;
}

fn url_encode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}
