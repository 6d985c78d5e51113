//! Booking a slot, moving and cancelling it, and the rules that keep slots fair: one active
//! booking per service per person, a pause after repeated no-shows, no changes in the last hour.

use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;

use super::model::{self, rules};
use super::store::{self, Booking, LocationRow, Slot, SlotQuery};
use super::tickets;
use crate::app::AppState;
use crate::catalog::service::Snapshot;
use crate::db;
use crate::identity::{CurrentUser, Role};
use crate::web::i18n::Lang;
use crate::web::{AppError, FieldError};

/// The platform's time zone offset (WIB, WITA or WIT).
pub fn offset(state: &AppState) -> i8 {
    state.config.utc_offset_hours().unwrap_or(7)
}

/// Today's local date.
pub fn today(state: &AppState) -> time::Date {
    crate::calendar::local_date(db::now(), offset(state))
}

fn slot_field(key: &'static str) -> AppError {
    AppError::Validation(vec![FieldError::new("slot_id", key)])
}

/// Book a place in a slot.
#[derive(Deserialize, ToSchema, Default)]
pub struct NewBooking {
    pub slot_id: i64,
    /// The citizen's application this visit is for (optional).
    #[serde(default)]
    pub application_code: Option<String>,
}

/// Bookable slots of a service on a day.
pub async fn slots(
    state: &AppState,
    service_id: &str,
    location_id: Option<&str>,
    practitioner_id: Option<i64>,
    date: time::Date,
) -> Result<Vec<Slot>, AppError> {
    let date = date.to_string();
    let q = SlotQuery { service_id, location_id, practitioner_id, date: &date, after: db::now() };
    Ok(store::free_slots(&mut *state.db.conn().await?, &q).await?)
}

/// Book a place in a slot for `user` (a citizen).
pub async fn book(
    state: &AppState,
    user: &CurrentUser,
    slot_id: i64,
    application_code: Option<String>,
) -> Result<Booking, AppError> {
    if user.role != Role::Citizen {
        return Err(AppError::Forbidden);
    }
    let now = db::now();
    let mut conn = state.db.conn().await?;
    let slot = store::slot_by_id(&mut conn, slot_id).await?.ok_or_else(|| slot_field("field-slot-unknown"))?;
    if slot.closed || slot.starts_at <= now {
        return Err(AppError::Conflict { key: "error-slot-gone" });
    }
    let since = now - rules::NO_SHOW_WINDOW_DAYS * 86_400;
    if model::may_book(&store::no_shows(&mut conn, user.id, since).await?, now).is_err() {
        return Err(AppError::Conflict { key: "error-booking-paused" });
    }
    if store::active_booking(&mut conn, user.id, &slot.service_id).await?.is_some() {
        return Err(AppError::Conflict { key: "error-booking-active" });
    }
    let application_id = match application_code.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
        None => None,
        Some(code) => {
            let mut tx = state.db.read().await?;
            let app = crate::applications::store::by_code(&mut tx, code).await?;
            tx.commit().await?;
            match app {
                Some(a) if a.citizen_id == user.id && a.service_id == slot.service_id => Some(a.id),
                _ => {
                    return Err(AppError::Validation(vec![FieldError::new(
                        "application_code",
                        "field-booking-application",
                    )]))
                }
            }
        }
    };
    drop(conn);
    let year = crate::calendar::local_date(now, offset(state)).year();
    let (user_id, place) = (user.id, place_text(state, &slot).await?);
    let id = state
        .db
        .write(move |tx| {
            Box::pin(async move {
                if !store::take_place(tx, slot.id, now).await? {
                    return Err(AppError::Conflict { key: "error-slot-full" });
                }
                let code = db::next_code(tx, &format!("JT-{year}")).await?;
                let new = store::NewBooking { code: &code, slot: &slot, user_id, application_id, now };
                let id = match store::insert_booking(tx, &new).await {
                    Ok(id) => id,
                    Err(sqlx::Error::Database(d)) if d.is_unique_violation() => {
                        return Err(AppError::Conflict { key: "error-booking-active" })
                    }
                    Err(e) => return Err(e.into()),
                };
                let payload =
                    json!({"code": code, "when": when_text(&slot), "place": place, "path": format!("/janji/{code}")});
                crate::notify::service::queue(
                    tx,
                    "booking_confirmed",
                    user_id,
                    &payload,
                    &format!("{code}:booked"),
                    now,
                )
                .await?;
                Ok::<_, AppError>(id)
            })
        })
        .await?;
    reload(state, id).await
}

