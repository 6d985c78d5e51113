//! `/pengadaan`: packages and their timeline; `/ocds/...`: the OCDS release and record packages
//! at their fixed names; `/kelola/pengadaan`: staff plan packages and record their stages.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::Value;

use super::model::{self, NewPackageForm, Package, Stage, StageForm};
use super::service;
use crate::app::AppState;
use crate::identity::Role;
use crate::web::auth::{Authorized, RoleSet};
use crate::web::routes::Pages;
use crate::web::{fmt_date, render, render_form, see_other, ApiPath, AppError, CsrfForm, Ctx, FormErrors, Layout};

/// Staff who record procurement for their agency (and platform admins).
pub struct ProcurementStaff;
impl RoleSet for ProcurementStaff {
    const ROLES: &'static [Role] = &[Role::Officer, Role::Supervisor, Role::AgencyAdmin, Role::SuperAdmin];
}

pub fn pages() -> Pages {
    Pages::new()
        .get("/pengadaan", list)
        .get("/pengadaan/{id}", show)
        .get("/ocds/releases.json", release_package)
        .get("/ocds/records.json", record_package)
        .get("/ocds/releases/{file}", release_package_of)
        .get("/ocds/records/{file}", record_package_of)
        .get("/kelola/pengadaan", manage)
        .post("/kelola/pengadaan", create)
        .get("/kelola/pengadaan/{id}", stage_form)
        .post("/kelola/pengadaan/{id}", stage_submit)
}

fn json(v: &Value) -> Response {
    let body = serde_json::to_string_pretty(v).unwrap_or_default();
    ([(header::CONTENT_TYPE, "application/json"), (header::ACCESS_CONTROL_ALLOW_ORIGIN, "*")], body).into_response()
}

async fn release_package(State(state): State<AppState>) -> Result<Response, AppError> {
    Ok(json(&service::release_package(&state, None).await?))
}

async fn record_package(State(state): State<AppState>) -> Result<Response, AppError> {
    Ok(json(&service::record_package(&state, None).await?))
}

fn ocid_of(file: &str) -> Result<&str, AppError> {
    file.strip_suffix(".json").filter(|o| !o.is_empty()).ok_or(AppError::NotFound)
}

async fn release_package_of(
    State(state): State<AppState>,
    ApiPath(file): ApiPath<String>,
) -> Result<Response, AppError> {
    Ok(json(&service::release_package(&state, Some(ocid_of(&file)?)).await?))
}

async fn record_package_of(
    State(state): State<AppState>,
    ApiPath(file): ApiPath<String>,
) -> Result<Response, AppError> {
    Ok(json(&service::record_package(&state, Some(ocid_of(&file)?)).await?))
}

/// A package as a row of a list.
pub struct Row {
    pub id: String,
    pub title: String,
    pub agency: String,
    pub year: i32,
    pub stage: String,
    pub value: i64,
}

fn row(ctx: &Ctx, p: &Package) -> Row {
    Row {
        id: p.id.clone(),
        title: p.title.clone(),
        agency: p.buyer_name.clone(),
        year: p.fiscal_year,
        stage: ctx.t().t(&format!("proc-stage-{}", p.stage.as_str())),
        value: p.value(),
    }
}

/// A choice in a filter.
pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

#[derive(Template)]
#[template(path = "procurement/list.html")]
struct ListPage<'a> {
    l: Layout<'a>,
    rows: Vec<Row>,
    agencies: Vec<Choice>,
    stages: Vec<Choice>,
    years: Vec<Choice>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ListQuery {
    instansi: String,
    tahap: String,
    tahun: String,
}

async fn list(State(state): State<AppState>, ctx: Ctx, Query(q): Query<ListQuery>) -> Result<Response, AppError> {
    let t = ctx.t();
    let stage = Stage::parse(&q.tahap).map(Stage::as_str).unwrap_or("");
    let year = q.tahun.parse::<i32>().unwrap_or(0);
    let agency = q.instansi.trim();
    let packages = service::list(&state, agency, stage, year).await?;
    let all = service::list(&state, "", "", 0).await?;
    let mut agencies: Vec<(String, String)> = all.iter().map(|p| (p.agency.clone(), p.buyer_name.clone())).collect();
    agencies.sort();
    agencies.dedup();
    let page = ListPage {
        l: Layout::new(&ctx, t.t("proc-title")),
        rows: packages.iter().map(|p| row(&ctx, p)).collect(),
        agencies: agencies
            .into_iter()
            .map(|(id, name)| Choice { selected: id == agency, value: id, label: name })
            .collect(),
        stages: Stage::ALL
            .iter()
            .map(|s| Choice {
                value: s.as_str().into(),
                label: t.t(&format!("proc-stage-{}", s.as_str())),
                selected: s.as_str() == stage,
            })
            .collect(),
        years: service::years(&state)
            .await?
            .into_iter()
            .map(|y| Choice { value: y.to_string(), label: y.to_string(), selected: y == year })
            .collect(),
    };
    Ok(render(&page)?.into_response())
}

