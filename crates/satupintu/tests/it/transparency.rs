//! The transparency ledger in the platform: decisions become signed, provable log entries,
//! served in the tlog-tiles layout; editing a stored entry is caught by the Verify page and by
//! `satupintu ledger verify`.

use std::time::Duration;

use ledger::{open_checkpoint, verify_inclusion, Hash, Verifier};
use serde_json::Value;

use crate::applications::{akta_fields, submit_akta};
use crate::both;
use crate::cli::satupintu;
use crate::common::{Backend, TestApp, NIK_A};

both!(decisions_are_provable_and_tampering_is_caught);

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
    let index = app.state.ledger.size() - 1;
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
