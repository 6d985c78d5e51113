//! The rules of paying: bills for fees, levies and taxes; receiving a payment (from a gateway's
//! notification, a treasurer's counter or a bank statement) exactly once; the treasurer's
//! decisions on payments nothing fitted; receipts. Each is one transaction, and each payment,
//! refund and decision writes its ledger leaf in it.

use serde::Serialize;
use serde_json::json;

use super::model::{self, BillKind};
use super::store::{self, Bill, Payment};
use crate::app::AppState;
use crate::applications::store::Application;
use crate::catalog::service::ServiceRecord;
use crate::config::PaymentSettings;
use crate::db::{self, Tx};
use crate::identity::{CurrentUser, Role};
use crate::web::{AppError, FieldError};

/// The fee of a service, if it has one: amount and what it is.
#[derive(Clone, Debug)]
pub struct Fee {
    pub amount_idr: i64,
    pub description: String,
    pub revenue_type: String,
}

/// The revenue type of a service's fee for the treasury's reports: state non-tax revenue
/// (PNBP) for central agencies' services, a regional levy (retribusi) for the region's own.
pub fn revenue_type_of_agency(agency: &str) -> &'static str {
    match agency {
        "polri" | "polri-satpas" | "imigrasi" => "pnbp",
        "samsat" => "pkb",
        "bapenda" => "pbb-p2",
        _ => "retribusi",
    }
}

pub fn fee_of(service: &ServiceRecord) -> Option<Fee> {
    let s = &service.service;
    (s.fee.amount_idr > 0).then(|| Fee {
        amount_idr: s.fee.amount_idr,
        description: s.name.id().to_string(),
        revenue_type: revenue_type_of_agency(&s.agency).to_string(),
    })
}

/// A billing code not yet taken.
async fn fresh_code(tx: &mut Tx, kind: BillKind, now: i64, offset: i8) -> Result<String, AppError> {
    let year = crate::calendar::local_date(now, offset).year();
    for _ in 0..8 {
        let code = model::new_code(kind, year);
        if !store::code_taken(tx, &code).await? {
            return Ok(code);
        }
    }
    Err(AppError::Conflict { key: "error-concurrent" })
}

/// A new unpaid bill of `kind` for `amount_idr` with a fresh billing code valid for
/// `bill_valid_hours`; the caller sets what it is for.
pub(crate) async fn new_bill(
    tx: &mut Tx,
    settings: &PaymentSettings,
    kind: BillKind,
    amount_idr: i64,
    offset: i8,
    now: i64,
) -> Result<Bill, AppError> {
    let expires_at = now + settings.bill_valid_hours.max(1) * 3600;
    Ok(Bill {
        id: 0,
        code: fresh_code(tx, kind, now, offset).await?,
        kind: kind.as_str().into(),
        revenue_type: String::new(),
        agency_id: String::new(),
        citizen_id: None,
        application_id: None,
        tax_object_id: None,
        period: None,
        description: String::new(),
        basis: None,
        amount_idr,
        due_date: crate::calendar::local_date(expires_at, offset).to_string(),
        expires_at,
        status: model::UNPAID.into(),
        resume_status: None,
        paused_at: None,
        paid_at: None,
        created_by: None,
        created_at: now,
    })
}

/// The bill of a service fee for an application being submitted, in its transaction. The
/// application returns to `resume_status` once paid.
#[allow(clippy::too_many_arguments)]
pub async fn bill_fee(
    tx: &mut Tx,
    settings: &PaymentSettings,
    app: &Application,
    fee: &Fee,
    resume_status: &str,
    offset: i8,
    now: i64,
) -> Result<Bill, AppError> {
    let bill = Bill {
        revenue_type: fee.revenue_type.clone(),
        agency_id: app.agency_id.clone(),
        citizen_id: Some(app.citizen_id),
        application_id: Some(app.id),
        description: format!("{} ({})", fee.description, app.code),
        resume_status: Some(resume_status.to_string()),
        ..new_bill(tx, settings, BillKind::ServiceFee, fee.amount_idr, offset, now).await?
    };
    insert(tx, bill, now).await
}

