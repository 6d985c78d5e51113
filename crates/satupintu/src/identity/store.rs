//! The identity tables: users, sessions, login attempts. Every function takes a transaction.

use sqlx::Row as _;

use super::model::Role;
use super::CurrentUser;
use crate::crypto;
use crate::db::{Conn, Tx};

const NIK: &str = crypto::NIK_PLACE;

pub struct NewUser<'a> {
    pub role: Role,
    pub agency_id: Option<&'a str>,
    pub nik: Option<&'a str>,
    pub full_name: &'a str,
    pub email: Option<&'a str>,
    pub phone: Option<&'a str>,
    pub password_hash: &'a str,
    pub birth_date: Option<&'a str>,
    pub gender: Option<&'a str>,
    pub totp_secret: Option<&'a str>,
    pub totp_enabled: bool,
}

pub async fn insert_user(tx: &mut Tx, u: &NewUser<'_>, now: i64) -> Result<i64, sqlx::Error> {
    let row = sqlx::query(
        "INSERT INTO users (role, agency_id, nik, full_name, email, phone, password_hash, birth_date, gender, \
         totp_secret, totp_enabled, created_at, nik_index) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id",
    )
    .bind(u.role.as_str())
    .bind(u.agency_id)
    .bind(crypto::seal_opt(NIK, u.nik)?)
    .bind(u.full_name)
    .bind(u.email)
    .bind(u.phone)
    .bind(u.password_hash)
    .bind(u.birth_date)
    .bind(u.gender)
    .bind(u.totp_secret)
    .bind(i64::from(u.totp_enabled))
    .bind(now)
    .bind(u.nik.map(crypto::nik_index).transpose()?)
    .fetch_one(&mut **tx)
    .await?;
    row.try_get(0)
}

/// Which of NIK, e-mail and phone are already registered.
pub async fn taken(
    tx: &mut Tx,
    nik: Option<&str>,
    email: Option<&str>,
    phone: Option<&str>,
) -> Result<Vec<&'static str>, sqlx::Error> {
    let mut out = vec![];
    let nik = nik.map(crypto::nik_index).transpose()?;
    for (field, col, value) in
        [("nik", "nik_index", nik.as_deref()), ("email", "email", email), ("phone", "phone", phone)]
    {
        if let Some(v) = value {
            let sql = format!("SELECT 1 FROM users WHERE {col} = $1");
            if sqlx::query(&sql).bind(v).fetch_optional(&mut **tx).await?.is_some() {
                out.push(field);
            }
        }
    }
    Ok(out)
}

/// A user row as needed to sign in.
pub struct Credentials {
    pub id: i64,
    pub role: Role,
    pub password_hash: String,
    pub totp_secret: Option<String>,
    pub totp_enabled: bool,
}

pub async fn find_credentials(tx: &mut Tx, column: &str, value: &str) -> Result<Option<Credentials>, sqlx::Error> {
    debug_assert!(matches!(column, "nik" | "email" | "phone" | "id"));
    // A NIK is found through its blind index (the column itself is sealed).
    let (column, value) = match column {
        "nik" => ("nik_index", crypto::nik_index(value)?),
        _ => (column, value.to_string()),
    };
    let sql = format!(
        "SELECT id, role, password_hash, totp_secret, totp_enabled FROM users WHERE {column} = $1 AND disabled = 0"
    );
    let row = sqlx::query(&sql).bind(value).fetch_optional(&mut **tx).await?;
    row.map(|r| {
        Ok(Credentials {
            id: r.try_get(0)?,
            role: Role::parse(&r.try_get::<String, _>(1)?).unwrap_or(Role::Citizen),
            password_hash: r.try_get(2)?,
            totp_secret: r.try_get(3)?,
            totp_enabled: r.try_get::<i64, _>(4)? != 0,
        })
    })
    .transpose()
}

