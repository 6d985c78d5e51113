//! IoT rules and work orders (issue 11): a threshold crossing opens exactly one work order for
//! the thing's agency however many readings cross it; a value hovering between the clearing
//! value and the threshold neither closes nor reopens it; back past the clearing value it is
//! normal, and only then can staff close it; rate-of-change and kind-wide rules; a silent
//! sensor raises "no data" and a reading clears it; the on-duty officer is notified; the
//! public report and the ledger leaves; the pages, the API and their role checks.

use reqwest::Method;
use satupintu::identity::Role;
use satupintu::iot::model::{Device, Reading, Sensor, SensorKind, Thing};
use satupintu::iot::rules::{self, Changes};
use satupintu::iot::{readings, registry};
use serde_json::Value;
use sqlx::Row as _;

use crate::both;
use crate::common::{csrf, Backend, TestApp};

both!(iot_threshold_opens_one_work_order_with_hysteresis);
both!(iot_rate_kind_and_nodata_rules);
both!(iot_rule_form_checks_input_and_roles);
both!(iot_demo_has_rules_and_work_orders);
both!(iot_two_processes_open_one_work_order);

const MIN: i64 = 60_000;

/// A thing of `agency` with one device and `sensors` (id, kind).
async fn thing(app: &TestApp, id: &str, agency: &str, sensors: &[(&str, SensorKind)]) {
    let now = satupintu::db::now();
    let mut tx = app.state.db.begin().await.expect("tx");
    let t = Thing {
        id: id.into(),
        name: format!("Uji {id}"),
        description: String::new(),
        kind: "river".into(),
        lat: -7.30,
        lon: 112.74,
        agency_id: agency.into(),
        region_code: Some("357804".into()),
        public: true,
        created_at: now - 86_400,
    };
    registry::insert_thing(&mut tx, &t).await.expect("thing");
    let d = Device::new(format!("dev-{id}"), id, "Logger", now - 86_400);
    registry::insert_device(&mut tx, &d, &registry::Secret::of(&format!("token-{id}"))).await.expect("device");
    for (sid, kind) in sensors {
        let s = Sensor::new(*sid, d.id.clone(), id, format!("Sensor {sid}"), *kind, true, now - 86_400);
        registry::insert_sensor(&mut tx, &s).await.expect("sensor");
    }
    tx.commit().await.expect("commit");
}

/// A rule through the store (the form is tested on its own).
async fn rule(
    app: &TestApp,
    sensor: Option<&str>,
    kind: Option<&str>,
    rule: &str,
    threshold: f64,
    clear: Option<f64>,
    public: bool,
) -> i64 {
    let r = satupintu::iot::model::Rule {
        id: 0,
        name: format!("Aturan {rule} {threshold}"),
        sensor_id: sensor.map(str::to_string),
        sensor_kind: kind.map(str::to_string),
        rule: rule.into(),
        threshold,
        clear_at: clear,
        severity: "danger".into(),
        public_report: public,
        active: true,
        created_by: None,
        created_at: satupintu::db::now() - 3600,
    };
    let mut tx = app.state.db.begin().await.expect("tx");
    let id = satupintu::iot::alerts::insert_rule(&mut tx, &r).await.expect("rule");
    tx.commit().await.expect("commit");
    id
}

/// Store readings of `sensor` and run the rules on them, as ingestion does.
async fn feed(app: &TestApp, sensor: &str, points: &[(i64, f64)]) -> Changes {
    feed_db(&app.state.db, sensor, points).await
}

async fn feed_db(db: &satupintu::db::Db, sensor: &str, points: &[(i64, f64)]) -> Changes {
    let batch: Vec<Reading> =
        points.iter().map(|(ts, v)| Reading { sensor_id: sensor.into(), ts_ms: *ts, value: *v }).collect();
    let mut tx = db.begin().await.expect("tx");
    let stored = readings::insert(&mut tx, &batch).await.expect("insert");
    let changes = rules::on_readings(&mut tx, &stored, satupintu::db::now()).await.expect("rules");
    tx.commit().await.expect("commit");
    changes
}

async fn count(app: &TestApp, sql: &str) -> i64 {
    sqlx::query(sql).fetch_one(app.state.db.pool()).await.expect("count").get(0)
}

