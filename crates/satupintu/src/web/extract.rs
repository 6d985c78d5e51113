//! Extractors that turn bad input into clear, localised errors: form bodies with their CSRF
//! token checked, and JSON bodies whose syntax errors use the API error envelope.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use serde::de::DeserializeOwned;

use super::context::Ctx;
use super::error::AppError;

/// Largest form body accepted (catalogue uploads use their own limit).
const FORM_LIMIT: usize = 256 * 1024;

/// A URL-encoded form whose `_csrf` field matches the visitor's CSRF cookie.
pub struct CsrfForm<T>(pub T);

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