pub async fn find_credentials_by_id(tx: &mut Tx, id: i64) -> Result<Option<Credentials>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT id, role, password_hash, totp_secret, totp_enabled FROM users WHERE id = $1 AND disabled = 0",
    )
    .bind(id)
    .fetch_optional(&mut **tx)
    .await?;
    row.map(|r| {
        Ok(Credentials {
            id: r.try_get(0)?,
            role: Role::parse(&r.try_get::<String, _>(1)?).unwrap_or(Role::Citizen),
            password_hash: r.try_get(2)?,
            totp_secret: r.try_get(3)?,
            totp_enabled: r.try_get::<i64, _>(4)? != 0,
        })
    })
    .transpose()
}

pub async fn set_totp(tx: &mut Tx, user_id: i64, secret: Option<&str>, enabled: bool) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET totp_secret = $1, totp_enabled = $2 WHERE id = $3")
        .bind(secret)
        .bind(i64::from(enabled))
        .bind(user_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

pub async fn insert_session(
    tx: &mut Tx,
    hash: &str,
    user_id: i64,
    kind: &str,
    stage: &str,
    now: i64,
    expires: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO sessions (token_hash, user_id, kind, stage, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(hash)
        .bind(user_id)
        .bind(kind)
        .bind(stage)
        .bind(now)
        .bind(expires)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

pub async fn set_session_stage(tx: &mut Tx, hash: &str, stage: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE sessions SET stage = $1 WHERE token_hash = $2")
        .bind(stage)
        .bind(hash)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

pub async fn delete_session(tx: &mut Tx, hash: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1").bind(hash).execute(&mut **tx).await?;
    Ok(())
}

pub async fn session_user(
    conn: &mut Conn,
    hash: &str,
    kind: &str,
    now: i64,
) -> Result<Option<CurrentUser>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT u.id, u.role, u.agency_id, u.full_name, s.stage, CASE WHEN u.lang_chosen_at IS NULL THEN NULL ELSE u.lang END \
         FROM sessions s JOIN users u ON u.id = s.user_id \
         WHERE s.token_hash = $1 AND s.kind = $2 AND s.expires_at > $3 AND u.disabled = 0",
    )
    .bind(hash)
    .bind(kind)
    .bind(now)
    .fetch_optional(conn)
    .await?;
    row.map(|r| {
        Ok(CurrentUser {
            id: r.try_get(0)?,
            role: Role::parse(&r.try_get::<String, _>(1)?).unwrap_or(Role::Citizen),
            agency_id: r.try_get(2)?,
            full_name: r.try_get(3)?,
            stage: r.try_get(4)?,
            lang: r.try_get::<Option<String>, _>(5)?.as_deref().and_then(crate::web::Lang::parse),
        })
    })
    .transpose()
}

/// Remember the interface language a person chose (their notifications follow it too).
pub async fn set_language(conn: &mut Conn, user_id: i64, lang: &str, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET lang = $1, lang_chosen_at = $2 WHERE id = $3")
        .bind(lang)
        .bind(now)
        .bind(user_id)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn count_attempts(tx: &mut Tx, key: &str, since: i64) -> Result<i64, sqlx::Error> {
    sqlx::query("SELECT COUNT(*) FROM login_attempts WHERE key = $1 AND at > $2")
        .bind(key)
        .bind(since)
        .fetch_one(&mut **tx)
        .await?
        .try_get(0)
}

pub async fn add_attempt(tx: &mut Tx, key: &str, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO login_attempts (key, at) VALUES ($1, $2)").bind(key).bind(now).execute(&mut **tx).await?;
    Ok(())
}

/// Delete the record of sign-in attempts made before `before` (the retention job): they name
/// the login tried, which is personal data.
pub async fn purge_attempts(tx: &mut Tx, before: i64) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query("DELETE FROM login_attempts WHERE at < $1").bind(before).execute(&mut **tx).await?.rows_affected())
}

pub async fn clear_attempts(tx: &mut Tx, key: &str, older_than: i64) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM login_attempts WHERE key = $1 OR at < $2")
        .bind(key)
        .bind(older_than)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// A citizen's profile: what once-only forms prefill.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Profile {
    pub id: i64,
    pub role: Role,
    pub agency_id: Option<String>,
    pub full_name: String,
    /// Masked NIK (`3273**********01`); the full NIK never leaves the server in listings.
    pub nik_masked: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub birth_date: Option<String>,
    pub gender: Option<String>,
    pub totp_enabled: bool,
}

