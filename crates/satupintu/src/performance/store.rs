//! The rollup tables, the job's watermark and lease, the innovations; and the range reads of
//! the facts the rollups are made of.
//!
//! The facts (applications and their events, reports and their events and ratings, queue
//! tickets) have no store function for month ranges in their capabilities, so these reads are
//! the only SQL against those tables outside them (as `opendata::stats` did before). Only
//! counts and durations leave: of a citizen's NIK only the first four digits (the kabupaten/kota
//! where it was issued) are read, to place the application.

use std::collections::HashMap;

use serde::Serialize;
use sqlx::Row as _;
use utoipa::ToSchema;

use crate::db::{self, Conn, Tx};

/// "All services" / "all regions" in a rollup key.
pub const ALL: &str = "*";

/// Counts of applications.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, ToSchema)]
pub struct AppCounts {
    pub received: i64,
    pub completed: i64,
    pub on_time: i64,
    pub revised: i64,
    pub rejected: i64,
}

impl AppCounts {
    pub fn add(&mut self, o: &AppCounts) {
        self.received += o.received;
        self.completed += o.completed;
        self.on_time += o.on_time;
        self.revised += o.revised;
        self.rejected += o.rejected;
    }
}

/// Counts of reports.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, ToSchema)]
pub struct ReportCounts {
    pub received: i64,
    pub responded: i64,
    pub closed: i64,
}

/// Counts of one officer.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct OfficerCounts {
    pub handled: i64,
    pub completed: i64,
    pub on_time: i64,
    pub revised: i64,
    pub rejected: i64,
    pub ratings: i64,
    pub stars: i64,
}

/// (agency, service, region)
pub type Key = (String, String, String);

/// Everything one month's rollup holds, before it is written.
#[derive(Debug, Default)]
pub struct MonthRollup {
    pub apps: HashMap<Key, AppCounts>,
    /// (metric, key) -> bucket -> n
    pub hist: HashMap<(String, Key), super::model::Hist>,
    /// (agency, region)
    pub reports: HashMap<(String, String), ReportCounts>,
    /// (agency, officer)
    pub officers: HashMap<(String, i64), OfficerCounts>,
}

/// The four keys a fact is counted under: itself, all services, all regions, both.
pub fn keys(agency: &str, service: &str, region: &str) -> [Key; 4] {
    let k = |s: &str, r: &str| (agency.to_string(), s.to_string(), r.to_string());
    [k(service, region), k(ALL, region), k(service, ALL), k(ALL, ALL)]
}

// ---------------------------------------------------------------- facts (range reads)

/// An application received (submitted) in the range.
pub struct Received {
    pub agency: String,
    pub service: String,
    pub nik: Option<String>,
    pub revised: bool,
    pub rejected: bool,
}

pub async fn received(conn: &mut Conn, start: i64, end: i64) -> Result<Vec<Received>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT a.agency_id, a.service_id, u.nik, \
           (SELECT COUNT(*) FROM application_events e WHERE e.application_id = a.id AND e.action = 'request_revision'), \
           (SELECT COUNT(*) FROM application_events e WHERE e.application_id = a.id AND e.to_status = 'rejected') \
         FROM applications a LEFT JOIN users u ON u.id = a.citizen_id \
         WHERE a.submitted_at >= $1 AND a.submitted_at < $2",
    )
    .bind(start)
    .bind(end)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Received {
                agency: r.try_get(0)?,
                service: r.try_get(1)?,
                nik: crate::crypto::open_opt(crate::crypto::NIK_PLACE, r.try_get(2)?)?,
                revised: r.try_get::<i64, _>(3)? > 0,
                rejected: r.try_get::<i64, _>(4)? > 0,
            })
        })
        .collect()
}

/// An application decided (first issued, completed or rejected) in the range.
pub struct Decided {
    pub agency: String,
    pub service: String,
    pub nik: Option<String>,
    pub officer: Option<i64>,
    pub submitted_at: Option<i64>,
    pub due_date: Option<String>,
    pub at: i64,
    pub rejected: bool,
    pub revised: bool,
}

