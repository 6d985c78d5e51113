//! Bank statement reconciliation (issue 15): an MT940 statement (checked by the independent
//! `mt-940` Python package) whose credits settle a bill, confirm a gateway's payment, pay a bill
//! twice and name no bill; its debit skipped; imported again, nothing changes. A CSV export
//! through the real `satupintu payments import-statement`, and a malformed one that changes
//! nothing.

use reqwest::Method;
use serde_json::Value;
use sqlx::Row as _;
use time::Date;

use crate::both;
use crate::cli::satupintu;
use crate::common::{ledger_leaves, Backend, TestApp, NIK_A};
use crate::payments::{apply_sim, notification, payments_app, SERVER_KEY};
use satupintu::payments::reconcile::{self, Summary};
use satupintu::payments::statement;

both!(an_mt940_statement_settles_confirms_and_queues, the_command_imports_a_csv_export);

/// Today in WIB, the statements' value date.
fn today() -> Date {
    satupintu::calendar::local_date(satupintu::db::now(), 7)
}

/// An MT940 statement of account 1234567890 with these lines (`C` or `D`, rupiah, bank
/// reference, narrative lines), its balances adding up, in the SWIFT block wrapper.
fn mt940(day: Date, lines: &[(char, i64, &str, &[&str])]) -> String {
    let d = format!("{:02}{:02}{:02}", day.year() % 100, u8::from(day.month()), day.day());
    let opening = 5_000_000;
    let mut out = format!(
        "{{1:F01BPDAIDJAXXXX0000000000}}{{2:I940BPDAIDJAXXXXN}}{{4:\r\n:20:STMT{d}\r\n:25:1234567890\r\n\
         :28C:00001/001\r\n:60F:C{d}IDR{opening},00\r\n"
    );
    let mut balance = opening;
    for (mark, amount, bank_ref, narrative) in lines {
        balance += if *mark == 'C' { *amount } else { -amount };
        out.push_str(&format!(":61:{d}{}{mark}{amount},00NTRFNONREF//{bank_ref}\r\n", &d[2..]));
        out.push_str(&format!(":86:{}\r\n", narrative.join("\r\n")));
    }
    out.push_str(&format!(":62F:C{d}IDR{balance},00\r\n-}}\r\n"));
    out
}

