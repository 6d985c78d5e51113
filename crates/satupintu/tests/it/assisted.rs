//! Assisted service: volunteers are appointed by their agency's admin only; a session needs the
//! citizen's matching NIK and name and their recorded consent; a citizen without an account is
//! registered without contact details and cannot sign in; applications and reports filed in a
//! session are recorded as assisted (column, history, ledger leaf, the citizen's access log and
//! API); acts outside the scope, after the end or after withdrawal are refused; an assistant
//! never reads another citizen's status.

use reqwest::{Client, Method};
use satupintu::identity::{CurrentUser, Role};
use serde_json::Value;
use sqlx::Row as _;

use crate::applications::filled_form;
use crate::both;
use crate::common::{csrf, post_form, Backend, TestApp, NIK_A, NIK_B, NIK_C};

both!(
    volunteers_are_appointed_by_their_agency_admin,
    a_session_needs_a_matching_citizen_and_consent,
    a_citizen_without_an_account_is_registered_without_contact,
    assisted_acts_are_recorded_as_assisted,
    acts_outside_the_session_are_refused,
    the_demo_has_a_finished_session
);

const VOLUNTEER: &str = "wulan@relawan.id";

async fn user(app: &TestApp, token: &str) -> CurrentUser {
    satupintu::identity::service::current_user(&app.state, token, true).await.expect("user").expect("signed in")
}

/// An agency admin of `agency` (its browser and its user).
async fn admin(app: &TestApp, agency: &str, email: &str) -> (Client, CurrentUser) {
    let token = app.staff(Role::AgencyAdmin, Some(agency), email).await;
    let web = app.browser(email, "rahasia-staf-1", Some("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")).await;
    (web, user(app, &token).await)
}

/// A citizen appointed as a volunteer of the kelurahan (their browser).
async fn volunteer(app: &TestApp, nik: &str, name: &str, email: &str) -> Client {
    app.citizen(nik, name, email).await;
    let (_, kelurahan) = admin(app, "kelurahan", &format!("admin-{email}")).await;
    satupintu::assisted::service::appoint(&app.state, &kelurahan, email, None).await.expect("appoint");
    app.browser(email, "rahasia-warga-1", None).await
}

/// Post the start form of a session; answers (status, Location, body).
async fn start(app: &TestApp, web: &Client, fields: &[(&str, &str)]) -> (u16, String, String) {
    let page = web.get(app.url("/pendampingan")).send().await.expect("get").text().await.expect("page");
    let mut mp = reqwest::multipart::Form::new().text("_csrf", csrf(&page));
    for (k, v) in fields {
        mp = mp.text(k.to_string(), v.to_string());
    }
    let r = web.post(app.url("/pendampingan")).multipart(mp).send().await.expect("post");
    let status = r.status().as_u16();
    let location = r.headers().get("location").and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
    (status, location, r.text().await.unwrap_or_default())
}

/// A session for the citizen with `nik` and `name`, covering `scope`; its id.
async fn session(app: &TestApp, web: &Client, nik: &str, name: &str, scope: &[&str]) -> i64 {
    let mut fields = vec![
        ("nik", nik),
        ("full_name", name),
        ("place", "Layanan keliling Kel. Gunung Anyar"),
        ("consent_method", "lisan"),
        ("consent_read", "1"),
    ];
    fields.extend(scope.iter().map(|s| ("scope", *s)));
    let (s, location, body) = start(app, web, &fields).await;
    assert_eq!(s, 303, "session started: {body}");
    location.trim_start_matches("/pendampingan/").parse().expect("session id")
}

async fn get(app: &TestApp, web: &Client, path: &str) -> (u16, String) {
    let r = web.get(app.url(path)).send().await.expect("get");
    (r.status().as_u16(), r.text().await.unwrap_or_default())
}

/// Apply for the birth certificate in session `id`; answers (status, Location, body).
async fn apply(app: &TestApp, web: &Client, id: i64) -> (u16, String, String) {
    let (s, form) = get(app, web, &format!("/pendampingan/{id}/ajukan?layanan=akta-kelahiran")).await;
    if s != 200 {
        return (s, String::new(), form);
    }
    let mp = filled_form(app, "akta-kelahiran", &csrf(&form), false).await.text("kk_number", "3273010101260001");
    let r = web
        .post(app.url(&format!("/pendampingan/{id}/ajukan?layanan=akta-kelahiran")))
        .multipart(mp)
        .send()
        .await
        .expect("post");
    let status = r.status().as_u16();
    let location = r.headers().get("location").and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
    (status, location, r.text().await.unwrap_or_default())
}

