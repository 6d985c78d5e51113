//! `/api/v1/events`: upcoming events, one event, and a citizen's registration (POST to register
//! or join the waiting list, DELETE to cancel).

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::model;
use super::service::{self, Standing};
use super::store::Event;
use crate::app::AppState;
use crate::web::auth::{Authorized, Citizens};
use crate::web::error::ErrorEnvelope;
use crate::web::{rfc3339, ApiError, ApiPath, ApiQuery, AppError, Lang};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list)).routes(routes!(one)).routes(routes!(register, unregister))
}

/// An event as published.
#[derive(Serialize, ToSchema)]
#[schema(as = EventOut)]
pub struct EventOut {
    pub slug: String,
    /// `budaya`, `festival`, `lokakarya` or `pelatihan`.
    pub kind: String,
    pub agency_id: String,
    pub agency_name: String,
    pub title: String,
    pub description: String,
    pub place_name: String,
    pub place_address: String,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    /// RFC 3339 (UTC).
    pub starts_at: String,
    pub ends_at: String,
    /// Seats (none: unlimited).
    pub capacity: Option<i64>,
    pub seats_taken: i64,
    pub seats_left: Option<i64>,
    /// People on the waiting list.
    pub waiting: i64,
    pub registration_opens_at: Option<String>,
    pub registration_closes_at: Option<String>,
    /// Whether citizens can register now.
    pub registration_open: bool,
    pub cancelled: bool,
    pub url: String,
    /// The event's iCalendar file.
    pub ics_url: String,
}

async fn out(state: &AppState, e: Event) -> Result<EventOut, AppError> {
    let site = state.base_url();
    Ok(EventOut {
        agency_name: crate::announcements::service::agency_name(state, &e.agency_id, Lang::Id).await?,
        lat: e.lat_e6.map(model::from_e6),
        lon: e.lon_e6.map(model::from_e6),
        starts_at: rfc3339(e.starts_at),
        ends_at: rfc3339(e.ends_at),
        seats_left: service::seats_left(&e),
        registration_opens_at: e.registration_opens_at.map(rfc3339),
        registration_closes_at: e.registration_closes_at.map(rfc3339),
        registration_open: service::window(&e, crate::db::now()) == model::Window::Open,
        cancelled: e.cancelled_at.is_some(),
        url: format!("{site}/acara/{}", e.slug),
        ics_url: format!("{site}/acara/{}/ics", e.slug),
        slug: e.slug,
        kind: e.kind,
        agency_id: e.agency_id,
        title: e.title,
        description: e.description,
        place_name: e.place_name,
        place_address: e.place_address,
        capacity: e.capacity,
        seats_taken: e.seats_taken,
        waiting: e.waiting,
    })
}

#[derive(Serialize, ToSchema)]
#[schema(as = EventList)]
struct EventList {
    events: Vec<EventOut>,
}

#[derive(Deserialize, Default, utoipa::IntoParams)]
#[serde(default)]
#[into_params(parameter_in = Query)]
struct ListQuery {
    /// Only this kind (`budaya`, `festival`, `lokakarya`, `pelatihan`).
    kind: Option<String>,
}

/// Upcoming events (not over yet, cancelled ones marked), soonest first.
#[utoipa::path(get, path = "/api/v1/events", tag = "events", params(ListQuery),
    responses((status = 200, body = EventList), (status = 400, body = ErrorEnvelope), (status = 422, body = ErrorEnvelope)))]
async fn list(State(state): State<AppState>, ApiQuery(q): ApiQuery<ListQuery>) -> Result<Json<EventList>, ApiError> {
    let kind = q.kind.as_deref().map(str::trim).filter(|k| !k.is_empty());
    if kind.is_some_and(|k| !model::KINDS.contains(&k)) {
        return Err(AppError::Validation(vec![crate::web::FieldError::new("kind", "field-event-kind")]).into());
    }
    let mut events = vec![];
    for e in service::upcoming(&state, kind).await? {
        events.push(out(&state, e).await?);
    }
    Ok(Json(EventList { events }))
}

/// One event.
#[utoipa::path(get, path = "/api/v1/events/{slug}", tag = "events", params(("slug" = String, Path)),
    responses((status = 200, body = EventOut), (status = 400, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)))]
async fn one(State(state): State<AppState>, ApiPath(slug): ApiPath<String>) -> Result<Json<EventOut>, ApiError> {
    let e = service::public_one(&state, &slug).await?;
    Ok(Json(out(&state, e).await?))
}

/// Where the citizen stands.
#[derive(Serialize, ToSchema)]
#[schema(as = EventRegistration)]
struct RegistrationOut {
    /// `registered` or `waiting`.
    status: String,
    /// The place on the waiting list (1 = next), when waiting.
    position: Option<i64>,
}

/// Register for an event (citizens): a seat when one is free, else a place on the waiting list.
/// 409 when registration is not open or the citizen is registered or waiting already.
#[utoipa::path(post, path = "/api/v1/events/{slug}/registrations", tag = "events", params(("slug" = String, Path)),
    security(("bearer" = [])),
    responses((status = 201, body = RegistrationOut), (status = 400, body = ErrorEnvelope), (status = 401, body = ErrorEnvelope),
              (status = 403, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope), (status = 409, body = ErrorEnvelope)))]
async fn register(
    State(state): State<AppState>,
    auth: Authorized<Citizens>,
    ApiPath(slug): ApiPath<String>,
) -> Result<(StatusCode, Json<RegistrationOut>), ApiError> {
    let s = service::register(&state, &auth.user, &slug).await?;
    let out = match s {
        Standing::Waiting(n) => RegistrationOut { status: "waiting".into(), position: Some(n) },
        _ => RegistrationOut { status: "registered".into(), position: None },
    };
    Ok((StatusCode::CREATED, Json(out)))
}

/// Cancel the citizen's registration (or leave the waiting list); the first on the waiting
/// list gets the seat and is notified. 404 when not registered, 409 once the event started.
#[utoipa::path(delete, path = "/api/v1/events/{slug}/registrations", tag = "events", params(("slug" = String, Path)),
    security(("bearer" = [])),
    responses((status = 204), (status = 400, body = ErrorEnvelope), (status = 401, body = ErrorEnvelope),
              (status = 403, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope), (status = 409, body = ErrorEnvelope)))]
async fn unregister(
    State(state): State<AppState>,
    auth: Authorized<Citizens>,
    ApiPath(slug): ApiPath<String>,
) -> Result<StatusCode, ApiError> {
    service::unregister(&state, &auth.user, &slug).await?;
    Ok(StatusCode::NO_CONTENT)
}
