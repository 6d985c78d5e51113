//! `GET /api/v1/iot/alerts` and `GET /api/v1/iot/rules`: the work orders and rules a staff
//! member may see (their agency's; the super admin and auditors see all).

use axum::extract::State;
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::alerts::{self, RuleView};
use super::model::Alert;
use crate::app::AppState;
use crate::web::auth::{Authorized, Staff};
use crate::web::error::ErrorEnvelope;
use crate::web::{ApiError, ApiQuery};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list_alerts)).routes(routes!(list_rules))
}

#[derive(Deserialize, IntoParams, Default)]
#[into_params(parameter_in = Query)]
#[serde(default)]
struct AlertQuery {
    /// `open`, `normal` or `closed`.
    status: Option<String>,
    /// Only this sensor's.
    sensor: Option<String>,
}

#[derive(Serialize, ToSchema)]
#[schema(as = IotAlertList)]
struct AlertList {
    /// Newest first (at most 500).
    alerts: Vec<Alert>,
}

/// Work orders opened by the IoT rules, newest first.
#[utoipa::path(get, path = "/api/v1/iot/alerts", tag = "iot", params(AlertQuery), security(("bearer" = [])),
    responses((status = 200, body = AlertList), (status = 400, body = ErrorEnvelope),
              (status = 401, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope),
              (status = 422, description = "An unknown status", body = ErrorEnvelope)))]
async fn list_alerts(
    State(state): State<AppState>,
    auth: Authorized<Staff>,
    ApiQuery(q): ApiQuery<AlertQuery>,
) -> Result<Json<AlertList>, ApiError> {
    let alerts = alerts::visible(&state.db, &auth.user, q.status.as_deref(), q.sensor.as_deref()).await?;
    Ok(Json(AlertList { alerts }))
}

#[derive(Serialize, ToSchema)]
#[schema(as = IotRuleList)]
struct RuleList {
    rules: Vec<RuleView>,
}

/// The IoT rules: thresholds, rates of change and silence, per sensor or per kind.
#[utoipa::path(get, path = "/api/v1/iot/rules", tag = "iot", security(("bearer" = [])),
    responses((status = 200, body = RuleList), (status = 401, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope)))]
async fn list_rules(State(state): State<AppState>, auth: Authorized<Staff>) -> Result<Json<RuleList>, ApiError> {
    Ok(Json(RuleList { rules: alerts::rules_visible(&state.db, &auth.user).await? }))
}
