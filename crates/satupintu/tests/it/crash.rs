//! Crash safety: registrations under load while the server is killed with SIGKILL several
//! times. After every restart each acknowledged write must be there.

use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::json;

use crate::both;
use crate::common::{database_url, Backend};

both!(acknowledged_writes_survive_sigkill);

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("port")
}

fn start(dir: &std::path::Path, url: &Option<String>, port: u16) -> Child {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_satupintu"));
    cmd.arg("serve").arg("--demo").arg("--data-dir").arg(dir).arg("--listen").arg(format!("127.0.0.1:{port}"));
    if let Some(u) = url {
        cmd.arg("--database-url").arg(u);
    }
    cmd.env("SATUPINTU_OUTBOX_LEASE_SECS", "1")
        .env("SATUPINTU_OUTBOX_INTERVAL_MS", "200")
        .env("SATUPINTU_LOG", "error")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start server")
}

async fn wait_ready(client: &reqwest::Client, port: u16) {
    for _ in 0..200 {
        if client.get(format!("http://127.0.0.1:{port}/readyz")).send().await.is_ok_and(|r| r.status().is_success()) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("server did not become ready");
}

async fn acknowledged_writes_survive_sigkill(b: Backend) {
    let dir = tempfile::tempdir().expect("tempdir");
    let url = database_url(b).await;
    let client = reqwest::Client::builder().timeout(Duration::from_secs(5)).build().expect("client");
    let serial = Arc::new(AtomicU32::new(1000)); // clear of the demo citizens
    let acked: Arc<Mutex<Vec<String>>> = Arc::default();
    let acked_apps: Arc<Mutex<Vec<String>>> = Arc::default();
    let mut token = String::new();
    let mut option = String::new();

    for round in 0..3 {
        let port = free_port();
        let mut server = start(dir.path(), &url, port);
        wait_ready(&client, port).await;
        if token.is_empty() {
            let c = &satupintu::demo::CITIZENS[0];
            let r: serde_json::Value = client
                .post(format!("http://127.0.0.1:{port}/api/v1/auth/login"))
                .json(&json!({"login": c.nik, "password": c.password}))
                .send()
                .await
                .expect("login")
                .json()
                .await
                .expect("json");
            token = r["token"].as_str().expect("token").to_string();
            let svc: serde_json::Value = client
                .get(format!("http://127.0.0.1:{port}/api/v1/services/pbb-p2"))
                .send()
                .await
                .expect("svc")
                .json()
                .await
                .expect("json");
            let field = svc["form"]
                .as_array()
                .expect("form")
                .iter()
                .find(|f| f["name"] == "request_type")
                .expect("field")
                .clone();
            option = field["options"][0]["value"].as_str().expect("option").to_string();
        }
        let mut workers = vec![];
        for _ in 0..3 {
            let (client, acked_apps, token, option) =
                (client.clone(), acked_apps.clone(), token.clone(), option.clone());
            workers.push(tokio::spawn(async move {
                loop {
                    let body = json!({"service_id": "pbb-p2", "submit": true,
                        "fields": {"nop": "32.73.010.001.000-0001.0", "tax_year": 2026, "request_type": option}});
                    match client
                        .post(format!("http://127.0.0.1:{port}/api/v1/applications"))
                        .bearer_auth(&token)
                        .json(&body)
                        .send()
                        .await
                    {
                        Ok(r) if r.status().as_u16() == 201 => {
                            let v: serde_json::Value = r.json().await.unwrap_or_default();
                            match v["code"].as_str() {
                                Some(code) => acked_apps.lock().expect("lock").push(code.to_string()),
                                None => return, // the body was cut off by the kill: not acknowledged
                            }
                        }
                        Ok(r) => panic!("unexpected status {} for an application", r.status()),
                        Err(_) => return,
                    }
                }
            }));
        }
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
    for nik in &acked {
        let found =
            sqlx::query("SELECT 1 FROM users WHERE nik = $1").bind(nik).fetch_optional(db.pool()).await.expect("query");
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
