//! Automatic verification of application fields through the exchange: a citizen chooses it on
//! the SKTM form (with consent) instead of uploading the RT/RW letter; once submitted, the
//! provider agency is asked over the signed exchange (this instance itself, or a second running
//! process) and the answer with its source is shown to the officer and the citizen; withdrawn
//! consent stops the ask; an unreachable provider is "gagal" and retried; bad input is refused.

use reqwest::Method;
use satupintu::exchange::keys::MemberKey;
use satupintu::exchange::service;
use satupintu::exchange::store::{Member, Purpose, Rule};
use satupintu::exchange::verify;
use satupintu::identity::Role;
use serde_json::{json, Value};

use crate::both;
use crate::common::{csrf, post_form, Backend, TestApp, NIK_A, NIK_B};
use crate::exchange::{cli, Instance};

both!(
    verified_through_the_instance_itself_in_the_browser,
    no_match_unreachable_provider_and_retry,
    verified_by_a_second_running_instance
);

const PURPOSE: &str = "kelurahan-sktm-domisili";
const BUDI_ADDRESS: &str = "Jl. Tunjungan 12, Kota Surabaya";

/// Register `provider` (with `url` and `key`), a purpose whose client is this instance, and the
/// rule for the SKTM's RT/RW letter.
async fn rule_for(app: &TestApp, provider: &str, name: &str, key: &str, url: &str) {
    service::add_member(
        &app.state,
        Member {
            member_id: provider.into(),
            subsystem: "satupintu".into(),
            name: name.into(),
            public_key: key.into(),
            url: url.into(),
            created_at: satupintu::db::now(),
        },
    )
    .await
    .expect("member");
    let me = MemberKey::load_or_create(&app.state.config).expect("key");
    service::add_purpose(
        &app.state,
        Purpose {
            id: PURPOSE.into(),
            client_member: me.party.member.clone(),
            item: "family-at-address".into(),
            service_id: "sktm".into(),
            description_id: "Pengganti surat pengantar RT/RW".into(),
            description_en: "Instead of the RT/RW letter".into(),
            legal_basis_allowed: false,
            retired_at: None,
        },
    )
    .await
    .expect("purpose");
    verify::add_rule(
        &app.state,
        Rule {
            id: "sktm-rt-rw".into(),
            service_id: "sktm".into(),
            field: "rt_rw_letter".into(),
            provider_member: provider.into(),
            item: "family-at-address".into(),
            purpose_id: PURPOSE.into(),
            params: [("region".to_string(), "Surabaya".to_string())].into_iter().collect(),
        },
    )
    .await
    .expect("rule");
}

/// This instance answers its own questions (as the demo does).
async fn self_rule(app: &TestApp) -> String {
    let me = MemberKey::load_or_create(&app.state.config).expect("key");
    rule_for(app, &me.party.member, "Dukcapil Kota Surabaya", &me.public_b64(), &app.url("")).await;
    me.party.member
}

/// Dukcapil's record of a citizen's family (by e-mail: the NIK is sealed with each instance's key).
async fn civil_record(db: &satupintu::db::Db, email: &str, kk: &str, address: &str) {
    let done = sqlx::query("UPDATE users SET kk_number = $1, address = $2 WHERE email = $3")
        .bind(kk)
        .bind(address)
        .bind(email)
        .execute(db.pool())
        .await
        .expect("civil record");
    assert_eq!(done.rows_affected(), 1);
}

/// The SKTM's fields without the RT/RW letter.
fn sktm_fields(nik: &str) -> Value {
    json!({"nik": nik, "full_name": "Warga Uji", "kk_number": "3578011208850001", "address": BUDI_ADDRESS,
           "purpose": "pendidikan", "purpose_detail": "Beasiswa anak"})
}

