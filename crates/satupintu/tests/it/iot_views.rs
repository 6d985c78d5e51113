//! IoT monitoring views: the staff dashboard and sensor pages show only the staff member's own
//! agency's things; the public page shows public sensors of public things only, with their
//! plain-language levels; the live streams send a snapshot that changes when readings are
//! stored; the registry pages add things, devices (token shown once) and sensors, rotate tokens
//! and deactivate devices, with localized validation errors that change nothing.

use std::time::Duration;

use reqwest::Client;
use satupintu::identity::Role;
use satupintu::iot::model::Reading;
use sqlx::Row as _;

use crate::both;
use crate::common::{post_form, Backend, TestApp};

both!(
    iot_views_dashboard_sensor_and_public_pages,
    iot_views_live_snapshot_follows_readings,
    iot_views_registry_management
);

const SECRET: &str = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

/// A server with the report agencies (dpupr, dlh, dishub) and the demo things and readings.
async fn demo_app(b: Backend) -> TestApp {
    let app = TestApp::spawn(b).await;
    satupintu::catalog::service::import(&app.state.db, satupintu::demo::REPORT_AGENCIES, None).await.expect("agencies");
    app.state.catalog.refresh(&app.state.db, true).await.expect("refresh");
    satupintu::iot::demo::load(&app.state).await.expect("iot demo");
    // The demo's flood rule for the Jagir gauge (the rules part's loader may have added it).
    sqlx::query(
        "INSERT INTO iot_rules (name, sensor_id, rule, threshold, clear_at, severity, public_report, active, created_at) \
         SELECT 'Siaga banjir Kali Jagir', 'jagir-tma', 'above', 250.0, 230.0, 'danger', 1, 1, $1 \
         WHERE NOT EXISTS (SELECT 1 FROM iot_rules WHERE sensor_id = 'jagir-tma' AND rule = 'above')",
    )
    .bind(satupintu::db::now())
    .execute(app.state.db.pool())
    .await
    .expect("rule");
    app
}

async fn page(app: &TestApp, c: &Client, path: &str) -> (u16, String) {
    let r = c.get(app.url(path)).send().await.expect("get");
    (r.status().as_u16(), r.text().await.expect("body"))
}

async fn count(app: &TestApp, sql: &str) -> i64 {
    sqlx::query(sql).fetch_one(app.state.db.pool()).await.expect("count").get(0)
}

