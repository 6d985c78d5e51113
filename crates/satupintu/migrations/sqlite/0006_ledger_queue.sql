-- Leaves for the transparency ledger, written in the same transaction as the change they
-- record and appended to the Merkle log, in id order, by the ledger's sequencer.
CREATE TABLE ledger_queue (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    body       TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
