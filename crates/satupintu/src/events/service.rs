//! Events: publishing, editing and cancelling them (agency staff), the public calendar,
//! citizens' registrations with a waiting list, and the notices they get. Each change is one
//! transaction: cancelling a registration promotes the first on the waiting list and queues
//! their notice in the same transaction.

use serde_json::json;

use super::model::{self, EventInput, Window};
use super::store::{self, Event, Registration};
use crate::app::AppState;
use crate::db::{self, Tx};
use crate::identity::{CurrentUser, Role};
use crate::web::{AppError, FieldError};

pub fn window(e: &Event, now: i64) -> Window {
    Window::at(e.registration_opens_at, e.registration_closes_at, e.starts_at, e.cancelled_at.is_some(), now)
}

/// Seats left (`None`: unlimited).
pub fn seats_left(e: &Event) -> Option<i64> {
    e.capacity.map(|c| (c - e.seats_taken).max(0))
}

fn unique_conflict(e: sqlx::Error) -> AppError {
    match e {
        sqlx::Error::Database(d) if d.is_unique_violation() => AppError::Conflict { key: "error-event-slug" },
        e => e.into(),
    }
}

async fn reload(state: &AppState, id: i64) -> Result<Event, AppError> {
    store::by_id(&mut *state.db.conn().await?, id).await?.ok_or(AppError::NotFound)
}

/// Publish an event.
pub async fn create(state: &AppState, user: &CurrentUser, input: &EventInput) -> Result<Event, AppError> {
    let agencies = crate::announcements::service::publisher_agencies(state, user).await?;
    let draft =
        model::check(input, &agencies, crate::announcements::service::offset(state)).map_err(AppError::Validation)?;
    let slug = crate::announcements::service::free_slug(&draft.title, "acara", |s| {
        let db = state.db.clone();
        async move { store::slug_taken(&mut *db.conn().await?, &s).await }
    })
    .await?;
    let (user_id, now) = (user.id, db::now());
    let id = state
        .db
        .write(move |tx| {
            Box::pin(async move { store::insert(tx, &slug, &draft, user_id, now).await.map_err(unique_conflict) })
        })
        .await?;
    reload(state, id).await
}

/// An event this staff member may manage (404 for another agency's).
pub async fn managed(state: &AppState, user: &CurrentUser, slug: &str) -> Result<Event, AppError> {
    let agencies = crate::announcements::service::publisher_agencies(state, user).await?;
    let e = store::by_slug(&mut *state.db.conn().await?, slug).await?.ok_or(AppError::NotFound)?;
    if user.role != Role::SuperAdmin && !agencies.contains(&e.agency_id) {
        return Err(AppError::NotFound);
    }
    Ok(e)
}

/// Edit an event (not a cancelled one). More seats promote people from the waiting list.
pub async fn update(state: &AppState, user: &CurrentUser, slug: &str, input: &EventInput) -> Result<Event, AppError> {
    let e = managed(state, user, slug).await?;
    if e.cancelled_at.is_some() {
        return Err(AppError::Conflict { key: "error-event-cancelled" });
    }
    let agencies = crate::announcements::service::publisher_agencies(state, user).await?;
    let draft =
        model::check(input, &agencies, crate::announcements::service::offset(state)).map_err(AppError::Validation)?;
    let (id, now, title, slug) = (e.id, db::now(), draft.title.clone(), e.slug.clone());
    state
        .db
        .write(move |tx| {
            Box::pin(async move {
                if !store::update(tx, id, &draft, now).await? {
                    return Err(AppError::Validation(vec![FieldError::new("capacity", "field-event-capacity-taken")]));
                }
                // Promote while seats are free.
                while promote_next(tx, id, &title, &slug, now).await? {}
                Ok::<_, AppError>(())
            })
        })
        .await?;
    reload(state, e.id).await
}

