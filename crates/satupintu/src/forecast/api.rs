//! `GET /api/v1/forecast`: the stored demand forecasts a staff member may see.

use axum::extract::State;
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::service::{self, SeriesForecast};
use crate::app::AppState;
use crate::web::auth::{Authorized, Staff};
use crate::web::error::ErrorEnvelope;
use crate::web::{ApiError, ApiQuery};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(read))
}

#[derive(Deserialize, Default, utoipa::IntoParams)]
#[serde(default)]
#[into_params(parameter_in = Query)]
pub struct ForecastQuery {
    /// Service id (default: every service).
    pub service: Option<String>,
    /// Queue location id; `none` for the applications of a service (default: every series).
    pub location: Option<String>,
}

impl ForecastQuery {
    /// Does a series match the query?
    pub fn matches(&self, s: &SeriesForecast) -> bool {
        let service = self.service.as_deref().filter(|v| !v.is_empty());
        let location = self.location.as_deref().filter(|v| !v.is_empty());
        service.is_none_or(|v| v == s.service_id)
            && location.is_none_or(|v| if v == "none" { s.location_id.is_empty() } else { v == s.location_id })
    }
}

#[derive(Serialize, ToSchema)]
struct Forecasts {
    /// Weeks forecast ahead.
    horizon_weeks: usize,
    /// The level of the intervals.
    interval_level: f64,
    series: Vec<SeriesForecast>,
}

/// Weekly demand forecasts per service (applications) and per queue location and service
/// (tickets), with the last year of history, the calendar effects applied and the error
/// measured on held-out weeks beside the seasonal-naive error. Staff see their agency's series;
/// the super admin and auditors see all.
#[utoipa::path(get, path = "/api/v1/forecast", tag = "forecast", params(ForecastQuery),
    security(("bearer" = [])),
    responses((status = 200, body = Forecasts), (status = 400, body = ErrorEnvelope), (status = 401, body = ErrorEnvelope),
              (status = 403, body = ErrorEnvelope)))]
async fn read(
    State(state): State<AppState>,
    auth: Authorized<Staff>,
    ApiQuery(q): ApiQuery<ForecastQuery>,
) -> Result<Json<Forecasts>, ApiError> {
    let series = service::visible(&state.db, &auth.user).await?.into_iter().filter(|s| q.matches(s)).collect();
    Ok(Json(Forecasts { horizon_weeks: super::model::HORIZON, interval_level: super::model::LEVEL, series }))
}
