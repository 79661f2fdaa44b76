-- The recommending chain (county → city → province → nation): a submission is recommended by
-- each unit it passes through, so a recommendation is one per (submission, unit). Existing rows
-- keep their unit and rank.
CREATE TABLE recommendations_by_unit (
    submission_id TEXT NOT NULL REFERENCES submissions (id),
    call TEXT NOT NULL,
    unit TEXT NOT NULL,
    kind TEXT NOT NULL,
    domain TEXT NOT NULL,
    rank INTEGER NOT NULL,
    reviewer TEXT NOT NULL,
    at TEXT NOT NULL,
    PRIMARY KEY (submission_id, unit)
);
INSERT INTO recommendations_by_unit (submission_id, call, unit, kind, domain, rank, reviewer, at)
    SELECT submission_id, call, unit, kind, domain, rank, reviewer, at FROM recommendations;
DROP TABLE recommendations;
ALTER TABLE recommendations_by_unit RENAME TO recommendations;
CREATE INDEX recommendations_unit ON recommendations (call, unit, rank);

-- The deciding unit's 立项 (approved) or 不予立项 (rejected), with its reason.
CREATE TABLE decisions (
    submission_id TEXT PRIMARY KEY NOT NULL REFERENCES submissions (id),
    call TEXT NOT NULL,
    unit TEXT NOT NULL,
    decision TEXT NOT NULL,
    reason TEXT NOT NULL,
    reviewer TEXT NOT NULL,
    at TEXT NOT NULL
);

-- A unit's opinion, printed in its block of the 申请书 (`block`: an opinion block's key, or ''
-- for a unit whose opinion the form has no block for).
CREATE TABLE opinions (
    submission_id TEXT NOT NULL REFERENCES submissions (id),
    unit TEXT NOT NULL,
    block TEXT NOT NULL,
    text TEXT NOT NULL,
    reviewer TEXT NOT NULL,
    at TEXT NOT NULL,
    PRIMARY KEY (submission_id, unit, block)
);

-- What a unit lost when a unit below it withdrew its recommendation: the unit above still sees
-- that it was withdrawn, and by whom.
CREATE TABLE withdrawals (
    submission_id TEXT NOT NULL REFERENCES submissions (id),
    call TEXT NOT NULL,
    unit TEXT NOT NULL,
    by_unit TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX withdrawals_unit ON withdrawals (call, unit);

-- The unit each action was taken for ('' for the applicant, the operator and reviewers without
-- a unit).
ALTER TABLE audit_log ADD COLUMN unit TEXT NOT NULL DEFAULT '';
