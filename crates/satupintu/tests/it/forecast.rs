//! Demand forecasts: the job builds weekly series from seeded applications (and from weekly
//! counts recorded before the platform), writes a forecast with its held-out error for each,
//! and staff read them through the API and the page, each their own agency's.

use reqwest::Method;
use satupintu::identity::Role;
use serde_json::Value;
use sqlx::Row as _;

use crate::both;
use crate::common::{database_url, Backend, TestApp, NIK_B};

both!(
    forecast_job_writes_series_and_staff_read_their_own,
    forecast_page_shows_error_and_effects,
    forecast_command_line
);

const WEEKS: i64 = 30;

/// `ktp-el-baru` applications (disdukcapil) in each of the last 30 complete weeks: 5, 6 or 7 a
/// week; and 60 weeks of queue visits of `sim-baru` (polri-satpas) at a Satpas office from
/// before the platform.
async fn seed(app: &TestApp, now: i64) {
    app.citizen(NIK_B, "Budi Santoso", "budi@contoh.id").await;
    let mut tx = app.state.db.begin().await.expect("tx");
    let citizen: i64 = sqlx::query("SELECT id FROM users WHERE email = 'budi@contoh.id'")
        .fetch_one(&mut *tx)
        .await
        .expect("user")
        .get(0);
    let mut n = 0;
    for week in 1..=WEEKS {
        for k in 0..(5 + week % 3) {
            n += 1;
            let at = now - week * 7 * 86_400 - k * 60;
            sqlx::query(
                "INSERT INTO applications (code, service_id, service_version, agency_id, citizen_id, status, fields_json, \
                 submitted_at, created_at, updated_at) VALUES ($1, 'ktp-el-baru', 1, 'disdukcapil', $2, 'submitted', '{}', $3, $3, $3)",
            )
            .bind(format!("SP-2026-8{n:05}"))
            .bind(citizen)
            .bind(at)
            .execute(&mut *tx)
            .await
            .expect("application");
        }
    }
    // A draft is not demand.
    sqlx::query(
        "INSERT INTO applications (code, service_id, service_version, agency_id, citizen_id, status, fields_json, \
         created_at, updated_at) VALUES ('SP-2026-799999', 'kia', 1, 'disdukcapil', $1, 'draft', '{}', $2, $2)",
    )
    .bind(citizen)
    .bind(now - 14 * 86_400)
    .execute(&mut *tx)
    .await
    .expect("draft");
    tx.commit().await.expect("commit");
    let offset = app.state.config.utc_offset_hours().unwrap_or(7);
    let this_week = satupintu::forecast::seasons::week_start(satupintu::calendar::local_date(now, offset));
    let earlier = (1..=60)
        .map(|i| satupintu::forecast::store::EarlierWeek {
            kind: "tickets".into(),
            service_id: "sim-baru".into(),
            location_id: "satpas-kota".into(),
            week: (this_week - time::Duration::weeks(i)).to_string(),
            count: 40 + (i % 4) * 5,
        })
        .collect();
    satupintu::forecast::service::add_earlier_weeks(&app.state.db, earlier).await.expect("earlier weeks");
}

async fn series(app: &TestApp, token: &str, query: &str) -> Vec<Value> {
    let (s, v) = app.api(Method::GET, &format!("/api/v1/forecast{query}"), Some(token), None).await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(v["horizon_weeks"], 8);
    v["series"].as_array().expect("series").clone()
}

async fn forecast_job_writes_series_and_staff_read_their_own(b: Backend) {
    let app = TestApp::spawn(b).await;
    let now = satupintu::db::now();
    seed(&app, now).await;
    let r = satupintu::forecast::service::refresh(&app.state, now).await.expect("refresh");
    assert_eq!(r.series, 2, "the applications of ktp-el-baru and the Satpas queue of sim-baru");

    let officer = app.staff(Role::Officer, Some("disdukcapil"), "petugas@dukcapil.id").await;
    let mine = series(&app, &officer, "").await;
    assert_eq!(mine.len(), 1, "an officer sees their agency's series only: {mine:?}");
    let s = &mine[0];
    assert_eq!(s["kind"], "applications");
    assert_eq!(s["service_id"], "ktp-el-baru");
    assert_eq!(s["location_id"], "");
    assert_eq!(s["agency_id"], "disdukcapil");
    assert_eq!(s["history_weeks"], WEEKS);
    assert_eq!(s["method"], "ets");
    let history = s["history"].as_array().expect("history");
    assert_eq!(history.len() as i64, WEEKS);
    let total: i64 = history.iter().map(|h| h["count"].as_i64().unwrap_or(0)).sum();
    assert_eq!(total, (1..=WEEKS).map(|w| 5 + w % 3).sum::<i64>(), "every submitted application, no draft");
    let ahead = s["forecast"].as_array().expect("forecast");
    assert_eq!(ahead.len(), 8);
    for p in ahead {
        let v = p["value"].as_f64().expect("value");
        assert!((4.0..=8.0).contains(&v), "a week of 5 to 7 applications forecast as {v}");
    }
    let mape = s["accuracy"]["mape"].as_f64().expect("held-out MAPE");
    assert!(mape < 25.0, "MAPE {mape}");
    assert_eq!(s["accuracy"]["weeks"], 8);
    assert!(s["accuracy"]["naive_mape"].is_number());

    // Filters.
    assert_eq!(series(&app, &officer, "?service=ktp-el-baru&location=none").await.len(), 1);
    assert!(series(&app, &officer, "?service=sim-baru").await.is_empty());

    // The auditor sees every agency's: the Satpas queue has a year of history and more.
    let auditor = app.staff(Role::Auditor, None, "auditor@satupintu.id").await;
    let all = series(&app, &auditor, "").await;
    assert_eq!(all.len(), 2);
    let queue = series(&app, &auditor, "?service=sim-baru&location=satpas-kota").await;
    assert_eq!(queue.len(), 1);
    assert_eq!(queue[0]["kind"], "tickets");
    assert_eq!(queue[0]["agency_id"], "polri-satpas");
    assert_eq!(queue[0]["history_weeks"], 60);

    // Citizens and visitors may not.
    let citizen = app.login("budi@contoh.id", "rahasia-warga-1", None).await;
    assert_eq!(app.api(Method::GET, "/api/v1/forecast", Some(&citizen), None).await.0, 403);
    assert_eq!(app.api(Method::GET, "/api/v1/forecast", None, None).await.0, 401);

    // Running again replaces, never duplicates.
    satupintu::forecast::service::refresh(&app.state, now).await.expect("refresh again");
    assert_eq!(series(&app, &auditor, "").await.len(), 2);
    app.stop().await;
}