async fn status_of(app: &TestApp, code: &str) -> String {
    sqlx::query("SELECT status FROM iot_alerts WHERE code = $1")
        .bind(code)
        .fetch_one(app.state.db.pool())
        .await
        .expect("alert")
        .get(0)
}

async fn user_id(app: &TestApp, email: &str) -> i64 {
    sqlx::query("SELECT id FROM users WHERE email = $1")
        .bind(email)
        .fetch_one(app.state.db.pool())
        .await
        .expect("user")
        .get(0)
}

async fn post(
    app: &TestApp,
    web: &reqwest::Client,
    from: &str,
    to: &str,
    fields: &[(&str, &str)],
) -> (u16, String, String) {
    crate::common::post_form(app, web, from, to, fields).await
}

async fn iot_threshold_opens_one_work_order_with_hysteresis(b: Backend) {
    let app = TestApp::spawn(b).await;
    thing(&app, "gauge", "dlh", &[("gauge-tma", SensorKind::WaterLevel)]).await;
    let officer_token = app.staff(Role::Officer, Some("dlh"), "petugas@pu.id").await;
    app.staff(Role::Supervisor, Some("dlh"), "kabid@pu.id").await;
    let other_token = app.staff(Role::Officer, Some("disdukcapil"), "petugas@dukcapil.id").await;
    let auditor_token = app.staff(Role::Auditor, None, "auditor@uji.id").await;
    let officer = user_id(&app, "petugas@pu.id").await;
    let rule_id = rule(&app, Some("gauge-tma"), None, "above", 250.0, Some(230.0), true).await;

    // The officer goes on duty from the work-orders page.
    let web = app.browser("petugas@pu.id", "rahasia-staf-1", None).await;
    let (s, loc, _) = post(&app, &web, "/kelola/iot/perintah-kerja", "/kelola/iot/piket", &[]).await;
    assert_eq!((s, loc.as_str()), (303, "/kelola/iot/perintah-kerja?ok=duty-on"));
    assert_eq!(count(&app, "SELECT COUNT(*) FROM iot_on_duty").await, 1);

    let t0 = (satupintu::db::now() - 3600) * 1000;
    // Below the threshold: nothing.
    let c = feed(&app, "gauge-tma", &[(t0, 200.0), (t0 + MIN, 249.9)]).await;
    assert!(c.opened.is_empty());
    // Many readings at or above the threshold, in two batches: one work order.
    let c = feed(&app, "gauge-tma", &(2..12).map(|i| (t0 + i * MIN, 250.0 + i as f64)).collect::<Vec<_>>()).await;
    assert_eq!(c.opened.len(), 1, "{c:?}");
    let code = c.opened[0].clone();
    assert!(code.starts_with("PK-20") && code.len() == "PK-2026-000001".len(), "{code}");
    let c = feed(&app, "gauge-tma", &[(t0 + 12 * MIN, 270.0), (t0 + 13 * MIN, 255.0)]).await;
    assert!(c.opened.is_empty() && c.normal.is_empty(), "{c:?}");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM iot_alerts").await, 1);
    let row =
        sqlx::query("SELECT agency_id, opened_value, peak_value, last_value, report_code, open_key FROM iot_alerts")
            .fetch_one(app.state.db.pool())
            .await
            .expect("alert");
    assert_eq!(row.get::<String, _>(0), "dlh");
    assert_eq!(row.get::<f64, _>(1), 252.0);
    assert_eq!(row.get::<f64, _>(2), 270.0);
    assert_eq!(row.get::<f64, _>(3), 255.0);
    let report: String = row.get(4);
    assert_eq!(row.get::<String, _>(5), format!("{rule_id}:gauge-tma"));

    // Notified: the officer on duty only (every channel), not the supervisor.
    let queued = count(&app, "SELECT COUNT(*) FROM outbox WHERE kind = 'iot.alert'").await;
    assert_eq!(queued, 3);
    let to: i64 = sqlx::query("SELECT DISTINCT recipient_id FROM outbox WHERE kind = 'iot.alert'")
        .fetch_one(app.state.db.pool())
        .await
        .expect("recipient")
        .get(0);
    assert_eq!(to, officer);
    let payload: String = sqlx::query("SELECT payload_json FROM outbox WHERE kind = 'iot.alert' LIMIT 1")
        .fetch_one(app.state.db.pool())
        .await
        .expect("payload")
        .get(0);
    let payload: Value = serde_json::from_str(&payload).expect("json");
    let (subject, body) = satupintu::notify::worker::message("iot.alert", &payload, satupintu::web::Lang::Id);
    assert!(subject.starts_with("Bahaya: ") && subject.contains(&code), "{subject}");
    assert!(body.contains("Uji gauge") && body.contains("252 cm"), "{body}");

    // The public report: no reporter, public, flood category, with the agency.
    let r = sqlx::query("SELECT category, privacy, reporter_id, agency_id, status FROM reports WHERE code = $1")
        .bind(&report)
        .fetch_one(app.state.db.pool())
        .await
        .expect("report");
    assert_eq!(r.get::<String, _>(0), "drainase_banjir");
    assert_eq!(r.get::<String, _>(1), "public");
    assert_eq!(r.get::<Option<i64>, _>(2), None);
    assert_eq!(r.get::<Option<String>, _>(3).as_deref(), Some("dlh"));
    assert_eq!(app.get(&format!("/laporan/{report}")).await.status().as_u16(), 200);

    // The ledger leaf of the opening.
    let leaves = count(
        &app,
        &format!(
            "SELECT (SELECT COUNT(*) FROM ledger_queue WHERE body LIKE '%iot.alert.open%' AND body LIKE '%{code}%') \
             + (SELECT COUNT(*) FROM ledger_entries WHERE data LIKE '%iot.alert.open%' AND data LIKE '%{code}%')"
        ),
    )
    .await;
    assert_eq!(leaves, 1);

    // Hovering between 230 and 250: still open.
    let c = feed(&app, "gauge-tma", &[(t0 + 14 * MIN, 240.0), (t0 + 15 * MIN, 249.0), (t0 + 16 * MIN, 230.0)]).await;
    assert!(c.is_empty(), "{c:?}");
    assert_eq!(status_of(&app, &code).await, "open");

    // It cannot be closed while open: a clear message, nothing changed.
    let page = format!("/kelola/iot/perintah-kerja/{code}");
    let html = web.get(app.url(&page)).send().await.expect("page").text().await.expect("html");
    assert!(html.contains(&code) && html.contains("Terbuka") && html.contains("id=\"wo-close-later\""), "{html}");
    let (s, _, body) = post(&app, &web, &page, &format!("{page}/tutup"), &[("note", "Sudah dicek")]).await;
    assert_eq!(s, 409, "{body}");
    assert!(body.contains("nilai sensor masih di luar batas normal"), "{body}");
    assert_eq!(status_of(&app, &code).await, "open");

    // Acknowledge (an auditor may not).
    let (s, loc, _) = post(&app, &web, &page, &format!("{page}/akui"), &[]).await;
    assert_eq!((s, loc), (303, format!("{page}?ok=acknowledged")));
    let auditor = app.browser("auditor@uji.id", "rahasia-staf-1", None).await;
    let (s, _, _) = post(&app, &auditor, "/daftar", &format!("{page}/akui"), &[]).await;
    assert_eq!(s, 403);

    // Below 230: normal; hovering again neither reopens nor closes.
    let c = feed(&app, "gauge-tma", &[(t0 + 17 * MIN, 229.0)]).await;
    assert_eq!(c.normal, vec![code.clone()]);
    assert_eq!(status_of(&app, &code).await, "normal");
    let c = feed(&app, "gauge-tma", &[(t0 + 18 * MIN, 240.0), (t0 + 19 * MIN, 249.5), (t0 + 20 * MIN, 231.0)]).await;
    assert!(c.is_empty(), "{c:?}");
    assert_eq!(status_of(&app, &code).await, "normal");
    // Out of bounds again before staff confirmed: the same work order opens again.
    let c = feed(&app, "gauge-tma", &[(t0 + 21 * MIN, 251.0)]).await;
    assert_eq!(c.reopened, vec![code.clone()]);
    assert!(c.opened.is_empty());
    assert_eq!(status_of(&app, &code).await, "open");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM iot_alerts").await, 1);
    feed(&app, "gauge-tma", &[(t0 + 22 * MIN, 200.0)]).await;
    assert_eq!(status_of(&app, &code).await, "normal");

    // Another agency's officer neither sees it nor acts on it.
    let other = app.browser("petugas@dukcapil.id", "rahasia-staf-1", None).await;
    assert_eq!(other.get(app.url(&page)).send().await.expect("page").status().as_u16(), 404);
    let (s, v) = app.api(Method::GET, "/api/v1/iot/alerts", Some(&other_token), None).await;
    assert_eq!(s, 200);
    assert_eq!(v["alerts"].as_array().map(Vec::len), Some(0));
    // The officer's API, filtered.
    let (s, v) =
        app.api(Method::GET, "/api/v1/iot/alerts?status=normal&sensor=gauge-tma", Some(&officer_token), None).await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(v["alerts"][0]["code"], code.as_str());
    assert_eq!(v["alerts"][0]["peak_value"], 270.0);
    let (s, v) = app.api(Method::GET, "/api/v1/iot/alerts?status=open", Some(&auditor_token), None).await;
    assert_eq!((s, v["alerts"].as_array().map(Vec::len)), (200, Some(0)));
    assert_eq!(app.api(Method::GET, "/api/v1/iot/alerts?status=bogus", Some(&officer_token), None).await.0, 422);
    assert_eq!(app.api(Method::GET, "/api/v1/iot/alerts", None, None).await.0, 401);
    let (s, v) = app.api(Method::GET, "/api/v1/iot/rules", Some(&officer_token), None).await;
    assert_eq!(s, 200);
    assert_eq!(v["rules"][0]["id"], rule_id);
    assert_eq!(v["rules"][0]["agency_id"], "dlh");

    // Closing needs a note; with one, it closes and frees the rule for a new work order.
    let (s, _, body) = post(&app, &web, &page, &format!("{page}/tutup"), &[("note", "  ")]).await;
    assert_eq!(s, 422, "{body}");
    assert!(body.contains("Tuliskan catatan penyelesaian"), "{body}");
    assert_eq!(status_of(&app, &code).await, "normal");
    let (s, loc, _) = post(&app, &web, &page, &format!("{page}/tutup"), &[("note", "Pintu air dibuka penuh")]).await;
    assert_eq!((s, loc), (303, format!("{page}?ok=closed")));
    assert_eq!(status_of(&app, &code).await, "closed");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM iot_alerts WHERE open_key IS NULL").await, 1);
    let leaves = count(
        &app,
        &format!(
            "SELECT (SELECT COUNT(*) FROM ledger_queue WHERE body LIKE '%iot.alert.close%' AND body LIKE '%{code}%') \
             + (SELECT COUNT(*) FROM ledger_entries WHERE data LIKE '%iot.alert.close%' AND data LIKE '%{code}%')"
        ),
    )
    .await;
    assert_eq!(leaves, 1);
    let html = web.get(app.url(&page)).send().await.expect("page").text().await.expect("html");
    assert!(
        html.contains("Pintu air dibuka penuh") && html.contains("Diterima petugas") && html.contains("Dibuka kembali"),
        "{html}"
    );
    // Closed twice: refused.
    let (s, _, _) = post(&app, &web, "/kelola/iot/perintah-kerja", &format!("{page}/tutup"), &[("note", "lagi")]).await;
    assert_eq!(s, 409);

    let c = feed(&app, "gauge-tma", &[(t0 + 30 * MIN, 260.0)]).await;
    assert_eq!(c.opened.len(), 1);
    assert_ne!(c.opened[0], code);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM iot_alerts").await, 2);

    // The list page filters by status.
    let html = web
        .get(app.url("/kelola/iot/perintah-kerja?status=closed"))
        .send()
        .await
        .expect("list")
        .text()
        .await
        .expect("html");
    assert!(html.contains(&code) && !html.contains(&c.opened[0]), "{html}");
    let html = web.get(app.url("/kelola/iot/perintah-kerja")).send().await.expect("list").text().await.expect("html");
    assert!(html.contains(&code) && html.contains(&c.opened[0]) && html.contains("Selesai piket"));
    app.stop().await;
}

