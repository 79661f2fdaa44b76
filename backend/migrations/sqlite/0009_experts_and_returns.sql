-- Experts (专家评审) a unit invites: an expert account sees only what its unit assigned to it
-- and scores it; the unit sees every score, text and their mean.
ALTER TABLE reviewers ADD COLUMN expert INTEGER NOT NULL DEFAULT 0;

CREATE TABLE expert_assignments (
    submission_id TEXT NOT NULL REFERENCES submissions (id),
    expert TEXT NOT NULL REFERENCES reviewers (name),
    unit TEXT NOT NULL,
    at TEXT NOT NULL,
    PRIMARY KEY (submission_id, expert)
);
CREATE INDEX expert_assignments_expert ON expert_assignments (expert);

CREATE TABLE expert_reviews (
    submission_id TEXT NOT NULL REFERENCES submissions (id),
    expert TEXT NOT NULL REFERENCES reviewers (name),
    score INTEGER NOT NULL,
    text TEXT NOT NULL,
    at TEXT NOT NULL,
    PRIMARY KEY (submission_id, expert)
);

-- 退回补正: the receiving unit returns a submission to its applicant with a reason, to be
-- corrected by `correct_by` (RFC 3339), even after the call closed. `changed` lists what the
-- correction changed (JSON array of paths), '' until it came back.
CREATE TABLE returns (
    submission_id TEXT PRIMARY KEY NOT NULL REFERENCES submissions (id),
    unit TEXT NOT NULL,
    reason TEXT NOT NULL,
    correct_by TEXT NOT NULL,
    reviewer TEXT NOT NULL,
    at TEXT NOT NULL,
    corrected_at TEXT NOT NULL DEFAULT '',
    changed TEXT NOT NULL DEFAULT ''
);
