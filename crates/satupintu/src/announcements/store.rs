//! The tables of announcements and subscriptions. Every function takes the caller's
//! transaction or connection.

use sqlx::Row as _;

use super::model::Draft;
use crate::db::{self, Conn, Tx};

/// An announcement as stored.
#[derive(Clone, Debug)]
pub struct Announcement {
    pub id: i64,
    pub slug: String,
    pub kind: String,
    pub agency_id: String,
    pub region: String,
    pub title: String,
    pub summary: String,
    pub body: String,
    pub publish_at: i64,
    pub expires_at: Option<i64>,
    pub withdrawn_at: Option<i64>,
    pub notified_at: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
}

const COLUMNS: &str = "id, slug, kind, agency_id, region, title, summary, body, publish_at, expires_at, \
                       withdrawn_at, notified_at, created_at, updated_at";

/// Public now: published, not expired, not withdrawn (`$1` is now).
const PUBLIC: &str = "withdrawn_at IS NULL AND publish_at <= $1 AND (expires_at IS NULL OR expires_at > $1)";

fn row(r: &db::Row) -> Result<Announcement, sqlx::Error> {
    Ok(Announcement {
        id: r.try_get(0)?,
        slug: r.try_get(1)?,
        kind: r.try_get(2)?,
        agency_id: r.try_get(3)?,
        region: r.try_get(4)?,
        title: r.try_get(5)?,
        summary: r.try_get(6)?,
        body: r.try_get(7)?,
        publish_at: r.try_get(8)?,
        expires_at: r.try_get(9)?,
        withdrawn_at: r.try_get(10)?,
        notified_at: r.try_get(11)?,
        created_at: r.try_get(12)?,
        updated_at: r.try_get(13)?,
    })
}

pub async fn by_slug(conn: &mut Conn, slug: &str) -> Result<Option<Announcement>, sqlx::Error> {
    let r = sqlx::query(&format!("SELECT {COLUMNS} FROM announcements WHERE slug = $1"))
        .bind(slug)
        .fetch_optional(conn)
        .await?;
    r.as_ref().map(row).transpose()
}

pub async fn by_id(conn: &mut Conn, id: i64) -> Result<Option<Announcement>, sqlx::Error> {
    let r = sqlx::query(&format!("SELECT {COLUMNS} FROM announcements WHERE id = $1"))
        .bind(id)
        .fetch_optional(conn)
        .await?;
    r.as_ref().map(row).transpose()
}

/// Public announcements, newest first (of one agency when given).
pub async fn public_list(
    conn: &mut Conn,
    now: i64,
    agency: Option<&str>,
    limit: i64,
    offset: i64,
) -> Result<Vec<Announcement>, sqlx::Error> {
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM announcements WHERE {PUBLIC} AND ($2 = '' OR agency_id = $2) \
         ORDER BY publish_at DESC, id DESC LIMIT $3 OFFSET $4"
    ))
    .bind(now)
    .bind(agency.unwrap_or(""))
    .bind(limit)
    .bind(offset)
    .fetch_all(conn)
    .await?;
    rows.iter().map(row).collect()
}

pub async fn public_count(conn: &mut Conn, now: i64, agency: Option<&str>) -> Result<i64, sqlx::Error> {
    let r = sqlx::query(&format!("SELECT COUNT(*) FROM announcements WHERE {PUBLIC} AND ($2 = '' OR agency_id = $2)"))
        .bind(now)
        .bind(agency.unwrap_or(""))
        .fetch_one(conn)
        .await?;
    r.try_get(0)
}

/// Every announcement of an agency (all agencies: `None`), the latest publishing time first.
pub async fn staff_list(conn: &mut Conn, agency: Option<&str>) -> Result<Vec<Announcement>, sqlx::Error> {
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM announcements WHERE ($1 = '' OR agency_id = $1) ORDER BY publish_at DESC, id DESC LIMIT 500"
    ))
    .bind(agency.unwrap_or(""))
    .fetch_all(conn)
    .await?;
    rows.iter().map(row).collect()
}