async fn iot_rate_kind_and_nodata_rules(b: Backend) {
    let app = TestApp::spawn(b).await;
    thing(&app, "river", "dpupr", &[("river-tma", SensorKind::WaterLevel), ("river-rain", SensorKind::Rainfall)]).await;
    thing(&app, "air-a", "dlh", &[("air-a-pm", SensorKind::Pm25)]).await;
    thing(&app, "air-b", "dlh", &[("air-b-pm", SensorKind::Pm25)]).await;
    app.staff(Role::Officer, Some("dlh"), "petugas@dlh.id").await;
    app.staff(Role::Supervisor, Some("dlh"), "kabid@dlh.id").await;
    let t0 = (satupintu::db::now() - 7200) * 1000;

    // Rate of change: 5 cm per minute opens, below 2 per minute is normal again.
    rule(&app, Some("river-tma"), None, "rate", 5.0, Some(2.0), false).await;
    let c = feed(&app, "river-tma", &[(t0, 100.0), (t0 + MIN, 102.0), (t0 + 2 * MIN, 104.0)]).await;
    assert!(c.is_empty(), "{c:?}");
    // The first reading of a batch is compared with the stored one before it.
    let c = feed(&app, "river-tma", &[(t0 + 4 * MIN, 116.0)]).await;
    assert_eq!(c.opened.len(), 1, "{c:?}");
    let code = c.opened[0].clone();
    let c = feed(&app, "river-tma", &[(t0 + 5 * MIN, 119.0), (t0 + 6 * MIN, 116.0)]).await;
    assert!(c.is_empty(), "a change of 3 per minute is between the limits: {c:?}");
    let peak: f64 = sqlx::query("SELECT peak_value FROM iot_alerts WHERE code = $1")
        .bind(&code)
        .fetch_one(app.state.db.pool())
        .await
        .expect("peak")
        .get(0);
    assert_eq!(peak, 6.0);
    let c = feed(&app, "river-tma", &[(t0 + 7 * MIN, 117.0)]).await;
    assert_eq!(c.normal, vec![code.clone()]);

    // A rule on a kind: every PM2.5 sensor, each with its own work order for its agency.
    rule(&app, None, Some("pm25"), "above", 55.5, Some(45.0), true).await;
    let c = feed(&app, "air-a-pm", &[(t0, 60.0), (t0 + MIN, 70.0)]).await;
    assert_eq!(c.opened.len(), 1);
    let c = feed(&app, "air-b-pm", &[(t0, 56.0)]).await;
    assert_eq!(c.opened.len(), 1);
    feed(&app, "river-rain", &[(t0, 99.0)]).await;
    assert_eq!(count(&app, "SELECT COUNT(*) FROM iot_alerts WHERE agency_id = 'dlh' AND status = 'open'").await, 2);
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM reports WHERE category = 'pencemaran' AND reporter_id IS NULL").await,
        2
    );
    // Nobody on duty at DLH: both its officer and supervisor hear of each (3 channels).
    let dlh = count(&app, "SELECT COUNT(*) FROM outbox o JOIN users u ON u.id = o.recipient_id WHERE o.kind = 'iot.alert' AND u.agency_id = 'dlh'").await;
    assert_eq!(dlh, 2 * 2 * 3);

    // No data: a water-level sensor silent for 10 minutes opens an alert; a talking one does not.
    let nodata = rule(&app, None, Some("water_level"), "nodata", 10.0, None, false).await;
    thing(&app, "pond", "dpupr", &[("pond-tma", SensorKind::WaterLevel)]).await;
    let now = satupintu::db::now();
    feed(&app, "pond-tma", &[(now * 1000 - 2 * MIN, 120.0)]).await;
    let silence = |at: i64| {
        let db = app.state.db.clone();
        async move {
            db.write(move |tx| Box::pin(async move { rules::check_silence(tx, at).await })).await.expect("silence")
        }
    };
    let c = silence(now).await;
    assert_eq!(c.opened.len(), 1, "river-tma last spoke long ago; pond-tma just now: {c:?}");
    let silent_code = c.opened[0].clone();
    let key: String = sqlx::query("SELECT open_key FROM iot_alerts WHERE code = $1")
        .bind(&silent_code)
        .fetch_one(app.state.db.pool())
        .await
        .expect("key")
        .get(0);
    assert_eq!(key, format!("{nodata}:river-tma"));
    // Checking again changes nothing; twelve minutes later the pond is silent too.
    assert!(silence(now + 30).await.is_empty());
    let c = silence(now + 12 * 60).await;
    assert_eq!(c.opened.len(), 1, "{c:?}");
    // A reading ends the silence.
    let c = feed(&app, "river-tma", &[(now * 1000, 118.0)]).await;
    assert_eq!(c.normal, vec![silent_code.clone()]);
    assert_eq!(status_of(&app, &silent_code).await, "normal");
    app.stop().await;
}

