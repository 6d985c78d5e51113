//! The ledger's [`ledger::Storage`] on the platform's database (SQLite or PostgreSQL): entries
//! and hashes are rows, so `satupintu ledger verify` can name an entry someone edited there.
//!
//! An entry that carries the `seq` of its row in `ledger_queue` (every leaf the sequencer
//! appends does) takes that row out of the queue **in the same transaction** that stores it:
//! a queued leaf is either still queued or in the log, never both and never neither, whatever
//! the order in which concurrent transactions made their leaves visible.

use ledger::storage::Batch;
use ledger::{Hash, Storage, StorageError, StoredCheckpoint};
use sqlx::Row as _;

use crate::db::Db;

#[derive(Clone, Debug)]
pub struct SqlStorage {
    db: Db,
}

impl SqlStorage {
    pub fn new(db: Db) -> SqlStorage {
        SqlStorage { db }
    }
}

/// Rows in one multi-row `INSERT` (three columns each stays far below both engines' limit on
/// bound parameters).
const ROWS_PER_INSERT: usize = 500;

fn backend(e: sqlx::Error) -> StorageError {
    StorageError::Backend(Box::new(e))
}

fn idx(n: u64) -> Result<i64, StorageError> {
    i64::try_from(n).map_err(|_| StorageError::Corrupt(format!("index {n} out of range")))
}

fn parse_hash(text: &str) -> Result<Hash, StorageError> {
    let bytes = hex::decode(text).map_err(|_| StorageError::Corrupt(format!("hash {text:?} is not hex")))?;
    Hash::from_slice(&bytes).map_err(|_| StorageError::Corrupt(format!("hash {text:?} is not 32 bytes")))
}

async fn count(db: &Db, sql: &str, level: Option<u8>) -> Result<u64, StorageError> {
    let mut q = sqlx::query(sql);
    if let Some(l) = level {
        q = q.bind(i64::from(l));
    }
    let n: i64 = q.fetch_one(db.pool()).await.map_err(backend)?.get(0);
    Ok(n as u64)
}

/// The `ledger_queue` ids named by the entries' `seq` fields (entries without one name none).
fn queue_ids(entries: &[Vec<u8>]) -> Result<Vec<i64>, StorageError> {
    let mut ids = Vec::with_capacity(entries.len());
    for entry in entries {
        let leaf: serde_json::Value =
            serde_json::from_slice(entry).map_err(|_| StorageError::Corrupt("a ledger entry is not JSON".into()))?;
        ids.extend(leaf.get("seq").and_then(serde_json::Value::as_i64));
    }
    ids.sort_unstable();
    ids.dedup();
    Ok(ids)
}

impl Storage for SqlStorage {
    async fn entry_count(&self) -> Result<u64, StorageError> {
        count(&self.db, "SELECT COUNT(*) FROM ledger_entries", None).await
    }

    async fn hash_count(&self, level: u8) -> Result<u64, StorageError> {
        count(&self.db, "SELECT COUNT(*) FROM ledger_hashes WHERE level = $1", Some(level)).await
    }

    async fn append(&self, batch: Batch) -> Result<(), StorageError> {
        let mut tx = self.db.begin().await.map_err(backend)?;
        let have: i64 =
            sqlx::query("SELECT COUNT(*) FROM ledger_entries").fetch_one(&mut *tx).await.map_err(backend)?.get(0);
        if have as u64 != batch.start {
            return Err(StorageError::Conflict(format!(
                "batch starts at {} but {have} entries are stored",
                batch.start
            )));
        }
        // Many rows per statement: the batch holds the one writer for a few round trips, not
        // one per entry and per hash.
        let mut entries = Vec::with_capacity(batch.entries.len());
        for (i, entry) in batch.entries.iter().enumerate() {
            let text = std::str::from_utf8(entry).map_err(|_| StorageError::Corrupt("entries must be UTF-8".into()))?;
            entries.push((idx(batch.start + i as u64)?, text));
        }
        for chunk in entries.chunks(ROWS_PER_INSERT) {
            let sql = format!("INSERT INTO ledger_entries (idx, data) {}", crate::db::values_clause(chunk.len(), 2));
            let q = chunk.iter().fold(sqlx::query(&sql), |q, (i, text)| q.bind(*i).bind(*text));
            q.execute(&mut *tx).await.map_err(backend)?;
        }
        // The queue rows of these entries go in the same transaction. If any is gone, another
        // sequencer appended it: nothing of this batch is stored.
        let seqs = queue_ids(&batch.entries)?;
        let mut taken = 0;
        for chunk in seqs.chunks(ROWS_PER_INSERT) {
            let marks = (1..=chunk.len()).map(|i| format!("${i}")).collect::<Vec<_>>().join(", ");
            let sql = format!("DELETE FROM ledger_queue WHERE id IN ({marks})");
            let q = chunk.iter().fold(sqlx::query(&sql), |q, id| q.bind(*id));
            taken += q.execute(&mut *tx).await.map_err(backend)?.rows_affected();
        }
        if taken != seqs.len() as u64 {
            return Err(StorageError::Conflict(format!(
                "{} of the batch's {} queued leaves are no longer queued",
                seqs.len() as u64 - taken,
                seqs.len()
            )));
        }
        for run in &batch.hashes {
            let mut rows = Vec::with_capacity(run.hashes.len());
            for (i, h) in run.hashes.iter().enumerate() {
                rows.push((idx(run.start + i as u64)?, h.to_hex()));
            }
            for chunk in rows.chunks(ROWS_PER_INSERT) {
                let sql = format!(
                    "INSERT INTO ledger_hashes (level, idx, hash) {}",
                    crate::db::values_clause(chunk.len(), 3)
                );
                let q = chunk
                    .iter()
                    .fold(sqlx::query(&sql), |q, (i, hex)| q.bind(i64::from(run.level)).bind(*i).bind(hex.as_str()));
                q.execute(&mut *tx)
                    .await
                    .map_err(|e| StorageError::Conflict(format!("hash run of level {}: {e}", run.level)))?;
            }
        }
        tx.commit().await.map_err(backend)
    }

