//! The console's acts. Each is one transaction that includes its audit record; each checks the
//! admin's role on the server.

use serde_json::json;

use super::audit::{self, Actor, Target};
use super::model::{self, Switch, FEATURES, STAFF_ROLES};
use super::store;
use crate::app::AppState;
use crate::db;
use crate::identity::service::{manages, StaffAccount};
use crate::identity::{CurrentUser, Role};
use crate::web::{AppError, FieldError};

fn field(name: &'static str, key: &'static str) -> AppError {
    AppError::Validation(vec![FieldError::new(name, key)])
}

/// The staff accounts `admin` manages (a super admin all of them, an agency admin their
/// agency's), deactivated ones included.
pub async fn staff(state: &AppState, admin: &CurrentUser) -> Result<Vec<store::StaffRow>, AppError> {
    let agency = if admin.role == Role::SuperAdmin { None } else { admin.agency_id.clone() };
    let rows = store::staff(&mut *state.db.conn().await?, agency.as_deref()).await?;
    Ok(rows.into_iter().filter(|r| manages(admin, r.role, r.agency_id.as_deref())).collect())
}

/// What the console's form for a new staff account holds.
pub struct NewStaff<'a> {
    pub name: &'a str,
    pub email: &'a str,
    pub agency: &'a str,
    pub role: &'a str,
}

/// Create a staff account with a one-time initial password, returned to be shown once (the
/// staff member signs in with it and, for roles that need one, sets up TOTP). Through the same
/// service function as `satupintu user add`.
pub async fn create_staff(state: &AppState, admin: &CurrentUser, s: &NewStaff<'_>) -> Result<(i64, String), AppError> {
    let role = Role::parse(s.role.trim()).filter(|r| STAFF_ROLES.contains(r));
    let agency = Some(s.agency.trim()).filter(|a| !a.is_empty());
    let Some(role) = role else { return Err(field("role", "field-option")) };
    if !manages(admin, role, agency) {
        return Err(field("role", "admin-role-not-yours"));
    }
    // Readable, long enough, and never in a URL or a log: shown once on the page.
    let password = format!("sp-{}", &crate::identity::random_token()[..16]);
    let actor = Actor::user(admin);
    let account = StaffAccount {
        role,
        agency_id: agency,
        email: s.email,
        full_name: s.name,
        password: &password,
        totp_secret: None,
        nik: None,
        actor: Some(&actor),
    };
    let id = crate::identity::service::create_staff_account(state, &account).await?;
    tracing::info!(admin_id = admin.id, staff_id = id, "staff account created");
    Ok((id, password))
}

/// The account `id` as `admin` may change it: not their own, one they manage.
async fn managed(tx: &mut db::Tx, admin: &CurrentUser, id: i64) -> Result<store::StaffRow, AppError> {
    let row = store::staff_by_id(tx, id).await?.ok_or(AppError::NotFound)?;
    if !manages(admin, row.role, row.agency_id.as_deref()) {
        return Err(AppError::NotFound);
    }
    if row.id == admin.id {
        return Err(field("staff", "admin-not-yourself"));
    }
    Ok(row)
}

/// Give staff account `id` another role. Not one's own, and never the last active super admin.
pub async fn change_role(state: &AppState, admin: &CurrentUser, id: i64, role: &str) -> Result<(), AppError> {
    let role = Role::parse(role.trim()).filter(|r| STAFF_ROLES.contains(r)).ok_or(field("role", "field-option"))?;
    let admin = admin.clone();
    state
        .db
        .write(move |tx| {
            Box::pin(async move {
                let row = managed(tx, &admin, id).await?;
                if !manages(&admin, role, row.agency_id.as_deref()) {
                    return Err(field("role", "admin-role-not-yours"));
                }
                if role.needs_agency() && row.agency_id.is_none() {
                    return Err(field("role", "field-agency-required"));
                }
                if row.role == role {
                    return Ok(());
                }
                if row.role == Role::SuperAdmin && !row.disabled && store::active_super_admins(tx).await? <= 1 {
                    return Err(field("staff", "admin-last-super-admin"));
                }
                store::set_role(tx, id, role).await?;
                let detail = json!({"role": {"from": row.role.as_str(), "to": role.as_str()}});
                audit::record(tx, &Actor::user(&admin), "staff.role", Target::new("staff", id), detail).await?;
                Ok(())
            })
        })
        .await
}

/// Deactivate (`active` false: the account cannot sign in, its sessions end) or reactivate a
/// staff account. Not one's own, and never the last active super admin.
pub async fn set_active(state: &AppState, admin: &CurrentUser, id: i64, active: bool) -> Result<(), AppError> {
    let admin = admin.clone();
    state
        .db
        .write(move |tx| {
            Box::pin(async move {
                let row = managed(tx, &admin, id).await?;
                if row.disabled != active {
                    return Ok(());
                }
                if !active && row.role == Role::SuperAdmin && store::active_super_admins(tx).await? <= 1 {
                    return Err(field("staff", "admin-last-super-admin"));
                }
                store::set_disabled(tx, id, !active).await?;
                let action = if active { "staff.reactivate" } else { "staff.deactivate" };
                audit::record(tx, &Actor::user(&admin), action, Target::new("staff", id), json!({})).await?;
                tracing::info!(admin_id = admin.id, staff_id = id, active, "staff account state changed");
                Ok(())
            })
        })
        .await
}

