//! Application pages: the citizen's form (generated from the catalogue, prefilled once-only),
//! status page with history, and list (the data-access log is on the privacy module's
//! `/akun/akses-data`); the officer inbox and case page.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Multipart, Query, State};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{Map, Value};

use super::service::{self, ActionInput, ApplicationView, InboxFilter};
use super::store::Application;
use crate::app::AppState;
use crate::catalog::model::FormField;
use crate::catalog::service as catalog;
use crate::exchange::verify;
use crate::web::auth::{Authorized, CaseWorkers, Citizens, SignedIn};
use crate::web::routes::Pages;
use crate::web::{
    fmt_datetime, render, render_form, see_other, ApiPath, AppError, CsrfForm, FormErrors, Lang, Layout, T,
};

pub fn pages() -> Pages {
    Pages::new()
        .get("/layanan/{id}/ajukan", apply_form)
        .post("/layanan/{id}/ajukan", apply_submit)
        .get("/permohonan", my_list)
        .get("/permohonan/{code}", status_page)
        .post("/permohonan/{code}/aksi", citizen_action)
        .get("/permohonan/{code}/ubah", edit_form)
        .post("/permohonan/{code}/ubah", edit_submit)
        .get("/berkas/{id}", crate::uploads::api::download)
        .get("/petugas", inbox_page)
        .get("/petugas/layanan/{id}/ajukan", assisted_form)
        .post("/petugas/layanan/{id}/ajukan", assisted_submit)
        .get("/petugas/permohonan/{code}", case_page)
        .post("/petugas/permohonan/{code}/aksi", staff_action)
        .post("/petugas/permohonan/{code}/periksa-ulang", staff_recheck)
}

/// A form field ready to render.
pub struct FieldView {
    pub name: String,
    pub label: String,
    pub kind: String,
    pub required: bool,
    pub value: String,
    pub options: Vec<(String, String)>,
    pub accept: String,
    pub hint: String,
    pub prefilled: bool,
    /// Offered automatic verification instead of the upload.
    pub auto: Option<AutoView>,
}

/// A field that may be verified through the data exchange instead of an upload.
pub struct AutoView {
    pub provider: String,
    pub purpose: String,
    /// Automatic verification chosen (else: the upload).
    pub chosen: bool,
    pub consent: bool,
    pub verify_error: Option<String>,
    pub consent_error: Option<String>,
}

/// The automatic verification offered for each covered field, with what was chosen: the
/// controls typed (shown again with errors) or else the application's current choice.
fn auto_views(
    offers: &[verify::Offer],
    values: &Map<String, Value>,
    current: &[String],
    t: T<'_>,
) -> HashMap<String, AutoView> {
    offers
        .iter()
        .map(|o| {
            let f = &o.rule.field;
            let typed = values.get(&format!("{}{f}", verify::VERIFY_PREFIX)).and_then(Value::as_str);
            let chosen = typed.map_or(current.contains(f), |c| c == "auto");
            let consent = values.get(&format!("{}{f}", verify::CONSENT_PREFIX)).is_some_and(|v| !v.is_null())
                || (typed.is_none() && current.contains(f));
            let purpose = match t.lang {
                Lang::En => o.purpose.description_en.clone(),
                _ => o.purpose.description_id.clone(),
            };
            let view = AutoView {
                provider: o.provider_name.clone(),
                purpose,
                chosen,
                consent,
                verify_error: None,
                consent_error: None,
            };
            (f.clone(), view)
        })
        .collect()
}

fn field_views(form: &[FormField], values: &Map<String, Value>, prefilled: &[String], t: T<'_>) -> Vec<FieldView> {
    form.iter()
        .map(|f| {
            let value = match values.get(&f.name) {
                Some(Value::String(s)) => s.clone(),
                Some(Value::Bool(true)) => "true".into(),
                Some(Value::Number(n)) => n.to_string(),
                _ => String::new(),
            };
            let hint = match f.kind.as_str() {
                "nik" | "kk" => t.t("field-16-digits-hint"),
                "date" => t.t("field-date-hint"),
                "location" => t.t("field-location-hint"),
                "file" => t.t1("field-file-hint", "mb", f.max_mb.unwrap_or(2.0)),
                _ => String::new(),
            };
            FieldView {
                name: f.name.clone(),
                label: f.label.get(t.lang).to_string(),
                kind: f.kind.clone(),
                required: f.required,
                value,
                options: f.options.iter().map(|o| (o.value.clone(), o.label.get(t.lang).to_string())).collect(),
                accept: f.accept.join(","),
                hint,
                prefilled: prefilled.contains(&f.name),
                auto: None,
            }
        })
        .collect()
}