pub async fn profile(tx: &mut Tx, id: i64) -> Result<Option<Profile>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT id, role, agency_id, full_name, nik, email, phone, birth_date, gender, totp_enabled FROM users WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(&mut **tx)
    .await?;
    row.map(|r| {
        let nik = crypto::open_opt(NIK, r.try_get(4)?)?;
        Ok(Profile {
            id: r.try_get(0)?,
            role: Role::parse(&r.try_get::<String, _>(1)?).unwrap_or(Role::Citizen),
            agency_id: r.try_get(2)?,
            full_name: r.try_get(3)?,
            nik_masked: nik.and_then(|n| super::Nik::parse(&n).ok()).map(|n| n.masked()),
            email: r.try_get(5)?,
            phone: r.try_get(6)?,
            birth_date: r.try_get(7)?,
            gender: r.try_get(8)?,
            totp_enabled: r.try_get::<i64, _>(9)? != 0,
        })
    })
    .transpose()
}

pub async fn user_count(tx: &mut Tx) -> Result<i64, sqlx::Error> {
    sqlx::query("SELECT COUNT(*) FROM users").fetch_one(&mut **tx).await?.try_get(0)
}

/// Set a citizen's family card number and address (the civil registry's record).
pub async fn set_civil_record(tx: &mut Tx, id: i64, kk_number: &str, address: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET kk_number = $2, address = $3 WHERE id = $1")
        .bind(id)
        .bind(kk_number)
        .bind(address)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Set a citizen's address.
pub async fn set_address(tx: &mut Tx, id: i64, address: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET address = $2 WHERE id = $1").bind(id).bind(address).execute(&mut **tx).await?;
    Ok(())
}

/// The profile values that once-only forms prefill, by catalogue `profile` key.
pub async fn profile_values(
    conn: &mut Conn,
    id: i64,
) -> Result<std::collections::HashMap<String, String>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT nik, full_name, birth_date, birth_place, address, phone, email, kk_number, gender FROM users WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(conn)
    .await?;
    let mut out = std::collections::HashMap::new();
    if let Some(r) = row {
        for (i, key) in
            ["nik", "full_name", "birth_date", "birth_place", "address", "phone", "email", "kk_number", "gender"]
                .iter()
                .enumerate()
        {
            if let Some(v) = r.try_get::<Option<String>, _>(i)? {
                let v = if *key == "nik" { crypto::open_value(NIK, &v)? } else { v };
                out.insert(key.to_string(), v);
            }
        }
    }
    Ok(out)
}

/// A user's name, e-mail and phone.
pub async fn contact(
    conn: &mut Conn,
    id: i64,
) -> Result<Option<(String, Option<String>, Option<String>)>, sqlx::Error> {
    let row =
        sqlx::query("SELECT full_name, email, phone FROM users WHERE id = $1").bind(id).fetch_optional(conn).await?;
    row.map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?))).transpose()
}

/// Officers and supervisors of an agency (id, name).
pub async fn staff_of_agency(tx: &mut Tx, agency: &str) -> Result<Vec<(i64, String)>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT id, full_name FROM users WHERE agency_id = $1 AND role IN ('officer', 'supervisor') AND disabled = 0 ORDER BY full_name",
    )
    .bind(agency)
    .fetch_all(&mut **tx)
    .await?;
    rows.iter().map(|r| Ok((r.try_get(0)?, r.try_get(1)?))).collect()
}

