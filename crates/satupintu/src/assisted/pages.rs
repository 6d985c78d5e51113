//! Assisted service pages: the assistant's `/pendampingan` (start a session with the citizen's
//! consent, then apply, report and check status for them, then end it), the citizen's
//! withdrawal (their sessions are listed on `/akun/akses-data`), and the agency admins'
//! `/kelola/pendamping` (appoint and deactivate volunteers; supervise sessions).

use askama::Template;
use axum::extract::{FromRequestParts, Multipart, Query, State};
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::Value;

use super::model::{self, AssistantKind, Mark, StartInput, CONSENT_METHODS};
use super::service::{self, SessionView};
use crate::app::AppState;
use crate::identity::CurrentUser;
use crate::web::auth::{Applicants, Authorized, CatalogAdmins, Citizens};
use crate::web::routes::Pages;
use crate::web::{
    after_post, fmt_datetime, render, render_form, see_other, ApiPath, AppError, CsrfForm, Ctx, FieldError, FormErrors,
    Layout, T,
};

pub fn pages() -> Pages {
    Pages::new()
        .get("/pendampingan", home)
        .post("/pendampingan", start_submit)
        .get("/pendampingan/{id}", session_page)
        .get("/pendampingan/{id}/ajukan", apply_form)
        .post("/pendampingan/{id}/ajukan", apply_submit)
        .get("/pendampingan/{id}/laporan", report_form)
        .post("/pendampingan/{id}/laporan", report_submit)
        .get("/pendampingan/{id}/status", status_page)
        .post("/pendampingan/{id}/selesai", end_submit)
        .post("/akun/pendampingan/{id}/tarik", withdraw_submit)
        .get("/kelola/pendamping", volunteers_page)
        .post("/kelola/pendamping", appoint_submit)
        .post("/kelola/pendamping/{id}/nonaktif", deactivate_submit)
        .get("/kelola/pendamping/sesi", supervision_page)
}

// ---------------------------------------------------------------------------------------
// Shared labels.

/// "relawan" / "petugas".
fn kind_label(kind: &str, t: T<'_>) -> String {
    t.t(&format!("assisted-kind-{kind}"))
}

/// The assistant as an act's history names them: "Nama (relawan, Tempat)".
pub fn assistant_label(mark: &Mark, t: T<'_>) -> String {
    format!("{} ({}, {})", mark.assistant_name, kind_label(&mark.assistant_kind, t), mark.place)
}

/// "Diajukan dengan bantuan Nama (relawan, Tempat)": how an assisted act shows in its history.
pub fn mark_text(mark: &Mark, t: T<'_>) -> String {
    t.t2(
        "assisted-history-filed",
        ("name", &mark.assistant_name),
        ("detail", format!("{}, {}", kind_label(&mark.assistant_kind, t), mark.place)),
    )
}

fn scope_label(act: &str, t: T<'_>) -> String {
    t.t(&format!("assisted-scope-{act}"))
}

fn method_label(method: &str, t: T<'_>) -> String {
    t.t(&format!("assisted-method-{}", method.replace('_', "-")))
}

fn session_status_label(status: &str, t: T<'_>) -> String {
    t.t(&format!("assisted-status-{status}"))
}

/// One act of a session as a line of text.
fn act_text(kind: &str, reference: &str, t: T<'_>) -> String {
    t.t1(&format!("assisted-act-{kind}"), "code", reference)
}

/// A session ready to show (to its assistant or its citizen).
pub struct SessionRow {
    pub id: i64,
    pub citizen: String,
    pub assistant: String,
    pub place: String,
    pub started: String,
    pub until: String,
    pub status: String,
    pub open: bool,
    pub consent: String,
    pub scope: String,
    pub acts: Vec<(String, String)>,
}

