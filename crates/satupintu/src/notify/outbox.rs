//! The outbox table: messages written in the same transaction as the change they report, then
//! claimed in batches by the worker of any process, delivered, and marked done.
//!
//! A claim is one conditional `UPDATE` that moves the message's next attempt past a lease, so a
//! process that dies while delivering only delays it; on PostgreSQL the rows are picked with
//! `FOR UPDATE SKIP LOCKED`, so processes claiming at once take different messages instead of
//! waiting on each other.

use serde_json::Value;
use sqlx::Row as _;

use crate::db::{Backend, Db, Tx};

/// One message to queue: one notification on one channel.
pub struct Notice<'a> {
    pub kind: &'a str,
    pub channel: &'a str,
    /// The citizen it is for; none for someone without an account, whose contact details are
    /// in the payload (`contact`: `name`, `email`, `phone`, `lang`).
    pub recipient_id: Option<i64>,
    pub payload: &'a Value,
    /// Stops duplicates: a second message with the same key is not queued, and receivers see
    /// the key (`Idempotency-Key`, `Message-ID`).
    pub idempotency_key: String,
}

/// Queue messages in the caller's transaction, in one statement; a key already queued is skipped,
/// and so is a message on a channel a super admin switched off (the admin console).
pub async fn enqueue(tx: &mut Tx, notices: &[Notice<'_>], now: i64) -> Result<(), sqlx::Error> {
    if notices.is_empty() {
        return Ok(());
    }
    let off = crate::admin::service::channels_off(tx).await?;
    let kept: Vec<&Notice<'_>> = notices.iter().filter(|n| !off.iter().any(|c| c == n.channel)).collect();
    if kept.is_empty() {
        return Ok(());
    }
    let notices = kept;
    let sql = format!(
        "INSERT INTO outbox (kind, channel, recipient_id, payload_json, idempotency_key, next_attempt_at, \
         created_at) {} ON CONFLICT (idempotency_key) DO NOTHING",
        crate::db::values_clause(notices.len(), 7)
    );
    let mut q = sqlx::query(&sql);
    for n in notices {
        q = q
            .bind(n.kind)
            .bind(n.channel)
            .bind(n.recipient_id)
            .bind(n.payload.to_string())
            .bind(n.idempotency_key.as_str())
            .bind(now)
            .bind(now);
    }
    q.execute(&mut **tx).await?;
    Ok(())
}

/// A claimed message, to deliver before its lease runs out.
#[derive(Debug)]
pub struct Claimed {
    pub id: i64,
    pub kind: String,
    pub channel: String,
    pub recipient_id: Option<i64>,
    pub payload: Value,
    pub idempotency_key: String,
    pub attempts: i64,
}

/// Claim up to `limit` due messages, oldest first, until `now + lease_secs`.
pub async fn claim(db: &Db, now: i64, lease_secs: i64, limit: i64) -> Result<Vec<Claimed>, sqlx::Error> {
    let pick = match db.backend() {
        Backend::Postgres => "FOR UPDATE SKIP LOCKED",
        Backend::Sqlite => "",
    };
    // The outer conditions are checked again on the row being updated (PostgreSQL re-reads a
    // row another claimer changed meanwhile), so a message is never claimed twice.
    let sql = format!(
        "UPDATE outbox SET next_attempt_at = $1 WHERE id IN (SELECT id FROM outbox WHERE delivered_at IS NULL \
         AND next_attempt_at <= $2 ORDER BY id LIMIT $3 {pick}) AND delivered_at IS NULL AND next_attempt_at <= $2 \
         RETURNING id, kind, channel, recipient_id, payload_json, idempotency_key, attempts"
    );
    let mut tx = db.begin().await?;
    let rows = sqlx::query(&sql).bind(now + lease_secs.max(1)).bind(now).bind(limit).fetch_all(&mut *tx).await?;
    tx.commit().await?;
    let mut out = rows
        .iter()
        .map(|r| {
            Ok(Claimed {
                id: r.try_get(0)?,
                kind: r.try_get(1)?,
                channel: r.try_get(2)?,
                recipient_id: r.try_get(3)?,
                payload: serde_json::from_str(&r.try_get::<String, _>(4)?).unwrap_or(Value::Null),
                idempotency_key: r.try_get(5)?,
                attempts: r.try_get(6)?,
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    out.sort_by_key(|c| c.id);
    Ok(out)
}

/// How one delivery went.
pub enum Outcome {
    Delivered,
    /// Not delivered: try again at `retry_at` (or never, past the last attempt) and keep the error.
    Failed {
        retry_at: i64,
        error: String,
    },
}

/// Record how the deliveries of a batch went, in one transaction. A message is marked delivered
/// once: when its lease ran out and another process delivered it too, the later outcome changes
/// nothing.
pub async fn finish(db: &Db, results: &[(i64, Outcome)], now: i64) -> Result<(), sqlx::Error> {
    let delivered: Vec<i64> =
        results.iter().filter(|(_, o)| matches!(o, Outcome::Delivered)).map(|(id, _)| *id).collect();
    let mut tx = db.begin().await?;
    if !delivered.is_empty() {
        let marks: Vec<String> = (0..delivered.len()).map(|i| format!("${}", i + 2)).collect();
        let sql = format!(
            "UPDATE outbox SET delivered_at = $1, attempts = attempts + 1, last_error = NULL WHERE id IN ({}) \
             AND delivered_at IS NULL",
            marks.join(", ")
        );
        let mut q = sqlx::query(&sql).bind(now);
        for id in &delivered {
            q = q.bind(*id);
        }
        q.execute(&mut *tx).await?;
    }
    for (id, outcome) in results {
        if let Outcome::Failed { retry_at, error } = outcome {
            sqlx::query(
                "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = $1, last_error = $2 WHERE id = $3 \
                 AND delivered_at IS NULL",
            )
            .bind(*retry_at)
            .bind(error.chars().take(500).collect::<String>())
            .bind(*id)
            .execute(&mut *tx)
            .await?;
        }
    }
    tx.commit().await?;
    Ok(())
}
