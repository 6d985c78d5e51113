//! Partners: registration → verification → programmes and activity reports in public; refusal;
//! membership decides who manages an organisation; a report is passed to a partner only when
//! its fields and areas fit, and the partner's updates appear on the report's public history;
//! waste-bank customers (one registration each, unique member numbers under concurrency),
//! deposits and balance.

use reqwest::{Client, Method};
use satupintu::identity::{CurrentUser, Role};
use satupintu::partners::model::{CustomerInput, DecisionInput, OrgInput};
use satupintu::partners::service;
use satupintu::web::AppError;
use serde_json::{json, Value};

use crate::both;
use crate::common::{post_form as post, Backend, TestApp, NIK_A, NIK_B, NIK_C};

both!(
    registration_verification_and_public_programmes,
    refusal_needs_a_reason_and_stays_private,
    membership_decides_who_manages,
    reports_pass_only_to_fitting_partners_and_updates_show_publicly,
    waste_bank_customers_deposits_and_balance,
    the_demo_shows_partners
);

fn nik(n: usize) -> String {
    format!("357825120890{n:04}")
}

async fn user(app: &TestApp, token: &str) -> CurrentUser {
    satupintu::identity::service::current_user(&app.state, token, true).await.expect("user").expect("signed in")
}

async fn citizen(app: &TestApp, nik: &str, name: &str, email: &str) -> (CurrentUser, Client) {
    let token = app.citizen(nik, name, email).await;
    (user(app, &token).await, app.browser(email, "rahasia-warga-1", None).await)
}

async fn staff(app: &TestApp, role: Role, agency: Option<&str>, email: &str) -> (CurrentUser, Client, String) {
    let token = app.staff(role, agency, email).await;
    let secret = role.requires_totp().then_some("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP");
    let web = app.browser(email, "rahasia-staf-1", secret).await;
    (user(app, &token).await, web, token)
}

async fn page(app: &TestApp, web: &Client, path: &str) -> (u16, String) {
    let r = web.get(app.url(path)).send().await.expect("get");
    (r.status().as_u16(), r.text().await.expect("body"))
}

fn org(name: &str, kind: &str, fields: &[&str], regions: &str) -> OrgInput {
    OrgInput {
        name: name.into(),
        kind: kind.into(),
        legal_basis: String::new(),
        fields: fields.iter().map(|f| f.to_string()).collect(),
        regions: regions.into(),
        contact: "0812-0000-1111".into(),
        description: format!("{name}: organisasi warga Surabaya untuk uji."),
    }
}

/// A verified organisation registered by `coordinator`.
async fn verified(app: &TestApp, admin: &CurrentUser, coordinator: &CurrentUser, input: OrgInput) -> String {
    let o = service::register(&app.state, coordinator, &input).await.expect("register");
    let verify = DecisionInput { decision: "verify".into(), reason: String::new() };
    service::decide(&app.state, admin, &o.slug, &verify).await.expect("verify");
    o.slug
}

