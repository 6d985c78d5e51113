-- Events (issue 13): cultural programmes, festivals, workshops and training published by an
-- agency, with a capacity (NULL: unlimited), a registration window, registrations and a waiting
-- list. `seats_taken` counts registered people: a seat is taken with one conditional UPDATE, so
-- two people taking the last seat at once cannot both get it.
CREATE TABLE events (
    id                     INTEGER PRIMARY KEY AUTOINCREMENT,
    slug                   TEXT NOT NULL UNIQUE,
    -- budaya, festival, lokakarya, pelatihan
    kind                   TEXT NOT NULL,
    agency_id              TEXT NOT NULL,
    title                  TEXT NOT NULL,
    description            TEXT NOT NULL,
    place_name             TEXT NOT NULL,
    place_address          TEXT NOT NULL,
    -- microdegrees (an integer: no float binding across the two databases)
    lat_e6                 INTEGER,
    lon_e6                 INTEGER,
    starts_at              INTEGER NOT NULL,
    ends_at                INTEGER NOT NULL,
    capacity               INTEGER,
    seats_taken            INTEGER NOT NULL DEFAULT 0,
    registration_opens_at  INTEGER,
    registration_closes_at INTEGER,
    cancelled_at           INTEGER,
    created_by             INTEGER NOT NULL REFERENCES users(id),
    created_at             INTEGER NOT NULL,
    updated_at             INTEGER NOT NULL
);
CREATE INDEX events_starts ON events(starts_at);

-- One row per citizen and event: registered, waiting (ordered by `queued_at`, then id) or
-- cancelled (a cancelled row is reused when the citizen registers again).
CREATE TABLE event_registrations (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id   INTEGER NOT NULL REFERENCES events(id),
    user_id    INTEGER NOT NULL REFERENCES users(id),
    status     TEXT NOT NULL,
    queued_at  INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (event_id, user_id)
);
CREATE INDEX event_registrations_waiting ON event_registrations(event_id, status, queued_at);
CREATE INDEX event_registrations_user ON event_registrations(user_id);
