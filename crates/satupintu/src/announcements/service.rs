//! Announcements: writing, scheduling, editing and withdrawing them (agency staff), the public
//! list and feeds, citizens' subscriptions, and the job that notifies subscribers once an
//! announcement becomes public, exactly once whatever the number of processes.

use serde_json::json;

use super::model::{self, AnnouncementInput, Standing};
use super::store::{self, Announcement};
use crate::app::AppState;
use crate::catalog::service::Snapshot;
use crate::db;
use crate::identity::{CurrentUser, Role};
use crate::web::auth::{Publishers, RoleSet};
use crate::web::{AppError, FieldError};

/// The platform's time zone offset (WIB, WITA or WIT).
pub fn offset(state: &AppState) -> i8 {
    state.config.utc_offset_hours().unwrap_or(7)
}

/// The agencies a staff member publishes for: their own; every agency for the super admin.
pub async fn publisher_agencies(state: &AppState, user: &CurrentUser) -> Result<Vec<String>, AppError> {
    if !Publishers::ROLES.contains(&user.role) {
        return Err(AppError::Forbidden);
    }
    if user.role == Role::SuperAdmin {
        let snap = crate::catalog::service::snapshot(state).await?;
        return Ok(snap.agencies.iter().map(|a| a.id.clone()).collect());
    }
    Ok(user.agency_id.iter().cloned().collect())
}

/// An agency's name in a language (its id when unknown).
pub async fn agency_name(state: &AppState, id: &str, lang: crate::web::Lang) -> Result<String, AppError> {
    let snap = crate::catalog::service::snapshot(state).await?;
    Ok(snap.agency(id).map(|a| a.name.get(lang).to_string()).unwrap_or_else(|| id.to_string()))
}

/// A free slug for a new item from its title (`base`, `base-2`, ...), checked by `taken`.
pub async fn free_slug<F, Fut>(title: &str, fallback: &str, mut taken: F) -> Result<String, sqlx::Error>
where
    F: FnMut(String) -> Fut,
    Fut: std::future::Future<Output = Result<bool, sqlx::Error>>,
{
    let base = Some(crate::web::slugify(title, 60)).filter(|s| !s.is_empty()).unwrap_or_else(|| fallback.to_string());
    for n in 1..100 {
        let slug = if n == 1 { base.clone() } else { format!("{base}-{n}") };
        if !taken(slug.clone()).await? {
            return Ok(slug);
        }
    }
    Ok(format!(
        "{base}-{}",
        crate::identity::random_token().to_lowercase().replace(['-', '_'], "").get(..8).unwrap_or("x")
    ))
}

fn unique_conflict(e: sqlx::Error) -> AppError {
    match e {
        sqlx::Error::Database(d) if d.is_unique_violation() => AppError::Conflict { key: "error-ann-slug" },
        e => e.into(),
    }
}

/// Write an announcement; when it is public at once, its subscribers are notified in the same
/// transaction (otherwise the job does it at its time).
pub async fn create(state: &AppState, user: &CurrentUser, input: &AnnouncementInput) -> Result<Announcement, AppError> {
    let agencies = publisher_agencies(state, user).await?;
    let now = db::now();
    let draft = model::check(input, &agencies, now, offset(state)).map_err(AppError::Validation)?;
    let slug = free_slug(&draft.title, "pengumuman", |s| {
        let db = state.db.clone();
        async move { store::slug_taken(&mut *db.conn().await?, &s).await }
    })
    .await?;
    let (user_id, snap) = (user.id, crate::catalog::service::snapshot(state).await?);
    let id = state
        .db
        .write(move |tx| {
            Box::pin(async move {
                let id = store::insert(tx, &slug, &draft, user_id, now).await.map_err(unique_conflict)?;
                notify_if_public(&snap, tx, id, now).await?;
                Ok::<_, AppError>(id)
            })
        })
        .await?;
    store::by_id(&mut *state.db.conn().await?, id).await?.ok_or(AppError::NotFound)
}