/// Insert a bill and its ledger leaf.
pub(crate) async fn insert(tx: &mut Tx, mut bill: Bill, now: i64) -> Result<Bill, AppError> {
    bill.id = store::insert_bill(tx, &bill, now).await?;
    let leaf = crate::ledger::Leaf::new("payment.bill", now)
        .with("bill", bill.code.as_str())
        .with("kind", bill.kind.as_str())
        .with("revenue_type", bill.revenue_type.as_str())
        .with("agency_id", bill.agency_id.as_str())
        .with("amount_idr", bill.amount_idr)
        .with("due_date", bill.due_date.as_str());
    crate::ledger::record(tx, &leaf).await?;
    Ok(bill)
}

/// Cancel the unpaid bills of an application being cancelled, in its transaction.
pub async fn cancel_open_bills(tx: &mut Tx, application_id: i64, now: i64) -> Result<(), AppError> {
    for bill in store::bills_of_application(tx, application_id).await? {
        if bill.status == model::UNPAID {
            cancel_bill(tx, &bill, now).await?;
        }
    }
    Ok(())
}

/// Cancel an unpaid bill (with its leaf), in the caller's transaction; a bill paid or cancelled
/// meanwhile is left as it is.
pub(crate) async fn cancel_bill(tx: &mut Tx, bill: &Bill, now: i64) -> Result<(), AppError> {
    if store::set_bill_status(tx, bill.id, model::UNPAID, model::CANCELLED, None, now).await? {
        let leaf = crate::ledger::Leaf::new("payment.bill_cancelled", now).with("bill", bill.code.as_str());
        crate::ledger::record(tx, &leaf).await?;
    }
    Ok(())
}

/// An officer sets a levy on an application they process (e.g. PBG retribusi computed by the
/// regional rules): a bill for the citizen, the application waits for it, its time limit stops.
pub async fn set_levy(
    state: &AppState,
    user: &CurrentUser,
    app_code: &str,
    amount_idr: i64,
    basis: &str,
) -> Result<Bill, AppError> {
    let basis = basis.trim();
    let mut errors = Vec::new();
    if !(1..=1_000_000_000_000).contains(&amount_idr) {
        errors.push(FieldError::new("amount_idr", "pay-error-amount"));
    }
    if basis.is_empty() {
        errors.push(FieldError::new("basis", "field-required"));
    }
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    let basis: String = basis.chars().take(1000).collect();
    let now = db::now();
    let offset = state.config.utc_offset_hours().unwrap_or(7);
    let settings = state.config.payments.clone();
    let mut tx = state.db.begin().await?;
    let (app, resume, live) =
        crate::applications::service::hold_for_payment(&mut tx, state, user, app_code, &basis, now).await?;
    let service = crate::applications::service::service_record(state, &app.service_id).await?;
    let bill = Bill {
        revenue_type: "retribusi".into(),
        agency_id: app.agency_id.clone(),
        citizen_id: Some(app.citizen_id),
        application_id: Some(app.id),
        description: format!("Retribusi {} ({})", service.service.name.id(), app.code),
        basis: Some(basis),
        resume_status: Some(resume),
        paused_at: Some(now),
        created_by: Some(user.id),
        ..new_bill(&mut tx, &settings, BillKind::Levy, amount_idr, offset, now).await?
    };
    let bill = insert(&mut tx, bill, now).await?;
    notify_bill(&mut tx, &bill, "bill_new", now).await?;
    tx.commit().await?;
    state.live.committed(live);
    Ok(bill)
}

/// Queue a notice about `bill` to its citizen (if it has one): `bill_new`, `bill_paid`,
/// `bill_due`, `bill_expiring`.
pub async fn notify_bill(tx: &mut Tx, bill: &Bill, kind: &str, now: i64) -> Result<(), sqlx::Error> {
    let Some(citizen) = bill.citizen_id else { return Ok(()) };
    let payload = json!({
        "code": bill.code,
        "title": bill.description,
        "amount": model::rupiah(bill.amount_idr),
        "valid_until": bill.due_date,
        "status": bill.status,
        "path": format!("/tagihan/{}", bill.code),
    });
    crate::notify::service::queue(tx, kind, citizen, &payload, &format!("{}:{kind}", bill.code), now).await
}

