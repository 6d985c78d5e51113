-- National sign-in with OpenID Connect (issue 12): which identity at which provider belongs to
-- which account, and the sign-ins under way (state, nonce and PKCE verifier, single use).
CREATE TABLE oidc_identities (
    issuer     TEXT NOT NULL,
    subject    TEXT NOT NULL,
    user_id    BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    linked_at  BIGINT NOT NULL,
    PRIMARY KEY (issuer, subject)
);
CREATE INDEX oidc_identities_user ON oidc_identities(user_id);

-- One row per sign-in started at /auth/oidc/login; deleted when its callback arrives.
-- Only the SHA-256 of the state is kept; the browser holds the state in a short-lived cookie.
CREATE TABLE oidc_logins (
    state_hash  TEXT PRIMARY KEY,
    nonce       TEXT NOT NULL,
    verifier    TEXT NOT NULL,
    next        TEXT NOT NULL,
    expires_at  BIGINT NOT NULL
);
CREATE INDEX oidc_logins_expiry ON oidc_logins(expires_at);
