//! The `procurement_packages` and `procurement_releases` tables.

use sqlx::Row as _;

use super::model::Package;
use crate::db::{self, Conn};

fn decode(json: &str) -> Result<Package, sqlx::Error> {
    serde_json::from_str(json).map_err(|e| sqlx::Error::Decode(Box::new(e)))
}

pub async fn insert(conn: &mut Conn, p: &Package, now: i64) -> Result<(), sqlx::Error> {
    let data = serde_json::to_string(p).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
    sqlx::query(
        "INSERT INTO procurement_packages (id, agency_id, title, fiscal_year, method, stage, budget, value, data, \
         created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)",
    )
    .bind(&p.id)
    .bind(&p.agency)
    .bind(&p.title)
    .bind(i64::from(p.fiscal_year))
    .bind(&p.method)
    .bind(p.stage.as_str())
    .bind(p.budget)
    .bind(p.value())
    .bind(data)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn update(conn: &mut Conn, p: &Package, now: i64) -> Result<(), sqlx::Error> {
    let data = serde_json::to_string(p).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
    sqlx::query("UPDATE procurement_packages SET stage = $2, value = $3, data = $4, updated_at = $5 WHERE id = $1")
        .bind(&p.id)
        .bind(p.stage.as_str())
        .bind(p.value())
        .bind(data)
        .bind(now)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn get(conn: &mut Conn, id: &str) -> Result<Option<Package>, sqlx::Error> {
    let row = sqlx::query("SELECT data FROM procurement_packages WHERE id = $1").bind(id).fetch_optional(conn).await?;
    row.map(|r| decode(&r.try_get::<String, _>(0)?)).transpose()
}

/// Packages, newest first, filtered by agency, stage and year (empty / 0: any).
pub async fn list(conn: &mut Conn, agency: &str, stage: &str, year: i32) -> Result<Vec<Package>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT data FROM procurement_packages WHERE ($1 = '' OR agency_id = $1) AND ($2 = '' OR stage = $2) \
         AND ($3 = 0 OR fiscal_year = $3) ORDER BY created_at DESC, id DESC",
    )
    .bind(agency)
    .bind(stage)
    .bind(i64::from(year))
    .fetch_all(conn)
    .await?;
    rows.iter().map(|r| decode(&r.try_get::<String, _>(0)?)).collect()
}

/// The years that have packages, newest first.
pub async fn years(conn: &mut Conn) -> Result<Vec<i32>, sqlx::Error> {
    let rows = sqlx::query("SELECT DISTINCT fiscal_year FROM procurement_packages ORDER BY fiscal_year DESC")
        .fetch_all(conn)
        .await?;
    rows.iter().map(|r| r.try_get::<i64, _>(0).map(|y| y as i32)).collect()
}

pub async fn insert_release(
    conn: &mut Conn,
    package_id: &str,
    release_id: &str,
    tag: &str,
    at: i64,
    body: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO procurement_releases (package_id, release_id, tag, released_at, body) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(package_id)
    .bind(release_id)
    .bind(tag)
    .bind(at)
    .bind(body)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn release_count(conn: &mut Conn, package_id: &str) -> Result<i64, sqlx::Error> {
    sqlx::query("SELECT COUNT(*) FROM procurement_releases WHERE package_id = $1")
        .bind(package_id)
        .fetch_one(conn)
        .await?
        .try_get(0)
}

/// A stored release: its package, id, tag, time and body (canonical JSON).
#[derive(Clone, Debug)]
pub struct StoredRelease {
    pub package_id: String,
    pub release_id: String,
    pub tag: String,
    pub at: i64,
    pub body: String,
}

/// Releases of one package (or all when `package_id` is empty), in package then release order.
pub async fn releases(conn: &mut Conn, package_id: &str) -> Result<Vec<StoredRelease>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT package_id, release_id, tag, released_at, body FROM procurement_releases \
         WHERE ($1 = '' OR package_id = $1) ORDER BY package_id, id",
    )
    .bind(package_id)
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|r: &db::Row| {
            Ok(StoredRelease {
                package_id: r.try_get(0)?,
                release_id: r.try_get(1)?,
                tag: r.try_get(2)?,
                at: r.try_get(3)?,
                body: r.try_get(4)?,
            })
        })
        .collect()
}
