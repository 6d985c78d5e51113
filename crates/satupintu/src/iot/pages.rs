//! Staff pages of the monitoring: the dashboard with a small map and the latest values
//! (`/kelola/iot`, live through `/kelola/iot/langsung`), a sensor's chart, table and CSV
//! (`/kelola/iot/sensor/{id}`), and the registry of things, devices and sensors
//! (`/kelola/iot/perangkat`).

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use askama::Template;
use axum::extract::State;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::live::{self, sensor_state, Snapshot};
use super::manage::{self, DeviceForm, NewDevice, SensorForm, ThingForm};
use super::model::{SensorKind, Thing, ThingKind};
use super::registry;
use super::views::{self, Range, TimeChart};
use crate::app::AppState;
use crate::identity::Role;
use crate::web::auth::{Authorized, RoleSet, Staff};
use crate::web::routes::Pages;
use crate::web::{
    attachment, render, render_form, see_other, ApiPath, ApiQuery, AppError, CsrfForm, FieldError, FormErrors, Lang,
    Layout, T,
};

pub fn pages() -> Pages {
    Pages::new()
        .get("/kelola/iot", dashboard)
        .get("/kelola/iot/langsung", live_staff)
        .get("/kelola/iot/sensor/{id}", sensor_page)
        .get("/kelola/iot/sensor/{id}/csv", sensor_csv)
        .get("/kelola/iot/perangkat", registry_page)
        .post("/kelola/iot/perangkat/tambah-benda", add_thing)
        .post("/kelola/iot/perangkat/tambah-alat", add_device)
        .post("/kelola/iot/perangkat/tambah-sensor", add_sensor)
        .post("/kelola/iot/perangkat/{id}/token", rotate_token)
        .post("/kelola/iot/perangkat/{id}/nonaktif", deactivate)
}

/// Those who manage the registry (agency admins their own agency's things).
pub struct IotAdmins;
impl RoleSet for IotAdmins {
    const ROLES: &'static [Role] = &[Role::AgencyAdmin, Role::SuperAdmin];
}

/// The state of a thing or sensor for people, and its tag colour.
pub fn state_label(t: T<'_>, state: &str) -> String {
    t.t(&format!("iotv-state-{state}"))
}

pub fn state_tag(state: &str) -> &'static str {
    match state {
        "danger" => "govuk-tag--red",
        "warning" => "govuk-tag--orange",
        "nodata" => "govuk-tag--grey",
        _ => "govuk-tag--green",
    }
}

/// The fill of a thing's dot on the small map (dark enough on white; the label says it too).
pub fn state_fill(state: &str) -> &'static str {
    match state {
        "danger" => "#d4351c",
        "warning" => "#b35900",
        "nodata" => "#505a5f",
        _ => "#00703c",
    }
}

pub struct MapDot {
    pub id: String,
    pub name: String,
    pub href: String,
    pub x: String,
    pub y: String,
    pub state: String,
    pub label: String,
    pub fill: &'static str,
    /// Its label goes left of the dot in the right half, so it stays inside the map.
    pub anchor: &'static str,
    pub dx: i32,
}

/// Dots of a small map of `things` (x, y in a 600 x 300 box).
pub fn dots(t: T<'_>, things: &[Thing], snap: &Snapshot, href: impl Fn(&str) -> String) -> Vec<MapDot> {
    things
        .iter()
        .map(|th| {
            let (x, y) = views::map_xy(things, th.lat, th.lon, 600.0, 300.0);
            let state = snap.thing_state(&th.id);
            MapDot {
                id: th.id.clone(),
                name: th.name.clone(),
                href: href(&th.id),
                x: format!("{x:.1}"),
                y: format!("{y:.1}"),
                state: state.into(),
                label: state_label(t, state),
                fill: state_fill(state),
                anchor: if x > 300.0 { "end" } else { "start" },
                dx: if x > 300.0 { -16 } else { 16 },
            }
        })
        .collect()
}

struct ThingRow {
    id: String,
    name: String,
    kind: String,
    agency: String,
    place: String,
    state_label: String,
    tag: &'static str,
    orders: i64,
}

struct SensorRow {
    id: String,
    thing: String,
    name: String,
    kind: String,
    value: String,
    unit: String,
    time: String,
    state_label: String,
    tag: &'static str,
    bad: i64,
}

