//! Where a log keeps its entries, its hashes and its last signed checkpoint.
//!
//! The [`Storage`] trait is small so that the platform can implement it on SQLite or
//! PostgreSQL. A storage holds:
//!
//! * **entries** by index, `0..entry_count()`;
//! * **hashes** by tile level `L` and index, `0..hash_count(L)`: the hash at level `L`, index
//!   `i` is the Merkle Tree Hash of entries `[i·256^L, (i+1)·256^L)`. These are exactly the
//!   contents of the tlog-tiles hash tiles, so a tile is one range read; every other node of
//!   the tree is computed from at most 128 of them. In a tree of `n` entries, level `L` holds
//!   `n >> 8L` hashes: about `n · 1.004` hashes in all.
//! * the last **signed checkpoint** (size, root and the note text), replaced only by
//!   compare-and-swap.
//!
//! [`Storage::append`] stores one [`Batch`]: it must be all-or-nothing (a transaction), or,
//! for storages without transactions such as [`crate::FileStorage`], recovered on open to a
//! state where the entry count is a prefix whose hashes are all present. It must be durable
//! when it returns: the log acknowledges appends right after.
//!
//! A SQL implementation could use three tables — `ledger_entries(idx PRIMARY KEY, data)`,
//! `ledger_hashes(level, idx, hash, PRIMARY KEY(level, idx))` and a one-row
//! `ledger_checkpoint(size, root, note)` — with `append` as one transaction of inserts, and
//! `replace_checkpoint` as `UPDATE … WHERE size = $old_size AND root = $old_root` (or an
//! insert when there was none) that fails when no row changed.

use std::future::Future;
use std::sync::Mutex;

use crate::hash::{leaf_hash, Frontier, Hash};
use crate::tile::TILE_HEIGHT;

/// A storage failure.
#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    /// An I/O error of a file-based storage.
    #[error("ledger storage I/O: {0}")]
    Io(#[from] std::io::Error),
    /// Stored data that cannot be right (short reads, bad lengths, gaps).
    #[error("ledger storage is corrupt: {0}")]
    Corrupt(String),
    /// A write that does not follow the stored state: another writer got there first.
    #[error("ledger storage conflict: {0}")]
    Conflict(String),
    /// An error of the backend (for example a database error).
    #[error("ledger storage backend: {0}")]
    Backend(#[source] Box<dyn std::error::Error + Send + Sync>),
}

/// A batch of appended entries with the hashes they complete.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Batch {
    /// Index of the first entry; equal to the storage's entry count.
    pub start: u64,
    /// The entries, in order.
    pub entries: Vec<Vec<u8>>,
    /// New hashes by level: each run starts at the level's current hash count.
    pub hashes: Vec<HashRun>,
}

impl Batch {
    /// The batch that appends `entries` to the tree whose frontier is `frontier`, which it
    /// advances: the entries with every tile-level hash they complete.
    pub fn build(frontier: &mut Frontier, entries: Vec<Vec<u8>>) -> Batch {
        let start = frontier.size();
        let mut hashes: Vec<HashRun> = Vec::new();
        for entry in &entries {
            frontier.push_with(leaf_hash(entry), |node, hash| {
                if u32::from(node.level) % TILE_HEIGHT != 0 {
                    return;
                }
                let level = (u32::from(node.level) / TILE_HEIGHT) as u8;
                match hashes.get_mut(usize::from(level)) {
                    Some(run) => run.hashes.push(*hash),
                    None => hashes.push(HashRun { level, start: node.index, hashes: vec![*hash] }),
                }
            });
        }
        Batch { start, entries, hashes }
    }
}

/// Consecutive hashes of one tile level.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HashRun {
    pub level: u8,
    pub start: u64,
    pub hashes: Vec<Hash>,
}

/// A range of hashes of one tile level to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HashRange {
    pub level: u8,
    pub start: u64,
    pub count: u64,
}

/// The last signed checkpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredCheckpoint {
    pub size: u64,
    pub root: Hash,
    /// The signed note, as served at `<prefix>/checkpoint`.
    pub note: String,
}

