//! Identity rules: registration, sign-in with rate limits and TOTP, sessions and API tokens.

use std::sync::LazyLock;

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use totp_rs::{Algorithm, Secret, TOTP};

use super::model::{Email, Nik, Phone, Registration, Role};
use super::store::{self, NewUser, Profile};
use super::{random_token, token_hash, CurrentUser};
use crate::app::AppState;
use crate::db;
use crate::web::{AppError, FieldError};

/// Hash a password with argon2id (default parameters: 19 MiB, 2 passes), off the async threads.
pub async fn hash_password(password: String) -> Result<String, AppError> {
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut rand::rngs::OsRng);
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| AppError::Internal(anyhow::anyhow!("argon2: {e}")))
    })
    .await
    .map_err(|e| AppError::Internal(e.into()))?
}

/// A hash to verify against when the account does not exist, so both cases take as long.
static DUMMY_HASH: LazyLock<String> = LazyLock::new(|| {
    let salt = SaltString::generate(&mut rand::rngs::OsRng);
    Argon2::default().hash_password(b"not-a-real-password", &salt).map(|h| h.to_string()).unwrap_or_default()
});

async fn verify_password(password: String, hash: Option<String>) -> bool {
    // An account without a password (empty, or [`NO_PASSWORD`]) never signs in with one, even
    // an empty one: the dummy hash is checked so that both cases take as long.
    let usable = hash.as_deref().is_some_and(|h| !h.is_empty() && h != NO_PASSWORD);
    tokio::task::spawn_blocking(move || {
        let hash = hash.filter(|_| usable).unwrap_or_else(|| DUMMY_HASH.clone());
        let ok = PasswordHash::new(&hash)
            .map(|h| Argon2::default().verify_password(password.as_bytes(), &h).is_ok())
            .unwrap_or(false);
        ok && usable
    })
    .await
    .unwrap_or(false)
}

/// Register a citizen. Duplicate NIK, e-mail or phone are per-field errors.
pub async fn register(state: &AppState, reg: Registration) -> Result<i64, AppError> {
    let hash = hash_password(reg.password.clone()).await?;
    let info = reg.nik.info();
    let birth = info.birth_date.to_string();
    let mut tx = state.db.begin().await?;
    let taken = store::taken(
        &mut tx,
        Some(reg.nik.as_str()),
        reg.email.as_ref().map(Email::as_str),
        reg.phone.as_ref().map(Phone::as_str),
    )
    .await?;
    if !taken.is_empty() {
        return Err(AppError::Validation(taken.into_iter().map(|f| FieldError::new(f, "field-taken")).collect()));
    }
    let id = store::insert_user(
        &mut tx,
        &NewUser {
            role: Role::Citizen,
            agency_id: None,
            nik: Some(reg.nik.as_str()),
            full_name: &reg.full_name,
            email: reg.email.as_ref().map(Email::as_str),
            phone: reg.phone.as_ref().map(Phone::as_str),
            password_hash: &hash,
            birth_date: Some(&birth),
            gender: Some(info.gender.as_str()),
            totp_secret: None,
            totp_enabled: false,
        },
        db::now(),
    )
    .await
    .map_err(|e| match e {
        // Two registrations raced for the same NIK/e-mail/phone: the loser gets a field error.
        sqlx::Error::Database(d) if d.is_unique_violation() => {
            AppError::Validation(vec![FieldError::new("nik", "field-taken")])
        }
        other => other.into(),
    })?;
    tx.commit().await?;
    tracing::info!(user_id = id, "citizen registered");
    Ok(id)
}

/// Register, in the caller's transaction, a citizen who has no phone and no e-mail (assisted
/// service: a volunteer or an officer registers them with their NIK, name and address). The
/// account has no password ([`NO_PASSWORD`]): nobody can sign in to it until the citizen sets
/// one at a counter or signs in through national sign-in. A NIK already registered is a field
/// error.
pub async fn register_without_contact(
    tx: &mut db::Tx,
    nik: &Nik,
    full_name: &str,
    address: &str,
    now: i64,
) -> Result<i64, AppError> {
    if !store::taken(tx, Some(nik.as_str()), None, None).await?.is_empty() {
        return Err(AppError::Validation(vec![FieldError::new("nik", "field-taken")]));
    }
    let info = nik.info();
    let birth = info.birth_date.to_string();
    let id = store::insert_user(
        tx,
        &NewUser {
            role: Role::Citizen,
            agency_id: None,
            nik: Some(nik.as_str()),
            full_name,
            email: None,
            phone: None,
            password_hash: NO_PASSWORD,
            birth_date: Some(&birth),
            gender: Some(info.gender.as_str()),
            totp_secret: None,
            totp_enabled: false,
        },
        now,
    )
    .await
    .map_err(|e| match e {
        sqlx::Error::Database(d) if d.is_unique_violation() => {
            AppError::Validation(vec![FieldError::new("nik", "field-taken")])
        }
        other => other.into(),
    })?;
    store::set_address(tx, id, address).await?;
    tracing::info!(user_id = id, "citizen registered without contact (assisted)");
    Ok(id)
}

