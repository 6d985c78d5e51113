//! The admin console and the audit log (issue 14): every console act works and writes exactly
//! one audit record with its actor, action and target; others are refused; auditors read and
//! export the log; channel and feature switches are obeyed.

use reqwest::Client;
use satupintu::admin::audit::{self, Entry, Filter};
use satupintu::identity::{CurrentUser, Role};
use serde_json::{json, Value};
use sqlx::Row as _;

use crate::both;
use crate::common::{client, post_form, Backend, TestApp, NIK_A, NIK_B};

both!(
    staff_console_acts_are_audited,
    switches_keys_and_audit_exports,
    features_off_in_one_region,
    template_override_is_sent
);

const SECRET: &str = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

/// A staff account signed in in a browser, with its user id.
async fn staff_browser(app: &TestApp, role: Role, agency: Option<&str>, email: &str) -> (Client, i64) {
    app.staff(role, agency, email).await;
    let web = app.browser(email, "rahasia-staf-1", role.requires_totp().then_some(SECRET)).await;
    (web, user_id(app, email).await)
}

async fn user_id(app: &TestApp, email: &str) -> i64 {
    let mut conn = app.state.db.conn().await.expect("conn");
    sqlx::query("SELECT id FROM users WHERE email = $1").bind(email).fetch_one(&mut *conn).await.expect("user").get(0)
}

/// Every audit record, oldest first.
async fn audit_rows(app: &TestApp) -> Vec<Entry> {
    let mut conn = app.state.db.conn().await.expect("conn");
    let mut rows = audit::list(&mut conn, &Filter::default(), 1000, 0).await.expect("audit");
    rows.reverse();
    rows
}

/// The records added since `before` records: exactly one, with this actor, action and target.
async fn one_new(app: &TestApp, before: usize, actor: Option<i64>, action: &str, target: (&str, &str)) -> Entry {
    let rows = audit_rows(app).await;
    assert_eq!(rows.len(), before + 1, "exactly one audit record for {action}: {:#?}", &rows[before..]);
    let e = rows[before].clone();
    assert_eq!((e.actor_user_id, e.action.as_str()), (actor, action));
    assert_eq!((e.target_type.as_str(), e.target_id.as_str()), target);
    e
}

fn between<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let i = html.find(start).map(|i| i + start.len()).unwrap_or_else(|| panic!("{start} in {html}"));
    &html[i..i + html[i..].find(end).expect("end")]
}

async fn api_login_status(app: &TestApp, email: &str, password: &str) -> u16 {
    let r = client()
        .post(app.url("/api/v1/auth/login"))
        .json(&json!({"login": email, "password": password}))
        .send()
        .await
        .expect("login");
    r.status().as_u16()
}

