//! What staff do besides handling: the coordinator moderates what the public sees (hides a
//! photo, redacts the text, hides a whole report), and each agency keeps response templates.
//! Every moderation act is a staff-only history event and a ledger leaf, in one transaction.

use super::service::{actors, record, Actor};
use super::store::{self, NewEvent, Template};
use crate::app::AppState;
use crate::db;
use crate::identity::{CurrentUser, Role};
use crate::web::{AppError, FieldError};

/// A moderation act.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Moderation {
    HidePhoto(i64),
    ShowPhoto(i64),
    /// The report's text with the offending part removed.
    Redact(String),
    Hide,
    Unhide,
}

impl Moderation {
    /// Read an act from a form: `hide_photo`/`show_photo` with the photo's number, `redact`
    /// with the new text, `hide`, `unhide`.
    pub fn parse(action: &str, photo: Option<i64>, text: Option<&str>) -> Result<Moderation, AppError> {
        let field = |name: &'static str, key: &'static str| AppError::Validation(vec![FieldError::new(name, key)]);
        match action {
            "hide_photo" | "show_photo" => {
                let n = photo.filter(|n| (1..=super::service::MAX_PHOTOS as i64).contains(n));
                let n = n.ok_or_else(|| field("photo", "field-invalid"))?;
                Ok(if action == "hide_photo" { Moderation::HidePhoto(n) } else { Moderation::ShowPhoto(n) })
            }
            "redact" => {
                let text = text.map(str::trim).unwrap_or_default();
                match text.chars().count() {
                    0..10 => Err(field("description", "field-report-too-short")),
                    5001.. => Err(field("description", "field-too-long")),
                    _ => Ok(Moderation::Redact(text.to_string())),
                }
            }
            "hide" => Ok(Moderation::Hide),
            "unhide" => Ok(Moderation::Unhide),
            _ => Err(field("action", "field-option")),
        }
    }

    fn action(&self) -> &'static str {
        match self {
            Moderation::HidePhoto(_) => "hide_photo",
            Moderation::ShowPhoto(_) => "show_photo",
            Moderation::Redact(_) => "redact",
            Moderation::Hide => "hide",
            Moderation::Unhide => "unhide",
        }
    }
}

/// Moderate report `code` (the coordinator's staff only), giving a reason.
pub async fn moderate(
    state: &AppState,
    user: &CurrentUser,
    code: &str,
    act: Moderation,
    reason: &str,
) -> Result<(), AppError> {
    let mut r = store::by_code(&mut *state.db.conn().await?, code).await?.ok_or(AppError::NotFound)?;
    if !actors(state, user, &r).contains(&Actor::Coordinator) {
        return Err(AppError::NotFound);
    }
    let reason = reason.trim().chars().take(1000).collect::<String>();
    if reason.is_empty() {
        return Err(AppError::Validation(vec![FieldError::new("reason", "field-required")]));
    }
    let note = match &act {
        Moderation::HidePhoto(n) | Moderation::ShowPhoto(n) => format!("#{n}: {reason}"),
        _ => reason,
    };
    let now = db::now();
    let user_id = user.id;
    state
        .db
        .write(move |tx| {
            Box::pin(async move {
                match &act {
                    Moderation::HidePhoto(n) | Moderation::ShowPhoto(n) => {
                        if !store::set_photo_hidden(tx, r.id, *n, matches!(act, Moderation::HidePhoto(_))).await? {
                            return Err(AppError::Validation(vec![FieldError::new("photo", "field-invalid")]));
                        }
                    }
                    Moderation::Redact(text) => {
                        store::set_description(tx, r.id, text, now).await?;
                        r.description = text.clone();
                    }
                    Moderation::Hide | Moderation::Unhide => {
                        store::set_hidden(tx, r.id, act == Moderation::Hide, now).await?
                    }
                }
                let event = NewEvent {
                    report_id: r.id,
                    actor_id: Some(user_id),
                    actor_role: "coordinator",
                    action: act.action(),
                    from_status: Some(&r.status),
                    to_status: &r.status,
                    note: Some(&note),
                    public: false,
                };
                record(tx, &r, &event, now).await
            })
        })
        .await
}

/// The agency whose templates `user` works with: officers and supervisors of an agency.
fn template_agency(user: &CurrentUser) -> Result<&str, AppError> {
    match (user.role, user.agency_id.as_deref()) {
        (Role::Officer | Role::Supervisor, Some(agency)) => Ok(agency),
        _ => Err(AppError::Forbidden),
    }
}

/// The agency's response templates.
pub async fn templates(state: &AppState, user: &CurrentUser) -> Result<Vec<Template>, AppError> {
    let agency = template_agency(user)?;
    Ok(store::templates(&mut *state.db.conn().await?, agency).await?)
}

/// Add a template to the agency's list.
pub async fn add_template(state: &AppState, user: &CurrentUser, title: &str, body: &str) -> Result<(), AppError> {
    let agency = template_agency(user)?.to_string();
    let (title, body) = (title.trim().to_string(), body.trim().to_string());
    let mut errs = vec![];
    if title.is_empty() || title.chars().count() > 120 {
        errs.push(FieldError::new("title", if title.is_empty() { "field-required" } else { "field-too-long" }));
    }
    if body.chars().count() < 10 {
        errs.push(FieldError::new("body", "field-report-too-short"));
    } else if body.chars().count() > 2000 {
        errs.push(FieldError::new("body", "field-too-long"));
    }
    if !errs.is_empty() {
        return Err(AppError::Validation(errs));
    }
    let now = db::now();
    state
        .db
        .write(move |tx| {
            Box::pin(async move { Ok::<_, AppError>(store::add_template(tx, &agency, &title, &body, now).await?) })
        })
        .await
}

pub async fn delete_template(state: &AppState, user: &CurrentUser, id: i64) -> Result<(), AppError> {
    let agency = template_agency(user)?.to_string();
    let found = state
        .db
        .write(move |tx| Box::pin(async move { Ok::<_, AppError>(store::delete_template(tx, &agency, id).await?) }))
        .await?;
    if found {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}
