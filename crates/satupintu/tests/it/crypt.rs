//! Personal data encrypted at rest: the NIK and health notes are sealed in the database, the
//! keys live outside it, lookups by NIK use the blind index, and a wrong or missing key stops
//! the start.

use reqwest::Method;
use serde_json::json;
use sqlx::Row as _;

use crate::both;
use crate::cli::satupintu_env;
use crate::common::{Backend, TestApp, NIK_A, NIK_B, TEST_DATA_KEY};
use satupintu::crypto::Keyring;

both!(
    nik_is_sealed_and_still_found,
    plaintext_rows_are_sealed_at_start,
    wrong_or_missing_key_stops_the_start,
    rotation_keeps_everything_readable,
    application_numbers_are_sealed
);

const PASSWORD: &str = "rahasia-warga-1";

/// The raw `nik` and `nik_index` of the user with this e-mail.
async fn raw_nik(app: &TestApp, email: &str) -> (String, String) {
    let r = sqlx::query("SELECT nik, nik_index FROM users WHERE email = $1")
        .bind(email)
        .fetch_one(app.state.db.pool())
        .await
        .expect("user row");
    (r.get(0), r.get(1))
}

async fn nik_is_sealed_and_still_found(b: Backend) {
    let app = TestApp::empty(b).await;
    let token = app.citizen(NIK_A, "Siti Rahayu", "siti@contoh.id").await;
    let (nik, index) = raw_nik(&app, "siti@contoh.id").await;
    let keys = Keyring::parse(TEST_DATA_KEY).expect("test key");
    assert!(nik.starts_with(&format!("v1:{}:", keys.current_id())), "{nik}");
    assert!(!nik.contains(NIK_A) && !nik.contains(&NIK_A[..8]), "no plain NIK in the column: {nik}");
    assert_eq!(index, keys.nik_index(NIK_A), "the blind index is HMAC over the digits");
    assert!(!index.contains(NIK_A));
    // Nothing else in the row holds the NIK either.
    let row = sqlx::query("SELECT * FROM users WHERE email = $1")
        .bind("siti@contoh.id")
        .fetch_one(app.state.db.pool())
        .await
        .expect("row");
    for i in 0..row.len() {
        if let Ok(Some(v)) = row.try_get::<Option<String>, _>(i) {
            assert!(!v.contains(NIK_A), "column {i} holds the NIK");
        }
    }

    // Sign-in with the NIK (typed with spaces too), the profile, the counter's find-by-NIK.
    app.login(NIK_A, PASSWORD, None).await;
    app.login("3273 0145 0690 0001", PASSWORD, None).await;
    let (s, me) = app.api(Method::GET, "/api/v1/me", Some(&token), None).await;
    assert_eq!(s, 200, "{me}");
    assert_eq!(me["nik_masked"], "3273**********01");
    let mut conn = app.state.db.conn().await.expect("conn");
    let found = satupintu::identity::store::find_citizen_by_nik(&mut conn, NIK_A).await.expect("find");
    assert_eq!(found.map(|(_, name)| name).as_deref(), Some("Siti Rahayu"));
    assert!(satupintu::identity::store::find_citizen_by_nik(&mut conn, NIK_B).await.expect("find").is_none());
    let id: i64 = me["id"].as_i64().expect("id");
    assert_eq!(satupintu::identity::store::nik_of(&mut conn, id).await.expect("nik").as_deref(), Some(NIK_A));
    let values = satupintu::identity::store::profile_values(&mut conn, id).await.expect("values");
    assert_eq!(values.get("nik").map(String::as_str), Some(NIK_A), "once-only forms get the NIK");

    // One NIK, two accounts: refused with the localized field error, nothing created.
    let (s, body) = app
        .post_json(
            "/api/v1/auth/register",
            json!({"nik": NIK_A, "full_name": "Orang Lain", "email": "lain@contoh.id", "password": PASSWORD}),
        )
        .await;
    assert_eq!(s, 422, "{body}");
    assert!(body["error"]["details"]["nik"].as_str().unwrap_or("").contains("Sudah terdaftar"), "{body}");
    let n: i64 = sqlx::query("SELECT COUNT(*) FROM users").fetch_one(app.state.db.pool()).await.expect("n").get(0);
    assert_eq!(n, 1);
    // The database itself refuses a second row with the same blind index.
    let dup = sqlx::query(
        "INSERT INTO users (role, nik, nik_index, full_name, password_hash, created_at) VALUES ('citizen', $1, $2, 'X', 'x', 0)",
    )
    .bind(keys.seal("users.nik", NIK_A).expect("seal"))
    .bind(keys.nik_index(NIK_A))
    .execute(app.state.db.pool())
    .await;
    assert!(matches!(dup, Err(sqlx::Error::Database(ref d)) if d.is_unique_violation()), "{dup:?}");

    // A changed ciphertext, or one moved from another column, is refused.
    let mut chars: Vec<char> = nik.chars().collect();
    let last = chars.len() - 3;
    chars[last] = if chars[last] == 'A' { 'B' } else { 'A' };
    let tampered: String = chars.into_iter().collect();
    sqlx::query("UPDATE users SET nik = $1 WHERE id = $2")
        .bind(&tampered)
        .bind(id)
        .execute(app.state.db.pool())
        .await
        .expect("tamper");
    assert!(satupintu::identity::store::nik_of(&mut conn, id).await.is_err(), "tampered value refused");
    let moved = keys.seal("consultations.notes", NIK_A).expect("seal");
    sqlx::query("UPDATE users SET nik = $1 WHERE id = $2")
        .bind(&moved)
        .bind(id)
        .execute(app.state.db.pool())
        .await
        .expect("move");
    assert!(satupintu::identity::store::nik_of(&mut conn, id).await.is_err(), "moved value refused");
    drop(conn);
    app.stop().await;
}