/// A booking as stored now.
async fn reload(state: &AppState, id: i64) -> Result<Booking, AppError> {
    store::booking_by_id(&mut *state.db.conn().await?, id).await?.ok_or(AppError::NotFound)
}

fn when_text(slot: &Slot) -> String {
    format!("{} {}-{}", slot.date, slot.start, slot.end)
}

async fn place_text(state: &AppState, slot: &Slot) -> Result<String, AppError> {
    let loc = store::location(&mut *state.db.conn().await?, &slot.location_id).await?;
    Ok(loc.map(|l| format!("{}, {}", l.name, l.address)).unwrap_or_default())
}

/// May this user see the booking: its owner, or staff of the agency of its service or its
/// location (and platform admins and auditors); a teleconsultation only its practitioner.
pub async fn may_see(state: &AppState, user: &CurrentUser, b: &Booking) -> Result<bool, AppError> {
    if user.id == b.user_id {
        return Ok(true);
    }
    if b.practitioner_id != 0 {
        return Ok(store::practitioner_user(&mut *state.db.conn().await?, b.practitioner_id).await? == Some(user.id));
    }
    match user.role {
        Role::Citizen => Ok(false),
        Role::SuperAdmin | Role::Auditor => Ok(true),
        _ => Ok(serves(state, user, &b.location_id, &b.service_id).await?),
    }
}

/// Whether a staff member works for the agency of a service or of the location itself (a
/// platform admin works everywhere).
pub fn serves_at(snap: &Snapshot, user: &CurrentUser, loc: &LocationRow, service_id: &str) -> bool {
    let Some(agency) = user.agency_id.as_deref() else { return user.role == Role::SuperAdmin };
    snap.service(service_id).is_some_and(|s| s.service.agency == agency) || loc.agency_id.as_deref() == Some(agency)
}

/// [`serves_at`] for a location known by its id.
pub async fn serves(
    state: &AppState,
    user: &CurrentUser,
    location_id: &str,
    service_id: &str,
) -> Result<bool, AppError> {
    let snap = crate::catalog::service::snapshot(state).await?;
    let loc = store::location(&mut *state.db.conn().await?, location_id).await?;
    Ok(loc.is_some_and(|l| serves_at(&snap, user, &l, service_id)))
}

/// A location a staff member may see the figures of (its agency, or an agency of one of its
/// services; platform admins and auditors any).
pub async fn staff_location(state: &AppState, user: &CurrentUser, id: &str) -> Result<LocationRow, AppError> {
    let loc = store::location(&mut *state.db.conn().await?, id).await?.ok_or(AppError::NotFound)?;
    let snap = crate::catalog::service::snapshot(state).await?;
    let any_role = matches!(user.role, Role::SuperAdmin | Role::Auditor);
    if any_role || loc.def.services.iter().any(|s| serves_at(&snap, user, &loc, &s.service)) {
        return Ok(loc);
    }
    Err(AppError::Forbidden)
}

/// A booking its owner (or staff) may read.
pub async fn booking_for(state: &AppState, user: &CurrentUser, code: &str) -> Result<Booking, AppError> {
    let b = store::booking_by_code(&mut *state.db.conn().await?, code).await?.ok_or(AppError::NotFound)?;
    if !may_see(state, user, &b).await? {
        return Err(AppError::NotFound);
    }
    Ok(b)
}

/// The owner's booking, still booked and changeable now.
async fn changeable(state: &AppState, user: &CurrentUser, code: &str, now: i64) -> Result<Booking, AppError> {
    let b = booking_for(state, user, code).await?;
    if b.user_id != user.id {
        return Err(AppError::Forbidden);
    }
    if b.status != "booked" || now >= b.starts_at {
        return Err(AppError::Conflict { key: "error-booking-closed" });
    }
    Ok(b)
}