/// An announcement this staff member may manage (404 for another agency's).
pub async fn managed(state: &AppState, user: &CurrentUser, slug: &str) -> Result<Announcement, AppError> {
    let agencies = publisher_agencies(state, user).await?;
    let a = store::by_slug(&mut *state.db.conn().await?, slug).await?.ok_or(AppError::NotFound)?;
    if user.role != Role::SuperAdmin && !agencies.contains(&a.agency_id) {
        return Err(AppError::NotFound);
    }
    Ok(a)
}

/// Edit an announcement (its slug stays). A withdrawn one is not edited.
pub async fn update(
    state: &AppState,
    user: &CurrentUser,
    slug: &str,
    input: &AnnouncementInput,
) -> Result<Announcement, AppError> {
    let a = managed(state, user, slug).await?;
    if a.withdrawn_at.is_some() {
        return Err(AppError::Conflict { key: "error-ann-withdrawn" });
    }
    let agencies = publisher_agencies(state, user).await?;
    let now = db::now();
    let draft = model::check(input, &agencies, now, offset(state)).map_err(AppError::Validation)?;
    let (id, snap) = (a.id, crate::catalog::service::snapshot(state).await?);
    state
        .db
        .write(move |tx| {
            Box::pin(async move {
                store::update(tx, id, &draft, now).await?;
                notify_if_public(&snap, tx, id, now).await?;
                Ok::<_, AppError>(())
            })
        })
        .await?;
    store::by_id(&mut *state.db.conn().await?, a.id).await?.ok_or(AppError::NotFound)
}

/// Withdraw an announcement: it leaves every public list and feed at once.
pub async fn withdraw(state: &AppState, user: &CurrentUser, slug: &str) -> Result<Announcement, AppError> {
    let a = managed(state, user, slug).await?;
    if !store::withdraw(&mut *state.db.write_one().await?, a.id, db::now()).await? {
        return Err(AppError::Conflict { key: "error-ann-withdrawn" });
    }
    store::by_id(&mut *state.db.conn().await?, a.id).await?.ok_or(AppError::NotFound)
}

/// Every announcement a staff member manages, with drafts, scheduled and withdrawn ones.
pub async fn staff_list(state: &AppState, user: &CurrentUser) -> Result<Vec<Announcement>, AppError> {
    publisher_agencies(state, user).await?;
    let agency = match (user.role, user.agency_id.as_deref()) {
        (Role::SuperAdmin, _) => None,
        (_, Some(a)) => Some(a),
        (_, None) => return Ok(vec![]),
    };
    Ok(store::staff_list(&mut *state.db.conn().await?, agency).await?)
}

/// One page of public announcements (newest first) and the number of pages.
pub struct PublicPage {
    pub items: Vec<Announcement>,
    pub page: i64,
    pub pages: i64,
}

/// A page (1-based) of the public list, of one agency when given.
pub async fn public_page(state: &AppState, agency: Option<&str>, page: i64) -> Result<PublicPage, AppError> {
    let now = db::now();
    let mut conn = state.db.conn().await?;
    let total = store::public_count(&mut conn, now, agency).await?;
    let pages = ((total + model::PAGE_SIZE - 1) / model::PAGE_SIZE).max(1);
    let page = page.clamp(1, pages);
    let items = store::public_list(&mut conn, now, agency, model::PAGE_SIZE, (page - 1) * model::PAGE_SIZE).await?;
    Ok(PublicPage { items, page, pages })
}

/// The newest public announcements (the home page, the feeds).
pub async fn latest(state: &AppState, agency: Option<&str>, n: i64) -> Result<Vec<Announcement>, AppError> {
    Ok(store::public_list(&mut *state.db.conn().await?, db::now(), agency, n, 0).await?)
}

