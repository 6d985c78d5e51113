-- Real-time monitoring of public infrastructure (issue 11, IoT).
--
-- A thing is what is watched (a bridge, a pump house, a junction, a river gauge, an air-quality
-- station), with its place and owner agency. A device is the box that sends readings, with its
-- own credential (only the SHA-256 of its token is kept). A sensor belongs to one device and one
-- thing and measures one kind of quantity in one unit.
CREATE TABLE iot_things (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    -- bridge | pump_house | junction | river | drain | road | air_station
    kind        TEXT NOT NULL,
    lat         DOUBLE PRECISION NOT NULL,
    lon         DOUBLE PRECISION NOT NULL,
    agency_id   TEXT NOT NULL,
    region_code TEXT,
    -- 1: its public sensors' readings appear on the public page and in the SensorThings API
    public      BIGINT NOT NULL DEFAULT 0,
    created_at  BIGINT NOT NULL
);
CREATE INDEX iot_things_agency ON iot_things(agency_id);

CREATE TABLE iot_devices (
    id            TEXT PRIMARY KEY,
    thing_id      TEXT NOT NULL REFERENCES iot_things(id),
    name          TEXT NOT NULL,
    -- hex SHA-256 of the device's bearer token (MQTT password / HTTP Authorization)
    token_hash    TEXT NOT NULL UNIQUE,
    -- the token hashed for Mosquitto's password file (PBKDF2-SHA512, `$7$...`), so the broker
    -- can check the device's MQTT password; none until set
    mqtt_hash     TEXT,
    active        BIGINT NOT NULL DEFAULT 1,
    created_at    BIGINT NOT NULL,
    -- unix milliseconds of the last accepted reading
    last_seen_ms  BIGINT,
    -- payloads refused (bad JSON, unknown sensor, value not a finite number, ...)
    bad_payloads  BIGINT NOT NULL DEFAULT 0,
    accepted      BIGINT NOT NULL DEFAULT 0,
    -- the message key of the last refusal (never the payload itself) and when
    last_error    TEXT,
    last_error_at BIGINT
);
CREATE INDEX iot_devices_thing ON iot_devices(thing_id);

CREATE TABLE iot_sensors (
    id          TEXT PRIMARY KEY,
    device_id   TEXT NOT NULL REFERENCES iot_devices(id),
    thing_id    TEXT NOT NULL REFERENCES iot_things(id),
    name        TEXT NOT NULL,
    -- water_level | traffic_flow | traffic_speed | vibration | pm25 | rainfall | road_surface
    kind        TEXT NOT NULL,
    unit        TEXT NOT NULL,
    public      BIGINT NOT NULL DEFAULT 0,
    created_at  BIGINT NOT NULL,
    -- the latest reading (unix milliseconds), kept by ingestion for the live views
    last_value  DOUBLE PRECISION,
    last_ts_ms  BIGINT
);
CREATE INDEX iot_sensors_device ON iot_sensors(device_id);
CREATE INDEX iot_sensors_thing ON iot_sensors(thing_id);

-- Raw readings, kept for iot_raw_days (config); ts_ms: unix milliseconds of the measurement.
CREATE TABLE iot_readings (
    sensor_id TEXT NOT NULL,
    ts_ms     BIGINT NOT NULL,
    value     DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (sensor_id, ts_ms)
);

-- Hourly aggregates, kept for years. hour: unix seconds of the hour's start (UTC).
CREATE TABLE iot_hourly (
    sensor_id TEXT NOT NULL,
    hour      BIGINT NOT NULL,
    n         BIGINT NOT NULL,
    sum       DOUBLE PRECISION NOT NULL,
    min       DOUBLE PRECISION NOT NULL,
    max       DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (sensor_id, hour)
);

-- Rules: for one sensor (sensor_id) or every sensor of a kind (sensor_kind), exactly one set.
-- above: alert when value >= threshold, back to normal when value < clear_at (clear_at < threshold)
-- below: alert when value <= threshold, back to normal when value > clear_at (clear_at > threshold)
-- rate:  alert when |change| per minute between consecutive readings >= threshold; normal when
--        it is < clear_at again
-- nodata: alert when no reading for threshold minutes; normal when a reading arrives
CREATE TABLE iot_rules (
    id           BIGSERIAL PRIMARY KEY,
    name         TEXT NOT NULL,
    sensor_id    TEXT REFERENCES iot_sensors(id),
    sensor_kind  TEXT,
    rule         TEXT NOT NULL,
    threshold    DOUBLE PRECISION NOT NULL,
    clear_at     DOUBLE PRECISION,
    -- warning | danger
    severity     TEXT NOT NULL DEFAULT 'warning',
    -- 1: an alert also files a public report (complaint-style) that citizens can follow
    public_report BIGINT NOT NULL DEFAULT 0,
    active       BIGINT NOT NULL DEFAULT 1,
    created_by   BIGINT,
    created_at   BIGINT NOT NULL
);

-- An alert is the work order it opens for the thing's agency, code PK-YYYY-NNNNNN.
-- status: open (values out of bounds) -> normal (values back within bounds, waiting for staff)
--         -> closed (staff confirmed). Staff may acknowledge an open one (acknowledged_at).
CREATE TABLE iot_alerts (
    id              BIGSERIAL PRIMARY KEY,
    code            TEXT NOT NULL UNIQUE,
    rule_id         BIGINT NOT NULL REFERENCES iot_rules(id),
    sensor_id       TEXT NOT NULL REFERENCES iot_sensors(id),
    thing_id        TEXT NOT NULL,
    agency_id       TEXT NOT NULL,
    severity        TEXT NOT NULL,
    status          TEXT NOT NULL,
    -- the reading that opened it (unix ms) and its value; the worst value seen while open
    opened_ts_ms    BIGINT NOT NULL,
    opened_value    DOUBLE PRECISION,
    peak_value      DOUBLE PRECISION,
    last_value      DOUBLE PRECISION,
    normal_at       BIGINT,
    acknowledged_by BIGINT,
    acknowledged_at BIGINT,
    closed_by       BIGINT,
    closed_at       BIGINT,
    close_note      TEXT,
    -- the public report filed for it, when the rule asks for one
    report_code     TEXT,
    created_at      BIGINT NOT NULL,
    -- open_key = rule_id || ':' || sensor_id while not closed, NULL once closed: at most one
    -- alert per rule and sensor is not closed, even with several ingestion processes
    open_key        TEXT UNIQUE
);
CREATE INDEX iot_alerts_agency ON iot_alerts(agency_id, status);
CREATE INDEX iot_alerts_sensor ON iot_alerts(sensor_id, created_at);

-- Staff on duty for their agency's alerts (notified first; nobody on duty: every officer).
CREATE TABLE iot_on_duty (
    user_id   BIGINT PRIMARY KEY,
    agency_id TEXT NOT NULL,
    since     BIGINT NOT NULL
);
