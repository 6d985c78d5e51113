//! Queues and appointments end to end: the fixed API (`GET /api/v1/slots`, `POST /api/v1/bookings`),
//! no double booking under concurrent requests, the rules (one active booking per service,
//! rescheduling limits, no-show pause), the kiosk, queue order with priority, counters, the
//! display board, the calendar file and the statistics.

use reqwest::Method;
use satupintu::appointments::{planner, service as appointments, store};
use satupintu::identity::Role;
use serde_json::{json, Value};
use sqlx::Row as _;

use crate::both;
use crate::common::{client, csrf, TestApp};

both!(
    the_last_place_goes_to_exactly_one_of_many_clients,
    one_active_booking_per_service_even_when_clicked_twice,
    rescheduling_and_cancelling_follow_the_rules,
    three_no_shows_pause_online_booking,
    the_queue_calls_priority_first_and_counters_never_share_a_ticket,
    a_booking_has_a_calendar_file_a_qr_code_and_checks_in_at_the_kiosk,
    locations_are_checked_and_imported_all_or_nothing,
);

/// A location open around the clock (so slots exist whatever time the test runs), with two
/// services and two counters.
fn location(id: &str, capacity: i64) -> String {
    let day = json!({"open": "00:00", "close": "23:59"});
    let hours: serde_json::Map<String, Value> =
        ["mon", "tue", "wed", "thu", "fri", "sat", "sun"].iter().map(|d| (d.to_string(), day.clone())).collect();
    json!({"format": "satupintu.locations/v1", "locations": [{
        "id": id, "kind": "kantor", "agency": "disdukcapil", "name": "Kantor Uji", "address": "Jl. Uji No. 1",
        "hours": hours, "slot_minutes": 30, "horizon_days": 3, "open_on_holidays": true,
        "services": [{"service": "ktp-el-baru", "capacity": capacity, "prefix": "A"},
                     {"service": "kia", "capacity": capacity, "prefix": "B"}],
        "counters": [{"name": "Loket 1", "services": ["ktp-el-baru", "kia"]}, {"name": "Loket 2", "services": ["ktp-el-baru"]}]
    }]})
    .to_string()
}

async fn app_with_location(backend: crate::common::Backend, capacity: i64) -> TestApp {
    let app = TestApp::spawn(backend).await;
    planner::import(&app.state, &location("uji", capacity), None).await.expect("import the test location");
    app
}

/// A valid NIK for test citizen `n` (born 12-08-1985 in 3273.01).
fn nik(n: usize) -> String {
    format!("327301120885{:04}", n + 1)
}

async fn citizens(app: &TestApp, n: usize) -> Vec<String> {
    let mut out = vec![];
    for i in 0..n {
        let name = format!("Warga {}", char::from(b'A' + i as u8));
        out.push(app.citizen(&nik(i), &name, &format!("warga{i}@contoh.id")).await);
    }
    out
}

/// Free slots of a service at the test location: today's, then tomorrow's.
async fn free_slots(app: &TestApp, service: &str) -> Vec<Value> {
    let today = appointments::today(&app.state);
    let mut out = vec![];
    for d in [today, today + time::Duration::days(1)] {
        let (s, b) = app.get_json(&format!("/api/v1/slots?service_id={service}&location_id=uji&date={d}")).await;
        assert_eq!(s, 200, "{b}");
        out.extend(b["slots"].as_array().expect("slots").iter().cloned());
    }
    out
}

/// A slot at least `hours` ahead.
async fn slot_ahead(app: &TestApp, service: &str, hours: i64) -> Value {
    let after = satupintu::db::now() + hours * 3600;
    free_slots(app, service).await.into_iter().find(|s| s["starts_at"].as_i64() > Some(after)).expect("a slot ahead")
}

async fn book(app: &TestApp, token: &str, slot: i64) -> (u16, Value) {
    app.api(Method::POST, "/api/v1/bookings", Some(token), Some(json!({"slot_id": slot}))).await
}

async fn booked(app: &TestApp, slot: i64) -> i64 {
    let row = sqlx::query("SELECT booked FROM slots WHERE id = $1")
        .bind(slot)
        .fetch_one(app.state.db.pool())
        .await
        .expect("slot");
    row.get(0)
}

