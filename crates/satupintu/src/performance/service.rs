//! The rules: keeping the monthly rollups current (a background job that re-aggregates only the
//! months touched since its watermark, one process at a time), the dashboard figures read from
//! the rollups, the rankings, and the innovations register.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::Serialize;
use utoipa::ToSchema;

use super::model::{self, rules, Filter, Hist, RankInput, Ranked};
use super::store::{self, AppCounts, By, MonthRollup, Sel, ALL};
use crate::app::AppState;
use crate::identity::{CurrentUser, Role};
use crate::opendata::stats::{last_months, month_of};
use crate::web::{AppError, FieldError};

/// Events written up to this many seconds before a run may still be committing: the next run
/// looks back this far again.
const OVERLAP: i64 = 300;
/// How long one run may hold the lease.
const LEASE: i64 = 900;
/// How often the job runs.
pub const INTERVAL_SECS: u64 = 60;

fn offset(state: &AppState) -> i8 {
    state.config.utc_offset_hours().unwrap_or(7)
}

/// The kabupaten/kota of a region code or NIK (its first four digits), '' when unknown.
fn regency(code: Option<&str>) -> String {
    code.and_then(|c| c.get(..4)).filter(|c| model::valid_region(c)).map(str::to_string).unwrap_or_default()
}

fn hours(secs: i64) -> i64 {
    secs.max(0) / 3600
}

/// Aggregate one month from the facts.
pub async fn aggregate_month(state: &AppState, month: &str) -> Result<MonthRollup, AppError> {
    let off = offset(state);
    let (start, end) = model::month_bounds(month, off);
    let snap = crate::catalog::service::snapshot(state).await?;
    let mut conn = state.db.conn().await?;
    let mut r = MonthRollup::default();
    let mut hists: Vec<(String, String, String, String, i64)> = vec![];
    let mut apps: HashMap<store::Key, AppCounts> = HashMap::new();
    let mut count = |a: &str, s: &str, g: &str, c: AppCounts| {
        for k in store::keys(a, s, g) {
            apps.entry(k).or_default().add(&c);
        }
    };
    for a in store::received(&mut conn, start, end).await? {
        let c = AppCounts {
            received: 1,
            revised: i64::from(a.revised),
            rejected: i64::from(a.rejected),
            ..Default::default()
        };
        count(&a.agency, &a.service, &regency(a.nik.as_deref()), c);
    }
    for d in store::decided(&mut conn, start, end).await? {
        let on_time = match &d.due_date {
            Some(due) => crate::calendar::local_date(d.at, off).to_string().as_str() <= due.as_str(),
            None => true,
        };
        let region = regency(d.nik.as_deref());
        if let Some(officer) = d.officer {
            let o = r.officers.entry((d.agency.clone(), officer)).or_default();
            o.handled += 1;
            o.revised += i64::from(d.revised);
            o.rejected += i64::from(d.rejected);
            if !d.rejected {
                o.completed += 1;
                o.on_time += i64::from(on_time);
            }
        }
        if d.rejected {
            continue;
        }
        count(
            &d.agency,
            &d.service,
            &region,
            AppCounts { completed: 1, on_time: i64::from(on_time), ..Default::default() },
        );
        if let Some(sub) = d.submitted_at {
            hists.push(("process".into(), d.agency, d.service, region, hours(d.at - sub)));
        }
    }
    for s in store::in_state(&mut conn, start, end).await? {
        let region = regency(s.nik.as_deref());
        hists.push((format!("state:{}", s.state), s.agency, s.service, region, hours(s.seconds)));
    }
    for rep in store::reports_made(&mut conn, start, end).await? {
        let region = regency(rep.region_code.as_deref());
        for g in [region.clone(), ALL.to_string()] {
            let c = r.reports.entry((rep.agency.clone(), g)).or_default();
            c.received += 1;
            c.responded += i64::from(rep.responded_at.is_some());
        }
        if let Some(t) = rep.responded_at {
            hists.push(("response".into(), rep.agency, ALL.into(), region, hours(t - rep.created_at)));
        }
    }
    for (agency, region) in store::reports_closed(&mut conn, start, end).await? {
        for g in [regency(region.as_deref()), ALL.to_string()] {
            r.reports.entry((agency.clone(), g)).or_default().closed += 1;
        }
    }
    for (agency, stars, officer) in store::ratings(&mut conn, start, end).await? {
        if let Some(o) = officer {
            let c = r.officers.entry((agency, o)).or_default();
            c.ratings += 1;
            c.stars += stars;
        }
    }
    for (service, loc_agency, region, secs) in store::waits(&mut conn, start, end).await? {
        let agency = snap.service(&service).map(|s| s.service.agency.clone()).or(loc_agency).unwrap_or_default();
        hists.push(("wait".into(), agency, service, regency(region.as_deref()), secs.max(0) / 60));
    }
    for (metric, a, s, g, units) in hists {
        if s == ALL {
            // Reports have no service: counted under "all services" only.
            for g in [g.as_str(), ALL] {
                r.hist.entry((metric.clone(), (a.clone(), ALL.into(), g.to_string()))).or_default().add(units);
            }
        } else {
            for k in store::keys(&a, &s, &g) {
                r.hist.entry((metric.clone(), k)).or_default().add(units);
            }
        }
    }
    r.apps = apps;
    Ok(r)
}

