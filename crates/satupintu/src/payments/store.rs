//! The tables of bills, tax objects, payments and refunds. Every function takes the caller's
//! transaction or connection.

use std::collections::HashMap;

use sqlx::Row as _;

use super::model;
use crate::db::{self, Conn, Tx};

/// A bill as stored.
#[derive(Clone, Debug)]
pub struct Bill {
    pub id: i64,
    pub code: String,
    pub kind: String,
    pub revenue_type: String,
    pub agency_id: String,
    pub citizen_id: Option<i64>,
    pub application_id: Option<i64>,
    pub tax_object_id: Option<i64>,
    pub period: Option<String>,
    pub description: String,
    pub basis: Option<String>,
    pub amount_idr: i64,
    pub due_date: String,
    pub expires_at: i64,
    pub status: String,
    pub resume_status: Option<String>,
    pub paused_at: Option<i64>,
    pub paid_at: Option<i64>,
    pub created_by: Option<i64>,
    pub created_at: i64,
}

const BILL_COLUMNS: &str = "id, code, kind, revenue_type, agency_id, citizen_id, application_id, tax_object_id, \
                            period, description, basis, amount_idr, due_date, expires_at, status, resume_status, \
                            paused_at, paid_at, created_by, created_at";

fn bill(r: &db::Row) -> Result<Bill, sqlx::Error> {
    Ok(Bill {
        id: r.try_get(0)?,
        code: r.try_get(1)?,
        kind: r.try_get(2)?,
        revenue_type: r.try_get(3)?,
        agency_id: r.try_get(4)?,
        citizen_id: r.try_get(5)?,
        application_id: r.try_get(6)?,
        tax_object_id: r.try_get(7)?,
        period: r.try_get(8)?,
        description: r.try_get(9)?,
        basis: r.try_get(10)?,
        amount_idr: r.try_get(11)?,
        due_date: r.try_get(12)?,
        expires_at: r.try_get(13)?,
        status: r.try_get(14)?,
        resume_status: r.try_get(15)?,
        paused_at: r.try_get(16)?,
        paid_at: r.try_get(17)?,
        created_by: r.try_get(18)?,
        created_at: r.try_get(19)?,
    })
}

async fn bills_where(conn: &mut Conn, cond: &str, bind: impl ToString) -> Result<Vec<Bill>, sqlx::Error> {
    let rows = sqlx::query(&format!("SELECT {BILL_COLUMNS} FROM bills WHERE {cond} ORDER BY created_at DESC, id DESC"))
        .bind(bind.to_string())
        .fetch_all(conn)
        .await?;
    rows.iter().map(bill).collect()
}

pub async fn bill_by_code(conn: &mut Conn, code: &str) -> Result<Option<Bill>, sqlx::Error> {
    Ok(bills_where(conn, "code = $1", code).await?.into_iter().next())
}

pub async fn bill_by_id(conn: &mut Conn, id: i64) -> Result<Option<Bill>, sqlx::Error> {
    Ok(bills_where(conn, "id = CAST($1 AS BIGINT)", id).await?.into_iter().next())
}

/// An application's bills, newest first.
pub async fn bills_of_application(conn: &mut Conn, application_id: i64) -> Result<Vec<Bill>, sqlx::Error> {
    bills_where(conn, "application_id = CAST($1 AS BIGINT)", application_id).await
}

/// A citizen's bills, newest first.
pub async fn bills_of_citizen(conn: &mut Conn, citizen_id: i64) -> Result<Vec<Bill>, sqlx::Error> {
    bills_where(conn, "citizen_id = CAST($1 AS BIGINT)", citizen_id).await
}

/// A tax object's bills, newest first.
pub async fn bills_of_tax_object(conn: &mut Conn, tax_object_id: i64) -> Result<Vec<Bill>, sqlx::Error> {
    bills_where(conn, "tax_object_id = CAST($1 AS BIGINT)", tax_object_id).await
}

/// Unpaid bills whose billing code expired before `now`.
pub async fn unpaid_expired(conn: &mut Conn, now: i64) -> Result<Vec<i64>, sqlx::Error> {
    let rows = sqlx::query("SELECT id FROM bills WHERE status = 'unpaid' AND expires_at < $1 ORDER BY id LIMIT 500")
        .bind(now)
        .fetch_all(conn)
        .await?;
    rows.iter().map(|r| r.try_get(0)).collect()
}

/// Whether a billing code is taken.
pub async fn code_taken(conn: &mut Conn, code: &str) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query("SELECT 1 FROM bills WHERE code = $1").bind(code).fetch_optional(conn).await?.is_some())
}

