//! C2SP tlog-checkpoint: the note body that states a log's tree head.
//!
//! ```text
//! <origin>
//! <tree size, decimal>
//! <root hash, base64>
//! [extension lines]
//! ```

use crate::hash::Hash;
use crate::note::{self, Note, NoteError, Verifier};

/// Why a checkpoint is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CheckpointError {
    #[error("malformed checkpoint: {0}")]
    Malformed(&'static str),
    #[error(transparent)]
    Note(#[from] NoteError),
    #[error("the checkpoint is for origin {found:?}, expected {expected:?}")]
    WrongOrigin { expected: String, found: String },
}

/// A log's tree head.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checkpoint {
    /// The log's identity, e.g. `ledger.example.go.id/2025`.
    pub origin: String,
    /// Number of entries.
    pub size: u64,
    /// Merkle Tree Hash of the entries.
    pub root: Hash,
    /// Opaque extension lines (not recommended by the spec; kept for round trips).
    pub extensions: Vec<String>,
}

impl Checkpoint {
    /// A checkpoint without extension lines.
    pub fn new(origin: &str, size: u64, root: Hash) -> Checkpoint {
        Checkpoint { origin: origin.to_owned(), size, root, extensions: Vec::new() }
    }

    /// The note text.
    pub fn body(&self) -> String {
        let mut body = format!("{}\n{}\n{}\n", self.origin, self.size, self.root.to_base64());
        for line in &self.extensions {
            body.push_str(line);
            body.push('\n');
        }
        body
    }

    /// Parses a note text.
    pub fn parse(body: &str) -> Result<Checkpoint, CheckpointError> {
        let lines = body.strip_suffix('\n').ok_or(CheckpointError::Malformed("no final newline"))?;
        let mut lines = lines.split('\n');
        let (Some(origin), Some(size), Some(root)) = (lines.next(), lines.next(), lines.next()) else {
            return Err(CheckpointError::Malformed("fewer than three lines"));
        };
        if origin.is_empty() {
            return Err(CheckpointError::Malformed("empty origin"));
        }
        let canonical =
            !size.is_empty() && size.bytes().all(|b| b.is_ascii_digit()) && (size == "0" || !size.starts_with('0'));
        let size = canonical.then(|| size.parse().ok()).flatten().ok_or(CheckpointError::Malformed("bad tree size"))?;
        let root = Hash::from_base64(root).map_err(|_| CheckpointError::Malformed("bad root hash"))?;
        let extensions: Vec<String> = lines.map(str::to_owned).collect();
        if extensions.iter().any(String::is_empty) {
            return Err(CheckpointError::Malformed("empty extension line"));
        }
        Ok(Checkpoint { origin: origin.to_owned(), size, root, extensions })
    }
}

/// Opens a signed checkpoint as a log client does: the note must carry a valid signature by
/// the log's key, and its origin must be the key's name (the convention of tlog-tiles).
pub fn open_checkpoint(msg: &str, log_key: &Verifier) -> Result<(Checkpoint, Note), CheckpointError> {
    let note = note::open(msg, std::slice::from_ref(log_key))?;
    let checkpoint = Checkpoint::parse(&note.text)?;
    if checkpoint.origin != log_key.name() {
        return Err(CheckpointError::WrongOrigin { expected: log_key.name().to_owned(), found: checkpoint.origin });
    }
    Ok((checkpoint, note))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spec_example_round_trips() -> Result<(), CheckpointError> {
        let body = "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";
        let cp = Checkpoint::parse(body)?;
        assert_eq!((cp.origin.as_str(), cp.size), ("example.com/behind-the-sofa", 20_852_163));
        assert_eq!(cp.body(), body);
        let with_ext = format!("{body}ext one\n");
        assert_eq!(Checkpoint::parse(&with_ext)?.extensions, ["ext one"]);
        Ok(())
    }

    #[test]
    fn malformed_bodies_are_refused() {
        let root = "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=";
        for body in [
            format!("o\n1\n{root}"),
            format!("\n1\n{root}\n"),
            format!("o\n01\n{root}\n"),
            format!("o\n-1\n{root}\n"),
            format!("o\n18446744073709551616\n{root}\n"),
            "o\n1\nV3JvbmdSb290\n".to_owned(),
            format!("o\n1\n{root}\n\n"),
            "o\n1\n".to_owned(),
        ] {
            assert!(Checkpoint::parse(&body).is_err(), "{body:?}");
        }
    }
}
