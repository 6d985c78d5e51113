//! Witness cosignatures: a witness configured in `ledger_witnesses` posts its cosignature of the
//! checkpoint served now to `POST /ledger/cosignature`; from then on `/ledger/checkpoint` serves
//! the note with the witness's line, until the next checkpoint. Anything else is a 400 (or 409
//! for a note that is not the current checkpoint), never a 500.

use ledger::note::{self, Note};
use ledger::{KeyType, Signer, Verifier};
use satupintu::ledger::Leaf;

use crate::both;
use crate::common::{Backend, TestApp};

both!(witness_cosignatures_are_checked_stored_and_served);

async fn post(app: &TestApp, body: &str) -> (u16, String) {
    let r = app.client.post(app.url("/ledger/cosignature")).body(body.to_owned()).send().await.expect("post");
    (r.status().as_u16(), r.text().await.expect("body"))
}

async fn served(app: &TestApp) -> String {
    let r = app.get("/ledger/checkpoint").await;
    assert_eq!(r.status().as_u16(), 200);
    r.text().await.expect("note")
}

async fn witness_cosignatures_are_checked_stored_and_served(b: Backend) {
    let mut rng = rand::thread_rng();
    let witness = Signer::generate("saksi.example.org/w1", KeyType::Cosignature, &mut rng).expect("witness");
    let stranger = Signer::generate("saksi.example.org/w2", KeyType::Cosignature, &mut rng).expect("stranger");
    let app = TestApp::spawn_configured(b, |c| c.ledger_witnesses = vec![witness.verifier().to_vkey()]).await;
    app.ledger_settled().await;
    let log_key = Verifier::from_vkey(app.get("/ledger/vkey").await.text().await.expect("vkey").trim()).expect("vkey");

    // The witness cosigns the checkpoint it fetched: one signature line.
    let before = served(&app).await;
    let text = Note::parse(&before).expect("note").text;
    let line = witness.sign_at(&text, 1_790_000_000).expect("cosign").to_string();
    let (s, answer) = post(&app, &line).await;
    assert_eq!(s, 200, "{answer}");
    let now = served(&app).await;
    assert_eq!(answer, now, "the answer is the checkpoint as served from now on");
    assert!(now.starts_with(&before) && now.ends_with(&line), "the cosignature is an extra line:\n{now}");
    let opened = note::open(&now, &[log_key.clone(), witness.verifier().clone()]).expect("both verify");
    assert_eq!(opened.signatures.len(), 2);
    assert_eq!(opened.cosignature_by(witness.verifier()).expect("cosigned"), 1_790_000_000);
    ledger::open_checkpoint(&now, &log_key).expect("clients that know only the log key still open it");

    // The whole cosigned note works too, and a newer cosignature replaces the older one.
    let newer = witness.sign_at(&text, 1_790_000_100).expect("cosign").to_string();
    let (s, answer) = post(&app, &format!("{before}{newer}")).await;
    assert_eq!(s, 200, "{answer}");
    let opened = note::open(&served(&app).await, &[log_key.clone(), witness.verifier().clone()]).expect("verify");
    assert_eq!((opened.signatures.len(), opened.cosignature_by(witness.verifier()).ok()), (2, Some(1_790_000_100)));

    // Refused, with the reason: a key not configured, a line over other text, garbage, a note
    // of another checkpoint.
    let (s, page) = post(&app, &stranger.sign_at(&text, 1).expect("sign").to_string()).await;
    assert_eq!(s, 400);
    assert!(page.contains("saksi (witness) yang dipercaya"), "{page}");
    let other = text.replacen('\n', "\n9", 1);
    let (s, page) = post(&app, &witness.sign_at(&other, 1).expect("sign").to_string()).await;
    assert_eq!(s, 400);
    assert!(page.contains("tidak cocok dengan checkpoint"), "{page}");
    for garbage in ["", "halo", "\u{2014} saksi.example.org/w1 !!!\n", "a\n\nb\n", &"x".repeat(20_000)] {
        let (s, _) = post(&app, garbage).await;
        assert!(s == 400 || s == 413, "{garbage:.40}: {s}");
    }
    let (s, _) = post(&app, &format!("{other}\n{line}")).await;
    assert_eq!(s, 409, "a note of another checkpoint");
    let kept = note::open(&served(&app).await, &[log_key.clone(), witness.verifier().clone()]).expect("verify");
    assert_eq!((kept.signatures.len(), kept.cosignature_by(witness.verifier()).ok()), (2, Some(1_790_000_100)));

    // The next checkpoint is served without the old cosignature, which no longer applies to it.
    let mut tx = app.state.db.begin().await.expect("tx");
    satupintu::ledger::record(&mut tx, &Leaf::new("catalog.version", 1_790_000_200).with("service_id", "uji"))
        .await
        .expect("leaf");
    tx.commit().await.expect("commit");
    let next = app.ledger_settled().await;
    assert_eq!(Note::parse(&next.note).expect("note").signatures.len(), 1);
    let (s, _) = post(&app, &line).await;
    assert_eq!(s, 400, "a cosignature of the previous checkpoint");
    app.stop().await;
}
