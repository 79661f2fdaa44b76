-- The files that came with a submission, written in the same transaction as it.
CREATE TABLE attachments (
    submission_id TEXT NOT NULL REFERENCES submissions (id),
    key TEXT NOT NULL,
    file_name TEXT NOT NULL,
    media_type TEXT NOT NULL,
    size INTEGER NOT NULL,
    data BLOB NOT NULL,
    PRIMARY KEY (submission_id, key)
);
