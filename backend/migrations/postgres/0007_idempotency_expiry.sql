-- As migrations/sqlite/0007: keys are kept a day, for retries only.
ALTER TABLE idempotency_keys ADD COLUMN stored_at TEXT COLLATE "C" NOT NULL DEFAULT '';
CREATE INDEX idempotency_keys_stored ON idempotency_keys (stored_at);
