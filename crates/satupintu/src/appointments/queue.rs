//! The day's queue at a location: check-in of bookings, walk-in tickets with priority, calling
//! at counters, the display board, each ticket's estimated wait, and the statistics.

use std::collections::BTreeMap;

use serde::Serialize;
use utoipa::ToSchema;

use super::model::{self, rules};
use super::store::{self, Counter, LocationRow};
use super::tickets::{self, NewTicket, Ticket};
use crate::app::AppState;
use crate::catalog::service::Snapshot;
use crate::db;
use crate::identity::CurrentUser;
use crate::web::{AppError, FieldError};

fn field(name: &str, key: &'static str) -> AppError {
    AppError::Validation(vec![FieldError::new(name, key)])
}

fn prefix_of(loc: &LocationRow, service_id: &str) -> Option<String> {
    loc.def.services.iter().find(|s| s.service == service_id).map(|s| s.prefix.clone())
}

async fn issue(
    state: &AppState,
    loc: &LocationRow,
    service_id: &str,
    priority: Option<String>,
    booking: Option<(i64, i64)>,
) -> Result<Ticket, AppError> {
    let prefix = prefix_of(loc, service_id).ok_or_else(|| field("service_id", "field-service-unknown"))?;
    let now = db::now();
    let date = super::service::today(state).to_string();
    let token = crate::identity::random_token();
    let (location_id, service_id, t) = (loc.id.clone(), service_id.to_string(), token.clone());
    state
        .db
        .write(move |tx| {
            Box::pin(async move {
                if let Some((booking_id, _)) = booking {
                    if !store::set_status(tx, booking_id, "booked", "checked_in", now).await? {
                        return Err(AppError::Conflict { key: "error-booking-closed" });
                    }
                }
                let n = tickets::next_number(tx, &location_id, &date, &prefix).await?;
                let number = model::ticket_number(&prefix, n);
                let new = NewTicket {
                    location_id: &location_id,
                    service_id: &service_id,
                    date: &date,
                    number: &number,
                    priority_reason: priority.as_deref(),
                    booking_id: booking.map(|b| b.0),
                    token: &t,
                    rank_at: booking.map(|b| b.1).unwrap_or(now),
                    now,
                };
                tickets::insert(tx, &new).await?;
                Ok::<_, AppError>(())
            })
        })
        .await?;
    tickets::by_token(&mut *state.db.conn().await?, &token).await?.ok_or(AppError::NotFound)
}

/// Check in a booking at the location's kiosk (from an hour before its slot to 30 minutes
/// after its start): it becomes a ticket ranked at its slot time.
pub async fn check_in(state: &AppState, loc: &LocationRow, code: &str) -> Result<Ticket, AppError> {
    let code = code.trim().to_uppercase();
    let mut conn = state.db.conn().await?;
    let b = store::booking_by_code(&mut conn, &code).await?.ok_or_else(|| field("code", "field-booking-unknown"))?;
    if b.location_id != loc.id {
        return Err(field("code", "field-booking-elsewhere"));
    }
    if b.status == "checked_in" {
        if let Some(t) = tickets::by_booking(&mut conn, b.id).await? {
            return Ok(t);
        }
    }
    let now = db::now();
    if b.status != "booked" || now < b.starts_at - rules::CHECK_IN_EARLY || now > b.starts_at + rules::CHECK_IN_LATE {
        return Err(field("code", "field-checkin-time"));
    }
    drop(conn);
    issue(state, loc, &b.service_id, None, Some((b.id, b.starts_at))).await
}

/// A walk-in ticket; the elderly, pregnant women and people with disabilities go first.
pub async fn walk_in(
    state: &AppState,
    loc: &LocationRow,
    service_id: &str,
    priority: &str,
) -> Result<Ticket, AppError> {
    let priority = match priority.trim() {
        "" => None,
        p if model::PRIORITIES.contains(&p) => Some(p.to_string()),
        _ => return Err(field("priority", "field-invalid")),
    };
    let now = db::now();
    let offset = super::service::offset(state);
    let today = super::service::today(state);
    let holidays = state.holidays.get(&state.db).await?;
    let location = loc.location();
    let closures = store::closures(&mut *state.db.conn().await?, &loc.id, &today.to_string()).await?;
    let closed = closures.first().is_some_and(|(d, _)| *d == today.to_string());
    // From an hour before opening until closing time.
    let hours = location.week[model::weekday_index(today)].as_ref();
    let in_hours = hours.is_some_and(|h| {
        now >= model::local_instant(today, h.open, offset) - rules::CHECK_IN_EARLY
            && now < model::local_instant(today, h.close, offset)
    });
    if !location.opens_on(today, holidays.is_holiday(today), closed) || !in_hours {
        return Err(AppError::Conflict { key: "error-location-closed" });
    }
    issue(state, loc, service_id, priority, None).await
}

/// Where a ticket stands.
#[derive(Serialize, ToSchema)]
pub struct TicketStatus {
    pub ticket: Ticket,
    /// People before it in its service's queue.
    pub ahead: i64,
    /// Estimated minutes until it is called.
    pub wait_minutes: i64,
}