/// One step of a package's timeline.
pub struct Step {
    pub title: String,
    pub date: String,
    pub lines: Vec<String>,
}

/// A release in the list under the timeline.
pub struct ReleaseLink {
    pub id: String,
    pub tag: String,
    pub at: String,
}

fn timeline(ctx: &Ctx, p: &Package) -> Vec<Step> {
    let t = ctx.t();
    let d = |x: time::Date| fmt_date(x, t.lang);
    let rp = crate::web::rupiah;
    let mut steps = vec![Step {
        title: t.t("proc-stage-planning"),
        date: String::new(),
        lines: vec![
            format!("{}: {}", t.t("proc-budget"), rp(p.budget)),
            format!("{}: {}", t.t("proc-method"), t.t(&format!("proc-method-{}", p.method))),
        ]
        .into_iter()
        .chain(p.items.iter().map(|i| format!("{} × {} {}", i.description, i.quantity, i.unit)))
        .collect(),
    }];
    if let Some(x) = &p.tender {
        let mut lines = vec![t.tn("proc-tenderers-count", "count", x.tenderers.len() as i64)];
        lines.extend(x.tenderers.iter().cloned());
        steps.push(Step { title: t.t("proc-stage-tender"), date: format!("{} – {}", d(x.start), d(x.end)), lines });
    }
    if let Some(a) = &p.award {
        steps.push(Step {
            title: t.t("proc-stage-award"),
            date: d(a.date),
            lines: vec![
                format!("{}: {}", t.t("proc-supplier"), a.supplier),
                format!("{}: {}", t.t("proc-amount"), rp(a.amount)),
            ],
        });
    }
    if let Some(c) = &p.contract {
        steps.push(Step {
            title: t.t("proc-stage-contract"),
            date: d(c.signed),
            lines: vec![
                format!("{}: {}", t.t("proc-contract-value"), rp(c.value)),
                format!("{}: {} – {}", t.t("proc-period"), d(c.start), d(c.end)),
            ],
        });
    }
    for (i, pay) in p.payments.iter().enumerate() {
        let mut lines = vec![format!("{}: {}", t.t("proc-amount"), rp(pay.amount))];
        if !pay.note.is_empty() {
            lines.push(pay.note.clone());
        }
        steps.push(Step { title: t.t1("proc-payment-n", "n", i + 1), date: d(pay.date), lines });
    }
    if let Some(c) = p.completed {
        steps.push(Step { title: t.t("proc-stage-complete"), date: d(c), lines: vec![] });
    }
    steps
}

#[derive(Template)]
#[template(path = "procurement/show.html")]
struct ShowPage<'a> {
    l: Layout<'a>,
    p: Package,
    ocid: String,
    stage: String,
    method: String,
    paid: i64,
    steps: Vec<Step>,
    releases: Vec<ReleaseLink>,
    entries: Vec<u64>,
    can_manage: bool,
}

async fn show(State(state): State<AppState>, ctx: Ctx, ApiPath(id): ApiPath<String>) -> Result<Response, AppError> {
    let p = service::get(&state, &id).await?;
    let t = ctx.t();
    let releases = service::release_rows(&state, &p.id)
        .await?
        .into_iter()
        .map(|r| ReleaseLink { id: r.release_id, tag: r.tag, at: crate::web::fmt_datetime(r.at, t.lang) })
        .collect();
    let can_manage = ctx.user.as_ref().filter(|u| u.is_full()).is_some_and(|u| service::can_manage(u, &p.agency));
    let page = ShowPage {
        l: Layout::new(&ctx, p.title.clone()),
        ocid: service::PublisherConfig::of(&state).publisher().ocid(&p.id),
        stage: t.t(&format!("proc-stage-{}", p.stage.as_str())),
        method: t.t(&format!("proc-method-{}", p.method)),
        paid: p.paid(),
        steps: timeline(&ctx, &p),
        releases,
        entries: service::ledger_entries(&state, &p.id).await?,
        can_manage,
        p,
    };
    Ok(render(&page)?.into_response())
}

#[derive(Template)]
#[template(path = "procurement/manage.html")]
struct ManagePage<'a> {
    l: Layout<'a>,
    rows: Vec<Row>,
    form: NewPackageForm,
    errors: FormErrors,
    methods: Vec<Choice>,
    agencies: Vec<Choice>,
}

