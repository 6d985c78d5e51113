-- Complaints and reports (LAPOR!-style): the report, its history (public updates and staff
-- notes), its photos (content-addressed like uploads) and the citizens who support it.
CREATE TABLE reports (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    code               TEXT NOT NULL UNIQUE,
    category           TEXT NOT NULL,
    description        TEXT NOT NULL,
    lat                REAL,
    lon                REAL,
    address            TEXT,
    region_code        TEXT,
    privacy            TEXT NOT NULL,
    status             TEXT NOT NULL,
    reporter_id        INTEGER REFERENCES users(id),
    agency_id          TEXT,
    suggested_category TEXT,
    suggested_agency   TEXT,
    supporters         INTEGER NOT NULL DEFAULT 0,
    hidden             INTEGER NOT NULL DEFAULT 0,
    -- Time limits in working days (the agency's local dates) and escalations done.
    dispatch_due       TEXT,
    response_due       TEXT,
    closes_on          TEXT,
    escalated          TEXT,
    created_at         INTEGER NOT NULL,
    updated_at         INTEGER NOT NULL,
    revision           INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX reports_place ON reports(lat, lon);
CREATE INDEX reports_status ON reports(status, category);
CREATE INDEX reports_agency ON reports(agency_id, status);
CREATE INDEX reports_reporter ON reports(reporter_id);
CREATE INDEX reports_deadlines ON reports(status, dispatch_due, response_due, closes_on);

CREATE TABLE report_events (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    report_id   INTEGER NOT NULL REFERENCES reports(id),
    at          INTEGER NOT NULL,
    actor_id    INTEGER REFERENCES users(id),
    actor_role  TEXT NOT NULL,
    action      TEXT NOT NULL,
    from_status TEXT,
    to_status   TEXT NOT NULL,
    note        TEXT,
    public      INTEGER NOT NULL
);
CREATE INDEX report_events_report ON report_events(report_id, id);

CREATE TABLE report_photos (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    report_id INTEGER NOT NULL REFERENCES reports(id),
    sha256    TEXT NOT NULL,
    mime      TEXT NOT NULL,
    size      INTEGER NOT NULL,
    hidden    INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX report_photos_report ON report_photos(report_id);

-- Citizens who support a report (+1) and follow its updates.
CREATE TABLE report_supporters (
    report_id INTEGER NOT NULL REFERENCES reports(id),
    user_id   INTEGER NOT NULL REFERENCES users(id),
    at        INTEGER NOT NULL,
    PRIMARY KEY (report_id, user_id)
);
