//! The pages of green services: the public paperless figures (`/hijau`), the citizen's waste
//! pickup request and status (`/hijau/angkut-sampah`), the admins' estimates (`/kelola/hijau`),
//! the pickup agency's windows (`/kelola/hijau/jadwal`) and day route list
//! (`/kelola/hijau/angkut`). Plain forms, no JavaScript.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::model::{self, OutcomeInput, PickupInput, Savings, WindowInput};
use super::service::{self, EstimateEdit, Paperless};
use super::store::{Pickup, Window};
use crate::app::AppState;
use crate::web::auth::{Authorized, CatalogAdmins, Citizens, SignedIn, Staff};
use crate::web::chart::{BarChart, LineChart, Series};
use crate::web::routes::Pages;
use crate::web::{
    fmt_date, render, render_form, see_other, ApiPath, AppError, CsrfForm, Ctx, FieldError, FormErrors, Layout,
    RequestCtx, T,
};

pub fn pages() -> Pages {
    Pages::new()
        .get("/hijau", public)
        .get("/hijau/angkut-sampah", request_form)
        .post("/hijau/angkut-sampah", request_submit)
        .get("/hijau/angkut-sampah/{code}", show)
        .post("/hijau/angkut-sampah/{code}/batal", cancel_submit)
        .get("/kelola/hijau", estimates_form)
        .post("/kelola/hijau", estimates_submit)
        .get("/kelola/hijau/jadwal", windows_page)
        .post("/kelola/hijau/jadwal", window_submit)
        .post("/kelola/hijau/jadwal/rutin", plan_submit)
        .get("/kelola/hijau/angkut", day_page)
        .post("/kelola/hijau/angkut/{code}/tandai", mark_submit)
        .post("/kelola/hijau/angkut/{code}/pindah", move_submit)
}

/// Whole kilograms with one decimal, from grams.
fn kg(grams: i64) -> String {
    format!("{}.{}", grams / 1000, (grams % 1000) / 100)
}

/// A row of figures as shown.
pub struct FigureRow {
    pub label: String,
    pub online: i64,
    pub counter: i64,
    pub documents: i64,
    pub reports: i64,
    pub pages: i64,
    pub trips: i64,
    pub paper_kg: String,
    pub co2_kg: String,
    /// The service's estimate (services only).
    pub estimate: String,
}