pub async fn insert_bill(tx: &mut Tx, b: &Bill, now: i64) -> Result<i64, sqlx::Error> {
    let r = sqlx::query(
        "INSERT INTO bills (code, kind, revenue_type, agency_id, citizen_id, application_id, tax_object_id, period, \
         description, basis, amount_idr, due_date, expires_at, status, resume_status, paused_at, created_by, \
         created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, \
         $18, $18) RETURNING id",
    )
    .bind(&b.code)
    .bind(&b.kind)
    .bind(&b.revenue_type)
    .bind(&b.agency_id)
    .bind(b.citizen_id)
    .bind(b.application_id)
    .bind(b.tax_object_id)
    .bind(&b.period)
    .bind(&b.description)
    .bind(&b.basis)
    .bind(b.amount_idr)
    .bind(&b.due_date)
    .bind(b.expires_at)
    .bind(&b.status)
    .bind(&b.resume_status)
    .bind(b.paused_at)
    .bind(b.created_by)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    r.try_get(0)
}

/// Move a bill from `from` to `to`; false when it was no longer in `from` (someone else won).
pub async fn set_bill_status(
    tx: &mut Tx,
    id: i64,
    from: &str,
    to: &str,
    paid_at: Option<i64>,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE bills SET status = $1, paid_at = COALESCE($2, paid_at), updated_at = $3 WHERE id = $4 AND status = $5",
    )
    .bind(to)
    .bind(paid_at)
    .bind(now)
    .bind(id)
    .bind(from)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Money received, as stored.
#[derive(Clone, Debug)]
pub struct Payment {
    pub id: i64,
    pub bill_id: Option<i64>,
    pub bill_code: Option<String>,
    pub channel: String,
    pub provider: String,
    pub provider_ref: String,
    pub amount_idr: i64,
    pub paid_at: i64,
    pub received_at: i64,
    pub status: String,
    pub receipt_number: Option<String>,
    pub receipt_signature: Option<String>,
    pub recorded_by: Option<i64>,
    pub note: Option<String>,
    pub reconciled_at: Option<i64>,
    pub decided_by: Option<i64>,
    pub decided_at: Option<i64>,
}

const PAYMENT_COLUMNS: &str = "id, bill_id, bill_code, channel, provider, provider_ref, amount_idr, paid_at, \
                               received_at, status, receipt_number, receipt_signature, recorded_by, note, \
                               reconciled_at, decided_by, decided_at";

fn payment(r: &db::Row) -> Result<Payment, sqlx::Error> {
    Ok(Payment {
        id: r.try_get(0)?,
        bill_id: r.try_get(1)?,
        bill_code: r.try_get(2)?,
        channel: r.try_get(3)?,
        provider: r.try_get(4)?,
        provider_ref: r.try_get(5)?,
        amount_idr: r.try_get(6)?,
        paid_at: r.try_get(7)?,
        received_at: r.try_get(8)?,
        status: r.try_get(9)?,
        receipt_number: r.try_get(10)?,
        receipt_signature: r.try_get(11)?,
        recorded_by: r.try_get(12)?,
        note: r.try_get(13)?,
        reconciled_at: r.try_get(14)?,
        decided_by: r.try_get(15)?,
        decided_at: r.try_get(16)?,
    })
}

async fn payments_where(conn: &mut Conn, cond: &str, bind: impl ToString) -> Result<Vec<Payment>, sqlx::Error> {
    let rows = sqlx::query(&format!("SELECT {PAYMENT_COLUMNS} FROM payments WHERE {cond} ORDER BY received_at, id"))
        .bind(bind.to_string())
        .fetch_all(conn)
        .await?;
    rows.iter().map(payment).collect()
}

pub async fn payment_by_ref(
    conn: &mut Conn,
    provider: &str,
    provider_ref: &str,
) -> Result<Option<Payment>, sqlx::Error> {
    let r = sqlx::query(&format!("SELECT {PAYMENT_COLUMNS} FROM payments WHERE provider = $1 AND provider_ref = $2"))
        .bind(provider)
        .bind(provider_ref)
        .fetch_optional(conn)
        .await?;
    r.as_ref().map(payment).transpose()
}

pub async fn payment_by_id(conn: &mut Conn, id: i64) -> Result<Option<Payment>, sqlx::Error> {
    Ok(payments_where(conn, "id = CAST($1 AS BIGINT)", id).await?.into_iter().next())
}

pub async fn payment_by_receipt(conn: &mut Conn, number: &str) -> Result<Option<Payment>, sqlx::Error> {
    Ok(payments_where(conn, "receipt_number = $1", number).await?.into_iter().next())
}

