//! Events: staff publish, edit and cancel them; citizens register or join the waiting list; a
//! cancellation promotes the next person in the same transaction; the last seat goes to exactly
//! one of two citizens taking it at once; `/events.ics` parses with icalendar.

use reqwest::{Client, Method};
use satupintu::identity::Role;
use serde_json::json;
use sqlx::Row as _;

use crate::both;
use crate::common::{parse_feed, post_form, Backend, TestApp, NIK_A, NIK_B, NIK_C};

both!(staff_publish_and_citizens_register, the_last_seat_goes_to_one, the_calendar_feed_parses);

async fn organiser(app: &TestApp) -> Client {
    app.staff(Role::Supervisor, Some("disnaker"), "acara@kominfo.id").await;
    app.browser("acara@kominfo.id", "rahasia-staf-1", None).await
}

/// A local time (WIB) `days` from now at `hour`:00, as the form takes it.
fn day_at(days: i64, hour: i64) -> String {
    let day = satupintu::calendar::local_date(satupintu::db::now(), 7) + time::Duration::days(days);
    format!("{day}T{hour:02}:00")
}

/// Publish an event through the staff form; its slug.
async fn publish(app: &TestApp, web: &Client, title: &str, days: i64, capacity: &str) -> String {
    let (s, location, body) = post_form(
        app,
        web,
        "/kelola/acara/baru",
        "/kelola/acara",
        &[
            ("title", title),
            ("kind", "pelatihan"),
            ("agency", "disnaker"),
            ("description", "Kelas untuk warga Surabaya; bawa ponsel, sudah termasuk makan siang."),
            ("place_name", "Balai Pemuda"),
            ("place_address", "Jl. Gubernur Suryo No. 15, Surabaya"),
            ("lat", "-7.2634"),
            ("lon", "112.7456"),
            ("starts_at", &day_at(days, 9)),
            ("ends_at", &day_at(days, 12)),
            ("capacity", capacity),
        ],
    )
    .await;
    assert_eq!(s, 303, "{body}");
    location.strip_prefix("/kelola/acara/").expect("to the event").to_string()
}

async fn user_id(app: &TestApp, email: &str) -> i64 {
    sqlx::query("SELECT id FROM users WHERE email = $1")
        .bind(email)
        .fetch_one(app.state.db.pool())
        .await
        .expect("user")
        .get(0)
}

