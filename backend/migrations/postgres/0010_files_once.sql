-- Each file once. A correction used to copy every file of the version it replaced, so a
-- JSON-only correction of an application with two 20 MB files added 40 MB. Now a file's bytes
-- are kept once in `files`, named by the SHA-256 of its content (hex), and each version's
-- attachment rows name the file they have: a correction adds rows, not bytes, and identical
-- files (a version's kept ones, the same PDF sent again) are one. A purge deletes a file when
-- no attachment row of any version names it any more.
CREATE TABLE files (
    hash TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    data BYTEA NOT NULL
);

-- The files stored before are named by their content too, so identical ones become one.
INSERT INTO files (hash, data)
SELECT encode(sha256(data), 'hex'), data FROM attachments
UNION ALL
SELECT encode(sha256(data), 'hex'), data FROM superseded_attachments
ON CONFLICT (hash) DO NOTHING;

ALTER TABLE attachments ADD COLUMN hash TEXT COLLATE "C";
UPDATE attachments SET hash = encode(sha256(data), 'hex');
ALTER TABLE attachments
    ALTER COLUMN hash SET NOT NULL,
    ADD FOREIGN KEY (hash) REFERENCES files (hash),
    DROP COLUMN data;

ALTER TABLE superseded_attachments ADD COLUMN hash TEXT COLLATE "C";
UPDATE superseded_attachments SET hash = encode(sha256(data), 'hex');
ALTER TABLE superseded_attachments
    ALTER COLUMN hash SET NOT NULL,
    ADD FOREIGN KEY (hash) REFERENCES files (hash),
    DROP COLUMN data;

-- A purge asks, for each of its files, whether any row still names it.
CREATE INDEX attachments_hash ON attachments (hash);
CREATE INDEX superseded_attachments_hash ON superseded_attachments (hash);
