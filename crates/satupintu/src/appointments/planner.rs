//! Importing locations and planning their slots: every location's counter slots and every
//! practitioner's slots for the days ahead, around national holidays and the location's own
//! closures. Planning is idempotent (slots that exist are kept with their bookings).

use std::collections::HashMap;

use super::model::{self, Location};
use super::store;
use crate::app::AppState;
use crate::db;
use crate::identity::{CurrentUser, Role};
use crate::web::{AppError, FieldError};

/// What an import did.
#[derive(Debug, Default, serde::Serialize, utoipa::ToSchema)]
#[schema(as = LocationImportReport)]
pub struct ImportReport {
    pub locations: usize,
    pub slots_added: u64,
}

/// Import a `satupintu.locations/v1` document: all or nothing. Agency admins import only
/// locations of their own agency (and only their agency's services); platform admins any.
pub async fn import(state: &AppState, text: &str, actor: Option<&CurrentUser>) -> Result<ImportReport, AppError> {
    let snap = crate::catalog::service::snapshot(state).await?;
    let services: HashMap<String, String> =
        snap.services.iter().map(|s| (s.service.id.clone(), s.service.agency.clone())).collect();
    let locations = model::parse_doc(text, &services).map_err(AppError::Validation)?;
    if let Some(u) = actor {
        let own = |l: &Location| u.role == Role::SuperAdmin || (l.def.agency.is_some() && l.def.agency == u.agency_id);
        if !(u.role == Role::SuperAdmin || u.role == Role::AgencyAdmin) || !locations.iter().all(own) {
            return Err(AppError::Forbidden);
        }
    }
    let now = db::now();
    let saved = locations.clone();
    state
        .db
        .write(move |tx| {
            Box::pin(async move {
                for l in &saved {
                    store::save_location(tx, l, &crate::identity::random_token(), now).await?;
                    store::align_future_slots(tx, l, now).await?;
                }
                Ok::<_, AppError>(())
            })
        })
        .await?;
    let mut report = ImportReport { locations: locations.len(), slots_added: 0 };
    for l in &locations {
        report.slots_added += plan_location(state, l).await?;
    }
    Ok(report)
}

/// Plan the counter slots of one location for its horizon.
pub async fn plan_location(state: &AppState, loc: &Location) -> Result<u64, AppError> {
    let holidays = state.holidays.get(&state.db).await?;
    let today = super::service::today(state);
    let closures = store::closures(&mut *state.db.conn().await?, &loc.def.id, &today.to_string()).await?;
    let closed =
        |d: time::Date| !loc.opens_on(d, holidays.is_holiday(d), closures.iter().any(|(c, _)| *c == d.to_string()));
    let planned: Vec<model::Planned> =
        model::dates(today, loc.def.horizon_days).flat_map(|d| model::plan_location(loc, d, closed(d))).collect();
    insert(state, planned).await
}

async fn insert(state: &AppState, planned: Vec<model::Planned>) -> Result<u64, AppError> {
    if planned.is_empty() {
        return Ok(0);
    }
    let offset = super::service::offset(state);
    state
        .db
        .write(move |tx| Box::pin(async move { Ok::<_, AppError>(store::insert_slots(tx, &planned, offset).await?) }))
        .await
}

/// Plan every location and every practitioner's schedule.
pub async fn plan_all(state: &AppState) -> anyhow::Result<()> {
    let locations = store::locations(&mut *state.db.conn().await?).await?;
    let mut horizon = HashMap::new();
    for row in &locations {
        let loc = row.location();
        horizon.insert(row.id.clone(), loc.def.horizon_days);
        plan_location(state, &loc).await.map_err(|e| anyhow::anyhow!("{e}"))?;
    }
    let schedules = store::schedules(&mut *state.db.conn().await?).await?;
    let holidays = state.holidays.get(&state.db).await?;
    let today = super::service::today(state);
    let planned: Vec<model::Planned> = schedules
        .iter()
        .flat_map(|s| {
            let days = horizon.get(&s.location_id).copied().unwrap_or(14);
            model::dates(today, days)
                .flat_map(|d| model::plan_schedule(s, d, holidays.is_holiday(d)))
                .collect::<Vec<_>>()
        })
        .collect();
    insert(state, planned).await.map_err(|e| anyhow::anyhow!("{e}"))?;
    Ok(())
}

/// Close a location on a day from today on (its slots close); an agency admin only their own
/// agency's locations.
pub async fn close_day(
    state: &AppState,
    user: &CurrentUser,
    location_id: &str,
    date: &str,
    reason: &str,
) -> Result<(), AppError> {
    let mut errs = vec![];
    let loc = store::location(&mut *state.db.conn().await?, location_id).await?;
    let loc = loc.filter(|l| user.role == Role::SuperAdmin || (l.agency_id.is_some() && l.agency_id == user.agency_id));
    if loc.is_none() {
        errs.push(FieldError::new("location_id", "field-required"));
    }
    let today = super::service::today(state);
    let day = model::day("date", date, today).ok().filter(|d| *d >= today && !date.trim().is_empty());
    if day.is_none() {
        errs.push(FieldError::new("date", "field-date"));
    }
    let reason = reason.trim().to_string();
    if reason.is_empty() || reason.len() > 200 {
        errs.push(FieldError::new("reason", "field-required"));
    }
    let (Some(loc), Some(day), true) = (loc, day, errs.is_empty()) else { return Err(AppError::Validation(errs)) };
    let (id, day) = (loc.id, day.to_string());
    state
        .db
        .write(move |tx| Box::pin(async move { Ok::<_, AppError>(store::add_closure(tx, &id, &day, &reason).await?) }))
        .await
}
