-- Each citizen's choice of notification channels.
CREATE TABLE notification_prefs (
    user_id BIGINT PRIMARY KEY REFERENCES users(id),
    email   BIGINT NOT NULL,
    webhook BIGINT NOT NULL
);