/// The supervisors of an agency (escalations go to them).
pub async fn supervisors_of(conn: &mut Conn, agency: &str) -> Result<Vec<i64>, sqlx::Error> {
    let rows =
        sqlx::query("SELECT id FROM users WHERE agency_id = $1 AND role = 'supervisor' AND disabled = 0 ORDER BY id")
            .bind(agency)
            .fetch_all(conn)
            .await?;
    rows.iter().map(|r| r.try_get(0)).collect()
}

/// A citizen's id by NIK (assisted mode at a counter).
pub async fn citizen_by_nik(tx: &mut Tx, nik: &str) -> Result<Option<(i64, String)>, sqlx::Error> {
    find_citizen_by_nik(tx, nik).await
}

/// An active citizen's id and name by NIK, through the blind index (the NIK is sealed).
pub async fn find_citizen_by_nik(conn: &mut Conn, nik: &str) -> Result<Option<(i64, String)>, sqlx::Error> {
    let row = sqlx::query("SELECT id, full_name FROM users WHERE nik_index = $1 AND role = 'citizen' AND disabled = 0")
        .bind(crypto::nik_index(nik)?)
        .fetch_optional(conn)
        .await?;
    row.map(|r| Ok((r.try_get(0)?, r.try_get(1)?))).transpose()
}

/// Other citizens on the same family card (KK number) as `user_id`: id, name, birth date.
pub async fn same_kk(conn: &mut Conn, user_id: i64) -> Result<Vec<(i64, String, Option<String>)>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT o.id, o.full_name, o.birth_date FROM users u JOIN users o ON o.kk_number = u.kk_number AND o.id <> u.id \
         WHERE u.id = $1 AND u.kk_number IS NOT NULL AND u.kk_number <> '' AND o.role = 'citizen' \
         ORDER BY o.birth_date, o.id",
    )
    .bind(user_id)
    .fetch_all(conn)
    .await?;
    rows.iter().map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?))).collect()
}

/// A user's full NIK (decrypted), for the citizen's own data and services that need the number.
pub async fn nik_of(conn: &mut Conn, user_id: i64) -> Result<Option<String>, sqlx::Error> {
    let row = sqlx::query("SELECT nik FROM users WHERE id = $1").bind(user_id).fetch_optional(conn).await?;
    match row {
        Some(r) => crypto::open_opt(NIK, r.try_get(0)?),
        None => Ok(None),
    }
}

/// An account by NIK, disabled ones included: (id, disabled). National sign-in links by NIK.
pub async fn account_by_nik(tx: &mut Tx, nik: &str) -> Result<Option<(i64, bool)>, sqlx::Error> {
    let row = sqlx::query("SELECT id, disabled FROM users WHERE nik_index = $1")
        .bind(crypto::nik_index(nik)?)
        .fetch_optional(&mut **tx)
        .await?;
    row.map(|r| Ok((r.try_get(0)?, r.try_get::<i64, _>(1)? != 0))).transpose()
}

/// Profile fields a data-correction request can change directly (UU 27/2022 art. 6); the
/// others (NIK, family card, birth date, gender) are corrected at their source (Dukcapil).
pub const CORRECTABLE: [&str; 5] = ["full_name", "email", "phone", "address", "birth_place"];

/// Set one of the [`CORRECTABLE`] fields; `false` when the field is not one of them or the user
/// is gone.
pub async fn correct_field(tx: &mut Tx, id: i64, field: &str, value: &str) -> Result<bool, sqlx::Error> {
    let Some(col) = CORRECTABLE.iter().find(|c| **c == field) else { return Ok(false) };
    let sql = format!("UPDATE users SET {col} = $1 WHERE id = $2 AND disabled = 0");
    Ok(sqlx::query(&sql).bind(value).bind(id).execute(&mut **tx).await?.rows_affected() == 1)
}

