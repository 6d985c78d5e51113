//! Interoperability with Go's reference implementation: the Rust side writes a log (checkpoint
//! note, verifier key, proofs, tiles and entry bundles) and `tests/go/main.go` checks it with
//! `golang.org/x/mod/sumdb/note` and `golang.org/x/mod/sumdb/tlog`.
//!
//! Needs Go and the x/mod sources: `apt-get install -y golang-go golang-golang-x-mod-dev`.

#[path = "go/checker.rs"]
mod checker;

use std::path::Path;
use std::process::Command;

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine as _;
use checker::build_checker;
use ledger::tile::{entry_bundles, hash_tiles};
use ledger::{FileStorage, Hash, KeyType, Log, LogOptions, Signer, StoredCheckpoint};
use serde_json::{json, Value};

fn entry(i: u64) -> Vec<u8> {
    format!("{{\"event\":\"izin.terbit\",\"seq\":{i}}}").into_bytes()
}

fn b64_hashes(hashes: &[Hash]) -> Vec<String> {
    hashes.iter().map(Hash::to_base64).collect()
}

async fn inclusion_case(log: &Log<FileStorage>, index: u64, cp: &StoredCheckpoint) -> Value {
    let proof = log.inclusion_proof(index, cp.size).await.expect("inclusion proof");
    json!({
        "index": index, "size": cp.size, "entry": BASE64.encode(entry(index)),
        "root": cp.root.to_base64(), "proof": b64_hashes(&proof), "valid": true,
    })
}

async fn consistency_case(log: &Log<FileStorage>, old: &StoredCheckpoint, new: &StoredCheckpoint) -> Value {
    let proof = log.consistency_proof(old.size, new.size).await.expect("consistency proof");
    json!({
        "old": old.size, "new": new.size, "old_root": old.root.to_base64(), "new_root": new.root.to_base64(),
        "proof": b64_hashes(&proof), "valid": true,
    })
}

/// The same case with one bit of its first proof hash flipped.
fn corrupted(case: &Value) -> Value {
    let mut bad = case.clone();
    let first = bad["proof"][0].as_str().expect("a proof hash").to_owned();
    let mut hash = Hash::from_base64(&first).expect("hash");
    hash.0[7] ^= 0x10;
    bad["proof"][0] = json!(hash.to_base64());
    bad["valid"] = json!(false);
    bad
}

#[tokio::test]
async fn go_sumdb_note_and_tlog_accept_what_the_ledger_writes() {
    let work = tempfile::tempdir().expect("tempdir");
    let checker = build_checker(Path::new(env!("CARGO_TARGET_TMPDIR")));

    let signer =
        Signer::generate("ledger.example.go.id/interop", KeyType::Ed25519, &mut rand::thread_rng()).expect("key");
    let storage = FileStorage::open(work.path().join("log")).await.expect("storage");
    let log = Log::open(storage, signer, LogOptions::default()).await.expect("open");
    let mut checkpoints = Vec::new();
    let mut next = 0;
    for batch in [1u64, 99, 156, 1, 443] {
        log.append_all((next..next + batch).map(entry).collect()).await.expect("append");
        next += batch;
        checkpoints.push(log.checkpoint());
    }
    let latest = log.checkpoint();
    assert_eq!(latest.size, 700);

    let tiles_dir = work.path().join("static");
    for tile in hash_tiles(latest.size).into_iter().chain(entry_bundles(latest.size)) {
        let bytes = log.tile(&tile).await.expect("read tile").expect("tile exists");
        let path = tiles_dir.join(tile.path());
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(&path, bytes).expect("write tile");
    }

    let mut inclusion = Vec::new();
    for cp in &checkpoints {
        for index in [0, cp.size / 3, cp.size - 1] {
            inclusion.push(inclusion_case(&log, index, cp).await);
        }
    }
    for index in (0..latest.size).step_by(37) {
        inclusion.push(inclusion_case(&log, index, &latest).await);
    }
    let mut consistency = Vec::new();
    for (i, old) in checkpoints.iter().enumerate() {
        for new in &checkpoints[i + 1..] {
            consistency.push(consistency_case(&log, old, new).await);
        }
    }
    inclusion.push(corrupted(&inclusion[inclusion.len() - 1]));
    consistency.push(corrupted(&consistency[0]));
    let bad_checkpoint = latest.note.replacen("\n700\n", "\n701\n", 1);
    assert_ne!(bad_checkpoint, latest.note);

    let cases = json!({
        "vkey": log.verifier().to_vkey(),
        "checkpoint": latest.note,
        "bad_checkpoint": bad_checkpoint,
        "tiles_dir": tiles_dir,
        "inclusion": inclusion,
        "consistency": consistency,
    });
    let cases_path = work.path().join("cases.json");
    std::fs::write(&cases_path, serde_json::to_vec_pretty(&cases).expect("json")).expect("write cases");

    let run = Command::new(&checker).arg(&cases_path).output().expect("run the Go checker");
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(run.status.success(), "Go rejected the ledger's output:\n{stdout}{}", String::from_utf8_lossy(&run.stderr));
    assert!(stdout.starts_with("ok: ledger.example.go.id/interop size 700"), "{stdout}");
    eprintln!("{stdout}");
}