pub async fn status(state: &AppState, token: &str) -> Result<TicketStatus, AppError> {
    let mut conn = state.db.conn().await?;
    let ticket = tickets::by_token(&mut conn, token).await?.ok_or(AppError::NotFound)?;
    let (ahead, wait) = if ticket.status == "waiting" {
        let open = tickets::open(&mut conn, &ticket.location_id, &ticket.date).await?;
        let me = ticket.entry();
        let ahead = open
            .iter()
            .filter(|t| t.status == "waiting" && t.service_id == ticket.service_id)
            .filter(|t| model::queue_order(&t.entry(), &me).is_lt())
            .count() as i64;
        let (median, counters) = tickets::pace(&mut conn, &ticket.location_id, &ticket.service_id, db::now()).await?;
        (ahead, model::estimated_wait(ahead, counters, median))
    } else {
        (0, 0)
    };
    Ok(TicketStatus { ticket, ahead, wait_minutes: (wait + 59) / 60 })
}

/// The display board of a location.
#[derive(Serialize, ToSchema)]
pub struct Board {
    pub location_id: String,
    pub location_name: String,
    /// The tickets at counters now, the latest call first.
    pub serving: Vec<Ticket>,
    /// The latest calls (also finished ones), newest first.
    pub recent: Vec<Ticket>,
    /// Waiting tickets per service.
    pub waiting: BTreeMap<String, i64>,
    /// Unix seconds when this board was read.
    pub at: i64,
}

pub async fn board(state: &AppState, loc: &LocationRow) -> Result<Board, AppError> {
    let date = super::service::today(state).to_string();
    let mut conn = state.db.conn().await?;
    let open = tickets::open(&mut conn, &loc.id, &date).await?;
    let recent = tickets::recent_calls(&mut conn, &loc.id, &date, 6).await?;
    let mut waiting = BTreeMap::new();
    for t in open.iter().filter(|t| t.status == "waiting") {
        *waiting.entry(t.service_id.clone()).or_insert(0) += 1;
    }
    let mut serving: Vec<Ticket> = open.into_iter().filter(|t| t.status == "called").collect();
    serving.sort_by_key(|t| std::cmp::Reverse(t.called_at));
    Ok(Board { location_id: loc.id.clone(), location_name: loc.name.clone(), serving, recent, waiting, at: db::now() })
}

/// Whether the officer may work at a counter: one of its services is their agency's (or the
/// location is).
fn works_at(snap: &Snapshot, user: &CurrentUser, loc: &LocationRow, c: &Counter) -> bool {
    c.services.iter().any(|s| super::service::serves_at(snap, user, loc, s))
}

/// A counter the officer may work at.
pub async fn counter_for(
    state: &AppState,
    user: &CurrentUser,
    loc: &LocationRow,
    counter_id: i64,
) -> Result<Counter, AppError> {
    let counters = store::counters(&mut *state.db.conn().await?, &loc.id).await?;
    let c = counters.into_iter().find(|c| c.id == counter_id).ok_or(AppError::NotFound)?;
    let snap = crate::catalog::service::snapshot(state).await?;
    if works_at(&snap, user, loc, &c) {
        Ok(c)
    } else {
        Err(AppError::Forbidden)
    }
}

/// Locations where the officer can work a counter.
pub async fn locations_for(state: &AppState, user: &CurrentUser) -> Result<Vec<(LocationRow, Vec<Counter>)>, AppError> {
    let snap = crate::catalog::service::snapshot(state).await?;
    let mut conn = state.db.conn().await?;
    let mut out = vec![];
    for loc in store::locations(&mut conn).await? {
        let mut mine = store::counters(&mut conn, &loc.id).await?;
        mine.retain(|c| works_at(&snap, user, &loc, c));
        if !mine.is_empty() {
            out.push((loc, mine));
        }
    }
    Ok(out)
}

/// What a counter does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CounterAction {
    /// Finish the current ticket (if any) and call the next one.
    Next,
    /// Call the current ticket again.
    Recall,
    /// The current ticket was served.
    Done,
    /// The current ticket did not come.
    Missed,
}

impl CounterAction {
    pub fn parse(s: &str) -> Option<CounterAction> {
        Some(match s {
            "next" => CounterAction::Next,
            "recall" => CounterAction::Recall,
            "done" => CounterAction::Done,
            "missed" => CounterAction::Missed,
            _ => return None,
        })
    }
}

