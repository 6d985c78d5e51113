//! The transparency ledger in the platform: decisions become signed, provable log entries,
//! served in the tlog-tiles layout; editing a stored entry is caught by the Verify page and by
//! `satupintu ledger verify`.

use std::time::Duration;

use ledger::{open_checkpoint, verify_consistency, verify_inclusion, Hash, Verifier};
use satupintu::identity::Role;
use satupintu::ledger::Leaf;
use serde_json::Value;

use crate::applications::{act, akta_fields, submit_akta};
use crate::both;
use crate::cli::satupintu;
use crate::common::{Backend, TestApp, NIK_A};

both!(
    decisions_are_provable_and_tampering_is_caught,
    auditors_get_consistency_proofs,
    an_issued_document_verifies_offline_from_its_pdf
);

/// Queue `n` leaves in one transaction, as a decision would.
pub async fn queue_leaves(app: &TestApp, n: usize, tag: &str) {
    let mut tx = app.state.db.begin().await.expect("tx");
    for i in 0..n {
        let leaf = Leaf::new("application.submit", 1_790_000_000).with("code", format!("SP-2026-{tag}{i:05}"));
        satupintu::ledger::record(&mut tx, &leaf).await.expect("queue");
    }
    tx.commit().await.expect("commit");
}

fn hashes(v: &Value) -> Vec<Hash> {
    v.as_array().expect("hashes").iter().map(|h| Hash::from_base64(h.as_str().expect("b64")).expect("hash")).collect()
}

async fn auditors_get_consistency_proofs(b: Backend) {
    let app = TestApp::spawn(b).await;
    let mut checkpoints = vec![app.ledger_settled().await];
    for (n, tag) in [(1, "A"), (300, "B"), (7, "C")] {
        queue_leaves(&app, n, tag).await;
        checkpoints.push(app.ledger_settled().await);
    }
    let verifier = app.state.ledger.verifier().clone();
    let latest = checkpoints.last().expect("latest").clone();
    for (i, old) in checkpoints.iter().enumerate() {
        for new in &checkpoints[i..] {
            let (s, v) = app.get_json(&format!("/api/v1/ledger/consistency?from={}&to={}", old.size, new.size)).await;
            assert_eq!(s, 200, "{v}");
            assert_eq!((v["from"].as_u64(), v["to"].as_u64()), (Some(old.size), Some(new.size)));
            let proof = hashes(&v["proof"]);
            verify_consistency(old.size, new.size, &old.root, &new.root, &proof).expect("consistent");
            open_checkpoint(&new.note, &verifier).expect("signed");
        }
    }
    // The OpenAPI document says where the sizes go.
    let (_, doc) = app.get_json("/api/v1/openapi.json").await;
    let params = doc["paths"]["/api/v1/ledger/consistency"]["get"]["parameters"].as_array().expect("params").clone();
    assert!(params.iter().all(|p| p["in"] == "query" && p["required"] == true) && params.len() == 2, "{params:?}");
    // Sizes outside 1 <= from <= to <= latest: 400 with the API's error envelope.
    let size = latest.size;
    for query in [
        format!("from=0&to={size}"),
        format!("from={size}&to=1"),
        format!("from=1&to={}", size + 1),
        "from=x&to=1".into(),
        "to=3".into(),
    ] {
        let (s, v) = app.get_json(&format!("/api/v1/ledger/consistency?{query}")).await;
        assert_eq!(s, 400, "{query}: {v}");
        assert!(v["error"]["code"].is_string(), "{v}");
    }
    app.stop().await;
}

