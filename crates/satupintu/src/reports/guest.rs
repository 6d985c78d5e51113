//! Reports and alerts without an account. A report sent without signing in waits in
//! `report_pending` until the link sent to the sender's e-mail or phone is followed; then it
//! becomes a report like any other, its sender known to the coordinator by the contact they
//! gave. E-mail alerts of new public reports in a region are confirmed the same way, and every
//! alert carries the link to stop them.

use serde::{Deserialize, Serialize};
use serde_json::json;
use sha2::{Digest, Sha256};

use super::service::{self, Guest, NewReport};
use super::store::{self, Alert, Report};
use crate::app::AppState;
use crate::db::{self, Tx};
use crate::web::{AppError, FieldError, Lang};

/// Hours a confirmation link stays valid.
pub const PENDING_HOURS: i64 = 48;

#[derive(Serialize, Deserialize)]
struct PendingReport {
    input: NewReport,
    guest: Guest,
}

fn sha256_hex(text: &str) -> String {
    hex::encode(Sha256::digest(text.as_bytes()))
}

fn contact(guest: &Guest, lang: Lang) -> serde_json::Value {
    json!({"name": guest.name.clone().unwrap_or_default(), "email": guest.email, "phone": guest.phone, "lang": lang.code()})
}

/// Keep a report sent without an account and send its confirmation link to the e-mail and/or
/// phone given (at least one is required). Every problem, of the report and of the contact, is
/// returned at once; nothing is kept then.
pub async fn send(state: &AppState, input: NewReport, guest: Guest, lang: Lang) -> Result<(), AppError> {
    let mut errs = match service::check(&input) {
        Err(AppError::Validation(e)) => e,
        Err(e) => return Err(e),
        Ok(_) => vec![],
    };
    let guest = match service::check_guest(&guest) {
        Ok(g) => Some(g),
        Err(e) => {
            errs.extend(e);
            None
        }
    };
    if guest.as_ref().is_some_and(|g| g.email.is_none() && g.phone.is_none()) {
        errs.push(FieldError::new("email", "field-report-contact-required"));
    }
    let Some(guest) = guest.filter(|_| errs.is_empty()) else { return Err(AppError::Validation(errs)) };
    let token = crate::identity::random_token();
    let hash = sha256_hex(&token);
    let payload = serde_json::to_string(&PendingReport { input, guest: guest.clone() })
        .map_err(|e| AppError::Internal(e.into()))?;
    let now = db::now();
    let to = contact(&guest, lang);
    state
        .db
        .write(move |tx| {
            Box::pin(async move {
                let c = [guest.name.as_deref(), guest.email.as_deref(), guest.phone.as_deref()];
                store::insert_pending(tx, &hash, &payload, c, lang.code(), now, now + PENDING_HOURS * 3600).await?;
                let message = json!({"path": format!("/laporan/konfirmasi/{token}")});
                crate::notify::service::queue_to_contact(
                    tx,
                    "report_confirm",
                    &to,
                    &message,
                    &format!("confirm:{hash}"),
                    now,
                )
                .await?;
                Ok::<_, AppError>(())
            })
        })
        .await
}

/// Where a confirmation link stands.
pub enum Confirmation {
    /// Still to confirm: the report's category and text, to show before confirming.
    Waiting { category: String, description: String },
    /// Sent as this report.
    Sent { code: String, public: bool },
}

async fn pending(state: &AppState, token: &str) -> Result<store::Pending, AppError> {
    let found = store::pending(&mut *state.db.conn().await?, &sha256_hex(token)).await?;
    let p = found.ok_or(AppError::NotFound)?;
    if p.report_code.is_none() && p.expires_at < db::now() {
        return Err(AppError::Refused { key: "error-link-expired" });
    }
    Ok(p)
}

fn sent(code: String, p: &PendingReport) -> Confirmation {
    let public = p.input.privacy.as_deref() != Some("confidential");
    Confirmation::Sent { code, public }
}

/// What a confirmation link shows.
pub async fn confirmation(state: &AppState, token: &str) -> Result<Confirmation, AppError> {
    let p = pending(state, token).await?;
    let body: PendingReport = serde_json::from_str(&p.payload).map_err(|e| AppError::Internal(e.into()))?;
    Ok(match p.report_code {
        Some(code) => sent(code, &body),
        None => Confirmation::Waiting {
            category: body.input.category.clone().unwrap_or_default(),
            description: body.input.description.clone().unwrap_or_default(),
        },
    })
}