pub async fn decided(conn: &mut Conn, start: i64, end: i64) -> Result<Vec<Decided>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT a.agency_id, a.service_id, u.nik, \
           COALESCE(a.assigned_to, CASE WHEN e.actor_role IN ('officer', 'supervisor') THEN e.actor_id END), \
           a.submitted_at, a.due_date, e.at, e.to_status, \
           (SELECT COUNT(*) FROM application_events r WHERE r.application_id = a.id AND r.action = 'request_revision') \
         FROM application_events e JOIN applications a ON a.id = e.application_id \
         LEFT JOIN users u ON u.id = a.citizen_id \
         WHERE e.at >= $1 AND e.at < $2 AND e.to_status IN ('issued', 'completed', 'rejected') \
           AND NOT EXISTS (SELECT 1 FROM application_events p WHERE p.application_id = e.application_id \
             AND p.to_status IN ('issued', 'completed', 'rejected') AND p.id < e.id)",
    )
    .bind(start)
    .bind(end)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Decided {
                agency: r.try_get(0)?,
                service: r.try_get(1)?,
                nik: crate::crypto::open_opt(crate::crypto::NIK_PLACE, r.try_get(2)?)?,
                officer: r.try_get(3)?,
                submitted_at: r.try_get(4)?,
                due_date: r.try_get(5)?,
                at: r.try_get(6)?,
                rejected: r.try_get::<String, _>(7)? == "rejected",
                revised: r.try_get::<i64, _>(8)? > 0,
            })
        })
        .collect()
}

/// Time a case spent in a state, counted when it left the state (in the range).
pub struct InState {
    pub agency: String,
    pub service: String,
    pub nik: Option<String>,
    pub state: String,
    pub seconds: i64,
}

pub async fn in_state(conn: &mut Conn, start: i64, end: i64) -> Result<Vec<InState>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT a.agency_id, a.service_id, u.nik, e.from_status, e.at, \
           (SELECT MAX(p.at) FROM application_events p WHERE p.application_id = e.application_id AND p.id < e.id) \
         FROM application_events e JOIN applications a ON a.id = e.application_id \
         LEFT JOIN users u ON u.id = a.citizen_id \
         WHERE e.at >= $1 AND e.at < $2 AND e.from_status IS NOT NULL AND e.from_status <> e.to_status \
           AND e.from_status <> 'draft'",
    )
    .bind(start)
    .bind(end)
    .fetch_all(&mut *conn)
    .await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let (at, since): (i64, Option<i64>) = (r.try_get(4)?, r.try_get(5)?);
        let Some(since) = since else { continue };
        out.push(InState {
            agency: r.try_get(0)?,
            service: r.try_get(1)?,
            nik: crate::crypto::open_opt(crate::crypto::NIK_PLACE, r.try_get(2)?)?,
            state: r.try_get(3)?,
            seconds: (at - since).max(0),
        });
    }
    Ok(out)
}

/// A report made in the range: its agency, place and first answer.
pub struct ReportMade {
    pub agency: String,
    pub region_code: Option<String>,
    pub created_at: i64,
    pub responded_at: Option<i64>,
}

pub async fn reports_made(conn: &mut Conn, start: i64, end: i64) -> Result<Vec<ReportMade>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT COALESCE(r.agency_id, ''), r.region_code, r.created_at, \
           (SELECT MIN(e.at) FROM report_events e WHERE e.report_id = r.id AND e.action IN ('respond', 'resolve')) \
         FROM reports r WHERE r.hidden = 0 AND r.created_at >= $1 AND r.created_at < $2",
    )
    .bind(start)
    .bind(end)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(ReportMade {
                agency: r.try_get(0)?,
                region_code: r.try_get(1)?,
                created_at: r.try_get(2)?,
                responded_at: r.try_get(3)?,
            })
        })
        .collect()
}

