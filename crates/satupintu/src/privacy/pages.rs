//! The citizen's pages `/akun/data-saya` (download the archive, ask for a correction, delete the
//! account, see their requests) and `/akun/akses-data` (who accessed my data, from every log), and the staff page `/kelola/permintaan-data` (agency admins and
//! super admins decide correction requests).

use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Response};

use super::model::{self, CorrectionInput, DecisionInput, OnErasure, RECORDS};
use super::service;
use super::store::Request;
use crate::app::AppState;
use crate::identity::Role;
use crate::web::auth::{Authorized, Citizens, RoleSet};
use crate::web::routes::Pages;
use crate::web::{
    after_post, fmt_datetime, render, render_form, ApiPath, AppError, CsrfForm, FieldError, FormErrors, Layout, T,
};

pub fn pages() -> Pages {
    Pages::new()
        .get("/akun/data-saya", data_page)
        .get("/akun/akses-data", access_page)
        .get("/akun/data-saya/unduh", download)
        .post("/akun/data-saya/koreksi", correction_submit)
        .post("/akun/data-saya/hapus", erase_submit)
        .get("/kelola/permintaan-data", manage_page)
        .post("/kelola/permintaan-data/{id}", decide_submit)
}

/// Those who handle citizens' data requests.
pub struct DataOfficers;
impl RoleSet for DataOfficers {
    const ROLES: &'static [Role] = &[Role::AgencyAdmin, Role::SuperAdmin];
}

type Citizen = Authorized<Citizens>;

struct Choice {
    value: &'static str,
    label: String,
}

struct RequestRow {
    id: i64,
    when: String,
    kind: String,
    field: String,
    problem: String,
    correct_value: String,
    status: String,
    pending: bool,
    reason: String,
    who: String,
}

fn request_row(r: &Request, t: T<'_>) -> RequestRow {
    RequestRow {
        id: r.id,
        when: fmt_datetime(r.created_at, t.lang),
        kind: t.t(&format!("privacy-kind-{}", r.kind)),
        field: if r.field.is_empty() {
            String::new()
        } else {
            t.t(&format!("privacy-field-{}", r.field.replace('_', "-")))
        },
        problem: r.problem.clone(),
        correct_value: r.correct_value.clone(),
        status: t.t(&format!("privacy-status-{}", r.status)),
        pending: r.status == "pending",
        reason: r.reason.clone(),
        who: String::new(),
    }
}

struct RecordRow {
    label: String,
    action: String,
    basis: String,
}

fn record_rows(t: T<'_>) -> Vec<RecordRow> {
    RECORDS
        .iter()
        .map(|r| RecordRow {
            label: t.t(&format!("privacy-record-{}", r.kind.replace('_', "-"))),
            action: match r.on_erasure {
                OnErasure::Delete => t.t("privacy-action-delete"),
                OnErasure::Keep(Some(y)) => t.tn("privacy-action-keep-years", "years", y),
                OnErasure::Keep(None) => t.t("privacy-action-keep-public"),
            },
            basis: t.t(&format!("privacy-basis-{}", r.kind.replace('_', "-"))),
        })
        .collect()
}

#[derive(Template)]
#[template(path = "privacy/data.html")]
struct DataPage<'a> {
    l: Layout<'a>,
    fields: Vec<Choice>,
    form: CorrectionInput,
    errors: FormErrors,
    requests: Vec<RequestRow>,
    records: Vec<RecordRow>,
}

async fn data_view(
    state: &AppState,
    auth: &Citizen,
    form: CorrectionInput,
    errs: &[FieldError],
) -> Result<Response, AppError> {
    let t = auth.ctx.t();
    let requests = service::requests_of(state, auth.id).await?.iter().map(|r| request_row(r, t)).collect();
    let errors = FormErrors::from_fields(t, errs);
    let has_errors = !errors.is_empty();
    let mut l = Layout::new(&auth.ctx, t.t("privacy-title")).with_errors(has_errors);
    if auth.ctx.path.contains("ok=sent") {
        l.notice = Some(t.t("privacy-flash-sent"));
    }
    let page = DataPage {
        l,
        fields: model::FIELDS
            .iter()
            .map(|f| Choice { value: f, label: t.t(&format!("privacy-field-{}", f.replace('_', "-"))) })
            .collect(),
        form,
        errors,
        requests,
        records: record_rows(t),
    };
    render_form(&page, has_errors)
}