/// A payment as a gateway, a counter or a bank statement reports it.
#[derive(Clone, Debug)]
pub struct Incoming {
    /// Who reports it: the gateway adapter's name, `counter`, `statement`.
    pub provider: String,
    /// Its id there (transaction id, statement line, counter slip): it counts once.
    pub provider_ref: String,
    /// `qris`, `va`, `counter`, `transfer`.
    pub channel: String,
    pub amount_idr: i64,
    pub paid_at: i64,
    /// The billing code it names (none when the bank did not pass it on).
    pub bill_code: Option<String>,
    pub recorded_by: Option<i64>,
    pub note: Option<String>,
}

/// What became of a payment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// It paid its bill; the receipt's number.
    Settled { receipt_number: String },
    /// Seen before (the same provider and id): nothing changed.
    Duplicate,
    /// Its bill was paid already: it waits for a treasurer to refund it.
    Double,
    /// No bill fits it (unknown or expired code, another amount): it waits for a treasurer.
    Unmatched,
}

/// Receive a payment, once: in one transaction its record, its bill paid, the application
/// resumed, the citizen told, its ledger leaf.
pub async fn receive(state: &AppState, incoming: Incoming) -> Result<Outcome, AppError> {
    let now = db::now();
    let mut tx = state.db.begin().await?;
    let (outcome, live) = match receive_in(state, &mut tx, &incoming, now).await {
        Ok(x) => x,
        // Two deliveries of one payment at once: the other one recorded it.
        Err(AppError::Internal(e)) if is_unique_violation(&e) => return Ok(Outcome::Duplicate),
        Err(e) => return Err(e),
    };
    match tx.commit().await {
        Ok(()) => {}
        Err(e) if matches!(&e, sqlx::Error::Database(d) if d.is_unique_violation()) => return Ok(Outcome::Duplicate),
        Err(e) => return Err(e.into()),
    }
    if let Some(live) = live {
        state.live.committed(live);
    }
    Ok(outcome)
}

pub(crate) fn is_unique_violation(e: &anyhow::Error) -> bool {
    matches!(e.downcast_ref::<sqlx::Error>(), Some(sqlx::Error::Database(d)) if d.is_unique_violation())
}

async fn receive_in(
    state: &AppState,
    tx: &mut Tx,
    incoming: &Incoming,
    now: i64,
) -> Result<(Outcome, Option<crate::notify::LiveEvent>), AppError> {
    if store::payment_by_ref(tx, &incoming.provider, &incoming.provider_ref).await?.is_some() {
        return Ok((Outcome::Duplicate, None));
    }
    let bill = match &incoming.bill_code {
        Some(code) => store::bill_by_code(tx, code).await?,
        None => None,
    };
    let mut payment = Payment {
        id: 0,
        bill_id: bill.as_ref().map(|b| b.id),
        bill_code: incoming.bill_code.clone(),
        channel: incoming.channel.clone(),
        provider: incoming.provider.clone(),
        provider_ref: incoming.provider_ref.clone(),
        amount_idr: incoming.amount_idr,
        paid_at: incoming.paid_at,
        received_at: now,
        status: model::UNMATCHED.into(),
        receipt_number: None,
        receipt_signature: None,
        recorded_by: incoming.recorded_by,
        note: incoming.note.clone(),
        reconciled_at: None,
        decided_by: None,
        decided_at: None,
    };
    let fits = |b: &Bill| b.amount_idr == incoming.amount_idr && incoming.paid_at <= b.expires_at;
    let mut live = None;
    match &bill {
        Some(b) if b.status == model::UNPAID && fits(b) => {
            if store::set_bill_status(tx, b.id, model::UNPAID, model::PAID, Some(incoming.paid_at), now).await? {
                let (number, signature) = receipt(state, tx, b, incoming, now).await?;
                payment.status = model::SETTLED.into();
                payment.receipt_number = Some(number);
                payment.receipt_signature = Some(signature);
                if let (Some(app), Some(resume)) = (b.application_id, &b.resume_status) {
                    live = crate::applications::service::resume_after_payment(tx, state, app, resume, b.paused_at, now)
                        .await?;
                }
                let mut paid = b.clone();
                paid.status = model::PAID.into();
                notify_bill(tx, &paid, "bill_paid", now).await?;
            } else {
                payment.status = model::DOUBLE.into();
            }
        }
        Some(b) if b.status == model::PAID && b.amount_idr == incoming.amount_idr => {
            payment.status = model::DOUBLE.into()
        }
        _ => {}
    }
    payment.id = store::insert_payment(tx, &payment).await?;
    record_leaf(tx, &format!("payment.{}", payment.status), &payment, bill.as_ref(), now).await?;
    let outcome = match payment.status.as_str() {
        model::SETTLED => Outcome::Settled { receipt_number: payment.receipt_number.clone().unwrap_or_default() },
        model::DOUBLE => Outcome::Double,
        _ => Outcome::Unmatched,
    };
    tracing::info!(payment = payment.id, status = %payment.status, channel = %payment.channel, "payment received");
    Ok((outcome, live))
}