async fn staff_console_acts_are_audited(b: Backend) {
    let app = TestApp::spawn(b).await;
    let (root, root_id) = staff_browser(&app, Role::SuperAdmin, None, "root@satupintu.id").await;
    let page = root.get(app.url("/kelola/admin")).send().await.expect("hub");
    assert_eq!(page.status().as_u16(), 200);
    let hub = page.text().await.expect("hub");
    for link in ["/kelola/admin/petugas", "/kelola/hari-libur", "/kelola/admin/kanal", "/kelola/admin/kunci-api"] {
        assert!(hub.contains(link), "the hub links to {link}");
    }

    // Bad input: a localized error, nothing created, nothing recorded.
    let (s, _, html) = post_form(
        &app,
        &root,
        "/kelola/admin/petugas",
        "/kelola/admin/petugas",
        &[("name", "Budi Santoso"), ("email", "bukan-email"), ("agency", "disdukcapil"), ("role", "officer")],
    )
    .await;
    assert_eq!(s, 422, "{html}");
    assert!(audit_rows(&app).await.is_empty());

    // Create: the initial password is shown once, and it signs in.
    let (s, _, html) = post_form(
        &app,
        &root,
        "/kelola/admin/petugas",
        "/kelola/admin/petugas",
        &[("name", "Budi Santoso"), ("email", "budi@dukcapil.id"), ("agency", "disdukcapil"), ("role", "officer")],
    )
    .await;
    assert_eq!(s, 200, "{html}");
    let password = between(&html, "<code id=\"initial-password\">", "<").to_string();
    assert!(password.len() >= 16);
    let budi = user_id(&app, "budi@dukcapil.id").await;
    let e = one_new(&app, 0, Some(root_id), "staff.create", ("staff", &budi.to_string())).await;
    assert_eq!(e.detail["role"], "officer");
    assert!(!e.detail.to_string().contains(&password), "no password in the audit log");
    assert_eq!(e.actor_label, "Staf Uji");
    // The act names the request that made it, as the server's log lines do.
    let rid = e.request_id.as_deref().expect("the request id of the act");
    assert!(satupintu::observe::sane_request_id(rid) && rid.len() == 32, "{rid}");
    let token = app.login("budi@dukcapil.id", &password, None).await;
    let again = root.get(app.url("/kelola/admin/petugas")).send().await.expect("list").text().await.expect("list");
    assert!(again.contains("Budi Santoso") && !again.contains(&password), "the password is shown once");

    // Change the role.
    let to = format!("/kelola/admin/petugas/{budi}/peran");
    let (s, loc, _) = post_form(&app, &root, "/kelola/admin/petugas", &to, &[("role", "supervisor")]).await;
    assert_eq!((s, loc.as_str()), (303, "/kelola/admin/petugas?selesai=peran"));
    let e = one_new(&app, 1, Some(root_id), "staff.role", ("staff", &budi.to_string())).await;
    assert_eq!(e.detail, json!({"role": {"from": "officer", "to": "supervisor"}}));

    // Deactivate: no sign-in, and the open session ends.
    let to = format!("/kelola/admin/petugas/{budi}/nonaktifkan");
    let (s, _, _) = post_form(&app, &root, "/kelola/admin/petugas", &to, &[]).await;
    assert_eq!(s, 303);
    one_new(&app, 2, Some(root_id), "staff.deactivate", ("staff", &budi.to_string())).await;
    assert_eq!(api_login_status(&app, "budi@dukcapil.id", &password).await, 401, "deactivated staff cannot sign in");
    let me = client().get(app.url("/api/v1/me")).bearer_auth(&token).send().await.expect("me");
    assert_eq!(me.status().as_u16(), 401, "the deactivated account's session ended");

    // Reactivate.
    let to = format!("/kelola/admin/petugas/{budi}/aktifkan");
    let (s, _, _) = post_form(&app, &root, "/kelola/admin/petugas", &to, &[]).await;
    assert_eq!(s, 303);
    one_new(&app, 3, Some(root_id), "staff.reactivate", ("staff", &budi.to_string())).await;
    assert_eq!(api_login_status(&app, "budi@dukcapil.id", &password).await, 200);

    // The only super admin cannot deactivate or demote themselves: nothing changes.
    let to = format!("/kelola/admin/petugas/{root_id}/nonaktifkan");
    let (s, _, html) = post_form(&app, &root, "/kelola/admin/petugas", &to, &[]).await;
    assert_eq!(s, 422, "{html}");
    let to = format!("/kelola/admin/petugas/{root_id}/peran");
    let (s, _, _) = post_form(&app, &root, "/kelola/admin/petugas", &to, &[("role", "officer")]).await;
    assert_eq!(s, 422);
    assert_eq!(audit_rows(&app).await.len(), 4);
    assert_eq!(api_login_status(&app, "budi@dukcapil.id", &password).await, 200);

    // An agency admin manages their own agency's staff only, and never makes a super admin.
    let (aa, _) = staff_browser(&app, Role::AgencyAdmin, Some("dinkes"), "admin@dinkes.id").await;
    let list = aa.get(app.url("/kelola/admin/petugas")).send().await.expect("list").text().await.expect("list");
    assert!(!list.contains("Budi Santoso"), "another agency's staff are not listed");
    let (s, _, _) = post_form(
        &app,
        &aa,
        "/kelola/admin/petugas",
        "/kelola/admin/petugas",
        &[("name", "Dewi Lestari"), ("email", "dewi@dinkes.id"), ("agency", "dinkes"), ("role", "super_admin")],
    )
    .await;
    assert_eq!(s, 422);
    let to = format!("/kelola/admin/petugas/{budi}/nonaktifkan");
    let (s, _, _) = post_form(&app, &aa, "/kelola/admin/petugas", &to, &[]).await;
    assert_eq!(s, 404, "not an account of their agency");
    assert_eq!(audit_rows(&app).await.len(), 4);
    // Agencies: created and renamed, each recorded; the catalogue shows them at once.
    let (s, loc, html) = post_form(
        &app,
        &root,
        "/kelola/admin/instansi",
        "/kelola/admin/instansi",
        &[
            ("id", "dinas-kominfo"),
            ("name_id", "Dinas Komunikasi dan Informatika"),
            ("name_en", "Communication and Informatics Office"),
            ("level", "kabupaten_kota"),
        ],
    )
    .await;
    assert_eq!((s, loc.as_str()), (303, "/kelola/admin/instansi?selesai=instansi"), "{html}");
    one_new(&app, 4, Some(root_id), "agency.create", ("agency", "dinas-kominfo")).await;
    let (s, _, _) = post_form(
        &app,
        &root,
        "/kelola/admin/instansi",
        "/kelola/admin/instansi",
        &[("id", "dinas-kominfo"), ("name_id", "Lagi"), ("name_en", "Again"), ("level", "pusat")],
    )
    .await;
    assert_eq!(s, 422, "the id is taken");
    let (s, _, _) = post_form(
        &app,
        &root,
        "/kelola/admin/instansi/dinas-kominfo",
        "/kelola/admin/instansi/dinas-kominfo",
        &[("name_id", "Diskominfo Kota"), ("name_en", "City Communication Office"), ("level", "kabupaten_kota")],
    )
    .await;
    assert_eq!(s, 303);
    let e = one_new(&app, 5, Some(root_id), "agency.update", ("agency", "dinas-kominfo")).await;
    assert_eq!(e.detail["name"]["to"]["id"], "Diskominfo Kota");
    let public =
        client().get(app.url("/instansi/dinas-kominfo")).send().await.expect("get").text().await.expect("page");
    assert!(public.contains("Diskominfo Kota"));

    // ... and the rest of the console is the super admin's.
    for path in ["/kelola/admin", "/kelola/admin/kunci-api", "/kelola/admin/kanal", "/kelola/admin/instansi"] {
        assert_eq!(aa.get(app.url(path)).send().await.expect("get").status().as_u16(), 403, "{path}");
    }
    app.stop().await;
}

