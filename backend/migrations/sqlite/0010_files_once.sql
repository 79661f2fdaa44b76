-- Each file once. A correction used to copy every file of the version it replaced, so a
-- JSON-only correction of an application with two 20 MB files added 40 MB. Now a file's bytes
-- are kept once in `files`, named by the SHA-256 of its content (hex), and each version's
-- attachment rows name the file they have: a correction adds rows, not bytes, and identical
-- files (a version's kept ones, the same PDF sent again) are one. A purge deletes a file when
-- no attachment row of any version names it any more.
CREATE TABLE files (
    hash TEXT NOT NULL PRIMARY KEY,
    data BLOB NOT NULL
);

-- SQLite has no SHA-256 function, so the files stored before this are named by where they
-- were ("row:" and their row's key); they stay apart even where identical, and every file
-- stored from now on is named by its content.
INSERT INTO files (hash, data)
SELECT 'row:' || submission_id || '/' || key, data FROM attachments;
INSERT INTO files (hash, data)
SELECT 'row:' || submission_id || '/' || version || '/' || key, data FROM superseded_attachments;

CREATE TABLE attachments_by_hash (
    submission_id TEXT NOT NULL REFERENCES submissions (id),
    key TEXT NOT NULL,
    file_name TEXT NOT NULL,
    media_type TEXT NOT NULL,
    size INTEGER NOT NULL,
    hash TEXT NOT NULL REFERENCES files (hash),
    PRIMARY KEY (submission_id, key)
);
INSERT INTO attachments_by_hash
SELECT submission_id, key, file_name, media_type, size, 'row:' || submission_id || '/' || key
FROM attachments;
DROP TABLE attachments;
ALTER TABLE attachments_by_hash RENAME TO attachments;

CREATE TABLE superseded_attachments_by_hash (
    submission_id TEXT NOT NULL,
    version INTEGER NOT NULL,
    key TEXT NOT NULL,
    file_name TEXT NOT NULL,
    media_type TEXT NOT NULL,
    size INTEGER NOT NULL,
    hash TEXT NOT NULL REFERENCES files (hash),
    PRIMARY KEY (submission_id, version, key),
    FOREIGN KEY (submission_id, version) REFERENCES superseded (submission_id, version)
);
INSERT INTO superseded_attachments_by_hash
SELECT submission_id, version, key, file_name, media_type, size,
    'row:' || submission_id || '/' || version || '/' || key
FROM superseded_attachments;
DROP TABLE superseded_attachments;
ALTER TABLE superseded_attachments_by_hash RENAME TO superseded_attachments;

-- A purge asks, for each of its files, whether any row still names it.
CREATE INDEX attachments_hash ON attachments (hash);
CREATE INDEX superseded_attachments_hash ON superseded_attachments (hash);
