//! The tables of green services (estimates, pickup windows, pickup requests) and the read-only
//! counts the paperless figures come from (submitted applications, issued documents, reports,
//! as the performance and forecast figures read them). Every function takes the caller's
//! transaction or connection.

use std::collections::HashMap;

use sqlx::Row as _;

use crate::db::{Conn, Tx};

// ---------------------------------------------------------------------------------------
// Estimates and counts.

/// The agencies' own estimates: service id -> (pages, trips).
pub async fn estimates(conn: &mut Conn) -> Result<HashMap<String, (i64, i64)>, sqlx::Error> {
    let rows = sqlx::query("SELECT service_id, pages, trips FROM green_estimates").fetch_all(conn).await?;
    rows.iter().map(|r| Ok((r.try_get(0)?, (r.try_get(1)?, r.try_get(2)?)))).collect()
}

pub async fn set_estimate(tx: &mut Tx, service_id: &str, pages: i64, trips: i64, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO green_estimates (service_id, pages, trips, updated_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (service_id) DO UPDATE SET pages = excluded.pages, trips = excluded.trips, \
         updated_at = excluded.updated_at",
    )
    .bind(service_id)
    .bind(pages)
    .bind(trips)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn clear_estimate(tx: &mut Tx, service_id: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM green_estimates WHERE service_id = $1").bind(service_id).execute(&mut **tx).await?;
    Ok(())
}

/// A count of one service (or, for reports, one agency) on one local day.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DayCount {
    pub service_id: String,
    pub agency_id: String,
    /// Days since 1970-01-01, local time.
    pub day: i64,
    /// Applications: filed by the citizen online (not at a counter).
    pub online: bool,
    pub count: i64,
}

fn day_counts(rows: &[sqlx::any::AnyRow], with_online: bool) -> Result<Vec<DayCount>, sqlx::Error> {
    rows.iter()
        .map(|r| {
            Ok(DayCount {
                service_id: r.try_get(0)?,
                agency_id: r.try_get(1)?,
                day: r.try_get(2)?,
                online: !with_online || r.try_get::<i64, _>(3)? == 1,
                count: r.try_get(if with_online { 4 } else { 3 })?,
            })
        })
        .collect()
}

/// Submitted applications per service and local day, online (`filed_by` empty) or at a counter.
pub async fn applications(conn: &mut Conn, offset_secs: i64) -> Result<Vec<DayCount>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT service_id, agency_id, (submitted_at + $1) / 86400 AS day, \
         CASE WHEN filed_by IS NULL THEN 1 ELSE 0 END AS online, COUNT(*) FROM applications \
         WHERE submitted_at IS NOT NULL GROUP BY service_id, agency_id, (submitted_at + $1) / 86400, \
         CASE WHEN filed_by IS NULL THEN 1 ELSE 0 END",
    )
    .bind(offset_secs)
    .fetch_all(conn)
    .await?;
    day_counts(&rows, true)
}

/// Documents issued digitally for online applications, per service and local day of issue.
pub async fn documents(conn: &mut Conn, offset_secs: i64) -> Result<Vec<DayCount>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT a.service_id, a.agency_id, (d.issued_at + $1) / 86400 AS day, COUNT(*) FROM documents d \
         JOIN applications a ON a.id = d.application_id WHERE a.filed_by IS NULL \
         GROUP BY a.service_id, a.agency_id, (d.issued_at + $1) / 86400",
    )
    .bind(offset_secs)
    .fetch_all(conn)
    .await?;
    day_counts(&rows, false)
}

/// Reports filed online, per handling agency (or the suggested one) and local day (service id
/// empty).
pub async fn reports(conn: &mut Conn, offset_secs: i64) -> Result<Vec<DayCount>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT '' AS service_id, COALESCE(agency_id, suggested_agency, '') AS agency, (created_at + $1) / 86400 AS day, \
         COUNT(*) FROM reports WHERE hidden = 0 \
         GROUP BY COALESCE(agency_id, suggested_agency, ''), (created_at + $1) / 86400",
    )
    .bind(offset_secs)
    .fetch_all(conn)
    .await?;
    day_counts(&rows, false)
}

