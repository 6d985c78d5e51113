//! `/api/v1/green`: the paperless figures as open data, the pickup windows with free places,
//! and the citizen's waste-pickup requests.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::model::{self, PickupInput};
use super::service::{self, Paperless};
use super::store::{Pickup, Window};
use crate::app::AppState;
use crate::web::auth::{Authorized, Citizens, SignedIn};
use crate::web::error::ErrorEnvelope;
use crate::web::{ApiError, ApiJson, ApiPath, ApiQuery, AppError, Ctx, FieldError};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(paperless))
        .routes(routes!(windows))
        .routes(routes!(create, mine))
        .routes(routes!(get_one))
}

#[derive(Deserialize, Default, utoipa::IntoParams)]
#[serde(default)]
#[into_params(parameter_in = Query)]
struct PaperlessQuery {
    /// Only this month, `YYYY-MM` (local time).
    month: Option<String>,
    /// Only this agency.
    agency: Option<String>,
}

/// Paper and trips saved by online applications, digital documents and online reports: totals,
/// per agency, per service (with its estimate) and per month, with the factors used.
#[utoipa::path(get, path = "/api/v1/green/paperless", tag = "green", params(PaperlessQuery),
    responses((status = 200, body = Paperless), (status = 400, body = ErrorEnvelope), (status = 422, body = ErrorEnvelope)))]
async fn paperless(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiQuery(q): ApiQuery<PaperlessQuery>,
) -> Result<Json<Paperless>, ApiError> {
    let month = service::parse_month(q.month.as_deref().unwrap_or(""))?;
    let agency = q.agency.as_deref().map(str::trim).filter(|a| !a.is_empty());
    Ok(Json(service::paperless(&state, ctx.lang, month.as_deref(), agency).await?))
}

/// A pickup window with free places.
#[derive(Serialize, ToSchema)]
#[schema(as = GreenWindow)]
pub struct WindowOut {
    pub id: i64,
    /// The kecamatan (6-digit Kemendagri code) and its name.
    pub zone: String,
    pub zone_name: String,
    /// Local date and times.
    pub date: String,
    pub start: String,
    pub end: String,
    pub capacity: i64,
    pub free: i64,
    /// Kinds of waste taken (empty: every kind).
    pub kinds: Vec<String>,
}

impl From<&Window> for WindowOut {
    fn from(w: &Window) -> WindowOut {
        WindowOut {
            id: w.id,
            zone: w.zone.clone(),
            zone_name: model::zone_name(&w.zone),
            date: w.date.clone(),
            start: model::hhmm(w.start_min),
            end: model::hhmm(w.end_min),
            capacity: w.capacity,
            free: (w.capacity - w.booked).max(0),
            kinds: w.kinds.split(',').filter(|k| !k.is_empty()).map(str::to_string).collect(),
        }
    }
}

#[derive(Serialize, ToSchema)]
#[schema(as = GreenWindowList)]
struct WindowList {
    windows: Vec<WindowOut>,
}

#[derive(Deserialize, Default, utoipa::IntoParams)]
#[serde(default)]
#[into_params(parameter_in = Query)]
struct WindowsQuery {
    /// The kecamatan (6-digit code); none: every zone.
    zone: Option<String>,
    /// Only windows taking this kind of waste.
    kind: Option<String>,
}

/// Coming pickup windows with a free place (full windows are not listed), soonest first.
#[utoipa::path(get, path = "/api/v1/green/pickup-windows", tag = "green", params(WindowsQuery),
    responses((status = 200, body = WindowList), (status = 400, body = ErrorEnvelope), (status = 422, body = ErrorEnvelope)))]
async fn windows(
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<WindowsQuery>,
) -> Result<Json<WindowList>, ApiError> {
    let zone = q.zone.as_deref().unwrap_or("").trim();
    if !zone.is_empty() && !service::zones(&state).iter().any(|(c, _)| c == zone) {
        return Err(AppError::Validation(vec![FieldError::new("zone", "field-green-zone")]).into());
    }
    let kind = q.kind.as_deref().unwrap_or("").trim();
    if !kind.is_empty() && !model::KINDS.contains(&kind) {
        return Err(AppError::Validation(vec![FieldError::new("kind", "field-green-kind")]).into());
    }
    let list = service::free_windows(&state, zone, kind).await?;
    Ok(Json(WindowList { windows: list.iter().map(WindowOut::from).collect() }))
}

