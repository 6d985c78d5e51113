//! Performance pages: the public dashboard `/kinerja`, the heads' dashboard `/kelola/kinerja`
//! (bottlenecks and officers), the awards `/penghargaan` with their published rules, and the
//! innovations register (`/inovasi`, `/kelola/inovasi`). Charts are SVG drawn on the server
//! with the same figures in tables beneath.

use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::model::{self, rules, Ranked};
use super::service::{self, Dashboard, Figures, InnovationInput, PerfQuery};
use super::store::Innovation;
use crate::app::AppState;
use crate::catalog::service::{snapshot, Snapshot};
use crate::identity::Role;
use crate::web::auth::{Authorized, CatalogAdmins, PlatformAdmins, RoleSet};
use crate::web::chart::{BarChart, LineChart, Series};
use crate::web::routes::Pages;
use crate::web::{
    after_post, render, render_form, ApiPath, ApiQuery, AppError, CsrfForm, Ctx, FieldError, FormErrors, Lang, Layout,
    T,
};

pub fn pages() -> Pages {
    Pages::new()
        .get("/kinerja", public_page)
        .get("/kelola/kinerja", staff_page)
        .get("/penghargaan", awards_page)
        .get("/penghargaan/aturan", rules_page)
        .get("/inovasi", innovations_page)
        .get("/kelola/inovasi", admin_page)
        .post("/kelola/inovasi", register)
        .post("/kelola/inovasi/{id}/penghargaan", award)
}

/// Heads of an agency (its admin and supervisors) and those who oversee all (auditors,
/// platform admins).
pub struct Heads;
impl RoleSet for Heads {
    const ROLES: &'static [Role] = &[Role::Supervisor, Role::AgencyAdmin, Role::Auditor, Role::SuperAdmin];
}

/// A choice in a filter select.
struct Choice {
    value: String,
    label: String,
}

/// "—" for a figure not known (too few cases, or no survey answers for the IKM).
const NONE: &str = "—";

fn pct(v: &Option<f64>) -> String {
    v.map(|x| format!("{x:.1}%")).unwrap_or_else(|| NONE.into())
}

fn num(v: &Option<f64>) -> String {
    v.map(|x| format!("{x:.1}")).unwrap_or_else(|| NONE.into())
}

fn int(v: &Option<i64>) -> String {
    v.map(|x| x.to_string()).unwrap_or_else(|| NONE.into())
}

/// A dashboard row as text cells.
struct Row {
    label: String,
    month: String,
    received: i64,
    completed: i64,
    on_time: String,
    median: String,
    p90: String,
    revision: String,
    rejection: String,
    complaints: i64,
    closed: i64,
    response: String,
    served: i64,
    wait: String,
    /// IKM (SKM survey): "—" without answers.
    ikm: String,
}

fn row(label: String, f: &Figures) -> Row {
    Row {
        label,
        month: f.month.clone(),
        received: f.received,
        completed: f.completed,
        on_time: pct(&f.on_time_pct),
        median: num(&f.median_days),
        p90: num(&f.p90_days),
        revision: pct(&f.revision_pct),
        rejection: pct(&f.rejection_pct),
        complaints: f.complaints,
        closed: f.complaints_closed,
        response: int(&f.response_median_hours),
        served: f.queue_served,
        wait: int(&f.wait_median_minutes),
        ikm: num(&f.ikm),
    }
}

fn agency_name(snap: &Snapshot, id: &str, lang: Lang) -> String {
    snap.agency(id).map(|a| a.name.get(lang).to_string()).unwrap_or_else(|| id.to_string())
}

/// What both dashboards show.
struct View {
    q: PerfQuery,
    agencies: Vec<Choice>,
    services: Vec<Choice>,
    total: Row,
    months: Vec<Row>,
    by_agency: Vec<Row>,
    trend_svg: String,
    agency_svg: String,
    empty: bool,
    scope: String,
}