/// What the `mt-940` package reads in a file: each transaction's amount (signed), status and
/// date, and the closing balance.
fn python_mt940(path: &std::path::Path) -> Value {
    let script = "import json, sys, mt940\n\
                  t = mt940.parse(sys.argv[1])\n\
                  print(json.dumps({'closing': str(t.data['final_closing_balance'].amount.amount),\n\
                  'lines': [[str(x.data['amount'].amount), x.data['status'], str(x.data['date'])] for x in t]}))\n";
    let out = std::process::Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(path)
        .output()
        .expect("python3 (scripts/test installs mt-940)");
    assert!(out.status.success(), "mt-940 could not read the statement: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("json")
}

/// Ledger leaves queued or in the log, in one statement (the sequencer moves them meanwhile).
const ALL_LEAVES: &str = "SELECT (SELECT COUNT(*) FROM ledger_queue) + (SELECT COUNT(*) FROM ledger_entries)";

async fn count(app: &TestApp, sql: &str) -> i64 {
    sqlx::query(sql).fetch_one(app.state.db.pool()).await.expect(sql).get(0)
}

async fn bill_status(app: &TestApp, code: &str) -> String {
    let (s, bill) = app.get_json(&format!("/api/v1/bills/{code}")).await;
    assert_eq!(s, 200, "{bill}");
    bill["status"].as_str().unwrap_or_default().to_string()
}

/// The bill of a new SIM renewal application (Rp75.000).
async fn new_bill(app: &TestApp, citizen: &str) -> (String, String) {
    let view = apply_sim(app, citizen).await;
    (view["code"].as_str().expect("code").into(), view["bills"][0]["code"].as_str().expect("bill").into())
}

fn grouped(code: &str) -> String {
    format!("{} {} {} {}", &code[0..4], &code[4..8], &code[8..12], &code[12..])
}

async fn an_mt940_statement_settles_confirms_and_queues(b: Backend) {
    let app = payments_app(b).await;
    let citizen = app.citizen(NIK_A, "Siti Rahayu", "siti@contoh.id").await;
    let (application, by_statement) = new_bill(&app, &citizen).await;
    let (_, by_gateway) = new_bill(&app, &citizen).await;
    // The second bill is paid through the gateway first; the bank's credit confirms it later.
    let (s, r) = app
        .post_json(
            "/api/v1/payments/notifications",
            notification(&by_gateway, "tx-gw-1", "75000.00", satupintu::db::now(), SERVER_KEY),
        )
        .await;
    assert_eq!((s, r["result"].as_str()), (200, Some("settled")), "{r}");

    let day = today();
    let text = mt940(
        day,
        &[
            ('C', 75_000, "BR001", &["PEMBAYARAN VA", &format!("8801{by_statement}"), "SITI RAHAYU"]),
            ('C', 75_000, "BR002", &[&format!("QRIS SETTLEMENT {}", grouped(&by_gateway))]),
            ('C', 75_000, "BR003", &[&format!("TRANSFER ULANG {by_statement}")]),
            ('C', 50_000, "BR004", &["TRANSFER DARI BUDI SANTOSO"]),
            ('D', 6_500, "BR005", &["BIAYA ADMINISTRASI"]),
        ],
    );
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("statement.sta");
    std::fs::write(&path, &text).expect("write");

    // The independent parser reads the same file the same way.
    let parsed = statement::parse(&text).expect("our parser reads it");
    let python = python_mt940(&path);
    let ours: Vec<Value> = parsed
        .lines
        .iter()
        .map(|l| match l.is_credit() {
            true => serde_json::json!([format!("{}.00", l.amount_idr), "C", l.value_date.to_string()]),
            false => serde_json::json!([format!("-{}", l.amount_idr), "D", l.value_date.to_string()]),
        })
        .collect();
    let theirs: Vec<Value> = python["lines"]
        .as_array()
        .expect("lines")
        .iter()
        .map(|l| {
            // mt-940 keeps the decimals it read ("75000.00") and drops them on debits ("-6500.00" or "-6500").
            let amount = l[0].as_str().unwrap_or_default();
            let amount =
                if amount.starts_with('-') { amount.trim_end_matches(".00").to_string() } else { amount.into() };
            serde_json::json!([amount, l[1], l[2]])
        })
        .collect();
    assert_eq!(ours, theirs, "mt-940 reads {python}");
    assert_eq!(python["closing"], "5268500.00");

    let summary = reconcile::import(&app.state, &parsed).await.expect("imported");
    assert_eq!(summary, Summary { settled: 1, confirmed: 1, duplicate: 0, double: 1, unmatched: 1, skipped: 1 });

    // The credit naming the first bill's virtual account paid it: the application goes on,
    // paid on the value date (WIB midnight).
    assert_eq!(bill_status(&app, &by_statement).await, "paid");
    let (_, view) = app.api(Method::GET, &format!("/api/v1/applications/{application}"), Some(&citizen), None).await;
    assert_eq!(view["status"], "submitted", "{view}");
    let midnight = day.midnight().assume_utc().unix_timestamp() - 7 * 3600;
    let paid_at = count(&app, "SELECT paid_at FROM payments WHERE provider = 'statement' AND status = 'settled'").await;
    assert_eq!(paid_at, midnight);
    // The gateway's payment is confirmed by the bank, not paid twice.
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM payments WHERE provider = 'gateway' AND reconciled_at IS NOT NULL").await,
        1
    );
    assert_eq!(count(&app, "SELECT COUNT(*) FROM payments WHERE provider = 'statement'").await, 3);
    assert_eq!(ledger_leaves(&app, "payment.reconciled").await, 1);
    // The second transfer for the paid bill and the transfer naming no bill wait for the
    // treasurer, the narrative kept for them.
    assert_eq!(count(&app, "SELECT COUNT(*) FROM payments WHERE status = 'double' AND channel = 'transfer'").await, 1);
    let note: String = sqlx::query(
        "SELECT note FROM payments WHERE status = 'unmatched' AND provider = 'statement' AND bill_id IS NULL",
    )
    .fetch_one(app.state.db.pool())
    .await
    .expect("unmatched")
    .get(0);
    assert!(note.contains("BUDI SANTOSO"), "{note}");

    // The same statement again: every credit is a duplicate, nothing changes.
    let leaves = count(&app, ALL_LEAVES).await;
    let again = reconcile::import(&app.state, &statement::parse(&text).expect("again")).await.expect("imported");
    assert_eq!(again, Summary { duplicate: 4, skipped: 1, ..Summary::default() });
    assert_eq!(count(&app, "SELECT COUNT(*) FROM payments").await, 4);
    assert_eq!(count(&app, ALL_LEAVES).await, leaves, "no new ledger leaf");

    // A later statement with a new credit for the gateway-paid bill: that payment is
    // reconciled already, so this one is a double payment.
    let later = mt940(day, &[('C', 75_000, "BR006", &[&format!("BAYAR {by_gateway}")])]);
    let s = reconcile::import(&app.state, &statement::parse(&later).expect("valid")).await.expect("imported");
    assert_eq!(s, Summary { double: 1, ..Summary::default() });

    // A statement with cents, or one cut before its closing balance, is refused whole.
    let cents = text.replace("C50000,00", "C50000,50");
    let e = statement::parse(&cents).expect_err("cents");
    assert_eq!((e.key, e.line), ("pay-statement-error-cents", 14));
    let cut: String = text.lines().take(12).collect::<Vec<_>>().join("\n");
    assert_eq!(statement::parse(&cut).map_err(|e| e.key), Err("pay-statement-error-incomplete"));
}

