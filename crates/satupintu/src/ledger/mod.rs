//! The platform's side of the transparency ledger. Every public decision (an application's
//! transition, a document issued or revoked, a catalogue version) is written here as a leaf in
//! the **same transaction** as the change it records, into `ledger_queue`; the ledger's sequencer
//! then appends queued leaves to the Merkle log in order. A leaf carries the event type, public
//! identifiers, the time and SHA-256 hashes of personal data, never personal data itself.

pub mod cli;
pub mod pages;
pub mod sequencer;
pub mod store;
pub mod witness;

use std::sync::atomic::{AtomicBool, Ordering};

use anyhow::Context;
use ledger::{reader, Hash, KeyType, Log, Signer, StoredCheckpoint, Tile, Verifier};
use serde::Serialize;
use serde_json::Value;
use sha2::{Digest, Sha256};
use sqlx::Row as _;

use crate::app::AppState;
use crate::config::Config;
use crate::db::{Db, Tx};

pub use sequencer::spawn_sequencer;
pub use witness::CosignError;

/// The platform's transparency log, on its own database (opened by the sequencer only).
pub type PlatformLog = Log<store::SqlStorage>;

/// The transparency ledger as every process sees it: read from the database, so any process
/// serves the checkpoint, tiles and proofs, takes witnesses' cosignatures, and can become the
/// one sequencer ([`sequencer`]) when the current one goes away.
pub struct Ledger {
    storage: store::SqlStorage,
    signer: Signer,
    witnesses: Vec<Verifier>,
    sequencing: AtomicBool,
}

impl std::fmt::Debug for Ledger {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Ledger").field("origin", &self.signer.name()).finish_non_exhaustive()
    }
}

impl Ledger {
    /// Check the stored log against its last signed checkpoint (refusing a tampered one) and
    /// load the key and the trusted witnesses.
    pub async fn open(config: &Config, db: &Db) -> anyhow::Result<Ledger> {
        let signer = signer(config)?;
        let storage = store::SqlStorage::new(db.clone());
        ledger::check_stored(&storage, signer.name())
            .await
            .context("the transparency ledger does not match its signed checkpoint (run `satupintu ledger verify`)")?;
        Ok(Ledger { storage, signer, witnesses: config.ledger_witness_keys()?, sequencing: AtomicBool::new(false) })
    }

    /// The public key that verifies the checkpoints.
    pub fn verifier(&self) -> &Verifier {
        self.signer.verifier()
    }

    /// The witnesses whose cosignatures the ledger takes.
    pub fn witnesses(&self) -> &[Verifier] {
        &self.witnesses
    }

    pub fn storage(&self) -> &store::SqlStorage {
        &self.storage
    }

    /// Whether this process is the sequencer now.
    pub fn is_sequencer(&self) -> bool {
        self.sequencing.load(Ordering::Acquire)
    }

    /// The latest signed checkpoint (with any witness cosignatures), none before the first.
    pub async fn checkpoint(&self) -> anyhow::Result<Option<StoredCheckpoint>> {
        use ledger::Storage as _;
        Ok(self.storage.read_checkpoint().await?)
    }

    /// Number of entries in the log (some may await a checkpoint).
    pub async fn size(&self) -> anyhow::Result<u64> {
        use ledger::Storage as _;
        Ok(self.storage.entry_count().await?)
    }

    /// Entry `index`.
    pub async fn entry(&self, index: u64) -> anyhow::Result<Vec<u8>> {
        use ledger::Storage as _;
        self.storage.read_entries(index, 1).await?.pop().context("empty read")
    }

    /// A hash tile or entry bundle of the tree of the latest checkpoint (none if it is not in it).
    pub async fn tile(&self, tile: &Tile) -> anyhow::Result<Option<Vec<u8>>> {
        let size = self.checkpoint().await?.map_or(0, |c| c.size);
        Ok(reader::read_tile(&self.storage, tile, size).await?)
    }

