//! `/api/v1/services`, `/api/v1/agencies` and catalogue import/export.

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::model::{Agency, Catalog, Fee, Loc, Service};
use super::service::{self, ImportReport, ServiceRecord};
use super::store::VersionInfo;
use crate::app::AppState;
use crate::web::auth::{Authorized, CatalogAdmins};
use crate::web::error::ErrorEnvelope;
use crate::web::precompressed::Precompressed;
use crate::web::{ApiError, ApiPath, ApiQuery, AppError, TextBody};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_services))
        .routes(routes!(get_service, put_service))
        .routes(routes!(service_versions))
        .routes(routes!(list_agencies))
        .routes(routes!(get_agency))
        .routes(routes!(import_catalog))
        .routes(routes!(export_catalog))
}

#[derive(Serialize, ToSchema)]
pub struct ServiceSummary {
    pub id: String,
    pub agency: String,
    pub category: String,
    pub name: Loc,
    pub summary: Loc,
    pub fee: Fee,
    pub sla_days: Option<i64>,
    pub channels: Vec<String>,
    pub version: i64,
    /// The public service page.
    pub url: String,
}

impl From<&ServiceRecord> for ServiceSummary {
    fn from(r: &ServiceRecord) -> Self {
        let s = &r.service;
        ServiceSummary {
            id: s.id.clone(),
            agency: s.agency.clone(),
            category: s.category.clone(),
            name: s.name.clone(),
            summary: s.summary.clone(),
            fee: s.fee.clone(),
            sla_days: s.sla_days,
            channels: s.channels.clone(),
            version: r.version,
            url: format!("/layanan/{}", s.id),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct ServiceList {
    pub services: Vec<ServiceSummary>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ServiceFilter {
    /// Only services of this agency.
    pub agency: Option<String>,
    /// Only services in this category.
    pub category: Option<String>,
}

/// Every service in the catalogue (current versions).
#[utoipa::path(get, path = "/api/v1/services", tag = "catalog", params(ServiceFilter),
    responses((status = 200, body = ServiceList), (status = 400, body = ErrorEnvelope)))]
async fn list_services(
    State(state): State<AppState>,
    ApiQuery(f): ApiQuery<ServiceFilter>,
) -> Result<Json<ServiceList>, ApiError> {
    let snap = service::snapshot(&state).await?;
    let services = snap
        .services
        .iter()
        .filter(|r| f.agency.as_ref().is_none_or(|a| &r.service.agency == a))
        .filter(|r| f.category.as_ref().is_none_or(|c| &r.service.category == c))
        .map(|r| ServiceSummary::from(r.as_ref()))
        .collect();
    Ok(Json(ServiceList { services }))
}

#[derive(Serialize, ToSchema)]
pub struct ServiceDetail {
    #[serde(flatten)]
    pub service: Service,
    pub version: i64,
    /// Unix seconds (UTC) when this version was recorded.
    pub updated_at: i64,
    pub url: String,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct VersionQuery {
    /// An earlier version (default: the current one).
    pub version: Option<i64>,
}

/// One service with its full standard.
#[utoipa::path(get, path = "/api/v1/services/{id}", tag = "catalog", params(("id" = String, Path), VersionQuery),
    responses((status = 200, body = ServiceDetail), (status = 304, description = "If-None-Match matched the ETag"),
              (status = 404, body = ErrorEnvelope), (status = 400, body = ErrorEnvelope)))]
async fn get_service(
    State(state): State<AppState>,
    ApiPath(id): ApiPath<String>,
    ApiQuery(q): ApiQuery<VersionQuery>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let url = format!("/layanan/{id}");
    if let Some(n) = q.version {
        let v = service::version(&state, &id, n).await?;
        let detail = ServiceDetail { service: v.service, version: v.version, updated_at: v.updated_at, url };
        return Ok(Json(detail).into_response());
    }
    let snap = service::snapshot(&state).await?;
    let r = snap.service(&id).ok_or(AppError::NotFound)?;
    // The same document for everyone: serialised and compressed once per catalogue revision.
    let body = snap.cached(format!("api:service:{id}"), || {
        let detail = ServiceDetail { service: r.service.clone(), version: r.version, updated_at: r.updated_at, url };
        let json = serde_json::to_vec(&detail).map_err(|e| AppError::Internal(e.into()))?;
        Ok(Precompressed::new(json, "application/json", 5))
    })?;
    Ok(body.respond(&headers))
}

#[derive(Serialize, ToSchema)]
pub struct Saved {
    pub id: String,
    pub version: i64,
}

/// Replace a service's standard (agency admins of its agency, super admins): a new version.
#[utoipa::path(put, path = "/api/v1/services/{id}", tag = "catalog", params(("id" = String, Path)), request_body = Service,
    security(("bearer" = [])),
    responses((status = 200, body = Saved), (status = 401, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope),
              (status = 404, body = ErrorEnvelope), (status = 422, body = ErrorEnvelope), (status = 400, body = ErrorEnvelope)))]
