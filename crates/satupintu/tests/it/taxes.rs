//! Regional taxes (issue 15): the tax agency's file through the real `satupintu payments
//! import-tax-objects` (whole or not at all, again without change, a changed amount re-billed);
//! the lookup by NOP and plate in the API and the pages, the owner's name masked; a tax bill paid
//! through a signed gateway notification; lookups limited per address.

use reqwest::Method;
use serde_json::Value;
use sqlx::Row as _;

use crate::both;
use crate::cli::satupintu;
use crate::common::{ledger_leaves, Backend, TestApp};
use crate::payments::{notification, SERVER_KEY};

both!(the_tax_file_is_imported_whole_and_rebilled_on_change, a_tax_is_looked_up_paid_and_lookups_are_limited);

const HEADER: &str = "kind,object_number,owner_name,description,period,amount_idr,due_date\n";

fn tax_file(pbb_amount: i64) -> String {
    format!(
        "{HEADER}pbb,35.78.010.001.001-0001.0,Siti Rahayu,\"Tanah 120 m2, bangunan 90 m2\",2027,{pbb_amount},2027-08-31\n\
         pbb,357802000300200450,Budi Santoso,Tanah 200 m2,2027,2475000,2027-08-31\n\
         pkb,L 1234 AB,Siti Rahayu,Honda Beat 2021,2027,312000,2027-03-14\n"
    )
}

async fn count(app: &TestApp, sql: &str) -> i64 {
    sqlx::query(sql).fetch_one(app.state.db.pool()).await.expect(sql).get(0)
}

async fn taxes_app(b: Backend, lookups: i64) -> TestApp {
    TestApp::spawn_configured(b, |c| {
        c.payment_server_key = Some(SERVER_KEY.into());
        c.payments.tax_lookups_per_ip = lookups;
    })
    .await
}

async fn the_tax_file_is_imported_whole_and_rebilled_on_change(b: Backend) {
    let app = taxes_app(b, 1000).await;
    let dir = tempfile::tempdir().expect("tempdir");
    let url = Some(app.database_url.clone());
    let run = |name: &str, text: String| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).expect("write");
        satupintu(&app.data_dir, &url, &["payments", "import-tax-objects", path.to_str().expect("path")], None)
    };

    // A malformed file (a NOP short of a digit on line 3): exit 1, the line named, nothing kept
    // although its first row was fine.
    let bad = tax_file(1_250_000).replace("357802000300200450", "35780200030020045");
    let (ok, out, err) = run("bad.csv", bad);
    assert!(!ok, "{out}");
    assert!(err.contains("Line 3") && err.contains("18 digits") && err.contains("Nothing was changed"), "{err}");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM tax_objects").await, 0);

    let leaves = ledger_leaves(&app, "payment.bill").await;
    let (ok, out, err) = run("pajak.csv", tax_file(1_250_000));
    assert!(ok, "{err}");
    for line in ["objects: 3", "issued: 3", "replaced: 0", "unchanged: 0", "paid: 0"] {
        assert!(out.contains(line), "{line} in {out}");
    }
    assert_eq!(ledger_leaves(&app, "payment.bill").await, leaves + 3, "each bill is a ledger leaf");

    // The lookup by NOP as printed on the SPPT: the owner masked, the bill payable.
    let (s, pbb) = app.get_json("/api/v1/taxes/pbb/35.78.010.001.001-0001.0").await;
    assert_eq!(s, 200, "{pbb}");
    assert_eq!(pbb["kind"], "pbb");
    assert_eq!(pbb["object_number"], "357801000100100010");
    assert_eq!(pbb["display_number"], "35.78.010.001.001-0001.0");
    assert_eq!(pbb["owner"], "Si** Ra****", "the name is masked");
    assert!(!pbb.to_string().contains("Rahayu"), "{pbb}");
    assert_eq!(pbb["agency_id"], "bapenda");
    assert_eq!(pbb["owed_idr"], 1_250_000);
    let bills = pbb["bills"].as_array().expect("bills");
    assert_eq!(bills.len(), 1, "{pbb}");
    let first = bills[0]["code"].as_str().expect("code").to_string();
    assert_eq!((bills[0]["kind"].as_str(), bills[0]["period"].as_str()), (Some("pbb"), Some("2027")));
    assert_eq!(bills[0]["due_date"], "2027-08-31");
    assert!(bills[0]["expires_at"].as_str().is_some_and(|e| e.starts_with("2027-08-31")), "{pbb}");
    assert!(bills[0]["qris"].as_str().is_some_and(|q| q.contains("1250000")), "{pbb}");

    // Again: nothing changes.
    let (ok, out, err) = run("pajak.csv", tax_file(1_250_000));
    assert!(ok && out.contains("unchanged: 3") && out.contains("issued: 0"), "{out} {err}");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM bills").await, 3);

    // The agency corrects the assessment: the old code is cancelled, a new one issued.
    let (ok, out, err) = run("pajak.csv", tax_file(1_300_000));
    assert!(ok && out.contains("replaced: 1") && out.contains("unchanged: 2"), "{out} {err}");
    let (_, old) = app.get_json(&format!("/api/v1/bills/{first}")).await;
    assert_eq!(old["status"], "cancelled", "{old}");
    assert_eq!(old["qris"], Value::Null);
    let (_, pbb) = app.get_json("/api/v1/taxes/pbb/357801000100100010").await;
    let bills = pbb["bills"].as_array().expect("bills");
    assert_eq!(bills.len(), 1, "the cancelled bill is not listed: {pbb}");
    assert_ne!(bills[0]["code"], first.as_str());
    assert_eq!((bills[0]["amount_idr"].as_i64(), pbb["owed_idr"].as_i64()), (Some(1_300_000), Some(1_300_000)));
    assert_eq!(ledger_leaves(&app, "payment.bill_cancelled").await, 1);
}

