-- Announcements and news (issue 13): agency staff write them, with scheduled publishing (a draft
-- until `publish_at`), an optional end (`expires_at`) and withdrawal. `notified_at` is set once,
-- by whichever process claims the announcement first, when its subscribers are notified.
CREATE TABLE announcements (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    slug         TEXT NOT NULL UNIQUE,
    -- pengumuman, berita
    kind         TEXT NOT NULL,
    agency_id    TEXT NOT NULL,
    region       TEXT NOT NULL DEFAULT '',
    title        TEXT NOT NULL,
    summary      TEXT NOT NULL,
    body         TEXT NOT NULL,
    publish_at   INTEGER NOT NULL,
    expires_at   INTEGER,
    withdrawn_at INTEGER,
    notified_at  INTEGER,
    created_by   INTEGER NOT NULL REFERENCES users(id),
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL
);
CREATE INDEX announcements_publish ON announcements(publish_at);
CREATE INDEX announcements_pending ON announcements(notified_at, publish_at);

-- A citizen's subscriptions: to every agency (`agency_id` = '') or to chosen ones.
CREATE TABLE announcement_subscriptions (
    user_id    INTEGER NOT NULL REFERENCES users(id),
    agency_id  TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    PRIMARY KEY (user_id, agency_id)
);
CREATE INDEX announcement_subscriptions_agency ON announcement_subscriptions(agency_id);
