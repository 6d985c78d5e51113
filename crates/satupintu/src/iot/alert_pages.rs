//! Staff pages of the IoT work orders and rules:
//!
//! - `/kelola/iot/perintah-kerja`: the work orders of the staff member's agency (all for the
//!   super admin and auditors), newest first, filtered by status; who is on duty, and a button
//!   to go on or off duty (`POST /kelola/iot/piket`);
//! - `/kelola/iot/perintah-kerja/{code}`: one work order with its thing, sensor, rule, values and
//!   timeline; acknowledge it (`/akui`) and confirm its close once values are normal (`/tutup`);
//! - `/kelola/iot/aturan`: the rules, a form to add one, and deactivating one (`/{id}/nonaktif`).

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use serde::Deserialize;

use super::alerts::{self, RuleInput};
use super::model::{Alert, RuleKind, SensorKind};
use super::rules::number;
use crate::app::AppState;
use crate::identity::Role;
use crate::web::auth::{Authorized, RoleSet, Staff};
use crate::web::routes::Pages;
use crate::web::{
    fmt_datetime, render_form, see_other, ApiPath, AppError, CsrfForm, FieldError, FormErrors, Layout, RequestCtx, T,
};

pub fn pages() -> Pages {
    Pages::new()
        .get("/kelola/iot/perintah-kerja", list)
        .get("/kelola/iot/perintah-kerja/{code}", detail)
        .post("/kelola/iot/perintah-kerja/{code}/akui", acknowledge)
        .post("/kelola/iot/perintah-kerja/{code}/tutup", close)
        .post("/kelola/iot/piket", duty)
        .get("/kelola/iot/aturan", rules_page)
        .post("/kelola/iot/aturan", rule_add)
        .post("/kelola/iot/aturan/{id}/nonaktif", rule_off)
}

/// Those who act on work orders: officers, supervisors and agency admins of the owning
/// agency, and the super admin.
pub struct Responders;
impl RoleSet for Responders {
    const ROLES: &'static [Role] = &[Role::Officer, Role::Supervisor, Role::AgencyAdmin, Role::SuperAdmin];
}

/// Staff who belong to an agency (they go on duty for it).
pub struct AgencyStaff;
impl RoleSet for AgencyStaff {
    const ROLES: &'static [Role] = &[Role::Officer, Role::Supervisor, Role::AgencyAdmin];
}

/// Those who manage rules: agency admins (their agency's sensors) and the super admin.
pub struct RuleAdmins;
impl RoleSet for RuleAdmins {
    const ROLES: &'static [Role] = &[Role::AgencyAdmin, Role::SuperAdmin];
}

fn status_label(t: T<'_>, s: &str) -> String {
    t.t(&format!("iot-wo-status-{s}"))
}

fn status_tag(s: &str) -> &'static str {
    match s {
        "open" => "govuk-tag--red",
        "normal" => "govuk-tag--yellow",
        _ => "govuk-tag--grey",
    }
}

fn rule_kind_label(t: T<'_>, k: &str) -> String {
    t.t(&format!("iot-rule-kind-{k}"))
}

fn sensor_kind_label(t: T<'_>, k: &str) -> String {
    t.t(&format!("iot-rule-sensor-{}", k.replace('_', "-")))
}

fn value_text(v: Option<f64>, unit: &str, t: T<'_>) -> String {
    match v {
        Some(v) => {
            let n = number(v);
            let n = crate::web::local_decimal(n, t.lang);
            format!("{n} {unit}")
        }
        None => "–".into(),
    }
}

/// A flash notice named by the query (`?ok=...`).
fn layout<'a>(ctx: &'a RequestCtx, title: String, errors: bool) -> Layout<'a> {
    let t = ctx.t();
    let mut l = Layout::new(ctx, title).with_errors(errors);
    for flash in ["acknowledged", "closed", "duty-on", "duty-off", "rule-added", "rule-off"] {
        if ctx.path.contains(&format!("ok={flash}")) {
            l.notice = Some(t.t(&format!("iot-flash-{flash}")));
        }
    }
    l
}

// ---------------------------------------------------------------------------------------
// Work orders.

#[derive(Deserialize, Default)]
#[serde(default)]
struct ListQuery {
    status: String,
}

struct Row {
    code: String,
    status: String,
    status_label: String,
    tag: &'static str,
    severity: String,
    place: String,
    sensor: String,
    rule: String,
    opened: String,
    last: String,
    acknowledged: bool,
}

