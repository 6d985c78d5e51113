//! Paying on the web (issue 15): the citizen sees the bill on the application's page, opens it
//! (QRIS code, virtual accounts), pays, downloads the signed receipt and anyone with its QR code
//! checks it; the treasurer takes cash at the counter, decides queued payments, and reads the
//! day's report (also as CSV); an officer sets a levy from the case page.

use reqwest::Method;
use satupintu::identity::Role;
use serde_json::json;
use sqlx::Row;

use crate::both;
use crate::common::{ledger_leaves, post_form, Backend, NIK_A, NIK_B};
use crate::payments::{apply_sim, notification, payments_app, SERVER_KEY};

both!(
    a_citizen_pays_on_the_web_and_keeps_a_verifiable_receipt,
    treasurers_take_cash_decide_and_report,
    reminders_expiry_and_a_new_code
);

async fn a_citizen_pays_on_the_web_and_keeps_a_verifiable_receipt(b: Backend) {
    let app = payments_app(b).await;
    let token = app.citizen(NIK_A, "Siti Rahayu", "siti@contoh.id").await;
    let view = apply_sim(&app, &token).await;
    let code = view["code"].as_str().expect("code").to_string();
    let bill = view["bills"][0]["code"].as_str().expect("bill").to_string();
    let web = app.browser("siti@contoh.id", "rahasia-warga-1", None).await;

    // The application's page shows what to pay and leads to the bill.
    let html = web.get(app.url(&format!("/permohonan/{code}"))).send().await.expect("get").text().await.expect("html");
    assert!(html.contains(&format!("href=\"/tagihan/{bill}\"")), "a way to pay from the application");
    assert!(html.contains("Rp75.000"));
    // The bill: amount in words, QRIS code drawn and as text, three virtual accounts.
    let r = web.get(app.url(&format!("/tagihan/{bill}"))).send().await.expect("get");
    assert_eq!(r.status().as_u16(), 200);
    let html = r.text().await.expect("html");
    assert!(html.contains("tujuh puluh lima ribu rupiah"), "the amount in words");
    assert!(html.contains("<svg"), "a QR code to scan");
    let payload = html.split("id=\"qris-payload\" class=\"sp-break\">").nth(1).and_then(|s| s.split('<').next());
    let payload = payload.expect("the payload as text");
    assert!(satupintu::payments::qris::decode(payload).is_some(), "a payload with a correct CRC");
    let (_, api) = app.get_json(&format!("/api/v1/bills/{bill}")).await;
    let vas = api["virtual_accounts"].as_array().expect("virtual accounts");
    assert_eq!(vas.len(), 3);
    for va in vas {
        let number = va["number"].as_str().expect("number");
        assert!(html.contains(&satupintu::payments::pages::grouped(number)), "{number} on the page");
    }
    assert!(html.contains(&code), "its citizen sees what it is for");
    // A stranger with the code sees what is owed but not what it is for; a bad code is a 404.
    let html = app.get(&format!("/tagihan/{bill}")).await.text().await.expect("html");
    assert!(html.contains("Rp75.000") && !html.contains(&code), "no application code for strangers");
    assert_eq!(app.get("/tagihan/1234567890123456").await.status().as_u16(), 404);
    // My bills.
    let html = web.get(app.url("/akun/tagihan")).send().await.expect("get").text().await.expect("html");
    assert!(html.contains(&format!("/tagihan/{bill}")) && html.contains("Belum dibayar"));

    // Paid: the page says so and offers the receipt; its PDF is signed and carries the QR's address.
    let (s, r) = app
        .post_json(
            "/api/v1/payments/notifications",
            notification(&bill, "tx-web-1", "75000.00", satupintu::db::now(), SERVER_KEY),
        )
        .await;
    assert_eq!((s, r["result"].as_str()), (200, Some("settled")), "{r}");
    let number = r["receipt_number"].as_str().expect("receipt").to_string();
    let html = web.get(app.url(&format!("/tagihan/{bill}"))).send().await.expect("get").text().await.expect("html");
    assert!(html.contains(&format!("/kuitansi/{number}/pdf")) && !html.contains("qris-payload"));
    let r = web.get(app.url(&format!("/kuitansi/{number}/pdf"))).send().await.expect("get");
    assert_eq!(r.status().as_u16(), 200);
    assert_eq!(r.headers()["content-type"], "application/pdf");
    let pdf = r.bytes().await.expect("pdf");
    let text = satupintu::documents::pdf::shown_text(&pdf).join("\n");
    assert!(
        text.contains(&number) && text.contains("Rp75.000") && text.contains("tujuh puluh lima ribu rupiah"),
        "{text}"
    );
    let url = text.lines().find_map(|l| l.strip_prefix("Verifikasi: ")).expect("the verification address").to_string();
    assert!(url.ends_with(&format!("/kuitansi/{number}")), "{url}");
    // Another citizen cannot download it.
    app.citizen(NIK_B, "Budi Santoso", "budi@contoh.id").await;
    let other = app.browser("budi@contoh.id", "rahasia-warga-1", None).await;
    let r = other.get(app.url(&format!("/kuitansi/{number}/pdf"))).send().await.expect("get");
    assert_eq!(r.status().as_u16(), 404);

    // Checking it: with the QR code's signature it is genuine; a wrong one or none shows nothing.
    let state = &app.state;
    let receipt = satupintu::payments::service::receipt_of(state, &number).await.expect("read").expect("receipt");
    assert!(receipt.valid);
    let qr = satupintu::payments::service::receipt_url(&app.url(""), &number, &receipt.signature);
    let path = qr.trim_start_matches(&app.url(""));
    let html = app.get(path).await.text().await.expect("html");
    assert!(html.contains("Kuitansi ini asli") && html.contains("Rp75.000"), "{html}");
    let r = app.get(&format!("/kuitansi/{number}?s=AAAA")).await;
    assert_eq!(r.status().as_u16(), 200);
    let html = r.text().await.expect("html");
    assert!(html.contains("Kuitansi tidak dapat dipastikan") && !html.contains("Rp75.000"));
    assert_eq!(app.get("/kuitansi/KW-2026-999999").await.status().as_u16(), 404);

    // A renewal is refused for a paid bill and changes nothing.
    let (s, _, _) = post_form(&app, &web, "/akun", &format!("/tagihan/{bill}/perbarui"), &[]).await;
    assert_eq!(s, 409);
    let (_, mine) = app.api(Method::GET, "/api/v1/me/bills", Some(&token), None).await;
    assert_eq!(mine["bills"].as_array().map(Vec::len), Some(1));
}

