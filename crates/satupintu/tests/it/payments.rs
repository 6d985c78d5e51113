//! Payments (issue 15), the core: a service with a fee bills the citizen when the application is
//! submitted and the application waits in `awaiting_payment` with its time limit stopped; the
//! bill's QRIS payload is well formed; the gateway's signed notification pays it exactly once
//! (bad signatures, replays, stale notifications, double payments and wrong amounts refused or
//! queued), and every payment is a ledger leaf.

use reqwest::Method;
use satupintu::identity::Role;
use serde_json::{json, Value};
use sha2::{Digest, Sha512};

use crate::both;
use crate::common::{ledger_leaves, Backend, TestApp, NIK_A};

both!(a_fee_bills_the_citizen_and_payment_starts_the_clock, notifications_are_signed_and_count_once);

pub const SERVER_KEY: &str = "SB-Mid-server-uji-rahasia";

/// A server with the example catalogue and a gateway server key.
pub async fn payments_app(b: Backend) -> TestApp {
    TestApp::spawn_configured(b, |c| c.payment_server_key = Some(SERVER_KEY.into())).await
}

/// The fields of a valid driving-licence renewal (`sim-perpanjangan`, fee Rp75.000).
pub fn sim_fields() -> Value {
    json!({
        "nik": NIK_A,
        "full_name": "Siti Rahayu",
        "sim_number": "120304050607",
        "sim_class": "C",
        "sim_expiry": "2027-01-15",
        "pickup_method": "ambil",
        "phone": "081234567890",
    })
}

/// Apply for a SIM renewal at once, as `token`; the application.
pub async fn apply_sim(app: &TestApp, token: &str) -> Value {
    let (s, body) = app
        .api(
            Method::POST,
            "/api/v1/applications",
            Some(token),
            Some(json!({"service_id": "sim-perpanjangan", "fields": sim_fields(), "submit": true})),
        )
        .await;
    assert_eq!(s, 201, "{body}");
    body
}

/// A gateway notification (the Midtrans shape) for `order_id`, signed with `key`.
pub fn notification(order_id: &str, transaction_id: &str, amount: &str, when: i64, key: &str) -> Value {
    let time = time::OffsetDateTime::from_unix_timestamp(when).expect("time").to_offset(time::macros::offset!(+7));
    let at = format!(
        "{}-{:02}-{:02} {:02}:{:02}:{:02}",
        time.year(),
        u8::from(time.month()),
        time.day(),
        time.hour(),
        time.minute(),
        time.second()
    );
    let signature = hex::encode(Sha512::digest(format!("{order_id}200{amount}{key}").as_bytes()));
    json!({
        "transaction_time": at,
        "transaction_status": "settlement",
        "transaction_id": transaction_id,
        "status_message": "midtrans payment notification",
        "status_code": "200",
        "signature_key": signature,
        "settlement_time": at,
        "payment_type": "qris",
        "order_id": order_id,
        "merchant_id": "G000000001",
        "gross_amount": amount,
        "fraud_status": "accept",
        "currency": "IDR",
    })
}

