//! Full verification of a stored log: every entry, every stored hash, the checkpoint.

use crate::checkpoint::Checkpoint;
use crate::hash::{leaf_hash, Frontier, Hash};
use crate::note::{Note, Verifier};
use crate::storage::{Storage, StorageError, StoredCheckpoint};
use crate::tile::{hash_count, TILE_HEIGHT};

/// Entries read per step (and reported to the progress callback).
const CHUNK: u64 = 4096;

/// The first place where the stored log disagrees with itself.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Divergence {
    /// Entry `index` does not hash to the stored leaf hash: the entry or the level-0 tile
    /// holding its hash (tile `index / 256`) was changed.
    #[error("entry {index} does not match its stored leaf hash")]
    Entry { index: u64 },
    /// The stored hash `index` of tile level `level` (in tile `index / 256`) is not the hash of
    /// the entries it covers, `[first_entry, end_entry)`, which all match their leaf hashes.
    #[error("stored hash {index} of tile level {level} (entries {first_entry}..{end_entry}) is wrong")]
    TileHash { level: u8, index: u64, first_entry: u64, end_entry: u64 },
    /// A level holds more or fewer hashes than the number of entries implies.
    #[error("tile level {level} holds {stored} hashes, {expected} expected")]
    HashCount { level: u8, stored: u64, expected: u64 },
    /// The checkpoint covers more entries than are stored.
    #[error("the checkpoint is of size {checkpoint_size}, but only {entries} entries are stored")]
    CheckpointBeyondLog { checkpoint_size: u64, entries: u64 },
    /// The entries and hashes agree with each other but not with the signed root: they were
    /// rewritten consistently, or the checkpoint was.
    #[error("the stored tree of size {size} has root {computed}, the checkpoint says {signed}")]
    CheckpointRoot { size: u64, computed: Hash, signed: Hash },
    /// The checkpoint note is malformed, disagrees with its stored size and root, or its
    /// signature does not verify with the given key.
    #[error("the checkpoint note is invalid: {0}")]
    CheckpointNote(String),
}

/// Why [`verify_all`] failed.
#[derive(Debug, thiserror::Error)]
pub enum VerifyError {
    #[error(transparent)]
    Diverged(#[from] Divergence),
    #[error(transparent)]
    Storage(#[from] StorageError),
}

/// What [`verify_all`] checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifyReport {
    /// Entries checked.
    pub entries: u64,
    /// Root of all entries.
    pub root: Hash,
    /// The stored checkpoint, verified.
    pub checkpoint: Option<StoredCheckpoint>,
}

/// Progress of [`verify_all`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VerifyProgress {
    pub done: u64,
    pub total: u64,
}

/// Reads the whole log once and checks it: every leaf hash recomputed from its entry, every
/// stored hash of every tile level recomputed from the level below, and the root at the
/// checkpoint's size against the checkpoint (and its signature, if `log_key` is given).
/// Stops at the first divergence, in entry order.
pub async fn verify_all<S: Storage>(
    storage: &S,
    log_key: Option<&Verifier>,
    mut progress: impl FnMut(VerifyProgress),
) -> Result<VerifyReport, VerifyError> {
    let total = storage.entry_count().await?;
    let mut levels = Vec::new();
    for level in 0..(64 / TILE_HEIGHT) as u8 {
        let (stored, expected) = (storage.hash_count(level).await?, hash_count(level, total));
        if stored != expected {
            return Err(Divergence::HashCount { level, stored, expected }.into());
        }
        if expected > 0 {
            levels.push(LevelCursor { level, next: 0, buffer: Vec::new() });
        }
    }
    let checkpoint = storage.read_checkpoint().await?;
    if let Some(cp) = &checkpoint {
        check_note(cp, log_key)?;
        if cp.size > total {
            return Err(Divergence::CheckpointBeyondLog { checkpoint_size: cp.size, entries: total }.into());
        }
    }
    let check_root = |frontier: &Frontier| -> Result<(), Divergence> {
        match &checkpoint {
            Some(cp) if cp.size == frontier.size() && cp.root != frontier.root() => {
                Err(Divergence::CheckpointRoot { size: cp.size, computed: frontier.root(), signed: cp.root })
            }
            _ => Ok(()),
        }
    };

    let mut frontier = Frontier::new();
    check_root(&frontier)?;
    let mut start = 0;
    while start < total {
        let count = CHUNK.min(total - start);
        let entries = storage.read_entries(start, count).await?;
        for cursor in &mut levels {
            cursor.fill(storage, start, count).await?;
        }
        for entry in &entries {
            let mut found = None;
            frontier.push_with(leaf_hash(entry), |node, hash| {
                if found.is_some() || u32::from(node.level) % TILE_HEIGHT != 0 {
                    return;
                }
                let level = (u32::from(node.level) / TILE_HEIGHT) as u8;
                if let Some(cursor) = levels.get_mut(usize::from(level)) {
                    if cursor.take() != Some(*hash) {
                        found = Some(if level == 0 {
                            Divergence::Entry { index: node.index }
                        } else {
                            Divergence::TileHash {
                                level,
                                index: node.index,
                                first_entry: node.first_leaf(),
                                end_entry: node.end_leaf(),
                            }
                        });
                    }
                }
            });
            if let Some(divergence) = found {
                return Err(divergence.into());
            }
            check_root(&frontier)?;
        }
        start += count;
        progress(VerifyProgress { done: start, total });
    }
    Ok(VerifyReport { entries: total, root: frontier.root(), checkpoint })
}

fn check_note(cp: &StoredCheckpoint, log_key: Option<&Verifier>) -> Result<(), Divergence> {
    let invalid = |e: &dyn std::fmt::Display| Divergence::CheckpointNote(e.to_string());
    let note = Note::parse(&cp.note).map_err(|e| invalid(&e))?;
    let body = Checkpoint::parse(&note.text).map_err(|e| invalid(&e))?;
    if (body.size, body.root) != (cp.size, cp.root) {
        return Err(invalid(&"its text disagrees with the stored size and root"));
    }
    if let Some(key) = log_key {
        note.verify(std::slice::from_ref(key)).map_err(|e| invalid(&e))?;
    }
    Ok(())
}

/// The stored hashes of one tile level, read ahead in step with the entries.
struct LevelCursor {
    level: u8,
    /// Index of the next hash to compare.
    next: u64,
    buffer: Vec<Hash>,
}

impl LevelCursor {
    /// Reads the hashes that entries `[start, start + count)` complete.
    async fn fill<S: Storage>(&mut self, storage: &S, start: u64, count: u64) -> Result<(), StorageError> {
        let shift = TILE_HEIGHT * u32::from(self.level);
        let (from, to) = (self.next + self.buffer.len() as u64, (start + count) >> shift);
        if to > from {
            let mut fresh = storage.read_hashes(self.level, from, to - from).await?;
            fresh.reverse();
            fresh.append(&mut self.buffer);
            self.buffer = fresh;
        }
        Ok(())
    }

    /// The next stored hash, in order.
    fn take(&mut self) -> Option<Hash> {
        self.next += 1;
        self.buffer.pop()
    }
}
