//! `GET /api/v1/hotspots`: the last hotspot scan and the alerts raised, for staff.

use axum::extract::State;
use axum::Json;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::model::{BASELINE_DAYS, MIN_REPORTS, P_VALUE, RECENT_DAYS};
use super::service;
use super::store::{Alert, Row};
use crate::app::AppState;
use crate::web::auth::{Authorized, Staff};
use crate::web::error::ErrorEnvelope;
use crate::web::ApiError;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(read))
}

#[derive(Serialize, ToSchema)]
struct Hotspots {
    /// H3 resolution of the cells (each counted with its six neighbours).
    resolution: u8,
    recent_days: i64,
    baseline_days: i64,
    min_reports: i64,
    p_value: f64,
    /// Cells and categories with reports in the recent window, emerging ones first.
    cells: Vec<Row>,
    /// The latest alerts (once per cell, category and fortnight), newest first.
    alerts: Vec<Alert>,
}

/// Complaint hotspots: reports clustered by H3 cell (resolution 8, with neighbours) and
/// category, the recent fortnight against the 8 weeks before, and the emerging-hotspot alerts.
/// Staff see their agency's; the super admin and auditors see all.
#[utoipa::path(get, path = "/api/v1/hotspots", tag = "hotspots", security(("bearer" = [])),
    responses((status = 200, body = Hotspots), (status = 401, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope)))]
async fn read(State(state): State<AppState>, auth: Authorized<Staff>) -> Result<Json<Hotspots>, ApiError> {
    let (cells, alerts) = service::visible(&state.db, &auth.user).await?;
    Ok(Json(Hotspots {
        resolution: u8::from(super::model::RESOLUTION),
        recent_days: RECENT_DAYS,
        baseline_days: BASELINE_DAYS,
        min_reports: MIN_REPORTS,
        p_value: P_VALUE,
        cells,
        alerts,
    }))
}
