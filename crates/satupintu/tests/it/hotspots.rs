//! Complaint hotspots: seeded reports make exactly one emerging hotspot (a new cluster of
//! rubbish reports) and none for a place with as many reports as usual; its alert reaches the
//! handling agency's officers and supervisors once, however often (and however many processes
//! at once) the scan runs; staff read their agency's hotspots.

use reqwest::Method;
use satupintu::identity::Role;
use serde_json::Value;
use sqlx::Row as _;

use crate::both;
use crate::common::{Backend, TestApp};

both!(hotspot_alert_is_raised_once_for_the_emerging_cell_only);

const DAY: i64 = 86_400;

async fn report(app: &TestApp, n: usize, category: &str, lat: f64, lon: f64, at: i64) {
    sqlx::query(
        "INSERT INTO reports (code, category, description, lat, lon, privacy, status, agency_id, created_at, updated_at) \
         VALUES ($1, $2, 'Uji titik rawan', $3, $4, 'public', 'received', 'dlh', $5, $5)",
    )
    .bind(format!("LP-2026-{n:06}"))
    .bind(category)
    .bind(lat)
    .bind(lon)
    .bind(at)
    .execute(app.state.db.pool())
    .await
    .expect("report");
}

async fn count(app: &TestApp, sql: &str) -> i64 {
    sqlx::query(sql).fetch_one(app.state.db.pool()).await.expect("count").get(0)
}

async fn hotspot_alert_is_raised_once_for_the_emerging_cell_only(b: Backend) {
    let app = TestApp::spawn(b).await;
    let officer = app.staff(Role::Officer, Some("dlh"), "petugas@dlh.id").await;
    app.staff(Role::Supervisor, Some("dlh"), "kabid@dlh.id").await;
    let other = app.staff(Role::Officer, Some("disdukcapil"), "petugas@dukcapil.id").await;
    let now = satupintu::db::now();
    let mut n = 0;
    // A new cluster: six rubbish reports around one corner in the last ten days, none before.
    for i in 0..6 {
        n += 1;
        let d = 0.0003 * f64::from(i);
        report(&app, n, "sampah", -7.7926 + d, 110.3658 + d, now - (1 + i64::from(i)) * DAY - 600).await;
    }
    // A steady place: potholes on one road, about five a fortnight for ten weeks.
    for i in 0..25 {
        n += 1;
        report(&app, n, "jalan", -7.8300, 110.4100, now - (i * 28 / 10) * DAY - 3600).await;
    }
    // Two scans at once (as two processes would): one alert between them.
    let (a, c) = tokio::join!(
        satupintu::hotspots::service::scan(&app.state, now),
        satupintu::hotspots::service::scan(&app.state, now)
    );
    let (a, c) = (a.expect("scan"), c.expect("scan"));
    assert_eq!(a.emerging, 1, "{a:?}");
    assert_eq!(a.alerts + c.alerts, 1, "{a:?} {c:?}");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM hotspot_alerts").await, 1);
    // Both dlh staff, on every channel; nobody else.
    let queued = count(&app, "SELECT COUNT(*) FROM outbox WHERE kind = 'hotspot_alert'").await;
    assert_eq!(queued, 2 * 3);
    let recipients = count(
        &app,
        "SELECT COUNT(DISTINCT recipient_id) FROM outbox o JOIN users u ON u.id = o.recipient_id \
         WHERE o.kind = 'hotspot_alert' AND u.agency_id = 'dlh'",
    )
    .await;
    assert_eq!(recipients, 2);

    // Running again (an hour later) raises nothing new.
    let again = satupintu::hotspots::service::scan(&app.state, now + 3600).await.expect("scan");
    assert_eq!((again.emerging, again.alerts), (1, 0));
    assert_eq!(count(&app, "SELECT COUNT(*) FROM outbox WHERE kind = 'hotspot_alert'").await, queued);

    // The API: the dlh officer sees both places, the emerging one first, and the alert.
    let (s, v) = app.api(Method::GET, "/api/v1/hotspots", Some(&officer), None).await;
    assert_eq!(s, 200, "{v}");
    let cells = v["cells"].as_array().expect("cells");
    assert_eq!(cells.len(), 2, "{cells:?}");
    assert_eq!(cells[0]["category"], "sampah");
    assert_eq!(cells[0]["emerging"], true);
    assert_eq!(cells[0]["recent"], 6);
    let steady: Vec<&Value> = cells.iter().filter(|c| c["category"] == "jalan").collect();
    assert_eq!(steady.len(), 1);
    assert_eq!(steady[0]["emerging"], false);
    assert_eq!(v["alerts"].as_array().map(Vec::len), Some(1));
    assert_eq!(v["resolution"], 8);
    // Another agency's officer sees none; a citizen or a visitor may not look.
    let (s, v) = app.api(Method::GET, "/api/v1/hotspots", Some(&other), None).await;
    assert_eq!(s, 200);
    assert_eq!(v["cells"].as_array().map(Vec::len), Some(0));
    assert_eq!(v["alerts"].as_array().map(Vec::len), Some(0));
    assert_eq!(app.api(Method::GET, "/api/v1/hotspots", None, None).await.0, 401);

    // The page.
    let c = app.browser("kabid@dlh.id", "rahasia-staf-1", None).await;
    let html = c.get(app.url("/kelola/titik-rawan")).send().await.expect("page").text().await.expect("html");
    assert!(html.contains("Titik rawan pengaduan"), "{html}");
    assert!(html.contains("Titik rawan baru") && html.contains("Sampah"), "the emerging hotspot is listed");
    assert!(html.contains("id=\"chart-hotspots\"") && html.contains("id=\"table-cells\""));
    app.stop().await;
}