async fn iot_rule_form_checks_input_and_roles(b: Backend) {
    let app = TestApp::spawn(b).await;
    thing(&app, "gauge", "dlh", &[("gauge-tma", SensorKind::WaterLevel)]).await;
    thing(&app, "air", "disdukcapil", &[("air-pm", SensorKind::Pm25)]).await;
    app.staff(Role::AgencyAdmin, Some("dlh"), "admin@pu.id").await;
    app.staff(Role::Officer, Some("dlh"), "petugas@pu.id").await;
    let secret = Some("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP");
    let admin = app.browser("admin@pu.id", "rahasia-staf-1", secret).await;
    let page = "/kelola/iot/aturan";
    // above with clear_at over the threshold; nodata minutes out of range; another agency's sensor.
    let base = [("name", "Banjir"), ("target", "sensor"), ("sensor_id", "gauge-tma"), ("severity", "danger")];
    let with = |extra: &[(&'static str, &'static str)]| {
        let mut v: Vec<(&str, &str)> = base.to_vec();
        v.extend_from_slice(extra);
        v
    };
    let (s, _, body) =
        post(&app, &admin, page, page, &with(&[("rule", "above"), ("threshold", "250"), ("clear_at", "260")])).await;
    assert_eq!(s, 422);
    assert!(body.contains("Nilai pemulihan harus lebih kecil dari ambang batas"), "{body}");
    let (s, _, body) =
        post(&app, &admin, page, page, &with(&[("rule", "below"), ("threshold", "10"), ("clear_at", "5")])).await;
    assert_eq!(s, 422);
    assert!(body.contains("harus lebih besar dari ambang batas"), "{body}");
    let (s, _, body) = post(&app, &admin, page, page, &with(&[("rule", "nodata"), ("threshold", "2000")])).await;
    assert_eq!(s, 422);
    assert!(body.contains("1 sampai 1440"), "{body}");
    let (s, _, body) = post(
        &app,
        &admin,
        page,
        page,
        &[("name", "Udara"), ("target", "sensor"), ("sensor_id", "air-pm"), ("rule", "above"), ("threshold", "55")],
    )
    .await;
    assert_eq!(s, 422);
    assert!(body.contains("Pilih sensor milik instansi Anda"), "{body}");
    let (s, _, body) = post(
        &app,
        &admin,
        page,
        page,
        &[("name", "Semua"), ("target", "kind"), ("sensor_kind", "pm25"), ("rule", "above"), ("threshold", "55")],
    )
    .await;
    assert_eq!(s, 422);
    assert!(body.contains("Hanya admin platform"), "{body}");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM iot_rules").await, 0);

    let (s, loc, _) = post(
        &app,
        &admin,
        page,
        page,
        &with(&[("rule", "above"), ("threshold", "250,5"), ("clear_at", "230"), ("public_report", "1")]),
    )
    .await;
    assert_eq!((s, loc.as_str()), (303, "/kelola/iot/aturan?ok=rule-added"));
    let r = sqlx::query("SELECT id, threshold, clear_at, public_report, severity FROM iot_rules")
        .fetch_one(app.state.db.pool())
        .await
        .expect("rule");
    let id: i64 = r.get(0);
    assert_eq!((r.get::<f64, _>(1), r.get::<Option<f64>, _>(2), r.get::<i64, _>(3)), (250.5, Some(230.0), 1));
    assert_eq!(r.get::<String, _>(4), "danger");
    let html = admin.get(app.url(page)).send().await.expect("page").text().await.expect("html");
    assert!(html.contains("Banjir") && html.contains("Nonaktifkan"), "{html}");

    // An officer reads the rules but may not change them.
    let officer = app.browser("petugas@pu.id", "rahasia-staf-1", None).await;
    let html = officer.get(app.url(page)).send().await.expect("page").text().await.expect("html");
    assert!(html.contains("Banjir") && !html.contains("Nonaktifkan"));
    let token =
        csrf(&officer.get(app.url("/kelola/iot/perintah-kerja")).send().await.expect("p").text().await.expect("h"));
    let s = officer
        .post(app.url(&format!("/kelola/iot/aturan/{id}/nonaktif")))
        .form(&[("_csrf", token.as_str())])
        .send()
        .await
        .expect("post")
        .status()
        .as_u16();
    assert_eq!(s, 403);
    let (s, loc, _) = post(&app, &admin, page, &format!("/kelola/iot/aturan/{id}/nonaktif"), &[]).await;
    assert_eq!((s, loc.as_str()), (303, "/kelola/iot/aturan?ok=rule-off"));
    assert_eq!(count(&app, "SELECT COUNT(*) FROM iot_rules WHERE active = 0").await, 1);
    // An inactive rule opens nothing.
    let c = feed(&app, "gauge-tma", &[(satupintu::db::now() * 1000, 300.0)]).await;
    assert!(c.is_empty());

    // A work order still open under a deactivated rule is no longer watched: staff may close it.
    let id2 = rule(&app, Some("gauge-tma"), None, "above", 250.0, Some(230.0), false).await;
    let c = feed(&app, "gauge-tma", &[(satupintu::db::now() * 1000 + 1, 300.0)]).await;
    assert_eq!(c.opened.len(), 1);
    let wo = format!("/kelola/iot/perintah-kerja/{}", c.opened[0]);
    let (s, _, _) = post(&app, &officer, &wo, &format!("{wo}/tutup"), &[("note", "Belum")]).await;
    assert_eq!(s, 409);
    let (s, _, _) = post(&app, &admin, page, &format!("/kelola/iot/aturan/{id2}/nonaktif"), &[]).await;
    assert_eq!(s, 303);
    let html = officer.get(app.url(&wo)).send().await.expect("page").text().await.expect("html");
    assert!(html.contains("id=\"wo-close\""), "{html}");
    let (s, loc, _) = post(&app, &officer, &wo, &format!("{wo}/tutup"), &[("note", "Sensor dipindah")]).await;
    assert_eq!((s, loc), (303, format!("{wo}?ok=closed")));
    app.stop().await;
}