async fn refresh_month(state: &AppState, month: String) -> Result<(), AppError> {
    let rollup = aggregate_month(state, &month).await?;
    state
        .db
        .write(move |tx| {
            Box::pin(async move {
                store::replace_month(tx, &month, &rollup).await?;
                Ok::<_, AppError>(())
            })
        })
        .await
}

/// Wait (up to a minute) for the lease; false when another process keeps it.
async fn lease(state: &AppState) -> Result<bool, AppError> {
    for _ in 0..300 {
        let now = crate::db::now();
        let got = state
            .db
            .write(move |tx| Box::pin(async move { Ok::<_, AppError>(store::take_lease(tx, now, now + LEASE).await?) }))
            .await?;
        if got {
            return Ok(true);
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    Ok(false)
}

async fn release(state: &AppState) -> Result<(), AppError> {
    state.db.write(|tx| Box::pin(async move { Ok::<_, AppError>(store::release_lease(tx).await?) })).await
}

/// Bring the rollups up to date: re-aggregate the months touched since the watermark (every
/// month with facts on the first run). Returns how many months were re-aggregated. Safe with
/// several processes: one holds the lease, the others wait for it, then find little to do.
pub async fn refresh(state: &AppState) -> Result<usize, AppError> {
    run(state, false).await
}

/// Re-aggregate every month from the facts (after an import of back-dated history).
pub async fn rebuild(state: &AppState) -> Result<usize, AppError> {
    run(state, true).await
}

async fn run(state: &AppState, all: bool) -> Result<usize, AppError> {
    if !lease(state).await? {
        return Err(AppError::unavailable("error-perf-busy"));
    }
    let result = touched_and_aggregate(state, all).await;
    let released = release(state).await;
    let n = result?;
    released?;
    Ok(n)
}

async fn touched_and_aggregate(state: &AppState, all: bool) -> Result<usize, AppError> {
    let off = offset(state);
    let now = crate::db::now();
    let mut conn = state.db.conn().await?;
    let wm = if all { 0 } else { store::watermark(&mut conn).await? };
    let this_month = month_of(now, off);
    let months: BTreeSet<String> = if wm == 0 {
        match store::earliest(&mut conn).await? {
            Some(t) => model::months_between(&month_of(t, off), &this_month).into_iter().collect(),
            None => BTreeSet::new(),
        }
    } else {
        store::changed_since(&mut conn, wm - OVERLAP).await?.into_iter().map(|t| month_of(t, off)).collect()
    };
    drop(conn);
    if all {
        state
            .db
            .write(|tx| {
                Box::pin(async move {
                    for table in ["perf_apps", "perf_hist", "perf_reports", "perf_officers"] {
                        sqlx::query(&format!("DELETE FROM {table}")).execute(&mut **tx).await?;
                    }
                    Ok::<_, AppError>(())
                })
            })
            .await?;
    }
    let n = months.len();
    for m in months {
        refresh_month(state, m).await?;
    }
    state.db.write(move |tx| Box::pin(async move { Ok::<_, AppError>(store::set_watermark(tx, now).await?) })).await?;
    Ok(n)
}

/// Keep the rollups current: a first run soon after start, then every minute.
pub fn spawn(state: AppState) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        tokio::time::sleep(std::time::Duration::from_secs(5)).await;
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(INTERVAL_SECS));
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            if let Some(n) = crate::db::jobs::run_logged(&state.db, "performance", refresh(&state)).await {
                if n > 0 {
                    tracing::debug!(months = n, "performance rollups refreshed");
                }
            }
        }
    })
}

