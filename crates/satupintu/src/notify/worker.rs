//! The outbox worker. A due message is claimed with a short lease (so a crash only delays it),
//! delivered to the recipient's channels, then marked delivered; failures are retried with
//! exponential backoff. Safe with several processes: a claim is one conditional UPDATE.

use std::collections::HashMap;
use std::time::Duration;

use hmac::{Hmac, Mac};
use serde_json::{json, Value};
use sha2::Sha256;
use sqlx::Row as _;

use super::outbox::{self, Outcome};
use crate::app::AppState;
use crate::db;
use crate::web::{locales, Lang};

const MAX_ATTEMPTS: i64 = 12;
/// The next attempt of a message that will not be tried again.
pub const GIVEN_UP: i64 = i64::MAX / 2;

/// Messages claimed at once; while a whole batch was due, the worker goes on without waiting.
const BATCH: i64 = 64;
/// Deliveries of one batch in flight at once (SMTP sessions, webhook calls, push requests).
const PARALLEL: usize = 8;

/// Run until the process ends.
pub fn spawn(state: AppState) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_millis(state.config.outbox_interval_ms.max(50)));
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let mut last_reminders: Option<std::time::Instant> = None;
        loop {
            tick.tick().await;
            if last_reminders.is_none_or(|t: std::time::Instant| t.elapsed() > Duration::from_secs(3600)) {
                if crate::db::jobs::run_logged(&state.db, "expiry-reminders", remind_expiring(&state)).await.is_some() {
                    last_reminders = Some(std::time::Instant::now());
                }
            }
            if let Err(e) = run_once(&state).await {
                tracing::warn!(error = %format!("{e:#}"), "outbox run failed");
            }
        }
    })
}

/// Days before a document expires when its holder is reminded to renew it.
pub const REMINDER_DAYS: i64 = 30;

/// Queue one reminder (per channel) for every valid document that expires within
/// [`REMINDER_DAYS`]; the idempotency key makes it once per document.
pub async fn remind_expiring(state: &AppState) -> anyhow::Result<usize> {
    let today = crate::calendar::local_date(db::now(), state.config.utc_offset_hours().unwrap_or(7));
    let horizon = today + time::Duration::days(REMINDER_DAYS);
    let rows = sqlx::query(
        "SELECT d.number, d.valid_until, a.code, a.citizen_id, a.service_id FROM documents d \
         JOIN applications a ON a.id = d.application_id \
         WHERE d.revoked_at IS NULL AND d.valid_until IS NOT NULL AND d.valid_until >= $1 AND d.valid_until <= $2",
    )
    .bind(today.to_string())
    .bind(horizon.to_string())
    .fetch_all(state.db.pool())
    .await?;
    let mut tx = state.db.begin().await?;
    for r in &rows {
        let (number, valid_until, code, citizen, service): (String, String, String, i64, String) =
            (r.try_get(0)?, r.try_get(1)?, r.try_get(2)?, r.try_get(3)?, r.try_get(4)?);
        let payload = json!({"code": code, "number": number, "valid_until": valid_until, "service_id": service});
        super::service::queue(&mut tx, "expiry_reminder", citizen, &payload, &format!("{number}:expiry"), db::now())
            .await?;
    }
    tx.commit().await?;
    Ok(rows.len())
}

/// Deliver what is due now, batch after batch; returns how many messages were delivered.
pub async fn run_once(state: &AppState) -> anyhow::Result<usize> {
    let mut delivered = 0;
    loop {
        let (claimed, ok) = run_batch(state).await?;
        delivered += ok;
        if (claimed as i64) < BATCH {
            return Ok(delivered);
        }
    }
}