fn view(snap: &Snapshot, t: T<'_>, q: PerfQuery, d: &Dashboard, fixed_agency: bool) -> View {
    let lang = t.lang;
    let trend = LineChart {
        id: "chart-trend".into(),
        title: t.t("perf-chart-trend"),
        description: t.t("perf-chart-trend-desc"),
        x_labels: d.months.iter().map(|m| m.month[2..].to_string()).collect(),
        series: vec![
            (Series { name: t.t("perf-received") }, d.months.iter().map(|m| m.received).collect()),
            (Series { name: t.t("perf-completed") }, d.months.iter().map(|m| m.completed).collect()),
        ],
    };
    let by_agency: Vec<Row> =
        d.agencies.iter().map(|a| row(agency_name(snap, &a.agency_id, lang), &a.figures)).collect();
    let bars = BarChart {
        id: "chart-agencies".into(),
        title: t.t("perf-chart-agencies"),
        description: t.t("perf-chart-agencies-desc"),
        series: vec![Series { name: t.t("perf-on-time") }],
        rows: d
            .agencies
            .iter()
            .filter_map(|a| Some((agency_name(snap, &a.agency_id, lang), vec![a.figures.on_time_pct?.round() as i64])))
            .collect(),
    };
    let empty = d.total.received == 0 && d.total.completed == 0 && d.total.complaints == 0 && d.total.queue_served == 0;
    let scope =
        if d.filter.agency.is_empty() { t.t("perf-all-agencies") } else { agency_name(snap, &d.filter.agency, lang) };
    let agencies = snap
        .agencies
        .iter()
        .filter(|a| !fixed_agency || a.id == d.filter.agency)
        .map(|a| Choice { value: a.id.clone(), label: a.name.get(lang).to_string() })
        .collect();
    let services = snap
        .services
        .iter()
        .filter(|s| d.filter.agency.is_empty() || s.service.agency == d.filter.agency)
        .map(|s| Choice { value: s.service.id.clone(), label: s.service.name.get(lang).to_string() })
        .collect();
    let q = PerfQuery { from: d.filter.from.clone(), to: d.filter.to.clone(), ..q };
    View {
        q,
        agencies,
        services,
        total: row(t.t("perf-total"), &d.total),
        months: d.months.iter().map(|m| row(m.month.clone(), m)).collect(),
        agency_svg: if bars.rows.is_empty() { String::new() } else { bars.svg() },
        by_agency,
        trend_svg: if empty { String::new() } else { trend.svg() },
        empty,
        scope,
    }
}

#[derive(Template)]
#[template(path = "performance/public.html")]
struct PublicPage<'a> {
    l: Layout<'a>,
    v: View,
}

async fn public_page(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiQuery(q): ApiQuery<PerfQuery>,
) -> Result<Response, AppError> {
    let t = ctx.t();
    let f = service::filter(&state, &q).await?;
    let d = service::dashboard(&state, &f, false).await?;
    let snap = snapshot(&state).await?;
    let page = PublicPage { l: Layout::new(&ctx, t.t("perf-title")), v: view(&snap, t, q, &d, false) };
    Ok(render(&page)?.into_response())
}

/// A workflow state in the bottleneck table.
struct StateRow {
    name: String,
    cases: i64,
    median: String,
    p90: String,
}

fn days(hours: i64) -> String {
    format!("{:.1}", hours as f64 / 24.0)
}

/// An officer's figures (staff only).
struct OfficerRow {
    rank: String,
    name: String,
    cases: i64,
    timeliness: String,
    accuracy: String,
    satisfaction: String,
    score: String,
}

fn share_text(v: Option<f64>) -> String {
    v.map(|x| format!("{:.1}%", x * 100.0)).unwrap_or_else(|| NONE.into())
}

fn officer_rows(all: &[Ranked], ranked: &[Ranked]) -> Vec<OfficerRow> {
    all.iter()
        .map(|o| {
            let r = ranked.iter().find(|r| r.id == o.id);
            OfficerRow {
                rank: r.map(|r| r.rank.to_string()).unwrap_or_else(|| NONE.into()),
                name: o.name.clone(),
                cases: o.cases,
                timeliness: share_text(o.timeliness),
                accuracy: share_text(Some(o.accuracy)),
                satisfaction: o.satisfaction.map(|s| format!("{:.1}", s * 5.0)).unwrap_or_else(|| NONE.into()),
                score: format!("{:.1}", o.score),
            }
        })
        .collect()
}

#[derive(Template)]
#[template(path = "performance/staff.html")]
struct StaffPage<'a> {
    l: Layout<'a>,
    v: View,
    states: Vec<StateRow>,
    states_svg: String,
    officers: Vec<OfficerRow>,
    min_officer: i64,
}