async fn staff_publish_and_citizens_register(b: Backend) {
    let app = TestApp::spawn(b).await;
    let web = organiser(&app).await;

    // Bad input: 422, a message per field.
    let (s, _, body) = post_form(
        &app,
        &web,
        "/kelola/acara/baru",
        "/kelola/acara",
        &[("title", "Kelas"), ("kind", "konser"), ("starts_at", "besok"), ("capacity", "-3"), ("lat", "-7.2")],
    )
    .await;
    assert_eq!(s, 422);
    for msg in [
        "Pilih jenis acara",
        "Tulis waktu mulai",
        "Kapasitas berupa angka",
        "Isi lintang dan bujur",
        "Tulis nama tempat",
    ] {
        assert!(body.contains(msg), "{msg}: {body}");
    }
    let (s, v) = app.api(Method::GET, "/api/v1/events?kind=konser", None, None).await;
    assert_eq!(s, 422, "{v}");

    let slug = publish(&app, &web, "Kelas Literasi Digital untuk Lansia", 5, "1").await;
    let list = app.get("/acara").await.text().await.expect("page");
    assert!(list.contains("Kelas Literasi Digital untuk Lansia") && list.contains("Sisa 1 tempat"));
    assert!(app.get("/acara?jenis=festival").await.text().await.expect("page").contains("Belum ada acara"));
    let page = app.get(&format!("/acara/{slug}")).await.text().await.expect("page");
    assert!(page.contains("Masuk untuk mendaftar") && page.contains(&format!("/acara/{slug}/ics")));

    let siti = app.citizen(NIK_A, "Siti Rahayu", "siti@contoh.id").await;
    let budi = app.citizen(NIK_B, "Budi Santoso", "budi@contoh.id").await;
    let path = format!("/api/v1/events/{slug}/registrations");
    let (s, v) = app.api(Method::POST, &path, Some(&siti), Some(json!({}))).await;
    assert_eq!((s, v["status"].as_str()), (201, Some("registered")), "{v}");
    let (s, v) = app.api(Method::POST, &path, Some(&siti), Some(json!({}))).await;
    assert_eq!((s, v["error"]["code"].as_str().is_some()), (409, true), "no double registration: {v}");
    let (s, v) = app.api(Method::POST, &path, Some(&budi), Some(json!({}))).await;
    assert_eq!((s, v["status"].as_str(), v["position"].as_i64()), (201, Some("waiting"), Some(1)), "{v}");
    let (_, e) = app.get_json(&format!("/api/v1/events/{slug}")).await;
    assert_eq!(
        (e["seats_left"].as_i64(), e["waiting"].as_i64(), e["capacity"].as_i64()),
        (Some(0), Some(1), Some(1)),
        "{e}"
    );
    // Budi sees his place in line.
    let budi_web = app.browser("budi@contoh.id", "rahasia-warga-1", None).await;
    let page = budi_web.get(app.url(&format!("/acara/{slug}"))).send().await.expect("get").text().await.expect("page");
    assert!(page.contains("Anda di daftar tunggu, urutan ke-1"), "{page}");
    let account = budi_web.get(app.url("/akun")).send().await.expect("get").text().await.expect("page");
    assert!(account.contains("href=\"/acara/saya\"") && !account.contains("href=\"/kelola/acara\""));
    let mine = budi_web.get(app.url("/acara/saya")).send().await.expect("get").text().await.expect("page");
    assert!(mine.contains("Kelas Literasi Digital untuk Lansia") && mine.contains("urutan ke-1"));
    // Staff see both; the attendance list only the registered.
    let staff =
        web.get(app.url(&format!("/kelola/acara/{slug}"))).send().await.expect("get").text().await.expect("page");
    assert!(staff.contains("Siti Rahayu") && staff.contains("Budi Santoso") && staff.contains("Daftar tunggu"));
    let print = web
        .get(app.url(&format!("/kelola/acara/{slug}/daftar-hadir")))
        .send()
        .await
        .expect("get")
        .text()
        .await
        .expect("page");
    assert!(print.contains("Siti Rahayu") && !print.contains("Budi Santoso"));

    // Siti cancels: Budi gets the seat in the same transaction and is notified.
    let (s, _) = app.api(Method::DELETE, &path, Some(&siti), None).await;
    assert_eq!(s, 204);
    let (s, _) = app.api(Method::DELETE, &path, Some(&siti), None).await;
    assert_eq!(s, 404, "nothing left to cancel");
    let (_, e) = app.get_json(&format!("/api/v1/events/{slug}")).await;
    assert_eq!((e["seats_taken"].as_i64(), e["waiting"].as_i64()), (Some(1), Some(0)), "{e}");
    let budi_id = user_id(&app, "budi@contoh.id").await;
    let promoted: i64 = sqlx::query(
        "SELECT COUNT(*) FROM outbox WHERE kind = 'event_promoted' AND recipient_id = $1 AND channel = 'email'",
    )
    .bind(budi_id)
    .fetch_one(app.state.db.pool())
    .await
    .expect("count")
    .get(0);
    assert_eq!(promoted, 1);
    let page = budi_web.get(app.url(&format!("/acara/{slug}"))).send().await.expect("get").text().await.expect("page");
    assert!(page.contains("Anda terdaftar di acara ini"));
    // Siti may come back: to the waiting list now.
    let (s, v) = app.api(Method::POST, &path, Some(&siti), Some(json!({}))).await;
    assert_eq!((s, v["status"].as_str()), (201, Some("waiting")), "{v}");

    // A capacity below the seats taken is refused; more seats promote the waiting list.
    let fields = |capacity: &'static str| {
        vec![
            ("title", "Kelas Literasi Digital untuk Lansia"),
            ("kind", "pelatihan"),
            ("agency", "disnaker"),
            ("description", "Kelas untuk warga Surabaya; bawa ponsel."),
            ("place_name", "Balai Pemuda"),
            ("place_address", "Jl. Gubernur Suryo No. 15, Surabaya"),
            ("capacity", capacity),
        ]
    };
    let (start, end) = (day_at(5, 9), day_at(5, 12));
    let mut more = fields("2");
    more.extend([("starts_at", start.as_str()), ("ends_at", end.as_str())]);
    let (s, _, _) =
        post_form(&app, &web, &format!("/kelola/acara/{slug}"), &format!("/kelola/acara/{slug}"), &more).await;
    assert_eq!(s, 303);
    let (_, e) = app.get_json(&format!("/api/v1/events/{slug}")).await;
    assert_eq!((e["seats_taken"].as_i64(), e["waiting"].as_i64()), (Some(2), Some(0)), "{e}");

    // Roles: an officer cannot publish; staff and other agencies' publishers cannot register.
    app.staff(Role::Officer, Some("disnaker"), "loket@kominfo.id").await;
    let officer = app.browser("loket@kominfo.id", "rahasia-staf-1", None).await;
    assert_eq!(officer.get(app.url("/kelola/acara")).send().await.expect("get").status().as_u16(), 403);
    let officer_token = app.login("loket@kominfo.id", "rahasia-staf-1", None).await;
    let (s, _) = app.api(Method::POST, &path, Some(&officer_token), Some(json!({}))).await;
    assert_eq!(s, 403);
    app.staff(Role::Supervisor, Some("dinkes"), "acara@dinkes.id").await;
    let other = app.browser("acara@dinkes.id", "rahasia-staf-1", None).await;
    assert_eq!(other.get(app.url(&format!("/kelola/acara/{slug}"))).send().await.expect("get").status().as_u16(), 404);

    // Cancelling the event tells everyone, and registration closes.
    let (s, _, _) =
        post_form(&app, &web, &format!("/kelola/acara/{slug}"), &format!("/kelola/acara/{slug}/batalkan"), &[]).await;
    assert_eq!(s, 303);
    let told: i64 = sqlx::query("SELECT COUNT(*) FROM outbox WHERE kind = 'event_cancelled' AND channel = 'email'")
        .fetch_one(app.state.db.pool())
        .await
        .expect("count")
        .get(0);
    assert_eq!(told, 2);
    let carla = app.citizen(NIK_C, "Carla Wijaya", "carla@contoh.id").await;
    let (s, _) = app.api(Method::POST, &path, Some(&carla), Some(json!({}))).await;
    assert_eq!(s, 409);
    let (_, e) = app.get_json(&format!("/api/v1/events/{slug}")).await;
    assert_eq!((e["cancelled"].as_bool(), e["registration_open"].as_bool()), (Some(true), Some(false)));
    app.stop().await;
}