async fn the_last_place_goes_to_exactly_one_of_many_clients(backend: crate::common::Backend) {
    let app = app_with_location(backend, 1).await;
    let tokens = citizens(&app, 12).await;
    let slot = slot_ahead(&app, "ktp-el-baru", 2).await;
    assert_eq!(slot["capacity"], 1, "{slot}");
    let id = slot["id"].as_i64().expect("id");
    let results = futures_util::future::join_all(tokens.iter().map(|t| book(&app, t, id))).await;
    let won: Vec<&(u16, Value)> = results.iter().filter(|(s, _)| *s == 201).collect();
    assert_eq!(won.len(), 1, "exactly one booking: {results:?}");
    assert!(results.iter().all(|(s, b)| *s == 201 || (*s == 409 && b["error"]["code"] == "slot_full")), "{results:?}");
    assert_eq!(booked(&app, id).await, 1);
    let (_, b) = app.api(Method::GET, "/api/v1/bookings", Some(&tokens[0]), None).await;
    let rows: i64 = sqlx::query("SELECT COUNT(*) FROM bookings WHERE slot_id = $1")
        .bind(id)
        .fetch_one(app.state.db.pool())
        .await
        .expect("count")
        .get(0);
    assert_eq!(rows, 1, "one booking row; the citizen's list: {b}");
    assert!(free_slots(&app, "ktp-el-baru").await.iter().all(|s| s["id"] != id), "a full slot is not listed");
    // A slot that does not exist and a body that is not a booking: clear errors, nothing saved.
    let (s, b) = book(&app, &tokens[1], 999_999).await;
    assert_eq!((s, b["error"]["details"]["slot_id"].is_string()), (422, true), "{b}");
    let (s, _) = app.api(Method::POST, "/api/v1/bookings", Some(&tokens[1]), Some(json!({"slot_id": "x"}))).await;
    assert_eq!(s, 400);
    let (s, _) = app.api(Method::POST, "/api/v1/bookings", None, Some(json!({"slot_id": id}))).await;
    assert_eq!(s, 401);
    let officer = app.staff(Role::Officer, Some("disdukcapil"), "petugas@uji.id").await;
    let (s, _) = book(&app, &officer, id).await;
    assert_eq!(s, 403, "staff do not book");
}

async fn one_active_booking_per_service_even_when_clicked_twice(backend: crate::common::Backend) {
    let app = app_with_location(backend, 3).await;
    let token = &citizens(&app, 1).await[0];
    let slots = free_slots(&app, "ktp-el-baru").await;
    let (a, b) = (slots[3]["id"].as_i64().expect("id"), slots[4]["id"].as_i64().expect("id"));
    let (r1, r2) = tokio::join!(book(&app, token, a), book(&app, token, b));
    let statuses = [r1.0, r2.0];
    assert!(statuses.contains(&201) && statuses.contains(&409), "{r1:?} {r2:?}");
    let refused = if r1.0 == 409 { &r1.1 } else { &r2.1 };
    assert_eq!(refused["error"]["code"], "booking_active");
    assert_eq!(booked(&app, a).await + booked(&app, b).await, 1, "the refused request took no place");
    // Another service is fine.
    let kia = free_slots(&app, "kia").await[3]["id"].as_i64().expect("id");
    assert_eq!(book(&app, token, kia).await.0, 201);
}

