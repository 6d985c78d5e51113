-- The timeline of each IoT alert / work order (issue 11): opened, acknowledged, back to
-- normal, opened again, closed, with the value that moved it and who acted.
CREATE TABLE iot_alert_events (
    id        BIGSERIAL PRIMARY KEY,
    alert_id  BIGINT NOT NULL REFERENCES iot_alerts(id),
    at        BIGINT NOT NULL,
    -- open | reopen | normal | acknowledge | close
    action    TEXT NOT NULL,
    value     DOUBLE PRECISION,
    actor_id  BIGINT,
    note      TEXT
);
CREATE INDEX iot_alert_events_alert ON iot_alert_events(alert_id, id);
