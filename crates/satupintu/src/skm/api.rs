//! `/api/v1/skm`: the public IKM per unit and period, and for citizens' apps their invitations
//! and the answer to one.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::model::{self, AnswerInput, Period};
use super::service::{self, UnitPeriod};
use super::store::Invitation;
use crate::app::AppState;
use crate::web::auth::{Authorized, Citizens};
use crate::web::error::ErrorEnvelope;
use crate::web::{ApiError, ApiJson, ApiPath, ApiQuery, AppError};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(ikm)).routes(routes!(invitations)).routes(routes!(respond))
}

/// Which IKM (both optional).
#[derive(Deserialize, Default, IntoParams)]
#[serde(default)]
#[into_params(parameter_in = Query)]
pub struct IkmQuery {
    /// Service unit (agency id of the catalogue); empty for every unit.
    pub agency: String,
    /// `YYYY-MM`, `YYYY-Qn` or `YYYY`; empty for the newest month with responses.
    pub period: String,
}

impl IkmQuery {
    /// The period asked for (or the default), and the agency; a bad period is a bad query.
    pub async fn resolve(&self, state: &AppState) -> Result<(Period, String), AppError> {
        let period = match self.period.trim() {
            "" => service::periods(state).await?.1,
            p => Period::parse(p).ok_or(AppError::bad_request("error-query"))?,
        };
        let agency = self.agency.trim().to_string();
        if !agency.is_empty() && crate::catalog::service::snapshot(state).await?.agency(&agency).is_none() {
            return Err(AppError::NotFound);
        }
        Ok((period, agency))
    }
}

/// The IKM of one unit in the period.
#[derive(Serialize, ToSchema)]
pub struct UnitView {
    pub agency_id: String,
    /// Two decimals; null without responses.
    pub ikm: Option<f64>,
    /// `A`, `B`, `C` or `D`; null without responses.
    pub category: Option<String>,
    pub respondents: i64,
    /// Services the unit delivered in the period (N).
    pub population: i64,
    /// Krejcie–Morgan minimum sample for N.
    pub minimum_sample: i64,
    /// Fewer responses than the minimum sample.
    pub too_few: bool,
    /// Mean score (NRR) of each element U1..U9, two decimals.
    pub elements: Vec<f64>,
}

impl From<&UnitPeriod> for UnitView {
    fn from(u: &UnitPeriod) -> Self {
        UnitView {
            agency_id: u.agency_id.clone(),
            ikm: u.ikm.as_ref().map(model::Ikm::value),
            category: u.ikm.as_ref().map(|i| i.category.to_string()),
            respondents: u.respondents,
            population: u.population,
            minimum_sample: u.minimum,
            too_few: u.too_few(),
            elements: u
                .ikm
                .as_ref()
                .map(|i| i.nrr.iter().map(|n| (n * 100.0).round() / 100.0).collect())
                .unwrap_or_default(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct IkmReport {
    /// The period as asked (`2026-11`, `2026-Q4`, `2026`).
    pub period: String,
    pub units: Vec<UnitView>,
}

/// The community satisfaction index (IKM) per service unit in a period.
#[utoipa::path(get, path = "/api/v1/skm/ikm", tag = "skm", params(IkmQuery),
    responses((status = 200, body = IkmReport), (status = 400, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)))]
async fn ikm(State(state): State<AppState>, ApiQuery(q): ApiQuery<IkmQuery>) -> Result<Json<IkmReport>, ApiError> {
    let (period, agency) = q.resolve(&state).await?;
    let units = service::units(&state, &period, &agency).await?;
    Ok(Json(IkmReport { period: period.code(), units: units.iter().map(UnitView::from).collect() }))
}

#[derive(Serialize, ToSchema)]
pub struct InvitationList {
    pub items: Vec<Invitation>,
}

/// The signed-in citizen's survey invitations, newest first.
#[utoipa::path(get, path = "/api/v1/skm/invitations", tag = "skm", security(("bearer" = [])),
    responses((status = 200, body = InvitationList), (status = 401, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope)))]
async fn invitations(
    State(state): State<AppState>,
    auth: Authorized<Citizens>,
) -> Result<Json<InvitationList>, ApiError> {
    Ok(Json(InvitationList { items: service::my_invitations(&state, &auth.user).await? }))
}

/// The scores of the nine elements (1–4 each) and an optional suggestion.
#[derive(Deserialize, Default, ToSchema)]
#[serde(default)]
pub struct AnswerRequest {
    pub u1: Option<i64>,
    pub u2: Option<i64>,
    pub u3: Option<i64>,
    pub u4: Option<i64>,
    pub u5: Option<i64>,
    pub u6: Option<i64>,
    pub u7: Option<i64>,
    pub u8: Option<i64>,
    pub u9: Option<i64>,
    pub suggestion: String,
}

impl AnswerRequest {
    fn input(&self) -> AnswerInput {
        let s = |v: Option<i64>| v.map(|v| v.to_string()).unwrap_or_default();
        AnswerInput {
            u1: s(self.u1),
            u2: s(self.u2),
            u3: s(self.u3),
            u4: s(self.u4),
            u5: s(self.u5),
            u6: s(self.u6),
            u7: s(self.u7),
            u8: s(self.u8),
            u9: s(self.u9),
            suggestion: self.suggestion.clone(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct Answered {
    pub invitation: i64,
}

/// Answer an invitation (once; only its own citizen; before it expires).
#[utoipa::path(post, path = "/api/v1/skm/invitations/{id}/response", tag = "skm", security(("bearer" = [])),
    params(("id" = i64, Path)), request_body = AnswerRequest,
    responses((status = 201, body = Answered), (status = 400, body = ErrorEnvelope), (status = 401, body = ErrorEnvelope),
              (status = 403, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope), (status = 409, body = ErrorEnvelope),
              (status = 422, body = ErrorEnvelope)))]
async fn respond(
    State(state): State<AppState>,
    auth: Authorized<Citizens>,
    ApiPath(id): ApiPath<i64>,
    ApiJson(req): ApiJson<AnswerRequest>,
) -> Result<(StatusCode, Json<Answered>), ApiError> {
    service::answer(&state, &auth.user, id, &req.input()).await?;
    Ok((StatusCode::CREATED, Json(Answered { invitation: id })))
}
