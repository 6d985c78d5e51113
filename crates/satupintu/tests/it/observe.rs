//! Observability: `/metrics` read by the Prometheus project's own Python parser, who may read
//! it, request ids in the JSON logs of the real binary (with no personal data in them), and
//! `satupintu doctor` on a healthy and on a broken deployment.

use std::collections::HashMap;
use std::io::{BufRead as _, Write as _};
use std::process::{Command, Stdio};
use std::time::Duration;

use reqwest::Method;
use serde_json::{json, Value};

use crate::applications::{akta_fields, submit_akta};
use crate::both;
use crate::cli::satupintu_env;
use crate::common::{client, database_url, Backend, TestApp, NIK_A};

both!(metrics_count_requests_and_read_the_queues, metrics_need_the_token_or_this_machine);
both!(json_logs_carry_request_ids_and_no_personal_data, doctor_checks_a_deployment);

/// One sample of a metric family, as the parser read it.
#[derive(Debug, Clone)]
struct Sample {
    family: String,
    name: String,
    labels: HashMap<String, String>,
    value: f64,
}

/// Parse `text` with `prometheus_client` (tests/scripts/metrics.py): the 0.0.4 text parser,
/// or the OpenMetrics one. Fails the test when the parser refuses the text.
fn parse(text: &str, openmetrics: bool) -> Vec<Sample> {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/scripts/metrics.py");
    let mut cmd = Command::new("python3");
    cmd.arg(script);
    if openmetrics {
        cmd.arg("openmetrics");
    }
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python3 with prometheus-client (pip install -r scripts/requirements-test.txt)");
    child.stdin.take().expect("stdin").write_all(text.as_bytes()).expect("write");
    let out = child.wait_with_output().expect("wait");
    assert!(out.status.success(), "the parser refused /metrics:\n{}\n{text}", String::from_utf8_lossy(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).expect("json");
    v.as_array()
        .expect("samples")
        .iter()
        .map(|s| Sample {
            family: s["family"].as_str().expect("family").into(),
            name: s["name"].as_str().expect("name").into(),
            labels: serde_json::from_value(s["labels"].clone()).expect("labels"),
            value: s["value"].as_f64().expect("value"),
        })
        .collect()
}

/// The value of the sample `name` whose labels include `labels`.
fn value(samples: &[Sample], name: &str, labels: &[(&str, &str)]) -> Option<f64> {
    samples
        .iter()
        .find(|s| s.name == name && labels.iter().all(|(k, v)| s.labels.get(*k).map(String::as_str) == Some(*v)))
        .map(|s| s.value)
}

async fn scrape(app: &TestApp, accept: Option<&str>) -> (String, String) {
    let mut req = client().get(app.url("/metrics"));
    if let Some(a) = accept {
        req = req.header("accept", a);
    }
    let r = req.send().await.expect("scrape");
    assert_eq!(r.status().as_u16(), 200);
    let ct = r.headers()["content-type"].to_str().expect("type").to_string();
    (ct, r.text().await.expect("body"))
}

async fn metrics_count_requests_and_read_the_queues(b: Backend) {
    let app = crate::reports::spawn(b).await;
    let db = app.state.db.pool().clone();
    let now = satupintu::db::now();
    // An overdue application and an overdue report (their limits moved into the past), a
    // message waiting two minutes and one given up.
    let siti = app.citizen(NIK_A, "Siti Rahayu", "siti@contoh.id").await;
    let fields = akta_fields(&app, &siti).await;
    let (s, a) = submit_akta(&app, &siti, &fields).await;
    assert_eq!(s, 201, "{a}");
    let body = json!({"category": "jalan", "description": "Jalan berlubang besar di depan pasar, motor sering jatuh",
                      "address": "Jl. Pasar 1", "privacy": "public", "region_code": "3578"});
    let (s, r) = app.api(Method::POST, "/api/v1/reports", Some(&siti), Some(body)).await;
    assert_eq!(s, 201, "{r}");
    sqlx::query("UPDATE applications SET due_date = '2000-01-03' WHERE code = $1")
        .bind(a["code"].as_str().expect("code"))
        .execute(&db)
        .await
        .expect("overdue application");
    sqlx::query("UPDATE reports SET dispatch_due = '2000-01-03' WHERE code = $1")
        .bind(r["code"].as_str().expect("code"))
        .execute(&db)
        .await
        .expect("overdue report");
    for (key, next, created) in
        [("obs-waiting", now + 3600, now - 120), ("obs-given-up", satupintu::notify::worker::GIVEN_UP, now - 60)]
    {
        sqlx::query(
            "INSERT INTO outbox (kind, channel, payload_json, idempotency_key, next_attempt_at, created_at) \
             VALUES ('test', 'email', '{}', $1, $2, $3)",
        )
        .bind(key)
        .bind(next)
        .bind(created)
        .execute(&db)
        .await
        .expect("outbox row");
    }
    app.ledger_settled().await;

    // Requests to count: three of one page, one of a page with a parameter, one that matches
    // no route; an incoming request id is kept when sane and replaced when not.
    for _ in 0..3 {
        assert_eq!(app.get("/layanan").await.status().as_u16(), 200);
    }
    let r = client().get(app.url("/layanan/akta-kelahiran")).header("x-request-id", "warga-123_abc").send().await;
    let r = r.expect("get");
    assert_eq!(r.status().as_u16(), 200);
    assert_eq!(r.headers()["x-request-id"], "warga-123_abc");
    let r = client().get(app.url("/tidak-ada/siti@contoh.id")).header("x-request-id", "siti@contoh.id").send().await;
    let r = r.expect("get");
    assert_eq!(r.status().as_u16(), 404);
    let id = r.headers()["x-request-id"].to_str().expect("id").to_string();
    assert!(id.len() == 32 && id.bytes().all(|c| c.is_ascii_hexdigit()), "a new id replaces an unsafe one: {id}");

    let (ct, text) = scrape(&app, None).await;
    assert_eq!(ct, "text/plain; version=0.0.4; charset=utf-8");
    let m = parse(&text, false);
    let get = |name: &str, labels: &[(&str, &str)]| value(&m, name, labels);
    let total = "satupintu_http_requests_total";
    assert_eq!(get(total, &[("route", "/layanan"), ("method", "GET"), ("status", "200")]), Some(3.0), "{text}");
    assert_eq!(get(total, &[("route", "/layanan/{id}"), ("method", "GET"), ("status", "200")]), Some(1.0));
    assert!(get(total, &[("route", "unmatched"), ("method", "GET"), ("status", "404")]).is_some_and(|v| v >= 1.0));
    assert!(m.iter().any(|s| s.family == "satupintu_http_requests" && s.name == total), "a counter family");
    // Routes are templates: no concrete path, code or e-mail address reaches a label.
    for s in &m {
        for v in s.labels.values() {
            assert!(!v.contains("akta-kelahiran") && !v.contains("siti") && !v.contains("tidak-ada"), "{s:?}");
        }
    }
    // The latency histogram: cumulative buckets up to +Inf, which equals the count.
    let h = "satupintu_http_request_duration_seconds";
    let layanan = [("route", "/layanan"), ("method", "GET")];
    let mut buckets: Vec<(f64, f64)> = m
        .iter()
        .filter(|s| s.name == format!("{h}_bucket") && s.labels["route"] == "/layanan" && s.labels["method"] == "GET")
        .map(|s| (s.labels["le"].parse::<f64>().expect("le"), s.value))
        .collect();
    buckets.sort_by(|a, b| a.0.total_cmp(&b.0));
    assert_eq!(buckets.len(), satupintu::observe::metrics::BUCKETS.len() + 1, "{buckets:?}");
    assert!(buckets.windows(2).all(|w| w[0].1 <= w[1].1), "cumulative: {buckets:?}");
    assert_eq!(buckets.last(), Some(&(f64::INFINITY, 3.0)));
    assert_eq!(get(&format!("{h}_count"), &layanan), Some(3.0));
    assert!(get(&format!("{h}_sum"), &layanan).is_some_and(|v| v > 0.0 && v < 30.0));

    // The queues, read from the database.
    let size = app.state.ledger.size().await.expect("size") as f64;
    assert!(size >= 1.0);
    assert_eq!(get("satupintu_ledger_entries", &[]), Some(size));
    assert_eq!(get("satupintu_ledger_checkpoint_size", &[]), Some(size));
    assert_eq!(get("satupintu_ledger_queued_leaves", &[]), Some(0.0));
    assert_eq!(get("satupintu_ledger_sequencing_lag_seconds", &[]), Some(0.0));
    assert_eq!(get("satupintu_ledger_sequencer", &[]), Some(1.0), "a lone process is the sequencer");
    assert!(get("satupintu_outbox_pending", &[]).is_some_and(|v| v >= 1.0), "{text}");
    assert!(get("satupintu_outbox_lag_seconds", &[]).is_some_and(|v| (120.0..600.0).contains(&v)), "{text}");
    assert_eq!(get("satupintu_outbox_failed", &[]), Some(1.0));
    assert_eq!(get("satupintu_applications_overdue", &[]), Some(1.0));
    assert_eq!(get("satupintu_reports_overdue", &[]), Some(1.0));
    assert_eq!(get("satupintu_exchange_verifications_queued", &[]), Some(0.0));
    assert_eq!(get("satupintu_database_up", &[]), Some(1.0));
    assert_eq!(get("satupintu_iot_readings_queued", &[]), Some(0.0));
    assert_eq!(get("satupintu_build_info", &[("version", env!("CARGO_PKG_VERSION"))]), Some(1.0));

    // A second process on the same database reports the same queues, and is not the sequencer.
    if b == Backend::Postgres {
        let other = app.another_process().await;
        let (_, text) = scrape(&other, None).await;
        let m2 = parse(&text, false);
        assert_eq!(value(&m2, "satupintu_ledger_sequencer", &[]), Some(0.0));
        assert_eq!(value(&m2, "satupintu_applications_overdue", &[]), Some(1.0));
        assert_eq!(value(&m2, total, &[("route", "/layanan")]), None, "request counters are per process");
        other.stop().await;
    }

    // OpenMetrics when the scraper asks for it (as Prometheus does).
    let (ct, text) = scrape(&app, Some("application/openmetrics-text;version=1.0.0,text/plain;q=0.5")).await;
    assert!(ct.starts_with("application/openmetrics-text"), "{ct}");
    assert!(text.ends_with("# EOF\n"));
    let om = parse(&text, true);
    assert!(value(&om, total, &[("route", "/layanan"), ("status", "200")]).is_some_and(|v| v >= 3.0));
    app.stop().await;
}

async fn metrics_need_the_token_or_this_machine(b: Backend) {
    let app = TestApp::configured(b, |c| c.metrics_token = Some("rahasia-pemantau-1".into())).await;
    let status = |token: Option<&'static str>| {
        let mut req = client().get(app.url("/metrics"));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        async move { req.send().await.expect("scrape").status().as_u16() }
    };
    assert_eq!(status(None).await, 401, "no token");
    assert_eq!(status(Some("salah")).await, 401, "a wrong token");
    assert_eq!(status(Some("rahasia-pemantau-1")).await, 200);
    app.stop().await;

    // Without a token: this machine only, and not through a proxy.
    let app = TestApp::configured(b, |c| c.trust_proxy = true).await;
    assert_eq!(app.get("/metrics").await.status().as_u16(), 200);
    let r = client().get(app.url("/metrics")).header("x-forwarded-for", "203.0.113.7").send().await.expect("scrape");
    assert_eq!(r.status().as_u16(), 403);
    app.stop().await;
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("port")
}

