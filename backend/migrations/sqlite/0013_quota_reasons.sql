-- A quota the notice sets only "原则上" (in principle, `firm = false`) may be exceeded with a
-- reason; the recommendation keeps it, for the quota panel and the unit's 汇总表.
ALTER TABLE recommendations ADD COLUMN reason TEXT NOT NULL DEFAULT '';
