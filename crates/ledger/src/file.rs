//! [`FileStorage`]: a log in a directory of append-only files.
//!
//! ```text
//! <dir>/LOCK          held with an exclusive lock while a process has the log open
//! <dir>/entries       the entries, each a big-endian uint16 length and the bytes
//!                     (the entry-bundle encoding, so a bundle is one contiguous range)
//! <dir>/entries.idx   big-endian uint64 offset of each entry in `entries`
//! <dir>/hashes.<L>    the hashes of tile level L, 32 bytes each (a tile is one range)
//! <dir>/checkpoint.0, checkpoint.1
//!                     the last signed checkpoint, written to the slot not holding the current
//!                     one: generation (u64), SHA-256 of the note, the note
//! ```
//!
//! An append writes `entries`, the hash files and `entries.idx`, then fsyncs them all at
//! once (one round of disk latency per batch) before it returns. A crash during that round
//! can leave the last batch, never acknowledged, partly on disk, torn or with pages of
//! garbage. On open, the log is cut to the longest prefix of whole, chained entries whose
//! hashes are present, and the entries after the last signed checkpoint are replayed: their
//! leaf and tile hashes are recomputed and the log is cut before the first entry that does
//! not match. Every acknowledged batch survives; nothing unverifiable does. A checkpoint costs
//! one fsync: a torn slot fails its hash and the other slot, the previous checkpoint, is used.
//! New files are followed by an fsync of the directory. After a failed write the
//! storage refuses further appends until it is opened again.

use std::fs::{File, OpenOptions};
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, RwLock};

use crate::checkpoint::Checkpoint;
use crate::hash::{leaf_hash, perfect_root, Frontier, Hash, HASH_SIZE};
use crate::note::Note;
use crate::storage::{check_batch, missing, Batch, HashRange, Storage, StorageError, StoredCheckpoint};
use crate::tile::{decode_bundle, encode_bundle_entry, hash_count, TILE_HEIGHT};

const ENTRIES: &str = "entries";
const INDEX: &str = "entries.idx";
const CHECKPOINT_SLOTS: [&str; 2] = ["checkpoint.0", "checkpoint.1"];
const LOCK: &str = "LOCK";
/// Tile levels a u64 tree size can have: 256^8 = 2^64.
const LEVELS: u8 = 8;

/// A log storage in a directory (see the module documentation). Cheap to clone.
#[derive(Clone)]
pub struct FileStorage {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for FileStorage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FileStorage").field("dir", &self.inner.dir).finish_non_exhaustive()
    }
}

struct Inner {
    dir: PathBuf,
    _lock: File,
    entries: File,
    index: File,
    levels: RwLock<Vec<Arc<File>>>,
    slots: [File; 2],
    state: RwLock<State>,
    write: Mutex<()>,
    poisoned: AtomicBool,
}

#[derive(Clone)]
struct State {
    entries: u64,
    entries_len: u64,
    hashes: Vec<u64>,
    checkpoint: Option<StoredCheckpoint>,
    /// Generation and slot of the stored checkpoint.
    checkpoint_slot: Option<(u64, usize)>,
}

fn open_rw(path: &Path) -> std::io::Result<File> {
    OpenOptions::new().read(true).write(true).create(true).truncate(false).open(path)
}

fn sync_dir(dir: &Path) -> std::io::Result<()> {
    File::open(dir)?.sync_all()
}

fn corrupt(message: impl Into<String>) -> StorageError {
    StorageError::Corrupt(message.into())
}

fn read_u64_at(file: &File, offset: u64) -> std::io::Result<u64> {
    let mut buf = [0u8; 8];
    file.read_exact_at(&mut buf, offset)?;
    Ok(u64::from_be_bytes(buf))
}

/// The end offset of entry `i`, if its index slot and its bytes are on disk.
fn entry_end(entries: &File, index: &File, i: u64, entries_len: u64) -> std::io::Result<Option<u64>> {
    let start = read_u64_at(index, i * 8)?;
    if start.checked_add(2).is_none_or(|end| end > entries_len) {
        return Ok(None);
    }
    let mut len = [0u8; 2];
    entries.read_exact_at(&mut len, start)?;
    let end = start + 2 + u64::from(u16::from_be_bytes(len));
    Ok((end <= entries_len).then_some(end))
}