fn figure_row(label: String, s: &Savings, estimate: String) -> FigureRow {
    FigureRow {
        label,
        online: s.online_applications,
        counter: s.counter_applications,
        documents: s.digital_documents,
        reports: s.online_reports,
        pages: s.pages,
        trips: s.trips,
        paper_kg: kg(s.paper_grams),
        co2_kg: kg(s.co2_grams),
        estimate,
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct MonthQuery {
    bulan: String,
}

#[derive(Template)]
#[template(path = "green/public.html")]
struct PublicPage<'a> {
    l: Layout<'a>,
    month: String,
    months: Vec<String>,
    total: FigureRow,
    agencies: Vec<FigureRow>,
    services: Vec<FigureRow>,
    month_rows: Vec<FigureRow>,
    agency_svg: String,
    trend_svg: String,
    /// How the figures are derived, one line per factor.
    how: Vec<String>,
}

fn charts(t: T<'_>, p: &Paperless) -> (String, String) {
    let bars = BarChart {
        id: "chart-green-agencies".into(),
        title: t.t("green-chart-agencies"),
        description: t.t("green-chart-agencies-desc"),
        series: vec![Series { name: t.t("green-pages") }, Series { name: t.t("green-trips") }],
        rows: p
            .agencies
            .iter()
            .filter(|a| a.savings.pages > 0 || a.savings.trips > 0)
            .map(|a| (a.name.clone(), vec![a.savings.pages, a.savings.trips]))
            .collect(),
    };
    let trend = LineChart {
        id: "chart-green-months".into(),
        title: t.t("green-chart-months"),
        description: t.t("green-chart-months-desc"),
        x_labels: p.months.iter().map(|m| m.month.get(2..).unwrap_or_default().to_string()).collect(),
        series: vec![
            (Series { name: t.t("green-pages") }, p.months.iter().map(|m| m.savings.pages).collect()),
            (Series { name: t.t("green-trips") }, p.months.iter().map(|m| m.savings.trips).collect()),
        ],
    };
    let bars = if bars.rows.is_empty() { String::new() } else { bars.svg() };
    let trend = if p.months.len() < 2 { String::new() } else { trend.svg() };
    (bars, trend)
}

async fn public(State(state): State<AppState>, ctx: Ctx, Query(q): Query<MonthQuery>) -> Result<Response, AppError> {
    let t = ctx.t();
    let month = service::parse_month(&q.bulan).unwrap_or(None);
    let all = service::paperless(&state, ctx.lang, None, None).await?;
    let p = match &month {
        Some(m) => service::paperless(&state, ctx.lang, Some(m), None).await?,
        None => all.clone(),
    };
    let (agency_svg, trend_svg) = charts(t, &all);
    let estimate = |f: &service::ServiceFigure| {
        t.t2("green-estimate-value", ("pages", f.estimate.pages), ("trips", f.estimate.trips))
    };
    let page = PublicPage {
        l: Layout::new(&ctx, t.t("green-title")),
        month: month.unwrap_or_default(),
        months: all.months.iter().rev().map(|m| m.month.clone()).collect(),
        total: figure_row(t.t("green-total"), &p.total, String::new()),
        agencies: p.agencies.iter().map(|a| figure_row(a.name.clone(), &a.savings, String::new())).collect(),
        services: p
            .services
            .iter()
            .filter(|s| s.savings != Savings::default())
            .map(|s| figure_row(s.name.clone(), &s.savings, estimate(s)))
            .collect(),
        month_rows: all.months.iter().rev().map(|m| figure_row(m.month.clone(), &m.savings, String::new())).collect(),
        agency_svg,
        trend_svg,
        how: vec![
            t.t2("green-how-pages", ("copies", model::COPIES_PER_REQUIREMENT), ("fields", model::FIELDS_PER_FORM_PAGE)),
            t.t1("green-how-trips", "trips", model::DEFAULT_TRIPS),
            t.t1("green-how-paper", "grams", model::GRAMS_PER_PAGE),
            t.t2("green-how-co2", ("km", model::KM_PER_TRIP), ("grams", model::MOTORBIKE_G_PER_KM)),
            t.t1("green-how-paper-co2", "grams", model::PAPER_G_PER_KG),
            t.t("green-how-reports"),
        ],
    };
    Ok(render(&page)?.into_response())
}

// ---------------------------------------------------------------------------------------
// The citizen's request.

/// A window to choose.
pub struct WindowChoice {
    pub id: i64,
    pub label: String,
    pub free: String,
    pub kinds: String,
}

fn kinds_text(t: T<'_>, kinds: &str) -> String {
    if kinds.is_empty() {
        return t.t("green-kinds-all");
    }
    kinds.split(',').map(|k| t.t(&format!("green-kind-{k}"))).collect::<Vec<_>>().join(", ")
}

fn window_choice(ctx: &RequestCtx, w: &Window) -> WindowChoice {
    let t = ctx.t();
    let date = crate::calendar::parse_date(&w.date).map(|d| fmt_date(d, ctx.lang)).unwrap_or_default();
    WindowChoice {
        id: w.id,
        label: format!(
            "{date}, {}–{} · {}",
            model::hhmm(w.start_min),
            model::hhmm(w.end_min),
            model::zone_name(&w.zone)
        ),
        free: t.tn("green-free", "n", w.capacity - w.booked),
        kinds: kinds_text(t, &w.kinds),
    }
}

/// A request in a list or on its page.
pub struct PickupRow {
    pub code: String,
    pub kind: String,
    pub volume: String,
    pub when: String,
    pub zone: String,
    pub address: String,
    pub status: String,
    pub tag: &'static str,
    pub reason: String,
    pub cancellable: bool,
}

fn pickup_row(ctx: &RequestCtx, p: &Pickup) -> PickupRow {
    let t = ctx.t();
    let date = crate::calendar::parse_date(&p.date).map(|d| fmt_date(d, ctx.lang)).unwrap_or_default();
    PickupRow {
        code: p.code.clone(),
        kind: t.t(&format!("green-kind-{}", p.kind)),
        volume: t.t(&format!("green-volume-{}", p.volume)),
        when: format!("{date}, {}–{}", model::hhmm(p.start_min), model::hhmm(p.end_min)),
        zone: model::zone_name(&p.zone),
        address: format!("{}, RT {}/RW {}, {}", p.address, p.rt, p.rw, p.kelurahan),
        status: t.t(&format!("green-status-{}", p.status.replace('_', "-"))),
        tag: match p.status.as_str() {
            "scheduled" => "govuk-tag--blue",
            "picked_up" => "govuk-tag--green",
            "missed" => "govuk-tag--red",
            _ => "govuk-tag--grey",
        },
        reason: p.reason.clone().unwrap_or_default(),
        cancellable: service::cancellable(p, crate::db::now()),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RequestQuery {
    zone: String,
    kind: String,
}

#[derive(Template)]
#[template(path = "green/request.html")]
struct RequestPage<'a> {
    l: Layout<'a>,
    errors: FormErrors,
    zones: Vec<(String, String)>,
    kinds: Vec<(String, String)>,
    volumes: Vec<(String, String)>,
    form: PickupInput,
    window_id: String,
    windows: Vec<WindowChoice>,
    /// A zone was chosen (the windows are listed).
    chosen: bool,
    mine: Vec<PickupRow>,
}

fn choices(t: T<'_>, prefix: &str, list: &[&str]) -> Vec<(String, String)> {
    list.iter().map(|k| (k.to_string(), t.t(&format!("{prefix}{k}")))).collect()
}

async fn request_page(
    state: &AppState,
    auth: &Authorized<Citizens>,
    form: PickupInput,
    errs: &[FieldError],
) -> Result<Response, AppError> {
    let ctx = &auth.ctx;
    let t = ctx.t();
    let zones = service::zones(state);
    let zone = form.zone.trim().to_string();
    // A super admin may have switched pickups off in the citizen's region: no window is offered.
    let on = crate::admin::service::feature_on(state, Some(&auth.user), "green_pickup").await?;
    let chosen = zones.iter().any(|(c, _)| *c == zone);
    let windows = if chosen && on {
        let kind = if model::KINDS.contains(&form.kind.trim()) { form.kind.trim() } else { "" };
        service::free_windows(state, &zone, kind).await?.iter().map(|w| window_choice(ctx, w)).collect()
    } else {
        vec![]
    };
    let mine = service::mine(state, &auth.user).await?.iter().map(|p| pickup_row(ctx, p)).collect();
    let mut l = Layout::new(ctx, t.t("green-request-title")).with_errors(!errs.is_empty());
    if !on {
        l.notice = Some(t.t("feature-unavailable-region"));
    }
    let page = RequestPage {
        l,
        errors: FormErrors::from_fields(t, errs),
        zones,
        kinds: choices(t, "green-kind-", model::KINDS),
        volumes: choices(t, "green-volume-", model::VOLUMES),
        window_id: model::window_id(&form.window_id).map(|i| i.to_string()).unwrap_or_default(),
        form,
        windows,
        chosen,
        mine,
    };
    render_form(&page, !errs.is_empty())
}

async fn request_form(
    State(state): State<AppState>,
    auth: Authorized<Citizens>,
    Query(q): Query<RequestQuery>,
) -> Result<Response, AppError> {
    let form = PickupInput { zone: q.zone, kind: q.kind, ..PickupInput::default() };
    request_page(&state, &auth, form, &[]).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RequestForm {
    kind: String,
    volume: String,
    address: String,
    kelurahan: String,
    rt: String,
    rw: String,
    zone: String,
    window_id: String,
}

/// A refusal the citizen can fix on the form (a window that filled up meanwhile included).
fn as_fields(e: AppError, field: &'static str) -> Result<Vec<FieldError>, AppError> {
    match e {
        AppError::Validation(errs) => Ok(errs),
        AppError::Conflict { key } => Ok(vec![FieldError::new(field, key)]),
        e => Err(e),
    }
}

async fn request_submit(
    State(state): State<AppState>,
    auth: Authorized<Citizens>,
    CsrfForm(f): CsrfForm<RequestForm>,
) -> Result<Response, AppError> {
    let input = PickupInput {
        kind: f.kind,
        volume: f.volume,
        address: f.address,
        kelurahan: f.kelurahan,
        rt: f.rt,
        rw: f.rw,
        zone: f.zone,
        window_id: serde_json::Value::String(f.window_id),
    };
    match service::request(&state, &auth.user, &input).await {
        Ok(p) => Ok(see_other(&format!("/hijau/angkut-sampah/{}", p.code))),
        Err(e) => {
            let errs = as_fields(e, "window_id")?;
            request_page(&state, &auth, input, &errs).await
        }
    }
}

#[derive(Template)]
#[template(path = "green/pickup.html")]
struct PickupPage<'a> {
    l: Layout<'a>,
    p: PickupRow,
    owner: bool,
}

async fn show(
    State(state): State<AppState>,
    auth: SignedIn,
    ApiPath(code): ApiPath<String>,
) -> Result<Response, AppError> {
    let p = service::pickup_for(&state, &auth.user, &code).await?;
    let t = auth.ctx.t();
    let page = PickupPage {
        l: Layout::new(&auth.ctx, t.t1("green-pickup-title", "code", &p.code)),
        owner: p.user_id == auth.user.id,
        p: pickup_row(&auth.ctx, &p),
    };
    Ok(render(&page)?.into_response())
}

async fn cancel_submit(
    State(state): State<AppState>,
    auth: Authorized<Citizens>,
    ApiPath(code): ApiPath<String>,
    CsrfForm(_f): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let p = service::cancel(&state, &auth.user, &code).await?;
    Ok(see_other(&format!("/hijau/angkut-sampah/{}", p.code)))
}

// ---------------------------------------------------------------------------------------
// Estimates.

/// One service's row on the estimates form.
pub struct EstimateRow {
    pub id: String,
    pub name: String,
    pub agency: String,
    pub pages: String,
    pub trips: String,
    pub default_pages: i64,
    pub custom: bool,
}

#[derive(Template)]
#[template(path = "green/estimates.html")]
struct EstimatesPage<'a> {
    l: Layout<'a>,
    errors: FormErrors,
    rows: Vec<EstimateRow>,
    saved: bool,
    default_trips: i64,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct SavedQuery {
    disimpan: String,
}

async fn estimates_page(
    state: &AppState,
    auth: &Authorized<CatalogAdmins>,
    typed: &[(String, String)],
    errs: &[FieldError],
    saved: bool,
) -> Result<Response, AppError> {
    let ctx = &auth.ctx;
    let t = ctx.t();
    let snap = crate::catalog::service::snapshot(state).await?;
    let value = |name: String, current: i64| {
        typed.iter().find(|(k, _)| *k == name).map(|(_, v)| v.clone()).unwrap_or_else(|| current.to_string())
    };
    let rows = service::estimates(state, ctx.lang)
        .await?
        .into_iter()
        .filter(|(_, _, agency, _, _)| service::may_estimate(&auth.user, agency))
        .map(|(id, name, agency, e, default_pages)| EstimateRow {
            pages: value(format!("pages-{id}"), e.pages),
            trips: value(format!("trips-{id}"), e.trips),
            agency: snap.agency(&agency).map(|a| a.name.get(ctx.lang).to_string()).unwrap_or(agency),
            id,
            name,
            default_pages,
            custom: e.custom,
        })
        .collect();
    let page = EstimatesPage {
        l: Layout::new(ctx, t.t("green-estimates-title")).with_errors(!errs.is_empty()),
        errors: FormErrors::from_fields(t, errs),
        rows,
        saved,
        default_trips: model::DEFAULT_TRIPS,
    };
    render_form(&page, !errs.is_empty())
}

async fn estimates_form(
    State(state): State<AppState>,
    auth: Authorized<CatalogAdmins>,
    Query(q): Query<SavedQuery>,
) -> Result<Response, AppError> {
    estimates_page(&state, &auth, &[], &[], !q.disimpan.is_empty()).await
}

async fn estimates_submit(
    State(state): State<AppState>,
    auth: Authorized<CatalogAdmins>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let field = |name: &str| pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()).unwrap_or_default();
    let edits: Vec<EstimateEdit> = pairs
        .iter()
        .filter_map(|(k, _)| k.strip_prefix("pages-"))
        .map(|id| EstimateEdit {
            service_id: id.to_string(),
            input: model::EstimateInput { pages: field(&format!("pages-{id}")), trips: field(&format!("trips-{id}")) },
        })
        .collect();
    match service::set_estimates(&state, &auth.user, edits).await {
        Ok(_) => Ok(see_other("/kelola/hijau?disimpan=1")),
        Err(AppError::Validation(errs)) => estimates_page(&state, &auth, &pairs, &errs, false).await,
        Err(e) => Err(e),
    }
}

// ---------------------------------------------------------------------------------------
// The pickup agency: windows and the day's route list.

/// A window in the admins' list.
pub struct WindowRow {
    pub label: String,
    pub zone: String,
    pub booked: i64,
    pub capacity: i64,
    pub kinds: String,
}

#[derive(Template)]
#[template(path = "green/windows.html")]
struct WindowsPage<'a> {
    l: Layout<'a>,
    errors: FormErrors,
    zones: Vec<(String, String)>,
    kinds: Vec<(String, String)>,
    weekdays: Vec<(String, String)>,
    windows: Vec<WindowRow>,
    /// The form that was refused (`satu` or `rutin`), with what was typed.
    form: String,
    typed: Vec<(String, String)>,
    added: String,
}