/// A new staff account (from the CLI or the admin console).
pub async fn create_staff(
    state: &AppState,
    role: Role,
    agency_id: Option<&str>,
    email: &str,
    full_name: &str,
    password: &str,
    totp_secret: Option<&str>,
) -> Result<i64, AppError> {
    let a = StaffAccount { role, agency_id, email, full_name, password, totp_secret, nik: None, actor: None };
    create_staff_account(state, &a).await
}

/// What a staff account is made of; `nik` (optional) links national sign-in to it.
pub struct StaffAccount<'a> {
    pub role: Role,
    pub agency_id: Option<&'a str>,
    pub email: &'a str,
    pub full_name: &'a str,
    pub password: &'a str,
    pub totp_secret: Option<&'a str>,
    pub nik: Option<&'a str>,
    /// Who creates it, for the audit log (`None`: demo data and tests, not recorded).
    pub actor: Option<&'a crate::admin::Actor>,
}

/// A new staff account, with its NIK when one is given (validated, unique, sealed).
pub async fn create_staff_account(state: &AppState, a: &StaffAccount<'_>) -> Result<i64, AppError> {
    let mut errors = vec![];
    let email = Email::parse(a.email);
    if email.is_none() {
        errors.push(FieldError::new("email", "field-email-invalid"));
    }
    let name = super::model::parse_full_name(a.full_name).map_err(|k| errors.push(FieldError::new("name", k))).ok();
    let nik = staff_nik(a.nik).map_err(|e| errors.push(e)).ok().flatten();
    if let Err(k) = super::model::check_password(a.password, nik.as_ref().map(Nik::as_str)) {
        errors.push(FieldError::new("password", k));
    }
    if a.role.needs_agency() && a.agency_id.is_none() {
        errors.push(FieldError::new("agency", "field-agency-required"));
    }
    if let Some(ag) = a.agency_id {
        if crate::catalog::service::agency(state, ag).await?.is_none() {
            errors.push(FieldError::new("agency", "field-agency-unknown"));
        }
    }
    let (Some(email), Some(name), true) = (email, name, errors.is_empty()) else {
        return Err(AppError::Validation(errors));
    };
    let hash = hash_password(a.password.to_string()).await?;
    let mut tx = state.db.begin().await?;
    let taken = store::taken(&mut tx, nik.as_ref().map(Nik::as_str), Some(email.as_str()), None).await?;
    if !taken.is_empty() {
        return Err(AppError::Validation(taken.into_iter().map(|f| FieldError::new(f, "field-taken")).collect()));
    }
    let id = store::insert_user(
        &mut tx,
        &NewUser {
            role: a.role,
            agency_id: if a.role == Role::Citizen { None } else { a.agency_id },
            nik: nik.as_ref().map(Nik::as_str),
            full_name: &name,
            email: Some(email.as_str()),
            phone: None,
            password_hash: &hash,
            birth_date: None,
            gender: None,
            totp_secret: a.totp_secret,
            totp_enabled: a.totp_secret.is_some(),
        },
        db::now(),
    )
    .await
    .map_err(|e| match e {
        sqlx::Error::Database(d) if d.is_unique_violation() => {
            AppError::Validation(vec![FieldError::new("email", "field-taken")])
        }
        other => other.into(),
    })?;
    if let Some(actor) = a.actor {
        let detail = serde_json::json!({"role": a.role.as_str(), "agency": a.agency_id});
        crate::admin::audit::record(
            &mut tx,
            actor,
            "staff.create",
            crate::admin::audit::Target::new("staff", id),
            detail,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(id)
}

/// A staff member's NIK as typed: none when blank, else a valid NIK or the field's error.
fn staff_nik(input: Option<&str>) -> Result<Option<Nik>, FieldError> {
    match input.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => Nik::parse(s).map(Some).map_err(|e| FieldError::new("nik", e.key())),
    }
}

/// Whether `admin` manages the staff account `target` (role, agency): the platform admin
/// manages every staff account; an agency admin the staff of their own agency (never a
/// platform admin's).
pub fn manages(admin: &CurrentUser, target: Role, target_agency: Option<&str>) -> bool {
    match admin.role {
        Role::SuperAdmin => target != Role::Citizen,
        Role::AgencyAdmin => {
            !matches!(target, Role::Citizen | Role::SuperAdmin)
                && admin.agency_id.is_some()
                && admin.agency_id.as_deref() == target_agency
        }
        _ => false,
    }
}

/// The staff accounts `admin` manages (see [`manages`]).
pub async fn staff_accounts(state: &AppState, admin: &CurrentUser) -> Result<Vec<store::StaffRow>, AppError> {
    let agency = if admin.role == Role::SuperAdmin { None } else { admin.agency_id.clone() };
    let mut tx = state.db.read().await?;
    let rows = store::staff_list(&mut tx, agency.as_deref()).await?;
    tx.commit().await?;
    Ok(rows.into_iter().filter(|r| manages(admin, r.role, r.agency_id.as_deref())).collect())
}

/// Set or (blank) clear the NIK of a staff account `admin` manages, so that national sign-in
/// with that verified NIK reaches the account. The NIK is validated, unique among all accounts
/// and sealed with its blind index; when it changes, identities linked under the previous NIK
/// are unlinked.
pub async fn set_staff_nik(state: &AppState, admin: &CurrentUser, staff_id: i64, input: &str) -> Result<(), AppError> {
    let nik = staff_nik(Some(input)).map_err(|e| AppError::Validation(vec![e]))?;
    let (admin, nik) = (admin.clone(), nik.map(String::from));
    state
        .db
        .write(move |tx| {
            Box::pin(async move {
                let (role, agency) = store::role_of(tx, staff_id).await?.ok_or(AppError::NotFound)?;
                if !manages(&admin, role, agency.as_deref()) {
                    return Err(AppError::NotFound);
                }
                let taken = match &nik {
                    Some(n) => store::account_by_nik(tx, n).await?.filter(|(id, _)| *id != staff_id),
                    None => None,
                };
                if taken.is_some() {
                    return Err(AppError::Validation(vec![FieldError::new("nik", "staff-nik-taken")]));
                }
                let before = store::nik_of(tx, staff_id).await?;
                store::set_nik(tx, staff_id, nik.as_deref()).await.map_err(|e| match e {
                    sqlx::Error::Database(d) if d.is_unique_violation() => {
                        AppError::Validation(vec![FieldError::new("nik", "staff-nik-taken")])
                    }
                    other => other.into(),
                })?;
                // Identities linked under another NIK no longer belong to this account.
                let unlinked = if before == nik { 0 } else { crate::oidc::store::unlink_all(tx, staff_id).await? };
                // The audit log says that the NIK changed, never the NIK.
                let detail = serde_json::json!({"set": nik.is_some(), "changed": before != nik});
                let target = crate::admin::audit::Target::new("staff", staff_id);
                crate::admin::audit::record(tx, &crate::admin::Actor::user(&admin), "staff.nik", target, detail)
                    .await?;
                tracing::info!(admin_id = admin.id, staff_id, set = nik.is_some(), unlinked, "staff NIK changed");
                Ok(())
            })
        })
        .await
}

/// Browser session or API token.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SessionKind {
    Web,
    Api,
}

