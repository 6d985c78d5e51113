//! `GET /api/v1/me/export`: the signed-in citizen's data archive; `GET /api/v1/me/access-log`:
//! every use of their data; `GET|POST /api/v1/me/requests`: their correction and deletion
//! requests.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::model::{AccessEvent, CorrectionInput};
use super::service;
use super::store::Request;
use crate::app::AppState;
use crate::web::auth::{Authorized, Citizens};
use crate::web::error::ErrorEnvelope;
use crate::web::{attachment, ApiError, ApiJson, AppError, FieldError};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(export)).routes(routes!(access_log)).routes(routes!(my_requests, file_request))
}

/// The caller's data archive (UU 27/2022): a ZIP with one JSON file per kind of data held about
/// them, `manifest.json` (files, counts, time, format version) and `README.md` (Indonesian,
/// then English) saying what each file holds. No secrets (passwords, TOTP, tokens, device keys).
#[utoipa::path(get, path = "/api/v1/me/export", tag = "privacy", security(("bearer" = [])),
    responses((status = 200, description = "ZIP archive (`satupintu-data-saya-<date>.zip`)", content_type = "application/zip", body = Vec<u8>),
              (status = 401, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope)))]
async fn export(State(state): State<AppState>, auth: Authorized<Citizens>) -> Result<Response, ApiError> {
    let bytes = service::export(&state, auth.id).await?;
    tracing::info!(user_id = auth.id, "data archive downloaded");
    Ok(attachment("application/zip", &format!("satupintu-data-saya-{}.zip", service::today(&state)), bytes))
}

#[derive(Serialize, ToSchema)]
#[schema(as = PrivacyAccessLog)]
struct AccessLog {
    /// Every query about the caller served here through the data exchange, newest first
    /// (answered or refused). Kept as it was; `events` holds these and every other use.
    entries: Vec<crate::exchange::store::LogEntry>,
    /// Every use of the caller's data from every log, newest first: staff opening their
    /// application data, health workers reading their health records, exchange queries.
    events: Vec<AccessEvent>,
}

/// Who used the caller's data: when, who (agency, officer role and name, or the asking member
/// agency), what, why, on what basis, and the outcome.
#[utoipa::path(get, path = "/api/v1/me/access-log", tag = "privacy", security(("bearer" = [])),
    responses((status = 200, body = AccessLog), (status = 401, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope)))]
async fn access_log(State(state): State<AppState>, auth: Authorized<Citizens>) -> Result<Json<AccessLog>, ApiError> {
    Ok(Json(AccessLog {
        entries: crate::exchange::service::access_log(&state, auth.id).await?,
        events: service::access_events(&state, &auth.user).await?,
    }))
}

#[derive(Serialize, ToSchema)]
#[schema(as = PrivacyRequestList)]
struct RequestList {
    /// The caller's requests, newest first.
    requests: Vec<Request>,
}

/// The caller's correction and deletion requests and how each was decided.
#[utoipa::path(get, path = "/api/v1/me/requests", tag = "privacy", security(("bearer" = [])),
    responses((status = 200, body = RequestList), (status = 401, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope)))]
async fn my_requests(State(state): State<AppState>, auth: Authorized<Citizens>) -> Result<Json<RequestList>, ApiError> {
    Ok(Json(RequestList { requests: service::requests_of(&state, auth.id).await? }))
}

/// A new data subject request.
#[derive(Deserialize, ToSchema)]
#[schema(as = PrivacyNewRequest)]
#[serde(deny_unknown_fields)]
struct NewRequest {
    /// `correction` (checked by a data protection officer) or `deletion` (done at once where
    /// the law allows; what must be kept is kept and listed in the outcome).
    kind: String,
    /// Correction: which data is wrong (`full_name`, `email`, `phone`, `address`, `birth_place`,
    /// `birth_date`, `gender`, `nik`, `kk_number`, `other`).
    #[serde(default)]
    field: String,
    /// Correction: what is wrong.
    #[serde(default)]
    problem: String,
    /// Correction: the correct value.
    #[serde(default)]
    correct_value: String,
    /// Deletion: must be `true` (the account is closed and cannot be restored).
    #[serde(default)]
    confirm: bool,
}

/// File a correction request (201, pending until an officer decides) or delete the account
/// where the law allows (201 with the deletion's outcome; the caller's sessions end with it).
#[utoipa::path(post, path = "/api/v1/me/requests", tag = "privacy", security(("bearer" = [])), request_body = NewRequest,
    responses((status = 201, body = Request), (status = 400, body = ErrorEnvelope), (status = 401, body = ErrorEnvelope),
              (status = 403, body = ErrorEnvelope), (status = 422, body = ErrorEnvelope)))]
async fn file_request(
    State(state): State<AppState>,
    auth: Authorized<Citizens>,
    ApiJson(req): ApiJson<NewRequest>,
) -> Result<(StatusCode, Json<Request>), ApiError> {
    let id = match req.kind.as_str() {
        "correction" => {
            let input = CorrectionInput { field: req.field, problem: req.problem, correct_value: req.correct_value };
            service::request_correction(&state, auth.id, &input).await?
        }
        "deletion" if req.confirm => service::erase_request(&state, auth.id).await?,
        "deletion" => {
            return Err(AppError::Validation(vec![FieldError::new("confirm", "field-privacy-confirm")]).into())
        }
        _ => return Err(AppError::Validation(vec![FieldError::new("kind", "field-privacy-kind")]).into()),
    };
    let mine = service::requests_of(&state, auth.id).await?;
    let filed = mine.into_iter().find(|r| r.id == id).ok_or(AppError::NotFound)?;
    Ok((StatusCode::CREATED, Json(filed)))
}