/// A slot's checkpoint, if the slot holds a whole one.
fn read_slot(file: &File) -> Result<Option<(u64, StoredCheckpoint)>, StorageError> {
    let mut bytes = Vec::new();
    let mut f = file;
    std::io::Read::read_to_end(&mut f, &mut bytes)?;
    let Some((header, note)) = bytes.split_at_checked(40) else { return Ok(None) };
    let generation = u64::from_be_bytes(header[..8].try_into().map_err(|_| corrupt("slot header"))?);
    if header[8..] != sha2_digest(note) {
        return Ok(None);
    }
    let note = String::from_utf8(note.to_vec()).map_err(|_| corrupt("checkpoint is not UTF-8"))?;
    let text = Note::parse(&note).map_err(|e| corrupt(format!("checkpoint: {e}")))?.text;
    let body = Checkpoint::parse(&text).map_err(|e| corrupt(format!("checkpoint: {e}")))?;
    Ok(Some((generation, StoredCheckpoint { size: body.size, root: body.root, note })))
}

fn sha2_digest(bytes: &[u8]) -> [u8; 32] {
    use sha2::Digest as _;
    sha2::Sha256::digest(bytes).into()
}

impl FileStorage {
    /// Opens (creating if needed) the log storage in `dir`, recovering from an interrupted
    /// append. Fails if another process has it open.
    pub async fn open(dir: impl AsRef<Path>) -> Result<FileStorage, StorageError> {
        let dir = dir.as_ref().to_path_buf();
        let inner = tokio::task::spawn_blocking(move || Inner::open(dir)).await.map_err(join_error)??;
        Ok(FileStorage { inner: Arc::new(inner) })
    }

    /// The directory.
    pub fn dir(&self) -> &Path {
        &self.inner.dir
    }

    async fn blocking<T: Send + 'static>(
        &self,
        f: impl FnOnce(&Inner) -> Result<T, StorageError> + Send + 'static,
    ) -> Result<T, StorageError> {
        let inner = self.inner.clone();
        tokio::task::spawn_blocking(move || f(&inner)).await.map_err(join_error)?
    }
}

fn join_error(e: tokio::task::JoinError) -> StorageError {
    StorageError::Io(std::io::Error::other(e))
}

impl Inner {
    fn open(dir: PathBuf) -> Result<Inner, StorageError> {
        std::fs::create_dir_all(&dir)?;
        let lock = open_rw(&dir.join(LOCK))?;
        lock.try_lock().map_err(|e| match e {
            std::fs::TryLockError::WouldBlock => {
                StorageError::Conflict(format!("{} is open in another process", dir.display()))
            }
            std::fs::TryLockError::Error(e) => e.into(),
        })?;
        let entries = open_rw(&dir.join(ENTRIES))?;
        let index = open_rw(&dir.join(INDEX))?;
        let slots = CHECKPOINT_SLOTS.map(|name| open_rw(&dir.join(name)));
        let [Ok(slot0), Ok(slot1)] = slots else {
            return Err(std::io::Error::other("cannot open the checkpoint slots").into());
        };
        let slots = [slot0, slot1];
        let mut newest: Option<(u64, usize, StoredCheckpoint)> = None;
        for (i, slot) in slots.iter().enumerate() {
            if let Some((generation, cp)) = read_slot(slot)? {
                if newest.as_ref().is_none_or(|(g, _, _)| generation > *g) {
                    newest = Some((generation, i, cp));
                }
            }
        }
        let checkpoint_slot = newest.as_ref().map(|(g, i, _)| (*g, *i));
        let checkpoint = newest.map(|(_, _, cp)| cp);

        // Keep the longest prefix of whole, chained entries...
        let entries_len = entries.metadata()?.len();
        let mut count = index.metadata()?.len() / 8;
        while count > 0 {
            if entry_end(&entries, &index, count - 1, entries_len)?.is_some() {
                let start = read_u64_at(&index, (count - 1) * 8)?;
                let chained = if count == 1 {
                    start == 0
                } else {
                    entry_end(&entries, &index, count - 2, entries_len)? == Some(start)
                };
                if chained {
                    break;
                }
            }
            count -= 1;
        }
        // ...whose hashes are all there.
        let mut levels = Vec::new();
        for level in 0..LEVELS {
            let path = dir.join(format!("hashes.{level}"));
            if hash_count(level, count) == 0 && !path.exists() {
                break;
            }
            let file = open_rw(&path)?;
            let have = file.metadata()?.len() / HASH_SIZE as u64;
            // The largest tree whose level holds at most `have` hashes.
            let supported = (have + 1).checked_shl(TILE_HEIGHT * u32::from(level)).map_or(u64::MAX, |n| n - 1);
            count = count.min(supported);
            levels.push(Arc::new(file));
        }
        let inner = Inner {
            _lock: lock,
            entries,
            index,
            levels: RwLock::new(levels),
            slots,
            state: RwLock::new(State { entries: 0, entries_len: 0, hashes: Vec::new(), checkpoint, checkpoint_slot }),
            write: Mutex::new(()),
            poisoned: AtomicBool::new(false),
            dir,
        };
        inner.truncate_to(count)?;
        inner.validate_tail()?;
        sync_dir(&inner.dir)?;
        Ok(inner)
    }

