//! The public monitoring pages, for everyone without signing in: `/pantau` (flood gauges and
//! air quality now, in plain words, live through `/pantau/langsung`) and `/pantau/{id}` (a
//! public thing's charts of the last 48 hours and 30 days). Only public sensors of public things
//! appear; staff-only things answer 404.

use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Response};

use super::live::{self, Snapshot};
use super::model::{Sensor, Thing};
use super::pages::{dots, snapshot_stream, table_rows, MapDot, TableRow};
use super::registry;
use super::views::{self, Level, Range, TimeChart};
use crate::app::AppState;
use crate::web::routes::Pages;
use crate::web::{render, ApiPath, AppError, Ctx, Layout, T};

pub fn pages() -> Pages {
    Pages::new().get("/pantau", page).get("/pantau/langsung", live_public).get("/pantau/{id}", thing_page)
}

/// A public level in words: `Siaga`, `Tidak sehat (ISPU 120)`.
pub fn level_label(t: T<'_>, l: &Level) -> String {
    let name = t.t(&format!("iotv-level-{}", l.code));
    match l.index {
        Some(i) => format!("{name} (ISPU {i})"),
        None => name,
    }
}

pub fn level_tag(key: &str) -> &'static str {
    match key {
        "normal" | "baik" => "govuk-tag--green",
        "waspada" | "sedang" => "govuk-tag--yellow",
        "siaga" | "tidak-sehat" => "govuk-tag--orange",
        "sangat-tidak-sehat" => "govuk-tag--red",
        "awas" | "berbahaya" => "govuk-tag--purple",
        _ => "govuk-tag--grey",
    }
}

pub struct PublicSensor {
    pub id: String,
    pub name: String,
    pub kind: String,
    pub value: String,
    pub unit: String,
    pub time: String,
    pub level: Option<String>,
    pub level_tag: &'static str,
}

pub struct PublicThing {
    pub id: String,
    pub name: String,
    pub kind: String,
    pub description: String,
    pub sensors: Vec<PublicSensor>,
}

fn public_sensor(t: T<'_>, s: &Sensor, snap: &Snapshot) -> PublicSensor {
    let now = snap.sensors.iter().find(|x| x.id == s.id);
    let value = now.and_then(|n| n.value).or(s.last_value);
    let ts = now.and_then(|n| n.ts_ms).or(s.last_ts_ms);
    let level = value.and_then(|v| views::level(&s.kind, v, now.and_then(|n| n.limit)));
    PublicSensor {
        id: s.id.clone(),
        name: s.name.clone(),
        kind: views::sensor_kind(t, &s.kind),
        value: value.map(|v| views::number(v, t.lang)).unwrap_or_else(|| "–".into()),
        unit: views::unit(&s.unit).into(),
        time: ts.map(|ts| views::time_ms(ts, t.lang)).unwrap_or_else(|| t.t("iotv-never")),
        level_tag: level.as_ref().map(|l| level_tag(l.code)).unwrap_or("govuk-tag--grey"),
        level: level.as_ref().map(|l| level_label(t, l)),
    }
}

fn public_thing(t: T<'_>, th: &Thing, sensors: &[Sensor], snap: &Snapshot) -> PublicThing {
    PublicThing {
        id: th.id.clone(),
        name: th.name.clone(),
        kind: views::thing_kind(t, &th.kind),
        description: th.description.clone(),
        sensors: sensors
            .iter()
            .filter(|s| s.public && s.thing_id == th.id)
            .map(|s| public_sensor(t, s, snap))
            .collect(),
    }
}

#[derive(Template)]
#[template(path = "iot/public.html")]
struct PublicPage<'a> {
    l: Layout<'a>,
    things: Vec<PublicThing>,
    dots: Vec<MapDot>,
}

async fn page(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    let t = ctx.t();
    let mut conn = state.db.conn().await?;
    let things = registry::things(&mut conn, None, true).await?;
    let mut sensors = vec![];
    for th in &things {
        sensors.extend(registry::sensors(&mut conn, Some(&th.id), None).await?);
    }
    let snap = live::read(&mut conn, crate::db::now() * 1000).await?;
    drop(conn);
    let page = PublicPage {
        l: Layout::new(&ctx, t.t("iotv-public-title")),
        dots: dots(t, &things, &snap, |id| format!("/pantau/{id}")),
        things: things.iter().map(|th| public_thing(t, th, &sensors, &snap)).collect(),
    };
    Ok(render(&page)?.into_response())
}

async fn live_public(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    if state.iot_live.current().at_ms == 0 {
        state.iot_live.refresh(&state).await?;
    }
    Ok(snapshot_stream(&state, ctx.t().lang, true, None))
}

pub struct PublicChart {
    pub id: String,
    pub title: String,
    pub svg: String,
    pub rows: Vec<TableRow>,
}

pub struct SensorCharts {
    pub sensor: PublicSensor,
    pub charts: Vec<PublicChart>,
}

#[derive(Template)]
#[template(path = "iot/public_thing.html")]
struct ThingPage<'a> {
    l: Layout<'a>,
    thing: PublicThing,
    sensors: Vec<SensorCharts>,
}

/// Points a public chart draws (and its table lists): hourly for two days, half-daily for 30.
const PUBLIC_POINTS: usize = 60;

async fn thing_page(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<String>,
) -> Result<Response, AppError> {
    let t = ctx.t();
    let mut conn = state.db.conn().await?;
    let thing = registry::thing_by_id(&mut conn, &id).await?.filter(|th| th.public).ok_or(AppError::NotFound)?;
    let sensors: Vec<Sensor> =
        registry::sensors(&mut conn, Some(&thing.id), None).await?.into_iter().filter(|s| s.public).collect();
    let now = crate::db::now();
    let snap = live::read(&mut conn, now * 1000).await?;
    let mut out = vec![];
    for s in &sensors {
        let limit = snap.sensors.iter().find(|x| x.id == s.id).and_then(|x| x.limit);
        let mut charts = vec![];
        for range in [Range::H48, Range::D30] {
            let data = views::series(&mut conn, &s.id, range, now).await?;
            let from = now - range.seconds();
            let points = views::thin(&data.points, from, now, PUBLIC_POINTS);
            let title = format!("{} ({}) · {}", s.name, views::unit(&s.unit), t.t(&range.label_key()));
            let chart_id = format!("chart-{}-{}", s.id, range.code());
            let svg = TimeChart {
                id: chart_id.clone(),
                title: title.clone(),
                description: t.t(if range.hourly() { "iotv-chart-desc-hourly" } else { "iotv-chart-desc-raw" }),
                points: &points,
                from,
                to: now,
                threshold: if s.kind == "water_level" { limit } else { None },
                lang: t.lang,
            }
            .svg();
            charts.push(PublicChart {
                id: chart_id,
                title,
                svg: if points.is_empty() { String::new() } else { svg },
                rows: table_rows(&points, t.lang),
            });
        }
        out.push(SensorCharts { sensor: public_sensor(t, s, &snap), charts });
    }
    drop(conn);
    let page = ThingPage {
        l: Layout::new(&ctx, thing.name.clone()),
        thing: public_thing(t, &thing, &sensors, &snap),
        sensors: out,
    };
    Ok(render(&page)?.into_response())
}
