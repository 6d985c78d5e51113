use reqwest::Method;
use satupintu::identity::Role;
use serde_json::json;

use crate::both;
use crate::common::{csrf, Backend, TestApp, NIK_A, NIK_B};

both!(
    register_reports_every_field_and_refuses_duplicates,
    sign_in_with_nik_email_or_phone,
    sign_in_is_rate_limited,
    staff_admins_need_totp,
    roles_are_checked_on_the_server,
    browser_sign_up_and_sign_in_with_csrf
);

async fn register_reports_every_field_and_refuses_duplicates(b: Backend) {
    let app = TestApp::empty(b).await;
    let (s, body) = app
        .post_json(
            "/api/v1/auth/register",
            json!({"nik": "3273014506900000", "full_name": "S", "phone": "12", "password": "short"}),
        )
        .await;
    assert_eq!(s, 422);
    assert_eq!(body["error"]["code"], "validation_failed");
    let d = &body["error"]["details"];
    assert_eq!(d["nik"], "Empat angka terakhir NIK tidak boleh 0000.");
    assert!(d["full_name"].is_string() && d["phone"].is_string() && d["password"].is_string(), "{body}");

    let (s, body) = app
        .post_json(
            "/api/v1/auth/register",
            json!({"nik": NIK_A, "full_name": "Siti Rahayu", "email": "siti@contoh.id", "password": "kata-sandi-kuat"}),
        )
        .await;
    assert_eq!(s, 201, "{body}");
    assert_eq!(body["full_name"], "Siti Rahayu");

    // The same NIK again (with another e-mail) is refused per field; nothing else is created.
    let (s, body) = app
        .post_json(
            "/api/v1/auth/register",
            json!({"nik": NIK_A, "full_name": "Orang Lain", "email": "lain@contoh.id", "password": "kata-sandi-kuat"}),
        )
        .await;
    assert_eq!(s, 422);
    assert!(body["error"]["details"]["nik"].as_str().unwrap_or("").contains("Sudah terdaftar"), "{body}");

    // Malformed JSON is a 400 with the envelope, never a 500.
    let r = app
        .client
        .post(app.url("/api/v1/auth/register"))
        .header("content-type", "application/json")
        .body("{nik")
        .send()
        .await
        .expect("req");
    assert_eq!(r.status().as_u16(), 400);
    let body: serde_json::Value = r.json().await.expect("json");
    assert_eq!(body["error"]["code"], "json");
    app.stop().await;
}

async fn sign_in_with_nik_email_or_phone(b: Backend) {
    let app = TestApp::empty(b).await;
    let (s, _) = app
        .post_json("/api/v1/auth/register", json!({"nik": NIK_B, "full_name": "Budi Santoso", "email": "Budi@Contoh.id", "phone": "0812-9876-5432", "password": "budi-rahasia-9"}))
        .await;
    assert_eq!(s, 201);
    for login in [NIK_B, "budi@contoh.id", "+6281298765432", "081298765432"] {
        let token = app.login(login, "budi-rahasia-9", None).await;
        let (s, me) = app.api(Method::GET, "/api/v1/me", Some(&token), None).await;
        assert_eq!(s, 200);
        assert_eq!(me["full_name"], "Budi Santoso");
        assert_eq!(me["nik_masked"], "3578**********03", "the NIK is never returned whole");
        assert_eq!(me["birth_date"], "1985-08-12");
        assert_eq!(me["gender"], "male");
    }
    let (s, body) = app.post_json("/api/v1/auth/login", json!({"login": NIK_B, "password": "salah-sandi"})).await;
    assert_eq!(s, 401);
    assert_eq!(body["error"]["code"], "login_failed");

    // A bad or revoked token is refused.
    let token = app.login(NIK_B, "budi-rahasia-9", None).await;
    let (s, _) = app.api(Method::POST, "/api/v1/auth/logout", Some(&token), None).await;
    assert_eq!(s, 204);
    let (s, _) = app.api(Method::GET, "/api/v1/me", Some(&token), None).await;
    assert_eq!(s, 401);
    let (s, _) = app.api(Method::GET, "/api/v1/me", Some("not-a-token"), None).await;
    assert_eq!(s, 401);
    app.stop().await;
}

