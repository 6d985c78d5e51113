-- Open311 GeoReport v2: reports sent without an account (through an Open311 client) keep their
-- sender's contact details on the report itself, with the link to their media; the clients
-- that may send reports hold API keys, of which only a SHA-256 is stored.
ALTER TABLE reports ADD COLUMN reporter_name TEXT;
ALTER TABLE reports ADD COLUMN reporter_email TEXT;
ALTER TABLE reports ADD COLUMN reporter_phone TEXT;
ALTER TABLE reports ADD COLUMN media_url TEXT;

CREATE TABLE api_keys (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    name       TEXT NOT NULL,
    agency_id  TEXT,
    key_sha256 TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    revoked_at INTEGER
);