async fn rescheduling_and_cancelling_follow_the_rules(backend: crate::common::Backend) {
    let app = app_with_location(backend, 1).await;
    let tokens = citizens(&app, 2).await;
    let slots: Vec<i64> = free_slots(&app, "ktp-el-baru")
        .await
        .into_iter()
        .filter(|s| s["starts_at"].as_i64() > Some(satupintu::db::now() + 2 * 3600))
        .filter_map(|s| s["id"].as_i64())
        .collect();
    assert!(slots.len() >= 5, "slots ahead: {slots:?}");
    let (s, b) = book(&app, &tokens[0], slots[0]).await;
    assert_eq!(s, 201, "{b}");
    let code = b["code"].as_str().expect("code").to_string();
    assert!(code.starts_with("JT-"), "{code}");
    assert_eq!(b["changeable"], true);
    // The other citizen takes slot 2: moving there is refused (full) and changes nothing.
    assert_eq!(book(&app, &tokens[1], slots[2]).await.0, 201);
    let path = format!("/api/v1/bookings/{code}/reschedule");
    let (s, b) = app.api(Method::POST, &path, Some(&tokens[0]), Some(json!({"slot_id": slots[2]}))).await;
    assert_eq!((s, b["error"]["code"].as_str()), (409, Some("slot_full")), "{b}");
    assert_eq!(booked(&app, slots[0]).await, 1);
    // Another citizen cannot see or move it.
    let (s, _) = app.api(Method::GET, &format!("/api/v1/bookings/{code}"), Some(&tokens[1]), None).await;
    assert_eq!(s, 404);
    let (s, _) = app.api(Method::POST, &path, Some(&tokens[1]), Some(json!({"slot_id": slots[1]}))).await;
    assert_eq!(s, 404);
    // Two moves: the place follows the booking.
    for (i, target) in [slots[1], slots[3]].into_iter().enumerate() {
        let (s, b) = app.api(Method::POST, &path, Some(&tokens[0]), Some(json!({"slot_id": target}))).await;
        assert_eq!(s, 200, "{b}");
        assert_eq!(b["slot_id"], target);
        assert_eq!(b["reschedules_left"], 1 - i as i64);
        assert_eq!(booked(&app, target).await, 1);
    }
    assert_eq!(booked(&app, slots[0]).await + booked(&app, slots[1]).await, 0, "the places moved out are free");
    let (s, b) = app.api(Method::POST, &path, Some(&tokens[0]), Some(json!({"slot_id": slots[4]}))).await;
    assert_eq!((s, b["error"]["code"].as_str()), (409, Some("reschedule_limit")), "{b}");
    // Cancel frees the place; cancelling again is refused.
    let cancel = format!("/api/v1/bookings/{code}/cancel");
    let (s, b) = app.api(Method::POST, &cancel, Some(&tokens[0]), None).await;
    assert_eq!((s, b["status"].as_str()), (200, Some("cancelled")), "{b}");
    assert_eq!(booked(&app, slots[3]).await, 0);
    let (s, _) = app.api(Method::POST, &cancel, Some(&tokens[0]), None).await;
    assert_eq!(s, 409);
    // Once cancelled, the citizen may book the service again; a booking in the last hour cannot move.
    let soon = free_slots(&app, "ktp-el-baru").await[0].clone();
    let (s, b) = book(&app, &tokens[0], soon["id"].as_i64().expect("id")).await;
    assert_eq!(s, 201, "{b}");
    if soon["starts_at"].as_i64().expect("start") < satupintu::db::now() + 3600 {
        let path = format!("/api/v1/bookings/{}/reschedule", b["code"].as_str().expect("code"));
        let (s, b) = app.api(Method::POST, &path, Some(&tokens[0]), Some(json!({"slot_id": slots[4]}))).await;
        assert_eq!((s, b["error"]["code"].as_str()), (409, Some("booking_frozen")), "{b}");
    }
    // Confirmation and move notifications were queued for the citizen.
    let kinds: Vec<String> = sqlx::query("SELECT DISTINCT kind FROM outbox")
        .fetch_all(app.state.db.pool())
        .await
        .expect("outbox")
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert!(
        kinds.contains(&"booking_confirmed".to_string()) && kinds.contains(&"booking_moved".to_string()),
        "{kinds:?}"
    );
}

