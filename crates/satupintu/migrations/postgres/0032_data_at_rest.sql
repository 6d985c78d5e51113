-- Personal data encrypted at rest (UU 27/2022). users.nik now holds `v1:<key id>:<sealed>`
-- (AES-256-GCM, keys outside the database); nik_index is its keyed blind index
-- (HMAC-SHA256), which carries the uniqueness of a NIK and the lookups by NIK. Existing rows are
-- sealed by the start-up step after migrations (values without the `v1:` prefix).
ALTER TABLE users ADD COLUMN nik_index TEXT;
CREATE UNIQUE INDEX users_nik_index ON users(nik_index);
ALTER TABLE users DROP CONSTRAINT IF EXISTS users_nik_key;

-- One row per data key that ever sealed a value: its id and a check value sealed with it, so a
-- start with a wrong or missing key file stops instead of sealing with a new key.
CREATE TABLE data_keys (
    key_id      TEXT PRIMARY KEY,
    check_value TEXT NOT NULL,
    created_at  BIGINT NOT NULL
);
