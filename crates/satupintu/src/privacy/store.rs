//! The `privacy_requests` table, and the reads and deletions across the other capabilities'
//! tables that data subject rights need. These are the one place outside a capability that
//! touches its tables: an export and an erasure must see every table at once, in one
//! transaction, and [`super::model::EXPORTS`] / [`super::model::RECORDS`] list each table
//! they touch, so a table added elsewhere fails the completeness test until it is listed.

use serde::Serialize;
use serde_json::{Map, Value};
use sqlx::{Column as _, Row as _};

use super::model::SECRET_COLUMNS;
use crate::db::{Conn, Row, Tx};

/// One row as JSON: every column but the secret ones, `*_json` columns parsed.
fn row_json(row: &Row) -> Map<String, Value> {
    let mut out = Map::new();
    for (i, col) in row.columns().iter().enumerate() {
        let name = col.name();
        if SECRET_COLUMNS.contains(&name) {
            continue;
        }
        let value = if let Ok(v) = row.try_get::<Option<i64>, _>(i) {
            v.map(Value::from).unwrap_or(Value::Null)
        } else if let Ok(v) = row.try_get::<Option<f64>, _>(i) {
            v.map(Value::from).unwrap_or(Value::Null)
        } else if let Ok(v) = row.try_get::<Option<String>, _>(i) {
            match v {
                Some(s) if name.ends_with("_json") => serde_json::from_str(&s).unwrap_or(Value::String(s)),
                Some(s) => Value::String(s),
                None => Value::Null,
            }
        } else if let Ok(v) = row.try_get::<Option<bool>, _>(i) {
            v.map(Value::from).unwrap_or(Value::Null)
        } else {
            Value::Null
        };
        out.insert(name.to_string(), value);
    }
    out
}

/// The rows of one export query for a citizen.
pub async fn export_rows(tx: &mut Tx, sql: &str, user_id: i64) -> Result<Vec<Map<String, Value>>, sqlx::Error> {
    let rows = sqlx::query(sql).bind(user_id).fetch_all(&mut **tx).await?;
    Ok(rows.iter().map(row_json).collect())
}

// ---------------------------------------------------------------------------------------
// Requests.

/// A data subject request: a correction (`pending`, then `applied` or `refused`) or a deletion
/// (`done` at once, with its outcome).
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
#[schema(as = PrivacyRequest)]
pub struct Request {
    pub id: i64,
    pub user_id: i64,
    /// `correction` or `deletion`.
    pub kind: String,
    pub field: String,
    pub problem: String,
    pub correct_value: String,
    pub status: String,
    pub reason: String,
    /// A deletion's outcome: what was deleted, what is kept, how long and why.
    #[schema(value_type = Option<Object>)]
    pub outcome: Option<Value>,
    pub created_at: i64,
    pub decided_at: Option<i64>,
}

const REQUEST_COLS: &str =
    "id, user_id, kind, field, problem, correct_value, status, reason, outcome_json, created_at, decided_at";

fn request(r: &Row) -> Result<Request, sqlx::Error> {
    Ok(Request {
        id: r.try_get(0)?,
        user_id: r.try_get(1)?,
        kind: r.try_get(2)?,
        field: r.try_get(3)?,
        problem: r.try_get(4)?,
        correct_value: r.try_get(5)?,
        status: r.try_get(6)?,
        reason: r.try_get(7)?,
        outcome: r.try_get::<Option<String>, _>(8)?.and_then(|s| serde_json::from_str(&s).ok()),
        created_at: r.try_get(9)?,
        decided_at: r.try_get(10)?,
    })
}