async fn three_no_shows_pause_online_booking(backend: crate::common::Backend) {
    let app = app_with_location(backend, 2).await;
    let token = &citizens(&app, 1).await[0];
    let day = 86_400;
    for n in 1..=3 {
        let slot = slot_ahead(&app, "ktp-el-baru", 2).await;
        let (s, b) = book(&app, token, slot["id"].as_i64().expect("id")).await;
        assert_eq!(s, 201, "booking {n}: {b}");
        // Time passes: the slot was n days ago and nobody came.
        let id: i64 = sqlx::query("SELECT slot_id FROM bookings WHERE code = $1")
            .bind(b["code"].as_str())
            .fetch_one(app.state.db.pool())
            .await
            .expect("booking")
            .get(0);
        let past = satupintu::db::now() - n * day;
        sqlx::query("UPDATE slots SET starts_at = $1, ends_at = $2 WHERE id = $3")
            .bind(past)
            .bind(past + 1800)
            .bind(id)
            .execute(app.state.db.pool())
            .await
            .expect("move the slot into the past");
        appointments::run_jobs(&app.state, satupintu::db::now()).await.expect("jobs");
        let (_, b) = app
            .api(Method::GET, &format!("/api/v1/bookings/{}", b["code"].as_str().expect("code")), Some(token), None)
            .await;
        assert_eq!(b["status"], "no_show", "{b}");
    }
    let slot = slot_ahead(&app, "kia", 2).await;
    let (s, b) = book(&app, token, slot["id"].as_i64().expect("id")).await;
    assert_eq!((s, b["error"]["code"].as_str()), (409, Some("booking_paused")), "{b}");
    let no_show_notices: i64 =
        sqlx::query("SELECT COUNT(*) FROM outbox WHERE kind = 'booking_no_show' AND channel = 'email'")
            .fetch_one(app.state.db.pool())
            .await
            .expect("outbox")
            .get(0);
    assert_eq!(no_show_notices, 3);
}

/// The kiosk of the test location: its address and a CSRF token.
async fn kiosk(app: &TestApp) -> (reqwest::Client, String, String) {
    let loc = store::location(&mut app.state.db.conn().await.expect("conn"), "uji").await.expect("read").expect("loc");
    let path = format!("/antrean/kiosk/{}", loc.kiosk_key);
    let c = client();
    let page = c.get(app.url(&path)).send().await.expect("kiosk").text().await.expect("page");
    assert!(page.contains("_csrf"), "{page}");
    let token = csrf(&page);
    (c, path, token)
}

/// Take a ticket at the kiosk; returns (status, page).
async fn take(app: &TestApp, c: &reqwest::Client, path: &str, csrf: &str, form: &[(&str, &str)]) -> (u16, String) {
    let mut fields = vec![("_csrf", csrf)];
    fields.extend_from_slice(form);
    let action = if form.iter().any(|(k, _)| *k == "code") { "masuk" } else { "ambil" };
    let r = c.post(app.url(&format!("{path}/{action}"))).form(&fields).send().await.expect("post");
    (r.status().as_u16(), r.text().await.expect("page"))
}

fn ticket_number(page: &str) -> String {
    let marker = "class=\"sp-ticket__number\">";
    let start = page.find(marker).expect("a ticket number") + marker.len();
    page[start..].split('<').next().expect("number").to_string()
}

async fn counter_ids(app: &TestApp) -> Vec<i64> {
    store::counters(&mut app.state.db.conn().await.expect("conn"), "uji")
        .await
        .expect("counters")
        .iter()
        .map(|c| c.id)
        .collect()
}

async fn act(app: &TestApp, officer: &reqwest::Client, counter: i64, action: &str) -> u16 {
    // The account page carries the session's CSRF token.
    let page = officer.get(app.url("/akun")).send().await.expect("get").text().await.expect("page");
    let counter = counter.to_string();
    let form = [("_csrf", csrf(&page)), ("lokasi", "uji".into()), ("loket", counter), ("aksi", action.into())];
    officer.post(app.url("/petugas/antrean")).form(&form).send().await.expect("post").status().as_u16()
}