fn citizen(id: i64) -> CurrentUser {
    CurrentUser::signed_in(id, Role::Citizen, None, "Warga")
}

async fn outbox_channels(app: &TestApp, key: &str) -> Vec<String> {
    let mut conn = app.state.db.conn().await.expect("conn");
    let rows = sqlx::query("SELECT channel FROM outbox WHERE idempotency_key LIKE $1 ORDER BY channel")
        .bind(format!("{key}:%"))
        .fetch_all(&mut *conn)
        .await
        .expect("outbox");
    rows.iter().map(|r| r.get::<String, _>(0)).collect()
}

async fn queue_one(app: &TestApp, user: i64, key: &str) {
    let mut tx = app.state.db.begin().await.expect("tx");
    let payload = json!({"code": "SP-2026-000001", "status": "submitted"});
    satupintu::notify::service::queue(&mut tx, "status", user, &payload, key, satupintu::db::now())
        .await
        .expect("queue");
    tx.commit().await.expect("commit");
}

async fn switches_keys_and_audit_exports(b: Backend) {
    let app = TestApp::spawn(b).await;
    let (root, root_id) = staff_browser(&app, Role::SuperAdmin, None, "root@satupintu.id").await;
    app.citizen(NIK_A, "Siti Rahayu", "siti@contoh.id").await;
    let siti = user_id(&app, "siti@contoh.id").await;

    // The e-mail channel switched off: nothing new is queued on it; the others still are.
    queue_one(&app, siti, "before").await;
    assert_eq!(outbox_channels(&app, "before").await, ["email", "push", "webhook"]);
    let (s, _, _) =
        post_form(&app, &root, "/kelola/admin/kanal", "/kelola/admin/kanal", &[("channel", "email"), ("enabled", "0")])
            .await;
    assert_eq!(s, 303);
    one_new(&app, 0, Some(root_id), "notify.channel", ("notify_channel", "email")).await;
    let page = root.get(app.url("/kelola/admin/kanal")).send().await.expect("get").text().await.expect("page");
    assert!(page.contains("tidak diantrekan"), "the page says what off means");
    queue_one(&app, siti, "after").await;
    assert_eq!(outbox_channels(&app, "after").await, ["push", "webhook"], "no e-mail queued");
    let (s, _, _) =
        post_form(&app, &root, "/kelola/admin/kanal", "/kelola/admin/kanal", &[("channel", "sms"), ("enabled", "0")])
            .await;
    assert_eq!(s, 400, "an unknown channel");
    assert_eq!(audit_rows(&app).await.len(), 1);

    // API keys: created (shown once, only the hash kept) and revoked, both recorded.
    let (s, _, html) = post_form(
        &app,
        &root,
        "/kelola/admin/kunci-api",
        "/kelola/admin/kunci-api",
        &[("name", "Aplikasi Lapor Warga"), ("agency", "")],
    )
    .await;
    assert_eq!(s, 200, "{html}");
    let key = between(&html, "<code id=\"new-key\">", "<").to_string();
    assert!(key.starts_with("sp311_"));
    let keys = satupintu::reports::open311::keys::list(&app.state).await.expect("keys");
    let id = keys[0].id.to_string();
    let e = one_new(&app, 1, Some(root_id), "api_key.create", ("api_key", &id)).await;
    assert!(!e.detail.to_string().contains(&key), "the key is never recorded");
    assert!(satupintu::reports::open311::keys::check(&app.state, &key).await.expect("check").is_some());
    let to = format!("/kelola/admin/kunci-api/{id}/cabut");
    let (s, _, _) = post_form(&app, &root, "/kelola/admin/kunci-api", &to, &[]).await;
    assert_eq!(s, 303);
    one_new(&app, 2, Some(root_id), "api_key.revoke", ("api_key", &id)).await;
    assert!(satupintu::reports::open311::keys::check(&app.state, &key).await.expect("check").is_none());
    // The command line's acts (`satupintu api-key create`) are recorded as "cli".
    let cli = satupintu::admin::Actor::cli();
    let (k, _) = satupintu::reports::open311::keys::create(&app.state, &cli, "Mitra", None).await.expect("cli key");
    let e = one_new(&app, 3, None, "api_key.create", ("api_key", &k.id.to_string())).await;
    assert_eq!(e.actor_label, "cli");
    assert_eq!(e.request_id, None, "a command-line act has no request");

    // Holidays (the existing page) are recorded too.
    let (s, _, _) = post_form(
        &app,
        &root,
        "/kelola/hari-libur",
        "/kelola/hari-libur",
        &[("date", "2026-12-25"), ("name", "Hari Raya Natal"), ("kind", "libur_nasional")],
    )
    .await;
    assert_eq!(s, 303);
    one_new(&app, 4, Some(root_id), "holiday.save", ("holiday", "2026-12-25")).await;

    // The auditor reads the log, filters it, and exports it.
    let (auditor, _) = staff_browser(&app, Role::Auditor, None, "auditor@bpk.go.id").await;
    let page = auditor.get(app.url("/kelola/audit")).send().await.expect("audit");
    assert_eq!(page.status().as_u16(), 200);
    let html = page.text().await.expect("audit");
    assert!(html.contains("api_key.revoke") && html.contains("holiday.save"));
    let filtered = auditor.get(app.url("/kelola/audit?aksi=api_key.create")).send().await.expect("get");
    let html = filtered.text().await.expect("page");
    assert!(html.contains("2 tindakan"), "{html}");
    let bad = auditor.get(app.url("/kelola/audit?dari=kemarin")).send().await.expect("get");
    assert_eq!(bad.status().as_u16(), 422, "a wrong date is a field error");

    let csv = auditor.get(app.url("/kelola/audit.csv")).send().await.expect("csv");
    assert_eq!(csv.status().as_u16(), 200);
    assert!(csv.headers()["content-type"].to_str().expect("type").starts_with("text/csv"));
    let text = csv.text().await.expect("csv");
    let records = satupintu::csv::parse(&text).expect("the CSV parses");
    assert_eq!(records[0].1[4], "action");
    assert_eq!(records.len(), 1 + 5);
    let json: Vec<Value> =
        auditor.get(app.url("/kelola/audit.json")).send().await.expect("json").json().await.expect("json");
    assert_eq!(json.len(), 5);
    for (row, (_, rec)) in json.iter().zip(records.iter().skip(1)) {
        assert_eq!(row["id"].as_i64().expect("id").to_string(), rec[0]);
        assert_eq!(row["action"], rec[4].as_str());
        assert_eq!(row["target_id"], rec[6].as_str());
        assert_eq!(row["detail"], serde_json::from_str::<Value>(&rec[7]).expect("detail"));
    }
    let filtered: Vec<Value> =
        auditor.get(app.url("/kelola/audit.json?pelaku=cli")).send().await.expect("json").json().await.expect("json");
    assert_eq!(filtered.len(), 1);
    let from_tomorrow = time::OffsetDateTime::now_utc().date() + time::Duration::days(2);
    let later: Vec<Value> = auditor
        .get(app.url(&format!("/kelola/audit.json?dari={from_tomorrow}")))
        .send()
        .await
        .expect("json")
        .json()
        .await
        .expect("json");
    assert!(later.is_empty(), "the date range filters");

    // Nothing changes the log: no route writes to it, and officers cannot read it.
    for method in [reqwest::Method::POST, reqwest::Method::PUT, reqwest::Method::DELETE] {
        let r = auditor.request(method.clone(), app.url("/kelola/audit")).send().await.expect("request");
        assert!(matches!(r.status().as_u16(), 403 | 405), "{method} /kelola/audit: {}", r.status());
    }
    let (officer, _) = staff_browser(&app, Role::Officer, Some("disdukcapil"), "petugas@dukcapil.id").await;
    assert_eq!(officer.get(app.url("/kelola/audit")).send().await.expect("get").status().as_u16(), 403);
    assert_eq!(officer.get(app.url("/kelola/audit.csv")).send().await.expect("get").status().as_u16(), 403);
    assert_eq!(audit_rows(&app).await.len(), 5);
    app.stop().await;
}