/// Storage of a log. Implementations are shared between tasks (`&self` everywhere).
pub trait Storage: Send + Sync + 'static {
    /// Number of durably stored entries.
    fn entry_count(&self) -> impl Future<Output = Result<u64, StorageError>> + Send;

    /// Number of stored hashes at tile `level`.
    fn hash_count(&self, level: u8) -> impl Future<Output = Result<u64, StorageError>> + Send;

    /// Durably stores a batch (see the module documentation). Fails with
    /// [`StorageError::Conflict`] if `batch.start` or a run's start is not the current count.
    fn append(&self, batch: Batch) -> impl Future<Output = Result<(), StorageError>> + Send;

    /// Entries `[start, start + count)`; fails if any is missing.
    fn read_entries(&self, start: u64, count: u64) -> impl Future<Output = Result<Vec<Vec<u8>>, StorageError>> + Send;

    /// Hashes `[start, start + count)` of tile `level`; fails if any is missing.
    fn read_hashes(
        &self,
        level: u8,
        start: u64,
        count: u64,
    ) -> impl Future<Output = Result<Vec<Hash>, StorageError>> + Send;

    /// Several hash ranges at once. Proofs call this with O(log n) small ranges; override it
    /// to answer them in one round trip.
    fn read_hash_ranges(
        &self,
        ranges: &[HashRange],
    ) -> impl Future<Output = Result<Vec<Vec<Hash>>, StorageError>> + Send {
        async move {
            let mut out = Vec::with_capacity(ranges.len());
            for r in ranges {
                out.push(self.read_hashes(r.level, r.start, r.count).await?);
            }
            Ok(out)
        }
    }

    /// The last signed checkpoint, if any.
    fn read_checkpoint(&self) -> impl Future<Output = Result<Option<StoredCheckpoint>, StorageError>> + Send;

    /// Durably replaces the stored checkpoint with `new` if it is still `expected`; fails
    /// with [`StorageError::Conflict`] otherwise.
    fn replace_checkpoint(
        &self,
        expected: Option<&StoredCheckpoint>,
        new: &StoredCheckpoint,
    ) -> impl Future<Output = Result<(), StorageError>> + Send;
}

/// Checks that a batch continues the stored counts (shared by the storages of this crate).
pub(crate) fn check_batch(batch: &Batch, entry_count: u64, hash_count: impl Fn(u8) -> u64) -> Result<(), StorageError> {
    if batch.start != entry_count {
        return Err(StorageError::Conflict(format!(
            "batch starts at {} but {entry_count} entries are stored",
            batch.start
        )));
    }
    for run in &batch.hashes {
        let have = hash_count(run.level);
        if run.start != have {
            return Err(StorageError::Conflict(format!(
                "hashes of level {} start at {} but {have} are stored",
                run.level, run.start
            )));
        }
    }
    Ok(())
}

pub(crate) fn missing(what: &str, start: u64, count: u64, have: u64) -> StorageError {
    StorageError::Corrupt(format!("{what} [{start}, {}) requested, {have} stored", start.saturating_add(count)))
}

/// A storage in memory, for tests and tools. Nothing survives the process.
#[derive(Debug, Default)]
pub struct MemoryStorage {
    state: Mutex<MemoryState>,
}

#[derive(Debug, Default)]
struct MemoryState {
    entries: Vec<Vec<u8>>,
    hashes: Vec<Vec<Hash>>,
    checkpoint: Option<StoredCheckpoint>,
}

impl MemoryStorage {
    pub fn new() -> MemoryStorage {
        MemoryStorage::default()
    }

    fn with<T>(&self, f: impl FnOnce(&mut MemoryState) -> T) -> T {
        let mut state = self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        f(&mut state)
    }
}

fn slice_range<T: Clone>(items: &[T], start: u64, count: u64, what: &str) -> Result<Vec<T>, StorageError> {
    let end = start.checked_add(count).filter(|&end| end <= items.len() as u64);
    match end {
        Some(end) => Ok(items[start as usize..end as usize].to_vec()),
        None => Err(missing(what, start, count, items.len() as u64)),
    }
}

impl Storage for MemoryStorage {
    async fn entry_count(&self) -> Result<u64, StorageError> {
        Ok(self.with(|s| s.entries.len() as u64))
    }

    async fn hash_count(&self, level: u8) -> Result<u64, StorageError> {
        Ok(self.with(|s| s.hashes.get(usize::from(level)).map_or(0, |h| h.len() as u64)))
    }

    async fn append(&self, batch: Batch) -> Result<(), StorageError> {
        self.with(|s| {
            check_batch(&batch, s.entries.len() as u64, |l| {
                s.hashes.get(usize::from(l)).map_or(0, |h| h.len() as u64)
            })?;
            s.entries.extend(batch.entries);
            for run in batch.hashes {
                let level = usize::from(run.level);
                if s.hashes.len() <= level {
                    s.hashes.resize_with(level + 1, Vec::new);
                }
                s.hashes[level].extend(run.hashes);
            }
            Ok(())
        })
    }

    async fn read_entries(&self, start: u64, count: u64) -> Result<Vec<Vec<u8>>, StorageError> {
        self.with(|s| slice_range(&s.entries, start, count, "entries"))
    }

    async fn read_hashes(&self, level: u8, start: u64, count: u64) -> Result<Vec<Hash>, StorageError> {
        self.with(|s| slice_range(s.hashes.get(usize::from(level)).map_or(&[][..], |h| h), start, count, "hashes"))
    }

    async fn read_checkpoint(&self) -> Result<Option<StoredCheckpoint>, StorageError> {
        Ok(self.with(|s| s.checkpoint.clone()))
    }

    async fn replace_checkpoint(
        &self,
        expected: Option<&StoredCheckpoint>,
        new: &StoredCheckpoint,
    ) -> Result<(), StorageError> {
        self.with(|s| {
            if s.checkpoint.as_ref() != expected {
                return Err(StorageError::Conflict("the stored checkpoint changed".into()));
            }
            s.checkpoint = Some(new.clone());
            Ok(())
        })
    }
}
