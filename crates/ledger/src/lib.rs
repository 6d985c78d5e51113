//! A tamper-evident transparency log: an append-only list of entries committed to by an
//! RFC 9162 Merkle tree, published as signed C2SP checkpoints, readable as C2SP
//! tlog-tiles, and cosignable by C2SP tlog-cosignature witnesses.
//!
//! The crate knows nothing about its user: entries are bytes (at most 65535 each).
//!
//! * [`hash`]: leaf and node hashes, the Merkle Tree Hash, the incremental [`Frontier`].
//! * [`proof`]: inclusion and consistency proofs, produced from O(log n) stored hashes and
//!   verified by the RFC 9162 algorithms.
//! * [`tile`]: tile and entry-bundle paths (`tile/0/x001/x234/067.p/8`) and contents.
//! * [`checkpoint`] and [`note`]: checkpoint bodies, Ed25519 signed notes, verifier and
//!   signer keys as Go's `sumdb/note` writes them, witness cosignatures.
//! * [`storage`]: the [`Storage`] trait a database implements, [`MemoryStorage`], and
//!   [`FileStorage`] (append-only files, fsynced before an append is acknowledged).
//! * [`Log`]: the sequencer. Concurrent appends share durable batches; checkpoints are
//!   signed only after a consistency check against the stored last checkpoint.
//! * [`reader`]: roots, proofs and tiles from any storage, without the signing key.
//! * [`verify_all`]: recomputes everything and names the first divergence.
//!
//! ```
//! # tokio::runtime::Runtime::new().unwrap().block_on(async {
//! use ledger::{Log, LogOptions, MemoryStorage, Signer, KeyType};
//!
//! let signer = Signer::generate("ledger.example.go.id", KeyType::Ed25519, &mut rand::thread_rng())?;
//! let log = Log::open(MemoryStorage::new(), signer, LogOptions::default()).await?;
//! let index = log.append(b"izin 17 diterbitkan".to_vec()).await?;
//! let checkpoint = log.checkpoint(); // signed after the batch, so it covers the entry
//! let proof = log.inclusion_proof(index, checkpoint.size).await?;
//! ledger::verify_inclusion(index, checkpoint.size, &ledger::leaf_hash(b"izin 17 diterbitkan"), &proof, &checkpoint.root)?;
//! let (opened, _note) = ledger::open_checkpoint(&checkpoint.note, log.verifier())?;
//! assert_eq!(opened.size, 1);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! # }).unwrap();
//! ```

pub mod checkpoint;
mod file;
pub mod hash;
mod log;
pub mod note;
pub mod proof;
pub mod reader;
pub mod storage;
pub mod tile;
mod verify;

pub use checkpoint::{open_checkpoint, Checkpoint, CheckpointError};
pub use file::FileStorage;
pub use hash::{empty_root, leaf_hash, node_hash, tree_root, Frontier, Hash, NodeId};
pub use log::{add_stored_cosignature, check_stored, Log, LogError, LogOptions};
pub use note::{KeyType, Note, NoteError, Signature, Signer, Verifier};
pub use proof::{verify_consistency, verify_inclusion, ProofError};
pub use reader::ReadError;
pub use storage::{MemoryStorage, Storage, StorageError, StoredCheckpoint};
pub use tile::{Tile, TileKind};
pub use verify::{verify_all, Divergence, VerifyError, VerifyProgress, VerifyReport};