/// The ledger leaf of a payment event: public identifiers and amounts; the provider's reference
/// only as a hash.
async fn record_leaf(tx: &mut Tx, kind: &str, p: &Payment, bill: Option<&Bill>, now: i64) -> Result<(), sqlx::Error> {
    let mut leaf = crate::ledger::Leaf::new(kind, now)
        .with("payment", p.id)
        .with("amount_idr", p.amount_idr)
        .with("channel", p.channel.as_str())
        .with("provider", p.provider.as_str())
        .with_hash("provider_ref_sha256", p.provider_ref.as_bytes());
    if let Some(b) = bill {
        leaf = leaf
            .with("bill", b.code.as_str())
            .with("agency_id", b.agency_id.as_str())
            .with("revenue_type", b.revenue_type.as_str());
    }
    if let Some(r) = &p.receipt_number {
        leaf = leaf.with("receipt", r.as_str());
    }
    crate::ledger::record(tx, &leaf).await
}

/// The content of a receipt, signed with the platform's document key.
#[derive(Serialize, Clone, Debug, PartialEq, Eq)]
pub struct ReceiptContent {
    pub number: String,
    pub bill: String,
    pub description: String,
    pub agency_id: String,
    pub amount_idr: i64,
    pub paid_at: i64,
    pub channel: String,
}

impl ReceiptContent {
    /// What the receipt `number` says of a payment of `amount_idr` on `bill`.
    fn of(number: &str, bill: &Bill, amount_idr: i64, paid_at: i64, channel: &str) -> ReceiptContent {
        ReceiptContent {
            number: number.to_string(),
            bill: bill.code.clone(),
            description: bill.description.clone(),
            agency_id: bill.agency_id.clone(),
            amount_idr,
            paid_at,
            channel: channel.to_string(),
        }
    }

    pub fn canonical(&self) -> Vec<u8> {
        crate::ledger::canonical_json(&serde_json::to_value(self).unwrap_or_default()).into_bytes()
    }
}

/// A new receipt number and its signature.
async fn receipt(
    state: &AppState,
    tx: &mut Tx,
    bill: &Bill,
    incoming: &Incoming,
    now: i64,
) -> Result<(String, String), AppError> {
    let year = crate::calendar::local_date(now, state.config.utc_offset_hours().unwrap_or(7)).year();
    let number = db::next_code(tx, &format!("KW-{year}")).await?;
    let content = ReceiptContent::of(&number, bill, incoming.amount_idr, incoming.paid_at, &incoming.channel);
    Ok((number, state.keys.sign(&content.canonical())))
}

/// A receipt as stored: what it says, its bill, its signature, and whether it holds.
#[derive(Clone, Debug)]
pub struct Receipt {
    pub content: ReceiptContent,
    pub bill: Bill,
    pub signature: String,
    /// The stored signature verifies with the platform's key and the money was not paid back.
    pub valid: bool,
    /// The money was paid back (the receipt no longer stands).
    pub refunded: bool,
}

