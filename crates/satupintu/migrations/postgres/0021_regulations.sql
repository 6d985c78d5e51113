-- Policies and regulations (produk hukum, JDIH-style): a document with versions. Each version's
-- text is recorded in the ledger by its SHA-256, so a later silent edit of a stored text is seen.
CREATE TABLE regulations (
    id              TEXT PRIMARY KEY,
    kind            TEXT NOT NULL,
    number          TEXT NOT NULL,
    year            BIGINT NOT NULL,
    title           TEXT NOT NULL,
    agency_id       TEXT,
    subject         TEXT NOT NULL DEFAULT '',
    status          TEXT NOT NULL DEFAULT 'in_force',
    status_note     TEXT NOT NULL DEFAULT '',
    current_version BIGINT NOT NULL,
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL
);
CREATE INDEX regulations_year ON regulations (year DESC, id);

CREATE TABLE regulation_versions (
    regulation_id TEXT NOT NULL REFERENCES regulations(id),
    version       BIGINT NOT NULL,
    enacted_on    TEXT NOT NULL,
    effective_on  TEXT NOT NULL,
    note          TEXT NOT NULL,
    body          TEXT NOT NULL,
    created_by    BIGINT,
    created_at    BIGINT NOT NULL,
    PRIMARY KEY (regulation_id, version)
);