    /// The consistency proof from the tree of `from` entries to the tree of `to` entries, both
    /// at most the latest checkpoint's size.
    pub async fn consistency(&self, from: u64, to: u64) -> Result<Vec<Hash>, LedgerError> {
        let size = self.checkpoint().await?.map_or(0, |c| c.size);
        if from == 0 || from > to || to > size {
            return Err(LedgerError::TreeSizes { from, to, size });
        }
        reader::consistency_proof(&self.storage, from, to).await.map_err(|e| LedgerError::Internal(e.into()))
    }
}

/// A ledger request the ledger cannot answer.
#[derive(Debug, thiserror::Error)]
pub enum LedgerError {
    /// Sizes outside `1 <= from <= to <= size of the latest checkpoint`.
    #[error("no consistency proof from {from} to {to}: the latest checkpoint has {size} entries")]
    TreeSizes { from: u64, to: u64, size: u64 },
    #[error(transparent)]
    Cosignature(#[from] CosignError),
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl From<LedgerError> for crate::web::AppError {
    fn from(e: LedgerError) -> Self {
        use crate::web::AppError;
        match e {
            LedgerError::TreeSizes { .. } => {
                AppError::BadRequest { key: "error-ledger-tree-size", detail: Some(e.to_string()) }
            }
            LedgerError::Cosignature(c) => c.into(),
            LedgerError::Internal(e) => AppError::Internal(e),
        }
    }
}

/// The log's origin (and its key's name): configured, or the public URL's host, or this
/// machine's host name.
pub fn origin(config: &Config) -> String {
    config
        .ledger_origin
        .clone()
        .filter(|o| !o.trim().is_empty())
        .or_else(|| config.public_url.as_deref().and_then(|u| url::Url::parse(u).ok()?.host_str().map(str::to_string)))
        .or_else(|| std::fs::read_to_string("/proc/sys/kernel/hostname").ok().map(|h| h.trim().to_string()))
        .filter(|o| !o.is_empty())
        .unwrap_or_else(|| "satupintu.localhost".into())
}

/// Where the log's signing key is kept: `data_dir/ledger.key`.
pub fn key_path(config: &Config) -> std::path::PathBuf {
    config.data_dir.join("ledger.key")
}

/// Read the log's signing key and check it names the configured origin; none when its file
/// does not exist.
pub fn read_signer(config: &Config) -> anyhow::Result<Option<Signer>> {
    let path = key_path(config);
    let signer = match std::fs::read_to_string(&path) {
        Ok(text) => Signer::from_skey(text.trim()).with_context(|| format!("ledger key {}", path.display()))?,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e).with_context(|| format!("cannot read {}", path.display())),
    };
    let origin = origin(config);
    anyhow::ensure!(
        signer.name() == origin,
        "the ledger key in {} is for the origin {:?} but the configured origin is {origin:?}; set ledger_origin = {:?}",
        path.display(),
        signer.name(),
        signer.name()
    );
    Ok(Some(signer))
}

/// The log's signing key, from `data_dir/ledger.key` (created on first start).
pub fn signer(config: &Config) -> anyhow::Result<Signer> {
    if let Some(signer) = read_signer(config)? {
        return Ok(signer);
    }
    let path = key_path(config);
    let signer = Signer::generate(&origin(config), KeyType::Ed25519, &mut rand::thread_rng())?;
    write_secret(&path, &signer.to_skey()).with_context(|| format!("cannot write {}", path.display()))?;
    Ok(signer)
}

fn write_secret(path: &std::path::Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut opts, 0o600);
    let mut f = opts.open(path)?;
    f.write_all(text.as_bytes())?;
    f.sync_all()
}

/// One leaf, as canonical JSON (keys sorted, no spaces) so anyone can recompute its hash.
#[derive(Serialize, Debug, Clone, PartialEq)]
pub struct Leaf {
    /// `application.<action>`, `document.issued`, `document.revoked`, `catalog.version`.
    #[serde(rename = "type")]
    pub kind: String,
    /// Unix seconds (UTC).
    pub at: i64,
    /// Public identifiers and hashes, specific to the kind.
    pub data: serde_json::Map<String, Value>,
}