async fn put_service(
    State(state): State<AppState>,
    auth: Authorized<CatalogAdmins>,
    ApiPath(id): ApiPath<String>,
    crate::web::ApiJson(body): crate::web::ApiJson<serde_json::Value>,
) -> Result<Json<Saved>, ApiError> {
    let version = service::edit(&state, &auth.user, &id, &body, None).await?;
    Ok(Json(Saved { id, version }))
}

#[derive(Serialize, ToSchema)]
pub struct VersionList {
    pub versions: Vec<VersionInfo>,
}

/// Every version of a service, newest first.
#[utoipa::path(get, path = "/api/v1/services/{id}/versions", tag = "catalog", params(("id" = String, Path)),
    responses((status = 200, body = VersionList), (status = 404, body = ErrorEnvelope)))]
async fn service_versions(
    State(state): State<AppState>,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<VersionList>, ApiError> {
    Ok(Json(VersionList { versions: service::versions(&state, &id).await? }))
}

#[derive(Serialize, ToSchema)]
pub struct AgencyList {
    pub agencies: Vec<AgencyWithCount>,
}

#[derive(Serialize, ToSchema)]
pub struct AgencyWithCount {
    #[serde(flatten)]
    pub agency: Agency,
    pub service_count: usize,
    pub url: String,
}

/// Every agency.
#[utoipa::path(get, path = "/api/v1/agencies", tag = "catalog", responses((status = 200, body = AgencyList)))]
async fn list_agencies(State(state): State<AppState>) -> Result<Json<AgencyList>, ApiError> {
    let snap = service::snapshot(&state).await?;
    let agencies = snap
        .agencies
        .iter()
        .map(|a| AgencyWithCount {
            agency: a.clone(),
            service_count: snap.services_of(&a.id).count(),
            url: format!("/instansi/{}", a.id),
        })
        .collect();
    Ok(Json(AgencyList { agencies }))
}

#[derive(Serialize, ToSchema)]
pub struct AgencyDetail {
    #[serde(flatten)]
    pub agency: Agency,
    pub services: Vec<ServiceSummary>,
}

/// One agency and its services.
#[utoipa::path(get, path = "/api/v1/agencies/{id}", tag = "catalog", params(("id" = String, Path)),
    responses((status = 200, body = AgencyDetail), (status = 404, body = ErrorEnvelope)))]
async fn get_agency(
    State(state): State<AppState>,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<AgencyDetail>, ApiError> {
    let snap = service::snapshot(&state).await?;
    let agency = snap.agency(&id).ok_or(AppError::NotFound)?.clone();
    let services = snap.services_of(&id).map(|r| ServiceSummary::from(r.as_ref())).collect();
    Ok(Json(AgencyDetail { agency, services }))
}

/// Import a `satupintu.catalog/v1` document (all or nothing; per-path errors on 422).
#[utoipa::path(post, path = "/api/v1/catalog/import", tag = "catalog", request_body = Catalog, security(("bearer" = [])),
    responses((status = 200, body = ImportReport), (status = 401, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope),
              (status = 422, body = ErrorEnvelope), (status = 400, body = ErrorEnvelope), (status = 413, body = ErrorEnvelope)))]
async fn import_catalog(
    State(state): State<AppState>,
    auth: Authorized<CatalogAdmins>,
    TextBody(body): TextBody,
) -> Result<Json<ImportReport>, ApiError> {
    Ok(Json(service::import_as(&state, &body, &auth.user).await?))
}

/// The whole catalogue as a `satupintu.catalog/v1` document.
#[utoipa::path(get, path = "/api/v1/catalog/export", tag = "catalog", responses((status = 200, body = Catalog)))]
async fn export_catalog(State(state): State<AppState>) -> Result<Json<Catalog>, ApiError> {
    Ok(Json(service::export(&state.db).await?))
}
