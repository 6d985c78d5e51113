//! The sequencer, the storages, recovery, checkpoint safety, cosignatures, tiles and
//! full verification, as the platform will use them.

use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use ledger::storage::{Batch, HashRange, StoredCheckpoint};
use ledger::tile::{decode_bundle, decode_hash_tile, entry_bundles, hash_tiles};
use ledger::{
    leaf_hash, open_checkpoint, reader, tree_root, verify_all, verify_consistency, verify_inclusion, Divergence,
    FileStorage, Hash, KeyType, Log, LogError, LogOptions, MemoryStorage, Signer, Storage, StorageError, TileKind,
    VerifyError,
};

const ORIGIN: &str = "ledger.example.go.id/test";

fn signer() -> Signer {
    Signer::from_seed(ORIGIN, KeyType::Ed25519, [42; 32]).expect("signer")
}

fn entry(i: u64) -> Vec<u8> {
    format!("entry {i}: izin usaha diterbitkan").into_bytes()
}

fn no_auto_checkpoints() -> LogOptions {
    LogOptions { checkpoint_interval: None, ..LogOptions::default() }
}

/// A storage that counts batches, around another one: also an example of implementing
/// [`Storage`] outside the crate.
#[derive(Default)]
struct Counting {
    inner: MemoryStorage,
    batches: AtomicUsize,
}

