//! The citizen's side of paying: a bill's page (QRIS code, virtual accounts, the counter), "my
//! bills", a new billing code for an expired one, the receipt's PDF and its public verification
//! page; and the officer's levy form. Plain forms, no JavaScript needed.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::api::{self, BillOut};
use super::{model, service, store};
use crate::app::AppState;
use crate::identity::CurrentUser;
use crate::web::auth::{Authorized, CaseWorkers, Citizens, SignedIn};
use crate::web::i18n::T;
use crate::web::routes::Pages;
use crate::web::{fmt_datetime, render, see_other, ApiPath, AppError, CsrfForm, Ctx, Layout};

pub fn pages() -> Pages {
    Pages::new()
        .get("/tagihan/{code}", bill_page)
        .post("/tagihan/{code}/perbarui", renew_submit)
        .get("/akun/tagihan", mine)
        .get("/kuitansi/{number}", receipt_page)
        .get("/kuitansi/{number}/pdf", receipt_pdf)
        .post("/petugas/permohonan/{code}/retribusi", levy_submit)
        .merge(super::treasury::pages())
        .merge(super::tax_pages::pages())
}

/// A virtual account as shown: the bank and the number in groups of four.
pub struct VaRow {
    pub bank: String,
    pub number: String,
    pub grouped: String,
}

/// A bill as its pages show it.
pub struct BillView {
    pub code: String,
    /// The code in groups of four, easier to read out and type at a bank.
    pub grouped: String,
    pub kind: String,
    /// The tax period of a tax bill.
    pub period: Option<String>,
    pub amount: String,
    /// The amount in words (Indonesian).
    pub in_words: String,
    pub status: String,
    pub status_label: String,
    /// `govuk-tag--green` and the like.
    pub tag: &'static str,
    pub due: String,
    pub expires: String,
    pub paid: Option<String>,
    pub description: Option<String>,
    pub application: Option<String>,
    pub qris: Option<String>,
    pub vas: Vec<VaRow>,
    pub receipt: Option<String>,
}

/// Digits in groups of four: `2610 1234 5678 9012`.
pub fn grouped(digits: &str) -> String {
    digits.as_bytes().chunks(4).map(|c| String::from_utf8_lossy(c).into_owned()).collect::<Vec<_>>().join(" ")
}

/// The tag colour of a bill status.
pub fn status_tag(status: &str) -> &'static str {
    match status {
        model::UNPAID => "govuk-tag--yellow",
        model::PAID => "govuk-tag--green",
        model::REFUNDED => "govuk-tag--purple",
        _ => "govuk-tag--grey",
    }
}

impl BillView {
    pub fn of(o: BillOut, t: T<'_>) -> BillView {
        let expires_at = time::OffsetDateTime::parse(&o.expires_at, &time::format_description::well_known::Rfc3339)
            .map(|d| d.unix_timestamp())
            .unwrap_or_default();
        let paid = o
            .paid_at
            .as_deref()
            .and_then(|p| time::OffsetDateTime::parse(p, &time::format_description::well_known::Rfc3339).ok())
            .map(|d| fmt_datetime(d.unix_timestamp(), t.lang));
        let due = crate::calendar::parse_date(&o.due_date)
            .map(|d| crate::web::fmt_date(d, t.lang))
            .unwrap_or_else(|| o.due_date.clone());
        BillView {
            grouped: grouped(&o.code),
            kind: t.t(&format!("pay-kind-{}", o.kind.replace('_', "-"))),
            period: o.period,
            amount: model::rupiah(o.amount_idr),
            in_words: model::terbilang(o.amount_idr),
            status_label: t.t(&format!("pay-status-{}", o.status)),
            tag: status_tag(&o.status),
            due,
            expires: fmt_datetime(expires_at, t.lang),
            paid,
            vas: o
                .virtual_accounts
                .into_iter()
                .map(|v| VaRow { bank: v.bank_name, grouped: grouped(&v.number), number: v.number })
                .collect(),
            code: o.code,
            status: o.status,
            description: o.description,
            application: o.application,
            qris: o.qris,
            receipt: o.receipt_number,
        }
    }
}

