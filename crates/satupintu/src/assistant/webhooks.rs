//! Messaging gateways: the assistant on Telegram (Bot API webhook) and WhatsApp (Cloud API
//! webhook). Each chat is one conversation, keyed by a hash of the chat's address. A gateway
//! is off until its secret is configured; calls without the right secret change nothing.
//!
//! - Telegram: `POST /api/v1/assistant/webhooks/telegram` takes an `Update` (a text `message`
//!   or a button's `callback_query`) and answers in the response body with a `sendMessage`
//!   call, as the Bot API allows, so no bot token is needed here.
//! - WhatsApp: `GET` answers Meta's verification challenge; `POST` takes the `messages`
//!   change notifications (text and button replies), checks `X-Hub-Signature-256`, and sends
//!   each reply with `POST {whatsapp_api_url}/{phone_number_id}/messages`.

use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Json;
use hmac::{Hmac, Mac};
use serde::Deserialize;
use serde_json::{json, Value};
use utoipa_axum::router::OpenApiRouter;

use super::answer::{Action, Reply};
use super::service::{self, Channel};
use crate::web::extract::same_token as same;
use crate::app::AppState;

/// The gateway routes (outside the OpenAPI document: their shapes are the gateways').
pub const ROUTES: &[(&str, &str)] = &[
    ("POST", "/api/v1/assistant/webhooks/telegram"),
    ("GET", "/api/v1/assistant/webhooks/whatsapp"),
    ("POST", "/api/v1/assistant/webhooks/whatsapp"),
];

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .route("/api/v1/assistant/webhooks/telegram", post(telegram))
        .route("/api/v1/assistant/webhooks/whatsapp", get(whatsapp_verify).post(whatsapp))
}

/// Run one gateway message through the assistant; `None` when it could not be handled (the
/// reason is logged without the message).
async fn converse(state: &AppState, channel: &str, address: &str, text: &str) -> Option<Reply> {
    let ch = Channel { name: channel, external: Some(address) };
    match service::message(state, None, None, &ch, text).await {
        Ok(out) => Some(out.reply.unwrap_or_default()),
        Err(e) => {
            tracing::warn!(channel, error = %e, "gateway message not handled");
            None
        }
    }
}

fn absolute(state: &AppState, href: &str) -> String {
    match href.starts_with('/') {
        true => format!("{}{href}", state.base_url().trim_end_matches('/')),
        false => href.to_string(),
    }
}

// ---- Telegram ----

#[derive(Deserialize)]
struct TgChat {
    id: i64,
}

#[derive(Deserialize)]
struct TgMessage {
    chat: TgChat,
    #[serde(default)]
    text: Option<String>,
}

#[derive(Deserialize)]
struct TgCallback {
    #[serde(default)]
    message: Option<TgMessage>,
    #[serde(default)]
    data: Option<String>,
}

#[derive(Deserialize)]
struct TgUpdate {
    #[serde(default)]
    message: Option<TgMessage>,
    #[serde(default)]
    callback_query: Option<TgCallback>,
}

async fn telegram(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    let Some(secret) = state.config.telegram_webhook_secret.as_deref() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let given = headers.get("x-telegram-bot-api-secret-token").and_then(|v| v.to_str().ok()).unwrap_or("");
    if !same(given, secret) {
        return StatusCode::UNAUTHORIZED.into_response();
    }
    // Anything that is not a text message or a button press is acknowledged and ignored, so
    // Telegram does not retry it.
    let Ok(update) = serde_json::from_slice::<TgUpdate>(&body) else { return StatusCode::OK.into_response() };
    let (chat, text) = match (update.message, update.callback_query) {
        (Some(m), _) => (m.chat.id, m.text),
        (None, Some(c)) => match c.message {
            Some(m) => (m.chat.id, c.data),
            None => return StatusCode::OK.into_response(),
        },
        _ => return StatusCode::OK.into_response(),
    };
    let Some(text) = text.filter(|t| !t.trim().is_empty()) else { return StatusCode::OK.into_response() };
    // Telegram's own "/start" opens a chat: greet.
    let text = if text.trim() == "/start" { "halo".to_string() } else { text };
    let Some(reply) = converse(&state, "telegram", &chat.to_string(), &text).await else {
        return StatusCode::OK.into_response();
    };
    if reply.text.is_empty() {
        return StatusCode::OK.into_response();
    }
    let buttons: Vec<Value> = reply
        .actions
        .iter()
        .filter_map(|a| match (a.href.as_deref(), a.send.as_deref()) {
            (Some(href), _) => Some(json!([{"text": a.label, "url": absolute(&state, href)}])),
            // callback_data holds at most 64 bytes.
            (None, Some(send)) if send.len() <= 64 => Some(json!([{"text": a.label, "callback_data": send}])),
            _ => None,
        })
        .collect();
    let mut call = json!({"method": "sendMessage", "chat_id": chat, "text": reply.text});
    if !buttons.is_empty() {
        call["reply_markup"] = json!({"inline_keyboard": buttons});
    }
    Json(call).into_response()
}

