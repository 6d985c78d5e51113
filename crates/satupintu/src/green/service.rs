//! The rules of green services: the paperless figures (from submitted applications, issued
//! documents and reports, under each service's estimate), the admins' estimates, the pickup
//! windows of the environment agency and the citizens' pickup requests with their outcomes.
//! Every change is one transaction that also queues its notification.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;
use serde_json::json;
use utoipa::ToSchema;

use super::model::{self, Estimate, EstimateInput, OutcomeInput, PickupInput, Savings, WindowInput};
use super::store::{self, DayCount, Pickup, Window};
use crate::app::AppState;
use crate::db;
use crate::identity::{CurrentUser, Role};
use crate::web::i18n::Lang;
use crate::web::{AppError, FieldError};

/// The platform's time zone offset in hours.
pub fn offset(state: &AppState) -> i8 {
    state.config.utc_offset_hours().unwrap_or(7)
}

pub fn today(state: &AppState) -> time::Date {
    crate::calendar::local_date(db::now(), offset(state))
}

fn city(state: &AppState) -> &str {
    state.config.green_city.trim()
}

/// The kecamatan that can be pickup zones: (code, name).
pub fn zones(state: &AppState) -> Vec<(String, String)> {
    model::zones(city(state))
}

// ---------------------------------------------------------------------------------------
// Paperless figures.

/// One service's estimate and savings.
#[derive(Clone, Debug, Serialize, ToSchema)]
#[schema(as = GreenServiceFigure)]
pub struct ServiceFigure {
    pub service_id: String,
    pub name: String,
    pub agency_id: String,
    pub estimate: Estimate,
    /// The default estimate (from the catalogue), shown beside an agency's own.
    pub default_pages: i64,
    pub savings: Savings,
}

/// One agency's savings (its services and the reports it handles).
#[derive(Clone, Debug, Serialize, ToSchema)]
#[schema(as = GreenAgencyFigure)]
pub struct AgencyFigure {
    pub agency_id: String,
    pub name: String,
    pub savings: Savings,
}

/// One month's savings (`YYYY-MM`, local time).
#[derive(Clone, Debug, Serialize, ToSchema)]
#[schema(as = GreenMonthFigure)]
pub struct MonthFigure {
    pub month: String,
    pub savings: Savings,
}

/// The factors the figures are derived with.
#[derive(Clone, Debug, Serialize, ToSchema)]
#[schema(as = GreenFactors)]
pub struct Factors {
    pub grams_per_page: i64,
    pub km_per_trip: i64,
    pub motorbike_g_co2e_per_km: i64,
    pub paper_g_co2e_per_kg: i64,
    pub copies_per_requirement: i64,
    pub default_trips: i64,
}

pub const FACTORS: Factors = Factors {
    grams_per_page: model::GRAMS_PER_PAGE,
    km_per_trip: model::KM_PER_TRIP,
    motorbike_g_co2e_per_km: model::MOTORBIKE_G_PER_KM,
    paper_g_co2e_per_kg: model::PAPER_G_PER_KG,
    copies_per_requirement: model::COPIES_PER_REQUIREMENT,
    default_trips: model::DEFAULT_TRIPS,
};

/// The paperless figures: totals, per agency, per service, per month.
#[derive(Clone, Debug, Serialize, ToSchema)]
#[schema(as = GreenPaperless)]
pub struct Paperless {
    /// The month the figures are limited to (`YYYY-MM`), if any.
    pub month: Option<String>,
    pub total: Savings,
    /// Agencies with any saving, most pages first.
    pub agencies: Vec<AgencyFigure>,
    /// Every catalogue service with its estimate, most pages first.
    pub services: Vec<ServiceFigure>,
    /// Months, oldest first.
    pub months: Vec<MonthFigure>,
    pub factors: Factors,
}

