-- The widget's files of each build that started on this database in the last days, under
-- their hashed names. During a rolling deploy a page one server sent may ask another server,
-- running another build, for its files; that server finds them here. `stored_at` is when a
-- server of that build last started (RFC 3339).
CREATE TABLE widget_files (
    name TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    raw BYTEA NOT NULL,
    gzip BYTEA NOT NULL,
    brotli BYTEA NOT NULL,
    stored_at TEXT NOT NULL
);
