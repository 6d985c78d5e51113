//! Go's reference client reads the platform's own `/ledger/` over HTTP: the Go checker
//! (`crates/ledger/tests/go/main.go`, with golang.org/x/mod/sumdb/note and sumdb/tlog) opens the
//! served checkpoint with the served key, authenticates the tiles with `tlog.TileHashReader`,
//! checks every entry of the bundles against its leaf hash, proves inclusion, and checks that an
//! older checkpoint is consistent with the current one (its own proof from the tiles, and the
//! server's from `/api/v1/ledger/consistency`).

#[path = "../../../ledger/tests/go/checker.rs"]
mod checker;

use std::process::Command;

use crate::both;
use crate::common::{Backend, TestApp};
use crate::transparency::queue_leaves;

both!(go_reads_the_platform_log_over_http);

async fn go_reads_the_platform_log_over_http(b: Backend) {
    let go = checker::build_checker(std::path::Path::new(env!("CARGO_TARGET_TMPDIR")));
    let app = TestApp::spawn(b).await;
    // The catalogue's versions are in the log; more decisions follow, past a full tile.
    let old = app.ledger_settled().await;
    queue_leaves(&app, 290, "GO").await;
    app.ledger_settled().await;
    queue_leaves(&app, 3, "GP").await;
    let new = app.ledger_settled().await;
    assert!(old.size >= 1 && new.size > 256 + old.size, "{} then {}", old.size, new.size);

    let dir = tempfile::tempdir().expect("tempdir");
    let old_file = dir.path().join("checkpoint.old");
    std::fs::write(&old_file, &old.note).expect("write");
    let run = Command::new(&go)
        .arg("-http")
        .arg(app.url(""))
        .arg("-old")
        .arg(&old_file)
        .output()
        .expect("run the Go checker");
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(run.status.success(), "Go rejected the platform's log:\n{stdout}{}", String::from_utf8_lossy(&run.stderr));
    let expect = format!(
        "ok: {} size {} over HTTP, consistent with size {}",
        app.state.ledger.verifier().name(),
        new.size,
        old.size
    );
    assert!(stdout.starts_with(&expect), "{stdout}");
    eprintln!("{stdout}");

    // The checker is not a yes-man: a checkpoint the server never signed is refused.
    let forged = old.note.replacen(&format!("\n{}\n", old.size), &format!("\n{}\n", old.size + 1), 1);
    std::fs::write(&old_file, forged).expect("write");
    let run = Command::new(&go).arg("-http").arg(app.url("")).arg("-old").arg(&old_file).output().expect("run");
    assert!(!run.status.success() && String::from_utf8_lossy(&run.stdout).contains("older checkpoint does not open"));
    app.stop().await;
}
