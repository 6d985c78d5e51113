//! The citizen's pages: consent to proactive notices (`/akun/pemberitahuan-proaktif`), the
//! documents they record (`/akun/dokumen-saya`), their family members (`/akun/keluarga`) and
//! the services they are likely eligible for (`/akun/layanan-untuk-anda`).

use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Response};

use super::model::{self, DocumentInput, MemberInput, DOCUMENT_KINDS};
use super::service;
use super::store::OwnDocument;
use crate::app::AppState;
use crate::web::auth::{Authorized, Citizens};
use crate::web::routes::Pages;
use crate::web::{
    after_post, fmt_date, fmt_datetime, render, render_form, see_other, ApiPath, AppError, CsrfForm, FieldError,
    FormErrors, Layout, T,
};

pub fn pages() -> Pages {
    Pages::new()
        .get("/akun/pemberitahuan-proaktif", consent_page)
        .post("/akun/pemberitahuan-proaktif", consent_submit)
        .get("/akun/dokumen-saya", documents_page)
        .post("/akun/dokumen-saya", document_add)
        .get("/akun/dokumen-saya/{id}", document_page)
        .post("/akun/dokumen-saya/{id}", document_update)
        .post("/akun/dokumen-saya/{id}/hapus", document_delete)
        .get("/akun/keluarga", family_page)
        .post("/akun/keluarga", member_add)
        .post("/akun/keluarga/{id}/hapus", member_delete)
        .get("/akun/layanan-untuk-anda", suggestions_page)
}

type Citizen = Authorized<Citizens>;

/// A page with a flash notice when the query names one (`?ok=saved`).
fn layout<'a>(auth: &'a Citizen, title_key: &str, errors: bool) -> Layout<'a> {
    let t = auth.ctx.t();
    let mut l = Layout::new(&auth.ctx, t.t(title_key)).with_errors(errors);
    for flash in ["saved", "added", "deleted"] {
        if auth.ctx.path.contains(&format!("ok={flash}")) {
            l.notice = Some(t.t(&format!("pro-flash-{flash}")));
        }
    }
    l
}

fn date_text(iso: &str, t: T<'_>) -> String {
    crate::calendar::parse_date(iso).map(|d| fmt_date(d, t.lang)).unwrap_or_else(|| iso.to_string())
}

// ---------------------------------------------------------------------------------------
// Consent.

struct ConsentRow {
    kind: &'static str,
    label: String,
    hint: String,
    on: bool,
}

struct HistoryRow {
    when: String,
    what: String,
}

#[derive(Template)]
#[template(path = "proactive/consent.html")]
struct ConsentPage<'a> {
    l: Layout<'a>,
    kinds: Vec<ConsentRow>,
    history: Vec<HistoryRow>,
    /// The channels notices reach now (from the notification settings).
    channels: Vec<String>,
}

async fn consent_page(State(state): State<AppState>, auth: Citizen) -> Result<Response, AppError> {
    let t = auth.ctx.t();
    let c = service::consents(&state, auth.id).await?;
    let r = crate::notify::worker::recipient(&state, auth.id).await.map_err(AppError::Internal)?;
    let channels = r
        .map(|r| {
            [
                (r.wants_email && r.email.is_some(), "prefs-email"),
                (r.wants_webhook && r.phone.is_some(), "prefs-sms"),
                (r.wants_push && r.devices > 0, "prefs-push"),
            ]
            .into_iter()
            .filter(|(on, _)| *on)
            .map(|(_, key)| t.t(key))
            .collect()
        })
        .unwrap_or_default();
    let page = ConsentPage {
        channels,
        kinds: c
            .kinds
            .iter()
            .map(|(k, on)| ConsentRow {
                kind: k,
                label: t.t(&format!("pro-consent-{k}")),
                hint: t.t(&format!("pro-consent-{k}-hint")),
                on: *on,
            })
            .collect(),
        history: c
            .log
            .iter()
            .map(|h| HistoryRow {
                when: fmt_datetime(h.at, t.lang),
                what: t.t1(
                    if h.granted { "pro-history-given" } else { "pro-history-withdrawn" },
                    "kind",
                    t.t(&format!("pro-consent-{}", h.kind)),
                ),
            })
            .collect(),
        l: layout(&auth, "pro-consent-title", false),
    };
    Ok(render(&page)?.into_response())
}

async fn consent_submit(
    State(state): State<AppState>,
    auth: Citizen,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let on: Vec<String> = pairs.into_iter().filter(|(k, _)| k == "kind").map(|(_, v)| v).collect();
    service::set_consents(&state, auth.id, &on).await?;
    Ok(see_other("/akun/pemberitahuan-proaktif?ok=saved"))
}

