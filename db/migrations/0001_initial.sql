-- ozg-cockpit schema 1: settings, maturity scale, catalogue, offices, services.
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE maturity_levels (
    level INTEGER PRIMARY KEY CHECK (level >= 0),
    label TEXT NOT NULL
);
INSERT INTO maturity_levels (level, label) VALUES
    (0, 'Offline'),
    (1, 'Information'),
    (2, 'Formular-Assistent'),
    (3, 'Online-Leistung'),
    (4, 'Online-Transaktion'),
    (5, 'Vernetzte Online-Transaktion');
INSERT INTO settings (key, value) VALUES ('maturity_legal_minimum', '3'), ('maturity_default_target', '4');

CREATE TABLE ozg_services (
    ozg_id     TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    themenfeld TEXT NOT NULL DEFAULT '',
    lebenslage TEXT NOT NULL DEFAULT ''
);

CREATE TABLE offices (
    id              INTEGER PRIMARY KEY,
    number          TEXT NOT NULL UNIQUE,
    name            TEXT NOT NULL DEFAULT '',
    parent          TEXT NOT NULL DEFAULT '',
    deferred        INTEGER NOT NULL DEFAULT 0 CHECK (deferred IN (0, 1)),
    deferred_reason TEXT NOT NULL DEFAULT '',
    pilot           INTEGER NOT NULL DEFAULT 0 CHECK (pilot IN (0, 1))
);

CREATE TABLE services (
    id               INTEGER PRIMARY KEY,
    leika_key        TEXT UNIQUE CHECK (leika_key IS NULL OR (length(leika_key) = 14 AND leika_key NOT GLOB '*[^0-9]*')),
    name             TEXT NOT NULL,
    ozg_id           TEXT REFERENCES ozg_services (ozg_id),
    leika_type       TEXT NOT NULL DEFAULT '',
    municipal        INTEGER NOT NULL DEFAULT 0 CHECK (municipal IN (0, 1)),
    office_id        INTEGER REFERENCES offices (id),
    case_volume      INTEGER CHECK (case_volume IS NULL OR case_volume >= 0),
    current_maturity INTEGER NOT NULL DEFAULT 0,
    target_maturity  INTEGER NOT NULL DEFAULT 4,
    sdg              INTEGER NOT NULL DEFAULT 0 CHECK (sdg IN (0, 1)),
    legal_basis      TEXT NOT NULL DEFAULT '',
    notes            TEXT NOT NULL DEFAULT ''
);
CREATE INDEX services_office ON services (office_id);
CREATE INDEX services_ozg ON services (ozg_id);
