//! Crash safety: registrations, applications, reports and bookings under load while the server is killed
//! with SIGKILL several times. After every restart each acknowledged write must be there (a
//! report's tracking code once, the codes without gaps), and the transparency ledger must hold
//! every acknowledged submission and stay consistent with every checkpoint it served before.

use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use std::collections::{BTreeMap, HashSet};

use ledger::tile::{decode_bundle, decode_hash_tile, entry_bundles, hash_tiles, TileKind};
use ledger::{open_checkpoint, verify_consistency, Hash, Verifier};
use serde_json::json;

use crate::both;
use crate::common::{database_url, Backend};

both!(acknowledged_writes_survive_sigkill, the_ledger_survives_sigkill_under_load);

pub(crate) fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("port")
}

fn start(dir: &std::path::Path, url: &Option<String>, port: u16) -> Child {
    start_with(dir, url, port, true, &[])
}

/// `satupintu serve` (with the demo data when `demo`) on `port`, with the test data key, a
/// short outbox lease and interval, and `env` besides.
pub(crate) fn start_with(
    dir: &std::path::Path,
    url: &Option<String>,
    port: u16,
    demo: bool,
    env: &[(&str, String)],
) -> Child {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_satupintu"));
    cmd.arg("serve").arg("--data-dir").arg(dir).arg("--listen").arg(format!("127.0.0.1:{port}"));
    if demo {
        cmd.arg("--demo");
    }
    if let Some(u) = url {
        cmd.arg("--database-url").arg(u);
    }
    cmd.env("SATUPINTU_OUTBOX_LEASE_SECS", "1")
        .env("SATUPINTU_DATA_KEY", crate::common::TEST_DATA_KEY)
        .env("SATUPINTU_OUTBOX_INTERVAL_MS", "200")
        .env("SATUPINTU_LOG", "error")
        .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start server")
}

pub(crate) async fn wait_ready(client: &reqwest::Client, port: u16) {
    // Up to a minute: loading the demo takes a while in a debug build on a busy machine.
    for _ in 0..1200 {
        if client.get(format!("http://127.0.0.1:{port}/readyz")).send().await.is_ok_and(|r| r.status().is_success()) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("server did not become ready");
}

/// Signs in a demo citizen and picks a valid answer of the pbb-p2 form: (token, option).
async fn citizen_and_option(client: &reqwest::Client, port: u16) -> (String, String) {
    let token = sign_in(client, port, &satupintu::demo::CITIZENS[0]).await;
    let svc: serde_json::Value = client
        .get(format!("http://127.0.0.1:{port}/api/v1/services/pbb-p2"))
        .send()
        .await
        .expect("svc")
        .json()
        .await
        .expect("json");
    let field =
        svc["form"].as_array().expect("form").iter().find(|f| f["name"] == "request_type").expect("field").clone();
    (token, field["options"][0]["value"].as_str().expect("option").to_string())
}

/// Posts `body(n)` for n = 0, 1, ... to `path` until the server dies; the codes answered with
/// 201 go to `acked`. `what` names the write in a failure.
fn poster(
    client: reqwest::Client,
    port: u16,
    token: String,
    path: &'static str,
    what: &'static str,
    body: impl Fn(u32) -> serde_json::Value + Send + 'static,
    acked: Arc<Mutex<Vec<String>>>,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        for n in 0u32.. {
            match client.post(format!("http://127.0.0.1:{port}{path}")).bearer_auth(&token).json(&body(n)).send().await
            {
                Ok(r) if r.status().as_u16() == 201 => {
                    let v: serde_json::Value = r.json().await.unwrap_or_default();
                    match v["code"].as_str() {
                        Some(code) => acked.lock().expect("lock").push(code.to_string()),
                        None => return, // the body was cut off by the kill: not acknowledged
                    }
                }
                Ok(r) => panic!("unexpected status {} for {what}", r.status()),
                Err(_) => return,
            }
        }
    })
}

/// Submits pbb-p2 applications until the server dies.
fn submitter(
    client: reqwest::Client,
    port: u16,
    token: String,
    option: String,
    acked: Arc<Mutex<Vec<String>>>,
) -> tokio::task::JoinHandle<()> {
    let body = move |_| {
        json!({"service_id": "pbb-p2", "submit": true,
            "fields": {"nop": "32.73.010.001.000-0001.0", "tax_year": 2026, "request_type": option}})
    };
    poster(client, port, token, "/api/v1/applications", "an application", body, acked)
}