/// Read a multipart application form (see [`crate::uploads::form`]).
pub(crate) async fn read_form(
    state: &AppState,
    owner: i64,
    csrf: &str,
    mp: Multipart,
) -> Result<(Map<String, Value>, HashMap<String, String>), AppError> {
    let form = crate::uploads::form::read(state, Some(owner), csrf, mp).await?;
    let mut values = form.values;
    // The choices of automatic verification travel with the values (see `exchange::verify`).
    for (k, v) in &form.controls {
        if k.starts_with(verify::VERIFY_PREFIX) || k.starts_with(verify::CONSENT_PREFIX) {
            values.insert(k.clone(), Value::String(v.clone()));
        }
    }
    Ok((values, form.controls))
}

#[derive(Template)]
#[template(path = "applications/form.html")]
struct FormPage<'a> {
    l: Layout<'a>,
    action: String,
    service_name: String,
    fields: Vec<FieldView>,
    errors: FormErrors,
    editing: bool,
    assisted: bool,
    /// In an assisted session: who is applied for, and that the act is marked as assisted.
    session_intro: Option<String>,
}

/// The field an officer fills in assisted mode: whose application this is.
const CITIZEN_NIK: &str = "citizen_nik";

/// Which application form is shown.
#[derive(Clone, Copy, PartialEq, Eq)]
enum FormMode<'a> {
    /// A citizen applies.
    Apply,
    /// An officer files for a walk-in citizen.
    Assisted,
    /// The citizen corrects the application with this code.
    Edit(&'a str),
    /// An assistant applies in an assisted session (its id) for the citizen named.
    Session(i64, &'a str),
}

/// The application form for `r`, empty, prefilled or showing what was typed with its errors.
fn form_page(
    ctx: &crate::web::RequestCtx,
    r: &catalog::ServiceRecord,
    mode: FormMode<'_>,
    values: &Map<String, Value>,
    prefilled: &[String],
    errs: &[crate::web::FieldError],
    auto: (&[verify::Offer], &[String]),
) -> Result<Response, AppError> {
    let t = ctx.t();
    let name = r.service.name.get(t.lang).to_string();
    let mut fields = field_views(&r.service.form, values, prefilled, t);
    let mut autos = auto_views(auto.0, values, auto.1, t);
    let errors = FormErrors::from_fields(t, errs);
    for f in &mut fields {
        f.auto = autos.remove(&f.name).map(|mut a| {
            a.verify_error = errors.get(&format!("{}{}", verify::VERIFY_PREFIX, f.name)).map(str::to_string);
            a.consent_error = errors.get(&format!("{}{}", verify::CONSENT_PREFIX, f.name)).map(str::to_string);
            a
        });
    }
    let (action, title) = match mode {
        FormMode::Edit(code) => (format!("/permohonan/{code}/ubah"), t.t1("edit-application-title", "code", code)),
        FormMode::Apply => (format!("/layanan/{}/ajukan", r.service.id), t.t1("apply-title", "name", &name)),
        FormMode::Assisted => (format!("/petugas/layanan/{}/ajukan", r.service.id), t.t1("apply-title", "name", &name)),
        FormMode::Session(session, _) => {
            (format!("/pendampingan/{session}/ajukan?layanan={}", r.service.id), t.t1("apply-title", "name", &name))
        }
    };
    if mode == FormMode::Assisted {
        let nik = values.get(CITIZEN_NIK).and_then(Value::as_str).unwrap_or_default().to_string();
        fields.insert(
            0,
            FieldView {
                name: CITIZEN_NIK.into(),
                label: t.t("assisted-citizen-nik"),
                kind: "nik".into(),
                required: true,
                value: nik,
                options: vec![],
                accept: String::new(),
                hint: t.t("assisted-citizen-nik-hint"),
                prefilled: false,
                auto: None,
            },
        );
    }
    let page = FormPage {
        l: Layout::new(ctx, title).with_errors(!errs.is_empty()),
        action,
        service_name: name,
        fields,
        errors,
        editing: matches!(mode, FormMode::Edit(_)),
        assisted: matches!(mode, FormMode::Assisted | FormMode::Session(..)),
        session_intro: match mode {
            FormMode::Session(_, citizen) => Some(t.t1("assisted-apply-intro", "name", citizen)),
            _ => None,
        },
    };
    render_form(&page, !errs.is_empty())
}

/// The application form an assistant fills in an assisted session for the citizen named
/// (empty, or with what was typed and its errors); profile fields come from the citizen's account.
pub(crate) async fn session_form(
    state: &AppState,
    ctx: &crate::web::RequestCtx,
    service_id: &str,
    session: (i64, i64, &str),
    values: Option<Map<String, Value>>,
    errs: &[crate::web::FieldError],
) -> Result<Response, AppError> {
    let snap = catalog::snapshot(state).await?;
    let r = snap.service(service_id).ok_or(AppError::NotFound)?.clone();
    if !r.service.channels.iter().any(|c| c == "online") {
        return Err(AppError::Refused { key: "error-not-online" });
    }
    let (id, citizen, name) = session;
    let (values, prefilled) = match values {
        Some(v) => (v, vec![]),
        None => {
            let mut v = Map::new();
            service::prefill(state, &r, citizen, &mut v).await?;
            let keys: Vec<String> = v.keys().cloned().collect();
            (v, keys)
        }
    };
    form_page(ctx, &r, FormMode::Session(id, name), &values, &prefilled, errs, (&[], &[]))
}

async fn apply_form(
    State(state): State<AppState>,
    auth: Authorized<Citizens>,
    ApiPath(id): ApiPath<String>,
) -> Result<Response, AppError> {
    let snap = catalog::snapshot(&state).await?;
    let r = snap.service(&id).ok_or(AppError::NotFound)?.clone();
    if !r.service.channels.iter().any(|c| c == "online") {
        return Err(AppError::Refused { key: "error-not-online" });
    }
    let mut values = Map::new();
    service::prefill(&state, &r, auth.id, &mut values).await?;
    let prefilled: Vec<String> = values.keys().cloned().collect();
    let offers = verify::offers(&state, &id).await?;
    form_page(&auth.ctx, &r, FormMode::Apply, &values, &prefilled, &[], (&offers, &[]))
}

async fn apply_submit(
    State(state): State<AppState>,
    auth: Authorized<Citizens>,
    ApiPath(id): ApiPath<String>,
    mp: Multipart,
) -> Result<Response, AppError> {
    let snap = catalog::snapshot(&state).await?;
    let r = snap.service(&id).ok_or(AppError::NotFound)?.clone();
    let result = match read_form(&state, auth.id, &auth.ctx.csrf, mp).await {
        Ok((values, _)) => {
            service::create(&state, &auth.user, &id, values.clone(), false, None).await.map_err(|e| (e, values))
        }
        Err(e) => Err((e, Map::new())),
    };
    match result {
        Ok((app, _)) => Ok(see_other(&format!("/permohonan/{}", app.code))),
        Err((AppError::Validation(errs), values)) => {
            let offers = verify::offers(&state, &id).await?;
            form_page(&auth.ctx, &r, FormMode::Apply, &values, &[], &errs, (&offers, &[]))
        }
        Err((e, _)) => Err(e),
    }
}

/// A service of the officer's own agency (assisted mode files only for one's own agency).
async fn own_service(
    state: &AppState,
    auth: &Authorized<CaseWorkers>,
    id: &str,
) -> Result<std::sync::Arc<catalog::ServiceRecord>, AppError> {
    let snap = catalog::snapshot(state).await?;
    snap.service(id)
        .filter(|r| auth.user.agency_id.as_deref() == Some(r.service.agency.as_str()))
        .cloned()
        .ok_or(AppError::NotFound)
}

/// Assisted mode: an officer at an MPP counter or a mobile service fills the form for a walk-in
/// citizen, identified by NIK; profile fields left empty come from the citizen's account.
async fn assisted_form(
    State(state): State<AppState>,
    auth: Authorized<CaseWorkers>,
    ApiPath(id): ApiPath<String>,
) -> Result<Response, AppError> {
    let r = own_service(&state, &auth, &id).await?;
    form_page(&auth.ctx, &r, FormMode::Assisted, &Map::new(), &[], &[], (&[], &[]))
}

async fn assisted_submit(
    State(state): State<AppState>,
    auth: Authorized<CaseWorkers>,
    ApiPath(id): ApiPath<String>,
    mp: Multipart,
) -> Result<Response, AppError> {
    let r = own_service(&state, &auth, &id).await?;
    let (mut values, _) = read_form(&state, auth.id, &auth.ctx.csrf, mp).await?;
    let nik = values.remove(CITIZEN_NIK).and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
    let created = match service::citizen_by_nik(&state, &nik).await {
        Ok(citizen) => service::create(&state, &auth.user, &id, values.clone(), true, Some(citizen)).await,
        Err(e) => Err(e),
    };
    match created {
        Ok((app, _)) => Ok(see_other(&format!("/petugas/permohonan/{}", app.code))),
        Err(AppError::Validation(errs)) => {
            values.insert(CITIZEN_NIK.into(), Value::String(nik));
            form_page(&auth.ctx, &r, FormMode::Assisted, &values, &[], &errs, (&[], &[]))
        }
        Err(e) => Err(e),
    }
}

/// An application's fields as label/value pairs for reading.
struct Shown {
    label: String,
    value: String,
    file: Option<String>,
}

fn shown_fields(form: &[FormField], values: &Map<String, Value>, lang: Lang) -> Vec<Shown> {
    form.iter()
        .filter_map(|f| {
            let v = values.get(&f.name)?;
            let text = match v {
                Value::String(s) => s.clone(),
                Value::Bool(true) => "✓".into(),
                other => other.to_string(),
            };
            let text =
                f.options.iter().find(|o| o.value == text).map(|o| o.label.get(lang).to_string()).unwrap_or(text);
            let file = (f.kind == "file").then(|| format!("/berkas/{text}"));
            Some(Shown { label: f.label.get(lang).to_string(), value: text, file })
        })
        .collect()
}

struct HistoryRow {
    date: String,
    text: String,
    note: String,
}

fn history_rows(v: &ApplicationView, t: T<'_>) -> Vec<HistoryRow> {
    v.history
        .iter()
        .map(|h| {
            let who = match (h.actor_role.as_str(), &h.actor_name) {
                ("citizen", _) => t.t("actor-citizen"),
                (_, Some(name)) => format!("{} ({})", name, t.t(&format!("actor-{}", h.actor_role))),
                (role, None) => t.t(&format!("actor-{role}")),
            };
            let text = match (&v.assisted, h.actor_role.as_str(), h.action.as_str()) {
                // The act done in an assisted session says who helped, as what, where.
                (Some(mark), "assisted", "create") => crate::assisted::pages::mark_text(mark, t),
                (Some(mark), "assisted", action) => t.t1(
                    &format!("event-{}", action.replace('_', "-")),
                    "who",
                    crate::assisted::pages::assistant_label(mark, t),
                ),
                _ => t.t1(&format!("event-{}", h.action.replace('_', "-")), "who", who),
            };
            HistoryRow { date: fmt_datetime(h.at, t.lang), text, note: h.note.clone().unwrap_or_default() }
        })
        .collect()
}

#[derive(Template)]
#[template(path = "applications/status.html")]
struct StatusPage<'a> {
    l: Layout<'a>,
    v: ApplicationView,
    service_name: String,
    status_label: String,
    fields: Vec<Shown>,
    history: Vec<HistoryRow>,
    actions: Vec<(String, String)>,
    due: String,
    staff: bool,
    assignees: Vec<(i64, String)>,
    docs: Vec<DocRow>,
    verifications: Vec<VerRow>,
    bills: Vec<crate::payments::pages::BillView>,
}

