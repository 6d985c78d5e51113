//! Notifications reach a real SMTP server (Python's aiosmtpd, started by the test) and a webhook
//! receiver; delivery survives a restart and is retried after a failure; pages update live.

use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use reqwest::Method;
use satupintu::identity::Role;
use serde_json::{json, Value};

use crate::applications::{akta_fields, submit_akta};
use crate::both;
use crate::common::{csrf, Backend, TestApp, NIK_A};

both!(notifications_reach_smtp_and_webhook_and_survive_restart, the_status_page_updates_live);

pub struct Smtp {
    child: Child,
    pub port: u16,
    mbox: std::path::PathBuf,
    _dir: tempfile::TempDir,
}

impl Smtp {
    pub async fn start() -> Smtp {
        let dir = tempfile::tempdir().expect("dir");
        let port =
            std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("port");
        let mbox = dir.path().join("mbox");
        #[allow(clippy::zombie_processes)] // killed and waited for in Drop
        let child = Command::new("python3")
            .args(["-m", "aiosmtpd", "-n", "-l", &format!("127.0.0.1:{port}"), "-c", "aiosmtpd.handlers.Mailbox"])
            .arg(&mbox)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("python3 -m aiosmtpd (pip install aiosmtpd) must be available");
        for _ in 0..100 {
            if tokio::net::TcpStream::connect(("127.0.0.1", port)).await.is_ok() {
                return Smtp { child, port, mbox, _dir: dir };
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("aiosmtpd did not start (pip install aiosmtpd)");
    }

    /// Every message received (aiosmtpd's Mailbox handler writes a maildir).
    fn mail(&self) -> String {
        let mut all = String::new();
        for sub in ["new", "cur"] {
            if let Ok(rd) = std::fs::read_dir(self.mbox.join(sub)) {
                for e in rd.flatten() {
                    all.push_str(&std::fs::read_to_string(e.path()).unwrap_or_default());
                }
            }
        }
        all
    }
}

impl Drop for Smtp {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A webhook receiver that fails its first request (to prove retries) and records the rest.
async fn webhook_receiver() -> (String, Arc<Mutex<Vec<(String, String, Value)>>>) {
    let seen: Arc<Mutex<Vec<(String, String, Value)>>> = Arc::default();
    let failed_once = Arc::new(Mutex::new(false));
    let (s, f) = (seen.clone(), failed_once.clone());
    let app = axum::Router::new().route(
        "/hook",
        axum::routing::post(move |headers: axum::http::HeaderMap, body: axum::body::Bytes| {
            let (s, f) = (s.clone(), f.clone());
            async move {
                let mut failed = f.lock().expect("lock");
                if !*failed {
                    *failed = true;
                    return axum::http::StatusCode::SERVICE_UNAVAILABLE;
                }
                let key = headers.get("idempotency-key").and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
                let sig = headers.get("x-satupintu-signature").and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
                let expected = satupintu::notify::worker::signature(b"rahasia-webhook", &body);
                let value: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
                if sig != expected {
                    return axum::http::StatusCode::UNAUTHORIZED;
                }
                s.lock().expect("lock").push((key, sig, value));
                axum::http::StatusCode::OK
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move { axum::serve(listener, app).await.expect("serve") });
    (format!("http://{addr}/hook"), seen)
}

async fn wait_for(mut check: impl FnMut() -> bool, what: &str) {
    for _ in 0..150 {
        if check() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("timed out waiting for {what}");
}

async fn notifications_reach_smtp_and_webhook_and_survive_restart(b: Backend) {
    let smtp = Smtp::start().await;
    let (hook, seen) = webhook_receiver().await;
    let secret_dir = tempfile::tempdir().expect("dir");
    let secret = secret_dir.path().join("webhook.secret");
    std::fs::write(&secret, "rahasia-webhook\n").expect("secret");
    // First the worker is idle (a long interval): messages wait in the outbox.
    let app = TestApp::configured(b, |c| c.outbox_interval_ms = 3_600_000).await;
    satupintu::catalog::service::import(&app.state.db, satupintu::demo::CATALOG, None).await.expect("catalog");
    app.state.catalog.refresh(&app.state.db, true).await.expect("refresh");
    let (s, _) = app
        .post_json("/api/v1/auth/register", json!({"nik": NIK_A, "full_name": "Siti Rahayu", "email": "siti@contoh.id", "phone": "081234567890", "password": "rahasia-warga-1"}))
        .await;
    assert_eq!(s, 201);
    let siti = app.login("siti@contoh.id", "rahasia-warga-1", None).await;
    let fields = akta_fields(&app, &siti).await;
    let (_, v) = submit_akta(&app, &siti, &fields).await;
    let code = v["code"].as_str().expect("code").to_string();
    assert!(smtp.mail().is_empty(), "nothing is sent before the worker runs");

    // The process stops with the message undelivered; a new one with SMTP and the webhook delivers it.
    let (port, hook2, secret2) = (smtp.port, hook.clone(), secret.clone());
    let app = app
        .restart(move |c| {
            c.outbox_interval_ms = 100;
            c.smtp_host = Some("127.0.0.1".into());
            c.smtp_port = port;
            c.webhook_url = Some(hook2);
            c.webhook_secret_file = Some(secret2);
        })
        .await;
    wait_for(|| smtp.mail().contains(&code), "the e-mail").await;
    let mail = smtp.mail();
    assert!(mail.contains("siti@contoh.id") && mail.contains("Diajukan"), "{mail}");
    wait_for(|| !seen.lock().expect("lock").is_empty(), "the webhook (after one failure)").await;
    {
        let got = seen.lock().expect("lock");
        assert_eq!(got.len(), 1, "delivered once after the retry");
        let (key, _, body) = &got[0];
        assert!(key.starts_with(&code), "{key}");
        assert_eq!(body["to"], "+6281234567890");
        assert_eq!(body["status"], "submitted");
    }
    use sqlx::Row;
    let pool = app.state.db.pool().clone();
    let mut attempts = vec![];
    for _ in 0..100 {
        let rows = sqlx::query("SELECT channel, attempts FROM outbox WHERE delivered_at IS NOT NULL ORDER BY channel")
            .fetch_all(&pool)
            .await
            .expect("rows");
        if rows.len() == 3 {
            attempts = rows.iter().map(|r| (r.get::<String, _>(0), r.get::<i64, _>(1))).collect();
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(
        attempts,
        [("email".to_string(), 1), ("push".to_string(), 1), ("webhook".to_string(), 2)],
        "e-mail at once; push done at once (no device subscribed); the webhook after one failed attempt \
         (and the e-mail was not repeated)"
    );
    assert_eq!(smtp.mail().matches("Subject:").count(), 1);

    // A citizen who turns e-mail off gets no more e-mail.
    let page_client = app.browser(NIK_A, "rahasia-warga-1", None).await;
    let prefs = page_client.get(app.url("/akun/notifikasi")).send().await.expect("get").text().await.expect("page");
    let r = page_client
        .post(app.url("/akun/notifikasi"))
        .form(&[("_csrf", csrf(&prefs).as_str()), ("webhook", "on")])
        .send()
        .await
        .expect("post");
    assert_eq!(r.status().as_u16(), 303);
    let before = smtp.mail().matches("Subject:").count();
    let (s, _) = app
        .api(
            Method::POST,
            &format!("/api/v1/applications/{code}/actions"),
            Some(&siti),
            Some(json!({"action": "cancel"})),
        )
        .await;
    assert_eq!(s, 200);
    wait_for(|| seen.lock().expect("lock").len() == 2, "the second webhook").await;
    assert_eq!(smtp.mail().matches("Subject:").count(), before, "no e-mail after opting out");
    app.stop().await;
}

async fn the_status_page_updates_live(b: Backend) {
    let app = TestApp::spawn(b).await;
    let siti = app.citizen(NIK_A, "Siti Rahayu", "siti@contoh.id").await;
    let officer = app.staff(Role::Officer, Some("disdukcapil"), "petugas@dukcapil.id").await;
    let fields = akta_fields(&app, &siti).await;
    let (_, v) = submit_akta(&app, &siti, &fields).await;
    let code = v["code"].as_str().expect("code").to_string();
    let browser = app.browser(NIK_A, "rahasia-warga-1", None).await;
    let status =
        browser.get(app.url(&format!("/permohonan/{code}"))).send().await.expect("get").text().await.expect("page");
    assert!(status.contains(&format!("data-live=\"/permohonan/{code}/langsung\"")) && status.contains("app.js"));
    let mut stream = browser.get(app.url(&format!("/permohonan/{code}/langsung"))).send().await.expect("sse");
    assert_eq!(stream.headers()["content-type"], "text/event-stream");
    let (s, _) = app
        .api(
            Method::POST,
            &format!("/api/v1/applications/{code}/actions"),
            Some(&officer),
            Some(json!({"action": "claim"})),
        )
        .await;
    assert_eq!(s, 200);
    let got = tokio::time::timeout(Duration::from_secs(10), async {
        let mut text = String::new();
        while let Ok(Some(chunk)) = stream.chunk().await {
            text.push_str(&String::from_utf8_lossy(&chunk));
            if text.contains("event: status") && text.contains("verification") {
                return text;
            }
        }
        text
    })
    .await
    .expect("an event within 10 s");
    assert!(got.contains(&code), "{got}");
    // Someone else's browser cannot listen.
    let (s, _) = app.api(Method::GET, &format!("/api/v1/applications/{code}"), Some(&officer), None).await;
    assert_eq!(s, 200);
    let other = crate::common::client();
    assert_eq!(
        other.get(app.url(&format!("/permohonan/{code}/langsung"))).send().await.expect("get").status().as_u16(),
        303
    );
    app.stop().await;
}

both!(documents_about_to_expire_are_reminded_once);

async fn documents_about_to_expire_are_reminded_once(b: Backend) {
    let app = TestApp::spawn(b).await;
    let siti = app.citizen(NIK_A, "Siti Rahayu", "siti@contoh.id").await;
    let officer = app.staff(Role::Officer, Some("disdukcapil"), "petugas@dukcapil.id").await;
    let fields = akta_fields(&app, &siti).await;
    let (_, v) = submit_akta(&app, &siti, &fields).await;
    let code = v["code"].as_str().expect("code").to_string();
    for action in ["claim", "verify", "approve", "issue"] {
        let (s, _) = app
            .api(
                Method::POST,
                &format!("/api/v1/applications/{code}/actions"),
                Some(&officer),
                Some(json!({"action": action})),
            )
            .await;
        assert_eq!(s, 200);
    }
    use sqlx::Row;
    let pool = app.state.db.pool().clone();
    assert_eq!(
        satupintu::notify::worker::remind_expiring(&app.state).await.expect("scan"),
        0,
        "a birth certificate does not expire"
    );
    // Pretend the document expires in ten days.
    let soon = (time::OffsetDateTime::now_utc().date() + time::Duration::days(10)).to_string();
    sqlx::query("UPDATE documents SET valid_until = $1").bind(&soon).execute(&pool).await.expect("update");
    assert_eq!(satupintu::notify::worker::remind_expiring(&app.state).await.expect("scan"), 1);
    satupintu::notify::worker::remind_expiring(&app.state).await.expect("scan again");
    let n: i64 = sqlx::query("SELECT COUNT(*) FROM outbox WHERE kind = 'expiry_reminder'")
        .fetch_one(&pool)
        .await
        .expect("count")
        .get(0);
    assert_eq!(n, 3, "one reminder per channel, not repeated");
    let (subject, body) = satupintu::notify::worker::message(
        "expiry_reminder",
        &json!({"code": code, "valid_until": soon}),
        satupintu::web::Lang::Id,
    );
    assert!(subject.contains("masa berlaku") && body.contains(&soon), "{subject} / {body}");
    app.stop().await;
}
