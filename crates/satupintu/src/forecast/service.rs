//! Forecast rules: [`refresh`] rebuilds every series' weekly counts (applications per service;
//! queue tickets per location and service; counts from before the platform added) and its
//! forecast, in one transaction; readers see only the series of their own agency, except the
//! super admin and the auditor, who see all.

use std::collections::BTreeMap;

use serde::Serialize;
use time::{Date, Duration};
use utoipa::ToSchema;

use super::model::{self, Outcome, HORIZON};
use super::seasons::week_start;
use super::store::{self, Stored};
use crate::app::AppState;
use crate::db::{self, Db};
use crate::identity::{CurrentUser, Role};
use crate::web::AppError;

/// Applications of a service (agency-wide).
pub const APPLICATIONS: &str = "applications";
/// Queue tickets of a service at a location.
pub const TICKETS: &str = "tickets";
/// History used at most (five years of weeks).
const MAX_WEEKS: usize = 5 * 52;

/// A series' forecast as stored.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct SeriesForecast {
    /// `applications` or `tickets`.
    pub kind: String,
    pub service_id: String,
    /// The queue location (empty for applications).
    pub location_id: String,
    pub agency_id: Option<String>,
    /// When it was computed (unix seconds).
    pub computed_at: i64,
    #[serde(flatten)]
    pub outcome: Outcome,
}

impl SeriesForecast {
    fn from_stored(s: Stored) -> Option<SeriesForecast> {
        let outcome: Outcome = serde_json::from_str(&s.data_json).ok()?;
        Some(SeriesForecast {
            kind: s.kind,
            service_id: s.service_id,
            location_id: s.location_id,
            agency_id: s.agency_id,
            computed_at: s.computed_at,
            outcome,
        })
    }
}

/// What a refresh did.
#[derive(Debug, Default, Serialize)]
pub struct Refreshed {
    pub series: usize,
}

#[derive(Default)]
struct Weekly {
    agency: Option<String>,
    weeks: BTreeMap<Date, i64>,
}

/// A series ready to forecast: (kind, service, location), its agency, its first week and counts.
struct Input {
    key: (String, String, String),
    agency: Option<String>,
    start: Date,
    counts: Vec<i64>,
}

fn day_to_date(day: i64) -> Option<Date> {
    Date::from_julian_day(i32::try_from(day + 2_440_588).ok()?).ok()
}

/// Recompute every forecast from the counts up to the last complete week before `now`.
pub async fn refresh(state: &AppState, now: i64) -> Result<Refreshed, AppError> {
    let offset = state.config.utc_offset_hours().unwrap_or(7);
    let this_week = week_start(crate::calendar::local_date(now, offset));
    let snap = crate::catalog::service::snapshot(state).await?;
    let mut conn = state.db.conn().await?;
    let holidays = crate::calendar::load(&mut conn).await?;
    let mut series: BTreeMap<(String, String, String), Weekly> = BTreeMap::new();
    let service_agency = |id: &str| snap.service(id).map(|s| s.service.agency.clone());
    for (service, agency, day, n) in store::application_days(&mut conn, i64::from(offset) * 3600).await? {
        let Some(d) = day_to_date(day) else { continue };
        let s = series.entry((APPLICATIONS.into(), service, String::new())).or_default();
        s.agency = Some(agency);
        *s.weeks.entry(week_start(d)).or_default() += n;
    }
    for (location, service, date, n) in store::ticket_days(&mut conn).await? {
        let Some(d) = crate::calendar::parse_date(&date) else { continue };
        let agency = service_agency(&service);
        let s = series.entry((TICKETS.into(), service, location)).or_default();
        s.agency = s.agency.take().or(agency);
        *s.weeks.entry(week_start(d)).or_default() += n;
    }
    for w in store::earlier_weeks(&mut conn).await? {
        let Some(d) = crate::calendar::parse_date(&w.week) else { continue };
        let agency = service_agency(&w.service_id);
        let s = series.entry((w.kind, w.service_id, w.location_id)).or_default();
        s.agency = s.agency.take().or(agency);
        *s.weeks.entry(week_start(d)).or_default() += w.count;
    }
    drop(conn);
    // Complete weeks only: the current week is still filling.
    let last = this_week - Duration::weeks(1);
    let inputs: Vec<Input> = series
        .into_iter()
        .filter_map(|(key, w)| {
            let first = *w.weeks.keys().find(|d| **d <= last)?;
            let n = ((last - first).whole_weeks() + 1) as usize;
            let skip = n.saturating_sub(MAX_WEEKS);
            let start = first + Duration::weeks(skip as i64);
            let counts: Vec<i64> = (0..n - skip)
                .map(|i| w.weeks.get(&(start + Duration::weeks(i as i64))).copied().unwrap_or(0))
                .collect();
            (counts.len() >= 4 && counts.iter().sum::<i64>() > 0).then_some(Input {
                key,
                agency: w.agency,
                start,
                counts,
            })
        })
        .collect();
    // Fitting is arithmetic that takes a while: off the request threads.
    let rows = tokio::task::spawn_blocking(move || {
        inputs
            .into_iter()
            .map(|Input { key: (kind, service_id, location_id), agency, start, counts }| {
                let outcome = model::run(start, &counts, &|d| holidays.is_holiday(d), HORIZON);
                let key = format!("{kind}:{location_id}:{service_id}");
                let data_json = serde_json::to_string(&outcome).unwrap_or_else(|_| "{}".into());
                (key, Stored { kind, service_id, location_id, agency_id: agency, data_json, computed_at: now })
            })
            .collect::<Vec<_>>()
    })
    .await
    .map_err(|e| AppError::Internal(e.into()))?;
    let count = rows.len();
    state.db.write(move |tx| Box::pin(async move { store::replace_all(tx, &rows).await })).await?;
    Ok(Refreshed { series: count })
}

/// The agency whose statistics `user` sees (`None`: every agency): staff their own agency's,
/// the super admin and auditors all (also used by hotspots).
pub fn agency_scope(user: &CurrentUser) -> Result<Option<String>, AppError> {
    match user.role {
        Role::SuperAdmin | Role::Auditor => Ok(None),
        Role::Officer | Role::Supervisor | Role::AgencyAdmin | Role::Treasurer => {
            user.agency_id.clone().map(Some).ok_or(AppError::Forbidden)
        }
        Role::Citizen => Err(AppError::Forbidden),
    }
}

/// The forecasts `user` may see.
pub async fn visible(db: &Db, user: &CurrentUser) -> Result<Vec<SeriesForecast>, AppError> {
    let agency = agency_scope(user)?;
    let rows = store::list(&mut *db.conn().await?, agency.as_deref()).await?;
    Ok(rows.into_iter().filter_map(SeriesForecast::from_stored).collect())
}

/// Add weekly counts from before the platform (the demo's history; an agency's earlier records).
pub async fn add_earlier_weeks(db: &Db, weeks: Vec<store::EarlierWeek>) -> Result<(), AppError> {
    db.write(move |tx| {
        Box::pin(async move {
            for w in &weeks {
                store::put_earlier_week(tx, w).await?;
            }
            Ok::<_, AppError>(())
        })
    })
    .await
}

/// Recompute every day, until the process ends (first a minute after start).
pub fn spawn(state: AppState) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        tokio::time::sleep(std::time::Duration::from_secs(60)).await;
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(24 * 3600));
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            if let Some(r) = crate::db::jobs::run_logged(&state.db, "forecast", refresh(&state, db::now())).await {
                tracing::info!(series = r.series, "forecasts recomputed");
            }
        }
    })
}