    /// Cuts the files to the first `count` entries and their hashes, and syncs them.
    fn truncate_to(&self, count: u64) -> Result<(), StorageError> {
        let mut state = self.state.write().unwrap_or_else(|p| p.into_inner());
        if let Some(cp) = state.checkpoint.as_ref().filter(|cp| cp.size > count) {
            // Losing a torn last batch is recovery; losing signed entries is damage.
            return Err(corrupt(format!(
                "only {count} whole entries, but a checkpoint of size {} was signed",
                cp.size
            )));
        }
        let end = match count {
            0 => 0,
            n => entry_end(&self.entries, &self.index, n - 1, self.entries.metadata()?.len())?
                .ok_or_else(|| corrupt("entry vanished during recovery"))?,
        };
        self.entries.set_len(end)?;
        self.index.set_len(count * 8)?;
        self.entries.sync_all()?;
        self.index.sync_all()?;
        let levels = self.levels.read().unwrap_or_else(|p| p.into_inner());
        state.hashes.clear();
        for (level, file) in levels.iter().enumerate() {
            let want = hash_count(level as u8, count);
            file.set_len(want * HASH_SIZE as u64)?;
            file.sync_all()?;
            state.hashes.push(want);
        }
        state.entries = count;
        state.entries_len = end;
        Ok(())
    }

    /// An append fsyncs its files together, so after a crash the last batch may be on disk
    /// in part, with garbage where a page did not make it. Only that batch, which was not
    /// acknowledged, can be: replay the entries after the last checkpoint, recomputing
    /// their hashes, and cut the log at the first one that does not match.
    fn validate_tail(&self) -> Result<(), StorageError> {
        let state = self.state();
        let from = state.checkpoint.as_ref().map_or(0, |cp| cp.size);
        let nodes = Frontier::node_ids(from)
            .into_iter()
            .map(|node| {
                let range = crate::reader::node_range(node);
                Ok(perfect_root(&self.read_hashes(&state, range)?))
            })
            .collect::<Result<Vec<Hash>, StorageError>>()?;
        let mut frontier = Frontier::from_parts(from, nodes).ok_or_else(|| corrupt("frontier"))?;
        let mut next = from;
        while next < state.entries {
            let count = (state.entries - next).min(4096);
            let batch = self.read_entries(next, count)?;
            let stored: Vec<Vec<Hash>> = (0..state.hashes.len() as u8)
                .map(|level| {
                    let shift = TILE_HEIGHT * u32::from(level);
                    let (lo, hi) = (next >> shift, (next + count) >> shift);
                    self.read_hashes(&state, HashRange { level, start: lo, count: hi - lo })
                })
                .collect::<Result<_, _>>()?;
            for (i, entry) in batch.iter().enumerate() {
                let index = next + i as u64;
                let mut ok = true;
                frontier.push_with(leaf_hash(entry), |node, hash| {
                    if u32::from(node.level) % TILE_HEIGHT != 0 {
                        return;
                    }
                    let level = (u32::from(node.level) / TILE_HEIGHT) as u8;
                    let first = next >> (TILE_HEIGHT * u32::from(level));
                    let at = stored.get(usize::from(level)).and_then(|row| row.get((node.index - first) as usize));
                    ok &= at == Some(hash);
                });
                if !ok {
                    return self.truncate_to(index);
                }
            }
            next += count;
        }
        Ok(())
    }

