-- As migrations/sqlite/0015: a unit's private notes.
CREATE TABLE notes (
    seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    submission_id TEXT COLLATE "C" NOT NULL REFERENCES submissions (id),
    unit TEXT COLLATE "C" NOT NULL,
    author TEXT NOT NULL,
    at TEXT NOT NULL,
    text TEXT NOT NULL
);
CREATE INDEX notes_submission ON notes (submission_id, unit);