async fn iot_demo_has_rules_and_work_orders(b: Backend) {
    let app = TestApp::empty(b).await;
    satupintu::demo::load(&app.state).await.expect("demo");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM iot_rules WHERE active = 1").await, 8);
    // The rising pump-house pond opened a work order for DPUPR; yesterday's bridge alert is closed.
    let open = count(
        &app,
        "SELECT COUNT(*) FROM iot_alerts WHERE status = 'open' AND sensor_id = 'kenjeran-tma' AND agency_id = 'dpupr'",
    )
    .await;
    assert_eq!(open, 1);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM iot_alerts WHERE status = 'closed' AND open_key IS NULL").await, 1);
    let token = app.login("petugas@dpupr.example.id", "petugas-demo-2026", None).await;
    let (s, v) = app.api(Method::GET, "/api/v1/iot/alerts", Some(&token), None).await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(v["alerts"].as_array().map(Vec::len), Some(2), "{v}");
    let web = app.browser("petugas@dpupr.example.id", "petugas-demo-2026", None).await;
    let html = web.get(app.url("/kelola/iot/perintah-kerja")).send().await.expect("list").text().await.expect("html");
    assert!(html.contains("Rumah Pompa Kenjeran") && html.contains("Jembatan Wonokromo"), "{html}");
    app.stop().await;
}

