-- What the report pages add: the reporter's rating of the handling, staff response
-- templates, reports sent without an account awaiting their e-mail or phone confirmation,
-- and e-mail alerts for an area.
CREATE TABLE report_ratings (
    report_id INTEGER PRIMARY KEY REFERENCES reports(id),
    stars     INTEGER NOT NULL,
    comment   TEXT,
    at        INTEGER NOT NULL
);

CREATE TABLE report_templates (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    agency_id  TEXT NOT NULL,
    title      TEXT NOT NULL,
    body       TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX report_templates_agency ON report_templates(agency_id, title);

-- A report sent without an account, kept until the link sent to its e-mail or phone is followed.
CREATE TABLE report_pending (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    token_sha256 TEXT NOT NULL UNIQUE,
    payload      TEXT NOT NULL,
    name         TEXT,
    email        TEXT,
    phone        TEXT,
    lang         TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL,
    report_code  TEXT
);

-- E-mail alerts of new public reports in a region (a province, regency or district prefix).
CREATE TABLE report_alerts (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    email        TEXT NOT NULL,
    region_code  TEXT NOT NULL,
    category     TEXT NOT NULL DEFAULT '',
    -- The subscriber's own link to confirm or stop the alerts (sent in every alert).
    token        TEXT NOT NULL UNIQUE,
    lang         TEXT NOT NULL,
    confirmed_at INTEGER,
    created_at   INTEGER NOT NULL,
    UNIQUE (email, region_code, category)
);