async fn treasurers_take_cash_decide_and_report(b: Backend) {
    let app = payments_app(b).await;
    let token = app.citizen(NIK_A, "Siti Rahayu", "siti@contoh.id").await;
    let first = apply_sim(&app, &token).await;
    let bill = first["bills"][0]["code"].as_str().expect("bill").to_string();
    let second = apply_sim(&app, &token).await;
    let other_bill = second["bills"][0]["code"].as_str().expect("bill").to_string();
    app.staff(Role::Treasurer, Some("bapenda"), "bendahara@bapenda.id").await;
    let desk = app.browser("bendahara@bapenda.id", "rahasia-staf-1", None).await;
    let citizen = app.browser("siti@contoh.id", "rahasia-warga-1", None).await;
    assert_eq!(citizen.get(app.url("/kelola/pembayaran")).send().await.expect("get").status().as_u16(), 403);

    // At the counter: a mistyped code is an error on the form; the right one takes the cash.
    let counter = format!("/kelola/pembayaran/loket?kode={bill}");
    let (s, _, html) = post_form(&app, &desk, &counter, "/kelola/pembayaran/loket", &[("kode", "1234")]).await;
    assert_eq!(s, 422);
    assert!(html.contains("govuk-error-summary") && html.contains("href=\"#kode\""), "{html}");
    let html = desk
        .get(app.url(&format!("/kelola/pembayaran/loket?kode={bill}")))
        .send()
        .await
        .expect("get")
        .text()
        .await
        .expect("html");
    assert!(html.contains("Terima Rp75.000 tunai"), "the bill to take cash for");
    let (s, location, _) = post_form(&app, &desk, &counter, "/kelola/pembayaran/loket", &[("kode", &bill)]).await;
    assert_eq!(s, 303);
    assert!(location.starts_with("/kelola/pembayaran/loket?kuitansi=KW-"), "{location}");
    let (_, view) = app.api(Method::GET, &format!("/api/v1/bills/{bill}"), Some(&token), None).await;
    assert_eq!(view["status"], "paid");
    // Twice (from a page still open on another bill): refused, nothing changes.
    let open = format!("/kelola/pembayaran/loket?kode={other_bill}");
    let (s, _, html) = post_form(&app, &desk, &open, "/kelola/pembayaran/loket", &[("kode", &bill)]).await;
    assert_eq!(s, 422);
    assert!(html.contains("tidak sedang menunggu pembayaran"));
    assert_eq!(ledger_leaves(&app, "payment.settled").await, 1);

    // The gateway pays the same bill again (double), and sends money naming no bill (unmatched).
    let now = satupintu::db::now();
    let (_, r) =
        app.post_json("/api/v1/payments/notifications", notification(&bill, "tx-d", "75000.00", now, SERVER_KEY)).await;
    assert_eq!(r["result"], "double");
    let (_, r) = app
        .post_json(
            "/api/v1/payments/notifications",
            notification("2610000000000000", "tx-u", "75000.00", now, SERVER_KEY),
        )
        .await;
    assert_eq!(r["result"], "unmatched", "{r}");
    let html = desk.get(app.url("/kelola/pembayaran")).send().await.expect("get").text().await.expect("html");
    assert_eq!(html.matches("/tetapkan\"").count(), 2, "both wait in the queue");
    let ids: Vec<String> = html
        .split("id=\"payment-")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .filter(|s| s.chars().all(|c| c.is_ascii_digit()))
        .map(str::to_string)
        .collect();
    assert_eq!(ids.len(), 2, "{ids:?}");
    // A refund needs a reason; the error sits by that payment's field.
    let (s, _, html) = post_form(
        &app,
        &desk,
        "/kelola/pembayaran",
        &format!("/kelola/pembayaran/{}/kembalikan", ids[0]),
        &[("alasan", "")],
    )
    .await;
    assert_eq!(s, 422);
    assert!(html.contains(&format!("href=\"#alasan-{}\"", ids[0])), "{html}");
    let (s, _, _) = post_form(
        &app,
        &desk,
        "/kelola/pembayaran",
        &format!("/kelola/pembayaran/{}/kembalikan", ids[0]),
        &[("alasan", "Dibayar dua kali")],
    )
    .await;
    assert_eq!(s, 303);
    // The unmatched money was meant for the second application's bill.
    let (s, _, _) = post_form(
        &app,
        &desk,
        "/kelola/pembayaran",
        &format!("/kelola/pembayaran/{}/tetapkan", ids[1]),
        &[("kode", &other_bill)],
    )
    .await;
    assert_eq!(s, 303);
    let (_, view) = app.api(Method::GET, &format!("/api/v1/bills/{other_bill}"), Some(&token), None).await;
    assert_eq!(view["status"], "paid", "{view}");
    let html = desk.get(app.url("/kelola/pembayaran")).send().await.expect("get").text().await.expect("html");
    assert!(html.contains("id=\"queue-empty\""));
    assert_eq!(ledger_leaves(&app, "payment.refunded").await, 1);
    assert_eq!(ledger_leaves(&app, "payment.assigned").await, 1);

    // The day's report: two received (counter and assigned), one refunded; the same as CSV.
    let html = desk.get(app.url("/kelola/pembayaran/laporan")).send().await.expect("get").text().await.expect("html");
    assert!(html.contains("Rp150.000 (2)"), "{html}");
    let r = desk.get(app.url("/kelola/pembayaran/laporan.csv")).send().await.expect("get");
    assert_eq!(r.status().as_u16(), 200);
    let csv = r.text().await.expect("csv");
    let row = csv.lines().find(|l| l.contains(",polri-satpas,pnbp,")).expect("the agency's line");
    assert!(row.ends_with(",2,150000,0,1,75000,0,0"), "{csv}");
    // An auditor reads it too; a citizen does not.
    app.staff(Role::Auditor, None, "auditor@inspektorat.id").await;
    let auditor = app.browser("auditor@inspektorat.id", "rahasia-staf-1", None).await;
    let html =
        auditor.get(app.url("/kelola/pembayaran/laporan")).send().await.expect("get").text().await.expect("html");
    assert!(html.contains("Rp150.000 (2)"));
    assert_eq!(citizen.get(app.url("/kelola/pembayaran/laporan")).send().await.expect("get").status().as_u16(), 403);

    // An officer sets a levy from the case page: the application waits for its bill.
    let officer_token = app.staff(Role::Officer, Some("polri-satpas"), "petugas@satpas.id").await;
    let code = first["code"].as_str().expect("code");
    let (s, _) = app
        .api(
            Method::POST,
            &format!("/api/v1/applications/{code}/actions"),
            Some(&officer_token),
            Some(json!({"action": "claim"})),
        )
        .await;
    assert_eq!(s, 200);
    let officer = app.browser("petugas@satpas.id", "rahasia-staf-1", None).await;
    let case = format!("/petugas/permohonan/{code}");
    let (s, _, html) =
        post_form(&app, &officer, &case, &format!("{case}/retribusi"), &[("amount_idr", "x"), ("basis", "")]).await;
    assert_eq!(s, 400, "a levy needs an amount and its basis");
    assert!(html.contains("Jumlah harus bilangan bulat rupiah"), "the problem is named: {html}");
    let (s, location, _) = post_form(
        &app,
        &officer,
        &case,
        &format!("{case}/retribusi"),
        &[("amount_idr", "150.000"), ("basis", "Perda 1/2024 Pasal 12")],
    )
    .await;
    assert_eq!((s, location.as_str()), (303, case.as_str()));
    let (_, view) = app.api(Method::GET, &format!("/api/v1/applications/{code}"), Some(&token), None).await;
    assert_eq!(view["status"], "awaiting_payment");
    let levy = view["bills"].as_array().and_then(|b| b.iter().find(|b| b["kind"] == "levy")).expect("the levy");
    assert_eq!(levy["amount_idr"], 150000);
}