// ---------------------------------------------------------------- the dashboard

/// The raw filter of a page or API query string.
#[derive(Clone, Debug, Default, serde::Deserialize, utoipa::IntoParams)]
#[serde(default)]
#[into_params(parameter_in = Query)]
pub struct PerfQuery {
    /// Agency id (catalogue); empty for all.
    pub agency: String,
    /// Service id (catalogue); empty for all.
    pub service: String,
    /// Kabupaten/kota code (4 digits); empty for all.
    pub region: String,
    /// First month `YYYY-MM` (default: eleven months before `to`).
    pub from: String,
    /// Last month `YYYY-MM` (default: this month).
    pub to: String,
}

/// Check a query against the catalogue; the default range is the last twelve months.
pub async fn filter(state: &AppState, q: &PerfQuery) -> Result<Filter, AppError> {
    let months = last_months(crate::db::now(), offset(state), 12);
    let to = if q.to.trim().is_empty() { months[11].clone() } else { q.to.trim().to_string() };
    let from = if q.from.trim().is_empty() {
        if model::valid_month(&to) {
            model::months_between("2000-01", &to).iter().rev().nth(11).cloned().unwrap_or_else(|| to.clone())
        } else {
            to.clone()
        }
    } else {
        q.from.trim().to_string()
    };
    model::check_months(&from, &to).map_err(AppError::bad_request)?;
    let snap = crate::catalog::service::snapshot(state).await?;
    let (agency, service, region) = (q.agency.trim(), q.service.trim(), q.region.trim());
    if !agency.is_empty() && snap.agency(agency).is_none() {
        return Err(AppError::bad_request("error-perf-agency"));
    }
    if !service.is_empty() && snap.service(service).is_none() {
        return Err(AppError::bad_request("error-perf-service"));
    }
    if !region.is_empty() && !model::valid_region(region) {
        return Err(AppError::bad_request("error-perf-region"));
    }
    Ok(Filter { agency: agency.into(), service: service.into(), region: region.into(), from, to })
}

fn share(part: i64, whole: i64) -> Option<f64> {
    (whole > 0).then(|| (part as f64 * 1000.0 / whole as f64).round() / 10.0)
}

fn one_decimal(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// Figures of a month (or of the whole range, with `month` empty).
#[derive(Clone, Debug, Default, PartialEq, Serialize, ToSchema)]
#[schema(as = PerformanceFigures)]
pub struct Figures {
    pub month: String,
    pub received: i64,
    pub completed: i64,
    /// Percent of those completed that were within the time limit.
    pub on_time_pct: Option<f64>,
    /// Median and 90th percentile days from submission to completion (bucketed, see the docs).
    pub median_days: Option<f64>,
    pub p90_days: Option<f64>,
    /// Percent of those received that were sent back for revision / rejected.
    pub revision_pct: Option<f64>,
    pub rejection_pct: Option<f64>,
    /// Complaints and reports made, answered, and resolved or closed (the service filter does
    /// not apply to them).
    pub complaints: i64,
    pub complaints_responded: i64,
    pub complaints_closed: i64,
    /// Median and 90th percentile hours to the first answer.
    pub response_median_hours: Option<i64>,
    pub response_p90_hours: Option<i64>,
    /// Queue tickets called, median and 90th percentile wait in minutes.
    pub queue_served: i64,
    pub wait_median_minutes: Option<i64>,
    pub wait_p90_minutes: Option<i64>,
    /// IKM of the satisfaction survey (SKM) of the agency (all units when none is chosen); none
    /// without answers (shown as "—").
    pub ikm: Option<f64>,
}

fn fill(f: &mut Figures, c: &AppCounts, process: Option<&Hist>) {
    f.received = c.received;
    f.completed = c.completed;
    f.on_time_pct = share(c.on_time, c.completed);
    f.revision_pct = share(c.revised, c.received);
    f.rejection_pct = share(c.rejected, c.received);
    if let Some(h) = process {
        f.median_days = h.median().map(|x| one_decimal(x as f64 / 24.0));
        f.p90_days = h.p90().map(|x| one_decimal(x as f64 / 24.0));
    }
}

/// One workflow state: how long cases stayed in it.
#[derive(Clone, Debug, PartialEq, Serialize, ToSchema)]
pub struct StateFigures {
    pub state: String,
    /// Times a case left this state in the range.
    pub cases: i64,
    pub median_hours: i64,
    pub p90_hours: i64,
}

/// One agency's figures over the range.
#[derive(Clone, Debug, PartialEq, Serialize, ToSchema)]
pub struct AgencyFigures {
    pub agency_id: String,
    pub name: String,
    pub figures: Figures,
}

/// The dashboard: the filter, the month rows, the totals, per agency, and the bottlenecks.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Dashboard {
    pub filter: Filter,
    pub months: Vec<Figures>,
    pub total: Figures,
    /// Per agency (when no agency is chosen).
    pub agencies: Vec<AgencyFigures>,
    /// Workflow states, the one holding cases longest (median) first.
    pub states: Vec<StateFigures>,
}