async fn data_page(State(state): State<AppState>, auth: Citizen) -> Result<Response, AppError> {
    data_view(&state, &auth, CorrectionInput::default(), &[]).await
}

/// The archive for the browser session (the API route takes a bearer token).
async fn download(State(state): State<AppState>, auth: Citizen) -> Result<Response, AppError> {
    let bytes = service::export(&state, auth.id).await?;
    tracing::info!(user_id = auth.id, "data archive downloaded");
    Ok(crate::web::attachment("application/zip", &format!("satupintu-data-saya-{}.zip", service::today(&state)), bytes))
}

async fn correction_submit(
    State(state): State<AppState>,
    auth: Citizen,
    CsrfForm(form): CsrfForm<CorrectionInput>,
) -> Result<Response, AppError> {
    let result = service::request_correction(&state, auth.id, &form).await;
    after_post(
        result,
        |_| "/akun/data-saya?ok=sent".to_string(),
        |errs| async move { data_view(&state, &auth, form, &errs).await },
    )
    .await
}

struct KeptRow {
    label: String,
    count: i64,
    until: String,
    basis: String,
}

#[derive(Template)]
#[template(path = "privacy/erased.html")]
struct ErasedPage<'a> {
    l: Layout<'a>,
    deleted: Vec<(String, i64)>,
    kept: Vec<KeptRow>,
}

async fn erase_submit(
    State(state): State<AppState>,
    auth: Citizen,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    if !pairs.iter().any(|(k, v)| k == "confirm" && v == "ya") {
        let errs = [FieldError::new("confirm", "field-privacy-confirm")];
        return data_view(&state, &auth, CorrectionInput::default(), &errs).await;
    }
    let outcome = service::erase(&state, auth.id).await?;
    let t = auth.ctx.t();
    let label = |key: &str| t.t(&format!("privacy-record-{}", key.replace('_', "-")));
    let deleted = outcome["deleted"]
        .as_object()
        .map(|m| m.iter().map(|(k, v)| (label(k), v.as_i64().unwrap_or(0))).collect())
        .unwrap_or_default();
    let kept = outcome["kept"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|k| {
                    let key = k["record"].as_str().unwrap_or_default();
                    KeptRow {
                        label: label(key),
                        count: k["count"].as_i64().unwrap_or(0),
                        until: match k["until"].as_str().and_then(crate::calendar::parse_date) {
                            Some(d) => crate::web::fmt_date(d, t.lang),
                            None => t.t("privacy-action-keep-public"),
                        },
                        basis: t.t(&format!("privacy-basis-{}", key.replace('_', "-"))),
                    }
                })
                .collect()
        })
        .unwrap_or_default();
    let mut l = Layout::new(&auth.ctx, t.t("privacy-erased-title"));
    // The account is gone: the page no longer shows a signed-in user.
    l.user_name = None;
    Ok(render(&ErasedPage { l, deleted, kept })?.into_response())
}

// ---------------------------------------------------------------------------------------
// Who accessed my data.

struct AccessRow {
    date: String,
    who: String,
    what: String,
    why: String,
    basis: String,
    outcome: String,
}

fn access_row(e: model::AccessEvent, t: T<'_>) -> AccessRow {
    let staff = |e: &model::AccessEvent| {
        let role = t.t(&format!("role-{}", e.role.replace('_', "-")));
        if e.agency.is_empty() {
            format!("{}, {role}", e.actor)
        } else {
            format!("{}, {role} ({})", e.actor, e.agency)
        }
    };
    match e.source.as_str() {
        "exchange" => AccessRow {
            date: fmt_datetime(e.at, t.lang),
            who: if e.actor.is_empty() { e.agency.clone() } else { format!("{} ({})", e.actor, e.agency) },
            what: t.t(&format!("exch-item-{}", e.what)),
            why: e.purpose.clone(),
            basis: match e.basis.as_str() {
                "consent" => t.t("exch-basis-consent"),
                "legal" => t.t1("exch-basis-legal", "basis", &e.basis_ref),
                _ => "-".into(),
            },
            outcome: if e.outcome == "answered" {
                t.t("exch-outcome-answered")
            } else {
                t.t1("exch-outcome-refused", "code", &e.outcome)
            },
        },
        "assisted" => AccessRow {
            date: fmt_datetime(e.at, t.lang),
            who: t.t2(
                "assisted-access-who",
                ("name", &e.actor),
                ("detail", format!("{}, {}", t.t(&format!("assisted-kind-{}", e.role)), e.agency)),
            ),
            what: {
                let scope: Vec<String> =
                    e.what.split(',').filter(|a| !a.is_empty()).map(|a| t.t(&format!("assisted-scope-{a}"))).collect();
                match e.reference.is_empty() {
                    true => scope.join(", "),
                    false => format!("{} ({})", scope.join(", "), e.reference),
                }
            },
            why: t.t1("assisted-access-why", "place", &e.purpose),
            basis: t.t(&format!("assisted-method-{}", e.basis_ref.replace('_', "-"))),
            outcome: t.t(&format!("assisted-status-{}", e.outcome)),
        },
        "health" => AccessRow {
            date: fmt_datetime(e.at, t.lang),
            who: staff(&e),
            what: t.t1(&format!("tele-access-{}", e.what), "code", &e.reference),
            why: t.t("access-why-health"),
            basis: t.t("access-basis-duty"),
            outcome: t.t("access-outcome-read"),
        },
        _ => AccessRow {
            date: fmt_datetime(e.at, t.lang),
            who: staff(&e),
            what: t.t1("access-what-application", "code", &e.reference),
            why: e.purpose.clone(),
            basis: t.t("access-basis-duty"),
            outcome: t.t("access-outcome-read"),
        },
    }
}