#[allow(clippy::too_many_arguments)]
pub async fn insert_request(
    tx: &mut Tx,
    user_id: i64,
    kind: &str,
    field: &str,
    problem: &str,
    correct_value: &str,
    status: &str,
    outcome: Option<&Value>,
    now: i64,
) -> Result<i64, sqlx::Error> {
    let row = sqlx::query(
        "INSERT INTO privacy_requests (user_id, kind, field, problem, correct_value, status, outcome_json, created_at, \
         decided_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(user_id)
    .bind(kind)
    .bind(field)
    .bind(problem)
    .bind(correct_value)
    .bind(status)
    .bind(outcome.map(Value::to_string))
    .bind(now)
    .bind(outcome.map(|_| now))
    .fetch_one(&mut **tx)
    .await?;
    row.try_get(0)
}

pub async fn requests_of(conn: &mut Conn, user_id: i64) -> Result<Vec<Request>, sqlx::Error> {
    let sql = format!("SELECT {REQUEST_COLS} FROM privacy_requests WHERE user_id = $1 ORDER BY id DESC");
    let rows = sqlx::query(&sql).bind(user_id).fetch_all(conn).await?;
    rows.iter().map(request).collect()
}

/// Every request, those waiting first, then the newest (at most `limit`).
pub async fn all_requests(conn: &mut Conn, limit: i64) -> Result<Vec<Request>, sqlx::Error> {
    let sql = format!(
        "SELECT {REQUEST_COLS} FROM privacy_requests \
         ORDER BY CASE WHEN status = 'pending' THEN 0 ELSE 1 END, id DESC LIMIT $1"
    );
    let rows = sqlx::query(&sql).bind(limit).fetch_all(conn).await?;
    rows.iter().map(request).collect()
}

pub async fn request_for_update(tx: &mut Tx, id: i64) -> Result<Option<Request>, sqlx::Error> {
    let sql = format!("SELECT {REQUEST_COLS} FROM privacy_requests WHERE id = $1");
    sqlx::query(&sql).bind(id).fetch_optional(&mut **tx).await?.as_ref().map(request).transpose()
}

/// Decide a pending request; `false` when it was decided already.
pub async fn decide(
    tx: &mut Tx,
    id: i64,
    status: &str,
    reason: &str,
    staff: i64,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE privacy_requests SET status = $1, reason = $2, decided_by = $3, decided_at = $4 \
         WHERE id = $5 AND status = 'pending'",
    )
    .bind(status)
    .bind(reason)
    .bind(staff)
    .bind(now)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

// ---------------------------------------------------------------------------------------
// Erasure.

/// Statements that delete a citizen's rows of the record types a deletion removes, children
/// first (`$1` is the citizen's id).
pub const ERASE: &[(&str, &str)] = &[
    ("sessions", "DELETE FROM sessions WHERE user_id = $1"),
    ("notifications", "DELETE FROM outbox WHERE recipient_id = $1"),
    ("notifications", "DELETE FROM notification_prefs WHERE user_id = $1"),
    ("notifications", "DELETE FROM push_subscriptions WHERE user_id = $1"),
    (
        "assistant",
        "DELETE FROM assistant_messages WHERE conversation_id IN \
         (SELECT id FROM assistant_conversations WHERE user_id = $1)",
    ),
    ("assistant", "DELETE FROM assistant_conversations WHERE user_id = $1"),
    ("proactive", "DELETE FROM proactive_consents WHERE user_id = $1"),
    ("proactive", "DELETE FROM proactive_consent_log WHERE user_id = $1"),
    ("proactive", "DELETE FROM proactive_documents WHERE user_id = $1"),
    ("proactive", "DELETE FROM proactive_family WHERE user_id = $1"),
    ("proactive", "DELETE FROM proactive_sent WHERE user_id = $1"),
    ("exchange_consents", "DELETE FROM exchange_consents WHERE user_id = $1"),
    ("national_id", "DELETE FROM oidc_identities WHERE user_id = $1"),
    ("announcement_subscriptions", "DELETE FROM announcement_subscriptions WHERE user_id = $1"),
    // The seats of the citizen's registrations are given back before the rows go.
    (
        "event_registrations",
        "UPDATE events SET seats_taken = seats_taken - 1 WHERE seats_taken > 0 AND id IN \
         (SELECT event_id FROM event_registrations WHERE user_id = $1 AND status = 'registered')",
    ),
    ("event_registrations", "DELETE FROM event_registrations WHERE user_id = $1"),
    ("supports", "DELETE FROM report_supporters WHERE user_id = $1"),
    ("supports", "DELETE FROM part_reports WHERE reporter_id = $1"),
    ("partners", "DELETE FROM partner_members WHERE user_id = $1"),
    // A waste bank keeps its savings book; the customer's address goes.
    ("waste_bank", "UPDATE waste_customers SET address = '', rt = '', rw = '' WHERE user_id = $1"),
    // Waste pickups: the places of scheduled ones are freed first, then the requests go.
    (
        "waste_pickup_places",
        "UPDATE green_windows SET booked = booked - (SELECT COUNT(*) FROM green_pickups p \
         WHERE p.window_id = green_windows.id AND p.user_id = $1 AND p.status = 'scheduled') \
         WHERE id IN (SELECT window_id FROM green_pickups WHERE user_id = $1 AND status = 'scheduled')",
    ),
    ("waste_pickups", "DELETE FROM green_pickups WHERE user_id = $1"),
    ("display", "DELETE FROM display_settings WHERE user_id = $1"),
    // Survey invitations never answered: nothing counts on them.
    ("surveys", "DELETE FROM skm_invitations WHERE citizen_id = $1 AND answered_at IS NULL"),
    // Kept complaints lose the contact details typed into them.
    (
        "reports",
        "UPDATE reports SET reporter_name = NULL, reporter_email = NULL, reporter_phone = NULL WHERE reporter_id = $1",
    ),
];

pub async fn erase_step(tx: &mut Tx, sql: &str, user_id: i64) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query(sql).bind(user_id).execute(&mut **tx).await?.rows_affected())
}

