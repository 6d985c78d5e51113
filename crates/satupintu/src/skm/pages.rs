//! Survey pages: the public IKM per unit and period (`/survei-kepuasan`), a citizen's
//! invitations and the survey form (`/survei`), the kiosk for walk-ins (`/skm/kiosk`), and the
//! staff's report with its PDF and CSV (`/kelola/skm`).

use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::api::IkmQuery;
use super::model::{self, AnswerInput, Ikm, Period, ELEMENTS};
use super::service::{self, Standing, UnitPeriod};
use crate::app::AppState;
use crate::catalog::service::{snapshot, Snapshot};
use crate::identity::Role;
use crate::web::auth::{Authorized, Citizens, RoleSet};
use crate::web::chart::{BarChart, LineChart, Series};
use crate::web::routes::Pages;
use crate::web::{
    after_post, fmt_datetime, render, render_form, ApiPath, ApiQuery, AppError, CsrfForm, FieldError, FormErrors, Lang,
    Layout, T,
};

pub fn pages() -> Pages {
    Pages::new()
        .get("/survei-kepuasan", public_page)
        .get("/survei", my_page)
        .get("/survei/{id}", survey_page)
        .post("/survei/{id}", survey_post)
        .get("/skm/kiosk", kiosk_page)
        .post("/skm/kiosk", kiosk_post)
        .get("/kelola/skm", admin_page)
        .get("/kelola/skm/laporan.csv", super::report::csv_download)
        .get("/kelola/skm/laporan.pdf", super::report::pdf_download)
}

/// Staff who open the kiosk at their agency's counter.
pub struct KioskStaff;
impl RoleSet for KioskStaff {
    const ROLES: &'static [Role] = &service::KIOSK_ROLES;
}

/// Staff who read and export the official report (their own agency, or any for platform admins
/// and auditors: see [`service::may_report`]).
pub struct SkmReporters;
impl RoleSet for SkmReporters {
    const ROLES: &'static [Role] = &[Role::Supervisor, Role::AgencyAdmin, Role::Auditor, Role::SuperAdmin];
}

/// Query of the public and staff pages (Indonesian names, as in the other public pages).
#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct PageQuery {
    pub instansi: String,
    pub periode: String,
}

impl PageQuery {
    pub fn api(&self) -> IkmQuery {
        IkmQuery { agency: self.instansi.clone(), period: self.periode.clone() }
    }
}

/// "Sangat Baik" and the like for a category letter.
pub fn quality(t: T<'_>, c: char) -> String {
    t.t(&format!("skm-quality-{}", c.to_ascii_lowercase()))
}

/// A period for people: "November 2026", "Triwulan IV 2026", "2026".
pub fn period_label(t: T<'_>, p: &Period) -> String {
    match *p {
        Period::Month(y, m) => {
            let d = time::Date::from_calendar_date(y, time::Month::try_from(m).unwrap_or(time::Month::January), 1)
                .unwrap_or(time::Date::MIN);
            let full = crate::web::fmt_date(d, t.lang);
            // "Minggu, 1 November 2026" → "November 2026".
            full.split(' ').skip(2).collect::<Vec<_>>().join(" ")
        }
        Period::Quarter(y, q) => t.t2("skm-quarter", ("q", q), ("year", y)),
        Period::Year(y) => y.to_string(),
    }
}

pub fn agency_name(snap: &Snapshot, lang: Lang, id: &str) -> String {
    snap.agency(id).map(|a| a.name.get(lang).to_string()).unwrap_or_else(|| id.to_string())
}

/// A choice of a select.
pub struct Choice {
    pub value: String,
    pub label: String,
}

/// The periods to choose: every month with responses, their quarters and years, newest first,
/// and the one shown.
fn period_choices(t: T<'_>, months: &[String], current: &Period) -> Vec<Choice> {
    let mut codes: Vec<Period> = vec![];
    for m in months {
        if let Some(p @ Period::Month(y, mm)) = Period::of_month(m) {
            for c in [Period::Year(y), Period::Quarter(y, (mm - 1) / 3 + 1), p] {
                if !codes.contains(&c) {
                    codes.push(c);
                }
            }
        }
    }
    if !codes.contains(current) {
        codes.insert(0, *current);
    }
    codes.iter().map(|p| Choice { value: p.code(), label: period_label(t, p) }).collect()
}