#[derive(Template)]
#[template(path = "payments/bill.html")]
struct BillPage<'a> {
    l: Layout<'a>,
    b: BillView,
    qr: String,
    /// The signed-in citizen whose bill it is.
    owner: bool,
    /// The billing code expired while its application still waits: a new one can be asked for.
    renewable: bool,
    /// The code that replaced this expired one.
    newer: Option<String>,
}

async fn bill_page(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(code): ApiPath<String>,
) -> Result<Response, AppError> {
    let code = model::parse_code(&code).ok_or(AppError::NotFound)?;
    let mut conn = state.db.conn().await?;
    let bill = store::bill_by_code(&mut conn, &code).await?.ok_or(AppError::NotFound)?;
    let user = ctx.user.as_ref().filter(|u| u.is_full());
    let full = user.is_some_and(|u| service::may_read(&state, u, &bill));
    let owner = user.is_some_and(|u| bill.citizen_id == Some(u.id));
    let (waiting, newer) = match bill.application_id {
        Some(id) => (
            crate::applications::store::by_id(&mut conn, id)
                .await?
                .is_some_and(|a| a.status == model::AWAITING_PAYMENT),
            service::open_bill_of_application(&mut conn, id, crate::db::now()).await?.map(|b| b.code),
        ),
        None => (false, None),
    };
    drop(conn);
    let shown = api::out(&state, &bill, full).await?;
    let expired = shown.status == model::EXPIRED;
    let renewable = owner && waiting && expired && newer.is_none();
    let newer = newer.filter(|_| owner && expired);
    let t = ctx.t();
    let b = BillView::of(shown, t);
    let qr = b.qris.as_deref().map(|p| super::qris::svg(p)).unwrap_or_default();
    let l = Layout::new(&ctx, t.t1("pay-bill-title", "code", &b.grouped));
    Ok(render(&BillPage { l, b, qr, owner, renewable, newer })?.into_response())
}

async fn renew_submit(
    State(state): State<AppState>,
    auth: Authorized<Citizens>,
    ApiPath(code): ApiPath<String>,
    CsrfForm(_form): CsrfForm<Empty>,
) -> Result<Response, AppError> {
    let code = model::parse_code(&code).ok_or(AppError::NotFound)?;
    let bill = service::renew(&state, &auth.user, &code).await?;
    Ok(see_other(&format!("/tagihan/{}", bill.code)))
}

#[derive(Deserialize, Default)]
struct Empty {}

#[derive(Template)]
#[template(path = "payments/mine.html")]
struct MinePage<'a> {
    l: Layout<'a>,
    bills: Vec<BillView>,
}