/// Follow a confirmation link: the report is sent (once, however often the link is used).
pub async fn confirm(state: &AppState, token: &str) -> Result<Confirmation, AppError> {
    let p = pending(state, token).await?;
    let body: PendingReport = serde_json::from_str(&p.payload).map_err(|e| AppError::Internal(e.into()))?;
    if let Some(code) = p.report_code {
        return Ok(sent(code, &body));
    }
    // Checked again as it is sent: the rules may have changed since (a region code, a limit).
    let report = service::create_without_account(state, body.guest.clone(), body.input.clone()).await?;
    let (id, code) = (p.id, report.code.clone());
    let first = state.db.write(move |tx| Box::pin(async move { store::claim_pending(tx, id, &code).await })).await?;
    if !first {
        // Two clicks at once: the other one's report stands, this one is withdrawn from view.
        tracing::warn!("a pending report was confirmed twice at once; the second copy is hidden");
        let r = report.clone();
        state.db.write(move |tx| Box::pin(async move { store::set_hidden(tx, r.id, true, db::now()).await })).await?;
        return Box::pin(confirm(state, token)).await;
    }
    Ok(sent(report.code, &body))
}

// ---------------------------------------------------------------------------------------
// E-mail alerts of an area.

/// Ask for e-mail alerts of new public reports in `region` (and `category`, or every one):
/// the confirmation link goes to the address; nothing is sent before it is followed.
pub async fn subscribe(
    state: &AppState,
    email: &str,
    region: &str,
    category: &str,
    lang: Lang,
) -> Result<(), AppError> {
    let mut errs = vec![];
    let email = crate::identity::model::Email::parse(email.trim()).map(|e| e.as_str().to_string());
    if email.is_none() {
        errs.push(FieldError::new("alert_email", "field-email-invalid"));
    }
    if !matches!(region.len(), 2 | 4 | 6) || crate::wilayah::get(region).is_none() {
        errs.push(FieldError::new("prov", "field-alert-region"));
    }
    if !category.is_empty() && super::model::Category::parse(category).is_none() {
        errs.push(FieldError::new("category", "field-option"));
    }
    let Some(email) = email.filter(|_| errs.is_empty()) else { return Err(AppError::Validation(errs)) };
    let wanted = Alert {
        id: 0,
        email,
        region_code: region.to_string(),
        category: category.to_string(),
        token: crate::identity::random_token(),
        lang: lang.code().to_string(),
        confirmed: false,
    };
    let now = db::now();
    state
        .db
        .write(move |tx| {
            Box::pin(async move {
                let a = store::upsert_alert(tx, &wanted, now).await?;
                let to = json!({"name": "", "email": a.email, "lang": a.lang});
                let message =
                    json!({"path": format!("/laporan/peringatan/{}", a.token), "region": crate::wilayah::full_name(Some(&a.region_code))});
                let key = format!("alert-confirm:{}:{now}", a.id);
                crate::notify::service::queue_to_contact(tx, "alert_confirm", &to, &message, &key, now).await?;
                Ok::<_, AppError>(())
            })
        })
        .await
}

/// The alert a link manages.
pub async fn alert(state: &AppState, token: &str) -> Result<Alert, AppError> {
    store::alert_by_token(&mut *state.db.conn().await?, token).await?.ok_or(AppError::NotFound)
}

/// Confirm (`true`) or stop (`false`) the alert a link manages.
pub async fn set_alert(state: &AppState, token: &str, on: bool) -> Result<(), AppError> {
    let a = alert(state, token).await?;
    let now = db::now();
    state
        .db
        .write(move |tx| {
            Box::pin(async move {
                match on {
                    true => store::confirm_alert(tx, a.id, now).await,
                    false => store::delete_alert(tx, a.id).await,
                }
            })
        })
        .await?;
    Ok(())
}

/// In the transaction that records a new public report: queue an e-mail to every confirmed
/// alert of its region and category. The message names the report, never its reporter.
pub(super) async fn alert_new_report(tx: &mut Tx, r: &Report, now: i64) -> Result<(), sqlx::Error> {
    let Some(region) = r.region_code.as_deref() else { return Ok(()) };
    for a in store::alerts_for(tx, region, &r.category).await? {
        let to = json!({"name": "", "email": a.email, "lang": a.lang});
        let message = json!({
            "code": r.code,
            "status": r.status,
            "category": r.category,
            "region": crate::wilayah::full_name(Some(region)),
            "stop": format!("/laporan/peringatan/{}", a.token),
        });
        let key = format!("alert:{}:{}", a.id, r.code);
        crate::notify::service::queue_to_contact(tx, "report_alert", &to, &message, &key, now).await?;
    }
    Ok(())
}