async fn registration_verification_and_public_programmes(b: Backend) {
    let app = TestApp::spawn(b).await;
    let (_, budi_web) = citizen(&app, NIK_B, "Budi Santoso", "budi@contoh.id").await;
    let (_, admin_web, _) = staff(&app, Role::AgencyAdmin, Some("disdukcapil"), "admin@dukcapil.id").await;

    // Mistakes are refused per field, in Indonesian, and nothing is saved.
    let (s, _, html) = post(&app, &budi_web, "/mitra/daftar", "/mitra/daftar", &[("name", ""), ("kind", "pt")]).await;
    assert_eq!(s, 422);
    assert!(html.contains("Wajib diisi") && html.contains("Pilih paling sedikit satu bidang"), "{html}");
    assert!(html.contains("govuk-error-summary"));

    let fields = [
        ("name", "Bank Sampah Bintang Mangrove"),
        ("kind", "bank_sampah"),
        ("fields", "sampah"),
        ("fields", "pencemaran"),
        ("regions", "357825"),
        ("contact", "0812-3300-4455"),
        ("description", "Bank sampah warga Gunung Anyar di tepi mangrove Wonorejo."),
    ];
    let (s, location, _) = post(&app, &budi_web, "/mitra/daftar", "/mitra/daftar", &fields).await;
    assert_eq!((s, location.as_str()), (303, "/akun/mitra?terkirim=1"));
    let slug = "bank-sampah-bintang-mangrove";
    let (_, mine) = page(&app, &budi_web, "/akun/mitra").await;
    assert!(mine.contains("Menunggu verifikasi") && mine.contains("Bank Sampah Bintang Mangrove"));

    // Not public before verification, and its coordinator cannot publish yet.
    assert_eq!(app.get(&format!("/mitra/{slug}")).await.status().as_u16(), 404);
    let (_, list) = app.get_json("/api/v1/partners").await;
    assert_eq!(list["partners"].as_array().expect("list").len(), 0);
    let programme = [
        ("title", "Tabungan Sampah Warga"),
        ("field", "sampah"),
        ("region", "357825"),
        ("starts_on", "2026-01-01"),
        ("ends_on", "2026-12-31"),
        ("description", "Penimbangan mingguan di Balai RW 03."),
    ];
    let (s, _, _) = post(&app, &budi_web, "/mitra/daftar", &format!("/mitra/{slug}/program"), &programme).await;
    assert_eq!(s, 409);

    // The admin verifies it once.
    let (_, queue) = page(&app, &admin_web, "/kelola/mitra").await;
    assert!(queue.contains("Bank Sampah Bintang Mangrove"));
    let (s, _, _) =
        post(&app, &admin_web, "/kelola/mitra", &format!("/kelola/mitra/{slug}"), &[("decision", "verify")]).await;
    assert_eq!(s, 303);
    let (s, _, _) = post(&app, &admin_web, "/akun", &format!("/kelola/mitra/{slug}"), &[("decision", "verify")]).await;
    assert_eq!(s, 409, "decided once");

    // Programmes: a mistake is 422, a good one is public.
    let bad =
        [("title", "X"), ("field", "jalan"), ("region", "1"), ("starts_on", "2026-05-01"), ("ends_on", "2026-01-01")];
    let (s, _, html) =
        post(&app, &budi_web, &format!("/mitra/{slug}/kelola"), &format!("/mitra/{slug}/program"), &bad).await;
    assert_eq!(s, 422);
    assert!(html.contains("Pilih salah satu pilihan") && html.contains("Tanggal selesai harus"), "{html}");
    let (s, _, _) =
        post(&app, &budi_web, &format!("/mitra/{slug}/kelola"), &format!("/mitra/{slug}/program"), &programme).await;
    assert_eq!(s, 303);
    let activity = [
        ("done_on", "2026-11-20"),
        ("body", "Penimbangan bulanan bersama 48 nasabah."),
        ("waste_kg", "312,5"),
        ("people_reached", "48"),
    ];
    let (s, _, _) =
        post(&app, &budi_web, &format!("/mitra/{slug}/kelola"), &format!("/mitra/{slug}/kegiatan"), &activity).await;
    assert_eq!(s, 303);
    let future = [("done_on", "2999-01-01"), ("body", "Belum terjadi.")];
    let (s, _, _) =
        post(&app, &budi_web, &format!("/mitra/{slug}/kelola"), &format!("/mitra/{slug}/kegiatan"), &future).await;
    assert_eq!(s, 422);

    let html = app.get(&format!("/mitra/{slug}")).await.text().await.expect("page");
    assert!(html.contains("Tabungan Sampah Warga") && html.contains("312,5 kg sampah terkumpul"), "{html}");
    assert!(html.contains("48 orang terjangkau"));
    let (s, one) = app.get_json(&format!("/api/v1/partners/{slug}")).await;
    assert_eq!(s, 200);
    assert_eq!(one["kind"], "bank_sampah");
    assert_eq!(one["fields"], json!(["sampah", "pencemaran"]));
    assert_eq!(one["programmes"][0]["title"], "Tabungan Sampah Warga");
    assert_eq!(one["activities"][0]["waste_grams"], 312_500);
    let count = |v: &Value| v["partners"].as_array().map_or(0, Vec::len);
    assert_eq!(count(&app.get_json("/api/v1/partners?field=sampah").await.1), 1);
    assert_eq!(count(&app.get_json("/api/v1/partners?kind=csr").await.1), 0);
    assert_eq!(app.get_json("/api/v1/partners?kind=pt").await.0, 422);
    let listing = app.get("/mitra?jenis=bank_sampah").await.text().await.expect("page");
    assert!(listing.contains(&format!("/mitra/{slug}")));
    let banks = app.get("/bank-sampah").await.text().await.expect("page");
    assert!(banks.contains(&format!("/mitra/{slug}/nasabah")));
    app.stop().await;
}

