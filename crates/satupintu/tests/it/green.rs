//! Green services: the paperless figures equal a hand count of online applications (counter
//! filings save nothing), estimates are set by their agency's admin only, pickup windows list
//! only free places and exactly one of two requests gets the last place, DLH's officers mark
//! pickups picked up or missed (the citizen is notified) or move them, citizens cancel.

use reqwest::{Client, Method};
use satupintu::green::service;
use satupintu::identity::{CurrentUser, Role};
use satupintu::web::i18n::Lang;
use serde_json::{json, Value};
use sqlx::Row as _;

use crate::both;
use crate::common::{post_form as post, Backend, TestApp, NIK_A, NIK_B, NIK_C};

both!(
    figures_count_online_applications_not_counter_filings,
    estimates_are_set_by_their_agency_admin_only,
    windows_offer_free_places_and_one_request_wins_the_last,
    officers_mark_and_move_pickups_and_citizens_are_notified
);

const SECRET: &str = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
/// Sukolilo, Kota Surabaya (the demo's windows are in Gunung Anyar and Rungkut).
const ZONE: &str = "357809";

async fn user(app: &TestApp, token: &str) -> CurrentUser {
    satupintu::identity::service::current_user(&app.state, token, true).await.expect("user").expect("signed in")
}

async fn page(app: &TestApp, web: &Client, path: &str) -> (u16, String) {
    let r = web.get(app.url(path)).send().await.expect("get");
    (r.status().as_u16(), r.text().await.expect("body"))
}

/// A staff member of an agency: (token, browser).
async fn staff(app: &TestApp, role: Role, agency: &str, email: &str) -> (String, Client) {
    let token = app.staff(role, Some(agency), email).await;
    let web = app.browser(email, "rahasia-staf-1", role.requires_totp().then_some(SECRET)).await;
    (token, web)
}

/// A fixture application of a service, submitted now; `filed_by` is the counter officer.
async fn application(app: &TestApp, code: &str, citizen: i64, filed_by: Option<i64>) -> i64 {
    let now = satupintu::db::now();
    let row = sqlx::query(
        "INSERT INTO applications (code, service_id, service_version, agency_id, citizen_id, filed_by, status, \
         fields_json, submitted_at, created_at, updated_at) \
         VALUES ($1, 'akta-kelahiran', 1, 'disdukcapil', $2, $3, 'submitted', '{}', $4, $4, $4) RETURNING id",
    )
    .bind(code)
    .bind(citizen)
    .bind(filed_by)
    .bind(now)
    .fetch_one(app.state.db.pool())
    .await
    .expect("fixture application");
    row.get(0)
}

fn savings_of(doc: &Value, service: &str) -> Value {
    doc["services"].as_array().expect("services").iter().find(|s| s["service_id"] == service).expect("service")
        ["savings"]
        .clone()
}

fn n(v: &Value, key: &str) -> i64 {
    v[key].as_i64().unwrap_or_else(|| panic!("{key} in {v}"))
}