/// The receipt of a settled or assigned payment, with its bill, and whether its signature holds.
pub async fn receipt_of(state: &AppState, number: &str) -> Result<Option<Receipt>, AppError> {
    let mut conn = state.db.conn().await?;
    let Some(p) = store::payment_by_receipt(&mut conn, number).await? else { return Ok(None) };
    let Some(bill) = (match p.bill_id {
        Some(id) => store::bill_by_id(&mut conn, id).await?,
        None => None,
    }) else {
        return Ok(None);
    };
    let content = ReceiptContent::of(number, &bill, p.amount_idr, p.paid_at, &p.channel);
    let signature = p.receipt_signature.unwrap_or_default();
    let refunded = p.status == model::PAID_BACK;
    let valid = !signature.is_empty() && state.keys.verify(&content.canonical(), &signature) && !refunded;
    Ok(Some(Receipt { content, bill, signature, valid, refunded }))
}

/// The address of a receipt's verification page, with its signature (the receipt's QR code).
pub fn receipt_url(base: &str, number: &str, signature: &str) -> String {
    format!("{}/kuitansi/{number}?s={signature}", base.trim_end_matches('/'))
}

/// Whether `user` may act on money of `agency` as a treasurer: a treasurer of that agency, or
/// of the regional treasury (every agency).
pub fn treasurer_of(state: &AppState, user: &CurrentUser, agency: Option<&str>) -> bool {
    user.role == Role::Treasurer
        && match (user.agency_id.as_deref(), agency) {
            (Some(mine), _) if mine == state.config.payments.treasury_agency => true,
            (Some(mine), Some(theirs)) => mine == theirs,
            _ => false,
        }
}

/// A treasurer records a payment made at their counter (cash or card) for a bill.
pub async fn pay_at_counter(state: &AppState, user: &CurrentUser, code: &str) -> Result<Outcome, AppError> {
    let code =
        model::parse_code(code).ok_or_else(|| AppError::Validation(vec![FieldError::new("code", "pay-error-code")]))?;
    let bill = store::bill_by_code(&mut *state.db.conn().await?, &code)
        .await?
        .ok_or_else(|| AppError::Validation(vec![FieldError::new("code", "pay-error-unknown")]))?;
    if !treasurer_of(state, user, Some(&bill.agency_id)) {
        return Err(AppError::Forbidden);
    }
    if bill.status != model::UNPAID {
        return Err(AppError::Conflict { key: "pay-error-not-unpaid" });
    }
    let slip = format!("{}-{}", bill.code, user.id);
    receive(
        state,
        Incoming {
            provider: "counter".into(),
            provider_ref: slip,
            channel: "counter".into(),
            amount_idr: bill.amount_idr,
            paid_at: db::now(),
            bill_code: Some(bill.code),
            recorded_by: Some(user.id),
            note: None,
        },
    )
    .await
}

/// A treasurer's decision on a queued (double or unmatched) payment.
#[derive(Clone, Debug)]
pub enum Decision {
    /// It pays this bill (an unmatched payment whose bill the treasurer found).
    Assign { bill_code: String },
    /// It is paid back to the payer.
    Refund { reason: String },
}

