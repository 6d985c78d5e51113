//! The tables of proactive notices: consents and their record, recorded documents, family
//! members, and the notices sent.

use serde::Serialize;
use sqlx::Row as _;

use super::model::{DocumentDraft, MemberDraft};
use crate::db::{Conn, Tx};

/// A citizen's consent to one kind of notice (none stored: not given).
pub async fn consents(conn: &mut Conn, user_id: i64) -> Result<Vec<(String, bool)>, sqlx::Error> {
    let rows = sqlx::query("SELECT kind, granted FROM proactive_consents WHERE user_id = $1")
        .bind(user_id)
        .fetch_all(conn)
        .await?;
    rows.iter().map(|r| Ok((r.try_get(0)?, r.try_get::<i64, _>(1)? != 0))).collect()
}

/// Whether `user_id` has given consent to `kind` now (read in the caller's transaction).
pub async fn granted(tx: &mut Tx, user_id: i64, kind: &str) -> Result<bool, sqlx::Error> {
    let row = sqlx::query("SELECT granted FROM proactive_consents WHERE user_id = $1 AND kind = $2")
        .bind(user_id)
        .bind(kind)
        .fetch_optional(&mut **tx)
        .await?;
    Ok(match row {
        Some(r) => r.try_get::<i64, _>(0)? != 0,
        None => false,
    })
}

/// Set one consent and record the change.
pub async fn set_consent(tx: &mut Tx, user_id: i64, kind: &str, on: bool, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO proactive_consents (user_id, kind, granted, updated_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (user_id, kind) DO UPDATE SET granted = excluded.granted, updated_at = excluded.updated_at",
    )
    .bind(user_id)
    .bind(kind)
    .bind(i64::from(on))
    .bind(now)
    .execute(&mut **tx)
    .await?;
    sqlx::query("INSERT INTO proactive_consent_log (user_id, kind, granted, created_at) VALUES ($1, $2, $3, $4)")
        .bind(user_id)
        .bind(kind)
        .bind(i64::from(on))
        .bind(now)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// A recorded change of consent.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct ConsentChange {
    pub kind: String,
    pub granted: bool,
    /// Unix seconds.
    pub at: i64,
}

/// The citizen's consent changes, newest first.
pub async fn consent_log(conn: &mut Conn, user_id: i64) -> Result<Vec<ConsentChange>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT kind, granted, created_at FROM proactive_consent_log WHERE user_id = $1 \
         ORDER BY created_at DESC, id DESC LIMIT 100",
    )
    .bind(user_id)
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|r| Ok(ConsentChange { kind: r.try_get(0)?, granted: r.try_get::<i64, _>(1)? != 0, at: r.try_get(2)? }))
        .collect()
}

/// The citizens who have given consent to `kind`.
pub async fn consenting(conn: &mut Conn, kind: &str) -> Result<Vec<i64>, sqlx::Error> {
    let rows = sqlx::query("SELECT user_id FROM proactive_consents WHERE kind = $1 AND granted = 1 ORDER BY user_id")
        .bind(kind)
        .fetch_all(conn)
        .await?;
    rows.iter().map(|r| r.try_get(0)).collect()
}

/// A document the citizen recorded.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct OwnDocument {
    pub id: i64,
    pub kind: String,
    pub label: String,
    /// The last characters of its number (the rest is never stored).
    pub number_tail: String,
    /// `YYYY-MM-DD`.
    pub expires_on: String,
}

const DOC_COLUMNS: &str = "id, kind, label, number_tail, expires_on";

fn own_document(r: &crate::db::Row) -> Result<OwnDocument, sqlx::Error> {
    Ok(OwnDocument {
        id: r.try_get(0)?,
        kind: r.try_get(1)?,
        label: r.try_get(2)?,
        number_tail: r.try_get(3)?,
        expires_on: r.try_get(4)?,
    })
}

/// The citizen's documents, soonest expiry first.
pub async fn documents(conn: &mut Conn, user_id: i64) -> Result<Vec<OwnDocument>, sqlx::Error> {
    let sql = format!("SELECT {DOC_COLUMNS} FROM proactive_documents WHERE user_id = $1 ORDER BY expires_on, id");
    let rows = sqlx::query(&sql).bind(user_id).fetch_all(conn).await?;
    rows.iter().map(own_document).collect()
}