#[derive(Template)]
#[template(path = "iot/dashboard.html")]
struct DashboardPage<'a> {
    l: Layout<'a>,
    things: Vec<ThingRow>,
    sensors: Vec<SensorRow>,
    dots: Vec<MapDot>,
    manage: bool,
}

/// The agency a staff member sees (none: all); staff without an agency see nothing.
fn scope_of(user: &crate::identity::CurrentUser) -> Result<Option<String>, AppError> {
    views::scope(user)
}

async fn dashboard(State(state): State<AppState>, auth: Authorized<Staff>) -> Result<Response, AppError> {
    let t = auth.ctx.t();
    let scope = scope_of(&auth.user)?;
    let mut conn = state.db.conn().await?;
    let things = registry::things(&mut conn, scope.as_deref(), false).await?;
    let sensors = registry::sensors_of_agency(&mut conn, scope.as_deref()).await?;
    let snap = live::read(&mut conn, crate::db::now() * 1000).await?;
    drop(conn);
    let catalog = crate::catalog::service::snapshot(&state).await?;
    let agency = |id: &str| catalog.agency(id).map(|a| a.name.get(t.lang).to_string()).unwrap_or_else(|| id.into());
    let thing_rows = things
        .iter()
        .map(|th| {
            let st = snap.thing_state(&th.id);
            ThingRow {
                id: th.id.clone(),
                name: th.name.clone(),
                kind: views::thing_kind(t, &th.kind),
                agency: agency(&th.agency_id),
                place: format!("{:.4}, {:.4}", th.lat, th.lon),
                state_label: state_label(t, st),
                tag: state_tag(st),
                orders: snap.things.iter().find(|x| x.id == th.id).map(|x| x.open_orders).unwrap_or(0),
            }
        })
        .collect();
    let sensor_rows = sensors
        .iter()
        .map(|s| {
            let now = snap.sensors.iter().find(|x| x.id == s.id);
            let st = now.map(|n| sensor_state(n, snap.at_ms)).unwrap_or("nodata");
            SensorRow {
                id: s.id.clone(),
                thing: things.iter().find(|th| th.id == s.thing_id).map(|th| th.name.clone()).unwrap_or_default(),
                name: s.name.clone(),
                kind: views::sensor_kind(t, &s.kind),
                value: s.last_value.map(|v| views::number(v, t.lang)).unwrap_or_else(|| "–".into()),
                unit: views::unit(&s.unit).into(),
                time: s.last_ts_ms.map(|ts| views::time_ms(ts, t.lang)).unwrap_or_else(|| t.t("iotv-never")),
                state_label: state_label(t, st),
                tag: state_tag(st),
                bad: now.map(|n| n.bad_payloads).unwrap_or(0),
            }
        })
        .collect();
    let page = DashboardPage {
        l: Layout::new(&auth.ctx, t.t("iotv-dashboard-title")),
        dots: dots(t, &things, &snap, |id| format!("#thing-{id}")),
        things: thing_rows,
        sensors: sensor_rows,
        manage: matches!(auth.user.role, Role::AgencyAdmin | Role::SuperAdmin),
    };
    Ok(render(&page)?.into_response())
}

/// The `snapshot` event of a live stream: the things and sensors a viewer may see, with values,
/// times, states and levels already written for people in the viewer's language.
pub fn event_json(snap: &Snapshot, lang: Lang, public: bool, scope: Option<&str>) -> String {
    let t = T { locales: crate::web::locales(), lang };
    let visible = |agency: &str, public_flag: bool| {
        if public {
            public_flag
        } else {
            scope.is_none_or(|a| a == agency)
        }
    };
    let things: Vec<serde_json::Value> = snap
        .things
        .iter()
        .filter(|th| visible(&th.agency_id, th.public))
        .map(|th| {
            let st = snap.thing_state(&th.id);
            let mut v = serde_json::json!({
                "id": th.id, "state": st, "label": state_label(t, st), "fill": state_fill(st), "tag": state_tag(st),
            });
            if !public {
                v["orders"] = th.open_orders.into();
            }
            v
        })
        .collect();
    let sensors: Vec<serde_json::Value> = snap
        .sensors
        .iter()
        .filter(|s| visible(&s.agency_id, s.public))
        .map(|s| {
            let st = sensor_state(s, snap.at_ms);
            let level = s.value.and_then(|v| views::level(&s.kind, v, s.limit));
            let mut v = serde_json::json!({
                "id": s.id,
                "value": s.value.map(|v| views::number(v, lang)).unwrap_or_else(|| "–".into()),
                "time": s.ts_ms.map(|ts| views::time_ms(ts, lang)).unwrap_or_else(|| t.t("iotv-never")),
                "level": level.as_ref().map(|l| l.code),
                "level_label": level.as_ref().map(|l| crate::iot::public::level_label(t, l)),
                "level_tag": level.as_ref().map(|l| crate::iot::public::level_tag(l.code)),
            });
            if !public {
                v["state"] = st.into();
                v["label"] = state_label(t, st).into();
                v["tag"] = state_tag(st).into();
                v["bad"] = s.bad_payloads.into();
            }
            v
        })
        .collect();
    serde_json::json!({ "things": things, "sensors": sensors }).to_string()
}