/// The ledger leaves of `kind`, once the ledger has sequenced everything.
async fn leaves(app: &TestApp, kind: &str) -> Vec<Value> {
    app.ledger_settled().await;
    sqlx::query("SELECT data FROM ledger_entries ORDER BY idx")
        .fetch_all(app.state.db.pool())
        .await
        .expect("leaves")
        .iter()
        .map(|r| serde_json::from_str::<Value>(&r.get::<String, _>(0)).expect("json"))
        .filter(|v| v["type"] == kind)
        .collect()
}

async fn volunteers_are_appointed_by_their_agency_admin(b: Backend) {
    let app = TestApp::spawn(b).await;
    app.citizen(NIK_A, "Wulan Lestari", VOLUNTEER).await;
    let (kelurahan, _) = admin(&app, "kelurahan", "admin@kelurahan.id").await;
    let (dukcapil, _) = admin(&app, "disdukcapil", "admin@dukcapil.id").await;
    let wulan = app.browser(VOLUNTEER, "rahasia-warga-1", None).await;

    // Not yet appointed: the assistant's pages refuse her, and her account does not offer them.
    assert_eq!(get(&app, &wulan, "/pendampingan").await.0, 403);
    assert!(!get(&app, &wulan, "/akun").await.1.contains("href=\"/pendampingan\""));

    // Mistakes are told per field, in the visitor's language.
    let (s, _, html) =
        post_form(&app, &kelurahan, "/kelola/pendamping", "/kelola/pendamping", &[("email", "tidak-ada@contoh.id")])
            .await;
    assert_eq!(s, 422);
    assert!(html.contains("Tidak ada akun warga dengan e-mail ini"), "{html}");
    let (s, _, html) =
        post_form(&app, &kelurahan, "/kelola/pendamping", "/kelola/pendamping", &[("email", "admin@dukcapil.id")])
            .await;
    assert_eq!(s, 422);
    assert!(html.contains("bukan akun warga"));

    // The kelurahan's admin appoints her for the kelurahan.
    let (s, location, _) =
        post_form(&app, &kelurahan, "/kelola/pendamping", "/kelola/pendamping", &[("email", VOLUNTEER)]).await;
    assert_eq!((s, location.as_str()), (303, "/kelola/pendamping?ok=diangkat"));
    let (_, page) = get(&app, &kelurahan, &location).await;
    assert!(page.contains("Wulan Lestari") && page.contains("Relawan ditunjuk"), "{page}");
    let (s, home) = get(&app, &wulan, "/pendampingan").await;
    assert_eq!(s, 200);
    assert!(home.contains("relawan kelurahan"), "she assists for the kelurahan");
    assert!(get(&app, &wulan, "/akun").await.1.contains("href=\"/pendampingan\""), "her account leads there");

    // Another agency's admin neither sees nor ends the appointment; an officer cannot appoint.
    let (_, other) = get(&app, &dukcapil, "/kelola/pendamping").await;
    assert!(!other.contains("Wulan Lestari"), "admins see their own agency's volunteers only");
    let appointment: i64 =
        sqlx::query("SELECT id FROM assisted_volunteers WHERE agency_id = 'kelurahan' ORDER BY id DESC")
            .fetch_one(app.state.db.pool())
            .await
            .expect("row")
            .get(0);
    let to = format!("/kelola/pendamping/{appointment}/nonaktif");
    let (s, _, _) = post_form(&app, &dukcapil, "/kelola/pendamping", &to, &[]).await;
    assert_eq!(s, 404);
    app.staff(Role::Officer, Some("kelurahan"), "petugas@kelurahan.id").await;
    let officer = app.browser("petugas@kelurahan.id", "rahasia-staf-1", None).await;
    let (s, _) = get(&app, &officer, "/kelola/pendamping").await;
    assert_eq!(s, 403);

    // The super admin names the agency.
    app.staff(Role::SuperAdmin, None, "super@satupintu.id").await;
    let sa = app.browser("super@satupintu.id", "rahasia-staf-1", Some("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")).await;
    let (s, _, html) = post_form(&app, &sa, "/kelola/pendamping", "/kelola/pendamping", &[("email", VOLUNTEER)]).await;
    assert_eq!(s, 422);
    assert!(html.contains("Pilih instansi"));

    // Deactivated by her agency's admin: her pages refuse her again.
    let (s, _, _) = post_form(&app, &kelurahan, "/kelola/pendamping", &to, &[]).await;
    assert_eq!(s, 303);
    assert_eq!(get(&app, &wulan, "/pendampingan").await.0, 403);
    let (s, _, _) = post_form(&app, &kelurahan, "/kelola/pendamping", &to, &[]).await;
    assert_eq!(s, 409, "already inactive");

    // Both acts are in the public ledger, with no personal data.
    for kind in ["assisted.volunteer.appoint", "assisted.volunteer.deactivate"] {
        let found = leaves(&app, kind).await;
        assert!(found.iter().any(|l| l["data"]["appointment"] == appointment), "{kind}: {found:?}");
        assert!(!found.iter().any(|l| l.to_string().contains(VOLUNTEER) || l.to_string().contains("Wulan")));
    }
    app.stop().await;
}