/// A public announcement (404 before its time, after it expired or once withdrawn).
pub async fn public_one(state: &AppState, slug: &str) -> Result<Announcement, AppError> {
    let a = store::by_slug(&mut *state.db.conn().await?, slug).await?.ok_or(AppError::NotFound)?;
    match standing(&a, db::now()) {
        Standing::Published => Ok(a),
        _ => Err(AppError::NotFound),
    }
}

pub fn standing(a: &Announcement, now: i64) -> Standing {
    Standing::at(a.publish_at, a.expires_at, a.withdrawn_at, now)
}

/// A citizen's subscriptions: every agency (`all`), or the chosen ones.
pub struct Subscriptions {
    pub all: bool,
    pub agencies: Vec<String>,
}

pub async fn subscriptions(state: &AppState, user: &CurrentUser) -> Result<Subscriptions, AppError> {
    let rows = store::subscriptions(&mut *state.db.conn().await?, user.id).await?;
    Ok(Subscriptions {
        all: rows.iter().any(|a| a.is_empty()),
        agencies: rows.into_iter().filter(|a| !a.is_empty()).collect(),
    })
}

/// Replace a citizen's subscriptions (`all`, or known agencies; none: no more notifications).
pub async fn subscribe(state: &AppState, user: &CurrentUser, all: bool, agencies: &[String]) -> Result<(), AppError> {
    if user.role != Role::Citizen {
        return Err(AppError::Forbidden);
    }
    let snap = crate::catalog::service::snapshot(state).await?;
    if agencies.iter().any(|a| snap.agency(a).is_none()) {
        return Err(AppError::Validation(vec![FieldError::new("agency", "field-ann-agency")]));
    }
    let mut chosen: Vec<String> = if all { vec![String::new()] } else { agencies.to_vec() };
    chosen.sort();
    chosen.dedup();
    let (user_id, now) = (user.id, db::now());
    state
        .db
        .write(move |tx| Box::pin(async move { store::set_subscriptions(tx, user_id, &chosen, now).await }))
        .await?;
    Ok(())
}

/// If announcement `id` is public at `now` and nobody notified its subscribers yet, claim it and
/// queue one notification per subscriber, in the caller's transaction (`snap` names the agency).
async fn notify_if_public(snap: &Snapshot, tx: &mut db::Tx, id: i64, now: i64) -> Result<bool, AppError> {
    if !store::claim(tx, id, now).await? {
        return Ok(false);
    }
    let Some(a) = store::by_id(&mut **tx, id).await? else { return Ok(false) };
    let agency = snap.agency(&a.agency_id).map(|g| g.name.id().to_string()).unwrap_or_else(|| a.agency_id.clone());
    let payload = json!({
        "code": a.slug,
        "title": a.title,
        "agency": agency,
        "path": format!("/pengumuman/{}", a.slug),
    });
    for user_id in store::subscribers(tx, &a.agency_id).await? {
        crate::notify::service::queue(
            tx,
            "announcement",
            user_id,
            &payload,
            &format!("announcement-{}:{user_id}", a.id),
            now,
        )
        .await?;
    }
    Ok(true)
}

/// Notify the subscribers of every announcement that became public by `now`: returns how many
/// announcements this call notified (each exactly once, even with several processes).
pub async fn run_once(state: &AppState, now: i64) -> Result<usize, AppError> {
    let due = store::due(&mut *state.db.conn().await?, now).await?;
    let mut done = 0;
    let snap = crate::catalog::service::snapshot(state).await?;
    for id in due {
        let snap = snap.clone();
        let claimed =
            state.db.write(move |tx| Box::pin(async move { notify_if_public(&snap, tx, id, now).await })).await?;
        done += usize::from(claimed);
    }
    Ok(done)
}

/// Publish scheduled announcements to their subscribers every 30 seconds, until the process ends.
pub fn spawn(state: AppState) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(30));
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            crate::db::jobs::run_logged(&state.db, "announcements", run_once(&state, db::now())).await;
        }
    })
}