async fn figures_count_online_applications_not_counter_filings(b: Backend) {
    let app = TestApp::spawn(b).await;
    let citizen = user(&app, &app.citizen(NIK_C, "Dewi Lestari", "dewi@contoh.id").await).await;
    let officer = user(&app, &app.staff(Role::Officer, Some("disdukcapil"), "loket@dukcapil.id").await).await;
    let (s, before) = app.get_json("/api/v1/green/paperless").await;
    assert_eq!(s, 200, "{before}");
    let est = before["services"]
        .as_array()
        .expect("services")
        .iter()
        .find(|s| s["service_id"] == "akta-kelahiran")
        .expect("service")["estimate"]
        .clone();
    let (pages, trips) = (n(&est, "pages"), n(&est, "trips"));
    assert!(pages > 0 && trips > 0, "{est}");
    let old = savings_of(&before, "akta-kelahiran");

    // Three applications online, two filed for the citizen at a counter, one document issued
    // digitally for an online application.
    let mut online = vec![];
    for i in 0..3 {
        online.push(application(&app, &format!("SP-UJI-ON-{i}"), citizen.id, None).await);
    }
    for i in 0..2 {
        application(&app, &format!("SP-UJI-LOKET-{i}"), citizen.id, Some(officer.id)).await;
    }
    sqlx::query(
        "INSERT INTO documents (number, application_id, content_json, signature, key_id, issued_at) \
         VALUES ('DOK-UJI-1', $1, '{}', 'x', 'k', $2)",
    )
    .bind(online[0])
    .bind(satupintu::db::now())
    .execute(app.state.db.pool())
    .await
    .expect("fixture document");

    let (_, after) = app.get_json("/api/v1/green/paperless").await;
    let new = savings_of(&after, "akta-kelahiran");
    let diff = |k: &str| n(&new, k) - n(&old, k);
    assert_eq!(diff("online_applications"), 3);
    assert_eq!(diff("counter_applications"), 2, "counter filings are shown");
    assert_eq!(diff("digital_documents"), 1);
    assert_eq!(diff("pages"), 3 * pages + 1, "online applications and the digital document only");
    assert_eq!(diff("trips"), 3 * trips, "counter filings save no trip");
    assert_eq!(diff("paper_grams"), (3 * pages + 1) * 5);
    assert_eq!(n(&after["total"], "trips") - n(&before["total"], "trips"), 3 * trips);

    // The month filter keeps this month's figures; a malformed month is a 422.
    let month = service::paperless(&app.state, Lang::Id, None, None).await.expect("figures").months;
    let this = month.last().expect("a month").month.clone();
    let (s, m) = app.get_json(&format!("/api/v1/green/paperless?month={this}")).await;
    assert_eq!(s, 200);
    assert!(n(&savings_of(&m, "akta-kelahiran"), "online_applications") >= 3);
    let (s, e) = app.get_json("/api/v1/green/paperless?month=2026-13").await;
    assert_eq!((s, e["error"]["code"].as_str()), (422, Some("validation_failed")), "{e}");

    // The public page shows the figures and says counter filings do not count.
    let (s, html) = page(&app, &crate::common::client(), "/hijau").await;
    assert_eq!(s, 200);
    assert!(html.contains("Layanan Hijau") && html.contains("di loket (layanan berbantuan) tidak dihitung"));
    assert!(html.contains(&format!("id=\"total-trips\">{}<", n(&after["total"], "trips"))), "total on the page");
    assert!(html.contains("<svg class=\"chart\""), "a chart");
    app.stop().await;
}