async fn features_off_in_one_region(b: Backend) {
    let app = TestApp::spawn(b).await;
    let (root, root_id) = staff_browser(&app, Role::SuperAdmin, None, "root@satupintu.id").await;
    // Siti's NIK is of Kota Bandung (3273), Rudi's of Kota Surabaya (3578).
    app.citizen(NIK_A, "Siti Rahayu", "siti@contoh.id").await;
    app.citizen(NIK_B, "Rudi Hartono", "rudi@contoh.id").await;
    let (siti, rudi) = (user_id(&app, "siti@contoh.id").await, user_id(&app, "rudi@contoh.id").await);

    // Everywhere off, Jawa Barat (32) on, Surabaya off: the most specific switch wins.
    for (feature, region, enabled) in
        [("telemedicine", "", "0"), ("telemedicine", "32", "1"), ("green_pickup", "35.78", "0")]
    {
        let (s, loc, html) = post_form(
            &app,
            &root,
            "/kelola/admin/fitur",
            "/kelola/admin/fitur",
            &[("feature", feature), ("region", region), ("enabled", enabled)],
        )
        .await;
        assert_eq!((s, loc.as_str()), (303, "/kelola/admin/fitur?selesai=fitur"), "{html}");
    }
    let rows = audit_rows(&app).await;
    assert_eq!(rows.len(), 3);
    assert!(rows.iter().all(|e| e.action == "feature.set" && e.actor_user_id == Some(root_id)));
    assert_eq!(rows[2].target_id, "green_pickup:3578");
    let (s, _, _) = post_form(
        &app,
        &root,
        "/kelola/admin/fitur",
        "/kelola/admin/fitur",
        &[("feature", "telemedicine"), ("region", "35x"), ("enabled", "0")],
    )
    .await;
    assert_eq!(s, 422, "a region that is not a code");
    assert_eq!(audit_rows(&app).await.len(), 3);

    use satupintu::web::AppError;
    let book = |id| {
        let state = app.state.clone();
        async move { satupintu::telemedicine::service::book(&state, &citizen(id), 0).await }
    };
    assert!(matches!(book(rudi).await, Err(AppError::Refused { key: "feature-unavailable-region" })));
    assert!(matches!(book(siti).await, Err(AppError::Validation(_))), "on in Bandung: only the slot is wrong");
    let pickup = |id| {
        let state = app.state.clone();
        async move {
            let input = satupintu::green::model::PickupInput::default();
            satupintu::green::service::request(&state, &citizen(id), &input).await
        }
    };
    assert!(matches!(pickup(rudi).await, Err(AppError::Refused { key: "feature-unavailable-region" })));
    assert!(matches!(pickup(siti).await, Err(AppError::Validation(_))));

    // The entry pages say so, in the citizen's language.
    let rudi_web = app.browser("rudi@contoh.id", "rahasia-warga-1", None).await;
    let siti_web = app.browser("siti@contoh.id", "rahasia-warga-1", None).await;
    for path in ["/telekonsultasi", "/hijau/angkut-sampah"] {
        let html = rudi_web.get(app.url(path)).send().await.expect("get").text().await.expect("page");
        assert!(html.contains("Layanan ini belum tersedia di wilayah Anda"), "{path}");
        let html = siti_web.get(app.url(path)).send().await.expect("get").text().await.expect("page");
        assert!(!html.contains("belum tersedia di wilayah Anda"), "{path}");
    }
    let html = rudi_web.get(app.url("/telekonsultasi?lang=en")).send().await.expect("get").text().await.expect("page");
    assert!(html.contains("not yet available in your region"));

    // Removing the Surabaya switch turns green pickup back on there.
    let (s, _, _) = post_form(
        &app,
        &root,
        "/kelola/admin/fitur",
        "/kelola/admin/fitur/hapus",
        &[("feature", "green_pickup"), ("region", "3578")],
    )
    .await;
    assert_eq!(s, 303);
    one_new(&app, 3, Some(root_id), "feature.remove", ("feature_switch", "green_pickup:3578")).await;
    assert!(matches!(pickup(rudi).await, Err(AppError::Validation(_))));
    app.stop().await;
}