async fn the_command_imports_a_csv_export(b: Backend) {
    let app = payments_app(b).await;
    let citizen = app.citizen(NIK_A, "Siti Rahayu", "siti@contoh.id").await;
    let (_, first) = new_bill(&app, &citizen).await;
    let (_, second) = new_bill(&app, &citizen).await;
    let day = today();
    let d = format!("{:02}/{:02}/{}", day.day(), u8::from(day.month()), day.year());
    let dir = tempfile::tempdir().expect("tempdir");
    let url = Some(app.database_url.clone());
    let run = |name: &str, text: String| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).expect("write");
        satupintu(&app.data_dir, &url, &["payments", "import-statement", path.to_str().expect("path")], None)
    };

    // A bank's semicolon export with a preamble, Indonesian amounts, separate debit and credit.
    let export = format!(
        "No. Rekening;1234567890\r\nPeriode;{d} - {d}\r\n\r\nTanggal;Keterangan;Debet;Kredit;Saldo;No. Referensi\r\n\
         {d};TRSF E-BANKING KODE BAYAR {first};;75.000,00;5.075.000,00;FT26001\r\n\
         {d};BIAYA ADM;6.500,00;;5.068.500,00;FT26002\r\n"
    );
    let (ok, out, err) = run("mutasi.csv", export.clone());
    assert!(ok, "{err}");
    for line in ["settled: 1", "confirmed: 0", "duplicate: 0", "double: 0", "unmatched: 0", "skipped: 1"] {
        assert!(out.contains(line), "{line} in {out}");
    }
    assert_eq!(bill_status(&app, &first).await, "paid");
    let (ok, out, err) = run("mutasi.csv", export);
    assert!(ok && out.contains("duplicate: 1") && out.contains("settled: 0"), "{out} {err}");

    // A malformed file (cents on its third line): exit 1, the line named, nothing changed
    // although its first row was fine.
    let bad = format!("date,description,amount\n{day},PAY {second},75000.00\n{day},interest,1234.56\n");
    let (ok, out, err) = run("bad.csv", bad);
    assert!(!ok, "{out}");
    assert!(err.contains("Line 3") && err.contains("whole") && err.contains("Nothing was changed"), "{err}");
    assert_eq!(bill_status(&app, &second).await, "unpaid");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM payments").await, 1);
}
