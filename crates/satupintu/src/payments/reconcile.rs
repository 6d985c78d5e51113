//! Reconciliation of a bank statement (issue 15): each credit line is matched to a bill by the
//! billing code (or virtual account number) its payer wrote. A credit for a bill a gateway
//! already settled, of the same amount, confirms that payment (`reconciled_at`, a
//! `payment.reconciled` leaf); any other credit is a payment received from the statement
//! ([`service::receive`]): it settles its bill, or is a double or unmatched payment for the
//! treasurer's queue. Debits and reversals are skipped. Each line is one transaction and has an
//! identity that stays the same across imports, so importing a statement again changes nothing.

use std::collections::HashMap;

use serde::Serialize;

use super::model;
use super::service::{self, Incoming, Outcome};
use super::statement::{Line, Statement};
use super::store::{self, Payment};
use crate::app::AppState;
use crate::db::{self, Tx};
use crate::web::AppError;

/// The provider name of payments found in a bank statement.
pub const PROVIDER: &str = "statement";

/// What became of one statement line.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LineOutcome {
    /// It paid its bill.
    Settled,
    /// It is the bank's credit of a payment a gateway reported: that payment is reconciled.
    Confirmed,
    /// Imported before: nothing changed.
    Duplicate,
    /// Its bill was paid already: queued for a refund.
    Double,
    /// No bill fits: queued for a treasurer.
    Unmatched,
    /// A debit or a reversal: not a payment to us.
    Skipped,
}

/// How many lines had each outcome.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub settled: usize,
    pub confirmed: usize,
    pub duplicate: usize,
    pub double: usize,
    pub unmatched: usize,
    pub skipped: usize,
}

impl Summary {
    fn add(&mut self, outcome: &LineOutcome) {
        *match outcome {
            LineOutcome::Settled => &mut self.settled,
            LineOutcome::Confirmed => &mut self.confirmed,
            LineOutcome::Duplicate => &mut self.duplicate,
            LineOutcome::Double => &mut self.double,
            LineOutcome::Unmatched => &mut self.unmatched,
            LineOutcome::Skipped => &mut self.skipped,
        } += 1;
    }

