-- Procurement (paket pengadaan): a package owned by an agency moves plan -> tender -> award ->
-- contract -> implementation -> complete. `data` holds what staff recorded so far (JSON); every
-- recorded stage adds an Open Contracting (OCDS 1.1) release, stored immutably and recorded in
-- the ledger (`procurement.release` with the hash of the release's canonical JSON).
CREATE TABLE procurement_packages (
    id          TEXT PRIMARY KEY,
    agency_id   TEXT NOT NULL REFERENCES agencies(id),
    title       TEXT NOT NULL,
    fiscal_year INTEGER NOT NULL,
    method      TEXT NOT NULL,
    -- planning, tender, award, contract, implementation, complete
    stage       TEXT NOT NULL,
    -- planned budget (pagu) and the latest known value (award or contract), integer rupiah
    budget      INTEGER NOT NULL,
    value       INTEGER NOT NULL,
    data        TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);
CREATE INDEX procurement_packages_agency ON procurement_packages(agency_id, fiscal_year);

CREATE TABLE procurement_releases (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    package_id  TEXT NOT NULL REFERENCES procurement_packages(id),
    release_id  TEXT NOT NULL UNIQUE,
    tag         TEXT NOT NULL,
    -- UTC unix seconds
    released_at INTEGER NOT NULL,
    -- the release as published: canonical JSON
    body        TEXT NOT NULL
);
CREATE INDEX procurement_releases_of ON procurement_releases(package_id, id);
