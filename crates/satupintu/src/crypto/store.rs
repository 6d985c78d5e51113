//! The sealed columns and the `data_keys` table: what the start-up step, `keys rotate` and
//! `keys status` go over.

use sqlx::Row as _;

use super::Keyring;
use crate::db::Db;

/// The associated data of the check values in `data_keys`.
pub const CHECK_PLACE: &str = "data_keys.check_value";

/// A table with sealed columns.
pub struct SealedTable {
    pub table: &'static str,
    pub pk: &'static str,
    pub columns: &'static [&'static str],
}

/// Every sealed column. The associated data of a value is `table.column`.
pub const SEALED: &[SealedTable] = &[
    SealedTable { table: "users", pk: "id", columns: &["nik"] },
    SealedTable {
        table: "consultations",
        pk: "booking_id",
        columns: &["complaint", "history", "allergies", "medicines", "notes"],
    },
    SealedTable { table: "consultation_messages", pk: "id", columns: &["body"] },
    SealedTable { table: "prescriptions", pk: "id", columns: &["content_json"] },
];

/// JSON columns in which NIK-like strings are sealed (see [`super::Keyring::seal_json`]).
pub const SEALED_JSON: &[SealedTable] = &[SealedTable { table: "applications", pk: "id", columns: &["fields_json"] }];

/// Set in `meta` once every sealed and JSON column was gone over: later start-ups skip the full
/// scan (every write seals its values; only `keys rotate` goes over the tables again).
const SEALED_META: &str = "crypto.sealed.v1";

/// Rows per transaction when sealing or re-sealing.
const BATCH: i64 = 200;

/// The key ids the database knows, with their check values.
pub async fn known_keys(db: &Db) -> Result<Vec<(String, String)>, sqlx::Error> {
    let rows = sqlx::query("SELECT key_id, check_value FROM data_keys ORDER BY created_at, key_id")
        .fetch_all(db.pool())
        .await?;
    rows.iter().map(|r| Ok((r.try_get(0)?, r.try_get(1)?))).collect()
}

/// Record the keyring's keys the database does not know yet (with their check values).
pub async fn register_keys(db: &Db, ring: &Keyring, known: &[(String, String)]) -> Result<(), sqlx::Error> {
    let mut tx = db.begin().await?;
    let now = crate::db::now();
    for id in ring.ids() {
        if known.iter().any(|(k, _)| *k == id) {
            continue;
        }
        let check = ring.seal_under(&id, CHECK_PLACE, &id)?;
        sqlx::query("INSERT INTO data_keys (key_id, check_value, created_at) VALUES ($1, $2, $3) ON CONFLICT (key_id) DO NOTHING")
            .bind(&id)
            .bind(&check)
            .bind(now)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await
}

/// Seal every value stored in plain text (`rotate`: also every value sealed under an older key)
/// under the current key, one transaction per batch of rows. Returns the values written.
pub async fn reseal(db: &Db, ring: &Keyring, rotate: bool) -> Result<u64, sqlx::Error> {
    if !rotate {
        let mut tx = db.begin().await?;
        if crate::db::meta_get(&mut tx, SEALED_META).await?.is_some() {
            return Ok(0);
        }
    }
    let current = format!("{}{}:", super::PREFIX, ring.current_id());
    let pattern = if rotate { format!("{current}%") } else { format!("{}%", super::PREFIX) };
    let mut written = 0;
    for t in SEALED {
        let cols = t.columns.join(", ");
        let needs =
            t.columns.iter().map(|c| format!("({c} <> '' AND {c} NOT LIKE $1)")).collect::<Vec<_>>().join(" OR ");
        let select = format!(
            "SELECT {pk}, {cols} FROM {table} WHERE {needs} ORDER BY {pk} LIMIT {BATCH}",
            pk = t.pk,
            table = t.table
        );
        let mut sets: Vec<String> = t.columns.iter().enumerate().map(|(i, c)| format!("{c} = ${}", i + 1)).collect();
        let is_users = t.table == "users";
        if is_users {
            sets.push(format!("nik_index = ${}", t.columns.len() + 1));
        }
        let pk_param = sets.len() + 1;
        let update = format!("UPDATE {} SET {} WHERE {} = ${pk_param}", t.table, sets.join(", "), t.pk);
        loop {
            let mut tx = db.begin().await?;
            let rows = sqlx::query(&select).bind(&pattern).fetch_all(&mut *tx).await?;
            if rows.is_empty() {
                break;
            }
            for r in &rows {
                let id: i64 = r.try_get(0)?;
                let mut values = vec![];
                let mut nik_plain = None;
                for (i, c) in t.columns.iter().enumerate() {
                    let place = format!("{}.{c}", t.table);
                    let stored: Option<String> = r.try_get(i + 1)?;
                    let value = match stored {
                        None => None,
                        Some(s) if s.is_empty() || s.starts_with(&current) => {
                            if is_users {
                                nik_plain = Some(ring.open(&place, &s)?);
                            }
                            Some(s)
                        }
                        Some(s) => {
                            let plain = if s.starts_with(super::PREFIX) { ring.open(&place, &s)? } else { s };
                            written += 1;
                            let sealed = ring.seal(&place, &plain)?;
                            nik_plain = Some(plain);
                            Some(sealed)
                        }
                    };
                    values.push(value);
                }
                let mut q = sqlx::query(&update);
                for v in values {
                    q = q.bind(v);
                }
                if is_users {
                    q = q.bind(nik_plain.map(|n| ring.nik_index(&n)));
                }
                q.bind(id).execute(&mut *tx).await?;
            }
            tx.commit().await?;
        }
    }
    written += reseal_json(db, ring).await?;
    let mut tx = db.begin().await?;
    crate::db::meta_set(&mut tx, SEALED_META, "1").await?;
    tx.commit().await?;
    Ok(written)
}

/// The JSON columns, row by row in batches (one transaction each).
async fn reseal_json(db: &Db, ring: &Keyring) -> Result<u64, sqlx::Error> {
    let mut written = 0;
    for t in SEALED_JSON {
        for c in t.columns {
            let place = format!("{}.{c}", t.table);
            let select =
                format!("SELECT {pk}, {c} FROM {} WHERE {pk} > $1 ORDER BY {pk} LIMIT {BATCH}", t.table, pk = t.pk);
            let update = format!("UPDATE {} SET {c} = $1 WHERE {} = $2", t.table, t.pk);
            let mut after = 0i64;
            loop {
                let mut tx = db.begin().await?;
                let rows = sqlx::query(&select).bind(after).fetch_all(&mut *tx).await?;
                if rows.is_empty() {
                    break;
                }
                for r in &rows {
                    let id: i64 = r.try_get(0)?;
                    after = id;
                    let text: Option<String> = r.try_get(1)?;
                    let Some(mut v) = text.and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok()) else {
                        continue;
                    };
                    let n = ring.reseal_json(&place, &mut v)?;
                    if n > 0 {
                        written += n;
                        sqlx::query(&update).bind(v.to_string()).bind(id).execute(&mut *tx).await?;
                    }
                }
                tx.commit().await?;
            }
        }
    }
    Ok(written)
}

