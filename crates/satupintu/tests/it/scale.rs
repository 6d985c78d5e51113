//! Several `satupintu serve` processes on one PostgreSQL behave as one platform.
//!
//! - Live status updates reach a page open on any process (on both backends: SQLite is one
//!   process, where the event goes straight to the page; on PostgreSQL through LISTEN/NOTIFY).
//! - Scale-out under a kill (PostgreSQL only): two real processes behind a round-robin proxy,
//!   uploads in a real S3-compatible store (Garage), the ledger's sequencer SIGKILLed under load.
//!   Nothing acknowledged is lost, the other process takes over the ledger within seconds, and
//!   no background job runs twice. SQLite is a single process by design (its database is a file
//!   of one machine), so this test has no SQLite variant; it runs on the PostgreSQL of
//!   `SATUPINTU_TEST_PG` and fails, never skips, when that cannot be reached.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;
use std::process::Child;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::applications::{act, akta_fields, submit_akta, PDF};
use crate::both;
use crate::common::{fresh_pg_database, next_sse_event, Backend, TestApp, NIK_A};
use crate::crash::{check_ledger, free_port, sign_in, start_with, wait_ready};
use crate::garage::Garage;
use satupintu::identity::Role;

both!(live_status_reaches_a_page_on_any_process);

/// A status change made through one process shows on a page open on another, once.
async fn live_status_reaches_a_page_on_any_process(b: Backend) {
    let app = TestApp::spawn(b).await;
    // On PostgreSQL a second process as on another machine; SQLite has the one.
    let other = match b {
        Backend::Postgres => Some(app.another_process().await),
        Backend::Sqlite => None,
    };
    let elsewhere = other.as_ref().unwrap_or(&app);
    let citizen = app.citizen(NIK_A, "Siti Rahayu", "siti@contoh.id").await;
    let officer = app.staff(Role::Officer, Some("disdukcapil"), "petugas@contoh.id").await;
    let fields = akta_fields(&app, &citizen).await;
    let (s, v) = submit_akta(&app, &citizen, &fields).await;
    assert_eq!(s, 201, "{v}");
    let code = v["code"].as_str().expect("code").to_string();

    let browser = app.browser("siti@contoh.id", "rahasia-warga-1", None).await;
    let mut stream = browser.get(app.url(&format!("/permohonan/{code}/langsung"))).send().await.expect("sse");
    assert_eq!(stream.status().as_u16(), 200);
    let mut buf = String::new();
    let wait = Duration::from_secs(10);

    // Through the other process.
    let (s, v) = act(elsewhere, &officer, &code, "claim", None).await;
    assert_eq!(s, 200, "{v}");
    let data = next_sse_event(&mut stream, &mut buf, "status", wait, |d| d.contains(&code))
        .await
        .unwrap_or_else(|| panic!("no live event for a change made on another process; read {buf:?}"));
    let ev: Value = serde_json::from_str(&data).expect("json");
    assert_eq!(ev, json!({"code": code, "status": v["status"]}));

    // Through the page's own process: shown once, not once locally and once more from PostgreSQL.
    let (s, v) = act(&app, &officer, &code, "verify", None).await;
    assert_eq!(s, 200, "{v}");
    let data = next_sse_event(&mut stream, &mut buf, "status", wait, |d| d.contains(&code)).await.expect("event");
    assert_eq!(serde_json::from_str::<Value>(&data).expect("json"), json!({"code": code, "status": v["status"]}));
    let again =
        next_sse_event(&mut stream, &mut buf, "status", Duration::from_millis(800), |d| d.contains(&code)).await;
    assert_eq!(again, None, "one change, one event");
    drop(stream);
    if let Some(o) = other {
        o.stop().await;
    }
    app.stop().await;
}

