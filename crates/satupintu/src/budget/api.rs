//! `/api/v1/budget`: read a year's budget lines (each checked against the ledger) and import.

use axum::extract::State;
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::service::{self, CheckedLine, ImportReport, Totals};
use crate::app::AppState;
use crate::web::auth::{Authorized, CatalogAdmins};
use crate::web::error::ErrorEnvelope;
use crate::web::{ApiError, ApiQuery, AppError, TextBody};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(read)).routes(routes!(import))
}

#[derive(Deserialize, Default, utoipa::IntoParams)]
#[serde(default)]
#[into_params(parameter_in = Query)]
struct BudgetQuery {
    /// Fiscal year (default: the newest with a budget).
    year: Option<i32>,
    /// Agency id (default: every agency).
    agency: Option<String>,
}

#[derive(Serialize, ToSchema)]
struct BudgetYear {
    /// The fiscal year shown (none when no budget was ever imported).
    fiscal_year: Option<i32>,
    /// Every year with a budget, newest first.
    years: Vec<i32>,
    agency: Option<String>,
    totals: Totals,
    lines: Vec<CheckedLine>,
}

/// A year's budget lines with plan and realisation; `matches_ledger` tells whether each line still
/// matches the hash recorded in the transparency ledger when it was imported.
#[utoipa::path(get, path = "/api/v1/budget", tag = "budget", params(BudgetQuery),
    responses((status = 200, body = BudgetYear), (status = 400, body = ErrorEnvelope)))]
async fn read(State(state): State<AppState>, ApiQuery(q): ApiQuery<BudgetQuery>) -> Result<Json<BudgetYear>, ApiError> {
    let years = service::years(&state.db).await?;
    let agency = q.agency.filter(|a| !a.is_empty());
    let Some(year) = q.year.or_else(|| years.first().copied()) else {
        return Ok(Json(BudgetYear { fiscal_year: None, years, agency, totals: Totals::default(), lines: vec![] }));
    };
    let lines = service::lines(&state.db, year, agency.as_deref()).await?;
    Ok(Json(BudgetYear { fiscal_year: Some(year), years, agency, totals: Totals::of(&lines), lines }))
}

/// Import a budget: a `satupintu.budget/v1` JSON document or CSV with a header row. All or
/// nothing (422 lists every problem by row and field); each year and agency in the file has its
/// lines replaced. Agency admins import their own agency only. The body is read as text whatever its
/// content type, so CSV may come as `text/csv` or `text/plain`.
#[utoipa::path(post, path = "/api/v1/budget/import", tag = "budget",
    request_body(description = "A satupintu.budget/v1 document, or CSV text with a header row (any text content type, e.g. text/csv)",
                 content((super::model::Document = "application/json"), (String = "text/plain"))),
    security(("bearer" = [])),
    responses((status = 200, body = ImportReport), (status = 400, body = ErrorEnvelope), (status = 401, body = ErrorEnvelope),
              (status = 403, body = ErrorEnvelope), (status = 413, body = ErrorEnvelope), (status = 422, body = ErrorEnvelope)))]
async fn import(
    State(state): State<AppState>,
    auth: Authorized<CatalogAdmins>,
    TextBody(body): TextBody,
) -> Result<Json<ImportReport>, ApiError> {
    let known = crate::catalog::service::snapshot(&state).await?.agency_ids();
    if body.trim().is_empty() {
        return Err(AppError::Validation(vec![crate::web::FieldError::new("lines", "budget-err-empty")]).into());
    }
    Ok(Json(service::import(&state.db, &body, &known, Some(&auth.user)).await?))
}
