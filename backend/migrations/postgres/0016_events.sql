-- As migrations/sqlite/0016: the applicant's progress (events) and their delivery (outbox).
CREATE TABLE events (
    seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    submission_id TEXT COLLATE "C" NOT NULL REFERENCES submissions (id),
    at TEXT COLLATE "C" NOT NULL,
    kind TEXT NOT NULL,
    unit TEXT NOT NULL DEFAULT '',
    reason TEXT NOT NULL DEFAULT '',
    correct_by TEXT NOT NULL DEFAULT '',
    version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX events_submission ON events (submission_id, seq);

CREATE TABLE outbox (
    seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event BIGINT NOT NULL REFERENCES events (seq),
    submission_id TEXT COLLATE "C" NOT NULL,
    channel TEXT NOT NULL,
    attempts BIGINT NOT NULL DEFAULT 0,
    born BIGINT NOT NULL,
    next_at BIGINT NOT NULL,
    state TEXT NOT NULL DEFAULT 'pending',
    last_error TEXT NOT NULL DEFAULT '',
    done_at TEXT NOT NULL DEFAULT ''
);
CREATE INDEX outbox_due ON outbox (channel, state, next_at);

INSERT INTO events (submission_id, at, kind, version)
SELECT id, submitted_at, 'received', 1 FROM submissions;
INSERT INTO events (submission_id, at, kind, unit, version)
SELECT r.submission_id, r.at, 'recommended', r.unit, s.version
FROM recommendations r JOIN submissions s ON s.id = r.submission_id;
INSERT INTO events (submission_id, at, kind, unit, reason, version)
SELECT d.submission_id, d.at, d.decision, d.unit, d.reason, d.version FROM decisions d;