impl Leaf {
    pub fn new(kind: impl Into<String>, at: i64) -> Leaf {
        Leaf { kind: kind.into(), at, data: Default::default() }
    }

    /// Add a public field.
    pub fn with(mut self, key: &str, value: impl Into<Value>) -> Leaf {
        self.data.insert(key.into(), value.into());
        self
    }

    /// Add the SHA-256 (hex) of personal or bulky data instead of the data.
    pub fn with_hash(self, key: &str, bytes: &[u8]) -> Leaf {
        self.with(key, sha256_hex(bytes))
    }

    /// The canonical bytes that become the ledger entry.
    pub fn canonical(&self) -> Vec<u8> {
        let v = serde_json::to_value(self).unwrap_or(Value::Null);
        canonical_json(&v).into_bytes()
    }
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// JSON with object keys sorted and no insignificant whitespace (serde_json's map is ordered
/// by key already unless `preserve_order` is on; sort explicitly to be independent of it).
pub fn canonical_json(v: &Value) -> String {
    match v {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            let parts: Vec<String> = keys
                .iter()
                .map(|k| format!("{}:{}", Value::String((*k).clone()), canonical_json(&map[k.as_str()])))
                .collect();
            format!("{{{}}}", parts.join(","))
        }
        Value::Array(items) => format!("[{}]", items.iter().map(canonical_json).collect::<Vec<_>>().join(",")),
        other => other.to_string(),
    }
}

