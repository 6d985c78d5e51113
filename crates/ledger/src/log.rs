//! [`Log`]: sequencing appends in durable batches and signing checkpoints.

use std::collections::VecDeque;
use std::ops::Range;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use tokio::sync::oneshot;

use crate::checkpoint::{Checkpoint, CheckpointError};
use crate::hash::{empty_root, Frontier, Hash};
use crate::note::{Note, NoteError, Signer, Verifier};
use crate::proof::verify_consistency;
use crate::reader::{self, ReadError};
use crate::storage::{Batch, Storage, StorageError, StoredCheckpoint};
use crate::tile::{self, Tile, MAX_ENTRY_SIZE, TILE_HEIGHT};

/// How a [`Log`] batches and checkpoints.
#[derive(Debug, Clone)]
pub struct LogOptions {
    /// Most entries written in one batch (a single larger `append_all` still goes whole).
    pub max_batch_entries: usize,
    /// Sign a new checkpoint at the end of a batch once this long has passed since the last
    /// one: `Some(Duration::ZERO)` (the default) signs after every batch, so an entry is
    /// covered by a checkpoint when its append returns; `None` signs only on
    /// [`Log::sign_checkpoint`].
    pub checkpoint_interval: Option<Duration>,
}

impl Default for LogOptions {
    fn default() -> Self {
        LogOptions { max_batch_entries: 16_384, checkpoint_interval: Some(Duration::ZERO) }
    }
}