fn hists_by(rows: Vec<(String, i64, i64)>) -> BTreeMap<String, Hist> {
    let mut out: BTreeMap<String, Hist> = BTreeMap::new();
    for (g, b, n) in rows {
        out.entry(g).or_default().add_n(b, n);
    }
    out
}

fn total(h: &BTreeMap<String, Hist>) -> Hist {
    let mut t = Hist::default();
    for x in h.values() {
        t.merge(x);
    }
    t
}

/// The dashboard for a checked filter, read from the rollups only; the bottlenecks only when
/// `with_states` (the public page does not show them).
pub async fn dashboard(state: &AppState, f: &Filter, with_states: bool) -> Result<Dashboard, AppError> {
    let key = |s: &str| if s.is_empty() { ALL.to_string() } else { s.to_string() };
    let (service, region) = (key(&f.service), key(&f.region));
    let sel = Sel { from: &f.from, to: &f.to, agency: &f.agency, service: &service, region: &region };
    let report_sel = Sel { service: ALL, ..sel };
    let mut conn = state.db.conn().await?;
    let apps: BTreeMap<String, AppCounts> = store::apps(&mut conn, &sel, By::Month).await?.into_iter().collect();
    let process = hists_by(store::hist(&mut conn, &sel, "process", "month").await?);
    let response = hists_by(store::hist(&mut conn, &report_sel, "response", "month").await?);
    let waits = hists_by(store::hist(&mut conn, &sel, "wait", "month").await?);
    let reports: BTreeMap<String, store::ReportCounts> =
        store::reports(&mut conn, &report_sel).await?.into_iter().collect();
    let states = if with_states { hists_by(store::hist(&mut conn, &sel, "state", "").await?) } else { BTreeMap::new() };
    let (agency_apps, agency_process) = if f.agency.is_empty() {
        (
            store::apps(&mut conn, &sel, By::Agency).await?,
            hists_by(store::hist(&mut conn, &sel, "process", "agency_id").await?),
        )
    } else {
        (vec![], BTreeMap::new())
    };
    drop(conn);

    let figures = |month: &str,
                   c: Option<&AppCounts>,
                   p: Option<&Hist>,
                   rc: Option<&store::ReportCounts>,
                   resp: Option<&Hist>,
                   w: Option<&Hist>| {
        let mut x = Figures { month: month.to_string(), ..Default::default() };
        fill(&mut x, c.unwrap_or(&AppCounts::default()), p);
        if let Some(rc) = rc {
            x.complaints = rc.received;
            x.complaints_responded = rc.responded;
            x.complaints_closed = rc.closed;
        }
        if let Some(h) = resp {
            x.response_median_hours = h.median();
            x.response_p90_hours = h.p90();
        }
        if let Some(h) = w {
            x.queue_served = h.count();
            x.wait_median_minutes = h.median();
            x.wait_p90_minutes = h.p90();
        }
        x
    };
    let months: Vec<Figures> = f
        .months()
        .iter()
        .map(|m| figures(m, apps.get(m), process.get(m), reports.get(m), response.get(m), waits.get(m)))
        .collect();
    let mut sum = AppCounts::default();
    apps.values().for_each(|c| sum.add(c));
    let mut rsum = store::ReportCounts::default();
    for c in reports.values() {
        rsum.received += c.received;
        rsum.responded += c.responded;
        rsum.closed += c.closed;
    }
    let total =
        figures("", Some(&sum), Some(&total(&process)), Some(&rsum), Some(&total(&response)), Some(&total(&waits)));
    let snap = crate::catalog::service::snapshot(state).await?;
    let agencies = agency_apps
        .iter()
        .map(|(id, c)| {
            let mut x = Figures::default();
            fill(&mut x, c, agency_process.get(id));
            AgencyFigures {
                agency_id: id.clone(),
                name: snap
                    .agency(id)
                    .map(|a| a.name.get(crate::web::Lang::Id).to_string())
                    .unwrap_or_else(|| id.clone()),
                figures: x,
            }
        })
        .collect();
    let mut states: Vec<StateFigures> = states
        .iter()
        .filter_map(|(metric, h)| {
            Some(StateFigures {
                state: metric.strip_prefix("state:")?.to_string(),
                cases: h.count(),
                median_hours: h.median()?,
                p90_hours: h.p90()?,
            })
        })
        .collect();
    states.sort_by(|a, b| b.median_hours.cmp(&a.median_hours).then(b.p90_hours.cmp(&a.p90_hours)));
    let mut d = Dashboard { filter: f.clone(), months, total, agencies, states };
    let ikm = crate::skm::service::monthly_ikm(&state.db, &f.months()).await?;
    for m in &mut d.months {
        m.ikm = pooled_ikm(&ikm, &f.agency, Some(&m.month));
    }
    d.total.ikm = pooled_ikm(&ikm, &f.agency, None);
    for a in &mut d.agencies {
        a.figures.ikm = pooled_ikm(&ikm, &a.agency_id, None);
    }
    Ok(d)
}

