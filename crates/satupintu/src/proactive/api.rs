//! `/api/v1/me/proactive` (consents with their record, and the likely-eligible services with
//! their reasons) and `/api/v1/me/documents` (the citizen's recorded documents, and adding one).

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::model::DocumentInput;
use super::service;
use super::store::{ConsentChange, OwnDocument};
use crate::app::AppState;
use crate::web::auth::{Authorized, Citizens};
use crate::web::error::ErrorEnvelope;
use crate::web::{locales, ApiError, ApiJson};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(overview)).routes(routes!(documents, add_document))
}

#[derive(Serialize, ToSchema)]
struct Consent {
    /// `expiry`, `ktp17` or `services`.
    kind: String,
    granted: bool,
}

#[derive(Serialize, ToSchema)]
struct Suggestion {
    /// The rule that suggests it.
    rule: String,
    /// Catalogue service id.
    service_id: String,
    /// Why it is suggested, in the caller's language.
    reason: String,
}

#[derive(Serialize, ToSchema)]
struct Overview {
    consents: Vec<Consent>,
    /// Changes of consent, newest first.
    history: Vec<ConsentChange>,
    suggestions: Vec<Suggestion>,
}

/// The caller's consents to proactive notices and the services they are likely eligible for.
#[utoipa::path(get, path = "/api/v1/me/proactive", tag = "proactive", security(("bearer" = [])),
    responses((status = 200, body = Overview), (status = 401, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope)))]
async fn overview(State(state): State<AppState>, auth: Authorized<Citizens>) -> Result<Json<Overview>, ApiError> {
    let c = service::consents(&state, auth.id).await?;
    let lang = auth.ctx.t().lang;
    let suggestions = service::suggestions(&state, auth.id, service::today(&state))
        .await?
        .into_iter()
        .map(|r| Suggestion {
            rule: r.id.to_string(),
            service_id: r.service.to_string(),
            reason: locales().msg(lang, &format!("pro-rule-{}-why", r.id), None),
        })
        .collect();
    Ok(Json(Overview {
        consents: c.kinds.into_iter().map(|(kind, granted)| Consent { kind: kind.to_string(), granted }).collect(),
        history: c.log,
        suggestions,
    }))
}

#[derive(Serialize, ToSchema)]
struct DocumentList {
    items: Vec<OwnDocument>,
}

/// The documents the caller recorded, soonest expiry first.
#[utoipa::path(get, path = "/api/v1/me/documents", tag = "proactive", security(("bearer" = [])),
    responses((status = 200, body = DocumentList), (status = 401, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope)))]
async fn documents(State(state): State<AppState>, auth: Authorized<Citizens>) -> Result<Json<DocumentList>, ApiError> {
    Ok(Json(DocumentList { items: service::documents(&state, auth.id).await? }))
}

/// Record a document (its expiry is then watched when the caller consented to expiry notices).
#[utoipa::path(post, path = "/api/v1/me/documents", tag = "proactive", security(("bearer" = [])), request_body = DocumentInput,
    responses((status = 201, body = OwnDocument), (status = 400, body = ErrorEnvelope), (status = 401, body = ErrorEnvelope),
              (status = 403, body = ErrorEnvelope), (status = 422, body = ErrorEnvelope)))]
async fn add_document(
    State(state): State<AppState>,
    auth: Authorized<Citizens>,
    ApiJson(input): ApiJson<DocumentInput>,
) -> Result<(StatusCode, Json<OwnDocument>), ApiError> {
    let id = service::add_document(&state, auth.id, &input).await?;
    Ok((StatusCode::CREATED, Json(service::document(&state, auth.id, id).await?)))
}