// ---------------------------------------------------------------------------------------
// Pickup windows.

/// A pickup window as stored.
#[derive(Clone, Debug)]
pub struct Window {
    pub id: i64,
    pub agency_id: String,
    pub zone: String,
    pub date: String,
    pub start_min: i64,
    pub end_min: i64,
    pub starts_at: i64,
    pub ends_at: i64,
    pub capacity: i64,
    pub booked: i64,
    pub kinds: String,
}

const WINDOW_COLUMNS: &str =
    "id, agency_id, zone, date, start_min, end_min, starts_at, ends_at, capacity, booked, kinds";

fn window(r: &sqlx::any::AnyRow) -> Result<Window, sqlx::Error> {
    Ok(Window {
        id: r.try_get(0)?,
        agency_id: r.try_get(1)?,
        zone: r.try_get(2)?,
        date: r.try_get(3)?,
        start_min: r.try_get(4)?,
        end_min: r.try_get(5)?,
        starts_at: r.try_get(6)?,
        ends_at: r.try_get(7)?,
        capacity: r.try_get(8)?,
        booked: r.try_get(9)?,
        kinds: r.try_get(10)?,
    })
}

/// A window to add.
pub struct NewWindow<'a> {
    pub agency_id: &'a str,
    pub zone: &'a str,
    pub date: &'a str,
    pub start_min: i64,
    pub end_min: i64,
    pub starts_at: i64,
    pub ends_at: i64,
    pub capacity: i64,
    pub kinds: &'a str,
}

/// Add a window unless the zone has one at that date and time; whether it was added.
pub async fn insert_window(tx: &mut Tx, w: &NewWindow<'_>, now: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "INSERT INTO green_windows (agency_id, zone, date, start_min, end_min, starts_at, ends_at, capacity, kinds, \
         created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (zone, date, start_min) DO NOTHING",
    )
    .bind(w.agency_id)
    .bind(w.zone)
    .bind(w.date)
    .bind(w.start_min)
    .bind(w.end_min)
    .bind(w.starts_at)
    .bind(w.ends_at)
    .bind(w.capacity)
    .bind(w.kinds)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn window_by_id(conn: &mut Conn, id: i64) -> Result<Option<Window>, sqlx::Error> {
    let row = sqlx::query(&format!("SELECT {WINDOW_COLUMNS} FROM green_windows WHERE id = $1"))
        .bind(id)
        .fetch_optional(conn)
        .await?;
    row.as_ref().map(window).transpose()
}

/// Windows with a free place that start after `after`, in a zone (empty: every zone), soonest
/// first.
pub async fn free_windows(conn: &mut Conn, zone: &str, after: i64, limit: i64) -> Result<Vec<Window>, sqlx::Error> {
    let rows = sqlx::query(&format!(
        "SELECT {WINDOW_COLUMNS} FROM green_windows WHERE starts_at > $1 AND booked < capacity \
         AND ($2 = '' OR zone = $2) ORDER BY starts_at, zone, id LIMIT $3"
    ))
    .bind(after)
    .bind(zone)
    .bind(limit)
    .fetch_all(conn)
    .await?;
    rows.iter().map(window).collect()
}

/// Every window of an agency on a local date (empty zone: every zone), by time and zone.
pub async fn windows_on(conn: &mut Conn, agency: &str, date: &str, zone: &str) -> Result<Vec<Window>, sqlx::Error> {
    let rows = sqlx::query(&format!(
        "SELECT {WINDOW_COLUMNS} FROM green_windows WHERE agency_id = $1 AND date = $2 AND ($3 = '' OR zone = $3) \
         ORDER BY start_min, zone, id"
    ))
    .bind(agency)
    .bind(date)
    .bind(zone)
    .fetch_all(conn)
    .await?;
    rows.iter().map(window).collect()
}

