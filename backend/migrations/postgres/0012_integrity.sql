-- As migrations/sqlite/0012: decisions name the version decided, expert reviews the unit that
-- assigned the expert, audit lines carry a chained hash (given to older lines by the server
-- when it starts), and idempotency_keys keep the key's hash and the answer sealed.
ALTER TABLE decisions ADD COLUMN version BIGINT NOT NULL DEFAULT 0;
UPDATE decisions SET version = s.version FROM submissions s WHERE s.id = decisions.submission_id;

ALTER TABLE expert_reviews ADD COLUMN unit TEXT NOT NULL DEFAULT '';
UPDATE expert_reviews SET unit = COALESCE(r.unit, '') FROM reviewers r WHERE r.name = expert_reviews.expert;

ALTER TABLE audit_log ADD COLUMN hash TEXT COLLATE "C" NOT NULL DEFAULT '';
-- The lines still to chain, found at each start without reading the whole log (empty once
-- they are chained).
CREATE INDEX audit_log_unchained ON audit_log (seq) WHERE hash = '';

-- Append-only, but for setting an empty hash once and nothing else.
CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.hash = '' AND NEW.hash <> '' AND NEW.seq = OLD.seq
        AND NEW.at = OLD.at AND NEW.actor = OLD.actor AND NEW.unit = OLD.unit
        AND NEW.action = OLD.action AND NEW.submission_id IS NOT DISTINCT FROM OLD.submission_id
        AND NEW.detail = OLD.detail THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'audit_log is append-only';
END;
$$;
DROP TRIGGER audit_log_no_update ON audit_log;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
