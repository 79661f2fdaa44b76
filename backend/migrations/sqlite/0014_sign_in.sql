-- Reviewers sign in with a password (an Argon2id PHC string; '' for none: a token or the
-- identity provider only) and a TOTP code (the base32 secret, and the last 30-second step a
-- code was accepted for, so that no code is good twice).
ALTER TABLE reviewers ADD COLUMN password_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE reviewers ADD COLUMN totp_secret TEXT NOT NULL DEFAULT '';
ALTER TABLE reviewers ADD COLUMN totp_step INTEGER NOT NULL DEFAULT 0;

-- A browser's session: only the SHA-256 of the cookie's value is kept. `started` and `seen`
-- are Unix seconds: a session ends 30 minutes after it was last seen, 12 hours after it began.
CREATE TABLE sessions (
    id_hash TEXT PRIMARY KEY NOT NULL,
    reviewer TEXT NOT NULL REFERENCES reviewers (name),
    via TEXT NOT NULL,
    started INTEGER NOT NULL,
    seen INTEGER NOT NULL
);
CREATE INDEX sessions_reviewer ON sessions (reviewer);
