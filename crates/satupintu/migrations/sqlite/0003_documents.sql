-- Issued documents: the canonical content the platform signed (Ed25519), and revocation.
CREATE TABLE documents (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    number         TEXT NOT NULL UNIQUE,
    application_id INTEGER NOT NULL REFERENCES applications(id),
    content_json   TEXT NOT NULL,
    signature      TEXT NOT NULL,
    key_id         TEXT NOT NULL,
    issued_at      INTEGER NOT NULL,
    valid_until    TEXT,
    revoked_at     INTEGER,
    revoked_reason TEXT,
    revoked_by     INTEGER REFERENCES users(id)
);
CREATE INDEX documents_application ON documents(application_id);