/// A round-robin TCP proxy in front of the processes, like a load balancer: each connection
/// goes to the next backend, or to the one after it when that one does not answer.
async fn proxy(backends: Vec<u16>) -> u16 {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let next = Arc::new(AtomicUsize::new(0));
    tokio::spawn(async move {
        while let Ok((mut client, _)) = listener.accept().await {
            let (backends, next) = (backends.clone(), next.clone());
            tokio::spawn(async move {
                let first = next.fetch_add(1, Ordering::Relaxed);
                for i in 0..backends.len() {
                    let port = backends[(first + i) % backends.len()];
                    if let Ok(mut server) = tokio::net::TcpStream::connect(("127.0.0.1", port)).await {
                        let _ = tokio::io::copy_bidirectional(&mut client, &mut server).await;
                        return;
                    }
                }
            });
        }
    });
    port
}

/// Deliveries the webhook receiver saw: idempotency key → when each arrived.
type Deliveries = Arc<Mutex<HashMap<String, Vec<Instant>>>>;

/// An SMS/WhatsApp gateway stand-in that only counts: it records each webhook call's
/// `Idempotency-Key` and answers 200.
async fn webhook_receiver() -> (String, Deliveries) {
    let seen: Deliveries = Arc::default();
    let record = seen.clone();
    let app = axum::Router::new().route(
        "/hook",
        axum::routing::post(move |headers: axum::http::HeaderMap| {
            let record = record.clone();
            async move {
                let key = headers.get("idempotency-key").and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
                record.lock().expect("lock").entry(key).or_default().push(Instant::now());
                "ok"
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let url = format!("http://{}/hook", listener.local_addr().expect("addr"));
    tokio::spawn(async move { axum::serve(listener, app).await });
    (url, seen)
}

/// The data directory of a further process: copies of the first one's keys (documents, data
/// key, exchange, VAPID, ledger), so that every process signs and decrypts alike.
fn copy_keys(from: &Path, to: &Path) {
    std::fs::create_dir_all(to.join("keys")).expect("keys dir");
    std::fs::copy(from.join("ledger.key"), to.join("ledger.key")).expect("copy the ledger key");
    for key in std::fs::read_dir(from.join("keys")).expect("keys") {
        let key = key.expect("key");
        std::fs::copy(key.path(), to.join("keys").join(key.file_name())).expect("copy a key");
    }
}

/// A `satupintu serve` process, killed when dropped (also when the test fails).
struct Proc(Child);

impl Proc {
    fn kill(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

impl Drop for Proc {
    fn drop(&mut self) {
        self.kill();
    }
}

/// Which process (by its connections' `application_name`) holds the ledger sequencer's lock.
async fn sequencer(db: &sqlx::PgPool) -> Option<String> {
    let key = satupintu::ledger::sequencer::SEQUENCER_LOCK;
    sqlx::query_scalar(
        "SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid \
         WHERE l.locktype = 'advisory' AND l.granted AND l.classid::bigint = $1 AND l.objid::bigint = $2 \
         AND l.objsubid = 1 AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())",
    )
    .bind(((key >> 32) as u32) as i64)
    .bind(((key & 0xffff_ffff) as u32) as i64)
    .fetch_optional(db)
    .await
    .expect("pg_locks")
}

/// Rows of the outbox not yet delivered (and not given up).
async fn undelivered(db: &sqlx::PgPool) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE delivered_at IS NULL AND next_attempt_at < $1")
        .bind(satupintu::notify::worker::GIVEN_UP)
        .fetch_one(db)
        .await
        .expect("outbox")
}

async fn drained(db: &sqlx::PgPool, what: &str) {
    for _ in 0..200 {
        if undelivered(db).await == 0 {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{what}: {} notifications still undelivered after 20 s", undelivered(db).await);
}

/// A client that opens a new connection for every request, so that the proxy spreads the
/// requests over the processes.
fn spread_client() -> reqwest::Client {
    reqwest::Client::builder().timeout(Duration::from_secs(10)).pool_max_idle_per_host(0).build().expect("client")
}

/// What the load had acknowledged.
#[derive(Default)]
struct Acked {
    /// Application code → (upload id, the uploaded bytes).
    applications: BTreeMap<String, (String, Vec<u8>)>,
    reports: Vec<String>,
    /// Applications an officer moved (claimed), with the status answered.
    moved: BTreeMap<String, String>,
}

fn unique_pdf(who: usize, n: u32) -> Vec<u8> {
    let mut bytes = PDF.to_vec();
    bytes.extend_from_slice(format!("% skala {who}-{n}\n").as_bytes());
    bytes
}

/// A citizen uploading a document and submitting a birth-certificate application with it, over
/// and over until `stop`; a request that fails (the process died under it) is not acknowledged.
async fn citizen_load(
    base: String,
    token: String,
    form: Value,
    who: usize,
    stop: Arc<AtomicBool>,
    acked: Arc<Mutex<Acked>>,
) {
    let client = spread_client();
    let mut n = 0u32;
    while !stop.load(Ordering::Relaxed) {
        n += 1;
        let bytes = unique_pdf(who, n);
        let part = reqwest::multipart::Part::bytes(bytes.clone()).file_name(format!("surat-{n}.pdf"));
        let r = client
            .post(format!("{base}/api/v1/uploads"))
            .bearer_auth(&token)
            .multipart(reqwest::multipart::Form::new().part("file", part))
            .send()
            .await;
        let Some(upload) = acknowledged(r, 201, "an upload").await else { continue };
        let id = upload["id"].as_str().expect("upload id").to_string();
        let mut fields = form.clone();
        fields["birth_notice"] = json!(id);
        fields["marriage_document"] = json!(id);
        fields["child_name"] = json!(format!("Anak Uji {who}-{n}"));
        let r = client
            .post(format!("{base}/api/v1/applications"))
            .bearer_auth(&token)
            .json(&json!({"service_id": "akta-kelahiran", "fields": fields, "submit": true}))
            .send()
            .await;
        if let Some(v) = acknowledged(r, 201, "an application").await {
            let code = v["code"].as_str().expect("code").to_string();
            acked.lock().expect("lock").applications.insert(code, (id, bytes));
        }
    }
}

/// Public reports until `stop`.
async fn report_load(base: String, token: String, stop: Arc<AtomicBool>, acked: Arc<Mutex<Acked>>) {
    let client = spread_client();
    let mut n = 0u32;
    while !stop.load(Ordering::Relaxed) {
        n += 1;
        let (lat, lon) = (-6.95 + f64::from(n % 97) * 0.001, 107.55 + f64::from(n % 89) * 0.001);
        let body = json!({"category": "jalan", "privacy": "public", "lat": lat, "lon": lon,
            "description": format!("Jalan berlubang nomor {n} di uji skala, membahayakan pengendara")});
        let r = client.post(format!("{base}/api/v1/reports")).bearer_auth(&token).json(&body).send().await;
        if let Some(v) = acknowledged(r, 201, "a report").await {
            acked.lock().expect("lock").reports.push(v["code"].as_str().expect("code").to_string());
        }
    }
}

/// An officer claiming the acknowledged applications (each a status change that queues
/// notifications to the citizen) until `stop`.
async fn officer_load(base: String, token: String, stop: Arc<AtomicBool>, acked: Arc<Mutex<Acked>>) {
    let client = spread_client();
    let mut tried = HashSet::new();
    while !stop.load(Ordering::Relaxed) {
        let next = acked.lock().expect("lock").applications.keys().find(|c| !tried.contains(*c)).cloned();
        let Some(code) = next else {
            tokio::time::sleep(Duration::from_millis(20)).await;
            continue;
        };
        tried.insert(code.clone());
        let r = client
            .post(format!("{base}/api/v1/applications/{code}/actions"))
            .bearer_auth(&token)
            .json(&json!({"action": "claim"}))
            .send()
            .await;
        if let Some(v) = acknowledged(r, 200, "a claim").await {
            acked.lock().expect("lock").moved.insert(code, v["status"].as_str().expect("status").to_string());
        }
    }
}

/// The body of a response answered `want` in full; `None` when the request or its answer was
/// cut off (not acknowledged). Any other answer fails the test.
async fn acknowledged(r: reqwest::Result<reqwest::Response>, want: u16, what: &str) -> Option<Value> {
    let r = r.ok()?;
    let status = r.status().as_u16();
    let text = r.text().await.ok()?;
    assert_eq!(status, want, "{what}: {text}");
    serde_json::from_str(&text).ok()
}

/// Two processes behind a proxy under load; the ledger's sequencer is SIGKILLed mid-load.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_processes_lose_nothing_when_one_dies_postgresql_only() {
    const BUCKET: &str = "skala";
    let url = fresh_pg_database().await;
    let db = sqlx::postgres::PgPoolOptions::new()
        .max_connections(2)
        .connect(&url)
        .await
        .expect("PostgreSQL (SATUPINTU_TEST_PG)");
    let s3 = Garage::start(BUCKET);
    let (hook, deliveries) = webhook_receiver().await;
    let root = tempfile::tempdir().expect("tempdir");
    let mut env = s3.env(BUCKET);
    env.extend([("SATUPINTU_WEBHOOK_URL", hook), ("SATUPINTU_OUTBOX_LEASE_SECS", "3".to_string())]);
    let direct = reqwest::Client::builder().timeout(Duration::from_secs(10)).build().expect("client");

    // 1. The demo platform, loaded by one process: reports and a booking that the jobs of the
    //    two processes will find due, then that process stops.
    let first = root.path().join("first");
    let port = free_port();
    let mut p0 = Proc(start_with(&first, &Some(url.clone()), port, true, &env));
    wait_ready(&direct, port).await;
    let base = format!("http://127.0.0.1:{port}");
    let siti = sign_in(&direct, port, &satupintu::demo::CITIZENS[0]).await;
    let budi = sign_in(&direct, port, &satupintu::demo::CITIZENS[1]).await;
    let mut due_reports = vec![];
    for n in 0..4 {
        let body = json!({"category": "jalan", "privacy": "public", "lat": -6.9 - f64::from(n) * 0.01, "lon": 107.6,
            "description": format!("Lampu jalan padam nomor {n}, gelap sekali pada malam hari")});
        let r = direct.post(format!("{base}/api/v1/reports")).bearer_auth(&siti).json(&body).send().await;
        due_reports
            .push(acknowledged(r, 201, "a report").await.expect("report")["code"].as_str().expect("code").to_string());
    }
    let day = satupintu::calendar::local_date(satupintu::db::now() + 86_400, 7);
    // The slots are planned by the process's first job round, just after it starts.
    let slots = format!("{base}/api/v1/slots?service_id=ktp-el-ganti&location_id=adm-disdukcapil&date={day}");
    let mut slot = None;
    for _ in 0..100 {
        let list: Value = direct.get(&slots).send().await.expect("slots").json().await.expect("json");
        slot = list["slots"][0]["id"].as_i64();
        if slot.is_some() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let slot = slot.expect("a free slot tomorrow");
    let r =
        direct.post(format!("{base}/api/v1/bookings")).bearer_auth(&budi).json(&json!({"slot_id": slot})).send().await;
    let booking = acknowledged(r, 201, "a booking").await.expect("booking")["code"].as_str().expect("code").to_string();
    drained(&db, "before the first process stops").await;
    p0.kill();
    // Due now: the reports' dispatch deadline passed, the booking is within a day.
    for code in &due_reports {
        sqlx::query("UPDATE reports SET dispatch_due = '2000-01-01', response_due = '2000-01-01' WHERE code = $1")
            .bind(code)
            .execute(&db)
            .await
            .expect("due");
    }
    sqlx::query("UPDATE slots SET starts_at = $1 WHERE id = $2")
        .bind(satupintu::db::now() + 3 * 3600)
        .bind(slot)
        .execute(&db)
        .await
        .expect("slot");
    sqlx::query("UPDATE bookings SET reminded = 0 WHERE code = $1").bind(&booking).execute(&db).await.expect("booking");

    // 2. Two processes started at once (so their jobs race from the first tick), each with its
    //    own data directory holding copies of the keys, behind the proxy.
    let mut procs: Vec<(String, u16, Proc)> = vec![];
    for name in ["skala-a", "skala-b"] {
        let dir = root.path().join(name);
        copy_keys(&first, &dir);
        let port = free_port();
        let named = Some(format!("{url}?application_name={name}"));
        procs.push((name.to_string(), port, Proc(start_with(&dir, &named, port, false, &env))));
    }
    for (_, port, _) in &procs {
        wait_ready(&direct, *port).await;
    }
    let front = proxy(procs.iter().map(|p| p.1).collect()).await;
    let base = format!("http://127.0.0.1:{front}");
    let mut holder = None;
    for _ in 0..100 {
        holder = sequencer(&db).await;
        if holder.is_some() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let holder = holder.expect("one process is the ledger's sequencer");
    let victim = procs
        .iter()
        .position(|p| p.0 == holder)
        .unwrap_or_else(|| panic!("the sequencer is one of the two, not {holder:?}"));
    let survivor = 1 - victim;

    // 3. Load through the proxy: two citizens submitting with uploads, one reporting, an
    //    officer moving applications.
    let form = json!({"child_birth_date": "2026-11-01", "child_birth_place": "Bandung",
        "child_gender": "laki_laki", "kk_number": "3273010101260001"});
    let officer = crate::common::api_login(
        &direct,
        &format!("http://127.0.0.1:{}", procs[0].1),
        satupintu::demo::STAFF[0].email,
        satupintu::demo::STAFF[0].password,
        None,
    )
    .await;
    let stop = Arc::new(AtomicBool::new(false));
    let acked: Arc<Mutex<Acked>> = Arc::default();
    let mut load = vec![];
    for (who, token) in [siti.clone(), budi.clone()].into_iter().enumerate() {
        load.push(tokio::spawn(citizen_load(base.clone(), token, form.clone(), who, stop.clone(), acked.clone())));
    }
    load.push(tokio::spawn(report_load(base.clone(), siti.clone(), stop.clone(), acked.clone())));
    load.push(tokio::spawn(officer_load(base.clone(), officer.clone(), stop.clone(), acked.clone())));
    tokio::time::sleep(Duration::from_secs(4)).await;

    // 4. SIGKILL the sequencer mid-load; the other takes the seat.
    let before_kill = acked.lock().expect("lock").applications.len();
    let killed_at = Instant::now();
    procs[victim].2.kill(); // SIGKILL
    let mut takeover = None;
    while killed_at.elapsed() < Duration::from_secs(15) {
        if sequencer(&db).await.as_deref() == Some(procs[survivor].0.as_str()) {
            takeover = Some(killed_at.elapsed());
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let takeover = takeover.expect("the surviving process took over the ledger within 15 s");
    assert!(takeover < Duration::from_secs(10), "the ledger had no sequencer for {takeover:?}");
    tokio::time::sleep(Duration::from_secs(3)).await;
    stop.store(true, Ordering::Relaxed);
    for l in load {
        l.await.expect("load task");
    }
    let acked = std::mem::take(&mut *acked.lock().expect("lock"));
    assert!(
        before_kill >= 5
            && acked.applications.len() >= before_kill + 5
            && acked.reports.len() >= 10
            && acked.moved.len() >= 5,
        "too little load to prove anything: {} applications ({before_kill} before the kill), {} reports, {} moved",
        acked.applications.len(),
        acked.reports.len(),
        acked.moved.len()
    );

    // 5. Every acknowledged write is there, and every upload comes back byte for byte (from
    //    the object store, through whichever process).
    let survivor_port = procs[survivor].1;
    for (code, (upload, bytes)) in &acked.applications {
        let status: Option<String> = sqlx::query_scalar("SELECT status FROM applications WHERE code = $1")
            .bind(code)
            .fetch_optional(&db)
            .await
            .expect("query");
        let status = status.unwrap_or_else(|| panic!("the acknowledged application {code} was lost"));
        if let Some(moved) = acked.moved.get(code) {
            assert_eq!(&status, moved, "{code}: the acknowledged claim was lost");
        }
        let r = direct
            .get(format!("http://127.0.0.1:{survivor_port}/api/v1/applications/{code}"))
            .bearer_auth(if acked_by_siti(bytes) { &siti } else { &budi })
            .send()
            .await
            .expect("get");
        assert_eq!(r.status().as_u16(), 200, "{code}");
        let key = crate::storage::content_key(bytes);
        assert_eq!(
            s3.object(BUCKET, &key).await.as_deref(),
            Some(&bytes[..]),
            "upload {upload} of {code} in the bucket"
        );
    }
    let stored: HashSet<String> =
        sqlx::query_scalar("SELECT code FROM reports").fetch_all(&db).await.expect("reports").into_iter().collect();
    let lost: Vec<&String> = acked.reports.iter().filter(|c| !stored.contains(*c)).collect();
    assert!(lost.is_empty(), "{} of {} acknowledged reports were lost: {lost:?}", lost.len(), acked.reports.len());
    // Downloads through the pages, on the surviving process, as the citizen.
    let siti_browser = crate::common::client();
    let page = siti_browser
        .get(format!("http://127.0.0.1:{survivor_port}/masuk"))
        .send()
        .await
        .expect("get")
        .text()
        .await
        .expect("page");
    let r = siti_browser
        .post(format!("http://127.0.0.1:{survivor_port}/masuk"))
        .form(&[
            ("_csrf", crate::common::csrf(&page).as_str()),
            ("login", satupintu::demo::CITIZENS[0].nik),
            ("password", satupintu::demo::CITIZENS[0].password),
            ("next", ""),
        ])
        .send()
        .await
        .expect("sign in");
    assert_eq!(r.status().as_u16(), 303);
    let mut downloaded = 0;
    for (upload, bytes) in acked.applications.values().filter(|(_, b)| acked_by_siti(b)) {
        let r = siti_browser
            .get(format!("http://127.0.0.1:{survivor_port}/berkas/{upload}"))
            .send()
            .await
            .expect("download");
        assert_eq!(r.status().as_u16(), 200, "/berkas/{upload}");
        assert_eq!(r.bytes().await.expect("bytes").as_ref(), &bytes[..], "/berkas/{upload} comes back byte for byte");
        downloaded += 1;
    }
    assert!(downloaded > 0);

    // 6. The ledger: every acknowledged submission sequenced, the log verifies.
    let vkey_text = direct
        .get(format!("http://127.0.0.1:{survivor_port}/ledger/vkey"))
        .send()
        .await
        .expect("vkey")
        .text()
        .await
        .expect("text");
    let vkey = ledger::Verifier::from_vkey(vkey_text.trim()).expect("vkey");
    let codes: Vec<String> = acked.applications.keys().cloned().collect();
    check_ledger(&direct, survivor_port, &vkey, &codes, &[]).await;
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_satupintu"))
        .args(["ledger", "verify", "--database-url", &url, "--data-dir"])
        .arg(root.path().join(&procs[survivor].0))
        .env("SATUPINTU_DATA_KEY", crate::common::TEST_DATA_KEY)
        .output()
        .expect("ledger verify");
    assert!(
        out.status.success(),
        "ledger verify: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );

    // 7. No job ran twice. Every notification is delivered and marked so once (one attempt).
    drained(&db, "after the load").await;
    let twice: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE delivered_at IS NOT NULL AND attempts <> 1")
        .fetch_one(&db)
        .await
        .expect("outbox");
    assert_eq!(twice, 0, "outbox messages marked delivered more than once (or failed)");
    let hooks: Vec<String> =
        sqlx::query_scalar("SELECT idempotency_key FROM outbox WHERE channel = 'webhook' AND delivered_at IS NOT NULL")
            .fetch_all(&db)
            .await
            .expect("outbox");
    let seen = deliveries.lock().expect("lock").clone();
    // The messages about the load's applications (to the demo citizens, who have a phone; the
    // demo's other recipients may have none, so their webhook message is delivered as nothing).
    let ours: Vec<&String> = hooks
        .iter()
        .filter(|k| k.split(':').next().is_some_and(|code| acked.applications.contains_key(code)))
        .collect();
    assert!(
        ours.len() >= acked.moved.len(),
        "a webhook message per move at least: {} for {}",
        ours.len(),
        acked.moved.len()
    );
    let missing: Vec<&&String> = ours.iter().filter(|k| !seen.contains_key(**k)).collect();
    assert!(missing.is_empty(), "webhook messages marked delivered that never arrived: {missing:?}");
    // At least once with an idempotency key: a message the killed process had sent but not yet
    // marked is sent again by the other one; nothing else is.
    let dupes: Vec<(&String, &Vec<Instant>)> = seen.iter().filter(|(_, at)| at.len() > 1).collect();
    assert!(dupes.len() <= 64, "more duplicates ({}) than one claimed batch", dupes.len());
    for (key, at) in &dupes {
        assert_eq!(at.len(), 2, "{key} delivered {} times", at.len());
        assert!(at[0] < killed_at && at[1] > killed_at, "{key} was delivered twice, not across the kill");
    }
    // The escalations of the due reports, once each, and their notices once each.
    for code in &due_reports {
        let n: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM report_events e JOIN reports r ON r.id = e.report_id WHERE r.code = $1 \
             AND e.action IN ('escalate', 'close') AND e.actor_role = 'system'",
        )
        .bind(code)
        .fetch_one(&db)
        .await
        .expect("events");
        assert_eq!(n, 1, "{code} escalated {n} times");
    }
    // The booking reminder: marked once, queued once, received once.
    let reminded: i64 = sqlx::query_scalar("SELECT reminded FROM bookings WHERE code = $1")
        .bind(&booking)
        .fetch_one(&db)
        .await
        .expect("booking");
    assert_eq!(reminded, 1, "the reminder job ran for the booking");
    let key = format!("{booking}:remind:{slot}");
    let queued: Vec<String> = sqlx::query_scalar("SELECT channel FROM outbox WHERE idempotency_key LIKE $1")
        .bind(format!("{key}%"))
        .fetch_all(&db)
        .await
        .expect("outbox");
    assert!(!queued.is_empty(), "the reminder was queued");
    let received: usize = seen.iter().filter(|(k, _)| k.starts_with(&key)).map(|(_, at)| at.len()).sum();
    assert_eq!(received, 1, "the reminder reached the gateway once");
    println!(
        "scale-out: {} applications with uploads ({before_kill} before the kill), {} reports, {} moved; \
         ledger sequencer again after {takeover:?}; {} webhook deliveries sent twice across the kill",
        acked.applications.len(),
        acked.reports.len(),
        acked.moved.len(),
        dupes.len()
    );

    procs[survivor].2.kill();
    db.close().await;
}

/// Whose upload: the load's first citizen (Siti) marks her files `skala 0-`.
fn acked_by_siti(bytes: &[u8]) -> bool {
    String::from_utf8_lossy(bytes).contains("% skala 0-")
}
