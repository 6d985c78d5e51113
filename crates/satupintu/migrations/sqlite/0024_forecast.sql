-- Demand forecasts and complaint hotspots (issue 10, prediction).
--
-- forecasts: one row per series (applications of a service; queue tickets of a service at a
-- location), recomputed by the daily job: the recent weekly history, the next weeks' forecast
-- with its interval, the seasonal effects applied and the error on held-out weeks (JSON).
CREATE TABLE forecasts (
    series_key  TEXT PRIMARY KEY,
    -- applications | tickets
    kind        TEXT NOT NULL,
    service_id  TEXT NOT NULL,
    -- '' for applications (the whole agency), the queue location for tickets
    location_id TEXT NOT NULL,
    agency_id   TEXT,
    data_json   TEXT NOT NULL,
    computed_at INTEGER NOT NULL
);
CREATE INDEX forecasts_agency ON forecasts(agency_id, kind);

-- Weekly counts from before the platform (an agency's earlier records, or the demo's history),
-- added to the counts the platform itself holds. week: the Monday, YYYY-MM-DD.
CREATE TABLE forecast_history (
    kind        TEXT NOT NULL,
    service_id  TEXT NOT NULL,
    location_id TEXT NOT NULL,
    week        TEXT NOT NULL,
    count       INTEGER NOT NULL,
    PRIMARY KEY (kind, service_id, location_id, week)
);

-- The latest hotspot scan: one row per H3 cell (with its ring of neighbours) and category.
CREATE TABLE hotspots (
    cell         TEXT NOT NULL,
    category     TEXT NOT NULL,
    agency_id    TEXT,
    lat          REAL NOT NULL,
    lon          REAL NOT NULL,
    -- reports in the last 14 days, and the expected count from the 8 weeks before
    recent       INTEGER NOT NULL,
    expected     REAL NOT NULL,
    previous     INTEGER NOT NULL,
    emerging     INTEGER NOT NULL,
    window_start TEXT NOT NULL,
    computed_at  INTEGER NOT NULL,
    PRIMARY KEY (cell, category)
);
CREATE INDEX hotspots_agency ON hotspots(agency_id, emerging);

-- An emerging-hotspot alert, raised once per cell, category and fortnight (the unique key makes
-- a second run, or a second process, a no-op).
CREATE TABLE hotspot_alerts (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    cell         TEXT NOT NULL,
    category     TEXT NOT NULL,
    window_start TEXT NOT NULL,
    agency_id    TEXT,
    lat          REAL NOT NULL,
    lon          REAL NOT NULL,
    recent       INTEGER NOT NULL,
    expected     REAL NOT NULL,
    created_at   INTEGER NOT NULL,
    UNIQUE (cell, category, window_start)
);
CREATE INDEX hotspot_alerts_agency ON hotspot_alerts(agency_id, created_at);