/// The coming windows of an agency (from `after`), soonest first.
pub async fn coming_windows(conn: &mut Conn, agency: &str, after: i64, limit: i64) -> Result<Vec<Window>, sqlx::Error> {
    let rows = sqlx::query(&format!(
        "SELECT {WINDOW_COLUMNS} FROM green_windows WHERE agency_id = $1 AND ends_at > $2 \
         ORDER BY starts_at, zone, id LIMIT $3"
    ))
    .bind(agency)
    .bind(after)
    .bind(limit)
    .fetch_all(conn)
    .await?;
    rows.iter().map(window).collect()
}

/// A window's pickups: free places and the window still ahead (`$2`: now).
const WINDOW_PLACES: crate::db::places::Places =
    crate::db::places::Places { table: "green_windows", taken: "booked", open: "booked < capacity AND starts_at > $2" };

/// Take one place of a window if one is free and the window starts after `after` (now; the demo
/// fills past windows).
pub async fn take_place(tx: &mut Tx, window_id: i64, after: i64) -> Result<bool, sqlx::Error> {
    WINDOW_PLACES.take(tx, window_id, Some(after)).await
}

pub async fn release_place(tx: &mut Tx, window_id: i64) -> Result<(), sqlx::Error> {
    WINDOW_PLACES.release(tx, window_id).await
}

// ---------------------------------------------------------------------------------------
// Pickup requests.

/// A pickup request with its window's times.
#[derive(Clone, Debug)]
pub struct Pickup {
    pub id: i64,
    pub code: String,
    pub user_id: i64,
    pub window_id: i64,
    pub kind: String,
    pub volume: String,
    pub address: String,
    pub kelurahan: String,
    pub rt: String,
    pub rw: String,
    pub zone: String,
    pub status: String,
    pub reason: Option<String>,
    pub reschedules: i64,
    pub created_at: i64,
    pub updated_at: i64,
    pub date: String,
    pub start_min: i64,
    pub end_min: i64,
    pub starts_at: i64,
    pub agency_id: String,
}

const PICKUP_COLUMNS: &str = "p.id, p.code, p.user_id, p.window_id, p.kind, p.volume, p.address, p.kelurahan, p.rt, \
     p.rw, p.zone, p.status, p.reason, p.reschedules, p.created_at, p.updated_at, w.date, w.start_min, w.end_min, \
     w.starts_at, w.agency_id";
const PICKUP_FROM: &str = "green_pickups p JOIN green_windows w ON w.id = p.window_id";

fn pickup(r: &sqlx::any::AnyRow) -> Result<Pickup, sqlx::Error> {
    Ok(Pickup {
        id: r.try_get(0)?,
        code: r.try_get(1)?,
        user_id: r.try_get(2)?,
        window_id: r.try_get(3)?,
        kind: r.try_get(4)?,
        volume: r.try_get(5)?,
        address: r.try_get(6)?,
        kelurahan: r.try_get(7)?,
        rt: r.try_get(8)?,
        rw: r.try_get(9)?,
        zone: r.try_get(10)?,
        status: r.try_get(11)?,
        reason: r.try_get(12)?,
        reschedules: r.try_get(13)?,
        created_at: r.try_get(14)?,
        updated_at: r.try_get(15)?,
        date: r.try_get(16)?,
        start_min: r.try_get(17)?,
        end_min: r.try_get(18)?,
        starts_at: r.try_get(19)?,
        agency_id: r.try_get(20)?,
    })
}

/// A request to add.
pub struct NewPickup<'a> {
    pub code: &'a str,
    pub user_id: i64,
    pub spec: &'a super::model::PickupSpec,
    pub now: i64,
}