/// `keys status`: per `table.column`, how many values each key id sealed (`plain` for values
/// not sealed, which only exist before the start-up step ran).
pub async fn status(db: &Db) -> Result<Vec<(String, String, i64)>, sqlx::Error> {
    let mut out = vec![];
    for t in SEALED {
        for c in t.columns {
            let sql = format!("SELECT {c} FROM {} WHERE {c} IS NOT NULL AND {c} <> ''", t.table);
            let rows = sqlx::query(&sql).fetch_all(db.pool()).await?;
            let mut counts: std::collections::BTreeMap<String, i64> = Default::default();
            for r in &rows {
                let v: String = r.try_get(0)?;
                *counts.entry(super::key_id_of(&v).unwrap_or("plain").to_string()).or_default() += 1;
            }
            for (k, n) in counts {
                out.push((format!("{}.{c}", t.table), k, n));
            }
        }
    }
    for t in SEALED_JSON {
        for c in t.columns {
            let sql = format!("SELECT {c} FROM {} WHERE {c} LIKE '%\"v1:%'", t.table);
            let rows = sqlx::query(&sql).fetch_all(db.pool()).await?;
            let mut counts: std::collections::BTreeMap<String, i64> = Default::default();
            for r in &rows {
                let text: String = r.try_get(0)?;
                let mut strings = vec![];
                if let Ok(v) = serde_json::from_str::<serde_json::Value>(&text) {
                    collect_strings(&v, &mut strings);
                }
                for s in strings {
                    if let Some(k) = super::key_id_of(&s) {
                        *counts.entry(k.to_string()).or_default() += 1;
                    }
                }
            }
            for (k, n) in counts {
                out.push((format!("{}.{c}", t.table), k, n));
            }
        }
    }
    Ok(out)
}

fn collect_strings(v: &serde_json::Value, out: &mut Vec<String>) {
    match v {
        serde_json::Value::String(s) => out.push(s.clone()),
        serde_json::Value::Array(items) => items.iter().for_each(|i| collect_strings(i, out)),
        serde_json::Value::Object(map) => map.values().for_each(|i| collect_strings(i, out)),
        _ => {}
    }
}
