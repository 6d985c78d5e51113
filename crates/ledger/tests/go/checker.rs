//! Builds the Go checker in this folder (`main.go`, which checks a log with Go's reference
//! packages golang.org/x/mod/sumdb/note and sumdb/tlog). Shared, as a module file, by
//! `crates/ledger/tests/go_interop.rs` and the platform's `crates/satupintu/tests/it/ledger_go.rs`.
//!
//! Needs Go and the x/mod sources: `apt-get install -y golang-go golang-golang-x-mod-dev`. A
//! missing Go fails the test: it is never skipped.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

const GOPATH: &str = "/usr/share/gocode";
const INSTALL: &str = "install them with: apt-get install -y golang-go golang-golang-x-mod-dev";

/// The checker's binary in `out`, built once per test process.
pub fn build_checker(out: &Path) -> PathBuf {
    static BUILT: OnceLock<PathBuf> = OnceLock::new();
    BUILT.get_or_init(|| build(out)).clone()
}

fn build(out: &Path) -> PathBuf {
    let version = Command::new("go").arg("version").output();
    assert!(
        version.as_ref().is_ok_and(|o| o.status.success()),
        "the Go interoperability test needs Go, which is not installed: {INSTALL}"
    );
    assert!(
        Path::new(GOPATH).join("src/golang.org/x/mod/sumdb/tlog").is_dir(),
        "the Go interoperability test needs golang.org/x/mod under {GOPATH}: {INSTALL}"
    );
    // This file's folder, from either crate's manifest directory.
    let sources = Path::new(env!("CARGO_MANIFEST_DIR")).join("../ledger/tests/go");
    let binary = out.join("ledger-go-interop");
    let build = Command::new("go")
        .args(["build", "-o"])
        .arg(&binary)
        .arg(".")
        .current_dir(&sources)
        .env("GO111MODULE", "off")
        .env("GOPATH", GOPATH)
        .env("GOCACHE", out.join("go-cache"))
        .env("GOFLAGS", "")
        .output()
        .expect("run go build");
    assert!(build.status.success(), "go build failed:\n{}", String::from_utf8_lossy(&build.stderr));
    binary
}
