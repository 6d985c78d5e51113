//! `/api/v1/applications`, the agency inbox and the citizen's data-access log.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::service::{self, ActionInput, ApplicationView, InboxFilter};
use super::store::{AccessEntry, Application};
use crate::app::AppState;
use crate::web::auth::{Applicants, Authorized, CaseWorkers, Citizens, SignedIn};
use crate::web::error::ErrorEnvelope;
use crate::web::{ApiError, ApiJson, ApiPath, ApiQuery};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create, list_mine))
        .routes(routes!(get_one))
        .routes(routes!(take_action))
        .routes(routes!(inbox))
        .routes(routes!(data_access))
}

#[derive(Deserialize, ToSchema)]
pub struct CreateRequest {
    pub service_id: String,
    /// Field name to value; files are upload ids from `POST /api/v1/uploads`. A field that an
    /// automatic verification rule covers may instead carry `"_verify_<field>": "auto"` with
    /// `"_consent_<field>": true` (consent for the rule's purpose): no upload is needed and the
    /// provider agency is asked once the application is submitted (`verifications` in the reply).
    #[serde(default)]
    #[schema(value_type = Object)]
    pub fields: Map<String, Value>,
    /// Submit at once (`true`) or keep as a draft (`false`, the default).
    #[serde(default)]
    pub submit: bool,
    /// Assisted mode: an officer files for the citizen with this NIK.
    pub citizen_nik: Option<String>,
}

/// Apply for a service (or save a draft).
#[utoipa::path(post, path = "/api/v1/applications", tag = "applications", request_body = CreateRequest,
    security(("bearer" = [])),
    responses((status = 201, body = ApplicationView), (status = 400, body = ErrorEnvelope), (status = 401, body = ErrorEnvelope),
              (status = 403, body = ErrorEnvelope), (status = 422, body = ErrorEnvelope)))]
async fn create(
    State(state): State<AppState>,
    auth: Authorized<Applicants>,
    ApiJson(req): ApiJson<CreateRequest>,
) -> Result<(StatusCode, Json<ApplicationView>), ApiError> {
    let on_behalf_of = match &req.citizen_nik {
        Some(nik) => Some(service::citizen_by_nik(&state, nik).await?),
        None => None,
    };
    let (app, history) =
        service::create(&state, &auth.user, &req.service_id, req.fields, req.submit, on_behalf_of).await?;
    let view = match on_behalf_of {
        // Staff read the citizen's application back, so that their access is logged.
        Some(_) => service::view(&state, &auth.user, &app.code).await?,
        None => service::view_created(&state, &auth.user, app, history).await?,
    };
    Ok((StatusCode::CREATED, Json(view)))
}

#[derive(Serialize, ToSchema)]
pub struct ApplicationSummary {
    pub code: String,
    pub service_id: String,
    pub status: String,
    pub submitted_at: Option<i64>,
    pub due_date: Option<String>,
    pub created_at: i64,
    pub url: String,
}

impl From<&Application> for ApplicationSummary {
    fn from(a: &Application) -> Self {
        ApplicationSummary {
            code: a.code.clone(),
            service_id: a.service_id.clone(),
            status: a.status.clone(),
            submitted_at: a.submitted_at,
            due_date: a.due_date.clone(),
            created_at: a.created_at,
            url: format!("/permohonan/{}", a.code),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct ApplicationList {
    pub applications: Vec<ApplicationSummary>,
}

/// The signed-in citizen's applications, newest first.
#[utoipa::path(get, path = "/api/v1/applications", tag = "applications", security(("bearer" = [])),
    responses((status = 200, body = ApplicationList), (status = 401, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope)))]
async fn list_mine(
    State(state): State<AppState>,
    auth: Authorized<Citizens>,
) -> Result<Json<ApplicationList>, ApiError> {
    let list = service::mine(&state, &auth.user).await?;
    Ok(Json(ApplicationList { applications: list.iter().map(ApplicationSummary::from).collect() }))
}

/// One application with its history and the actions the caller may take.
#[utoipa::path(get, path = "/api/v1/applications/{code}", tag = "applications", params(("code" = String, Path)),
    security(("bearer" = [])),
    responses((status = 200, body = ApplicationView), (status = 401, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)))]
async fn get_one(
    State(state): State<AppState>,
    auth: SignedIn,
    ApiPath(code): ApiPath<String>,
) -> Result<Json<ApplicationView>, ApiError> {
    Ok(Json(service::view(&state, &auth.user, &code).await?))
}

#[derive(Deserialize, ToSchema)]
pub struct ActionRequest {
    /// submit, cancel, claim, assign, verify, request_revision, resubmit, approve, reject, issue, complete, edit.
    pub action: String,
    /// Required for request_revision and reject.
    pub note: Option<String>,
    /// Corrected fields (edit, submit, resubmit).
    #[schema(value_type = Option<Object>)]
    pub fields: Option<Map<String, Value>>,
    /// The officer to assign (assign).
    pub assignee: Option<i64>,
}

/// Take an action on an application; 409 when it is not allowed now or someone else acted first.
#[utoipa::path(post, path = "/api/v1/applications/{code}/actions", tag = "applications", params(("code" = String, Path)),
    request_body = ActionRequest, security(("bearer" = [])),
    responses((status = 200, body = ApplicationView), (status = 400, body = ErrorEnvelope), (status = 401, body = ErrorEnvelope),
              (status = 404, body = ErrorEnvelope), (status = 409, body = ErrorEnvelope), (status = 422, body = ErrorEnvelope)))]
async fn take_action(
    State(state): State<AppState>,
    auth: SignedIn,
    ApiPath(code): ApiPath<String>,
    ApiJson(req): ApiJson<ActionRequest>,
) -> Result<Json<ApplicationView>, ApiError> {
    let input = ActionInput { note: req.note, fields: req.fields, assignee: req.assignee };
    service::act(&state, &auth.user, &code, &req.action, input).await?;
    Ok(Json(service::view(&state, &auth.user, &code).await?))
}

/// The agency inbox of officers and supervisors, oldest submission first.
#[utoipa::path(get, path = "/api/v1/inbox", tag = "applications", params(InboxFilter), security(("bearer" = [])),
    responses((status = 200, body = ApplicationList), (status = 400, body = ErrorEnvelope), (status = 401, body = ErrorEnvelope),
              (status = 403, body = ErrorEnvelope), (status = 422, body = ErrorEnvelope)))]
async fn inbox(
    State(state): State<AppState>,
    auth: Authorized<CaseWorkers>,
    ApiQuery(f): ApiQuery<InboxFilter>,
) -> Result<Json<ApplicationList>, ApiError> {
    let list = service::inbox(&state, &auth.user, &f).await?;
    Ok(Json(ApplicationList { applications: list.iter().map(ApplicationSummary::from).collect() }))
}

#[derive(Serialize, ToSchema)]
pub struct AccessLog {
    pub entries: Vec<AccessEntry>,
}

/// Every time staff opened the citizen's personal data, with the reason.
#[utoipa::path(get, path = "/api/v1/me/data-access", tag = "applications", security(("bearer" = [])),
    responses((status = 200, body = AccessLog), (status = 401, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope)))]
async fn data_access(State(state): State<AppState>, auth: Authorized<Citizens>) -> Result<Json<AccessLog>, ApiError> {
    Ok(Json(AccessLog { entries: service::access_log(&state, &auth.user).await? }))
}
