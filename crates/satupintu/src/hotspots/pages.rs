//! `/kelola/titik-rawan`: the last hotspot scan as a chart and a table (cell centre,
//! category, recent and usual counts, emerging or not) and the alerts raised, for staff.

use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Response};

use super::model::{BASELINE_DAYS, MIN_REPORTS, RECENT_DAYS};
use super::service;
use crate::app::AppState;
use crate::web::auth::{Authorized, Staff};
use crate::web::chart::{BarChart, Series};
use crate::web::routes::Pages;
use crate::web::{fmt_datetime, render, AppError, Layout, T};

pub fn pages() -> Pages {
    Pages::new().get("/kelola/titik-rawan", page)
}

/// Cells drawn in the chart.
const CHART_ROWS: usize = 10;

struct CellRow {
    category: String,
    place: String,
    map: String,
    recent: i64,
    previous: i64,
    expected: String,
    emerging: bool,
    agency: String,
}

struct AlertRow {
    when: String,
    category: String,
    place: String,
    map: String,
    recent: i64,
    expected: String,
    agency: String,
}

#[derive(Template)]
#[template(path = "hotspots/page.html")]
struct HotspotPage<'a> {
    l: Layout<'a>,
    cells: Vec<CellRow>,
    alerts: Vec<AlertRow>,
    chart_svg: String,
    computed: Option<String>,
    recent_days: i64,
    baseline_weeks: i64,
    min_reports: i64,
}

fn category(t: T<'_>, c: &str) -> String {
    t.t(&format!("report-category-{}", c.replace('_', "-")))
}

fn place(lat: f64, lon: f64) -> String {
    format!("{lat:.5}, {lon:.5}")
}

fn map_link(lat: f64, lon: f64) -> String {
    format!("https://www.openstreetmap.org/?mlat={lat:.5}&mlon={lon:.5}#map=16/{lat:.5}/{lon:.5}")
}

fn expected(v: f64, t: T<'_>) -> String {
    crate::web::local_decimal(format!("{v:.1}"), t.lang)
}

async fn page(State(state): State<AppState>, auth: Authorized<Staff>) -> Result<Response, AppError> {
    let ctx = &auth.ctx;
    let t = ctx.t();
    let (rows, alerts) = service::visible(&state.db, &auth.user).await?;
    let snap = crate::catalog::service::snapshot(&state).await?;
    let agency = |a: Option<&str>| {
        a.map(|id| snap.agency(id).map(|x| x.name.get(t.lang).to_string()).unwrap_or_else(|| id.to_string()))
            .unwrap_or_default()
    };
    let chart = BarChart {
        id: "chart-hotspots".into(),
        title: t.t1("hotspots-chart", "days", RECENT_DAYS),
        description: t.t("hotspots-chart-desc"),
        series: vec![Series { name: t.t("hotspots-recent-short") }, Series { name: t.t("hotspots-expected-short") }],
        rows: rows
            .iter()
            .take(CHART_ROWS)
            .map(|r| {
                (
                    format!("{} · {}", category(t, &r.category), place(r.lat, r.lon)),
                    vec![r.recent, r.expected.round() as i64],
                )
            })
            .collect(),
    };
    let computed = rows.first().map(|r| fmt_datetime(r.computed_at, t.lang));
    let cells = rows
        .iter()
        .map(|r| CellRow {
            category: category(t, &r.category),
            place: place(r.lat, r.lon),
            map: map_link(r.lat, r.lon),
            recent: r.recent,
            previous: r.previous,
            expected: expected(r.expected, t),
            emerging: r.emerging,
            agency: agency(r.agency_id.as_deref()),
        })
        .collect();
    let alerts = alerts
        .iter()
        .map(|a| AlertRow {
            when: fmt_datetime(a.created_at, t.lang),
            category: category(t, &a.category),
            place: place(a.lat, a.lon),
            map: map_link(a.lat, a.lon),
            recent: a.recent,
            expected: expected(a.expected, t),
            agency: agency(a.agency_id.as_deref()),
        })
        .collect();
    let page = HotspotPage {
        l: Layout::new(ctx, t.t("hotspots-title")),
        chart_svg: if rows.is_empty() { String::new() } else { chart.svg() },
        cells,
        alerts,
        computed,
        recent_days: RECENT_DAYS,
        baseline_weeks: BASELINE_DAYS / 7,
        min_reports: MIN_REPORTS,
    };
    Ok(render(&page)?.into_response())
}