#[derive(Template)]
#[template(path = "iot/work_orders.html")]
struct ListPage<'a> {
    l: Layout<'a>,
    rows: Vec<Row>,
    status: String,
    statuses: Vec<(String, String)>,
    on_duty: Option<bool>,
    duty_names: Vec<String>,
}

async fn rule_names(state: &AppState) -> Result<std::collections::HashMap<i64, (String, String)>, AppError> {
    let rows = alerts::rules_all(&mut *state.db.conn().await?).await?;
    Ok(rows.into_iter().map(|r| (r.id, (r.name, r.rule))).collect())
}

async fn list(
    State(state): State<AppState>,
    auth: Authorized<Staff>,
    Query(q): Query<ListQuery>,
) -> Result<Response, AppError> {
    let ctx = &auth.ctx;
    let t = ctx.t();
    let status = if alerts::STATUSES.contains(&q.status.as_str()) { q.status.clone() } else { String::new() };
    let orders = alerts::visible(&state.db, &auth.user, Some(&status), None).await?;
    let mut conn = state.db.conn().await?;
    let names = alerts::sensor_names(&mut conn).await?;
    let rules = rule_names(&state).await?;
    let (on_duty, duty_names) = match auth.user.agency_id.as_deref() {
        Some(agency) if auth.user.role.needs_agency() => {
            (Some(alerts::on_duty(&mut conn, auth.user.id).await?), alerts::on_duty_names(&mut conn, agency).await?)
        }
        _ => (None, vec![]),
    };
    let rows = orders
        .iter()
        .map(|a| {
            let (thing, sensor, unit) = names.get(&a.sensor_id).cloned().unwrap_or_default();
            let (rule, kind) = rules.get(&a.rule_id).cloned().unwrap_or_default();
            let unit = if kind == "rate" { format!("{unit}/min") } else { unit };
            Row {
                code: a.code.clone(),
                status: a.status.clone(),
                status_label: status_label(t, &a.status),
                tag: status_tag(&a.status),
                severity: t.t(&format!("iot-severity-{}", a.severity)),
                place: thing,
                sensor,
                rule,
                opened: fmt_datetime(a.opened_ts_ms / 1000, t.lang),
                last: value_text(a.last_value, &unit, t),
                acknowledged: a.acknowledged_at.is_some(),
            }
        })
        .collect();
    let page = ListPage {
        l: layout(ctx, t.t("iot-wo-title"), false),
        rows,
        status,
        statuses: alerts::STATUSES.iter().map(|s| (s.to_string(), status_label(t, s))).collect(),
        on_duty,
        duty_names,
    };
    render_form(&page, false)
}

struct TimelineRow {
    when: String,
    what: String,
    value: String,
    who: String,
    note: String,
}

#[derive(Template)]
#[template(path = "iot/work_order.html")]
struct DetailPage<'a> {
    l: Layout<'a>,
    a: Alert,
    status_label: String,
    tag: &'static str,
    severity: String,
    thing: String,
    sensor: String,
    rule: String,
    rule_text: String,
    opened: String,
    opened_value: String,
    peak: String,
    last: String,
    normal_at: String,
    acknowledged_at: String,
    closed_at: String,
    timeline: Vec<TimelineRow>,
    may_act: bool,
    /// Normal, or open under a rule no longer active.
    closable: bool,
    note: String,
    errors: FormErrors,
}

fn rule_text(t: T<'_>, rule: &super::model::Rule, unit: &str) -> String {
    let kind = RuleKind::parse(&rule.rule);
    let num = |v: f64| value_text(Some(v), unit, t);
    match kind {
        Some(RuleKind::Nodata) => t.t1("iot-rule-text-nodata", "minutes", number(rule.threshold)),
        Some(k) => {
            let unit = if k == RuleKind::Rate { format!("{unit}/min") } else { unit.to_string() };
            let v = |x: f64| value_text(Some(x), &unit, t);
            let mut args = fluent_bundle::FluentArgs::new();
            args.set("threshold", v(rule.threshold));
            args.set("clear", rule.clear_at.map(v).unwrap_or_else(|| num(rule.threshold)));
            crate::web::locales().msg(t.lang, &format!("iot-rule-text-{}", k.as_str()), Some(&args))
        }
        None => rule.rule.clone(),
    }
}