/// What the rules cost per batch (run by hand: `cargo test -p satupintu --test it -- --ignored
/// iot_rules_batch_cost --nocapture`): 500 sensors, a rule on their kind and a rate rule on 50 of
/// them, 25 batches of 2,000 readings; prints the time storing and the time checking the rules.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore]
async fn iot_rules_batch_cost() {
    for backend in [Backend::Sqlite, Backend::Postgres] {
        if backend == Backend::Postgres && std::env::var("SATUPINTU_TEST_PG").is_err() {
            continue;
        }
        let app = TestApp::spawn(backend).await;
        let ids: Vec<String> = (0..500).map(|i| format!("bench-{i}")).collect();
        let sensors: Vec<(&str, SensorKind)> = ids.iter().map(|s| (s.as_str(), SensorKind::WaterLevel)).collect();
        thing(&app, "bench", "dlh", &sensors).await;
        rule(&app, None, Some("water_level"), "above", 250.0, Some(230.0), false).await;
        rule(&app, None, Some("water_level"), "nodata", 30.0, None, false).await;
        for s in ids.iter().take(50) {
            rule(&app, Some(s), None, "rate", 5.0, Some(2.0), false).await;
        }
        let t0 = (satupintu::db::now() - 86_400) * 1000;
        let (mut store, mut check, mut opened) = (0.0, 0.0, 0);
        for b in 0..25i64 {
            let batch: Vec<Reading> = (0..2000i64)
                .map(|i| {
                    let sensor = i % 500;
                    let step = b * 4 + i / 500;
                    // One sensor in 25 rises past the threshold.
                    let value = if sensor % 25 == 0 { 200.0 + step as f64 * 2.0 } else { 150.0 + (step % 7) as f64 };
                    Reading { sensor_id: ids[sensor as usize].clone(), ts_ms: t0 + step * 1000, value }
                })
                .collect();
            let mut tx = app.state.db.begin().await.expect("tx");
            let started = std::time::Instant::now();
            let stored = readings::insert(&mut tx, &batch).await.expect("insert");
            let mid = std::time::Instant::now();
            let c = rules::on_readings(&mut tx, &stored, satupintu::db::now()).await.expect("rules");
            check += mid.elapsed().as_secs_f64();
            store += (mid - started).as_secs_f64();
            opened += c.opened.len();
            tx.commit().await.expect("commit");
        }
        // 20 sensors rise past 250; readings a second apart change fast enough for every rate rule.
        assert_eq!(opened, 20 + 50);
        println!(
            "{backend:?}: 25 batches of 2000 readings: storing {:.1} ms/batch, rules {:.1} ms/batch ({:.0} readings/s through the rules alone)",
            store * 1000.0 / 25.0,
            check * 1000.0 / 25.0,
            50_000.0 / check
        );
        app.stop().await;
    }
}

