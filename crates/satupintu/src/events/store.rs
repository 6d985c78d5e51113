//! The tables of events and registrations. Every function takes the caller's transaction or
//! connection.

use sqlx::Row as _;

use super::model::Draft;
use crate::db::{self, Conn, Tx};

/// An event as stored.
#[derive(Clone, Debug)]
pub struct Event {
    pub id: i64,
    pub slug: String,
    pub kind: String,
    pub agency_id: String,
    pub title: String,
    pub description: String,
    pub place_name: String,
    pub place_address: String,
    pub lat_e6: Option<i64>,
    pub lon_e6: Option<i64>,
    pub starts_at: i64,
    pub ends_at: i64,
    pub capacity: Option<i64>,
    pub seats_taken: i64,
    pub registration_opens_at: Option<i64>,
    pub registration_closes_at: Option<i64>,
    pub cancelled_at: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
    /// People on the waiting list.
    pub waiting: i64,
}

const COLUMNS: &str = "e.id, e.slug, e.kind, e.agency_id, e.title, e.description, e.place_name, e.place_address, \
     e.lat_e6, e.lon_e6, e.starts_at, e.ends_at, e.capacity, e.seats_taken, e.registration_opens_at, \
     e.registration_closes_at, e.cancelled_at, e.created_at, e.updated_at, \
     (SELECT COUNT(*) FROM event_registrations w WHERE w.event_id = e.id AND w.status = 'waiting')";

fn row(r: &db::Row) -> Result<Event, sqlx::Error> {
    Ok(Event {
        id: r.try_get(0)?,
        slug: r.try_get(1)?,
        kind: r.try_get(2)?,
        agency_id: r.try_get(3)?,
        title: r.try_get(4)?,
        description: r.try_get(5)?,
        place_name: r.try_get(6)?,
        place_address: r.try_get(7)?,
        lat_e6: r.try_get(8)?,
        lon_e6: r.try_get(9)?,
        starts_at: r.try_get(10)?,
        ends_at: r.try_get(11)?,
        capacity: r.try_get(12)?,
        seats_taken: r.try_get(13)?,
        registration_opens_at: r.try_get(14)?,
        registration_closes_at: r.try_get(15)?,
        cancelled_at: r.try_get(16)?,
        created_at: r.try_get(17)?,
        updated_at: r.try_get(18)?,
        waiting: r.try_get(19)?,
    })
}

pub async fn by_slug(conn: &mut Conn, slug: &str) -> Result<Option<Event>, sqlx::Error> {
    let r = sqlx::query(&format!("SELECT {COLUMNS} FROM events e WHERE e.slug = $1"))
        .bind(slug)
        .fetch_optional(conn)
        .await?;
    r.as_ref().map(row).transpose()
}

pub async fn by_id(conn: &mut Conn, id: i64) -> Result<Option<Event>, sqlx::Error> {
    let r =
        sqlx::query(&format!("SELECT {COLUMNS} FROM events e WHERE e.id = $1")).bind(id).fetch_optional(conn).await?;
    r.as_ref().map(row).transpose()
}

/// Events not over at `now` (cancelled ones too: a calendar learns they are cancelled), soonest
/// first, of one kind when given.
pub async fn upcoming(conn: &mut Conn, now: i64, kind: Option<&str>) -> Result<Vec<Event>, sqlx::Error> {
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM events e WHERE e.ends_at > $1 AND ($2 = '' OR e.kind = $2) \
         ORDER BY e.starts_at, e.id LIMIT 500"
    ))
    .bind(now)
    .bind(kind.unwrap_or(""))
    .fetch_all(conn)
    .await?;
    rows.iter().map(row).collect()
}

/// Every event of an agency (all: `None`), the latest first.
pub async fn staff_list(conn: &mut Conn, agency: Option<&str>) -> Result<Vec<Event>, sqlx::Error> {
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM events e WHERE ($1 = '' OR e.agency_id = $1) ORDER BY e.starts_at DESC, e.id DESC LIMIT 500"
    ))
    .bind(agency.unwrap_or(""))
    .fetch_all(conn)
    .await?;
    rows.iter().map(row).collect()
}

