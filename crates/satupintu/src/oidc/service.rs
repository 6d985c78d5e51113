//! National sign-in rules: start a sign-in, finish it at the callback (state, code exchange,
//! ID token, verified NIK), link the identity to an account or create a citizen account, and
//! open the normal session. Unlinking from the account page.

use serde_json::{Map, Value};

use super::client::{self, OidcError};
use super::store::{self, PendingLogin};
use crate::app::AppState;
use crate::db;
use crate::identity::model::{parse_full_name, Email, Role};
use crate::identity::service::{self as identity, LoginOutcome};
use crate::identity::store::{self as users, NewUser};
use crate::identity::{random_token, token_hash, Nik};
use crate::web::AppError;

/// How long a started sign-in can be finished.
pub const LOGIN_TTL_SECS: i64 = 600;

/// The provider settings in force; `None` when national sign-in is off.
pub struct Settings<'a> {
    pub issuer: &'a str,
    pub client_id: &'a str,
    pub client_secret: &'a str,
    pub nik_claim: &'a str,
    pub label: &'a str,
}

pub fn settings(state: &AppState) -> Option<Settings<'_>> {
    let c = &state.config;
    Some(Settings {
        issuer: c.oidc_issuer.as_deref()?,
        client_id: c.oidc_client_id.as_deref().unwrap_or(""),
        client_secret: c.oidc_client_secret.as_deref().unwrap_or(""),
        nik_claim: &c.oidc_nik_claim,
        label: &c.oidc_label,
    })
}

/// The button text's provider name, when national sign-in is on.
pub fn label(state: &AppState) -> Option<String> {
    settings(state).map(|s| s.label.to_string())
}

fn redirect_uri(state: &AppState) -> String {
    format!("{}/auth/oidc/callback", state.base_url().trim_end_matches('/'))
}

fn provider_down(e: OidcError) -> AppError {
    tracing::warn!(error = %e, "national sign-in: provider unavailable");
    AppError::unavailable("error-oidc-unavailable")
}

/// A sign-in to send the browser off with: the provider URL and the state for its cookie.
pub struct Started {
    pub url: String,
    pub state: String,
}

/// Start a sign-in: state, nonce and PKCE verifier are kept server-side (single use, 10
/// minutes); the browser gets the state in a cookie so the callback is bound to it.
pub async fn start(state: &AppState, next: &str) -> Result<Started, AppError> {
    let s = settings(state).ok_or(AppError::NotFound)?;
    let p = client::provider(s.issuer, false).await.map_err(provider_down)?;
    let (st, login) =
        (random_token(), PendingLogin { nonce: random_token(), verifier: random_token(), next: next.to_string() });
    let url = client::authorization_url(
        &p,
        s.client_id,
        &redirect_uri(state),
        &client::scopes(s.nik_claim),
        &st,
        &login.nonce,
        &login.verifier,
    )
    .map_err(provider_down)?;
    let now = db::now();
    let mut tx = state.db.begin().await?;
    store::purge_logins(&mut tx, now).await?;
    store::insert_login(&mut tx, &token_hash(&st), &login, now + LOGIN_TTL_SECS).await?;
    tx.commit().await?;
    Ok(Started { url, state: st })
}

/// What the provider sent back to `/auth/oidc/callback`.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct Callback {
    pub code: Option<String>,
    pub state: Option<String>,
    pub error: Option<String>,
    /// The issuer that answered (RFC 9207), when the provider says.
    pub iss: Option<String>,
}

/// A finished sign-in: the session and where to go next.
pub struct Finished {
    pub session: LoginOutcome,
    pub next: String,
}

/// Finish a sign-in at the callback. Refusals are counted against the client address like
/// failed password sign-ins, and too many pause national sign-in from that address too.
pub async fn finish(
    state: &AppState,
    cb: &Callback,
    cookie_state: Option<&str>,
    ip: Option<std::net::IpAddr>,
) -> Result<Finished, AppError> {
    let s = settings(state).ok_or(AppError::NotFound)?;
    if identity::address_limited(state, ip).await? {
        return Err(AppError::RateLimited { retry_after: state.config.login_window_secs });
    }
    let result = finish_checked(state, &s, cb, cookie_state).await;
    if let Err(e) = &result {
        if matches!(e, AppError::Auth { .. } | AppError::Refused { .. } | AppError::BadRequest { .. }) {
            identity::address_failed(state, ip).await?;
        }
    }
    result
}