/// Notices of `kind` queued for e-mail.
async fn queued(app: &crate::common::TestApp, kind: &str) -> i64 {
    sqlx::query("SELECT COUNT(*) FROM outbox WHERE kind = $1 AND channel = 'email'")
        .bind(kind)
        .fetch_one(app.state.db.pool())
        .await
        .expect("outbox")
        .get(0)
}

async fn set_bill(app: &crate::common::TestApp, code: &str, sql: &str, values: [i64; 2]) {
    sqlx::query(&format!("UPDATE bills SET {sql} WHERE code = $3"))
        .bind(values[0])
        .bind(values[1])
        .bind(code)
        .execute(app.state.db.pool())
        .await
        .expect("update bill");
}

async fn reminders_expiry_and_a_new_code(b: Backend) {
    let app = payments_app(b).await;
    let token = app.citizen(NIK_A, "Siti Rahayu", "siti@contoh.id").await;
    let bill_of = |v: &serde_json::Value| v["bills"][0]["code"].as_str().expect("bill").to_string();
    let soon = bill_of(&apply_sim(&app, &token).await);
    let long = bill_of(&apply_sim(&app, &token).await);
    let gone_app = apply_sim(&app, &token).await;
    let gone = bill_of(&gone_app);
    let now = satupintu::db::now();
    let jobs = || satupintu::payments::jobs::run(&app.state, satupintu::db::now());

    // Its code expires within a day: one reminder, however often the job runs.
    set_bill(&app, &soon, "expires_at = $1, created_at = $2", [now + 3600, now - 3600]).await;
    // A bill that runs for weeks (a tax, a levy), due tomorrow: one reminder of the due date.
    let tomorrow = satupintu::calendar::local_date(now + 86_400, 7).to_string();
    sqlx::query("UPDATE bills SET due_date = $1, expires_at = $2, created_at = $3 WHERE code = $4")
        .bind(&tomorrow)
        .bind(now + 2 * 86_400)
        .bind(now - 20 * 86_400)
        .bind(&long)
        .execute(app.state.db.pool())
        .await
        .expect("update");
    // Past its expiry.
    set_bill(&app, &gone, "expires_at = $1, created_at = $2", [now - 60, now - 4 * 86_400]).await;
    let (_, shown) = app.get_json(&format!("/api/v1/bills/{gone}")).await;
    assert_eq!(
        (shown["status"].as_str(), &shown["qris"]),
        (Some("expired"), &serde_json::Value::Null),
        "past its expiry it cannot be paid, even before the job runs"
    );
    jobs().await.expect("jobs");
    jobs().await.expect("jobs again");
    assert_eq!(queued(&app, "bill_expiring").await, 1);
    assert_eq!(queued(&app, "bill_due").await, 1);
    assert_eq!(ledger_leaves(&app, "payment.bill_expired").await, 1);
    let status: String = sqlx::query("SELECT status FROM bills WHERE code = $1")
        .bind(&gone)
        .fetch_one(app.state.db.pool())
        .await
        .expect("bill")
        .get(0);
    assert_eq!(status, "expired");

    // A payment arriving for the expired code is not taken: it waits for a treasurer.
    let (_, r) = app
        .post_json("/api/v1/payments/notifications", notification(&gone, "tx-late", "75000.00", now, SERVER_KEY))
        .await;
    assert_eq!(r["result"], "unmatched", "{r}");

    // Its citizen asks for a new code on the bill's page: same amount, a fresh code, the old one stays expired.
    let web = app.browser("siti@contoh.id", "rahasia-warga-1", None).await;
    let page = format!("/tagihan/{gone}");
    let html = web.get(app.url(&page)).send().await.expect("get").text().await.expect("html");
    assert!(html.contains("Minta kode bayar baru"), "a way out of an expired code");
    let (s, location, _) = post_form(&app, &web, &page, &format!("{page}/perbarui"), &[]).await;
    assert_eq!(s, 303);
    let fresh = location.trim_start_matches("/tagihan/").to_string();
    assert_ne!(fresh, gone);
    let (_, view) = app.get_json(&format!("/api/v1/bills/{fresh}")).await;
    assert_eq!((view["status"].as_str(), view["amount_idr"].as_i64()), (Some("unpaid"), Some(75_000)));
    let code = gone_app["code"].as_str().expect("code");
    let (_, app_view) = app.api(Method::GET, &format!("/api/v1/applications/{code}"), Some(&token), None).await;
    let statuses: Vec<&str> =
        app_view["bills"].as_array().expect("bills").iter().filter_map(|b| b["status"].as_str()).collect();
    assert_eq!(statuses.len(), 2, "{app_view}");
    assert!(statuses.contains(&"expired") && statuses.contains(&"unpaid"));
    // The old code's page leads to the new one; asking again changes nothing.
    let html = web.get(app.url(&page)).send().await.expect("get").text().await.expect("html");
    assert!(html.contains(&format!("href=\"/tagihan/{fresh}\"")) && !html.contains("Minta kode bayar baru"));
    let (s, _, _) = post_form(&app, &web, "/akun", &format!("{page}/perbarui"), &[]).await;
    assert_eq!(s, 409);
}