/// Every catalogue service's estimate in force: (service id, name, agency, estimate, default pages).
pub async fn estimates(state: &AppState, lang: Lang) -> Result<Vec<(String, String, String, Estimate, i64)>, AppError> {
    let snap = crate::catalog::service::snapshot(state).await?;
    let custom = store::estimates(&mut *state.db.conn().await?).await?;
    Ok(snap
        .services
        .iter()
        .map(|r| {
            let s = &r.service;
            let default = model::default_pages(s.requirements.len(), s.form.len());
            let estimate = match custom.get(&s.id) {
                Some(&(pages, trips)) => Estimate { pages, trips, custom: true },
                None => Estimate { pages: default, trips: model::DEFAULT_TRIPS, custom: false },
            };
            (s.id.clone(), s.name.get(lang).to_string(), s.agency.clone(), estimate, default)
        })
        .collect())
}

/// `YYYY-MM` of a local day number.
fn month_of(day: i64) -> String {
    let d = time::Date::from_julian_day(2_440_588 + i32::try_from(day).unwrap_or(0)).unwrap_or(time::Date::MIN);
    format!("{:04}-{:02}", d.year(), u8::from(d.month()))
}

/// Check a `YYYY-MM` month filter (empty: none).
pub fn parse_month(text: &str) -> Result<Option<String>, AppError> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    match crate::calendar::parse_date(&format!("{t}-01")) {
        Some(d) if t.len() == 7 => Ok(Some(format!("{:04}-{:02}", d.year(), u8::from(d.month())))),
        _ => Err(AppError::Validation(vec![FieldError::new("month", "field-green-month")])),
    }
}

/// The paperless figures from the stored applications, documents and reports, limited to a
/// month and/or an agency when given.
pub async fn paperless(
    state: &AppState,
    lang: Lang,
    month: Option<&str>,
    agency: Option<&str>,
) -> Result<Paperless, AppError> {
    let snap = crate::catalog::service::snapshot(state).await?;
    let est = estimates(state, lang).await?;
    let offset_secs = i64::from(offset(state)) * 3600;
    let (apps, docs, reports) = {
        let mut conn = state.db.conn().await?;
        (
            store::applications(&mut conn, offset_secs).await?,
            store::documents(&mut conn, offset_secs).await?,
            store::reports(&mut conn, offset_secs).await?,
        )
    };
    let keep = |c: &DayCount| month.is_none_or(|m| month_of(c.day) == m) && agency.is_none_or(|a| c.agency_id == a);
    // (service, month) -> (online, counter, documents)
    let mut per: BTreeMap<(String, String), (i64, i64, i64)> = BTreeMap::new();
    for c in apps.iter().filter(|c| keep(c)) {
        let e = per.entry((c.service_id.clone(), month_of(c.day))).or_default();
        if c.online {
            e.0 += c.count;
        } else {
            e.1 += c.count;
        }
    }
    for c in docs.iter().filter(|c| keep(c)) {
        per.entry((c.service_id.clone(), month_of(c.day))).or_default().2 += c.count;
    }
    let by_id: HashMap<&str, &(String, String, String, Estimate, i64)> =
        est.iter().map(|e| (e.0.as_str(), e)).collect();
    let mut services: BTreeMap<String, ServiceFigure> = est
        .iter()
        .filter(|e| agency.is_none_or(|a| e.2 == a))
        .map(|(id, name, agency_id, estimate, default_pages)| {
            let f = ServiceFigure {
                service_id: id.clone(),
                name: name.clone(),
                agency_id: agency_id.clone(),
                estimate: *estimate,
                default_pages: *default_pages,
                savings: Savings::default(),
            };
            (id.clone(), f)
        })
        .collect();
    let mut agencies: BTreeMap<String, Savings> = BTreeMap::new();
    let mut months: BTreeMap<String, Savings> = BTreeMap::new();
    let mut total = Savings::default();
    for ((service_id, m), (online, counter, documents)) in per {
        let Some(e) = by_id.get(service_id.as_str()) else { continue };
        let s = Savings::applications(online, counter, documents, e.3);
        if let Some(f) = services.get_mut(&service_id) {
            f.savings.add(&s);
        }
        agencies.entry(e.2.clone()).or_default().add(&s);
        months.entry(m).or_default().add(&s);
        total.add(&s);
    }
    for c in reports.iter().filter(|c| keep(c)) {
        let s = Savings::reports(c.count);
        agencies.entry(c.agency_id.clone()).or_default().add(&s);
        months.entry(month_of(c.day)).or_default().add(&s);
        total.add(&s);
    }
    let mut agencies: Vec<AgencyFigure> = agencies
        .into_iter()
        .map(|(id, savings)| {
            let name = snap.agency(&id).map(|a| a.name.get(lang).to_string()).unwrap_or_else(|| id.clone());
            AgencyFigure { agency_id: id, name, savings }
        })
        .collect();
    agencies.sort_by(|a, b| b.savings.pages.cmp(&a.savings.pages).then_with(|| a.name.cmp(&b.name)));
    let mut services: Vec<ServiceFigure> = services.into_values().collect();
    services.sort_by(|a, b| b.savings.pages.cmp(&a.savings.pages).then_with(|| a.name.cmp(&b.name)));
    Ok(Paperless {
        month: month.map(str::to_string),
        total,
        agencies,
        services,
        months: months.into_iter().map(|(month, savings)| MonthFigure { month, savings }).collect(),
        factors: FACTORS,
    })
}

