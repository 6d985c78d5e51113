//! `/anggaran`: the year's budget with charts and tables, the drill-down of an agency, downloads;
//! `/kelola/anggaran`: the import page for agency and platform admins.

use askama::Template;
use axum::extract::{Multipart, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::model;
use super::service::{self, CheckedLine, ImportReport, ProgrammeGroup, Totals};
use crate::app::AppState;
use crate::web::auth::{Authorized, CatalogAdmins};
use crate::web::chart::{BarChart, LineChart, Series};
use crate::web::i18n::Lang;
use crate::web::routes::Pages;
use crate::web::{render, ApiPath, AppError, Ctx, Layout};

pub fn pages() -> Pages {
    Pages::new()
        .get("/anggaran", year_page)
        .get("/anggaran/unduh", download)
        .get("/anggaran/{year}/{agency}", agency_page)
        .get("/kelola/anggaran", import_form)
        .post("/kelola/anggaran", import_submit)
}

/// A row of the table by agency.
pub struct AgencyRow {
    pub id: String,
    pub name: String,
    pub totals: Totals,
}

/// A row of the monthly table.
pub struct MonthRow {
    pub month: &'static str,
    pub realised: i64,
    pub cumulative: i64,
    pub planned: i64,
}

#[derive(Template)]
#[template(path = "budget/year.html")]
struct YearPage<'a> {
    l: Layout<'a>,
    /// (year, shown now)
    years: Vec<(i32, bool)>,
    year: Option<i32>,
    totals: Totals,
    agencies: Vec<AgencyRow>,
    months: Vec<MonthRow>,
    bar_svg: String,
    line_svg: String,
    changed: usize,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct YearQuery {
    tahun: Option<String>,
}

fn agency_name(snap: &crate::catalog::service::Snapshot, id: &str, lang: Lang) -> String {
    snap.agency(id).map(|a| a.name.get(lang).to_string()).unwrap_or_else(|| id.to_string())
}

/// The cumulative planned pace: the plan spread evenly over the months.
fn planned_pace(plan: i64) -> Vec<i64> {
    (1..=12).map(|m| (i128::from(plan) * m / 12) as i64).collect()
}

async fn year_page(State(state): State<AppState>, ctx: Ctx, Query(q): Query<YearQuery>) -> Result<Response, AppError> {
    let t = ctx.t();
    let lang = t.lang;
    let years = service::years(&state.db).await?;
    let year = q.tahun.and_then(|y| y.parse::<i32>().ok()).filter(|y| years.contains(y)).or(years.first().copied());
    let lines = match year {
        Some(y) => service::lines(&state.db, y, None).await?,
        None => vec![],
    };
    let snap = crate::catalog::service::snapshot(&state).await?;
    let totals = Totals::of(&lines);
    let mut agencies: Vec<AgencyRow> = service::by_agency(&lines)
        .into_iter()
        .map(|(id, ls)| AgencyRow { id: id.to_string(), name: agency_name(&snap, id, lang), totals: Totals::of(ls) })
        .collect();
    agencies.sort_by(|a, b| b.totals.plan.cmp(&a.totals.plan).then_with(|| a.name.cmp(&b.name)));
    let (plan_name, real_name) = (t.t("budget-plan"), t.t("budget-realised"));
    let year_text = year.map(|y| y.to_string()).unwrap_or_default();
    let bar = BarChart {
        id: "chart-agencies".into(),
        title: t.t1("budget-chart-agencies", "year", &year_text),
        description: t.t("budget-chart-agencies-desc"),
        series: vec![Series { name: plan_name.clone() }, Series { name: real_name.clone() }],
        rows: agencies.iter().map(|a| (a.name.clone(), vec![a.totals.plan, a.totals.realised])).collect(),
    };
    let cumulative = totals.cumulative();
    // The realisation line ends at the last month with any realisation (later months are not
    // reported yet, and a flat line would read as no spending).
    let reported = totals.monthly.iter().rposition(|v| *v != 0).map_or(0, |i| i + 1);
    let pace = planned_pace(totals.plan);
    let line = LineChart {
        id: "chart-months".into(),
        title: t.t1("budget-chart-months", "year", &year_text),
        description: t.t("budget-chart-months-desc"),
        x_labels: (0..12).map(|m| crate::web::month_short(m, lang).to_string()).collect(),
        series: vec![
            (Series { name: t.t("budget-planned-pace") }, pace.clone()),
            (Series { name: t.t("budget-cumulative") }, cumulative[..reported].to_vec()),
        ],
    };
    let month_rows = (0..12)
        .map(|m| MonthRow {
            month: crate::web::month_short(m, lang),
            realised: totals.monthly.get(m).copied().unwrap_or(0),
            cumulative: cumulative.get(m).copied().unwrap_or(0),
            planned: pace[m],
        })
        .collect();
    let changed = lines.iter().filter(|l| !l.matches_ledger).count();
    let page = YearPage {
        l: Layout::new(&ctx, t.t("budget-title")),
        years: years.iter().map(|y| (*y, Some(*y) == year)).collect(),
        year,
        totals,
        agencies,
        months: month_rows,
        bar_svg: if lines.is_empty() { String::new() } else { bar.svg() },
        line_svg: if lines.is_empty() { String::new() } else { line.svg() },
        changed,
    };
    Ok(render(&page)?.into_response())
}

#[derive(Template)]
#[template(path = "budget/agency.html")]
struct AgencyPage<'a> {
    l: Layout<'a>,
    year: i32,
    agency: String,
    name: String,
    totals: Totals,
    programmes: Vec<ProgrammeGroup<'a>>,
    changed: usize,
}

