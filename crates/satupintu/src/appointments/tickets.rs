//! The tickets of a day's queue. Every function takes the caller's transaction or connection.

use serde::Serialize;
use sqlx::Row as _;
use utoipa::ToSchema;

use super::model;
use crate::db::{self, Conn, Tx};

#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Ticket {
    #[serde(skip)]
    pub id: i64,
    pub location_id: String,
    pub service_id: String,
    pub date: String,
    /// As shown and spoken, e.g. `A-007`.
    pub number: String,
    pub priority: bool,
    #[serde(skip)]
    pub booking_id: Option<i64>,
    #[serde(skip)]
    pub token: String,
    #[serde(skip)]
    pub rank_at: i64,
    /// `waiting`, `called`, `done` or `missed`.
    pub status: String,
    #[serde(skip)]
    pub counter_id: Option<i64>,
    /// The counter that called it.
    pub counter: Option<String>,
    /// How many times it was called.
    pub calls: i64,
    pub issued_at: i64,
    pub called_at: Option<i64>,
    pub done_at: Option<i64>,
}

const COLUMNS: &str = "t.id, t.location_id, t.service_id, t.date, t.number, t.priority, t.booking_id, t.token, \
     t.rank_at, t.status, t.counter_id, c.name, t.calls, t.issued_at, t.called_at, t.done_at";
const FROM: &str = "FROM tickets t LEFT JOIN counters c ON c.id = t.counter_id";

fn ticket(r: &db::Row) -> Result<Ticket, sqlx::Error> {
    Ok(Ticket {
        id: r.try_get(0)?,
        location_id: r.try_get(1)?,
        service_id: r.try_get(2)?,
        date: r.try_get(3)?,
        number: r.try_get(4)?,
        priority: r.try_get::<i64, _>(5)? != 0,
        booking_id: r.try_get(6)?,
        token: r.try_get(7)?,
        rank_at: r.try_get(8)?,
        status: r.try_get(9)?,
        counter_id: r.try_get(10)?,
        counter: r.try_get(11)?,
        calls: r.try_get(12)?,
        issued_at: r.try_get(13)?,
        called_at: r.try_get(14)?,
        done_at: r.try_get(15)?,
    })
}

impl Ticket {
    pub fn entry(&self) -> model::QueueEntry {
        model::QueueEntry { id: self.id, priority: i64::from(self.priority), rank_at: self.rank_at }
    }
}

/// The next number of a letter at a location on a day.
pub async fn next_number(tx: &mut Tx, location_id: &str, date: &str, prefix: &str) -> Result<i64, sqlx::Error> {
    let row = sqlx::query(
        "INSERT INTO ticket_counters (location_id, date, prefix, last) VALUES ($1, $2, $3, 1) \
         ON CONFLICT (location_id, date, prefix) DO UPDATE SET last = ticket_counters.last + 1 RETURNING last",
    )
    .bind(location_id)
    .bind(date)
    .bind(prefix)
    .fetch_one(&mut **tx)
    .await?;
    row.try_get(0)
}

pub struct NewTicket<'a> {
    pub location_id: &'a str,
    pub service_id: &'a str,
    pub date: &'a str,
    pub number: &'a str,
    pub priority_reason: Option<&'a str>,
    pub booking_id: Option<i64>,
    pub token: &'a str,
    pub rank_at: i64,
    pub now: i64,
}

pub async fn insert(tx: &mut Tx, t: &NewTicket<'_>) -> Result<i64, sqlx::Error> {
    let row = sqlx::query(
        "INSERT INTO tickets (location_id, service_id, date, number, priority, priority_reason, booking_id, token, \
         rank_at, status, issued_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'waiting', $10) RETURNING id",
    )
    .bind(t.location_id)
    .bind(t.service_id)
    .bind(t.date)
    .bind(t.number)
    .bind(i64::from(t.priority_reason.is_some()))
    .bind(t.priority_reason)
    .bind(t.booking_id)
    .bind(t.token)
    .bind(t.rank_at)
    .bind(t.now)
    .fetch_one(&mut **tx)
    .await?;
    row.try_get(0)
}

pub async fn by_token(conn: &mut Conn, token: &str) -> Result<Option<Ticket>, sqlx::Error> {
    let row =
        sqlx::query(&format!("SELECT {COLUMNS} {FROM} WHERE t.token = $1")).bind(token).fetch_optional(conn).await?;
    row.as_ref().map(ticket).transpose()
}

pub async fn by_booking(conn: &mut Conn, booking_id: i64) -> Result<Option<Ticket>, sqlx::Error> {
    let row = sqlx::query(&format!("SELECT {COLUMNS} {FROM} WHERE t.booking_id = $1"))
        .bind(booking_id)
        .fetch_optional(conn)
        .await?;
    row.as_ref().map(ticket).transpose()
}

/// The day's open tickets (waiting or at a counter) of a location.
pub async fn open(conn: &mut Conn, location_id: &str, date: &str) -> Result<Vec<Ticket>, sqlx::Error> {
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} {FROM} WHERE t.location_id = $1 AND t.date = $2 AND t.status IN ('waiting', 'called') \
         ORDER BY t.priority DESC, t.rank_at, t.id"
    ))
    .bind(location_id)
    .bind(date)
    .fetch_all(conn)
    .await?;
    rows.iter().map(ticket).collect()
}

