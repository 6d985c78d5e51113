-- Each citizen's choice of notification channels.
CREATE TABLE notification_prefs (
    user_id INTEGER PRIMARY KEY REFERENCES users(id),
    email   INTEGER NOT NULL,
    webhook INTEGER NOT NULL
);
