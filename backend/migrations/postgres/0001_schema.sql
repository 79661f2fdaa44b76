-- The same tables as migrations/sqlite/0001–0006 reach, in PostgreSQL's types: the server's
-- SQL is the same on both. Integers are BIGINT (read as i64 on both); files are BYTEA. Text
-- that is ordered or compared as text (ids, instants in RFC 3339) is COLLATE "C", so that it
-- orders byte by byte as in SQLite whatever the database's locale. Unique constraints are
-- named as SQLite names them (table.column), so the server tells them apart the same way.

CREATE TABLE submissions (
    id TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    receipt TEXT COLLATE "C" NOT NULL,
    program TEXT COLLATE "C" NOT NULL,
    call TEXT COLLATE "C" NOT NULL,
    applicant_name TEXT NOT NULL,
    credit_code TEXT COLLATE "C" NOT NULL,
    project_name TEXT NOT NULL,
    schema_version BIGINT NOT NULL,
    data TEXT NOT NULL,
    submitted_at TEXT COLLATE "C" NOT NULL,
    unit TEXT COLLATE "C" NOT NULL DEFAULT '',
    domain TEXT COLLATE "C" NOT NULL DEFAULT '',
    secret_hash TEXT NOT NULL DEFAULT '',
    version BIGINT NOT NULL DEFAULT 1,
    CONSTRAINT "submissions.receipt" UNIQUE (receipt)
);

CREATE INDEX submissions_program ON submissions (program, submitted_at);
CREATE INDEX submissions_call ON submissions (program, call, unit);
CREATE INDEX submissions_export ON submissions (submitted_at, id);

CREATE TABLE attachments (
    submission_id TEXT COLLATE "C" NOT NULL REFERENCES submissions (id),
    key TEXT COLLATE "C" NOT NULL,
    file_name TEXT NOT NULL,
    media_type TEXT NOT NULL,
    size BIGINT NOT NULL,
    data BYTEA NOT NULL,
    PRIMARY KEY (submission_id, key)
);

CREATE TABLE idempotency_keys (
    key TEXT COLLATE "C" NOT NULL,
    fingerprint TEXT NOT NULL,
    submission_id TEXT COLLATE "C" NOT NULL REFERENCES submissions (id),
    response TEXT NOT NULL,
    CONSTRAINT "idempotency_keys.key" PRIMARY KEY (key)
);

CREATE TABLE reviewers (
    name TEXT COLLATE "C" NOT NULL,
    token_id TEXT COLLATE "C" NOT NULL UNIQUE,
    token_hash TEXT NOT NULL,
    unit TEXT,
    created_at TEXT COLLATE "C" NOT NULL,
    revoked_at TEXT,
    CONSTRAINT "reviewers.name" PRIMARY KEY (name)
);

CREATE TABLE reviewer_programs (
    reviewer TEXT COLLATE "C" NOT NULL REFERENCES reviewers (name),
    program TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (reviewer, program)
);

CREATE TABLE audit_log (
    seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    submission_id TEXT,
    detail TEXT NOT NULL DEFAULT ''
);

-- Rows are only ever added, as in SQLite: even a bug in the server cannot rewrite the record.
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only';
END;
$$;

CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();

CREATE TABLE recommendations (
    submission_id TEXT COLLATE "C" NOT NULL PRIMARY KEY REFERENCES submissions (id),
    call TEXT COLLATE "C" NOT NULL,
    unit TEXT COLLATE "C" NOT NULL,
    kind TEXT NOT NULL,
    domain TEXT NOT NULL,
    rank BIGINT NOT NULL,
    reviewer TEXT NOT NULL,
    at TEXT NOT NULL
);

CREATE INDEX recommendations_unit ON recommendations (call, unit, rank);

CREATE TABLE superseded (
    submission_id TEXT COLLATE "C" NOT NULL REFERENCES submissions (id),
    version BIGINT NOT NULL,
    applicant_name TEXT NOT NULL,
    credit_code TEXT NOT NULL,
    project_name TEXT NOT NULL,
    unit TEXT NOT NULL,
    domain TEXT NOT NULL,
    schema_version BIGINT NOT NULL,
    data TEXT NOT NULL,
    submitted_at TEXT NOT NULL,
    superseded_at TEXT NOT NULL,
    PRIMARY KEY (submission_id, version)
);

CREATE TABLE superseded_attachments (
    submission_id TEXT COLLATE "C" NOT NULL,
    version BIGINT NOT NULL,
    key TEXT COLLATE "C" NOT NULL,
    file_name TEXT NOT NULL,
    media_type TEXT NOT NULL,
    size BIGINT NOT NULL,
    data BYTEA NOT NULL,
    PRIMARY KEY (submission_id, version, key),
    FOREIGN KEY (submission_id, version) REFERENCES superseded (submission_id, version)
);