    async fn read_entries(&self, start: u64, count: u64) -> Result<Vec<Vec<u8>>, StorageError> {
        let rows = sqlx::query("SELECT idx, data FROM ledger_entries WHERE idx >= $1 AND idx < $2 ORDER BY idx")
            .bind(idx(start)?)
            .bind(idx(start + count)?)
            .fetch_all(self.db.pool())
            .await
            .map_err(backend)?;
        if rows.len() as u64 != count {
            return Err(StorageError::Corrupt(format!("entries {start}..{} are not all stored", start + count)));
        }
        Ok(rows.iter().map(|r| r.get::<String, _>(1).into_bytes()).collect())
    }

    async fn read_hashes(&self, level: u8, start: u64, count: u64) -> Result<Vec<Hash>, StorageError> {
        let rows =
            sqlx::query("SELECT hash FROM ledger_hashes WHERE level = $1 AND idx >= $2 AND idx < $3 ORDER BY idx")
                .bind(i64::from(level))
                .bind(idx(start)?)
                .bind(idx(start + count)?)
                .fetch_all(self.db.pool())
                .await
                .map_err(backend)?;
        if rows.len() as u64 != count {
            return Err(StorageError::Corrupt(format!(
                "hashes {start}..{} of level {level} are not all stored",
                start + count
            )));
        }
        rows.iter().map(|r| parse_hash(&r.get::<String, _>(0))).collect()
    }

    async fn read_checkpoint(&self) -> Result<Option<StoredCheckpoint>, StorageError> {
        let row = sqlx::query("SELECT size, root, note FROM ledger_checkpoint WHERE id = 1")
            .fetch_optional(self.db.pool())
            .await
            .map_err(backend)?;
        row.map(|r| {
            Ok(StoredCheckpoint {
                size: r.get::<i64, _>(0) as u64,
                root: parse_hash(&r.get::<String, _>(1))?,
                note: r.get(2),
            })
        })
        .transpose()
    }

    async fn replace_checkpoint(
        &self,
        expected: Option<&StoredCheckpoint>,
        new: &StoredCheckpoint,
    ) -> Result<(), StorageError> {
        // Through the write pool, in a transaction (SQLite has one writer).
        let mut tx = self.db.begin().await.map_err(backend)?;
        let changed = match expected {
            None => sqlx::query("INSERT INTO ledger_checkpoint (id, size, root, note) VALUES (1, $1, $2, $3)")
                .bind(idx(new.size)?)
                .bind(new.root.to_hex())
                .bind(&new.note)
                .execute(&mut *tx)
                .await
                .map(|r| r.rows_affected())
                .unwrap_or(0),
            Some(old) => sqlx::query(
                "UPDATE ledger_checkpoint SET size = $1, root = $2, note = $3 \
                 WHERE id = 1 AND size = $4 AND root = $5 AND note = $6",
            )
            .bind(idx(new.size)?)
            .bind(new.root.to_hex())
            .bind(&new.note)
            .bind(idx(old.size)?)
            .bind(old.root.to_hex())
            .bind(&old.note)
            .execute(&mut *tx)
            .await
            .map_err(backend)?
            .rows_affected(),
        };
        if changed == 1 {
            tx.commit().await.map_err(backend)
        } else {
            Err(StorageError::Conflict("the stored checkpoint changed meanwhile".into()))
        }
    }
}
