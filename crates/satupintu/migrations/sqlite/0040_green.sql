-- Green services (issue 13): the per-service estimates of paper and trips an online application
-- saves (an agency admin's override of the default derived from the catalogue), the waste-pickup
-- windows of the environment agency's trucks per zone (a kecamatan) and the citizens' pickup
-- requests, each holding one place of a window.
CREATE TABLE green_estimates (
    service_id TEXT PRIMARY KEY REFERENCES services(id),
    -- A row overrides the default (requirements x 2 + form pages; 2 trips); no row: the default.
    pages      INTEGER NOT NULL,
    trips      INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);

CREATE TABLE green_windows (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    agency_id  TEXT NOT NULL,
    -- The kecamatan (6-digit Kemendagri code) the truck serves.
    zone       TEXT NOT NULL,
    date       TEXT NOT NULL,
    -- Minutes after local midnight, and the same times in UTC seconds.
    start_min  INTEGER NOT NULL,
    end_min    INTEGER NOT NULL,
    starts_at  INTEGER NOT NULL,
    ends_at    INTEGER NOT NULL,
    capacity   INTEGER NOT NULL,
    booked     INTEGER NOT NULL DEFAULT 0,
    -- Kinds of waste taken (comma-separated; empty: every kind).
    kinds      TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    UNIQUE (zone, date, start_min)
);
CREATE INDEX green_windows_day ON green_windows(date, zone);

CREATE TABLE green_pickups (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    code        TEXT NOT NULL UNIQUE,
    user_id     INTEGER NOT NULL REFERENCES users(id),
    window_id   INTEGER NOT NULL REFERENCES green_windows(id),
    kind        TEXT NOT NULL,
    -- small, medium or large (see the model).
    volume      TEXT NOT NULL,
    address     TEXT NOT NULL,
    kelurahan   TEXT NOT NULL,
    rt          TEXT NOT NULL,
    rw          TEXT NOT NULL,
    zone        TEXT NOT NULL,
    -- scheduled, picked_up, missed, cancelled
    status      TEXT NOT NULL,
    reason      TEXT,
    reschedules INTEGER NOT NULL DEFAULT 0,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);
CREATE INDEX green_pickups_user ON green_pickups(user_id, status);
CREATE INDEX green_pickups_window ON green_pickups(window_id, status);
