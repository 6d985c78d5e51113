//! The rules of guides and display settings.
//!
//! - Anyone reads guides. Agency admins edit the guides of their agency (a guide belongs to the
//!   agency of the service it points at, or to the admin's agency); platform admins edit every
//!   guide, and alone the guides that belong to no agency (creating an account, for example).
//! - Every change is one transaction.
//! - Display settings: a visitor's live in the `sp_display` cookie; a signed-in person's are
//!   kept with their account, so they apply on every device they sign in on.

use super::model::{self, Display, DisplayInput, GuideInput, StepAction, StepInput};
use super::store::{self, Guide, Step};
use crate::app::AppState;
use crate::db;
use crate::identity::{CurrentUser, Role};
use crate::web::{AppError, FieldError};

/// Those who edit guides.
pub const EDITORS: [Role; 2] = [Role::AgencyAdmin, Role::SuperAdmin];

/// Whether `user` may edit a guide of `agency` (`None`: a guide of no agency).
pub fn may_edit(user: &CurrentUser, agency: Option<&str>) -> bool {
    match user.role {
        Role::SuperAdmin => true,
        Role::AgencyAdmin => agency.is_some() && user.agency_id.as_deref() == agency,
        _ => false,
    }
}

/// A guide with its steps.
pub struct GuideView {
    pub guide: Guide,
    pub steps: Vec<Step>,
}

/// Every guide with its number of steps.
pub async fn guides(state: &AppState) -> Result<Vec<(Guide, i64)>, AppError> {
    let mut conn = state.db.conn().await?;
    let counts = store::step_counts(&mut conn).await?;
    let list = store::guides(&mut conn).await?;
    Ok(list
        .into_iter()
        .map(|g| {
            let n = counts.iter().find(|(id, _)| *id == g.id).map_or(0, |(_, n)| *n);
            (g, n)
        })
        .collect())
}

/// The guides `user` may edit.
pub async fn editable(state: &AppState, user: &CurrentUser) -> Result<Vec<(Guide, i64)>, AppError> {
    Ok(guides(state).await?.into_iter().filter(|(g, _)| may_edit(user, g.agency_id.as_deref())).collect())
}

async fn view(state: &AppState, guide: Option<Guide>) -> Result<GuideView, AppError> {
    let guide = guide.ok_or(AppError::NotFound)?;
    let steps = store::steps(&mut *state.db.conn().await?, guide.id).await?;
    Ok(GuideView { guide, steps })
}

/// A published guide by its slug.
pub async fn guide(state: &AppState, slug: &str) -> Result<GuideView, AppError> {
    let g = store::guide_by_slug(&mut *state.db.conn().await?, slug).await?;
    view(state, g).await
}

/// A guide for editing: 404 when it does not exist, 403 when `user` may not edit it.
pub async fn guide_for_edit(state: &AppState, user: &CurrentUser, id: i64) -> Result<GuideView, AppError> {
    let v = view(state, store::guide(&mut *state.db.conn().await?, id).await?).await?;
    if !may_edit(user, v.guide.agency_id.as_deref()) {
        return Err(AppError::Forbidden);
    }
    Ok(v)
}

/// The guide of a catalogue service, for its page.
pub async fn for_service(state: &AppState, service_id: &str) -> Result<Option<Guide>, AppError> {
    Ok(store::guide_for_service(&mut *state.db.conn().await?, service_id).await?)
}

/// Check a guide form for `user`: the service exists and (for an agency admin) is their
/// agency's. Returns the guide and the agency it belongs to.
async fn check(
    state: &AppState,
    user: &CurrentUser,
    input: &GuideInput,
) -> Result<(model::NewGuide, Option<String>), AppError> {
    let snap = crate::catalog::service::snapshot(state).await?;
    let g = model::parse_guide(input, |s| snap.service(s).is_some()).map_err(AppError::Validation)?;
    let agency = match &g.service_id {
        Some(s) => snap.service(s).map(|r| r.service.agency.clone()),
        None if user.role == Role::SuperAdmin => None,
        None => user.agency_id.clone(),
    };
    if !may_edit(user, agency.as_deref()) {
        return Err(AppError::Validation(vec![FieldError::new("service", "field-guide-service-agency")]));
    }
    Ok((g, agency))
}