/// Decide a queued payment, in one transaction with its ledger leaf.
pub async fn decide(state: &AppState, user: &CurrentUser, payment_id: i64, decision: Decision) -> Result<(), AppError> {
    let now = db::now();
    let mut tx = state.db.begin().await?;
    let p = store::payment_by_id(&mut tx, payment_id).await?.ok_or(AppError::NotFound)?;
    let current_bill = match p.bill_id {
        Some(id) => store::bill_by_id(&mut tx, id).await?,
        None => None,
    };
    if !treasurer_of(state, user, current_bill.as_ref().map(|b| b.agency_id.as_str())) {
        return Err(AppError::Forbidden);
    }
    if !matches!(p.status.as_str(), model::DOUBLE | model::UNMATCHED) {
        return Err(AppError::Conflict { key: "pay-error-decided" });
    }
    let mut live = None;
    match decision {
        Decision::Assign { bill_code } => {
            let bill = match model::parse_code(&bill_code) {
                Some(code) => store::bill_by_code(&mut tx, &code).await?,
                None => None,
            }
            .ok_or_else(|| AppError::Validation(vec![FieldError::new("bill_code", "pay-error-unknown")]))?;
            if !treasurer_of(state, user, Some(&bill.agency_id)) {
                return Err(AppError::Forbidden);
            }
            if p.status != model::UNMATCHED || !matches!(bill.status.as_str(), model::UNPAID | model::EXPIRED) {
                return Err(AppError::Conflict { key: "pay-error-not-unpaid" });
            }
            if bill.amount_idr != p.amount_idr {
                return Err(AppError::Validation(vec![FieldError::new("bill_code", "pay-error-amount-differs")]));
            }
            if !store::set_bill_status(&mut tx, bill.id, &bill.status, model::PAID, Some(p.paid_at), now).await? {
                return Err(AppError::Conflict { key: "error-concurrent" });
            }
            let incoming = Incoming {
                provider: p.provider.clone(),
                provider_ref: p.provider_ref.clone(),
                channel: p.channel.clone(),
                amount_idr: p.amount_idr,
                paid_at: p.paid_at,
                bill_code: Some(bill.code.clone()),
                recorded_by: p.recorded_by,
                note: p.note.clone(),
            };
            let (number, signature) = receipt(state, &mut tx, &bill, &incoming, now).await?;
            let receipt = Some((number.as_str(), signature.as_str()));
            if !store::decide_payment(
                &mut tx,
                p.id,
                &p.status,
                model::ASSIGNED,
                Some((bill.id, &bill.code)),
                receipt,
                user.id,
                now,
            )
            .await?
            {
                return Err(AppError::Conflict { key: "error-concurrent" });
            }
            if let (Some(app), Some(resume)) = (bill.application_id, &bill.resume_status) {
                live = crate::applications::service::resume_after_payment(
                    &mut tx,
                    state,
                    app,
                    resume,
                    bill.paused_at,
                    now,
                )
                .await?;
            }
            let mut paid = bill.clone();
            paid.status = model::PAID.into();
            notify_bill(&mut tx, &paid, "bill_paid", now).await?;
            let decided = Payment { receipt_number: Some(number), status: model::ASSIGNED.into(), ..p };
            record_leaf(&mut tx, "payment.assigned", &decided, Some(&bill), now).await?;
        }
        Decision::Refund { reason } => {
            let reason = reason.trim();
            if reason.is_empty() {
                return Err(AppError::Validation(vec![FieldError::new("reason", "field-required")]));
            }
            let reason: String = reason.chars().take(1000).collect();
            if !store::decide_payment(&mut tx, p.id, &p.status, model::PAID_BACK, None, None, user.id, now).await? {
                return Err(AppError::Conflict { key: "error-concurrent" });
            }
            store::insert_refund(&mut tx, p.id, p.amount_idr, &reason, user.id, now).await?;
            let leaf = crate::ledger::Leaf::new("payment.refunded", now)
                .with("payment", p.id)
                .with("amount_idr", p.amount_idr)
                .with("was", p.status.as_str())
                .with_hash("reason_sha256", reason.as_bytes());
            let leaf = match &current_bill {
                Some(b) => leaf.with("bill", b.code.as_str()).with("agency_id", b.agency_id.as_str()),
                None => leaf,
            };
            crate::ledger::record(&mut tx, &leaf).await?;
        }
    }
    tx.commit().await?;
    if let Some(live) = live {
        state.live.committed(live);
    }
    Ok(())
}

/// Bills whose billing code has expired unpaid become `expired` (one transaction each, with
/// their leaf); returns how many.
pub async fn expire_bills(state: &AppState) -> Result<usize, AppError> {
    let now = db::now();
    let due: Vec<Bill> = {
        let mut conn = state.db.conn().await?;
        let ids = store::unpaid_expired(&mut conn, now).await?;
        let mut out = Vec::new();
        for id in ids {
            if let Some(b) = store::bill_by_id(&mut conn, id).await? {
                out.push(b);
            }
        }
        out
    };
    let mut n = 0;
    for bill in due {
        let mut tx = state.db.begin().await?;
        if store::set_bill_status(&mut tx, bill.id, model::UNPAID, model::EXPIRED, None, now).await? {
            let leaf = crate::ledger::Leaf::new("payment.bill_expired", now).with("bill", bill.code.as_str());
            crate::ledger::record(&mut tx, &leaf).await?;
            n += 1;
        }
        tx.commit().await?;
    }
    Ok(n)
}