/// Sends public reports until the server dies.
fn reporter(
    client: reqwest::Client,
    port: u16,
    token: String,
    acked: Arc<Mutex<Vec<String>>>,
) -> tokio::task::JoinHandle<()> {
    let body = |n: u32| {
        // Spread over Bandung, so that the reports are not one another's duplicates.
        let (lat, lon) = (-6.95 + f64::from(n % 97) * 0.001, 107.55 + f64::from(n % 89) * 0.001);
        json!({"category": "jalan", "privacy": "public", "lat": lat, "lon": lon,
            "description": format!("Jalan berlubang nomor {n} di Bandung, membahayakan pengendara")})
    };
    poster(client, port, token, "/api/v1/reports", "a report", body, acked)
}

/// Books a place at the demo's 24-hour desk for tomorrow and cancels it, over and over, until the
/// server dies; each acknowledged step is recorded as the booking's last known status.
fn booker(
    client: reqwest::Client,
    port: u16,
    token: String,
    acked: Arc<Mutex<BTreeMap<String, &'static str>>>,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let day = satupintu::calendar::local_date(satupintu::db::now() + 86_400, 7);
        let base = format!("http://127.0.0.1:{port}");
        let slots = format!("{base}/api/v1/slots?service_id=ktp-el-ganti&location_id=adm-disdukcapil&date={day}");
        let cancel = |code: String| {
            let (client, acked, url) = (client.clone(), acked.clone(), format!("{base}/api/v1/bookings/{code}/cancel"));
            let token = token.clone();
            async move {
                match client.post(url).bearer_auth(&token).send().await {
                    // Acknowledged only with its whole answer (the kill may cut the body off).
                    Ok(r) if r.status().is_success() => match r.bytes().await {
                        Ok(_) => {
                            acked.lock().expect("lock").insert(code, "cancelled");
                            true
                        }
                        Err(_) => false,
                    },
                    Ok(r) => panic!("unexpected status {} for a cancellation", r.status()),
                    Err(_) => false,
                }
            }
        };
        // A booking acknowledged just before the last kill is still active: cancel it first.
        let Ok(r) = client.get(format!("{base}/api/v1/bookings")).bearer_auth(&token).send().await else { return };
        let Ok(mine) = r.json::<serde_json::Value>().await else { return };
        for b in mine["bookings"].as_array().expect("bookings").iter().filter(|b| b["status"] == "booked") {
            if !cancel(b["code"].as_str().expect("code").to_string()).await {
                return;
            }
        }
        loop {
            let Ok(r) = client.get(&slots).send().await else { return };
            let Ok(list) = r.json::<serde_json::Value>().await else { return };
            let slot = list["slots"][0]["id"].as_i64().expect("a free slot tomorrow");
            let r = client.post(format!("{base}/api/v1/bookings")).bearer_auth(&token).json(&json!({"slot_id": slot}));
            let code = match r.send().await {
                Ok(r) if r.status().as_u16() == 201 => match r.json::<serde_json::Value>().await {
                    Ok(v) => v["code"].as_str().expect("code").to_string(),
                    Err(_) => return,
                },
                Ok(r) => panic!("unexpected status {} for a booking", r.status()),
                Err(_) => return,
            };
            acked.lock().expect("lock").insert(code.clone(), "booked");
            if !cancel(code).await {
                return;
            }
        }
    })
}

/// Signs in a demo citizen by NIK.
pub(crate) async fn sign_in(client: &reqwest::Client, port: u16, c: &satupintu::demo::DemoCitizen) -> String {
    let r: serde_json::Value = client
        .post(format!("http://127.0.0.1:{port}/api/v1/auth/login"))
        .json(&json!({"login": c.nik, "password": c.password}))
        .send()
        .await
        .expect("login")
        .json()
        .await
        .expect("json");
    r["token"].as_str().expect("token").to_string()
}