async fn detail_page(
    state: &AppState,
    auth: &Authorized<Staff>,
    code: &str,
    note: String,
    errs: &[FieldError],
) -> Result<Response, AppError> {
    let ctx = &auth.ctx;
    let t = ctx.t();
    let (a, events) = alerts::view(&state.db, &auth.user, code).await?;
    let mut conn = state.db.conn().await?;
    let names = alerts::sensor_names(&mut conn).await?;
    let (thing, sensor, unit) = names.get(&a.sensor_id).cloned().unwrap_or_default();
    let rule = alerts::rule_by_id(&mut conn, a.rule_id).await?;
    let is_rate = rule.as_ref().is_some_and(|r| r.rule == "rate");
    let vunit = if is_rate { format!("{unit}/min") } else { unit.clone() };
    let v = |x: Option<f64>| value_text(x, &vunit, t);
    let when = |x: Option<i64>| x.map(|s| fmt_datetime(s, t.lang)).unwrap_or_else(|| "–".into());
    let timeline = events
        .iter()
        .map(|e| TimelineRow {
            when: fmt_datetime(e.at, t.lang),
            what: t.t(&format!("iot-wo-event-{}", e.action)),
            value: if e.value.is_some() { v(e.value) } else { String::new() },
            who: e.actor.clone().unwrap_or_else(|| t.t("iot-wo-system")),
            note: e.note.clone().unwrap_or_default(),
        })
        .collect();
    let page = DetailPage {
        l: layout(ctx, t.t1("iot-wo-detail-title", "code", &a.code), !errs.is_empty()),
        status_label: status_label(t, &a.status),
        tag: status_tag(&a.status),
        severity: t.t(&format!("iot-severity-{}", a.severity)),
        thing,
        sensor,
        rule: rule.as_ref().map(|r| r.name.clone()).unwrap_or_default(),
        rule_text: rule.as_ref().map(|r| rule_text(t, r, &unit)).unwrap_or_default(),
        opened: fmt_datetime(a.opened_ts_ms / 1000, t.lang),
        opened_value: v(a.opened_value),
        peak: v(a.peak_value),
        last: v(a.last_value),
        normal_at: when(a.normal_at),
        acknowledged_at: when(a.acknowledged_at),
        closed_at: when(a.closed_at),
        timeline,
        may_act: alerts::may_act(&auth.user, &a.agency_id),
        closable: a.status == "normal" || (a.status == "open" && !rule.as_ref().is_some_and(|r| r.active)),
        note,
        errors: FormErrors::from_fields(t, errs),
        a,
    };
    render_form(&page, !errs.is_empty())
}

async fn detail(
    State(state): State<AppState>,
    auth: Authorized<Staff>,
    ApiPath(code): ApiPath<String>,
) -> Result<Response, AppError> {
    detail_page(&state, &auth, &code, String::new(), &[]).await
}

async fn acknowledge(
    State(state): State<AppState>,
    auth: Authorized<Responders>,
    ApiPath(code): ApiPath<String>,
    CsrfForm(_): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let a = alerts::acknowledge(&state.db, &auth.user, &code).await?;
    Ok(see_other(&format!("/kelola/iot/perintah-kerja/{}?ok=acknowledged", a.code)))
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct CloseForm {
    note: String,
}

async fn close(
    State(state): State<AppState>,
    auth: Authorized<Responders>,
    ApiPath(code): ApiPath<String>,
    CsrfForm(form): CsrfForm<CloseForm>,
) -> Result<Response, AppError> {
    match alerts::close(&state.db, &auth.user, &code, &form.note).await {
        Ok(a) => Ok(see_other(&format!("/kelola/iot/perintah-kerja/{}?ok=closed", a.code))),
        Err(AppError::Validation(errs)) => {
            let staff = Authorized::<Staff>::from_parts(auth.user.clone(), auth.ctx.clone());
            detail_page(&state, &staff, &code, form.note, &errs).await
        }
        Err(e) => Err(e),
    }
}

async fn duty(
    State(state): State<AppState>,
    auth: Authorized<AgencyStaff>,
    CsrfForm(_): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let on = alerts::toggle_duty(&state.db, &auth.user).await?;
    Ok(see_other(if on { "/kelola/iot/perintah-kerja?ok=duty-on" } else { "/kelola/iot/perintah-kerja?ok=duty-off" }))
}

// ---------------------------------------------------------------------------------------
// Rules.

struct RuleRow {
    id: i64,
    name: String,
    target: String,
    kind: String,
    text: String,
    severity: String,
    public_report: bool,
    active: bool,
    manage: bool,
}

#[derive(Template)]
#[template(path = "iot/rules.html")]
struct RulesPage<'a> {
    l: Layout<'a>,
    rows: Vec<RuleRow>,
    can_add: bool,
    super_admin: bool,
    sensors: Vec<(String, String)>,
    kinds: Vec<(String, String)>,
    rule_kinds: Vec<(String, String)>,
    form: RuleInput,
    errors: FormErrors,
}