async fn finish_checked(
    state: &AppState,
    s: &Settings<'_>,
    cb: &Callback,
    cookie_state: Option<&str>,
) -> Result<Finished, AppError> {
    // The state must be the one this browser was given, and still waiting (single use).
    let st = cb.state.as_deref().unwrap_or("");
    let bound = cookie_state.is_some_and(|c| !st.is_empty() && crate::web::extract::same_token(c, st));
    let now = db::now();
    let pending = if bound {
        let mut tx = state.db.begin().await?;
        let p = store::take_login(&mut tx, &token_hash(st), now).await?;
        tx.commit().await?;
        p
    } else {
        None
    };
    if cb.iss.as_deref().is_some_and(|i| !client::same_issuer(i, s.issuer)) {
        tracing::warn!("national sign-in: the answer names another issuer");
        return Err(AppError::Auth { key: "error-oidc-provider" });
    }
    if let Some(err) = cb.error.as_deref() {
        tracing::info!(error = %err.chars().take(40).collect::<String>(), "national sign-in: the provider answered an error");
        return Err(match err {
            "access_denied" | "consent_required" | "login_required" | "interaction_required" => {
                AppError::Refused { key: "error-oidc-denied" }
            }
            _ => AppError::Auth { key: "error-oidc-provider" },
        });
    }
    let pending = pending.ok_or(AppError::bad_request("error-oidc-state"))?;
    let code = cb.code.as_deref().filter(|c| !c.is_empty()).ok_or(AppError::bad_request("error-oidc-state"))?;

    let mut p = client::provider(s.issuer, false).await.map_err(provider_down)?;
    let tokens =
        client::exchange(&p, s.client_id, s.client_secret, code, &redirect_uri(state), &pending.verifier).await;
    let tokens = match tokens {
        Ok(t) => t,
        Err(OidcError::Token(m)) => {
            tracing::warn!(problem = %m, "national sign-in refused");
            return Err(AppError::Auth { key: "error-oidc-token" });
        }
        Err(e) => return Err(provider_down(e)),
    };
    if client::key_unknown(&p, &tokens.id_token) {
        p = client::provider(s.issuer, true).await.map_err(provider_down)?;
    }
    let mut claims = client::verify_id_token(&p, &tokens.id_token, s.client_id, &pending.nonce, now).map_err(|e| {
        tracing::warn!(problem = %e, "national sign-in: ID token refused");
        AppError::Auth { key: "error-oidc-token" }
    })?;
    let subject = claims.get("sub").and_then(Value::as_str).unwrap_or_default().to_string();
    // Claims asked for by scope may come from userinfo only (the ID token then holds `sub`).
    if !claims.contains_key(s.nik_claim) {
        if let Some(at) = &tokens.access_token {
            let info = client::userinfo(&p, at).await.map_err(provider_down)?;
            if info.get("sub").and_then(Value::as_str) != Some(subject.as_str()) {
                tracing::warn!("national sign-in: userinfo is about another subject");
                return Err(AppError::Auth { key: "error-oidc-token" });
            }
            for (k, v) in info {
                claims.entry(k).or_insert(v);
            }
        }
    }
    let session = link_and_sign_in(state, s, &subject, &claims).await?;
    Ok(Finished { session, next: pending.next })
}

/// The NIK in the claims, when the provider says it is verified.
pub fn verified_nik(claims: &Map<String, Value>, nik_claim: &str) -> Option<Nik> {
    let verified = claims.get(&format!("{nik_claim}_verified")).is_some_and(|v| v == &Value::Bool(true));
    let nik = match claims.get(nik_claim)? {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        _ => return None,
    };
    verified.then(|| Nik::parse(&nik).ok()).flatten()
}

/// Link (or find) the account for this identity and open a session, in one transaction.
async fn link_and_sign_in(
    state: &AppState,
    s: &Settings<'_>,
    subject: &str,
    claims: &Map<String, Value>,
) -> Result<LoginOutcome, AppError> {
    let now = db::now();
    let mut tx = state.db.begin().await?;
    let user_id = match store::linked_user(&mut tx, s.issuer, subject).await? {
        Some(id) => id,
        None => {
            let nik =
                verified_nik(claims, s.nik_claim).ok_or(AppError::Refused { key: "error-oidc-nik-unverified" })?;
            let id = match users::account_by_nik(&mut tx, nik.as_str()).await? {
                Some((_, true)) => return Err(AppError::Refused { key: "error-oidc-disabled" }),
                Some((id, false)) => id,
                None => create_citizen(&mut tx, &nik, claims, now).await?,
            };
            store::link(&mut tx, s.issuer, subject, id, now).await.map_err(|e| match e {
                sqlx::Error::Database(d) if d.is_unique_violation() => AppError::Conflict { key: "error-oidc-retry" },
                e => e.into(),
            })?;
            tracing::info!(user_id = id, "national sign-in: identity linked");
            id
        }
    };
    let session = identity::open_web_session(&mut tx, &state.config, user_id, now)
        .await?
        .ok_or(AppError::Refused { key: "error-oidc-disabled" })?;
    tx.commit().await?;
    tracing::info!(user_id, stage = session.stage, "signed in (national sign-in)");
    Ok(session)
}