/// Claim one batch, deliver it (several at a time) and record the outcomes; returns how many
/// messages were claimed and how many delivered.
async fn run_batch(state: &AppState) -> anyhow::Result<(usize, usize)> {
    use futures_util::StreamExt;
    let batch = outbox::claim(&state.db, db::now(), state.config.outbox_lease_secs, BATCH).await?;
    let claimed = batch.len();
    if claimed == 0 {
        return Ok((0, 0));
    }
    // Everyone the batch is for, in one query.
    let mut ids: Vec<i64> = batch.iter().filter_map(|m| m.recipient_id).collect();
    ids.sort_unstable();
    ids.dedup();
    let people = recipients(state, &ids).await?;
    let people = &people;
    let results: Vec<(i64, Outcome)> = futures_util::stream::iter(batch)
        .map(|m| async move {
            let to = m.recipient_id.and_then(|id| people.get(&id).map(|r| (id, r)));
            let result = deliver(state, &m.kind, &m.channel, to, &m.payload, &m.idempotency_key).await;
            let outcome = match result {
                Ok(()) => Outcome::Delivered,
                Err(e) => {
                    // A refusal that will not change (a push service saying the message is too
                    // large) ends the message's attempts at once, like the last attempt does.
                    let permanent = e.downcast_ref::<super::push::PushError>().is_some_and(|p| p.is_permanent());
                    let backoff = 5i64.saturating_mul(1 << m.attempts.clamp(0, 10)).min(3600);
                    let retry_at =
                        if permanent || m.attempts + 1 >= MAX_ATTEMPTS { GIVEN_UP } else { db::now() + backoff };
                    tracing::warn!(outbox_id = m.id, attempts = m.attempts + 1, error = %e, "notification not delivered yet");
                    Outcome::Failed { retry_at, error: e.to_string() }
                }
            };
            (m.id, outcome)
        })
        .buffer_unordered(PARALLEL)
        .collect()
        .await;
    outbox::finish(&state.db, &results, db::now()).await?;
    let ok = results.iter().filter(|(_, o)| matches!(o, Outcome::Delivered)).count();
    Ok((claimed, ok))
}

/// A recipient's contact details and channel choices.
pub struct Recipient {
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub lang: Lang,
    pub wants_email: bool,
    pub wants_webhook: bool,
    /// Device notifications (they only go to browsers the citizen subscribed).
    pub wants_push: bool,
    /// How many browsers the citizen subscribed.
    pub devices: i64,
}

/// A citizen's channel choices.
#[derive(Clone, Copy, Debug, Default)]
pub struct Preferences {
    pub email: bool,
    pub webhook: bool,
    pub push: bool,
}

pub async fn recipient(state: &AppState, user_id: i64) -> anyhow::Result<Option<Recipient>> {
    Ok(recipients(state, &[user_id]).await?.remove(&user_id))
}

/// The recipients among `ids` that exist, by id.
pub async fn recipients(state: &AppState, ids: &[i64]) -> anyhow::Result<HashMap<i64, Recipient>> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let marks: Vec<String> = (1..=ids.len()).map(|i| format!("${i}")).collect();
    let sql = format!(
        "SELECT u.id, u.full_name, u.email, u.phone, u.lang, p.email, p.webhook, p.push, \
         (SELECT COUNT(*) FROM push_subscriptions s WHERE s.user_id = u.id) FROM users u \
         LEFT JOIN notification_prefs p ON p.user_id = u.id WHERE u.id IN ({})",
        marks.join(", ")
    );
    let rows = ids.iter().fold(sqlx::query(&sql), |q, id| q.bind(*id)).fetch_all(state.db.pool()).await?;
    Ok(rows
        .iter()
        .map(|r| {
            let email: Option<String> = r.try_get(2).unwrap_or(None);
            let phone: Option<String> = r.try_get(3).unwrap_or(None);
            let pref_email: Option<i64> = r.try_get(5).unwrap_or(None);
            let pref_hook: Option<i64> = r.try_get(6).unwrap_or(None);
            let pref_push: Option<i64> = r.try_get(7).unwrap_or(None);
            let recipient = Recipient {
                name: r.try_get(1).unwrap_or_default(),
                wants_email: pref_email.map_or(email.is_some(), |v| v != 0),
                wants_webhook: pref_hook.map_or(phone.is_some(), |v| v != 0),
                wants_push: pref_push.is_none_or(|v| v != 0),
                devices: r.try_get(8).unwrap_or(0),
                email,
                phone,
                lang: Lang::parse(&r.try_get::<String, _>(4).unwrap_or_default()).unwrap_or_default(),
            };
            (r.try_get(0).unwrap_or_default(), recipient)
        })
        .collect())
}