/// The payments recorded against a bill, oldest first.
pub async fn payments_of_bill(conn: &mut Conn, bill_id: i64) -> Result<Vec<Payment>, sqlx::Error> {
    payments_where(conn, "bill_id = CAST($1 AS BIGINT)", bill_id).await
}

/// Payments with a status (the treasurer's queue: `double`, `unmatched`), oldest first.
pub async fn payments_with_status(conn: &mut Conn, status: &str) -> Result<Vec<Payment>, sqlx::Error> {
    payments_where(conn, "status = $1", status).await
}

/// The receipt number of each bill's payment (the first settled or assigned one), for many
/// bills at once.
pub async fn receipt_numbers(conn: &mut Conn, bill_ids: &[i64]) -> Result<HashMap<i64, String>, sqlx::Error> {
    let sql = format!(
        "SELECT bill_id, receipt_number FROM payments WHERE status IN ('{}', '{}') AND bill_id IN ({{in}}) \
         ORDER BY received_at, id",
        model::SETTLED,
        model::ASSIGNED
    );
    let mut first: HashMap<i64, Option<String>> = HashMap::with_capacity(bill_ids.len());
    for r in db::fetch_in(conn, &sql, bill_ids).await? {
        first.entry(r.try_get(0)?).or_insert(r.try_get(1)?);
    }
    Ok(first.into_iter().filter_map(|(bill, number)| Some((bill, number?))).collect())
}

pub async fn insert_payment(tx: &mut Tx, p: &Payment) -> Result<i64, sqlx::Error> {
    let r = sqlx::query(
        "INSERT INTO payments (bill_id, bill_code, channel, provider, provider_ref, amount_idr, paid_at, received_at, \
         status, receipt_number, receipt_signature, recorded_by, note) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id",
    )
    .bind(p.bill_id)
    .bind(&p.bill_code)
    .bind(&p.channel)
    .bind(&p.provider)
    .bind(&p.provider_ref)
    .bind(p.amount_idr)
    .bind(p.paid_at)
    .bind(p.received_at)
    .bind(&p.status)
    .bind(&p.receipt_number)
    .bind(&p.receipt_signature)
    .bind(p.recorded_by)
    .bind(&p.note)
    .fetch_one(&mut **tx)
    .await?;
    r.try_get(0)
}

