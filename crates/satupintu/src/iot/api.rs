//! `POST /api/v1/iot/readings`: readings from devices that cannot speak MQTT, with the device's
//! token. Answered only once the accepted readings are committed.

use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::Json;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::ingest::Submission;
use super::payload::{self, Window};
use super::registry;
use crate::app::AppState;
use crate::web::error::ErrorEnvelope;
use crate::web::i18n::current_lang;
use crate::web::{locales, ApiError, AppError, FieldError};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(post_readings))
}

/// What became of a payload's readings.
#[derive(Serialize, ToSchema)]
#[schema(as = IotIngestResult)]
pub struct IngestResult {
    /// Readings accepted and stored (a reading already stored, same sensor and millisecond,
    /// counts as accepted and is stored once).
    pub accepted: usize,
    /// Readings refused, by their index in the payload (0 for a single object).
    pub refused: Vec<Refusal>,
}

#[derive(Serialize, ToSchema)]
#[schema(as = IotRefusal)]
pub struct Refusal {
    pub index: usize,
    /// Stable code, e.g. `iot_error_sensor`.
    pub code: String,
    /// The reason in the request's language.
    pub message: String,
}

/// Send readings over HTTP. The body is one reading `{"sensor": "<sensor id>", "value":
/// <number>, "ts": "<RFC 3339, optional>"}` or a JSON array of up to 1,000 of them (at most
/// 256 KiB). Each reading is accepted or refused on its own; the answer (202) comes once the
/// accepted ones are stored. A payload that is not such JSON is refused whole (400; 413 when
/// too large); one whose every reading is refused answers 422 with the reason per index.
/// Refusals are counted on the device (`bad_payloads`, `last_error`).
#[utoipa::path(post, path = "/api/v1/iot/readings", tag = "iot", security(("bearer" = [])),
    request_body(content = String, content_type = "application/json",
        description = "`{\"sensor\": \"jagir-tma\", \"value\": 231.5, \"ts\": \"2026-11-30T08:00:00+07:00\"}` or an array of such"),
    responses((status = 202, body = IngestResult), (status = 400, body = ErrorEnvelope),
        (status = 401, body = ErrorEnvelope), (status = 413, body = ErrorEnvelope),
        (status = 422, body = ErrorEnvelope), (status = 503, body = ErrorEnvelope)))]
async fn post_readings(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Body,
) -> Result<(StatusCode, Json<IngestResult>), ApiError> {
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
        .filter(|t| !t.is_empty() && t.len() <= 256)
        .ok_or(AppError::Auth { key: "iot-error-token" })?;
    let device = {
        let mut conn = state.db.conn().await?;
        registry::authenticate(&mut conn, token).await?.ok_or(AppError::Auth { key: "iot-error-token" })?
    };
    let bytes = match axum::body::to_bytes(body, payload::MAX_BYTES).await {
        Ok(b) => b,
        Err(_) => {
            refuse_whole(&state, &device.id, payload::ERR_TOO_LARGE).await?;
            return Err(AppError::TooLarge.into());
        }
    };
    let now_ms = super::ingest::now_ms();
    let parsed = match payload::parse(&bytes, Window::new(now_ms, state.config.iot_raw_days)) {
        Ok(p) => p,
        Err(key) => {
            refuse_whole(&state, &device.id, key).await?;
            return Err(
                if key == payload::ERR_TOO_LARGE { AppError::TooLarge } else { AppError::bad_request(key) }.into()
            );
        }
    };
    let sent = parsed.len();
    let checked =
        state.iot.check(&state.db, &device.id, parsed).await?.ok_or(AppError::Auth { key: "iot-error-token" })?;
    let accepted = checked.readings.len();
    let sub = Submission {
        device_id: device.id.clone(),
        readings: checked.readings,
        refusals: checked.refused.iter().map(|(_, k)| *k).collect(),
        done: None,
    };
    let committed = tokio::time::timeout(super::ingest::SUBMIT_WAIT, state.iot.submit_and_wait(sub)).await;
    if !matches!(committed, Ok(Ok(true))) {
        return Err(AppError::unavailable("iot-error-busy").into());
    }
    if accepted == 0 && sent > 0 {
        let fields = checked.refused.iter().map(|(i, k)| FieldError::new(i.to_string(), k)).collect();
        return Err(AppError::Validation(fields).into());
    }
    let lang = current_lang();
    let refused = checked
        .refused
        .iter()
        .map(|(index, key)| Refusal {
            index: *index,
            code: key.replace('-', "_"),
            message: locales().msg(lang, key, None),
        })
        .collect();
    Ok((StatusCode::ACCEPTED, Json(IngestResult { accepted, refused })))
}

/// Count a payload refused whole on the device (through the writer, like every counter).
async fn refuse_whole(state: &AppState, device_id: &str, key: payload::ErrorKey) -> Result<(), AppError> {
    let sub = Submission { device_id: device_id.into(), readings: vec![], refusals: vec![key], done: None };
    match tokio::time::timeout(super::ingest::SUBMIT_WAIT, state.iot.submit_and_wait(sub)).await {
        Ok(Ok(true)) => Ok(()),
        _ => Err(AppError::unavailable("iot-error-busy")),
    }
}
