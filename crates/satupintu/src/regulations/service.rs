//! The rules: who may publish a regulation, a new version or a change of status, each one
//! transaction with its ledger entry; and whether a stored text still matches the ledger.

use super::model::{self, DraftInput};
use super::store::{self, Regulation, Version};
use crate::app::AppState;
use crate::identity::{CurrentUser, Role};
use crate::ledger::{Leaf, Seal};
use crate::web::{AppError, FieldError};

/// Platform admins publish for anyone; an agency's admins publish their own agency's documents
/// (documents of the regional head or council, without an agency, need a platform admin).
pub fn may_edit(user: &CurrentUser, agency: Option<&str>) -> bool {
    match user.role {
        Role::SuperAdmin => true,
        Role::AgencyAdmin => agency.is_some() && user.agency_id.as_deref() == agency,
        _ => false,
    }
}

fn this_year() -> i32 {
    time::OffsetDateTime::now_utc().year()
}

fn invalid(field: &str, key: &'static str) -> AppError {
    AppError::Validation(vec![FieldError::new(field, key)])
}

fn version_leaf(id: &str, version: i64, d: &model::Draft, now: i64) -> Leaf {
    Leaf::new("regulation.version", now)
        .with("ref", model::ledger_ref(id, version))
        .with("effective_on", d.effective_on.clone())
        .with_hash("text_sha256", d.body.as_bytes())
}

/// Publish a new regulation with its first version; returns its id.
pub async fn create(state: &AppState, user: &CurrentUser, input: &DraftInput) -> Result<String, AppError> {
    let draft = model::check(input, true, this_year()).map_err(AppError::Validation)?;
    if let Some(agency) = &draft.agency_id {
        if crate::catalog::service::snapshot(state).await?.agency(agency).is_none() {
            return Err(invalid("agency_id", "field-reg-agency"));
        }
    }
    if !may_edit(user, draft.agency_id.as_deref()) {
        return Err(invalid("agency_id", "field-reg-agency-own"));
    }
    let id = model::slug(&draft.kind, draft.year, &draft.number);
    let user_id = user.id;
    let now = crate::db::now();
    let new_id = id.clone();
    state
        .db
        .write(move |tx| {
            Box::pin(async move {
                if !store::insert(tx, &new_id, &draft, Some(user_id), now).await? {
                    return Err(invalid("number", "field-reg-exists"));
                }
                crate::ledger::record(tx, &version_leaf(&new_id, 1, &draft, now)).await?;
                Ok::<_, AppError>(())
            })
        })
        .await?;
    tracing::info!(regulation = %id, user_id, "regulation published");
    Ok(id)
}

/// A regulation that `user` may change, or why not.
async fn editable(state: &AppState, user: &CurrentUser, id: &str) -> Result<Regulation, AppError> {
    if !model::valid_id(id) {
        return Err(AppError::NotFound);
    }
    let reg = store::get(&mut *state.db.conn().await?, id).await?.ok_or(AppError::NotFound)?;
    if !may_edit(user, reg.agency_id.as_deref()) {
        return Err(AppError::Forbidden);
    }
    Ok(reg)
}

/// Publish the next version of `id` (the amended text, what changed); returns its number.
pub async fn add_version(state: &AppState, user: &CurrentUser, id: &str, input: &DraftInput) -> Result<i64, AppError> {
    let reg = editable(state, user, id).await?;
    let draft = model::check(input, false, this_year()).map_err(AppError::Validation)?;
    if reg.status != "in_force" {
        return Err(AppError::Conflict { key: "error-reg-revoked" });
    }
    let (id, user_id, now) = (reg.id.clone(), user.id, crate::db::now());
    let version = state
        .db
        .write(move |tx| {
            Box::pin(async move {
                let current = store::get(tx, &id).await?.ok_or(AppError::NotFound)?.current_version;
                if !store::add_version(tx, &id, current, &draft, Some(user_id), now).await? {
                    return Err(AppError::Conflict { key: "error-reg-changed" });
                }
                crate::ledger::record(tx, &version_leaf(&id, current + 1, &draft, now)).await?;
                Ok::<_, AppError>(current + 1)
            })
        })
        .await?;
    tracing::info!(regulation = %reg.id, version, user_id, "regulation amended");
    Ok(version)
}

/// Mark `id` revoked (with the reason, e.g. the revoking regulation) or back in force.
pub async fn set_status(
    state: &AppState,
    user: &CurrentUser,
    id: &str,
    status: &str,
    note: &str,
) -> Result<(), AppError> {
    let reg = editable(state, user, id).await?;
    if !model::STATUSES.contains(&status) {
        return Err(invalid("status", "field-reg-status"));
    }
    let note = note.trim().to_string();
    if status == "revoked" && note.chars().count() < 5 || note.chars().count() > 300 {
        return Err(invalid("status_note", "field-reg-status-note"));
    }
    let (status, now) = (status.to_string(), crate::db::now());
    state
        .db
        .write(move |tx| {
            Box::pin(async move {
                store::set_status(tx, &reg.id, &status, &note, now).await?;
                let leaf = Leaf::new("regulation.status", now)
                    .with("ref", reg.id.to_uppercase())
                    .with("status", status)
                    .with_hash("note_sha256", note.as_bytes());
                crate::ledger::record(tx, &leaf).await?;
                Ok::<_, AppError>(())
            })
        })
        .await
}

/// Whether the stored text of `version` is the text the ledger recorded.
pub async fn seal(state: &AppState, id: &str, version: &Version) -> Result<Seal, AppError> {
    let r = model::ledger_ref(id, version.version);
    crate::ledger::seal(state, "regulation.version", "ref", &r, "text_sha256", version.body.as_bytes())
        .await
        .map_err(AppError::Internal)
}

/// A regulation with the text of one version (the current one when `n` is none).
pub async fn read(state: &AppState, id: &str, n: Option<i64>) -> Result<(Regulation, Version), AppError> {
    if !model::valid_id(id) {
        return Err(AppError::NotFound);
    }
    let mut conn = state.db.conn().await?;
    let reg = store::get(&mut conn, id).await?.ok_or(AppError::NotFound)?;
    let v = store::version(&mut conn, id, n.unwrap_or(reg.current_version)).await?.ok_or(AppError::NotFound)?;
    Ok((reg, v))
}