pub async fn slug_taken(conn: &mut Conn, slug: &str) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query("SELECT 1 FROM announcements WHERE slug = $1").bind(slug).fetch_optional(conn).await?.is_some())
}

pub async fn insert(tx: &mut Tx, slug: &str, d: &Draft, user_id: i64, now: i64) -> Result<i64, sqlx::Error> {
    let r = sqlx::query(
        "INSERT INTO announcements (slug, kind, agency_id, region, title, summary, body, publish_at, expires_at, \
         created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) RETURNING id",
    )
    .bind(slug)
    .bind(&d.kind)
    .bind(&d.agency_id)
    .bind(&d.region)
    .bind(&d.title)
    .bind(&d.summary)
    .bind(&d.body)
    .bind(d.publish_at)
    .bind(d.expires_at)
    .bind(user_id)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    r.try_get(0)
}

pub async fn update(tx: &mut Tx, id: i64, d: &Draft, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE announcements SET kind = $1, agency_id = $2, region = $3, title = $4, summary = $5, body = $6, \
         publish_at = $7, expires_at = $8, updated_at = $9 WHERE id = $10",
    )
    .bind(&d.kind)
    .bind(&d.agency_id)
    .bind(&d.region)
    .bind(&d.title)
    .bind(&d.summary)
    .bind(&d.body)
    .bind(d.publish_at)
    .bind(d.expires_at)
    .bind(now)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Withdraw an announcement (once): whether this call withdrew it.
pub async fn withdraw(conn: &mut Conn, id: i64, now: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE announcements SET withdrawn_at = $1, updated_at = $1 WHERE id = $2 AND withdrawn_at IS NULL",
    )
    .bind(now)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Announcements public at `now` whose subscribers have not been notified yet.
pub async fn due(conn: &mut Conn, now: i64) -> Result<Vec<i64>, sqlx::Error> {
    let rows = sqlx::query(&format!(
        "SELECT id FROM announcements WHERE notified_at IS NULL AND {PUBLIC} ORDER BY publish_at, id LIMIT 100"
    ))
    .bind(now)
    .fetch_all(conn)
    .await?;
    rows.iter().map(|r| r.try_get(0)).collect()
}

/// Claim an announcement for notifying: true for exactly one caller, whatever the number of
/// processes (a second UPDATE waits for the first's row lock, then finds `notified_at` set).
pub async fn claim(tx: &mut Tx, id: i64, now: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(&format!(
        "UPDATE announcements SET notified_at = $1 WHERE id = $2 AND notified_at IS NULL AND {PUBLIC}"
    ))
    .bind(now)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Citizens subscribed to an agency's announcements (to all, or to this agency), each once.
pub async fn subscribers(tx: &mut Tx, agency: &str) -> Result<Vec<i64>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT DISTINCT user_id FROM announcement_subscriptions WHERE agency_id = '' OR agency_id = $1 ORDER BY user_id",
    )
    .bind(agency)
    .fetch_all(&mut **tx)
    .await?;
    rows.iter().map(|r| r.try_get(0)).collect()
}

/// A citizen's subscriptions ('' = every agency).
pub async fn subscriptions(conn: &mut Conn, user_id: i64) -> Result<Vec<String>, sqlx::Error> {
    let rows = sqlx::query("SELECT agency_id FROM announcement_subscriptions WHERE user_id = $1 ORDER BY agency_id")
        .bind(user_id)
        .fetch_all(conn)
        .await?;
    rows.iter().map(|r| r.try_get(0)).collect()
}

/// Replace a citizen's subscriptions.
pub async fn set_subscriptions(tx: &mut Tx, user_id: i64, agencies: &[String], now: i64) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM announcement_subscriptions WHERE user_id = $1").bind(user_id).execute(&mut **tx).await?;
    for a in agencies {
        sqlx::query("INSERT INTO announcement_subscriptions (user_id, agency_id, created_at) VALUES ($1, $2, $3)")
            .bind(user_id)
            .bind(a)
            .bind(now)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}
