-- The widget's files of each build that started on this database in the last days, under
-- their hashed names. During a rolling deploy a page one server sent may ask another server,
-- running another build, for its files; that server finds them here. `stored_at` is when a
-- server of that build last started (RFC 3339).
CREATE TABLE widget_files (
    name TEXT NOT NULL PRIMARY KEY,
    raw BLOB NOT NULL,
    gzip BLOB NOT NULL,
    brotli BLOB NOT NULL,
    stored_at TEXT NOT NULL
);
