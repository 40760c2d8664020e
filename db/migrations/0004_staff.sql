-- ozg-cockpit schema 4: staff (people and planned positions) and their assignments to projects.
CREATE TABLE staff (
    id              INTEGER PRIMARY KEY,
    name            TEXT NOT NULL DEFAULT '',
    unit            TEXT NOT NULL DEFAULT '',
    role            TEXT NOT NULL DEFAULT '',
    pay_grade       TEXT NOT NULL DEFAULT '',
    fte             REAL NOT NULL DEFAULT 1 CHECK (fte > 0 AND fte <= 1),
    available_from  TEXT,
    available_until TEXT,
    funding         TEXT NOT NULL DEFAULT 'stellenplan',
    note            TEXT NOT NULL DEFAULT ''
);

CREATE TABLE assignments (
    staff_id    INTEGER NOT NULL REFERENCES staff (id) ON DELETE CASCADE,
    project_id  INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    person_days REAL NOT NULL CHECK (person_days >= 0),
    PRIMARY KEY (staff_id, project_id)
);

CREATE INDEX assignments_by_project ON assignments (project_id);
