//! `GET /api/v1/me/assisted-sessions`: the citizen's assisted sessions (who helped them, when,
//! where, with which consent, and every act); `POST /api/v1/me/assisted-sessions/{id}/withdraw`:
//! withdraw consent to an open session (which ends it).

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::service::{self, SessionView};
use crate::app::AppState;
use crate::web::auth::{Authorized, Citizens};
use crate::web::error::ErrorEnvelope;
use crate::web::{ApiError, ApiPath};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(my_sessions)).routes(routes!(withdraw))
}

#[derive(Serialize, ToSchema)]
#[schema(as = AssistedSessionList)]
struct SessionList {
    /// Newest first.
    sessions: Vec<SessionView>,
}

/// The caller's assisted sessions: who assisted them (a volunteer or an officer, their agency),
/// when and where, how consent was given (and the statement's version), the acts consented
/// to, and every act done (applications and reports filed, status reads, the end).
#[utoipa::path(get, path = "/api/v1/me/assisted-sessions", tag = "assisted", security(("bearer" = [])),
    responses((status = 200, body = SessionList), (status = 401, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope)))]
async fn my_sessions(State(state): State<AppState>, auth: Authorized<Citizens>) -> Result<Json<SessionList>, ApiError> {
    Ok(Json(SessionList { sessions: service::of_citizen(&state, &auth.user).await? }))
}

/// Withdraw consent to an open assisted session: it ends at once, and nothing more can be
/// done in it. 409 when the session is already over.
#[utoipa::path(post, path = "/api/v1/me/assisted-sessions/{id}/withdraw", tag = "assisted", security(("bearer" = [])),
    params(("id" = i64, Path, description = "The session's id")),
    responses((status = 204, description = "Withdrawn; the session ended"), (status = 401, body = ErrorEnvelope),
              (status = 403, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope), (status = 409, body = ErrorEnvelope)))]
async fn withdraw(
    State(state): State<AppState>,
    auth: Authorized<Citizens>,
    ApiPath(id): ApiPath<i64>,
) -> Result<StatusCode, ApiError> {
    service::withdraw(&state, &auth.user, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
