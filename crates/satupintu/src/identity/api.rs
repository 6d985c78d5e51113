//! `/api/v1/auth/*` and `/api/v1/me`.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::model::Registration;
use super::service::{self, SessionKind};
use super::store::Profile;
use crate::app::AppState;
use crate::web::auth::SignedIn;
use crate::web::error::ErrorEnvelope;
use crate::web::{ApiError, ApiJson, AppError, Ctx};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(register)).routes(routes!(login)).routes(routes!(logout)).routes(routes!(me))
}

#[derive(Deserialize, ToSchema)]
pub struct RegisterRequest {
    /// 16-digit Nomor Induk Kependudukan.
    pub nik: Option<String>,
    pub full_name: Option<String>,
    /// E-mail or phone (or both) is needed.
    pub email: Option<String>,
    /// Indonesian mobile number: 08..., 628... or +628...
    pub phone: Option<String>,
    pub password: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct Registered {
    pub id: i64,
    pub full_name: String,
}

/// Register a citizen account.
#[utoipa::path(post, path = "/api/v1/auth/register", tag = "identity", request_body = RegisterRequest,
    responses((status = 201, body = Registered), (status = 422, description = "Per-field errors", body = ErrorEnvelope),
              (status = 400, body = ErrorEnvelope)))]
async fn register(
    State(state): State<AppState>,
    ApiJson(req): ApiJson<RegisterRequest>,
) -> Result<(StatusCode, Json<Registered>), ApiError> {
    let reg = Registration::parse(
        req.nik.as_deref(),
        req.full_name.as_deref(),
        req.email.as_deref(),
        req.phone.as_deref(),
        req.password.as_deref(),
    )
    .map_err(AppError::Validation)?;
    let full_name = reg.full_name.clone();
    let id = service::register(&state, reg).await?;
    Ok((StatusCode::CREATED, Json(Registered { id, full_name })))
}

#[derive(Deserialize, ToSchema)]
pub struct LoginRequest {
    /// NIK, e-mail or phone.
    pub login: String,
    pub password: String,
    /// Six-digit code from the authenticator app (staff with two-factor sign-in).
    pub totp: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct LoginResponse {
    /// Bearer token for `Authorization: Bearer <token>`.
    pub token: String,
    /// Unix seconds (UTC) when the token stops working.
    pub expires_at: i64,
    pub user: Profile,
}

/// Sign in and receive a bearer token.
#[utoipa::path(post, path = "/api/v1/auth/login", tag = "identity", request_body = LoginRequest,
    responses((status = 200, body = LoginResponse), (status = 401, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope),
              (status = 429, body = ErrorEnvelope), (status = 400, body = ErrorEnvelope)))]
async fn login(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiJson(req): ApiJson<LoginRequest>,
) -> Result<Json<LoginResponse>, ApiError> {
    let out =
        service::login(&state, &req.login, &req.password, req.totp.as_deref(), ctx.client_ip, SessionKind::Api).await?;
    let user = service::profile(&state, out.user_id).await?;
    Ok(Json(LoginResponse { token: out.token, expires_at: out.expires_at, user }))
}

/// Revoke the bearer token used for this request.
#[utoipa::path(post, path = "/api/v1/auth/logout", tag = "identity", security(("bearer" = [])),
    responses((status = 204), (status = 401, body = ErrorEnvelope)))]
async fn logout(State(state): State<AppState>, auth: SignedIn) -> Result<StatusCode, ApiError> {
    if let Some(token) = &auth.ctx.session_token {
        service::logout(&state, token).await?;
    }
    Ok(StatusCode::NO_CONTENT)
}

/// The signed-in user's profile.
#[utoipa::path(get, path = "/api/v1/me", tag = "identity", security(("bearer" = [])),
    responses((status = 200, body = Profile), (status = 401, body = ErrorEnvelope)))]
async fn me(State(state): State<AppState>, auth: SignedIn) -> Result<Json<Profile>, ApiError> {
    Ok(Json(service::profile(&state, auth.id).await?))
}