/// One of the citizen's documents (none when it is someone else's).
pub async fn document(conn: &mut Conn, user_id: i64, id: i64) -> Result<Option<OwnDocument>, sqlx::Error> {
    let sql = format!("SELECT {DOC_COLUMNS} FROM proactive_documents WHERE id = $1 AND user_id = $2");
    let row = sqlx::query(&sql).bind(id).bind(user_id).fetch_optional(conn).await?;
    row.as_ref().map(own_document).transpose()
}

pub async fn insert_document(tx: &mut Tx, user_id: i64, d: &DocumentDraft, now: i64) -> Result<i64, sqlx::Error> {
    sqlx::query(
        "INSERT INTO proactive_documents (user_id, kind, label, number_tail, expires_on, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id",
    )
    .bind(user_id)
    .bind(&d.kind)
    .bind(&d.label)
    .bind(&d.number_tail)
    .bind(d.expires_on.to_string())
    .bind(now)
    .fetch_one(&mut **tx)
    .await?
    .try_get(0)
}

/// Change one of the citizen's documents (false when it is not theirs). A new number replaces
/// the kept tail; an empty one keeps it.
pub async fn update_document(
    tx: &mut Tx,
    user_id: i64,
    id: i64,
    d: &DocumentDraft,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE proactive_documents SET kind = $1, label = $2, \
         number_tail = CASE WHEN $3 = '' THEN number_tail ELSE $3 END, expires_on = $4, updated_at = $5 \
         WHERE id = $6 AND user_id = $7",
    )
    .bind(&d.kind)
    .bind(&d.label)
    .bind(&d.number_tail)
    .bind(d.expires_on.to_string())
    .bind(now)
    .bind(id)
    .bind(user_id)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn delete_document(tx: &mut Tx, user_id: i64, id: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("DELETE FROM proactive_documents WHERE id = $1 AND user_id = $2")
        .bind(id)
        .bind(user_id)
        .execute(&mut **tx)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// The citizen's documents that expire between `from` and `to` (ISO dates, inclusive).
pub async fn documents_expiring(
    conn: &mut Conn,
    user_id: i64,
    from: &str,
    to: &str,
) -> Result<Vec<OwnDocument>, sqlx::Error> {
    let sql = format!(
        "SELECT {DOC_COLUMNS} FROM proactive_documents WHERE user_id = $1 AND expires_on >= $2 AND expires_on <= $3 \
         ORDER BY expires_on, id"
    );
    let rows = sqlx::query(&sql).bind(user_id).bind(from).bind(to).fetch_all(conn).await?;
    rows.iter().map(own_document).collect()
}

/// A family member the citizen recorded.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct Member {
    pub id: i64,
    pub name: String,
    /// `YYYY-MM-DD`.
    pub birth_date: String,
    /// The NIK with its middle hidden (empty when only a birth date was given).
    pub nik_masked: String,
}

pub async fn members(conn: &mut Conn, user_id: i64) -> Result<Vec<Member>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT id, name, birth_date, nik_masked FROM proactive_family WHERE user_id = $1 ORDER BY birth_date, id",
    )
    .bind(user_id)
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Member { id: r.try_get(0)?, name: r.try_get(1)?, birth_date: r.try_get(2)?, nik_masked: r.try_get(3)? })
        })
        .collect()
}

pub async fn insert_member(tx: &mut Tx, user_id: i64, m: &MemberDraft, now: i64) -> Result<i64, sqlx::Error> {
    sqlx::query(
        "INSERT INTO proactive_family (user_id, name, birth_date, nik_masked, created_at) \
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(user_id)
    .bind(&m.name)
    .bind(m.birth_date.to_string())
    .bind(&m.nik_masked)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?
    .try_get(0)
}

pub async fn delete_member(tx: &mut Tx, user_id: i64, id: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("DELETE FROM proactive_family WHERE id = $1 AND user_id = $2")
        .bind(id)
        .bind(user_id)
        .execute(&mut **tx)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Mark a notice sent; false when it already was (by this or another process).
pub async fn mark_sent(tx: &mut Tx, key: &str, user_id: i64, kind: &str, now: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "INSERT INTO proactive_sent (notice_key, user_id, kind, created_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (notice_key) DO NOTHING",
    )
    .bind(key)
    .bind(user_id)
    .bind(kind)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}