/// The two jobs at scale (SQLite, run by hand; `bench/suites/80-forecast.sh` measures the same
/// with the release binary: `cargo test -p satupintu --test it -- --ignored
/// jobs_at_scale --nocapture`): a million reports over two years and a million applications of
/// ten services over three years; prints how long the hotspot scan and the forecast refresh take.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore]
async fn jobs_at_scale() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    app.citizen(crate::common::NIK_B, "Budi Santoso", "budi@contoh.id").await;
    let now = satupintu::db::now();
    let started = std::time::Instant::now();
    let mut tx = app.state.db.begin().await.expect("tx");
    sqlx::query(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000000) \
         INSERT INTO reports (code, category, description, lat, lon, privacy, status, agency_id, created_at, updated_at) \
         SELECT 'B' || i, CASE i % 3 WHEN 0 THEN 'jalan' WHEN 1 THEN 'sampah' ELSE 'drainase_banjir' END, 'x', \
         -7.2 - (i % 997) * 0.0001, 112.7 + (i % 991) * 0.0001, 'public', 'received', 'dpupr', \
         $1 - (i % 730) * 86400 - (i % 86400), $1 FROM n",
    )
    .bind(now)
    .execute(&mut *tx)
    .await
    .expect("reports");
    sqlx::query(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000000) \
         INSERT INTO applications (code, service_id, service_version, agency_id, citizen_id, status, fields_json, \
         submitted_at, created_at, updated_at) \
         SELECT 'A' || i, CASE i % 10 WHEN 0 THEN 'ktp-el-baru' WHEN 1 THEN 'ktp-el-ganti' WHEN 2 THEN 'kartu-keluarga' \
         WHEN 3 THEN 'akta-kelahiran' WHEN 4 THEN 'akta-kematian' WHEN 5 THEN 'akta-perkawinan' WHEN 6 THEN 'pindah-datang' \
         WHEN 7 THEN 'kia' WHEN 8 THEN 'sim-baru' ELSE 'paspor' END, 1, 'disdukcapil', \
         (SELECT id FROM users WHERE email = 'budi@contoh.id'), 'submitted', '{}', \
         $1 - (i % 1095) * 86400 - (i % 86400), $1, $1 FROM n",
    )
    .bind(now)
    .execute(&mut *tx)
    .await
    .expect("applications");
    tx.commit().await.expect("commit");
    eprintln!("seeded 1,000,000 reports and 1,000,000 applications in {:?}", started.elapsed());
    let t = std::time::Instant::now();
    let s = satupintu::hotspots::service::scan(&app.state, now).await.expect("scan");
    eprintln!("hotspot scan: {:?} ({} cells, {} emerging)", t.elapsed(), s.cells, s.emerging);
    let t = std::time::Instant::now();
    let r = satupintu::forecast::service::refresh(&app.state, now).await.expect("refresh");
    eprintln!("forecast refresh: {:?} ({} series)", t.elapsed(), r.series);
    let officer = app.staff(Role::Officer, Some("disdukcapil"), "petugas@dukcapil.id").await;
    let t = std::time::Instant::now();
    let (status, _) = app.api(Method::GET, "/api/v1/forecast", Some(&officer), None).await;
    assert_eq!(status, 200);
    eprintln!("GET /api/v1/forecast after: {:?}", t.elapsed());
    app.stop().await;
}