/// Switch a notification channel on or off. Off: nothing new is queued on it.
pub async fn set_channel(state: &AppState, admin: &CurrentUser, channel: &str, on: bool) -> Result<(), AppError> {
    let channel: &'static str = crate::notify::CHANNELS
        .iter()
        .copied()
        .find(|c| *c == channel.trim())
        .ok_or(field("channel", "field-option"))?;
    let actor = Actor::user(admin);
    state
        .db
        .write(move |tx| {
            Box::pin(async move {
                store::set_channel(tx, channel, on, db::now()).await?;
                let target = Target::new("notify_channel", channel);
                audit::record(tx, &actor, "notify.channel", target, json!({"enabled": on})).await?;
                Ok::<_, AppError>(())
            })
        })
        .await
}

/// The channels switched off (in the caller's transaction: the outbox obeys it when queuing).
pub async fn channels_off(conn: &mut db::Conn) -> Result<Vec<String>, sqlx::Error> {
    store::channels_off(conn).await
}

/// Set a feature on or off in a region (`region` '' = everywhere).
pub async fn set_feature(
    state: &AppState,
    admin: &CurrentUser,
    feature: &str,
    region: &str,
    on: bool,
) -> Result<(), AppError> {
    let mut errs = vec![];
    let feature = FEATURES.iter().copied().find(|f| *f == feature.trim());
    if feature.is_none() {
        errs.push(FieldError::new("feature", "field-option"));
    }
    let region = model::parse_region(region);
    if region.is_none() {
        errs.push(FieldError::new("region", "admin-region-invalid"));
    }
    let (Some(feature), Some(region)) = (feature, region) else { return Err(AppError::Validation(errs)) };
    let s = Switch { feature: feature.to_string(), region, enabled: on };
    let actor = Actor::user(admin);
    state
        .db
        .write(move |tx| {
            Box::pin(async move {
                store::set_switch(tx, &s, db::now()).await?;
                let target = Target::new("feature_switch", format!("{}:{}", s.feature, s.region));
                audit::record(tx, &actor, "feature.set", target, json!({"enabled": on})).await?;
                Ok::<_, AppError>(())
            })
        })
        .await
}

/// Remove a feature switch (the next less specific one applies again).
pub async fn remove_feature(
    state: &AppState,
    admin: &CurrentUser,
    feature: &str,
    region: &str,
) -> Result<(), AppError> {
    let (feature, region) = (feature.trim().to_string(), region.trim().to_string());
    let actor = Actor::user(admin);
    state
        .db
        .write(move |tx| {
            Box::pin(async move {
                if !store::remove_switch(tx, &feature, &region).await? {
                    return Err(AppError::NotFound);
                }
                let target = Target::new("feature_switch", format!("{feature}:{region}"));
                audit::record(tx, &actor, "feature.remove", target, json!({})).await?;
                Ok(())
            })
        })
        .await
}

/// The region a citizen is served in: the region code of their NIK (its first 6 digits) when the
/// platform knows it, else the platform's own region (`green_city`).
pub async fn region_of(state: &AppState, user: Option<&CurrentUser>) -> Result<String, AppError> {
    if let Some(u) = user.filter(|u| u.role == Role::Citizen) {
        let nik = crate::identity::store::nik_of(&mut *state.db.conn().await?, u.id).await?;
        if let Some(nik) = nik.as_deref().and_then(|n| crate::identity::Nik::parse(n).ok()) {
            return Ok(nik.info().region_code);
        }
    }
    Ok(state.config.green_city.clone())
}

/// Whether `feature` is on for `user` (see [`region_of`] and [`model::feature_on`]).
pub async fn feature_on(state: &AppState, user: Option<&CurrentUser>, feature: &str) -> Result<bool, AppError> {
    let region = region_of(state, user).await?;
    let switches = store::switches_of(&mut *state.db.conn().await?, feature).await?;
    Ok(model::feature_on(&switches, feature, &region))
}

/// Refuse (403, "not yet available in your region") when `feature` is off for `user`.
pub async fn require_feature(state: &AppState, user: &CurrentUser, feature: &str) -> Result<(), AppError> {
    match feature_on(state, Some(user), feature).await? {
        true => Ok(()),
        false => Err(AppError::Refused { key: "feature-unavailable-region" }),
    }
}

/// A notification text (`key`, one of [`crate::notify::templates::KEYS`]) and language (id, en)
/// as the console's form names them.
fn template_of(key: &str, lang: &str) -> Result<(&'static str, crate::web::Lang), AppError> {
    let key = crate::notify::templates::KEYS.iter().copied().find(|k| *k == key).ok_or(AppError::NotFound)?;
    let lang = crate::notify::templates::LANGS
        .into_iter()
        .find(|l| l.code() == lang)
        .ok_or(field("bahasa", "field-option"))?;
    Ok((key, lang))
}