async fn iot_views_dashboard_sensor_and_public_pages(b: Backend) {
    let app = demo_app(b).await;
    // A sensor that is not public, on a public thing: never on the public page.
    let mut tx = app.state.db.begin().await.expect("tx");
    let hidden = satupintu::iot::model::Sensor::new(
        "jagir-internal",
        "dev-jagir-1",
        "pintu-air-jagir",
        "Tegangan baterai logger",
        satupintu::iot::model::SensorKind::Rainfall,
        false,
        satupintu::db::now(),
    );
    satupintu::iot::registry::insert_sensor(&mut tx, &hidden).await.expect("sensor");
    satupintu::iot::readings::insert(
        &mut tx,
        &[Reading { sensor_id: "jagir-internal".into(), ts_ms: satupintu::db::now() * 1000, value: 12.5 }],
    )
    .await
    .expect("reading");
    tx.commit().await.expect("commit");

    app.staff(Role::Officer, Some("dpupr"), "petugas@pu.id").await;
    app.staff(Role::Officer, Some("dlh"), "petugas@dlh.id").await;
    let pu = app.browser("petugas@pu.id", "rahasia-staf-1", None).await;
    let dlh = app.browser("petugas@dlh.id", "rahasia-staf-1", None).await;

    // The dashboard: own agency's things only, with map, values and the live stream.
    let (s, html) = page(&app, &pu, "/kelola/iot").await;
    assert_eq!(s, 200, "{html}");
    assert!(html.contains("Pemantauan infrastruktur"), "{html}");
    assert!(html.contains("Pintu Air Jagir") && html.contains("Jembatan Wonokromo"));
    assert!(!html.contains("SPKU Tandes") && !html.contains("Simpang Raya Darmo"), "another agency's things");
    assert!(html.contains("id=\"iot-map\"") && html.contains("data-dot=\"pintu-air-jagir\""));
    assert!(html.contains("data-live=\"/kelola/iot/langsung\""));
    assert!(html.contains("href=\"/kelola/iot/sensor/jagir-tma\""));
    let (_, html) = page(&app, &dlh, "/kelola/iot").await;
    assert!(html.contains("SPKU Tandes") && !html.contains("Pintu Air Jagir"));

    // A sensor's chart, table and CSV; another agency's sensor is not there for them.
    let (s, html) = page(&app, &pu, "/kelola/iot/sensor/jagir-tma").await;
    assert_eq!(s, 200, "{html}");
    assert!(html.contains("id=\"chart-sensor\"") && html.contains("<polyline"), "{html}");
    assert!(html.contains("id=\"table-readings\""));
    // The rule's limit (250 cm) is drawn and stated.
    assert!(html.contains("stroke-dasharray=\"6 4\"") && html.contains("250 cm"), "{html}");
    let (s, html) = page(&app, &pu, "/kelola/iot/sensor/jagir-tma?jangka=90h").await;
    assert_eq!(s, 200);
    assert!(html.contains("rata-rata per jam") && html.contains("<polygon"), "hourly band: {html}");
    assert_eq!(page(&app, &dlh, "/kelola/iot/sensor/jagir-tma").await.0, 404);
    assert_eq!(page(&app, &dlh, "/kelola/iot/sensor/jagir-tma/csv").await.0, 404);
    assert_eq!(page(&app, &pu, "/kelola/iot/sensor/tidak-ada").await.0, 404);
    let r = pu.get(app.url("/kelola/iot/sensor/jagir-tma/csv")).send().await.expect("csv");
    assert_eq!(r.status().as_u16(), 200);
    assert!(r.headers()["content-disposition"].to_str().expect("header").contains("jagir-tma-48j.csv"));
    let csv = r.text().await.expect("csv");
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], "sensor,time_utc,value,unit");
    // Two days of readings every ten minutes.
    assert!((286..=289).contains(&(lines.len() - 1)), "{} rows", lines.len() - 1);
    assert!(lines[1].starts_with("jagir-tma,20") && lines[1].ends_with(",cm"), "{}", lines[1]);
    let r = pu.get(app.url("/kelola/iot/sensor/jagir-tma/csv?jangka=1t")).send().await.expect("csv");
    let csv = r.text().await.expect("csv");
    assert!(csv.starts_with("sensor,hour_utc,n,mean,min,max,unit"));
    assert!((48..=50).contains(&(csv.lines().count() - 1)), "{csv}");

    // The public page: public things' public sensors only, with their levels.
    let guest = crate::common::client();
    let (s, html) = page(&app, &guest, "/pantau").await;
    assert_eq!(s, 200, "{html}");
    assert!(html.contains("Pantau banjir dan udara"));
    assert!(html.contains("Pintu Air Jagir") && html.contains("SPKU Tandes"));
    assert!(html.contains("data-sensor=\"jagir-tma\"") && html.contains("data-sensor=\"tandes-pm25\""));
    assert!(!html.contains("Rumah Pompa Kenjeran") && !html.contains("kenjeran-tma"), "a staff-only thing");
    assert!(!html.contains("jagir-internal") && !html.contains("Tegangan baterai"), "a staff-only sensor");
    // The demo's air is "Sedang" (PM2.5 between 15.5 and 55.4) and carries its ISPU figure.
    assert!(html.contains("(ISPU "), "{html}");
    assert!(html.contains("href=\"/pantau\""), "the footer links the page");
    let (s, html) = page(&app, &guest, "/pantau/pintu-air-jagir").await;
    assert_eq!(s, 200);
    assert!(html.contains("id=\"chart-jagir-tma-48j\"") && html.contains("id=\"chart-jagir-tma-30h\""), "{html}");
    assert!(!html.contains("jagir-internal"));
    assert_eq!(page(&app, &guest, "/pantau/rumah-pompa-kenjeran").await.0, 404);
    assert_eq!(page(&app, &guest, "/pantau/tidak-ada").await.0, 404);
    let (_, html) = page(&app, &guest, "/pantau?lang=en").await;
    assert!(html.contains("Flood and air watch"), "English");
    app.stop().await;
}