/// Reports first resolved or closed in the range: (agency, region code).
pub async fn reports_closed(
    conn: &mut Conn,
    start: i64,
    end: i64,
) -> Result<Vec<(String, Option<String>)>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT COALESCE(r.agency_id, ''), r.region_code FROM report_events e JOIN reports r ON r.id = e.report_id \
         WHERE e.at >= $1 AND e.at < $2 AND e.to_status IN ('resolved', 'closed') AND r.hidden = 0 \
           AND NOT EXISTS (SELECT 1 FROM report_events p WHERE p.report_id = e.report_id \
             AND p.to_status IN ('resolved', 'closed') AND p.id < e.id)",
    )
    .bind(start)
    .bind(end)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(|r| Ok((r.try_get(0)?, r.try_get(1)?))).collect()
}

/// Ratings given in the range: (agency, stars, the officer who resolved the report).
pub async fn ratings(conn: &mut Conn, start: i64, end: i64) -> Result<Vec<(String, i64, Option<i64>)>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT COALESCE(r.agency_id, ''), rr.stars, \
           (SELECT e.actor_id FROM report_events e WHERE e.report_id = r.id AND e.action = 'resolve' \
              AND e.actor_id IS NOT NULL ORDER BY e.id LIMIT 1) \
         FROM report_ratings rr JOIN reports r ON r.id = rr.report_id WHERE rr.at >= $1 AND rr.at < $2",
    )
    .bind(start)
    .bind(end)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?))).collect()
}

/// Queue tickets issued in the range and called: (service, location's agency, location's region
/// code, wait in seconds).
pub async fn waits(
    conn: &mut Conn,
    start: i64,
    end: i64,
) -> Result<Vec<(String, Option<String>, Option<String>, i64)>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT t.service_id, l.agency_id, l.region_code, t.called_at - t.issued_at \
         FROM tickets t JOIN locations l ON l.id = t.location_id \
         WHERE t.issued_at >= $1 AND t.issued_at < $2 AND t.called_at IS NOT NULL",
    )
    .bind(start)
    .bind(end)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?, r.try_get(3)?))).collect()
}

/// The times of facts changed after `since`, each with the other times it counts at (the
/// submission of an application whose event is new, the creation of a report).
pub async fn changed_since(conn: &mut Conn, since: i64) -> Result<Vec<i64>, sqlx::Error> {
    let mut out = vec![];
    let queries = [
        "SELECT e.at, a.submitted_at FROM application_events e JOIN applications a ON a.id = e.application_id WHERE e.at > $1",
        "SELECT e.at, r.created_at FROM report_events e JOIN reports r ON r.id = e.report_id WHERE e.at > $1",
        "SELECT created_at, created_at FROM reports WHERE created_at > $1",
        "SELECT rr.at, rr.at FROM report_ratings rr WHERE rr.at > $1",
        "SELECT issued_at, called_at FROM tickets WHERE called_at > $1",
    ];
    for q in queries {
        for r in sqlx::query(q).bind(since).fetch_all(&mut *conn).await? {
            out.extend(r.try_get::<Option<i64>, _>(0)?);
            out.extend(r.try_get::<Option<i64>, _>(1)?);
        }
    }
    Ok(out)
}

/// The earliest time any fact counts at (none on an empty platform).
pub async fn earliest(conn: &mut Conn) -> Result<Option<i64>, sqlx::Error> {
    let mut min: Option<i64> = None;
    for q in [
        "SELECT MIN(submitted_at) FROM applications",
        "SELECT MIN(created_at) FROM reports",
        "SELECT MIN(issued_at) FROM tickets",
    ] {
        let v: Option<i64> = sqlx::query_scalar(q).fetch_one(&mut *conn).await?;
        min = match (min, v) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
    }
    Ok(min)
}

// ---------------------------------------------------------------- the job's state

