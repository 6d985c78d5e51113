//! Extractors that turn bad input into clear, localised errors: form bodies with their CSRF
//! token checked, and JSON bodies whose syntax errors use the API error envelope.

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

use super::context::Ctx;
use super::error::AppError;

/// Largest form body accepted (catalogue uploads use their own limit).
const FORM_LIMIT: usize = 256 * 1024;

/// A URL-encoded form whose `_csrf` field matches the visitor's CSRF cookie.
pub struct CsrfForm<T>(pub T);

/// The text file of a form posted as `multipart/form-data` with its CSRF token (field `_csrf`):
/// the file field `name` as UTF-8 text, none when it is missing or blank.
pub async fn csrf_text_file(
    multipart: &mut axum::extract::Multipart,
    ctx: &super::RequestCtx,
    name: &str,
) -> Result<Option<String>, AppError> {
    let mut csrf = String::new();
    let mut file: Option<String> = None;
    while let Some(field) = multipart.next_field().await.map_err(|_| AppError::bad_request("error-form"))? {
        if field.name() == Some("_csrf") {
            csrf = field.text().await.map_err(|_| AppError::bad_request("error-form"))?;
        } else if field.name() == Some(name) {
            let bytes = field.bytes().await.map_err(|_| AppError::TooLarge)?;
            file = Some(String::from_utf8(bytes.to_vec()).map_err(|_| AppError::bad_request("error-not-utf8"))?);
        }
    }
    if !same_token(&csrf, &ctx.csrf) {
        return Err(AppError::bad_request("error-csrf"));
    }
    Ok(file.filter(|f| !f.trim().is_empty()))
}

/// Compare two tokens in constant time.
pub fn same_token(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

impl<S, T> FromRequest<S> for CsrfForm<T>
where
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, AppError> {
        let (mut parts, body) = req.into_parts();
        let ctx = <Ctx as axum::extract::FromRequestParts<S>>::from_request_parts(&mut parts, state).await?;
        let req = Request::from_parts(parts, body);
        let bytes = Bytes::from_request(req, state).await.map_err(|_| AppError::bad_request("error-form"))?;
        if bytes.len() > FORM_LIMIT {
            return Err(AppError::TooLarge);
        }
        let pairs: Vec<(String, String)> =
            serde_urlencoded::from_bytes(&bytes).map_err(|_| AppError::bad_request("error-form"))?;
        let token = pairs.iter().find(|(k, _)| k == "_csrf").map(|(_, v)| v.as_str()).unwrap_or("");
        if !same_token(token, &ctx.csrf) {
            return Err(AppError::bad_request("error-csrf"));
        }
        let value = serde_urlencoded::from_bytes(&bytes)
            .map_err(|e| AppError::BadRequest { key: "error-form", detail: Some(e.to_string()) })?;
        Ok(CsrfForm(value))
    }
}

/// A JSON body; syntax and type errors become `400 invalid_json` / `422` envelopes.
pub struct ApiJson<T>(pub T);

impl<S, T> FromRequest<S> for ApiJson<T>
where
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, AppError> {
        use axum::extract::rejection::JsonRejection;
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(v)) => Ok(ApiJson(v)),
            Err(JsonRejection::JsonDataError(e)) => {
                Err(AppError::BadRequest { key: "error-json-data", detail: Some(e.body_text()) })
            }
            Err(JsonRejection::MissingJsonContentType(_)) => Err(AppError::bad_request("error-json-content-type")),
            Err(e) => Err(AppError::BadRequest { key: "error-json", detail: Some(e.body_text()) }),
        }
    }
}

/// A query string; malformed ones become `400 query` envelopes.
pub struct ApiQuery<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        axum::extract::Query::<T>::from_request_parts(parts, state)
            .await
            .map(|axum::extract::Query(v)| ApiQuery(v))
            .map_err(|e| AppError::BadRequest { key: "error-query", detail: Some(e.body_text()) })
    }
}

/// Path parameters; undecodable ones (e.g. `%FF`) mean nothing is there: 404.
pub struct ApiPath<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + Send> FromRequestParts<S> for ApiPath<T> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        axum::extract::Path::<T>::from_request_parts(parts, state)
            .await
            .map(|axum::extract::Path(v)| ApiPath(v))
            .map_err(|_| AppError::NotFound)
    }
}

/// A text body (UTF-8) up to the router's limit.
pub struct TextBody(pub String);

impl<S: Send + Sync> FromRequest<S> for TextBody {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, AppError> {
        let bytes = Bytes::from_request(req, state).await.map_err(|e| {
            if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
                AppError::TooLarge
            } else {
                AppError::bad_request("error-form")
            }
        })?;
        String::from_utf8(bytes.to_vec()).map(TextBody).map_err(|_| AppError::bad_request("error-not-utf8"))
    }
}