/// A live stream of `snapshot` events for one viewer: one at once, then one whenever what the
/// viewer sees changed; it ends when the server shuts down.
pub fn snapshot_stream(state: &AppState, lang: Lang, public: bool, scope: Option<String>) -> Response {
    let rx = state.iot_live.subscribe();
    let closing = state.live.closing();
    let first = true;
    let last = String::new();
    let stream = futures_util::stream::unfold((rx, closing, first, last), move |(mut rx, mut closing, first, last)| {
        let scope = scope.clone();
        async move {
            let mut first = first;
            loop {
                if *closing.borrow() {
                    return None;
                }
                if !first {
                    tokio::select! {
                        _ = closing.changed() => return None,
                        changed = rx.changed() => if changed.is_err() { return None },
                    }
                }
                first = false;
                let snap: Arc<Snapshot> = rx.borrow_and_update().clone();
                if snap.at_ms == 0 {
                    continue;
                }
                let data = event_json(&snap, lang, public, scope.as_deref());
                if data != last {
                    let event = Event::default().event("snapshot").data(data.clone());
                    return Some((Ok::<Event, Infallible>(event), (rx, closing, false, data)));
                }
            }
        }
    });
    Sse::new(stream).keep_alive(KeepAlive::new().interval(Duration::from_secs(20))).into_response()
}

async fn live_staff(State(state): State<AppState>, auth: Authorized<Staff>) -> Result<Response, AppError> {
    let scope = scope_of(&auth.user)?;
    if state.iot_live.current().at_ms == 0 {
        state.iot_live.refresh(&state).await?;
    }
    Ok(snapshot_stream(&state, auth.ctx.t().lang, false, scope))
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RangeQuery {
    jangka: String,
}

struct RangeLink {
    code: &'static str,
    label: String,
    current: bool,
}

pub struct TableRow {
    pub time: String,
    pub mean: String,
    pub min: String,
    pub max: String,
    pub n: i64,
}

pub fn table_rows(points: &[views::Point], lang: Lang) -> Vec<TableRow> {
    points
        .iter()
        .rev()
        .map(|p| TableRow {
            time: crate::web::fmt_datetime(p.ts, lang),
            mean: views::number(p.mean, lang),
            min: views::number(p.min, lang),
            max: views::number(p.max, lang),
            n: p.n,
        })
        .collect()
}

#[derive(Template)]
#[template(path = "iot/sensor.html")]
struct SensorPage<'a> {
    l: Layout<'a>,
    id: String,
    thing: String,
    kind: String,
    unit: String,
    latest: String,
    latest_time: String,
    range: &'static str,
    range_label: String,
    ranges: Vec<RangeLink>,
    chart: String,
    rows: Vec<TableRow>,
    grouped: bool,
    threshold: Option<String>,
}

/// A sensor the staff member may see, with its thing.
async fn visible_sensor(
    state: &AppState,
    user: &crate::identity::CurrentUser,
    id: &str,
) -> Result<(super::model::Sensor, Thing), AppError> {
    let mut conn = state.db.conn().await?;
    let sensor = registry::sensor_by_id(&mut conn, id).await?.ok_or(AppError::NotFound)?;
    let thing = registry::thing_by_id(&mut conn, &sensor.thing_id).await?.ok_or(AppError::NotFound)?;
    if !views::sees(user, &thing.agency_id) {
        return Err(AppError::NotFound);
    }
    Ok((sensor, thing))
}