impl Storage for Counting {
    async fn entry_count(&self) -> Result<u64, StorageError> {
        self.inner.entry_count().await
    }
    async fn hash_count(&self, level: u8) -> Result<u64, StorageError> {
        self.inner.hash_count(level).await
    }
    async fn append(&self, batch: Batch) -> Result<(), StorageError> {
        self.batches.fetch_add(1, Ordering::SeqCst);
        self.inner.append(batch).await
    }
    async fn read_entries(&self, start: u64, count: u64) -> Result<Vec<Vec<u8>>, StorageError> {
        self.inner.read_entries(start, count).await
    }
    async fn read_hashes(&self, level: u8, start: u64, count: u64) -> Result<Vec<Hash>, StorageError> {
        self.inner.read_hashes(level, start, count).await
    }
    async fn read_hash_ranges(&self, ranges: &[HashRange]) -> Result<Vec<Vec<Hash>>, StorageError> {
        self.inner.read_hash_ranges(ranges).await
    }
    async fn read_checkpoint(&self) -> Result<Option<StoredCheckpoint>, StorageError> {
        self.inner.read_checkpoint().await
    }
    async fn replace_checkpoint(
        &self,
        expected: Option<&StoredCheckpoint>,
        new: &StoredCheckpoint,
    ) -> Result<(), StorageError> {
        self.inner.replace_checkpoint(expected, new).await
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_appends_share_durable_batches_and_are_covered_when_acknowledged() {
    let log = Log::open(Counting::default(), signer(), LogOptions::default()).await.expect("open");
    let tasks: Vec<_> = (0..500u64)
        .map(|i| {
            let log = log.clone();
            tokio::spawn(async move {
                let index = log.append(entry(i)).await.expect("append");
                // Acknowledged: durable, and (default options) covered by a checkpoint.
                let cp = log.checkpoint();
                assert!(cp.size > index);
                let proof = log.inclusion_proof(index, cp.size).await.expect("proof");
                verify_inclusion(index, cp.size, &leaf_hash(&entry(i)), &proof, &cp.root).expect("included");
                (index, i)
            })
        })
        .collect();
    let mut seen = Vec::new();
    for t in tasks {
        seen.push(t.await.expect("task"));
    }
    seen.sort();
    assert_eq!(seen.iter().map(|(index, _)| *index).collect::<Vec<_>>(), (0..500).collect::<Vec<_>>());
    for (index, i) in seen {
        assert_eq!(log.entry(index).await.expect("entry"), entry(i));
    }
    let batches = log.storage().batches.load(Ordering::SeqCst);
    assert!(batches < 500, "500 appends took {batches} batches");
    let range = log.append_all((500..510).map(entry).collect()).await.expect("append_all");
    assert_eq!(range, 500..510);
    let report = verify_all(log.storage(), Some(log.verifier()), |_| {}).await.expect("verifies");
    assert_eq!(report.entries, 510);
}

#[tokio::test]
async fn file_log_survives_restart_with_the_same_tree() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (cp, root) = {
        let log = Log::open(FileStorage::open(dir.path()).await.expect("storage"), signer(), LogOptions::default())
            .await
            .expect("open");
        log.append_all((0..1000).map(entry).collect()).await.expect("append");
        (log.checkpoint(), reader::root_at(log.storage(), 1000).await.expect("root"))
    };
    assert_eq!(cp.size, 1000);
    assert_eq!(root, tree_root(&(0..1000).map(|i| leaf_hash(&entry(i))).collect::<Vec<_>>()));
    let log = Log::open(FileStorage::open(dir.path()).await.expect("storage"), signer(), LogOptions::default())
        .await
        .expect("reopen");
    assert_eq!(log.checkpoint(), cp);
    assert_eq!(log.size(), 1000);
    let index = log.append(entry(1000)).await.expect("append after restart");
    assert_eq!(index, 1000);
    let new = log.checkpoint();
    let proof = log.consistency_proof(1000, 1001).await.expect("proof");
    verify_consistency(1000, 1001, &cp.root, &new.root, &proof).expect("consistent");
    let (opened, _) = open_checkpoint(&new.note, log.verifier()).expect("signed");
    assert_eq!((opened.origin.as_str(), opened.size), (ORIGIN, 1001));
}

#[tokio::test]
async fn a_directory_is_opened_by_one_process_at_a_time() {
    let dir = tempfile::tempdir().expect("tempdir");
    let _first = FileStorage::open(dir.path()).await.expect("first");
    assert!(matches!(FileStorage::open(dir.path()).await, Err(StorageError::Conflict(_))));
}

fn append_bytes(path: &Path, bytes: &[u8]) {
    use std::io::Write as _;
    let mut f = std::fs::OpenOptions::new().append(true).open(path).expect("open file");
    f.write_all(bytes).expect("write");
}

#[tokio::test]
async fn a_torn_batch_is_cut_off_and_unsigned_acknowledged_entries_are_kept() {
    let dir = tempfile::tempdir().expect("tempdir");
    {
        let log = Log::open(FileStorage::open(dir.path()).await.expect("storage"), signer(), no_auto_checkpoints())
            .await
            .expect("open");
        log.append_all((0..300).map(entry).collect()).await.expect("append");
        log.sign_checkpoint().await.expect("sign");
        // Acknowledged but not yet checkpointed.
        for i in 300..310 {
            log.append(entry(i)).await.expect("append");
        }
    }
    // A crash in the middle of the next batch: half an entry, stray hash bytes, and a
    // torn index slot.
    append_bytes(&dir.path().join("entries"), &[0, 40, b'x', b'y']);
    append_bytes(&dir.path().join("hashes.0"), &[7; 45]);
    append_bytes(&dir.path().join("entries.idx"), &[0, 0, 0]);
    let log = Log::open(FileStorage::open(dir.path()).await.expect("storage"), signer(), no_auto_checkpoints())
        .await
        .expect("reopen");
    assert_eq!(log.size(), 310);
    assert_eq!(log.checkpoint().size, 300);
    assert_eq!(log.entry(309).await.expect("entry"), entry(309));
    assert_eq!(log.append(entry(310)).await.expect("append"), 310);
    let cp = log.sign_checkpoint().await.expect("sign");
    assert_eq!(cp.size, 311);
    verify_all(log.storage(), Some(log.verifier()), |_| {}).await.expect("verifies");
}

#[tokio::test]
async fn garbage_in_the_unsigned_tail_cuts_the_log_before_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    {
        let log = Log::open(FileStorage::open(dir.path()).await.expect("storage"), signer(), no_auto_checkpoints())
            .await
            .expect("open");
        log.append_all((0..300).map(entry).collect()).await.expect("append");
        log.sign_checkpoint().await.expect("sign");
        log.append_all((300..600).map(entry).collect()).await.expect("append");
    }
    // As if the pages of entry 450 and of level-0 hash 520 never reached the disk.
    flip_byte(&dir.path().join("entries"), entry_offset(dir.path(), 520) + 3);
    flip_byte(&dir.path().join("entries"), entry_offset(dir.path(), 450) + 3);
    let log = Log::open(FileStorage::open(dir.path()).await.expect("storage"), signer(), no_auto_checkpoints())
        .await
        .expect("reopen");
    assert_eq!(log.size(), 450);
    verify_all(log.storage(), Some(log.verifier()), |_| {}).await.expect("verifies");
    // Damage below the signed checkpoint is not cut silently: verify_all reports it.
    drop(log);
    flip_byte(&dir.path().join("entries"), entry_offset(dir.path(), 100) + 3);
    assert!(matches!(verify_dir(dir.path()).await, Err(VerifyError::Diverged(Divergence::Entry { index: 100 }))));
}

