//! `/api/v1/locations`, `/api/v1/slots`, `/api/v1/bookings`, the queue board and tickets.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::model::{self, LocationDef};
use super::planner::{self, ImportReport};
use super::queue::{self, Board, Stats, TicketStatus};
use super::service::{self, BookingView, NewBooking};
use super::store::{self, Slot};
use crate::app::AppState;
use crate::web::auth::{Authorized, CatalogAdmins, Citizens, SignedIn, Staff};
use crate::web::error::ErrorEnvelope;
use crate::web::{ApiError, ApiJson, ApiPath, ApiQuery, AppError, Ctx, FieldError};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(locations))
        .routes(routes!(import))
        .routes(routes!(stats))
        .routes(routes!(slots))
        .routes(routes!(create, mine))
        .routes(routes!(get_one))
        .routes(routes!(cancel))
        .routes(routes!(reschedule))
        .routes(routes!(board))
        .routes(routes!(ticket))
}

#[derive(Serialize, ToSchema)]
struct LocationList {
    locations: Vec<LocationDef>,
}

/// Every location with its hours, services and counters.
#[utoipa::path(get, path = "/api/v1/locations", tag = "appointments", responses((status = 200, body = LocationList)))]
async fn locations(State(state): State<AppState>) -> Result<Json<LocationList>, ApiError> {
    let rows = store::locations(&mut *state.db.conn().await.map_err(AppError::from)?).await.map_err(AppError::from)?;
    Ok(Json(LocationList { locations: rows.into_iter().map(|r| r.def).collect() }))
}

/// Import a `satupintu.locations/v1` document (all or nothing) and plan its slots.
#[utoipa::path(post, path = "/api/v1/locations/import", tag = "appointments", request_body = super::model::LocationDoc,
    security(("bearer" = [])),
    responses((status = 200, body = ImportReport), (status = 400, body = ErrorEnvelope), (status = 401, body = ErrorEnvelope),
              (status = 403, body = ErrorEnvelope), (status = 422, body = ErrorEnvelope)))]
async fn import(
    State(state): State<AppState>,
    auth: Authorized<CatalogAdmins>,
    ApiJson(doc): ApiJson<serde_json::Value>,
) -> Result<Json<ImportReport>, ApiError> {
    Ok(Json(planner::import(&state, &doc.to_string(), Some(&auth.user)).await?))
}

#[derive(Deserialize, Default, utoipa::IntoParams)]
#[serde(default)]
#[into_params(parameter_in = Query)]
struct StatsQuery {
    /// First local date, `YYYY-MM-DD` (default: 30 days ago).
    from: Option<String>,
    /// Last local date (default: today).
    to: Option<String>,
}

/// Waiting and service times, tickets and no-shows of a location by service, hour and weekday
/// (staff of its agencies).
#[utoipa::path(get, path = "/api/v1/locations/{id}/stats", tag = "appointments", params(("id" = String, Path), StatsQuery),
    security(("bearer" = [])),
    responses((status = 200, body = Stats), (status = 400, body = ErrorEnvelope), (status = 401, body = ErrorEnvelope),
              (status = 403, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope), (status = 422, body = ErrorEnvelope)))]
async fn stats(
    State(state): State<AppState>,
    auth: Authorized<Staff>,
    ApiPath(id): ApiPath<String>,
    ApiQuery(q): ApiQuery<StatsQuery>,
) -> Result<Json<Stats>, ApiError> {
    let loc = service::staff_location(&state, &auth.user, &id).await?;
    let period = model::period(
        service::today(&state),
        ("from", q.from.as_deref().unwrap_or("")),
        ("to", q.to.as_deref().unwrap_or("")),
    );
    let (from, to) = period.map_err(AppError::Validation)?;
    Ok(Json(queue::stats(&state, &loc, from, to).await?))
}

#[derive(Deserialize, Default, utoipa::IntoParams)]
#[serde(default)]
#[into_params(parameter_in = Query)]
struct SlotsQuery {
    /// The service (required).
    service_id: String,
    /// Only this location.
    location_id: Option<String>,
    /// Only this practitioner (teleconsultations).
    practitioner_id: Option<i64>,
    /// Local date, `YYYY-MM-DD` (default: today).
    date: Option<String>,
}

#[derive(Serialize, ToSchema)]
struct SlotList {
    slots: Vec<Slot>,
}

/// Bookable slots of a service on a day, each with its free `capacity`.
#[utoipa::path(get, path = "/api/v1/slots", tag = "appointments", params(SlotsQuery),
    responses((status = 200, body = SlotList), (status = 400, body = ErrorEnvelope), (status = 422, body = ErrorEnvelope)))]
async fn slots(State(state): State<AppState>, ApiQuery(q): ApiQuery<SlotsQuery>) -> Result<Json<SlotList>, ApiError> {
    if q.service_id.trim().is_empty() {
        return Err(AppError::Validation(vec![FieldError::new("service_id", "field-required")]).into());
    }
    let date = model::day("date", q.date.as_deref().unwrap_or(""), service::today(&state))
        .map_err(|e| AppError::Validation(vec![e]))?;
    let location = q.location_id.as_deref().filter(|l| !l.is_empty());
    let slots = service::slots(&state, q.service_id.trim(), location, q.practitioner_id, date).await?;
    Ok(Json(SlotList { slots }))
}