/// Act at a counter; returns the ticket now at the counter, if any.
pub async fn act(
    state: &AppState,
    user: &CurrentUser,
    loc: &LocationRow,
    counter_id: i64,
    action: CounterAction,
) -> Result<Option<Ticket>, AppError> {
    let counter = counter_for(state, user, loc, counter_id).await?;
    let date = super::service::today(state).to_string();
    let now = db::now();
    let officer = user.id;
    let location_id = loc.id.clone();
    let day = date.clone();
    state
        .db
        .write(move |tx| {
            Box::pin(async move {
                if action == CounterAction::Recall {
                    if !tickets::recall(tx, counter.id).await? {
                        return Err(AppError::Conflict { key: "error-counter-idle" });
                    }
                    return Ok(());
                }
                let outcome = if action == CounterAction::Missed { "missed" } else { "done" };
                if let Some(booking) = tickets::close_at_counter(tx, counter.id, outcome, now).await? {
                    if outcome == "done" {
                        store::mark_served(tx, booking, now).await?;
                    } else {
                        store::set_status(tx, booking, "checked_in", "no_show", now).await?;
                    }
                }
                if action != CounterAction::Next {
                    return Ok(());
                }
                // The first waiting ticket of the counter's services; another counter may
                // take it at the same moment, then try the next.
                let mut waiting = tickets::open(tx, &location_id, &day).await?;
                waiting.retain(|t| t.status == "waiting" && counter.services.contains(&t.service_id));
                for t in waiting {
                    if tickets::call(tx, t.id, counter.id, officer, now).await? {
                        return Ok(());
                    }
                }
                Err(AppError::Conflict { key: "error-queue-empty" })
            })
        })
        .await?;
    Ok(tickets::at_counter(&mut *state.db.conn().await?, counter_id, &date).await?)
}

/// Figures of one service (or the whole location) over a period.
#[derive(Serialize, ToSchema, Default, Clone)]
pub struct Figures {
    pub tickets: i64,
    pub served: i64,
    pub missed: i64,
    pub booked: i64,
    /// Average minutes from ticket to call.
    pub avg_wait_min: f64,
    /// Average minutes at the counter.
    pub avg_service_min: f64,
}

#[derive(Serialize, ToSchema)]
pub struct Stats {
    pub location_id: String,
    pub from: String,
    pub to: String,
    pub total: Figures,
    pub by_service: BTreeMap<String, Figures>,
    /// Local hour (0-23) to figures.
    pub by_hour: BTreeMap<i64, Figures>,
    /// Weekday (1 = Monday) to figures.
    pub by_weekday: BTreeMap<i64, Figures>,
    /// Bookings that were not kept.
    pub no_shows: i64,
}

#[derive(Default)]
struct Acc {
    f: Figures,
    wait: (i64, i64),
    service: (i64, i64),
}

impl Acc {
    fn add(&mut self, t: &tickets::Served) {
        self.f.tickets += 1;
        self.f.booked += i64::from(t.booked);
        match t.status.as_str() {
            "done" => self.f.served += 1,
            "missed" => self.f.missed += 1,
            _ => {}
        }
        if let Some(c) = t.called_at {
            self.wait.0 += (c - t.issued_at).max(0);
            self.wait.1 += 1;
            if let (Some(d), "done") = (t.done_at, t.status.as_str()) {
                self.service.0 += (d - c).max(0);
                self.service.1 += 1;
            }
        }
    }

    fn figures(self) -> Figures {
        let avg =
            |(sum, n): (i64, i64)| if n == 0 { 0.0 } else { (sum as f64 / n as f64 / 60.0 * 10.0).round() / 10.0 };
        Figures { avg_wait_min: avg(self.wait), avg_service_min: avg(self.service), ..self.f }
    }
}

fn finish<K: Ord>(m: BTreeMap<K, Acc>) -> BTreeMap<K, Figures> {
    m.into_iter().map(|(k, a)| (k, a.figures())).collect()
}

/// Statistics of a location between two local dates (inclusive).
pub async fn stats(state: &AppState, loc: &LocationRow, from: time::Date, to: time::Date) -> Result<Stats, AppError> {
    let offset = super::service::offset(state);
    let start = model::local_instant(from, 0, offset);
    let end = model::local_instant(to, 24 * 60, offset);
    let mut conn = state.db.conn().await?;
    let rows = tickets::history(&mut conn, &loc.id, start, end).await?;
    let no_shows = store::no_shows_at(&mut conn, &loc.id, start, end).await?;
    let (mut total, mut by_service, mut by_hour, mut by_weekday) =
        (Acc::default(), BTreeMap::<String, Acc>::new(), BTreeMap::<i64, Acc>::new(), BTreeMap::<i64, Acc>::new());
    for t in &rows {
        let local = t.issued_at + i64::from(offset) * 3600;
        let hour = local.rem_euclid(86_400) / 3600;
        // 1970-01-01 was a Thursday (4).
        let weekday = (local.div_euclid(86_400) + 3).rem_euclid(7) + 1;
        total.add(t);
        by_service.entry(t.service_id.clone()).or_default().add(t);
        by_hour.entry(hour).or_default().add(t);
        by_weekday.entry(weekday).or_default().add(t);
    }

    Ok(Stats {
        location_id: loc.id.clone(),
        from: from.to_string(),
        to: to.to_string(),
        total: total.figures(),
        by_service: finish(by_service),
        by_hour: finish(by_hour),
        by_weekday: finish(by_weekday),
        no_shows,
    })
}