async fn a_fee_bills_the_citizen_and_payment_starts_the_clock(b: Backend) {
    let app = payments_app(b).await;
    let citizen = app.citizen(NIK_A, "Siti Rahayu", "siti@contoh.id").await;
    let officer = app.staff(Role::Officer, Some("polri-satpas"), "petugas@satpas.id").await;

    // Submitted: waiting for its bill, no time limit yet, nothing for the officer to do.
    let view = apply_sim(&app, &citizen).await;
    let code = view["code"].as_str().expect("code").to_string();
    assert_eq!(view["status"], "awaiting_payment", "{view}");
    assert_eq!(view["due_date"], Value::Null, "the clock waits for the payment");
    let bills = view["bills"].as_array().expect("bills");
    assert_eq!(bills.len(), 1, "{view}");
    let bill = bills[0]["code"].as_str().expect("bill code").to_string();
    assert_eq!(bill.len(), 16);
    assert!(satupintu::payments::model::parse_code(&bill).is_some(), "a valid check digit");
    assert_eq!(bills[0]["amount_idr"], 75000);
    assert_eq!(bills[0]["status"], "unpaid");
    let (s, claim) = app
        .api(
            Method::POST,
            &format!("/api/v1/applications/{code}/actions"),
            Some(&officer),
            Some(json!({"action": "claim"})),
        )
        .await;
    assert_eq!(s, 409, "an unpaid application cannot be claimed: {claim}");

    // Anyone with the billing code reads what is owed and how to pay, not what it is for.
    let (s, public) = app.get_json(&format!("/api/v1/bills/{bill}")).await;
    assert_eq!(s, 200, "{public}");
    for key in ["code", "amount_idr", "status", "expires_at", "qris"] {
        assert!(!public[key].is_null(), "{key} in {public}");
    }
    assert_eq!(public["description"], Value::Null, "strangers do not see what it is for");
    assert_eq!(public["application"], Value::Null);
    let qris = public["qris"].as_str().expect("qris");
    let objects = satupintu::payments::qris::decode(qris).expect("a well-formed payload with a correct CRC");
    let tag = |t: &str| objects.iter().find(|(k, _)| k == t).map(|(_, v)| v.clone()).unwrap_or_default();
    assert_eq!(tag("54"), "75000");
    assert_eq!(tag("53"), "360");
    assert!(tag("62").contains(&bill), "the billing code travels in the payload");
    assert_eq!(public["virtual_accounts"].as_array().map(Vec::len), Some(3));
    let (s, _) = app.get_json("/api/v1/bills/1234567890123456").await;
    assert_eq!(s, 404, "a bad check digit finds nothing");
    let (s, own) = app.api(Method::GET, &format!("/api/v1/bills/{bill}"), Some(&citizen), None).await;
    assert_eq!(s, 200);
    assert_eq!(own["application"], code.as_str(), "its citizen sees what it is for");
    let (s, mine) = app.api(Method::GET, "/api/v1/me/bills", Some(&citizen), None).await;
    assert_eq!((s, mine["bills"][0]["code"].as_str()), (200, Some(bill.as_str())));

    // Paid through the gateway: the application is submitted and its time limit runs from now.
    let (s, r) = app
        .post_json(
            "/api/v1/payments/notifications",
            notification(&bill, "tx-1", "75000.00", satupintu::db::now(), SERVER_KEY),
        )
        .await;
    assert_eq!(s, 200, "{r}");
    assert_eq!(r["result"], "settled");
    let receipt = r["receipt_number"].as_str().expect("receipt").to_string();
    assert!(receipt.starts_with("KW-"));
    let (_, view) = app.api(Method::GET, &format!("/api/v1/applications/{code}"), Some(&citizen), None).await;
    assert_eq!(view["status"], "submitted", "{view}");
    assert!(view["due_date"].is_string(), "the clock started");
    assert_eq!(view["bills"][0]["status"], "paid");
    assert_eq!(view["bills"][0]["qris"], Value::Null, "a paid bill offers no QRIS");
    assert_eq!(view["bills"][0]["receipt_number"], receipt.as_str());
    let history: Vec<&str> =
        view["history"].as_array().expect("history").iter().filter_map(|h| h["action"].as_str()).collect();
    assert_eq!(history, ["create", "submit", "pay"]);
    let (s, _) = app
        .api(
            Method::POST,
            &format!("/api/v1/applications/{code}/actions"),
            Some(&officer),
            Some(json!({"action": "claim"})),
        )
        .await;
    assert_eq!(s, 200, "now the officer can take it");
    assert_eq!(ledger_leaves(&app, "payment.bill").await, 1);
    assert_eq!(ledger_leaves(&app, "payment.settled").await, 1);

    // A free service is not billed.
    let (s, free) = app
        .api(
            Method::POST,
            "/api/v1/applications",
            Some(&citizen),
            Some(json!({"service_id": "sim-perpanjangan", "fields": sim_fields(), "submit": false})),
        )
        .await;
    assert_eq!((s, free["bills"].as_array().map(Vec::len)), (201, Some(0)), "a draft has no bill yet");
    let draft = free["code"].as_str().expect("draft");
    let (s, sent) = app
        .api(
            Method::POST,
            &format!("/api/v1/applications/{draft}/actions"),
            Some(&citizen),
            Some(json!({"action": "submit"})),
        )
        .await;
    assert_eq!((s, sent["status"].as_str()), (200, Some("awaiting_payment")), "submitting a draft bills it: {sent}");
    let (s, cancelled) = app
        .api(
            Method::POST,
            &format!("/api/v1/applications/{draft}/actions"),
            Some(&citizen),
            Some(json!({"action": "cancel"})),
        )
        .await;
    assert_eq!((s, cancelled["status"].as_str()), (200, Some("cancelled")), "{cancelled}");
    let (_, view) = app.api(Method::GET, &format!("/api/v1/applications/{draft}"), Some(&citizen), None).await;
    assert_eq!(view["bills"][0]["status"], "cancelled", "cancelling cancels its bill");
}