async fn an_issued_document_verifies_offline_from_its_pdf(b: Backend) {
    let app = TestApp::spawn(b).await;
    let siti = app.citizen(NIK_A, "Siti Rahayu", "siti@contoh.id").await;
    let officer = app.staff(Role::Officer, Some("disdukcapil"), "petugas@dukcapil.id").await;
    let fields = akta_fields(&app, &siti).await;
    let (_, v) = submit_akta(&app, &siti, &fields).await;
    let code = v["code"].as_str().expect("code").to_string();
    for action in ["claim", "verify", "approve", "issue"] {
        assert_eq!(act(&app, &officer, &code, action, None).await.0, 200, "{action}");
    }
    let (_, v) = app.api(reqwest::Method::GET, &format!("/api/v1/applications/{code}"), Some(&siti), None).await;
    let number = v["documents"][0]["number"].as_str().expect("number").to_string();
    app.ledger_settled().await;
    let holder = app.browser(NIK_A, "rahasia-warga-1", None).await;
    let pdf =
        holder.get(app.url(&format!("/dokumen/{number}/pdf"))).send().await.expect("pdf").bytes().await.expect("bytes");
    let text = satupintu::documents::pdf::shown_text(&pdf);
    assert!(text.iter().any(|l| l == "Data verifikasi / Verification data"), "{text:#?}");
    assert!(!text.iter().any(|l| l.contains("belum masuk checkpoint")), "the entry was sequenced: the proof is there");

    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join(format!("{number}.pdf"));
    std::fs::write(&file, &pdf).expect("write");
    let vkey = app.get("/ledger/vkey").await.text().await.expect("vkey").trim().to_string();
    let vkey_file = dir.path().join("vkey");
    std::fs::write(&vkey_file, format!("{vkey}\n")).expect("write");
    let key = app.state.keys.public_b64();
    // Offline: no database, no server; a fresh data directory.
    let offline = tempfile::tempdir().expect("dir");
    let verify = |pdf: &std::path::Path, vkey: &str, extra: &[&str]| {
        let mut args = vec!["ledger", "verify-document", pdf.to_str().expect("path"), "--vkey", vkey];
        args.extend(extra);
        satupintu(offline.path(), &None, &args, None)
    };
    let (ok, out, err) = verify(&file, &vkey, &[]);
    assert!(ok && out.contains(&format!("Document {number} is authentic")), "{out}{err}");
    let (ok, out, err) = verify(&file, vkey_file.to_str().expect("path"), &["--key", &key]);
    assert!(ok, "the key from a file, and the document key given: {out}{err}");

    // A changed holder name, a changed proof hash, another log's key, another document key.
    let tampered = |from: &[u8], to: &[u8], name: &str| {
        let at = pdf.windows(from.len()).rposition(|w| w == from).expect("text to change");
        let mut copy = pdf.to_vec();
        copy[at..at + to.len()].copy_from_slice(to);
        let path = dir.path().join(name);
        std::fs::write(&path, copy).expect("write");
        path
    };
    let renamed = tampered(b"Siti Rahayu", b"Siti Rahayo", "renamed.pdf");
    let (ok, out, _) = verify(&renamed, &vkey, &[]);
    assert!(!ok && out.contains("FAILED The platform's signature") && out.contains("NOT verified"), "{out}");
    let proof_line = text.iter().find(|l| l.starts_with("ledger-proof ")).expect("proof line").clone();
    let first = proof_line["ledger-proof ".len()..].split(' ').next().expect("hash").to_string();
    let mut flipped = first.clone().into_bytes();
    flipped[3] = if flipped[3] == b'A' { b'B' } else { b'A' };
    let reproof = tampered(first.as_bytes(), &flipped, "proof.pdf");
    let (ok, out, _) = verify(&reproof, &vkey, &[]);
    assert!(
        !ok && out.contains("FAILED The record's inclusion proof") && !out.contains("FAILED The platform"),
        "{out}"
    );
    let stranger = ledger::Signer::from_seed(app.state.ledger.verifier().name(), ledger::KeyType::Ed25519, [1; 32])
        .expect("key")
        .verifier()
        .to_vkey();
    let (ok, out, _) = verify(&file, &stranger, &[]);
    assert!(!ok && out.contains("FAILED The checkpoint's signature"), "{out}");
    let (ok, out, _) = verify(&file, &vkey, &["--key", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"]);
    assert!(!ok && out.contains("--key"), "{out}");
    let (ok, out, _) = verify(&dir.path().join("vkey"), &vkey, &[]);
    assert!(!ok && out.contains("no SatuPintu verification data"), "{out}");
    app.stop().await;
}

async fn decisions_are_provable_and_tampering_is_caught(b: Backend) {
    let app = TestApp::spawn(b).await;
    let citizen = app.citizen(NIK_A, "Siti Rahayu", "siti@contoh.id").await;
    let fields = akta_fields(&app, &citizen).await;
    let (s, v) = submit_akta(&app, &citizen, &fields).await;
    assert_eq!(s, 201, "{v}");
    let code = v["code"].as_str().expect("code").to_string();

    // The sequencer appends the queued leaves within moments.
    let mut found = vec![];
    for _ in 0..100 {
        let page = app.get(&format!("/buku-besar?kode={code}")).await.text().await.expect("page");
        if page.contains("application.submit") && page.contains("Terverifikasi") {
            found.push(page);
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(!found.is_empty(), "the submission reached the ledger and verifies");
    assert!(!found[0].contains(NIK_A) && !found[0].contains("Siti"), "no personal data on the public page");

    // A client that trusts only the published key checks the checkpoint and the proof itself.
    let vkey = app.get("/ledger/vkey").await.text().await.expect("vkey");
    let verifier = Verifier::from_vkey(vkey.trim()).expect("vkey parses");
    let note = app.get("/ledger/checkpoint").await.text().await.expect("checkpoint");
    let (cp, _) = open_checkpoint(&note, &verifier).expect("the checkpoint is signed by the published key");
    let index = app.state.ledger.size().await.expect("size") - 1;
    let (s, proof) = app.get_json(&format!("/api/v1/ledger/entries/{index}")).await;
    assert_eq!(s, 200, "{proof}");
    let entry = proof["entry"].as_str().expect("entry");
    let leaf: Value = serde_json::from_str(entry).expect("json");
    assert_eq!(leaf["data"]["code"], code.as_str());
    let size = proof["tree_size"].as_u64().expect("size");
    assert!(size <= cp.size);
    let hashes: Vec<Hash> = proof["inclusion_proof"]
        .as_array()
        .expect("proof")
        .iter()
        .map(|h| Hash::from_base64(h.as_str().expect("b64")).expect("hash"))
        .collect();
    let root = if size == cp.size { cp.root } else { panic!("the proof is against the latest checkpoint") };
    verify_inclusion(index, size, &ledger::leaf_hash(entry.as_bytes()), &hashes, &root).expect("inclusion verifies");

    // The tiles: the partial level-0 tile holds every leaf hash, the bundle every entry.
    let w = cp.size % 256;
    let tile = app.get(&format!("/ledger/tile/0/000.p/{w}")).await.bytes().await.expect("tile");
    assert_eq!(tile.len() as u64, w * 32);
    assert_eq!(&tile[(index as usize) * 32..(index as usize + 1) * 32], ledger::leaf_hash(entry.as_bytes()).as_bytes());
    let bundle = app.get(&format!("/ledger/tile/entries/000.p/{w}")).await.bytes().await.expect("bundle");
    assert!(bundle.windows(entry.len()).any(|x| x == entry.as_bytes()));
    assert_eq!(app.get("/ledger/tile/0/x999/000").await.status().as_u16(), 404);
    assert_eq!(app.get_json("/api/v1/ledger/entries/99999999").await.0, 404);

    let (ok, out, err) = satupintu(&app.data_dir, &Some(app.database_url.clone()), &["ledger", "verify"], None);
    assert!(ok && out.starts_with("OK:"), "{out}{err}");
    let (ok, out, _) = satupintu(&app.data_dir, &Some(app.database_url.clone()), &["ledger", "vkey"], None);
    assert!(ok && out.trim() == vkey.trim());
    let (ok, out, _) =
        satupintu(&app.data_dir, &Some(app.database_url.clone()), &["ledger", "prove", &index.to_string()], None);
    assert!(ok && out.contains(&code), "{out}");

    // Someone edits the stored entry directly in the database.
    let mut tx = app.state.db.begin().await.expect("tx");
    sqlx::query(
        "UPDATE ledger_entries SET data = REPLACE(data, 'application.submit', 'application.cancel') WHERE idx = $1",
    )
    .bind(index as i64)
    .execute(&mut *tx)
    .await
    .expect("tamper");
    tx.commit().await.expect("commit");
    let page = app.get(&format!("/buku-besar?kode={code}")).await.text().await.expect("page");
    assert!(page.contains("Tidak cocok dengan checkpoint"), "the Verify page shows the tampering");
    let (ok, out, err) = satupintu(&app.data_dir, &Some(app.database_url.clone()), &["ledger", "verify"], None);
    assert!(!ok && out.contains(&format!("entry {index} does not match")), "{out}{err}");
    app.stop().await;
}

/// On PostgreSQL a transaction that took an earlier queue id can commit after one with a later
/// id was sequenced: its leaf must still reach the log, once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_leaf_committed_after_a_later_one_still_reaches_the_log_postgres() {
    let app = TestApp::empty(Backend::Postgres).await;
    app.ledger_settled().await;
    let mut early = app.state.db.begin().await.expect("tx");
    let leaf = Leaf::new("application.submit", 1_790_000_000).with("code", "SP-2026-EARLY1");
    satupintu::ledger::record(&mut early, &leaf).await.expect("queue");
    queue_leaves(&app, 1, "LATE").await;
    app.ledger_settled().await;
    assert_eq!(satupintu::ledger::entries_naming(&app.state, "SP-2026-LATE00000").await.expect("find").len(), 1);
    early.commit().await.expect("commit");
    app.ledger_settled().await;
    let found = satupintu::ledger::entries_naming(&app.state, "SP-2026-EARLY1").await.expect("find");
    assert_eq!(found.len(), 1, "the leaf committed late is in the log once");
    app.stop().await;
}

/// Several processes on one PostgreSQL: one sequences (it holds the advisory lock), every one
/// serves the log from the database, and another takes over when the sequencer goes away.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_sequencer_at_a_time_and_another_takes_over_postgres() {
    let first = TestApp::empty(Backend::Postgres).await;
    let second = first.another_process().await;
    assert!(first.state.ledger.is_sequencer(), "the first process took the seat");
    assert!(!second.state.ledger.is_sequencer(), "the second waits");
    queue_leaves(&second, 5, "TWO").await;
    let before = second.ledger_settled().await;
    assert!(first.state.ledger.is_sequencer() && !second.state.ledger.is_sequencer());
    let note = second.get("/ledger/checkpoint").await.text().await.expect("note");
    assert_eq!(note, before.note, "the second process serves the sequencer's latest checkpoint");

    first.stop().await;
    queue_leaves(&second, 3, "ONE").await;
    for _ in 0..100 {
        if second.state.ledger.is_sequencer() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(second.state.ledger.is_sequencer(), "the second process took over");
    let after = second.ledger_settled().await;
    assert_eq!(after.size, before.size + 3);
    let proof =
        ledger::reader::consistency_proof(second.state.ledger.storage(), before.size, after.size).await.expect("proof");
    verify_consistency(before.size, after.size, &before.root, &after.root, &proof).expect("no fork");
    open_checkpoint(&after.note, second.state.ledger.verifier()).expect("signed with the same key");
    second.stop().await;
}