/// The services whose estimates this admin may set (an agency admin its agency's, a platform
/// admin every one).
pub fn may_estimate(user: &CurrentUser, agency: &str) -> bool {
    crate::catalog::service::can_edit(user, agency)
}

/// One service's estimate as typed: the form's pages and trips.
pub struct EstimateEdit {
    pub service_id: String,
    pub input: EstimateInput,
}

/// Save estimates (all or nothing): a value equal to the default removes the agency's own.
/// Returns how many services changed.
pub async fn set_estimates(state: &AppState, user: &CurrentUser, edits: Vec<EstimateEdit>) -> Result<usize, AppError> {
    let current = estimates(state, Lang::Id).await?;
    let mut errs = vec![];
    let mut changes = vec![];
    for edit in &edits {
        let Some((_, _, agency, estimate, default)) = current.iter().find(|e| e.0 == edit.service_id) else {
            return Err(AppError::NotFound);
        };
        if !may_estimate(user, agency) {
            return Err(AppError::Forbidden);
        }
        match model::check_estimate(&edit.input, &format!("-{}", edit.service_id)) {
            Err(e) => errs.extend(e),
            Ok((pages, trips)) if (pages, trips) == (*default, model::DEFAULT_TRIPS) => {
                if estimate.custom {
                    changes.push((edit.service_id.clone(), None));
                }
            }
            Ok((pages, trips)) if (pages, trips) != (estimate.pages, estimate.trips) || !estimate.custom => {
                if (pages, trips) != (estimate.pages, estimate.trips) {
                    changes.push((edit.service_id.clone(), Some((pages, trips))));
                }
            }
            Ok(_) => {}
        }
    }
    if !errs.is_empty() {
        return Err(AppError::Validation(errs));
    }
    let n = changes.len();
    let now = db::now();
    state
        .db
        .write(move |tx| {
            Box::pin(async move {
                for (service_id, change) in &changes {
                    match change {
                        Some((pages, trips)) => store::set_estimate(tx, service_id, *pages, *trips, now).await?,
                        None => store::clear_estimate(tx, service_id).await?,
                    }
                }
                Ok::<_, AppError>(())
            })
        })
        .await?;
    Ok(n)
}

// ---------------------------------------------------------------------------------------
// Pickup windows.

