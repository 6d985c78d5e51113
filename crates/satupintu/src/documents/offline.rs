//! What an issued document's PDF carries so that anyone can verify it without the server: the
//! platform's signature over the canonical content with the public key, and the document's
//! `document.issued` ledger entry with its index, its RFC 9162 inclusion proof and the signed
//! checkpoint it was proven against. The PDF prints them on its second page as records of one
//! line each (`<name> <value>`, long ones continued on lines that start with two spaces), so
//! what is printed is what `satupintu ledger verify-document` reads back and checks.
//!
//! A value is printed as it is when it is printable ASCII, otherwise as a JSON string with
//! `\uXXXX` escapes, so that every byte survives the PDF's Latin-1 text.

use base64::Engine as _;
use ed25519_dalek::{Signature, Verifier as _, VerifyingKey};
use ledger::{Checkpoint, Hash, Verifier};
use serde_json::Value;
use sha2::{Digest, Sha256};

const B64URL: base64::engine::GeneralPurpose = base64::engine::general_purpose::URL_SAFE_NO_PAD;

/// The first and last records of the data.
pub const BEGIN: &str = "satupintu-verification v1";
pub const END: &str = "end";
/// Characters per printed line (Courier at 7 pt across the page's text width).
pub const WIDTH: usize = 112;
const CONTINUATION: &str = "  ";

/// The ledger part: the document's entry and its proof against a signed checkpoint.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LedgerProof {
    pub index: u64,
    pub entry: String,
    pub tree_size: u64,
    /// Base64 hashes.
    pub proof: Vec<String>,
    /// The checkpoint (C2SP signed note, with any witness cosignatures).
    pub checkpoint: String,
}

/// Everything needed to verify a document offline.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VerificationData {
    /// The exact bytes the platform signed (canonical JSON of the content).
    pub content: String,
    /// Ed25519 signature, base64url.
    pub signature: String,
    /// The platform's document-signing public key, base64url.
    pub public_key: String,
    /// Hex of the first 8 bytes of the key's SHA-256.
    pub key_id: String,
    /// None when the entry was not yet in a checkpoint when the PDF was made.
    pub ledger: Option<LedgerProof>,
}

/// Why a PDF's verification data cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    #[error("the PDF carries no SatuPintu verification data")]
    Missing,
    #[error("the verification data is damaged: {0}")]
    Damaged(String),
}

fn printable(s: &str) -> bool {
    s.bytes().all(|b| (b' '..=b'~').contains(&b)) && !s.starts_with('"')
}

/// A JSON string literal of `s` with every non-ASCII character escaped.
fn ascii_json(s: &str) -> String {
    let json = Value::String(s.to_owned()).to_string();
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            let mut units = [0u16; 2];
            for u in c.encode_utf16(&mut units) {
                out.push_str(&format!("\\u{u:04x}"));
            }
        }
    }
    out
}

fn encode(value: &str) -> String {
    if printable(value) {
        value.to_owned()
    } else {
        ascii_json(value)
    }
}

fn decode(value: &str) -> Result<String, ReadError> {
    if value.starts_with('"') {
        serde_json::from_str(value).map_err(|e| ReadError::Damaged(format!("a quoted value: {e}")))
    } else {
        Ok(value.to_owned())
    }
}

impl VerificationData {
    /// The records, one per logical line, unwrapped.
    pub fn records(&self) -> Vec<String> {
        let mut r = vec![
            BEGIN.to_owned(),
            format!("document-content {}", encode(&self.content)),
            format!("document-signature {}", self.signature),
            format!("document-key {}", self.public_key),
            format!("document-key-id {}", self.key_id),
        ];
        match &self.ledger {
            None => r.push("ledger-pending".to_owned()),
            Some(l) => r.extend([
                format!("ledger-index {}", l.index),
                format!("ledger-entry {}", encode(&l.entry)),
                format!("ledger-tree-size {}", l.tree_size),
                format!("ledger-proof {}", l.proof.join(" ")),
                format!("ledger-checkpoint {}", encode(&l.checkpoint)),
            ]),
        }
        r.push(END.to_owned());
        r
    }

    /// The records as printed: cut to [`WIDTH`] characters, continuations indented.
    pub fn printed_lines(&self) -> Vec<String> {
        let mut out = Vec::new();
        for record in self.records() {
            let chars: Vec<char> = record.chars().collect();
            let (first, rest) = chars.split_at(chars.len().min(WIDTH));
            out.push(first.iter().collect());
            for chunk in rest.chunks(WIDTH - CONTINUATION.len()) {
                out.push(format!("{CONTINUATION}{}", chunk.iter().collect::<String>()));
            }
        }
        out
    }

