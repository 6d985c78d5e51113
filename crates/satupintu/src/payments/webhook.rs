//! The payment gateway adapter. Its notifications follow the shape the common Indonesian
//! gateways document for HTTP notifications (Midtrans' is the model): a JSON body naming the
//! order (our billing code), the gateway's transaction id, status code, gross amount and
//! transaction status, signed with `signature_key = SHA-512(order_id + status_code +
//! gross_amount + server_key)` in lowercase hex.
//!
//! A notification is acted on once: the transaction id is the payment's identity, so a replayed
//! or retried notification changes nothing (`{"result": "duplicate"}`); one older than
//! `payments.max_notification_age_hours` is refused; a wrong signature is refused (401).

use serde::Deserialize;
use sha2::{Digest, Sha512};
use utoipa::ToSchema;

use super::model;
use super::service::{self, Incoming, Outcome};
use crate::app::AppState;
use crate::web::{AppError, FieldError};

/// The gateway's name in payment records.
pub const PROVIDER: &str = "gateway";

/// One payment notification.
#[derive(Deserialize, ToSchema, Clone, Debug)]
#[schema(as = PaymentNotification)]
pub struct Notification {
    /// The order: the billing code.
    pub order_id: String,
    /// The gateway's transaction id (a payment counts once per id).
    pub transaction_id: String,
    /// `settlement` (paid), `capture`, `pending`, `expire`, `cancel`, `deny`, `refund`.
    pub transaction_status: String,
    /// `200` for a successful payment.
    pub status_code: String,
    /// The amount as the gateway writes it, e.g. `75000.00`.
    pub gross_amount: String,
    /// `qris`, `bank_transfer`, `echannel`, `cstore`, ...
    pub payment_type: String,
    /// `YYYY-MM-DD HH:MM:SS`, Western Indonesia Time (UTC+7).
    pub transaction_time: String,
    pub settlement_time: Option<String>,
    /// Hex SHA-512 of `order_id + status_code + gross_amount + server_key`.
    pub signature_key: String,
    #[serde(default)]
    pub fraud_status: Option<String>,
    /// For `bank_transfer`: the virtual account paid.
    #[serde(default)]
    pub va_numbers: Vec<VaNumber>,
    #[serde(default)]
    pub currency: Option<String>,
}

#[derive(Deserialize, ToSchema, Clone, Debug)]
#[schema(as = PaymentNotificationVa)]
pub struct VaNumber {
    pub bank: String,
    pub va_number: String,
}

/// The signature a notification must carry.
pub fn signature(n: &Notification, server_key: &str) -> String {
    let mut h = Sha512::new();
    for part in [&n.order_id, &n.status_code, &n.gross_amount] {
        h.update(part.as_bytes());
    }
    h.update(server_key.as_bytes());
    hex::encode(h.finalize())
}

/// Whole rupiah from `75000.00` (no fraction other than zero).
fn amount(s: &str) -> Option<i64> {
    let (whole, frac) = s.split_once('.').unwrap_or((s, ""));
    let ok = !whole.is_empty()
        && whole.len() <= 15
        && whole.bytes().all(|b| b.is_ascii_digit())
        && frac.bytes().all(|b| b == b'0');
    ok.then(|| whole.parse().ok()).flatten()
}

/// Unix seconds from the gateway's local time (UTC+7).
fn gateway_time(s: &str) -> Option<i64> {
    let format = time::macros::format_description!("[year]-[month]-[day] [hour]:[minute]:[second]");
    let t = time::PrimitiveDateTime::parse(s.trim(), &format).ok()?;
    Some(t.assume_offset(time::macros::offset!(+7)).unix_timestamp())
}

/// What became of a notification.
#[derive(Debug, PartialEq, Eq)]
pub enum Handled {
    Payment(Outcome),
    /// A status that moves no money (`pending`, `expire`, `cancel`, `deny`): acknowledged.
    Ignored,
}

/// Check and act on one notification body.
pub async fn handle(state: &AppState, body: &[u8]) -> Result<Handled, AppError> {
    let Some(key) = state.config.payment_server_key.as_deref() else { return Err(AppError::NotFound) };
    let n: Notification = serde_json::from_slice(body)
        .map_err(|e| AppError::BadRequest { key: "error-json", detail: Some(e.to_string()) })?;
    let expected = signature(&n, key);
    let given = n.signature_key.trim().to_ascii_lowercase();
    if !crate::web::extract::same_token(&expected, &given) {
        tracing::warn!("payment notification with a wrong signature refused");
        return Err(AppError::Auth { key: "pay-error-signature" });
    }
    let paid = match (n.transaction_status.as_str(), n.fraud_status.as_deref()) {
        ("settlement", _) => true,
        ("capture", None | Some("accept")) => true,
        _ => false,
    };
    if !paid || n.status_code != "200" {
        return Ok(Handled::Ignored);
    }
    let amount_idr = amount(&n.gross_amount)
        .ok_or_else(|| AppError::Validation(vec![FieldError::new("gross_amount", "pay-error-amount")]))?;
    let paid_at = n
        .settlement_time
        .as_deref()
        .or(Some(n.transaction_time.as_str()))
        .and_then(gateway_time)
        .ok_or_else(|| AppError::Validation(vec![FieldError::new("transaction_time", "pay-error-time")]))?;
    let now = crate::db::now();
    let max_age = state.config.payments.max_notification_age_hours.max(1) * 3600;
    if paid_at < now - max_age || paid_at > now + 300 {
        return Err(AppError::Conflict { key: "pay-error-stale" });
    }
    let transaction_id = n.transaction_id.trim();
    if transaction_id.is_empty() || transaction_id.len() > 200 {
        return Err(AppError::Validation(vec![FieldError::new("transaction_id", "field-required")]));
    }
    let channel = match n.payment_type.as_str() {
        "qris" | "gopay" | "shopeepay" => "qris",
        "bank_transfer" | "echannel" | "permata" => "va",
        _ => "gateway",
    };
    let bill_code = model::parse_code(&n.order_id).or_else(|| {
        n.va_numbers.iter().find_map(|v| service::code_of_virtual_account(&state.config.payments, &v.va_number))
    });
    let outcome = service::receive(
        state,
        Incoming {
            provider: PROVIDER.into(),
            provider_ref: transaction_id.to_string(),
            channel: channel.into(),
            amount_idr,
            paid_at,
            bill_code,
            recorded_by: None,
            note: None,
        },
    )
    .await?;
    Ok(Handled::Payment(outcome))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_and_times_parse_as_the_gateway_writes_them() {
        assert_eq!(amount("75000.00"), Some(75_000));
        assert_eq!(amount("75000"), Some(75_000));
        assert_eq!(amount("75000.50"), None);
        assert_eq!(amount("-5"), None);
        assert_eq!(amount(""), None);
        assert_eq!(amount("1e9"), None);
        assert_eq!(gateway_time("2026-12-01 09:30:00"), Some(1_796_092_200));
        assert_eq!(gateway_time("yesterday"), None);
    }
}
