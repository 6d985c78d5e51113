//! `/api/v1/bills/{code}`, the citizen's bills, and the gateway's payment notifications.

use axum::body::Bytes;
use axum::extract::State;
use axum::Json;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::model::BillKind;
use super::service::{self, Outcome};
use super::store::{self, Bill};
use super::taxes::{self, TaxLookup};
use super::webhook::{self, Handled};
use crate::app::AppState;
use crate::web::auth::{Authorized, Citizens};
use crate::web::error::ErrorEnvelope;
use crate::web::{rfc3339, ApiError, ApiPath, Ctx};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(one))
        .routes(routes!(mine))
        .routes(routes!(notification))
        .routes(routes!(pbb))
        .routes(routes!(pkb))
}

/// A bank's virtual account for a bill.
#[derive(Serialize, ToSchema, Clone, Debug)]
#[schema(as = VirtualAccountOut)]
pub struct VirtualAccountOut {
    pub bank: String,
    pub bank_name: String,
    pub number: String,
}

/// A bill. Anyone holding its billing code may read what is owed and how to pay it (a relative
/// or a bank teller pays with the code); what it is for (`description`, `application`) only its
/// citizen and the staff who may read it.
#[derive(Serialize, ToSchema, Clone, Debug)]
#[schema(as = BillOut)]
pub struct BillOut {
    /// The billing code (16 digits).
    pub code: String,
    /// `service_fee`, `levy`, `pbb`, `pkb`.
    pub kind: String,
    pub agency_id: String,
    /// The tax period of a tax bill (`2026`, `2026-2027`).
    pub period: Option<String>,
    pub amount_idr: i64,
    /// `unpaid`, `paid`, `expired`, `cancelled`, `refunded`.
    pub status: String,
    /// The last day to pay (agency's local date).
    pub due_date: String,
    /// When the billing code stops being payable (RFC 3339).
    pub expires_at: String,
    pub paid_at: Option<String>,
    /// The QRIS payload (EMVCo merchant-presented, dynamic) while unpaid, else null.
    pub qris: Option<String>,
    /// Virtual account numbers while unpaid.
    pub virtual_accounts: Vec<VirtualAccountOut>,
    pub description: Option<String>,
    /// The application it belongs to, if any.
    pub application: Option<String>,
    /// The receipt's number, once paid.
    pub receipt_number: Option<String>,
}

/// A bill as the API shows it; `full`: with what it is for.
pub async fn out(state: &AppState, bill: &Bill, full: bool) -> Result<BillOut, crate::web::AppError> {
    let mut shown = outs_of(state, std::slice::from_ref(bill), full).await?;
    Ok(shown.swap_remove(0))
}

/// Bills as the API shows them, with two queries for all of them (their applications' codes
/// when `full`, and their receipts).
pub async fn outs_of(state: &AppState, bills: &[Bill], full: bool) -> Result<Vec<BillOut>, crate::web::AppError> {
    let mut conn = state.db.conn().await?;
    let applications: Vec<i64> = bills.iter().filter_map(|b| b.application_id).filter(|_| full).collect();
    let codes = crate::applications::store::codes_of(&mut conn, &applications).await?;
    let ids: Vec<i64> = bills.iter().map(|b| b.id).collect();
    let receipts = store::receipt_numbers(&mut conn, &ids).await?;
    drop(conn);
    let now = crate::db::now();
    Ok(bills
        .iter()
        .map(|bill| BillOut {
            code: bill.code.clone(),
            kind: bill.kind.clone(),
            agency_id: bill.agency_id.clone(),
            period: bill.period.clone(),
            amount_idr: bill.amount_idr,
            status: service::status_now(bill, now).to_string(),
            due_date: bill.due_date.clone(),
            expires_at: rfc3339(bill.expires_at),
            paid_at: bill.paid_at.map(rfc3339),
            qris: service::qris_of(state, bill),
            virtual_accounts: service::virtual_accounts(state, bill)
                .into_iter()
                .map(|(bank, bank_name, number)| VirtualAccountOut { bank, bank_name, number })
                .collect(),
            description: full.then(|| bill.description.clone()),
            application: bill.application_id.and_then(|id| codes.get(&id).cloned()),
            receipt_number: receipts.get(&bill.id).cloned(),
        })
        .collect())
}

/// Bills as their citizen (or staff who may read them) sees them.
pub async fn outs(state: &AppState, bills: &[Bill]) -> Result<Vec<BillOut>, crate::web::AppError> {
    outs_of(state, bills, true).await
}

/// The bills of an application, for its view.
pub async fn of_application(
    state: &AppState,
    conn: &mut crate::db::Conn,
    application_id: i64,
) -> Result<Vec<BillOut>, crate::web::AppError> {
    outs(state, &store::bills_of_application(conn, application_id).await?).await
}

/// A bill by its billing code.
#[utoipa::path(get, path = "/api/v1/bills/{code}", tag = "payments", params(("code" = String, Path, description = "Billing code")),
    responses((status = 200, body = BillOut), (status = 400, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)))]
async fn one(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(code): ApiPath<String>,
) -> Result<Json<BillOut>, ApiError> {
    let code = super::model::parse_code(&code).ok_or(crate::web::AppError::NotFound)?;
    let bill = store::bill_by_code(&mut *state.db.conn().await?, &code).await?.ok_or(crate::web::AppError::NotFound)?;
    let full = ctx.user.as_ref().is_some_and(|u| u.stage == "full" && service::may_read(&state, u, &bill));
    Ok(Json(out(&state, &bill, full).await?))
}

#[derive(Serialize, ToSchema)]
#[schema(as = BillList)]
struct BillList {
    bills: Vec<BillOut>,
}