async fn a_tax_is_looked_up_paid_and_lookups_are_limited(b: Backend) {
    let app = taxes_app(b, 7).await;
    let agencies = satupintu::catalog::service::snapshot(&app.state).await.expect("catalogue").agency_ids();
    let rows = satupintu::payments::taxes::parse_bytes(tax_file(1_250_000).as_bytes(), &agencies).expect("file");
    satupintu::payments::taxes::import(&app.state, &rows).await.expect("import");

    // 1. The form sends a plate as typed to its page; a bad one is the field's error.
    let r = app.get("/pajak?plat=l+1234+ab").await;
    assert_eq!(r.status(), 303);
    assert_eq!(r.headers()["location"], "/pajak/pkb/L1234AB");
    let r = app.get("/pajak?nop=12345").await;
    assert_eq!(r.status(), 422);
    let html = r.text().await.expect("html");
    assert!(html.contains("Masukkan NOP 18 angka") && html.contains("govuk-error-summary"), "{html}");

    // 2-3. The vehicle's page: masked owner, the amount, a button to pay its bill.
    let html = app.get("/pajak/pkb/L1234AB").await.text().await.expect("html");
    assert!(html.contains("L 1234 AB") && html.contains("Si** Ra****") && html.contains("Rp312.000"), "{html}");
    assert!(!html.contains("Rahayu"), "the owner's name stays hidden");
    let (_, pkb) = app.get_json("/api/v1/taxes/pkb/L%201234%20AB").await;
    let code = pkb["bills"][0]["code"].as_str().expect("code").to_string();
    assert!(html.contains(&format!("/tagihan/{code}")), "{html}");

    // 4. Paid by QRIS through the gateway: the lookup shows it paid, nothing more owed.
    let now = satupintu::db::now();
    let (s, paid) = app
        .post_json("/api/v1/payments/notifications", notification(&code, "TX-PKB-1", "312000.00", now, SERVER_KEY))
        .await;
    assert_eq!((s, paid["result"].as_str()), (200, Some("settled")), "{paid}");
    let (_, pkb) = app.get_json("/api/v1/taxes/pkb/L1234AB").await;
    assert_eq!((pkb["bills"][0]["status"].as_str(), pkb["owed_idr"].as_i64()), (Some("paid"), Some(0)), "{pkb}");
    assert!(pkb["bills"][0]["receipt_number"].as_str().is_some_and(|n| n.starts_with("KW-")), "{pkb}");
    let html = app.get("/pajak/pkb/L1234AB").await.text().await.expect("html");
    assert!(html.contains("Lunas") && html.contains("Rp0"), "{html}");

    // 5-6. Unknown numbers: 404 page and API; an ill-formed one in the API is 422.
    let r = app.get("/pajak/pbb/999999999999999999").await;
    assert_eq!(r.status(), 404);
    assert!(r.text().await.expect("html").contains("tidak ditemukan"));
    let (s, _) = app.get_json("/api/v1/taxes/pkb/B9999ZZ").await;
    assert_eq!(s, 404);
    let (s, body) = app.api(Method::GET, "/api/v1/taxes/pbb/12-34", None, None).await;
    assert_eq!(s, 422, "{body}");

    // 7-8. Seven lookups from this address were allowed; the eighth waits.
    let (s, _) = app.get_json("/api/v1/taxes/pbb/357801000100100010").await;
    assert_eq!(s, 200);
    let (s, _) = app.get_json("/api/v1/taxes/pbb/357801000100100010").await;
    assert_eq!(s, 429, "the eighth lookup is refused");
    assert_eq!(app.get("/pajak/pkb/L1234AB").await.status(), 429);
}