/// Make the database look as it did before encryption at rest: the start-up step has not gone
/// over it yet (once it has, later starts skip the scan).
async fn as_before_encryption(app: &TestApp) {
    sqlx::query("DELETE FROM meta WHERE key = 'crypto.sealed.v1'").execute(app.state.db.pool()).await.expect("meta");
}

async fn plaintext_rows_are_sealed_at_start(b: Backend) {
    let app = TestApp::empty(b).await;
    // A row written before encryption at rest: the NIK in plain text, no blind index.
    sqlx::query(
        "INSERT INTO users (role, nik, full_name, email, password_hash, created_at) VALUES ('citizen', $1, 'Budi Lama', 'budi@contoh.id', 'x', 0)",
    )
    .bind(NIK_B)
    .execute(app.state.db.pool())
    .await
    .expect("plain row");
    as_before_encryption(&app).await;
    let app = app.restart(|_| {}).await;
    let (nik, index) = raw_nik(&app, "budi@contoh.id").await;
    assert!(nik.starts_with("v1:") && !nik.contains(NIK_B), "{nik}");
    let keys = Keyring::parse(TEST_DATA_KEY).expect("test key");
    assert_eq!(index, keys.nik_index(NIK_B));
    let mut conn = app.state.db.conn().await.expect("conn");
    let found = satupintu::identity::store::find_citizen_by_nik(&mut conn, NIK_B).await.expect("find");
    assert_eq!(found.map(|(_, n)| n).as_deref(), Some("Budi Lama"));
    drop(conn);
    // The step is idempotent: another start changes nothing.
    let app = app.restart(|_| {}).await;
    assert_eq!(raw_nik(&app, "budi@contoh.id").await.0, nik);
    app.stop().await;
}

async fn wrong_or_missing_key_stops_the_start(b: Backend) {
    let dir = tempfile::tempdir().expect("tempdir");
    let url = crate::common::database_url(b).await;
    let d = dir.path();
    // The first start creates the key file (0600) in the data directory.
    let (ok, _, err) = satupintu_env(d, &url, &["migrate"], None, &[("SATUPINTU_DATA_KEY", "")]);
    assert!(ok, "{err}");
    let key_file = d.join("keys").join("data.key");
    let text = std::fs::read_to_string(&key_file).expect("key file created");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&key_file).expect("meta").permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
    let own = Keyring::parse(&text).expect("a valid key file");

    let cfg = |key: Option<&str>| satupintu::config::Config {
        data_key: key.map(str::to_string),
        ..crate::common::config(b, d, url.clone())
    };
    // The key file gone: the start stops, and no new key is made behind the data's back.
    std::fs::rename(&key_file, d.join("elsewhere.key")).expect("move");
    let e = satupintu::app::AppState::open(cfg(None)).await.err().expect("refused").to_string();
    assert!(e.contains("encryption key"), "{e}");
    let e = format!("{:#}", satupintu::app::AppState::open(cfg(None)).await.err().expect("refused"));
    assert!(e.contains("missing") && e.contains("data.key"), "{e}");
    assert!(!key_file.exists(), "no new key file");
    // Another key file: refused as the wrong key.
    std::fs::write(&key_file, Keyring::generate().to_file()).expect("write");
    let e = format!("{:#}", satupintu::app::AppState::open(cfg(None)).await.err().expect("refused"));
    assert!(e.contains(own.current_id()) && e.contains("wrong key"), "{e}");
    // A wrong key in SATUPINTU_DATA_KEY too.
    let e = format!("{:#}", satupintu::app::AppState::open(cfg(Some(TEST_DATA_KEY))).await.err().expect("refused"));
    assert!(e.contains("wrong key"), "{e}");
    // The right file back: it starts again.
    std::fs::rename(d.join("elsewhere.key"), &key_file).expect("move back");
    let (ok, out, err) = satupintu_env(d, &url, &["keys", "status"], None, &[("SATUPINTU_DATA_KEY", "")]);
    assert!(ok, "{err}");
    assert!(out.contains(&format!("current key: {}", own.current_id())), "{out}");
}

