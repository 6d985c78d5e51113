-- Foundation: identity, sessions, catalogue. Times are UTC unix seconds.
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE users (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    role          TEXT NOT NULL,
    agency_id     TEXT,
    nik           TEXT UNIQUE,
    full_name     TEXT NOT NULL,
    email         TEXT UNIQUE,
    phone         TEXT UNIQUE,
    password_hash TEXT NOT NULL,
    totp_secret   TEXT,
    totp_enabled  INTEGER NOT NULL DEFAULT 0,
    birth_date    TEXT,
    birth_place   TEXT,
    gender        TEXT,
    address       TEXT,
    kk_number     TEXT,
    lang          TEXT NOT NULL DEFAULT 'id',
    disabled      INTEGER NOT NULL DEFAULT 0,
    created_at    INTEGER NOT NULL
);

CREATE TABLE sessions (
    token_hash  TEXT PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind        TEXT NOT NULL,
    stage       TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE login_attempts (
    id      INTEGER PRIMARY KEY AUTOINCREMENT,
    key     TEXT NOT NULL,
    at      INTEGER NOT NULL
);
CREATE INDEX login_attempts_key_at ON login_attempts(key, at);

CREATE TABLE agencies (
    id          TEXT PRIMARY KEY,
    level       TEXT NOT NULL,
    data_json   TEXT NOT NULL,
    updated_at  INTEGER NOT NULL
);

CREATE TABLE services (
    id              TEXT PRIMARY KEY,
    agency_id       TEXT NOT NULL REFERENCES agencies(id),
    category        TEXT NOT NULL,
    current_version INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
);
CREATE INDEX services_agency ON services(agency_id);

CREATE TABLE service_versions (
    service_id   TEXT NOT NULL REFERENCES services(id),
    version      INTEGER NOT NULL,
    data_json    TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    source       TEXT NOT NULL,
    created_by   INTEGER REFERENCES users(id),
    note         TEXT,
    created_at   INTEGER NOT NULL,
    PRIMARY KEY (service_id, version)
);