async fn sign_in_is_rate_limited(b: Backend) {
    let app = TestApp::empty(b).await;
    app.citizen(NIK_A, "Siti Rahayu", "siti@contoh.id").await;
    for _ in 0..5 {
        let (s, _) =
            app.post_json("/api/v1/auth/login", json!({"login": "siti@contoh.id", "password": "tebakan-salah"})).await;
        assert_eq!(s, 401);
    }
    // Even the right password is paused now, and the answer says so.
    let r = app
        .client
        .post(app.url("/api/v1/auth/login"))
        .header("accept-language", "en")
        .json(&json!({"login": "siti@contoh.id", "password": "rahasia-warga-1"}))
        .send()
        .await
        .expect("req");
    assert_eq!(r.status().as_u16(), 429);
    assert!(r.headers().get("retry-after").is_some());
    let body: serde_json::Value = r.json().await.expect("json");
    assert!(body["error"]["message"].as_str().unwrap_or("").contains("Too many"), "{body}");
    app.stop().await;
}

async fn staff_admins_need_totp(b: Backend) {
    let app = TestApp::spawn(b).await;
    let secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
    satupintu::identity::service::create_staff(
        &app.state,
        Role::AgencyAdmin,
        Some("disdukcapil"),
        "admin@dukcapil.id",
        "Dewi Admin",
        "admin-rahasia-1",
        Some(secret),
    )
    .await
    .expect("staff");
    let (s, body) =
        app.post_json("/api/v1/auth/login", json!({"login": "admin@dukcapil.id", "password": "admin-rahasia-1"})).await;
    assert_eq!((s, body["error"]["code"].as_str()), (401, Some("totp_required")));
    let (s, _) = app
        .post_json(
            "/api/v1/auth/login",
            json!({"login": "admin@dukcapil.id", "password": "admin-rahasia-1", "totp": "000000"}),
        )
        .await;
    assert_eq!(s, 401);
    let code = satupintu::identity::service::totp_now(secret).expect("code");
    let (s, body) = app
        .post_json(
            "/api/v1/auth/login",
            json!({"login": "admin@dukcapil.id", "password": "admin-rahasia-1", "totp": code}),
        )
        .await;
    assert_eq!(s, 200, "{body}");
    assert_eq!(body["user"]["role"], "agency_admin");

    // An admin without TOTP set up cannot get an API token until they enrol in the browser.
    satupintu::identity::service::create_staff(
        &app.state,
        Role::SuperAdmin,
        None,
        "root@satupintu.id",
        "Putri Admin",
        "root-rahasia-1",
        None,
    )
    .await
    .expect("staff");
    let (s, body) =
        app.post_json("/api/v1/auth/login", json!({"login": "root@satupintu.id", "password": "root-rahasia-1"})).await;
    assert_eq!((s, body["error"]["code"].as_str()), (403, Some("totp_enrolment_required")));

    // In the browser: password, then enrolment with a code from the shown secret, then signed in.
    let page = app.get("/masuk").await.text().await.expect("page");
    let r = app
        .client
        .post(app.url("/masuk"))
        .form(&[
            ("_csrf", csrf(&page).as_str()),
            ("login", "root@satupintu.id"),
            ("password", "root-rahasia-1"),
            ("next", ""),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(r.headers()["location"], "/masuk/2fa/aktifkan");
    let (s, _) = app.get_json("/akun").await;
    assert_eq!(s, 303, "not signed in before the second factor");
    let page = app.get("/masuk/2fa/aktifkan").await.text().await.expect("page");
    let shown = page.split("<code>").nth(1).and_then(|s| s.split("</code>").next()).expect("secret shown");
    let code = satupintu::identity::service::totp_now(shown).expect("code");
    let r = app
        .client
        .post(app.url("/masuk/2fa/aktifkan"))
        .form(&[("_csrf", csrf(&page).as_str()), ("code", code.as_str())])
        .send()
        .await
        .expect("post");
    assert_eq!(r.headers()["location"], "/akun");
    let account = app.get("/akun").await.text().await.expect("page");
    assert!(account.contains("Putri Admin") && account.contains("Aktif"));
    app.stop().await;
}

async fn roles_are_checked_on_the_server(b: Backend) {
    let app = TestApp::spawn(b).await;
    let (_, svc) = app.get_json("/api/v1/services/akta-kelahiran").await;
    let citizen = app.citizen(NIK_A, "Siti Rahayu", "siti@contoh.id").await;
    let officer = app.staff(Role::Officer, Some("disdukcapil"), "petugas@dukcapil.id").await;
    let other_admin = app.staff(Role::AgencyAdmin, Some("imigrasi"), "admin@imigrasi.id").await;
    let admin = app.staff(Role::AgencyAdmin, Some("disdukcapil"), "admin@dukcapil.id").await;
    let path = "/api/v1/services/akta-kelahiran";
    let (s, _) = app.api(Method::PUT, path, None, Some(svc.clone())).await;
    assert_eq!(s, 401, "signed out");
    for (who, token) in [("citizen", &citizen), ("officer", &officer), ("other agency's admin", &other_admin)] {
        let (s, _) = app.api(Method::PUT, path, Some(token), Some(svc.clone())).await;
        assert_eq!(s, 403, "{who} must not edit disdukcapil's service");
    }
    for (who, token) in [("citizen", &citizen), ("officer", &officer)] {
        let (s, _) = app.api(Method::POST, "/api/v1/catalog/import", Some(token), Some(json!({}))).await;
        assert_eq!(s, 403, "{who} must not import");
    }
    let mut edited = svc.clone();
    edited["fee"]["amount_idr"] = json!(5000);
    let (s, body) = app.api(Method::PUT, path, Some(&admin), Some(edited)).await;
    assert_eq!(s, 200, "{body}");
    assert_eq!(body["version"], 2);
    // Pages check roles too.
    let r = app.client.get(app.url("/kelola/layanan")).bearer_auth(&citizen).send().await.expect("req");
    assert_eq!(r.status().as_u16(), 303, "a bearer token does not sign in pages");
    app.stop().await;
}

async fn browser_sign_up_and_sign_in_with_csrf(b: Backend) {
    let app = TestApp::empty(b).await;
    let page = app.get("/daftar").await.text().await.expect("page");
    let token = csrf(&page);
    let fields = |t: &str| {
        vec![
            ("_csrf".to_string(), t.to_string()),
            ("nik".into(), NIK_A.into()),
            ("full_name".into(), "Siti Rahayu".into()),
            ("email".into(), "siti@contoh.id".into()),
            ("phone".into(), "".into()),
            ("password".into(), "kata-sandi-kuat".into()),
        ]
    };
    // Without the token: refused, nothing created.
    let r = app.client.post(app.url("/daftar")).form(&fields("forged")).send().await.expect("post");
    assert_eq!(r.status().as_u16(), 400);
    // From another origin: refused.
    let r = app
        .client
        .post(app.url("/daftar"))
        .header("origin", "http://evil.example")
        .form(&fields(&token))
        .send()
        .await
        .expect("post");
    assert_eq!(r.status().as_u16(), 403);
    // Invalid input keeps what was typed (but never the password).
    let mut bad = fields(&token);
    bad[1].1 = "1234".into();
    let r = app.client.post(app.url("/daftar")).form(&bad).send().await.expect("post");
    assert_eq!(r.status().as_u16(), 422);
    let html = r.text().await.expect("html");
    assert!(
        html.contains("NIK harus 16 angka")
            && html.contains("value=\"Siti Rahayu\"")
            && !html.contains("kata-sandi-kuat")
    );
    let r = app.client.post(app.url("/daftar")).form(&fields(&token)).send().await.expect("post");
    assert_eq!(r.status().as_u16(), 303);
    assert_eq!(r.headers()["location"], "/masuk?terdaftar=1");

    let page = app.get("/masuk?terdaftar=1").await.text().await.expect("page");
    assert!(page.contains("Akun Anda sudah dibuat"));
    let r = app
        .client
        .post(app.url("/masuk"))
        .form(&[("_csrf", csrf(&page).as_str()), ("login", NIK_A), ("password", "kata-sandi-kuat"), ("next", "")])
        .send()
        .await
        .expect("post");
    assert_eq!(r.status().as_u16(), 303);
    let cookie = r
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap_or("").to_string())
        .find(|c| c.starts_with("sp_session="));
    let cookie = cookie.expect("session cookie");
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"), "{cookie}");
    let account = app.get("/akun").await.text().await.expect("page");
    assert!(account.contains("Selamat datang, Siti Rahayu") && account.contains("3273**********01"));
    // Sign out.
    let r = app.client.post(app.url("/keluar")).form(&[("_csrf", csrf(&account).as_str())]).send().await.expect("post");
    assert_eq!(r.status().as_u16(), 303);
    assert_eq!(app.get("/akun").await.status().as_u16(), 303);
    app.stop().await;
}