/// Read a server-sent-events response until a `snapshot` event whose data satisfies `want`.
async fn next_snapshot(r: &mut reqwest::Response, buf: &mut String, want: impl Fn(&str) -> bool) -> String {
    crate::common::next_sse_event(r, buf, "snapshot", Duration::from_secs(15), want)
        .await
        .unwrap_or_else(|| panic!("no snapshot in time; received: {buf:?}"))
}

async fn iot_views_live_snapshot_follows_readings(b: Backend) {
    let app = demo_app(b).await;
    app.staff(Role::Officer, Some("dlh"), "petugas@dlh.id").await;
    let dlh = app.browser("petugas@dlh.id", "rahasia-staf-1", None).await;
    let guest = crate::common::client();

    let mut public = guest.get(app.url("/pantau/langsung")).send().await.expect("sse");
    assert_eq!(public.status().as_u16(), 200);
    assert!(public.headers()["content-type"].to_str().expect("type").starts_with("text/event-stream"));
    let mut staff = dlh.get(app.url("/kelola/iot/langsung")).send().await.expect("sse");
    assert_eq!(staff.status().as_u16(), 200);
    let (mut pbuf, mut sbuf) = (String::new(), String::new());

    // The first event is the snapshot of the moment (possibly from before the demo was loaded):
    // within a second one with the demo's sensors follows.
    let first = next_snapshot(&mut public, &mut pbuf, |d| d.contains("jagir-tma")).await;
    let v: serde_json::Value = serde_json::from_str(&first).expect("json");
    let ids: Vec<&str> = v["sensors"].as_array().expect("sensors").iter().filter_map(|s| s["id"].as_str()).collect();
    assert!(ids.contains(&"jagir-tma") && ids.contains(&"tandes-pm25"), "{ids:?}");
    assert!(!ids.contains(&"kenjeran-tma") && !ids.contains(&"darmo-lalin"), "public only: {ids:?}");
    assert!(v["things"].as_array().expect("things").iter().all(|t| t.get("orders").is_none()));
    let first_staff = next_snapshot(&mut staff, &mut sbuf, |d| d.contains("tandes-pm25")).await;
    let sv: serde_json::Value = serde_json::from_str(&first_staff).expect("json");
    let ids: Vec<&str> = sv["sensors"].as_array().expect("sensors").iter().filter_map(|s| s["id"].as_str()).collect();
    assert_eq!(ids, vec!["tandes-pm25"], "the dlh officer sees the dlh station only");

    // A flood: the river reaches 287.4 cm (Awas) and the air gets unhealthy.
    let now_ms = satupintu::db::now() * 1000 + 1;
    let mut tx = app.state.db.begin().await.expect("tx");
    satupintu::iot::readings::insert(
        &mut tx,
        &[
            Reading { sensor_id: "jagir-tma".into(), ts_ms: now_ms, value: 287.4 },
            Reading { sensor_id: "tandes-pm25".into(), ts_ms: now_ms, value: 160.0 },
        ],
    )
    .await
    .expect("insert");
    tx.commit().await.expect("commit");

    let data = next_snapshot(&mut public, &mut pbuf, |d| d.contains("287,4")).await;
    let v: serde_json::Value = serde_json::from_str(&data).expect("json");
    let jagir =
        v["sensors"].as_array().expect("sensors").iter().find(|s| s["id"] == "jagir-tma").expect("jagir").clone();
    assert_eq!(jagir["level"], "awas", "{jagir}");
    assert_eq!(jagir["level_label"], "Awas");
    let tandes = v["sensors"].as_array().expect("s").iter().find(|s| s["id"] == "tandes-pm25").expect("t").clone();
    assert_eq!(tandes["level"], "sangat-tidak-sehat", "{tandes}");
    let data = next_snapshot(&mut staff, &mut sbuf, |d| d.contains("\"160\"")).await;
    assert!(!data.contains("jagir"), "{data}");
    drop(public);
    drop(staff);

    // Another process on the same database streams what this one stored (PostgreSQL: a SQLite
    // database is one process's own file).
    if b == Backend::Sqlite {
        app.stop().await;
        return;
    }
    let other = app.another_process().await;
    let mut far = crate::common::client().get(other.url("/pantau/langsung")).send().await.expect("sse");
    let mut fbuf = String::new();
    next_snapshot(&mut far, &mut fbuf, |d| d.contains("287,4")).await;
    let mut tx = app.state.db.begin().await.expect("tx");
    let later = Reading { sensor_id: "jagir-tma".into(), ts_ms: now_ms + 60_000, value: 301.2 };
    satupintu::iot::readings::insert(&mut tx, &[later]).await.expect("insert");
    tx.commit().await.expect("commit");
    next_snapshot(&mut far, &mut fbuf, |d| d.contains("301,2")).await;
    drop(far);
    other.stop().await;
    app.stop().await;
}