async fn estimates_are_set_by_their_agency_admin_only(b: Backend) {
    let app = TestApp::spawn(b).await;
    let (_, admin) = staff(&app, Role::AgencyAdmin, "disdukcapil", "admin@dukcapil.id").await;
    let (_, officer) = staff(&app, Role::Officer, "disdukcapil", "petugas@dukcapil.id").await;
    let (s, html) = page(&app, &admin, "/kelola/hijau").await;
    assert_eq!(s, 200);
    assert!(html.contains("pages-akta-kelahiran") && !html.contains("pages-sim-baru"), "own services only");
    assert_eq!(page(&app, &officer, "/kelola/hijau").await.0, 403, "officers may not");

    // Bad numbers: 422 with a message per field, nothing saved.
    let (s, _, html) = post(
        &app,
        &admin,
        "/kelola/hijau",
        "/kelola/hijau",
        &[("pages-akta-kelahiran", "banyak"), ("trips-akta-kelahiran", "11")],
    )
    .await;
    assert_eq!(s, 422);
    assert!(html.contains("Isi bilangan bulat 0 sampai 500.") && html.contains("Isi bilangan bulat 0 sampai 10."));
    // Another agency's service: refused.
    let snap = satupintu::catalog::service::snapshot(&app.state).await.expect("catalogue");
    let other = snap.services.iter().find(|s| s.service.agency != "disdukcapil").expect("another agency's service");
    let other_pages = format!("pages-{}", other.service.id);
    let other_trips = format!("trips-{}", other.service.id);
    let (s, _, _) =
        post(&app, &admin, "/kelola/hijau", "/kelola/hijau", &[(&other_pages, "3"), (&other_trips, "1")]).await;
    assert_eq!(s, 403);

    let (s, location, _) = post(
        &app,
        &admin,
        "/kelola/hijau",
        "/kelola/hijau",
        &[("pages-akta-kelahiran", "12"), ("trips-akta-kelahiran", "1")],
    )
    .await;
    assert_eq!((s, location.as_str()), (303, "/kelola/hijau?disimpan=1"));
    let f = service::paperless(&app.state, Lang::Id, None, None).await.expect("figures");
    let akta = f.services.iter().find(|s| s.service_id == "akta-kelahiran").expect("akta");
    assert_eq!((akta.estimate.pages, akta.estimate.trips, akta.estimate.custom), (12, 1, true));
    // Entering the default again returns to the automatic estimate.
    let default = akta.default_pages.to_string();
    post(
        &app,
        &admin,
        "/kelola/hijau",
        "/kelola/hijau",
        &[("pages-akta-kelahiran", &default), ("trips-akta-kelahiran", "2")],
    )
    .await;
    let f = service::paperless(&app.state, Lang::Id, None, None).await.expect("figures");
    let akta = f.services.iter().find(|s| s.service_id == "akta-kelahiran").expect("akta");
    assert!(!akta.estimate.custom);
    app.stop().await;
}

/// A window tomorrow in [`ZONE`] added by DLH's admin through the form; its id.
async fn window(app: &TestApp, admin: &Client, start: &str, capacity: &str, kinds: &[&str]) -> i64 {
    let tomorrow = (service::today(&app.state) + time::Duration::days(1)).to_string();
    let mut fields =
        vec![("zone", ZONE), ("date", tomorrow.as_str()), ("start", start), ("end", "11:00"), ("capacity", capacity)];
    fields.extend(kinds.iter().map(|k| ("kinds", *k)));
    let (s, location, html) = post(app, admin, "/kelola/hijau/jadwal", "/kelola/hijau/jadwal", &fields).await;
    assert_eq!((s, location.as_str()), (303, "/kelola/hijau/jadwal?ditambah=1"), "{html}");
    let rows = sqlx::query("SELECT id FROM green_windows WHERE zone = $1 AND date = $2 AND start_min = $3")
        .bind(ZONE)
        .bind(&tomorrow)
        .bind(satupintu::green::model::minutes(start).expect("time"))
        .fetch_one(app.state.db.pool())
        .await
        .expect("window");
    rows.get(0)
}

fn request(window: i64, kind: &str) -> Value {
    json!({"kind": kind, "volume": "medium", "address": "Jl. Keputih Tegal 14", "kelurahan": "Keputih",
           "rt": "2", "rw": "4", "zone": ZONE, "window_id": window})
}

async fn free_ids(app: &TestApp) -> Vec<i64> {
    let (s, v) = app.get_json(&format!("/api/v1/green/pickup-windows?zone={ZONE}")).await;
    assert_eq!(s, 200, "{v}");
    v["windows"].as_array().expect("windows").iter().map(|w| w["id"].as_i64().expect("id")).collect()
}

