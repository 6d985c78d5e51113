//! Witness cosignatures (C2SP tlog-cosignature). A witness checks that the checkpoint we serve
//! is consistent with every one it saw before and sends back its cosignature: one signature
//! line, or the whole checkpoint note with its line added. When the line verifies with one of
//! the configured witness keys (`ledger_witnesses`) over the checkpoint currently served, it is
//! stored in the checkpoint's note, and `/ledger/checkpoint` serves it as an extra signature
//! line until the next checkpoint is signed. Any process may take it (see
//! [`ledger::add_stored_cosignature`]).

use ledger::note::{Note, Signature};
use ledger::{LogError, StorageError, StoredCheckpoint, Verifier};

use super::Ledger;
use crate::web::AppError;

/// Largest body taken: a checkpoint with a few dozen signature lines.
pub const MAX_BODY: usize = 16 * 1024;

/// Why a cosignature is refused.
#[derive(Debug, thiserror::Error)]
pub enum CosignError {
    /// Neither signature lines nor a signed note.
    #[error("not a signature line or a signed note: {0}")]
    Malformed(String),
    /// No line is by a configured witness key.
    #[error("no signature line is by a witness this ledger trusts ({0})")]
    UnknownWitness(String),
    /// A witness's line does not verify over the checkpoint served now.
    #[error("the cosignature by {0} does not verify over the checkpoint served now; fetch /ledger/checkpoint again")]
    Invalid(String),
    /// The note sent is another checkpoint than the one served now.
    #[error("the note is not the checkpoint served now; fetch /ledger/checkpoint again")]
    NotCurrent,
    /// The body is larger than [`MAX_BODY`].
    #[error("the body is larger than {MAX_BODY} bytes")]
    TooLarge,
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl From<CosignError> for AppError {
    fn from(e: CosignError) -> Self {
        let key = match &e {
            CosignError::Malformed(_) => "error-cosignature-malformed",
            CosignError::UnknownWitness(_) => "error-cosignature-unknown-witness",
            CosignError::Invalid(_) => "error-cosignature-invalid",
            CosignError::NotCurrent => return AppError::Conflict { key: "error-cosignature-not-current" },
            CosignError::TooLarge => return AppError::TooLarge,
            CosignError::Internal(_) => return AppError::Internal(anyhow::anyhow!("{e:#}")),
        };
        AppError::BadRequest { key, detail: Some(e.to_string()) }
    }
}

/// The signature lines of `body`: a signed note's, or the body's own lines.
fn signature_lines(body: &str, current: &StoredCheckpoint) -> Result<Vec<Signature>, CosignError> {
    let body = body.replace("\r\n", "\n");
    let lines: Vec<Signature> = if body.contains("\n\n") {
        let note = Note::parse(&body).map_err(|e| CosignError::Malformed(e.to_string()))?;
        let served = Note::parse(&current.note).map_err(|e| CosignError::Internal(e.into()))?;
        if note.text != served.text {
            return Err(CosignError::NotCurrent);
        }
        note.signatures
    } else {
        body.lines()
            .filter(|l| !l.trim().is_empty())
            .map(Signature::parse_line)
            .collect::<Result<_, _>>()
            .map_err(|e| CosignError::Malformed(e.to_string()))?
    };
    if lines.is_empty() {
        return Err(CosignError::Malformed("no signature line".into()));
    }
    Ok(lines)
}

fn witness_of<'a>(witnesses: &'a [Verifier], sig: &Signature) -> Option<&'a Verifier> {
    witnesses.iter().find(|w| w.name() == sig.name && w.key_id() == sig.key_id)
}

/// Verify the cosignatures in `body` over the checkpoint served now and store them in it.
/// Returns the checkpoint as served from now on.
pub async fn add(ledger: &Ledger, body: &str) -> Result<StoredCheckpoint, CosignError> {
    if body.len() > MAX_BODY {
        return Err(CosignError::TooLarge);
    }
    let current = ledger.checkpoint().await?.ok_or_else(|| CosignError::Malformed("no checkpoint yet".into()))?;
    let lines = signature_lines(body, &current)?;
    let ours: Vec<(&Verifier, String)> =
        lines.iter().filter_map(|sig| witness_of(ledger.witnesses(), sig).map(|w| (w, sig.to_string()))).collect();
    if ours.is_empty() {
        let names: Vec<String> = lines.iter().map(|s| format!("{}+{:08x}", s.name, s.key_id)).collect();
        return Err(CosignError::UnknownWitness(names.join(", ")));
    }
    let mut stored = current;
    for (witness, line) in ours {
        stored = store_one(ledger, witness, &line).await?;
    }
    Ok(stored)
}

/// Store one verified line, retrying when another cosignature was stored at the same moment.
async fn store_one(ledger: &Ledger, witness: &Verifier, line: &str) -> Result<StoredCheckpoint, CosignError> {
    let mut attempts = 0;
    loop {
        match ledger::add_stored_cosignature(ledger.storage(), witness, line).await {
            Ok(cp) => return Ok(cp),
            Err(LogError::Storage(StorageError::Conflict(_))) if attempts < 5 => attempts += 1,
            Err(LogError::Note(_)) => return Err(CosignError::Invalid(witness.name().to_string())),
            Err(e) => return Err(CosignError::Internal(e.into())),
        }
    }
}
