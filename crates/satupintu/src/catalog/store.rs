//! The catalogue tables: agencies, services and every version of each service.

use sqlx::Row as _;

use super::model::{Agency, Service};
use crate::db::Tx;

pub async fn agency_json(tx: &mut Tx, id: &str) -> Result<Option<String>, sqlx::Error> {
    let row = sqlx::query("SELECT data_json FROM agencies WHERE id = $1").bind(id).fetch_optional(&mut **tx).await?;
    row.map(|r| r.try_get(0)).transpose()
}

pub async fn insert_agency(tx: &mut Tx, a: &Agency, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO agencies (id, level, data_json, updated_at) VALUES ($1, $2, $3, $4)")
        .bind(&a.id)
        .bind(&a.level)
        .bind(serde_json::to_string(a).unwrap_or_default())
        .bind(now)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

pub async fn update_agency(tx: &mut Tx, a: &Agency, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE agencies SET level = $1, data_json = $2, updated_at = $3 WHERE id = $4")
        .bind(&a.level)
        .bind(serde_json::to_string(a).unwrap_or_default())
        .bind(now)
        .bind(&a.id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

pub async fn agencies(tx: &mut Tx) -> Result<Vec<Agency>, sqlx::Error> {
    let rows = sqlx::query("SELECT data_json FROM agencies ORDER BY id").fetch_all(&mut **tx).await?;
    Ok(rows
        .iter()
        .filter_map(|r| r.try_get::<String, _>(0).ok())
        .filter_map(|j| serde_json::from_str(&j).ok())
        .collect())
}

pub async fn agency_ids(tx: &mut Tx) -> Result<Vec<String>, sqlx::Error> {
    let rows = sqlx::query("SELECT id FROM agencies").fetch_all(&mut **tx).await?;
    rows.iter().map(|r| r.try_get(0)).collect()
}

/// Current version number and content hash of a service.
pub async fn current(tx: &mut Tx, id: &str) -> Result<Option<(i64, String, String)>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT s.current_version, v.content_hash, s.agency_id FROM services s \
         JOIN service_versions v ON v.service_id = s.id AND v.version = s.current_version WHERE s.id = $1",
    )
    .bind(id)
    .fetch_optional(&mut **tx)
    .await?;
    row.map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?))).transpose()
}

pub struct NewVersion<'a> {
    pub service: &'a Service,
    pub version: i64,
    pub source: &'a str,
    pub created_by: Option<i64>,
    pub note: Option<&'a str>,
}

pub async fn insert_version(tx: &mut Tx, v: &NewVersion<'_>, now: i64) -> Result<(), sqlx::Error> {
    if v.version == 1 {
        sqlx::query(
            "INSERT INTO services (id, agency_id, category, current_version, updated_at) VALUES ($1, $2, $3, 1, $4)",
        )
        .bind(&v.service.id)
        .bind(&v.service.agency)
        .bind(&v.service.category)
        .bind(now)
        .execute(&mut **tx)
        .await?;
    } else {
        sqlx::query(
            "UPDATE services SET agency_id = $1, category = $2, current_version = $3, updated_at = $4 WHERE id = $5",
        )
        .bind(&v.service.agency)
        .bind(&v.service.category)
        .bind(v.version)
        .bind(now)
        .bind(&v.service.id)
        .execute(&mut **tx)
        .await?;
    }
    sqlx::query(
        "INSERT INTO service_versions (service_id, version, data_json, content_hash, source, created_by, note, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(&v.service.id)
    .bind(v.version)
    .bind(v.service.canonical_json())
    .bind(v.service.content_hash())
    .bind(v.source)
    .bind(v.created_by)
    .bind(v.note)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    let leaf = crate::ledger::Leaf::new("catalog.version", now)
        .with("service_id", v.service.id.as_str())
        .with("agency_id", v.service.agency.as_str())
        .with("version", v.version)
        .with("source", v.source)
        .with("content_sha256", v.service.content_hash());
    crate::ledger::record(tx, &leaf).await?;
    Ok(())
}

/// A stored version of a service.
pub struct StoredService {
    pub service: Service,
    pub version: i64,
    pub updated_at: i64,
}

fn stored(r: &crate::db::Row) -> Result<Option<StoredService>, sqlx::Error> {
    let json: String = r.try_get(0)?;
    Ok(serde_json::from_str(&json).ok().map(|service| StoredService {
        service,
        version: r.try_get(1).unwrap_or(1),
        updated_at: r.try_get(2).unwrap_or(0),
    }))
}

/// Every service at its current version.
pub async fn current_services(tx: &mut Tx) -> Result<Vec<StoredService>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT v.data_json, v.version, v.created_at FROM services s \
         JOIN service_versions v ON v.service_id = s.id AND v.version = s.current_version ORDER BY s.id",
    )
    .fetch_all(&mut **tx)
    .await?;
    let mut out = vec![];
    for r in &rows {
        out.extend(stored(r)?);
    }
    Ok(out)
}

pub async fn version(tx: &mut Tx, id: &str, version: i64) -> Result<Option<StoredService>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT data_json, version, created_at FROM service_versions WHERE service_id = $1 AND version = $2",
    )
    .bind(id)
    .bind(version)
    .fetch_optional(&mut **tx)
    .await?;
    Ok(match row {
        Some(r) => stored(&r)?,
        None => None,
    })
}

#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct VersionInfo {
    pub version: i64,
    /// Unix seconds (UTC).
    pub created_at: i64,
    /// `import` or `edit`.
    pub source: String,
    /// Name of the staff member who edited, when edited in the platform.
    pub created_by: Option<String>,
    pub note: Option<String>,
    pub content_hash: String,
}

pub async fn versions(tx: &mut Tx, id: &str) -> Result<Vec<VersionInfo>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT v.version, v.created_at, v.source, u.full_name, v.note, v.content_hash FROM service_versions v \
         LEFT JOIN users u ON u.id = v.created_by WHERE v.service_id = $1 ORDER BY v.version DESC",
    )
    .bind(id)
    .fetch_all(&mut **tx)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(VersionInfo {
                version: r.try_get(0)?,
                created_at: r.try_get(1)?,
                source: r.try_get(2)?,
                created_by: r.try_get(3)?,
                note: r.try_get(4)?,
                content_hash: r.try_get(5)?,
            })
        })
        .collect()
}

/// The catalogue revision: bumped in the same transaction as every catalogue change, so
/// every process can tell cheaply whether its in-memory copy is stale.
pub async fn revision(tx: &mut Tx) -> Result<i64, sqlx::Error> {
    Ok(crate::db::meta_get(tx, "catalog_rev").await?.and_then(|v| v.parse().ok()).unwrap_or(0))
}

pub async fn bump_revision(tx: &mut Tx) -> Result<i64, sqlx::Error> {
    let next = revision(tx).await? + 1;
    crate::db::meta_set(tx, "catalog_rev", &next.to_string()).await?;
    Ok(next)
}
