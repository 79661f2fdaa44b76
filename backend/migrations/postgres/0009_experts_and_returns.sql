-- As migrations/sqlite/0009: experts and returns.
ALTER TABLE reviewers ADD COLUMN expert BIGINT NOT NULL DEFAULT 0;

CREATE TABLE expert_assignments (
    submission_id TEXT COLLATE "C" NOT NULL REFERENCES submissions (id),
    expert TEXT COLLATE "C" NOT NULL REFERENCES reviewers (name),
    unit TEXT COLLATE "C" NOT NULL,
    at TEXT NOT NULL,
    PRIMARY KEY (submission_id, expert)
);
CREATE INDEX expert_assignments_expert ON expert_assignments (expert);

CREATE TABLE expert_reviews (
    submission_id TEXT COLLATE "C" NOT NULL REFERENCES submissions (id),
    expert TEXT COLLATE "C" NOT NULL REFERENCES reviewers (name),
    score BIGINT NOT NULL,
    text TEXT NOT NULL,
    at TEXT NOT NULL,
    PRIMARY KEY (submission_id, expert)
);

CREATE TABLE returns (
    submission_id TEXT COLLATE "C" NOT NULL PRIMARY KEY REFERENCES submissions (id),
    unit TEXT COLLATE "C" NOT NULL,
    reason TEXT NOT NULL,
    correct_by TEXT NOT NULL,
    reviewer TEXT NOT NULL,
    at TEXT NOT NULL,
    corrected_at TEXT NOT NULL DEFAULT '',
    changed TEXT NOT NULL DEFAULT ''
);
