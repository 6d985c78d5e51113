-- Data subject rights (UU 27/2022 on personal data protection): a citizen's requests to correct
-- their data or to delete it, and what became of each. A deletion keeps its outcome (what was
-- deleted, what was kept, why and until when) as the record that the request was honoured.
CREATE TABLE privacy_requests (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id       INTEGER NOT NULL REFERENCES users(id),
    -- correction or deletion
    kind          TEXT NOT NULL,
    -- correction: which data (full_name, email, phone, address, birth_place, birth_date, gender, nik, kk_number, other)
    field         TEXT NOT NULL DEFAULT '',
    problem       TEXT NOT NULL DEFAULT '',
    correct_value TEXT NOT NULL DEFAULT '',
    -- pending, applied, refused (corrections); done (deletions)
    status        TEXT NOT NULL,
    reason        TEXT NOT NULL DEFAULT '',
    outcome_json  TEXT,
    created_at    INTEGER NOT NULL,
    decided_at    INTEGER,
    decided_by    INTEGER REFERENCES users(id)
);
CREATE INDEX privacy_requests_user ON privacy_requests(user_id, created_at);
CREATE INDEX privacy_requests_status ON privacy_requests(status, created_at);
