-- Web Push: the browsers where a citizen turned on device notifications, and whether the
-- citizen wants them (NULL: never chosen, which means yes once a device is subscribed).
ALTER TABLE notification_prefs ADD COLUMN push INTEGER;

CREATE TABLE push_subscriptions (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id    INTEGER NOT NULL REFERENCES users(id),
    endpoint   TEXT NOT NULL UNIQUE,
    p256dh     TEXT NOT NULL,
    auth       TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX push_subscriptions_user ON push_subscriptions(user_id);