/// A log failure.
#[derive(Debug, thiserror::Error)]
pub enum LogError {
    #[error(transparent)]
    Storage(#[from] StorageError),
    #[error(transparent)]
    Read(#[from] ReadError),
    #[error(transparent)]
    Note(#[from] NoteError),
    #[error(transparent)]
    Checkpoint(#[from] CheckpointError),
    /// An entry longer than a bundle can carry.
    #[error("entry of {0} bytes is longer than the 65535 bytes a log entry may have")]
    EntryTooLarge(usize),
    /// The stored log does not match its last signed checkpoint, or the checkpoint to sign
    /// would not be consistent with it: nothing is signed.
    #[error("refusing to sign: {0}")]
    Inconsistent(String),
    /// The batch holding the entry failed; the entry may or may not be stored.
    #[error("the batch failed: {0}")]
    BatchFailed(Arc<LogError>),
    /// The storage holds no signed checkpoint yet.
    #[error("the log has no signed checkpoint yet")]
    NoCheckpoint,
    /// An earlier write failed: the log takes no more appends until it is opened again.
    #[error("the log stopped after a failed write; open it again")]
    Stopped,
}

struct Pending {
    entries: Vec<Vec<u8>>,
    reply: oneshot::Sender<Result<u64, Arc<LogError>>>,
}

struct Sequencer {
    frontier: Frontier,
    stopped: bool,
    last_signed: Instant,
}

struct Inner<S> {
    storage: S,
    signer: Signer,
    options: LogOptions,
    queue: Mutex<VecDeque<Pending>>,
    sequencer: Arc<tokio::sync::Mutex<Sequencer>>,
    size: AtomicU64,
    checkpoint: RwLock<StoredCheckpoint>,
}

/// A transparency log: one sequencer over a [`Storage`], signing with one key.
///
/// Appends from any number of tasks are gathered into batches; a batch's entries and hashes
/// are written durably before any of its appends returns. Before a checkpoint is signed, the
/// stored last checkpoint is read again and the new tree is checked against it with a
/// consistency proof, so the log never signs two inconsistent checkpoints, even across a
/// restart; the new checkpoint is stored before it is published. The checkpoint's origin is
/// the signer's key name. Cheap to clone; needs a Tokio runtime.
pub struct Log<S: Storage> {
    inner: Arc<Inner<S>>,
}

impl<S: Storage> Clone for Log<S> {
    fn clone(&self) -> Self {
        Log { inner: self.inner.clone() }
    }
}

impl<S: Storage> std::fmt::Debug for Log<S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Log").field("origin", &self.origin()).field("size", &self.size()).finish_non_exhaustive()
    }
}

impl<S: Storage> Log<S> {
    /// Opens the log in `storage`: checks that the stored tree matches the last signed
    /// checkpoint, rebuilds the frontier (entries stored after that checkpoint are kept:
    /// they were acknowledged), and signs a first checkpoint if there is none.
    pub async fn open(storage: S, signer: Signer, options: LogOptions) -> Result<Log<S>, LogError> {
        let (frontier, stored) = check_stored(&storage, signer.name()).await?;
        let size = frontier.size();
        let placeholder = StoredCheckpoint { size: 0, root: empty_root(), note: String::new() };
        let log = Log {
            inner: Arc::new(Inner {
                storage,
                signer,
                options,
                queue: Mutex::new(VecDeque::new()),
                sequencer: Arc::new(tokio::sync::Mutex::new(Sequencer {
                    frontier,
                    stopped: false,
                    last_signed: Instant::now(),
                })),
                size: AtomicU64::new(size),
                checkpoint: RwLock::new(stored.clone().unwrap_or(placeholder)),
            }),
        };
        let mut seq = log.inner.sequencer.lock().await;
        if stored.is_none()
            || (log.inner.options.checkpoint_interval.is_some() && stored.is_some_and(|cp| cp.size < size))
        {
            log.inner.sign(&mut seq).await?;
        }
        drop(seq);
        Ok(log)
    }

    /// Appends an entry and returns its index once it is durable.
    pub async fn append(&self, entry: Vec<u8>) -> Result<u64, LogError> {
        Ok(self.append_all(vec![entry]).await?.start)
    }

    /// Appends entries, kept together in one batch, and returns their indexes.
    pub async fn append_all(&self, entries: Vec<Vec<u8>>) -> Result<Range<u64>, LogError> {
        if let Some(e) = entries.iter().find(|e| e.len() > MAX_ENTRY_SIZE) {
            return Err(LogError::EntryTooLarge(e.len()));
        }
        let count = entries.len() as u64;
        if count == 0 {
            let size = self.size();
            return Ok(size..size);
        }
        let (reply, mut result) = oneshot::channel();
        self.inner.lock_queue().push_back(Pending { entries, reply });
        loop {
            let guard = self.inner.sequencer.clone().lock_owned().await;
            match result.try_recv() {
                Ok(Ok(start)) => return Ok(start..start + count),
                Ok(Err(e)) => return Err(LogError::BatchFailed(e)),
                Err(oneshot::error::TryRecvError::Closed) => return Err(LogError::Stopped),
                Err(oneshot::error::TryRecvError::Empty) => {}
            }
            // This task leads the next batch. The batch runs in its own task so that a
            // cancelled caller cannot leave it half done.
            let inner = self.inner.clone();
            let mut guard = guard;
            let _ = tokio::spawn(async move { inner.commit_batch(&mut guard).await }).await;
        }
    }

    /// Number of durably stored entries (some may not be covered by a checkpoint yet).
    pub fn size(&self) -> u64 {
        self.inner.size.load(Ordering::Acquire)
    }

    /// The log's origin (the signer's key name).
    pub fn origin(&self) -> &str {
        self.inner.signer.name()
    }

    /// The public key that verifies the log's checkpoints.
    pub fn verifier(&self) -> &Verifier {
        self.inner.signer.verifier()
    }

    /// The storage.
    pub fn storage(&self) -> &S {
        &self.inner.storage
    }

    /// The latest signed checkpoint; its `note` is what `<prefix>/checkpoint` serves.
    pub fn checkpoint(&self) -> StoredCheckpoint {
        self.inner.checkpoint.read().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// Signs a checkpoint of every stored entry now, unless the latest already covers them.
    pub async fn sign_checkpoint(&self) -> Result<StoredCheckpoint, LogError> {
        let mut seq = self.inner.sequencer.lock().await;
        self.inner.sign(&mut seq).await
    }

    /// Verifies a witness's cosignature line on the latest stored checkpoint and stores it in
    /// the published note ([`add_stored_cosignature`]). Fails if the cosignature is for another
    /// checkpoint.
    pub async fn add_cosignature(&self, witness: &Verifier, line: &str) -> Result<StoredCheckpoint, LogError> {
        let _seq = self.inner.sequencer.lock().await;
        let new = add_stored_cosignature(&self.inner.storage, witness, line).await?;
        self.inner.publish(new.clone());
        Ok(new)
    }

    /// The inclusion proof of entry `index` in the tree of `size` entries.
    pub async fn inclusion_proof(&self, index: u64, size: u64) -> Result<Vec<Hash>, LogError> {
        Ok(reader::inclusion_proof(&self.inner.storage, index, size).await?)
    }

    /// The consistency proof between the trees of `old` and `new` entries.
    pub async fn consistency_proof(&self, old: u64, new: u64) -> Result<Vec<Hash>, LogError> {
        Ok(reader::consistency_proof(&self.inner.storage, old, new).await?)
    }

    /// Entry `index`.
    pub async fn entry(&self, index: u64) -> Result<Vec<u8>, LogError> {
        let mut entries = self.inner.storage.read_entries(index, 1).await?;
        entries.pop().ok_or_else(|| StorageError::Corrupt("empty read".into()).into())
    }

    /// A tile or entry bundle of the tree of the latest checkpoint (`None` if it does not
    /// exist there), as served at `<prefix>/<tile path>`.
    pub async fn tile(&self, tile: &Tile) -> Result<Option<Vec<u8>>, LogError> {
        Ok(reader::read_tile(&self.inner.storage, tile, self.checkpoint().size).await?)
    }
}

/// Checks a stored log before a [`Log`] is opened on it, as [`Log::open`] does (and any
/// process may, without the signing key): every tile level holds the hashes the entry count
/// implies, and the stored checkpoint is of `origin`, agrees with its note, and is the root of
/// the stored tree at its size. Returns the frontier of all stored entries and the checkpoint.
///
/// The counts, tiles and checkpoint are read one after another: a sequencer in another process
/// committing in between makes them disagree for a moment, so a disagreement is read again (a
/// stored log that is really broken disagrees every time).
pub async fn check_stored<S: Storage>(
    storage: &S,
    origin: &str,
) -> Result<(Frontier, Option<StoredCheckpoint>), LogError> {
    let mut tries = 0;
    loop {
        match check_stored_once(storage, origin).await {
            Err(LogError::Inconsistent(_) | LogError::Storage(StorageError::Corrupt(_))) if tries < 4 => tries += 1,
            other => return other,
        }
    }
}

async fn check_stored_once<S: Storage>(
    storage: &S,
    origin: &str,
) -> Result<(Frontier, Option<StoredCheckpoint>), LogError> {
    let size = storage.entry_count().await?;
    for level in 0..(64 / TILE_HEIGHT) as u8 {
        let (want, have) = (tile::hash_count(level, size), storage.hash_count(level).await?);
        if want != have {
            return Err(StorageError::Corrupt(format!("{have} hashes at level {level}, {want} expected")).into());
        }
    }
    let frontier = reader::frontier_at(storage, size).await?;
    let stored = storage.read_checkpoint().await?;
    if let Some(cp) = &stored {
        let body = Checkpoint::parse(&Note::parse(&cp.note)?.text)?;
        if body.origin != origin {
            return Err(CheckpointError::WrongOrigin { expected: origin.to_owned(), found: body.origin }.into());
        }
        if (body.size, body.root) != (cp.size, cp.root) {
            return Err(LogError::Inconsistent("the stored checkpoint's note disagrees with its size or root".into()));
        }
        if cp.size > size {
            return Err(LogError::Inconsistent(format!(
                "{size} entries stored, but checkpoint {} was signed",
                cp.size
            )));
        }
        if reader::root_at(storage, cp.size).await? != cp.root {
            return Err(LogError::Inconsistent(format!("the stored tree of size {} is not the signed one", cp.size)));
        }
    }
    Ok((frontier, stored))
}

/// Verifies a witness's cosignature line (C2SP tlog-cosignature) over the stored checkpoint
/// and stores the note with it (replacing an earlier cosignature by the same key), by
/// compare-and-swap. Needs no [`Log`]: any process serving the log may take cosignatures while
/// another sequences; the sequencer keeps signing over a note changed this way. Fails with a
/// [`NoteError`] when the line is not a valid cosignature of the stored checkpoint by
/// `witness`, and with [`StorageError::Conflict`] when the checkpoint was replaced meanwhile.
pub async fn add_stored_cosignature<S: Storage>(
    storage: &S,
    witness: &Verifier,
    line: &str,
) -> Result<StoredCheckpoint, LogError> {
    let current = storage.read_checkpoint().await?.ok_or(LogError::NoCheckpoint)?;
    let mut note = Note::parse(&current.note)?;
    note.add_cosignature(witness, line)?;
    let new = StoredCheckpoint { note: note.to_string(), ..current.clone() };
    storage.replace_checkpoint(Some(&current), &new).await?;
    Ok(new)
}

impl<S: Storage> Inner<S> {
    fn lock_queue(&self) -> std::sync::MutexGuard<'_, VecDeque<Pending>> {
        self.queue.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn publish(&self, checkpoint: StoredCheckpoint) {
        *self.checkpoint.write().unwrap_or_else(|p| p.into_inner()) = checkpoint;
    }

    /// Takes pending appends, oldest first, up to the batch limit.
    fn take_batch(&self) -> Vec<Pending> {
        let mut queue = self.lock_queue();
        let mut taken = Vec::new();
        let mut count = 0;
        while let Some(p) = queue.front() {
            if !taken.is_empty() && count + p.entries.len() > self.options.max_batch_entries {
                break;
            }
            count += p.entries.len();
            taken.extend(queue.pop_front());
        }
        taken
    }

    async fn commit_batch(&self, seq: &mut Sequencer) {
        let pending = self.take_batch();
        if pending.is_empty() {
            return;
        }
        if seq.stopped {
            for p in pending {
                let _ = p.reply.send(Err(Arc::new(LogError::Stopped)));
            }
            return;
        }
        let mut frontier = seq.frontier.clone();
        let mut replies = Vec::with_capacity(pending.len());
        let mut entries = Vec::new();
        let mut next = frontier.size();
        for p in pending {
            replies.push((next, p.reply));
            next += p.entries.len() as u64;
            entries.extend(p.entries);
        }
        let batch = Batch::build(&mut frontier, entries);
        let result = match self.storage.append(batch).await {
            Ok(()) => {
                seq.frontier = frontier;
                self.size.store(seq.frontier.size(), Ordering::Release);
                let due = self.options.checkpoint_interval.is_some_and(|every| seq.last_signed.elapsed() >= every);
                if due {
                    // The entries are durable whatever happens to the checkpoint; a failure
                    // to sign one stops the log, to be looked into.
                    if self.sign(seq).await.is_err() {
                        seq.stopped = true;
                    }
                }
                Ok(())
            }
            Err(e) => {
                seq.stopped = true;
                Err(Arc::new(LogError::from(e)))
            }
        };
        for (index, reply) in replies {
            let _ = reply.send(result.clone().map(|()| index));
        }
    }

    /// Signs and stores a checkpoint of the sequencer's tree, after checking it against the
    /// stored last checkpoint.
    async fn sign(&self, seq: &mut Sequencer) -> Result<StoredCheckpoint, LogError> {
        let (size, root) = (seq.frontier.size(), seq.frontier.root());
        let previous = self.storage.read_checkpoint().await?;
        if let Some(prev) = &previous {
            if prev.size > size {
                return Err(LogError::Inconsistent(format!(
                    "checkpoint {} was signed, the tree has {size}",
                    prev.size
                )));
            }
            if prev.size == size {
                if prev.root != root {
                    return Err(LogError::Inconsistent(format!("another root was signed for size {size}")));
                }
                self.publish(prev.clone());
                return Ok(prev.clone());
            }
            if prev.size == 0 {
                if prev.root != empty_root() {
                    return Err(LogError::Inconsistent(
                        "the signed empty tree has a root other than SHA-256(\"\")".into(),
                    ));
                }
            } else {
                let proof = reader::consistency_proof(&self.storage, prev.size, size).await?;
                verify_consistency(prev.size, size, &prev.root, &root, &proof).map_err(|e| {
                    LogError::Inconsistent(format!("tree {size} is not an extension of signed tree {}: {e}", prev.size))
                })?;
            }
        }
        let body = Checkpoint::new(self.signer.name(), size, root).body();
        let note = Note::sign(&body, &[&self.signer])?.to_string();
        let new = StoredCheckpoint { size, root, note };
        let mut expected = previous;
        for attempt in 0.. {
            match self.storage.replace_checkpoint(expected.as_ref(), &new).await {
                Ok(()) => break,
                // Another process (any process may take a witness's cosignature) changed the
                // stored note but not the tree head it signs: the check above still holds.
                Err(StorageError::Conflict(_)) if attempt < 8 => {
                    let now = self.storage.read_checkpoint().await?;
                    let same_head = |c: &Option<StoredCheckpoint>| c.as_ref().map(|c| (c.size, c.root));
                    if same_head(&now) != same_head(&expected) {
                        return Err(LogError::Inconsistent(
                            "another writer replaced the stored checkpoint meanwhile".into(),
                        ));
                    }
                    expected = now;
                }
                Err(e) => return Err(e.into()),
            }
        }
        seq.last_signed = Instant::now();
        self.publish(new.clone());
        Ok(new)
    }
}