/// The day's most recent calls of a location, newest first.
pub async fn recent_calls(conn: &mut Conn, location_id: &str, date: &str, n: i64) -> Result<Vec<Ticket>, sqlx::Error> {
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} {FROM} WHERE t.location_id = $1 AND t.date = $2 AND t.called_at IS NOT NULL \
         ORDER BY t.called_at DESC, t.id DESC LIMIT $3"
    ))
    .bind(location_id)
    .bind(date)
    .bind(n)
    .fetch_all(conn)
    .await?;
    rows.iter().map(ticket).collect()
}

/// The ticket a counter is serving, if any.
pub async fn at_counter(conn: &mut Conn, counter_id: i64, date: &str) -> Result<Option<Ticket>, sqlx::Error> {
    let row = sqlx::query(&format!(
        "SELECT {COLUMNS} {FROM} WHERE t.counter_id = $1 AND t.date = $2 AND t.status = 'called' \
         ORDER BY t.called_at DESC LIMIT 1"
    ))
    .bind(counter_id)
    .bind(date)
    .fetch_optional(conn)
    .await?;
    row.as_ref().map(ticket).transpose()
}

/// Close the ticket a counter is serving (`done` or `missed`).
pub async fn close_at_counter(tx: &mut Tx, counter_id: i64, to: &str, now: i64) -> Result<Option<i64>, sqlx::Error> {
    let row = sqlx::query(
        "UPDATE tickets SET status = $1, done_at = $2 WHERE counter_id = $3 AND status = 'called' RETURNING booking_id",
    )
    .bind(to)
    .bind(now)
    .bind(counter_id)
    .fetch_optional(&mut **tx)
    .await?;
    Ok(row.map(|r| r.try_get::<Option<i64>, _>(0)).transpose()?.flatten())
}

/// Give a waiting ticket to a counter; false when another counter took it first.
pub async fn call(tx: &mut Tx, id: i64, counter_id: i64, officer_id: i64, now: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE tickets SET status = 'called', counter_id = $1, officer_id = $2, called_at = $3, calls = 1 \
         WHERE id = $4 AND status = 'waiting'",
    )
    .bind(counter_id)
    .bind(officer_id)
    .bind(now)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Call the counter's ticket again (it shows and is spoken again on the display).
pub async fn recall(tx: &mut Tx, counter_id: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("UPDATE tickets SET calls = calls + 1 WHERE counter_id = $1 AND status = 'called'")
        .bind(counter_id)
        .execute(&mut **tx)
        .await?;
    Ok(done.rows_affected() > 0)
}

/// One served or missed ticket, for statistics.
#[derive(Clone, Debug)]
pub struct Served {
    pub service_id: String,
    pub booked: bool,
    pub status: String,
    pub issued_at: i64,
    pub called_at: Option<i64>,
    pub done_at: Option<i64>,
}

/// Tickets of a location issued in `[from, to)`.
pub async fn history(conn: &mut Conn, location_id: &str, from: i64, to: i64) -> Result<Vec<Served>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT service_id, booking_id, status, issued_at, called_at, done_at FROM tickets \
         WHERE location_id = $1 AND issued_at >= $2 AND issued_at < $3",
    )
    .bind(location_id)
    .bind(from)
    .bind(to)
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Served {
                service_id: r.try_get(0)?,
                booked: r.try_get::<Option<i64>, _>(1)?.is_some(),
                status: r.try_get(2)?,
                issued_at: r.try_get(3)?,
                called_at: r.try_get(4)?,
                done_at: r.try_get(5)?,
            })
        })
        .collect()
}

/// Median service time (seconds) of the last served tickets of a service at a location, and
/// the number of counters that called a ticket of it in the last hour.
pub async fn pace(conn: &mut Conn, location_id: &str, service_id: &str, now: i64) -> Result<(i64, i64), sqlx::Error> {
    let rows = sqlx::query(
        "SELECT done_at - called_at FROM tickets WHERE location_id = $1 AND service_id = $2 AND status = 'done' \
         AND called_at IS NOT NULL AND done_at IS NOT NULL ORDER BY done_at DESC LIMIT 30",
    )
    .bind(location_id)
    .bind(service_id)
    .fetch_all(&mut *conn)
    .await?;
    let mut times: Vec<i64> = rows.iter().filter_map(|r| r.try_get::<i64, _>(0).ok()).filter(|t| *t > 0).collect();
    times.sort_unstable();
    let median = times.get(times.len() / 2).copied().unwrap_or(0);
    let row = sqlx::query(
        "SELECT COUNT(DISTINCT counter_id) FROM tickets WHERE location_id = $1 AND service_id = $2 \
         AND called_at >= $3",
    )
    .bind(location_id)
    .bind(service_id)
    .bind(now - 3600)
    .fetch_one(&mut *conn)
    .await?;
    Ok((median, row.try_get(0)?))
}
