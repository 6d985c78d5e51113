//! `/akun/persetujuan` (the citizen's consent per purpose: who may ask what, for which
//! service, why; grant and withdraw; the history) and `/kelola/pertukaran-data` (super admin:
//! this instance's member id and key, the forms that register members and purposes (through the
//! same service functions as the CLI) and retire purposes, the log).

use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::service;
use super::store::{LogEntry, Member, Purpose};
use crate::app::AppState;
use crate::web::auth::{Authorized, Citizens, PlatformAdmins};
use crate::web::routes::Pages;
use crate::web::{
    after_post, fmt_datetime, render, render_form, see_other, ApiPath, AppError, CsrfForm, FieldError, FormErrors,
    Layout,
};

pub fn pages() -> Pages {
    Pages::new()
        .get("/akun/persetujuan", consent_page)
        .post("/akun/persetujuan", consent_submit)
        .get("/kelola/pertukaran-data", admin_page)
        .post("/kelola/pertukaran-data/anggota", member_submit)
        .post("/kelola/pertukaran-data/tujuan", purpose_submit)
        .post("/kelola/pertukaran-data/tujuan/{id}/status", retire_submit)
}

pub struct PurposeRow {
    pub id: String,
    pub who: String,
    pub item: String,
    pub service: String,
    pub why: String,
    pub legal: bool,
    pub granted: bool,
}

pub struct HistoryRow {
    pub when: String,
    pub what: String,
}

#[derive(Template)]
#[template(path = "exchange/consent.html")]
struct ConsentPage<'a> {
    l: Layout<'a>,
    purposes: Vec<PurposeRow>,
    history: Vec<HistoryRow>,
}

/// A member's display name, or its id.
fn member_names(members: &[super::store::Member]) -> std::collections::HashMap<String, String> {
    members.iter().map(|m| (m.member_id.clone(), m.name.clone())).collect()
}

async fn consent_page(State(state): State<AppState>, auth: Authorized<Citizens>) -> Result<Response, AppError> {
    let t = auth.ctx.t();
    let (list, history) = service::consents(&state, auth.id).await?;
    let names = member_names(&service::members(&state).await?);
    let snap = crate::catalog::service::snapshot(&state).await?;
    let purposes: Vec<PurposeRow> = list
        .into_iter()
        .map(|c| {
            let p = c.purpose;
            PurposeRow {
                who: names.get(&p.client_member).cloned().unwrap_or_else(|| p.client_member.clone()),
                item: t.t(&format!("exch-item-{}", p.item)),
                service: snap
                    .service(&p.service_id)
                    .map(|s| s.service.name.get(t.lang).to_string())
                    .unwrap_or(p.service_id.clone()),
                why: if t.lang == crate::web::Lang::En { p.description_en } else { p.description_id },
                legal: p.legal_basis_allowed,
                granted: c.granted,
                id: p.id,
            }
        })
        .collect();
    let history = history
        .iter()
        .map(|h| HistoryRow {
            when: fmt_datetime(h.at, t.lang),
            what: t.t1(
                if h.granted { "exch-history-given" } else { "exch-history-withdrawn" },
                "purpose",
                &h.purpose_id,
            ),
        })
        .collect();
    let mut l = Layout::new(&auth.ctx, t.t("exch-consent-title"));
    if auth.ctx.path.contains("ok=saved") {
        l.notice = Some(t.t("exch-consent-saved"));
    }
    Ok(render(&ConsentPage { l, purposes, history })?.into_response())
}

#[derive(Deserialize)]
struct ConsentForm {
    purpose: String,
    action: String,
}

async fn consent_submit(
    State(state): State<AppState>,
    auth: Authorized<Citizens>,
    CsrfForm(form): CsrfForm<ConsentForm>,
) -> Result<Response, AppError> {
    let granted = match form.action.as_str() {
        "grant" => true,
        "withdraw" => false,
        _ => return Err(AppError::bad_request("error-exchange-action")),
    };
    match service::set_consent(&state, auth.id, &form.purpose, granted).await {
        Ok(()) => Ok(see_other("/akun/persetujuan?ok=saved")),
        Err(AppError::Validation(_)) => Err(AppError::bad_request("error-exchange-unknown-purpose")),
        Err(e) => Err(e),
    }
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct MemberInput {
    #[serde(default)]
    member: String,
    #[serde(default)]
    subsystem: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    public_key: String,
    #[serde(default)]
    url: String,
}

/// The purpose form (add, or change a registered purpose).
#[derive(Clone, Debug, Default, Deserialize)]
pub struct PurposeInput {
    #[serde(default)]
    id: String,
    #[serde(default)]
    client: String,
    #[serde(default)]
    item: String,
    #[serde(default)]
    service: String,
    #[serde(default)]
    description_id: String,
    #[serde(default)]
    description_en: String,
    #[serde(default)]
    legal_basis_allowed: Option<String>,
}

/// Which registered entry the page's forms start from (`?anggota=M/S`, `?tujuan=ID`).
#[derive(Debug, Default, Deserialize)]
pub struct EditQuery {
    #[serde(default)]
    anggota: Option<String>,
    #[serde(default)]
    tujuan: Option<String>,
}

struct Choice {
    value: &'static str,
    label: String,
}

#[derive(Template)]
#[template(path = "exchange/admin.html")]
struct AdminPage<'a> {
    l: Layout<'a>,
    me: String,
    public_key: String,
    members: Vec<super::store::Member>,
    purposes: Vec<super::store::Purpose>,
    rules: Vec<(super::store::Rule, String)>,
    log: Vec<(String, LogEntry)>,
    items: Vec<Choice>,
    member: MemberInput,
    purpose: PurposeInput,
    errors: FormErrors,
}