async fn sensor_page(
    State(state): State<AppState>,
    auth: Authorized<Staff>,
    ApiPath(id): ApiPath<String>,
    ApiQuery(q): ApiQuery<RangeQuery>,
) -> Result<Response, AppError> {
    let t = auth.ctx.t();
    let (sensor, thing) = visible_sensor(&state, &auth.user, &id).await?;
    let range = Range::parse(&q.jangka);
    let now = crate::db::now();
    let mut conn = state.db.conn().await?;
    let data = views::series(&mut conn, &sensor.id, range, now).await?;
    let snap = live::read(&mut conn, now * 1000).await?;
    drop(conn);
    let limit = snap.sensors.iter().find(|s| s.id == sensor.id).and_then(|s| s.limit);
    let kind = views::sensor_kind(t, &sensor.kind);
    let unit = views::unit(&sensor.unit).to_string();
    let range_label = t.t(&range.label_key());
    let chart = TimeChart {
        id: "chart-sensor".into(),
        title: format!("{} · {} ({unit}) · {range_label}", thing.name, sensor.name),
        description: t.t(if range.hourly() { "iotv-chart-desc-hourly" } else { "iotv-chart-desc-raw" }),
        points: &data.points,
        from: now - range.seconds(),
        to: now,
        threshold: limit,
        lang: t.lang,
    };
    let grouped = data.points.iter().any(|p| p.n > 1);
    let page = SensorPage {
        l: Layout::new(&auth.ctx, format!("{} · {}", sensor.name, thing.name)),
        id: sensor.id.clone(),
        thing: thing.name.clone(),
        kind,
        latest: sensor.last_value.map(|v| views::number(v, t.lang)).unwrap_or_else(|| "–".into()),
        latest_time: sensor.last_ts_ms.map(|ts| views::time_ms(ts, t.lang)).unwrap_or_else(|| t.t("iotv-never")),
        unit,
        range: range.code(),
        range_label,
        ranges: Range::STAFF
            .iter()
            .map(|r| RangeLink { code: r.code(), label: t.t(&r.label_key()), current: *r == range })
            .collect(),
        chart: if data.points.is_empty() { String::new() } else { chart.svg() },
        rows: table_rows(&data.points, t.lang),
        grouped,
        threshold: limit.map(|v| views::number(v, t.lang)),
    };
    Ok(render(&page)?.into_response())
}

async fn sensor_csv(
    State(state): State<AppState>,
    auth: Authorized<Staff>,
    ApiPath(id): ApiPath<String>,
    ApiQuery(q): ApiQuery<RangeQuery>,
) -> Result<Response, AppError> {
    let (sensor, _) = visible_sensor(&state, &auth.user, &id).await?;
    let range = Range::parse(&q.jangka);
    let now = crate::db::now();
    let mut conn = state.db.conn().await?;
    let data = views::series(&mut conn, &sensor.id, range, now).await?;
    drop(conn);
    let iso = |s: i64| {
        time::OffsetDateTime::from_unix_timestamp(s)
            .ok()
            .and_then(|d| d.format(&time::format_description::well_known::Rfc3339).ok())
            .unwrap_or_default()
    };
    let mut out = String::new();
    if range.hourly() {
        out.push_str("sensor,hour_utc,n,mean,min,max,unit\r\n");
        for h in &data.hours {
            out.push_str(&format!(
                "{},{},{},{},{},{},{}\r\n",
                sensor.id,
                iso(h.hour),
                h.n,
                h.mean,
                h.min,
                h.max,
                sensor.unit
            ));
        }
    } else {
        out.push_str("sensor,time_utc,value,unit\r\n");
        for r in &data.raw {
            let ms = r.ts_ms.rem_euclid(1000);
            let mut when = iso(r.ts_ms.div_euclid(1000));
            if ms != 0 {
                when = when.replace('Z', &format!(".{ms:03}Z"));
            }
            out.push_str(&format!("{},{},{},{}\r\n", sensor.id, when, r.value, sensor.unit));
        }
    }
    Ok(attachment("text/csv; charset=utf-8", &format!("{}-{}.csv", sensor.id, range.code()), out))
}

// ---- the registry ----------------------------------------------------------------------------

struct Choice {
    value: String,
    label: String,
}

struct DeviceRow {
    id: String,
    thing: String,
    name: String,
    active: bool,
    accepted: i64,
    refused: i64,
    last_seen: String,
    last_error: String,
    topic: String,
}

struct RegSensorRow {
    id: String,
    device: String,
    name: String,
    kind: String,
    unit: String,
    public: bool,
}

