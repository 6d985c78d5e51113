//! What a backup reads from a database snapshot and what a restore checks in the result.

use ledger::{leaf_hash, Frontier};
use sqlx::Row as _;

use crate::db::Conn;

/// Ledger entries read at a time when the root is recomputed.
const CHUNK: i64 = 10_000;

/// The content addresses of every upload and report photo (each once).
pub async fn blob_addresses(conn: &mut Conn) -> Result<Vec<String>, sqlx::Error> {
    let rows =
        sqlx::query("SELECT sha256 FROM uploads UNION SELECT sha256 FROM report_photos").fetch_all(&mut *conn).await?;
    let mut out: Vec<String> = rows.iter().map(|r| r.try_get(0)).collect::<Result<_, _>>()?;
    out.sort();
    out.dedup();
    Ok(out)
}

/// The number of ledger entries and the RFC 9162 root over all of them, recomputed from the
/// entries themselves (not from the stored hashes), and the latest checkpoint's size.
pub async fn ledger_state(conn: &mut Conn) -> Result<(u64, ledger::Hash, u64), sqlx::Error> {
    let total: i64 = sqlx::query("SELECT COUNT(*) FROM ledger_entries").fetch_one(&mut *conn).await?.try_get(0)?;
    let mut frontier = Frontier::new();
    let mut start = 0;
    while start < total {
        let rows = sqlx::query("SELECT data FROM ledger_entries WHERE idx >= $1 AND idx < $2 ORDER BY idx")
            .bind(start)
            .bind(start + CHUNK)
            .fetch_all(&mut *conn)
            .await?;
        for r in &rows {
            frontier.push(leaf_hash(r.try_get::<String, _>(0)?.as_bytes()));
        }
        start += CHUNK;
    }
    if frontier.size() != total as u64 {
        return Err(sqlx::Error::Protocol(format!(
            "the ledger has {total} entries but {} have consecutive indexes",
            frontier.size()
        )));
    }
    let checkpoint: Option<i64> = sqlx::query("SELECT size FROM ledger_checkpoint WHERE id = 1")
        .fetch_optional(&mut *conn)
        .await?
        .map(|r| r.try_get(0))
        .transpose()?;
    Ok((total as u64, frontier.root(), checkpoint.unwrap_or(0) as u64))
}

/// Every issued document: (number, canonical content, signature, key id).
pub async fn documents(conn: &mut Conn) -> Result<Vec<(String, String, String, String)>, sqlx::Error> {
    let rows = sqlx::query("SELECT number, content_json, signature, key_id FROM documents ORDER BY id")
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?, r.try_get(3)?))).collect()
}

/// Whether the PostgreSQL database the connection is on has any table in its current schema.
pub async fn pg_has_tables(conn: &mut Conn) -> Result<bool, sqlx::Error> {
    let n: i64 = sqlx::query("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema()")
        .fetch_one(&mut *conn)
        .await?
        .try_get(0)?;
    Ok(n > 0)
}