fn session_row(v: &SessionView, citizen: &str, t: T<'_>) -> SessionRow {
    let mut consent = format!("{} · {}", method_label(&v.consent_method, t), v.consent_version);
    if v.consent_scan {
        consent = format!("{consent} · {}", t.t("assisted-consent-scan-kept"));
    }
    SessionRow {
        id: v.id,
        citizen: citizen.to_string(),
        assistant: format!("{} ({}, {})", v.assistant_name, kind_label(&v.assistant_kind, t), v.agency_id),
        place: v.place.clone(),
        started: fmt_datetime(v.started_at, t.lang),
        until: fmt_datetime(v.ended_at.unwrap_or(v.expires_at), t.lang),
        status: session_status_label(&v.status, t),
        open: v.status == "open",
        consent,
        scope: v.scope.iter().map(|a| scope_label(a, t)).collect::<Vec<_>>().join(", "),
        acts: v.acts.iter().map(|a| (fmt_datetime(a.at, t.lang), act_text(&a.kind, &a.reference, t))).collect(),
    }
}

/// The citizen's sessions as rows (for the access log page).
pub async fn citizen_rows(state: &AppState, user: &CurrentUser, t: T<'_>) -> Result<Vec<SessionRow>, AppError> {
    Ok(service::of_citizen(state, user).await?.iter().map(|v| session_row(v, &user.full_name, t)).collect())
}

// ---------------------------------------------------------------------------------------
// The assistant.

/// A signed-in person who may assist: an officer or supervisor, or a citizen appointed as an
/// active volunteer (checked against the table on every request). Anyone else: 403, before
/// the body is read.
pub struct Assistant {
    pub user: CurrentUser,
    pub ctx: Ctx,
    pub kind: AssistantKind,
    pub agency: String,
}

impl FromRequestParts<AppState> for Assistant {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let auth = Authorized::<Applicants>::from_request_parts(parts, state).await?;
        let (kind, agency) = service::assistant_of(state, &auth.user).await?;
        Ok(Assistant { user: auth.user, ctx: auth.ctx, kind, agency })
    }
}

/// What the start form holds (shown again with its errors).
#[derive(Default)]
struct StartForm {
    nik: String,
    full_name: String,
    register: bool,
    address: String,
    place: String,
    consent_method: String,
    consent_read: bool,
    scope: Vec<String>,
}

#[derive(Template)]
#[template(path = "assisted/home.html")]
struct HomePage<'a> {
    l: Layout<'a>,
    /// "You assist as a volunteer of ...".
    you_are: String,
    sessions: Vec<SessionRow>,
    form: StartForm,
    errors: FormErrors,
    methods: Vec<(String, String)>,
    scopes: Vec<(String, String)>,
    version: &'static str,
}

async fn home_render(
    state: &AppState,
    a: &Assistant,
    form: StartForm,
    errs: &[FieldError],
) -> Result<Response, AppError> {
    let t = a.ctx.t();
    let sessions = service::of_assistant(state, &a.user).await?;
    let now = crate::db::now();
    let rows = sessions
        .iter()
        .map(|s| SessionRow {
            id: s.id,
            citizen: s.citizen_name.clone(),
            assistant: s.assistant_name.clone(),
            place: s.place.clone(),
            started: fmt_datetime(s.started_at, t.lang),
            until: fmt_datetime(s.ended_at.unwrap_or(s.expires_at), t.lang),
            status: session_status_label(service::status_of(s, now), t),
            open: s.open_at(now),
            consent: method_label(&s.consent_method, t),
            scope: model::scope_from_str(&s.scope)
                .iter()
                .map(|x| scope_label(x.as_str(), t))
                .collect::<Vec<_>>()
                .join(", "),
            acts: vec![],
        })
        .collect();
    let page = HomePage {
        l: Layout::new(&a.ctx, t.t("assisted-title")).with_errors(!errs.is_empty()),
        you_are: t.t2("assisted-you-are", ("kind", kind_label(a.kind.as_str(), t)), ("agency", &a.agency)),
        sessions: rows,
        form,
        errors: FormErrors::from_fields(t, errs),
        methods: CONSENT_METHODS.iter().map(|m| (m.to_string(), method_label(m, t))).collect(),
        scopes: model::Act::ALL.iter().map(|x| (x.as_str().to_string(), scope_label(x.as_str(), t))).collect(),
        version: model::CONSENT_VERSION,
    };
    render_form(&page, !errs.is_empty())
}