#[derive(Template)]
#[template(path = "iot/devices.html")]
struct RegistryPage<'a> {
    l: Layout<'a>,
    errors: FormErrors,
    things: Vec<ThingRow>,
    devices: Vec<DeviceRow>,
    sensors: Vec<RegSensorRow>,
    thing_kinds: Vec<Choice>,
    sensor_kinds: Vec<Choice>,
    agencies: Vec<Choice>,
    thing_choices: Vec<Choice>,
    device_choices: Vec<Choice>,
    pick_agency: bool,
    tf: ThingForm,
    df: DeviceForm,
    sf: SensorForm,
}

/// The agency whose registry a manager sees (none: all, for the platform admin).
fn manage_scope(user: &crate::identity::CurrentUser) -> Result<Option<String>, AppError> {
    match user.role {
        Role::SuperAdmin => Ok(None),
        Role::AgencyAdmin => user.agency_id.clone().map(Some).ok_or(AppError::Forbidden),
        _ => Err(AppError::Forbidden),
    }
}

async fn registry_view(
    state: &AppState,
    auth: &Authorized<IotAdmins>,
    errs: &[FieldError],
    forms: (ThingForm, DeviceForm, SensorForm),
    notice: Option<String>,
) -> Result<Response, AppError> {
    let t = auth.ctx.t();
    let scope = manage_scope(&auth.user)?;
    let mut conn = state.db.conn().await?;
    let things = registry::things(&mut conn, scope.as_deref(), false).await?;
    let devices = registry::devices_of_agency(&mut conn, scope.as_deref()).await?;
    let sensors = registry::sensors_of_agency(&mut conn, scope.as_deref()).await?;
    drop(conn);
    let catalog = crate::catalog::service::snapshot(state).await?;
    let agency = |id: &str| catalog.agency(id).map(|a| a.name.get(t.lang).to_string()).unwrap_or_else(|| id.into());
    let thing_name = |id: &str| things.iter().find(|th| th.id == id).map(|th| th.name.clone()).unwrap_or_default();
    let mut l = Layout::new(&auth.ctx, t.t("iotv-registry-title")).with_errors(!errs.is_empty());
    l.notice = notice;
    let page = RegistryPage {
        errors: FormErrors::from_fields(t, errs),
        things: things
            .iter()
            .map(|th| ThingRow {
                id: th.id.clone(),
                name: th.name.clone(),
                kind: views::thing_kind(t, &th.kind),
                agency: agency(&th.agency_id),
                place: format!("{:.4}, {:.4}", th.lat, th.lon),
                state_label: t.t(if th.public { "iotv-public-yes" } else { "iotv-public-no" }),
                tag: "",
                orders: 0,
            })
            .collect(),
        devices: devices
            .iter()
            .map(|d| DeviceRow {
                id: d.id.clone(),
                thing: thing_name(&d.thing_id),
                name: d.name.clone(),
                active: d.active,
                accepted: d.accepted,
                refused: d.bad_payloads,
                last_seen: d.last_seen_ms.map(|ts| views::time_ms(ts, t.lang)).unwrap_or_else(|| t.t("iotv-never")),
                last_error: d
                    .last_error
                    .as_deref()
                    .map(|k| {
                        let when = d.last_error_at.map(|s| crate::web::fmt_datetime(s, t.lang)).unwrap_or_default();
                        format!("{} ({when})", t.t(k))
                    })
                    .unwrap_or_default(),
                topic: topic(&d.id),
            })
            .collect(),
        sensors: sensors
            .iter()
            .map(|s| RegSensorRow {
                id: s.id.clone(),
                device: s.device_id.clone(),
                name: s.name.clone(),
                kind: views::sensor_kind(t, &s.kind),
                unit: views::unit(&s.unit).into(),
                public: s.public,
            })
            .collect(),
        thing_kinds: ThingKind::ALL
            .iter()
            .map(|k| Choice { value: k.as_str().into(), label: views::thing_kind(t, k.as_str()) })
            .collect(),
        sensor_kinds: SensorKind::ALL
            .iter()
            .map(|k| Choice {
                value: k.as_str().into(),
                label: format!("{} ({})", views::sensor_kind(t, k.as_str()), views::unit(k.unit())),
            })
            .collect(),
        agencies: catalog
            .agencies
            .iter()
            .map(|a| Choice { value: a.id.clone(), label: a.name.get(t.lang).to_string() })
            .collect(),
        thing_choices: things.iter().map(|th| Choice { value: th.id.clone(), label: th.name.clone() }).collect(),
        device_choices: devices
            .iter()
            .filter(|d| d.active)
            .map(|d| Choice { value: d.id.clone(), label: format!("{} ({})", d.name, d.id) })
            .collect(),
        pick_agency: auth.user.role == Role::SuperAdmin,
        tf: forms.0,
        df: forms.1,
        sf: forms.2,
        l,
    };
    render_form(&page, !errs.is_empty())
}

