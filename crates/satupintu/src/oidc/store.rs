//! The national sign-in tables: linked identities and sign-ins under way. Every function takes
//! a transaction.

use sqlx::Row as _;

use crate::db::Tx;

/// The account an identity at an issuer is linked to.
pub async fn linked_user(tx: &mut Tx, issuer: &str, subject: &str) -> Result<Option<i64>, sqlx::Error> {
    let row = sqlx::query("SELECT user_id FROM oidc_identities WHERE issuer = $1 AND subject = $2")
        .bind(issuer)
        .bind(subject)
        .fetch_optional(&mut **tx)
        .await?;
    row.map(|r| r.try_get(0)).transpose()
}

pub async fn link(tx: &mut Tx, issuer: &str, subject: &str, user_id: i64, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO oidc_identities (issuer, subject, user_id, linked_at) VALUES ($1, $2, $3, $4)")
        .bind(issuer)
        .bind(subject)
        .bind(user_id)
        .bind(now)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Remove an account's links at an issuer; answers how many went.
pub async fn unlink(tx: &mut Tx, user_id: i64, issuer: &str) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query("DELETE FROM oidc_identities WHERE user_id = $1 AND issuer = $2")
        .bind(user_id)
        .bind(issuer)
        .execute(&mut **tx)
        .await?
        .rows_affected())
}

/// An account's linked identities: (issuer, linked_at), oldest first.
pub async fn links(tx: &mut Tx, user_id: i64) -> Result<Vec<(String, i64)>, sqlx::Error> {
    let rows =
        sqlx::query("SELECT issuer, linked_at FROM oidc_identities WHERE user_id = $1 ORDER BY linked_at, issuer")
            .bind(user_id)
            .fetch_all(&mut **tx)
            .await?;
    rows.iter().map(|r| Ok((r.try_get(0)?, r.try_get(1)?))).collect()
}

/// A sign-in under way, as started at `/auth/oidc/login`.
pub struct PendingLogin {
    pub nonce: String,
    pub verifier: String,
    pub next: String,
}

pub async fn insert_login(
    tx: &mut Tx,
    state_hash: &str,
    login: &PendingLogin,
    expires_at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO oidc_logins (state_hash, nonce, verifier, next, expires_at) VALUES ($1, $2, $3, $4, $5)")
        .bind(state_hash)
        .bind(&login.nonce)
        .bind(&login.verifier)
        .bind(&login.next)
        .bind(expires_at)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Take a sign-in under way (single use: it is deleted; of two callbacks racing with the same
/// state only one gets it). Expired ones are not answered.
pub async fn take_login(tx: &mut Tx, state_hash: &str, now: i64) -> Result<Option<PendingLogin>, sqlx::Error> {
    let row = sqlx::query("SELECT nonce, verifier, next, expires_at FROM oidc_logins WHERE state_hash = $1")
        .bind(state_hash)
        .fetch_optional(&mut **tx)
        .await?;
    let Some(row) = row else { return Ok(None) };
    let deleted = sqlx::query("DELETE FROM oidc_logins WHERE state_hash = $1")
        .bind(state_hash)
        .execute(&mut **tx)
        .await?
        .rows_affected();
    if deleted != 1 || row.try_get::<i64, _>(3)? <= now {
        return Ok(None);
    }
    Ok(Some(PendingLogin { nonce: row.try_get(0)?, verifier: row.try_get(1)?, next: row.try_get(2)? }))
}

/// Forget sign-ins that were started and never finished.
pub async fn purge_logins(tx: &mut Tx, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM oidc_logins WHERE expires_at <= $1").bind(now).execute(&mut **tx).await?;
    Ok(())
}

/// Remove every identity linked to an account (its NIK changed); answers how many went.
pub async fn unlink_all(tx: &mut Tx, user_id: i64) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query("DELETE FROM oidc_identities WHERE user_id = $1")
        .bind(user_id)
        .execute(&mut **tx)
        .await?
        .rows_affected())
}