async fn home(State(state): State<AppState>, a: Assistant) -> Result<Response, AppError> {
    let form = StartForm { scope: vec!["apply".into(), "status".into()], ..Default::default() };
    home_render(&state, &a, form, &[]).await
}

fn text(values: &serde_json::Map<String, Value>, name: &str) -> String {
    values.get(name).and_then(Value::as_str).unwrap_or_default().to_string()
}

fn texts(values: &serde_json::Map<String, Value>, name: &str) -> Vec<String> {
    match values.get(name) {
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Array(list)) => list.iter().filter_map(Value::as_str).map(str::to_string).collect(),
        _ => vec![],
    }
}

/// Start a session (multipart: the optional scan of the signed consent form is an upload).
async fn start_submit(State(state): State<AppState>, a: Assistant, mp: Multipart) -> Result<Response, AppError> {
    let read = crate::uploads::form::read(&state, Some(a.user.id), &a.ctx.csrf, mp).await;
    let (values, upload_err) = match read {
        Ok(f) => (f.values, None),
        Err(AppError::Validation(errs)) => (Default::default(), Some(errs)),
        Err(e) => return Err(e),
    };
    let form = StartForm {
        nik: text(&values, "nik"),
        full_name: text(&values, "full_name"),
        register: !text(&values, "register").is_empty(),
        address: text(&values, "address"),
        place: text(&values, "place"),
        consent_method: text(&values, "consent_method"),
        consent_read: !text(&values, "consent_read").is_empty(),
        scope: texts(&values, "scope"),
    };
    if let Some(errs) = upload_err {
        return home_render(&state, &a, form, &errs).await;
    }
    let input = StartInput {
        nik: form.nik.clone(),
        full_name: form.full_name.clone(),
        register: form.register,
        address: form.address.clone(),
        place: form.place.clone(),
        consent_method: form.consent_method.clone(),
        consent_read: form.consent_read,
        consent_upload: Some(text(&values, "consent_scan")).filter(|s| !s.is_empty()),
        scope: form.scope.clone(),
    };
    match service::start(&state, &a.user, input).await {
        Ok(id) => Ok(see_other(&format!("/pendampingan/{id}"))),
        // The NIK is never shown back in a page address; the form shows it again in its field.
        Err(AppError::Validation(errs)) => home_render(&state, &a, form, &errs).await,
        Err(e) => Err(e),
    }
}

#[derive(Template)]
#[template(path = "assisted/session.html")]
struct SessionPage<'a> {
    l: Layout<'a>,
    s: SessionRow,
    may_apply: bool,
    may_report: bool,
    may_status: bool,
    services: Vec<(String, String)>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct SessionQuery {
    diajukan: String,
    dilaporkan: String,
}