/// Book a place in a slot (citizens): 409 when the slot is full or gone, when the citizen has
/// an active booking for the service already, or after repeated no-shows.
#[utoipa::path(post, path = "/api/v1/bookings", tag = "appointments", request_body = NewBooking, security(("bearer" = [])),
    responses((status = 201, body = BookingView), (status = 400, body = ErrorEnvelope), (status = 401, body = ErrorEnvelope),
              (status = 403, body = ErrorEnvelope), (status = 409, body = ErrorEnvelope), (status = 422, body = ErrorEnvelope)))]
async fn create(
    State(state): State<AppState>,
    auth: Authorized<Citizens>,
    ApiJson(req): ApiJson<NewBooking>,
) -> Result<(StatusCode, Json<BookingView>), ApiError> {
    let b = service::book(&state, &auth.user, req.slot_id, req.application_code).await?;
    Ok((StatusCode::CREATED, Json(service::view(&state, &b, auth.ctx.lang).await?)))
}

#[derive(Serialize, ToSchema)]
struct BookingList {
    bookings: Vec<BookingView>,
}

/// The citizen's bookings, the coming ones first.
#[utoipa::path(get, path = "/api/v1/bookings", tag = "appointments", security(("bearer" = [])),
    responses((status = 200, body = BookingList), (status = 401, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope)))]
async fn mine(State(state): State<AppState>, auth: Authorized<Citizens>) -> Result<Json<BookingList>, ApiError> {
    let mut bookings = vec![];
    for b in service::mine(&state, &auth.user).await? {
        bookings.push(service::view(&state, &b, auth.ctx.lang).await?);
    }
    Ok(Json(BookingList { bookings }))
}

/// A booking (its owner, or staff of its service's agency).
#[utoipa::path(get, path = "/api/v1/bookings/{code}", tag = "appointments", params(("code" = String, Path)),
    security(("bearer" = [])),
    responses((status = 200, body = BookingView), (status = 401, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)))]
async fn get_one(
    State(state): State<AppState>,
    auth: SignedIn,
    ApiPath(code): ApiPath<String>,
) -> Result<Json<BookingView>, ApiError> {
    let b = service::booking_for(&state, &auth.user, &code).await?;
    Ok(Json(service::view(&state, &b, auth.ctx.lang).await?))
}

/// Cancel a booking before its slot begins.
#[utoipa::path(post, path = "/api/v1/bookings/{code}/cancel", tag = "appointments", params(("code" = String, Path)),
    security(("bearer" = [])),
    responses((status = 200, body = BookingView), (status = 401, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope),
              (status = 404, body = ErrorEnvelope), (status = 409, body = ErrorEnvelope)))]
async fn cancel(
    State(state): State<AppState>,
    auth: Authorized<Citizens>,
    ApiPath(code): ApiPath<String>,
) -> Result<Json<BookingView>, ApiError> {
    let b = service::cancel(&state, &auth.user, &code).await?;
    Ok(Json(service::view(&state, &b, auth.ctx.lang).await?))
}

#[derive(Deserialize, ToSchema, Default)]
struct Move {
    slot_id: i64,
}

/// Move a booking to another slot of the same service (twice at most, not in the last hour).
#[utoipa::path(post, path = "/api/v1/bookings/{code}/reschedule", tag = "appointments", params(("code" = String, Path)),
    request_body = Move, security(("bearer" = [])),
    responses((status = 200, body = BookingView), (status = 400, body = ErrorEnvelope), (status = 401, body = ErrorEnvelope),
              (status = 403, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope), (status = 409, body = ErrorEnvelope),
              (status = 422, body = ErrorEnvelope)))]
async fn reschedule(
    State(state): State<AppState>,
    auth: Authorized<Citizens>,
    ApiPath(code): ApiPath<String>,
    ApiJson(req): ApiJson<Move>,
) -> Result<Json<BookingView>, ApiError> {
    let b = service::reschedule(&state, &auth.user, &code, req.slot_id).await?;
    Ok(Json(service::view(&state, &b, auth.ctx.lang).await?))
}

/// The queue display of a location: tickets at counters, the latest calls, waiting counts.
#[utoipa::path(get, path = "/api/v1/queue/{location_id}", tag = "appointments", params(("location_id" = String, Path)),
    responses((status = 200, body = Board), (status = 404, body = ErrorEnvelope)))]
async fn board(State(state): State<AppState>, ApiPath(location_id): ApiPath<String>) -> Result<Json<Board>, ApiError> {
    let loc = store::location(&mut *state.db.conn().await.map_err(AppError::from)?, &location_id)
        .await
        .map_err(AppError::from)?
        .ok_or(AppError::NotFound)?;
    Ok(Json(queue::board(&state, &loc).await?))
}

/// Where a ticket stands: people ahead and the estimated wait (the token is on the ticket).
#[utoipa::path(get, path = "/api/v1/tickets/{token}", tag = "appointments", params(("token" = String, Path)),
    responses((status = 200, body = TicketStatus), (status = 404, body = ErrorEnvelope)))]
async fn ticket(
    State(state): State<AppState>,
    _ctx: Ctx,
    ApiPath(token): ApiPath<String>,
) -> Result<Json<TicketStatus>, ApiError> {
    Ok(Json(queue::status(&state, &token).await?))
}
