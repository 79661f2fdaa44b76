-- What happened to an application that its applicant may see (办理进度), each written in the
-- same transaction as what happened: received, recommended (by `unit`), withdrawn,
-- not_recommended (a unit's time passed), returned (with its reason and `correct_by`),
-- corrected (`version`), approved, rejected (with its reason).
CREATE TABLE events (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    submission_id TEXT NOT NULL REFERENCES submissions (id),
    at TEXT NOT NULL,
    kind TEXT NOT NULL,
    unit TEXT NOT NULL DEFAULT '',
    reason TEXT NOT NULL DEFAULT '',
    correct_by TEXT NOT NULL DEFAULT '',
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX events_submission ON events (submission_id, seq);

-- Each event's delivery, one row per channel (mail, webhook), written with the event: the
-- sender takes the rows that are due, and a row is `sent`, or `failed` once it has been
-- retried for a day. `born` (when it was written) and `next_at` are Unix seconds.
CREATE TABLE outbox (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    event INTEGER NOT NULL REFERENCES events (seq),
    submission_id TEXT NOT NULL,
    channel TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    born INTEGER NOT NULL,
    next_at INTEGER NOT NULL,
    state TEXT NOT NULL DEFAULT 'pending',
    last_error TEXT NOT NULL DEFAULT '',
    done_at TEXT NOT NULL DEFAULT ''
);
CREATE INDEX outbox_due ON outbox (channel, state, next_at);

-- The progress of what was stored before: what the tables say happened (nothing is sent for it).
INSERT INTO events (submission_id, at, kind, version)
SELECT id, submitted_at, 'received', 1 FROM submissions;
INSERT INTO events (submission_id, at, kind, unit, version)
SELECT r.submission_id, r.at, 'recommended', r.unit, s.version
FROM recommendations r JOIN submissions s ON s.id = r.submission_id;
INSERT INTO events (submission_id, at, kind, unit, reason, version)
SELECT d.submission_id, d.at, d.decision, d.unit, d.reason, d.version FROM decisions d;