async fn the_last_seat_goes_to_one(b: Backend) {
    let app = TestApp::spawn(b).await;
    let web = organiser(&app).await;
    let slug = publish(&app, &web, "Pelatihan Pemasaran Digital UMKM", 3, "1").await;
    let siti = app.citizen(NIK_A, "Siti Rahayu", "siti@contoh.id").await;
    let budi = app.citizen(NIK_B, "Budi Santoso", "budi@contoh.id").await;
    // On PostgreSQL the second request goes to another process on the same database.
    let other = match b {
        Backend::Postgres => Some(app.another_process().await),
        Backend::Sqlite => None,
    };
    let path = format!("/api/v1/events/{slug}/registrations");
    let second = other.as_ref().unwrap_or(&app);
    let (a, z) = tokio::join!(
        app.api(Method::POST, &path, Some(&siti), Some(json!({}))),
        second.api(Method::POST, &path, Some(&budi), Some(json!({}))),
    );
    assert_eq!((a.0, z.0), (201, 201), "{a:?} {z:?}");
    let mut statuses = [a.1["status"].as_str().unwrap_or(""), z.1["status"].as_str().unwrap_or("")];
    statuses.sort();
    assert_eq!(statuses, ["registered", "waiting"], "exactly one took the seat");
    let row = sqlx::query("SELECT seats_taken FROM events WHERE slug = $1")
        .bind(&slug)
        .fetch_one(app.state.db.pool())
        .await
        .expect("row");
    assert_eq!(row.get::<i64, _>(0), 1);
    if let Some(o) = other {
        o.stop().await;
    }
    app.stop().await;
}

