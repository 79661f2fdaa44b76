-- As migrations/sqlite/0008: the recommending chain.
ALTER TABLE recommendations DROP CONSTRAINT recommendations_pkey;
ALTER TABLE recommendations ADD PRIMARY KEY (submission_id, unit);

CREATE TABLE decisions (
    submission_id TEXT COLLATE "C" NOT NULL PRIMARY KEY REFERENCES submissions (id),
    call TEXT COLLATE "C" NOT NULL,
    unit TEXT COLLATE "C" NOT NULL,
    decision TEXT NOT NULL,
    reason TEXT NOT NULL,
    reviewer TEXT NOT NULL,
    at TEXT NOT NULL
);

CREATE TABLE opinions (
    submission_id TEXT COLLATE "C" NOT NULL REFERENCES submissions (id),
    unit TEXT COLLATE "C" NOT NULL,
    block TEXT COLLATE "C" NOT NULL,
    text TEXT NOT NULL,
    reviewer TEXT NOT NULL,
    at TEXT NOT NULL,
    PRIMARY KEY (submission_id, unit, block)
);

CREATE TABLE withdrawals (
    submission_id TEXT COLLATE "C" NOT NULL REFERENCES submissions (id),
    call TEXT COLLATE "C" NOT NULL,
    unit TEXT COLLATE "C" NOT NULL,
    by_unit TEXT COLLATE "C" NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX withdrawals_unit ON withdrawals (call, unit);

ALTER TABLE audit_log ADD COLUMN unit TEXT NOT NULL DEFAULT '';
