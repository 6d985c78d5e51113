-- Proactive notices (issue 10): a citizen's consent per kind of notice (off until given) with
-- the record of every change; documents the citizen records themselves ("Dokumen saya": only
-- the last characters of a number are kept); family members (name and birth date; a NIK is
-- kept masked); and one row per notice sent, so a notice goes out once even with two processes.
CREATE TABLE proactive_consents (
    user_id    INTEGER NOT NULL REFERENCES users(id),
    -- expiry, ktp17, services
    kind       TEXT NOT NULL,
    granted    INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (user_id, kind)
);
CREATE INDEX proactive_consents_granted ON proactive_consents(kind, granted);

CREATE TABLE proactive_consent_log (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id    INTEGER NOT NULL REFERENCES users(id),
    kind       TEXT NOT NULL,
    granted    INTEGER NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX proactive_consent_log_user ON proactive_consent_log(user_id, created_at);

CREATE TABLE proactive_documents (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id     INTEGER NOT NULL REFERENCES users(id),
    -- sim-a, sim-b, sim-c, paspor, stnk, izin-usaha, izin-reklame, izin-praktik, lainnya
    kind        TEXT NOT NULL,
    label       TEXT NOT NULL DEFAULT '',
    number_tail TEXT NOT NULL DEFAULT '',
    expires_on  TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);
CREATE INDEX proactive_documents_user ON proactive_documents(user_id);

CREATE TABLE proactive_family (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id     INTEGER NOT NULL REFERENCES users(id),
    name        TEXT NOT NULL,
    birth_date  TEXT NOT NULL,
    nik_masked  TEXT NOT NULL DEFAULT '',
    created_at  INTEGER NOT NULL
);
CREATE INDEX proactive_family_user ON proactive_family(user_id);

CREATE TABLE proactive_sent (
    notice_key TEXT PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users(id),
    kind       TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX proactive_sent_user ON proactive_sent(user_id, created_at);
