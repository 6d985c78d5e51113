-- The session (hash of its token) that turned device notifications on in a browser: signing
-- out of that session turns them off there, so a shared or borrowed phone stops showing the
-- citizen's notifications once they sign out.
ALTER TABLE push_subscriptions ADD COLUMN session_hash TEXT;
CREATE INDEX push_subscriptions_session ON push_subscriptions(session_hash);
