-- Reviewers: who may read which programs' submissions, and only one unit's where `unit` is set.
-- Only a hash of each token is kept (see backend/src/reviewers.rs). A revoked account stays, so
-- that the audit log keeps naming someone.
CREATE TABLE reviewers (
    name TEXT PRIMARY KEY NOT NULL,
    token_id TEXT NOT NULL UNIQUE,
    token_hash TEXT NOT NULL,
    unit TEXT,
    created_at TEXT NOT NULL,
    revoked_at TEXT
);

CREATE TABLE reviewer_programs (
    reviewer TEXT NOT NULL REFERENCES reviewers (name),
    program TEXT NOT NULL,
    PRIMARY KEY (reviewer, program)
);

-- What reviewers filter by, kept beside the JSON so that the same SQL serves SQLite and
-- PostgreSQL: the receiving unit ('' where the call names none or several) and the domain.
ALTER TABLE submissions ADD COLUMN unit TEXT NOT NULL DEFAULT '';
ALTER TABLE submissions ADD COLUMN domain TEXT NOT NULL DEFAULT '';
UPDATE submissions SET domain = COALESCE(json_extract(data, '$.project.domain'), '');
CREATE INDEX submissions_call ON submissions (program, call, unit);
-- Exports walk submissions in this order, a page after a (submitted_at, id) key.
CREATE INDEX submissions_export ON submissions (submitted_at, id);

-- Who viewed or downloaded what, and when. Rows are only ever added: the triggers refuse the
-- rest, so even a bug in the server cannot rewrite the record.
CREATE TABLE audit_log (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    submission_id TEXT,
    detail TEXT NOT NULL DEFAULT ''
);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