async fn json_logs_carry_request_ids_and_no_personal_data(b: Backend) {
    let dir = tempfile::tempdir().expect("tempdir");
    let url = database_url(b).await;
    let port = free_port();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_satupintu"));
    cmd.arg("serve").arg("--data-dir").arg(dir.path()).arg("--listen").arg(format!("127.0.0.1:{port}"));
    if let Some(u) = &url {
        cmd.arg("--database-url").arg(u);
    }
    let mut child = cmd
        .env("SATUPINTU_DATA_KEY", crate::common::TEST_DATA_KEY)
        .env("SATUPINTU_LOG_FORMAT", "json")
        .env_remove("SATUPINTU_LOG")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start satupintu serve");
    let stderr = child.stderr.take().expect("stderr");
    let reader =
        std::thread::spawn(move || std::io::BufReader::new(stderr).lines().map_while(Result::ok).collect::<Vec<_>>());
    let base = format!("http://127.0.0.1:{port}");
    let http = client();
    let mut ready = false;
    for _ in 0..200 {
        if http.get(format!("{base}/readyz")).send().await.is_ok_and(|r| r.status().is_success()) {
            ready = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(ready, "the server did not start");

    let (email, nik, password) = ("dewi.pemantauan@contoh.id", "3273014506900001", "rahasia-warga-1");
    // (request id sent or none, method, path, body) → (request id answered, status, route)
    let mut seen: Vec<(String, u16, &str)> = vec![];
    let calls: [(Option<&str>, Method, String, Option<Value>, &str); 5] = [
        (
            Some("daftar-1"),
            Method::POST,
            "/api/v1/auth/register".into(),
            Some(json!({"nik": nik, "full_name": "Dewi Lestari", "email": email, "password": password})),
            "/api/v1/auth/register",
        ),
        (
            None,
            Method::POST,
            "/api/v1/auth/login".into(),
            Some(json!({"login": email, "password": password})),
            "/api/v1/auth/login",
        ),
        (None, Method::GET, format!("/cari?q={email}+{nik}"), None, "/cari"),
        (Some("bad id with spaces"), Method::GET, format!("/permohonan/{nik}"), None, "/permohonan/{code}"),
        (None, Method::GET, format!("/tidak-ada/{email}"), None, "unmatched"),
    ];
    for (sent, method, path, body, route) in calls {
        let mut req = http.request(method, format!("{base}{path}"));
        if let Some(id) = sent {
            req = req.header("x-request-id", id);
        }
        if let Some(b) = body {
            req = req.json(&b);
        }
        let r = req.send().await.expect("request");
        let id = r.headers()["x-request-id"].to_str().expect("id").to_string();
        if let Some(s) = sent.filter(|s| satupintu::observe::sane_request_id(s)) {
            assert_eq!(id, s, "a sane incoming id is kept");
        }
        seen.push((id, r.status().as_u16(), route));
    }
    assert_eq!(seen[0].1, 201, "registered");
    assert_eq!(seen[1].1, 200, "signed in");
    assert_ne!(seen[3].0, "bad id with spaces");

    // SIGTERM would be kinder, but SIGKILL loses nothing: every line is written as it happens.
    child.kill().expect("kill");
    child.wait().expect("wait");
    let lines = reader.join().expect("reader");
    assert!(lines.len() > 5, "{lines:?}");
    let mut events = vec![];
    for line in &lines {
        let v: Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("not a JSON line ({e}): {line}"));
        events.push(v);
    }
    for (id, status, route) in &seen {
        let mine: Vec<&Value> = events.iter().filter(|e| e["span"]["request_id"] == id.as_str()).collect();
        let response = mine
            .iter()
            .find(|e| e["message"] == "response")
            .unwrap_or_else(|| panic!("no response line for request {id} ({route}): {lines:#?}"));
        assert_eq!(response["status"], *status, "{response}");
        assert_eq!(response["span"]["route"], *route, "{response}");
        assert_eq!(response["span"]["method"].as_str().map(|m| m == "GET" || m == "POST"), Some(true));
        assert!(response["latency_ms"].as_f64().is_some(), "{response}");
    }
    // An event inside a request (not only the response line) carries the request's id.
    let registered = events.iter().find(|e| e["message"] == "citizen registered").expect("registration logged");
    assert_eq!(registered["span"]["request_id"], "daftar-1", "{registered}");
    let all = lines.join("\n");
    for secret in [email, nik, password, "Dewi", "dewi", "tidak-ada", "q="] {
        assert!(!all.contains(secret), "{secret:?} appears in the log:\n{all}");
    }
}

/// `satupintu doctor --json` with `env`: (exit ok, check → (status, message)).
fn doctor(
    dir: &std::path::Path,
    url: &Option<String>,
    env: &[(&str, &str)],
) -> (bool, HashMap<String, (String, String)>) {
    let (ok, out, err) = satupintu_env(dir, url, &["doctor", "--json"], None, env);
    let v: Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("doctor --json ({e}): {out}\n{err}"));
    assert_eq!(v["ok"], ok, "{v}");
    let checks = v["checks"]
        .as_array()
        .expect("checks")
        .iter()
        .map(|c| {
            let s = |k: &str| c[k].as_str().expect("string").to_string();
            (s("check"), (s("status"), s("message")))
        })
        .collect();
    (ok, checks)
}