pub async fn insert_pickup(tx: &mut Tx, p: &NewPickup<'_>) -> Result<i64, sqlx::Error> {
    let s = p.spec;
    let row = sqlx::query(
        "INSERT INTO green_pickups (code, user_id, window_id, kind, volume, address, kelurahan, rt, rw, zone, status, \
         created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'scheduled', $11, $11) RETURNING id",
    )
    .bind(p.code)
    .bind(p.user_id)
    .bind(s.window_id)
    .bind(s.kind)
    .bind(s.volume)
    .bind(&s.address)
    .bind(&s.kelurahan)
    .bind(&s.rt)
    .bind(&s.rw)
    .bind(&s.zone)
    .bind(p.now)
    .fetch_one(&mut **tx)
    .await?;
    row.try_get(0)
}

pub async fn pickup_by_code(conn: &mut Conn, code: &str) -> Result<Option<Pickup>, sqlx::Error> {
    let row = sqlx::query(&format!("SELECT {PICKUP_COLUMNS} FROM {PICKUP_FROM} WHERE p.code = $1"))
        .bind(code)
        .fetch_optional(conn)
        .await?;
    row.as_ref().map(pickup).transpose()
}

pub async fn pickup_by_id(conn: &mut Conn, id: i64) -> Result<Option<Pickup>, sqlx::Error> {
    let row = sqlx::query(&format!("SELECT {PICKUP_COLUMNS} FROM {PICKUP_FROM} WHERE p.id = $1"))
        .bind(id)
        .fetch_optional(conn)
        .await?;
    row.as_ref().map(pickup).transpose()
}

/// A citizen's requests, newest first.
pub async fn pickups_of_user(conn: &mut Conn, user_id: i64) -> Result<Vec<Pickup>, sqlx::Error> {
    let rows = sqlx::query(&format!(
        "SELECT {PICKUP_COLUMNS} FROM {PICKUP_FROM} WHERE p.user_id = $1 ORDER BY p.created_at DESC, p.id DESC"
    ))
    .bind(user_id)
    .fetch_all(conn)
    .await?;
    rows.iter().map(pickup).collect()
}

/// How many requests of a citizen are still scheduled.
pub async fn active_count(conn: &mut Conn, user_id: i64) -> Result<i64, sqlx::Error> {
    let row = sqlx::query("SELECT COUNT(*) FROM green_pickups WHERE user_id = $1 AND status = 'scheduled'")
        .bind(user_id)
        .fetch_one(conn)
        .await?;
    row.try_get(0)
}

/// The requests of some windows (not cancelled), in route order: window, kelurahan, RW, RT.
pub async fn pickups_of_windows(conn: &mut Conn, windows: &[i64]) -> Result<Vec<Pickup>, sqlx::Error> {
    if windows.is_empty() {
        return Ok(vec![]);
    }
    let ids = windows.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
    let rows = sqlx::query(&format!(
        "SELECT {PICKUP_COLUMNS} FROM {PICKUP_FROM} WHERE p.window_id IN ({ids}) AND p.status <> 'cancelled' \
         ORDER BY w.starts_at, p.window_id, p.kelurahan, p.rw, p.rt, p.id"
    ))
    .fetch_all(conn)
    .await?;
    rows.iter().map(pickup).collect()
}

/// Change a request's status if it is still `from`; whether it changed.
pub async fn set_status(
    tx: &mut Tx,
    id: i64,
    from: &str,
    to: &str,
    reason: Option<&str>,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done =
        sqlx::query("UPDATE green_pickups SET status = $1, reason = $2, updated_at = $3 WHERE id = $4 AND status = $5")
            .bind(to)
            .bind(reason.map(str::to_string))
            .bind(now)
            .bind(id)
            .bind(from)
            .execute(&mut **tx)
            .await?;
    Ok(done.rows_affected() == 1)
}

/// Move a scheduled request to another window; whether it moved.
pub async fn move_pickup(tx: &mut Tx, id: i64, window_id: i64, now: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE green_pickups SET window_id = $1, reschedules = reschedules + 1, updated_at = $2 \
         WHERE id = $3 AND status = 'scheduled'",
    )
    .bind(window_id)
    .bind(now)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}