async fn acknowledged_writes_survive_sigkill(b: Backend) {
    let dir = tempfile::tempdir().expect("tempdir");
    let url = database_url(b).await;
    let client = reqwest::Client::builder().timeout(Duration::from_secs(5)).build().expect("client");
    let serial = Arc::new(AtomicU32::new(1000)); // clear of the demo citizens
    let acked: Arc<Mutex<Vec<String>>> = Arc::default();
    let acked_apps: Arc<Mutex<Vec<String>>> = Arc::default();
    let acked_reports: Arc<Mutex<Vec<String>>> = Arc::default();
    let acked_bookings: Arc<Mutex<BTreeMap<String, &'static str>>> = Arc::default();
    let mut booker_token = String::new();
    let mut token = String::new();
    let mut option = String::new();

    for round in 0..3 {
        let port = free_port();
        let mut server = start(dir.path(), &url, port);
        wait_ready(&client, port).await;
        if token.is_empty() {
            (token, option) = citizen_and_option(&client, port).await;
            booker_token = sign_in(&client, port, &satupintu::demo::CITIZENS[1]).await;
        }
        let mut workers = vec![];
        for _ in 0..3 {
            workers.push(submitter(client.clone(), port, token.clone(), option.clone(), acked_apps.clone()));
        }
        for _ in 0..2 {
            workers.push(reporter(client.clone(), port, token.clone(), acked_reports.clone()));
        }
        workers.push(booker(client.clone(), port, booker_token.clone(), acked_bookings.clone()));
        for _ in 0..6 {
            let (client, serial, acked) = (client.clone(), serial.clone(), acked.clone());
            workers.push(tokio::spawn(async move {
                loop {
                    let n = serial.fetch_add(1, Ordering::SeqCst);
                    let nik = format!("327301450690{n:04}");
                    let body = json!({"nik": nik, "full_name": "Warga Uji", "phone": format!("0812{n:08}"), "password": "kata-sandi-uji"});
                    match client.post(format!("http://127.0.0.1:{port}/api/v1/auth/register")).json(&body).send().await {
                        Ok(r) if r.status().as_u16() == 201 => acked.lock().expect("lock").push(nik),
                        Ok(r) => panic!("unexpected status {} for {nik}", r.status()),
                        Err(_) => return, // the server died mid-request: not acknowledged
                    }
                }
            }));
        }
        tokio::time::sleep(Duration::from_millis(700 + 300 * round)).await;
        server.kill().expect("SIGKILL"); // Child::kill sends SIGKILL on Unix
        let _ = server.wait();
        for w in workers {
            w.await.expect("worker");
        }
    }

    // Restart once more and check every acknowledged registration through the database.
    let port = free_port();
    let mut server = start(dir.path(), &url, port);
    wait_ready(&client, port).await;
    let acked = acked.lock().expect("lock").clone();
    assert!(acked.len() >= 10, "too few writes were acknowledged to prove anything: {}", acked.len());
    let cfg = crate::common::config(b, dir.path(), url.clone());
    let db = satupintu::db::Db::connect(&cfg.effective_database_url()).await.expect("db");
    let mut missing = vec![];
    let keys = satupintu::crypto::Keyring::parse(crate::common::TEST_DATA_KEY).expect("test key");
    for nik in &acked {
        let found = sqlx::query("SELECT 1 FROM users WHERE nik_index = $1")
            .bind(keys.nik_index(nik))
            .fetch_optional(db.pool())
            .await
            .expect("query");
        if found.is_none() {
            missing.push(nik.clone());
        }
    }
    assert!(
        missing.is_empty(),
        "{} of {} acknowledged registrations were lost: {missing:?}",
        missing.len(),
        acked.len()
    );
    // Every acknowledged report is there, once, and its tracking code too: the code counter is
    // part of the report's transaction, so the codes have no gaps either.
    let acked_reports = acked_reports.lock().expect("lock").clone();
    assert!(acked_reports.len() >= 10, "too few reports were acknowledged to prove anything: {}", acked_reports.len());
    let unique: HashSet<&String> = acked_reports.iter().collect();
    assert_eq!(unique.len(), acked_reports.len(), "a tracking code was acknowledged twice");
    let stored: Vec<String> =
        sqlx::query_scalar("SELECT code FROM reports ORDER BY code").fetch_all(db.pool()).await.expect("query");
    let stored_set: HashSet<&String> = stored.iter().collect();
    assert_eq!(stored_set.len(), stored.len(), "two reports share a tracking code");
    let lost: Vec<&String> = acked_reports.iter().filter(|c| !stored_set.contains(c)).collect();
    assert!(lost.is_empty(), "{} of {} acknowledged reports were lost: {lost:?}", lost.len(), acked_reports.len());
    // The demo's year of report history has codes of its own (LP-RIWAYAT-NNNN), outside the counter.
    let numbers: Vec<u64> = stored
        .iter()
        .filter(|c| !c.starts_with("LP-RIWAYAT-"))
        .map(|c| c.rsplit('-').next().and_then(|n| n.parse().ok()).expect("LP-YYYY-NNNNNN"))
        .collect();
    assert_eq!(numbers, (1..=numbers.len() as u64).collect::<Vec<_>>(), "the tracking codes have gaps: {stored:?}");
    // The restarted server serves the last one to its reporter.
    let last = acked_reports.last().expect("one");
    let r = client
        .get(format!("http://127.0.0.1:{port}/api/v1/reports/{last}"))
        .bearer_auth(&token)
        .send()
        .await
        .expect("report");
    assert_eq!(r.status().as_u16(), 200, "GET /api/v1/reports/{last}");

    // Every acknowledged booking and cancellation is there, and every slot counts exactly its
    // active bookings (the place and the booking are one transaction).
    let acked_bookings = acked_bookings.lock().expect("lock").clone();
    assert!(
        acked_bookings.len() >= 3,
        "too few bookings were acknowledged to prove anything: {}",
        acked_bookings.len()
    );
    for (code, status) in &acked_bookings {
        let stored: Option<String> = sqlx::query_scalar("SELECT status FROM bookings WHERE code = $1")
            .bind(code)
            .fetch_optional(db.pool())
            .await
            .expect("query");
        let stored = stored.unwrap_or_else(|| panic!("the acknowledged booking {code} was lost"));
        assert!(stored == *status || *status == "booked", "{code} was acknowledged {status}, stored {stored}");
    }
    let off: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM slots s WHERE s.booked > s.capacity OR s.booked <> \
         (SELECT COUNT(*) FROM bookings b WHERE b.slot_id = s.id AND b.status = 'booked')",
    )
    .fetch_one(db.pool())
    .await
    .expect("query");
    assert_eq!(off, 0, "slots whose count of places differs from their bookings");

    // And the restarted server serves them: the last one can sign in.
    let last = acked.last().expect("one");
    let r = client
        .post(format!("http://127.0.0.1:{port}/api/v1/auth/login"))
        .json(&json!({"login": last, "password": "kata-sandi-uji"}))
        .send()
        .await
        .expect("login");
    assert_eq!(r.status().as_u16(), 200);
    db.close().await;
    server.kill().expect("kill");
    let _ = server.wait();
}

