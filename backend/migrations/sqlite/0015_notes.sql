-- A unit's private notes on an application (内部备注): for its own reviewers only, never printed
-- in the 申请书, never exported, never shown to the applicant. Notes are added, not edited, so
-- that what a unit knew and when stays as it was written.
CREATE TABLE notes (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    submission_id TEXT NOT NULL REFERENCES submissions (id),
    unit TEXT NOT NULL,
    author TEXT NOT NULL,
    at TEXT NOT NULL,
    text TEXT NOT NULL
);
CREATE INDEX notes_submission ON notes (submission_id, unit);
