//! `/api/v1/push`: the VAPID public key, and a citizen's browser subscriptions for device
//! notifications. A page script calls these with the browser session and the `X-CSRF-Token`
//! header; apps call them with a bearer token.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::service;
use crate::app::AppState;
use crate::web::auth::{Authorized, Citizens};
use crate::web::error::ErrorEnvelope;
use crate::web::{ApiError, ApiJson};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(vapid_public_key)).routes(routes!(subscribe, unsubscribe))
}

#[derive(Serialize, ToSchema)]
pub struct VapidKey {
    /// The application server key for `pushManager.subscribe({applicationServerKey})`: an
    /// uncompressed P-256 point, base64url.
    pub public_key: String,
}

/// The platform's VAPID public key (RFC 8292).
#[utoipa::path(get, path = "/api/v1/push/vapid-public-key", tag = "notifications",
    responses((status = 200, body = VapidKey)))]
async fn vapid_public_key(State(state): State<AppState>) -> Json<VapidKey> {
    Json(VapidKey { public_key: state.push.public_key() })
}

/// A browser's `PushSubscription`, as its `toJSON()` gives it.
#[derive(Serialize, Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct SubscriptionRequest {
    /// The push service URL for this browser (`https://`).
    pub endpoint: Option<String>,
    pub keys: SubscriptionKeys,
}

#[derive(Serialize, Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct SubscriptionKeys {
    /// The browser's P-256 public key: 65 bytes (uncompressed point), base64url.
    pub p256dh: Option<String>,
    /// The browser's authentication secret: 16 bytes, base64url.
    pub auth: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct SubscriptionView {
    pub endpoint: String,
    pub created_at: i64,
}

/// Turn on device notifications in a browser (subscribing again replaces its keys).
#[utoipa::path(post, path = "/api/v1/push/subscriptions", tag = "notifications", request_body = SubscriptionRequest,
    security(("bearer" = [])),
    responses((status = 201, body = SubscriptionView), (status = 400, body = ErrorEnvelope),
              (status = 401, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope), (status = 422, body = ErrorEnvelope)))]
async fn subscribe(
    State(state): State<AppState>,
    auth: Authorized<Citizens>,
    ApiJson(req): ApiJson<SubscriptionRequest>,
) -> Result<(StatusCode, Json<SubscriptionView>), ApiError> {
    let device = service::subscribe(
        &state,
        auth.id,
        auth.ctx.session_token.as_deref(),
        req.endpoint.as_deref(),
        req.keys.p256dh.as_deref(),
        req.keys.auth.as_deref(),
    )
    .await?;
    let view = SubscriptionView { endpoint: device.subscription.endpoint.to_string(), created_at: device.created_at };
    Ok((StatusCode::CREATED, Json(view)))
}

#[derive(Serialize, Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct UnsubscribeRequest {
    pub endpoint: Option<String>,
}

/// Turn off device notifications in a browser.
#[utoipa::path(delete, path = "/api/v1/push/subscriptions", tag = "notifications", request_body = UnsubscribeRequest,
    security(("bearer" = [])),
    responses((status = 204), (status = 400, body = ErrorEnvelope), (status = 401, body = ErrorEnvelope),
              (status = 403, body = ErrorEnvelope), (status = 422, body = ErrorEnvelope)))]
async fn unsubscribe(
    State(state): State<AppState>,
    auth: Authorized<Citizens>,
    ApiJson(req): ApiJson<UnsubscribeRequest>,
) -> Result<StatusCode, ApiError> {
    service::unsubscribe(&state, auth.id, req.endpoint.as_deref()).await?;
    Ok(StatusCode::NO_CONTENT)
}