pub async fn watermark(conn: &mut Conn) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT value FROM perf_state WHERE name = 'watermark'").fetch_one(&mut *conn).await
}

pub async fn set_watermark(tx: &mut Tx, value: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE perf_state SET value = $1 WHERE name = 'watermark'").bind(value).execute(&mut **tx).await?;
    Ok(())
}

/// Take the lease until `until` if nobody holds it at `now`.
pub async fn take_lease(tx: &mut Tx, now: i64, until: i64) -> Result<bool, sqlx::Error> {
    let r = sqlx::query("UPDATE perf_state SET value = $1 WHERE name = 'lease' AND value < $2")
        .bind(until)
        .bind(now)
        .execute(&mut **tx)
        .await?;
    Ok(r.rows_affected() == 1)
}

pub async fn release_lease(tx: &mut Tx) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE perf_state SET value = 0 WHERE name = 'lease'").execute(&mut **tx).await?;
    Ok(())
}

// ---------------------------------------------------------------- writing a month

async fn insert_rows(tx: &mut Tx, head: &str, width: usize, rows: &[Vec<Value>]) -> Result<(), sqlx::Error> {
    for chunk in rows.chunks(500) {
        let sql = format!("{head} {}", db::values_clause(chunk.len(), width));
        let mut q = sqlx::query(&sql);
        for row in chunk {
            for v in row {
                q = match v {
                    Value::T(s) => q.bind(s.clone()),
                    Value::I(i) => q.bind(*i),
                };
            }
        }
        q.execute(&mut **tx).await?;
    }
    Ok(())
}

enum Value {
    T(String),
    I(i64),
}

/// Replace the rollups of `month` with `r`.
pub async fn replace_month(tx: &mut Tx, month: &str, r: &MonthRollup) -> Result<(), sqlx::Error> {
    for table in ["perf_apps", "perf_hist", "perf_reports", "perf_officers"] {
        sqlx::query(&format!("DELETE FROM {table} WHERE month = $1")).bind(month).execute(&mut **tx).await?;
    }
    let m = || Value::T(month.to_string());
    let apps: Vec<Vec<Value>> = r
        .apps
        .iter()
        .map(|((a, s, g), c)| {
            vec![
                m(),
                Value::T(a.clone()),
                Value::T(s.clone()),
                Value::T(g.clone()),
                Value::I(c.received),
                Value::I(c.completed),
                Value::I(c.on_time),
                Value::I(c.revised),
                Value::I(c.rejected),
            ]
        })
        .collect();
    insert_rows(
        tx,
        "INSERT INTO perf_apps (month, agency_id, service_id, region, received, completed, on_time, revised, rejected)",
        9,
        &apps,
    )
    .await?;
    let mut hist = vec![];
    for ((metric, (a, s, g)), h) in &r.hist {
        for (&b, &n) in &h.0 {
            hist.push(vec![
                m(),
                Value::T(metric.clone()),
                Value::T(a.clone()),
                Value::T(s.clone()),
                Value::T(g.clone()),
                Value::I(b),
                Value::I(n),
            ]);
        }
    }
    insert_rows(tx, "INSERT INTO perf_hist (month, metric, agency_id, service_id, region, bucket, n)", 7, &hist)
        .await?;
    let reports: Vec<Vec<Value>> = r
        .reports
        .iter()
        .map(|((a, g), c)| {
            vec![
                m(),
                Value::T(a.clone()),
                Value::T(g.clone()),
                Value::I(c.received),
                Value::I(c.responded),
                Value::I(c.closed),
            ]
        })
        .collect();
    insert_rows(tx, "INSERT INTO perf_reports (month, agency_id, region, received, responded, closed)", 6, &reports)
        .await?;
    let officers: Vec<Vec<Value>> = r
        .officers
        .iter()
        .map(|((a, o), c)| {
            vec![
                m(),
                Value::T(a.clone()),
                Value::I(*o),
                Value::I(c.handled),
                Value::I(c.completed),
                Value::I(c.on_time),
                Value::I(c.revised),
                Value::I(c.rejected),
                Value::I(c.ratings),
                Value::I(c.stars),
            ]
        })
        .collect();
    insert_rows(
        tx,
        "INSERT INTO perf_officers (month, agency_id, officer_id, handled, completed, on_time, revised, rejected, ratings, stars)",
        10,
        &officers,
    )
    .await
}