async fn a_session_needs_a_matching_citizen_and_consent(b: Backend) {
    let app = TestApp::spawn(b).await;
    let budi_token = app.citizen(NIK_B, "Budi Santoso", "budi@contoh.id").await;
    let wulan = volunteer(&app, NIK_A, "Wulan Lestari", VOLUNTEER).await;
    let good = [
        ("nik", NIK_B),
        ("full_name", "budi  santoso"),
        ("place", "Kantor Kelurahan Gunung Anyar"),
        ("consent_method", "tanda_tangan"),
        ("consent_read", "1"),
        ("scope", "apply"),
    ];
    let with = |k: &'static str, v: &'static str| {
        good.iter().map(|(a, b)| if *a == k { (*a, v) } else { (*a, *b) }).collect::<Vec<_>>()
    };

    // The name must match the account's (case and spaces aside); the same answer for a NIK
    // without an account, so the form tells nothing of who has one.
    for fields in [with("full_name", "Budi Santosa"), with("nik", NIK_C)] {
        let (s, location, html) = start(&app, &wulan, &fields).await;
        assert_eq!(s, 422, "{html}");
        assert!(location.is_empty());
        assert!(html.contains("NIK dan nama tidak cocok dengan akun warga"), "{html}");
    }
    // Consent: the statement read, a method, a scope; every problem is named in Indonesian.
    let fields: Vec<_> = good.iter().filter(|(k, _)| !matches!(*k, "consent_read" | "scope")).copied().collect();
    let (s, _, html) = start(&app, &wulan, &with("consent_method", "email")).await;
    assert_eq!(s, 422);
    assert!(html.contains("Pilih salah satu pilihan"));
    let (s, _, html) = start(&app, &wulan, &fields).await;
    assert_eq!(s, 422);
    assert!(html.contains("Bacakan pernyataan persetujuan") && html.contains("Pilih paling sedikit satu keperluan"));
    assert!(html.contains(NIK_B), "what was typed is shown again in the form");
    let before: i64 =
        sqlx::query("SELECT COUNT(*) FROM assisted_sessions").fetch_one(app.state.db.pool()).await.expect("n").get(0);

    // All in order, with the scan of the signed form: the session starts, with its consent
    // recorded; no NIK in the address or the table.
    let page = wulan.get(app.url("/pendampingan")).send().await.expect("get").text().await.expect("page");
    let mut mp = reqwest::multipart::Form::new().text("_csrf", csrf(&page));
    for (k, v) in good {
        mp = mp.text(k, v);
    }
    let scan = reqwest::multipart::Part::bytes(crate::applications::PDF.to_vec()).file_name("persetujuan.pdf");
    let r = wulan.post(app.url("/pendampingan")).multipart(mp.part("consent_scan", scan)).send().await.expect("post");
    let s = r.status().as_u16();
    let location = r.headers().get("location").and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
    assert_eq!(s, 303);
    assert!(location.starts_with("/pendampingan/") && !location.contains(NIK_B));
    let row = sqlx::query(
        "SELECT consent_method, consent_version, scope, place, expires_at - started_at FROM assisted_sessions \
         ORDER BY id DESC LIMIT 1",
    )
    .fetch_one(app.state.db.pool())
    .await
    .expect("row");
    assert_eq!(row.get::<String, _>(0), "tanda_tangan");
    assert_eq!(row.get::<String, _>(1), satupintu::assisted::model::CONSENT_VERSION);
    assert_eq!(row.get::<String, _>(2), "apply");
    assert_eq!(row.get::<i64, _>(4), 4 * 3600, "a session lasts at most 4 hours");
    let scan: Option<String> = sqlx::query("SELECT consent_upload_id FROM assisted_sessions ORDER BY id DESC LIMIT 1")
        .fetch_one(app.state.db.pool())
        .await
        .expect("row")
        .get(0);
    assert!(scan.is_some_and(|u| u.starts_with("up_")), "the scan is kept as an upload");
    let (_, mine) = app.api(Method::GET, "/api/v1/me/assisted-sessions", Some(&budi_token), None).await;
    assert_eq!(mine["sessions"][0]["consent_scan"], true);
    assert_eq!(mine["sessions"][0]["consent_method"], "tanda_tangan");
    let n: i64 =
        sqlx::query("SELECT COUNT(*) FROM assisted_sessions").fetch_one(app.state.db.pool()).await.expect("n").get(0);
    assert_eq!(n, before + 1);
    let (s, page) = get(&app, &wulan, &location).await;
    assert_eq!(s, 200);
    assert!(page.contains("Pendampingan untuk Budi Santoso") && page.contains("Tanda tangan pada formulir kertas"));

    // Someone who is not an assistant cannot start one.
    let budi = app.browser("budi@contoh.id", "rahasia-warga-1", None).await;
    assert_eq!(get(&app, &budi, "/pendampingan").await.0, 403);
    app.stop().await;
}

