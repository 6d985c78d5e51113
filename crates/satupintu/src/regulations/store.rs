//! The tables of regulations and their versions.

use serde::Serialize;
use sqlx::Row as _;
use utoipa::ToSchema;

use super::model::Draft;
use crate::db::{self, Conn, Tx};

/// A regulation as listed (without the text).
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Regulation {
    pub id: String,
    pub kind: String,
    pub number: String,
    pub year: i64,
    pub title: String,
    pub agency_id: Option<String>,
    pub subject: String,
    /// `in_force` or `revoked`.
    pub status: String,
    /// Why the status changed (e.g. "Dicabut dengan Perda 2/2026"); empty while in force.
    pub status_note: String,
    pub current_version: i64,
    /// Unix seconds.
    pub updated_at: i64,
}

/// One version of a regulation's text.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Version {
    pub version: i64,
    pub enacted_on: String,
    pub effective_on: String,
    /// What this version changed.
    pub note: String,
    pub body: String,
    /// Unix seconds.
    pub created_at: i64,
}

const COLUMNS: &str =
    "id, kind, number, year, title, agency_id, subject, status, status_note, current_version, updated_at";

fn regulation(r: &db::Row) -> Result<Regulation, sqlx::Error> {
    Ok(Regulation {
        id: r.try_get(0)?,
        kind: r.try_get(1)?,
        number: r.try_get(2)?,
        year: r.try_get(3)?,
        title: r.try_get(4)?,
        agency_id: r.try_get(5)?,
        subject: r.try_get(6)?,
        status: r.try_get(7)?,
        status_note: r.try_get(8)?,
        current_version: r.try_get(9)?,
        updated_at: r.try_get(10)?,
    })
}

/// Filters of the public list; empty strings filter nothing.
#[derive(Clone, Debug, Default)]
pub struct Filter {
    pub q: String,
    pub kind: String,
    pub year: Option<i64>,
    pub agency: String,
    pub status: String,
}

/// Regulations matching `f`, newest year first, with the total count.
pub async fn list(conn: &mut Conn, f: &Filter, limit: i64, offset: i64) -> Result<(Vec<Regulation>, i64), sqlx::Error> {
    let like = format!("%{}%", f.q.to_lowercase().replace(['%', '_'], ""));
    let clause = "($1 = '' OR LOWER(title) LIKE $2 OR LOWER(subject) LIKE $2 OR number = $1) \
         AND ($3 = '' OR kind = $3) AND ($4 < 0 OR year = $4) AND ($5 = '' OR agency_id = $5) \
         AND ($6 = '' OR status = $6)";
    let year = f.year.unwrap_or(-1);
    let total: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM regulations WHERE {clause}"))
        .bind(&f.q)
        .bind(&like)
        .bind(&f.kind)
        .bind(year)
        .bind(&f.agency)
        .bind(&f.status)
        .fetch_one(&mut *conn)
        .await?;
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM regulations WHERE {clause} ORDER BY year DESC, updated_at DESC, id LIMIT $7 OFFSET $8"
    ))
    .bind(&f.q)
    .bind(&like)
    .bind(&f.kind)
    .bind(year)
    .bind(&f.agency)
    .bind(&f.status)
    .bind(limit)
    .bind(offset)
    .fetch_all(conn)
    .await?;
    Ok((rows.iter().map(regulation).collect::<Result<_, _>>()?, total))
}

pub async fn get(conn: &mut Conn, id: &str) -> Result<Option<Regulation>, sqlx::Error> {
    let row =
        sqlx::query(&format!("SELECT {COLUMNS} FROM regulations WHERE id = $1")).bind(id).fetch_optional(conn).await?;
    row.as_ref().map(regulation).transpose()
}

/// The years that have regulations, newest first (for the filter).
pub async fn years(conn: &mut Conn) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT DISTINCT year FROM regulations ORDER BY year DESC").fetch_all(conn).await
}

pub async fn version(conn: &mut Conn, id: &str, version: i64) -> Result<Option<Version>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT version, enacted_on, effective_on, note, body, created_at FROM regulation_versions \
         WHERE regulation_id = $1 AND version = $2",
    )
    .bind(id)
    .bind(version)
    .fetch_optional(conn)
    .await?;
    row.map(|r| {
        Ok(Version {
            version: r.try_get(0)?,
            enacted_on: r.try_get(1)?,
            effective_on: r.try_get(2)?,
            note: r.try_get(3)?,
            body: r.try_get(4)?,
            created_at: r.try_get(5)?,
        })
    })
    .transpose()
}

/// Every version without its text, newest first.
pub async fn versions(conn: &mut Conn, id: &str) -> Result<Vec<Version>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT version, enacted_on, effective_on, note, created_at FROM regulation_versions \
         WHERE regulation_id = $1 ORDER BY version DESC",
    )
    .bind(id)
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Version {
                version: r.try_get(0)?,
                enacted_on: r.try_get(1)?,
                effective_on: r.try_get(2)?,
                note: r.try_get(3)?,
                body: String::new(),
                created_at: r.try_get(4)?,
            })
        })
        .collect()
}

/// Insert a new regulation with its first version; false when the id is taken.
pub async fn insert(tx: &mut Tx, id: &str, d: &Draft, user: Option<i64>, now: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "INSERT INTO regulations (id, kind, number, year, title, agency_id, subject, current_version, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, 1, $8, $8) ON CONFLICT (id) DO NOTHING",
    )
    .bind(id)
    .bind(&d.kind)
    .bind(&d.number)
    .bind(d.year)
    .bind(&d.title)
    .bind(&d.agency_id)
    .bind(&d.subject)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    if done.rows_affected() == 0 {
        return Ok(false);
    }
    insert_version(tx, id, 1, d, user, now).await?;
    Ok(true)
}

async fn insert_version(
    tx: &mut Tx,
    id: &str,
    version: i64,
    d: &Draft,
    user: Option<i64>,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO regulation_versions (regulation_id, version, enacted_on, effective_on, note, body, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(id)
    .bind(version)
    .bind(&d.enacted_on)
    .bind(&d.effective_on)
    .bind(&d.note)
    .bind(&d.body)
    .bind(user)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Add the next version (the caller read `current` in the same transaction); false when another
/// version was added meanwhile.
pub async fn add_version(
    tx: &mut Tx,
    id: &str,
    current: i64,
    d: &Draft,
    user: Option<i64>,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let moved = sqlx::query(
        "UPDATE regulations SET current_version = current_version + 1, title = $1, subject = $2, updated_at = $3 \
         WHERE id = $4 AND current_version = $5",
    )
    .bind(&d.title)
    .bind(&d.subject)
    .bind(now)
    .bind(id)
    .bind(current)
    .execute(&mut **tx)
    .await?;
    if moved.rows_affected() == 0 {
        return Ok(false);
    }
    insert_version(tx, id, current + 1, d, user, now).await?;
    Ok(true)
}

pub async fn set_status(tx: &mut Tx, id: &str, status: &str, note: &str, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE regulations SET status = $1, status_note = $2, updated_at = $3 WHERE id = $4")
        .bind(status)
        .bind(note)
        .bind(now)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}