async fn windows_offer_free_places_and_one_request_wins_the_last(b: Backend) {
    let app = TestApp::spawn(b).await;
    let (_, dlh) = staff(&app, Role::AgencyAdmin, "dlh", "admin@dlh.id").await;
    let (_, dukcapil) = staff(&app, Role::AgencyAdmin, "disdukcapil", "admin@dukcapil.id").await;
    assert_eq!(page(&app, &dukcapil, "/kelola/hijau/jadwal").await.0, 403, "only the pickup agency plans windows");

    // A bad window: 422 with the form's messages.
    let (s, _, html) =
        post(&app, &dlh, "/kelola/hijau/jadwal", "/kelola/hijau/jadwal", &[("zone", "317101"), ("capacity", "0")])
            .await;
    assert_eq!(s, 422);
    assert!(html.contains("Pilih kecamatan.") && html.contains("Isi kapasitas 1 sampai 200."));
    // A weekly plan: two weekdays over two weeks make four windows.
    let first = (service::today(&app.state) + time::Duration::days(1)).to_string();
    let (s, location, _) = post(
        &app,
        &dlh,
        "/kelola/hijau/jadwal",
        "/kelola/hijau/jadwal/rutin",
        &[
            ("zone", ZONE),
            ("date", &first),
            ("start", "13:00"),
            ("end", "15:00"),
            ("capacity", "20"),
            ("weekdays", "2"),
            ("weekdays", "5"),
            ("weeks", "2"),
        ],
    )
    .await;
    assert_eq!((s, location.as_str()), (303, "/kelola/hijau/jadwal?ditambah=4"));
    assert_eq!(free_ids(&app).await.len(), 4);

    let last = window(&app, &dlh, "08:00", "1", &["bulky"]).await;
    assert!(free_ids(&app).await.contains(&last));
    let (s, v) = app.get_json(&format!("/api/v1/green/pickup-windows?zone={ZONE}&kind=garden")).await;
    assert_eq!(s, 200);
    assert!(!v["windows"].as_array().expect("list").iter().any(|w| w["id"] == last), "kind filter");

    let a = app.citizen(NIK_A, "Siti Rahayu", "siti@contoh.id").await;
    let b_token = app.citizen(NIK_B, "Budi Santoso", "budi@contoh.id").await;
    // Mistakes are a 422 with a message per field.
    let (s, e) = app.api(Method::POST, "/api/v1/green/pickups", Some(&a), Some(json!({"kind": "nuklir"}))).await;
    assert_eq!(s, 422, "{e}");
    let details = e["error"]["details"].as_object().expect("details");
    assert!(["kind", "window_id", "address", "zone"].iter().all(|f| details.contains_key(*f)), "{e}");
    let (s, _) = app.api(Method::POST, "/api/v1/green/pickups", Some(&a), Some(request(last, "hazardous"))).await;
    assert_eq!(s, 422, "the window does not take that kind");

    // Two citizens ask for the last place at once: exactly one gets it.
    let (ra, rb) = tokio::join!(
        app.api(Method::POST, "/api/v1/green/pickups", Some(&a), Some(request(last, "bulky"))),
        app.api(Method::POST, "/api/v1/green/pickups", Some(&b_token), Some(request(last, "bulky"))),
    );
    let mut statuses = [ra.0, rb.0];
    statuses.sort();
    assert_eq!(statuses, [201, 409], "{ra:?} {rb:?}");
    let refused = if ra.0 == 409 { &ra.1 } else { &rb.1 };
    assert_eq!(refused["error"]["code"], "window_full");
    assert!(refused["error"]["message"].as_str().unwrap_or("").contains("baru saja penuh"), "{refused}");
    let won = if ra.0 == 201 { &ra.1 } else { &rb.1 };
    let code = won["code"].as_str().expect("code");
    assert!(code.starts_with("AS-") && code.len() == "AS-2026-000001".len(), "{code}");
    let booked: i64 = sqlx::query("SELECT booked FROM green_windows WHERE id = $1")
        .bind(last)
        .fetch_one(app.state.db.pool())
        .await
        .expect("window")
        .get(0);
    assert_eq!(booked, 1);
    assert!(!free_ids(&app).await.contains(&last), "a full window is not offered");

    // The owner sees it; another citizen does not; the list of one's own.
    let owner = if ra.0 == 201 { &a } else { &b_token };
    let other = if ra.0 == 201 { &b_token } else { &a };
    let path = format!("/api/v1/green/pickups/{code}");
    assert_eq!(app.api(Method::GET, &path, Some(owner), None).await.0, 200);
    assert_eq!(app.api(Method::GET, &path, Some(other), None).await.0, 404);
    let (_, mine) = app.api(Method::GET, "/api/v1/green/pickups", Some(owner), None).await;
    assert_eq!(mine["pickups"][0]["code"], code);

    // The form shows the free windows of the zone with their places, and not the full one.
    let web = app.browser("budi@contoh.id", "rahasia-warga-1", None).await;
    let (s, html) = page(&app, &web, &format!("/hijau/angkut-sampah?zone={ZONE}")).await;
    assert_eq!(s, 200);
    assert!(html.contains("20 tempat tersisa") && !html.contains(&format!("value=\"{last}\"")));
    app.stop().await;
}

