//! One error type at the edge: a JSON envelope for the API, an HTML page for browsers,
//! both in the visitor's language. A client mistake is never a 500.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use serde::Serialize;

use super::i18n::{current_lang, Lang, T};
use super::locales;

/// A problem with one input field: the field's name and a message key (`field-*`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FieldError {
    pub field: String,
    pub key: &'static str,
}

impl FieldError {
    pub fn new(field: impl Into<String>, key: &'static str) -> Self {
        FieldError { field: field.into(), key }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    #[error("sign-in required")]
    Unauthorized,
    #[error("forbidden")]
    Forbidden,
    #[error("invalid input")]
    Validation(Vec<FieldError>),
    /// A malformed request; `key` names the Fluent message (`error-*`).
    #[error("bad request: {key}")]
    BadRequest { key: &'static str, detail: Option<String> },
    #[error("conflict: {key}")]
    Conflict { key: &'static str },
    /// Authentication failed or needs another step (401).
    #[error("authentication: {key}")]
    Auth { key: &'static str },
    /// Refused for a reason the client can act on (403).
    #[error("refused: {key}")]
    Refused { key: &'static str },
    #[error("too many attempts")]
    RateLimited { retry_after: i64 },
    #[error("payload too large")]
    TooLarge,
    /// Something the server depends on cannot be reached (503); `key` names the message.
    #[error("service unavailable: {key}")]
    Unavailable { key: &'static str },
    #[error("internal error: {0:#}")]
    Internal(anyhow::Error),
}

impl AppError {
    pub fn bad_request(key: &'static str) -> Self {
        AppError::BadRequest { key, detail: None }
    }

    pub fn unavailable(key: &'static str) -> Self {
        AppError::Unavailable { key }
    }

    pub fn status(&self) -> StatusCode {
        match self {
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Unauthorized => StatusCode::UNAUTHORIZED,
            AppError::Forbidden => StatusCode::FORBIDDEN,
            AppError::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::BadRequest { .. } => StatusCode::BAD_REQUEST,
            AppError::Conflict { .. } => StatusCode::CONFLICT,
            AppError::Auth { .. } => StatusCode::UNAUTHORIZED,
            AppError::Refused { .. } => StatusCode::FORBIDDEN,
            AppError::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            AppError::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::Unavailable { .. } => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// Stable machine-readable code.
    pub fn code(&self) -> String {
        let code = match self {
            AppError::NotFound => "not_found",
            AppError::Unauthorized => "unauthorized",
            AppError::Forbidden => "forbidden",
            AppError::Validation(_) => "validation_failed",
            AppError::BadRequest { key, .. }
            | AppError::Conflict { key }
            | AppError::Auth { key }
            | AppError::Refused { key }
            | AppError::Unavailable { key } => key.strip_prefix("error-").unwrap_or(key),
            AppError::RateLimited { .. } => "rate_limited",
            AppError::TooLarge => "payload_too_large",
            AppError::Internal(_) => "internal",
        };
        code.replace('-', "_")
    }

    fn message_key(&self) -> &'static str {
        match self {
            AppError::NotFound => "error-not-found",
            AppError::Unauthorized => "error-unauthorized",
            AppError::Forbidden => "error-forbidden",
            AppError::Validation(_) => "error-validation",
            AppError::BadRequest { key, .. }
            | AppError::Conflict { key }
            | AppError::Auth { key }
            | AppError::Refused { key }
            | AppError::Unavailable { key } => key,
            AppError::RateLimited { .. } => "error-rate-limited",
            AppError::TooLarge => "error-too-large",
            AppError::Internal(_) => "error-internal",
        }
    }

    pub fn message(&self, lang: Lang) -> String {
        locales().msg(lang, self.message_key(), None)
    }

    fn log(&self) {
        if let AppError::Internal(e) = self {
            tracing::error!(error = %format!("{e:#}"), "internal error");
        }
    }
}

impl From<sqlx::Error> for AppError {
    fn from(e: sqlx::Error) -> Self {
        AppError::Internal(e.into())
    }
}

impl From<anyhow::Error> for AppError {
    fn from(e: anyhow::Error) -> Self {
        AppError::Internal(e)
    }
}

/// An error answered as the JSON envelope `{"error": {"code", "message", "details"}}`.
#[derive(Debug)]
pub struct ApiError(pub AppError);

impl<E: Into<AppError>> From<E> for ApiError {
    fn from(e: E) -> Self {
        ApiError(e.into())
    }
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ErrorEnvelope {
    pub error: ErrorBody,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    /// Stable machine-readable code, e.g. `validation_failed`.
    pub code: String,
    /// Human-readable message in the request's language.
    pub message: String,
    /// Per-field problems for `validation_failed`: field name to message.
    #[schema(value_type = Object)]
    pub details: serde_json::Value,
}

/// A problem with an action button's form (a page that is not a form page to show again): a 400
/// naming the first problem in the reader's language; other errors pass through.
pub fn action_form_error(t: T<'_>, e: AppError) -> AppError {
    match e {
        AppError::Validation(errs) => {
            let msg = errs.first().map(|e| t.t(e.key)).unwrap_or_default();
            AppError::BadRequest { key: "error-action-input", detail: Some(msg) }
        }
        e => e,
    }
}

pub fn envelope(err: &AppError, lang: Lang) -> ErrorEnvelope {
    let details = match err {
        AppError::Validation(fields) => {
            let mut map = serde_json::Map::new();
            for f in fields {
                map.entry(f.field.clone())
                    .or_insert_with(|| serde_json::Value::String(locales().msg(lang, f.key, None)));
            }
            serde_json::Value::Object(map)
        }
        AppError::BadRequest { detail: Some(d), .. } => serde_json::json!({ "detail": d }),
        AppError::RateLimited { retry_after } => serde_json::json!({ "retry_after": retry_after }),
        _ => serde_json::json!({}),
    };
    ErrorEnvelope { error: ErrorBody { code: err.code(), message: err.message(lang), details } }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        self.0.log();
        let lang = current_lang();
        let mut resp = (self.0.status(), axum::Json(envelope(&self.0, lang))).into_response();
        add_retry_after(&self.0, &mut resp);
        resp
    }
}

/// An error answered as an HTML page.
#[derive(Debug)]
pub struct PageError(pub AppError);

impl<E: Into<AppError>> From<E> for PageError {
    fn from(e: E) -> Self {
        PageError(e.into())
    }
}

#[derive(askama::Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    t: T<'a>,
    title: String,
    message: String,
    details: Vec<String>,
    status: u16,
    css: String,
    /// The request id, on a server error: the person can quote it and staff find the logs.
    request_id: Option<String>,
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        self.0.log();
        if matches!(self.0, AppError::Unauthorized) {
            return axum::response::Redirect::to("/masuk").into_response();
        }
        let lang = current_lang();
        let t = T { locales: locales(), lang };
        let details = match &self.0 {
            AppError::Validation(fields) => fields.iter().map(|f| t.t(f.key)).collect(),
            AppError::BadRequest { detail: Some(d), .. } => vec![d.clone()],
            _ => vec![],
        };
        let status = self.0.status();
        let page = ErrorPage {
            title: t.t(&format!("status-{}", status.as_u16())),
            message: self.0.message(lang),
            details,
            status: status.as_u16(),
            css: super::assets::url("app.css"),
            request_id: status.is_server_error().then(crate::observe::current_request_id).flatten(),
            t,
        };
        let body = askama::Template::render(&page).unwrap_or_else(|_| "error".into());
        let mut resp = (status, Html(body)).into_response();
        add_retry_after(&self.0, &mut resp);
        resp
    }
}

fn add_retry_after(err: &AppError, resp: &mut Response) {
    if let AppError::RateLimited { retry_after } = err {
        if let Ok(v) = HeaderValue::from_str(&retry_after.to_string()) {
            resp.headers_mut().insert(header::RETRY_AFTER, v);
        }
    }
}
