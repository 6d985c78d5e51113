-- Online applications: the application, its history, uploaded files, the outbox of
-- notifications, holidays for time limits, and the log of staff access to personal data.
CREATE TABLE code_counters (
    prefix TEXT PRIMARY KEY,
    last   INTEGER NOT NULL
);

CREATE TABLE applications (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    code            TEXT NOT NULL UNIQUE,
    service_id      TEXT NOT NULL REFERENCES services(id),
    service_version INTEGER NOT NULL,
    agency_id       TEXT NOT NULL,
    citizen_id      INTEGER NOT NULL REFERENCES users(id),
    filed_by        INTEGER REFERENCES users(id),
    status          TEXT NOT NULL,
    fields_json     TEXT NOT NULL,
    assigned_to     INTEGER REFERENCES users(id),
    submitted_at    INTEGER,
    due_date        TEXT,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    revision        INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX applications_citizen ON applications(citizen_id, created_at);
CREATE INDEX applications_agency_status ON applications(agency_id, status, submitted_at);

CREATE TABLE application_events (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    application_id INTEGER NOT NULL REFERENCES applications(id),
    at             INTEGER NOT NULL,
    actor_id       INTEGER REFERENCES users(id),
    actor_role     TEXT NOT NULL,
    action         TEXT NOT NULL,
    from_status    TEXT,
    to_status      TEXT NOT NULL,
    note           TEXT
);
CREATE INDEX application_events_app ON application_events(application_id, id);

CREATE TABLE uploads (
    id         TEXT PRIMARY KEY,
    sha256     TEXT NOT NULL,
    mime       TEXT NOT NULL,
    size       INTEGER NOT NULL,
    owner_id   INTEGER NOT NULL REFERENCES users(id),
    created_at INTEGER NOT NULL
);
CREATE INDEX uploads_owner ON uploads(owner_id);

CREATE TABLE holidays (
    date TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT NOT NULL
);

CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    kind            TEXT NOT NULL,
    channel         TEXT NOT NULL,
    recipient_id    INTEGER REFERENCES users(id),
    payload_json    TEXT NOT NULL,
    idempotency_key TEXT NOT NULL UNIQUE,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    delivered_at    INTEGER,
    last_error      TEXT,
    created_at      INTEGER NOT NULL
);
CREATE INDEX outbox_due ON outbox(delivered_at, next_attempt_at);

CREATE TABLE data_access_log (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    citizen_id     INTEGER NOT NULL REFERENCES users(id),
    staff_id       INTEGER NOT NULL REFERENCES users(id),
    application_id INTEGER REFERENCES applications(id),
    reason         TEXT NOT NULL,
    at             INTEGER NOT NULL
);
CREATE INDEX data_access_log_citizen ON data_access_log(citizen_id, at);