async fn staff_page(
    State(state): State<AppState>,
    auth: Authorized<Heads>,
    ApiQuery(q): ApiQuery<PerfQuery>,
) -> Result<Response, AppError> {
    let t = auth.ctx.t();
    let agency = service::staff_scope(&auth.user, q.agency.trim())?;
    let fixed = !matches!(auth.user.role, Role::SuperAdmin | Role::Auditor);
    let q = PerfQuery { agency, ..q };
    let f = service::filter(&state, &q).await?;
    let d = service::dashboard(&state, &f, true).await?;
    let snap = snapshot(&state).await?;
    let states: Vec<StateRow> = d
        .states
        .iter()
        .map(|s| StateRow {
            name: t.t(&format!("app-status-{}", s.state.replace('_', "-"))),
            cases: s.cases,
            median: days(s.median_hours),
            p90: days(s.p90_hours),
        })
        .collect();
    let states_chart = BarChart {
        id: "chart-states".into(),
        title: t.t("perf-chart-states"),
        description: t.t("perf-chart-states-desc"),
        series: vec![Series { name: t.t("perf-median-hours") }, Series { name: t.t("perf-p90-hours") }],
        rows: d.states.iter().zip(&states).map(|(s, r)| (r.name.clone(), vec![s.median_hours, s.p90_hours])).collect(),
    };
    let (all, ranked) = service::officer_figures(&state, &f).await?;
    let page = StaffPage {
        l: Layout::new(&auth.ctx, t.t("perf-staff-title")),
        v: view(&snap, t, q, &d, fixed),
        states_svg: if states.is_empty() { String::new() } else { states_chart.svg() },
        states,
        officers: officer_rows(&all, &ranked),
        min_officer: rules::MIN_OFFICER_CASES,
    };
    Ok(render(&page)?.into_response())
}

/// One quarter on the awards page.
struct Period {
    quarter: String,
    unit: Option<Ranked>,
    officers: Vec<Ranked>,
    units: Vec<Ranked>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct AwardsQuery {
    periode: String,
}

#[derive(Template)]
#[template(path = "performance/awards.html")]
struct AwardsPage<'a> {
    l: Layout<'a>,
    periods: Vec<Period>,
    winners: Vec<InnovationRow>,
}

async fn awards_page(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiQuery(q): ApiQuery<AwardsQuery>,
) -> Result<Response, AppError> {
    let t = ctx.t();
    let first = service::quarter(&state, &q.periode)?;
    let snap = snapshot(&state).await?;
    let mut quarters = vec![first.clone()];
    if q.periode.trim().is_empty() {
        let mut qq = first;
        for _ in 0..3 {
            let months = model::quarter_months(&qq).ok_or(AppError::bad_request("error-perf-quarter"))?;
            qq = model::previous_quarter(&months[0]);
            quarters.push(qq.clone());
        }
    }
    let mut periods = vec![];
    for quarter in quarters {
        let r = service::rankings(&state, &quarter, "").await?;
        let mut units = r.units;
        for u in &mut units {
            u.name = agency_name(&snap, &u.id, t.lang);
        }
        periods.push(Period {
            quarter,
            unit: units.first().cloned(),
            // Officer names are published for the winners only.
            officers: r.officers.into_iter().take(rules::OFFICER_WINNERS).collect(),
            units,
        });
    }
    let winners = innovation_rows(&snap, t.lang, service::innovations(&state, "").await?)
        .into_iter()
        .filter(|i| !i.award.is_empty())
        .collect();
    let page = AwardsPage { l: Layout::new(&ctx, t.t("perf-awards-title")), periods, winners };
    Ok(render(&page)?.into_response())
}

#[derive(Template)]
#[template(path = "performance/rules.html")]
struct RulesPage<'a> {
    l: Layout<'a>,
    w_timeliness: u32,
    w_accuracy: u32,
    w_satisfaction: u32,
    min_unit: i64,
    min_officer: i64,
    min_ratings: i64,
    winners: usize,
}

async fn rules_page(ctx: Ctx) -> Result<Response, AppError> {
    let t = ctx.t();
    let page = RulesPage {
        l: Layout::new(&ctx, t.t("perf-rules-title")),
        w_timeliness: (rules::W_TIMELINESS * 100.0).round() as u32,
        w_accuracy: (rules::W_ACCURACY * 100.0).round() as u32,
        w_satisfaction: (rules::W_SATISFACTION * 100.0).round() as u32,
        min_unit: rules::MIN_UNIT_CASES,
        min_officer: rules::MIN_OFFICER_CASES,
        min_ratings: rules::MIN_RATINGS,
        winners: rules::OFFICER_WINNERS,
    };
    Ok(render(&page)?.into_response())
}

