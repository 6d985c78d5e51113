//! Agency-to-agency exchange with consent: a signed query answered with the citizen's consent,
//! refused without it and at once after its withdrawal; tampered, replayed, stale and unknown
//! requests refused with their stable codes; responses signed by the server; the citizen's
//! access log shows every query; the super admin registers members and purposes with the
//! forms of `/kelola/pertukaran-data` and retires a purpose; and two real processes, each with its own data directory,
//! asking each other through the reference client (`satupintu exchange query`).

use std::process::{Command, Stdio};
use std::time::Duration;

use ed25519_dalek::SigningKey;
use reqwest::Method;
use satupintu::exchange::keys::MemberKey;
use satupintu::exchange::model::{self, Party, Query, B64};
use satupintu::exchange::service;
use satupintu::exchange::store::{Member, Purpose};
use serde_json::{json, Value};

use crate::both;
use crate::common::{self, ledger_leaves, post_form, Backend, TestApp, NIK_A, NIK_B};

both!(
    exchange_consent_is_checked_at_query_time,
    exchange_refuses_tampered_replayed_stale_and_unknown,
    exchange_consent_pages,
    exchange_admin_forms_register_and_retire,
    exchange_between_two_processes
);

const CLIENT: &str = "ID-GOV-BPJSKES";

/// A member system with its key, registered on `app`, and two purposes for it.
async fn setup(app: &TestApp) -> SigningKey {
    use base64::Engine as _;
    let key = SigningKey::from_bytes(&[42; 32]);
    service::add_member(
        &app.state,
        Member {
            member_id: CLIENT.into(),
            subsystem: "kepesertaan".into(),
            name: "BPJS Kesehatan".into(),
            public_key: B64.encode(key.verifying_key().to_bytes()),
            url: String::new(),
            created_at: satupintu::db::now(),
        },
    )
    .await
    .expect("member");
    for (id, item, legal) in
        [("bpjs-pendaftaran", "applicant-registered", false), ("bpjs-verifikasi", "family-at-address", true)]
    {
        service::add_purpose(
            &app.state,
            Purpose {
                id: id.into(),
                client_member: CLIENT.into(),
                item: item.into(),
                service_id: "bpjs-kesehatan".into(),
                description_id: "Pendaftaran peserta JKN".into(),
                description_en: "JKN membership registration".into(),
                legal_basis_allowed: legal,
                retired_at: None,
            },
        )
        .await
        .expect("purpose");
    }
    key
}

fn query(app: &TestApp, purpose: &str, item: &str, nik: &str) -> Query {
    let me = MemberKey::load_or_create(&app.state.config).expect("server key");
    Query {
        client: Party { member: CLIENT.into(), subsystem: "kepesertaan".into() },
        service: me.party,
        item: item.into(),
        purpose: purpose.into(),
        subject_nik: nik.into(),
        params: [("region".to_string(), "Surabaya".to_string())].into_iter().collect(),
        legal_basis: None,
        consent_ref: Some("BPJS-CONSENT-1".into()),
        request_id: model::new_request_id(),
        issued_at: satupintu::db::now(),
    }
}

/// Send a query signed by `key` over `signed_body` (the body actually sent is `body`); answer
/// (status, JSON) after checking the server's signature on the response.
async fn send_raw(app: &TestApp, key: &SigningKey, q: &Query, body: &[u8], signed_body: &[u8]) -> (u16, Value) {
    let client = q.client.id();
    let sig = model::sign(
        key,
        &model::request_string("POST", model::QUERY_PATH, signed_body, q.issued_at, &q.request_id, &client),
    );
    let resp = app
        .client
        .post(app.url(model::QUERY_PATH))
        .header("content-type", "application/json")
        .header(model::H_CLIENT, &client)
        .header(model::H_TIMESTAMP, q.issued_at.to_string())
        .header(model::H_REQUEST_ID, &q.request_id)
        .header(model::H_SIGNATURE, sig)
        .body(body.to_vec())
        .send()
        .await
        .expect("send");
    let status = resp.status().as_u16();
    let h = |n: &str| resp.headers().get(n).and_then(|v| v.to_str().ok()).expect("signed response header").to_string();
    let (service, ts, rid, sig) =
        (h(model::H_SERVICE), h(model::H_TIMESTAMP), h(model::H_REQUEST_ID), h(model::H_SIGNATURE));
    let bytes = resp.bytes().await.expect("body");
    let me = MemberKey::load_or_create(&app.state.config).expect("server key");
    assert_eq!(service, me.party.id());
    let msg = model::response_string(status, &bytes, ts.parse().expect("ts"), &rid, &service);
    assert!(model::verify(&me.signing.verifying_key(), &msg, &sig), "the response is signed by the server");
    let tampered = model::response_string(status, b"{}", ts.parse().expect("ts"), &rid, &service);
    assert!(!model::verify(&me.signing.verifying_key(), &tampered, &sig));
    (status, serde_json::from_slice(&bytes).expect("json"))
}