// ---- WhatsApp ----

#[derive(Deserialize)]
struct Verify {
    #[serde(rename = "hub.mode", default)]
    mode: String,
    #[serde(rename = "hub.verify_token", default)]
    token: String,
    #[serde(rename = "hub.challenge", default)]
    challenge: String,
}

async fn whatsapp_verify(State(state): State<AppState>, Query(q): Query<Verify>) -> Response {
    match state.config.whatsapp_verify_token.as_deref() {
        Some(t) if q.mode == "subscribe" && same(&q.token, t) => q.challenge.into_response(),
        Some(_) => StatusCode::FORBIDDEN.into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

/// The text of one incoming WhatsApp message: typed text, or the id of a pressed button.
fn wa_text(m: &Value) -> Option<String> {
    let text = match m["type"].as_str()? {
        "text" => m["text"]["body"].as_str()?,
        "interactive" => {
            let i = &m["interactive"];
            i["button_reply"]["id"].as_str().or_else(|| i["list_reply"]["id"].as_str())?
        }
        "button" => m["button"]["text"].as_str()?,
        _ => return None,
    };
    Some(text.to_string())
}

/// The WhatsApp message for a reply: text with its links written out, and up to three
/// buttons for what it offers to send next.
pub fn wa_message(state: &AppState, to: &str, reply: &Reply) -> Value {
    let mut body = reply.text.clone();
    for a in reply.actions.iter().filter(|a| a.href.is_some()) {
        body.push_str(&format!("\n{}: {}", a.label, absolute(state, a.href.as_deref().unwrap_or("/"))));
    }
    let sends: Vec<&Action> = reply.actions.iter().filter(|a| a.send.is_some()).take(3).collect();
    if sends.is_empty() {
        return json!({"messaging_product": "whatsapp", "to": to, "type": "text", "text": {"body": body}});
    }
    let buttons: Vec<Value> = sends
        .iter()
        .map(|a| {
            let title: String = a.label.chars().take(20).collect();
            json!({"type": "reply", "reply": {"id": a.send, "title": title}})
        })
        .collect();
    json!({
        "messaging_product": "whatsapp", "to": to, "type": "interactive",
        "interactive": {"type": "button", "body": {"text": body}, "action": {"buttons": buttons}}
    })
}

async fn whatsapp(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    let Some(secret) = state.config.whatsapp_app_secret.as_deref() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let given = headers.get("x-hub-signature-256").and_then(|v| v.to_str().ok()).unwrap_or("");
    let Ok(mut mac) = Hmac::<sha2::Sha256>::new_from_slice(secret.as_bytes()) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    mac.update(&body);
    let expected = format!("sha256={}", hex::encode(mac.finalize().into_bytes()));
    if !same(given, &expected) {
        return StatusCode::UNAUTHORIZED.into_response();
    }
    let Ok(payload) = serde_json::from_slice::<Value>(&body) else { return StatusCode::OK.into_response() };
    let changes = payload["entry"].as_array().into_iter().flatten().flat_map(|e| e["changes"].as_array().into_iter().flatten());
    let mut sends = vec![];
    for change in changes {
        let value = &change["value"];
        let Some(phone_id) = value["metadata"]["phone_number_id"].as_str() else { continue };
        for m in value["messages"].as_array().into_iter().flatten() {
            let (Some(from), Some(text)) = (m["from"].as_str(), wa_text(m)) else { continue };
            if let Some(reply) = converse(&state, "whatsapp", from, &text).await {
                if !reply.text.is_empty() {
                    sends.push((phone_id.to_string(), wa_message(&state, from, &reply)));
                }
            }
        }
    }
    for (phone_id, message) in sends {
        send_whatsapp(&state, &phone_id, &message).await;
    }
    StatusCode::OK.into_response()
}

/// Send one message through the Cloud API (logged when it fails; the conversation keeps it).
async fn send_whatsapp(state: &AppState, phone_id: &str, message: &Value) {
    let Some(token) = state.config.whatsapp_token.as_deref() else {
        tracing::warn!("whatsapp_token is not set: replies cannot be sent");
        return;
    };
    let url = format!("{}/{phone_id}/messages", state.config.whatsapp_api_url.trim_end_matches('/'));
    let sent = super::http()
        .post(&url)
        .timeout(std::time::Duration::from_secs(15))
        .bearer_auth(token)
        .json(message)
        .send()
        .await
        .map(|r| r.status());
    match sent {
        Ok(s) if s.is_success() => {}
        Ok(s) => tracing::warn!(status = %s, "WhatsApp refused a reply"),
        Err(e) => tracing::warn!(error = %e, "WhatsApp reply not sent"),
    }
}