/// A unit's row in the IKM table.
pub struct UnitRow {
    pub id: String,
    pub name: String,
    pub ikm: String,
    pub category: String,
    pub quality: String,
    pub respondents: i64,
    pub population: i64,
    pub minimum: i64,
    pub too_few: bool,
}

pub fn unit_row(t: T<'_>, snap: &Snapshot, u: &UnitPeriod) -> UnitRow {
    UnitRow {
        id: u.agency_id.clone(),
        name: agency_name(snap, t.lang, &u.agency_id),
        ikm: u.ikm.as_ref().map(Ikm::text).unwrap_or_else(|| "–".into()),
        category: u.ikm.as_ref().map(|i| i.category.to_string()).unwrap_or_default(),
        quality: u.ikm.as_ref().map(|i| quality(t, i.category)).unwrap_or_default(),
        respondents: u.respondents,
        population: u.population,
        minimum: u.minimum,
        too_few: u.too_few(),
    }
}

/// An element's row beneath its chart.
#[derive(Clone)]
pub struct ElementRow {
    pub code: String,
    pub name: String,
    pub nrr: String,
    pub weighted: String,
    pub converted: String,
}

pub fn element_rows(t: T<'_>, ikm: &Ikm) -> Vec<ElementRow> {
    ikm.nrr
        .iter()
        .enumerate()
        .map(|(i, n)| ElementRow {
            code: format!("U{}", i + 1),
            name: t.t(&format!("skm-u{}", i + 1)),
            nrr: model::two(*n),
            weighted: format!("{:.3}", n / 9.0),
            converted: model::two(n * 25.0),
        })
        .collect()
}

struct TrendRow {
    month: String,
    ikm: String,
    category: String,
    respondents: i64,
}

/// One unit in detail: its elements and its trend.
struct Detail {
    name: String,
    elements: Vec<ElementRow>,
    element_svg: String,
    trend: Vec<TrendRow>,
    trend_svg: String,
}

/// "U8 Penanganan pengaduan, sa…": an element's chart label, short enough for a phone.
fn short_label(i: usize, name: &str) -> String {
    let label = format!("U{} {name}", i + 1);
    if label.chars().count() > 28 {
        format!("{}…", label.chars().take(27).collect::<String>())
    } else {
        label
    }
}

/// The twelve months up to the end of `p`.
fn trend_months(p: &Period) -> Vec<String> {
    let last = p.months().last().cloned().unwrap_or_default();
    let (mut y, mut m) = match Period::of_month(&last) {
        Some(Period::Month(y, m)) => (y, m),
        _ => return vec![],
    };
    let mut out = vec![];
    for _ in 0..12 {
        out.push(format!("{y:04}-{m:02}"));
        if m == 1 {
            y -= 1;
            m = 12;
        } else {
            m -= 1;
        }
    }
    out.reverse();
    out
}

