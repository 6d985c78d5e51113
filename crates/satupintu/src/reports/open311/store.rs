//! What Open311 reads of the report tables beyond [`super::super::store`]: the public list with
//! several categories and states at once, and per-report facts read in one query per page.

use std::collections::HashMap;

use sqlx::Row as _;

use crate::db::{placeholders, Conn};
use crate::reports::store::{report, Report, COLUMNS};

/// Public reports (not confidential, not hidden) sent between `since` and `until` (unix
/// seconds, both included), of any of `categories` and `states` (all when empty), newest first.
pub async fn public_requests(
    conn: &mut Conn,
    categories: &[String],
    states: &[&str],
    (since, until): (i64, i64),
    limit: i64,
) -> Result<Vec<Report>, sqlx::Error> {
    let mut sql = format!(
        "SELECT {COLUMNS} FROM reports WHERE privacy <> 'confidential' AND hidden = 0 \
         AND created_at >= $1 AND created_at <= $2"
    );
    let mut next = 3;
    if !categories.is_empty() {
        sql.push_str(&format!(" AND category IN ({})", placeholders(next, categories.len())));
        next += categories.len();
    }
    if !states.is_empty() {
        sql.push_str(&format!(" AND status IN ({})", placeholders(next, states.len())));
        next += states.len();
    }
    sql.push_str(&format!(" ORDER BY created_at DESC, id DESC LIMIT ${next}"));
    let mut q = sqlx::query(&sql).bind(since).bind(until);
    for c in categories {
        q = q.bind(c.as_str());
    }
    for s in states {
        q = q.bind(*s);
    }
    q.bind(limit).fetch_all(conn).await?.iter().map(report).collect()
}

/// The public reports among `codes` (in no particular order).
pub async fn public_by_codes(conn: &mut Conn, codes: &[String]) -> Result<Vec<Report>, sqlx::Error> {
    if codes.is_empty() {
        return Ok(vec![]);
    }
    let sql = format!(
        "SELECT {COLUMNS} FROM reports WHERE privacy <> 'confidential' AND hidden = 0 AND code IN ({})",
        placeholders(1, codes.len())
    );
    let q = codes.iter().fold(sqlx::query(&sql), |q, c| q.bind(c.as_str()));
    q.fetch_all(conn).await?.iter().map(report).collect()
}

/// Per report of `ids`: the latest public note of its history, the number (from 1, as
/// `/api/v1/reports/{code}/photos/{n}` counts) of its first photo not hidden, and the media link
/// its sender gave.
#[derive(Default)]
pub struct Extras {
    pub notes: HashMap<i64, String>,
    pub photos: HashMap<i64, usize>,
    pub media: HashMap<i64, String>,
}

pub async fn extras(conn: &mut Conn, ids: &[i64]) -> Result<Extras, sqlx::Error> {
    let mut out = Extras::default();
    if ids.is_empty() {
        return Ok(out);
    }
    let list = placeholders(1, ids.len());
    let sql = format!(
        "SELECT report_id, note FROM report_events WHERE report_id IN ({list}) AND public = 1 \
         AND note IS NOT NULL ORDER BY id"
    );
    let rows = ids.iter().fold(sqlx::query(&sql), |q, id| q.bind(*id)).fetch_all(&mut *conn).await?;
    for r in rows {
        let note: String = r.try_get(1)?;
        if !note.trim().is_empty() {
            out.notes.insert(r.try_get(0)?, note);
        }
    }
    let sql = format!("SELECT report_id, hidden FROM report_photos WHERE report_id IN ({list}) ORDER BY report_id, id");
    let rows = ids.iter().fold(sqlx::query(&sql), |q, id| q.bind(*id)).fetch_all(&mut *conn).await?;
    let mut seen: HashMap<i64, usize> = HashMap::new();
    for r in rows {
        let (id, hidden): (i64, i64) = (r.try_get(0)?, r.try_get(1)?);
        let n = seen.entry(id).or_default();
        *n += 1;
        if hidden == 0 {
            out.photos.entry(id).or_insert(*n);
        }
    }
    let sql = format!("SELECT id, media_url FROM reports WHERE id IN ({list}) AND media_url IS NOT NULL");
    let rows = ids.iter().fold(sqlx::query(&sql), |q, id| q.bind(*id)).fetch_all(&mut *conn).await?;
    for r in rows {
        out.media.insert(r.try_get(0)?, r.try_get(1)?);
    }
    Ok(out)
}
