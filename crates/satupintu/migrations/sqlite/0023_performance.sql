-- Performance dashboards and recognition (issue 10). Monthly rollups by month x agency x
-- service x region (kabupaten/kota, 4 digits, '' when unknown), kept current by a background
-- job that re-aggregates only the months touched since its watermark; the dashboards read only
-- these tables. Each fact is counted under its service and region and again under '*' (all
-- services, all regions), so a dashboard reads a handful of rows. Durations are kept as histograms (see performance::model::bucket).
CREATE TABLE perf_apps (
    month      TEXT NOT NULL,
    agency_id  TEXT NOT NULL,
    service_id TEXT NOT NULL,
    region     TEXT NOT NULL,
    received   INTEGER NOT NULL,
    completed  INTEGER NOT NULL,
    on_time    INTEGER NOT NULL,
    revised    INTEGER NOT NULL,
    rejected   INTEGER NOT NULL,
    PRIMARY KEY (service_id, region, month, agency_id)
);
CREATE INDEX perf_apps_month ON perf_apps(month);

-- metric: 'process' (hours, submission to completion), 'response' (hours, report to first
-- answer), 'wait' (minutes, queue ticket to call), 'state:<status>' (hours a case spent in it).
CREATE TABLE perf_hist (
    month      TEXT NOT NULL,
    metric     TEXT NOT NULL,
    agency_id  TEXT NOT NULL,
    service_id TEXT NOT NULL,
    region     TEXT NOT NULL,
    bucket     INTEGER NOT NULL,
    n          INTEGER NOT NULL,
    PRIMARY KEY (metric, service_id, region, month, agency_id, bucket)
);
CREATE INDEX perf_hist_month ON perf_hist(month);

CREATE TABLE perf_reports (
    month     TEXT NOT NULL,
    agency_id TEXT NOT NULL,
    region    TEXT NOT NULL,
    received  INTEGER NOT NULL,
    responded INTEGER NOT NULL,
    closed    INTEGER NOT NULL,
    PRIMARY KEY (region, month, agency_id)
);
CREATE INDEX perf_reports_month ON perf_reports(month);

-- Per officer (the officer assigned when the case was decided; for ratings, the one who
-- resolved the report).
CREATE TABLE perf_officers (
    month      TEXT NOT NULL,
    agency_id  TEXT NOT NULL,
    officer_id INTEGER NOT NULL,
    handled    INTEGER NOT NULL,
    completed  INTEGER NOT NULL,
    on_time    INTEGER NOT NULL,
    revised    INTEGER NOT NULL,
    rejected   INTEGER NOT NULL,
    ratings    INTEGER NOT NULL,
    stars      INTEGER NOT NULL,
    PRIMARY KEY (month, agency_id, officer_id)
);

-- The job's watermark (unix seconds) and its lease (one process aggregates at a time).
CREATE TABLE perf_state (
    name  TEXT PRIMARY KEY,
    value INTEGER NOT NULL
);
INSERT INTO perf_state (name, value) VALUES ('watermark', 0), ('lease', 0);

-- Registered service innovations; a platform admin marks award winners (award = period).
CREATE TABLE innovations (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    agency_id   TEXT NOT NULL,
    title       TEXT NOT NULL,
    description TEXT NOT NULL,
    started_on  TEXT NOT NULL,
    results     TEXT NOT NULL,
    link        TEXT NOT NULL DEFAULT '',
    award       TEXT NOT NULL DEFAULT '',
    created_by  INTEGER,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);
CREATE INDEX innovations_agency ON innovations(agency_id, started_on);

-- What the job's range reads need.
CREATE INDEX applications_submitted ON applications(submitted_at);
CREATE INDEX application_events_at ON application_events(at);
CREATE INDEX report_events_at ON report_events(at);
CREATE INDEX report_ratings_at ON report_ratings(at);
CREATE INDEX tickets_issued ON tickets(issued_at);
CREATE INDEX tickets_called ON tickets(called_at);