#[tokio::test]
async fn a_torn_checkpoint_write_falls_back_to_the_previous_checkpoint() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (previous, latest) = {
        let log = Log::open(FileStorage::open(dir.path()).await.expect("storage"), signer(), LogOptions::default())
            .await
            .expect("open");
        log.append_all((0..10).map(entry).collect()).await.expect("append");
        let previous = log.checkpoint();
        log.append_all((10..20).map(entry).collect()).await.expect("append");
        (previous, log.checkpoint())
    };
    // The write of the latest checkpoint did not finish: its slot is torn.
    let slot = ["checkpoint.0", "checkpoint.1"]
        .map(|name| dir.path().join(name))
        .into_iter()
        .find(|path| std::fs::read(path).is_ok_and(|b| b.ends_with(latest.note.as_bytes())))
        .expect("the slot of the latest checkpoint");
    append_bytes(&slot, b"torn");
    let log = Log::open(FileStorage::open(dir.path()).await.expect("storage"), signer(), no_auto_checkpoints())
        .await
        .expect("reopen");
    assert_eq!(log.checkpoint(), previous);
    assert_eq!(log.size(), 20);
    // The entries were acknowledged and are kept; the same tree is signed again.
    assert_eq!(log.sign_checkpoint().await.expect("sign").root, latest.root);
}

#[tokio::test]
async fn open_refuses_a_store_that_does_not_match_its_signed_checkpoint() {
    // Two histories that share their first entry.
    let honest = Log::open(MemoryStorage::new(), signer(), LogOptions::default()).await.expect("open");
    honest.append_all(vec![b"a".to_vec(), b"b".to_vec()]).await.expect("append");
    let signed = honest.checkpoint();

    let forked = MemoryStorage::new();
    forked
        .append(Batch::build(&mut ledger::Frontier::new(), vec![b"a".to_vec(), b"c".to_vec()]))
        .await
        .expect("append");
    forked.replace_checkpoint(None, &signed).await.expect("plant checkpoint");
    assert!(matches!(Log::open(forked, signer(), LogOptions::default()).await, Err(LogError::Inconsistent(_))));

    // A checkpoint larger than the stored log (entries lost) is refused too.
    let short = MemoryStorage::new();
    short.append(Batch::build(&mut ledger::Frontier::new(), vec![b"a".to_vec()])).await.expect("append");
    short.replace_checkpoint(None, &signed).await.expect("plant checkpoint");
    assert!(matches!(Log::open(short, signer(), LogOptions::default()).await, Err(LogError::Inconsistent(_))));
}

#[tokio::test]
async fn signing_rereads_the_stored_checkpoint_and_refuses_a_fork() {
    let honest = Log::open(MemoryStorage::new(), signer(), LogOptions::default()).await.expect("open");
    honest.append_all(vec![b"a".to_vec(), b"b".to_vec()]).await.expect("append");
    let signed = honest.checkpoint();

    // Another log with the same key took a different path; then the first one's checkpoint
    // shows up in its storage (say, a second sequencer on the same database).
    let log = Log::open(MemoryStorage::new(), signer(), no_auto_checkpoints()).await.expect("open");
    log.append_all(vec![b"a".to_vec(), b"c".to_vec(), b"d".to_vec()]).await.expect("append");
    let current = log.storage().read_checkpoint().await.expect("read");
    log.storage().replace_checkpoint(current.as_ref(), &signed).await.expect("plant");
    assert!(matches!(log.sign_checkpoint().await, Err(LogError::Inconsistent(_))));
    assert_eq!(log.storage().read_checkpoint().await.expect("read"), Some(signed));
}