/// The agency that runs the pickups, if this staff member may work its pickups (`admin`: plan
/// its windows): its staff (admins for planning), and platform admins.
pub fn pickup_agency(state: &AppState, user: &CurrentUser, admin: bool) -> Result<String, AppError> {
    let agency = state.config.green_pickup_agency.trim().to_string();
    let ok = match user.role {
        Role::SuperAdmin => true,
        Role::AgencyAdmin => user.agency_id.as_deref() == Some(agency.as_str()),
        Role::Officer | Role::Supervisor => !admin && user.agency_id.as_deref() == Some(agency.as_str()),
        _ => false,
    };
    if ok {
        Ok(agency)
    } else {
        Err(AppError::Forbidden)
    }
}

/// Add one window, or a weekly plan's windows (`plan`); windows the zone already has at that
/// date and time are skipped. Returns how many were added.
pub async fn add_windows(
    state: &AppState,
    user: &CurrentUser,
    input: &WindowInput,
    plan: bool,
) -> Result<usize, AppError> {
    let agency = pickup_agency(state, user, true)?;
    let today = today(state);
    let (spec, dates) = if plan {
        model::check_plan(input, city(state), today).map_err(AppError::Validation)?
    } else {
        let spec = model::check_window(input, city(state), today).map_err(AppError::Validation)?;
        let date = spec.date;
        (spec, vec![date])
    };
    let offset = offset(state);
    let now = db::now();
    let added = state
        .db
        .write(move |tx| {
            Box::pin(async move {
                let kinds = spec.kinds.join(",");
                let mut added = 0;
                for d in dates {
                    let date = d.to_string();
                    let w = store::NewWindow {
                        agency_id: &agency,
                        zone: &spec.zone,
                        date: &date,
                        start_min: spec.start_min,
                        end_min: spec.end_min,
                        starts_at: crate::appointments::model::local_instant(d, spec.start_min, offset),
                        ends_at: crate::appointments::model::local_instant(d, spec.end_min, offset),
                        capacity: spec.capacity,
                        kinds: &kinds,
                    };
                    if store::insert_window(tx, &w, now).await? {
                        added += 1;
                    }
                }
                Ok::<_, AppError>(added)
            })
        })
        .await?;
    Ok(added)
}

/// Windows with a free place ahead, in a zone (empty: all), taking a kind (empty: any).
pub async fn free_windows(state: &AppState, zone: &str, kind: &str) -> Result<Vec<Window>, AppError> {
    let rows = store::free_windows(&mut *state.db.conn().await?, zone.trim(), db::now(), 200).await?;
    Ok(rows.into_iter().filter(|w| kind.is_empty() || model::takes(&w.kinds, kind)).collect())
}

/// The coming windows of the pickup agency (for its admins' page).
pub async fn coming_windows(state: &AppState, user: &CurrentUser) -> Result<Vec<Window>, AppError> {
    let agency = pickup_agency(state, user, false)?;
    Ok(store::coming_windows(&mut *state.db.conn().await?, &agency, db::now(), 100).await?)
}

/// A local date and time span in words: `2026-12-04 07:00-10:00`.
pub fn when_text(date: &str, start_min: i64, end_min: i64) -> String {
    format!("{date} {}-{}", model::hhmm(start_min), model::hhmm(end_min))
}

// ---------------------------------------------------------------------------------------
// Pickup requests.

fn window_field(key: &'static str) -> AppError {
    AppError::Validation(vec![FieldError::new("window_id", key)])
}

/// The payload of a pickup notification: its code, window, zone and (when missed) the reason.
fn notice(code: &str, reason: Option<&str>, w: &Window) -> serde_json::Value {
    json!({
        "code": code,
        "when": when_text(&w.date, w.start_min, w.end_min),
        "place": model::zone_name(&w.zone),
        "reason": reason.unwrap_or_default(),
        "path": format!("/hijau/angkut-sampah/{code}"),
    })
}

