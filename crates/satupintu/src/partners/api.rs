//! `/api/v1/partners`: verified organisations with their programmes and activity reports, and
//! `/api/v1/me/waste-bank`: the citizen's waste-bank savings.

use axum::extract::State;
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::service::{self, Savings};
use super::store::{ActivityRow, OrgRow, ProgrammeRow};
use crate::app::AppState;
use crate::web::auth::{Authorized, Citizens};
use crate::web::error::ErrorEnvelope;
use crate::web::{ApiError, ApiPath, ApiQuery};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list)).routes(routes!(one)).routes(routes!(savings))
}

#[derive(Deserialize, Default, utoipa::IntoParams)]
#[serde(default)]
#[into_params(parameter_in = Query)]
struct ListQuery {
    /// `lsm`, `csr`, `komunitas` or `bank_sampah`.
    kind: Option<String>,
    /// A report category the organisation works in (`sampah`, `drainase_banjir`, ...).
    field: Option<String>,
}

#[derive(Serialize, ToSchema)]
#[schema(as = PartnerList)]
struct PartnerList {
    partners: Vec<OrgRow>,
}

/// Verified organisations (NGOs, CSR programmes, volunteer teams, waste banks), by name.
#[utoipa::path(get, path = "/api/v1/partners", tag = "partners", params(ListQuery),
    responses((status = 200, body = PartnerList), (status = 400, body = ErrorEnvelope), (status = 422, body = ErrorEnvelope)))]
async fn list(State(state): State<AppState>, ApiQuery(q): ApiQuery<ListQuery>) -> Result<Json<PartnerList>, ApiError> {
    let partners =
        service::public_list(&state, q.kind.as_deref().unwrap_or(""), q.field.as_deref().unwrap_or("")).await?;
    Ok(Json(PartnerList { partners }))
}

#[derive(Serialize, ToSchema)]
#[schema(as = PartnerProfile)]
struct PartnerOut {
    #[serde(flatten)]
    org: OrgRow,
    programmes: Vec<ProgrammeRow>,
    /// What the organisation did, newest first.
    activities: Vec<ActivityRow>,
}

/// A verified organisation with its programmes and activity reports.
#[utoipa::path(get, path = "/api/v1/partners/{slug}", tag = "partners", params(("slug" = String, Path)),
    responses((status = 200, body = PartnerOut), (status = 404, body = ErrorEnvelope)))]
async fn one(State(state): State<AppState>, ApiPath(slug): ApiPath<String>) -> Result<Json<PartnerOut>, ApiError> {
    let p = service::profile(&state, &slug).await?;
    Ok(Json(PartnerOut { org: p.org, programmes: p.programmes, activities: p.activities }))
}

#[derive(Serialize, ToSchema)]
#[schema(as = WasteBankSavingsList)]
struct SavingsList {
    /// One entry per waste bank the citizen is a customer of.
    waste_banks: Vec<Savings>,
}

/// The citizen's member numbers, balances and deposits at waste banks.
#[utoipa::path(get, path = "/api/v1/me/waste-bank", tag = "partners", security(("bearer" = [])),
    responses((status = 200, body = SavingsList), (status = 401, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope)))]
async fn savings(State(state): State<AppState>, auth: Authorized<Citizens>) -> Result<Json<SavingsList>, ApiError> {
    Ok(Json(SavingsList { waste_banks: service::my_savings(&state, &auth.user).await? }))
}