pub async fn slug_taken(conn: &mut Conn, slug: &str) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query("SELECT 1 FROM events WHERE slug = $1").bind(slug).fetch_optional(conn).await?.is_some())
}

pub async fn insert(tx: &mut Tx, slug: &str, d: &Draft, user_id: i64, now: i64) -> Result<i64, sqlx::Error> {
    let r = sqlx::query(
        "INSERT INTO events (slug, kind, agency_id, title, description, place_name, place_address, lat_e6, lon_e6, \
         starts_at, ends_at, capacity, registration_opens_at, registration_closes_at, created_by, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $16) RETURNING id",
    )
    .bind(slug)
    .bind(&d.kind)
    .bind(&d.agency_id)
    .bind(&d.title)
    .bind(&d.description)
    .bind(&d.place_name)
    .bind(&d.place_address)
    .bind(d.lat_e6)
    .bind(d.lon_e6)
    .bind(d.starts_at)
    .bind(d.ends_at)
    .bind(d.capacity)
    .bind(d.registration_opens_at)
    .bind(d.registration_closes_at)
    .bind(user_id)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    r.try_get(0)
}

/// Save an edit; refused (false) when the new capacity is below the seats already taken.
pub async fn update(tx: &mut Tx, id: i64, d: &Draft, now: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE events SET kind = $1, agency_id = $2, title = $3, description = $4, place_name = $5, \
         place_address = $6, lat_e6 = $7, lon_e6 = $8, starts_at = $9, ends_at = $10, capacity = $11, \
         registration_opens_at = $12, registration_closes_at = $13, updated_at = $14 \
         WHERE id = $15 AND ($11 IS NULL OR seats_taken <= $11)",
    )
    .bind(&d.kind)
    .bind(&d.agency_id)
    .bind(&d.title)
    .bind(&d.description)
    .bind(&d.place_name)
    .bind(&d.place_address)
    .bind(d.lat_e6)
    .bind(d.lon_e6)
    .bind(d.starts_at)
    .bind(d.ends_at)
    .bind(d.capacity)
    .bind(d.registration_opens_at)
    .bind(d.registration_closes_at)
    .bind(now)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Cancel an event (once): whether this call cancelled it.
pub async fn cancel(tx: &mut Tx, id: i64, now: i64) -> Result<bool, sqlx::Error> {
    let done =
        sqlx::query("UPDATE events SET cancelled_at = $1, updated_at = $1 WHERE id = $2 AND cancelled_at IS NULL")
            .bind(now)
            .bind(id)
            .execute(&mut **tx)
            .await?;
    Ok(done.rows_affected() == 1)
}

/// An event's seats: not cancelled, and a free seat unless the event has no limit.
const SEATS: crate::db::places::Places = crate::db::places::Places {
    table: "events",
    taken: "seats_taken",
    open: "cancelled_at IS NULL AND (capacity IS NULL OR seats_taken < capacity)",
};

/// Take a seat (of two people taking the last seat at once, exactly one gets it).
pub async fn take_seat(tx: &mut Tx, id: i64) -> Result<bool, sqlx::Error> {
    SEATS.take(tx, id, None).await
}

pub async fn release_seat(tx: &mut Tx, id: i64) -> Result<(), sqlx::Error> {
    SEATS.release(tx, id).await
}

/// A registration (`registered`, `waiting` or `cancelled`).
#[derive(Clone, Debug)]
pub struct Registration {
    pub id: i64,
    pub event_id: i64,
    pub user_id: i64,
    pub status: String,
    pub queued_at: i64,
    pub created_at: i64,
    pub updated_at: i64,
}

const REG_COLUMNS: &str = "r.id, r.event_id, r.user_id, r.status, r.queued_at, r.created_at, r.updated_at";

fn reg(r: &db::Row) -> Result<Registration, sqlx::Error> {
    Ok(Registration {
        id: r.try_get(0)?,
        event_id: r.try_get(1)?,
        user_id: r.try_get(2)?,
        status: r.try_get(3)?,
        queued_at: r.try_get(4)?,
        created_at: r.try_get(5)?,
        updated_at: r.try_get(6)?,
    })
}