/// A waste-pickup request as its owner sees it.
#[derive(Serialize, ToSchema)]
#[schema(as = GreenPickup)]
pub struct PickupOut {
    /// `AS-2026-000123`.
    pub code: String,
    /// `scheduled`, `picked_up`, `missed` or `cancelled`.
    pub status: String,
    pub kind: String,
    pub volume: String,
    pub address: String,
    pub kelurahan: String,
    pub rt: String,
    pub rw: String,
    pub zone: String,
    pub zone_name: String,
    pub window_id: i64,
    pub date: String,
    pub start: String,
    pub end: String,
    /// Why the truck missed it.
    pub reason: Option<String>,
    /// Whether the owner may still cancel it.
    pub cancellable: bool,
    pub created_at: i64,
}

impl From<&Pickup> for PickupOut {
    fn from(p: &Pickup) -> PickupOut {
        PickupOut {
            code: p.code.clone(),
            status: p.status.clone(),
            kind: p.kind.clone(),
            volume: p.volume.clone(),
            address: p.address.clone(),
            kelurahan: p.kelurahan.clone(),
            rt: p.rt.clone(),
            rw: p.rw.clone(),
            zone: p.zone.clone(),
            zone_name: model::zone_name(&p.zone),
            window_id: p.window_id,
            date: p.date.clone(),
            start: model::hhmm(p.start_min),
            end: model::hhmm(p.end_min),
            reason: p.reason.clone(),
            cancellable: service::cancellable(p, crate::db::now()),
            created_at: p.created_at,
        }
    }
}

/// Request a waste pickup in a window with a free place (citizens): 409 when the window filled
/// up meanwhile or the citizen has too many open requests, 422 for a mistake in the request.
#[utoipa::path(post, path = "/api/v1/green/pickups", tag = "green", request_body = PickupInput, security(("bearer" = [])),
    responses((status = 201, body = PickupOut), (status = 400, body = ErrorEnvelope), (status = 401, body = ErrorEnvelope),
              (status = 403, body = ErrorEnvelope), (status = 409, body = ErrorEnvelope), (status = 422, body = ErrorEnvelope)))]
async fn create(
    State(state): State<AppState>,
    auth: Authorized<Citizens>,
    ApiJson(req): ApiJson<PickupInput>,
) -> Result<(StatusCode, Json<PickupOut>), ApiError> {
    let p = service::request(&state, &auth.user, &req).await?;
    Ok((StatusCode::CREATED, Json(PickupOut::from(&p))))
}

#[derive(Serialize, ToSchema)]
#[schema(as = GreenPickupList)]
struct PickupList {
    pickups: Vec<PickupOut>,
}

/// The citizen's pickup requests, newest first.
#[utoipa::path(get, path = "/api/v1/green/pickups", tag = "green", security(("bearer" = [])),
    responses((status = 200, body = PickupList), (status = 401, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope)))]
async fn mine(State(state): State<AppState>, auth: Authorized<Citizens>) -> Result<Json<PickupList>, ApiError> {
    let list = service::mine(&state, &auth.user).await?;
    Ok(Json(PickupList { pickups: list.iter().map(PickupOut::from).collect() }))
}

/// A pickup request (its owner, or the pickup agency's staff; 404 for anyone else).
#[utoipa::path(get, path = "/api/v1/green/pickups/{code}", tag = "green", params(("code" = String, Path)),
    security(("bearer" = [])),
    responses((status = 200, body = PickupOut), (status = 401, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)))]
async fn get_one(
    State(state): State<AppState>,
    auth: SignedIn,
    ApiPath(code): ApiPath<String>,
) -> Result<Json<PickupOut>, ApiError> {
    let p = service::pickup_for(&state, &auth.user, &code).await?;
    Ok(Json(PickupOut::from(&p)))
}