async fn the_queue_calls_priority_first_and_counters_never_share_a_ticket(backend: crate::common::Backend) {
    let app = app_with_location(backend, 2).await;
    let (c, path, token) = kiosk(&app).await;
    let mut numbers = vec![];
    for priority in ["", "lansia", "", "hamil"] {
        let (s, page) = take(&app, &c, &path, &token, &[("service_id", "ktp-el-baru"), ("priority", priority)]).await;
        assert_eq!(s, 200, "{page}");
        numbers.push(ticket_number(&page));
    }
    assert_eq!(numbers, ["A-001", "A-002", "A-003", "A-004"]);
    // Bad kiosk input: a clear error, no ticket.
    let (s, page) = take(&app, &c, &path, &token, &[("service_id", "paspor"), ("priority", "")]).await;
    assert_eq!(s, 422, "a service not offered here");
    assert!(page.contains("govuk-error-summary"));
    let (s, _) = take(&app, &c, &path, &token, &[("service_id", "kia"), ("priority", "vip")]).await;
    assert_eq!(s, 422, "an unknown priority");
    let (s, _) = take(&app, &c, &path, &token, &[("code", "JT-0000-000000")]).await;
    assert_eq!(s, 422, "an unknown booking code");
    let r = client().get(app.url("/antrean/kiosk/salah")).send().await.expect("get");
    assert_eq!(r.status().as_u16(), 404, "a wrong kiosk key");

    // The last walk-in waits behind three... no: priority tickets go first.
    let (s, board) = app.get_json("/api/v1/queue/uji").await;
    assert_eq!((s, board["waiting"]["ktp-el-baru"].as_i64()), (200, Some(4)), "{board}");

    app.staff(Role::Officer, Some("disdukcapil"), "loket@uji.id").await;
    let officer = app.browser("loket@uji.id", "rahasia-staf-1", None).await;
    let counters = counter_ids(&app).await;
    // Two counters call at the same moment: two different tickets, the priority ones.
    let (a, b) = tokio::join!(act(&app, &officer, counters[0], "next"), act(&app, &officer, counters[1], "next"));
    assert_eq!((a, b), (303, 303));
    let (_, board) = app.get_json("/api/v1/queue/uji").await;
    let mut serving: Vec<String> = board["serving"]
        .as_array()
        .expect("serving")
        .iter()
        .map(|t| t["number"].as_str().unwrap_or("").to_string())
        .collect();
    serving.sort();
    assert_eq!(serving, ["A-002", "A-004"], "{board}");
    // Then arrival order; finishing a ticket records its service time.
    assert_eq!(act(&app, &officer, counters[0], "next").await, 303);
    assert_eq!(act(&app, &officer, counters[1], "next").await, 303);
    let (_, board) = app.get_json("/api/v1/queue/uji").await;
    let mut serving: Vec<&str> =
        board["serving"].as_array().expect("serving").iter().filter_map(|t| t["number"].as_str()).collect();
    serving.sort();
    assert_eq!(serving, ["A-001", "A-003"], "{board}");
    assert_eq!(act(&app, &officer, counters[0], "recall").await, 303);
    let (_, board) = app.get_json("/api/v1/queue/uji").await;
    assert!(board["serving"].as_array().expect("serving").iter().any(|t| t["calls"] == 2), "{board}");
    assert_eq!(act(&app, &officer, counters[0], "done").await, 303);
    assert_eq!(act(&app, &officer, counters[1], "missed").await, 303);
    // Nobody left: a clear message, not an error page.
    assert_eq!(act(&app, &officer, counters[0], "next").await, 200);
    // A citizen cannot work a counter; an officer of another agency has no counter here.
    let citizen = app.citizen(&nik(50), "Warga", "warga@uji.id").await;
    let (s, _) = app.api(Method::GET, "/api/v1/locations/uji/stats", Some(&citizen), None).await;
    assert_eq!(s, 403);
    app.staff(Role::Officer, Some("dlh"), "dlh@uji.id").await;
    let other = app.browser("dlh@uji.id", "rahasia-staf-1", None).await;
    let page =
        other.get(app.url(&format!("/petugas/antrean?lokasi=uji&loket={}", counters[0]))).send().await.expect("get");
    assert!(!page.text().await.expect("html").contains("name=\"aksi\""), "no counter buttons for another agency");
    assert_eq!(act(&app, &other, counters[0], "next").await, 403, "not this officer's counter");

    let officer_token = app.login("loket@uji.id", "rahasia-staf-1", None).await;
    let (s, stats) = app.api(Method::GET, "/api/v1/locations/uji/stats", Some(&officer_token), None).await;
    assert_eq!(s, 200, "{stats}");
    assert_eq!(stats["total"]["tickets"], 4);
    assert_eq!(stats["by_service"]["ktp-el-baru"]["served"], 3);
    assert_eq!(stats["by_service"]["ktp-el-baru"]["missed"], 1);
    let r = officer.get(app.url("/petugas/antrean/statistik?lokasi=uji")).send().await.expect("stats page");
    assert_eq!(r.status().as_u16(), 200);
    let (s, _) = app.api(Method::GET, "/api/v1/locations/uji/stats?from=2026-02-30", Some(&officer_token), None).await;
    assert_eq!(s, 422);
}