#[tokio::test]
async fn witness_cosignatures_are_verified_merged_and_kept() {
    let dir = tempfile::tempdir().expect("tempdir");
    let witness = Signer::from_seed("witness.example/w1", KeyType::Cosignature, [9; 32]).expect("witness");
    let log = Log::open(FileStorage::open(dir.path()).await.expect("storage"), signer(), LogOptions::default())
        .await
        .expect("open");
    log.append(entry(0)).await.expect("append");
    let cp = log.checkpoint();
    let (_, note) = open_checkpoint(&cp.note, log.verifier()).expect("open");
    let line = witness.sign_at(&note.text, 1_700_000_000).expect("cosign").to_string();
    let bad =
        witness.sign_at("other\n1\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n", 1).expect("cosign").to_string();
    assert!(log.add_cosignature(witness.verifier(), &bad).await.is_err());
    let cosigned = log.add_cosignature(witness.verifier(), &line).await.expect("merge");
    assert_eq!((cosigned.size, cosigned.root), (cp.size, cp.root));
    let opened =
        ledger::note::open(&cosigned.note, &[log.verifier().clone(), witness.verifier().clone()]).expect("open");
    assert_eq!(opened.signatures.len(), 2);
    assert_eq!(opened.cosignature_by(witness.verifier()).expect("cosigned"), 1_700_000_000);
    drop(log);
    let log = Log::open(FileStorage::open(dir.path()).await.expect("storage"), signer(), LogOptions::default())
        .await
        .expect("reopen");
    assert_eq!(log.checkpoint().note, cosigned.note);
}

#[tokio::test]
async fn tiles_and_bundles_hold_the_tree() {
    let dir = tempfile::tempdir().expect("tempdir");
    let log = Log::open(FileStorage::open(dir.path()).await.expect("storage"), signer(), LogOptions::default())
        .await
        .expect("open");
    let entries: Vec<Vec<u8>> = (0..66_000).map(entry).collect();
    log.append_all(entries[..65_600].to_vec()).await.expect("append");
    log.append_all(entries[65_600..].to_vec()).await.expect("append");
    let size = log.checkpoint().size;
    assert_eq!(size, 66_000);
    let leaves: Vec<Hash> = entries.iter().map(|e| leaf_hash(e)).collect();
    for tile in hash_tiles(size) {
        let bytes = log.tile(&tile).await.expect("read").expect("exists");
        let hashes = decode_hash_tile(&bytes).expect("hashes");
        assert_eq!(hashes.len(), usize::from(tile.width));
        let TileKind::Hashes(level) = tile.kind else { unreachable!() };
        let span = 256usize.pow(u32::from(level));
        for (i, h) in hashes.iter().enumerate() {
            let first = (tile.first() as usize + i) * span;
            assert_eq!(*h, tree_root(&leaves[first..first + span]), "{tile}");
        }
    }
    for bundle in entry_bundles(size) {
        let bytes = log.tile(&bundle).await.expect("read").expect("exists");
        let first = bundle.first() as usize;
        assert_eq!(decode_bundle(&bytes).expect("bundle"), entries[first..first + usize::from(bundle.width)]);
    }
    let missing = ledger::Tile { kind: TileKind::Hashes(0), index: 257, width: 209 };
    assert_eq!(log.tile(&missing).await.expect("read"), None);
    let parsed = ledger::Tile::parse_path("tile/2/000.p/1").expect("path");
    assert_eq!(log.tile(&parsed).await.expect("read").map(|b| b.len()), Some(32));
}

#[tokio::test]
async fn entries_longer_than_a_bundle_allows_are_refused() {
    let log = Log::open(MemoryStorage::new(), signer(), LogOptions::default()).await.expect("open");
    assert!(matches!(log.append(vec![0; 65_536]).await, Err(LogError::EntryTooLarge(65_536))));
    assert_eq!(log.append(vec![0; 65_535]).await.expect("append"), 0);
}

async fn file_log_with(dir: &Path, count: u64) -> Log<FileStorage> {
    let log =
        Log::open(FileStorage::open(dir).await.expect("storage"), signer(), LogOptions::default()).await.expect("open");
    log.append_all((0..count).map(entry).collect()).await.expect("append");
    log
}

fn flip_byte(path: &Path, offset: u64) {
    use std::os::unix::fs::FileExt as _;
    let f = std::fs::OpenOptions::new().read(true).write(true).open(path).expect("open");
    let mut b = [0u8; 1];
    f.read_exact_at(&mut b, offset).expect("read");
    f.write_all_at(&[b[0] ^ 0x20], offset).expect("write");
}

fn entry_offset(dir: &Path, index: u64) -> u64 {
    let idx = std::fs::read(dir.join("entries.idx")).expect("index");
    let at = index as usize * 8;
    u64::from_be_bytes(idx[at..at + 8].try_into().expect("8 bytes"))
}

async fn verify_dir(dir: &Path) -> Result<ledger::VerifyReport, VerifyError> {
    let storage = FileStorage::open(dir).await.expect("storage");
    verify_all(&storage, Some(signer().verifier()), |_| {}).await
}