async fn detail(state: &AppState, t: T<'_>, snap: &Snapshot, u: &UnitPeriod, p: &Period) -> Result<Detail, AppError> {
    let name = agency_name(snap, t.lang, &u.agency_id);
    let elements = u.ikm.as_ref().map(|i| element_rows(t, i)).unwrap_or_default();
    let element_svg = match &u.ikm {
        Some(ikm) => BarChart {
            id: "skm-elements".into(),
            title: t.t1("skm-elements-chart", "unit", &name),
            description: t.t("skm-elements-chart-desc"),
            series: vec![Series { name: t.t("skm-converted") }],
            rows: ikm
                .nrr
                .iter()
                .enumerate()
                .map(|(i, n)| (short_label(i, &t.t(&format!("skm-u{}", i + 1))), vec![(n * 25.0).round() as i64]))
                .collect(),
        }
        .svg(),
        None => String::new(),
    };
    let mut points = service::trend(state, &u.agency_id, &trend_months(p)).await?;
    // The trend starts at the unit's first month with answers (no line rising from zero).
    let first = points.iter().position(|(_, i)| i.is_some()).unwrap_or(points.len());
    points.drain(..first);
    let months: Vec<String> = points.iter().map(|(m, _)| m.clone()).collect();
    let trend_svg = if !points.is_empty() {
        LineChart {
            id: "skm-trend".into(),
            title: t.t1("skm-trend-chart", "unit", &name),
            description: t.t("skm-trend-chart-desc"),
            x_labels: months.iter().map(|m| m.get(2..).unwrap_or(m).to_string()).collect(),
            series: vec![(
                Series { name: "IKM".into() },
                points.iter().map(|(_, i)| i.as_ref().map_or(0, |i| (i.centi + 50) / 100)).collect(),
            )],
        }
        .svg()
    } else {
        String::new()
    };
    let trend = points
        .iter()
        .map(|(m, i)| TrendRow {
            month: Period::of_month(m).map(|p| period_label(t, &p)).unwrap_or_else(|| m.clone()),
            ikm: i.as_ref().map(Ikm::text).unwrap_or_else(|| "–".into()),
            category: i.as_ref().map(|i| i.category.to_string()).unwrap_or_default(),
            respondents: i.as_ref().map_or(0, |i| i.respondents),
        })
        .collect();
    Ok(Detail { name, elements, element_svg, trend, trend_svg })
}

#[derive(Template)]
#[template(path = "skm/public.html")]
struct PublicPage<'a> {
    l: Layout<'a>,
    period: String,
    period_label: String,
    instansi: String,
    periods: Vec<Choice>,
    agencies: Vec<Choice>,
    rows: Vec<UnitRow>,
    too_few: bool,
    detail: Option<Detail>,
}

fn agency_choices(snap: &Snapshot, lang: Lang) -> Vec<Choice> {
    snap.agencies.iter().map(|a| Choice { value: a.id.clone(), label: a.name.get(lang).to_string() }).collect()
}

async fn public_page(
    State(state): State<AppState>,
    ctx: crate::web::Ctx,
    ApiQuery(q): ApiQuery<PageQuery>,
) -> Result<Response, AppError> {
    let t = ctx.t();
    let (period, agency) = q.api().resolve(&state).await?;
    let (months, _) = service::periods(&state).await?;
    let units = service::units(&state, &period, &agency).await?;
    let snap = snapshot(&state).await?;
    let detail = match units.first().filter(|_| !agency.is_empty()) {
        Some(u) => Some(detail(&state, t, &snap, u, &period).await?),
        None => None,
    };
    let page = PublicPage {
        l: Layout::new(&ctx, t.t("skm-public-title")),
        period: period.code(),
        period_label: period_label(t, &period),
        instansi: agency,
        periods: period_choices(t, &months, &period),
        agencies: agency_choices(&snap, t.lang),
        rows: units.iter().map(|u| unit_row(t, &snap, u)).collect(),
        too_few: units.iter().any(|u| u.too_few()),
        detail,
    };
    Ok(render(&page)?.into_response())
}

/// An invitation in the citizen's list.
struct InvitationRow {
    id: i64,
    what: String,
    agency: String,
    finished: String,
    status: String,
    open: bool,
}

#[derive(Template)]
#[template(path = "skm/mine.html")]
struct MinePage<'a> {
    l: Layout<'a>,
    rows: Vec<InvitationRow>,
}

fn standing_key(s: Standing) -> &'static str {
    match s {
        Standing::Open => "skm-status-open",
        Standing::Answered => "skm-status-answered",
        Standing::Expired => "skm-status-expired",
    }
}

async fn my_page(State(state): State<AppState>, auth: Authorized<Citizens>) -> Result<Response, AppError> {
    let t = auth.ctx.t();
    let snap = snapshot(&state).await?;
    let now = crate::db::now();
    let rows = service::my_invitations(&state, &auth.user)
        .await?
        .iter()
        .map(|i| {
            let s = service::standing(i, now);
            InvitationRow {
                id: i.id,
                what: t.t(&format!("skm-source-{}", i.source_kind)),
                agency: agency_name(&snap, t.lang, &i.agency_id),
                finished: fmt_datetime(i.finished_at, t.lang),
                status: t.t(standing_key(s)),
                open: s == Standing::Open,
            }
        })
        .collect();
    let page = MinePage { l: Layout::new(&auth.ctx, t.t("skm-mine-title")), rows };
    Ok(render(&page)?.into_response())
}