/// The name a deleted account shows wherever a kept record still points at it.
pub const DELETED_NAME: &str = "Pengguna dihapus";

/// Erase an account's personal data (a deletion under UU 27/2022): the name becomes
/// [`DELETED_NAME`], NIK, contacts, birth data, address and family card are cleared, the
/// password can match nothing, TOTP is removed, the account is disabled and its sessions end.
/// The row stays so kept records (archives the law requires) still point somewhere.
pub async fn pseudonymize(tx: &mut Tx, id: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE users SET full_name = $1, nik = NULL, nik_index = NULL, email = NULL, phone = NULL, birth_date = NULL, \
         birth_place = NULL, gender = NULL, address = NULL, kk_number = NULL, password_hash = '!', \
         totp_secret = NULL, totp_enabled = 0, disabled = 1 WHERE id = $2",
    )
    .bind(DELETED_NAME)
    .bind(id)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(id).execute(&mut **tx).await?;
    Ok(done == 1)
}

/// A user's sessions as the user may see them: kind, stage and times (never the token).
pub async fn sessions_of(tx: &mut Tx, id: i64) -> Result<Vec<(String, String, i64, i64)>, sqlx::Error> {
    let rows =
        sqlx::query("SELECT kind, stage, created_at, expires_at FROM sessions WHERE user_id = $1 ORDER BY created_at")
            .bind(id)
            .fetch_all(&mut **tx)
            .await?;
    rows.iter().map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?, r.try_get(3)?))).collect()
}

/// Delete sessions that expired before `now` (the retention job).
pub async fn purge_sessions(tx: &mut Tx, now: i64) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query("DELETE FROM sessions WHERE expires_at < $1").bind(now).execute(&mut **tx).await?.rows_affected())
}

/// A staff account as the staff management page lists it.
pub struct StaffRow {
    pub id: i64,
    pub role: Role,
    pub agency_id: Option<String>,
    pub full_name: String,
    pub email: Option<String>,
    /// The NIK (decrypted), when one is on file; shown masked.
    pub nik: Option<String>,
    pub totp_enabled: bool,
}

/// Active staff accounts (everyone but citizens), of one agency or of all, by name.
pub async fn staff_list(tx: &mut Tx, agency: Option<&str>) -> Result<Vec<StaffRow>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT id, role, agency_id, full_name, email, nik, totp_enabled FROM users \
         WHERE role <> 'citizen' AND disabled = 0 AND ($1 IS NULL OR agency_id = $1) ORDER BY full_name, id",
    )
    .bind(agency)
    .fetch_all(&mut **tx)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(StaffRow {
                id: r.try_get(0)?,
                role: Role::parse(&r.try_get::<String, _>(1)?).unwrap_or(Role::Officer),
                agency_id: r.try_get(2)?,
                full_name: r.try_get(3)?,
                email: r.try_get(4)?,
                nik: crypto::open_opt(NIK, r.try_get(5)?)?,
                totp_enabled: r.try_get::<i64, _>(6)? != 0,
            })
        })
        .collect()
}

/// An active account's role and agency.
pub async fn role_of(tx: &mut Tx, id: i64) -> Result<Option<(Role, Option<String>)>, sqlx::Error> {
    let row = sqlx::query("SELECT role, agency_id FROM users WHERE id = $1 AND disabled = 0")
        .bind(id)
        .fetch_optional(&mut **tx)
        .await?;
    row.map(|r| Ok((Role::parse(&r.try_get::<String, _>(0)?).unwrap_or(Role::Citizen), r.try_get(1)?))).transpose()
}

/// Set (sealed, with its blind index) or clear an account's NIK.
pub async fn set_nik(tx: &mut Tx, id: i64, nik: Option<&str>) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET nik = $1, nik_index = $2 WHERE id = $3")
        .bind(crypto::seal_opt(NIK, nik)?)
        .bind(nik.map(crypto::nik_index).transpose()?)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}
