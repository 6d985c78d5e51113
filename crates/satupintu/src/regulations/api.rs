//! `/api/v1/regulations`: the public list, a regulation with its versions, and one version's text,
//! each with whether the text still matches the ledger.

use axum::extract::State;
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::service;
use super::store::{self, Regulation, Version};
use crate::app::AppState;
use crate::ledger::Seal;
use crate::web::error::ErrorEnvelope;
use crate::web::{ApiError, ApiPath, ApiQuery, AppError};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list)).routes(routes!(show)).routes(routes!(version))
}

/// Filters of the list (all optional).
#[derive(Deserialize, Default, IntoParams)]
#[serde(default)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// Words of the title or subject, or the exact number.
    pub q: String,
    /// `perda`, `perkada`, `keputusan`, `surat-edaran`, `sop` or `kebijakan`.
    pub kind: String,
    /// Year of enactment (digits; empty for all years).
    pub year: String,
    /// Issuing agency (catalogue id).
    pub agency: String,
    /// `in_force` or `revoked`.
    pub status: String,
    /// Page number, from 1 (50 per page).
    pub page: String,
}

/// An optional whole number of a query: empty is none, anything else but digits is a bad query.
fn number(s: &str, max: i64) -> Result<Option<i64>, AppError> {
    match s.trim() {
        "" => Ok(None),
        t => t
            .parse::<i64>()
            .ok()
            .filter(|n| (1..=max).contains(n))
            .map(Some)
            .ok_or(AppError::bad_request("error-query")),
    }
}

impl ListQuery {
    /// The filter and the page number (from 1), or a bad query.
    pub fn filter(&self) -> Result<(store::Filter, i64), AppError> {
        let filter = store::Filter {
            q: self.q.trim().chars().take(100).collect(),
            kind: self.kind.trim().to_string(),
            year: number(&self.year, 9999)?,
            agency: self.agency.trim().to_string(),
            status: self.status.trim().to_string(),
        };
        Ok((filter, number(&self.page, 10_000)?.unwrap_or(1)))
    }
}

#[derive(Serialize, ToSchema)]
struct RegulationList {
    total: i64,
    items: Vec<Regulation>,
}

pub const PER_PAGE: i64 = 50;

/// Regulations and policies, newest first.
#[utoipa::path(get, path = "/api/v1/regulations", tag = "regulations", params(ListQuery),
    responses((status = 200, body = RegulationList), (status = 400, body = ErrorEnvelope)))]
async fn list(
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<ListQuery>,
) -> Result<Json<RegulationList>, ApiError> {
    let (filter, page) = q.filter()?;
    let mut conn = state.db.conn().await.map_err(AppError::from)?;
    let (items, total) =
        store::list(&mut conn, &filter, PER_PAGE, (page - 1) * PER_PAGE).await.map_err(AppError::from)?;
    Ok(Json(RegulationList { total, items }))
}

#[derive(Serialize, ToSchema)]
struct RegulationDetail {
    regulation: Regulation,
    /// Every version, newest first, without its text.
    versions: Vec<Version>,
    /// The current version with its text.
    current: Version,
    seal: Seal,
}

/// A regulation with its version history and current text.
#[utoipa::path(get, path = "/api/v1/regulations/{id}", tag = "regulations", params(("id" = String, Path)),
    responses((status = 200, body = RegulationDetail), (status = 400, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)))]
async fn show(State(state): State<AppState>, ApiPath(id): ApiPath<String>) -> Result<Json<RegulationDetail>, ApiError> {
    let (regulation, current) = service::read(&state, &id, None).await?;
    let versions =
        store::versions(&mut *state.db.conn().await.map_err(AppError::from)?, &id).await.map_err(AppError::from)?;
    let seal = service::seal(&state, &id, &current).await?;
    Ok(Json(RegulationDetail { regulation, versions, current, seal }))
}

#[derive(Serialize, ToSchema)]
struct VersionDetail {
    version: Version,
    seal: Seal,
}

/// One version's text.
#[utoipa::path(get, path = "/api/v1/regulations/{id}/versions/{n}", tag = "regulations",
    params(("id" = String, Path), ("n" = i64, Path)),
    responses((status = 200, body = VersionDetail), (status = 400, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)))]
async fn version(
    State(state): State<AppState>,
    ApiPath((id, n)): ApiPath<(String, i64)>,
) -> Result<Json<VersionDetail>, ApiError> {
    let (_, version) = service::read(&state, &id, Some(n)).await?;
    let seal = service::seal(&state, &id, &version).await?;
    Ok(Json(VersionDetail { version, seal }))
}