/// Fetches `/ledger/checkpoint` every few milliseconds until the server dies; keeps each note.
fn checkpoint_watcher(
    client: reqwest::Client,
    port: u16,
    seen: Arc<Mutex<Vec<String>>>,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        loop {
            match client.get(format!("http://127.0.0.1:{port}/ledger/checkpoint")).send().await {
                Ok(r) if r.status().is_success() => match r.text().await {
                    Ok(note) => seen.lock().expect("lock").push(note),
                    Err(_) => return,
                },
                Ok(r) => panic!("/ledger/checkpoint answered {}", r.status()),
                Err(_) => return,
            }
            tokio::time::sleep(Duration::from_millis(15)).await;
        }
    })
}

async fn fetch(client: &reqwest::Client, port: u16, path: &str) -> Vec<u8> {
    let r = client.get(format!("http://127.0.0.1:{port}{path}")).send().await.expect("request");
    assert!(r.status().is_success(), "GET {path}: {}", r.status());
    r.bytes().await.expect("body").to_vec()
}

/// Reads the whole log of the served checkpoint from its tiles: its entries, after checking that
/// their leaf hashes are the level-0 tiles and that those hash to the checkpoint's root.
async fn log_from_tiles(client: &reqwest::Client, port: u16, vkey: &Verifier) -> (ledger::Checkpoint, Vec<Vec<u8>>) {
    let note = String::from_utf8(fetch(client, port, "/ledger/checkpoint").await).expect("utf-8");
    let (cp, _) = open_checkpoint(&note, vkey).expect("the served checkpoint is signed by the log key");
    let mut entries = Vec::new();
    for bundle in entry_bundles(cp.size) {
        entries.extend(decode_bundle(&fetch(client, port, &format!("/ledger/{bundle}")).await).expect("bundle"));
    }
    let mut leaves = Vec::new();
    for tile in hash_tiles(cp.size).into_iter().filter(|t| t.kind == TileKind::Hashes(0)) {
        leaves.extend(decode_hash_tile(&fetch(client, port, &format!("/ledger/{tile}")).await).expect("tile"));
    }
    assert_eq!((entries.len() as u64, leaves.len() as u64), (cp.size, cp.size));
    for (i, (entry, leaf)) in entries.iter().zip(&leaves).enumerate() {
        assert_eq!(ledger::leaf_hash(entry), *leaf, "entry {i} is not the leaf in the tiles");
    }
    assert_eq!(ledger::tree_root(&leaves), cp.root, "the tiles are the checkpoint's tree");
    (cp, entries)
}