/// A field verified through the data exchange, as the status and case pages show it.
struct VerRow {
    field: String,
    label: String,
    outcome: String,
    /// `govuk-tag--green` and the like.
    tag: &'static str,
    source: String,
    request_id: String,
    asked: String,
    /// The citizen should upload the scan instead (no, refused, or given up).
    upload_hint: bool,
}

fn ver_rows(form: &[FormField], list: &[crate::exchange::store::Verification], t: T<'_>) -> Vec<VerRow> {
    list.iter()
        .map(|v| {
            let (key, tag) = match (v.status.as_str(), v.code.as_str()) {
                ("yes", _) => ("exch-verify-status-yes", "govuk-tag--green"),
                ("no", _) => ("exch-verify-status-no", "govuk-tag--red"),
                ("failed", _) => ("exch-verify-status-failed", "govuk-tag--orange"),
                ("refused", "exchange_no_consent") => ("exch-verify-status-no-consent", "govuk-tag--red"),
                ("refused", _) => ("exch-verify-status-refused", "govuk-tag--red"),
                ("waiting", _) => ("exch-verify-status-waiting", "govuk-tag--grey"),
                _ => ("exch-verify-status-pending", "govuk-tag--blue"),
            };
            VerRow {
                field: v.field.clone(),
                label: form
                    .iter()
                    .find(|f| f.name == v.field)
                    .map(|f| f.label.get(t.lang).to_string())
                    .unwrap_or_else(|| v.field.clone()),
                outcome: t.t1(key, "code", &v.code),
                tag,
                source: format!("{} ({})", v.provider_name, v.provider_member),
                request_id: v.request_id.clone(),
                asked: v.asked_at.map(|a| fmt_datetime(a, t.lang)).unwrap_or_default(),
                upload_hint: matches!(v.status.as_str(), "no" | "refused")
                    || (v.status == "failed" && v.next_attempt_at.is_none()),
            }
        })
        .collect()
}

