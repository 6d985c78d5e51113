//! Notification rules other capabilities call: [`queue`] a notification for a citizen in the
//! transaction of the change it reports. And device notifications (Web Push): the rules for a
//! citizen's subscriptions, and their delivery. A `push` outbox message for a citizen fans out
//! into one `push_device` message per subscribed browser, so each device is retried on its own
//! and one that is gone (the push service answers 404 or 410) is forgotten without holding up
//! the others.

use serde_json::{json, Value};
use sqlx::Row as _;

use super::outbox::{self, Notice};
use super::push::{Message, Outcome, Subscription};
use super::worker::Recipient;
use super::PUSH_DEVICE;
use crate::app::AppState;
use crate::db::{self, Conn, Tx};
use crate::web::{AppError, FieldError};

/// Queue a notification for `recipient_id` on every channel ([`super::CHANNELS`]: each its own
/// message, so a failing channel is retried without repeating the others), in the caller's
/// transaction. `key` identifies the event; the same event queued twice is sent once.
pub async fn queue(
    tx: &mut Tx,
    kind: &str,
    recipient_id: i64,
    payload: &Value,
    key: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    let notices: Vec<Notice> = super::CHANNELS
        .iter()
        .map(|channel| Notice {
            kind,
            channel,
            recipient_id: Some(recipient_id),
            payload,
            idempotency_key: format!("{key}:{channel}"),
        })
        .collect();
    outbox::enqueue(tx, &notices, now).await
}

/// Queue a notification for someone without an account, by e-mail and by the SMS/WhatsApp
/// gateway (webhook): `contact` (`name`, `email`, `phone`, `lang`) travels in the payload.
pub async fn queue_to_contact(
    tx: &mut Tx,
    kind: &str,
    contact: &Value,
    payload: &Value,
    key: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    let mut payload = payload.clone();
    payload["contact"] = contact.clone();
    let notices: Vec<Notice> = ["email", "webhook"]
        .iter()
        .filter(|channel| contact[if **channel == "email" { "email" } else { "phone" }].is_string())
        .map(|channel| Notice {
            kind,
            channel,
            recipient_id: None,
            payload: &payload,
            idempotency_key: format!("{key}:{channel}"),
        })
        .collect();
    outbox::enqueue(tx, &notices, now).await
}

/// Browsers kept per citizen; subscribing on one more forgets the oldest.
pub const MAX_DEVICES: i64 = 10;

/// A stored subscription.
pub struct Device {
    pub id: i64,
    pub subscription: Subscription,
    pub created_at: i64,
}

/// Subscribe a citizen's browser (or move it to this citizen when someone else had it, as on a
/// shared device). Subscribing says the citizen wants device notifications, so the choice is
/// turned on too.
pub async fn subscribe(
    state: &AppState,
    user_id: i64,
    session_token: Option<&str>,
    endpoint: Option<&str>,
    p256dh: Option<&str>,
    auth: Option<&str>,
) -> Result<Device, AppError> {
    let sub = Subscription::parse(
        endpoint.unwrap_or_default(),
        p256dh.unwrap_or_default(),
        auth.unwrap_or_default(),
        &state.config.push_hosts,
    )
    .map_err(AppError::Validation)?;
    let now = db::now();
    let mut tx = state.db.begin().await?;
    let id: i64 = sqlx::query(
        "INSERT INTO push_subscriptions (user_id, endpoint, p256dh, auth, created_at, session_hash) \
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (endpoint) DO UPDATE SET user_id = excluded.user_id, \
         p256dh = excluded.p256dh, auth = excluded.auth, created_at = excluded.created_at, \
         session_hash = excluded.session_hash RETURNING id",
    )
    .bind(user_id)
    .bind(sub.endpoint.as_str())
    .bind(sub.p256dh_b64())
    .bind(sub.auth_b64())
    .bind(now)
    .bind(session_token.map(crate::identity::token_hash))
    .fetch_one(&mut *tx)
    .await?
    .try_get(0)?;
    sqlx::query(
        "DELETE FROM push_subscriptions WHERE user_id = $1 AND id NOT IN \
         (SELECT id FROM push_subscriptions WHERE user_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2)",
    )
    .bind(user_id)
    .bind(MAX_DEVICES)
    .execute(&mut *tx)
    .await?;
    sqlx::query("UPDATE notification_prefs SET push = 1 WHERE user_id = $1").bind(user_id).execute(&mut *tx).await?;
    tx.commit().await?;
    Ok(Device { id, subscription: sub, created_at: now })
}