/// One element of the form: a radio group.
pub struct ElementField {
    pub name: String,
    pub title: String,
    pub question: String,
    pub options: Vec<(String, String, bool)>,
    pub error: Option<String>,
}

fn fields(t: T<'_>, input: &AnswerInput, errors: &FormErrors) -> Vec<ElementField> {
    (0..ELEMENTS)
        .map(|i| {
            let n = i + 1;
            let name = format!("u{n}");
            ElementField {
                title: format!("U{n}. {}", t.t(&format!("skm-u{n}"))),
                question: t.t(&format!("skm-u{n}-q")),
                options: (1..=4)
                    .map(|v| {
                        let value = v.to_string();
                        let checked = input.value(i) == value;
                        (value, t.t(&format!("skm-u{n}-a{v}")), checked)
                    })
                    .collect(),
                error: errors.get(&name).map(str::to_string),
                name,
            }
        })
        .collect()
}

#[derive(Template)]
#[template(path = "skm/survey.html")]
struct SurveyPage<'a> {
    l: Layout<'a>,
    errors: FormErrors,
    id: i64,
    agency: String,
    what: String,
    status: String,
    open: bool,
    answered: bool,
    fields: Vec<ElementField>,
    suggestion: String,
}

async fn survey_view(
    state: &AppState,
    auth: &Authorized<Citizens>,
    id: i64,
    input: AnswerInput,
    errs: &[FieldError],
) -> Result<Response, AppError> {
    let t = auth.ctx.t();
    let inv = service::own_invitation(state, &auth.user, id).await?;
    let s = service::standing(&inv, crate::db::now());
    let snap = snapshot(state).await?;
    let errors = FormErrors::from_fields(t, errs);
    let page = SurveyPage {
        l: Layout::new(&auth.ctx, t.t("skm-survey-title")).with_errors(!errs.is_empty()),
        fields: fields(t, &input, &errors),
        errors,
        id,
        agency: agency_name(&snap, t.lang, &inv.agency_id),
        what: t.t(&format!("skm-source-{}", inv.source_kind)),
        status: t.t(standing_key(s)),
        open: s == Standing::Open,
        answered: s == Standing::Answered,
        suggestion: input.suggestion,
    };
    render_form(&page, !errs.is_empty())
}

async fn survey_page(
    State(state): State<AppState>,
    auth: Authorized<Citizens>,
    ApiPath(id): ApiPath<i64>,
) -> Result<Response, AppError> {
    survey_view(&state, &auth, id, AnswerInput::default(), &[]).await
}

async fn survey_post(
    State(state): State<AppState>,
    auth: Authorized<Citizens>,
    ApiPath(id): ApiPath<i64>,
    CsrfForm(form): CsrfForm<AnswerInput>,
) -> Result<Response, AppError> {
    let result = service::answer(&state, &auth.user, id, &form).await;
    after_post(
        result,
        |()| format!("/survei/{id}"),
        |errs| async move { survey_view(&state, &auth, id, form, &errs).await },
    )
    .await
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct KioskQuery {
    terima: String,
}

#[derive(Template)]
#[template(path = "skm/kiosk.html")]
struct KioskPage<'a> {
    l: Layout<'a>,
    errors: FormErrors,
    agency: String,
    thanks: bool,
    fields: Vec<ElementField>,
    suggestion: String,
}

async fn kiosk_view(
    state: &AppState,
    auth: &Authorized<KioskStaff>,
    input: AnswerInput,
    thanks: bool,
    errs: &[FieldError],
) -> Result<Response, AppError> {
    let t = auth.ctx.t();
    let agency = auth.user.agency_id.clone().ok_or(AppError::Forbidden)?;
    let snap = snapshot(state).await?;
    let errors = FormErrors::from_fields(t, errs);
    let page = KioskPage {
        l: Layout::new(&auth.ctx, t.t("skm-kiosk-title")).with_errors(!errs.is_empty()),
        fields: fields(t, &input, &errors),
        errors,
        agency: agency_name(&snap, t.lang, &agency),
        thanks,
        suggestion: input.suggestion,
    };
    render_form(&page, !errs.is_empty())
}