#[derive(Template)]
#[template(path = "privacy/access.html")]
struct AccessPage<'a> {
    l: Layout<'a>,
    rows: Vec<AccessRow>,
    /// Assisted sessions (open ones can be withdrawn here).
    sessions: Vec<crate::assisted::pages::SessionRow>,
}

/// "Siapa yang mengakses data saya": every use of the citizen's data, from every log, in time order.
async fn access_page(
    State(state): State<AppState>,
    auth: Citizen,
    axum::extract::Query(q): axum::extract::Query<std::collections::HashMap<String, String>>,
) -> Result<Response, AppError> {
    let t = auth.ctx.t();
    let rows = service::access_events(&state, &auth.user).await?.into_iter().map(|e| access_row(e, t)).collect();
    let sessions = crate::assisted::pages::citizen_rows(&state, &auth.user, t).await?;
    let mut l = Layout::new(&auth.ctx, t.t("access-title"));
    if q.get("pendampingan").is_some_and(|v| v == "ditarik") {
        l.notice = Some(t.t("assisted-withdrawn"));
    }
    Ok(render(&AccessPage { l, rows, sessions })?.into_response())
}

// ---------------------------------------------------------------------------------------
// Staff.

#[derive(Template)]
#[template(path = "privacy/manage.html")]
struct ManagePage<'a> {
    l: Layout<'a>,
    rows: Vec<RequestRow>,
    error_id: i64,
    errors: FormErrors,
    /// Whether the viewer handles these requests (else the page says who does).
    officer: bool,
}

async fn manage_view(
    state: &AppState,
    auth: &Authorized<DataOfficers>,
    error_id: i64,
    errs: &[FieldError],
) -> Result<Response, AppError> {
    let t = auth.ctx.t();
    let requests = service::requests_for(state, &auth.user).await?;
    let mut rows = vec![];
    for r in &requests {
        let mut row = request_row(r, t);
        row.who = crate::identity::service::profile(state, r.user_id).await.map(|p| p.full_name).unwrap_or_default();
        rows.push(row);
    }
    let errors = FormErrors::from_fields(t, errs);
    let has_errors = !errors.is_empty();
    let mut l = Layout::new(&auth.ctx, t.t("privacy-manage-title")).with_errors(has_errors);
    if auth.ctx.path.contains("ok=decided") {
        l.notice = Some(t.t("privacy-flash-decided"));
    }
    let officer = service::handles_requests(state, &auth.user);
    render_form(&ManagePage { l, rows, error_id, errors, officer }, has_errors)
}

async fn manage_page(State(state): State<AppState>, auth: Authorized<DataOfficers>) -> Result<Response, AppError> {
    manage_view(&state, &auth, 0, &[]).await
}

async fn decide_submit(
    State(state): State<AppState>,
    auth: Authorized<DataOfficers>,
    ApiPath(id): ApiPath<i64>,
    CsrfForm(form): CsrfForm<DecisionInput>,
) -> Result<Response, AppError> {
    let result = service::decide(&state, &auth, id, &form).await;
    after_post(
        result,
        |_| "/kelola/permintaan-data?ok=decided".to_string(),
        |errs| async move { manage_view(&state, &auth, id, &errs).await },
    )
    .await
}