/// A citizen requests a pickup in a window with a free place (taken in the same transaction:
/// of two requests for the last place exactly one succeeds, the other gets `error-window-full`).
pub async fn request(state: &AppState, user: &CurrentUser, input: &PickupInput) -> Result<Pickup, AppError> {
    if user.role != Role::Citizen {
        return Err(AppError::Forbidden);
    }
    crate::admin::service::require_feature(state, user, "green_pickup").await?;
    let spec = model::check_pickup(input, city(state)).map_err(AppError::Validation)?;
    let now = db::now();
    let mut conn = state.db.conn().await?;
    let w = store::window_by_id(&mut conn, spec.window_id).await?.ok_or_else(|| window_field("field-green-window"))?;
    if w.zone != spec.zone || !model::takes(&w.kinds, spec.kind) {
        return Err(window_field("field-green-window-other"));
    }
    if w.starts_at <= now {
        return Err(window_field("field-green-window"));
    }
    if store::active_count(&mut conn, user.id).await? >= model::MAX_ACTIVE {
        return Err(AppError::Conflict { key: "error-pickup-limit" });
    }
    drop(conn);
    let year = crate::calendar::local_date(now, offset(state)).year();
    let user_id = user.id;
    let id = state
        .db
        .write(move |tx| {
            Box::pin(async move {
                if !store::take_place(tx, w.id, now).await? {
                    return Err(AppError::Conflict { key: "error-window-full" });
                }
                let code = db::next_code(tx, &format!("AS-{year}")).await?;
                let id = store::insert_pickup(tx, &store::NewPickup { code: &code, user_id, spec: &spec, now }).await?;
                let key = format!("{code}:scheduled");
                crate::notify::service::queue(tx, "pickup_scheduled", user_id, &notice(&code, None, &w), &key, now)
                    .await?;
                Ok::<_, AppError>(id)
            })
        })
        .await?;
    reload(state, id).await
}

async fn reload(state: &AppState, id: i64) -> Result<Pickup, AppError> {
    store::pickup_by_id(&mut *state.db.conn().await?, id).await?.ok_or(AppError::NotFound)
}

/// A request its owner, or the pickup agency's staff, may read (404 for anyone else).
pub async fn pickup_for(state: &AppState, user: &CurrentUser, code: &str) -> Result<Pickup, AppError> {
    let p = store::pickup_by_code(&mut *state.db.conn().await?, code).await?.ok_or(AppError::NotFound)?;
    if p.user_id == user.id || (user.role.is_staff() && pickup_agency(state, user, false).is_ok()) {
        return Ok(p);
    }
    Err(AppError::NotFound)
}

pub async fn mine(state: &AppState, user: &CurrentUser) -> Result<Vec<Pickup>, AppError> {
    Ok(store::pickups_of_user(&mut *state.db.conn().await?, user.id).await?)
}

/// Whether the owner may still cancel (scheduled, before the window starts).
pub fn cancellable(p: &Pickup, now: i64) -> bool {
    p.status == "scheduled" && now < p.starts_at
}

/// The owner cancels a scheduled request before its window; the place is free again.
pub async fn cancel(state: &AppState, user: &CurrentUser, code: &str) -> Result<Pickup, AppError> {
    let p = pickup_for(state, user, code).await?;
    if p.user_id != user.id {
        return Err(AppError::Forbidden);
    }
    let now = db::now();
    if !cancellable(&p, now) {
        return Err(AppError::Conflict { key: "error-pickup-closed" });
    }
    let (id, window_id) = (p.id, p.window_id);
    state
        .db
        .write(move |tx| {
            Box::pin(async move {
                if !store::set_status(tx, id, "scheduled", "cancelled", None, now).await? {
                    return Err(AppError::Conflict { key: "error-pickup-closed" });
                }
                store::release_place(tx, window_id).await?;
                Ok::<_, AppError>(())
            })
        })
        .await?;
    reload(state, id).await
}

