//! The forecast tables, and the daily counts the forecasts are made from.
//!
//! Applications and queue tickets have no counting function in their capabilities; the two
//! grouped reads here (counts only, no personal data) are the only SQL against those tables
//! outside them, as in `opendata::stats`.

use sqlx::Row as _;

use crate::db::{Conn, Tx};

/// Submitted applications per service, agency and local day (days since 1970-01-01).
pub async fn application_days(
    conn: &mut Conn,
    offset_seconds: i64,
) -> Result<Vec<(String, String, i64, i64)>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT service_id, agency_id, (submitted_at + $1) / 86400 AS day, COUNT(*) FROM applications \
         WHERE submitted_at IS NOT NULL GROUP BY service_id, agency_id, day",
    )
    .bind(offset_seconds)
    .fetch_all(conn)
    .await?;
    rows.iter().map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?, r.try_get(3)?))).collect()
}

/// Queue tickets per location, service and local date (YYYY-MM-DD).
pub async fn ticket_days(conn: &mut Conn) -> Result<Vec<(String, String, String, i64)>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT location_id, service_id, date, COUNT(*) FROM tickets GROUP BY location_id, service_id, date",
    )
    .fetch_all(conn)
    .await?;
    rows.iter().map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?, r.try_get(3)?))).collect()
}

/// A week of counts from before the platform.
pub struct EarlierWeek {
    pub kind: String,
    pub service_id: String,
    pub location_id: String,
    pub week: String,
    pub count: i64,
}

pub async fn earlier_weeks(conn: &mut Conn) -> Result<Vec<EarlierWeek>, sqlx::Error> {
    let rows =
        sqlx::query("SELECT kind, service_id, location_id, week, count FROM forecast_history").fetch_all(conn).await?;
    rows.iter()
        .map(|r| {
            Ok(EarlierWeek {
                kind: r.try_get(0)?,
                service_id: r.try_get(1)?,
                location_id: r.try_get(2)?,
                week: r.try_get(3)?,
                count: r.try_get(4)?,
            })
        })
        .collect()
}

pub async fn put_earlier_week(tx: &mut Tx, w: &EarlierWeek) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO forecast_history (kind, service_id, location_id, week, count) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (kind, service_id, location_id, week) DO UPDATE SET count = excluded.count",
    )
    .bind(&w.kind)
    .bind(&w.service_id)
    .bind(&w.location_id)
    .bind(&w.week)
    .bind(w.count)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// A stored forecast.
pub struct Stored {
    pub kind: String,
    pub service_id: String,
    pub location_id: String,
    pub agency_id: Option<String>,
    pub data_json: String,
    pub computed_at: i64,
}

/// Replace every forecast with a new set (two processes at once: the later one's rows win).
pub async fn replace_all(tx: &mut Tx, rows: &[(String, Stored)]) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM forecasts").execute(&mut **tx).await?;
    for (key, s) in rows {
        sqlx::query(
            "INSERT INTO forecasts (series_key, kind, service_id, location_id, agency_id, data_json, computed_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (series_key) DO UPDATE SET kind = excluded.kind, \
             service_id = excluded.service_id, location_id = excluded.location_id, agency_id = excluded.agency_id, \
             data_json = excluded.data_json, computed_at = excluded.computed_at",
        )
        .bind(key)
        .bind(&s.kind)
        .bind(&s.service_id)
        .bind(&s.location_id)
        .bind(s.agency_id.as_deref())
        .bind(&s.data_json)
        .bind(s.computed_at)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

fn stored(r: &crate::db::Row) -> Result<Stored, sqlx::Error> {
    Ok(Stored {
        kind: r.try_get(0)?,
        service_id: r.try_get(1)?,
        location_id: r.try_get(2)?,
        agency_id: r.try_get(3)?,
        data_json: r.try_get(4)?,
        computed_at: r.try_get(5)?,
    })
}

const COLUMNS: &str = "kind, service_id, location_id, agency_id, data_json, computed_at";

/// Forecasts of one agency, or of all (`None`), by kind, service and location.
pub async fn list(conn: &mut Conn, agency: Option<&str>) -> Result<Vec<Stored>, sqlx::Error> {
    let rows = match agency {
        Some(a) => {
            sqlx::query(&format!(
                "SELECT {COLUMNS} FROM forecasts WHERE agency_id = $1 ORDER BY kind, service_id, location_id"
            ))
            .bind(a)
            .fetch_all(conn)
            .await?
        }
        None => {
            sqlx::query(&format!("SELECT {COLUMNS} FROM forecasts ORDER BY kind, service_id, location_id"))
                .fetch_all(conn)
                .await?
        }
    };
    rows.iter().map(stored).collect()
}