/// For a kept record type: how many rows the citizen has, and the newest time among them
/// (the period runs from it). `None` for record types without such a query.
pub async fn kept_count(tx: &mut Tx, key: &str, user_id: i64) -> Result<Option<(i64, Option<i64>)>, sqlx::Error> {
    let sql = match key {
        "applications" => "SELECT COUNT(*), MAX(updated_at) FROM applications WHERE citizen_id = $1",
        "documents" => {
            "SELECT COUNT(*), MAX(d.issued_at) FROM documents d JOIN applications a ON a.id = d.application_id \
             WHERE a.citizen_id = $1"
        }
        "reports" => "SELECT COUNT(*), MAX(updated_at) FROM reports WHERE reporter_id = $1",
        "health" => {
            "SELECT COUNT(*), MAX(c.updated_at) FROM consultations c JOIN bookings b ON b.id = c.booking_id \
             WHERE b.user_id = $1"
        }
        "appointments" => "SELECT COUNT(*), MAX(updated_at) FROM bookings WHERE user_id = $1",
        "access_logs" => "SELECT COUNT(*), MAX(at) FROM data_access_log WHERE citizen_id = $1",
        "surveys" => "SELECT COUNT(*), MAX(answered_at) FROM skm_invitations WHERE citizen_id = $1",
        "participation" => {
            "SELECT COUNT(*), MAX(created_at) FROM (SELECT created_at FROM part_ideas WHERE author_id = $1 \
             UNION ALL SELECT created_at FROM part_comments WHERE author_id = $1) x"
        }
        "requests" => "SELECT COUNT(*), MAX(created_at) FROM privacy_requests WHERE user_id = $1",
        "assisted" => "SELECT COUNT(*), MAX(started_at) FROM assisted_sessions WHERE citizen_id = $1",
        "exchange_log" => "SELECT COUNT(*), MAX(created_at) FROM exchange_log WHERE subject_user_id = $1",
        "waste_bank" => {
            "SELECT COUNT(*), MAX(d.created_at) FROM waste_deposits d JOIN waste_customers c ON c.id = d.customer_id \
             WHERE c.user_id = $1"
        }
        _ => return Ok(None),
    };
    let row = sqlx::query(sql).bind(user_id).fetch_one(&mut **tx).await?;
    Ok(Some((row.try_get(0)?, row.try_get(1)?)))
}

// ---------------------------------------------------------------------------------------
// Retention.

/// Apply one retention rule: rows older than `before` (or expired at `now`) deleted or
/// anonymized; returns how many rows changed.
pub async fn retention_step(tx: &mut Tx, key: &str, before: i64, now: i64) -> Result<u64, sqlx::Error> {
    let (sql, at) = match key {
        "sessions" => return crate::identity::store::purge_sessions(tx, now).await,
        "login_attempts" => return crate::identity::store::purge_attempts(tx, before).await,
        "notifications" => ("DELETE FROM outbox WHERE delivered_at IS NOT NULL AND delivered_at < $1", before),
        "proactive_sent" => ("DELETE FROM proactive_sent WHERE created_at < $1", before),
        "report_pending" => ("DELETE FROM report_pending WHERE expires_at < $1", now),
        "reports" => (
            "UPDATE reports SET reporter_id = NULL, reporter_name = NULL, reporter_email = NULL, reporter_phone = NULL \
             WHERE updated_at < $1 AND status IN ('resolved', 'closed', 'rejected', 'duplicate') \
             AND (reporter_id IS NOT NULL OR reporter_name IS NOT NULL OR reporter_email IS NOT NULL \
             OR reporter_phone IS NOT NULL)",
            before,
        ),
        "access_logs" => {
            let a = sqlx::query("DELETE FROM data_access_log WHERE at < $1").bind(before).execute(&mut **tx).await?;
            let b = sqlx::query("DELETE FROM health_access_log WHERE at < $1").bind(before).execute(&mut **tx).await?;
            return Ok(a.rows_affected() + b.rows_affected());
        }
        "requests" => ("DELETE FROM privacy_requests WHERE status <> 'pending' AND decided_at < $1", before),
        _ => return Ok(0),
    };
    Ok(sqlx::query(sql).bind(at).execute(&mut **tx).await?.rows_affected())
}
