-- The admin console (issue 14): the audit log of admin acts, the notification channel
-- switches and the feature switches per region.

-- Every admin act, append-only (no route updates or deletes a row). `actor_user_id` is null for
-- acts from the command line (`actor_label` = 'cli'). `detail_json` holds the changed fields,
-- never a secret, a password or a NIK.
CREATE TABLE admin_audit (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    at            INTEGER NOT NULL,
    actor_user_id INTEGER REFERENCES users(id),
    actor_label   TEXT NOT NULL,
    action        TEXT NOT NULL,
    target_type   TEXT NOT NULL,
    target_id     TEXT NOT NULL,
    detail_json   TEXT NOT NULL DEFAULT '{}',
    request_id    TEXT
);
CREATE INDEX admin_audit_at ON admin_audit(at);
CREATE INDEX admin_audit_actor ON admin_audit(actor_user_id, at);

-- A notification channel (email, webhook, push) switched off queues nothing new; no row: on.
CREATE TABLE notify_channel_switches (
    channel    TEXT PRIMARY KEY,
    enabled    INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);

-- A feature (telemedicine, green_pickup, ...) on or off in a region: `region` is a prefix of
-- Kemendagri region codes ('' = everywhere); the longest matching prefix wins; no row: on.
CREATE TABLE feature_switches (
    feature    TEXT NOT NULL,
    region     TEXT NOT NULL,
    enabled    INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (feature, region)
);

-- A notification text a super admin overrides: per Fluent message (`notify-status`) and
-- language (id, en), with the same variables as the default; no row: the default.
CREATE TABLE notify_templates (
    key        TEXT NOT NULL,
    lang       TEXT NOT NULL,
    subject    TEXT NOT NULL,
    body       TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (key, lang)
);
