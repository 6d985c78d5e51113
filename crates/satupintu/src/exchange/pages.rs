//! `/akun/persetujuan` (the citizen's consent per purpose: who may ask what, for which
//! service, why; grant and withdraw; the history) and `/kelola/pertukaran-data` (super admin:
//! members, purposes, the log). The exchange part of `/akun/akses-data` is [`access_rows`].

use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::service;
use super::store::LogEntry;
use crate::app::AppState;
use crate::web::auth::{Authorized, Citizens, PlatformAdmins};
use crate::web::routes::Pages;
use crate::web::{fmt_datetime, render, see_other, AppError, CsrfForm, Layout, T};

pub fn pages() -> Pages {
    Pages::new()
        .get("/akun/persetujuan", consent_page)
        .post("/akun/persetujuan", consent_submit)
        .get("/kelola/pertukaran-data", admin_page)
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

/// One row of "who accessed my data" for an exchange query.
pub struct AccessRow {
    pub date: String,
    pub who: String,
    pub item: String,
    pub purpose: String,
    pub basis: String,
    pub outcome: String,
}

/// The exchange's rows of the citizen's access log page (`/akun/akses-data`).
pub async fn access_rows(state: &AppState, user_id: i64, t: T<'_>) -> Result<Vec<AccessRow>, AppError> {
    let names = member_names(&service::members(state).await?);
    Ok(service::access_log(state, user_id).await?.into_iter().map(|e| access_row(e, &names, t)).collect())
}

fn access_row(e: LogEntry, names: &std::collections::HashMap<String, String>, t: T<'_>) -> AccessRow {
    AccessRow {
        date: fmt_datetime(e.created_at, t.lang),
        who: names
            .get(&e.client_member)
            .map(|n| format!("{n} ({})", e.client_member))
            .unwrap_or(e.client_member.clone()),
        item: t.t(&format!("exch-item-{}", e.item)),
        purpose: e.purpose_id,
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
    }
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
}

async fn admin_page(State(state): State<AppState>, auth: Authorized<PlatformAdmins>) -> Result<Response, AppError> {
    let t = auth.ctx.t();
    let o = service::overview(&state).await?;
    let key = &state.exchange_key;
    let page = AdminPage {
        l: Layout::new(&auth.ctx, t.t("exch-admin-title")),
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
    };
    Ok(render(&page)?.into_response())
}