/// Cancel a booking before its slot begins; the place is free again.
pub async fn cancel(state: &AppState, user: &CurrentUser, code: &str) -> Result<Booking, AppError> {
    let now = db::now();
    let b = changeable(state, user, code, now).await?;
    let (id, slot_id) = (b.id, b.slot_id);
    state
        .db
        .write(move |tx| {
            Box::pin(async move {
                if !store::set_status(tx, id, "booked", "cancelled", now).await? {
                    return Err(AppError::Conflict { key: "error-booking-closed" });
                }
                store::release_place(tx, slot_id).await?;
                Ok::<_, AppError>(())
            })
        })
        .await?;
    reload(state, b.id).await
}

/// Move a booking to another slot of the same service, at most twice and not in the last hour.
pub async fn reschedule(state: &AppState, user: &CurrentUser, code: &str, slot_id: i64) -> Result<Booking, AppError> {
    let now = db::now();
    let b = changeable(state, user, code, now).await?;
    if b.reschedules >= rules::MAX_RESCHEDULES {
        return Err(AppError::Conflict { key: "error-reschedule-limit" });
    }
    if now >= b.starts_at - rules::FREEZE_BEFORE {
        return Err(AppError::Conflict { key: "error-booking-frozen" });
    }
    let slot = store::slot_by_id(&mut *state.db.conn().await?, slot_id)
        .await?
        .ok_or_else(|| slot_field("field-slot-unknown"))?;
    if slot.service_id != b.service_id || slot.id == b.slot_id {
        return Err(slot_field("field-slot-other"));
    }
    let place = place_text(state, &slot).await?;
    let (id, old, user_id, code) = (b.id, b.slot_id, b.user_id, b.code.clone());
    state
        .db
        .write(move |tx| {
            Box::pin(async move {
                if !store::take_place(tx, slot.id, now).await? {
                    return Err(AppError::Conflict { key: "error-slot-full" });
                }
                if !store::move_booking(tx, id, slot.id, now).await? {
                    return Err(AppError::Conflict { key: "error-booking-closed" });
                }
                store::release_place(tx, old).await?;
                let payload =
                    json!({"code": code, "when": when_text(&slot), "place": place, "path": format!("/janji/{code}")});
                let key = format!("{code}:moved:{}", slot.id);
                crate::notify::service::queue(tx, "booking_moved", user_id, &payload, &key, now).await?;
                Ok::<_, AppError>(())
            })
        })
        .await?;
    reload(state, b.id).await
}

/// A booking as its owner sees it.
#[derive(Serialize, ToSchema)]
pub struct BookingView {
    pub code: String,
    /// `booked`, `checked_in`, `served`, `cancelled` or `no_show`.
    pub status: String,
    pub service_id: String,
    pub service_name: String,
    pub location_id: String,
    pub location_name: String,
    pub address: String,
    pub slot_id: i64,
    pub date: String,
    pub start: String,
    pub end: String,
    pub starts_at: i64,
    pub ends_at: i64,
    /// How many more times it can be moved.
    pub reschedules_left: i64,
    /// Whether it can still be moved or cancelled.
    pub changeable: bool,
    pub application_code: Option<String>,
    /// The queue ticket after check-in.
    pub ticket: Option<tickets::Ticket>,
    /// Where to download the calendar file (iCalendar).
    pub calendar_url: String,
    /// What the check-in QR code holds.
    pub check_in: String,
}

pub async fn view(state: &AppState, b: &Booking, lang: Lang) -> Result<BookingView, AppError> {
    let snap = crate::catalog::service::snapshot(state).await?;
    let service_name = snap.service(&b.service_id).map(|s| s.service.name.get(lang).to_string()).unwrap_or_default();
    let mut conn = state.db.conn().await?;
    let loc = store::location(&mut conn, &b.location_id).await?;
    let ticket = tickets::by_booking(&mut conn, b.id).await?;
    let application_code = match b.application_id {
        Some(id) => crate::applications::store::code_of(&mut conn, id).await?,
        None => None,
    };
    let now = db::now();
    Ok(BookingView {
        code: b.code.clone(),
        status: b.status.clone(),
        service_id: b.service_id.clone(),
        service_name,
        location_id: b.location_id.clone(),
        location_name: loc.as_ref().map(|l| l.name.clone()).unwrap_or_default(),
        address: loc.as_ref().map(|l| l.address.clone()).unwrap_or_default(),
        slot_id: b.slot_id,
        date: b.date.clone(),
        start: model::hhmm(b.start_min),
        end: model::hhmm(b.end_min),
        starts_at: b.starts_at,
        ends_at: b.ends_at,
        reschedules_left: (rules::MAX_RESCHEDULES - b.reschedules).max(0),
        changeable: b.status == "booked" && now < b.starts_at - rules::FREEZE_BEFORE,
        application_code,
        ticket,
        calendar_url: format!("/janji/{}/kalender.ics", b.code),
        check_in: b.code.clone(),
    })
}

