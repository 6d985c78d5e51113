//! The daily reconciliation and revenue report for the regional treasury (BUD): per agency and
//! revenue type, the money received that day, how much of it a bank statement confirmed, what
//! was paid back, and what still waits in the treasurer's queue.

use std::collections::BTreeMap;

use super::model;
use super::service::treasurer_of;
use super::store;
use crate::app::AppState;
use crate::identity::{CurrentUser, Role};
use crate::web::AppError;

/// One agency and revenue type on one day.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReportLine {
    /// Empty for payments no bill was found for.
    pub agency_id: String,
    pub revenue_type: String,
    /// Payments that paid a bill (settled, or assigned by a treasurer).
    pub received: i64,
    pub received_idr: i64,
    /// Of those, confirmed by a bank statement.
    pub reconciled: i64,
    pub refunded: i64,
    pub refunded_idr: i64,
    /// Double and unmatched payments waiting for a treasurer.
    pub queued: i64,
    pub queued_idr: i64,
}

impl ReportLine {
    fn add(&mut self, p: &store::Payment) {
        match p.status.as_str() {
            model::SETTLED | model::ASSIGNED => {
                self.received += 1;
                self.received_idr += p.amount_idr;
                self.reconciled += i64::from(p.reconciled_at.is_some());
            }
            model::PAID_BACK => {
                self.refunded += 1;
                self.refunded_idr += p.amount_idr;
            }
            _ => {
                self.queued += 1;
                self.queued_idr += p.amount_idr;
            }
        }
    }

    fn sum(&mut self, o: &ReportLine) {
        self.received += o.received;
        self.received_idr += o.received_idr;
        self.reconciled += o.reconciled;
        self.refunded += o.refunded;
        self.refunded_idr += o.refunded_idr;
        self.queued += o.queued;
        self.queued_idr += o.queued_idr;
    }
}

/// A day's report as `user` may see it.
#[derive(Clone, Debug)]
pub struct DailyReport {
    pub date: time::Date,
    pub lines: Vec<ReportLine>,
    pub total: ReportLine,
}

/// Whether `user` sees money of `agency` (none: a payment no bill was found for) in reports:
/// auditors and platform admins everything, a treasurer their agency's (the regional treasury's
/// treasurers everything).
pub fn sees(state: &AppState, user: &CurrentUser, agency: Option<&str>) -> bool {
    matches!(user.role, Role::Auditor | Role::SuperAdmin) || treasurer_of(state, user, agency)
}

/// The report of `date` (the agency's local date) for `user`.
pub async fn daily(state: &AppState, user: &CurrentUser, date: time::Date) -> Result<DailyReport, AppError> {
    let offset = state.config.utc_offset_hours().unwrap_or(7);
    let from = crate::calendar::day_start(date, offset);
    let payments = store::payments_paid_between(&mut *state.db.conn().await?, from, from + 86_400).await?;
    let mut by: BTreeMap<(String, String), ReportLine> = BTreeMap::new();
    for (p, agency, revenue_type) in &payments {
        if !sees(state, user, agency.as_deref()) {
            continue;
        }
        let key = (agency.clone().unwrap_or_default(), revenue_type.clone().unwrap_or_default());
        by.entry(key.clone())
            .or_insert_with(|| ReportLine { agency_id: key.0, revenue_type: key.1, ..Default::default() })
            .add(p);
    }
    let lines: Vec<ReportLine> = by.into_values().collect();
    let mut total = ReportLine::default();
    for l in &lines {
        total.sum(l);
    }
    Ok(DailyReport { date, lines, total })
}

/// The report as CSV with a header row (amounts in whole rupiah), for the treasury's books.
pub fn csv(r: &DailyReport) -> String {
    let mut out = crate::csv::record(&[
        "tanggal",
        "instansi",
        "jenis_pendapatan",
        "jumlah_diterima",
        "diterima_idr",
        "direkonsiliasi",
        "jumlah_dikembalikan",
        "dikembalikan_idr",
        "jumlah_antrean",
        "antrean_idr",
    ]);
    for l in &r.lines {
        out.push_str(&crate::csv::record(&[
            r.date.to_string(),
            l.agency_id.clone(),
            l.revenue_type.clone(),
            l.received.to_string(),
            l.received_idr.to_string(),
            l.reconciled.to_string(),
            l.refunded.to_string(),
            l.refunded_idr.to_string(),
            l.queued.to_string(),
            l.queued_idr.to_string(),
        ]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paid(status: &str, amount_idr: i64, reconciled: bool) -> store::Payment {
        store::Payment {
            id: 1,
            bill_id: None,
            bill_code: None,
            channel: "qris".into(),
            provider: "midtrans".into(),
            provider_ref: "x".into(),
            amount_idr,
            paid_at: 0,
            received_at: 0,
            status: status.into(),
            receipt_number: None,
            receipt_signature: None,
            recorded_by: None,
            note: None,
            reconciled_at: reconciled.then_some(5),
            decided_by: None,
            decided_at: None,
        }
    }

    #[test]
    fn lines_count_received_refunded_and_queued_money_apart() {
        let mut l = ReportLine::default();
        l.add(&paid(model::SETTLED, 75_000, true));
        l.add(&paid(model::ASSIGNED, 30_000, false));
        l.add(&paid(model::PAID_BACK, 75_000, false));
        l.add(&paid(model::DOUBLE, 75_000, false));
        l.add(&paid(model::UNMATCHED, 10_000, false));
        assert_eq!((l.received, l.received_idr, l.reconciled), (2, 105_000, 1));
        assert_eq!((l.refunded, l.refunded_idr), (1, 75_000));
        assert_eq!((l.queued, l.queued_idr), (2, 85_000));
        let r = DailyReport { date: time::macros::date!(2026 - 12 - 01), lines: vec![l.clone()], total: l };
        let text = csv(&r);
        assert!(text.starts_with("tanggal,instansi,jenis_pendapatan,"));
        assert!(text.lines().nth(1).is_some_and(|row| row.starts_with("2026-12-01,,,2,105000,1,1,75000,2,85000")));
    }
}