async fn mine(State(state): State<AppState>, auth: Authorized<Citizens>) -> Result<Response, AppError> {
    let bills = store::bills_of_citizen(&mut *state.db.conn().await?, auth.user.id).await?;
    let t = auth.ctx.t();
    let shown = api::outs(&state, &bills).await?.into_iter().map(|b| BillView::of(b, t)).collect();
    let l = Layout::new(&auth.ctx, t.t("pay-mine-title"));
    Ok(render(&MinePage { l, bills: shown })?.into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ReceiptQuery {
    /// The signature printed in the receipt's QR code.
    s: String,
}

/// What the verification page concludes.
pub struct ReceiptVerdict {
    /// The receipt exists, its signature holds, and the QR's signature is the stored one (or a
    /// reader of the bill opened it).
    pub authentic: bool,
    pub refunded: bool,
    pub amount: String,
    pub in_words: String,
    pub bill: String,
    pub description: String,
    pub agency: String,
    pub paid: String,
    pub channel: String,
    pub public_key: String,
    pub key_id: String,
}

#[derive(Template)]
#[template(path = "payments/receipt.html")]
struct ReceiptPage<'a> {
    l: Layout<'a>,
    number: String,
    v: Option<ReceiptVerdict>,
    /// The signed-in reader may download the PDF.
    pdf: bool,
}

/// Whether the signed-in `user` may read the receipt's bill in full.
fn reader(state: &AppState, user: Option<&CurrentUser>, bill: &store::Bill) -> bool {
    user.filter(|u| u.is_full()).is_some_and(|u| service::may_read(state, u, bill))
}

async fn receipt_page(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(number): ApiPath<String>,
    Query(q): Query<ReceiptQuery>,
) -> Result<Response, AppError> {
    let t = ctx.t();
    let found = service::receipt_of(&state, &number).await?;
    let may_read = found.as_ref().is_some_and(|r| reader(&state, ctx.user.as_ref(), &r.bill));
    let snap = crate::catalog::service::snapshot(&state).await?;
    let v = found.as_ref().filter(|r| may_read || (!q.s.is_empty() && q.s == r.signature)).map(|r| ReceiptVerdict {
        authentic: r.valid || r.refunded,
        refunded: r.refunded,
        amount: model::rupiah(r.content.amount_idr),
        in_words: model::terbilang(r.content.amount_idr),
        bill: grouped(&r.content.bill),
        description: r.content.description.clone(),
        agency: crate::skm::pages::agency_name(&snap, t.lang, &r.content.agency_id),
        paid: fmt_datetime(r.content.paid_at, t.lang),
        channel: t.t(&format!("pay-channel-{}", r.content.channel)),
        public_key: state.keys.public_b64(),
        key_id: state.keys.key_id(),
    });
    let l = Layout::new(&ctx, t.t1("pay-receipt-title", "number", &number));
    let status = if found.is_some() { axum::http::StatusCode::OK } else { axum::http::StatusCode::NOT_FOUND };
    Ok((status, render(&ReceiptPage { l, number, v, pdf: may_read })?).into_response())
}

async fn receipt_pdf(
    State(state): State<AppState>,
    auth: SignedIn,
    ApiPath(number): ApiPath<String>,
) -> Result<Response, AppError> {
    let number = number.trim_end_matches(".pdf");
    let r = service::receipt_of(&state, number).await?.ok_or(AppError::NotFound)?;
    if !reader(&state, Some(&auth.user), &r.bill) {
        return Err(AppError::NotFound);
    }
    let snap = crate::catalog::service::snapshot(&state).await?;
    let agency = crate::skm::pages::agency_name(&snap, crate::web::i18n::Lang::Id, &r.content.agency_id);
    let pdf = super::receipt::render(&state, &r, &agency);
    let mut resp = crate::web::attachment("application/pdf", &format!("{number}.pdf"), pdf);
    resp.headers_mut()
        .insert(axum::http::header::CACHE_CONTROL, axum::http::HeaderValue::from_static("private, no-store"));
    Ok(resp)
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct LevyForm {
    amount_idr: String,
    basis: String,
}

/// An officer sets a levy on an application they process; its page shows the new bill.
async fn levy_submit(
    State(state): State<AppState>,
    auth: Authorized<CaseWorkers>,
    ApiPath(code): ApiPath<String>,
    CsrfForm(form): CsrfForm<LevyForm>,
) -> Result<Response, AppError> {
    let digits: String = form.amount_idr.chars().filter(|c| !matches!(c, '.' | ' ' | '_')).collect();
    let amount = digits.trim_start_matches("Rp").parse::<i64>().unwrap_or(0);
    // Like the case page's other action forms: a problem is named on a page of its own.
    service::set_levy(&state, &auth.user, &code, amount, &form.basis)
        .await
        .map_err(|e| crate::web::error::action_form_error(auth.ctx.t(), e))?;
    Ok(see_other(&format!("/petugas/permohonan/{code}")))
}
