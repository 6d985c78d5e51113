//! The tables of the open data catalogue: `datasets` and `dataset_resources` (the cells of a
//! resource are kept as JSON next to its column names).

use sqlx::Row as _;

use super::model::{Meta, Table};
use crate::db::{Conn, Row, Tx};

/// A dataset as stored, with its resources (without their cells).
#[derive(Clone, Debug, serde::Serialize)]
pub struct Dataset {
    pub id: String,
    pub meta: Meta,
    pub automatic: bool,
    pub issued_at: i64,
    pub modified_at: i64,
    pub resources: Vec<Resource>,
}

#[derive(Clone, Debug, serde::Serialize)]
pub struct Resource {
    pub id: String,
    pub slug: String,
    pub name: String,
    pub description: String,
    pub format: String,
    pub columns: Vec<String>,
    pub row_count: i64,
    pub sha256: String,
    pub created_at: i64,
    pub modified_at: i64,
}

/// A resource to store.
pub struct NewResource {
    pub slug: String,
    pub name: String,
    pub description: String,
    pub format: String,
    pub table: Table,
}

fn split(s: &str) -> Vec<String> {
    s.split(',').filter(|x| !x.is_empty()).map(str::to_string).collect()
}

fn dataset(r: &Row) -> Result<Dataset, sqlx::Error> {
    Ok(Dataset {
        id: r.try_get("id")?,
        meta: Meta {
            name: r.try_get("name")?,
            title: r.try_get("title")?,
            notes: r.try_get("notes")?,
            publisher: r.try_get("publisher")?,
            license_id: r.try_get("license_id")?,
            themes: split(&r.try_get::<String, _>("themes")?),
            keywords: split(&r.try_get::<String, _>("keywords")?),
            temporal_start: r.try_get("temporal_start")?,
            temporal_end: r.try_get("temporal_end")?,
            spatial_code: r.try_get("spatial_code")?,
            frequency: r.try_get("frequency")?,
        },
        automatic: r.try_get::<i64, _>("automatic")? != 0,
        issued_at: r.try_get("issued_at")?,
        modified_at: r.try_get("modified_at")?,
        resources: vec![],
    })
}

fn resource(r: &Row) -> Result<(String, Resource), sqlx::Error> {
    let columns: String = r.try_get("columns_json")?;
    Ok((
        r.try_get("dataset_id")?,
        Resource {
            id: r.try_get("id")?,
            slug: r.try_get("slug")?,
            name: r.try_get("name")?,
            description: r.try_get("description")?,
            format: r.try_get("format")?,
            columns: serde_json::from_str(&columns).unwrap_or_default(),
            row_count: r.try_get("row_count")?,
            sha256: r.try_get("sha256")?,
            created_at: r.try_get("created_at")?,
            modified_at: r.try_get("modified_at")?,
        },
    ))
}

const DATASET_COLS: &str = "id, name, title, notes, publisher, license_id, themes, keywords, temporal_start, \
     temporal_end, spatial_code, frequency, automatic, issued_at, modified_at";
const RESOURCE_COLS: &str =
    "id, dataset_id, slug, name, description, format, columns_json, row_count, sha256, created_at, modified_at";

/// Every dataset with its resources, newest change first.
pub async fn all(conn: &mut Conn) -> Result<Vec<Dataset>, sqlx::Error> {
    let rows = sqlx::query(&format!("SELECT {DATASET_COLS} FROM datasets ORDER BY modified_at DESC, name"))
        .fetch_all(&mut *conn)
        .await?;
    let mut out: Vec<Dataset> = rows.iter().map(dataset).collect::<Result<_, _>>()?;
    let res = sqlx::query(&format!("SELECT {RESOURCE_COLS} FROM dataset_resources ORDER BY dataset_id, position"))
        .fetch_all(&mut *conn)
        .await?;
    let mut by_id: std::collections::HashMap<String, usize> = Default::default();
    for (i, d) in out.iter().enumerate() {
        by_id.insert(d.id.clone(), i);
    }
    for r in &res {
        let (dataset_id, resource) = resource(r)?;
        if let Some(&i) = by_id.get(&dataset_id) {
            out[i].resources.push(resource);
        }
    }
    Ok(out)
}

/// The publisher and id of a dataset name, if taken.
pub async fn owner(tx: &mut Tx, name: &str) -> Result<Option<(String, String)>, sqlx::Error> {
    let row =
        sqlx::query("SELECT id, publisher FROM datasets WHERE name = $1").bind(name).fetch_optional(&mut **tx).await?;
    row.map(|r| Ok((r.try_get(0)?, r.try_get(1)?))).transpose()
}