// ---------------------------------------------------------------- reading the rollups

/// What a dashboard query selects: months, agency ('' for all), and the service and region
/// keys (`*` for all).
pub struct Sel<'a> {
    pub from: &'a str,
    pub to: &'a str,
    pub agency: &'a str,
    pub service: &'a str,
    pub region: &'a str,
}

/// A column to group by.
#[derive(Clone, Copy)]
pub enum By {
    Month,
    Agency,
}

impl By {
    fn col(self) -> &'static str {
        match self {
            By::Month => "month",
            By::Agency => "agency_id",
        }
    }
}

/// Application counts grouped by month or agency.
pub async fn apps(conn: &mut Conn, s: &Sel<'_>, by: By) -> Result<Vec<(String, AppCounts)>, sqlx::Error> {
    let col = by.col();
    let rows = sqlx::query(&format!(
        "SELECT {col}, CAST(SUM(received) AS BIGINT), CAST(SUM(completed) AS BIGINT), CAST(SUM(on_time) AS BIGINT), CAST(SUM(revised) AS BIGINT), CAST(SUM(rejected) AS BIGINT) FROM perf_apps \
         WHERE service_id = $1 AND region = $2 AND month >= $3 AND month <= $4 AND ($5 = '' OR agency_id = $5) \
         GROUP BY {col} ORDER BY {col}"
    ))
    .bind(s.service)
    .bind(s.region)
    .bind(s.from)
    .bind(s.to)
    .bind(s.agency)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| {
            Ok((
                r.try_get(0)?,
                AppCounts {
                    received: r.try_get(1)?,
                    completed: r.try_get(2)?,
                    on_time: r.try_get(3)?,
                    revised: r.try_get(4)?,
                    rejected: r.try_get(5)?,
                },
            ))
        })
        .collect()
}

/// Histogram rows of one metric (or, with `states`, of every `state:*` metric, grouped by it)
/// grouped by month: (group, bucket, n).
pub async fn hist(
    conn: &mut Conn,
    s: &Sel<'_>,
    metric: &str,
    group: &str,
) -> Result<Vec<(String, i64, i64)>, sqlx::Error> {
    // The states are asked for by name (one key range each), not by a prefix range over every
    // service and region.
    let metrics: Vec<String> = if metric == "state" {
        crate::applications::workflow::STATES.iter().map(|s| format!("state:{s}")).collect()
    } else {
        vec![metric.to_string()]
    };
    let col = if metric == "state" { "metric" } else { group };
    let list: Vec<String> = (0..metrics.len()).map(|i| format!("${}", i + 6)).collect();
    let sql = format!(
        "SELECT {col}, bucket, CAST(SUM(n) AS BIGINT) FROM perf_hist \
         WHERE metric IN ({}) AND service_id = $1 AND region = $2 AND month >= $3 AND month <= $4 \
           AND ($5 = '' OR agency_id = $5) GROUP BY {col}, bucket",
        list.join(", ")
    );
    let mut q = sqlx::query(&sql).bind(s.service).bind(s.region).bind(s.from).bind(s.to).bind(s.agency);
    for m in &metrics {
        q = q.bind(m.clone());
    }
    let rows = q.fetch_all(&mut *conn).await?;
    rows.iter().map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?))).collect()
}

