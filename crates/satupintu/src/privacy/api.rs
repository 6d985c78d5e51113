//! `GET /api/v1/me/export`: the signed-in citizen's data archive.

use axum::extract::State;
use axum::response::Response;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::service;
use crate::app::AppState;
use crate::web::auth::{Authorized, Citizens};
use crate::web::error::ErrorEnvelope;
use crate::web::{attachment, ApiError};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(export))
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
