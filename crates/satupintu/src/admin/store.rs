//! The console's tables: staff account states, channel switches, feature switches. Every
//! function takes a connection or the caller's transaction.

use sqlx::Row as _;

use super::model::Switch;
use crate::db::{Conn, Tx};
use crate::identity::Role;

/// A staff account as the console lists it (deactivated ones included).
pub struct StaffRow {
    pub id: i64,
    pub role: Role,
    pub agency_id: Option<String>,
    pub full_name: String,
    pub email: Option<String>,
    pub disabled: bool,
}

fn staff_row(r: &crate::db::Row) -> Result<StaffRow, sqlx::Error> {
    Ok(StaffRow {
        id: r.try_get(0)?,
        role: Role::parse(&r.try_get::<String, _>(1)?).unwrap_or(Role::Officer),
        agency_id: r.try_get(2)?,
        full_name: r.try_get(3)?,
        email: r.try_get(4)?,
        disabled: r.try_get::<i64, _>(5)? != 0,
    })
}

const STAFF_COLS: &str = "id, role, agency_id, full_name, email, disabled";

/// Staff accounts (not citizens, not erased ones), of one agency or all, by agency and name.
pub async fn staff(conn: &mut Conn, agency: Option<&str>) -> Result<Vec<StaffRow>, sqlx::Error> {
    let sql = format!(
        "SELECT {STAFF_COLS} FROM users WHERE role <> 'citizen' AND email IS NOT NULL \
         AND ($1 IS NULL OR agency_id = $1) ORDER BY agency_id, full_name, id"
    );
    let rows = sqlx::query(&sql).bind(agency).fetch_all(&mut *conn).await?;
    rows.iter().map(staff_row).collect()
}

/// One staff account (deactivated included; not an erased one).
pub async fn staff_by_id(conn: &mut Conn, id: i64) -> Result<Option<StaffRow>, sqlx::Error> {
    let sql = format!("SELECT {STAFF_COLS} FROM users WHERE id = $1 AND role <> 'citizen' AND email IS NOT NULL");
    sqlx::query(&sql).bind(id).fetch_optional(&mut *conn).await?.as_ref().map(staff_row).transpose()
}

/// How many active super admins there are.
pub async fn active_super_admins(conn: &mut Conn) -> Result<i64, sqlx::Error> {
    sqlx::query("SELECT COUNT(*) FROM users WHERE role = 'super_admin' AND disabled = 0")
        .fetch_one(&mut *conn)
        .await?
        .try_get(0)
}

pub async fn set_role(tx: &mut Tx, id: i64, role: Role) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET role = $1 WHERE id = $2").bind(role.as_str()).bind(id).execute(&mut **tx).await?;
    Ok(())
}

/// Deactivate (its sessions end) or reactivate a staff account.
pub async fn set_disabled(tx: &mut Tx, id: i64, disabled: bool) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET disabled = $1 WHERE id = $2")
        .bind(i64::from(disabled))
        .bind(id)
        .execute(&mut **tx)
        .await?;
    if disabled {
        sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(id).execute(&mut **tx).await?;
    }
    Ok(())
}

/// The channels switched off.
pub async fn channels_off(conn: &mut Conn) -> Result<Vec<String>, sqlx::Error> {
    let rows = sqlx::query("SELECT channel FROM notify_channel_switches WHERE enabled = 0 ORDER BY channel")
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(|r| r.try_get(0)).collect()
}

pub async fn set_channel(tx: &mut Tx, channel: &str, enabled: bool, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO notify_channel_switches (channel, enabled, updated_at) VALUES ($1, $2, $3) \
         ON CONFLICT (channel) DO UPDATE SET enabled = excluded.enabled, updated_at = excluded.updated_at",
    )
    .bind(channel)
    .bind(i64::from(enabled))
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Every feature switch, by feature and region.
pub async fn switches(conn: &mut Conn) -> Result<Vec<Switch>, sqlx::Error> {
    let rows = sqlx::query("SELECT feature, region, enabled FROM feature_switches ORDER BY feature, region")
        .fetch_all(&mut *conn)
        .await?;
    rows.iter()
        .map(|r| Ok(Switch { feature: r.try_get(0)?, region: r.try_get(1)?, enabled: r.try_get::<i64, _>(2)? != 0 }))
        .collect()
}

/// The switches of one feature.
pub async fn switches_of(conn: &mut Conn, feature: &str) -> Result<Vec<Switch>, sqlx::Error> {
    let rows = sqlx::query("SELECT feature, region, enabled FROM feature_switches WHERE feature = $1")
        .bind(feature)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter()
        .map(|r| Ok(Switch { feature: r.try_get(0)?, region: r.try_get(1)?, enabled: r.try_get::<i64, _>(2)? != 0 }))
        .collect()
}

pub async fn set_switch(tx: &mut Tx, s: &Switch, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO feature_switches (feature, region, enabled, updated_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (feature, region) DO UPDATE SET enabled = excluded.enabled, updated_at = excluded.updated_at",
    )
    .bind(&s.feature)
    .bind(&s.region)
    .bind(i64::from(s.enabled))
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Remove a switch; false when there was none.
pub async fn remove_switch(tx: &mut Tx, feature: &str, region: &str) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("DELETE FROM feature_switches WHERE feature = $1 AND region = $2")
        .bind(feature)
        .bind(region)
        .execute(&mut **tx)
        .await?;
    Ok(done.rows_affected() > 0)
}