/// Report counts by month.
pub async fn reports(conn: &mut Conn, s: &Sel<'_>) -> Result<Vec<(String, ReportCounts)>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT month, CAST(SUM(received) AS BIGINT), CAST(SUM(responded) AS BIGINT), CAST(SUM(closed) AS BIGINT) FROM perf_reports \
         WHERE region = $1 AND month >= $2 AND month <= $3 AND ($4 = '' OR agency_id = $4) GROUP BY month",
    )
    .bind(s.region)
    .bind(s.from)
    .bind(s.to)
    .bind(s.agency)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| {
            Ok((
                r.try_get(0)?,
                ReportCounts { received: r.try_get(1)?, responded: r.try_get(2)?, closed: r.try_get(3)? },
            ))
        })
        .collect()
}

/// Officer counts summed over the months: (agency, officer, counts).
pub async fn officers(
    conn: &mut Conn,
    from: &str,
    to: &str,
    agency: &str,
) -> Result<Vec<(String, i64, OfficerCounts)>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT agency_id, officer_id, CAST(SUM(handled) AS BIGINT), CAST(SUM(completed) AS BIGINT), CAST(SUM(on_time) AS BIGINT), CAST(SUM(revised) AS BIGINT), CAST(SUM(rejected) AS BIGINT), \
           CAST(SUM(ratings) AS BIGINT), CAST(SUM(stars) AS BIGINT) FROM perf_officers \
         WHERE month >= $1 AND month <= $2 AND ($3 = '' OR agency_id = $3) GROUP BY agency_id, officer_id",
    )
    .bind(from)
    .bind(to)
    .bind(agency)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| {
            Ok((
                r.try_get(0)?,
                r.try_get(1)?,
                OfficerCounts {
                    handled: r.try_get(2)?,
                    completed: r.try_get(3)?,
                    on_time: r.try_get(4)?,
                    revised: r.try_get(5)?,
                    rejected: r.try_get(6)?,
                    ratings: r.try_get(7)?,
                    stars: r.try_get(8)?,
                },
            ))
        })
        .collect()
}

// ---------------------------------------------------------------- innovations

/// A registered service innovation.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Innovation {
    pub id: i64,
    pub agency_id: String,
    pub title: String,
    pub description: String,
    /// `YYYY-MM-DD`.
    pub started_on: String,
    pub results: String,
    pub link: String,
    /// The award period it won (`2026`), empty when none.
    pub award: String,
}

/// The checked fields of an innovation.
pub struct NewInnovation {
    pub agency_id: String,
    pub title: String,
    pub description: String,
    pub started_on: String,
    pub results: String,
    pub link: String,
}

pub async fn insert_innovation(tx: &mut Tx, i: &NewInnovation, by: i64, now: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO innovations (agency_id, title, description, started_on, results, link, created_by, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id",
    )
    .bind(&i.agency_id)
    .bind(&i.title)
    .bind(&i.description)
    .bind(&i.started_on)
    .bind(&i.results)
    .bind(&i.link)
    .bind(by)
    .bind(now)
    .fetch_one(&mut **tx)
    .await
}

pub async fn set_award(tx: &mut Tx, id: i64, award: &str, now: i64) -> Result<bool, sqlx::Error> {
    let r = sqlx::query("UPDATE innovations SET award = $1, updated_at = $2 WHERE id = $3")
        .bind(award)
        .bind(now)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(r.rows_affected() == 1)
}

/// Innovations, newest start first; of one agency when `agency` is not empty.
pub async fn innovations(conn: &mut Conn, agency: &str) -> Result<Vec<Innovation>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT id, agency_id, title, description, started_on, results, link, award FROM innovations \
         WHERE ($1 = '' OR agency_id = $1) ORDER BY started_on DESC, id DESC LIMIT 500",
    )
    .bind(agency)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Innovation {
                id: r.try_get(0)?,
                agency_id: r.try_get(1)?,
                title: r.try_get(2)?,
                description: r.try_get(3)?,
                started_on: r.try_get(4)?,
                results: r.try_get(5)?,
                link: r.try_get(6)?,
                award: r.try_get(7)?,
            })
        })
        .collect()
}