impl WindowsPage<'_> {
    fn value(&self, form: &str, name: &str) -> String {
        if self.form != form {
            return String::new();
        }
        self.typed.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()).unwrap_or_default()
    }

    /// The text inputs of a window form: (name, label, input type).
    fn inputs(&self, date_label: &str) -> Vec<(&'static str, String, &'static str)> {
        let t = self.l.t;
        vec![
            ("date", t.t(date_label), "date"),
            ("start", t.t("green-start"), "time"),
            ("end", t.t("green-end"), "time"),
            ("capacity", t.t("green-capacity"), "number"),
        ]
    }

    fn checked(&self, form: &str, name: &str, value: &str) -> bool {
        self.form == form && self.typed.iter().any(|(k, v)| k == name && v == value)
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct AddedQuery {
    ditambah: String,
}

async fn windows_view(
    state: &AppState,
    auth: &Authorized<Staff>,
    form: &str,
    typed: Vec<(String, String)>,
    errs: &[FieldError],
    added: String,
) -> Result<Response, AppError> {
    service::pickup_agency(state, &auth.user, true)?;
    let ctx = &auth.ctx;
    let t = ctx.t();
    let windows = service::coming_windows(state, &auth.user)
        .await?
        .iter()
        .map(|w| {
            let c = window_choice(ctx, w);
            WindowRow { label: c.label, zone: w.zone.clone(), booked: w.booked, capacity: w.capacity, kinds: c.kinds }
        })
        .collect();
    let weekdays = (1..=7).map(|d| (d.to_string(), t.t(&format!("green-weekday-{d}")))).collect();
    let page = WindowsPage {
        l: Layout::new(ctx, t.t("green-windows-title")).with_errors(!errs.is_empty()),
        errors: FormErrors::from_fields(t, errs),
        zones: service::zones(state),
        kinds: choices(t, "green-kind-", model::KINDS),
        weekdays,
        windows,
        form: form.to_string(),
        typed,
        added: added.trim().parse::<i64>().map(|n| t.tn("green-windows-added", "n", n)).unwrap_or_default(),
    };
    render_form(&page, !errs.is_empty())
}

async fn windows_page(
    State(state): State<AppState>,
    auth: Authorized<Staff>,
    Query(q): Query<AddedQuery>,
) -> Result<Response, AppError> {
    windows_view(&state, &auth, "", vec![], &[], q.ditambah).await
}

async fn add_windows(
    state: AppState,
    auth: Authorized<Staff>,
    pairs: Vec<(String, String)>,
    plan: bool,
) -> Result<Response, AppError> {
    let input = WindowInput::from_pairs(&pairs);
    match service::add_windows(&state, &auth.user, &input, plan).await {
        Ok(n) => Ok(see_other(&format!("/kelola/hijau/jadwal?ditambah={n}"))),
        Err(AppError::Validation(errs)) => {
            // Each form's fields have their own ids (`rutin-zone`).
            let form = if plan { "rutin" } else { "satu" };
            let errs: Vec<FieldError> =
                errs.into_iter().map(|e| FieldError::new(format!("{form}-{}", e.field), e.key)).collect();
            windows_view(&state, &auth, form, pairs, &errs, String::new()).await
        }
        Err(e) => Err(e),
    }
}

async fn window_submit(
    State(state): State<AppState>,
    auth: Authorized<Staff>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    add_windows(state, auth, pairs, false).await
}

async fn plan_submit(
    State(state): State<AppState>,
    auth: Authorized<Staff>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    add_windows(state, auth, pairs, true).await
}

/// A window of the day with its route list.
pub struct DayWindow {
    pub id: i64,
    pub label: String,
    pub zone: String,
    pub booked: i64,
    pub capacity: i64,
    pub stops: Vec<Stop>,
}

/// One stop of the route.
pub struct Stop {
    pub code: String,
    pub kelurahan: String,
    pub rt_rw: String,
    pub address: String,
    pub kind: String,
    pub volume: String,
    pub status: String,
    pub tag: &'static str,
    pub reason: String,
    pub open: bool,
    /// Other windows of its zone with a free place (to move it to).
    pub moves: Vec<(i64, String)>,
}

#[derive(Template)]
#[template(path = "green/day.html")]
struct DayPage<'a> {
    l: Layout<'a>,
    errors: FormErrors,
    date: String,
    date_label: String,
    zone: String,
    zones: Vec<(String, String)>,
    windows: Vec<DayWindow>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct DayQuery {
    tanggal: String,
    zona: String,
}

async fn day_view(
    state: &AppState,
    auth: &Authorized<Staff>,
    q: DayQuery,
    errs: &[FieldError],
) -> Result<Response, AppError> {
    service::pickup_agency(state, &auth.user, false)?;
    let ctx = &auth.ctx;
    let t = ctx.t();
    let date = crate::calendar::parse_date(q.tanggal.trim()).unwrap_or_else(|| service::today(state));
    let zone =
        Some(q.zona.trim().to_string()).filter(|z| model::is_zone(z, &state.config.green_city)).unwrap_or_default();
    let day = service::day(state, &auth.user, date, &zone).await?;
    let mut windows = vec![];
    for (w, pickups) in day {
        let others: Vec<(i64, String)> = service::free_windows(state, &w.zone, "")
            .await?
            .iter()
            .filter(|o| o.id != w.id)
            .take(10)
            .map(|o| (o.id, window_choice(ctx, o).label))
            .collect();
        let stops = pickups
            .iter()
            .map(|p| {
                let r = pickup_row(ctx, p);
                Stop {
                    code: p.code.clone(),
                    kelurahan: p.kelurahan.clone(),
                    rt_rw: format!("{}/{}", p.rt, p.rw),
                    address: p.address.clone(),
                    kind: r.kind,
                    volume: r.volume,
                    status: r.status,
                    tag: r.tag,
                    reason: r.reason,
                    open: p.status == "scheduled",
                    moves: others.iter().filter(|_| model::takes(&w.kinds, &p.kind)).cloned().collect(),
                }
            })
            .collect();
        windows.push(DayWindow {
            id: w.id,
            label: format!("{}–{}", model::hhmm(w.start_min), model::hhmm(w.end_min)),
            zone: model::zone_name(&w.zone),
            booked: w.booked,
            capacity: w.capacity,
            stops,
        });
    }
    let page = DayPage {
        l: Layout::new(ctx, t.t("green-day-title")).with_errors(!errs.is_empty()),
        errors: FormErrors::from_fields(t, errs),
        date: date.to_string(),
        date_label: fmt_date(date, ctx.lang),
        zone,
        zones: service::zones(state),
        windows,
    };
    render_form(&page, !errs.is_empty())
}

async fn day_page(
    State(state): State<AppState>,
    auth: Authorized<Staff>,
    Query(q): Query<DayQuery>,
) -> Result<Response, AppError> {
    day_view(&state, &auth, q, &[]).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct MarkForm {
    outcome: String,
    reason: String,
    tanggal: String,
    window_id: String,
}

/// Back to the day's list after an officer's action, or the list again with the refusal.
async fn after_action(
    state: &AppState,
    auth: &Authorized<Staff>,
    result: Result<Pickup, AppError>,
    (code, tanggal): (&str, String),
    field: &'static str,
) -> Result<Response, AppError> {
    match result {
        Ok(p) => Ok(see_other(&format!("/kelola/hijau/angkut?tanggal={}#{}", p.date, p.code))),
        Err(e) => {
            // The fields of the stop's own form (`reason-AS-2026-000001`).
            let errs: Vec<FieldError> = as_fields(e, field)?
                .into_iter()
                .map(|e| FieldError::new(format!("{}-{code}", e.field), e.key))
                .collect();
            day_view(state, auth, DayQuery { tanggal, zona: String::new() }, &errs).await
        }
    }
}

async fn mark_submit(
    State(state): State<AppState>,
    auth: Authorized<Staff>,
    ApiPath(code): ApiPath<String>,
    CsrfForm(f): CsrfForm<MarkForm>,
) -> Result<Response, AppError> {
    service::pickup_agency(&state, &auth.user, false)?;
    let input = OutcomeInput { outcome: f.outcome, reason: f.reason };
    let result = service::mark(&state, &auth.user, &code, &input).await;
    after_action(&state, &auth, result, (&code, f.tanggal), "outcome").await
}

async fn move_submit(
    State(state): State<AppState>,
    auth: Authorized<Staff>,
    ApiPath(code): ApiPath<String>,
    CsrfForm(f): CsrfForm<MarkForm>,
) -> Result<Response, AppError> {
    service::pickup_agency(&state, &auth.user, false)?;
    let result = service::reschedule(&state, &auth.user, &code, &serde_json::Value::String(f.window_id)).await;
    after_action(&state, &auth, result, (&code, f.tanggal), "window_id").await
}