async fn rules_view(
    state: &AppState,
    ctx: &RequestCtx,
    user: &crate::identity::CurrentUser,
    form: RuleInput,
    errs: &[FieldError],
) -> Result<Response, AppError> {
    let t = ctx.t();
    let list = alerts::rules_visible(&state.db, user).await?;
    let names = alerts::sensor_names(&mut *state.db.conn().await?).await?;
    let admin = matches!(user.role, Role::AgencyAdmin | Role::SuperAdmin);
    let rows = list
        .into_iter()
        .map(|v| {
            let r = v.rule;
            let (target, unit) = match (&r.sensor_id, &r.sensor_kind) {
                (Some(s), _) => {
                    let (thing, sensor, unit) = names.get(s).cloned().unwrap_or_default();
                    (format!("{thing} · {sensor}"), unit)
                }
                (None, Some(k)) => (
                    t.t1("iot-rule-every", "kind", sensor_kind_label(t, k)),
                    SensorKind::parse(k).map(|k| k.unit().to_string()).unwrap_or_default(),
                ),
                _ => (String::new(), String::new()),
            };
            let manage = r.active
                && (user.role == Role::SuperAdmin
                    || (user.role == Role::AgencyAdmin && v.agency_id.is_some() && v.agency_id == user.agency_id));
            RuleRow {
                id: r.id,
                name: r.name.clone(),
                target,
                kind: rule_kind_label(t, &r.rule),
                text: rule_text(t, &r, &unit),
                severity: t.t(&format!("iot-severity-{}", r.severity)),
                public_report: r.public_report,
                active: r.active,
                manage,
            }
        })
        .collect();
    let sensors = if admin {
        alerts::rule_sensors(&state.db, user)
            .await?
            .into_iter()
            .map(|(id, thing, sensor, kind)| {
                let label = format!("{thing} · {sensor} ({})", sensor_kind_label(t, &kind));
                (id, label)
            })
            .collect()
    } else {
        vec![]
    };
    let form = RuleInput {
        target: if form.target.is_empty() { "sensor".into() } else { form.target },
        severity: if form.severity.is_empty() { "warning".into() } else { form.severity },
        rule: if form.rule.is_empty() { "above".into() } else { form.rule },
        ..form
    };
    let page = RulesPage {
        l: layout(ctx, t.t("iot-rules-title"), !errs.is_empty()),
        rows,
        can_add: admin,
        super_admin: user.role == Role::SuperAdmin,
        sensors,
        kinds: SensorKind::ALL.iter().map(|k| (k.as_str().to_string(), sensor_kind_label(t, k.as_str()))).collect(),
        rule_kinds: RuleKind::ALL.iter().map(|k| (k.as_str().to_string(), rule_kind_label(t, k.as_str()))).collect(),
        form,
        errors: FormErrors::from_fields(t, errs),
    };
    render_form(&page, !errs.is_empty())
}

async fn rules_page(State(state): State<AppState>, auth: Authorized<Staff>) -> Result<Response, AppError> {
    rules_view(&state, &auth.ctx, &auth.user, RuleInput::default(), &[]).await
}

async fn rule_add(
    State(state): State<AppState>,
    auth: Authorized<RuleAdmins>,
    CsrfForm(form): CsrfForm<RuleInput>,
) -> Result<Response, AppError> {
    match alerts::create_rule(&state.db, &auth.user, &form).await {
        Ok(_) => Ok(see_other("/kelola/iot/aturan?ok=rule-added")),
        Err(AppError::Validation(errs)) => rules_view(&state, &auth.ctx, &auth.user, form, &errs).await,
        Err(e) => Err(e),
    }
}

async fn rule_off(
    State(state): State<AppState>,
    auth: Authorized<RuleAdmins>,
    ApiPath(id): ApiPath<String>,
    CsrfForm(_): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    alerts::deactivate_rule(&state.db, &auth.user, &id).await?;
    Ok(see_other("/kelola/iot/aturan?ok=rule-off"))
}