/// An innovation as listed.
struct InnovationRow {
    id: i64,
    agency: String,
    title: String,
    description: String,
    started: String,
    results: String,
    link: String,
    award: String,
}

fn innovation_rows(snap: &Snapshot, lang: Lang, list: Vec<Innovation>) -> Vec<InnovationRow> {
    list.into_iter()
        .map(|i| InnovationRow {
            id: i.id,
            agency: agency_name(snap, &i.agency_id, lang),
            started: crate::calendar::parse_date(&i.started_on)
                .map(|d| crate::web::fmt_date(d, lang))
                .unwrap_or(i.started_on),
            title: i.title,
            description: i.description,
            results: i.results,
            link: i.link,
            award: i.award,
        })
        .collect()
}

#[derive(Template)]
#[template(path = "performance/innovations.html")]
struct InnovationsPage<'a> {
    l: Layout<'a>,
    rows: Vec<InnovationRow>,
}

async fn innovations_page(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    let t = ctx.t();
    let snap = snapshot(&state).await?;
    let rows = innovation_rows(&snap, t.lang, service::innovations(&state, "").await?);
    let page = InnovationsPage { l: Layout::new(&ctx, t.t("perf-inov-title")), rows };
    Ok(render(&page)?.into_response())
}

#[derive(Template)]
#[template(path = "performance/admin.html")]
struct AdminPage<'a> {
    l: Layout<'a>,
    errors: FormErrors,
    form: InnovationInput,
    agencies: Vec<Choice>,
    rows: Vec<InnovationRow>,
    can_award: bool,
}

async fn admin_view(
    state: &AppState,
    auth: &Authorized<CatalogAdmins>,
    form: InnovationInput,
    errs: &[FieldError],
) -> Result<Response, AppError> {
    let t = auth.ctx.t();
    let snap = snapshot(state).await?;
    let own = if auth.user.role == Role::SuperAdmin {
        String::new()
    } else {
        auth.user.agency_id.clone().unwrap_or_default()
    };
    let rows = innovation_rows(&snap, t.lang, service::innovations(state, &own).await?);
    let agencies = snap
        .agencies
        .iter()
        .filter(|a| service::may_register(&auth.user, &a.id))
        .map(|a| Choice { value: a.id.clone(), label: a.name.get(t.lang).to_string() })
        .collect();
    let page = AdminPage {
        l: Layout::new(&auth.ctx, t.t("perf-inov-admin-title")).with_errors(!errs.is_empty()),
        errors: FormErrors::from_fields(t, errs),
        form,
        agencies,
        rows,
        can_award: auth.user.role == Role::SuperAdmin,
    };
    render_form(&page, !errs.is_empty())
}

async fn admin_page(State(state): State<AppState>, auth: Authorized<CatalogAdmins>) -> Result<Response, AppError> {
    let form = InnovationInput { agency_id: auth.user.agency_id.clone().unwrap_or_default(), ..Default::default() };
    admin_view(&state, &auth, form, &[]).await
}

async fn register(
    State(state): State<AppState>,
    auth: Authorized<CatalogAdmins>,
    CsrfForm(form): CsrfForm<InnovationInput>,
) -> Result<Response, AppError> {
    let result = service::register(&state, &auth.user, &form).await;
    after_post(
        result,
        |id| format!("/inovasi#inovasi-{id}"),
        |errs| async move { admin_view(&state, &auth, form, &errs).await },
    )
    .await
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct AwardForm {
    award: String,
}

async fn award(
    State(state): State<AppState>,
    auth: Authorized<PlatformAdmins>,
    ApiPath(id): ApiPath<i64>,
    CsrfForm(form): CsrfForm<AwardForm>,
) -> Result<Response, AppError> {
    let result = service::award(&state, &auth.user, id, &form.award).await;
    let admin = Authorized::<CatalogAdmins>::from_parts(auth.user.clone(), auth.ctx.clone());
    after_post(
        result,
        |_| "/kelola/inovasi".to_string(),
        |errs| async move { admin_view(&state, &admin, InnovationInput::default(), &errs).await },
    )
    .await
}