/// Queue `leaf` in the caller's transaction: it reaches the log if and only if the change commits.
pub async fn record(tx: &mut Tx, leaf: &Leaf) -> Result<(), sqlx::Error> {
    let body = String::from_utf8(leaf.canonical()).unwrap_or_default();
    sqlx::query("INSERT INTO ledger_queue (body, created_at) VALUES ($1, $2)")
        .bind(body)
        .bind(leaf.at)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leaves_are_canonical_and_carry_hashes_not_personal_data() {
        let leaf = Leaf::new("application.submit", 1_790_000_000)
            .with("code", "SP-2026-000001")
            .with_hash("fields_sha256", br#"{"nik":"3273014506900001"}"#);
        let text = String::from_utf8(leaf.canonical()).expect("utf-8");
        assert_eq!(
            text,
            format!(
                r#"{{"at":1790000000,"data":{{"code":"SP-2026-000001","fields_sha256":"{}"}},"type":"application.submit"}}"#,
                sha256_hex(br#"{"nik":"3273014506900001"}"#)
            )
        );
        assert!(!text.contains("3273014506900001"));
        let nested = serde_json::json!({"b": [ {"z": 1, "a": 2} ], "a": "x"});
        assert_eq!(canonical_json(&nested), r#"{"a":"x","b":[{"a":2,"z":1}]}"#);
    }
}

/// One log entry with its inclusion proof in the latest checkpoint, checked on the server.
#[derive(Serialize, utoipa::ToSchema, Clone, Debug)]
pub struct EntryProof {
    pub index: u64,
    /// The entry (canonical JSON of the leaf).
    pub entry: String,
    /// `SHA-256(0x00 || entry)`, base64.
    pub leaf_hash: String,
    /// The size of the tree the proof is against; none while the entry awaits a checkpoint.
    pub tree_size: Option<u64>,
    /// RFC 9162 inclusion proof, base64 hashes.
    pub inclusion_proof: Vec<String>,
    /// The signed checkpoint (C2SP signed note) the proof is against.
    pub checkpoint: String,
    /// The server's own check: the checkpoint's signature, and the entry's hash and proof
    /// leading to its root.
    pub verified: bool,
}

/// The proof of entry `index` against the latest checkpoint (none when the log has no such entry).
pub async fn entry_proof(state: &AppState, index: u64) -> anyhow::Result<Option<EntryProof>> {
    let log = &state.ledger;
    if index >= log.size().await? {
        return Ok(None);
    }
    let entry = log.entry(index).await?;
    let cp = log.checkpoint().await?.unwrap_or_else(|| StoredCheckpoint {
        size: 0,
        root: ledger::empty_root(),
        note: String::new(),
    });
    let leaf = ledger::leaf_hash(&entry);
    let (tree_size, proof, verified) = if index < cp.size {
        let proof = reader::inclusion_proof(log.storage(), index, cp.size).await?;
        let signed = ledger::open_checkpoint(&cp.note, log.verifier())
            .is_ok_and(|(c, _)| c.size == cp.size && c.root == cp.root);
        let included = ledger::verify_inclusion(index, cp.size, &leaf, &proof, &cp.root).is_ok();
        (Some(cp.size), proof, signed && included)
    } else {
        (None, vec![], false)
    };
    Ok(Some(EntryProof {
        index,
        entry: String::from_utf8_lossy(&entry).into_owned(),
        leaf_hash: leaf.to_base64(),
        tree_size,
        inclusion_proof: proof.iter().map(|h| h.to_base64()).collect(),
        checkpoint: cp.note,
        verified,
    }))
}

/// Indices of the entries that name a tracking code or document number (newest first).
pub async fn entries_naming(state: &AppState, code: &str) -> anyhow::Result<Vec<u64>> {
    let ok = code.len() <= 40 && code.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    if !ok || code.is_empty() {
        return Ok(vec![]);
    }
    let rows = sqlx::query("SELECT idx FROM ledger_entries WHERE data LIKE $1 ORDER BY idx DESC LIMIT 100")
        .bind(format!("%\"{code}\"%"))
        .fetch_all(state.db.pool())
        .await?;
    Ok(rows.iter().map(|r| r.get::<i64, _>(0) as u64).collect())
}

/// The newest entry of type `kind` whose `data.<field>` is `value`, with its proof.
pub async fn entry_of(state: &AppState, kind: &str, field: &str, value: &str) -> anyhow::Result<Option<EntryProof>> {
    for index in entries_naming(state, value).await? {
        let Some(proof) = entry_proof(state, index).await? else { continue };
        let leaf: Value = serde_json::from_str(&proof.entry).unwrap_or_default();
        if leaf["type"] == kind && leaf["data"][field] == value {
            return Ok(Some(proof));
        }
    }
    Ok(None)
}

/// Whether stored content still matches what the ledger recorded for it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum Seal {
    /// The newest entry naming it carries the content's hash; `verified` when that entry is
    /// also proven in the latest signed checkpoint.
    Matches { index: u64, verified: bool },
    /// The ledger recorded a different hash: the content was changed after it was recorded.
    Differs { index: u64 },
    /// No entry yet (the sequencer adds queued entries within seconds).
    Pending,
}

/// Compare `bytes` with the `hash_field` (SHA-256 hex) of the newest `kind` entry whose
/// `data.<field>` is `value`.
pub async fn seal(
    state: &AppState,
    kind: &str,
    field: &str,
    value: &str,
    hash_field: &str,
    bytes: &[u8],
) -> anyhow::Result<Seal> {
    let Some(proof) = entry_of(state, kind, field, value).await? else { return Ok(Seal::Pending) };
    let leaf: Value = serde_json::from_str(&proof.entry).unwrap_or_default();
    Ok(if leaf["data"][hash_field] == sha256_hex(bytes) {
        Seal::Matches { index: proof.index, verified: proof.verified }
    } else {
        Seal::Differs { index: proof.index }
    })
}

/// The newest `n` entry indices.
pub async fn recent(state: &AppState, n: u64) -> anyhow::Result<Vec<u64>> {
    let size = state.ledger.size().await?;
    Ok((size.saturating_sub(n)..size).rev().collect())
}