/// Cancel an event: everyone registered or waiting is told.
pub async fn cancel(state: &AppState, user: &CurrentUser, slug: &str) -> Result<Event, AppError> {
    let e = managed(state, user, slug).await?;
    let (id, now, title, slug) = (e.id, db::now(), e.title.clone(), e.slug.clone());
    state
        .db
        .write(move |tx| {
            Box::pin(async move {
                if !store::cancel(tx, id, now).await? {
                    return Err(AppError::Conflict { key: "error-event-cancelled" });
                }
                let payload = json!({"code": slug, "title": title, "path": format!("/acara/{slug}")});
                for user_id in store::active_users(tx, id).await? {
                    crate::notify::service::queue(
                        tx,
                        "event_cancelled",
                        user_id,
                        &payload,
                        &format!("event-{id}:cancelled:{user_id}"),
                        now,
                    )
                    .await?;
                }
                Ok::<_, AppError>(())
            })
        })
        .await?;
    reload(state, e.id).await
}

/// Every event a staff member manages.
pub async fn staff_list(state: &AppState, user: &CurrentUser) -> Result<Vec<Event>, AppError> {
    crate::announcements::service::publisher_agencies(state, user).await?;
    let agency = match (user.role, user.agency_id.as_deref()) {
        (Role::SuperAdmin, _) => None,
        (_, Some(a)) => Some(a),
        (_, None) => return Ok(vec![]),
    };
    Ok(store::staff_list(&mut *state.db.conn().await?, agency).await?)
}

/// Everyone registered and waiting for an event this staff member manages, with their names.
pub async fn attendees(state: &AppState, e: &Event) -> Result<Vec<(Registration, String)>, AppError> {
    Ok(store::attendees(&mut *state.db.conn().await?, e.id).await?)
}

/// Upcoming events (not over yet), soonest first, of one kind when given.
pub async fn upcoming(state: &AppState, kind: Option<&str>) -> Result<Vec<Event>, AppError> {
    Ok(store::upcoming(&mut *state.db.conn().await?, db::now(), kind).await?)
}

/// An event as the public sees it (cancelled ones too, marked).
pub async fn public_one(state: &AppState, slug: &str) -> Result<Event, AppError> {
    store::by_slug(&mut *state.db.conn().await?, slug).await?.ok_or(AppError::NotFound)
}

/// Where a citizen stands for an event.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Standing {
    None,
    Registered,
    /// On the waiting list at this position (1 = next).
    Waiting(i64),
}

pub async fn standing(state: &AppState, user: &CurrentUser, e: &Event) -> Result<Standing, AppError> {
    let mut conn = state.db.conn().await?;
    Ok(match store::registration(&mut conn, e.id, user.id).await? {
        Some(r) if r.status == "registered" => Standing::Registered,
        Some(r) if r.status == "waiting" => Standing::Waiting(store::position(&mut conn, &r).await?),
        _ => Standing::None,
    })
}

/// Register a citizen: a seat when one is free, else a place on the waiting list. 409 when
/// registration is not open or they are registered or waiting already.
pub async fn register(state: &AppState, user: &CurrentUser, slug: &str) -> Result<Standing, AppError> {
    if user.role != Role::Citizen {
        return Err(AppError::Forbidden);
    }
    let e = public_one(state, slug).await?;
    let now = db::now();
    match window(&e, now) {
        Window::Open => {}
        Window::NotYet => return Err(AppError::Conflict { key: "error-event-not-open" }),
        Window::Closed => return Err(AppError::Conflict { key: "error-event-closed" }),
    }
    let (id, user_id) = (e.id, user.id);
    state
        .db
        .write(move |tx| {
            Box::pin(async move {
                let status = if store::take_seat(tx, id).await? { "registered" } else { "waiting" };
                if !store::upsert_registration(tx, id, user_id, status, now).await? {
                    // Rolled back with the seat it took.
                    return Err(AppError::Conflict { key: "error-event-already" });
                }
                Ok::<_, AppError>(())
            })
        })
        .await?;
    standing(state, user, &e).await
}

/// Give the first on the waiting list a seat if one is free, in the caller's transaction, and
/// queue their notice: whether someone was promoted.
async fn promote_next(tx: &mut Tx, event_id: i64, title: &str, slug: &str, now: i64) -> Result<bool, AppError> {
    // Another cancellation may promote the same person at once: try the next one then.
    for _ in 0..5 {
        let Some((reg_id, user_id)) = store::first_waiting(tx, event_id).await? else { return Ok(false) };
        if !store::take_seat(tx, event_id).await? {
            return Ok(false);
        }
        if store::set_status(tx, reg_id, "waiting", "registered", now).await? {
            let payload = json!({"code": slug, "title": title, "path": format!("/acara/{slug}")});
            crate::notify::service::queue(
                tx,
                "event_promoted",
                user_id,
                &payload,
                &format!("event-reg-{reg_id}:promoted:{now}"),
                now,
            )
            .await?;
            return Ok(true);
        }
        store::release_seat(tx, event_id).await?;
    }
    Ok(false)
}