async fn agency_page(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath((year, agency)): ApiPath<(i32, String)>,
) -> Result<Response, AppError> {
    let t = ctx.t();
    let lines: Vec<CheckedLine> = service::lines(&state.db, year, Some(&agency)).await?;
    if lines.is_empty() {
        return Err(AppError::NotFound);
    }
    let snap = crate::catalog::service::snapshot(&state).await?;
    let name = agency_name(&snap, &agency, t.lang);
    let totals = Totals::of(&lines);
    let changed = lines.iter().filter(|l| !l.matches_ledger).count();
    let page = AgencyPage {
        l: Layout::new(&ctx, format!("{} {year}: {name}", t.t("budget-title"))),
        year,
        agency,
        name,
        totals,
        programmes: service::tree(&lines),
        changed,
    };
    Ok(render(&page)?.into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct DownloadQuery {
    tahun: String,
    instansi: String,
    format: String,
}

/// The year's lines (or one agency's) as CSV or `satupintu.budget/v1` JSON.
async fn download(State(state): State<AppState>, Query(q): Query<DownloadQuery>) -> Result<Response, AppError> {
    let year: i32 = q.tahun.parse().map_err(|_| AppError::NotFound)?;
    let agency = Some(q.instansi.as_str()).filter(|a| !a.is_empty());
    if agency.is_some_and(|a| !a.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')) {
        return Err(AppError::NotFound);
    }
    let lines = service::lines(&state.db, year, agency).await?;
    if lines.is_empty() {
        return Err(AppError::NotFound);
    }
    let name = match agency {
        Some(a) => format!("anggaran-{year}-{a}"),
        None => format!("anggaran-{year}"),
    };
    let (body, mime, ext) = match q.format.as_str() {
        "json" => (
            serde_json::to_string_pretty(&service::document(&lines)).map_err(|e| AppError::Internal(e.into()))?,
            "application/json",
            "json",
        ),
        "csv" | "" => {
            let plain: Vec<model::Line> = lines.into_iter().map(|l| l.line).collect();
            (model::to_csv(&plain), "text/csv; charset=utf-8", "csv")
        }
        _ => return Err(AppError::NotFound),
    };
    Ok(crate::web::attachment(mime, &format!("{name}.{ext}"), body))
}

#[derive(Template)]
#[template(path = "budget/import.html")]
struct ImportPage<'a> {
    l: Layout<'a>,
    report: Option<ImportReport>,
    problems: Vec<(String, String)>,
}

async fn import_form(auth: Authorized<CatalogAdmins>) -> Result<Response, AppError> {
    let ctx = &auth.ctx;
    let l = Layout::new(ctx, ctx.t().t("budget-import-title"));
    Ok(render(&ImportPage { l, report: None, problems: vec![] })?.into_response())
}

async fn import_submit(
    State(state): State<AppState>,
    auth: Authorized<CatalogAdmins>,
    mut multipart: Multipart,
) -> Result<Response, AppError> {
    let (user, ctx) = (&auth.user, &auth.ctx);
    let file = crate::web::extract::csrf_text_file(&mut multipart, ctx, "file").await?;
    let t = ctx.t();
    let l = Layout::new(ctx, t.t("budget-import-title")).with_errors(true);
    let Some(text) = file else {
        let problems = vec![("file".to_string(), t.t("budget-err-empty"))];
        return Ok(
            (StatusCode::UNPROCESSABLE_ENTITY, render(&ImportPage { l, report: None, problems })?).into_response()
        );
    };
    let known = crate::catalog::service::snapshot(&state).await?.agency_ids();
    match service::import(&state.db, &text, &known, Some(user)).await {
        Ok(report) => {
            let l = Layout::new(ctx, t.t("budget-import-title"));
            Ok(render(&ImportPage { l, report: Some(report), problems: vec![] })?.into_response())
        }
        Err(AppError::Validation(fields)) => {
            let problems = fields.iter().map(|f| (f.field.clone(), t.t(f.key))).collect();
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&ImportPage { l, report: None, problems })?).into_response())
        }
        Err(e) => Err(e),
    }
}
