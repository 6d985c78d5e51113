//! The treasurer's pages: the queue of payments nothing fitted (double and unmatched) with the
//! decision on each (pay a bill, or pay the money back), the counter where cash is taken for a
//! billing code, and the daily report per agency and revenue type (also as CSV).

use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::pages::{grouped, BillView};
use super::report::{self, DailyReport};
use super::service::{self, Decision, Outcome};
use super::{api, model, store};
use crate::app::AppState;
use crate::web::auth::{Authorized, Treasurers, TreasuryReaders};
use crate::web::routes::Pages;
use crate::web::{
    fmt_datetime, render, render_form, see_other, ApiPath, AppError, CsrfForm, FieldError, FormErrors, Layout,
    RequestCtx,
};

pub fn pages() -> Pages {
    Pages::new()
        .get("/kelola/pembayaran", queue)
        .post("/kelola/pembayaran/{id}/tetapkan", assign_submit)
        .post("/kelola/pembayaran/{id}/kembalikan", refund_submit)
        .get("/kelola/pembayaran/loket", counter)
        .post("/kelola/pembayaran/loket", counter_submit)
        .get("/kelola/pembayaran/laporan", report_page)
        .get("/kelola/pembayaran/laporan.csv", report_csv)
}

/// A queued payment as the queue shows it.
pub struct QueuedRow {
    pub id: i64,
    pub status_label: String,
    pub amount: String,
    pub channel: String,
    pub paid: String,
    /// The billing code the payer gave, if any.
    pub code: String,
    pub note: String,
}

#[derive(Template)]
#[template(path = "payments/queue.html")]
struct QueuePage<'a> {
    l: Layout<'a>,
    errors: FormErrors,
    rows: Vec<QueuedRow>,
}

async fn queue_page(
    state: &AppState,
    auth: &Authorized<Treasurers>,
    errs: &[FieldError],
) -> Result<Response, AppError> {
    let t = auth.ctx.t();
    let mut conn = state.db.conn().await?;
    let mut rows = Vec::new();
    for status in [model::DOUBLE, model::UNMATCHED] {
        for p in store::payments_with_status(&mut conn, status).await? {
            let agency = match p.bill_id {
                Some(id) => store::bill_by_id(&mut conn, id).await?.map(|b| b.agency_id),
                None => None,
            };
            if !report::sees(state, &auth.user, agency.as_deref()) {
                continue;
            }
            rows.push(QueuedRow {
                id: p.id,
                status_label: t.t(&format!("pay-payment-{}", p.status)),
                amount: model::rupiah(p.amount_idr),
                channel: t.t(&format!("pay-channel-{}", p.channel)),
                paid: fmt_datetime(p.paid_at, t.lang),
                code: p.bill_code.as_deref().map(grouped).unwrap_or_default(),
                note: p.note.unwrap_or_default(),
            });
        }
    }
    let l = Layout::new(&auth.ctx, t.t("pay-queue-title")).with_errors(!errs.is_empty());
    render_form(&QueuePage { l, errors: FormErrors::from_fields(t, errs), rows }, !errs.is_empty())
}