async fn notifications_are_signed_and_count_once(b: Backend) {
    let app = payments_app(b).await;
    let citizen = app.citizen(NIK_A, "Siti Rahayu", "siti@contoh.id").await;
    let view = apply_sim(&app, &citizen).await;
    let bill = view["bills"][0]["code"].as_str().expect("bill").to_string();
    let now = satupintu::db::now();
    let post = |body: Value| app.post_json("/api/v1/payments/notifications", body);
    let payments = || async {
        use sqlx::Row as _;
        let n: i64 =
            sqlx::query("SELECT COUNT(*) FROM payments").fetch_one(app.state.db.pool()).await.expect("count").get(0);
        n
    };

    // A wrong key, a changed amount, a malformed body: refused, nothing written.
    let (s, _) = post(notification(&bill, "tx-1", "75000.00", now, "kunci-lain")).await;
    assert_eq!(s, 401);
    let mut tampered = notification(&bill, "tx-1", "75000.00", now, SERVER_KEY);
    tampered["gross_amount"] = json!("750.00");
    let (s, _) = post(tampered).await;
    assert_eq!(s, 401, "the signature covers the amount");
    let (s, e) = post(json!({"order_id": bill})).await;
    assert_eq!(s, 400, "{e}");
    // A notification from long ago (a replay of an old capture): refused.
    let (s, _) = post(notification(&bill, "tx-old", "75000.00", now - 10 * 86400, SERVER_KEY)).await;
    assert_eq!(s, 409);
    assert_eq!(payments().await, 0);
    // Pending moves no money.
    let mut pending = notification(&bill, "tx-1", "75000.00", now, SERVER_KEY);
    pending["transaction_status"] = json!("pending");
    let (s, r) = post(pending).await;
    assert_eq!((s, r["result"].as_str()), (200, Some("ignored")));

    // Paid once; the same notification again (a retry or a replay) changes nothing.
    let (s, r) = post(notification(&bill, "tx-1", "75000.00", now, SERVER_KEY)).await;
    assert_eq!((s, r["result"].as_str()), (200, Some("settled")), "{r}");
    let (s, r) = post(notification(&bill, "tx-1", "75000.00", now, SERVER_KEY)).await;
    assert_eq!((s, r["result"].as_str()), (200, Some("duplicate")));
    assert_eq!(payments().await, 1);
    // The same bill paid again through another transaction: a double payment for the treasurer.
    let (s, r) = post(notification(&bill, "tx-2", "75000.00", now, SERVER_KEY)).await;
    assert_eq!((s, r["result"].as_str()), (200, Some("double")));
    // Another bill paid with the wrong amount, and an unknown code: unmatched, the bill unpaid.
    let other = apply_sim(&app, &citizen).await;
    let other_bill = other["bills"][0]["code"].as_str().expect("bill").to_string();
    let (s, r) = post(notification(&other_bill, "tx-3", "70000.00", now, SERVER_KEY)).await;
    assert_eq!((s, r["result"].as_str()), (200, Some("unmatched")));
    let (s, r) = post(notification("2610000000000000", "tx-4", "75000.00", now, SERVER_KEY)).await;
    assert_eq!((s, r["result"].as_str()), (200, Some("unmatched")));
    let (_, still) = app.get_json(&format!("/api/v1/bills/{other_bill}")).await;
    assert_eq!(still["status"], "unpaid");
    assert_eq!(payments().await, 4);
    assert_eq!(ledger_leaves(&app, "payment.double").await, 1);
    assert_eq!(ledger_leaves(&app, "payment.unmatched").await, 2);

    // Two deliveries of one new payment at once: one settles, the other is a duplicate.
    let body = notification(&other_bill, "tx-5", "75000.00", now, SERVER_KEY);
    let (a, b2) = tokio::join!(post(body.clone()), post(body));
    let mut results =
        [a.1["result"].as_str().unwrap_or("").to_string(), b2.1["result"].as_str().unwrap_or("").to_string()];
    results.sort();
    assert_eq!(results, ["duplicate", "settled"], "{a:?} {b2:?}");
    assert_eq!(ledger_leaves(&app, "payment.settled").await, 2);

    // Without a server key the endpoint is off.
    let off = TestApp::spawn(b).await;
    let (s, _) =
        off.post_json("/api/v1/payments/notifications", notification(&bill, "tx-9", "75000.00", now, SERVER_KEY)).await;
    assert_eq!(s, 404);
}
