-- Telemedicine: a booking of a practitioner's slot is a teleconsultation. What the patient told
-- before it, the practitioner's notes, the chat, the signed e-prescription, and the
-- log of every read of this health data by staff (shown to the patient).
CREATE TABLE consultations (
    booking_id   INTEGER PRIMARY KEY REFERENCES bookings(id),
    -- video or chat
    mode         TEXT NOT NULL,
    complaint    TEXT NOT NULL,
    history      TEXT NOT NULL,
    allergies    TEXT NOT NULL,
    medicines    TEXT NOT NULL,
    notes        TEXT NOT NULL DEFAULT '',
    completed_at INTEGER,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL
);

CREATE TABLE consultation_messages (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    booking_id INTEGER NOT NULL REFERENCES consultations(booking_id),
    sender_id  INTEGER NOT NULL REFERENCES users(id),
    body       TEXT NOT NULL,
    at         INTEGER NOT NULL
);
CREATE INDEX consultation_messages_of ON consultation_messages(booking_id, id);

CREATE TABLE prescriptions (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    -- RX-YYYY-NNNNNN
    code         TEXT NOT NULL UNIQUE,
    booking_id   INTEGER NOT NULL UNIQUE REFERENCES consultations(booking_id),
    -- The signed canonical content (items included).
    content_json TEXT NOT NULL,
    signature    TEXT NOT NULL,
    key_id       TEXT NOT NULL,
    issued_at    INTEGER NOT NULL,
    dispensed_at INTEGER,
    dispensed_by INTEGER REFERENCES users(id)
);

CREATE TABLE health_access_log (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    patient_id INTEGER NOT NULL REFERENCES users(id),
    staff_id   INTEGER NOT NULL REFERENCES users(id),
    -- consultation, prescription or fhir
    what       TEXT NOT NULL,
    -- The booking or prescription code read.
    code       TEXT NOT NULL,
    at         INTEGER NOT NULL
);
CREATE INDEX health_access_log_patient ON health_access_log(patient_id, at);
