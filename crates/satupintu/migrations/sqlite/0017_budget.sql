-- Budget transparency (APBD/APBN style): the lines of a fiscal year's budget of one agency, as
-- imported. A re-import of a year and agency replaces its lines. Each line, as imported, is also a
-- ledger leaf (`budget.line` with the hash of its canonical JSON), so a silent edit is detectable.
CREATE TABLE budget_lines (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    fiscal_year    INTEGER NOT NULL,
    agency_id      TEXT NOT NULL REFERENCES agencies(id),
    programme_code TEXT NOT NULL,
    programme_name TEXT NOT NULL,
    activity_code  TEXT NOT NULL,
    activity_name  TEXT NOT NULL,
    account_code   TEXT NOT NULL,
    account_name   TEXT NOT NULL,
    -- pagu, integer rupiah
    plan           INTEGER NOT NULL,
    -- realisation of each month, January first: a JSON array of 12 integers (rupiah)
    monthly        TEXT NOT NULL,
    imported_at    INTEGER NOT NULL,
    UNIQUE (fiscal_year, agency_id, activity_code, account_code)
);
CREATE INDEX budget_lines_year ON budget_lines(fiscal_year, agency_id);