/// A new billing code for an expired bill of an application still waiting (the old code stays
/// expired): same amount, a new expiry.
pub async fn renew(state: &AppState, user: &CurrentUser, code: &str) -> Result<Bill, AppError> {
    let now = db::now();
    let offset = state.config.utc_offset_hours().unwrap_or(7);
    let settings = state.config.payments.clone();
    let mut tx = state.db.begin().await?;
    let old = store::bill_by_code(&mut tx, code).await?.ok_or(AppError::NotFound)?;
    if old.citizen_id != Some(user.id) {
        return Err(AppError::NotFound);
    }
    let still_waiting = match old.application_id {
        Some(app) => {
            crate::applications::store::by_id(&mut tx, app).await?.is_some_and(|a| a.status == model::AWAITING_PAYMENT)
        }
        None => false,
    };
    let expired = old.status == model::EXPIRED || (old.status == model::UNPAID && old.expires_at < now);
    let renewed = match old.application_id {
        Some(app) => open_bill_of_application(&mut tx, app, now).await?.is_some(),
        None => false,
    };
    if !expired || !still_waiting || renewed {
        return Err(AppError::Conflict { key: "pay-error-not-renewable" });
    }
    if old.status == model::UNPAID
        && !store::set_bill_status(&mut tx, old.id, model::UNPAID, model::EXPIRED, None, now).await?
    {
        return Err(AppError::Conflict { key: "error-concurrent" });
    }
    let kind = BillKind::parse(&old.kind).unwrap_or(BillKind::ServiceFee);
    let fresh = new_bill(&mut tx, &settings, kind, old.amount_idr, offset, now).await?;
    let bill = Bill {
        code: fresh.code,
        due_date: fresh.due_date,
        expires_at: fresh.expires_at,
        status: fresh.status,
        paid_at: None,
        created_at: now,
        created_by: Some(user.id),
        ..old
    };
    let bill = insert(&mut tx, bill, now).await?;
    tx.commit().await?;
    Ok(bill)
}

/// The status a bill has now: an unpaid bill past its expiry is expired, even before the
/// expiry job has marked it.
pub fn status_now(bill: &Bill, now: i64) -> &str {
    if bill.status == model::UNPAID && bill.expires_at <= now {
        model::EXPIRED
    } else {
        &bill.status
    }
}

/// Whether a bill can be paid now.
fn payable(bill: &Bill) -> bool {
    status_now(bill, db::now()) == model::UNPAID
}

/// The bill of an application that can be paid now, if any (a renewed code, say).
pub async fn open_bill_of_application(
    conn: &mut db::Conn,
    application_id: i64,
    now: i64,
) -> Result<Option<Bill>, sqlx::Error> {
    Ok(store::bills_of_application(conn, application_id)
        .await?
        .into_iter()
        .find(|b| status_now(b, now) == model::UNPAID))
}

/// The QRIS payload of a bill that can be paid now.
pub fn qris_of(state: &AppState, bill: &Bill) -> Option<String> {
    payable(bill).then(|| super::qris::payload(&state.config.payments, bill.amount_idr, &bill.code))
}

/// The virtual account numbers of a bill that can be paid now: bank id, bank name and number.
pub fn virtual_accounts(state: &AppState, bill: &Bill) -> Vec<(String, String, String)> {
    if !payable(bill) {
        return vec![];
    }
    state
        .config
        .payments
        .banks
        .iter()
        .map(|b| (b.id.clone(), b.name.clone(), format!("{}{}", b.va_prefix, bill.code)))
        .collect()
}

/// The billing code a virtual account number stands for, if it is one of ours.
pub fn code_of_virtual_account(settings: &PaymentSettings, va: &str) -> Option<String> {
    settings.banks.iter().find_map(|b| va.strip_prefix(b.va_prefix.as_str())).and_then(model::parse_code)
}

/// Who may read a bill in full: its citizen, staff of its agency, treasurers of it, auditors
/// and platform admins.
pub fn may_read(state: &AppState, user: &CurrentUser, bill: &Bill) -> bool {
    match user.role {
        Role::Citizen => bill.citizen_id == Some(user.id),
        Role::Treasurer => treasurer_of(state, user, Some(&bill.agency_id)),
        Role::Auditor | Role::SuperAdmin => true,
        Role::Officer | Role::Supervisor | Role::AgencyAdmin => {
            user.agency_id.as_deref() == Some(bill.agency_id.as_str())
        }
    }
}