    /// Reads the data back from the lines a PDF shows (other text around it is ignored).
    pub fn from_lines(lines: &[String]) -> Result<VerificationData, ReadError> {
        let start = lines.iter().position(|l| l == BEGIN).ok_or(ReadError::Missing)?;
        let mut records: Vec<String> = Vec::new();
        let mut ended = false;
        for line in &lines[start + 1..] {
            if let Some(more) = line.strip_prefix(CONTINUATION) {
                records.last_mut().ok_or_else(|| ReadError::Damaged("a continuation first".into()))?.push_str(more);
            } else if line == END {
                ended = true;
                break;
            } else {
                records.push(line.clone());
            }
        }
        if !ended {
            return Err(ReadError::Damaged(format!("no {END:?} line")));
        }
        let field = |name: &str| -> Result<Option<String>, ReadError> {
            let mut found = records.iter().filter_map(|r| r.strip_prefix(name)?.strip_prefix(' '));
            match (found.next(), found.next()) {
                (None, _) => Ok(None),
                (Some(v), None) => decode(v).map(Some),
                (Some(_), Some(_)) => Err(ReadError::Damaged(format!("{name} appears twice"))),
            }
        };
        let need = |name: &str| field(name)?.ok_or_else(|| ReadError::Damaged(format!("{name} is missing")));
        let number =
            |name: &str| need(name)?.parse::<u64>().map_err(|_| ReadError::Damaged(format!("{name} is not a number")));
        let ledger = if records.iter().any(|r| r == "ledger-pending") {
            None
        } else {
            Some(LedgerProof {
                index: number("ledger-index")?,
                entry: need("ledger-entry")?,
                tree_size: number("ledger-tree-size")?,
                proof: need("ledger-proof")?.split_whitespace().map(str::to_owned).collect(),
                checkpoint: need("ledger-checkpoint")?,
            })
        };
        Ok(VerificationData {
            content: need("document-content")?,
            signature: need("document-signature")?,
            public_key: need("document-key")?,
            key_id: need("document-key-id")?,
            ledger,
        })
    }
}

/// One of the checks, in the order they are made.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CheckKind {
    /// The platform's signature over the content, with the key printed (or the one given).
    Signature,
    /// The ledger entry is this document's `document.issued` leaf: number, content hash,
    /// signature and key ID all match.
    Entry,
    /// The entry's inclusion proof leads to the checkpoint's root.
    Inclusion,
    /// The checkpoint is signed by the log key given, for the proof's tree size.
    Checkpoint,
}

impl CheckKind {
    /// The message key naming the check (`cli-docverify-*`).
    pub fn key(self) -> &'static str {
        match self {
            CheckKind::Signature => "cli-docverify-signature",
            CheckKind::Entry => "cli-docverify-entry",
            CheckKind::Inclusion => "cli-docverify-inclusion",
            CheckKind::Checkpoint => "cli-docverify-checkpoint",
        }
    }
}

/// The outcome of one check: passed, or why not (in English, for the command's output).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Check {
    pub kind: CheckKind,
    pub problem: Option<String>,
}

impl Check {
    pub fn ok(&self) -> bool {
        self.problem.is_none()
    }
}

fn b64_any(text: &str) -> Option<Vec<u8>> {
    let t = text.trim().trim_end_matches('=');
    B64URL.decode(t.replace('+', "-").replace('/', "_")).ok()
}

/// The key ID of a document-signing public key, as the platform computes it.
pub fn key_id(public_key: &[u8]) -> String {
    hex::encode(&Sha256::digest(public_key)[..8])
}

fn check_signature(data: &VerificationData, trusted_key: Option<&str>) -> Result<(), String> {
    let key = b64_any(&data.public_key).ok_or("the printed public key is not base64")?;
    if let Some(trusted) = trusted_key {
        if b64_any(trusted).as_deref() != Some(&key[..]) {
            return Err("the printed public key is not the key given with --key".into());
        }
    }
    if key_id(&key) != data.key_id {
        return Err("the printed key ID does not belong to the printed public key".into());
    }
    let key: [u8; 32] = key.try_into().map_err(|_| "the public key is not 32 bytes")?;
    let key = VerifyingKey::from_bytes(&key).map_err(|_| "the public key is not an Ed25519 key")?;
    let sig = b64_any(&data.signature).ok_or("the signature is not base64")?;
    let sig = Signature::from_slice(&sig).map_err(|_| "the signature is not 64 bytes")?;
    key.verify(data.content.as_bytes(), &sig)
        .map_err(|_| "the signature does not match the document's content: it was changed".into())
}

