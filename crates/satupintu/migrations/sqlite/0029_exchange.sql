-- Agency-to-agency exchange with consent (issue 12): member agencies and their systems with
-- their Ed25519 public keys; the purposes a member may ask an item for (tied to a catalogue
-- service, and whether a legal basis may stand in for consent); citizens' consent per purpose
-- with the record of every change; request ids seen (replay protection); and the append-only
-- log of every request and response, on both sides.
CREATE TABLE exchange_members (
    member_id  TEXT NOT NULL,
    subsystem  TEXT NOT NULL,
    name       TEXT NOT NULL,
    -- base64url of the 32-byte Ed25519 public key
    public_key TEXT NOT NULL,
    -- where its exchange endpoint answers (for members this instance asks); may be empty
    url        TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    PRIMARY KEY (member_id, subsystem)
);

CREATE TABLE exchange_purposes (
    id                  TEXT PRIMARY KEY,
    client_member       TEXT NOT NULL,
    item                TEXT NOT NULL,
    service_id          TEXT NOT NULL,
    description_id      TEXT NOT NULL,
    description_en      TEXT NOT NULL,
    legal_basis_allowed INTEGER NOT NULL DEFAULT 0,
    created_at          INTEGER NOT NULL
);
CREATE INDEX exchange_purposes_client ON exchange_purposes(client_member, item);

CREATE TABLE exchange_consents (
    user_id    INTEGER NOT NULL REFERENCES users(id),
    purpose_id TEXT NOT NULL REFERENCES exchange_purposes(id),
    granted    INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (user_id, purpose_id)
);

CREATE TABLE exchange_consent_log (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id    INTEGER NOT NULL REFERENCES users(id),
    purpose_id TEXT NOT NULL,
    granted    INTEGER NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX exchange_consent_log_user ON exchange_consent_log(user_id, created_at);

CREATE TABLE exchange_replay (
    request_id    TEXT PRIMARY KEY,
    client_member TEXT NOT NULL,
    received_at   INTEGER NOT NULL
);

CREATE TABLE exchange_log (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    -- 'in' (served here) or 'out' (asked by this instance)
    direction        TEXT NOT NULL,
    request_id       TEXT NOT NULL,
    client_member    TEXT NOT NULL,
    client_subsystem TEXT NOT NULL,
    service_member   TEXT NOT NULL,
    item             TEXT NOT NULL,
    purpose_id       TEXT NOT NULL,
    -- the citizen asked about, when known on this side (never the NIK itself)
    subject_user_id  INTEGER,
    -- 'consent' or 'legal', with the reference or the legal basis given
    basis            TEXT NOT NULL DEFAULT '',
    basis_ref        TEXT NOT NULL DEFAULT '',
    -- 'answered' or the stable refusal code
    outcome          TEXT NOT NULL,
    -- 'yes' / 'no' when answered
    answer           TEXT NOT NULL DEFAULT '',
    request_sha256   TEXT NOT NULL,
    response_sha256  TEXT NOT NULL DEFAULT '',
    issued_at        INTEGER NOT NULL,
    created_at       INTEGER NOT NULL
);
CREATE INDEX exchange_log_subject ON exchange_log(subject_user_id, created_at);
CREATE INDEX exchange_log_request ON exchange_log(request_id);

CREATE TRIGGER exchange_log_no_update BEFORE UPDATE ON exchange_log
BEGIN SELECT RAISE(ABORT, 'exchange_log is append-only'); END;
CREATE TRIGGER exchange_log_no_delete BEFORE DELETE ON exchange_log
BEGIN SELECT RAISE(ABORT, 'exchange_log is append-only'); END;