struct DocRow {
    number: String,
    status: String,
    revoked: bool,
    pdf_url: String,
    verify_url: String,
}

async fn view_page(state: &AppState, auth: &SignedIn, code: &str, staff: bool) -> Result<Response, AppError> {
    let ctx = &auth.ctx;
    let v = service::view(state, &auth.user, code).await?;
    let snap = catalog::snapshot(state).await?;
    let t = ctx.t();
    let form = snap.service(&v.service_id).map(|r| r.service.form.clone()).unwrap_or_default();
    let service_name = snap.service(&v.service_id).map(|r| r.service.name.get(t.lang).to_string()).unwrap_or_default();
    let due = match (&v.due_date, v.working_days_left) {
        (Some(d), Some(left)) if left >= 0 => {
            t.t1("due-left", "date", d) + " · " + &t.tn("due-days-left", "days", left)
        }
        (Some(d), Some(left)) => t.t1("due-left", "date", d) + " · " + &t.tn("due-overdue", "days", -left),
        (Some(d), None) => t.t1("due-left", "date", d),
        _ => String::new(),
    };
    let actions = v
        .available_actions
        .iter()
        .filter(|a| a.as_str() != "edit")
        .map(|a| (a.clone(), t.t(&format!("action-{}", a.replace('_', "-")))))
        .collect();
    let assignees = if staff && v.available_actions.iter().any(|a| a == "assign") {
        let mut tx = state.db.read().await?;
        let s = crate::identity::store::staff_of_agency(&mut tx, &v.agency_id).await?;
        tx.commit().await?;
        s
    } else {
        vec![]
    };
    let docs = v
        .documents
        .iter()
        .map(|d| {
            let s = |k: &str| d[k].as_str().unwrap_or("").to_string();
            DocRow {
                number: s("number"),
                status: t.t(&format!("doc-status-{}", s("status"))),
                revoked: s("status") == "revoked",
                pdf_url: s("pdf_url"),
                verify_url: s("verify_url"),
            }
        })
        .collect();
    let page = StatusPage {
        docs,
        verifications: ver_rows(&form, &v.verifications, t),
        bills: v.bills.iter().map(|b| crate::payments::pages::BillView::of(b.clone(), t)).collect(),
        l: Layout::new(ctx, t.t1("status-title", "code", &v.code)),
        status_label: t.t(&format!("app-status-{}", v.status.replace('_', "-"))),
        fields: shown_fields(&form, &v.fields, t.lang),
        history: history_rows(&v, t),
        service_name,
        actions,
        due,
        staff,
        assignees,
        v,
    };
    Ok(render(&page)?.into_response())
}

