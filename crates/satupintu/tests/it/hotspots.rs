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
