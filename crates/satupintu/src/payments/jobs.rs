//! The payments' background work, every minute under one lock across processes: billing codes
//! past their expiry become `expired`; the citizen is reminded once before a bill's due date
//! (bills that run for days, such as taxes and levies) and once before its billing code expires.

use super::{model, service, store};
use crate::app::AppState;
use crate::db;
use crate::web::AppError;

/// One round: expire, then remind.
pub async fn run(state: &AppState, now: i64) -> Result<(), AppError> {
    service::expire_bills(state).await?;
    let settings = &state.config.payments;
    let offset = state.config.utc_offset_hours().unwrap_or(7);
    let days = settings.remind_days_before_due.max(0);
    let limit = crate::calendar::local_date(now + days * 86_400, offset).to_string();
    let due = store::to_remind_due(&mut *state.db.conn().await?, &limit, days * 86_400, now).await?;
    remind(state, due, store::Reminder::Due, "bill_due", now).await?;
    let until = now + settings.remind_hours_before_expiry.max(0) * 3600;
    let expiring = store::to_remind_expiry(&mut *state.db.conn().await?, until, now).await?;
    remind(state, expiring, store::Reminder::Expiry, "bill_expiring", now).await
}

/// Queue `kind` for each bill once (the mark and the notice in one transaction).
async fn remind(state: &AppState, ids: Vec<i64>, which: store::Reminder, kind: &str, now: i64) -> Result<(), AppError> {
    for id in ids {
        let mut tx = state.db.begin().await?;
        if let Some(bill) = store::bill_by_id(&mut tx, id).await? {
            if bill.status == model::UNPAID && store::mark_reminded(&mut tx, id, which).await? {
                service::notify_bill(&mut tx, &bill, kind, now).await?;
            }
        }
        tx.commit().await?;
    }
    Ok(())
}

/// Run [`run`] every minute until the process ends.
pub fn spawn(state: AppState) -> tokio::task::JoinHandle<()> {
    db::jobs::every(state, std::time::Duration::from_secs(60), "payments", |s| async move { run(&s, db::now()).await })
}
