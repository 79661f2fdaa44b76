-- Keys a deployment makes once, at random, and its servers share: `form` signs the token of
-- the form pages (an HMAC over the program and the day) that a post without Origin or
-- Sec-Fetch-Site must carry.
CREATE TABLE server_keys (
    name TEXT NOT NULL PRIMARY KEY,
    value TEXT NOT NULL
);

-- Files picked in a form posted without script, held for its next pages under a random token
-- (the page names it in a hidden field) until the application is sent; forgotten after a day.
CREATE TABLE held_files (
    token TEXT NOT NULL PRIMARY KEY,
    program TEXT NOT NULL,
    key TEXT NOT NULL,
    file_name TEXT NOT NULL,
    -- As the content was found to be ('' where it is none the program takes).
    media_type TEXT NOT NULL,
    size INTEGER NOT NULL,
    data BLOB NOT NULL,
    held_at INTEGER NOT NULL
);
CREATE INDEX held_files_held_at ON held_files (held_at);