#[tokio::test]
async fn verify_all_passes_a_clean_log_and_reports_progress() {
    let dir = tempfile::tempdir().expect("tempdir");
    let log = file_log_with(dir.path(), 70_000).await;
    let mut calls = Vec::new();
    let report = verify_all(log.storage(), Some(log.verifier()), |p| calls.push(p)).await.expect("clean");
    assert_eq!(report.entries, 70_000);
    assert_eq!(report.root, log.checkpoint().root);
    assert_eq!(calls.last().map(|p| (p.done, p.total)), Some((70_000, 70_000)));
    assert!(calls.len() > 10);
}

#[tokio::test]
async fn verify_all_names_the_first_changed_entry() {
    let dir = tempfile::tempdir().expect("tempdir");
    drop(file_log_with(dir.path(), 3000).await);
    flip_byte(&dir.path().join("entries"), entry_offset(dir.path(), 2900) + 4);
    flip_byte(&dir.path().join("entries"), entry_offset(dir.path(), 1234) + 4);
    assert!(matches!(verify_dir(dir.path()).await, Err(VerifyError::Diverged(Divergence::Entry { index: 1234 }))));
}

#[tokio::test]
async fn verify_all_names_a_changed_tile_hash() {
    let dir = tempfile::tempdir().expect("tempdir");
    drop(file_log_with(dir.path(), 70_000).await);
    // Hash 3 of level 1 covers entries 768..1024.
    flip_byte(&dir.path().join("hashes.1"), 3 * 32 + 5);
    let err = verify_dir(dir.path()).await;
    assert!(
        matches!(
            err,
            Err(VerifyError::Diverged(Divergence::TileHash { level: 1, index: 3, first_entry: 768, end_entry: 1024 }))
        ),
        "{err:?}"
    );
    // Opening checks only the O(log n) hashes of the signed root, which this one is not
    // among; but a proof that uses it no longer verifies, so clients notice.
    let log = Log::open(FileStorage::open(dir.path()).await.expect("storage"), signer(), LogOptions::default())
        .await
        .expect("open");
    let cp = log.checkpoint();
    let proof = log.inclusion_proof(600, cp.size).await.expect("proof");
    assert!(verify_inclusion(600, cp.size, &leaf_hash(&entry(600)), &proof, &cp.root).is_err());
    drop(log);
    // A changed hash under the signed root stops the log from opening at all.
    flip_byte(&dir.path().join("hashes.2"), 0);
    let storage = FileStorage::open(dir.path()).await.expect("storage");
    assert!(matches!(Log::open(storage, signer(), LogOptions::default()).await, Err(LogError::Inconsistent(_))));
}

#[tokio::test]
async fn verify_all_catches_a_consistent_rewrite_by_the_signed_root() {
    // Someone rewrites entry 5 and recomputes every stored hash: only the signature catches it.
    let signed = {
        let log = Log::open(MemoryStorage::new(), signer(), LogOptions::default()).await.expect("open");
        log.append_all((0..10).map(entry).collect()).await.expect("append");
        log.checkpoint()
    };
    let mut rewritten: Vec<Vec<u8>> = (0..10).map(entry).collect();
    rewritten[5] = b"forged".to_vec();
    let storage = MemoryStorage::new();
    storage.append(Batch::build(&mut ledger::Frontier::new(), rewritten)).await.expect("append");
    storage.replace_checkpoint(None, &signed).await.expect("plant");
    let result = verify_all(&storage, Some(signer().verifier()), |_| {}).await;
    assert!(matches!(result, Err(VerifyError::Diverged(Divergence::CheckpointRoot { size: 10, .. }))), "{result:?}");
    // And a checkpoint signed by someone else is refused when the key is given.
    let other = Signer::from_seed(ORIGIN, KeyType::Ed25519, [1; 32]).expect("signer");
    let result = verify_all(&storage, Some(other.verifier()), |_| {}).await;
    assert!(matches!(result, Err(VerifyError::Diverged(Divergence::CheckpointNote(_)))), "{result:?}");
}