/// Check an override of a notification text (the preview's check too).
pub fn check_template(
    key: &str,
    lang: &str,
    subject: &str,
    body: &str,
) -> Result<crate::notify::templates::Text, AppError> {
    let (key, lang) = template_of(key, lang)?;
    crate::notify::templates::check(key, lang, subject, body).map_err(AppError::Validation)
}

/// Override a notification text: the worker sends it instead of the default from then on.
pub async fn save_template(
    state: &AppState,
    admin: &CurrentUser,
    key: &str,
    lang: &str,
    subject: &str,
    body: &str,
) -> Result<(), AppError> {
    let text = check_template(key, lang, subject, body)?;
    let (key, lang) = template_of(key, lang)?;
    let actor = Actor::user(admin);
    state
        .db
        .write(move |tx| {
            Box::pin(async move {
                crate::notify::templates::set(tx, key, lang, &text, db::now()).await?;
                let target = Target::new("notify_template", format!("{key}:{}", lang.code()));
                let detail = json!({"subject": text.subject, "body": text.body});
                audit::record(tx, &actor, "template.save", target, detail).await?;
                Ok::<_, AppError>(())
            })
        })
        .await
}

/// Back to the default text (nothing recorded when there was no override).
pub async fn reset_template(state: &AppState, admin: &CurrentUser, key: &str, lang: &str) -> Result<(), AppError> {
    let (key, lang) = template_of(key, lang)?;
    let actor = Actor::user(admin);
    state
        .db
        .write(move |tx| {
            Box::pin(async move {
                if crate::notify::templates::reset(tx, key, lang).await? {
                    let target = Target::new("notify_template", format!("{key}:{}", lang.code()));
                    audit::record(tx, &actor, "template.reset", target, json!({})).await?;
                }
                Ok::<_, AppError>(())
            })
        })
        .await
}

/// An agency as the console's form holds it.
pub struct AgencyInput<'a> {
    pub id: &'a str,
    pub name_id: &'a str,
    pub name_en: &'a str,
    pub level: &'a str,
}

/// Create an agency (`create`) or change its names and level; kept as the catalogue import
/// keeps agencies (its contact details untouched), the catalogue revision bumped.
pub async fn save_agency(
    state: &AppState,
    admin: &CurrentUser,
    a: &AgencyInput<'_>,
    create: bool,
) -> Result<String, AppError> {
    use crate::catalog::model::{Agency, Loc, LEVELS};
    let mut errs = vec![];
    let id = a.id.trim().to_string();
    let slug_ok = (2..=40).contains(&id.len())
        && id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !id.starts_with('-')
        && !id.ends_with('-');
    if create && !slug_ok {
        errs.push(FieldError::new("id", "admin-agency-id-invalid"));
    }
    let name_id = a.name_id.split_whitespace().collect::<Vec<_>>().join(" ");
    let name_en = a.name_en.split_whitespace().collect::<Vec<_>>().join(" ");
    for (field, name) in [("name_id", &name_id), ("name_en", &name_en)] {
        if name.is_empty() {
            errs.push(FieldError::new(field, "field-required"));
        } else if name.chars().count() > 200 {
            errs.push(FieldError::new(field, "field-too-long"));
        }
    }
    let level = LEVELS.iter().find(|l| **l == a.level.trim());
    if level.is_none() {
        errs.push(FieldError::new("level", "field-option"));
    }
    let Some(level) = level.filter(|_| errs.is_empty()) else { return Err(AppError::Validation(errs)) };
    let actor = Actor::user(admin);
    let saved = id.clone();
    state
        .db
        .write(move |tx| {
            Box::pin(async move {
                let old: Option<Agency> =
                    crate::catalog::store::agency_json(tx, &id).await?.and_then(|j| serde_json::from_str(&j).ok());
                let names = [("id".to_string(), name_id), ("en".to_string(), name_en)];
                let now = db::now();
                let (action, detail) = match (&old, create) {
                    (Some(_), true) => return Err(field("id", "admin-agency-id-taken")),
                    (None, false) => return Err(AppError::NotFound),
                    (None, true) => {
                        let new = Agency {
                            id: id.clone(),
                            name: Loc(names.into_iter().collect()),
                            level: level.to_string(),
                            contact: Default::default(),
                        };
                        crate::catalog::store::insert_agency(tx, &new, now).await?;
                        ("agency.create", json!({"name": new.name.0, "level": new.level}))
                    }
                    (Some(old), false) => {
                        let mut new = old.clone();
                        new.name.0.extend(names);
                        new.level = level.to_string();
                        if &new == old {
                            return Ok(());
                        }
                        crate::catalog::store::update_agency(tx, &new, now).await?;
                        let detail = json!({
                            "name": {"from": old.name.0, "to": new.name.0},
                            "level": {"from": old.level, "to": new.level},
                        });
                        ("agency.update", detail)
                    }
                };
                crate::catalog::store::bump_revision(tx).await?;
                audit::record(tx, &actor, action, Target::new("agency", &id), detail).await?;
                Ok(())
            })
        })
        .await?;
    state.catalog.refresh(&state.db, true).await?;
    Ok(saved)
}