/// Wait until no verification of `code` is pending; answer the application view.
async fn settled(app: &TestApp, token: &str, code: &str) -> Value {
    for _ in 0..100 {
        verify::run_due(&app.state).await.expect("run");
        let (s, v) = app.api(Method::GET, &format!("/api/v1/applications/{code}"), Some(token), None).await;
        assert_eq!(s, 200, "{v}");
        let pending = v["verifications"].as_array().expect("verifications").iter().any(|x| x["status"] == "pending");
        if !pending {
            return v;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("verification of {code} never settled");
}

/// Applies for an SKTM with the RT/RW letter checked automatically (consent given), waits until
/// the check has settled, and returns the tracking code and the application as the API shows it.
async fn applied_and_verified(app: &TestApp, token: &str, nik: &str) -> (String, Value) {
    let mut fields = sktm_fields(nik);
    fields["_verify_rt_rw_letter"] = json!("auto");
    fields["_consent_rt_rw_letter"] = json!(true);
    let (s, v) = app
        .api(
            Method::POST,
            "/api/v1/applications",
            Some(token),
            Some(json!({"service_id": "sktm", "fields": fields, "submit": true})),
        )
        .await;
    assert_eq!(s, 201, "{v}");
    let code = v["code"].as_str().expect("code").to_string();
    let v = settled(app, token, &code).await;
    (code, v)
}

async fn verified_through_the_instance_itself_in_the_browser(b: Backend) {
    let app = TestApp::spawn(b).await;
    let me = self_rule(&app).await;
    let token = app.citizen(NIK_B, "Budi Santoso", "budi@contoh.id").await;
    civil_record(&app.state.db, "budi@contoh.id", "3578011208850001", BUDI_ADDRESS).await;
    let web = app.browser("budi@contoh.id", "rahasia-warga-1", None).await;

    let form = web.get(app.url("/layanan/sktm/ajukan")).send().await.expect("get").text().await.expect("form");
    assert!(
        form.contains("Diperiksa otomatis dengan Dukcapil Kota Surabaya — tidak perlu unggah")
            && form.contains("name=\"_verify_rt_rw_letter\"")
            && form.contains("name=\"_consent_rt_rw_letter\"")
            && form.contains("Pengganti surat pengantar RT/RW"),
        "{form}"
    );
    let multipart = |consent: bool| {
        let mut mp = reqwest::multipart::Form::new().text("_csrf", csrf(&form));
        for (k, v) in sktm_fields(NIK_B).as_object().expect("obj") {
            mp = mp.text(k.clone(), v.as_str().unwrap_or_default().to_string());
        }
        mp = mp.text("_verify_rt_rw_letter", "auto");
        if consent {
            mp = mp.text("_consent_rt_rw_letter", "true");
        }
        mp
    };
    // Automatic without consent: the form again with the error; nothing created or consented.
    let r = web.post(app.url("/layanan/sktm/ajukan")).multipart(multipart(false)).send().await.expect("post");
    assert_eq!(r.status().as_u16(), 422);
    let html = r.text().await.expect("html");
    assert!(html.contains("Centang persetujuan agar berkas diperiksa otomatis"), "{html}");
    let (_, mine) = app.api(Method::GET, "/api/v1/applications", Some(&token), None).await;
    assert_eq!(mine["applications"].as_array().map(Vec::len), Some(0));
    let (_, c) = app.api(Method::GET, "/api/v1/me/consents", Some(&token), None).await;
    assert_eq!(c["history"].as_array().map(Vec::len), Some(0), "{c}");
    // Uploading nothing and choosing the upload: the letter is required as before.
    let mut fields = sktm_fields(NIK_B);
    fields["_verify_rt_rw_letter"] = json!("upload");
    let (s, e) = app
        .api(
            Method::POST,
            "/api/v1/applications",
            Some(&token),
            Some(json!({"service_id": "sktm", "fields": fields, "submit": true})),
        )
        .await;
    assert_eq!(s, 422, "{e}");
    assert!(e["error"]["details"]["rt_rw_letter"].is_string(), "{e}");

    // With consent: a draft without the letter; the consent is recorded.
    let r = web.post(app.url("/layanan/sktm/ajukan")).multipart(multipart(true)).send().await.expect("post");
    assert_eq!(r.status().as_u16(), 303, "{}", r.text().await.unwrap_or_default());
    let status_url = r.headers()["location"].to_str().expect("location").to_string();
    let code = status_url.trim_start_matches("/permohonan/").to_string();
    let (_, c) = app.api(Method::GET, "/api/v1/me/consents", Some(&token), None).await;
    let granted = c["purposes"]
        .as_array()
        .expect("purposes")
        .iter()
        .any(|p| p["purpose"]["id"] == PURPOSE && p["granted"] == true);
    assert!(granted, "{c}");
    let page = web.get(app.url(&status_url)).send().await.expect("get").text().await.expect("html");
    assert!(page.contains("Diperiksa setelah permohonan diajukan"), "{page}");
    let edit = web.get(app.url(&format!("{status_url}/ubah"))).send().await.expect("get").text().await.expect("html");
    assert!(edit.contains("value=\"auto\" checked"), "the choice is kept when editing");

    // Submitted: the exchange is asked, through this instance's own signed endpoint.
    let r = web
        .post(app.url(&format!("{status_url}/aksi")))
        .form(&[("_csrf", csrf(&page).as_str()), ("action", "submit")])
        .send()
        .await
        .expect("submit");
    assert_eq!(r.status().as_u16(), 303);
    let v = settled(&app, &token, &code).await;
    let x = &v["verifications"][0];
    assert_eq!(
        (x["field"].as_str(), x["status"].as_str(), x["provider_member"].as_str(), x["provider_name"].as_str()),
        (Some("rt_rw_letter"), Some("yes"), Some(me.as_str()), Some("Dukcapil Kota Surabaya")),
        "{v}"
    );
    let request_id = x["request_id"].as_str().expect("request id").to_string();
    assert!(satupintu::exchange::model::valid_request_id(&request_id) && x["asked_at"].is_i64());
    // Both sides of the exchange logged it (one process: an `out` and an `in` row).
    let mut conn = app.state.db.conn().await.expect("conn");
    let log = satupintu::exchange::store::log_of_request(&mut conn, &request_id).await.expect("log");
    drop(conn);
    let sides: Vec<(&str, &str)> = log.iter().map(|e| (e.direction.as_str(), e.answer.as_str())).collect();
    assert!(sides.contains(&("in", "yes")) && sides.contains(&("out", "yes")), "{sides:?}");
    // The citizen sees the outcome, and the query on "who accessed my data".
    let page = web.get(app.url(&status_url)).send().await.expect("get").text().await.expect("html");
    assert!(page.contains("Terverifikasi") && page.contains(&request_id), "{page}");
    let access = web.get(app.url("/akun/akses-data")).send().await.expect("get").text().await.expect("html");
    let table = &access[access.find("id=\"access-log\"").expect("access table")..];
    assert!(table.contains(&format!("Dukcapil Kota Surabaya ({me})")), "{table}");

    // The officer of the kelurahan sees the answer with its source.
    app.staff(Role::Officer, Some("kelurahan"), "sari@kelurahan.id").await;
    let officer = app.browser("sari@kelurahan.id", "rahasia-staf-1", None).await;
    let case_url = format!("/petugas/permohonan/{code}");
    let case = officer.get(app.url(&case_url)).send().await.expect("get").text().await.expect("html");
    assert!(
        case.contains("Terverifikasi")
            && case.contains(&format!("Sumber: Dukcapil Kota Surabaya ({me})"))
            && case.contains(&request_id)
            && case.contains("Periksa ulang"),
        "{case}"
    );
    let (_, ov) = app
        .api(
            Method::GET,
            &format!("/api/v1/applications/{code}"),
            Some(&app.login("sari@kelurahan.id", "rahasia-staf-1", None).await),
            None,
        )
        .await;
    assert_eq!(ov["verifications"][0]["status"], "yes", "{ov}");

    // Consent withdrawn: asking again is refused here, and nothing goes to the provider.
    let (s, _) = app
        .api(Method::POST, "/api/v1/me/consents", Some(&token), Some(json!({"purpose": PURPOSE, "granted": false})))
        .await;
    assert_eq!(s, 200);
    let in_before = in_rows(&app).await;
    let (s, loc, _) =
        post_form(&app, &officer, &case_url, &format!("{case_url}/periksa-ulang"), &[("field", "rt_rw_letter")]).await;
    assert_eq!((s, loc.as_str()), (303, format!("{case_url}#verifikasi").as_str()));
    let v = settled(&app, &token, &code).await;
    assert_eq!(
        (v["verifications"][0]["status"].as_str(), v["verifications"][0]["code"].as_str()),
        (Some("refused"), Some("exchange_no_consent")),
        "{v}"
    );
    assert_eq!(in_rows(&app).await, in_before, "nothing was asked");
    let case = officer.get(app.url(&case_url)).send().await.expect("get").text().await.expect("html");
    assert!(case.contains("Persetujuan ditarik"), "{case}");
    let page = web.get(app.url(&status_url)).send().await.expect("get").text().await.expect("html");
    assert!(page.contains("Persetujuan ditarik") && page.contains("unggah pindaian berkasnya"), "{page}");

    // Bad input: a field without a verification; another agency's officer; no CSRF token.
    let (s, _, _) =
        post_form(&app, &officer, &case_url, &format!("{case_url}/periksa-ulang"), &[("field", "nik")]).await;
    assert_eq!(s, 400);
    app.staff(Role::Officer, Some("disdukcapil"), "rina@dukcapil.id").await;
    let other = app.browser("rina@dukcapil.id", "rahasia-staf-1", None).await;
    let (s, _, _) = post_form(
        &app,
        &other,
        "/petugas/layanan/akta-kelahiran/ajukan",
        &format!("{case_url}/periksa-ulang"),
        &[("field", "rt_rw_letter")],
    )
    .await;
    assert_eq!(s, 404);
    let r = officer
        .post(app.url(&format!("{case_url}/periksa-ulang")))
        .form(&[("field", "rt_rw_letter")])
        .send()
        .await
        .expect("post");
    assert!(r.status().is_client_error());
    app.stop().await;
}

/// The exchange queries served here (`in` rows).
async fn in_rows(app: &TestApp) -> usize {
    let mut conn = app.state.db.conn().await.expect("conn");
    let log = satupintu::exchange::store::recent_log(&mut conn, 1000).await.expect("log");
    log.iter().filter(|e| e.direction == "in").count()
}

async fn no_match_unreachable_provider_and_retry(b: Backend) {
    let app = TestApp::spawn(b).await;
    let me = self_rule(&app).await;
    // Siti's family is registered in Bandung: the answer is no.
    let siti = app.citizen(NIK_A, "Siti Rahayu", "siti@contoh.id").await;
    civil_record(&app.state.db, "siti@contoh.id", "3273010101260001", "Jl. Asia Afrika 8, Kota Bandung").await;
    let (_, v) = applied_and_verified(&app, &siti, NIK_A).await;
    assert_eq!(v["verifications"][0]["status"], "no", "{v}");

    // The provider cannot be reached: "gagal", retried later by the job.
    let dead = std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("port").port();
    let key = MemberKey::load_or_create(&app.state.config).expect("key");
    let set_url = |url: String| {
        let (state, member, key) = (app.state.clone(), me.clone(), key.public_b64());
        async move {
            service::add_member(
                &state,
                Member {
                    member_id: member,
                    subsystem: "satupintu".into(),
                    name: "Dukcapil Kota Surabaya".into(),
                    public_key: key,
                    url,
                    created_at: satupintu::db::now(),
                },
            )
            .await
            .expect("member")
        }
    };
    set_url(format!("http://127.0.0.1:{dead}")).await;
    let budi = app.citizen(NIK_B, "Budi Santoso", "budi@contoh.id").await;
    civil_record(&app.state.db, "budi@contoh.id", "3578011208850001", BUDI_ADDRESS).await;
    let (code, v) = applied_and_verified(&app, &budi, NIK_B).await;
    let x = &v["verifications"][0];
    assert_eq!(
        (x["status"].as_str(), x["code"].as_str(), x["attempts"].as_i64()),
        (Some("failed"), Some("exchange_unreachable"), Some(1)),
        "{v}"
    );
    assert_eq!(verify::run_due(&app.state).await.expect("run"), 0, "not due again before its back-off");
    let officer = app.staff(Role::Officer, Some("kelurahan"), "sari@kelurahan.id").await;
    let web = app.browser("sari@kelurahan.id", "rahasia-staf-1", None).await;
    let case =
        web.get(app.url(&format!("/petugas/permohonan/{code}"))).send().await.expect("get").text().await.expect("html");
    assert!(case.contains("Gagal menghubungi"), "{case}");
    let _ = officer;

    // The provider is back; the retry (due once its back-off has passed) verifies it.
    set_url(app.url("")).await;
    sqlx::query("UPDATE application_verifications SET next_attempt_at = $1 WHERE status = 'failed'")
        .bind(satupintu::db::now() - 1)
        .execute(app.state.db.pool())
        .await
        .expect("due now");
    let v = settled(&app, &budi, &code).await;
    let x = &v["verifications"][0];
    assert_eq!((x["status"].as_str(), x["attempts"].as_i64()), (Some("yes"), Some(2)), "{v}");

    // The platform admin sees the rule on the exchange page.
    app.staff(Role::SuperAdmin, None, "admin@satupintu.id").await;
    let admin = app.browser("admin@satupintu.id", "rahasia-staf-1", Some("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")).await;
    let page = admin.get(app.url("/kelola/pertukaran-data")).send().await.expect("get").text().await.expect("html");
    let rules = &page[page.find("id=\"verification-rules\"").expect("rules table")..];
    assert!(
        rules.contains("<code>rt_rw_letter</code>") && rules.contains("family-at-address (region=Surabaya)"),
        "{rules}"
    );
    app.stop().await;
}

async fn verified_by_a_second_running_instance(b: Backend) {
    let app = TestApp::spawn(b).await;
    let me = MemberKey::load_or_create(&app.state.config).expect("key");
    // The provider: Dukcapil, another process with its own data directory and database.
    let mut a = Instance::new(b, "ID-GOV-DISDUKCAPIL-3578").await;
    let key_a = a.run(&["exchange", "show-key"]);
    let (_, pub_a) = key_a.trim().split_once(' ').expect("id key");
    a.run(&["migrate"]);
    a.run(&["import-catalog", &format!("{}/demo/catalog.id.json", env!("CARGO_MANIFEST_DIR"))]);
    a.run(&[
        "exchange",
        "add-member",
        "--member",
        &me.party.member,
        "--subsystem",
        &me.party.subsystem,
        "--key",
        &me.public_b64(),
        "--name",
        "SatuPintu Kelurahan",
    ]);
    a.run(&[
        "exchange",
        "add-purpose",
        "--id",
        PURPOSE,
        "--client",
        &me.party.member,
        "--item",
        "family-at-address",
        "--service",
        "sktm",
        "--description-id",
        "Pengganti surat pengantar RT/RW",
        "--description-en",
        "Instead of the RT/RW letter",
    ]);
    // Bad rules on the command line: clear messages, nothing saved.
    let (dir, db) = (a.dir.path().to_path_buf(), a.db.clone());
    let bad = |args: &[&str]| {
        let mut all = vec![
            "exchange",
            "add-verification",
            "--id",
            "r1",
            "--provider",
            "ID-GOV-DISDUKCAPIL-3578",
            "--item",
            "family-at-address",
            "--purpose",
            PURPOSE,
        ];
        all.extend_from_slice(args);
        cli(&dir, db.as_deref(), "ID-GOV-DISDUKCAPIL-3578", &all)
    };
    let (ok, _, err) = bad(&["--service", "tidak-ada", "--field", "rt_rw_letter", "--param", "region=Surabaya"]);
    assert!(!ok && err.contains("--service: Layanan itu tidak ada di katalog."), "{err}");
    let (ok, _, err) = bad(&["--service", "sktm", "--field", "tidak_ada", "--param", "region=Surabaya"]);
    assert!(!ok && err.contains("--field: Layanan itu tidak punya isian formulir dengan nama itu."), "{err}");
    let (ok, _, err) = bad(&["--service", "sktm", "--field", "rt_rw_letter"]);
    assert!(!ok && err.contains("--param:") && err.contains("--provider:"), "{err}");
    let (ok, out, _) = cli(&dir, db.as_deref(), "ID-GOV-DISDUKCAPIL-3578", &["exchange", "list-verifications"]);
    assert!(ok && out.trim().is_empty(), "{out}");
    a.serve().await;
    // Budi has an account at Dukcapil, with his family's record there and his consent.
    let token = a.citizen(NIK_B, "Budi Santoso", "budi@contoh.id").await;
    let http = reqwest::Client::new();
    let r = http
        .post(a.url("/api/v1/me/consents"))
        .bearer_auth(&token)
        .json(&json!({"purpose": PURPOSE, "granted": true}))
        .send()
        .await
        .expect("consent");
    assert_eq!(r.status().as_u16(), 200);
    let a_db = satupintu::db::Db::connect(&a.db.clone().unwrap_or_else(|| satupintu::db::sqlite_url(a.dir.path())))
        .await
        .expect("db");
    civil_record(&a_db, "budi@contoh.id", "3578011208850001", BUDI_ADDRESS).await;
    a_db.close().await;

    // Here: the provider registered with its URL, the purpose and the rule.
    rule_for(&app, "ID-GOV-DISDUKCAPIL-3578", "Dukcapil Kota Surabaya", pub_a, &a.url("")).await;
    let budi = app.citizen(NIK_B, "Budi Santoso", "budi@contoh.id").await;
    let (_, v) = applied_and_verified(&app, &budi, NIK_B).await;
    let x = &v["verifications"][0];
    assert_eq!(
        (x["status"].as_str(), x["provider_member"].as_str(), x["provider_name"].as_str()),
        (Some("yes"), Some("ID-GOV-DISDUKCAPIL-3578"), Some("Dukcapil Kota Surabaya")),
        "{v}"
    );
    // The provider logged the same request, with the citizen as its subject.
    let log_a = a.log().await;
    let served = log_a.iter().find(|e| e.request_id == x["request_id"].as_str().unwrap_or("-")).expect("logged at A");
    assert_eq!((served.direction.as_str(), served.answer.as_str(), served.basis.as_str()), ("in", "yes", "consent"));
    assert!(served.subject_user_id.is_some());
    app.stop().await;
}
