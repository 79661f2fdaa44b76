-- Corrections before the deadline: whoever holds a submission's receipt and the secret its
-- 201 answer gave may replace it until the call closes. The row in `submissions` is always the
-- latest version, so lists, exports and quotas read the latest without asking; each version it
-- replaced is kept here, with its files, for the audit. Plain types, as PostgreSQL will hold
-- them too.
ALTER TABLE submissions ADD COLUMN secret_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE submissions ADD COLUMN version INTEGER NOT NULL DEFAULT 1;

CREATE TABLE superseded (
    submission_id TEXT NOT NULL REFERENCES submissions (id),
    version INTEGER NOT NULL,
    applicant_name TEXT NOT NULL,
    credit_code TEXT NOT NULL,
    project_name TEXT NOT NULL,
    unit TEXT NOT NULL,
    domain TEXT NOT NULL,
    schema_version INTEGER NOT NULL,
    data TEXT NOT NULL,
    submitted_at TEXT NOT NULL,
    superseded_at TEXT NOT NULL,
    PRIMARY KEY (submission_id, version)
);

CREATE TABLE superseded_attachments (
    submission_id TEXT NOT NULL,
    version INTEGER NOT NULL,
    key TEXT NOT NULL,
    file_name TEXT NOT NULL,
    media_type TEXT NOT NULL,
    size INTEGER NOT NULL,
    data BLOB NOT NULL,
    PRIMARY KEY (submission_id, version, key),
    FOREIGN KEY (submission_id, version) REFERENCES superseded (submission_id, version)
);