async fn session_page(
    State(state): State<AppState>,
    a: Assistant,
    ApiPath(id): ApiPath<i64>,
    Query(q): Query<SessionQuery>,
) -> Result<Response, AppError> {
    let t = a.ctx.t();
    let s = service::session_for(&state, &a.user, id, None).await?;
    let v = service::view_for_assistant(&state, &a.user, id).await?;
    let open = v.status == "open";
    let covers = |act: &str| open && v.scope.iter().any(|x| x == act);
    let snap = crate::catalog::service::snapshot(&state).await?;
    let mut services: Vec<(String, String)> = snap
        .services
        .iter()
        .filter(|r| r.service.channels.iter().any(|c| c == "online"))
        .map(|r| (r.service.id.clone(), r.service.name.get(t.lang).to_string()))
        .collect();
    services.sort_by(|x, y| x.1.cmp(&y.1));
    let mut l = Layout::new(&a.ctx, t.t1("assisted-session-title", "name", &s.citizen_name));
    // After an act: its code (checked against the session's acts, so no other text is echoed).
    let done = v.acts.iter().find(|x| !x.reference.is_empty() && [&q.diajukan, &q.dilaporkan].contains(&&x.reference));
    l.notice = match done {
        Some(x) => Some(act_text(&x.kind, &x.reference, t)),
        None if open => Some(t.t1("assisted-session-open-until", "until", fmt_datetime(v.expires_at, t.lang))),
        None => None,
    };
    let page = SessionPage {
        may_apply: covers("apply"),
        may_report: covers("report"),
        may_status: covers("status"),
        services,
        s: session_row(&v, &s.citizen_name, t),
        l,
    };
    Ok(render(&page)?.into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ServiceQuery {
    layanan: String,
}

async fn apply_form(
    State(state): State<AppState>,
    a: Assistant,
    ApiPath(id): ApiPath<i64>,
    Query(q): Query<ServiceQuery>,
) -> Result<Response, AppError> {
    let s = service::session_for(&state, &a.user, id, Some(model::Act::Apply)).await?;
    if q.layanan.trim().is_empty() {
        return Ok(see_other(&format!("/pendampingan/{id}")));
    }
    crate::applications::pages::session_form(
        &state,
        &a.ctx,
        q.layanan.trim(),
        (s.id, s.citizen_id, &s.citizen_name),
        None,
        &[],
    )
    .await
}

async fn apply_submit(
    State(state): State<AppState>,
    a: Assistant,
    ApiPath(id): ApiPath<i64>,
    Query(q): Query<ServiceQuery>,
    mp: Multipart,
) -> Result<Response, AppError> {
    let s = service::session_for(&state, &a.user, id, Some(model::Act::Apply)).await?;
    let service_id = q.layanan.trim().to_string();
    let (values, _) = crate::applications::pages::read_form(&state, a.user.id, &a.ctx.csrf, mp).await?;
    match service::apply(&state, &a.user, id, &service_id, values.clone()).await {
        Ok(app) => Ok(see_other(&format!("/pendampingan/{id}?diajukan={}", app.code))),
        Err(AppError::Validation(errs)) => {
            crate::applications::pages::session_form(
                &state,
                &a.ctx,
                &service_id,
                (s.id, s.citizen_id, &s.citizen_name),
                Some(values),
                &errs,
            )
            .await
        }
        Err(e) => Err(e),
    }
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
struct ReportForm {
    category: String,
    description: String,
    address: String,
    region_code: String,
}

#[derive(Template)]
#[template(path = "assisted/report.html")]
struct ReportPage<'a> {
    l: Layout<'a>,
    id: i64,
    citizen: String,
    form: ReportForm,
    errors: FormErrors,
    categories: Vec<(String, String)>,
}

fn report_render(
    a: &Assistant,
    id: i64,
    citizen: &str,
    form: ReportForm,
    errs: &[FieldError],
) -> Result<Response, AppError> {
    let t = a.ctx.t();
    let page = ReportPage {
        l: Layout::new(&a.ctx, t.t1("assisted-report-title", "name", citizen)).with_errors(!errs.is_empty()),
        id,
        citizen: citizen.to_string(),
        form,
        errors: FormErrors::from_fields(t, errs),
        categories: crate::reports::pages::categories(t),
    };
    render_form(&page, !errs.is_empty())
}

async fn report_form(
    State(state): State<AppState>,
    a: Assistant,
    ApiPath(id): ApiPath<i64>,
) -> Result<Response, AppError> {
    let s = service::session_for(&state, &a.user, id, Some(model::Act::Report)).await?;
    report_render(&a, id, &s.citizen_name, ReportForm::default(), &[])
}

async fn report_submit(
    State(state): State<AppState>,
    a: Assistant,
    ApiPath(id): ApiPath<i64>,
    CsrfForm(form): CsrfForm<ReportForm>,
) -> Result<Response, AppError> {
    let s = service::session_for(&state, &a.user, id, Some(model::Act::Report)).await?;
    let input = crate::reports::service::NewReport {
        category: Some(form.category.clone()),
        description: Some(form.description.clone()),
        address: Some(form.address.clone()),
        region_code: Some(form.region_code.clone()).filter(|r| !r.trim().is_empty()),
        privacy: Some("confidential".into()),
        ..Default::default()
    };
    match service::report(&state, &a.user, id, input).await {
        Ok(r) => Ok(see_other(&format!("/pendampingan/{id}?dilaporkan={}", r.code))),
        Err(AppError::Validation(errs)) => {
            // The report form has no map: "where" is the address and its district.
            let errs: Vec<FieldError> = errs
                .into_iter()
                .map(|e| if e.field == "lat" { FieldError::new("address", e.key) } else { e })
                .collect();
            report_render(&a, id, &s.citizen_name, form, &errs)
        }
        Err(e) => Err(e),
    }
}

#[derive(Template)]
#[template(path = "assisted/status.html")]
struct StatusPage<'a> {
    l: Layout<'a>,
    id: i64,
    /// (code, service, status, date)
    applications: Vec<(String, String, String, String)>,
    /// (code, category, status, date)
    reports: Vec<(String, String, String, String)>,
}

async fn status_page(
    State(state): State<AppState>,
    a: Assistant,
    ApiPath(id): ApiPath<i64>,
) -> Result<Response, AppError> {
    let t = a.ctx.t();
    let s = service::session_for(&state, &a.user, id, Some(model::Act::Status)).await?;
    let st = service::status(&state, &a.user, id).await?;
    let snap = crate::catalog::service::snapshot(&state).await?;
    let applications = st
        .applications
        .iter()
        .map(|x| {
            let name = snap.service(&x.service_id).map(|r| r.service.name.get(t.lang).to_string());
            (
                x.code.clone(),
                name.unwrap_or_else(|| x.service_id.clone()),
                t.t(&format!("app-status-{}", x.status.replace('_', "-"))),
                fmt_datetime(x.submitted_at.unwrap_or(x.created_at), t.lang),
            )
        })
        .collect();
    let reports = st
        .reports
        .iter()
        .map(|r| {
            (
                r.code.clone(),
                crate::reports::pages::category_label(t, &r.category),
                crate::reports::pages::status_label(t, &r.status),
                fmt_datetime(r.created_at, t.lang),
            )
        })
        .collect();
    let page = StatusPage {
        l: Layout::new(&a.ctx, t.t1("assisted-status-title", "name", &s.citizen_name)),
        id,
        applications,
        reports,
    };
    Ok(render(&page)?.into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Empty {}

async fn end_submit(
    State(state): State<AppState>,
    a: Assistant,
    ApiPath(id): ApiPath<i64>,
    CsrfForm(_): CsrfForm<Empty>,
) -> Result<Response, AppError> {
    service::end(&state, &a.user, id).await?;
    Ok(see_other("/pendampingan?selesai=1"))
}

// ---------------------------------------------------------------------------------------
// The citizen.

async fn withdraw_submit(
    State(state): State<AppState>,
    auth: Authorized<Citizens>,
    ApiPath(id): ApiPath<i64>,
    CsrfForm(_): CsrfForm<Empty>,
) -> Result<Response, AppError> {
    service::withdraw(&state, &auth.user, id).await?;
    Ok(see_other("/akun/akses-data?pendampingan=ditarik#pendampingan"))
}

// ---------------------------------------------------------------------------------------
// Agency admins.

#[derive(Deserialize, Default)]
#[serde(default)]
struct AppointForm {
    email: String,
    agency: String,
}

struct VolunteerRow {
    id: i64,
    name: String,
    email: String,
    agency: String,
    active: bool,
    since: String,
}

#[derive(Template)]
#[template(path = "assisted/volunteers.html")]
struct VolunteersPage<'a> {
    l: Layout<'a>,
    rows: Vec<VolunteerRow>,
    form: AppointForm,
    errors: FormErrors,
    /// The super admin chooses the agency.
    agencies: Vec<(String, String)>,
}

async fn volunteers_render(
    state: &AppState,
    auth: &Authorized<CatalogAdmins>,
    form: AppointForm,
    errs: &[FieldError],
    notice: Option<String>,
) -> Result<Response, AppError> {
    let t = auth.ctx.t();
    let rows = service::volunteers(state, &auth.user)
        .await?
        .into_iter()
        .map(|v| VolunteerRow {
            id: v.id,
            name: v.name,
            email: v.email.unwrap_or_default(),
            agency: v.agency_id,
            active: v.active,
            since: fmt_datetime(v.deactivated_at.unwrap_or(v.appointed_at), t.lang),
        })
        .collect();
    let agencies = match auth.user.role {
        crate::identity::Role::SuperAdmin => {
            let snap = crate::catalog::service::snapshot(state).await?;
            snap.agencies.iter().map(|a| (a.id.clone(), a.name.get(t.lang).to_string())).collect()
        }
        _ => vec![],
    };
    let mut l = Layout::new(&auth.ctx, t.t("assisted-volunteers-title")).with_errors(!errs.is_empty());
    l.notice = notice;
    let page = VolunteersPage { l, rows, form, errors: FormErrors::from_fields(t, errs), agencies };
    render_form(&page, !errs.is_empty())
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct NoticeQuery {
    ok: String,
}

async fn volunteers_page(
    State(state): State<AppState>,
    auth: Authorized<CatalogAdmins>,
    Query(q): Query<NoticeQuery>,
) -> Result<Response, AppError> {
    let t = auth.ctx.t();
    let notice = match q.ok.as_str() {
        "diangkat" => Some(t.t("assisted-volunteer-appointed")),
        "nonaktif" => Some(t.t("assisted-volunteer-deactivated")),
        _ => None,
    };
    volunteers_render(&state, &auth, AppointForm::default(), &[], notice).await
}

async fn appoint_submit(
    State(state): State<AppState>,
    auth: Authorized<CatalogAdmins>,
    CsrfForm(form): CsrfForm<AppointForm>,
) -> Result<Response, AppError> {
    let result = service::appoint(&state, &auth.user, &form.email, Some(&form.agency)).await;
    after_post(
        result,
        |_| "/kelola/pendamping?ok=diangkat".to_string(),
        |errs| async move { volunteers_render(&state, &auth, form, &errs, None).await },
    )
    .await
}

async fn deactivate_submit(
    State(state): State<AppState>,
    auth: Authorized<CatalogAdmins>,
    ApiPath(id): ApiPath<i64>,
    CsrfForm(_): CsrfForm<Empty>,
) -> Result<Response, AppError> {
    service::deactivate(&state, &auth.user, id).await?;
    Ok(see_other("/kelola/pendamping?ok=nonaktif"))
}

struct StatsRow {
    name: String,
    kind: String,
    agency: String,
    sessions: i64,
    acts: i64,
    withdrawn: i64,
    last: String,
}

#[derive(Template)]
#[template(path = "assisted/supervision.html")]
struct SupervisionPage<'a> {
    l: Layout<'a>,
    rows: Vec<StatsRow>,
}

async fn supervision_page(
    State(state): State<AppState>,
    auth: Authorized<CatalogAdmins>,
) -> Result<Response, AppError> {
    let t = auth.ctx.t();
    let rows = service::supervision(&state, &auth.user)
        .await?
        .into_iter()
        .map(|s| StatsRow {
            name: s.name,
            kind: kind_label(&s.kind, t),
            agency: s.agency_id,
            sessions: s.sessions,
            acts: s.acts,
            withdrawn: s.withdrawn,
            last: fmt_datetime(s.last_started, t.lang),
        })
        .collect();
    let page = SupervisionPage { l: Layout::new(&auth.ctx, t.t("assisted-supervision-title")), rows };
    Ok(render(&page)?.into_response())
}
