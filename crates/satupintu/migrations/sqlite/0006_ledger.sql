-- Leaves for the transparency ledger, written in the same transaction as the change they
-- record and appended to the Merkle log, in id order, by the ledger's sequencer.
CREATE TABLE ledger_queue (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    body       TEXT NOT NULL,
    created_at INTEGER NOT NULL
);

-- The Merkle log itself (see crates/ledger): entries by index, the tile-level hashes (hex) that
-- proofs and tiles are read from, and the one last signed checkpoint.
CREATE TABLE ledger_entries (
    idx  INTEGER PRIMARY KEY,
    data TEXT NOT NULL
);
CREATE TABLE ledger_hashes (
    level INTEGER NOT NULL,
    idx   INTEGER NOT NULL,
    hash  TEXT NOT NULL,
    PRIMARY KEY (level, idx)
);
CREATE TABLE ledger_checkpoint (
    id   INTEGER PRIMARY KEY,
    size INTEGER NOT NULL,
    root TEXT NOT NULL,
    note TEXT NOT NULL
);