/// The service's field names as the page's inputs are named.
fn page_fields(errs: Vec<FieldError>) -> Vec<FieldError> {
    errs.into_iter()
        .map(|mut e| {
            e.field = match e.field.as_str() {
                "key" => "public_key".into(),
                "description" => "description_id".into(),
                other => other.into(),
            };
            e
        })
        .collect()
}

async fn admin_view(
    state: &AppState,
    auth: &Authorized<PlatformAdmins>,
    member: MemberInput,
    purpose: PurposeInput,
    errs: Vec<FieldError>,
) -> Result<Response, AppError> {
    let t = auth.ctx.t();
    let o = service::overview(state).await?;
    let key = &state.exchange_key;
    let errors = FormErrors::from_fields(t, &page_fields(errs));
    let has_errors = !errors.is_empty();
    let mut l = Layout::new(&auth.ctx, t.t("exch-admin-title")).with_errors(has_errors);
    if auth.ctx.path.contains("ok=saved") {
        l.notice = Some(t.t("exch-admin-saved"));
    }
    let page = AdminPage {
        l,
        me: key.party.id(),
        public_key: key.public_b64(),
        members: o.members,
        purposes: o.purposes,
        rules: o
            .rules
            .into_iter()
            .map(|r| {
                let params = r.params.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join(", ");
                (r, params)
            })
            .collect(),
        log: o.log.into_iter().map(|e| (fmt_datetime(e.created_at, t.lang), e)).collect(),
        items: super::model::ITEMS
            .iter()
            .map(|i| Choice { value: i.id, label: t.t(&format!("exch-item-{}", i.id)) })
            .collect(),
        member,
        purpose,
        errors,
    };
    render_form(&page, has_errors)
}

async fn admin_page(
    State(state): State<AppState>,
    auth: Authorized<PlatformAdmins>,
    Query(q): Query<EditQuery>,
) -> Result<Response, AppError> {
    // "Change" links start a form from the registered values.
    let mut member = MemberInput::default();
    if let Some(m) = q.anggota.as_deref().and_then(super::model::Party::parse) {
        if let Some(found) =
            service::members(&state).await?.into_iter().find(|x| x.member_id == m.member && x.subsystem == m.subsystem)
        {
            member = MemberInput {
                member: found.member_id,
                subsystem: found.subsystem,
                name: found.name,
                public_key: found.public_key,
                url: found.url,
            };
        }
    }
    let mut purpose = PurposeInput::default();
    if let Some(id) = q.tujuan.as_deref() {
        if let Some(p) = service::overview(&state).await?.purposes.into_iter().find(|p| p.id == id) {
            purpose = PurposeInput {
                id: p.id,
                client: p.client_member,
                item: p.item,
                service: p.service_id,
                description_id: p.description_id,
                description_en: p.description_en,
                legal_basis_allowed: p.legal_basis_allowed.then(|| "ya".to_string()),
            };
        }
    }
    admin_view(&state, &auth, member, purpose, vec![]).await
}

async fn member_submit(
    State(state): State<AppState>,
    auth: Authorized<PlatformAdmins>,
    CsrfForm(form): CsrfForm<MemberInput>,
) -> Result<Response, AppError> {
    let m = Member {
        member_id: form.member.trim().to_string(),
        subsystem: form.subsystem.trim().to_string(),
        name: form.name.trim().to_string(),
        public_key: form.public_key.trim().to_string(),
        url: form.url.trim().to_string(),
        created_at: crate::db::now(),
    };
    let result = service::add_member(&state, m).await;
    if result.is_ok() {
        tracing::info!(admin = auth.id, member = %form.member.trim(), "exchange member registered");
    }
    after_post(
        result,
        |_| "/kelola/pertukaran-data?ok=saved".to_string(),
        |errs| async move { admin_view(&state, &auth, form, PurposeInput::default(), errs).await },
    )
    .await
}

async fn purpose_submit(
    State(state): State<AppState>,
    auth: Authorized<PlatformAdmins>,
    CsrfForm(form): CsrfForm<PurposeInput>,
) -> Result<Response, AppError> {
    let p = Purpose {
        id: form.id.trim().to_string(),
        client_member: form.client.trim().to_string(),
        item: form.item.trim().to_string(),
        service_id: form.service.trim().to_string(),
        description_id: form.description_id.trim().to_string(),
        description_en: form.description_en.trim().to_string(),
        legal_basis_allowed: form.legal_basis_allowed.is_some(),
        retired_at: None,
    };
    let result = service::add_purpose(&state, p).await;
    if result.is_ok() {
        tracing::info!(admin = auth.id, purpose = %form.id.trim(), "exchange purpose registered");
    }
    after_post(
        result,
        |_| "/kelola/pertukaran-data?ok=saved".to_string(),
        |errs| async move { admin_view(&state, &auth, MemberInput::default(), form, errs).await },
    )
    .await
}

#[derive(Deserialize)]
struct RetireForm {
    #[serde(default)]
    action: String,
}

async fn retire_submit(
    State(state): State<AppState>,
    auth: Authorized<PlatformAdmins>,
    ApiPath(id): ApiPath<String>,
    CsrfForm(form): CsrfForm<RetireForm>,
) -> Result<Response, AppError> {
    let retired = match form.action.as_str() {
        "retire" => true,
        "reinstate" => false,
        _ => return Err(AppError::bad_request("error-exchange-retire-action")),
    };
    match service::retire_purpose(&state, &id, retired).await {
        Ok(()) => {
            tracing::info!(admin = auth.id, purpose = %id, retired, "exchange purpose retired or reinstated");
            Ok(see_other("/kelola/pertukaran-data?ok=saved"))
        }
        Err(AppError::Validation(_)) => Err(AppError::NotFound),
        Err(e) => Err(e),
    }
}