async fn refusal_needs_a_reason_and_stays_private(b: Backend) {
    let app = TestApp::spawn(b).await;
    let (budi, budi_web) = citizen(&app, NIK_B, "Budi Santoso", "budi@contoh.id").await;
    let (admin, _, _) = staff(&app, Role::SuperAdmin, None, "super@satupintu.id").await;
    let o = service::register(&app.state, &budi, &org("Relawan Fiktif", "komunitas", &["lainnya"], "3578"))
        .await
        .expect("ok");
    let refuse = DecisionInput { decision: "refuse".into(), reason: " ".into() };
    assert!(matches!(service::decide(&app.state, &admin, &o.slug, &refuse).await, Err(AppError::Validation(_))));
    let refuse = DecisionInput { decision: "refuse".into(), reason: "Kontak tidak dapat dihubungi.".into() };
    let decided = service::decide(&app.state, &admin, &o.slug, &refuse).await.expect("refused");
    assert_eq!(decided.status, "refused");
    // The coordinator hears of it, in their language.
    use sqlx::Row as _;
    let row = sqlx::query("SELECT COUNT(*) FROM outbox WHERE kind = 'partner_decision' AND recipient_id = $1")
        .bind(budi.id)
        .fetch_one(app.state.db.pool())
        .await
        .expect("outbox");
    assert!(row.get::<i64, _>(0) >= 1, "the coordinator is notified");
    let payload = json!({"status": "refused", "name": "Relawan Fiktif"});
    let (subject, body) = satupintu::notify::worker::message("partner_decision", &payload, satupintu::web::Lang::Id);
    assert_eq!(subject, "Pendaftaran mitra: Ditolak");
    assert!(body.contains("Relawan Fiktif"), "{body}");
    // A citizen cannot decide.
    assert!(matches!(service::decide(&app.state, &budi, &o.slug, &refuse).await, Err(AppError::Forbidden)));
    let (_, mine) = page(&app, &budi_web, "/akun/mitra").await;
    assert!(mine.contains("Ditolak") && mine.contains("Kontak tidak dapat dihubungi."));
    assert_eq!(app.get(&format!("/mitra/{}", o.slug)).await.status().as_u16(), 404);
    assert_eq!(app.get_json(&format!("/api/v1/partners/{}", o.slug)).await.0, 404);
    // The same name again gets its own address.
    let again = service::register(&app.state, &budi, &org("Relawan Fiktif", "komunitas", &["lainnya"], "3578")).await;
    assert_eq!(again.expect("ok").slug, format!("{}-2", o.slug));
    app.stop().await;
}