#[tokio::test]
async fn proofs_verify_against_checkpoints_across_a_growing_file_log() {
    let dir = tempfile::tempdir().expect("tempdir");
    let log = Log::open(FileStorage::open(dir.path()).await.expect("storage"), signer(), LogOptions::default())
        .await
        .expect("open");
    let mut checkpoints = Vec::new();
    let mut next = 0u64;
    for batch in [1u64, 7, 250, 1, 300, 4000, 17] {
        log.append_all((next..next + batch).map(entry).collect()).await.expect("append");
        next += batch;
        checkpoints.push(log.checkpoint());
    }
    let shared = Arc::new(checkpoints);
    for (i, old) in shared.iter().enumerate() {
        for new in &shared[i..] {
            let proof = log.consistency_proof(old.size, new.size).await.expect("proof");
            verify_consistency(old.size, new.size, &old.root, &new.root, &proof).expect("consistent");
        }
        for index in [0, old.size / 2, old.size - 1] {
            let proof = log.inclusion_proof(index, old.size).await.expect("proof");
            verify_inclusion(index, old.size, &leaf_hash(&entry(index)), &proof, &old.root).expect("included");
        }
    }
}

/// A storage where another process stores a witness's cosignature on the checkpoint right
/// before this sequencer's next compare-and-swap: between its read and its write.
struct CosignedMeanwhile {
    inner: MemoryStorage,
    witness: Signer,
    pending: std::sync::Mutex<bool>,
}

impl Storage for CosignedMeanwhile {
    async fn entry_count(&self) -> Result<u64, StorageError> {
        self.inner.entry_count().await
    }
    async fn hash_count(&self, level: u8) -> Result<u64, StorageError> {
        self.inner.hash_count(level).await
    }
    async fn append(&self, batch: Batch) -> Result<(), StorageError> {
        self.inner.append(batch).await
    }
    async fn read_entries(&self, start: u64, count: u64) -> Result<Vec<Vec<u8>>, StorageError> {
        self.inner.read_entries(start, count).await
    }
    async fn read_hashes(&self, level: u8, start: u64, count: u64) -> Result<Vec<Hash>, StorageError> {
        self.inner.read_hashes(level, start, count).await
    }
    async fn read_checkpoint(&self) -> Result<Option<StoredCheckpoint>, StorageError> {
        self.inner.read_checkpoint().await
    }
    async fn replace_checkpoint(
        &self,
        expected: Option<&StoredCheckpoint>,
        new: &StoredCheckpoint,
    ) -> Result<(), StorageError> {
        let cosign_now = std::mem::take(&mut *self.pending.lock().unwrap_or_else(|p| p.into_inner()));
        if let (true, Some(current)) = (cosign_now, expected) {
            let text = ledger::note::Note::parse(&current.note).expect("note").text;
            let line = self.witness.sign_at(&text, 1_700_000_000).expect("cosign").to_string();
            ledger::add_stored_cosignature(&self.inner, self.witness.verifier(), &line).await.expect("cosign");
        }
        self.inner.replace_checkpoint(expected, new).await
    }
}

#[tokio::test]
async fn a_cosignature_stored_by_another_process_does_not_stop_the_sequencer() {
    let witness = Signer::from_seed("witness.example/w1", KeyType::Cosignature, [9; 32]).expect("witness");
    let storage = CosignedMeanwhile { inner: MemoryStorage::new(), witness, pending: Default::default() };
    let log = Log::open(storage, signer(), LogOptions::default()).await.expect("open");
    log.append(entry(0)).await.expect("append");
    *log.storage().pending.lock().expect("lock") = true;
    log.append(entry(1)).await.expect("append while a witness cosigns");
    assert_eq!(log.checkpoint().size, 2, "the checkpoint was signed after the retry");
    log.append(entry(2)).await.expect("the log did not stop");
    assert_eq!(log.storage().read_checkpoint().await.expect("read").map(|c| c.size), Some(3));

    // The same function is how any process takes a cosignature: only of the stored checkpoint.
    let cp = log.checkpoint();
    let text = ledger::note::Note::parse(&cp.note).expect("note").text;
    let stale = log.storage().witness.sign_at(&text.replace("\n3\n", "\n2\n"), 5).expect("sign").to_string();
    let refused = ledger::add_stored_cosignature(log.storage(), log.storage().witness.verifier(), &stale).await;
    assert!(matches!(refused, Err(LogError::Note(_))), "{refused:?}");
    let line = log.storage().witness.sign_at(&text, 6).expect("sign").to_string();
    let stored = ledger::add_stored_cosignature(log.storage(), log.storage().witness.verifier(), &line).await;
    assert_eq!(stored.expect("stored").size, 3);
    let empty = ledger::add_stored_cosignature(&MemoryStorage::new(), log.storage().witness.verifier(), &line).await;
    assert!(matches!(empty, Err(LogError::NoCheckpoint)));
}