async fn iot_two_processes_open_one_work_order(b: Backend) {
    let app = TestApp::spawn(b).await;
    thing(&app, "gauge", "dlh", &[("gauge-tma", SensorKind::WaterLevel)]).await;
    rule(&app, Some("gauge-tma"), None, "above", 250.0, Some(230.0), true).await;
    // On PostgreSQL another process on the same database; SQLite lives in one process's data
    // directory, where two transactions at once stand for two processes.
    let other = match b {
        Backend::Postgres => Some(app.another_process().await),
        Backend::Sqlite => None,
    };
    let other_db = other.as_ref().map_or(app.state.db.clone(), |o| o.state.db.clone());
    let t0 = (satupintu::db::now() - 600) * 1000;
    // Two ingestion processes store crossing readings of the same sensor at the same moment.
    let a: Vec<(i64, f64)> = (0..5).map(|i| (t0 + 2 * i * 1000, 260.0)).collect();
    let c: Vec<(i64, f64)> = (0..5).map(|i| (t0 + (2 * i + 1) * 1000, 270.0)).collect();
    let (x, y) = tokio::join!(feed_db(&app.state.db, "gauge-tma", &a), feed_db(&other_db, "gauge-tma", &c));
    assert_eq!(x.opened.len() + y.opened.len(), 1, "{x:?} {y:?}");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM iot_alerts").await, 1);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM reports WHERE reporter_id IS NULL").await, 1);
    let row = sqlx::query("SELECT opened_value, peak_value, last_value, status FROM iot_alerts")
        .fetch_one(app.state.db.pool())
        .await
        .expect("alert");
    let values = (row.get::<f64, _>(0), row.get::<f64, _>(1), row.get::<f64, _>(2), row.get::<String, _>(3));
    assert_eq!(values.1, 270.0, "{values:?} {x:?} {y:?}");
    if let Some(o) = other {
        o.stop().await;
    }
    app.stop().await;
}