/// The cells of a resource.
pub async fn table(conn: &mut Conn, resource_id: &str) -> Result<Option<Table>, sqlx::Error> {
    let row = sqlx::query("SELECT columns_json, rows_json FROM dataset_resources WHERE id = $1")
        .bind(resource_id)
        .fetch_optional(&mut *conn)
        .await?;
    let Some(row) = row else { return Ok(None) };
    let (columns, rows): (String, String) = (row.try_get(0)?, row.try_get(1)?);
    let decode = |e: serde_json::Error| sqlx::Error::Decode(Box::new(e));
    Ok(Some(Table {
        columns: serde_json::from_str(&columns).map_err(decode)?,
        rows: serde_json::from_str(&rows).map_err(decode)?,
    }))
}

/// A fresh public identifier (random, UUID-shaped as CKAN clients expect).
pub fn new_id() -> String {
    let b: [u8; 16] = rand::random();
    let h = hex::encode(b);
    format!("{}-{}-{}-{}-{}", &h[0..8], &h[8..12], &h[12..16], &h[16..20], &h[20..32])
}

/// Insert a dataset or, when `existing` is its id, replace its metadata and resources.
/// Returns the dataset's id.
pub async fn save(
    tx: &mut Tx,
    existing: Option<&str>,
    m: &Meta,
    automatic: bool,
    resources: &[(NewResource, String)],
    now: i64,
) -> Result<String, sqlx::Error> {
    let id = match existing {
        Some(id) => {
            sqlx::query(
                "UPDATE datasets SET title = $2, notes = $3, license_id = $4, themes = $5, keywords = $6, \
                 temporal_start = $7, temporal_end = $8, spatial_code = $9, frequency = $10, modified_at = $11 \
                 WHERE id = $1",
            )
            .bind(id)
            .bind(&m.title)
            .bind(&m.notes)
            .bind(&m.license_id)
            .bind(m.themes.join(","))
            .bind(m.keywords.join(","))
            .bind(&m.temporal_start)
            .bind(&m.temporal_end)
            .bind(&m.spatial_code)
            .bind(&m.frequency)
            .bind(now)
            .execute(&mut **tx)
            .await?;
            id.to_string()
        }
        None => {
            let id = new_id();
            sqlx::query(&format!(
                "INSERT INTO datasets ({DATASET_COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14)"
            ))
            .bind(&id)
            .bind(&m.name)
            .bind(&m.title)
            .bind(&m.notes)
            .bind(&m.publisher)
            .bind(&m.license_id)
            .bind(m.themes.join(","))
            .bind(m.keywords.join(","))
            .bind(&m.temporal_start)
            .bind(&m.temporal_end)
            .bind(&m.spatial_code)
            .bind(&m.frequency)
            .bind(i64::from(automatic))
            .bind(now)
            .execute(&mut **tx)
            .await?;
            id
        }
    };
    // Resources keep their id (and creation time) across updates when their slug stays.
    let old = sqlx::query("SELECT slug, id, created_at FROM dataset_resources WHERE dataset_id = $1")
        .bind(&id)
        .fetch_all(&mut **tx)
        .await?;
    let mut kept = std::collections::HashMap::new();
    for r in &old {
        kept.insert(r.try_get::<String, _>(0)?, (r.try_get::<String, _>(1)?, r.try_get::<i64, _>(2)?));
    }
    sqlx::query("DELETE FROM dataset_resources WHERE dataset_id = $1").bind(&id).execute(&mut **tx).await?;
    for (pos, (r, sha256)) in resources.iter().enumerate() {
        let (rid, created) = kept.get(&r.slug).cloned().unwrap_or_else(|| (new_id(), now));
        sqlx::query(&format!(
            "INSERT INTO dataset_resources ({RESOURCE_COLS}, rows_json, position) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)"
        ))
        .bind(&rid)
        .bind(&id)
        .bind(&r.slug)
        .bind(&r.name)
        .bind(&r.description)
        .bind(&r.format)
        .bind(serde_json::to_string(&r.table.columns).unwrap_or_default())
        .bind(r.table.rows.len() as i64)
        .bind(sha256)
        .bind(created)
        .bind(now)
        .bind(serde_json::to_string(&r.table.rows).unwrap_or_default())
        .bind(pos as i64)
        .execute(&mut **tx)
        .await?;
    }
    Ok(id)
}