// ---------------------------------------------------------------------------------------
// Documents.

struct Choice {
    value: &'static str,
    label: String,
}

fn kind_choices(t: T<'_>) -> Vec<Choice> {
    DOCUMENT_KINDS.iter().map(|(k, _)| Choice { value: k, label: t.t(&format!("pro-doc-{k}")) }).collect()
}

struct DocRow {
    id: i64,
    title: String,
    number: String,
    expires: String,
    status: String,
    soon: bool,
    renew: Option<String>,
}

fn doc_row(d: &OwnDocument, t: T<'_>, today: time::Date) -> DocRow {
    let kind = t.t(&format!("pro-doc-{}", d.kind));
    let days = crate::calendar::parse_date(&d.expires_on).map(|e| (e - today).whole_days()).unwrap_or(0);
    DocRow {
        id: d.id,
        title: if d.label.is_empty() { kind } else { format!("{} ({kind})", d.label) },
        number: if d.number_tail.is_empty() { String::new() } else { format!("••••{}", d.number_tail) },
        expires: date_text(&d.expires_on, t),
        status: match days {
            d if d < 0 => t.t("pro-doc-expired"),
            d if d > model::THRESHOLDS[0] => t.t("pro-doc-valid"),
            d => t.tn("pro-doc-days-left", "days", d),
        },
        soon: days <= model::THRESHOLDS[0],
        renew: model::renewal_service(&d.kind).map(|s| format!("/layanan/{s}")),
    }
}

#[derive(Template)]
#[template(path = "proactive/documents.html")]
struct DocumentsPage<'a> {
    l: Layout<'a>,
    rows: Vec<DocRow>,
    kinds: Vec<Choice>,
    form: DocumentInput,
    errors: FormErrors,
    watched: bool,
}

async fn documents_view(
    state: &AppState,
    auth: &Citizen,
    form: DocumentInput,
    errs: &[FieldError],
) -> Result<Response, AppError> {
    let t = auth.ctx.t();
    let today = service::today(state);
    let docs = service::documents(state, auth.id).await?;
    let watched = service::consents(state, auth.id).await?.kinds.iter().any(|(k, on)| *k == "expiry" && *on);
    let errors = FormErrors::from_fields(t, errs);
    let has_errors = !errors.is_empty();
    let page = DocumentsPage {
        l: layout(auth, "pro-docs-title", has_errors),
        rows: docs.iter().map(|d| doc_row(d, t, today)).collect(),
        kinds: kind_choices(t),
        form,
        errors,
        watched,
    };
    render_form(&page, has_errors)
}

async fn documents_page(State(state): State<AppState>, auth: Citizen) -> Result<Response, AppError> {
    documents_view(&state, &auth, DocumentInput::default(), &[]).await
}

async fn document_add(
    State(state): State<AppState>,
    auth: Citizen,
    CsrfForm(form): CsrfForm<DocumentInput>,
) -> Result<Response, AppError> {
    let result = service::add_document(&state, auth.id, &form).await;
    after_post(
        result,
        |_| "/akun/dokumen-saya?ok=added".to_string(),
        |errs| async move { documents_view(&state, &auth, form, &errs).await },
    )
    .await
}

#[derive(Template)]
#[template(path = "proactive/document_edit.html")]
struct DocumentPage<'a> {
    l: Layout<'a>,
    id: i64,
    kinds: Vec<Choice>,
    form: DocumentInput,
    number_tail: String,
    errors: FormErrors,
}

async fn document_view(
    state: &AppState,
    auth: &Citizen,
    id: i64,
    form: Option<DocumentInput>,
    errs: &[FieldError],
) -> Result<Response, AppError> {
    let t = auth.ctx.t();
    let doc = service::document(state, auth.id, id).await?;
    let form = form.unwrap_or_else(|| DocumentInput {
        kind: doc.kind.clone(),
        label: doc.label.clone(),
        number: String::new(),
        expires_on: doc.expires_on.clone(),
    });
    let errors = FormErrors::from_fields(t, errs);
    let has_errors = !errors.is_empty();
    let page = DocumentPage {
        l: layout(auth, "pro-doc-edit-title", has_errors),
        id,
        kinds: kind_choices(t),
        form,
        number_tail: doc.number_tail,
        errors,
    };
    render_form(&page, has_errors)
}

async fn document_page(
    State(state): State<AppState>,
    auth: Citizen,
    ApiPath(id): ApiPath<i64>,
) -> Result<Response, AppError> {
    document_view(&state, &auth, id, None, &[]).await
}