async fn a_citizen_without_an_account_is_registered_without_contact(b: Backend) {
    let app = TestApp::spawn(b).await;
    let wulan = volunteer(&app, NIK_A, "Wulan Lestari", VOLUNTEER).await;
    let mut fields = vec![
        ("nik", NIK_C),
        ("full_name", "Sumiati"),
        ("register", "1"),
        ("place", "Layanan keliling Kel. Gunung Anyar"),
        ("consent_method", "cap_jempol"),
        ("consent_read", "1"),
        ("scope", "apply"),
    ];
    let (s, _, html) = start(&app, &wulan, &fields).await;
    assert_eq!(s, 422);
    assert!(html.contains("Tulis alamat warga"), "registering needs the address: {html}");
    fields.push(("address", "Jl. Gunung Anyar Tengah 5, RT 02/RW 03"));
    let (s, _, _) = start(&app, &wulan, &fields).await;
    assert_eq!(s, 303);

    let row = sqlx::query(
        "SELECT u.email, u.phone, u.address, u.password_hash, s.registered FROM users u \
         JOIN assisted_sessions s ON s.citizen_id = u.id WHERE u.full_name = 'Sumiati'",
    )
    .fetch_one(app.state.db.pool())
    .await
    .expect("the registered citizen");
    assert_eq!(row.get::<Option<String>, _>(0), None, "no e-mail");
    assert_eq!(row.get::<Option<String>, _>(1), None, "no phone");
    assert_eq!(row.get::<Option<String>, _>(2).as_deref(), Some("Jl. Gunung Anyar Tengah 5, RT 02/RW 03"));
    assert_eq!(row.get::<i64, _>(4), 1);
    let hash: String = row.get(3);
    // Nobody signs in to the account with an empty password, nor with the stored marker.
    for password in ["", hash.as_str(), "!"] {
        let (s, _) =
            app.post_json("/api/v1/auth/login", serde_json::json!({"login": NIK_C, "password": password})).await;
        assert!(matches!(s, 401 | 422), "login with {password:?} refused: {s}");
    }
    // Registering the same NIK twice is not possible: the second time the NIK matches an account.
    let (s, _, _) = start(&app, &wulan, &fields).await;
    assert_eq!(s, 303, "the account exists now: the session is for her");
    let n: i64 = sqlx::query("SELECT COUNT(*) FROM users WHERE full_name = 'Sumiati'")
        .fetch_one(app.state.db.pool())
        .await
        .expect("n")
        .get(0);
    assert_eq!(n, 1);
    app.stop().await;
}

