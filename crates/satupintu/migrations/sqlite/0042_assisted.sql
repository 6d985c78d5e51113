-- Assisted service (issue 13): volunteers and officers of a mobile service or a village office
-- act for citizens without a phone, with the citizen's consent recorded and every act marked.

-- Volunteers ("relawan pendamping"): citizen accounts an agency appointed (a table, not a role).
CREATE TABLE assisted_volunteers (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    agency_id      TEXT NOT NULL,
    user_id        INTEGER NOT NULL REFERENCES users(id),
    active         INTEGER NOT NULL DEFAULT 1,
    appointed_by   INTEGER NOT NULL REFERENCES users(id),
    appointed_at   INTEGER NOT NULL,
    deactivated_by INTEGER REFERENCES users(id),
    deactivated_at INTEGER
);
CREATE UNIQUE INDEX assisted_volunteers_one ON assisted_volunteers(agency_id, user_id);
CREATE INDEX assisted_volunteers_user ON assisted_volunteers(user_id, active);

-- One assisted session: who assists whom, where, with which consent, for which acts.
CREATE TABLE assisted_sessions (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    assistant_id      INTEGER NOT NULL REFERENCES users(id),
    -- volunteer or officer
    assistant_kind    TEXT NOT NULL,
    agency_id         TEXT NOT NULL,
    citizen_id        INTEGER NOT NULL REFERENCES users(id),
    place             TEXT NOT NULL,
    -- lisan, tanda_tangan or cap_jempol
    consent_method    TEXT NOT NULL,
    consent_version   TEXT NOT NULL,
    consent_upload_id TEXT,
    -- comma-separated: apply, report, status
    scope             TEXT NOT NULL,
    -- the citizen's account was created in this session
    registered        INTEGER NOT NULL DEFAULT 0,
    started_at        INTEGER NOT NULL,
    expires_at        INTEGER NOT NULL,
    ended_at          INTEGER,
    -- ended (by the assistant) or withdrawn (by the citizen)
    end_reason        TEXT
);
CREATE INDEX assisted_sessions_assistant ON assisted_sessions(assistant_id, started_at);
CREATE INDEX assisted_sessions_citizen ON assisted_sessions(citizen_id, started_at);
CREATE INDEX assisted_sessions_agency ON assisted_sessions(agency_id, started_at);

-- What was done in a session: apply (application code), report (report code), status (read).
CREATE TABLE assisted_acts (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    session_id INTEGER NOT NULL REFERENCES assisted_sessions(id),
    kind       TEXT NOT NULL,
    reference  TEXT NOT NULL DEFAULT '',
    at         INTEGER NOT NULL
);
CREATE INDEX assisted_acts_session ON assisted_acts(session_id, at);

ALTER TABLE applications ADD COLUMN assisted_session_id INTEGER REFERENCES assisted_sessions(id);
ALTER TABLE reports ADD COLUMN assisted_session_id INTEGER REFERENCES assisted_sessions(id);
