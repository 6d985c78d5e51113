//! `/kelola/prakiraan`: every forecast series a staff member may see, and one series in full:
//! history and forecast as a chart with the same figures in a table, the error on held-out
//! weeks beside the seasonal-naive error, and the calendar effects applied.

use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::model::{Accuracy, HOLDOUT, LEVEL};
use super::seasons::Event;
use super::service::{self, SeriesForecast, APPLICATIONS};
use crate::app::AppState;
use crate::catalog::service::Snapshot;
use crate::web::auth::{Authorized, Staff};
use crate::web::chart::{LineChart, Series};
use crate::web::routes::Pages;
use crate::web::{fmt_date_short, fmt_datetime, render, ApiQuery, AppError, Lang, Layout, T};

pub fn pages() -> Pages {
    Pages::new().get("/kelola/prakiraan", page)
}

/// Weeks of history drawn before the forecast.
const CHART_HISTORY: usize = 26;
/// Weeks of history in the table under the chart.
const TABLE_HISTORY: usize = 8;

#[derive(Deserialize, Default)]
#[serde(default)]
struct PageQuery {
    layanan: String,
    lokasi: String,
}

/// A series in the list.
struct SeriesRow {
    href: String,
    service: String,
    place: String,
    next: String,
    mape: String,
    naive: String,
    selected: bool,
}

/// A week in the table.
struct WeekRow {
    week: String,
    observed: Option<i64>,
    forecast: Option<String>,
    range: Option<String>,
    events: String,
}

struct EffectRow {
    name: String,
    factor: String,
    weeks: usize,
    applied: bool,
}

struct Selected {
    title: String,
    method: String,
    history_weeks: usize,
    chart_svg: String,
    weeks: Vec<WeekRow>,
    effects: Vec<EffectRow>,
    mape: String,
    mase: String,
    naive: String,
    computed: String,
}

#[derive(Template)]
#[template(path = "forecast/page.html")]
struct ForecastPage<'a> {
    l: Layout<'a>,
    rows: Vec<SeriesRow>,
    selected: Option<Selected>,
    holdout: usize,
    level: u32,
}

/// `12,3` in Indonesian, `12.3` in English (one decimal).
fn num(v: f64, lang: Lang) -> String {
    dec(v, 1, lang)
}

fn dec(v: f64, places: usize, lang: Lang) -> String {
    crate::web::local_decimal(format!("{v:.places$}"), lang)
}

fn pct(v: Option<f64>, t: T<'_>) -> String {
    v.map(|x| format!("{}%", num(x, t.lang))).unwrap_or_else(|| t.t("forecast-none"))
}

fn service_name(snap: &Snapshot, id: &str, lang: Lang) -> String {
    snap.service(id).map(|s| s.service.name.get(lang).to_string()).unwrap_or_else(|| id.to_string())
}

fn place_name(s: &SeriesForecast, locations: &std::collections::HashMap<String, String>, t: T<'_>) -> String {
    if s.kind == APPLICATIONS {
        t.t("forecast-online")
    } else {
        locations.get(&s.location_id).cloned().unwrap_or_else(|| s.location_id.clone())
    }
}

/// `5 Okt` (every week starts on a Monday, so the weekday is left out).
fn week_label(week: &str, lang: Lang) -> String {
    crate::calendar::parse_date(week)
        .map(|d| fmt_date_short(d, lang).split(", ").last().unwrap_or_default().to_string())
        .unwrap_or_else(|| week.to_string())
}

fn events_text(events: &[Event], t: T<'_>) -> String {
    events.iter().map(|e| t.t(&format!("forecast-event-{}", e.as_str()))).collect::<Vec<_>>().join(", ")
}