async fn status_page(
    State(state): State<AppState>,
    auth: SignedIn,
    ApiPath(code): ApiPath<String>,
) -> Result<Response, AppError> {
    view_page(&state, &auth, &code, false).await
}

async fn case_page(
    State(state): State<AppState>,
    auth: Authorized<CaseWorkers>,
    ApiPath(code): ApiPath<String>,
) -> Result<Response, AppError> {
    let signed = SignedIn::from_parts(auth.user, auth.ctx);
    view_page(&state, &signed, &code, true).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ActionForm {
    action: String,
    note: String,
    assignee: String,
}

async fn do_action(
    state: &AppState,
    auth: &SignedIn,
    code: &str,
    form: ActionForm,
    back: &str,
) -> Result<Response, AppError> {
    let input = ActionInput {
        note: Some(form.note).filter(|n| !n.trim().is_empty()),
        fields: None,
        assignee: form.assignee.parse().ok(),
    };
    service::act(state, &auth.user, code, &form.action, input)
        .await
        .map_err(|e| crate::web::error::action_form_error(auth.ctx.t(), e))?;
    Ok(see_other(back))
}

async fn citizen_action(
    State(state): State<AppState>,
    auth: SignedIn,
    ApiPath(code): ApiPath<String>,
    CsrfForm(form): CsrfForm<ActionForm>,
) -> Result<Response, AppError> {
    do_action(&state, &auth, &code, form, &format!("/permohonan/{code}")).await
}

async fn staff_action(
    State(state): State<AppState>,
    auth: Authorized<CaseWorkers>,
    ApiPath(code): ApiPath<String>,
    CsrfForm(form): CsrfForm<ActionForm>,
) -> Result<Response, AppError> {
    let signed = SignedIn::from_parts(auth.user, auth.ctx);
    do_action(&state, &signed, &code, form, &format!("/petugas/permohonan/{code}")).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RecheckForm {
    field: String,
}

/// "Periksa ulang": ask a field's provider again (an officer of the application's agency).
async fn staff_recheck(
    State(state): State<AppState>,
    auth: Authorized<CaseWorkers>,
    ApiPath(code): ApiPath<String>,
    CsrfForm(form): CsrfForm<RecheckForm>,
) -> Result<Response, AppError> {
    service::recheck(&state, &auth.user, &code, &form.field)
        .await
        .map_err(|e| crate::web::error::action_form_error(auth.ctx.t(), e))?;
    Ok(see_other(&format!("/petugas/permohonan/{code}#verifikasi")))
}

async fn load_for_edit(
    state: &AppState,
    auth: &SignedIn,
    code: &str,
) -> Result<(ApplicationView, std::sync::Arc<catalog::ServiceRecord>), AppError> {
    let v = service::view(state, &auth.user, code).await?;
    if !v.available_actions.iter().any(|a| a == "edit") {
        return Err(AppError::Conflict { key: "error-action-not-allowed" });
    }
    let snap = catalog::snapshot(state).await?;
    let r = snap.service(&v.service_id).cloned().ok_or(AppError::NotFound)?;
    Ok((v, r))
}

async fn edit_form(
    State(state): State<AppState>,
    auth: SignedIn,
    ApiPath(code): ApiPath<String>,
) -> Result<Response, AppError> {
    let (v, r) = load_for_edit(&state, &auth, &code).await?;
    let offers = verify::offers(&state, &v.service_id).await?;
    let current: Vec<String> = v.verifications.iter().map(|x| x.field.clone()).collect();
    form_page(&auth.ctx, &r, FormMode::Edit(&code), &v.fields, &[], &[], (&offers, &current))
}

async fn edit_submit(
    State(state): State<AppState>,
    auth: SignedIn,
    ApiPath(code): ApiPath<String>,
    mp: Multipart,
) -> Result<Response, AppError> {
    let (v, r) = load_for_edit(&state, &auth, &code).await?;
    let (mut values, _) = read_form(&state, auth.id, &auth.ctx.csrf, mp).await?;
    // A file field left empty keeps the file already given.
    for f in r.service.form.iter().filter(|f| f.kind == "file") {
        if !values.contains_key(&f.name) {
            if let Some(old) = v.fields.get(&f.name) {
                values.insert(f.name.clone(), old.clone());
            }
        }
    }
    let input = ActionInput { fields: Some(values.clone()), ..Default::default() };
    match service::act(&state, &auth.user, &code, "edit", input).await {
        Ok(_) => Ok(see_other(&format!("/permohonan/{code}"))),
        Err(AppError::Validation(errs)) => {
            let offers = verify::offers(&state, &v.service_id).await?;
            let current: Vec<String> = v.verifications.iter().map(|x| x.field.clone()).collect();
            form_page(&auth.ctx, &r, FormMode::Edit(&code), &values, &[], &errs, (&offers, &current))
        }
        Err(e) => Err(e),
    }
}

struct ListRow {
    code: String,
    service: String,
    status: String,
    date: String,
}

fn list_rows(state_snap: &catalog::Snapshot, list: &[Application], t: T<'_>) -> Vec<ListRow> {
    list.iter()
        .map(|a| ListRow {
            code: a.code.clone(),
            service: state_snap
                .service(&a.service_id)
                .map(|r| r.service.name.get(t.lang).to_string())
                .unwrap_or_default(),
            status: t.t(&format!("app-status-{}", a.status.replace('_', "-"))),
            date: fmt_datetime(a.submitted_at.unwrap_or(a.created_at), t.lang),
        })
        .collect()
}

#[derive(Template)]
#[template(path = "applications/list.html")]
struct ListPage<'a> {
    l: Layout<'a>,
    rows: Vec<ListRow>,
}

async fn my_list(State(state): State<AppState>, auth: Authorized<Citizens>) -> Result<Response, AppError> {
    let list = service::mine(&state, &auth.user).await?;
    let snap = catalog::snapshot(&state).await?;
    let t = auth.ctx.t();
    let page = ListPage { l: Layout::new(&auth.ctx, t.t("my-applications-title")), rows: list_rows(&snap, &list, t) };
    Ok(render(&page)?.into_response())
}

struct InboxRow {
    code: String,
    service: String,
    status: String,
    submitted: String,
    due: String,
    overdue: bool,
}

#[derive(Template)]
#[template(path = "applications/inbox.html")]
struct InboxPage<'a> {
    l: Layout<'a>,
    rows: Vec<InboxRow>,
    services: Vec<(String, String)>,
    statuses: Vec<(String, String)>,
    f: InboxFilter,
    workload: Vec<(String, i64)>,
}