/// Cancel a citizen's registration (or leave the waiting list). A freed seat goes to the first
/// on the waiting list in the same transaction, and they are notified.
pub async fn unregister(state: &AppState, user: &CurrentUser, slug: &str) -> Result<(), AppError> {
    if user.role != Role::Citizen {
        return Err(AppError::Forbidden);
    }
    let e = public_one(state, slug).await?;
    let now = db::now();
    if now >= e.starts_at {
        return Err(AppError::Conflict { key: "error-event-started" });
    }
    let r = store::registration(&mut *state.db.conn().await?, e.id, user.id).await?;
    let Some(r) = r.filter(|r| r.status != "cancelled") else { return Err(AppError::NotFound) };
    let (title, slug) = (e.title.clone(), e.slug.clone());
    let cancelled = e.cancelled_at.is_some();
    state
        .db
        .write(move |tx| {
            Box::pin(async move {
                if !store::set_status(tx, r.id, &r.status, "cancelled", now).await? {
                    return Err(AppError::Conflict { key: "error-event-changed" });
                }
                if r.status == "registered" {
                    store::release_seat(tx, r.event_id).await?;
                    if !cancelled {
                        promote_next(tx, r.event_id, &title, &slug, now).await?;
                    }
                }
                Ok::<_, AppError>(())
            })
        })
        .await
}

/// A citizen's events: (event, standing), the soonest first.
pub async fn mine(state: &AppState, user: &CurrentUser) -> Result<Vec<(Event, Standing)>, AppError> {
    let regs = store::mine(&mut *state.db.conn().await?, user.id).await?;
    let mut out = vec![];
    let mut conn = state.db.conn().await?;
    for r in regs {
        let Some(e) = store::by_id(&mut conn, r.event_id).await? else { continue };
        let s = if r.status == "registered" {
            Standing::Registered
        } else {
            Standing::Waiting(store::position(&mut conn, &r).await?)
        };
        out.push((e, s));
    }
    Ok(out)
}

/// The stable UID of an event in calendars.
pub fn uid(state: &AppState, e: &Event) -> String {
    let site = state.base_url();
    let host = url::Url::parse(&site)
        .ok()
        .and_then(|u| u.host_str().map(str::to_string))
        .unwrap_or_else(|| "satupintu".into());
    format!("acara-{}@{host}", e.id)
}

/// Events as an iCalendar feed (`name` for X-WR-CALNAME) or one event's file (`name` none).
pub async fn calendar(
    state: &AppState,
    events: &[Event],
    name: Option<&str>,
    lang: crate::web::Lang,
) -> Result<String, AppError> {
    use super::ics::{Calendar, VEvent};
    let site = state.base_url();
    let mut texts = vec![];
    for e in events {
        let agency = crate::announcements::service::agency_name(state, &e.agency_id, lang).await?;
        texts.push((
            uid(state, e),
            format!("{}, {}", e.place_name, e.place_address),
            format!("{}\n\n{agency}", e.description),
            format!("{site}/acara/{}", e.slug),
        ));
    }
    let cal = Calendar {
        prodid: "-//SatuPintu//Acara//ID",
        name,
        method: if name.is_some() { None } else { Some("PUBLISH") },
        events: events
            .iter()
            .zip(&texts)
            .map(|(e, (uid, location, description, url))| VEvent {
                uid,
                stamp: e.updated_at,
                starts_at: e.starts_at,
                ends_at: e.ends_at,
                summary: &e.title,
                location,
                description,
                url: Some(url),
                geo: e.lat_e6.zip(e.lon_e6).map(|(a, b)| (model::from_e6(a), model::from_e6(b))),
                cancelled: e.cancelled_at.is_some(),
                alarm: None,
            })
            .collect(),
    };
    Ok(cal.encode())
}