async fn assisted_acts_are_recorded_as_assisted(b: Backend) {
    let app = TestApp::spawn(b).await;
    let siti = app.citizen(NIK_B, "Siti Aminah", "siti@contoh.id").await;
    let wulan = volunteer(&app, NIK_A, "Wulan Lestari", VOLUNTEER).await;
    let id = session(&app, &wulan, NIK_B, "Siti Aminah", &["apply", "report", "status"]).await;

    // An application for her (not of the volunteer's agency: the restriction of counter mode
    // does not apply), submitted at once.
    let (s, location, body) = apply(&app, &wulan, id).await;
    assert_eq!(s, 303, "{body}");
    let code = location.split("diajukan=").nth(1).expect("code").to_string();
    let (_, page) = get(&app, &wulan, &location).await;
    assert!(page.contains(&format!("Permohonan {code} diajukan")));
    let marked: Option<i64> = sqlx::query("SELECT assisted_session_id FROM applications WHERE code = $1")
        .bind(&code)
        .fetch_one(app.state.db.pool())
        .await
        .expect("row")
        .get(0);
    assert_eq!(marked, Some(id), "the column marks it");
    let (s, v) = app.api(Method::GET, &format!("/api/v1/applications/{code}"), Some(&siti), None).await;
    assert_eq!(s, 200);
    assert_eq!(v["status"], "submitted");
    assert_eq!(v["history"][0]["actor_role"], "assisted");
    assert_eq!(v["assisted"]["assistant_name"], "Wulan Lestari");
    assert_eq!(v["assisted"]["assistant_kind"], "volunteer");
    assert_eq!(v["assisted"]["place"], "Layanan keliling Kel. Gunung Anyar");
    let own = app.browser("siti@contoh.id", "rahasia-warga-1", None).await;
    let (_, status) = get(&app, &own, &format!("/permohonan/{code}")).await;
    assert!(
        status.contains("Diajukan dengan bantuan Wulan Lestari (relawan, Layanan keliling Kel. Gunung Anyar)"),
        "the history says so: {status}"
    );
    // The officer handling it sees it too.
    app.staff(Role::Officer, Some("disdukcapil"), "petugas@dukcapil.id").await;
    let officer = app.browser("petugas@dukcapil.id", "rahasia-staf-1", None).await;
    let (_, case) = get(&app, &officer, &format!("/petugas/permohonan/{code}")).await;
    assert!(case.contains("dengan bantuan Wulan Lestari"));

    // A complaint for her.
    let to = format!("/pendampingan/{id}/laporan");
    let (s, _, html) = post_form(&app, &wulan, &to, &to, &[("category", "jalan"), ("description", "pendek")]).await;
    assert_eq!(s, 422);
    assert!(html.contains("address-error"), "no place given: {html}");
    let (s, location, _) = post_form(
        &app,
        &wulan,
        &to,
        &to,
        &[
            ("category", "jalan"),
            ("description", "Jalan di depan rumah berlubang besar, Mbah sering hampir jatuh saat ke pasar."),
            ("address", "Jl. Gunung Anyar Tengah 5"),
            ("region_code", "357825"),
        ],
    )
    .await;
    assert_eq!(s, 303);
    let report = location.split("dilaporkan=").nth(1).expect("report code").to_string();
    let marked: Option<i64> = sqlx::query("SELECT assisted_session_id FROM reports WHERE code = $1")
        .bind(&report)
        .fetch_one(app.state.db.pool())
        .await
        .expect("row")
        .get(0);
    assert_eq!(marked, Some(id));
    let (s, r) = app.api(Method::GET, &format!("/api/v1/reports/{report}"), Some(&siti), None).await;
    assert_eq!(s, 200, "the reporter is the citizen: {r}");
    assert_eq!(r["assisted"]["assistant_name"], "Wulan Lestari");
    assert_eq!(r["history"][0]["actor_role"], "assisted");

    // Status: her applications and reports, read within the session.
    let (s, st) = get(&app, &wulan, &format!("/pendampingan/{id}/status")).await;
    assert_eq!(s, 200);
    assert!(st.contains(&code) && st.contains(&report));

    // The ledger leaves of both acts say they were assisted.
    let apps = leaves(&app, "application.submit").await;
    let leaf = apps.iter().find(|l| l["data"]["code"] == code.as_str()).expect("leaf");
    assert_eq!(leaf["data"]["assisted"], true);
    assert_eq!(leaf["data"]["actor_role"], "assisted");
    let reps = leaves(&app, "report.submit").await;
    assert!(reps.iter().any(|l| l["data"]["assisted"] == true), "{reps:?}");

    // The citizen sees the session and its acts: in the API, in the access log, on the page.
    let (s, mine) = app.api(Method::GET, "/api/v1/me/assisted-sessions", Some(&siti), None).await;
    assert_eq!(s, 200);
    let sess = &mine["sessions"][0];
    assert_eq!(sess["id"], id);
    assert_eq!(sess["assistant_name"], "Wulan Lestari");
    assert_eq!(sess["consent_method"], "lisan");
    assert_eq!(sess["status"], "open");
    let acts: Vec<(&str, &str)> = sess["acts"]
        .as_array()
        .expect("acts")
        .iter()
        .map(|a| (a["kind"].as_str().unwrap_or(""), a["reference"].as_str().unwrap_or("")))
        .collect();
    assert!(acts.contains(&("apply", code.as_str())) && acts.contains(&("report", report.as_str())), "{acts:?}");
    assert!(acts.iter().any(|(k, _)| *k == "status"), "the status read is in her record: {acts:?}");
    let (_, log) = app.api(Method::GET, "/api/v1/me/access-log", Some(&siti), None).await;
    assert!(log["events"].as_array().expect("events").iter().any(|e| e["source"] == "assisted"));
    let (_, access) = get(&app, &own, "/akun/akses-data").await;
    assert!(access.contains("Pendampingan di Layanan keliling Kel. Gunung Anyar") && access.contains(&code));
    assert!(access.contains("Tarik persetujuan"), "an open session can be withdrawn");
    // The kelurahan's admin supervises: counts per assistant, no citizen named; another agency sees none.
    let (s, sup) = get(
        &app,
        &app.browser(&format!("admin-{VOLUNTEER}"), "rahasia-staf-1", Some("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")).await,
        "/kelola/pendamping/sesi",
    )
    .await;
    assert_eq!(s, 200);
    assert!(sup.contains("Wulan Lestari (relawan)") && !sup.contains("Siti Aminah"), "{sup}");
    let (dukcapil, _) = admin(&app, "disdukcapil", "admin@dukcapil.id").await;
    assert!(!get(&app, &dukcapil, "/kelola/pendamping/sesi").await.1.contains("Wulan Lestari"));
    // Another citizen sees none of it.
    let (_, other) = app
        .api(
            Method::GET,
            "/api/v1/me/assisted-sessions",
            Some(&app.citizen(NIK_C, "Dewi Lestari", "dewi@contoh.id").await),
            None,
        )
        .await;
    assert_eq!(other["sessions"].as_array().map(Vec::len), Some(0));
    app.stop().await;
}