    fn state(&self) -> State {
        self.state.read().unwrap_or_else(|p| p.into_inner()).clone()
    }

    fn level_file(&self, level: u8) -> Option<Arc<File>> {
        self.levels.read().unwrap_or_else(|p| p.into_inner()).get(usize::from(level)).cloned()
    }

    fn append(&self, batch: Batch) -> Result<(), StorageError> {
        let _guard = self.write.lock().unwrap_or_else(|p| p.into_inner());
        if self.poisoned.load(Ordering::Acquire) {
            return Err(StorageError::Conflict("an earlier write failed: open the storage again".into()));
        }
        let state = self.state();
        check_batch(&batch, state.entries, |l| state.hashes.get(usize::from(l)).copied().unwrap_or(0))?;
        let result = self.write_batch(&state, &batch);
        if result.is_err() {
            self.poisoned.store(true, Ordering::Release);
        }
        result
    }

    fn write_batch(&self, state: &State, batch: &Batch) -> Result<(), StorageError> {
        let mut data = Vec::new();
        let mut offsets = Vec::with_capacity(batch.entries.len() * 8);
        for entry in &batch.entries {
            offsets.extend_from_slice(&(state.entries_len + data.len() as u64).to_be_bytes());
            encode_bundle_entry(&mut data, entry).ok_or_else(|| corrupt("entry longer than 65535 bytes"))?;
        }
        self.entries.write_all_at(&data, state.entries_len)?;
        let mut touched: Vec<Arc<File>> = Vec::new();

        let mut hash_counts = state.hashes.clone();
        for run in &batch.hashes {
            let file = match self.level_file(run.level) {
                Some(file) => file,
                None => {
                    let mut levels = self.levels.write().unwrap_or_else(|p| p.into_inner());
                    if usize::from(run.level) != levels.len() {
                        return Err(corrupt(format!("hashes of level {} before those of the level below", run.level)));
                    }
                    let file = Arc::new(open_rw(&self.dir.join(format!("hashes.{}", run.level)))?);
                    sync_dir(&self.dir)?;
                    levels.push(file.clone());
                    hash_counts.push(0);
                    file
                }
            };
            let bytes: Vec<u8> = run.hashes.iter().flat_map(|h| h.0).collect();
            file.write_all_at(&bytes, run.start * HASH_SIZE as u64)?;
            touched.push(file);
            hash_counts[usize::from(run.level)] += run.hashes.len() as u64;
        }

        self.index.write_all_at(&offsets, state.entries * 8)?;
        // One round of fsyncs, in parallel: recovery (`validate_tail`) copes with any of
        // them not having finished.
        let files: Vec<&File> = [&self.entries, &self.index].into_iter().chain(touched.iter().map(|f| &**f)).collect();
        std::thread::scope(|scope| {
            let syncs: Vec<_> = files.iter().map(|f| scope.spawn(move || f.sync_data())).collect();
            syncs
                .into_iter()
                .try_for_each(|h| h.join().unwrap_or_else(|_| Err(std::io::Error::other("fsync thread panicked"))))
        })?;

        let mut s = self.state.write().unwrap_or_else(|p| p.into_inner());
        s.entries += batch.entries.len() as u64;
        s.entries_len += data.len() as u64;
        s.hashes = hash_counts;
        Ok(())
    }

    fn read_entries(&self, start: u64, count: u64) -> Result<Vec<Vec<u8>>, StorageError> {
        let state = self.state();
        let end = start.checked_add(count).filter(|&e| e <= state.entries);
        let Some(end) = end else { return Err(missing("entries", start, count, state.entries)) };
        if count == 0 {
            return Ok(Vec::new());
        }
        let from = read_u64_at(&self.index, start * 8)?;
        let to = if end < state.entries { read_u64_at(&self.index, end * 8)? } else { state.entries_len };
        let len = to.checked_sub(from).ok_or_else(|| corrupt("entry offsets go backwards"))?;
        let mut bytes = vec![0u8; usize::try_from(len).map_err(|_| corrupt("entry range too large"))?];
        self.entries.read_exact_at(&mut bytes, from)?;
        let entries = decode_bundle(&bytes).ok_or_else(|| corrupt("truncated entry"))?;
        if entries.len() as u64 != count {
            return Err(corrupt(format!("entries [{start}, {end}) decode to {} entries", entries.len())));
        }
        Ok(entries)
    }