async fn token_in(html: &str) -> String {
    let marker = "id=\"device-token\">";
    let start = html.find(marker).expect("the token is shown") + marker.len();
    html[start..].split('<').next().expect("token").to_string()
}

async fn iot_views_registry_management(b: Backend) {
    let app = demo_app(b).await;
    app.staff(Role::AgencyAdmin, Some("dpupr"), "admin@pu.id").await;
    app.staff(Role::AgencyAdmin, Some("dlh"), "admin@dlh.id").await;
    app.staff(Role::Officer, Some("dpupr"), "petugas@pu.id").await;
    let admin = app.browser("admin@pu.id", "rahasia-staf-1", Some(SECRET)).await;
    let other = app.browser("admin@dlh.id", "rahasia-staf-1", Some(SECRET)).await;
    let officer = app.browser("petugas@pu.id", "rahasia-staf-1", None).await;
    let from = "/kelola/iot/perangkat";

    // The registry lists the agency's devices with their counts; the officer may not manage it.
    let (s, html) = page(&app, &admin, from).await;
    assert_eq!(s, 200, "{html}");
    assert!(html.contains("dev-jagir-1") && !html.contains("dev-tandes-1"), "{html}");
    assert!(html.contains("satupintu/v1/devices/dev-jagir-1/readings"));
    assert_eq!(page(&app, &officer, from).await.0, 403);

    // Refused input: localized errors, nothing stored.
    let things = count(&app, "SELECT COUNT(*) FROM iot_things").await;
    let (s, _, html) = post_form(
        &app,
        &admin,
        from,
        "/kelola/iot/perangkat/tambah-benda",
        &[
            ("thing_id", "X"),
            ("thing_name", "Pos uji"),
            ("thing_kind", "river"),
            ("thing_lat", "-95"),
            ("thing_lon", "112.7"),
        ],
    )
    .await;
    assert_eq!(s, 422, "{html}");
    assert!(html.contains("Isi kode 3–64 karakter") && html.contains("Isi lintang antara -90 dan 90"), "{html}");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM iot_things").await, things);
    let page_html = admin.get(app.url(from)).send().await.expect("get").text().await.expect("html");
    let token = crate::common::csrf(&page_html);
    let r = admin
        .post(app.url("/kelola/iot/perangkat/tambah-benda"))
        .header("accept-language", "en")
        .form(&[("_csrf", token.as_str()), ("thing_id", "pintu-air-jagir"), ("thing_name", ""), ("thing_kind", "x")])
        .send()
        .await
        .expect("post");
    assert_eq!(r.status().as_u16(), 422);
    let html = r.text().await.expect("html");
    assert!(html.contains("Enter a name") && html.contains("Choose a kind from the list"), "{html}");

    // A thing, a device (token once), a sensor.
    let (s, loc, html) = post_form(
        &app,
        &admin,
        from,
        "/kelola/iot/perangkat/tambah-benda",
        &[
            ("thing_id", "pos-uji-1"),
            ("thing_name", "Pos Uji Kali Mas"),
            ("thing_kind", "river"),
            ("thing_lat", "-7.25"),
            ("thing_lon", "112,74"),
            ("thing_public", "1"),
        ],
    )
    .await;
    assert_eq!((s, loc.as_str()), (303, "/kelola/iot/perangkat?ok=benda"), "{html}");
    let thing = satupintu::iot::registry::thing_by_id(&mut app.state.db.conn().await.expect("conn"), "pos-uji-1")
        .await
        .expect("read")
        .expect("stored");
    assert_eq!((thing.agency_id.as_str(), thing.public, thing.lon), ("dpupr", true, 112.74));
    let (s, _, html) = post_form(
        &app,
        &admin,
        from,
        "/kelola/iot/perangkat/tambah-benda",
        &[
            ("thing_id", "pos-uji-1"),
            ("thing_name", "Lagi"),
            ("thing_kind", "river"),
            ("thing_lat", "0"),
            ("thing_lon", "0"),
        ],
    )
    .await;
    assert_eq!(s, 422);
    assert!(html.contains("Kode ini sudah dipakai"), "{html}");

    let (s, _, html) = post_form(
        &app,
        &admin,
        from,
        "/kelola/iot/perangkat/tambah-alat",
        &[("device_id", "dev-uji-1"), ("device_thing", "pos-uji-1"), ("device_name", "Logger uji")],
    )
    .await;
    assert_eq!(s, 200, "{html}");
    let first = token_in(&html).await;
    assert_eq!(first.len(), 64);
    assert!(html.contains("satupintu/v1/devices/dev-uji-1/readings") && html.contains("/api/v1/iot/readings"));
    let mut conn = app.state.db.conn().await.expect("conn");
    let d = satupintu::iot::registry::authenticate(&mut conn, &first).await.expect("auth").expect("accepted");
    assert_eq!(d.id, "dev-uji-1");
    let (_, listing) = page(&app, &admin, from).await;
    assert!(listing.contains("dev-uji-1") && !listing.contains(&first), "the token is shown once only");
    // Another agency's thing cannot get a device.
    let (s, _, html) = post_form(
        &app,
        &admin,
        from,
        "/kelola/iot/perangkat/tambah-alat",
        &[("device_id", "dev-curang"), ("device_thing", "spku-tandes"), ("device_name", "Curang")],
    )
    .await;
    assert_eq!(s, 422, "{html}");
    assert!(satupintu::iot::registry::device_by_id(&mut conn, "dev-curang").await.expect("read").is_none());

    let (s, loc, _) = post_form(
        &app,
        &admin,
        from,
        "/kelola/iot/perangkat/tambah-sensor",
        &[
            ("sensor_id", "uji-tma"),
            ("sensor_device", "dev-uji-1"),
            ("sensor_name", "Tinggi muka air"),
            ("sensor_kind", "water_level"),
            ("sensor_public", "1"),
        ],
    )
    .await;
    assert_eq!((s, loc.as_str()), (303, "/kelola/iot/perangkat?ok=sensor"));
    let sensor = satupintu::iot::registry::sensor_by_id(&mut conn, "uji-tma").await.expect("read").expect("stored");
    assert_eq!((sensor.unit.as_str(), sensor.thing_id.as_str(), sensor.public), ("cm", "pos-uji-1", true));
    let (_, html) = page(&app, &crate::common::client(), "/pantau").await;
    assert!(html.contains("Pos Uji Kali Mas") && html.contains("data-sensor=\"uji-tma\""));

    // Rotating the token: the old one stops working, the new one works; another agency's admin
    // cannot rotate it.
    let (s, _, _) =
        post_form(&app, &other, "/kelola/iot/perangkat", "/kelola/iot/perangkat/dev-uji-1/token", &[]).await;
    assert_eq!(s, 404);
    let (s, _, html) = post_form(&app, &admin, from, "/kelola/iot/perangkat/dev-uji-1/token", &[]).await;
    assert_eq!(s, 200, "{html}");
    let second = token_in(&html).await;
    assert_ne!(first, second);
    assert!(satupintu::iot::registry::authenticate(&mut conn, &first).await.expect("auth").is_none());
    assert!(satupintu::iot::registry::authenticate(&mut conn, &second).await.expect("auth").is_some());

    // Deactivating: its token is refused.
    let (s, loc, _) = post_form(&app, &admin, from, "/kelola/iot/perangkat/dev-uji-1/nonaktif", &[]).await;
    assert_eq!((s, loc.as_str()), (303, "/kelola/iot/perangkat?ok=nonaktif"));
    assert!(satupintu::iot::registry::authenticate(&mut conn, &second).await.expect("auth").is_none());
    drop(conn);
    app.stop().await;
}
