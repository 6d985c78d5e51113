-- Queues and appointments: places where citizens are served in person (an MPP building, an
-- office, a Puskesmas, a health facility), the services each serves with a slot capacity,
-- its counters, the bookable slots planned from its opening hours, the bookings, and the
-- tickets of the day's queue. Practitioners and their schedules plan teleconsultation slots.
CREATE TABLE locations (
    id           TEXT PRIMARY KEY,
    kind         TEXT NOT NULL,
    -- The agency that runs it; none for an MPP building shared by many agencies.
    agency_id    TEXT,
    name         TEXT NOT NULL,
    address      TEXT NOT NULL,
    region_code  TEXT,
    -- The whole definition as imported (weekly hours, breaks, services, counters).
    data_json    TEXT NOT NULL,
    -- The secret part of the kiosk's address.
    kiosk_key    TEXT NOT NULL UNIQUE,
    updated_at   INTEGER NOT NULL
);

CREATE TABLE location_services (
    location_id TEXT NOT NULL REFERENCES locations(id),
    service_id  TEXT NOT NULL REFERENCES services(id),
    -- Bookings per slot.
    capacity    INTEGER NOT NULL,
    -- The letter of its queue tickets.
    prefix      TEXT NOT NULL,
    PRIMARY KEY (location_id, service_id)
);
CREATE INDEX location_services_service ON location_services(service_id);

-- Days a location is closed besides the national holidays.
CREATE TABLE location_closures (
    location_id TEXT NOT NULL REFERENCES locations(id),
    date        TEXT NOT NULL,
    reason      TEXT NOT NULL,
    PRIMARY KEY (location_id, date)
);

CREATE TABLE counters (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    location_id   TEXT NOT NULL REFERENCES locations(id),
    name          TEXT NOT NULL,
    -- The services served here (JSON list of ids).
    services_json TEXT NOT NULL,
    active        INTEGER NOT NULL DEFAULT 1,
    UNIQUE (location_id, name)
);

CREATE TABLE practitioners (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id       INTEGER NOT NULL UNIQUE REFERENCES users(id),
    location_id   TEXT NOT NULL REFERENCES locations(id),
    name          TEXT NOT NULL,
    qualification TEXT NOT NULL,
    -- Surat Izin Praktik.
    license       TEXT NOT NULL,
    active        INTEGER NOT NULL DEFAULT 1
);

-- Weekly hours of a practitioner: minutes after local midnight.
CREATE TABLE practitioner_schedules (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    practitioner_id INTEGER NOT NULL REFERENCES practitioners(id),
    weekday         INTEGER NOT NULL,
    start_min       INTEGER NOT NULL,
    end_min         INTEGER NOT NULL,
    slot_minutes    INTEGER NOT NULL,
    service_id      TEXT NOT NULL REFERENCES services(id)
);
CREATE INDEX practitioner_schedules_of ON practitioner_schedules(practitioner_id);

-- Bookable slots, planned ahead from the hours (practitioner 0: a counter slot).
CREATE TABLE slots (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    location_id     TEXT NOT NULL REFERENCES locations(id),
    service_id      TEXT NOT NULL REFERENCES services(id),
    practitioner_id INTEGER NOT NULL DEFAULT 0,
    date            TEXT NOT NULL,
    start_min       INTEGER NOT NULL,
    end_min         INTEGER NOT NULL,
    starts_at       INTEGER NOT NULL,
    ends_at         INTEGER NOT NULL,
    capacity        INTEGER NOT NULL,
    booked          INTEGER NOT NULL DEFAULT 0,
    closed          INTEGER NOT NULL DEFAULT 0,
    UNIQUE (location_id, service_id, practitioner_id, date, start_min)
);
CREATE INDEX slots_day ON slots(service_id, date, location_id);
CREATE INDEX slots_practitioner ON slots(practitioner_id, date);

CREATE TABLE bookings (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    code           TEXT NOT NULL UNIQUE,
    slot_id        INTEGER NOT NULL REFERENCES slots(id),
    user_id        INTEGER NOT NULL REFERENCES users(id),
    service_id     TEXT NOT NULL REFERENCES services(id),
    location_id    TEXT NOT NULL REFERENCES locations(id),
    application_id INTEGER REFERENCES applications(id),
    -- booked, checked_in, served, cancelled, no_show
    status         TEXT NOT NULL,
    reschedules    INTEGER NOT NULL DEFAULT 0,
    reminded       INTEGER NOT NULL DEFAULT 0,
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL
);
-- One active booking per service per person, whatever races.
CREATE UNIQUE INDEX bookings_one_active ON bookings(user_id, service_id) WHERE status = 'booked';
CREATE INDEX bookings_user ON bookings(user_id, status);
CREATE INDEX bookings_slot ON bookings(slot_id);
CREATE INDEX bookings_status ON bookings(status, slot_id);

-- The day's ticket numbers per location and letter.
CREATE TABLE ticket_counters (
    location_id TEXT NOT NULL,
    date        TEXT NOT NULL,
    prefix      TEXT NOT NULL,
    last        INTEGER NOT NULL,
    PRIMARY KEY (location_id, date, prefix)
);

CREATE TABLE tickets (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    location_id     TEXT NOT NULL REFERENCES locations(id),
    service_id      TEXT NOT NULL REFERENCES services(id),
    date            TEXT NOT NULL,
    number          TEXT NOT NULL,
    -- Served first: elderly, pregnant, disability (priority 1).
    priority        INTEGER NOT NULL,
    priority_reason TEXT,
    booking_id      INTEGER UNIQUE REFERENCES bookings(id),
    -- The secret part of the ticket's own page.
    token           TEXT NOT NULL UNIQUE,
    -- Order within a priority: the slot's start for a booking, the issue time for a walk-in.
    rank_at         INTEGER NOT NULL,
    -- waiting, called, done, missed
    status          TEXT NOT NULL,
    counter_id      INTEGER REFERENCES counters(id),
    officer_id      INTEGER REFERENCES users(id),
    calls           INTEGER NOT NULL DEFAULT 0,
    issued_at       INTEGER NOT NULL,
    called_at       INTEGER,
    done_at         INTEGER,
    UNIQUE (location_id, date, number)
);
CREATE INDEX tickets_queue ON tickets(location_id, date, status, priority, rank_at);
CREATE INDEX tickets_stats ON tickets(location_id, issued_at);