/// Forget one of the citizen's browsers (nothing happens if it is not theirs).
pub async fn unsubscribe(state: &AppState, user_id: i64, endpoint: Option<&str>) -> Result<(), AppError> {
    let endpoint = endpoint
        .map(str::trim)
        .filter(|e| !e.is_empty())
        .ok_or_else(|| AppError::Validation(vec![FieldError::new("endpoint", "field-required")]))?;
    let mut tx = state.db.begin().await?;
    sqlx::query("DELETE FROM push_subscriptions WHERE user_id = $1 AND endpoint = $2")
        .bind(user_id)
        .bind(endpoint)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// A session ends (the citizen signed out): the browsers it turned device notifications on in
/// get none any more. Runs in the sign-out's transaction.
pub async fn session_ended(tx: &mut Tx, session_hash: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM push_subscriptions WHERE session_hash = $1").bind(session_hash).execute(&mut **tx).await?;
    Ok(())
}

/// How many browsers the citizen has subscribed.
pub async fn device_count(state: &AppState, user_id: i64) -> Result<i64, AppError> {
    let mut tx = state.db.read().await?;
    let n: i64 = sqlx::query("SELECT COUNT(*) FROM push_subscriptions WHERE user_id = $1")
        .bind(user_id)
        .fetch_one(&mut *tx)
        .await?
        .try_get(0)?;
    tx.commit().await?;
    Ok(n)
}

async fn devices(conn: &mut Conn, user_id: i64) -> Result<Vec<i64>, sqlx::Error> {
    let rows = sqlx::query("SELECT id FROM push_subscriptions WHERE user_id = $1 ORDER BY id")
        .bind(user_id)
        .fetch_all(conn)
        .await?;
    rows.iter().map(|r| r.try_get(0)).collect()
}

/// One of the citizen's browsers (none if it was forgotten, or passed on to someone else).
async fn device(state: &AppState, id: i64, user_id: i64) -> anyhow::Result<Option<Subscription>> {
    let row = sqlx::query("SELECT endpoint, p256dh, auth FROM push_subscriptions WHERE id = $1 AND user_id = $2")
        .bind(id)
        .bind(user_id)
        .fetch_optional(state.db.pool())
        .await?;
    Ok(match row {
        Some(r) => {
            Subscription::stored(&r.try_get::<String, _>(0)?, &r.try_get::<String, _>(1)?, &r.try_get::<String, _>(2)?)
        }
        None => None,
    })
}

/// Deliver a `push` message: queue one `push_device` message per browser of the citizen
/// (none when they have no subscription). Running it twice queues nothing twice.
pub async fn fan_out(
    state: &AppState,
    kind: &str,
    recipient_id: i64,
    payload: &Value,
    key: &str,
) -> anyhow::Result<()> {
    let mut conn = state.db.conn().await?;
    let ids = devices(&mut conn, recipient_id).await?;
    drop(conn);
    if ids.is_empty() {
        return Ok(());
    }
    let payloads: Vec<(i64, Value)> = ids
        .into_iter()
        .map(|id| {
            let mut payload = payload.clone();
            payload["subscription"] = json!(id);
            (id, payload)
        })
        .collect();
    let notices: Vec<Notice> = payloads
        .iter()
        .map(|(id, payload)| Notice {
            kind,
            channel: PUSH_DEVICE,
            recipient_id: Some(recipient_id),
            payload,
            idempotency_key: format!("{key}:{id}"),
        })
        .collect();
    let mut tx = state.db.begin().await?;
    outbox::enqueue(&mut tx, &notices, db::now()).await?;
    tx.commit().await?;
    Ok(())
}

/// Deliver a `push_device` message: the notification, in the citizen's language, to one
/// browser. A subscription that is gone is deleted and the message counts as done.
pub async fn deliver_to_device(
    state: &AppState,
    kind: &str,
    payload: &Value,
    recipient_id: i64,
    recipient: &Recipient,
    path: &str,
) -> anyhow::Result<()> {
    let Some(id) = payload["subscription"].as_i64() else { return Ok(()) };
    let Some(sub) = device(state, id, recipient_id).await? else { return Ok(()) };
    let (title, body) = super::worker::message_for(state, kind, payload, recipient.lang).await?;
    let reminder = kind == "expiry_reminder";
    let status = if reminder { "expiring" } else { payload["status"].as_str().unwrap_or("") };
    let content = json!({"code": payload["code"], "status": status, "title": title, "body": body, "url": path});
    let bytes = serde_json::to_vec(&content)?;
    let code = payload["code"].as_str().unwrap_or("");
    let msg = Message {
        payload: &bytes,
        ttl_secs: if reminder { 7 * 86400 } else { 3 * 86400 },
        topic: Some(if reminder { format!("{code}-exp") } else { code.to_string() }),
        urgency: if reminder { "low" } else { "normal" },
    };
    match state.push.send(&sub, &msg).await? {
        Outcome::Delivered => Ok(()),
        Outcome::Gone => {
            let mut tx = state.db.begin().await?;
            sqlx::query("DELETE FROM push_subscriptions WHERE id = $1").bind(id).execute(&mut *tx).await?;
            tx.commit().await?;
            tracing::info!(subscription = id, "push subscription gone; forgotten");
            Ok(())
        }
    }
}

/// Drop a citizen's messages of `kind` not delivered yet (they withdrew their consent to
/// them), in the caller's transaction; returns how many.
pub async fn cancel_pending(tx: &mut Tx, recipient_id: i64, kind: &str) -> Result<u64, sqlx::Error> {
    let done = sqlx::query("DELETE FROM outbox WHERE recipient_id = $1 AND kind = $2 AND delivered_at IS NULL")
        .bind(recipient_id)
        .bind(kind)
        .execute(&mut **tx)
        .await?;
    Ok(done.rows_affected())
}
