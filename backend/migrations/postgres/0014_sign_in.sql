-- As migrations/sqlite/0014: passwords, TOTP secrets and browser sessions.
ALTER TABLE reviewers ADD COLUMN password_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE reviewers ADD COLUMN totp_secret TEXT NOT NULL DEFAULT '';
ALTER TABLE reviewers ADD COLUMN totp_step BIGINT NOT NULL DEFAULT 0;

CREATE TABLE sessions (
    id_hash TEXT COLLATE "C" PRIMARY KEY NOT NULL,
    reviewer TEXT COLLATE "C" NOT NULL REFERENCES reviewers (name),
    via TEXT NOT NULL,
    started BIGINT NOT NULL,
    seen BIGINT NOT NULL
);
CREATE INDEX sessions_reviewer ON sessions (reviewer);