async fn rotation_keeps_everything_readable(b: Backend) {
    let keys_dir = tempfile::tempdir().expect("tempdir");
    let key_file = keys_dir.path().join("data.key");
    let first = Keyring::parse(TEST_DATA_KEY).expect("test key");
    std::fs::write(&key_file, first.to_file()).expect("write key file");
    let kf = key_file.clone();
    let app = TestApp::configured(b, move |c| {
        c.data_key = None;
        c.data_key_file = Some(kf);
    })
    .await;
    app.citizen(NIK_A, "Siti Rahayu", "siti@contoh.id").await;
    app.citizen(NIK_B, "Budi Santoso", "budi@contoh.id").await;
    let before = raw_nik(&app, "siti@contoh.id").await;
    assert!(before.0.starts_with(&format!("v1:{}:", first.current_id())));

    // Rotate while the server is stopped, then start it again on the same key file.
    let (dir, url) = (app.data_dir.clone(), Some(app.database_url.clone()));
    let kf = key_file.display().to_string();
    let app = app
        .restart(|_| {
            let env = [("SATUPINTU_DATA_KEY", ""), ("SATUPINTU_DATA_KEY_FILE", kf.as_str())];
            let (ok, out, err) = satupintu_env(&dir, &url, &["keys", "rotate"], None, &env);
            assert!(ok && out.contains("2 values re-encrypted"), "{out} {err}");
        })
        .await;
    let rotated = Keyring::parse(&std::fs::read_to_string(&key_file).expect("key file")).expect("rotated file");
    assert_eq!(rotated.ids().len(), 2, "the old key stays to decrypt");
    assert_ne!(rotated.current_id(), first.current_id());
    let after = raw_nik(&app, "siti@contoh.id").await;
    assert!(after.0.starts_with(&format!("v1:{}:", rotated.current_id())), "{}", after.0);
    assert_eq!(after.1, before.1, "the blind index does not change");
    assert_eq!(rotated.open("users.nik", &after.0).expect("opens"), NIK_A);
    assert!(first.open("users.nik", &after.0).is_err(), "no longer under the first key");

    // Everything still readable: sign-in by NIK, the profile, find-by-NIK.
    let token = app.login(NIK_B, PASSWORD, None).await;
    let (s, me) = app.api(Method::GET, "/api/v1/me", Some(&token), None).await;
    assert_eq!((s, me["nik_masked"].as_str()), (200, Some("3578**********03")), "{me}");
    let mut conn = app.state.db.conn().await.expect("conn");
    assert!(satupintu::identity::store::find_citizen_by_nik(&mut conn, NIK_A).await.expect("find").is_some());
    drop(conn);
    let kf = key_file.display().to_string();
    let env = [("SATUPINTU_DATA_KEY", ""), ("SATUPINTU_DATA_KEY_FILE", kf.as_str())];
    let (ok, out, err) = satupintu_env(&app.data_dir, &url, &["keys", "status"], None, &env);
    assert!(ok, "{err}");
    assert!(out.contains(&format!("users.nik: 2 values under key {}", rotated.current_id())), "{out}");
    assert!(!out.contains(NIK_A), "{out}");
    app.stop().await;
}

async fn application_numbers_are_sealed(b: Backend) {
    use crate::applications::{akta_fields, submit_akta};
    let app = TestApp::spawn(b).await;
    let citizen = app.citizen(NIK_A, "Siti Rahayu", "siti@contoh.id").await;
    let fields = akta_fields(&app, &citizen).await;
    let (s, a) = submit_akta(&app, &citizen, &fields).await;
    assert_eq!(s, 201, "{a}");
    let code = a["code"].as_str().expect("code").to_string();
    let raw: String = sqlx::query("SELECT fields_json FROM applications WHERE code = $1")
        .bind(&code)
        .fetch_one(app.state.db.pool())
        .await
        .expect("row")
        .get(0);
    // The NIK and the family-card number are sealed; the rest of the form stays as it was.
    assert!(!raw.contains(NIK_A) && !raw.contains("3273010101260001"), "{raw}");
    assert!(raw.contains("Bayu Pratama") && raw.contains("\"v1:"), "{raw}");
    // Read back through the API as they were given.
    let (s, got) = app.api(Method::GET, &format!("/api/v1/applications/{code}"), Some(&citizen), None).await;
    assert_eq!(s, 200, "{got}");
    assert_eq!(got["fields"]["kk_number"], "3273010101260001", "{got}");
    // An application written before encryption at rest (plain numbers) is sealed at the next start.
    sqlx::query("UPDATE applications SET fields_json = $1 WHERE code = $2")
        .bind(json!({"kk_number": "3578011208850003", "child_name": "Lama"}).to_string())
        .bind(&code)
        .execute(app.state.db.pool())
        .await
        .expect("plain");
    as_before_encryption(&app).await;
    let app = app.restart(|_| {}).await;
    let raw: String = sqlx::query("SELECT fields_json FROM applications WHERE code = $1")
        .bind(&code)
        .fetch_one(app.state.db.pool())
        .await
        .expect("row")
        .get(0);
    assert!(!raw.contains("3578011208850003") && raw.contains("Lama"), "{raw}");
    let (s, got) = app.api(Method::GET, &format!("/api/v1/applications/{code}"), Some(&citizen), None).await;
    assert_eq!((s, got["fields"]["kk_number"].as_str()), (200, Some("3578011208850003")), "{got}");
    app.stop().await;
}