async fn membership_decides_who_manages(b: Backend) {
    let app = TestApp::spawn(b).await;
    let (budi, budi_web) = citizen(&app, NIK_B, "Budi Santoso", "budi@contoh.id").await;
    let (_, siti_web) = citizen(&app, NIK_A, "Siti Rahayu", "siti@contoh.id").await;
    let (dewi, dewi_web) = citizen(&app, NIK_C, "Dewi Lestari", "dewi@contoh.id").await;
    let (admin, _, _) = staff(&app, Role::SuperAdmin, None, "super@satupintu.id").await;
    let x =
        verified(&app, &admin, &budi, org("Bank Sampah Bintang Mangrove", "bank_sampah", &["sampah"], "357825")).await;
    let y = verified(&app, &admin, &dewi, org("Komunitas Hijau Rungkut", "komunitas", &["sampah"], "357803")).await;
    let programme = [
        ("title", "Program Uji"),
        ("field", "sampah"),
        ("region", "357825"),
        ("starts_on", "2026-01-01"),
        ("ends_on", "2026-02-01"),
        ("description", "Uji."),
    ];
    // A non-member and another organisation's coordinator find nothing to manage.
    assert_eq!(page(&app, &siti_web, &format!("/mitra/{x}/kelola")).await.0, 404);
    assert_eq!(page(&app, &siti_web, &format!("/mitra/{x}/laporan")).await.0, 404);
    let (s, _, _) =
        post(&app, &dewi_web, &format!("/mitra/{y}/kelola"), &format!("/mitra/{x}/program"), &programme).await;
    assert_eq!(s, 404);
    let (s, _, _) = post(
        &app,
        &dewi_web,
        &format!("/mitra/{y}/kelola"),
        &format!("/mitra/{x}/anggota"),
        &[("email", "dewi@contoh.id")],
    )
    .await;
    assert_eq!(s, 404);
    assert!(satupintu::partners::service::profile(&app.state, &x).await.expect("profile").programmes.is_empty());

    // The coordinator adds Siti as a member: she reads the members' page but cannot publish.
    let (s, _, html) = post(
        &app,
        &budi_web,
        &format!("/mitra/{x}/kelola"),
        &format!("/mitra/{x}/anggota"),
        &[("email", "tidak-ada@contoh.id"), ("role", "member")],
    )
    .await;
    assert_eq!(s, 422);
    assert!(html.contains("Tidak ada akun warga dengan surel ini"));
    let (s, _, _) = post(
        &app,
        &budi_web,
        &format!("/mitra/{x}/kelola"),
        &format!("/mitra/{x}/anggota"),
        &[("email", "Siti@Contoh.id"), ("role", "member")],
    )
    .await;
    assert_eq!(s, 303);
    let (s, _, _) = post(
        &app,
        &budi_web,
        &format!("/mitra/{x}/kelola"),
        &format!("/mitra/{x}/anggota"),
        &[("email", "siti@contoh.id"), ("role", "member")],
    )
    .await;
    assert_eq!(s, 422, "a member already");
    let (s, html) = page(&app, &siti_web, &format!("/mitra/{x}/kelola")).await;
    assert_eq!(s, 200);
    assert!(html.contains("Siti Rahayu") && !html.contains(&format!("action=\"/mitra/{x}/program\"")));
    let (s, _, _) = post(&app, &siti_web, "/mitra/daftar", &format!("/mitra/{x}/program"), &programme).await;
    assert_eq!(s, 403);
    // Staff have no membership pages at all.
    let (_, officer_web, _) = staff(&app, Role::Officer, Some("disdukcapil"), "petugas@dukcapil.id").await;
    assert_eq!(page(&app, &officer_web, &format!("/mitra/{x}/kelola")).await.0, 403);
    let _ = budi;
    app.stop().await;
}