/// The IKM of the satisfaction survey for one agency (every unit when `agency` is empty), in one
/// month or over all the months given: the mean of the monthly unit IKMs weighted by their
/// respondents, which is the IKM of the pooled answers (the IKM is linear in the element sums) up
/// to the rounding of each month's figure. The survey is per service unit, so the service and
/// region filters do not apply to it.
fn pooled_ikm(rows: &[crate::skm::model::UnitIkm], agency: &str, month: Option<&str>) -> Option<f64> {
    let (sum, n) = rows
        .iter()
        .filter(|r| (agency.is_empty() || r.agency_id == agency) && month.is_none_or(|m| r.month == m))
        .filter_map(|r| Some((r.ikm? * r.respondents as f64, r.respondents)))
        .fold((0.0, 0), |(s, n), (x, k)| (s + x, n + k));
    (n > 0).then(|| (sum / n as f64 * 100.0).round() / 100.0)
}

/// Who sees the staff dashboard of which agency: agency admins and supervisors their own,
/// auditors and platform admins any (or all).
pub fn staff_scope(user: &CurrentUser, wanted: &str) -> Result<String, AppError> {
    match user.role {
        Role::SuperAdmin | Role::Auditor => Ok(wanted.to_string()),
        Role::AgencyAdmin | Role::Supervisor => {
            let own = user.agency_id.clone().ok_or(AppError::Forbidden)?;
            if wanted.is_empty() || wanted == own {
                Ok(own)
            } else {
                Err(AppError::Forbidden)
            }
        }
        _ => Err(AppError::Forbidden),
    }
}

// ---------------------------------------------------------------- rankings

/// The rankings of one quarter.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Rankings {
    pub quarter: String,
    pub units: Vec<Ranked>,
    pub officers: Vec<Ranked>,
}

/// A checked quarter `YYYY-Qn`, or the last complete one when empty.
pub fn quarter(state: &AppState, q: &str) -> Result<String, AppError> {
    let q = q.trim();
    if q.is_empty() {
        return Ok(model::previous_quarter(&month_of(crate::db::now(), offset(state))));
    }
    model::quarter_months(q).map(|_| q.to_string()).ok_or(AppError::bad_request("error-perf-quarter"))
}