    /// Each outcome with its count, in the order the command prints them.
    pub fn rows(&self) -> [(&'static str, usize); 6] {
        [
            ("settled", self.settled),
            ("confirmed", self.confirmed),
            ("duplicate", self.duplicate),
            ("double", self.double),
            ("unmatched", self.unmatched),
            ("skipped", self.skipped),
        ]
    }
}

/// Import a parsed statement: every line in order, each in its own transaction.
pub async fn import(state: &AppState, statement: &Statement) -> Result<Summary, AppError> {
    let offset = state.config.utc_offset_hours().unwrap_or(7);
    let mut summary = Summary::default();
    // Identical lines in one statement (same account, day, amount, references and narrative)
    // are told apart by their order.
    let mut seen: HashMap<String, usize> = HashMap::new();
    for line in &statement.lines {
        let outcome = if line.is_credit() {
            let base = line.reference();
            let n = seen.entry(base.clone()).or_default();
            *n += 1;
            let line_ref = if *n == 1 { base } else { format!("{base}#{n}") };
            import_line(state, line, &line_ref, offset).await?
        } else {
            LineOutcome::Skipped
        };
        summary.add(&outcome);
    }
    tracing::info!(?summary, "bank statement imported");
    Ok(summary)
}

/// The billing code a line names: the first one that is a bill of ours, else the first one
/// well formed (it stays on the unmatched payment for the treasurer).
async fn code_of(state: &AppState, line: &Line) -> Result<Option<String>, AppError> {
    let settings = &state.config.payments;
    let codes: Vec<String> = line
        .digit_runs()
        .iter()
        .filter_map(|run| model::parse_code(run).or_else(|| service::code_of_virtual_account(settings, run)))
        .collect();
    let mut conn = state.db.conn().await?;
    for code in &codes {
        if store::bill_by_code(&mut conn, code).await?.is_some() {
            return Ok(Some(code.clone()));
        }
    }
    Ok(codes.into_iter().next())
}

async fn import_line(state: &AppState, line: &Line, line_ref: &str, offset: i8) -> Result<LineOutcome, AppError> {
    let code = code_of(state, line).await?;
    let now = db::now();
    let mut tx = state.db.begin().await?;
    if store::payment_by_ref(&mut tx, PROVIDER, line_ref).await?.is_some()
        || store::payment_reconciled_by(&mut tx, line_ref).await?.is_some()
    {
        return Ok(LineOutcome::Duplicate);
    }
    if let Some(code) = &code {
        let confirmed = match confirm(&mut tx, code, line, line_ref, now).await {
            Ok(c) => c,
            // The same line imported at the same time by another process.
            Err(AppError::Internal(e)) if service::is_unique_violation(&e) => return Ok(LineOutcome::Duplicate),
            Err(e) => return Err(e),
        };
        if confirmed {
            return match tx.commit().await {
                Ok(()) => Ok(LineOutcome::Confirmed),
                Err(sqlx::Error::Database(d)) if d.is_unique_violation() => Ok(LineOutcome::Duplicate),
                Err(e) => Err(e.into()),
            };
        }
    }
    drop(tx);
    let value_date = line.value_date.midnight().assume_utc().unix_timestamp() - i64::from(offset) * 3600;
    let note: String = line.narrative.chars().take(1000).collect();
    let outcome = service::receive(
        state,
        Incoming {
            provider: PROVIDER.into(),
            provider_ref: line_ref.to_string(),
            channel: "transfer".into(),
            amount_idr: line.amount_idr,
            paid_at: value_date,
            bill_code: code,
            recorded_by: None,
            note: (!note.trim().is_empty()).then_some(note),
        },
    )
    .await?;
    Ok(match outcome {
        Outcome::Settled { .. } => LineOutcome::Settled,
        Outcome::Duplicate => LineOutcome::Duplicate,
        Outcome::Double => LineOutcome::Double,
        Outcome::Unmatched => LineOutcome::Unmatched,
    })
}

/// Confirm the gateway's payment of the bill `code` that this credit line is the bank's
/// settlement of: same amount, not from a statement, not reconciled yet, the payment that
/// paid the bill (or a double payment of it). In the caller's transaction, with its leaf;
/// false when there is none.
async fn confirm(tx: &mut Tx, code: &str, line: &Line, line_ref: &str, now: i64) -> Result<bool, AppError> {
    let Some(bill) = store::bill_by_code(tx, code).await? else { return Ok(false) };
    let candidate = |p: &&Payment| {
        p.provider != PROVIDER
            && p.amount_idr == line.amount_idr
            && p.reconciled_at.is_none()
            && matches!(p.status.as_str(), model::SETTLED | model::ASSIGNED | model::DOUBLE)
    };
    let payments = store::payments_of_bill(tx, bill.id).await?;
    // The payment that paid the bill first, then a double payment.
    let Some(p) = payments.iter().filter(candidate).min_by_key(|p| (p.status == model::DOUBLE, p.received_at, p.id))
    else {
        return Ok(false);
    };
    if !store::reconcile_payment(tx, p.id, line_ref, now).await? {
        return Err(AppError::Conflict { key: "error-concurrent" });
    }
    let leaf = crate::ledger::Leaf::new("payment.reconciled", now)
        .with("payment", p.id)
        .with("bill", bill.code.as_str())
        .with("agency_id", bill.agency_id.as_str())
        .with("amount_idr", p.amount_idr)
        .with("provider", p.provider.as_str())
        .with("value_date", line.value_date.to_string())
        .with_hash("statement_line_sha256", line_ref.as_bytes());
    crate::ledger::record(tx, &leaf).await?;
    Ok(true)
}