async fn reports_pass_only_to_fitting_partners_and_updates_show_publicly(b: Backend) {
    let app = TestApp::spawn(b).await;
    satupintu::catalog::service::import(&app.state.db, satupintu::demo::REPORT_AGENCIES, None).await.expect("agencies");
    app.state.catalog.refresh(&app.state.db, true).await.expect("refresh");
    let (budi, budi_web) = citizen(&app, NIK_B, "Budi Santoso", "budi@contoh.id").await;
    let siti_token = app.citizen(NIK_A, "Siti Rahayu", "siti@contoh.id").await;
    let (dewi, dewi_web) = citizen(&app, NIK_C, "Dewi Lestari", "dewi@contoh.id").await;
    let (admin, _, _) = staff(&app, Role::SuperAdmin, None, "super@satupintu.id").await;
    let (_, coordinator_web, coordinator) =
        staff(&app, Role::Officer, Some("diskominfo"), "koordinator@kominfo.id").await;
    let (_, dpupr_web, _) = staff(&app, Role::Officer, Some("dpupr"), "petugas@pupr.id").await;

    let bank =
        verified(&app, &admin, &budi, org("Bank Sampah Bintang Mangrove", "bank_sampah", &["sampah"], "357825")).await;
    let csr = verified(&app, &admin, &dewi, org("CSR Saluran Bersih", "csr", &["drainase_banjir"], "3578")).await;
    let far =
        verified(&app, &admin, &dewi, org("Bank Sampah Rungkut Asri", "bank_sampah", &["sampah"], "357803")).await;
    let pending =
        service::register(&app.state, &dewi, &org("Bank Sampah Menunggu", "bank_sampah", &["sampah"], "357825"))
            .await
            .expect("pending")
            .slug;

    let new_report = |privacy: &str| {
        json!({"category": "sampah", "description": "Tumpukan sampah plastik di tepi saluran Gunung Anyar Tambak.",
               "lat": -7.3365, "lon": 112.8027, "privacy": privacy, "region_code": "357825"})
    };
    let (s, r) = app.api(Method::POST, "/api/v1/reports", Some(&siti_token), Some(new_report("public"))).await;
    assert_eq!(s, 201, "{r}");
    let code = r["code"].as_str().expect("code").to_string();
    let (s, _) = app
        .api(
            Method::POST,
            &format!("/api/v1/reports/{code}/actions"),
            Some(&coordinator),
            Some(json!({"action": "dispatch", "agency_id": "dlh"})),
        )
        .await;
    assert_eq!(s, 200);

    // Only the verified waste bank whose field and area fit is offered, and only it is accepted.
    let (s, html) = page(&app, &coordinator_web, &format!("/petugas/laporan/{code}/mitra")).await;
    assert_eq!(s, 200);
    assert!(html.contains(&format!("value=\"{bank}\"")), "{html}");
    for other in [&csr, &far, &pending] {
        assert!(!html.contains(&format!("value=\"{other}\"")), "{other} offered");
        let (s, _, _) = post(
            &app,
            &coordinator_web,
            &format!("/petugas/laporan/{code}/mitra"),
            &format!("/petugas/laporan/{code}/mitra"),
            &[("partner", other.as_str())],
        )
        .await;
        assert_eq!(s, 422, "{other} accepted");
    }
    // An officer of an agency that does not handle the report does not see it.
    assert_eq!(page(&app, &dpupr_web, &format!("/petugas/laporan/{code}/mitra")).await.0, 404);
    let (s, location, _) = post(
        &app,
        &coordinator_web,
        &format!("/petugas/laporan/{code}/mitra"),
        &format!("/petugas/laporan/{code}/mitra"),
        &[("partner", bank.as_str())],
    )
    .await;
    assert_eq!((s, location), (303, format!("/laporan/{code}#history")));
    let (s, _, _) = post(
        &app,
        &coordinator_web,
        &format!("/petugas/laporan/{code}/mitra"),
        &format!("/petugas/laporan/{code}/mitra"),
        &[("partner", bank.as_str())],
    )
    .await;
    assert_eq!(s, 409, "passed once");

    // The waste bank sees it and posts updates; another organisation's coordinator cannot.
    let (s, html) = page(&app, &budi_web, &format!("/mitra/{bank}/laporan")).await;
    assert_eq!(s, 200);
    assert!(html.contains(&code));
    let to = format!("/mitra/{bank}/laporan/{code}");
    let (s, _, _) = post(&app, &dewi_web, "/mitra/daftar", &to, &[("note", "Bukan urusan kami.")]).await;
    assert_eq!(s, 404);
    let (s, _, html) = post(&app, &budi_web, &format!("/mitra/{bank}/laporan"), &to, &[("note", " ")]).await;
    assert_eq!(s, 422);
    assert!(html.contains("Wajib diisi"));
    let (s, _, _) = post(
        &app,
        &budi_web,
        &format!("/mitra/{bank}/laporan"),
        &to,
        &[("note", "Relawan mengangkut 40 kg plastik pada Sabtu pagi.")],
    )
    .await;
    assert_eq!(s, 303);
    let (s, _, _) = post(
        &app,
        &budi_web,
        &format!("/mitra/{bank}/laporan"),
        &to,
        &[("note", "Tepi saluran sudah bersih."), ("done", "1")],
    )
    .await;
    assert_eq!(s, 303);
    let (s, _, _) = post(&app, &budi_web, "/mitra/daftar", &to, &[("note", "Lagi.")]).await;
    assert_eq!(s, 409, "its part is done");

    // The public history names the organisation; the agency still handles the report.
    let html = app.get(&format!("/laporan/{code}")).await.text().await.expect("page");
    assert!(html.contains("Laporan diteruskan ke mitra Bank Sampah Bintang Mangrove"), "{html}");
    assert!(html.contains("Bank Sampah Bintang Mangrove (mitra) memberi kabar perkembangan"));
    assert!(html.contains("Relawan mengangkut 40 kg plastik pada Sabtu pagi."));
    assert!(html.contains("Bank Sampah Bintang Mangrove (mitra) menyelesaikan bagiannya"));
    let (_, v) = app.get_json(&format!("/api/v1/reports/{code}")).await;
    assert_eq!(v["status"], "dispatched");
    assert_eq!(v["agency_id"], "dlh");
    let partner_steps: Vec<&Value> = v["history"]
        .as_array()
        .expect("history")
        .iter()
        .filter(|h| h["actor_label"] == "Bank Sampah Bintang Mangrove")
        .collect();
    assert_eq!(partner_steps.len(), 3);

    // A confidential report is not passed on.
    let (_, r) = app.api(Method::POST, "/api/v1/reports", Some(&siti_token), Some(new_report("confidential"))).await;
    let secret = r["code"].as_str().expect("code").to_string();
    app.api(
        Method::POST,
        &format!("/api/v1/reports/{secret}/actions"),
        Some(&coordinator),
        Some(json!({"action": "verify"})),
    )
    .await;
    let (s, _, _) = post(
        &app,
        &coordinator_web,
        &format!("/petugas/laporan/{code}/mitra"),
        &format!("/petugas/laporan/{secret}/mitra"),
        &[("partner", bank.as_str())],
    )
    .await;
    assert_eq!(s, 409);
    app.stop().await;
}