/// The pickup agency's staff mark a scheduled request picked up or missed (with a reason); the
/// citizen is notified.
pub async fn mark(state: &AppState, user: &CurrentUser, code: &str, input: &OutcomeInput) -> Result<Pickup, AppError> {
    pickup_agency(state, user, false)?;
    let p = pickup_for(state, user, code).await?;
    let (outcome, reason) = model::check_outcome(input).map_err(AppError::Validation)?;
    if p.status != "scheduled" {
        return Err(AppError::Conflict { key: "error-pickup-closed" });
    }
    let w = store::window_by_id(&mut *state.db.conn().await?, p.window_id).await?.ok_or(AppError::NotFound)?;
    let now = db::now();
    let mut marked = p.clone();
    marked.reason = reason.clone();
    state
        .db
        .write(move |tx| {
            Box::pin(async move {
                if !store::set_status(tx, marked.id, "scheduled", outcome, reason.as_deref(), now).await? {
                    return Err(AppError::Conflict { key: "error-pickup-closed" });
                }
                let kind = if outcome == "missed" { "pickup_missed" } else { "pickup_done" };
                let key = format!("{}:{outcome}", marked.code);
                crate::notify::service::queue(
                    tx,
                    kind,
                    marked.user_id,
                    &notice(&marked.code, marked.reason.as_deref(), &w),
                    &key,
                    now,
                )
                .await?;
                Ok::<_, AppError>(())
            })
        })
        .await?;
    reload(state, p.id).await
}

/// The pickup agency's staff move a scheduled request to another window of its zone with a free
/// place; the citizen is notified.
pub async fn reschedule(
    state: &AppState,
    user: &CurrentUser,
    code: &str,
    window: &serde_json::Value,
) -> Result<Pickup, AppError> {
    pickup_agency(state, user, false)?;
    let p = pickup_for(state, user, code).await?;
    let window_id = model::window_id(window).ok_or_else(|| window_field("field-green-window"))?;
    if p.status != "scheduled" {
        return Err(AppError::Conflict { key: "error-pickup-closed" });
    }
    if p.reschedules >= model::MAX_RESCHEDULES {
        return Err(AppError::Conflict { key: "error-pickup-reschedules" });
    }
    let w = store::window_by_id(&mut *state.db.conn().await?, window_id)
        .await?
        .ok_or_else(|| window_field("field-green-window"))?;
    if w.id == p.window_id || w.zone != p.zone || !model::takes(&w.kinds, &p.kind) {
        return Err(window_field("field-green-window-other"));
    }
    let now = db::now();
    let (id, old, moved) = (p.id, p.window_id, p.clone());
    state
        .db
        .write(move |tx| {
            Box::pin(async move {
                if !store::take_place(tx, w.id, now).await? {
                    return Err(AppError::Conflict { key: "error-window-full" });
                }
                if !store::move_pickup(tx, id, w.id, now).await? {
                    return Err(AppError::Conflict { key: "error-pickup-closed" });
                }
                store::release_place(tx, old).await?;
                let key = format!("{}:moved:{}", moved.code, w.id);
                crate::notify::service::queue(
                    tx,
                    "pickup_moved",
                    moved.user_id,
                    &notice(&moved.code, None, &w),
                    &key,
                    now,
                )
                .await?;
                Ok::<_, AppError>(())
            })
        })
        .await?;
    reload(state, id).await
}

/// The day's windows of the pickup agency (in a zone, or all) with their requests in route order.
pub async fn day(
    state: &AppState,
    user: &CurrentUser,
    date: time::Date,
    zone: &str,
) -> Result<Vec<(Window, Vec<Pickup>)>, AppError> {
    let agency = pickup_agency(state, user, false)?;
    let mut conn = state.db.conn().await?;
    let windows = store::windows_on(&mut conn, &agency, &date.to_string(), zone.trim()).await?;
    let ids: Vec<i64> = windows.iter().map(|w| w.id).collect();
    let pickups = store::pickups_of_windows(&mut conn, &ids).await?;
    Ok(windows
        .into_iter()
        .map(|w| {
            let list = pickups.iter().filter(|p| p.window_id == w.id).cloned().collect();
            (w, list)
        })
        .collect())
}