fn selected(s: &SeriesForecast, title: String, t: T<'_>) -> Selected {
    let o = &s.outcome;
    let lang = t.lang;
    let shown = &o.history[o.history.len().saturating_sub(CHART_HISTORY)..];
    let labels: Vec<String> = shown
        .iter()
        .map(|h| h.week.as_str())
        .chain(o.forecast.iter().map(|p| p.week.as_str()))
        .enumerate()
        .map(|(i, w)| if i % 4 == 0 { week_label(w, lang) } else { String::new() })
        .collect();
    let observed: Vec<i64> = shown.iter().map(|h| h.count).collect();
    // The forecast lines continue the history, so that they start where it ends.
    let cont = |f: &dyn Fn(&super::model::Point) -> Option<f64>| -> Vec<i64> {
        observed.iter().copied().chain(o.forecast.iter().map(|p| f(p).unwrap_or(p.value).round() as i64)).collect()
    };
    let mut series = vec![
        (Series { name: t.t("forecast-observed") }, observed.clone()),
        (Series { name: t.t("forecast-forecast") }, cont(&|p| Some(p.value))),
    ];
    if o.forecast.iter().any(|p| p.upper.is_some()) {
        series.push((Series { name: t.t("forecast-upper") }, cont(&|p| p.upper)));
        series.push((Series { name: t.t("forecast-lower") }, cont(&|p| p.lower)));
    }
    let chart = LineChart {
        id: "chart-forecast".into(),
        title: title.clone(),
        description: t.t("forecast-chart-desc"),
        x_labels: labels,
        series,
    };
    let mut weeks: Vec<WeekRow> = o.history[o.history.len().saturating_sub(TABLE_HISTORY)..]
        .iter()
        .map(|h| WeekRow {
            week: week_label(&h.week, lang),
            observed: Some(h.count),
            forecast: None,
            range: None,
            events: String::new(),
        })
        .collect();
    weeks.extend(o.forecast.iter().map(|p| WeekRow {
        week: week_label(&p.week, lang),
        observed: None,
        forecast: Some(num(p.value, lang)),
        range: p.lower.zip(p.upper).map(|(lo, hi)| format!("{}–{}", num(lo, lang), num(hi, lang))),
        events: events_text(&p.events, t),
    }));
    let effects = o
        .effects
        .iter()
        .map(|e| EffectRow {
            name: t.t(&format!("forecast-event-{}", e.event.as_str())),
            factor: format!("×{}", dec(e.factor, 2, lang)),
            weeks: e.weeks,
            applied: e.weeks >= 2 && (e.factor - 1.0).abs() > 1e-9,
        })
        .collect();
    let acc = o.accuracy.clone().unwrap_or(Accuracy { weeks: 0, mape: None, mase: None, naive_mape: None });
    Selected {
        title,
        method: t.t(&format!("forecast-method-{}", o.method.as_str().replace('_', "-"))),
        history_weeks: o.history_weeks,
        chart_svg: chart.svg(),
        weeks,
        effects,
        mape: pct(acc.mape, t),
        mase: acc.mase.map(|m| dec(m, 2, lang)).unwrap_or_else(|| t.t("forecast-none")),
        naive: pct(acc.naive_mape, t),
        computed: fmt_datetime(s.computed_at, lang),
    }
}

async fn page(
    State(state): State<AppState>,
    auth: Authorized<Staff>,
    ApiQuery(q): ApiQuery<PageQuery>,
) -> Result<Response, AppError> {
    let ctx = &auth.ctx;
    let t = ctx.t();
    let list = service::visible(&state.db, &auth.user).await?;
    let snap = crate::catalog::service::snapshot(&state).await?;
    let locations: std::collections::HashMap<String, String> =
        crate::appointments::store::locations(&mut *state.db.conn().await?)
            .await?
            .into_iter()
            .map(|l| (l.id, l.name))
            .collect();
    let wanted = list.iter().position(|s| s.service_id == q.layanan && s.location_id == q.lokasi);
    let chosen = wanted.or(if q.layanan.is_empty() { (!list.is_empty()).then_some(0) } else { None });
    if !q.layanan.is_empty() && wanted.is_none() {
        return Err(AppError::NotFound);
    }
    let rows = list
        .iter()
        .enumerate()
        .map(|(i, s)| SeriesRow {
            href: format!(
                "/kelola/prakiraan?{}",
                serde_urlencoded::to_string([("layanan", &s.service_id), ("lokasi", &s.location_id)])
                    .unwrap_or_default()
            ),
            service: service_name(&snap, &s.service_id, t.lang),
            place: place_name(s, &locations, t),
            next: s.outcome.forecast.first().map(|p| num(p.value, t.lang)).unwrap_or_default(),
            mape: pct(s.outcome.accuracy.as_ref().and_then(|a| a.mape), t),
            naive: pct(s.outcome.accuracy.as_ref().and_then(|a| a.naive_mape), t),
            selected: Some(i) == chosen,
        })
        .collect();
    let selected = chosen.map(|i| {
        let s = &list[i];
        let title = format!("{} · {}", service_name(&snap, &s.service_id, t.lang), place_name(s, &locations, t));
        selected(s, title, t)
    });
    let page = ForecastPage {
        l: Layout::new(ctx, t.t("forecast-title")),
        rows,
        selected,
        holdout: HOLDOUT,
        level: (LEVEL * 100.0).round() as u32,
    };
    Ok(render(&page)?.into_response())
}