async fn queue(State(state): State<AppState>, auth: Authorized<Treasurers>) -> Result<Response, AppError> {
    queue_page(&state, &auth, &[]).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct DecisionForm {
    kode: String,
    alasan: String,
}

/// Carry out a decision; its field errors are shown on the queue, next to that payment's form.
async fn decide(
    state: &AppState,
    auth: Authorized<Treasurers>,
    id: i64,
    decision: Decision,
    field: &str,
) -> Result<Response, AppError> {
    match service::decide(state, &auth.user, id, decision).await {
        Ok(()) => Ok(see_other("/kelola/pembayaran")),
        Err(AppError::Validation(errs)) => {
            let errs: Vec<FieldError> =
                errs.into_iter().map(|e| FieldError::new(format!("{field}-{id}"), e.key)).collect();
            queue_page(state, &auth, &errs).await
        }
        Err(e) => Err(e),
    }
}

async fn assign_submit(
    State(state): State<AppState>,
    auth: Authorized<Treasurers>,
    ApiPath(id): ApiPath<i64>,
    CsrfForm(form): CsrfForm<DecisionForm>,
) -> Result<Response, AppError> {
    decide(&state, auth, id, Decision::Assign { bill_code: form.kode }, "kode").await
}

async fn refund_submit(
    State(state): State<AppState>,
    auth: Authorized<Treasurers>,
    ApiPath(id): ApiPath<i64>,
    CsrfForm(form): CsrfForm<DecisionForm>,
) -> Result<Response, AppError> {
    decide(&state, auth, id, Decision::Refund { reason: form.alasan }, "alasan").await
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct CounterQuery {
    kode: String,
    kuitansi: String,
}

#[derive(Template)]
#[template(path = "payments/counter.html")]
struct CounterPage<'a> {
    l: Layout<'a>,
    errors: FormErrors,
    kode: String,
    /// The bill found for the code typed in.
    bill: Option<BillView>,
    /// The receipt just issued.
    receipt: String,
}

async fn counter_page(
    state: &AppState,
    ctx: &RequestCtx,
    kode: &str,
    receipt: &str,
    errs: Vec<FieldError>,
) -> Result<Response, AppError> {
    let t = ctx.t();
    let mut errs = errs;
    let mut bill = None;
    if !kode.trim().is_empty() && errs.is_empty() {
        match model::parse_code(kode) {
            None => errs.push(FieldError::new("kode", "pay-error-code")),
            Some(code) => match store::bill_by_code(&mut *state.db.conn().await?, &code).await? {
                None => errs.push(FieldError::new("kode", "pay-error-unknown")),
                Some(b) => bill = Some(BillView::of(api::out(state, &b, true).await?, t)),
            },
        }
    }
    let l = Layout::new(ctx, t.t("pay-counter-title")).with_errors(!errs.is_empty());
    let page = CounterPage {
        l,
        errors: FormErrors::from_fields(t, &errs),
        kode: kode.trim().to_string(),
        bill,
        receipt: receipt.to_string(),
    };
    render_form(&page, !errs.is_empty())
}

async fn counter(
    State(state): State<AppState>,
    auth: Authorized<Treasurers>,
    Query(q): Query<CounterQuery>,
) -> Result<Response, AppError> {
    let receipt = if q.kuitansi.starts_with("KW-") { q.kuitansi.as_str() } else { "" };
    counter_page(&state, &auth.ctx, &q.kode, receipt, vec![]).await
}

async fn counter_submit(
    State(state): State<AppState>,
    auth: Authorized<Treasurers>,
    CsrfForm(form): CsrfForm<CounterQuery>,
) -> Result<Response, AppError> {
    match service::pay_at_counter(&state, &auth.user, &form.kode).await {
        Ok(Outcome::Settled { receipt_number }) => {
            Ok(see_other(&format!("/kelola/pembayaran/loket?kuitansi={receipt_number}")))
        }
        Ok(_) => {
            counter_page(&state, &auth.ctx, &form.kode, "", vec![FieldError::new("kode", "pay-error-not-unpaid")]).await
        }
        // Every problem is the code's: shown by its field.
        Err(AppError::Validation(errs)) => {
            let errs = errs.into_iter().map(|e| FieldError::new("kode", e.key)).collect();
            counter_page(&state, &auth.ctx, &form.kode, "", errs).await
        }
        Err(AppError::Conflict { key }) => {
            counter_page(&state, &auth.ctx, &form.kode, "", vec![FieldError::new("kode", key)]).await
        }
        Err(e) => Err(e),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ReportQuery {
    tanggal: String,
}

/// The day asked for (the agency's today when none or malformed).
fn report_date(state: &AppState, q: &ReportQuery) -> time::Date {
    crate::calendar::parse_date(q.tanggal.trim())
        .unwrap_or_else(|| crate::calendar::local_date(crate::db::now(), state.config.utc_offset_hours().unwrap_or(7)))
}

/// A report line as shown.
pub struct ReportRow {
    pub agency: String,
    pub revenue_type: String,
    pub received: i64,
    pub received_idr: String,
    pub reconciled: i64,
    pub refunded_idr: String,
    pub queued: i64,
    pub queued_idr: String,
}

#[derive(Template)]
#[template(path = "payments/report.html")]
struct ReportPage<'a> {
    l: Layout<'a>,
    date: String,
    day: String,
    rows: Vec<ReportRow>,
    total: ReportRow,
}

async fn report_page(
    State(state): State<AppState>,
    auth: Authorized<TreasuryReaders>,
    Query(q): Query<ReportQuery>,
) -> Result<Response, AppError> {
    let date = report_date(&state, &q);
    let r: DailyReport = report::daily(&state, &auth.user, date).await?;
    let t = auth.ctx.t();
    let snap = crate::catalog::service::snapshot(&state).await?;
    let row = |l: &report::ReportLine, agency: String| ReportRow {
        agency,
        revenue_type: if l.revenue_type.is_empty() { "—".into() } else { l.revenue_type.to_uppercase() },
        received: l.received,
        received_idr: model::rupiah(l.received_idr),
        reconciled: l.reconciled,
        refunded_idr: model::rupiah(l.refunded_idr),
        queued: l.queued,
        queued_idr: model::rupiah(l.queued_idr),
    };
    let rows = r
        .lines
        .iter()
        .map(|l| {
            let agency = if l.agency_id.is_empty() {
                t.t("pay-report-no-bill")
            } else {
                crate::skm::pages::agency_name(&snap, t.lang, &l.agency_id)
            };
            row(l, agency)
        })
        .collect();
    let total = row(&r.total, t.t("pay-report-total"));
    let l = Layout::new(&auth.ctx, t.t1("pay-report-title", "date", date));
    let page = ReportPage { l, date: date.to_string(), day: crate::web::fmt_date(date, t.lang), rows, total };
    Ok(render(&page)?.into_response())
}

async fn report_csv(
    State(state): State<AppState>,
    auth: Authorized<TreasuryReaders>,
    Query(q): Query<ReportQuery>,
) -> Result<Response, AppError> {
    let date = report_date(&state, &q);
    let r = report::daily(&state, &auth.user, date).await?;
    Ok(crate::web::attachment("text/csv; charset=utf-8", &format!("penerimaan-{date}.csv"), report::csv(&r)))
}