async fn kiosk_page(
    State(state): State<AppState>,
    auth: Authorized<KioskStaff>,
    ApiQuery(q): ApiQuery<KioskQuery>,
) -> Result<Response, AppError> {
    kiosk_view(&state, &auth, AnswerInput::default(), q.terima == "1", &[]).await
}

async fn kiosk_post(
    State(state): State<AppState>,
    auth: Authorized<KioskStaff>,
    CsrfForm(form): CsrfForm<AnswerInput>,
) -> Result<Response, AppError> {
    let result = service::kiosk_answer(&state, &auth.user, &form).await;
    after_post(
        result,
        |()| "/skm/kiosk?terima=1".to_string(),
        |errs| async move { kiosk_view(&state, &auth, form, false, &errs).await },
    )
    .await
}

#[derive(Template)]
#[template(path = "skm/admin.html")]
struct AdminPage<'a> {
    l: Layout<'a>,
    period: String,
    period_label: String,
    instansi: String,
    periods: Vec<Choice>,
    agencies: Vec<Choice>,
    row: Option<UnitRow>,
    elements: Vec<ElementRow>,
    suggestions: Vec<(String, String)>,
    download: String,
}

/// The agency a staff member reports on: their own, or the one chosen (platform admins and
/// auditors), checked.
pub async fn report_scope(
    state: &AppState,
    user: &crate::identity::CurrentUser,
    q: &PageQuery,
) -> Result<(Period, String), AppError> {
    let mut q = q.clone();
    if q.instansi.trim().is_empty() {
        q.instansi = match &user.agency_id {
            Some(a) => a.clone(),
            None => snapshot(state).await?.agencies.first().map(|a| a.id.clone()).unwrap_or_default(),
        };
    }
    let (period, agency) = q.api().resolve(state).await?;
    if agency.is_empty() || !service::may_report(user, &agency) {
        return Err(AppError::Forbidden);
    }
    Ok((period, agency))
}

async fn admin_page(
    State(state): State<AppState>,
    auth: Authorized<SkmReporters>,
    ApiQuery(q): ApiQuery<PageQuery>,
) -> Result<Response, AppError> {
    let t = auth.ctx.t();
    let (period, agency) = report_scope(&state, &auth.user, &q).await?;
    let (months, _) = service::periods(&state).await?;
    let units = service::units(&state, &period, &agency).await?;
    let snap = snapshot(&state).await?;
    let agencies =
        agency_choices(&snap, t.lang).into_iter().filter(|c| service::may_report(&auth.user, &c.value)).collect();
    let unit = units.first();
    let query =
        serde_urlencoded::to_string([("instansi", agency.as_str()), ("periode", &period.code())]).unwrap_or_default();
    let page = AdminPage {
        l: Layout::new(&auth.ctx, t.t("skm-admin-title")),
        period: period.code(),
        period_label: period_label(t, &period),
        periods: period_choices(t, &months, &period),
        agencies,
        row: unit.map(|u| unit_row(t, &snap, u)),
        elements: unit.and_then(|u| u.ikm.as_ref()).map(|i| element_rows(t, i)).unwrap_or_default(),
        suggestions: service::suggestions(&state, &agency, &period).await?,
        download: query,
        instansi: agency,
    };
    Ok(render(&page)?.into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_trend_is_the_twelve_months_to_the_end_of_the_period() {
        let m = trend_months(&Period::Quarter(2026, 1));
        assert_eq!(m.len(), 12);
        assert_eq!((m[0].as_str(), m[11].as_str()), ("2025-04", "2026-03"));
        assert_eq!(trend_months(&Period::Month(2026, 12)).last().map(String::as_str), Some("2026-12"));
    }

    #[test]
    fn chart_labels_fit_a_phone() {
        assert_eq!(short_label(0, "Persyaratan"), "U1 Persyaratan");
        let long = short_label(7, "Penanganan pengaduan, saran dan masukan");
        assert_eq!(long.chars().count(), 28);
        assert!(long.ends_with('…'));
    }
}