async fn waste_bank_customers_deposits_and_balance(b: Backend) {
    let app = TestApp::spawn(b).await;
    let (budi, budi_web) = citizen(&app, NIK_B, "Budi Santoso", "budi@contoh.id").await;
    let (siti, siti_web) = citizen(&app, NIK_A, "Siti Rahayu", "siti@contoh.id").await;
    let siti_token = app.login("siti@contoh.id", "rahasia-warga-1", None).await;
    let (dewi, dewi_web) = citizen(&app, NIK_C, "Dewi Lestari", "dewi@contoh.id").await;
    let (admin, _, _) = staff(&app, Role::SuperAdmin, None, "super@satupintu.id").await;
    let bank =
        verified(&app, &admin, &budi, org("Bank Sampah Bintang Mangrove", "bank_sampah", &["sampah"], "357825")).await;
    let csr = verified(&app, &admin, &dewi, org("CSR Saluran Bersih", "csr", &["drainase_banjir"], "3578")).await;
    assert_eq!(page(&app, &siti_web, &format!("/mitra/{csr}/nasabah")).await.0, 404, "only waste banks take customers");

    // The form has her name; mistakes are 422; she registers once.
    let (s, html) = page(&app, &siti_web, &format!("/mitra/{bank}/nasabah")).await;
    assert_eq!(s, 200);
    assert!(html.contains("value=\"Siti Rahayu\""));
    let to = format!("/mitra/{bank}/nasabah");
    let (s, _, html) =
        post(&app, &siti_web, &to, &to, &[("full_name", "Siti Rahayu"), ("address", ""), ("rt", "0"), ("rw", "3")])
            .await;
    assert_eq!(s, 422);
    assert!(html.contains("Tulis angka 1 sampai 999"));
    let good = [("full_name", "Siti Rahayu"), ("address", "Jl. Gunung Anyar Tambak IV/21"), ("rt", "3"), ("rw", "3")];
    let (s, location, _) = post(&app, &siti_web, &to, &to, &good).await;
    assert_eq!((s, location.as_str()), (303, "/akun/mitra#tabungan"));
    let (_, html) = page(&app, &siti_web, &to).await;
    assert!(html.contains("Anda sudah terdaftar sebagai nasabah"));
    let again = service::register_customer(
        &app.state,
        &siti,
        &bank,
        &CustomerInput {
            full_name: "Siti Rahayu".into(),
            address: "Jl. Lain 1".into(),
            rt: "1".into(),
            rw: "1".into(),
        },
    )
    .await;
    assert!(matches!(again, Err(AppError::Conflict { .. })), "{again:?}");
    let (_, mine) = app.api(Method::GET, "/api/v1/me/waste-bank", Some(&siti_token), None).await;
    let member_no = mine["waste_banks"][0]["member_no"].as_str().expect("number").to_string();
    assert!(member_no.starts_with("BS-") && member_no.ends_with("-000001"), "{member_no}");

    // Many citizens at once: each gets a different number; one citizen twice at once: one record.
    let mut people = vec![];
    for n in 1..=6 {
        let token = app
            .citizen(
                &nik(n),
                &format!("Warga {}", ["Satu", "Dua", "Tiga", "Empat", "Lima", "Enam"][n - 1]),
                &format!("warga{n}@contoh.id"),
            )
            .await;
        people.push(user(&app, &token).await);
    }
    let form = |name: &str| CustomerInput {
        full_name: name.into(),
        address: "Jl. Mangrove 1".into(),
        rt: "1".into(),
        rw: "2".into(),
    };
    let mut tasks = vec![];
    for p in people.iter().cloned() {
        let (state, bank, input) = (app.state.clone(), bank.clone(), form(&p.full_name));
        tasks.push(tokio::spawn(async move { service::register_customer(&state, &p, &bank, &input).await }));
    }
    let twice = people[0].clone();
    for _ in 0..3 {
        let (state, bank, p, input) = (app.state.clone(), bank.clone(), twice.clone(), form("lagi"));
        tasks.push(tokio::spawn(async move { service::register_customer(&state, &p, &bank, &input).await }));
    }
    let mut numbers = vec![member_no.clone()];
    let mut conflicts = 0;
    for t in tasks {
        match t.await.expect("task") {
            Ok(c) => numbers.push(c.member_no),
            Err(AppError::Conflict { .. }) => conflicts += 1,
            Err(e) => panic!("{e:?}"),
        }
    }
    assert_eq!(conflicts, 3, "one record per citizen");
    numbers.sort();
    numbers.dedup();
    assert_eq!(numbers.len(), 7, "unique member numbers: {numbers:?}");

    // Deposits: only coordinators; unknown numbers and empty weights are refused.
    let kelola = format!("/mitra/{bank}/kelola");
    let setoran = format!("/mitra/{bank}/setoran");
    let (_, html) = page(&app, &budi_web, &kelola).await;
    assert!(html.contains(&member_no) && html.contains("Siti Rahayu"), "customer list");
    let (s, _, html) = post(
        &app,
        &budi_web,
        &kelola,
        &setoran,
        &[("member_no", "BS-999-000001"), ("deposited_on", "2026-11-20"), ("plastik", "1"), ("value", "3000")],
    )
    .await;
    assert_eq!(s, 422);
    assert!(html.contains("Nomor nasabah tidak dikenal"));
    // No weight at all is refused; then two deposits (Indonesian decimals and thousands).
    for (day, kind, kg, value, expected) in [
        ("2026-11-20", "", "", "3000", 422),
        ("2026-11-20", "plastik", "2,5", "7.500", 303),
        ("2026-11-27", "kertas", "1", "3000", 303),
    ] {
        let mut fields = vec![("member_no", member_no.as_str()), ("deposited_on", day), ("value", value)];
        if !kind.is_empty() {
            fields.push((kind, kg));
        }
        let (s, _, _) = post(&app, &budi_web, &kelola, &setoran, &fields).await;
        assert_eq!(s, expected, "{fields:?}");
    }
    // A customer of the bank who is not its coordinator cannot record deposits.
    let d = satupintu::partners::model::DepositInput {
        member_no: member_no.clone(),
        deposited_on: "2026-11-27".into(),
        plastik: "9".into(),
        value: "99000".into(),
        ..Default::default()
    };
    assert!(matches!(service::record_deposit(&app.state, &siti, &bank, &d).await, Err(AppError::NotFound)));
    let (s, _, _) =
        post(&app, &dewi_web, &format!("/mitra/{csr}/kelola"), &setoran, &[("member_no", member_no.as_str())]).await;
    assert_eq!(s, 404);

    let (s, mine) = app.api(Method::GET, "/api/v1/me/waste-bank", Some(&siti_token), None).await;
    assert_eq!(s, 200);
    let w = &mine["waste_banks"][0];
    assert_eq!(w["bank"], "Bank Sampah Bintang Mangrove");
    assert_eq!(w["balance"], 10_500);
    assert_eq!(w["total_grams"], 3_500);
    assert_eq!(w["deposits"].as_array().expect("deposits").len(), 2);
    assert_eq!(w["deposits"][0]["deposited_on"], "2026-11-27");
    let (_, html) = page(&app, &siti_web, "/akun/mitra").await;
    assert!(html.contains("Rp 10.500") && html.contains(&member_no) && html.contains("3,5 kg"), "{html}");
    let (_, account) = page(&app, &siti_web, "/akun").await;
    assert!(account.contains("/akun/mitra"));
    app.stop().await;
}

