-- ozg-cockpit schema 2: ranking criteria, scores, pins and snapshots.
CREATE TABLE criteria (
    id               INTEGER PRIMARY KEY,
    position         INTEGER NOT NULL,
    name             TEXT NOT NULL,
    description      TEXT NOT NULL DEFAULT '',
    weight           REAL NOT NULL CHECK (weight >= 0),
    scale            TEXT NOT NULL,
    higher_is_better INTEGER NOT NULL DEFAULT 1 CHECK (higher_is_better IN (0, 1)),
    enabled          INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1))
);
INSERT INTO criteria (id, position, name, description, weight, scale, higher_is_better) VALUES
    (1, 1, 'Nutzungsinteresse Bürger', 'Wie sehr Bürgerinnen und Bürger die Leistung online nutzen wollen', 3, 'points:5', 1),
    (2, 2, 'Nutzungsinteresse Unternehmen', 'Wie sehr Unternehmen die Leistung online nutzen wollen', 2, 'points:5', 1),
    (3, 3, 'Fallzahl', 'Fälle pro Jahr, logarithmisch: 10 → 100 Fälle zählt so viel wie 1.000 → 10.000', 3, 'case_volume', 1),
    (4, 4, 'Wirtschaftlicher Nutzen Verwaltung', 'Einsparung und bessere Aufgabenerfüllung für die Stadt', 2, 'points:5', 1),
    (5, 5, 'Optimierungspotenzial', 'Wie viel der Prozess durch die Digitalisierung gewinnt', 2, 'points:5', 1),
    (6, 6, 'Musterlösung (EfA) verfügbar', 'Eine Einer-für-Alle- oder Digitallabor-Lösung steht bereit', 2, 'yes_no', 1),
    (7, 7, 'SDG-relevant', 'Relevanz für das EU Single Digital Gateway (vorbelegt aus dem Katalog)', 1, 'sdg', 1),
    (8, 8, 'Umsetzungsaufwand', 'Aufwand der Umsetzung; weniger ist besser', 2, 'points:5', 0);

CREATE TABLE scores (
    service_id   INTEGER NOT NULL REFERENCES services (id) ON DELETE CASCADE,
    criterion_id INTEGER NOT NULL REFERENCES criteria (id) ON DELETE CASCADE,
    value        REAL NOT NULL CHECK (value >= 0),
    PRIMARY KEY (service_id, criterion_id)
) WITHOUT ROWID;

CREATE TABLE pins (
    service_id INTEGER PRIMARY KEY REFERENCES services (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL CHECK (position >= 1),
    reason     TEXT NOT NULL
);

CREATE TABLE snapshots (
    id       INTEGER PRIMARY KEY,
    title    TEXT NOT NULL,
    taken_on TEXT NOT NULL,
    settings TEXT NOT NULL
);

CREATE TABLE snapshot_rows (
    snapshot_id  INTEGER NOT NULL REFERENCES snapshots (id) ON DELETE CASCADE,
    identity     TEXT NOT NULL,
    section      TEXT NOT NULL,
    rank         INTEGER NOT NULL,
    score_tenths INTEGER NOT NULL,
    label        TEXT NOT NULL,
    PRIMARY KEY (snapshot_id, identity)
) WITHOUT ROWID;

INSERT INTO settings (key, value) VALUES ('ranking', '{"top_n":20,"deferred_together":false,"grouped":false}');
