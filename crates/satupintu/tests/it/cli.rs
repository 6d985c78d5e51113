//! The `satupintu` binary itself, on both backends.

use std::io::Write;
use std::process::{Command, Stdio};

use crate::both;
use crate::common::{database_url, Backend};

both!(import_export_and_user_add);

pub fn satupintu(
    dir: &std::path::Path,
    url: &Option<String>,
    args: &[&str],
    stdin: Option<&str>,
) -> (bool, String, String) {
    satupintu_env(dir, url, args, stdin, &[])
}

/// [`satupintu`] with more environment variables (they override the test defaults).
pub fn satupintu_env(
    dir: &std::path::Path,
    url: &Option<String>,
    args: &[&str],
    stdin: Option<&str>,
    env: &[(&str, &str)],
) -> (bool, String, String) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_satupintu"));
    cmd.arg("--data-dir").arg(dir);
    if let Some(u) = url {
        cmd.arg("--database-url").arg(u);
    }
    cmd.args(args).env("LANG", "en_US.UTF-8").env("SATUPINTU_DATA_KEY", crate::common::TEST_DATA_KEY);
    cmd.envs(env.iter().copied()).stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("run satupintu");
    if let Some(input) = stdin {
        child.stdin.take().expect("stdin").write_all(input.as_bytes()).expect("write stdin");
    } else {
        drop(child.stdin.take());
    }
    let out = child.wait_with_output().expect("wait");
    (out.status.success(), String::from_utf8_lossy(&out.stdout).into(), String::from_utf8_lossy(&out.stderr).into())
}

async fn import_export_and_user_add(b: Backend) {
    let dir = tempfile::tempdir().expect("tempdir");
    let url = database_url(b).await;
    let d = dir.path();
    let catalog = d.join("catalog.json");
    std::fs::write(&catalog, satupintu::demo::CATALOG).expect("write");

    let (ok, _, err) = satupintu(d, &url, &["migrate"], None);
    assert!(ok, "{err}");
    let (ok, out, err) = satupintu(d, &url, &["import-catalog", catalog.to_str().expect("path")], None);
    assert!(ok, "{err}");
    assert!(out.contains("30 added"), "{out}");
    let (ok, out, _) = satupintu(d, &url, &["import-catalog", catalog.to_str().expect("path")], None);
    assert!(ok && out.contains("0 added, 0 updated, 30 unchanged"), "idempotent: {out}");

    // An invalid file: every problem with its path, non-zero exit, nothing changed.
    let mut doc: serde_json::Value = serde_json::from_str(satupintu::demo::CATALOG).expect("json");
    doc["services"][0]["name"] = serde_json::json!("Bukan objek");
    doc["services"][3]["sla_days"] = serde_json::json!(-1);
    doc["services"][4]["fee"]["amount_idr"] = serde_json::json!(5);
    let bad = d.join("bad.json");
    std::fs::write(&bad, doc.to_string()).expect("write");
    let (ok, _, err) = satupintu(d, &url, &["import-catalog", bad.to_str().expect("path")], None);
    assert!(!ok, "an invalid file exits non-zero");
    assert!(err.contains("$.services[0].name") && err.contains("$.services[3].sla_days"), "{err}");
    assert!(err.contains("nothing was changed"), "{err}");

    let out_file = d.join("export.json");
    let (ok, _, err) = satupintu(d, &url, &["export-catalog", "--output", out_file.to_str().expect("path")], None);
    assert!(ok, "{err}");
    let exported: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out_file).expect("read")).expect("json");
    let fee = |v: &serde_json::Value| {
        v["services"].as_array().expect("s").iter().find(|s| s["id"] == doc["services"][4]["id"]).expect("svc")["fee"]
            ["amount_idr"]
            .clone()
    };
    assert_ne!(fee(&exported), serde_json::json!(5), "the rejected file changed nothing");
    assert_eq!(exported["services"].as_array().map(Vec::len), Some(30));

    let (ok, out, err) = satupintu(
        d,
        &url,
        &[
            "user",
            "add",
            "--role",
            "officer",
            "--agency",
            "disdukcapil",
            "--email",
            "rina@dukcapil.id",
            "--name",
            "Rina Petugas",
            "--nik",
            "3578015503800004",
        ],
        Some("petugas-rahasia-1\n"),
    );
    assert!(ok, "{err}");
    assert!(out.contains("Account created"), "{out}");
    // A NIK that is not one, or already on an account, is refused and creates nothing.
    let add = |email: &'static str, nik: &'static str| {
        let args = ["user", "add", "--role", "officer", "--agency", "disdukcapil", "--email", email, "--name", "Dua"];
        let args: Vec<&str> = args.into_iter().chain(["--nik", nik]).collect();
        satupintu(d, &url, &args, Some("petugas-rahasia-1\n"))
    };
    let (ok, _, err) = add("dua@dukcapil.id", "12345");
    assert!(!ok && err.contains("--nik") && err.contains("16"), "a bad NIK: {err}");
    let (ok, _, err) = add("dua@dukcapil.id", "3578 0155 0380 0004");
    assert!(!ok && err.contains("--nik"), "a NIK already on an account: {err}");
    let (ok, _, err) = satupintu(
        d,
        &url,
        &["user", "add", "--role", "officer", "--email", "x@dukcapil.id", "--name", "Tanpa Instansi"],
        Some("petugas-rahasia-1\n"),
    );
    assert!(!ok && err.contains("--agency"), "an officer needs an agency: {err}");
    let (ok, _, _) = satupintu(
        d,
        &url,
        &["user", "add", "--role", "raja", "--email", "x@y.id", "--name", "X"],
        Some("abcdefghij\n"),
    );
    assert!(!ok);

    // The created officer can sign in through the running server.
    let cfg = crate::common::config(b, d, url.clone());
    let state = satupintu::app::AppState::open(cfg).await.expect("open");
    let out = satupintu::identity::service::login(
        &state,
        "rina@dukcapil.id",
        "petugas-rahasia-1",
        None,
        None,
        satupintu::identity::service::SessionKind::Api,
    )
    .await
    .expect("login");
    assert_eq!(out.stage, "full");
    // The NIK is on the officer's account (sealed, found through its blind index), and the
    // refused second account was not made.
    let mut tx = state.db.begin().await.expect("tx");
    let by_nik = satupintu::identity::store::account_by_nik(&mut tx, "3578015503800004").await.expect("nik");
    assert_eq!(by_nik, Some((out.user_id, false)));
    let dua = satupintu::identity::store::taken(&mut tx, None, Some("dua@dukcapil.id"), None).await.expect("taken");
    assert!(dua.is_empty(), "nothing created on refusal");
    tx.commit().await.expect("commit");
    state.db.close().await;
}
