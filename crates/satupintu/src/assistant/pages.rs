//! The chat page (a plain form without JavaScript; live with `assistant.js`) and the officers'
//! pages for conversations handed over to a person.

use askama::Template;
use axum::extract::State;
use axum::http::header::SET_COOKIE;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::answer::Action;
use super::service::{self, WEB};
use super::store::{Conversation, Message};
use crate::app::AppState;
use crate::identity::Role;
use crate::web::auth::{Authorized, RoleSet};
use crate::web::context::{cookie, set_cookie};
use crate::web::routes::Pages;
use crate::web::{fmt_datetime, render, see_other, ApiPath, AppError, CsrfForm, Ctx, FormErrors, Layout, T};

/// The cookie that keeps a browser's conversation.
pub const CONVERSATION_COOKIE: &str = "sp_asisten";

/// The cookie that keeps this browser's conversation: for the browser session only, so the
/// next person at a shared computer does not find it.
pub fn conversation_cookie(state: &AppState, id: &str) -> axum::http::HeaderValue {
    set_cookie(CONVERSATION_COOKIE, id, None, state.config.cookies_secure())
}

/// Staff who answer conversations handed over to a person.
pub struct Answerers;
impl RoleSet for Answerers {
    const ROLES: &'static [Role] = &[Role::Officer, Role::Supervisor, Role::AgencyAdmin, Role::SuperAdmin];
}

pub fn pages() -> Pages {
    Pages::new()
        .get("/asisten", chat_page)
        .post("/asisten", chat_send)
        .post("/asisten/hapus", chat_delete)
        .get("/petugas/asisten", queue_page)
        .get("/petugas/asisten/{id}", conversation_page)
        .post("/petugas/asisten/{id}", officer_send)
}

/// A message ready to show.
pub struct Bubble {
    pub id: i64,
    pub author: String,
    pub who: String,
    pub text: String,
    pub links: Vec<Action>,
    pub sends: Vec<Action>,
    pub time: String,
}

fn bubbles(t: T<'_>, messages: Vec<Message>, staff: bool) -> Vec<Bubble> {
    let last_assistant = messages.iter().rposition(|m| m.author == "assistant");
    messages
        .into_iter()
        .enumerate()
        .map(|(i, m)| {
            let actions: Vec<Action> = serde_json::from_value(m.actions).unwrap_or_default();
            let (links, sends) = actions.into_iter().partition(|a| a.href.is_some());
            // Buttons only on the latest answer: older ones would act on a passed moment.
            let sends = if Some(i) == last_assistant && !staff { sends } else { vec![] };
            let who = match (m.author.as_str(), staff) {
                ("citizen", false) => t.t("asst-who-you"),
                ("citizen", true) => t.t("asst-who-citizen"),
                ("officer", _) => t.t("asst-who-officer"),
                _ => t.t("asst-who-assistant"),
            };
            Bubble { id: m.id, author: m.author, who, text: m.text, links, sends, time: fmt_datetime(m.created_at, t.lang) }
        })
        .collect()
}

#[derive(Template)]
#[template(path = "assistant/chat.html")]
struct ChatPage<'a> {
    l: Layout<'a>,
    errors: FormErrors,
    conversation_id: String,
    status: String,
    messages: Vec<Bubble>,
    last_id: i64,
    text: String,
}

async fn current(state: &AppState, ctx: &Ctx, headers: &HeaderMap) -> Result<Option<Conversation>, AppError> {
    let user = ctx.user.as_ref().filter(|u| u.is_full());
    match cookie(headers, CONVERSATION_COOKIE).filter(|id| !id.is_empty() && id.len() <= 64) {
        Some(id) => service::accessible(state, user, id).await,
        None => Ok(None),
    }
}

/// The report drafted in this browser's conversation, for the reporting form.
pub async fn report_draft(state: &AppState, ctx: &Ctx, headers: &HeaderMap) -> Result<Option<service::Draft>, AppError> {
    Ok(current(state, ctx, headers).await?.as_ref().and_then(service::report_draft))
}

async fn chat_view(state: &AppState, ctx: &Ctx, conv: Option<Conversation>, errors: FormErrors, text: String) -> Result<Response, AppError> {
    let t = ctx.t();
    let (messages, conversation_id, status) = match conv {
        Some(c) => (service::messages(state, &c, 0).await?, c.id, c.status),
        None => (vec![], String::new(), "bot".into()),
    };
    let last_id = messages.last().map_or(0, |m| m.id);
    let page = ChatPage {
        l: Layout::new(ctx, t.t("asst-title")).with_errors(!errors.is_empty()),
        errors,
        conversation_id,
        status,
        messages: bubbles(t, messages, false),
        last_id,
        text,
    };
    Ok(render(&page)?.into_response())
}