impl SessionKind {
    fn as_str(self) -> &'static str {
        match self {
            SessionKind::Web => "web",
            SessionKind::Api => "api",
        }
    }
}

pub struct LoginOutcome {
    pub token: String,
    pub expires_at: i64,
    /// `full`, `totp` (second factor awaited) or `enrol` (TOTP must be set up first).
    pub stage: &'static str,
    pub user_id: i64,
}

fn attempt_key(kind: &str, value: &str) -> String {
    token_hash(&format!("{kind}:{value}"))
}

/// Count one more request of `kind` (`tax`, say) from `ip`, refusing it when `max` were made
/// in the last `window_secs` (the sign-in attempts' table keeps the count, hashed, and its
/// retention job forgets it). A request without a known address is not counted.
pub async fn address_throttled(
    state: &AppState,
    kind: &str,
    ip: Option<std::net::IpAddr>,
    max: i64,
    window_secs: i64,
) -> Result<(), AppError> {
    let Some(ip) = ip else { return Ok(()) };
    let key = attempt_key(kind, &ip.to_string());
    let now = db::now();
    let mut tx = state.db.begin().await?;
    if store::count_attempts(&mut tx, &key, now - window_secs).await? >= max {
        return Err(AppError::RateLimited { retry_after: window_secs });
    }
    store::add_attempt(&mut tx, &key, now).await?;
    tx.commit().await?;
    Ok(())
}

