-- The chain's record made trustworthy (backend/src/store/guard.rs, store/audit.rs, seal.rs).

-- Which version of the application a decision decided.
ALTER TABLE decisions ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
UPDATE decisions SET version = (SELECT version FROM submissions WHERE id = decisions.submission_id);

-- Which unit assigned the expert: its block of the 申请书 prints the review. An expert belongs
-- to the one unit that may assign them.
ALTER TABLE expert_reviews ADD COLUMN unit TEXT NOT NULL DEFAULT '';
UPDATE expert_reviews SET unit = COALESCE((SELECT unit FROM reviewers WHERE name = expert_reviews.expert), '');

-- Each audit line carries the SHA-256 of its content chained to the line before it. SQLite
-- has no SHA-256 in SQL: the server gives the lines written before this their hashes when it
-- starts (Store::chain_audit_log), in order. The table stays append-only: a line is never
-- deleted, and the one update allowed sets an empty hash, changing nothing else.
ALTER TABLE audit_log ADD COLUMN hash TEXT NOT NULL DEFAULT '';
-- The lines still to chain, found at each start without reading the whole log (empty once
-- they are chained).
CREATE INDEX audit_log_unchained ON audit_log (seq) WHERE hash = '';

DROP TRIGGER audit_log_no_update;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
WHEN NOT (OLD.hash = '' AND NEW.hash <> '' AND NEW.seq = OLD.seq AND NEW.at = OLD.at
    AND NEW.actor = OLD.actor AND NEW.unit = OLD.unit AND NEW.action = OLD.action
    AND NEW.submission_id IS OLD.submission_id AND NEW.detail = OLD.detail)
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;

DROP TRIGGER audit_log_no_delete;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;

-- idempotency_keys.key holds the SHA-256 of the Idempotency-Key and response the answer sealed
-- under the key (backend/src/seal.rs); the server seals the rows kept from before this when
-- it starts (Store::seal_idempotent_answers). The columns keep their names.