async fn manage_page(
    state: &AppState,
    auth: &Authorized<ProcurementStaff>,
    form: NewPackageForm,
    errors: FormErrors,
) -> Result<Response, AppError> {
    let ctx = &auth.ctx;
    let t = ctx.t();
    let own = auth.user.agency_id.clone().unwrap_or_default();
    let packages = if auth.user.role == Role::SuperAdmin {
        service::list(state, "", "", 0).await?
    } else {
        service::list(state, &own, "", 0).await?
    };
    let agencies = if auth.user.role == Role::SuperAdmin {
        let snap = crate::catalog::service::snapshot(state).await?;
        snap.agency_ids()
            .into_iter()
            .map(|id| Choice {
                label: snap.agency(&id).map(|a| a.name.get(t.lang).to_string()).unwrap_or_default(),
                selected: id == form.agency,
                value: id,
            })
            .collect::<Vec<_>>()
    } else {
        vec![]
    };
    let mut agencies = agencies;
    agencies.sort_by(|a, b| a.label.cmp(&b.label));
    let has_errors = !errors.is_empty();
    let page = ManagePage {
        l: Layout::new(ctx, t.t("proc-manage-title")).with_errors(has_errors),
        rows: packages.iter().map(|p| row(ctx, p)).collect(),
        methods: model::METHODS
            .iter()
            .map(|(m, _)| Choice {
                value: m.to_string(),
                label: t.t(&format!("proc-method-{m}")),
                selected: *m == form.method,
            })
            .collect(),
        agencies,
        form,
        errors,
    };
    render_form(&page, has_errors)
}

async fn manage(State(state): State<AppState>, auth: Authorized<ProcurementStaff>) -> Result<Response, AppError> {
    let year = time::OffsetDateTime::now_utc().year().to_string();
    let form = NewPackageForm { fiscal_year: year, method: "tender".into(), ..Default::default() };
    manage_page(&state, &auth, form, FormErrors::default()).await
}

async fn create(
    State(state): State<AppState>,
    auth: Authorized<ProcurementStaff>,
    CsrfForm(form): CsrfForm<NewPackageForm>,
) -> Result<Response, AppError> {
    match service::create(&state, &auth.user, &form).await {
        Ok(p) => Ok(see_other(&format!("/pengadaan/{}", p.id))),
        Err(AppError::Validation(fields)) => {
            let errors = FormErrors::from_fields(auth.ctx.t(), &fields);
            manage_page(&state, &auth, form, errors).await
        }
        Err(e) => Err(e),
    }
}

#[derive(Template)]
#[template(path = "procurement/stage.html")]
struct StagePage<'a> {
    l: Layout<'a>,
    p: Package,
    stage: String,
    /// The step whose form is shown, and the other steps possible now.
    step: &'static str,
    step_label: String,
    others: Vec<(&'static str, String)>,
    form: StageForm,
    errors: FormErrors,
}

async fn stage_page(
    state: &AppState,
    auth: &Authorized<ProcurementStaff>,
    id: &str,
    form: StageForm,
    errors: FormErrors,
) -> Result<Response, AppError> {
    let p = service::get(state, id).await?;
    if !service::can_manage(&auth.user, &p.agency) {
        return Err(AppError::Forbidden);
    }
    let t = auth.ctx.t();
    let has_errors = !errors.is_empty();
    let steps = p.next_steps();
    let step = steps.iter().copied().find(|s| *s == form.step).or(steps.first().copied()).unwrap_or("");
    let page = StagePage {
        l: Layout::new(&auth.ctx, format!("{}: {}", t.t("proc-record-title"), p.title)).with_errors(has_errors),
        stage: t.t(&format!("proc-stage-{}", p.stage.as_str())),
        step,
        step_label: t.t(&format!("proc-step-{step}")),
        others: steps.into_iter().filter(|s| *s != step).map(|s| (s, t.t(&format!("proc-step-{s}")))).collect(),
        p,
        form,
        errors,
    };
    render_form(&page, has_errors)
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct StepQuery {
    langkah: String,
}

async fn stage_form(
    State(state): State<AppState>,
    auth: Authorized<ProcurementStaff>,
    ApiPath(id): ApiPath<String>,
    Query(q): Query<StepQuery>,
) -> Result<Response, AppError> {
    let form = StageForm { step: q.langkah, ..Default::default() };
    stage_page(&state, &auth, &id, form, FormErrors::default()).await
}

async fn stage_submit(
    State(state): State<AppState>,
    auth: Authorized<ProcurementStaff>,
    ApiPath(id): ApiPath<String>,
    CsrfForm(form): CsrfForm<StageForm>,
) -> Result<Response, AppError> {
    match service::record(&state, &auth.user, &id, form.clone()).await {
        Ok(p) => Ok(see_other(&format!("/pengadaan/{}", p.id))),
        Err(AppError::Validation(fields)) => {
            let errors = FormErrors::from_fields(auth.ctx.t(), &fields);
            stage_page(&state, &auth, &id, form, errors).await
        }
        Err(e) => Err(e),
    }
}