/// Which column a login identifier refers to, normalised.
fn login_lookup(login: &str) -> Option<(&'static str, String)> {
    let login = login.trim();
    if let Ok(nik) = Nik::parse(login) {
        return Some(("nik", nik.as_str().to_string()));
    }
    if login.contains('@') {
        return Email::parse(login).map(|e| ("email", e.as_str().to_string()));
    }
    Phone::parse(login).map(|p| ("phone", p.as_str().to_string()))
}

fn totp_for(secret_b32: &str) -> Option<TOTP> {
    let bytes = Secret::Encoded(secret_b32.to_string()).to_bytes().ok()?;
    TOTP::new(Algorithm::SHA1, 6, 1, 30, bytes, Some("SatuPintu".into()), "staff".into()).ok()
}

fn totp_ok(secret_b32: &str, code: &str) -> bool {
    let code: String = code.chars().filter(char::is_ascii_digit).collect();
    code.len() == 6 && totp_for(secret_b32).is_some_and(|t| t.check_current(&code).unwrap_or(false))
}

/// Sign in with NIK, e-mail or phone and a password (and a TOTP code for staff who have one).
/// Failed attempts are counted per account and per client address; too many within the window
/// pause sign-in for that account or address.
pub async fn login(
    state: &AppState,
    login: &str,
    password: &str,
    totp: Option<&str>,
    ip: Option<std::net::IpAddr>,
    kind: SessionKind,
) -> Result<LoginOutcome, AppError> {
    let cfg = &state.config;
    let now = db::now();
    let since = now - cfg.login_window_secs;
    let login_key = attempt_key("login", &login.trim().to_lowercase());
    let ip_key = ip.map(|ip| attempt_key("ip", &ip.to_string()));

    let mut tx = state.db.begin().await?;
    let mut limited = store::count_attempts(&mut tx, &login_key, since).await? >= cfg.login_max_failures;
    if let Some(k) = &ip_key {
        limited |= store::count_attempts(&mut tx, k, since).await? >= cfg.login_max_failures_per_ip;
    }
    if limited {
        return Err(AppError::RateLimited { retry_after: cfg.login_window_secs });
    }
    let creds = match login_lookup(login) {
        Some((col, value)) => store::find_credentials(&mut tx, col, &value).await?,
        None => None,
    };
    tx.commit().await?;

    let ok = verify_password(password.to_string(), creds.as_ref().map(|c| c.password_hash.clone())).await;
    let mut tx = state.db.begin().await?;
    let creds = match creds {
        Some(c) if ok => c,
        _ => {
            store::add_attempt(&mut tx, &login_key, now).await?;
            if let Some(k) = &ip_key {
                store::add_attempt(&mut tx, k, now).await?;
            }
            tx.commit().await?;
            return Err(AppError::Auth { key: "error-login-failed" });
        }
    };

    let needs_totp = creds.role.requires_totp() || creds.totp_enabled;
    let stage = match (needs_totp, creds.totp_enabled, &creds.totp_secret, totp) {
        (false, _, _, _) => "full",
        (true, true, Some(secret), Some(code)) => {
            if !totp_ok(secret, code) {
                store::add_attempt(&mut tx, &login_key, now).await?;
                tx.commit().await?;
                return Err(AppError::Auth { key: "error-totp-invalid" });
            }
            "full"
        }
        (true, true, Some(_), None) => "totp",
        _ => "enrol",
    };
    if kind == SessionKind::Api && stage != "full" {
        tx.commit().await?;
        return Err(match stage {
            "totp" => AppError::Auth { key: "error-totp-required" },
            _ => AppError::Refused { key: "error-totp-enrolment-required" },
        });
    }
    store::clear_attempts(&mut tx, &login_key, since).await?;
    let token = random_token();
    let expires_at = now + cfg.session_hours * 3600;
    store::insert_session(&mut tx, &token_hash(&token), creds.id, kind.as_str(), stage, now, expires_at).await?;
    tx.commit().await?;
    tracing::info!(user_id = creds.id, stage, "signed in");
    Ok(LoginOutcome { token, expires_at, stage, user_id: creds.id })
}

