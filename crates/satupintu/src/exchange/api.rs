//! `POST /api/v1/exchange/query` (member agencies, signed) and the citizen's JSON:
//! `GET|POST /api/v1/me/consents` (the access log, `GET /api/v1/me/access-log`, is the privacy
//! module's: it merges every log).

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::model::{self, Answer, Query};
use super::service::{self, Incoming};
use super::store::{ConsentEvent, Purpose};
use crate::app::AppState;
use crate::web::auth::{Authorized, Citizens};
use crate::web::error::ErrorEnvelope;
use crate::web::i18n::current_lang;
use crate::web::{ApiError, ApiJson, AppError};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(query)).routes(routes!(my_consents, set_consent))
}

/// Ask this instance, as a member of the exchange, for a data item about a citizen. The
/// request is signed by the asking member's system (see docs/api.md "Pertukaran data"); the
/// response, answer or refusal, is signed by this instance in the same headers.
#[utoipa::path(post, path = "/api/v1/exchange/query", tag = "exchange", request_body = Query,
    params(("X-Exchange-Client" = String, Header, description = "member/subsystem of the asking system"),
           ("X-Exchange-Timestamp" = i64, Header, description = "unix seconds, equal to issued_at"),
           ("X-Exchange-Request-Id" = String, Header, description = "a fresh UUID, equal to request_id"),
           ("X-Exchange-Signature" = String, Header, description = "base64url Ed25519 signature of the canonical request string")),
    responses((status = 200, body = Answer, description = "The answer: yes or no, and the time it holds for"),
              (status = 400, body = ErrorEnvelope, description = "exchange_malformed or exchange_wrong_service"),
              (status = 401, body = ErrorEnvelope, description = "exchange_unknown_member, exchange_bad_signature or exchange_stale"),
              (status = 403, body = ErrorEnvelope, description = "exchange_purpose_not_allowed or exchange_no_consent"),
              (status = 409, body = ErrorEnvelope, description = "exchange_replay: the request id was used before"),
              (status = 413, body = ErrorEnvelope)))]
async fn query(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Result<Response, ApiError> {
    if body.len() > 16 * 1024 {
        return Err(AppError::TooLarge.into());
    }
    let h = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).map(str::to_string);
    let inc = Incoming {
        client: h(model::H_CLIENT),
        timestamp: h(model::H_TIMESTAMP),
        request_id: h(model::H_REQUEST_ID),
        signature: h(model::H_SIGNATURE),
        body: body.to_vec(),
    };
    let served = service::serve(&state, inc, current_lang()).await?;
    let (ts, service_id, signature) = service::sign_response(&state.exchange_key, &served);
    let mut resp = (served.status, served.body.clone()).into_response();
    let out = resp.headers_mut();
    out.insert("content-type", HeaderValue::from_static("application/json"));
    for (name, value) in [
        (model::H_SERVICE, service_id),
        (model::H_TIMESTAMP, ts.to_string()),
        (model::H_REQUEST_ID, served.request_id.clone()),
        (model::H_SIGNATURE, signature),
    ] {
        if let Ok(v) = HeaderValue::from_str(&value) {
            out.insert(name, v);
        }
    }
    Ok(resp)
}

#[derive(Serialize, ToSchema)]
#[schema(as = ExchangePurposeConsent)]
struct PurposeConsent {
    purpose: Purpose,
    granted: bool,
}

#[derive(Serialize, ToSchema)]
#[schema(as = ExchangeConsentList)]
struct ConsentList {
    purposes: Vec<PurposeConsent>,
    /// Changes of consent, newest first.
    history: Vec<ConsentEvent>,
}

/// Every registered purpose (who may ask what, for which service) with the caller's consent.
#[utoipa::path(get, path = "/api/v1/me/consents", tag = "exchange", security(("bearer" = [])),
    responses((status = 200, body = ConsentList), (status = 401, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope)))]
async fn my_consents(State(state): State<AppState>, auth: Authorized<Citizens>) -> Result<Json<ConsentList>, ApiError> {
    let (list, history) = service::consents(&state, auth.id).await?;
    Ok(Json(ConsentList {
        purposes: list.into_iter().map(|c| PurposeConsent { purpose: c.purpose, granted: c.granted }).collect(),
        history,
    }))
}

#[derive(Deserialize, ToSchema)]
#[schema(as = ExchangeConsentChange)]
#[serde(deny_unknown_fields)]
struct ConsentChange {
    purpose: String,
    granted: bool,
}

/// Grant or withdraw consent for one purpose; a withdrawal holds for the very next query.
#[utoipa::path(post, path = "/api/v1/me/consents", tag = "exchange", security(("bearer" = [])), request_body = ConsentChange,
    responses((status = 200, body = ConsentList), (status = 400, body = ErrorEnvelope), (status = 401, body = ErrorEnvelope),
              (status = 403, body = ErrorEnvelope), (status = 422, body = ErrorEnvelope)))]
async fn set_consent(
    State(state): State<AppState>,
    auth: Authorized<Citizens>,
    ApiJson(change): ApiJson<ConsentChange>,
) -> Result<Json<ConsentList>, ApiError> {
    service::set_consent(&state, auth.id, &change.purpose, change.granted).await?;
    let (list, history) = service::consents(&state, auth.id).await?;
    Ok(Json(ConsentList {
        purposes: list.into_iter().map(|c| PurposeConsent { purpose: c.purpose, granted: c.granted }).collect(),
        history,
    }))
}