async fn inbox_page(
    State(state): State<AppState>,
    auth: Authorized<CaseWorkers>,
    Query(f): Query<InboxFilter>,
) -> Result<Response, AppError> {
    let list = service::inbox(&state, &auth.user, &f).await?;
    let snap = catalog::snapshot(&state).await?;
    let t = auth.ctx.t();
    let today = crate::calendar::local_date(crate::db::now(), state.config.utc_offset_hours().unwrap_or(7));
    let holidays = state.holidays.get(&state.db).await?;
    let mut tx = state.db.read().await?;
    let agency = auth.agency_id.clone().unwrap_or_default();
    let workload = if auth.role == crate::identity::Role::Supervisor {
        crate::applications::store::workload(&mut tx, &agency).await?.into_iter().map(|(_, n, c)| (n, c)).collect()
    } else {
        vec![]
    };
    tx.commit().await?;
    let rows = list
        .iter()
        .map(|a| {
            let left = a
                .due_date
                .as_deref()
                .and_then(crate::calendar::parse_date)
                .map(|d| holidays.working_days_between(today, d));
            let open = !matches!(a.status.as_str(), "rejected" | "completed" | "cancelled" | "issued");
            InboxRow {
                code: a.code.clone(),
                service: snap
                    .service(&a.service_id)
                    .map(|r| r.service.name.get(t.lang).to_string())
                    .unwrap_or_default(),
                status: t.t(&format!("app-status-{}", a.status.replace('_', "-"))),
                submitted: a.submitted_at.map(|s| fmt_datetime(s, t.lang)).unwrap_or_default(),
                due: match left {
                    Some(d) if open && d >= 0 => t.tn("due-days-left", "days", d),
                    Some(d) if open => t.tn("due-overdue", "days", -d),
                    _ => a.due_date.clone().unwrap_or_default(),
                },
                overdue: open && left.is_some_and(|d| d < 0),
            }
        })
        .collect();
    let services =
        snap.services_of(&agency).map(|r| (r.service.id.clone(), r.service.name.get(t.lang).to_string())).collect();
    let statuses = super::workflow::STATES
        .iter()
        .filter(|s| **s != "draft")
        .map(|s| (s.to_string(), t.t(&format!("app-status-{}", s.replace('_', "-")))))
        .collect();
    let page = InboxPage { l: Layout::new(&auth.ctx, t.t("inbox-title")), rows, services, statuses, f, workload };
    Ok(render(&page)?.into_response())
}
