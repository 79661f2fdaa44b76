-- As migrations/sqlite/0013: why a recommendation went beyond a quota set "原则上".
ALTER TABLE recommendations ADD COLUMN reason TEXT NOT NULL DEFAULT '';