/// The password hash of an account that has no password (created by national sign-in): no
/// argon2 hash, so no password ever matches it.
pub const NO_PASSWORD: &str = "!";

/// Whether an account can sign in with a password.
pub fn has_password(creds: &store::Credentials) -> bool {
    PasswordHash::new(&creds.password_hash).is_ok()
}

/// The sign-in stage a session starts in when no TOTP code came with it.
fn stage_without_code(creds: &store::Credentials) -> &'static str {
    match (creds.role.requires_totp() || creds.totp_enabled, creds.totp_enabled && creds.totp_secret.is_some()) {
        (false, _) => "full",
        (true, true) => "totp",
        (true, false) => "enrol",
    }
}

/// Open a browser session for an account whose identity was proven elsewhere (national
/// sign-in), inside the caller's transaction: staff with TOTP still pass the second factor
/// (stage `totp`), staff without it set it up first (`enrol`). `None` for a disabled or
/// missing account.
pub async fn open_web_session(
    tx: &mut db::Tx,
    config: &crate::config::Config,
    user_id: i64,
    now: i64,
) -> Result<Option<LoginOutcome>, AppError> {
    let Some(creds) = store::find_credentials_by_id(tx, user_id).await? else {
        return Ok(None);
    };
    let stage = stage_without_code(&creds);
    let token = random_token();
    let expires_at = now + config.session_hours * 3600;
    store::insert_session(tx, &token_hash(&token), creds.id, SessionKind::Web.as_str(), stage, now, expires_at).await?;
    Ok(Some(LoginOutcome { token, expires_at, stage, user_id: creds.id }))
}

/// Whether sign-in from this client address is paused (too many failures in the window).
pub async fn address_limited(state: &AppState, ip: Option<std::net::IpAddr>) -> Result<bool, AppError> {
    let Some(ip) = ip else { return Ok(false) };
    let since = db::now() - state.config.login_window_secs;
    let mut tx = state.db.begin().await?;
    let n = store::count_attempts(&mut tx, &attempt_key("ip", &ip.to_string()), since).await?;
    tx.commit().await?;
    Ok(n >= state.config.login_max_failures_per_ip)
}

/// Count a failed sign-in from this client address.
pub async fn address_failed(state: &AppState, ip: Option<std::net::IpAddr>) -> Result<(), AppError> {
    let Some(ip) = ip else { return Ok(()) };
    let mut tx = state.db.begin().await?;
    store::add_attempt(&mut tx, &attempt_key("ip", &ip.to_string()), db::now()).await?;
    tx.commit().await?;
    Ok(())
}

/// The user behind a session cookie or bearer token, if it is valid.
pub async fn current_user(state: &AppState, token: &str, api: bool) -> Result<Option<CurrentUser>, AppError> {
    if token.len() != 43 {
        return Ok(None);
    }
    let kind = if api { "api" } else { "web" };
    let mut conn = state.db.conn().await?;
    Ok(store::session_user(&mut conn, &token_hash(token), kind, db::now()).await?)
}

/// Remember the interface language a signed-in person chose. A failure only costs the memory
/// of the choice, so it is logged, not shown.
pub async fn remember_language(state: &AppState, user_id: i64, lang: crate::web::Lang) {
    let saved = async {
        let mut conn = state.db.write_one().await?;
        store::set_language(&mut conn, user_id, lang.code(), db::now()).await?;
        Ok::<_, AppError>(())
    };
    if let Err(e) = saved.await {
        tracing::warn!(error = %e, "could not remember the interface language");
    }
}

pub async fn logout(state: &AppState, token: &str) -> Result<(), AppError> {
    let hash = token_hash(token);
    let mut tx = state.db.begin().await?;
    store::delete_session(&mut tx, &hash).await?;
    crate::notify::service::session_ended(&mut tx, &hash).await?;
    tx.commit().await?;
    Ok(())
}

