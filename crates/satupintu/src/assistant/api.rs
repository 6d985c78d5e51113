//! `/api/v1/assistant`: send a message and read the reply; read a conversation's later messages
//! (officers' replies after a handover); delete a conversation.

use axum::extract::State;
use axum::http::header::SET_COOKIE;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::answer::Action;
use super::nlu::{Aspect, Intent};
use super::service::{self, WEB};
use crate::app::AppState;
use crate::web::context::CSRF_HEADER;
use crate::web::error::ErrorEnvelope;
use crate::web::{ApiError, ApiJson, ApiPath, ApiQuery, AppError, Ctx};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(send))
        .routes(routes!(conversation_messages))
        .routes(routes!(delete_conversation))
        .merge(super::webhooks::router())
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewMessage {
    /// The conversation to continue (from an earlier reply); none starts a new one.
    #[serde(default)]
    pub conversation_id: Option<String>,
    /// What the citizen wrote (1 to 1000 characters), or a command a suggested action sends.
    pub text: String,
}

#[derive(Serialize, ToSchema)]
pub struct AssistantReply {
    pub conversation_id: String,
    /// What the assistant understood; absent for commands and while an officer answers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub intent: Option<Intent>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub aspect: Option<Aspect>,
    /// A complaint's category (`jalan`, `sampah`, ...).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tracking_code: Option<String>,
    /// 0 to 1.
    pub confidence: f64,
    /// The assistant's reply; absent while the conversation is with an officer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reply: Option<String>,
    /// Suggested next steps.
    pub actions: Vec<Action>,
    /// `bot`, `waiting` (for an officer) or `live` (an officer answers).
    pub status: String,
    /// The id of the last message stored; ask for messages after it to see what follows.
    pub message_id: i64,
    /// The language the reply is in.
    pub lang: String,
}

/// Send a message to the assistant (signed in or not). Guests keep the `conversation_id` to
/// continue: it is the key to their conversation.
#[utoipa::path(post, path = "/api/v1/assistant/messages", tag = "assistant", request_body = NewMessage,
    responses((status = 200, body = AssistantReply), (status = 400, body = ErrorEnvelope),
              (status = 404, body = ErrorEnvelope), (status = 422, body = ErrorEnvelope)))]
async fn send(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    ApiJson(req): ApiJson<NewMessage>,
) -> Result<Response, ApiError> {
    let user = ctx.user.as_ref().filter(|u| u.is_full());
    let out = service::message(&state, user, req.conversation_id.as_deref(), &WEB, &req.text).await?;
    // From the site's own chat page (it sends its CSRF token): the browser keeps the
    // conversation, as the plain form does, so it is there after a reload.
    let cookie = headers
        .contains_key(CSRF_HEADER)
        .then(|| super::pages::conversation_cookie(&state, &out.conversation_id));
    let u = out.understanding.as_ref();
    let (reply, actions) = match out.reply {
        Some(r) => (Some(r.text), r.actions),
        None => (None, vec![]),
    };
    let body = Json(AssistantReply {
        conversation_id: out.conversation_id,
        intent: u.map(|u| u.intent),
        service_id: u.and_then(|u| u.service()).map(str::to_string),
        aspect: u.filter(|u| u.intent == Intent::ServiceInfo).map(|u| u.aspect),
        category: u.and_then(|u| u.category).map(|c| c.as_str().to_string()),
        tracking_code: u.and_then(|u| u.tracking_code.clone()),
        confidence: u.map_or(1.0, |u| (u.confidence * 1000.0).round() / 1000.0),
        reply,
        actions,
        status: out.status,
        message_id: out.last_message_id,
        lang: u.map_or(ctx.lang, |u| u.lang).code().to_string(),
    });
    Ok(match cookie {
        Some(c) => ([(SET_COOKIE, c)], body).into_response(),
        None => body.into_response(),
    })
}

#[derive(Serialize, ToSchema)]
pub struct MessageView {
    pub id: i64,
    /// `citizen`, `assistant` or `officer`.
    pub author: String,
    pub text: String,
    pub actions: Vec<Action>,
    /// Unix seconds.
    pub created_at: i64,
}

#[derive(Serialize, ToSchema)]
pub struct MessageList {
    pub status: String,
    pub messages: Vec<MessageView>,
}

impl MessageView {
    pub fn from(m: super::store::Message) -> MessageView {
        MessageView {
            id: m.id,
            author: m.author,
            text: m.text,
            actions: serde_json::from_value(m.actions).unwrap_or_default(),
            created_at: m.created_at,
        }
    }
}

#[derive(Deserialize, Default, utoipa::IntoParams)]
#[serde(default)]
#[into_params(parameter_in = Query)]
struct AfterQuery {
    /// Only messages after this message id.
    after: Option<i64>,
}

/// A conversation's messages (its owner, a guest holding its id, or an officer answering it
/// after a handover), oldest first.
#[utoipa::path(get, path = "/api/v1/assistant/conversations/{id}/messages", tag = "assistant",
    params(("id" = String, Path), AfterQuery),
    responses((status = 200, body = MessageList), (status = 400, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)))]
async fn conversation_messages(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<String>,
    ApiQuery(q): ApiQuery<AfterQuery>,
) -> Result<Json<MessageList>, ApiError> {
    let user = ctx.user.as_ref().filter(|u| u.is_full());
    let c = match service::accessible(&state, user, &id).await? {
        Some(c) => c,
        // An officer answering a handed-over conversation follows it too.
        None => match user {
            Some(u) if u.role.is_staff() => service::for_officer(&state, u, &id).await?.0,
            _ => return Err(AppError::NotFound.into()),
        },
    };
    let messages = service::messages(&state, &c, q.after.unwrap_or(0).max(0)).await?;
    Ok(Json(MessageList { status: c.status, messages: messages.into_iter().map(MessageView::from).collect() }))
}

/// Delete a conversation and its messages.
#[utoipa::path(delete, path = "/api/v1/assistant/conversations/{id}", tag = "assistant", params(("id" = String, Path)),
    responses((status = 204), (status = 404, body = ErrorEnvelope)))]
async fn delete_conversation(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<String>,
) -> Result<StatusCode, ApiError> {
    let user = ctx.user.as_ref().filter(|u| u.is_full());
    service::delete(&state, user, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}