async fn template_override_is_sent(b: Backend) {
    let smtp = crate::notify::Smtp::start().await;
    let port = smtp.port;
    let app = TestApp::spawn_configured(b, |c| {
        c.smtp_host = Some("127.0.0.1".into());
        c.smtp_port = port;
    })
    .await;
    let (root, root_id) = staff_browser(&app, Role::SuperAdmin, None, "root@satupintu.id").await;
    app.citizen(NIK_A, "Siti Rahayu", "siti@contoh.id").await;
    let siti = user_id(&app, "siti@contoh.id").await;
    let form = "/kelola/admin/templat/notify-status?bahasa=id";
    let page = root.get(app.url(form)).send().await.expect("get").text().await.expect("page");
    assert!(page.contains("Status permohonan { $code } sekarang: { $status }."), "the default is shown");

    // Other variables than the default's: refused, nothing saved or recorded.
    let to = "/kelola/admin/templat/notify-status";
    let (s, _, html) = post_form(
        &app,
        &root,
        form,
        to,
        &[
            ("bahasa", "id"),
            ("subject", "Kabar { $code }"),
            ("body", "Permohonan { $code } kini { $status }, { $nik }."),
            ("aksi", "simpan"),
        ],
    )
    .await;
    assert_eq!(s, 422, "{html}");
    assert!(audit_rows(&app).await.is_empty());

    // The preview fills in example values and saves nothing.
    let subject = "Kabar terbaru { $code }: { $status }";
    let body = "Halo, permohonan { $code } kini berstatus { $status }. Terima kasih.";
    let fields = [("bahasa", "id"), ("subject", subject), ("body", body), ("aksi", "pratinjau")];
    let (s, _, html) = post_form(&app, &root, form, to, &fields).await;
    assert_eq!(s, 200);
    assert!(html.contains("Kabar terbaru SP-2026-000123: Diajukan"), "{html}");
    assert!(audit_rows(&app).await.is_empty());

    let fields = [("bahasa", "id"), ("subject", subject), ("body", body), ("aksi", "simpan")];
    let (s, loc, _) = post_form(&app, &root, form, to, &fields).await;
    assert_eq!((s, loc.as_str()), (303, "/kelola/admin/templat?selesai=templat"));
    one_new(&app, 0, Some(root_id), "template.save", ("notify_template", "notify-status:id")).await;

    // The e-mail sent uses the override.
    queue_one(&app, siti, "override").await;
    crate::notify::wait_for(|| smtp.mail().contains("Kabar terbaru SP-2026-000001"), "the overridden e-mail").await;
    assert!(smtp.mail().contains("Terima kasih."), "{}", smtp.mail());

    // Reset to the default: recorded, and the default is sent again.
    let (s, _, _) = post_form(&app, &root, form, to, &[("bahasa", "id"), ("aksi", "reset")]).await;
    assert_eq!(s, 303);
    one_new(&app, 1, Some(root_id), "template.reset", ("notify_template", "notify-status:id")).await;
    let mut tx = app.state.db.begin().await.expect("tx");
    let payload = json!({"code": "SP-2026-000002", "status": "submitted"});
    satupintu::notify::service::queue(&mut tx, "status", siti, &payload, "default", satupintu::db::now())
        .await
        .expect("queue");
    tx.commit().await.expect("commit");
    crate::notify::wait_for(|| smtp.mail().contains("Permohonan SP-2026-000002"), "the default e-mail").await;
    app.stop().await;
}
