-- The Idempotency-Key of a stored submission: a retry of the same request (the applicant's
-- network failed before the answer came) gets the same answer and makes no second row. The
-- fingerprint is of the application and its files, so the same key with other content is
-- refused. Plain types and a primary key, as PostgreSQL will hold them too.
CREATE TABLE idempotency_keys (
    key TEXT PRIMARY KEY NOT NULL,
    fingerprint TEXT NOT NULL,
    submission_id TEXT NOT NULL REFERENCES submissions (id),
    -- The 201 body that was sent, sent again to a retry.
    response TEXT NOT NULL
);
