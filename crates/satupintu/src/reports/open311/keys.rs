//! API keys of Open311 clients. Staff issue them (`satupintu api-key create`); a client sends
//! its key as `api_key` when it posts a report. Only the key's SHA-256 is stored: a key is shown
//! once, when it is made, and a lost key is revoked and replaced.

use sqlx::Row as _;

use serde_json::json;

use crate::admin::audit::{self, Actor, Target};
use crate::app::AppState;
use crate::db::{self, Row};
use crate::web::{AppError, FieldError};

/// What every key starts with, so that a leaked one is easy to recognise.
pub const PREFIX: &str = "sp311_";

/// A key as stored (never the key itself).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiKey {
    pub id: i64,
    /// Who holds it (an app, a partner, an agency's own system).
    pub name: String,
    /// The agency it was issued for, if any.
    pub agency_id: Option<String>,
    pub created_at: i64,
    pub revoked_at: Option<i64>,
}

fn api_key(r: &Row) -> Result<ApiKey, sqlx::Error> {
    Ok(ApiKey {
        id: r.try_get(0)?,
        name: r.try_get(1)?,
        agency_id: r.try_get(2)?,
        created_at: r.try_get(3)?,
        revoked_at: r.try_get(4)?,
    })
}

/// Issue a key named `name` (for `agency`, which must exist): returns it with the key, which
/// is not kept and cannot be shown again. The act is recorded in the audit log as `actor`'s.
pub async fn create(
    state: &AppState,
    actor: &Actor,
    name: &str,
    agency: Option<&str>,
) -> Result<(ApiKey, String), AppError> {
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut errs = vec![];
    if name.is_empty() {
        errs.push(FieldError::new("name", "field-required"));
    } else if name.chars().count() > 100 {
        errs.push(FieldError::new("name", "field-too-long"));
    }
    let agency = agency.map(str::trim).filter(|a| !a.is_empty()).map(str::to_string);
    if let Some(a) = &agency {
        if crate::catalog::service::agency(state, a).await?.is_none() {
            errs.push(FieldError::new("agency", "field-agency-unknown"));
        }
    }
    if !errs.is_empty() {
        return Err(AppError::Validation(errs));
    }
    let key = format!("{PREFIX}{}", crate::identity::random_token());
    let hash = crate::identity::token_hash(&key);
    let now = db::now();
    let row = ApiKey { id: 0, name, agency_id: agency, created_at: now, revoked_at: None };
    let stored = row.clone();
    let actor = actor.clone();
    let id = state
        .db
        .write(move |tx| {
            Box::pin(async move {
                let r = sqlx::query(
                    "INSERT INTO api_keys (name, agency_id, key_sha256, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
                )
                .bind(&stored.name)
                .bind(&stored.agency_id)
                .bind(&hash)
                .bind(stored.created_at)
                .fetch_one(&mut **tx)
                .await?;
                let id = r.try_get::<i64, _>(0)?;
                let detail = json!({"name": stored.name, "agency": stored.agency_id});
                audit::record(tx, &actor, "api_key.create", Target::new("api_key", id), detail).await?;
                Ok::<_, sqlx::Error>(id)
            })
        })
        .await?;
    Ok((ApiKey { id, ..row }, key))
}

/// Every key, revoked ones too, oldest first.
pub async fn list(state: &AppState) -> Result<Vec<ApiKey>, AppError> {
    let rows = sqlx::query("SELECT id, name, agency_id, created_at, revoked_at FROM api_keys ORDER BY id")
        .fetch_all(&mut *state.db.conn().await?)
        .await?;
    Ok(rows.iter().map(api_key).collect::<Result<Vec<_>, sqlx::Error>>()?)
}

/// Revoke key `id`; false when there is no such key or it was revoked already.
pub async fn revoke(state: &AppState, actor: &Actor, id: i64) -> Result<bool, AppError> {
    let now = db::now();
    let actor = actor.clone();
    let done = state
        .db
        .write(move |tx| {
            Box::pin(async move {
                let done = sqlx::query("UPDATE api_keys SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL")
                    .bind(now)
                    .bind(id)
                    .execute(&mut **tx)
                    .await?
                    .rows_affected()
                    == 1;
                if done {
                    audit::record(tx, &actor, "api_key.revoke", Target::new("api_key", id), json!({})).await?;
                }
                Ok::<_, sqlx::Error>(done)
            })
        })
        .await?;
    Ok(done)
}

/// The live key that `key` is, if it is one.
pub async fn check(state: &AppState, key: &str) -> Result<Option<ApiKey>, AppError> {
    let key = key.trim();
    if !key.starts_with(PREFIX) || key.len() > 200 {
        return Ok(None);
    }
    let row = sqlx::query(
        "SELECT id, name, agency_id, created_at, revoked_at FROM api_keys WHERE key_sha256 = $1 AND revoked_at IS NULL",
    )
    .bind(crate::identity::token_hash(key))
    .fetch_optional(&mut *state.db.conn().await?)
    .await?;
    Ok(row.as_ref().map(api_key).transpose()?)
}