/// The booking's iCalendar file.
pub async fn calendar(state: &AppState, b: &Booking, lang: Lang) -> Result<String, AppError> {
    let v = view(state, b, lang).await?;
    let t = crate::web::locales();
    let summary = format!("{}: {}", t.msg(lang, "appt-ics-summary", None), v.service_name);
    let mut args = fluent_bundle::FluentArgs::new();
    args.set("code", v.code.clone());
    let description = t.msg(lang, "appt-ics-description", Some(&args));
    let uid = format!("{}@satupintu", v.code);
    let url = format!("{}/janji/{}", state.base_url(), v.code);
    let location = format!("{}, {}", v.location_name, v.address);
    Ok(model::Event {
        uid: &uid,
        starts_at: v.starts_at,
        ends_at: v.ends_at,
        stamp: b.updated_at,
        summary: &summary,
        location: &location,
        description: &description,
        url: &url,
        cancelled: b.status == "cancelled",
    }
    .to_ics())
}

/// A citizen's bookings.
pub async fn mine(state: &AppState, user: &CurrentUser) -> Result<Vec<Booking>, AppError> {
    Ok(store::bookings_of(&mut *state.db.conn().await?, user.id).await?)
}

/// Mark bookings whose check-in time is over as no-shows, and send reminders a day ahead.
pub async fn run_jobs(state: &AppState, now: i64) -> Result<(), AppError> {
    let overdue = store::overdue(&mut *state.db.conn().await?, now - rules::CHECK_IN_LATE).await?;
    for b in overdue {
        let (id, user_id, code) = (b.id, b.user_id, b.code.clone());
        state
            .db
            .write(move |tx| {
                Box::pin(async move {
                    if store::set_status(tx, id, "booked", "no_show", now).await? {
                        let payload = json!({"code": code, "path": format!("/janji/{code}")});
                        let key = format!("{code}:no_show");
                        crate::notify::service::queue(tx, "booking_no_show", user_id, &payload, &key, now).await?;
                    }
                    Ok::<_, AppError>(())
                })
            })
            .await?;
    }
    let due = store::to_remind(&mut *state.db.conn().await?, now, now + rules::REMIND_BEFORE).await?;
    for b in due {
        let slot = store::slot_by_id(&mut *state.db.conn().await?, b.slot_id).await?.ok_or(AppError::NotFound)?;
        let place = place_text(state, &slot).await?;
        let (id, user_id, code) = (b.id, b.user_id, b.code.clone());
        state
            .db
            .write(move |tx| {
                Box::pin(async move {
                    if store::mark_reminded(tx, id).await? {
                        let payload =
                            json!({"code": code, "when": when_text(&slot), "place": place, "path": format!("/janji/{code}")});
                        let key = format!("{code}:remind:{}", slot.id);
                        crate::notify::service::queue(tx, "booking_reminder", user_id, &payload, &key, now).await?;
                    }
                    Ok::<_, AppError>(())
                })
            })
            .await?;
    }
    Ok(())
}

/// Plan slots, mark no-shows and send reminders every minute, until the process ends.
pub fn spawn_jobs(state: AppState) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(60));
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let mut planned_on = None;
        loop {
            tick.tick().await;
            let day = today(&state);
            let plan = planned_on != Some(day);
            let run = crate::db::jobs::exclusive(&state.db, "appointments", async {
                let planned = plan
                    && match super::planner::plan_all(&state).await {
                        Ok(()) => true,
                        Err(e) => {
                            tracing::warn!(error = %e, "slot planning failed");
                            false
                        }
                    };
                if let Err(e) = run_jobs(&state, db::now()).await {
                    tracing::warn!(error = %e, "appointment jobs failed");
                }
                planned
            })
            .await;
            if let Ok(Some(true)) = run {
                planned_on = Some(day);
            }
        }
    })
}