async fn document_update(
    State(state): State<AppState>,
    auth: Citizen,
    ApiPath(id): ApiPath<i64>,
    CsrfForm(form): CsrfForm<DocumentInput>,
) -> Result<Response, AppError> {
    let result = service::update_document(&state, auth.id, id, &form).await;
    after_post(
        result,
        |_| "/akun/dokumen-saya?ok=saved".to_string(),
        |errs| async move { document_view(&state, &auth, id, Some(form), &errs).await },
    )
    .await
}

async fn document_delete(
    State(state): State<AppState>,
    auth: Citizen,
    ApiPath(id): ApiPath<i64>,
    CsrfForm(_): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    service::delete_document(&state, auth.id, id).await?;
    Ok(see_other("/akun/dokumen-saya?ok=deleted"))
}

// ---------------------------------------------------------------------------------------
// Family.

struct MemberRow {
    id: Option<i64>,
    name: String,
    born: String,
    nik: String,
    age: String,
    ktp_soon: bool,
}

#[derive(Template)]
#[template(path = "proactive/family.html")]
struct FamilyPage<'a> {
    l: Layout<'a>,
    rows: Vec<MemberRow>,
    form: MemberInput,
    errors: FormErrors,
}

async fn family_view(
    state: &AppState,
    auth: &Citizen,
    form: MemberInput,
    errs: &[FieldError],
) -> Result<Response, AppError> {
    let t = auth.ctx.t();
    let today = service::today(state);
    let rows = service::family(state, auth.id)
        .await?
        .into_iter()
        .map(|m| {
            let born = m.birth_date.as_deref().and_then(crate::calendar::parse_date);
            MemberRow {
                id: m.id,
                name: m.name,
                born: born.map(|b| fmt_date(b, t.lang)).unwrap_or_default(),
                nik: if m.on_kk { t.t("pro-member-on-kk") } else { m.nik_masked },
                age: born
                    .map(|b| t.tn("pro-member-age", "years", i64::from(model::age_years(b, today))))
                    .unwrap_or_default(),
                ktp_soon: born.is_some_and(|b| model::ktp_due(b, today)),
            }
        })
        .collect();
    let errors = FormErrors::from_fields(t, errs);
    let has_errors = !errors.is_empty();
    let page = FamilyPage { l: layout(auth, "pro-family-title", has_errors), rows, form, errors };
    render_form(&page, has_errors)
}

async fn family_page(State(state): State<AppState>, auth: Citizen) -> Result<Response, AppError> {
    family_view(&state, &auth, MemberInput::default(), &[]).await
}

async fn member_add(
    State(state): State<AppState>,
    auth: Citizen,
    CsrfForm(form): CsrfForm<MemberInput>,
) -> Result<Response, AppError> {
    let result = service::add_member(&state, auth.id, &form).await;
    after_post(
        result,
        |_| "/akun/keluarga?ok=added".to_string(),
        |errs| async move { family_view(&state, &auth, form, &errs).await },
    )
    .await
}

async fn member_delete(
    State(state): State<AppState>,
    auth: Citizen,
    ApiPath(id): ApiPath<i64>,
    CsrfForm(_): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    service::delete_member(&state, auth.id, id).await?;
    Ok(see_other("/akun/keluarga?ok=deleted"))
}

// ---------------------------------------------------------------------------------------
// Suggestions.

struct SuggestionRow {
    service_id: String,
    service: String,
    title: String,
    why: String,
}

#[derive(Template)]
#[template(path = "proactive/suggestions.html")]
struct SuggestionsPage<'a> {
    l: Layout<'a>,
    rows: Vec<SuggestionRow>,
    consented: bool,
}

async fn suggestions_page(State(state): State<AppState>, auth: Citizen) -> Result<Response, AppError> {
    let t = auth.ctx.t();
    let snap = crate::catalog::service::snapshot(&state).await?;
    let rules = service::suggestions(&state, auth.id, service::today(&state)).await?;
    let rows = rules
        .iter()
        .map(|r| SuggestionRow {
            service_id: r.service.to_string(),
            service: snap.service(r.service).map(|s| s.service.name.get(t.lang).to_string()).unwrap_or_default(),
            title: t.t(&format!("pro-rule-{}", r.id)),
            why: t.t(&format!("pro-rule-{}-why", r.id)),
        })
        .collect();
    let consented = service::consents(&state, auth.id).await?.kinds.iter().any(|(k, on)| *k == "services" && *on);
    let page = SuggestionsPage { l: layout(&auth, "pro-suggestions-title", false), rows, consented };
    Ok(render(&page)?.into_response())
}