/// The MQTT topic a device publishes to.
pub fn topic(device: &str) -> String {
    format!("satupintu/v1/devices/{device}/readings")
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct NoticeQuery {
    ok: String,
}

async fn registry_page(
    State(state): State<AppState>,
    auth: Authorized<IotAdmins>,
    ApiQuery(q): ApiQuery<NoticeQuery>,
) -> Result<Response, AppError> {
    let t = auth.ctx.t();
    let notice = match q.ok.as_str() {
        "benda" => Some(t.t("iotv-added-thing")),
        "sensor" => Some(t.t("iotv-added-sensor")),
        "nonaktif" => Some(t.t("iotv-deactivated")),
        _ => None,
    };
    registry_view(&state, &auth, &[], Default::default(), notice).await
}

async fn add_thing(
    State(state): State<AppState>,
    auth: Authorized<IotAdmins>,
    CsrfForm(f): CsrfForm<ThingForm>,
) -> Result<Response, AppError> {
    match manage::add_thing(&state, &auth.user, f.clone()).await {
        Ok(_) => Ok(see_other("/kelola/iot/perangkat?ok=benda")),
        Err(AppError::Validation(errs)) => {
            registry_view(&state, &auth, &errs, (f, Default::default(), Default::default()), None).await
        }
        Err(e) => Err(e),
    }
}

#[derive(Template)]
#[template(path = "iot/token.html")]
struct TokenPage<'a> {
    l: Layout<'a>,
    device: String,
    name: String,
    token: String,
    topic: String,
    url: String,
    rotated: bool,
}

fn token_page(
    state: &AppState,
    auth: &Authorized<IotAdmins>,
    new: NewDevice,
    rotated: bool,
) -> Result<Response, AppError> {
    let t = auth.ctx.t();
    let page = TokenPage {
        l: Layout::new(&auth.ctx, t.t(if rotated { "iotv-token-rotated-title" } else { "iotv-device-added-title" })),
        topic: topic(&new.device.id),
        device: new.device.id,
        name: new.device.name,
        token: new.token,
        url: format!("{}/api/v1/iot/readings", state.base_url()),
        rotated,
    };
    let mut resp = render(&page)?.into_response();
    // The token is shown once: never from a cache.
    resp.headers_mut().insert(axum::http::header::CACHE_CONTROL, axum::http::HeaderValue::from_static("no-store"));
    Ok(resp)
}

async fn add_device(
    State(state): State<AppState>,
    auth: Authorized<IotAdmins>,
    CsrfForm(f): CsrfForm<DeviceForm>,
) -> Result<Response, AppError> {
    match manage::add_device(&state, &auth.user, f.clone()).await {
        Ok(new) => token_page(&state, &auth, new, false),
        Err(AppError::Validation(errs)) => {
            registry_view(&state, &auth, &errs, (Default::default(), f, Default::default()), None).await
        }
        Err(e) => Err(e),
    }
}

async fn add_sensor(
    State(state): State<AppState>,
    auth: Authorized<IotAdmins>,
    CsrfForm(f): CsrfForm<SensorForm>,
) -> Result<Response, AppError> {
    match manage::add_sensor(&state, &auth.user, f.clone()).await {
        Ok(_) => Ok(see_other("/kelola/iot/perangkat?ok=sensor")),
        Err(AppError::Validation(errs)) => {
            registry_view(&state, &auth, &errs, (Default::default(), Default::default(), f), None).await
        }
        Err(e) => Err(e),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Empty {}

async fn rotate_token(
    State(state): State<AppState>,
    auth: Authorized<IotAdmins>,
    ApiPath(id): ApiPath<String>,
    CsrfForm(_): CsrfForm<Empty>,
) -> Result<Response, AppError> {
    let new = manage::rotate_token(&state, &auth.user, &id).await?;
    token_page(&state, &auth, new, true)
}

async fn deactivate(
    State(state): State<AppState>,
    auth: Authorized<IotAdmins>,
    ApiPath(id): ApiPath<String>,
    CsrfForm(_): CsrfForm<Empty>,
) -> Result<Response, AppError> {
    manage::deactivate(&state, &auth.user, &id).await?;
    Ok(see_other("/kelola/iot/perangkat?ok=nonaktif"))
}