async fn chat_page(State(state): State<AppState>, ctx: Ctx, headers: HeaderMap) -> Result<Response, AppError> {
    let conv = current(&state, &ctx, &headers).await?;
    chat_view(&state, &ctx, conv, FormErrors::default(), String::new()).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct SendForm {
    text: String,
}

async fn chat_send(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    CsrfForm(f): CsrfForm<SendForm>,
) -> Result<Response, AppError> {
    let user = ctx.user.as_ref().filter(|u| u.is_full());
    let conv = current(&state, &ctx, &headers).await?;
    match service::message(&state, user, conv.as_ref().map(|c| c.id.as_str()), &WEB, &f.text).await {
        Ok(out) => {
            let cookie = conversation_cookie(&state, &out.conversation_id);
            Ok(([(SET_COOKIE, cookie)], see_other(&format!("/asisten#m{}", out.last_message_id))).into_response())
        }
        Err(AppError::Validation(errs)) => {
            let errors = FormErrors::from_fields(ctx.t(), &errs);
            chat_view(&state, &ctx, conv, errors, f.text.chars().take(service::MAX_TEXT * 2).collect()).await
        }
        Err(e) => Err(e),
    }
}

async fn chat_delete(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    CsrfForm(_): CsrfForm<SendForm>,
) -> Result<Response, AppError> {
    if let Some(c) = current(&state, &ctx, &headers).await? {
        service::delete(&state, ctx.user.as_ref().filter(|u| u.is_full()), &c.id).await?;
    }
    let cookie = set_cookie(CONVERSATION_COOKIE, "", Some(0), state.config.cookies_secure());
    Ok(([(SET_COOKIE, cookie)], see_other("/asisten")).into_response())
}

// ---- Officers ----

struct QueueRow {
    id: String,
    status: String,
    since: String,
    lang: String,
    agency: String,
}

#[derive(Template)]
#[template(path = "assistant/queue.html")]
struct QueuePage<'a> {
    l: Layout<'a>,
    rows: Vec<QueueRow>,
}

fn status_label(t: T<'_>, status: &str) -> String {
    t.t(&format!("asst-status-{status}"))
}

async fn queue_page(State(state): State<AppState>, auth: Authorized<Answerers>) -> Result<Response, AppError> {
    let t = auth.ctx.t();
    let snapshot = crate::catalog::service::snapshot(&state).await?;
    let rows = service::queue(&state, &auth.user)
        .await?
        .into_iter()
        .map(|c| QueueRow {
            status: status_label(t, &c.status),
            since: fmt_datetime(c.handoff_at.unwrap_or(c.created_at), t.lang),
            lang: c.lang.to_uppercase(),
            agency: c
                .agency_id
                .as_deref()
                .map(|a| snapshot.agency(a).map(|x| x.name.get(t.lang).to_string()).unwrap_or_else(|| a.to_string()))
                .unwrap_or_else(|| t.t("asst-agency-unknown")),
            id: c.id,
        })
        .collect();
    let page = QueuePage { l: Layout::new(&auth.ctx, t.t("asst-queue-title")), rows };
    Ok(render(&page)?.into_response())
}

#[derive(Template)]
#[template(path = "assistant/conversation.html")]
struct ConversationPage<'a> {
    l: Layout<'a>,
    errors: FormErrors,
    id: String,
    status: String,
    open: bool,
    messages: Vec<Bubble>,
    last_id: i64,
}

async fn conversation_view(state: &AppState, auth: &Authorized<Answerers>, id: &str, errors: FormErrors) -> Result<Response, AppError> {
    let t = auth.ctx.t();
    let (c, messages) = service::for_officer(state, &auth.user, id).await?;
    let last_id = messages.last().map_or(0, |m| m.id);
    let page = ConversationPage {
        last_id,
        l: Layout::new(&auth.ctx, t.t("asst-conversation-title")).with_errors(!errors.is_empty()),
        errors,
        open: matches!(c.status.as_str(), "waiting" | "live"),
        status: status_label(t, &c.status),
        id: c.id,
        messages: bubbles(t, messages, true),
    };
    Ok(render(&page)?.into_response())
}

async fn conversation_page(
    State(state): State<AppState>,
    auth: Authorized<Answerers>,
    ApiPath(id): ApiPath<String>,
) -> Result<Response, AppError> {
    conversation_view(&state, &auth, &id, FormErrors::default()).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct OfficerForm {
    text: String,
    action: String,
}

async fn officer_send(
    State(state): State<AppState>,
    auth: Authorized<Answerers>,
    ApiPath(id): ApiPath<String>,
    CsrfForm(f): CsrfForm<OfficerForm>,
) -> Result<Response, AppError> {
    let close = f.action == "close";
    match service::officer_reply(&state, &auth.user, &id, &f.text, close).await {
        Ok(()) if close => Ok(see_other("/petugas/asisten")),
        Ok(()) => Ok(see_other(&format!("/petugas/asisten/{id}"))),
        Err(AppError::Validation(errs)) => {
            let errors = FormErrors::from_fields(auth.ctx.t(), &errs);
            conversation_view(&state, &auth, &id, errors).await
        }
        Err(e) => Err(e),
    }
}