/// Record a citizen's channel choices.
pub async fn set_preferences(state: &AppState, user_id: i64, prefs: Preferences) -> anyhow::Result<()> {
    let mut tx = state.db.begin().await?;
    sqlx::query(
        "INSERT INTO notification_prefs (user_id, email, webhook, push) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (user_id) DO UPDATE SET email = excluded.email, webhook = excluded.webhook, push = excluded.push",
    )
    .bind(user_id)
    .bind(i64::from(prefs.email))
    .bind(i64::from(prefs.webhook))
    .bind(i64::from(prefs.push))
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The text of a notification in the recipient's language, as the `.ftl` files write it.
pub fn message(kind: &str, payload: &Value, lang: Lang) -> (String, String) {
    message_with(kind, payload, lang, None)
}

/// The text of a notification, with a super admin's override of it when there is one (the
/// admin console's notification templates).
pub async fn message_for(
    state: &AppState,
    kind: &str,
    payload: &Value,
    lang: Lang,
) -> anyhow::Result<(String, String)> {
    let (key, _) = keys(kind, payload);
    let custom = super::templates::get(&mut *state.db.conn().await?, key, lang).await?;
    Ok(message_with(kind, payload, lang, custom.as_ref()))
}

/// The text of a notification from `custom` (an override, its variables filled in) or else
/// from the `.ftl` files.
pub fn message_with(
    kind: &str,
    payload: &Value,
    lang: Lang,
    custom: Option<&super::templates::Text>,
) -> (String, String) {
    let (key, status_key) = keys(kind, payload);
    let values = values(payload, lang, &status_key);
    if let Some(t) = custom {
        return (super::templates::fill(&t.subject, &values), super::templates::fill(&t.body, &values));
    }
    let mut args = fluent_bundle::FluentArgs::new();
    for (name, value) in values {
        args.set(name, value);
    }
    let subject = locales().msg(lang, &format!("{key}-subject"), Some(&args));
    let body = locales().msg(lang, &format!("{key}-body"), Some(&args));
    (subject, body)
}

/// The Fluent message of a notification kind (see [`super::templates::KEYS`]) and the message
/// naming its status.
pub fn keys(kind: &str, payload: &Value) -> (&'static str, String) {
    let status = payload["status"].as_str().unwrap_or("").replace('_', "-");
    let (key, status_key) = match kind {
        "expiry_reminder" => ("notify-expiry", format!("app-status-{status}")),
        "report_status" => ("notify-report", format!("report-status-{status}")),
        "report_escalation" => ("notify-escalation", format!("report-status-{status}")),
        "report_confirm" => ("notify-report-confirm", format!("report-status-{status}")),
        "report_alert" => ("notify-report-alert", format!("report-status-{status}")),
        "alert_confirm" => ("notify-alert-confirm", format!("report-status-{status}")),
        "assistant_handoff" => ("notify-handoff", format!("asst-status-{status}")),
        "booking_confirmed" => ("notify-booking", "appt-status-booked".to_string()),
        "booking_moved" => ("notify-booking-moved", "appt-status-booked".to_string()),
        "booking_reminder" => ("notify-booking-reminder", "appt-status-booked".to_string()),
        "booking_no_show" => ("notify-booking-no-show", "appt-status-booked".to_string()),
        "teleconsultation" => ("notify-tele", format!("tele-status-{status}")),
        "idea_answered" => ("notify-idea", format!("part-answer-{status}")),
        "skm_invite" => ("notify-skm-invite", "skm-title".to_string()),
        "skm_reminder" => ("notify-skm-reminder", "skm-title".to_string()),
        "hotspot_alert" => ("notify-hotspot", "hotspots-emerging".to_string()),
        "proactive_expiry" => ("notify-pro-expiry", "pro-title".to_string()),
        "proactive_ktp17" => ("notify-pro-ktp17", "pro-title".to_string()),
        "proactive_service" => ("notify-pro-service", "pro-title".to_string()),
        "privacy_request" => ("notify-privacy", format!("privacy-status-{status}")),
        "partner_decision" => ("notify-partner", format!("partner-status-{status}")),
        "pickup_scheduled" => ("notify-pickup-scheduled", "green-status-scheduled".to_string()),
        "pickup_moved" => ("notify-pickup-moved", "green-status-scheduled".to_string()),
        "pickup_done" => ("notify-pickup-done", "green-status-picked-up".to_string()),
        "pickup_missed" => ("notify-pickup-missed", "green-status-missed".to_string()),
        "iot.alert" => {
            ("notify-iot-alert", format!("iot-severity-{}", payload["severity"].as_str().unwrap_or("warning")))
        }
        "announcement" => ("notify-announcement", "ann-title".to_string()),
        "event_promoted" => ("notify-event-promoted", "event-title".to_string()),
        "event_cancelled" => ("notify-event-cancelled", "event-title".to_string()),
        "bill_new" => ("notify-bill-new", format!("pay-status-{status}")),
        "bill_paid" => ("notify-bill-paid", format!("pay-status-{status}")),
        "bill_due" => ("notify-bill-due", format!("pay-status-{status}")),
        "bill_expiring" => ("notify-bill-expiring", format!("pay-status-{status}")),
        _ => ("notify-status", format!("app-status-{status}")),
    };
    (key, status_key)
}

/// The values of a notification's variables.
pub fn values(payload: &Value, lang: Lang, status_key: &str) -> Vec<(&'static str, String)> {
    let text = |name: &str| payload[name].as_str().unwrap_or("").to_string();
    let category = payload["category"].as_str().unwrap_or("lainnya").replace('_', "-");
    // Proactive notices: the citizen's own name for a document, or a message naming it.
    let label = match (payload["label"].as_str().filter(|s| !s.is_empty()), payload["label_key"].as_str()) {
        (Some(label), _) => label.to_string(),
        (None, Some(key)) => locales().msg(lang, key, None),
        (None, None) => String::new(),
    };
    vec![
        ("code", text("code")),
        ("status", locales().msg(lang, status_key, None)),
        ("date", text("valid_until")),
        ("category", locales().msg(lang, &format!("report-category-{category}"), None)),
        ("region", text("region")),
        ("when", text("when")),
        ("place", text("place")),
        ("label", label),
        ("name", text("name")),
        ("reason", text("reason")),
        ("title", text("title")),
        ("agency", text("agency")),
        ("amount", text("amount")),
    ]
}

async fn deliver(
    state: &AppState,
    kind: &str,
    channel: &str,
    to: Option<(i64, &Recipient)>,
    payload: &Value,
    key: &str,
) -> anyhow::Result<()> {
    // Someone without an account: their contact details travel in the payload.
    let contact = payload.get("contact").filter(|_| to.is_none()).map(|c| Recipient {
        name: c["name"].as_str().unwrap_or_default().to_string(),
        email: c["email"].as_str().map(str::to_string),
        phone: c["phone"].as_str().map(str::to_string),
        lang: Lang::parse(c["lang"].as_str().unwrap_or_default()).unwrap_or_default(),
        wants_email: true,
        wants_webhook: true,
        wants_push: false,
        devices: 0,
    });
    let Some((rid, r)) = to.or(contact.as_ref().map(|c| (0, c))) else { return Ok(()) };
    let (subject, body) = message_for(state, kind, payload, r.lang).await?;
    let code = payload["code"].as_str().unwrap_or("");
    let path = match kind {
        "expiry_reminder" => format!("/layanan/{}", payload["service_id"].as_str().unwrap_or("")),
        "report_status" | "report_escalation" | "report_alert" => format!("/laporan/{code}"),
        "teleconsultation" => format!("/telekonsultasi/{code}"),
        // Links that carry their own path (a confirmation link with its token).
        "report_confirm" | "alert_confirm" | "assistant_handoff" => {
            payload["path"].as_str().unwrap_or("/laporan").to_string()
        }
        k if k.starts_with("booking_") => payload["path"].as_str().unwrap_or("/janji").to_string(),
        k if k.starts_with("pickup_") => payload["path"].as_str().unwrap_or("/hijau/angkut-sampah").to_string(),
        k if k.starts_with("skm_") => payload["path"].as_str().unwrap_or("/survei").to_string(),
        "hotspot_alert" => "/kelola/titik-rawan".to_string(),
        "partner_decision" => "/akun/mitra".to_string(),
        "iot.alert" => format!("/kelola/iot/perintah-kerja/{code}"),
        k if k.starts_with("proactive_") => payload["path"].as_str().unwrap_or("/akun").to_string(),
        "privacy_request" => "/akun/data-saya".to_string(),
        "announcement" => payload["path"].as_str().unwrap_or("/pengumuman").to_string(),
        k if k.starts_with("event_") => payload["path"].as_str().unwrap_or("/acara").to_string(),
        k if k.starts_with("bill_") => payload["path"].as_str().unwrap_or("/akun").to_string(),
        _ => format!("/permohonan/{code}"),
    };
    let url = format!("{}{path}", state.base_url());
    if let ("email", true, Some(email), Some(host)) = (channel, r.wants_email, &r.email, &state.config.smtp_host) {
        // An alert tells how to stop it.
        let stop = match payload["stop"].as_str() {
            Some(path) => {
                format!("\n{}: {}{path}\n", locales().msg(r.lang, "notify-alert-stop", None), state.base_url())
            }
            None => String::new(),
        };
        send_email(state, host, &r.name, email, &subject, &format!("{body}\n\n{url}\n{stop}"), key).await?;
    }
    if let ("webhook", true, Some(phone), Some(hook)) = (channel, r.wants_webhook, &r.phone, &state.config.webhook_url)
    {
        let body = json!({
            "event": kind,
            "idempotency_key": key,
            "to": phone,
            "text": format!("{body} {url}"),
            "code": payload["code"],
            "status": payload["status"],
        });
        send_webhook(state, hook, &body, key).await?;
    }
    if r.wants_push && r.devices > 0 && channel == "push" {
        super::service::fan_out(state, kind, rid, payload, key).await?;
    }
    if r.wants_push && channel == super::PUSH_DEVICE {
        super::service::deliver_to_device(state, kind, payload, rid, r, &path).await?;
    }
    Ok(())
}

async fn send_email(
    state: &AppState,
    host: &str,
    name: &str,
    to: &str,
    subject: &str,
    body: &str,
    key: &str,
) -> anyhow::Result<()> {
    use lettre::message::header::ContentType;
    use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
    let cfg = &state.config;
    let msg = Message::builder()
        .from(cfg.smtp_from.parse()?)
        .to(lettre::message::Mailbox::new(Some(name.to_string()), to.parse()?))
        .subject(subject)
        .message_id(Some(format!("<{}@satupintu>", key.replace(':', "."))))
        .header(ContentType::TEXT_PLAIN)
        .body(body.to_string())?;
    let mut builder = if cfg.smtp_starttls {
        AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(host)?
    } else {
        AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host)
    }
    .port(cfg.smtp_port)
    .timeout(Some(Duration::from_secs(20)));
    if let (Some(user), Some(file)) = (&cfg.smtp_username, &cfg.smtp_password_file) {
        let password = std::fs::read_to_string(file)?.trim().to_string();
        builder =
            builder.credentials(lettre::transport::smtp::authentication::Credentials::new(user.clone(), password));
    }
    builder.build().send(msg).await?;
    Ok(())
}

/// `X-SatuPintu-Signature: sha256=<hex HMAC of the body>` with the configured secret.
pub fn signature(secret: &[u8], body: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).expect("HMAC takes any key length");
    mac.update(body);
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}

async fn send_webhook(state: &AppState, url: &str, body: &Value, key: &str) -> anyhow::Result<()> {
    let bytes = serde_json::to_vec(body)?;
    let client = reqwest::Client::builder().timeout(Duration::from_secs(20)).build()?;
    let mut req =
        client.post(url).header("content-type", "application/json").header("idempotency-key", key).body(bytes.clone());
    if let Some(file) = &state.config.webhook_secret_file {
        let secret = std::fs::read_to_string(file)?;
        req = req.header("x-satupintu-signature", signature(secret.trim().as_bytes(), &bytes));
    }
    let resp = req.send().await?;
    if !resp.status().is_success() {
        anyhow::bail!("webhook answered {}", resp.status());
    }
    Ok(())
}