pub async fn registration(conn: &mut Conn, event_id: i64, user_id: i64) -> Result<Option<Registration>, sqlx::Error> {
    let r = sqlx::query(&format!(
        "SELECT {REG_COLUMNS} FROM event_registrations r WHERE r.event_id = $1 AND r.user_id = $2"
    ))
    .bind(event_id)
    .bind(user_id)
    .fetch_optional(conn)
    .await?;
    r.as_ref().map(reg).transpose()
}

/// Register (or put on the waiting list) a citizen with no active registration; false when they
/// have one already (a cancelled one is reused).
pub async fn upsert_registration(
    tx: &mut Tx,
    event_id: i64,
    user_id: i64,
    status: &str,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "INSERT INTO event_registrations (event_id, user_id, status, queued_at, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $4, $4) ON CONFLICT (event_id, user_id) DO UPDATE SET status = excluded.status, \
         queued_at = excluded.queued_at, updated_at = excluded.updated_at WHERE event_registrations.status = 'cancelled'",
    )
    .bind(event_id)
    .bind(user_id)
    .bind(status)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Move a registration from one status to another; false when it was not in `from` any more.
pub async fn set_status(tx: &mut Tx, id: i64, from: &str, to: &str, now: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("UPDATE event_registrations SET status = $1, updated_at = $2 WHERE id = $3 AND status = $4")
        .bind(to)
        .bind(now)
        .bind(id)
        .bind(from)
        .execute(&mut **tx)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// The first on the waiting list: (registration id, user id).
pub async fn first_waiting(tx: &mut Tx, event_id: i64) -> Result<Option<(i64, i64)>, sqlx::Error> {
    let r = sqlx::query(
        "SELECT id, user_id FROM event_registrations WHERE event_id = $1 AND status = 'waiting' \
         ORDER BY queued_at, id LIMIT 1",
    )
    .bind(event_id)
    .fetch_optional(&mut **tx)
    .await?;
    r.map(|r| Ok((r.try_get(0)?, r.try_get(1)?))).transpose()
}

/// A waiting registration's place in the line (1 = next).
pub async fn position(conn: &mut Conn, r: &Registration) -> Result<i64, sqlx::Error> {
    let row = sqlx::query(
        "SELECT COUNT(*) FROM event_registrations WHERE event_id = $1 AND status = 'waiting' \
         AND (queued_at < $2 OR (queued_at = $2 AND id <= $3))",
    )
    .bind(r.event_id)
    .bind(r.queued_at)
    .bind(r.id)
    .fetch_one(conn)
    .await?;
    row.try_get(0)
}

/// Everyone registered or waiting for an event, in order, with their name.
pub async fn attendees(conn: &mut Conn, event_id: i64) -> Result<Vec<(Registration, String)>, sqlx::Error> {
    let rows = sqlx::query(&format!(
        "SELECT {REG_COLUMNS}, u.full_name FROM event_registrations r JOIN users u ON u.id = r.user_id \
         WHERE r.event_id = $1 AND r.status IN ('registered', 'waiting') ORDER BY r.status, r.queued_at, r.id"
    ))
    .bind(event_id)
    .fetch_all(conn)
    .await?;
    rows.iter().map(|r| Ok((reg(r)?, r.try_get(7)?))).collect()
}

/// Everyone registered or waiting (user ids), for a notice to all of them.
pub async fn active_users(tx: &mut Tx, event_id: i64) -> Result<Vec<i64>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT user_id FROM event_registrations WHERE event_id = $1 AND status IN ('registered', 'waiting') ORDER BY id",
    )
    .bind(event_id)
    .fetch_all(&mut **tx)
    .await?;
    rows.iter().map(|r| r.try_get(0)).collect()
}

/// A citizen's registrations with their events, the soonest first.
pub async fn mine(conn: &mut Conn, user_id: i64) -> Result<Vec<Registration>, sqlx::Error> {
    let rows = sqlx::query(&format!(
        "SELECT {REG_COLUMNS} FROM event_registrations r JOIN events e ON e.id = r.event_id \
         WHERE r.user_id = $1 AND r.status IN ('registered', 'waiting') ORDER BY e.starts_at, e.id"
    ))
    .bind(user_id)
    .fetch_all(conn)
    .await?;
    rows.iter().map(reg).collect()
}
