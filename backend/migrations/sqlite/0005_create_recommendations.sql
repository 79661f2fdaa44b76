-- A receiving unit's recommendation of a submission upward, in its order (1 first: the notices
-- ask units to rank, 择优推荐). `kind` and `domain` are the submission's, kept so that a quota's
-- count reads this table alone.
CREATE TABLE recommendations (
    submission_id TEXT PRIMARY KEY NOT NULL REFERENCES submissions (id),
    call TEXT NOT NULL,
    unit TEXT NOT NULL,
    kind TEXT NOT NULL,
    domain TEXT NOT NULL,
    rank INTEGER NOT NULL,
    reviewer TEXT NOT NULL,
    at TEXT NOT NULL
);

CREATE INDEX recommendations_unit ON recommendations (call, unit, rank);