fn check_entry(data: &VerificationData, proof: &LedgerProof) -> Result<(), String> {
    let leaf: Value = serde_json::from_str(&proof.entry).map_err(|_| "the ledger entry is not JSON")?;
    let content: Value = serde_json::from_str(&data.content).map_err(|_| "the document content is not JSON")?;
    let d = &leaf["data"];
    let content_sha256 = hex::encode(Sha256::digest(data.content.as_bytes()));
    let problems = [
        (leaf["type"] == "document.issued", "it is not a document.issued entry"),
        (d["number"] == content["number"], "it names another document number"),
        (d["content_sha256"] == content_sha256.as_str(), "its content hash is not the hash of this content"),
        (d["signature"] == data.signature.as_str(), "its signature is not this document's"),
        (d["key_id"] == data.key_id.as_str(), "its key ID is not this document's"),
    ];
    match problems.iter().find(|(ok, _)| !ok) {
        Some((_, why)) => Err(format!("the ledger entry does not record this document: {why}")),
        None => Ok(()),
    }
}

fn checkpoint_body(note: &str) -> Result<Checkpoint, String> {
    let note = ledger::note::Note::parse(note).map_err(|e| format!("the checkpoint is not a signed note: {e}"))?;
    Checkpoint::parse(&note.text).map_err(|e| format!("the checkpoint is malformed: {e}"))
}

fn check_inclusion(proof: &LedgerProof) -> Result<(), String> {
    let body = checkpoint_body(&proof.checkpoint)?;
    if body.size != proof.tree_size {
        return Err(format!(
            "the proof is for a tree of {} entries, the checkpoint has {}",
            proof.tree_size, body.size
        ));
    }
    let hashes = proof
        .proof
        .iter()
        .map(|h| Hash::from_base64(h))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|_| "a proof hash is not a base64 SHA-256 hash")?;
    let leaf = ledger::leaf_hash(proof.entry.as_bytes());
    ledger::verify_inclusion(proof.index, proof.tree_size, &leaf, &hashes, &body.root)
        .map_err(|e| format!("entry {} is not proven in the checkpoint's tree: {e}", proof.index))
}

fn check_checkpoint(proof: &LedgerProof, log_key: &Verifier) -> Result<(), String> {
    let (cp, _) = ledger::open_checkpoint(&proof.checkpoint, log_key)
        .map_err(|e| format!("the checkpoint is not signed by the ledger key given: {e}"))?;
    if cp.size != proof.tree_size {
        return Err(format!("the checkpoint has {} entries, the proof is for {}", cp.size, proof.tree_size));
    }
    Ok(())
}

/// Every check, each with its outcome. The document verifies when all pass.
pub fn check(data: &VerificationData, log_key: &Verifier, trusted_key: Option<&str>) -> Vec<Check> {
    let pending = || Some("the PDF was made before the document's ledger entry was in a checkpoint".to_owned());
    let mut checks = vec![Check { kind: CheckKind::Signature, problem: check_signature(data, trusted_key).err() }];
    let (entry, inclusion, checkpoint) = match &data.ledger {
        None => (pending(), pending(), pending()),
        Some(p) => (check_entry(data, p).err(), check_inclusion(p).err(), check_checkpoint(p, log_key).err()),
    };
    checks.push(Check { kind: CheckKind::Entry, problem: entry });
    checks.push(Check { kind: CheckKind::Inclusion, problem: inclusion });
    checks.push(Check { kind: CheckKind::Checkpoint, problem: checkpoint });
    checks
}

#[cfg(test)]
mod tests {
    use super::*;
    use ed25519_dalek::Signer as _;
    use ledger::{KeyType, Log, LogOptions, MemoryStorage, Signer};

    const CONTENT: &str = r#"{"number":"DOK-2026-000001","application":"SP-2026-000001","holder_name":"Désirée Ñ 𝄞"}"#;