async fn doctor_checks_a_deployment(b: Backend) {
    let dir = tempfile::tempdir().expect("tempdir");
    let url = database_url(b).await;
    let d = dir.path();
    // Before the first start: no database (SQLite) or no migrations (PostgreSQL).
    let (ok, checks) = doctor(d, &url, &[]);
    assert!(!ok);
    let expected = if b == Backend::Sqlite { "database" } else { "migrations" };
    assert_eq!(checks[expected].0, "fail", "{checks:?}");
    assert!(!d.join("satupintu.db").exists(), "doctor creates nothing");
    assert!(!d.join("keys").exists(), "doctor creates no key");

    let (ok, _, err) = satupintu_env(d, &url, &["migrate"], None, &[]);
    assert!(ok, "{err}");
    let (ok, checks) = doctor(d, &url, &[]);
    assert!(ok, "{checks:?}");
    for check in ["database", "migrations", "key_documents", "key_ledger", "key_exchange", "key_vapid", "key_data"] {
        assert_eq!(checks[check].0, "ok", "{check}: {checks:?}");
    }
    assert_eq!(checks["smtp"].0, "ok");
    assert_eq!(checks["s3"].0, "ok");
    assert!(checks["disk"].0 == "ok" || checks["disk"].0 == "warn", "{checks:?}");
    // The table, in Indonesian.
    let (ok, out, _) = satupintu_env(d, &url, &["doctor", "--lang", "id"], None, &[]);
    assert!(ok && out.contains("Pemeriksaan") && out.contains("kunci tanda tangan dokumen"), "{out}");
    assert!(!out.contains("GAGAL"), "{out}");

    // A real SMTP server greets; a closed port fails the check and the run.
    let smtp = crate::notify::Smtp::start().await;
    let port = smtp.port.to_string();
    let (ok, checks) = doctor(d, &url, &[("SATUPINTU_SMTP_HOST", "127.0.0.1"), ("SATUPINTU_SMTP_PORT", &port)]);
    assert!(ok, "{checks:?}");
    assert!(checks["smtp"].0 == "ok" && checks["smtp"].1.contains("220"), "{checks:?}");
    drop(smtp);
    let closed = free_port().to_string();
    let env = [("SATUPINTU_SMTP_HOST", "127.0.0.1"), ("SATUPINTU_SMTP_PORT", closed.as_str())];
    let (ok, checks) = doctor(d, &url, &env);
    assert!(!ok);
    assert_eq!(checks["smtp"].0, "fail", "{checks:?}");
    let (ok, out, _) = satupintu_env(d, &url, &["doctor", "--lang", "id"], None, &env);
    assert!(!ok);
    assert!(out.lines().any(|l| l.starts_with("SMTP") && l.contains("GAGAL")), "{out}");

    // A missing key file fails, and names the file.
    let key = d.join("keys").join("documents.ed25519");
    let saved = std::fs::read(&key).expect("key");
    std::fs::remove_file(&key).expect("remove");
    let (ok, checks) = doctor(d, &url, &[]);
    assert!(!ok);
    assert_eq!(checks["key_documents"].0, "fail", "{checks:?}");
    assert!(checks["key_documents"].1.contains("documents.ed25519"), "{checks:?}");
    assert!(!key.exists(), "doctor does not make a new key");
    std::fs::write(&key, &saved).expect("restore");

    // A database migrated by a newer release fails: this binary must not serve it.
    let db =
        satupintu::db::Db::connect(&url.clone().unwrap_or_else(|| satupintu::db::sqlite_url(d))).await.expect("db");
    let sql = match b {
        Backend::Sqlite => {
            "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) \
                            VALUES (99999, 'from the future', 1, X'00', 0)"
        }
        Backend::Postgres => {
            "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) \
                              VALUES (99999, 'from the future', TRUE, '\\x00'::bytea, 0)"
        }
    };
    sqlx::query(sql).execute(db.pool()).await.expect("a newer migration");
    db.close().await;
    let (ok, checks) = doctor(d, &url, &[]);
    assert!(!ok);
    assert_eq!(checks["migrations"].0, "fail", "{checks:?}");
    assert!(checks["migrations"].1.contains("99999"), "{checks:?}");
}
