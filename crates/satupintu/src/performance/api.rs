//! `GET /api/v1/performance`: the public dashboard figures for a filter, read from the rollups.

use axum::extract::State;
use axum::Json;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::service::{self, Dashboard, PerfQuery};
use crate::app::AppState;
use crate::web::error::ErrorEnvelope;
use crate::web::{ApiError, ApiQuery};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(performance))
}

/// Performance by month over a range (at most 36 months): applications received and completed,
/// share within the time limit, median and 90th percentile processing time, revision and
/// rejection rates, complaints and their response times, queue waits, per agency, and the
/// workflow states that hold cases longest.
#[utoipa::path(get, path = "/api/v1/performance", tag = "performance", params(PerfQuery),
    responses((status = 200, body = Dashboard), (status = 400, body = ErrorEnvelope)))]
async fn performance(
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<PerfQuery>,
) -> Result<Json<Dashboard>, ApiError> {
    let f = service::filter(&state, &q).await?;
    Ok(Json(service::dashboard(&state, &f, true).await?))
}