fn slug_taken() -> AppError {
    AppError::Validation(vec![FieldError::new("slug", "field-guide-slug-taken")])
}

/// Create a guide (without steps yet); returns its id.
pub async fn create(state: &AppState, user: &CurrentUser, input: &GuideInput) -> Result<i64, AppError> {
    let (g, agency) = check(state, user, input).await?;
    state
        .db
        .write(move |tx| {
            Box::pin(async move {
                if store::slug_taken(tx, &g.slug, 0).await? {
                    return Err(slug_taken());
                }
                Ok::<_, AppError>(store::insert_guide(tx, &g, agency.as_deref(), db::now()).await?)
            })
        })
        .await
}

/// Change a guide's title, summary, slug or service.
pub async fn update(state: &AppState, user: &CurrentUser, id: i64, input: &GuideInput) -> Result<(), AppError> {
    guide_for_edit(state, user, id).await?;
    let (g, agency) = check(state, user, input).await?;
    state
        .db
        .write(move |tx| {
            Box::pin(async move {
                if store::slug_taken(tx, &g.slug, id).await? {
                    return Err(slug_taken());
                }
                Ok::<_, AppError>(store::update_guide(tx, id, &g, agency.as_deref(), db::now()).await?)
            })
        })
        .await
}

pub async fn delete(state: &AppState, user: &CurrentUser, id: i64) -> Result<(), AppError> {
    guide_for_edit(state, user, id).await?;
    state.db.write(move |tx| Box::pin(async move { Ok::<_, AppError>(store::delete_guide(tx, id).await?) })).await
}

/// Add, change, move or remove a step of a guide. `step` names the step (not for adding).
pub async fn step(
    state: &AppState,
    user: &CurrentUser,
    id: i64,
    action: &str,
    step: Option<i64>,
    input: &StepInput,
) -> Result<(), AppError> {
    let action = StepAction::parse(action).ok_or_else(|| AppError::bad_request("error-guide-action"))?;
    let v = guide_for_edit(state, user, id).await?;
    let position = match (action, step) {
        (StepAction::Add, _) => None,
        (_, Some(s)) => Some(v.steps.iter().position(|x| x.id == s).ok_or(AppError::NotFound)?),
        (_, None) => return Err(AppError::bad_request("error-guide-action")),
    };
    let new = match action {
        StepAction::Add | StepAction::Save => Some(model::parse_step(input).map_err(AppError::Validation)?),
        _ => None,
    };
    let mut order: Vec<i64> = v.steps.iter().map(|s| s.id).collect();
    match (action, position) {
        (StepAction::Up, Some(i)) if i > 0 => order.swap(i, i - 1),
        (StepAction::Down, Some(i)) if i + 1 < order.len() => order.swap(i, i + 1),
        (StepAction::Remove, Some(i)) => {
            order.remove(i);
        }
        _ => {}
    }
    state
        .db
        .write(move |tx| {
            Box::pin(async move {
                match (action, new) {
                    (StepAction::Add, Some(s)) => {
                        store::insert_step(tx, id, &s).await?;
                    }
                    (StepAction::Save, Some(s)) => {
                        store::update_step(tx, id, step.unwrap_or(0), &s).await?;
                    }
                    (StepAction::Remove, _) => {
                        store::delete_step(tx, id, step.unwrap_or(0)).await?;
                        store::reorder(tx, id, &order).await?;
                    }
                    _ => store::reorder(tx, id, &order).await?,
                }
                store::touch(tx, id, db::now()).await?;
                Ok::<_, AppError>(())
            })
        })
        .await
}

// ---------------------------------------------------------------------------------------
// Display settings.

/// The display settings a signed-in person saved, if any.
pub async fn saved_display(state: &AppState, user_id: i64) -> Result<Option<Display>, AppError> {
    Ok(store::display(&mut *state.db.conn().await?, user_id).await?)
}

/// Check the display settings form and, for a signed-in person, keep them with their account.
pub async fn save_display(
    state: &AppState,
    user: Option<&CurrentUser>,
    input: &DisplayInput,
) -> Result<Display, AppError> {
    let d = model::parse_display(input).map_err(AppError::Validation)?;
    if let Some(u) = user {
        store::set_display(&mut *state.db.write_one().await?, u.id, d, db::now()).await?;
    }
    Ok(d)
}