/// A treasurer's decision on a queued payment: its new status, the bill it now pays (if any)
/// and its receipt; false when it had left `from` (someone else decided first).
#[allow(clippy::too_many_arguments)]
pub async fn decide_payment(
    tx: &mut Tx,
    id: i64,
    from: &str,
    to: &str,
    bill: Option<(i64, &str)>,
    receipt: Option<(&str, &str)>,
    by: i64,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE payments SET status = $1, bill_id = COALESCE($2, bill_id), bill_code = COALESCE($3, bill_code), \
         receipt_number = COALESCE($4, receipt_number), receipt_signature = COALESCE($5, receipt_signature), \
         decided_by = $6, decided_at = $7 WHERE id = $8 AND status = $9",
    )
    .bind(to)
    .bind(bill.map(|b| b.0))
    .bind(bill.map(|b| b.1))
    .bind(receipt.map(|r| r.0))
    .bind(receipt.map(|r| r.1))
    .bind(by)
    .bind(now)
    .bind(id)
    .bind(from)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn insert_refund(
    tx: &mut Tx,
    payment_id: i64,
    amount_idr: i64,
    reason: &str,
    by: i64,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO refunds (payment_id, amount_idr, reason, decided_by, decided_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(payment_id)
    .bind(amount_idr)
    .bind(reason)
    .bind(by)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// A tax object as stored.
#[derive(Clone, Debug)]
pub struct TaxObject {
    pub id: i64,
    pub kind: String,
    pub object_number: String,
    pub agency_id: String,
    pub owner_name: String,
    pub citizen_id: Option<i64>,
    pub description: String,
}

pub async fn tax_object(conn: &mut Conn, kind: &str, number: &str) -> Result<Option<TaxObject>, sqlx::Error> {
    let r = sqlx::query(
        "SELECT id, kind, object_number, agency_id, owner_name, citizen_id, description FROM tax_objects \
         WHERE kind = $1 AND object_number = $2",
    )
    .bind(kind)
    .bind(number)
    .fetch_optional(conn)
    .await?;
    r.map(|r| {
        Ok(TaxObject {
            id: r.try_get(0)?,
            kind: r.try_get(1)?,
            object_number: r.try_get(2)?,
            agency_id: r.try_get(3)?,
            owner_name: r.try_get(4)?,
            citizen_id: r.try_get(5)?,
            description: r.try_get(6)?,
        })
    })
    .transpose()
}

/// Insert or update a tax object by kind and number; returns its id.
pub async fn upsert_tax_object(tx: &mut Tx, o: &TaxObject, now: i64) -> Result<i64, sqlx::Error> {
    let r = sqlx::query(
        "INSERT INTO tax_objects (kind, object_number, agency_id, owner_name, citizen_id, description, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (kind, object_number) DO UPDATE SET \
         agency_id = excluded.agency_id, owner_name = excluded.owner_name, citizen_id = excluded.citizen_id, \
         description = excluded.description, updated_at = excluded.updated_at RETURNING id",
    )
    .bind(&o.kind)
    .bind(&o.object_number)
    .bind(&o.agency_id)
    .bind(&o.owner_name)
    .bind(o.citizen_id)
    .bind(&o.description)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    r.try_get(0)
}

/// Payments made in `[from, to)` with their bill's agency and revenue type (none for a payment
/// no bill was found for), oldest first: the daily report's material.
pub async fn payments_paid_between(
    conn: &mut Conn,
    from: i64,
    to: i64,
) -> Result<Vec<(Payment, Option<String>, Option<String>)>, sqlx::Error> {
    let columns: Vec<String> = PAYMENT_COLUMNS.split(',').map(|c| format!("p.{}", c.trim())).collect();
    let rows = sqlx::query(&format!(
        "SELECT {}, b.agency_id, b.revenue_type FROM payments p LEFT JOIN bills b ON b.id = p.bill_id \
         WHERE p.paid_at >= $1 AND p.paid_at < $2 ORDER BY p.paid_at, p.id",
        columns.join(", ")
    ))
    .bind(from)
    .bind(to)
    .fetch_all(conn)
    .await?;
    rows.iter().map(|r| Ok((payment(r)?, r.try_get(17)?, r.try_get(18)?))).collect()
}

/// Which reminder of a bill.
#[derive(Clone, Copy, Debug)]
pub enum Reminder {
    /// Before its due date.
    Due,
    /// Before its billing code expires.
    Expiry,
}

/// Unpaid bills of a citizen due on or before `limit` (a local date) not yet reminded of it,
/// among those that run longer than the reminder's lead time (`lead` seconds; a bill due in a
/// few days needs only the expiry reminder), still payable at `now`.
pub async fn to_remind_due(conn: &mut Conn, limit: &str, lead: i64, now: i64) -> Result<Vec<i64>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT id FROM bills WHERE status = 'unpaid' AND citizen_id IS NOT NULL AND reminded_due = 0 \
         AND due_date <= $1 AND expires_at - created_at > $2 AND expires_at > $3 ORDER BY id",
    )
    .bind(limit)
    .bind(lead)
    .bind(now)
    .fetch_all(conn)
    .await?;
    rows.iter().map(|r| r.try_get(0)).collect()
}

/// Unpaid bills of a citizen whose billing code expires in `(now, until]`, not yet reminded.
pub async fn to_remind_expiry(conn: &mut Conn, until: i64, now: i64) -> Result<Vec<i64>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT id FROM bills WHERE status = 'unpaid' AND citizen_id IS NOT NULL AND reminded_expiry = 0 \
         AND expires_at > $1 AND expires_at <= $2 ORDER BY id",
    )
    .bind(now)
    .bind(until)
    .fetch_all(conn)
    .await?;
    rows.iter().map(|r| r.try_get(0)).collect()
}

/// Mark a bill reminded; false when it was already.
pub async fn mark_reminded(tx: &mut Tx, id: i64, which: Reminder) -> Result<bool, sqlx::Error> {
    let column = match which {
        Reminder::Due => "reminded_due",
        Reminder::Expiry => "reminded_expiry",
    };
    let done = sqlx::query(&format!("UPDATE bills SET {column} = 1 WHERE id = $1 AND {column} = 0"))
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// The payment a bank statement line (by its identity) already confirmed, if any.
pub async fn payment_reconciled_by(conn: &mut Conn, line_ref: &str) -> Result<Option<i64>, sqlx::Error> {
    let r =
        sqlx::query("SELECT id FROM payments WHERE reconciled_ref = $1").bind(line_ref).fetch_optional(conn).await?;
    r.map(|r| r.try_get(0)).transpose()
}

/// Mark a payment as confirmed by the bank statement line `line_ref`; false when it was
/// reconciled already (someone else won).
pub async fn reconcile_payment(tx: &mut Tx, id: i64, line_ref: &str, now: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE payments SET reconciled_at = $1, reconciled_ref = $2 WHERE id = $3 AND reconciled_at IS NULL",
    )
    .bind(now)
    .bind(line_ref)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}