async fn the_demo_shows_partners(b: Backend) {
    let app = TestApp::empty(b).await;
    satupintu::demo::load(&app.state).await.expect("demo");
    let (_, list) = app.get_json("/api/v1/partners").await;
    let kinds: Vec<&str> =
        list["partners"].as_array().expect("list").iter().filter_map(|p| p["kind"].as_str()).collect();
    assert_eq!(kinds.len(), 3, "{list}");
    for k in ["bank_sampah", "csr", "komunitas"] {
        assert!(kinds.contains(&k), "{k}");
    }
    let banks = app.get("/bank-sampah").await.text().await.expect("page");
    assert!(banks.contains("Bank Sampah Bintang Mangrove") && banks.contains("Gunung Anyar"));
    let (_, one) = app.get_json("/api/v1/partners/bank-sampah-bintang-mangrove").await;
    assert!(!one["programmes"].as_array().expect("programmes").is_empty());
    assert!(!one["activities"].as_array().expect("activities").is_empty());
    let (_, csr) = app.get_json("/api/v1/partners/csr-pt-sinergi-nusantara-abadi").await;
    assert_eq!(csr["programmes"][0]["budget"], 250_000_000);
    let siti = app.login("siti@warga.example.id", "warga-demo-2026", None).await;
    let (_, mine) = app.api(Method::GET, "/api/v1/me/waste-bank", Some(&siti), None).await;
    assert_eq!(mine["waste_banks"][0]["deposits"].as_array().expect("deposits").len(), 2);
    let budi_web = app.browser("budi@warga.example.id", "warga-demo-2026", None).await;
    let (s, html) = page(&app, &budi_web, "/mitra/bank-sampah-bintang-mangrove/laporan").await;
    assert_eq!(s, 200);
    assert!(html.contains("LP-"), "the demo report passed to the waste bank");
    app.stop().await;
}