    async fn issued() -> (VerificationData, Verifier) {
        let doc_key = ed25519_dalek::SigningKey::from_bytes(&[5; 32]);
        let public = doc_key.verifying_key().to_bytes();
        let signature = B64URL.encode(doc_key.sign(CONTENT.as_bytes()).to_bytes());
        let entry = serde_json::json!({"type": "document.issued", "at": 1, "data": {
            "number": "DOK-2026-000001", "content_sha256": hex::encode(Sha256::digest(CONTENT.as_bytes())),
            "signature": signature, "key_id": key_id(&public)}})
        .to_string();
        let signer = Signer::from_seed("layanan.example.go.id", KeyType::Ed25519, [6; 32]).expect("signer");
        let log = Log::open(MemoryStorage::new(), signer, LogOptions::default()).await.expect("log");
        for i in 0..5 {
            log.append(format!("other {i}").into_bytes()).await.expect("append");
        }
        let index = log.append(entry.clone().into_bytes()).await.expect("append");
        log.append(b"later".to_vec()).await.expect("append");
        let cp = log.checkpoint();
        let proof = log.inclusion_proof(index, cp.size).await.expect("proof");
        let data = VerificationData {
            content: CONTENT.into(),
            signature,
            public_key: B64URL.encode(public),
            key_id: key_id(&public),
            ledger: Some(LedgerProof {
                index,
                entry,
                tree_size: cp.size,
                proof: proof.iter().map(Hash::to_base64).collect(),
                checkpoint: cp.note,
            }),
        };
        (data, log.verifier().clone())
    }

    fn failed(checks: &[Check]) -> Vec<CheckKind> {
        checks.iter().filter(|c| !c.ok()).map(|c| c.kind).collect()
    }

    #[tokio::test]
    async fn printed_lines_read_back_exactly_and_verify() {
        let (data, log_key) = issued().await;
        let lines = data.printed_lines();
        assert!(lines.iter().all(|l| l.chars().count() <= WIDTH && l.is_ascii()), "{lines:#?}");
        let mut page = vec!["Data verifikasi / Verification data".to_owned()];
        page.extend(lines);
        page.push("Halaman 2".to_owned());
        let back = VerificationData::from_lines(&page).expect("read back");
        assert_eq!(back, data);
        assert!(failed(&check(&back, &log_key, None)).is_empty(), "{:?}", check(&back, &log_key, None));
        assert!(failed(&check(&back, &log_key, Some(&data.public_key))).is_empty());
    }

    #[tokio::test]
    async fn each_kind_of_tampering_names_its_check() {
        let (data, log_key) = issued().await;
        let mut changed = data.clone();
        changed.content = changed.content.replace("Désirée", "Desiree");
        assert_eq!(failed(&check(&changed, &log_key, None)), [CheckKind::Signature, CheckKind::Entry]);

        let other = Signer::from_seed("layanan.example.go.id", KeyType::Ed25519, [7; 32]).expect("signer");
        assert_eq!(failed(&check(&data, other.verifier(), None)), [CheckKind::Checkpoint]);
        assert_eq!(failed(&check(&data, &log_key, Some(&B64URL.encode([1u8; 32])))), [CheckKind::Signature]);

        let mut proof = data.clone();
        if let Some(l) = proof.ledger.as_mut() {
            l.proof[0] = Hash([9; 32]).to_base64();
        }
        assert_eq!(failed(&check(&proof, &log_key, None)), [CheckKind::Inclusion]);

        let mut entry = data.clone();
        if let Some(l) = entry.ledger.as_mut() {
            l.entry = l.entry.replace("document.issued", "document.revoked");
        }
        assert_eq!(failed(&check(&entry, &log_key, None)), [CheckKind::Entry, CheckKind::Inclusion]);

        let pending = VerificationData { ledger: None, ..data };
        let lines = pending.printed_lines();
        assert!(lines.contains(&"ledger-pending".to_owned()));
        let back = VerificationData::from_lines(&lines).expect("read back");
        assert_eq!(
            failed(&check(&back, &log_key, None)),
            [CheckKind::Entry, CheckKind::Inclusion, CheckKind::Checkpoint]
        );
    }

    #[test]
    fn missing_or_damaged_data_is_reported() {
        assert_eq!(VerificationData::from_lines(&["just a letter".into()]), Err(ReadError::Missing));
        let cut = vec![BEGIN.to_owned(), "document-content {}".to_owned()];
        assert!(matches!(VerificationData::from_lines(&cut), Err(ReadError::Damaged(_))));
        let no_key = vec![BEGIN.to_owned(), "document-content {}".to_owned(), "ledger-pending".into(), END.into()];
        assert!(
            matches!(VerificationData::from_lines(&no_key), Err(ReadError::Damaged(m)) if m.contains("document-signature"))
        );
    }
}