    fn read_hashes(&self, state: &State, range: HashRange) -> Result<Vec<Hash>, StorageError> {
        let have = state.hashes.get(usize::from(range.level)).copied().unwrap_or(0);
        if range.start.checked_add(range.count).is_none_or(|end| end > have) {
            return Err(missing("hashes", range.start, range.count, have));
        }
        let file = self.level_file(range.level).ok_or_else(|| corrupt("hash file missing"))?;
        let mut bytes = vec![0u8; range.count as usize * HASH_SIZE];
        file.read_exact_at(&mut bytes, range.start * HASH_SIZE as u64)?;
        bytes.chunks_exact(HASH_SIZE).map(|c| Hash::from_slice(c).map_err(|_| corrupt("hash"))).collect()
    }

    fn replace_checkpoint(
        &self,
        expected: Option<&StoredCheckpoint>,
        new: &StoredCheckpoint,
    ) -> Result<(), StorageError> {
        let _guard = self.write.lock().unwrap_or_else(|p| p.into_inner());
        if self.state().checkpoint.as_ref() != expected {
            return Err(StorageError::Conflict("the stored checkpoint changed".into()));
        }
        let (generation, slot) = match self.state().checkpoint_slot {
            Some((generation, slot)) => (generation + 1, 1 - slot),
            None => (1, 0),
        };
        let mut bytes = generation.to_be_bytes().to_vec();
        bytes.extend_from_slice(&sha2_digest(new.note.as_bytes()));
        bytes.extend_from_slice(new.note.as_bytes());
        let file = &self.slots[slot];
        file.write_all_at(&bytes, 0)?;
        file.set_len(bytes.len() as u64)?;
        file.sync_data()?;
        let mut state = self.state.write().unwrap_or_else(|p| p.into_inner());
        state.checkpoint = Some(new.clone());
        state.checkpoint_slot = Some((generation, slot));
        Ok(())
    }
}

impl Storage for FileStorage {
    async fn entry_count(&self) -> Result<u64, StorageError> {
        Ok(self.inner.state().entries)
    }

    async fn hash_count(&self, level: u8) -> Result<u64, StorageError> {
        Ok(self.inner.state().hashes.get(usize::from(level)).copied().unwrap_or(0))
    }

    async fn append(&self, batch: Batch) -> Result<(), StorageError> {
        self.blocking(move |inner| inner.append(batch)).await
    }

    async fn read_entries(&self, start: u64, count: u64) -> Result<Vec<Vec<u8>>, StorageError> {
        self.blocking(move |inner| inner.read_entries(start, count)).await
    }

    async fn read_hashes(&self, level: u8, start: u64, count: u64) -> Result<Vec<Hash>, StorageError> {
        self.blocking(move |inner| inner.read_hashes(&inner.state(), HashRange { level, start, count })).await
    }

    async fn read_hash_ranges(&self, ranges: &[HashRange]) -> Result<Vec<Vec<Hash>>, StorageError> {
        let ranges = ranges.to_vec();
        self.blocking(move |inner| {
            let state = inner.state();
            ranges.into_iter().map(|r| inner.read_hashes(&state, r)).collect()
        })
        .await
    }

    async fn read_checkpoint(&self) -> Result<Option<StoredCheckpoint>, StorageError> {
        Ok(self.inner.state().checkpoint)
    }

    async fn replace_checkpoint(
        &self,
        expected: Option<&StoredCheckpoint>,
        new: &StoredCheckpoint,
    ) -> Result<(), StorageError> {
        let (expected, new) = (expected.cloned(), new.clone());
        self.blocking(move |inner| inner.replace_checkpoint(expected.as_ref(), &new)).await
    }
}
