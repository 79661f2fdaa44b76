-- Finished, valid applications only: drafts stay in the applicant's browser.
CREATE TABLE submissions (
    id TEXT PRIMARY KEY NOT NULL,
    receipt TEXT NOT NULL UNIQUE,
    program TEXT NOT NULL,
    call TEXT NOT NULL,
    applicant_name TEXT NOT NULL,
    credit_code TEXT NOT NULL,
    project_name TEXT NOT NULL,
    -- The normalized application as JSON, and the version of its shape.
    schema_version INTEGER NOT NULL,
    data TEXT NOT NULL,
    -- RFC 3339 in Asia/Shanghai (+08:00).
    submitted_at TEXT NOT NULL
);

CREATE INDEX submissions_program ON submissions (program, submitted_at);
