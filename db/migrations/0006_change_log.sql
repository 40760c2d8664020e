-- The change log: every edit of the data, field by field, so that copies of one file can
-- exchange what each has changed. Triggers (made by the program from the list of tracked
-- tables) write `change_rows` while `recording.change` names the change being made.

-- This file's identity: `replica` is this file, `family` is shared by every copy of one
-- origin, `origin` is the replica it was copied from.
CREATE TABLE replica (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    replica TEXT NOT NULL,
    family  TEXT NOT NULL,
    origin  TEXT NOT NULL DEFAULT '',
    copied  TEXT NOT NULL DEFAULT ''
);

-- One edit (a command, an undo, an import, a merge decision), made in `replica` as its
-- `counter`-th change; `clock` lists, per replica, how many of its changes the maker had.
CREATE TABLE changes (
    seq     INTEGER PRIMARY KEY,
    replica TEXT NOT NULL,
    counter INTEGER NOT NULL CHECK (counter >= 1),
    author  TEXT NOT NULL,
    made_at TEXT NOT NULL,
    summary TEXT NOT NULL DEFAULT '',
    clock   TEXT NOT NULL DEFAULT '{}',
    digest  TEXT NOT NULL DEFAULT '',
    UNIQUE (replica, counter)
);
CREATE INDEX changes_author ON changes (author);

-- What a change did to one row: `insert` (all values in `new_value` as JSON), `delete` (all
-- values in `old_value` as JSON) or `update` of one column `col`. `row_key` is the JSON array
-- of the row's primary key.
CREATE TABLE change_rows (
    id        INTEGER PRIMARY KEY,
    change    INTEGER NOT NULL REFERENCES changes (seq) ON DELETE CASCADE,
    tbl       TEXT NOT NULL,
    row_key   TEXT NOT NULL,
    op        TEXT NOT NULL CHECK (op IN ('insert', 'update', 'delete')),
    col       TEXT,
    old_value,
    new_value
);
CREATE INDEX change_rows_change ON change_rows (change);
CREATE INDEX change_rows_row ON change_rows (tbl, row_key);

-- Other copies this file has exchanged with, and how many changes of each replica they had.
CREATE TABLE peers (
    replica TEXT PRIMARY KEY,
    name    TEXT NOT NULL DEFAULT '',
    clock   TEXT NOT NULL DEFAULT '{}',
    seen    TEXT NOT NULL DEFAULT ''
);

-- The change the triggers record into; NULL while nothing is recorded.
CREATE TABLE recording (
    id     INTEGER PRIMARY KEY CHECK (id = 1),
    change INTEGER
);
INSERT INTO recording (id, change) VALUES (1, NULL);