async fn a_booking_has_a_calendar_file_a_qr_code_and_checks_in_at_the_kiosk(backend: crate::common::Backend) {
    let app = app_with_location(backend, 2).await;
    app.citizen(&nik(0), "Siti Warga", "siti@uji.id").await;
    let token = app.login("siti@uji.id", "rahasia-warga-1", None).await;
    // The first slot starts within the hour (or just after midnight): check-in is open.
    let slot = free_slots(&app, "ktp-el-baru").await[0].clone();
    let (s, b) = book(&app, &token, slot["id"].as_i64().expect("id")).await;
    assert_eq!(s, 201, "{b}");
    let code = b["code"].as_str().expect("code").to_string();
    let browser = app.browser("siti@uji.id", "rahasia-warga-1", None).await;
    let page = browser.get(app.url(&format!("/janji/{code}"))).send().await.expect("page").text().await.expect("html");
    assert!(page.contains("<svg class=\"sp-qr\"") && page.contains(&code), "the QR code and the code: {page}");
    let r = browser.get(app.url(&format!("/janji/{code}/kalender.ics"))).send().await.expect("ics");
    assert_eq!(r.headers()["content-type"], "text/calendar; charset=utf-8");
    let ics = r.text().await.expect("ics");
    let t = time::OffsetDateTime::from_unix_timestamp(slot["starts_at"].as_i64().expect("start")).expect("time");
    let dtstart =
        format!("DTSTART:{:04}{:02}{:02}T{:02}{:02}00Z", t.year(), u8::from(t.month()), t.day(), t.hour(), t.minute());
    assert!(
        ics.contains("BEGIN:VEVENT") && ics.contains(&dtstart) && ics.contains(&format!("UID:{code}@satupintu")),
        "{ics}"
    );
    // Someone else's booking page is not found.
    app.citizen(&nik(1), "Budi Warga", "budi@uji.id").await;
    let other = app.browser("budi@uji.id", "rahasia-warga-1", None).await;
    assert_eq!(other.get(app.url(&format!("/janji/{code}"))).send().await.expect("get").status().as_u16(), 404);

    let (c, path, csrf_token) = kiosk(&app).await;
    let (s, page) = take(&app, &c, &path, &csrf_token, &[("code", &code.to_lowercase())]).await;
    assert_eq!(s, 200, "{page}");
    let number = ticket_number(&page);
    assert!(number.starts_with("A-"), "{number}");
    // Checking in twice shows the same ticket.
    let (_, again) = take(&app, &c, &path, &csrf_token, &[("code", &code)]).await;
    assert_eq!(ticket_number(&again), number);
    let (_, b) = app.api(Method::GET, &format!("/api/v1/bookings/{code}"), Some(&token), None).await;
    assert_eq!(
        (b["status"].as_str(), b["ticket"]["number"].as_str()),
        (Some("checked_in"), Some(number.as_str())),
        "{b}"
    );
    // The ticket's own page shows where it stands; its API gives the estimate.
    let link = page.split("href=\"/antrean/tiket/").nth(1).and_then(|s| s.split('"').next()).expect("ticket link");
    let (s, st) = app.get_json(&format!("/api/v1/tickets/{link}")).await;
    assert_eq!((s, st["ahead"].as_i64()), (200, Some(0)), "{st}");
    let display =
        client().get(app.url("/antrean/uji/layar")).send().await.expect("display").text().await.expect("html");
    assert!(
        display.contains("queue.js") && display.contains("http-equiv=\"refresh\""),
        "live with JS, refreshing without"
    );
    // The counter serves it; the booking is served.
    app.staff(Role::Officer, Some("disdukcapil"), "loket@uji.id").await;
    let officer = app.browser("loket@uji.id", "rahasia-staf-1", None).await;
    let counters = counter_ids(&app).await;
    assert_eq!(act(&app, &officer, counters[0], "next").await, 303);
    let (_, st) = app.get_json(&format!("/api/v1/tickets/{link}")).await;
    assert_eq!(
        (st["ticket"]["status"].as_str(), st["ticket"]["counter"].as_str()),
        (Some("called"), Some("Loket 1")),
        "{st}"
    );
    assert_eq!(act(&app, &officer, counters[0], "done").await, 303);
    let (_, b) = app.api(Method::GET, &format!("/api/v1/bookings/{code}"), Some(&token), None).await;
    assert_eq!(b["status"], "served", "{b}");
}

