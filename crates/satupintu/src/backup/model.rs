//! The backup's manifest (`manifest.json`): what a backup holds and the hashes that prove it is
//! whole, checked by `satupintu restore` before it changes anything.

use std::path::{Component, Path};

use serde::{Deserialize, Serialize};

/// The manifest's format; a restore refuses any other.
pub const FORMAT: &str = "satupintu.backup/v1";
pub const MANIFEST: &str = "manifest.json";
/// The SQLite snapshot's name in a backup.
pub const SQLITE_FILE: &str = "satupintu.db";
/// The PostgreSQL dump's name in a backup (`pg_dump --format=custom`).
pub const PG_FILE: &str = "database.pgdump";

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Manifest {
    pub format: String,
    /// RFC 3339, UTC.
    pub created_at: String,
    /// The version of the program that made the backup.
    pub app_version: String,
    /// The newest migration applied to the database at the snapshot.
    pub schema_version: i64,
    /// `sqlite` or `postgres`.
    pub backend: String,
    pub ledger: LedgerState,
    pub files: Vec<FileEntry>,
}

/// The transparency ledger at the snapshot: its number of entries and the RFC 9162 root of
/// them all (hex), recomputed from the entries when the backup was made.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct LedgerState {
    pub size: u64,
    pub root: String,
    /// The size of the latest signed checkpoint at the snapshot (0: none yet).
    pub checkpoint_size: u64,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct FileEntry {
    /// Relative to the backup directory, with `/`.
    pub path: String,
    pub kind: FileKind,
    pub size: u64,
    /// Lowercase hex SHA-256 of the content.
    pub sha256: String,
}

#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq, Hash)]
#[serde(rename_all = "kebab-case")]
pub enum FileKind {
    Database,
    Upload,
    LedgerKey,
    DocumentsKey,
    ExchangeKey,
    VapidKey,
    DataKey,
}

impl FileKind {
    /// The key files, with their names inside the backup's `keys/` folder.
    pub const KEYS: [(FileKind, &'static str); 5] = [
        (FileKind::LedgerKey, "ledger.key"),
        (FileKind::DocumentsKey, "documents.ed25519"),
        (FileKind::ExchangeKey, "exchange.ed25519"),
        (FileKind::VapidKey, "vapid.p256"),
        (FileKind::DataKey, "data.key"),
    ];
}

/// A manifest path that stays inside the backup: relative, no `..`, no root, not empty.
pub fn safe_path(path: &str) -> bool {
    let p = Path::new(path);
    !path.is_empty() && p.components().all(|c| matches!(c, Component::Normal(_)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_stay_inside_the_backup() {
        assert!(safe_path("uploads/ab/abcd"));
        assert!(safe_path("keys/ledger.key"));
        for bad in ["", "/etc/passwd", "../x", "uploads/../../x", "./x"] {
            assert!(!safe_path(bad), "{bad}");
        }
    }

    #[test]
    fn kinds_are_kebab_case() {
        assert_eq!(serde_json::to_string(&FileKind::DocumentsKey).expect("json"), "\"documents-key\"");
    }
}