/// Units and officers of a quarter ranked by the published rules; officers of one agency when
/// `agency` is not empty. Officers are named only here: callers decide who may see which.
pub async fn rankings(state: &AppState, quarter: &str, agency: &str) -> Result<Rankings, AppError> {
    let months = model::quarter_months(quarter).ok_or(AppError::bad_request("error-perf-quarter"))?;
    let (units, officers) = inputs(state, &months[0], &months[2], agency).await?;
    let snap = crate::catalog::service::snapshot(state).await?;
    let units = model::rank(&units, rules::MIN_UNIT_CASES, |id| {
        snap.agency(id).map(|a| a.name.get(crate::web::Lang::Id).to_string()).unwrap_or_else(|| id.to_string())
    });
    let names = officer_names(state, &officers).await?;
    let officers = model::rank(&officers, rules::MIN_OFFICER_CASES, |id| names.get(id).cloned().unwrap_or_default());
    Ok(Rankings { quarter: quarter.to_string(), units, officers })
}

/// Every officer with a decided case in the filter's months (scored, all of them) and those
/// among them ranked by the rules, for the heads' dashboard.
pub async fn officer_figures(state: &AppState, f: &Filter) -> Result<(Vec<Ranked>, Vec<Ranked>), AppError> {
    let (_, officers) = inputs(state, &f.from, &f.to, &f.agency).await?;
    let names = officer_names(state, &officers).await?;
    let name = |id: &str| names.get(id).cloned().unwrap_or_default();
    Ok((model::rank(&officers, 1, name), model::rank(&officers, rules::MIN_OFFICER_CASES, name)))
}

async fn officer_names(state: &AppState, officers: &[RankInput]) -> Result<HashMap<String, String>, AppError> {
    let mut names = HashMap::new();
    if officers.is_empty() {
        return Ok(names);
    }
    let agencies: BTreeSet<String> = officers.iter().map(|o| o.agency.clone()).collect();
    let mut tx = state.db.read().await?;
    for a in agencies {
        for (id, name) in crate::identity::store::staff_of_agency(&mut tx, &a).await? {
            names.insert(id.to_string(), name);
        }
    }
    Ok(names)
}

/// The ranking inputs of units and officers over months `from..=to`.
async fn inputs(
    state: &AppState,
    from: &str,
    to: &str,
    agency: &str,
) -> Result<(Vec<RankInput>, Vec<RankInput>), AppError> {
    let sel = Sel { from, to, agency, service: ALL, region: ALL };
    let mut conn = state.db.conn().await?;
    let units_raw = store::apps(&mut conn, &sel, By::Agency).await?;
    let officers_raw = store::officers(&mut conn, from, to, agency).await?;
    // Units' satisfaction is their IKM over the period (on 0..1); a unit without survey answers
    // is ranked on the other two criteria, their weights renormalised.
    let months = model::months_between(from, to);
    let ikm = crate::skm::service::monthly_ikm(&state.db, &months).await?;
    let units = units_raw
        .iter()
        .map(|(id, c)| RankInput {
            id: id.clone(),
            agency: id.clone(),
            cases: c.received,
            completed: c.completed,
            on_time: c.on_time,
            revised: c.revised,
            rejected: c.rejected,
            satisfaction: pooled_ikm(&ikm, id, None).map(|x| x / 100.0),
        })
        .collect();
    let officers = officers_raw
        .iter()
        .map(|(agency, id, c)| RankInput {
            id: id.to_string(),
            agency: agency.clone(),
            cases: c.handled,
            completed: c.completed,
            on_time: c.on_time,
            revised: c.revised,
            rejected: c.rejected,
            satisfaction: (c.ratings >= rules::MIN_RATINGS).then(|| c.stars as f64 / c.ratings as f64 / 5.0),
        })
        .collect();
    Ok((units, officers))
}

// ---------------------------------------------------------------- innovations

/// The fields of the innovation form.
#[derive(Clone, Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct InnovationInput {
    pub agency_id: String,
    pub title: String,
    pub description: String,
    pub started_on: String,
    pub results: String,
    pub link: String,
}

