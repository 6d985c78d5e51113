//! The hotspot tables, and the reports' points the scan reads.
//!
//! Reports have no function that lists points for statistics; the one read here (place,
//! category, agency and time only: no text, no reporter) is the only SQL against `reports`
//! outside its capability, as in `opendata::stats`.

use sqlx::Row as _;

use super::model::{Hotspot, Sample};
use crate::db::{Conn, Tx};

/// Visible reports with a map point, created at or after `since`.
pub async fn samples(conn: &mut Conn, since: i64) -> Result<Vec<Sample>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT lat, lon, category, COALESCE(agency_id, suggested_agency), created_at FROM reports \
         WHERE lat IS NOT NULL AND lon IS NOT NULL AND hidden = 0 AND created_at >= $1",
    )
    .bind(since)
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Sample {
                lat: r.try_get(0)?,
                lon: r.try_get(1)?,
                category: r.try_get(2)?,
                agency_id: r.try_get(3)?,
                created_at: r.try_get(4)?,
            })
        })
        .collect()
}

/// Replace the scan (two processes scanning at once: the later one's rows win).
pub async fn replace(tx: &mut Tx, list: &[Hotspot], window: &str, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM hotspots").execute(&mut **tx).await?;
    for h in list {
        sqlx::query(
            "INSERT INTO hotspots (cell, category, agency_id, lat, lon, recent, expected, previous, emerging, window_start, computed_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) \
             ON CONFLICT (cell, category) DO UPDATE SET agency_id = excluded.agency_id, lat = excluded.lat, \
             lon = excluded.lon, recent = excluded.recent, expected = excluded.expected, previous = excluded.previous, \
             emerging = excluded.emerging, window_start = excluded.window_start, computed_at = excluded.computed_at",
        )
        .bind(&h.cell)
        .bind(&h.category)
        .bind(h.agency_id.as_deref())
        .bind(h.lat)
        .bind(h.lon)
        .bind(h.recent)
        .bind(h.expected)
        .bind(h.previous)
        .bind(i64::from(h.emerging))
        .bind(window)
        .bind(now)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// Record the alert of an emerging hotspot for `window`; false when it was already raised.
pub async fn insert_alert(
    tx: &mut Tx,
    h: &Hotspot,
    agency: Option<&str>,
    window: &str,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "INSERT INTO hotspot_alerts (cell, category, window_start, agency_id, lat, lon, recent, expected, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (cell, category, window_start) DO NOTHING",
    )
    .bind(&h.cell)
    .bind(&h.category)
    .bind(window)
    .bind(agency)
    .bind(h.lat)
    .bind(h.lon)
    .bind(h.recent)
    .bind(h.expected)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// A row of the last scan.
#[derive(Clone, Debug, serde::Serialize, utoipa::ToSchema)]
pub struct Row {
    pub cell: String,
    pub category: String,
    pub agency_id: Option<String>,
    pub lat: f64,
    pub lon: f64,
    pub recent: i64,
    pub previous: i64,
    pub expected: f64,
    pub emerging: bool,
    pub computed_at: i64,
}

/// The last scan, of one agency or of all (`None`).
pub async fn scan(conn: &mut Conn, agency: Option<&str>) -> Result<Vec<Row>, sqlx::Error> {
    let sql =
        "SELECT cell, category, agency_id, lat, lon, recent, previous, expected, emerging, computed_at FROM hotspots \
               WHERE ($1 = '' OR agency_id = $1) ORDER BY emerging DESC, recent DESC, cell, category";
    let rows = sqlx::query(sql).bind(agency.unwrap_or("")).fetch_all(conn).await?;
    rows.iter()
        .map(|r| {
            Ok(Row {
                cell: r.try_get(0)?,
                category: r.try_get(1)?,
                agency_id: r.try_get(2)?,
                lat: r.try_get(3)?,
                lon: r.try_get(4)?,
                recent: r.try_get(5)?,
                previous: r.try_get(6)?,
                expected: r.try_get(7)?,
                emerging: r.try_get::<i64, _>(8)? != 0,
                computed_at: r.try_get(9)?,
            })
        })
        .collect()
}

/// An alert raised.
#[derive(Clone, Debug, serde::Serialize, utoipa::ToSchema)]
pub struct Alert {
    pub id: i64,
    pub cell: String,
    pub category: String,
    /// The Monday that starts the fortnight of the alert.
    pub window_start: String,
    pub agency_id: Option<String>,
    pub lat: f64,
    pub lon: f64,
    pub recent: i64,
    pub expected: f64,
    pub created_at: i64,
}

/// The latest alerts, of one agency or of all (`None`), newest first.
pub async fn alerts(conn: &mut Conn, agency: Option<&str>, limit: i64) -> Result<Vec<Alert>, sqlx::Error> {
    let sql = "SELECT id, cell, category, window_start, agency_id, lat, lon, recent, expected, created_at FROM hotspot_alerts \
               WHERE ($1 = '' OR agency_id = $1) ORDER BY created_at DESC, id DESC LIMIT $2";
    let rows = sqlx::query(sql).bind(agency.unwrap_or("")).bind(limit).fetch_all(conn).await?;
    rows.iter()
        .map(|r| {
            Ok(Alert {
                id: r.try_get(0)?,
                cell: r.try_get(1)?,
                category: r.try_get(2)?,
                window_start: r.try_get(3)?,
                agency_id: r.try_get(4)?,
                lat: r.try_get(5)?,
                lon: r.try_get(6)?,
                recent: r.try_get(7)?,
                expected: r.try_get(8)?,
                created_at: r.try_get(9)?,
            })
        })
        .collect()
}
