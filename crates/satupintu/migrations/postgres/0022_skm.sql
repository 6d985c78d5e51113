-- Satisfaction surveys (SKM, PermenPAN-RB 14/2017): invitations sent to citizens after a finished
-- service (one per source item, whatever processes run the job) and the responses with the nine
-- element scores (1-4). Kiosk responses have no invitation.
CREATE TABLE skm_invitations (
    id          BIGSERIAL PRIMARY KEY,
    -- application, report or booking
    source_kind TEXT NOT NULL,
    source_id   BIGINT NOT NULL,
    citizen_id  BIGINT NOT NULL REFERENCES users(id),
    agency_id   TEXT NOT NULL,
    service_id  TEXT,
    finished_at BIGINT NOT NULL,
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL,
    reminded_at BIGINT,
    answered_at BIGINT,
    UNIQUE (source_kind, source_id)
);
CREATE INDEX skm_invitations_citizen ON skm_invitations(citizen_id, created_at);
CREATE INDEX skm_invitations_open ON skm_invitations(answered_at, reminded_at, created_at);

CREATE TABLE skm_responses (
    id            BIGSERIAL PRIMARY KEY,
    invitation_id BIGINT UNIQUE REFERENCES skm_invitations(id),
    agency_id     TEXT NOT NULL,
    service_id    TEXT,
    -- online (an invitation) or kiosk (a walk-in at the agency's counter)
    channel       TEXT NOT NULL,
    -- YYYY-MM in the agency's time zone: the period the response counts in.
    month         TEXT NOT NULL,
    u1 BIGINT NOT NULL, u2 BIGINT NOT NULL, u3 BIGINT NOT NULL,
    u4 BIGINT NOT NULL, u5 BIGINT NOT NULL, u6 BIGINT NOT NULL,
    u7 BIGINT NOT NULL, u8 BIGINT NOT NULL, u9 BIGINT NOT NULL,
    suggestion    TEXT NOT NULL DEFAULT '',
    -- The staff account whose kiosk took a walk-in's answer (for the kiosk's rate guard).
    kiosk_user    BIGINT,
    created_at    BIGINT NOT NULL
);
CREATE INDEX skm_responses_agency ON skm_responses(agency_id, month, created_at);
CREATE INDEX skm_responses_kiosk ON skm_responses(kiosk_user, created_at);

-- The sums of each unit's month, kept in the transaction of each response, so an IKM of any
-- period reads a few rows instead of every response.
CREATE TABLE skm_month_sums (
    agency_id   TEXT NOT NULL,
    month       TEXT NOT NULL,
    respondents BIGINT NOT NULL,
    u1 BIGINT NOT NULL, u2 BIGINT NOT NULL, u3 BIGINT NOT NULL,
    u4 BIGINT NOT NULL, u5 BIGINT NOT NULL, u6 BIGINT NOT NULL,
    u7 BIGINT NOT NULL, u8 BIGINT NOT NULL, u9 BIGINT NOT NULL,
    PRIMARY KEY (agency_id, month)
);
CREATE INDEX skm_month_sums_month ON skm_month_sums(month);

-- The invitation job and the population of a period read finished items by the time they finished.
CREATE INDEX skm_scan_application_events ON application_events(to_status, at);
CREATE INDEX skm_scan_report_events ON report_events(to_status, at);
CREATE INDEX skm_scan_bookings ON bookings(status, updated_at);
CREATE INDEX skm_scan_tickets ON tickets(status, done_at);