/// A citizen account from the provider's claims (name, NIK, e-mail), without a password.
async fn create_citizen(tx: &mut db::Tx, nik: &Nik, claims: &Map<String, Value>, now: i64) -> Result<i64, AppError> {
    let name = claims
        .get("name")
        .and_then(Value::as_str)
        .and_then(|n| parse_full_name(n).ok())
        .ok_or(AppError::Refused { key: "error-oidc-claims" })?;
    // An e-mail already on another account is left out rather than refusing the sign-in.
    let email = claims.get("email").and_then(Value::as_str).and_then(Email::parse);
    let email = match email {
        Some(e) if users::taken(tx, None, Some(e.as_str()), None).await?.is_empty() => Some(e),
        _ => None,
    };
    let info = nik.info();
    let birth = info.birth_date.to_string();
    let id = users::insert_user(
        tx,
        &NewUser {
            role: Role::Citizen,
            agency_id: None,
            nik: Some(nik.as_str()),
            full_name: &name,
            email: email.as_ref().map(Email::as_str),
            phone: None,
            password_hash: identity::NO_PASSWORD,
            birth_date: Some(&birth),
            gender: Some(info.gender.as_str()),
            totp_secret: None,
            totp_enabled: false,
        },
        now,
    )
    .await
    .map_err(|e| match e {
        sqlx::Error::Database(d) if d.is_unique_violation() => AppError::Conflict { key: "error-oidc-retry" },
        e => e.into(),
    })?;
    tracing::info!(user_id = id, "citizen registered (national sign-in)");
    Ok(id)
}

/// An identity linked to an account, for the account page.
pub struct Link {
    pub issuer: String,
    pub linked_at: i64,
    /// Whether it may be unlinked: the account keeps another way to sign in.
    pub can_unlink: bool,
}

pub async fn links(state: &AppState, user_id: i64) -> Result<Vec<Link>, AppError> {
    let mut tx = state.db.read().await?;
    let rows = store::links(&mut tx, user_id).await?;
    let password = users::find_credentials_by_id(&mut tx, user_id).await?.is_some_and(|c| identity::has_password(&c));
    tx.commit().await?;
    let many = rows.len() > 1;
    Ok(rows.into_iter().map(|(issuer, linked_at)| Link { issuer, linked_at, can_unlink: password || many }).collect())
}

/// Unlink the account's identity at `issuer`, when the account keeps another way to sign in.
pub async fn unlink(state: &AppState, user_id: i64, issuer: &str) -> Result<(), AppError> {
    let mut tx = state.db.begin().await?;
    let creds = users::find_credentials_by_id(&mut tx, user_id).await?.ok_or(AppError::Unauthorized)?;
    let rows = store::links(&mut tx, user_id).await?;
    if !rows.iter().any(|(i, _)| i == issuer) {
        return Err(AppError::NotFound);
    }
    if !identity::has_password(&creds) && rows.len() < 2 {
        return Err(AppError::Conflict { key: "error-oidc-last-way" });
    }
    store::unlink(&mut tx, user_id, issuer).await?;
    tx.commit().await?;
    tracing::info!(user_id, "national sign-in: identity unlinked");
    Ok(())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::verified_nik;

    fn claims(v: serde_json::Value) -> serde_json::Map<String, serde_json::Value> {
        v.as_object().cloned().unwrap_or_default()
    }

    #[test]
    fn only_a_valid_verified_nik_counts() {
        let ok = claims(json!({"nik": "3273014506900001", "nik_verified": true}));
        assert_eq!(verified_nik(&ok, "nik").map(|n| n.as_str().to_string()).as_deref(), Some("3273014506900001"));
        for bad in [
            json!({"nik": "3273014506900001", "nik_verified": false}),
            json!({"nik": "3273014506900001"}),
            json!({"nik": "3273014506900001", "nik_verified": "true"}),
            json!({"nik": "1234", "nik_verified": true}),
            json!({"nik_verified": true}),
        ] {
            assert!(verified_nik(&claims(bad.clone()), "nik").is_none(), "{bad}");
        }
        let other = claims(json!({"nomor_ktp": "3273014506900001", "nomor_ktp_verified": true}));
        assert!(verified_nik(&other, "nomor_ktp").is_some(), "the claim name is configurable");
        assert!(verified_nik(&other, "nik").is_none());
    }
}