/// Complete a sign-in that awaits the second factor.
pub async fn verify_totp(state: &AppState, token: &str, user: &CurrentUser, code: &str) -> Result<(), AppError> {
    let mut tx = state.db.begin().await?;
    let creds = store::find_credentials_by_id(&mut tx, user.id).await?.ok_or(AppError::Unauthorized)?;
    let secret =
        creds.totp_secret.filter(|_| creds.totp_enabled).ok_or(AppError::bad_request("error-totp-not-started"))?;
    if !totp_ok(&secret, code) {
        return Err(AppError::Validation(vec![FieldError::new("code", "field-totp-invalid")]));
    }
    store::set_session_stage(&mut tx, &token_hash(token), "full").await?;
    tx.commit().await?;
    Ok(())
}

/// A TOTP secret being set up, shown to the user once.
pub struct Enrolment {
    pub secret: String,
    pub otpauth_url: String,
}

/// Start (or continue) setting up TOTP: a secret is stored, not yet enabled.
pub async fn start_enrolment(state: &AppState, user: &CurrentUser) -> Result<Enrolment, AppError> {
    let mut tx = state.db.begin().await?;
    let creds = store::find_credentials_by_id(&mut tx, user.id).await?.ok_or(AppError::Unauthorized)?;
    if creds.totp_enabled {
        return Err(AppError::Conflict { key: "error-totp-already" });
    }
    let secret = match creds.totp_secret {
        Some(s) => s,
        None => {
            let s = Secret::generate_secret().to_encoded().to_string();
            store::set_totp(&mut tx, user.id, Some(&s), false).await?;
            s
        }
    };
    tx.commit().await?;
    let otpauth_url = totp_for(&secret).map(|t| t.get_url()).unwrap_or_default();
    Ok(Enrolment { secret, otpauth_url })
}

/// Finish setting up TOTP with a code from the authenticator app; the session becomes full.
pub async fn confirm_enrolment(state: &AppState, token: &str, user: &CurrentUser, code: &str) -> Result<(), AppError> {
    let mut tx = state.db.begin().await?;
    let creds = store::find_credentials_by_id(&mut tx, user.id).await?.ok_or(AppError::Unauthorized)?;
    let secret = creds.totp_secret.ok_or(AppError::bad_request("error-totp-not-started"))?;
    if !totp_ok(&secret, code) {
        return Err(AppError::Validation(vec![FieldError::new("code", "field-totp-invalid")]));
    }
    store::set_totp(&mut tx, user.id, Some(&secret), true).await?;
    store::set_session_stage(&mut tx, &token_hash(token), "full").await?;
    tx.commit().await?;
    Ok(())
}

pub async fn profile(state: &AppState, user_id: i64) -> Result<Profile, AppError> {
    let mut tx = state.db.read().await?;
    let p = store::profile(&mut tx, user_id).await?.ok_or(AppError::NotFound)?;
    tx.commit().await?;
    Ok(p)
}

/// The current 6-digit code for a secret (used by the demo printout and tests).
pub fn totp_now(secret_b32: &str) -> Option<String> {
    totp_for(secret_b32).and_then(|t| t.generate_current().ok())
}

/// The citizen's family as the platform knows it: other citizens on the same family card (KK
/// number), with their id, name and birth date.
pub async fn family_on_kk(state: &AppState, user_id: i64) -> Result<Vec<(i64, String, Option<String>)>, AppError> {
    Ok(store::same_kk(&mut *state.db.conn().await?, user_id).await?)
}

/// A citizen's account by their e-mail address (an organisation adding a member): its id, or
/// none when no citizen uses that address.
pub async fn citizen_by_email(state: &AppState, email: &str) -> Result<Option<i64>, AppError> {
    let Some(email) = Email::parse(email) else { return Ok(None) };
    let mut tx = state.db.read().await?;
    let found = store::find_credentials(&mut tx, "email", email.as_str()).await?;
    tx.commit().await?;
    Ok(found.filter(|c| c.role == Role::Citizen).map(|c| c.id))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An account registered without a password (assisted service, national sign-in) cannot be
    /// signed in to with any password, the empty one included.
    #[tokio::test]
    async fn no_password_hash_never_verifies() {
        for hash in ["", NO_PASSWORD] {
            assert!(!verify_password(String::new(), Some(hash.to_string())).await, "{hash:?}");
            assert!(!verify_password("rahasia-warga-1".into(), Some(hash.to_string())).await, "{hash:?}");
        }
        let real = hash_password("rahasia-warga-1".into()).await.expect("hash");
        assert!(verify_password("rahasia-warga-1".into(), Some(real)).await);
    }
}
