-- An Idempotency-Key's answer holds the submission's secret in clear (a retry after a lost
-- answer must get it again), so it is kept only as long as a retry can come: the writer
-- deletes keys a day old (backend/src/store/writer.rs). Keys from before this column have ''
-- and go at the first sweep.
ALTER TABLE idempotency_keys ADD COLUMN stored_at TEXT NOT NULL DEFAULT '';
CREATE INDEX idempotency_keys_stored ON idempotency_keys (stored_at);