async fn officers_mark_and_move_pickups_and_citizens_are_notified(b: Backend) {
    let app = TestApp::spawn(b).await;
    let (_, admin) = staff(&app, Role::AgencyAdmin, "dlh", "admin@dlh.id").await;
    let (_, officer) = staff(&app, Role::Officer, "dlh", "petugas@dlh.id").await;
    let (_, other_officer) = staff(&app, Role::Officer, "disdukcapil", "petugas@dukcapil.id").await;
    let w1 = window(&app, &admin, "07:00", "10", &[]).await;
    let w2 = window(&app, &admin, "09:00", "10", &[]).await;

    let token = app.citizen(NIK_A, "Siti Rahayu", "siti@contoh.id").await;
    let siti = user(&app, &token).await;
    let web = app.browser("siti@contoh.id", "rahasia-warga-1", None).await;
    // Through the form: a mistake is shown on the form (422), then the request goes through.
    let w1s = w1.to_string();
    let form = |address: &'static str| {
        vec![
            ("zone", ZONE.to_string()),
            ("window_id", w1s.clone()),
            ("kind", "garden".to_string()),
            ("volume", "small".to_string()),
            ("address", address.to_string()),
            ("kelurahan", "Keputih".to_string()),
            ("rt", "1".to_string()),
            ("rw", "3".to_string()),
        ]
    };
    let from = format!("/hijau/angkut-sampah?zone={ZONE}");
    let as_refs = |f: &[(&'static str, String)]| f.iter().map(|(k, v)| (*k, v.clone())).collect::<Vec<_>>();
    let bad = as_refs(&form("Jl"));
    let bad: Vec<(&str, &str)> = bad.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (s, _, html) = post(&app, &web, &from, "/hijau/angkut-sampah", &bad).await;
    assert_eq!(s, 422);
    assert!(html.contains("Isi alamat (5 sampai 200 karakter)."));
    let mut codes = vec![];
    for address in ["Jl. Keputih Tegal Timur 3", "Jl. Arief Rahman Hakim 50", "Jl. Keputih Perintis 8"] {
        let good = as_refs(&form(address));
        let good: Vec<(&str, &str)> = good.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let (s, location, _) = post(&app, &web, &from, "/hijau/angkut-sampah", &good).await;
        assert_eq!(s, 303);
        codes.push(location.trim_start_matches("/hijau/angkut-sampah/").to_string());
    }
    let (s, html) = page(&app, &web, &format!("/hijau/angkut-sampah/{}", codes[0])).await;
    assert_eq!(s, 200);
    assert!(html.contains("Terjadwal") && html.contains("Sukolilo"));

    // DLH's officer sees the day's route list; another agency's officer does not.
    let tomorrow = (service::today(&app.state) + time::Duration::days(1)).to_string();
    let day = format!("/kelola/hijau/angkut?tanggal={tomorrow}&zona={ZONE}");
    let (s, html) = page(&app, &officer, &day).await;
    assert_eq!(s, 200);
    assert!(codes.iter().all(|c| html.contains(c.as_str())) && html.contains("Jl. Arief Rahman Hakim 50"));
    assert_eq!(page(&app, &other_officer, &day).await.0, 403);
    let tandai = |c: &str| format!("/kelola/hijau/angkut/{c}/tandai");
    let (s, _, _) = post(&app, &other_officer, "/akun", &tandai(&codes[0]), &[("outcome", "picked_up")]).await;
    assert_eq!(s, 403);

    // Missed needs a reason (422), then with one; picked up.
    let (s, _, html) = post(&app, &officer, &day, &tandai(&codes[0]), &[("outcome", "missed"), ("reason", "")]).await;
    assert_eq!(s, 422);
    assert!(html.contains("Tulis alasannya"));
    let reason = "Jalan tergenang, truk tidak bisa masuk";
    let (s, _, _) = post(&app, &officer, &day, &tandai(&codes[0]), &[("outcome", "missed"), ("reason", reason)]).await;
    assert_eq!(s, 303);
    let (s, _, _) = post(&app, &officer, &day, &tandai(&codes[1]), &[("outcome", "picked_up")]).await;
    assert_eq!(s, 303);
    let (s, _, html) =
        post(&app, &officer, &day, &tandai(&codes[1]), &[("outcome", "missed"), ("reason", reason)]).await;
    assert_eq!(s, 422, "an outcome is final");
    assert!(html.contains("Permintaan ini tidak dapat diubah lagi."));
    let (_, v) = app.api(Method::GET, &format!("/api/v1/green/pickups/{}", codes[0]), Some(&token), None).await;
    assert_eq!((v["status"].as_str(), v["reason"].as_str()), (Some("missed"), Some(reason)));
    let (_, v) = app.api(Method::GET, &format!("/api/v1/green/pickups/{}", codes[1]), Some(&token), None).await;
    assert_eq!(v["status"], "picked_up");

    // The officer moves the third to the other window (capacity checked); the place moves.
    let (s, _, _) = post(
        &app,
        &officer,
        &day,
        &format!("/kelola/hijau/angkut/{}/pindah", codes[2]),
        &[("window_id", &w2.to_string())],
    )
    .await;
    assert_eq!(s, 303);
    let booked = |id: i64| {
        let pool = app.state.db.pool().clone();
        async move {
            sqlx::query("SELECT booked FROM green_windows WHERE id = $1")
                .bind(id)
                .fetch_one(&pool)
                .await
                .expect("window")
                .get::<i64, _>(0)
        }
    };
    assert_eq!((booked(w1).await, booked(w2).await), (2, 1));

    // The citizen was told of each step, on every channel.
    let kinds: Vec<String> =
        sqlx::query("SELECT DISTINCT kind FROM outbox WHERE recipient_id = $1 AND kind LIKE 'pickup_%'")
            .bind(siti.id)
            .fetch_all(app.state.db.pool())
            .await
            .expect("outbox")
            .iter()
            .map(|r| r.get::<String, _>(0))
            .collect();
    for k in ["pickup_scheduled", "pickup_missed", "pickup_done", "pickup_moved"] {
        assert!(kinds.iter().any(|x| x == k), "{k} in {kinds:?}");
    }
    let (subject, body) = satupintu::notify::worker::message(
        "pickup_missed",
        &json!({"code": codes[0], "reason": reason, "when": "", "place": "Sukolilo"}),
        Lang::Id,
    );
    assert!(subject.contains(&codes[0]) && body.contains(reason));

    // The citizen cancels the moved one before its window: its place is free again; a second
    // cancel is refused.
    let batal = format!("/hijau/angkut-sampah/{}/batal", codes[2]);
    let (s, _, _) = post(&app, &web, &format!("/hijau/angkut-sampah/{}", codes[2]), &batal, &[]).await;
    assert_eq!(s, 303);
    assert_eq!(booked(w2).await, 0);
    let (_, v) = app.api(Method::GET, &format!("/api/v1/green/pickups/{}", codes[2]), Some(&token), None).await;
    assert_eq!(v["status"], "cancelled");
    let (s, _, _) = post(&app, &web, "/akun", &batal, &[]).await;
    assert_eq!(s, 409);
    app.stop().await;
}