async fn locations_are_checked_and_imported_all_or_nothing(backend: crate::common::Backend) {
    let app = app_with_location(backend, 2).await;
    let before: i64 = sqlx::query("SELECT COUNT(*) FROM slots").fetch_one(app.state.db.pool()).await.expect("n").get(0);
    assert!(before > 0);
    // The same document again: nothing new.
    let r = planner::import(&app.state, &location("uji", 2), None).await.expect("again");
    assert_eq!(r.slots_added, 0);
    let admin = app.staff(Role::AgencyAdmin, Some("disdukcapil"), "admin@uji.id").await;
    // A bad document: every problem with its path, nothing saved.
    let mut bad: Value = serde_json::from_str(&location("uji-2", 2)).expect("json");
    bad["locations"][0]["hours"]["mon"]["close"] = json!("25:00");
    bad["locations"][0]["services"][0]["service"] = json!("tidak-ada");
    let (s, b) = app.api(Method::POST, "/api/v1/locations/import", Some(&admin), Some(bad)).await;
    assert_eq!(s, 422, "{b}");
    let details = b["error"]["details"].as_object().expect("details");
    assert!(
        details.contains_key("$.locations[0].hours.mon") && details.contains_key("$.locations[0].services[0].service"),
        "{b}"
    );
    let (_, list) = app.get_json("/api/v1/locations").await;
    assert_eq!(list["locations"].as_array().map(Vec::len), Some(1), "nothing saved: {list}");
    // An agency admin imports only its own agency's locations.
    let mut other: Value = serde_json::from_str(&location("uji-3", 2)).expect("json");
    other["locations"][0]["agency"] = json!("dlh");
    other["locations"][0]["services"] = json!([{"service": "angkut-sampah", "capacity": 1, "prefix": "S"}]);
    other["locations"][0]["counters"] = json!([]);
    let (s, b) = app.api(Method::POST, "/api/v1/locations/import", Some(&admin), Some(other)).await;
    assert_eq!(s, 403, "{b}");
    let good: Value = serde_json::from_str(&location("uji-4", 1)).expect("json");
    let (s, b) = app.api(Method::POST, "/api/v1/locations/import", Some(&admin), Some(good)).await;
    assert_eq!((s, b["locations"].as_i64()), (200, Some(1)), "{b}");
    assert!(b["slots_added"].as_i64() > Some(0), "{b}");
    // A closure closes that day's slots.
    let tomorrow = (appointments::today(&app.state) + time::Duration::days(1)).to_string();
    let browser = app.browser("admin@uji.id", "rahasia-staf-1", Some("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")).await;
    let page = browser.get(app.url("/kelola/lokasi")).send().await.expect("page").text().await.expect("html");
    assert!(page.contains("uji-4") && !page.contains("uji-3"), "the admin's own locations: {page}");
    let form = [
        ("_csrf", csrf(&page)),
        ("location_id", "uji-4".into()),
        ("date", tomorrow.clone()),
        ("reason", "Kerja bakti".into()),
    ];
    let r = browser.post(app.url("/kelola/lokasi/tutup")).form(&form).send().await.expect("close");
    assert_eq!(r.status().as_u16(), 303);
    let form =
        [("_csrf", csrf(&page)), ("location_id", "uji-4".into()), ("date", "kemarin".into()), ("reason", "".into())];
    let r = browser.post(app.url("/kelola/lokasi/tutup")).form(&form).send().await.expect("close");
    assert_eq!(r.status().as_u16(), 422);
    let (_, slots) =
        app.get_json(&format!("/api/v1/slots?service_id=ktp-el-baru&location_id=uji-4&date={tomorrow}")).await;
    assert_eq!(slots["slots"].as_array().map(Vec::len), Some(0), "{slots}");
}