async fn the_calendar_feed_parses(b: Backend) {
    let app = TestApp::spawn(b).await;
    let web = organiser(&app).await;
    let batik = publish(&app, &web, "Lokakarya Batik Tulis; Motif Suroboyoan, Semanggi", 2, "").await;
    let umkm = publish(&app, &web, "Pelatihan UMKM", 4, "20").await;
    let festival = publish(&app, &web, "Festival Rujak Uleg", 6, "").await;
    let (s, _, _) =
        post_form(&app, &web, &format!("/kelola/acara/{festival}"), &format!("/kelola/acara/{festival}/batalkan"), &[])
            .await;
    assert_eq!(s, 303);

    let r = app.get("/events.ics").await;
    assert_eq!(r.headers()["content-type"], "text/calendar; charset=utf-8");
    let raw = r.text().await.expect("body");
    assert!(raw.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n") && raw.ends_with("END:VCALENDAR\r\n"));
    assert!(raw.split("\r\n").all(|l| l.len() <= 75), "folded at 75 octets");
    assert!(!raw.replace("\r\n", "").contains('\n'), "CRLF only");
    assert!(raw.contains("SUMMARY:Lokakarya Batik Tulis\\; Motif Suroboyoan\\, Semanggi"));

    let v = parse_feed("ics", app.url("/events.ics")).await;
    assert_eq!(v["version"], "2.0");
    assert_eq!(v["name"], "Acara SatuPintu");
    assert!(v["prodid"].as_str().unwrap().contains("SatuPintu"));
    let events = v["events"].as_array().expect("events");
    assert_eq!(events.len(), 3, "{v}");
    let by = |slug: &str| {
        events.iter().find(|e| e["url"].as_str().unwrap_or("").ends_with(&format!("/acara/{slug}"))).expect("event")
    };
    assert_eq!(by(&batik)["summary"], "Lokakarya Batik Tulis; Motif Suroboyoan, Semanggi");
    // 09:00 WIB is 02:00 UTC.
    let day = satupintu::calendar::local_date(satupintu::db::now(), 7) + time::Duration::days(2);
    assert_eq!(by(&batik)["dtstart"], format!("{day}T02:00:00+00:00"));
    assert_eq!(by(&batik)["status"], "CONFIRMED");
    assert_eq!(by(&festival)["status"], "CANCELLED");
    assert!(by(&umkm)["location"].as_str().unwrap().contains("Balai Pemuda"));
    let uids: Vec<String> = events.iter().map(|e| e["uid"].as_str().unwrap().to_string()).collect();
    assert!(uids.iter().all(|u| u.starts_with("acara-") && u.contains('@')), "{uids:?}");
    // UIDs are stable: the same on the next fetch and in one event's file.
    let again = parse_feed("ics", app.url("/events.ics")).await;
    let uids_again: Vec<String> =
        again["events"].as_array().unwrap().iter().map(|e| e["uid"].as_str().unwrap().to_string()).collect();
    assert_eq!(uids, uids_again);
    let one = parse_feed("ics", app.url(&format!("/acara/{umkm}/ics"))).await;
    assert_eq!(one["events"].as_array().map(Vec::len), Some(1));
    assert_eq!(one["events"][0]["uid"], by(&umkm)["uid"]);
    let r = app.get(&format!("/acara/{umkm}/ics")).await;
    assert!(r.headers()["content-disposition"].to_str().unwrap().contains(&format!("{umkm}.ics")));
    app.stop().await;
}
