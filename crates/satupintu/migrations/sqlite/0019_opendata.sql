-- Open data catalogue (issue 9): datasets with DCAT metadata, published by an agency or (the
-- automatic statistics) by the platform, and their tabular resources stored here as cells.
CREATE TABLE datasets (
    id             TEXT PRIMARY KEY,
    -- URL slug, unique (CKAN's `name`).
    name           TEXT NOT NULL UNIQUE,
    title          TEXT NOT NULL,
    notes          TEXT NOT NULL,
    -- An agency id, or `satupintu` for the platform's own statistics.
    publisher      TEXT NOT NULL,
    license_id     TEXT NOT NULL,
    -- Comma-separated theme (group) names and keywords.
    themes         TEXT NOT NULL,
    keywords       TEXT NOT NULL,
    temporal_start TEXT,
    temporal_end   TEXT,
    spatial_code   TEXT,
    -- EU frequency vocabulary (DAILY, MONTHLY, ANNUAL, ...).
    frequency      TEXT NOT NULL,
    automatic      INTEGER NOT NULL DEFAULT 0,
    issued_at      INTEGER NOT NULL,
    modified_at    INTEGER NOT NULL
);
CREATE INDEX datasets_publisher ON datasets(publisher);

CREATE TABLE dataset_resources (
    id           TEXT PRIMARY KEY,
    dataset_id   TEXT NOT NULL REFERENCES datasets(id),
    -- Short name within the dataset, used in the download URL.
    slug         TEXT NOT NULL,
    name         TEXT NOT NULL,
    description  TEXT NOT NULL,
    -- The original format (CSV or JSON); every resource downloads as both.
    format       TEXT NOT NULL,
    columns_json TEXT NOT NULL,
    rows_json    TEXT NOT NULL,
    row_count    INTEGER NOT NULL,
    sha256       TEXT NOT NULL,
    position     INTEGER NOT NULL,
    created_at   INTEGER NOT NULL,
    modified_at  INTEGER NOT NULL,
    UNIQUE (dataset_id, slug)
);