/// After a restart: every acknowledged submission is in the log, and every checkpoint served
/// before is signed, the only one of its size, and consistent with the latest.
pub(crate) async fn check_ledger(
    client: &reqwest::Client,
    port: u16,
    vkey: &Verifier,
    acked: &[String],
    seen: &[String],
) {
    let mut missing = Vec::new();
    let mut latest = None;
    for _ in 0..150 {
        let (cp, entries) = log_from_tiles(client, port, vkey).await;
        let submissions: Vec<String> = entries
            .iter()
            .filter_map(|e| serde_json::from_slice::<serde_json::Value>(e).ok())
            .filter(|v| v["type"] == "application.submit")
            .filter_map(|v| v["data"]["code"].as_str().map(str::to_string))
            .collect();
        let submitted: HashSet<String> = submissions.iter().cloned().collect();
        assert_eq!(submitted.len(), submissions.len(), "no submission is in the log twice");
        missing = acked.iter().filter(|c| !submitted.contains(*c)).cloned().collect();
        latest = Some(cp);
        if missing.is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert!(
        missing.is_empty(),
        "{} of {} acknowledged submissions never reached the ledger: {missing:?}",
        missing.len(),
        acked.len()
    );
    let latest = latest.expect("a checkpoint");

    let mut by_size: BTreeMap<u64, Hash> = BTreeMap::new();
    for note in seen.iter().collect::<HashSet<_>>() {
        let (cp, _) = open_checkpoint(note, vkey).expect("every checkpoint served was signed by the log key");
        let other = by_size.insert(cp.size, cp.root);
        assert!(other.is_none_or(|root| root == cp.root), "two checkpoints of size {} with different roots", cp.size);
    }
    for (&size, root) in by_size.iter().filter(|(&size, _)| size > 0) {
        assert!(size <= latest.size, "a checkpoint of size {size} was served, the log now has {}", latest.size);
        let v: serde_json::Value = serde_json::from_slice(
            &fetch(client, port, &format!("/api/v1/ledger/consistency?from={size}&to={}", latest.size)).await,
        )
        .expect("json");
        let proof: Vec<Hash> = v["proof"]
            .as_array()
            .expect("proof")
            .iter()
            .map(|h| Hash::from_base64(h.as_str().expect("b64")).expect("hash"))
            .collect();
        verify_consistency(size, latest.size, root, &latest.root, &proof)
            .unwrap_or_else(|e| panic!("the checkpoint of size {size} served earlier is not a prefix of the log: {e}"));
    }
}

async fn the_ledger_survives_sigkill_under_load(b: Backend) {
    let dir = tempfile::tempdir().expect("tempdir");
    let url = database_url(b).await;
    let client = reqwest::Client::builder().timeout(Duration::from_secs(5)).build().expect("client");
    let acked: Arc<Mutex<Vec<String>>> = Arc::default();
    let seen: Arc<Mutex<Vec<String>>> = Arc::default();
    let (mut token, mut option, mut vkey) = (String::new(), String::new(), None);
    let mut kills = 0;
    for round in 0..4 {
        let port = free_port();
        let mut server = start(dir.path(), &url, port);
        wait_ready(&client, port).await;
        let key = match &vkey {
            Some(k) => k,
            None => {
                (token, option) = citizen_and_option(&client, port).await;
                let text = String::from_utf8(fetch(&client, port, "/ledger/vkey").await).expect("utf-8");
                vkey.insert(Verifier::from_vkey(text.trim()).expect("vkey"))
            }
        };
        if round > 0 {
            let (acked, seen) = (acked.lock().expect("lock").clone(), seen.lock().expect("lock").clone());
            check_ledger(&client, port, key, &acked, &seen).await;
        }
        if round == 3 {
            server.kill().expect("kill");
            let _ = server.wait();
            break;
        }
        let mut workers: Vec<_> =
            (0..4).map(|_| submitter(client.clone(), port, token.clone(), option.clone(), acked.clone())).collect();
        workers.push(checkpoint_watcher(client.clone(), port, seen.clone()));
        tokio::time::sleep(Duration::from_millis(800 + 300 * round)).await;
        server.kill().expect("SIGKILL"); // Child::kill sends SIGKILL on Unix
        let _ = server.wait();
        kills += 1;
        for w in workers {
            w.await.expect("worker");
        }
    }
    let (acked, seen) = (acked.lock().expect("lock").len(), seen.lock().expect("lock").len());
    assert_eq!(kills, 3);
    assert!(
        acked >= 20 && seen >= 20,
        "too little load to prove anything: {acked} submissions, {seen} checkpoints seen"
    );
}
