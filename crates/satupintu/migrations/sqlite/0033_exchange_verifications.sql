-- Automatic verification of application fields through the exchange (issue 12): a rule says
-- which form field of a catalogue service may be verified by asking a member agency for an
-- item (for a registered purpose whose client is this instance) instead of an uploaded scan;
-- each application's verifications hold the citizen's choice, then the outcome of the ask.
CREATE TABLE exchange_verifications (
    id              TEXT PRIMARY KEY,
    service_id      TEXT NOT NULL,
    -- the form field it stands in for (usually a `file` scan)
    field           TEXT NOT NULL,
    provider_member TEXT NOT NULL,
    item            TEXT NOT NULL,
    purpose_id      TEXT NOT NULL REFERENCES exchange_purposes(id),
    -- item parameters as a JSON object, e.g. {"region": "Surabaya"}
    params_json     TEXT NOT NULL DEFAULT '{}',
    created_at      INTEGER NOT NULL,
    UNIQUE (service_id, field)
);

CREATE TABLE application_verifications (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    application_id  INTEGER NOT NULL REFERENCES applications(id),
    citizen_id      INTEGER NOT NULL REFERENCES users(id),
    field           TEXT NOT NULL,
    rule_id         TEXT NOT NULL,
    item            TEXT NOT NULL,
    purpose_id      TEXT NOT NULL,
    provider_member TEXT NOT NULL,
    provider_name   TEXT NOT NULL,
    -- 'waiting' (chosen, not submitted yet), 'pending' (to ask), 'yes', 'no',
    -- 'failed' (provider unreachable or bad reply; retried), 'refused' (code says why)
    status          TEXT NOT NULL,
    code            TEXT NOT NULL DEFAULT '',
    request_id      TEXT NOT NULL DEFAULT '',
    asked_at        INTEGER,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER,
    created_at      INTEGER NOT NULL,
    UNIQUE (application_id, field)
);
CREATE INDEX application_verifications_due ON application_verifications(next_attempt_at);