async fn acts_outside_the_session_are_refused(b: Backend) {
    let app = TestApp::spawn(b).await;
    let siti = app.citizen(NIK_B, "Siti Aminah", "siti@contoh.id").await;
    let dewi = app.citizen(NIK_C, "Dewi Lestari", "dewi@contoh.id").await;
    let wulan = volunteer(&app, NIK_A, "Wulan Lestari", VOLUNTEER).await;
    let id = session(&app, &wulan, NIK_B, "Siti Aminah", &["apply"]).await;

    // Outside the scope.
    assert_eq!(get(&app, &wulan, &format!("/pendampingan/{id}/laporan")).await.0, 403);
    assert_eq!(get(&app, &wulan, &format!("/pendampingan/{id}/status")).await.0, 403);

    // Another citizen's own application stays hers: the volunteer reads neither it nor her status.
    let (s, dewi_app) = app
        .api(
            Method::POST,
            "/api/v1/applications",
            Some(&dewi),
            Some(serde_json::json!({"service_id": "akta-kelahiran", "fields": {}, "submit": false})),
        )
        .await;
    assert_eq!(s, 201, "{dewi_app}");
    let dewi_code = dewi_app["code"].as_str().expect("code").to_string();
    assert_eq!(get(&app, &wulan, &format!("/permohonan/{dewi_code}")).await.0, 404);
    let status_id = session(&app, &wulan, NIK_B, "Siti Aminah", &["status"]).await;
    let (s, st) = get(&app, &wulan, &format!("/pendampingan/{status_id}/status")).await;
    assert_eq!(s, 200);
    assert!(!st.contains(&dewi_code), "only the session's citizen's status");
    // Another volunteer does not reach this volunteer's sessions at all.
    let other = volunteer(&app, "3578254808910005", "Ratna Dewi", "ratna@relawan.id").await;
    assert_eq!(get(&app, &other, &format!("/pendampingan/{id}")).await.0, 404);
    assert_eq!(get(&app, &other, &format!("/pendampingan/{status_id}/status")).await.0, 404);

    // Ended by the assistant: nothing more can be done in it.
    let (s, _, _) =
        post_form(&app, &wulan, &format!("/pendampingan/{id}"), &format!("/pendampingan/{id}/selesai"), &[]).await;
    assert_eq!(s, 303);
    assert_eq!(apply(&app, &wulan, id).await.0, 403);

    // Withdrawn by the citizen: the same; withdrawing twice is a conflict.
    let id = session(&app, &wulan, NIK_B, "Siti Aminah", &["apply"]).await;
    let path = format!("/api/v1/me/assisted-sessions/{id}/withdraw");
    assert_eq!(app.api(Method::POST, &path, Some(&dewi), None).await.0, 404, "only her own sessions");
    assert_eq!(app.api(Method::POST, &path, Some(&siti), None).await.0, 204);
    assert_eq!(apply(&app, &wulan, id).await.0, 403);
    assert_eq!(app.api(Method::POST, &path, Some(&siti), None).await.0, 409);
    let (_, page) = get(&app, &wulan, &format!("/pendampingan/{id}")).await;
    assert!(page.contains("Persetujuan ditarik"));

    // Withdrawn from her account page: the button of an open session ends it.
    let id = session(&app, &wulan, NIK_B, "Siti Aminah", &["apply"]).await;
    let own = app.browser("siti@contoh.id", "rahasia-warga-1", None).await;
    let (_, access) = get(&app, &own, "/akun/akses-data").await;
    assert!(access.contains(&format!("/akun/pendampingan/{id}/tarik")));
    let (s, location, _) =
        post_form(&app, &own, "/akun/akses-data", &format!("/akun/pendampingan/{id}/tarik"), &[]).await;
    assert_eq!((s, location.as_str()), (303, "/akun/akses-data?pendampingan=ditarik#pendampingan"));
    let (_, access) = get(&app, &own, "/akun/akses-data?pendampingan=ditarik").await;
    assert!(access.contains("Persetujuan ditarik. Sesi pendampingan sudah berakhir."));
    assert!(!access.contains(&format!("/akun/pendampingan/{id}/tarik")), "nothing left to withdraw");
    assert_eq!(apply(&app, &wulan, id).await.0, 403);

    // Expired after 4 hours.
    let id = session(&app, &wulan, NIK_B, "Siti Aminah", &["apply"]).await;
    sqlx::query("UPDATE assisted_sessions SET expires_at = $1 WHERE id = $2")
        .bind(satupintu::db::now() - 1)
        .bind(id)
        .execute(app.state.db.pool())
        .await
        .expect("expire");
    assert_eq!(apply(&app, &wulan, id).await.0, 403);
    let filed: i64 = sqlx::query(
        "SELECT COUNT(*) FROM applications a JOIN assisted_sessions s ON s.id = a.assisted_session_id \
         JOIN users u ON u.id = s.assistant_id WHERE u.email = $1",
    )
    .bind(VOLUNTEER)
    .fetch_one(app.state.db.pool())
    .await
    .expect("n")
    .get(0);
    assert_eq!(filed, 0, "no refused act filed anything");
    app.stop().await;
}

async fn the_demo_has_a_finished_session(b: Backend) {
    let app = TestApp::empty(b).await;
    satupintu::demo::load(&app.state).await.expect("demo");
    let v = satupintu::assisted::demo::VOLUNTEER;
    let wulan = app.browser(v.email, v.password, None).await;
    let (s, home) = get(&app, &wulan, "/pendampingan").await;
    assert_eq!(s, 200);
    assert!(home.contains("Sumiati") && home.contains("Selesai"), "{home}");
    let row = sqlx::query(
        "SELECT a.service_id, a.status, u.email FROM applications a JOIN users u ON u.id = a.citizen_id \
         WHERE a.assisted_session_id IS NOT NULL",
    )
    .fetch_one(app.state.db.pool())
    .await
    .expect("the demo application");
    assert_eq!(row.get::<String, _>(0), "sktm");
    assert_eq!(row.get::<Option<String>, _>(2), None, "Mbah Sumiati has no e-mail");
    app.stop().await;
}