/// Agency admins register their own agency's innovations; platform admins any agency's.
pub fn may_register(user: &CurrentUser, agency: &str) -> bool {
    match user.role {
        Role::SuperAdmin => true,
        Role::AgencyAdmin => user.agency_id.as_deref() == Some(agency),
        _ => false,
    }
}

fn check_innovation(i: &InnovationInput) -> Result<store::NewInnovation, Vec<FieldError>> {
    let mut errs = vec![];
    let len = |s: &str| s.trim().chars().count();
    if !(5..=200).contains(&len(&i.title)) {
        errs.push(FieldError::new("title", "field-inov-title"));
    }
    if !(20..=4000).contains(&len(&i.description)) {
        errs.push(FieldError::new("description", "field-inov-description"));
    }
    let today = crate::calendar::local_date(crate::db::now(), 7);
    match crate::calendar::parse_date(i.started_on.trim()) {
        Some(d) if d <= today && d.year() >= 2000 => {}
        _ => errs.push(FieldError::new("started_on", "field-inov-started")),
    }
    if !(10..=4000).contains(&len(&i.results)) {
        errs.push(FieldError::new("results", "field-inov-results"));
    }
    let link = i.link.trim();
    if !link.is_empty()
        && (link.len() > 500
            || !(link.starts_with("https://") || link.starts_with("http://"))
            || link.contains(char::is_whitespace))
    {
        errs.push(FieldError::new("link", "field-inov-link"));
    }
    if !errs.is_empty() {
        return Err(errs);
    }
    Ok(store::NewInnovation {
        agency_id: i.agency_id.trim().to_string(),
        title: i.title.trim().to_string(),
        description: i.description.trim().to_string(),
        started_on: i.started_on.trim().to_string(),
        results: i.results.trim().to_string(),
        link: link.to_string(),
    })
}

/// Register an innovation; returns its id.
pub async fn register(state: &AppState, user: &CurrentUser, input: &InnovationInput) -> Result<i64, AppError> {
    let new = check_innovation(input).map_err(AppError::Validation)?;
    let snap = crate::catalog::service::snapshot(state).await?;
    if snap.agency(&new.agency_id).is_none() || !may_register(user, &new.agency_id) {
        return Err(AppError::Validation(vec![FieldError::new("agency_id", "field-inov-agency")]));
    }
    let (by, now) = (user.id, crate::db::now());
    state
        .db
        .write(move |tx| {
            Box::pin(async move {
                let id = store::insert_innovation(tx, &new, by, now).await?;
                let leaf = crate::ledger::Leaf::new("innovation.registered", now)
                    .with("id", id.to_string())
                    .with("agency", new.agency_id.clone())
                    .with_hash("title_sha256", new.title.as_bytes());
                crate::ledger::record(tx, &leaf).await?;
                Ok::<_, AppError>(id)
            })
        })
        .await
}

/// Mark an innovation the winner of an award period (a year, `YYYY`), or clear it (empty).
pub async fn award(state: &AppState, user: &CurrentUser, id: i64, period: &str) -> Result<(), AppError> {
    if user.role != Role::SuperAdmin {
        return Err(AppError::Forbidden);
    }
    let period = period.trim().to_string();
    let ok =
        period.is_empty() || (period.len() == 4 && period.parse::<i32>().is_ok_and(|y| (2000..=2100).contains(&y)));
    if !ok {
        return Err(AppError::Validation(vec![FieldError::new("award", "field-inov-award")]));
    }
    let now = crate::db::now();
    state
        .db
        .write(move |tx| {
            Box::pin(async move {
                if !store::set_award(tx, id, &period, now).await? {
                    return Err(AppError::NotFound);
                }
                let leaf = crate::ledger::Leaf::new("innovation.award", now)
                    .with("id", id.to_string())
                    .with("award", period.clone());
                crate::ledger::record(tx, &leaf).await?;
                Ok(())
            })
        })
        .await
}

pub async fn innovations(state: &AppState, agency: &str) -> Result<Vec<store::Innovation>, AppError> {
    Ok(store::innovations(&mut *state.db.conn().await?, agency).await?)
}