async fn forecast_page_shows_error_and_effects(b: Backend) {
    let app = TestApp::spawn(b).await;
    let now = satupintu::db::now();
    seed(&app, now).await;
    satupintu::forecast::service::refresh(&app.state, now).await.expect("refresh");
    app.staff(Role::Supervisor, Some("disdukcapil"), "kabid@dukcapil.id").await;
    let c = app.browser("kabid@dukcapil.id", "rahasia-staf-1", None).await;
    let r = c.get(app.url("/kelola/prakiraan")).send().await.expect("page");
    assert_eq!(r.status().as_u16(), 200);
    let html = r.text().await.expect("html");
    assert!(html.contains("Prakiraan permintaan layanan"), "{html}");
    assert!(html.contains("id=\"chart-forecast\""), "a chart");
    assert!(html.contains("id=\"table-weeks\"") && html.contains("id=\"table-effects\""), "tables beneath");
    assert!(html.contains("id=\"forecast-mape\""), "the held-out error is shown");
    assert!(html.contains("Idulfitri") && html.contains("Penerimaan sekolah"), "the effects considered");
    assert!(!html.contains("sim-baru"), "another agency's series is not listed");
    // English.
    let html = c.get(app.url("/kelola/prakiraan?lang=en")).send().await.expect("page").text().await.expect("html");
    assert!(html.contains("Service demand forecasts") && html.contains("held-out"), "English page");
    // A series the officer may not see is not found.
    let r = c.get(app.url("/kelola/prakiraan?layanan=sim-baru&lokasi=satpas-kota")).send().await.expect("page");
    assert_eq!(r.status().as_u16(), 404);
    // A citizen is refused.
    let citizen = app.browser("budi@contoh.id", "rahasia-warga-1", None).await;
    assert_eq!(citizen.get(app.url("/kelola/prakiraan")).send().await.expect("page").status().as_u16(), 403);
    app.stop().await;
}

/// `satupintu forecast run` and `satupintu forecast hotspots` on a database of their own.
async fn forecast_command_line(b: Backend) {
    let dir = tempfile::tempdir().expect("tempdir");
    let url = database_url(b).await;
    let d = dir.path();
    let catalog = d.join("catalog.json");
    std::fs::write(&catalog, satupintu::demo::CATALOG).expect("write");
    let (ok, _, err) = crate::cli::satupintu(d, &url, &["import-catalog", catalog.to_str().expect("path")], None);
    assert!(ok, "{err}");
    // Twenty weeks of KIA applications recorded before the platform.
    let db_url = url.clone().unwrap_or_else(|| satupintu::db::sqlite_url(d));
    let db = satupintu::db::Db::connect(&db_url).await.expect("db");
    let monday = satupintu::forecast::seasons::week_start(satupintu::calendar::local_date(satupintu::db::now(), 7));
    let weeks = (1..=20)
        .map(|i| satupintu::forecast::store::EarlierWeek {
            kind: "applications".into(),
            service_id: "kia".into(),
            location_id: String::new(),
            week: (monday - time::Duration::weeks(i)).to_string(),
            count: 10 + i % 2,
        })
        .collect();
    satupintu::forecast::service::add_earlier_weeks(&db, weeks).await.expect("weeks");
    let (ok, out, err) = crate::cli::satupintu(d, &url, &["forecast", "run"], None);
    assert!(ok, "{err}");
    assert_eq!(out.trim(), "forecasts: 1 series");
    let stored: i64 = sqlx::query("SELECT COUNT(*) FROM forecasts WHERE service_id = 'kia'")
        .fetch_one(db.pool())
        .await
        .expect("count")
        .get(0);
    assert_eq!(stored, 1);
    let (ok, out, err) = crate::cli::satupintu(d, &url, &["forecast", "hotspots"], None);
    assert!(ok, "{err}");
    assert_eq!(out.trim(), "hotspots: 0 cells, 0 emerging, 0 new alerts");
    db.close().await;
}
