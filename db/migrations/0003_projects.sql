-- ozg-cockpit schema 3: implementation projects, their eleven steps and their history.
CREATE TABLE projects (
    id                      INTEGER PRIMARY KEY,
    name                    TEXT NOT NULL,
    lead_office_id          INTEGER REFERENCES offices (id),
    contact                 TEXT NOT NULL DEFAULT '',
    planned_start           TEXT,
    planned_end             TEXT,
    effort_org_person_days  REAL NOT NULL DEFAULT 17 CHECK (effort_org_person_days >= 0),
    effort_tech_person_days REAL NOT NULL DEFAULT 12 CHECK (effort_tech_person_days >= 0),
    template_name           TEXT NOT NULL DEFAULT '',
    template_source         TEXT NOT NULL DEFAULT '',
    specialist_system       TEXT NOT NULL DEFAULT '',
    target_maturity         INTEGER NOT NULL DEFAULT 4,
    aspects                 TEXT NOT NULL DEFAULT '{}',
    health                  TEXT NOT NULL DEFAULT 'green',
    health_comment          TEXT NOT NULL DEFAULT '',
    decision                TEXT,
    release_date            TEXT,
    go_live                 TEXT
);

CREATE TABLE project_steps (
    project_id  INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    step        INTEGER NOT NULL CHECK (step BETWEEN 1 AND 11),
    status      TEXT NOT NULL DEFAULT 'open',
    responsible TEXT NOT NULL DEFAULT '',
    due         TEXT,
    completed   TEXT,
    note        TEXT NOT NULL DEFAULT '',
    checked     TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (project_id, step)
) WITHOUT ROWID;

-- Kept when a project is removed, so that undoing the removal keeps its timeline.
CREATE TABLE project_history (
    id         INTEGER PRIMARY KEY,
    project_id INTEGER NOT NULL,
    changed_on TEXT NOT NULL,
    step       INTEGER,
    old        TEXT NOT NULL,
    new        TEXT NOT NULL
);
CREATE INDEX project_history_project ON project_history (project_id);

ALTER TABLE services ADD COLUMN project_id INTEGER REFERENCES projects (id) ON DELETE SET NULL;
CREATE INDEX services_project ON services (project_id);