async fn send(app: &TestApp, key: &SigningKey, q: &Query) -> (u16, Value) {
    let body = serde_json::to_vec(q).expect("body");
    send_raw(app, key, q, &body, &body).await
}

/// Send a query about NIK_A for `purpose` and `item`, changed by `change` before it is signed;
/// answer the status and the error code.
async fn asked(
    app: &TestApp,
    key: &SigningKey,
    purpose: &str,
    item: &str,
    change: impl FnOnce(&mut Query),
) -> (u16, String) {
    let mut q = query(app, purpose, item, NIK_A);
    change(&mut q);
    let (status, body) = send(app, key, &q).await;
    (status, body["error"]["code"].as_str().unwrap_or("").to_string())
}

async fn consent(app: &TestApp, token: &str, purpose: &str, granted: bool) {
    let (s, b) = app
        .api(Method::POST, "/api/v1/me/consents", Some(token), Some(json!({"purpose": purpose, "granted": granted})))
        .await;
    assert_eq!(s, 200, "{b}");
    let p = b["purposes"]
        .as_array()
        .expect("purposes")
        .iter()
        .find(|p| p["purpose"]["id"] == purpose)
        .expect("listed")
        .clone();
    assert_eq!(p["granted"], granted);
}

async fn exchange_consent_is_checked_at_query_time(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let key = setup(&app).await;
    let token = app.citizen(NIK_A, "Siti Rahayu", "siti@contoh.id").await;

    // No consent yet: refused, and the refusal is logged for the citizen.
    let got = asked(&app, &key, "bpjs-pendaftaran", "applicant-registered", |_| {}).await;
    assert_eq!(got, (403, "exchange_no_consent".into()));

    consent(&app, &token, "bpjs-pendaftaran", true).await;
    let q = query(&app, "bpjs-pendaftaran", "applicant-registered", NIK_A);
    let (s, b) = send(&app, &key, &q).await;
    assert_eq!(s, 200, "{b}");
    assert_eq!(b["answer"], true);
    assert_eq!(b["basis"], "consent");
    assert_eq!(b["request_id"], q.request_id.as_str());
    assert!(
        b.get("nik").is_none() && b.get("full_name").is_none() && !b.to_string().contains(NIK_A),
        "only yes/no: {b}"
    );
    // A NIK without an account: no consent can exist, so refused the same way.
    let got = asked(&app, &key, "bpjs-pendaftaran", "applicant-registered", |q| q.subject_nik = NIK_B.into()).await;
    assert_eq!(got, (403, "exchange_no_consent".into()));

    // Withdrawal holds for the very next query.
    consent(&app, &token, "bpjs-pendaftaran", false).await;
    let got = asked(&app, &key, "bpjs-pendaftaran", "applicant-registered", |_| {}).await;
    assert_eq!(got, (403, "exchange_no_consent".into()));

    // A legal basis stands in for consent only where the purpose allows it.
    let got = asked(&app, &key, "bpjs-pendaftaran", "applicant-registered", |q| {
        q.legal_basis = Some("Perpres 82/2018 pasal 13".into())
    })
    .await;
    assert_eq!(got.0, 403);
    let mut q = query(&app, "bpjs-verifikasi", "family-at-address", NIK_A);
    q.legal_basis = Some("Perpres 82/2018 pasal 13".into());
    let (s, b) = send(&app, &key, &q).await;
    assert_eq!(s, 200, "{b}");
    assert_eq!((b["answer"].as_bool(), b["basis"].as_str()), (Some(false), Some("legal")), "no KK recorded: no");

    // The citizen sees every query about them, newest first.
    let (s, log) = app.api(Method::GET, "/api/v1/me/access-log", Some(&token), None).await;
    assert_eq!(s, 200);
    let outcomes: Vec<(&str, &str, &str)> = log["entries"]
        .as_array()
        .expect("entries")
        .iter()
        .map(|e| {
            (
                e["outcome"].as_str().unwrap_or(""),
                e["purpose_id"].as_str().unwrap_or(""),
                e["basis"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        outcomes,
        vec![
            ("answered", "bpjs-verifikasi", "legal"),
            ("exchange_no_consent", "bpjs-pendaftaran", ""),
            ("exchange_no_consent", "bpjs-pendaftaran", ""),
            ("answered", "bpjs-pendaftaran", "consent"),
            ("exchange_no_consent", "bpjs-pendaftaran", ""),
        ]
    );
    assert!(
        log["entries"][0]["client_member"] == CLIENT && log["entries"][0]["basis_ref"] == "Perpres 82/2018 pasal 13"
    );
    // The consent history records both changes.
    let (_, c) = app.api(Method::GET, "/api/v1/me/consents", Some(&token), None).await;
    let changes: Vec<bool> =
        c["history"].as_array().expect("history").iter().map(|h| h["granted"].as_bool().expect("b")).collect();
    assert_eq!(changes, vec![false, true]);
    // Other citizens see none of it.
    let other = app.citizen(NIK_B, "Budi Santoso", "budi@contoh.id").await;
    let (_, log) = app.api(Method::GET, "/api/v1/me/access-log", Some(&other), None).await;
    assert_eq!(log["entries"].as_array().map(Vec::len), Some(0));
    app.stop().await;
}

async fn exchange_refuses_tampered_replayed_stale_and_unknown(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let key = setup(&app).await;
    let token = app.citizen(NIK_A, "Siti Rahayu", "siti@contoh.id").await;
    consent(&app, &token, "bpjs-pendaftaran", true).await;
    let code = |b: &Value| b["error"]["code"].as_str().unwrap_or("").to_string();

    // Tampered body: the NIK changed after signing.
    let q = query(&app, "bpjs-pendaftaran", "applicant-registered", NIK_A);
    let signed = serde_json::to_vec(&q).expect("body");
    let mut changed = q.clone();
    changed.subject_nik = NIK_B.into();
    let (s, b) = send_raw(&app, &key, &changed, &serde_json::to_vec(&changed).expect("b"), &signed).await;
    assert_eq!((s, code(&b)), (401, "exchange_bad_signature".into()));
    // Signed by another key.
    let (s, b) =
        send(&app, &SigningKey::from_bytes(&[9; 32]), &query(&app, "bpjs-pendaftaran", "applicant-registered", NIK_A))
            .await;
    assert_eq!((s, code(&b)), (401, "exchange_bad_signature".into()));

    // Replay: the same signed request twice.
    let q = query(&app, "bpjs-pendaftaran", "applicant-registered", NIK_A);
    let (s, _) = send(&app, &key, &q).await;
    assert_eq!(s, 200);
    let (s, b) = send(&app, &key, &q).await;
    assert_eq!((s, code(&b)), (409, "exchange_replay".into()));

    // Stale, in both directions.
    for skew in [-400, 400] {
        let got = asked(&app, &key, "bpjs-pendaftaran", "applicant-registered", |q| q.issued_at += skew).await;
        assert_eq!(got, (401, "exchange_stale".into()), "skew {skew}");
    }
    // Unknown member.
    let got = asked(&app, &key, "bpjs-pendaftaran", "applicant-registered", |q| {
        q.client = Party { member: "ID-GOV-ENTAH".into(), subsystem: "x".into() }
    })
    .await;
    assert_eq!(got, (401, "exchange_unknown_member".into()));
    // A purpose not registered for this item.
    let got = asked(&app, &key, "bpjs-pendaftaran", "family-at-address", |_| {}).await;
    assert_eq!(got, (403, "exchange_purpose_not_allowed".into()));
    let got = asked(&app, &key, "bansos-tidak-ada", "applicant-registered", |_| {}).await;
    assert_eq!(got, (403, "exchange_purpose_not_allowed".into()));
    // Addressed to another member.
    let got =
        asked(&app, &key, "bpjs-pendaftaran", "applicant-registered", |q| q.service.member = "ID-GOV-LAIN".into())
            .await;
    assert_eq!(got, (400, "exchange_wrong_service".into()));
    // Headers that disagree with the body, and garbage: 400, never a 500.
    let mut q = query(&app, "bpjs-pendaftaran", "applicant-registered", NIK_A);
    let body = serde_json::to_vec(&q).expect("b");
    q.request_id = model::new_request_id();
    let (s, b) = send_raw(&app, &key, &q, &body, &body).await;
    assert_eq!((s, code(&b)), (400, "exchange_malformed".into()));
    let r = app.client.post(app.url(model::QUERY_PATH)).body("{nope").send().await.expect("send");
    assert_eq!(r.status().as_u16(), 400);

    // Logged on the serving side, append-only.
    let mut conn = app.state.db.conn().await.expect("conn");
    let log = satupintu::exchange::store::recent_log(&mut conn, 100).await.expect("log");
    let outcomes: Vec<&str> = log.iter().rev().map(|e| e.outcome.as_str()).collect();
    assert_eq!(
        outcomes,
        vec![
            "exchange_bad_signature",
            "exchange_bad_signature",
            "answered",
            "exchange_replay",
            "exchange_stale",
            "exchange_stale",
            "exchange_unknown_member",
            "exchange_purpose_not_allowed",
            "exchange_purpose_not_allowed",
            "exchange_wrong_service",
        ]
    );
    assert!(log.iter().all(|e| e.direction == "in" && e.request_sha256.len() == 64 && e.response_sha256.len() == 64));
    assert!(
        sqlx::query("UPDATE exchange_log SET outcome = 'answered'").execute(&mut *conn).await.is_err(),
        "append-only"
    );
    assert!(sqlx::query("DELETE FROM exchange_log").execute(&mut *conn).await.is_err(), "append-only");
    app.stop().await;
}

async fn exchange_consent_pages(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let key = setup(&app).await;
    app.citizen(NIK_A, "Siti Rahayu", "siti@contoh.id").await;
    let web = app.browser("siti@contoh.id", "rahasia-warga-1", None).await;
    let page = web.get(app.url("/akun/persetujuan")).send().await.expect("get").text().await.expect("html");
    assert!(
        page.contains("BPJS Kesehatan")
            && page.contains("Pendaftaran peserta JKN")
            && page.contains("Berikan persetujuan")
    );
    let (s, loc, _) = post_form(
        &app,
        &web,
        "/akun/persetujuan",
        "/akun/persetujuan",
        &[("purpose", "bpjs-pendaftaran"), ("action", "grant")],
    )
    .await;
    assert_eq!((s, loc.as_str()), (303, "/akun/persetujuan?ok=saved"));
    let (s, _) = send(&app, &key, &query(&app, "bpjs-pendaftaran", "applicant-registered", NIK_A)).await;
    assert_eq!(s, 200);
    let (s, _, _) = post_form(
        &app,
        &web,
        "/akun/persetujuan",
        "/akun/persetujuan",
        &[("purpose", "bpjs-pendaftaran"), ("action", "withdraw")],
    )
    .await;
    assert_eq!(s, 303);
    let (s, _) = send(&app, &key, &query(&app, "bpjs-pendaftaran", "applicant-registered", NIK_A)).await;
    assert_eq!(s, 403);
    // Bad input: a clear 400, nothing changed.
    let (s, _, html) = post_form(
        &app,
        &web,
        "/akun/persetujuan",
        "/akun/persetujuan",
        &[("purpose", "tidak-ada"), ("action", "grant")],
    )
    .await;
    assert_eq!(s, 400);
    assert!(html.contains("Tujuan berbagi data itu tidak dikenal"));
    let (s, _, _) = post_form(
        &app,
        &web,
        "/akun/persetujuan",
        "/akun/persetujuan",
        &[("purpose", "bpjs-pendaftaran"), ("action", "x")],
    )
    .await;
    assert_eq!(s, 400);
    // Without the CSRF token: refused.
    let r = web
        .post(app.url("/akun/persetujuan"))
        .form(&[("purpose", "bpjs-pendaftaran"), ("action", "grant")])
        .send()
        .await
        .expect("post");
    assert!(r.status().is_client_error());
    let page = web.get(app.url("/akun/persetujuan")).send().await.expect("get").text().await.expect("html");
    assert!(
        page.contains("Persetujuan ditarik untuk bpjs-pendaftaran")
            && page.contains("Persetujuan diberikan untuk bpjs-pendaftaran")
    );
    assert!(page.contains("Berikan persetujuan"), "withdrawn: the grant button again");
    // Who accessed my data: both queries, with the agency's name.
    let page = web.get(app.url("/akun/akses-data")).send().await.expect("get").text().await.expect("html");
    let table = &page[page.find("id=\"access-log\"").expect("access table")..];
    assert_eq!(table.matches("BPJS Kesehatan (ID-GOV-BPJSKES)").count(), 2, "{table}");
    assert!(table.contains("Dijawab") && table.contains("Ditolak (exchange_no_consent)"));
    app.stop().await;
}

async fn exchange_admin_forms_register_and_retire(backend: Backend) {
    use base64::Engine as _;
    use satupintu::identity::Role;
    let app = TestApp::spawn(backend).await;
    let secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
    app.staff(Role::SuperAdmin, None, "root@contoh.id").await;
    let admin = app.browser("root@contoh.id", "rahasia-staf-1", Some(secret)).await;
    let page_url = "/kelola/pertukaran-data";
    let page = admin.get(app.url(page_url)).send().await.expect("get").text().await.expect("html");
    let me = MemberKey::load_or_create(&app.state.config).expect("key");
    assert!(page.contains(&me.party.member) && page.contains(&me.public_b64()), "own id and key shown");

    // Bad input: every problem named in Indonesian, nothing registered.
    let bad = [
        ("member", "bpjs"),
        ("subsystem", "Kepesertaan"),
        ("name", " "),
        ("public_key", "bukan-kunci"),
        ("url", "ftp://x"),
    ];
    let (s, _, body) = post_form(&app, &admin, page_url, "/kelola/pertukaran-data/anggota", &bad).await;
    assert_eq!(s, 422, "{body}");
    for msg in [
        "Gunakan huruf besar",
        "Gunakan huruf kecil",
        "Bukan kunci publik Ed25519",
        "Masukkan alamat http",
        "Wajib diisi",
    ] {
        assert!(body.contains(msg), "{msg}: {body}");
    }
    // A 32-byte value that is not a valid Ed25519 point is refused too.
    let not_a_point = B64.encode([0xffu8; 32]);
    let key = SigningKey::from_bytes(&[42; 32]);
    let public = B64.encode(key.verifying_key().to_bytes());
    let mut good = vec![
        ("member", CLIENT),
        ("subsystem", "kepesertaan"),
        ("name", "BPJS Kesehatan"),
        ("public_key", not_a_point.as_str()),
        ("url", ""),
    ];
    if satupintu::exchange::model::parse_public_key(&not_a_point).is_none() {
        let (s, _, body) = post_form(&app, &admin, page_url, "/kelola/pertukaran-data/anggota", &good).await;
        assert_eq!(s, 422);
        assert!(body.contains("Bukan kunci publik Ed25519"));
    }
    assert!(service::members(&app.state).await.expect("members").is_empty());
    assert_eq!(ledger_leaves(&app, "exchange.member").await, 0);
    // Without the CSRF token: refused, nothing registered.
    good[3] = ("public_key", public.as_str());
    let r = admin.post(app.url("/kelola/pertukaran-data/anggota")).form(&good).send().await.expect("post");
    assert_eq!(r.status().as_u16(), 400);
    assert!(service::members(&app.state).await.expect("members").is_empty());

    let (s, loc, _) = post_form(&app, &admin, page_url, "/kelola/pertukaran-data/anggota", &good).await;
    assert_eq!((s, loc.as_str()), (303, "/kelola/pertukaran-data?ok=saved"));
    assert_eq!(ledger_leaves(&app, "exchange.member").await, 1, "the registration is on the ledger");
    // Edit: the form starts from the registered values; saving again replaces the name.
    let edit = admin
        .get(app.url("/kelola/pertukaran-data?anggota=ID-GOV-BPJSKES/kepesertaan"))
        .send()
        .await
        .expect("get")
        .text()
        .await
        .expect("html");
    assert!(edit.contains("value=\"BPJS Kesehatan\"") && edit.contains(&format!("value=\"{public}\"")), "{edit}");
    good[2] = ("name", "BPJS Kesehatan Pusat");
    let (s, _, _) = post_form(&app, &admin, page_url, "/kelola/pertukaran-data/anggota", &good).await;
    assert_eq!(s, 303);
    let members = service::members(&app.state).await.expect("members");
    assert_eq!(members.len(), 1);
    assert_eq!((members[0].name.as_str(), members[0].public_key.as_str()), ("BPJS Kesehatan Pusat", public.as_str()));

    // Purposes: bad input refused and named, nothing registered.
    let bad = [
        ("id", "Daftar JKN"),
        ("client", "bpjs"),
        ("item", "nik-lengkap"),
        ("service", "tidak-ada"),
        ("description_id", ""),
        ("description_en", ""),
    ];
    let (s, _, body) = post_form(&app, &admin, page_url, "/kelola/pertukaran-data/tujuan", &bad).await;
    assert_eq!(s, 422, "{body}");
    for msg in ["Data itu tidak dilayani di sini", "Layanan itu tidak ada di katalog", "Wajib diisi"] {
        assert!(body.contains(msg), "{msg}: {body}");
    }
    assert!(body.contains("value=\"tidak-ada\""), "the input is kept");
    let token = app.citizen(NIK_A, "Siti Rahayu", "siti@contoh.id").await;
    let (_, c) = app.api(Method::GET, "/api/v1/me/consents", Some(&token), None).await;
    assert_eq!(c["purposes"].as_array().map(Vec::len), Some(0), "nothing registered: {c}");
    let purpose = [
        ("id", "bpjs-pendaftaran"),
        ("client", CLIENT),
        ("item", "applicant-registered"),
        ("service", "bpjs-kesehatan"),
        ("description_id", "Pendaftaran peserta JKN"),
        ("description_en", "JKN membership registration"),
    ];
    let (s, loc, _) = post_form(&app, &admin, page_url, "/kelola/pertukaran-data/tujuan", &purpose).await;
    assert_eq!((s, loc.as_str()), (303, "/kelola/pertukaran-data?ok=saved"));
    assert_eq!(ledger_leaves(&app, "exchange.purpose").await, 1);
    consent(&app, &token, "bpjs-pendaftaran", true).await;
    let (s, b) = send(&app, &key, &query(&app, "bpjs-pendaftaran", "applicant-registered", NIK_A)).await;
    assert_eq!(s, 200, "{b}");

    // Retired: no query is served for it, citizens no longer see it, consent cannot be given.
    let status = "/kelola/pertukaran-data/tujuan/bpjs-pendaftaran/status";
    let (s, _, _) = post_form(&app, &admin, page_url, status, &[("action", "hapus-semua")]).await;
    assert_eq!(s, 400);
    let (s, _, _) =
        post_form(&app, &admin, page_url, "/kelola/pertukaran-data/tujuan/tidak-ada/status", &[("action", "retire")])
            .await;
    assert_eq!(s, 404);
    let (s, b) = send(&app, &key, &query(&app, "bpjs-pendaftaran", "applicant-registered", NIK_A)).await;
    assert_eq!(s, 200, "still active after the refused changes: {b}");
    let (s, loc, _) = post_form(&app, &admin, page_url, status, &[("action", "retire")]).await;
    assert_eq!((s, loc.as_str()), (303, "/kelola/pertukaran-data?ok=saved"));
    assert_eq!(ledger_leaves(&app, "exchange.purpose.retired").await, 1);
    let (s, b) = send(&app, &key, &query(&app, "bpjs-pendaftaran", "applicant-registered", NIK_A)).await;
    assert_eq!((s, b["error"]["code"].as_str()), (403, Some("exchange_purpose_not_allowed")), "{b}");
    let (_, c) = app.api(Method::GET, "/api/v1/me/consents", Some(&token), None).await;
    assert_eq!(c["purposes"].as_array().map(Vec::len), Some(0), "{c}");
    let (s, _) = app
        .api(
            Method::POST,
            "/api/v1/me/consents",
            Some(&token),
            Some(json!({"purpose": "bpjs-pendaftaran", "granted": true})),
        )
        .await;
    assert_eq!(s, 422);
    let page = admin.get(app.url(page_url)).send().await.expect("get").text().await.expect("html");
    assert!(page.contains("Dihentikan") && page.contains("Aktifkan lagi"), "{page}");
    // Reinstated: served again on the consent still in force.
    let (s, _, _) = post_form(&app, &admin, page_url, status, &[("action", "reinstate")]).await;
    assert_eq!(s, 303);
    let (s, b) = send(&app, &key, &query(&app, "bpjs-pendaftaran", "applicant-registered", NIK_A)).await;
    assert_eq!(s, 200, "{b}");

    // An agency admin may not manage the registry.
    app.staff(Role::AgencyAdmin, Some("disdukcapil"), "admin@dukcapil.id").await;
    let other = app.browser("admin@dukcapil.id", "rahasia-staf-1", Some(secret)).await;
    let r = other.get(app.url(page_url)).send().await.expect("get");
    assert_eq!(r.status().as_u16(), 403);
    app.stop().await;
}

pub(crate) fn cli(data_dir: &std::path::Path, db: Option<&str>, member: &str, args: &[&str]) -> (bool, String, String) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_satupintu"));
    cmd.arg("--data-dir").arg(data_dir);
    if let Some(u) = db {
        cmd.arg("--database-url").arg(u);
    }
    let out = cmd
        .args(args)
        .env("SATUPINTU_EXCHANGE_MEMBER_ID", member)
        .env("SATUPINTU_EXCHANGE_SUBSYSTEM", "satupintu")
        .env("SATUPINTU_LOG", "error")
        .output()
        .expect("run satupintu");
    (out.status.success(), String::from_utf8_lossy(&out.stdout).into(), String::from_utf8_lossy(&out.stderr).into())
}

pub(crate) struct Instance {
    pub(crate) dir: tempfile::TempDir,
    pub(crate) db: Option<String>,
    member: &'static str,
    port: u16,
    child: Option<std::process::Child>,
}

impl Instance {
    pub(crate) async fn new(backend: Backend, member: &'static str) -> Instance {
        let dir = tempfile::tempdir().expect("dir");
        let db = common::database_url(backend).await;
        let port = std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("port").port();
        Instance { dir, db, member, port, child: None }
    }

    pub(crate) fn run(&self, args: &[&str]) -> String {
        let (ok, out, err) = cli(self.dir.path(), self.db.as_deref(), self.member, args);
        assert!(ok, "satupintu {args:?}: {err}");
        out
    }

    pub(crate) async fn serve(&mut self) {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_satupintu"));
        cmd.arg("serve").arg("--data-dir").arg(self.dir.path()).arg("--listen").arg(format!("127.0.0.1:{}", self.port));
        if let Some(u) = &self.db {
            cmd.arg("--database-url").arg(u);
        }
        let child = cmd
            .env("SATUPINTU_EXCHANGE_MEMBER_ID", self.member)
            .env("SATUPINTU_EXCHANGE_SUBSYSTEM", "satupintu")
            .env("SATUPINTU_LOG", "error")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start server");
        self.child = Some(child);
        let http = reqwest::Client::new();
        for _ in 0..600 {
            if http.get(self.url("/readyz")).send().await.is_ok_and(|r| r.status().is_success()) {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("{} did not start", self.member);
    }

    pub(crate) fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// Register a citizen on this instance through its API; answer their API token.
    pub(crate) async fn citizen(&self, nik: &str, name: &str, email: &str) -> String {
        common::register_citizen(&reqwest::Client::new(), &self.url(""), nik, name, email).await
    }

    pub(crate) async fn log(&self) -> Vec<satupintu::exchange::store::LogEntry> {
        let url = self.db.clone().unwrap_or_else(|| satupintu::db::sqlite_url(self.dir.path()));
        let db = satupintu::db::Db::connect(&url).await.expect("db");
        let mut conn = db.conn().await.expect("conn");
        let log = satupintu::exchange::store::recent_log(&mut conn, 100).await.expect("log");
        drop(conn);
        db.close().await;
        log
    }
}

impl Drop for Instance {
    fn drop(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

async fn exchange_between_two_processes(backend: Backend) {
    let mut a = Instance::new(backend, "ID-GOV-DISDUKCAPIL-3578").await;
    let mut b = Instance::new(backend, "ID-GOV-BPJSKES").await;
    let key_a = a.run(&["exchange", "keygen"]);
    let key_b = b.run(&["exchange", "show-key"]);
    let (id_a, pub_a) = key_a.trim().split_once(' ').expect("id key");
    let (id_b, pub_b) = key_b.trim().split_once(' ').expect("id key");
    assert_eq!((id_a, id_b), ("ID-GOV-DISDUKCAPIL-3578/satupintu", "ID-GOV-BPJSKES/satupintu"));
    assert_eq!(a.run(&["exchange", "show-key"]), key_a, "the key is kept");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode =
            std::fs::metadata(a.dir.path().join("keys/exchange.ed25519")).expect("key file").permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    a.run(&["migrate"]);
    a.run(&["import-catalog", &format!("{}/demo/catalog.id.json", env!("CARGO_MANIFEST_DIR"))]);
    let a_url = a.url("");
    a.run(&[
        "exchange",
        "add-member",
        "--member",
        "ID-GOV-BPJSKES",
        "--subsystem",
        "satupintu",
        "--key",
        pub_b,
        "--name",
        "BPJS Kesehatan",
    ]);
    a.run(&[
        "exchange",
        "add-purpose",
        "--id",
        "bpjs-pendaftaran",
        "--client",
        "ID-GOV-BPJSKES",
        "--item",
        "applicant-registered",
        "--service",
        "bpjs-kesehatan",
        "--description-id",
        "Pendaftaran JKN",
        "--description-en",
        "JKN registration",
    ]);
    b.run(&[
        "exchange",
        "add-member",
        "--member",
        "ID-GOV-DISDUKCAPIL-3578",
        "--subsystem",
        "satupintu",
        "--key",
        pub_a,
        "--name",
        "Dukcapil",
        "--url",
        &a_url,
    ]);
    a.serve().await;
    b.serve().await;

    // A citizen of A gives consent through A's API.
    let http = reqwest::Client::new();
    let token = a.citizen(NIK_A, "Siti Rahayu", "siti@contoh.id").await;
    let set = |granted: bool| {
        let (http, url, token) = (http.clone(), a.url("/api/v1/me/consents"), token.clone());
        async move {
            let r = http
                .post(url)
                .bearer_auth(token)
                .json(&json!({"purpose": "bpjs-pendaftaran", "granted": granted}))
                .send()
                .await
                .expect("consent");
            assert_eq!(r.status().as_u16(), 200);
        }
    };

    let ask = |to: String| {
        let (dir, db) = (b.dir.path().to_path_buf(), b.db.clone());
        move || {
            cli(
                &dir,
                db.as_deref(),
                "ID-GOV-BPJSKES",
                &[
                    "exchange",
                    "query",
                    "--to",
                    &to,
                    "--item",
                    "applicant-registered",
                    "--nik",
                    NIK_A,
                    "--purpose",
                    "bpjs-pendaftaran",
                ],
            )
        }
    };
    // Without consent: refused (exit 3, the code printed).
    let (ok, out, err) = tokio::task::spawn_blocking(ask(a_url.clone())).await.expect("join");
    assert!(!ok && out.contains("exchange_no_consent"), "{out} {err}");
    set(true).await;
    let (ok, out, err) = tokio::task::spawn_blocking(ask("ID-GOV-DISDUKCAPIL-3578".into())).await.expect("join");
    assert!(ok, "{out} {err}");
    let answer: Value = serde_json::from_str(out.trim()).expect("answer json");
    assert_eq!(
        (answer["answer"].as_bool(), answer["served_by"]["member"].as_str()),
        (Some(true), Some("ID-GOV-DISDUKCAPIL-3578"))
    );
    set(false).await;
    let (ok, out, _) = tokio::task::spawn_blocking(ask(a_url.clone())).await.expect("join");
    assert!(!ok && out.contains("exchange_no_consent"), "{out}");

    // Both sides logged the three requests, under the same request ids and body hashes.
    let (log_a, log_b) = (a.log().await, b.log().await);
    let side = |log: &[satupintu::exchange::store::LogEntry]| {
        log.iter()
            .rev()
            .map(|e| (e.request_id.clone(), e.request_sha256.clone(), e.response_sha256.clone(), e.outcome.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(side(&log_a), side(&log_b));
    assert_eq!(
        side(&log_a).iter().map(|s| s.3.as_str()).collect::<Vec<_>>(),
        vec!["exchange_no_consent", "answered", "exchange_no_consent"]
    );
    assert!(log_a.iter().all(|e| e.direction == "in") && log_b.iter().all(|e| e.direction == "out"));
    assert!(log_a.iter().all(|e| e.subject_user_id.is_some()), "the subject is known on the serving side");

    // A tampered reply is not accepted: B's registry holds a wrong key for A.
    let wrong = {
        use base64::Engine as _;
        B64.encode(SigningKey::from_bytes(&[3; 32]).verifying_key().to_bytes())
    };
    b.run(&[
        "exchange",
        "add-member",
        "--member",
        "ID-GOV-DISDUKCAPIL-3578",
        "--subsystem",
        "satupintu",
        "--key",
        &wrong,
        "--name",
        "Dukcapil",
        "--url",
        &a_url,
    ]);
    let (ok, _, err) = tokio::task::spawn_blocking(ask(a_url.clone())).await.expect("join");
    assert!(!ok && err.contains("not validly signed"), "{err}");
    assert_eq!(b.log().await.first().map(|e| e.outcome.clone()).as_deref(), Some("bad_response"));
}