/// The signed-in citizen's bills, newest first.
#[utoipa::path(get, path = "/api/v1/me/bills", tag = "payments", security(("bearer" = [])),
    responses((status = 200, body = BillList), (status = 401, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope)))]
async fn mine(State(state): State<AppState>, auth: Authorized<Citizens>) -> Result<Json<BillList>, ApiError> {
    let bills = store::bills_of_citizen(&mut *state.db.conn().await?, auth.user.id).await?;
    Ok(Json(BillList { bills: outs(&state, &bills).await? }))
}

#[derive(Serialize, ToSchema)]
#[schema(as = NotificationResult)]
struct NotificationResult {
    /// `settled`, `duplicate`, `double`, `unmatched` or `ignored`.
    result: String,
    receipt_number: Option<String>,
}

/// A payment gateway's notification (see the payments guide for its signature). Acting on it
/// once: a replay of a notification already received changes nothing (`duplicate`).
#[utoipa::path(post, path = "/api/v1/payments/notifications", tag = "payments",
    request_body = webhook::Notification,
    responses((status = 200, body = NotificationResult), (status = 400, body = ErrorEnvelope), (status = 401, body = ErrorEnvelope),
              (status = 404, body = ErrorEnvelope), (status = 409, body = ErrorEnvelope), (status = 422, body = ErrorEnvelope)))]
async fn notification(State(state): State<AppState>, body: Bytes) -> Result<Json<NotificationResult>, ApiError> {
    let (result, receipt_number) = match webhook::handle(&state, &body).await? {
        Handled::Ignored => ("ignored", None),
        Handled::Payment(Outcome::Settled { receipt_number }) => ("settled", Some(receipt_number)),
        Handled::Payment(Outcome::Duplicate) => ("duplicate", None),
        Handled::Payment(Outcome::Double) => ("double", None),
        Handled::Payment(Outcome::Unmatched) => ("unmatched", None),
    };
    Ok(Json(NotificationResult { result: result.into(), receipt_number }))
}

/// A tax object and what it owes, as anyone who knows its number may see it.
#[derive(Serialize, ToSchema, Clone, Debug)]
#[schema(as = TaxObjectOut)]
pub struct TaxObjectOut {
    /// `pbb` (PBB-P2) or `pkb` (vehicle tax).
    pub kind: String,
    /// The NOP (18 digits) or the plate (no spaces).
    pub object_number: String,
    /// The number as printed: `35.78.010.001.001-0001.0`, `L 1234 AB`.
    pub display_number: String,
    /// The owner's name, masked (`Si** Ra****`).
    pub owner: String,
    pub description: String,
    pub agency_id: String,
    /// What can be paid now, in rupiah.
    pub owed_idr: i64,
    /// Its bills by period, newest first (cancelled ones left out).
    pub bills: Vec<BillOut>,
}

/// A tax object as the API and its page show it.
pub async fn tax_out(state: &AppState, found: &TaxLookup) -> Result<TaxObjectOut, crate::web::AppError> {
    let bills = outs(state, &found.bills).await?;
    let o = &found.object;
    let kind = BillKind::parse(&o.kind).unwrap_or(BillKind::Pbb);
    Ok(TaxObjectOut {
        kind: o.kind.clone(),
        display_number: taxes::format_number(kind, &o.object_number),
        object_number: o.object_number.clone(),
        owner: taxes::mask_name(&o.owner_name),
        description: o.description.clone(),
        agency_id: o.agency_id.clone(),
        owed_idr: found.owed_idr(crate::db::now()),
        bills,
    })
}

/// Look a tax object up by its number as typed; an ill-formed number is the `field`'s error.
async fn tax_lookup(
    state: &AppState,
    ctx: &Ctx,
    kind: BillKind,
    number: &str,
    field: &str,
) -> Result<Json<TaxObjectOut>, ApiError> {
    let number = taxes::parse_number(kind, number).ok_or_else(|| {
        crate::web::AppError::Validation(vec![crate::web::FieldError::new(field, taxes::number_error(kind))])
    })?;
    let found = taxes::lookup(state, ctx.client_ip, kind, &number).await?.ok_or(crate::web::AppError::NotFound)?;
    Ok(Json(tax_out(state, &found).await?))
}

/// What a land and building (PBB-P2) owes, by its NOP (with or without dots). Limited per client
/// address (429 when exceeded).
#[utoipa::path(get, path = "/api/v1/taxes/pbb/{nop}", tag = "payments",
    params(("nop" = String, Path, description = "NOP, 18 digits, with or without its dots and dash")),
    responses((status = 200, body = TaxObjectOut), (status = 400, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope),
              (status = 422, body = ErrorEnvelope), (status = 429, body = ErrorEnvelope)))]
async fn pbb(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(nop): ApiPath<String>,
) -> Result<Json<TaxObjectOut>, ApiError> {
    tax_lookup(&state, &ctx, BillKind::Pbb, &nop, "nop").await
}

/// What a motor vehicle owes in vehicle tax (PKB), by its plate number (`L1234AB` or
/// `L 1234 AB`). Limited per client address (429 when exceeded).
#[utoipa::path(get, path = "/api/v1/taxes/pkb/{plate}", tag = "payments",
    params(("plate" = String, Path, description = "Plate number, e.g. L1234AB")),
    responses((status = 200, body = TaxObjectOut), (status = 400, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope),
              (status = 422, body = ErrorEnvelope), (status = 429, body = ErrorEnvelope)))]
async fn pkb(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(plate): ApiPath<String>,
) -> Result<Json<TaxObjectOut>, ApiError> {
    tax_lookup(&state, &ctx, BillKind::Pkb, &plate, "plate").await
}
