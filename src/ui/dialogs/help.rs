//! The short guide inside the app (F1 or Hilfe → Kurzanleitung).

use egui::{RichText, Ui};

use crate::model::project::STEPS;

/// The views and what each is for.
const VIEWS: [(&str, &str); 8] = [
    (
        "Übersicht",
        "Kennzahlen und Diagramme für den Ausschuss; Bericht als PDF, Diagramme als PNG/SVG.",
    ),
    (
        "Leistungen",
        "Die kommunalen Leistungen (LeiKa) mit Amt, Reifegrad, Fallzahl und Bewertungen – wie eine Tabelle bearbeitbar.",
    ),
    (
        "Ämter",
        "Die Ämter mit Nummer, Name, übergeordnetem Amt; Pilotämter und zurückgestellte Ämter.",
    ),
    (
        "Priorisierung",
        "Die Rangfolge nach gewichteten Kriterien (Top 20), Stände einfrieren und vergleichen.",
    ),
    (
        "Projekte",
        "Die Umsetzungsprojekte mit den elf Schritten, Checklisten, Ampel und Verlauf.",
    ),
    (
        "Personal",
        "Stellen und Personen der Einheiten, ihre Projekte und die Auslastung je Monat.",
    ),
    (
        "Personalbedarf",
        "Wie viele Stellen nötig sind, um bis zu einem Zieldatum fertig zu werden.",
    ),
    (
        "Änderungen",
        "Wer wann was geändert hat, Feld für Feld; Arbeitskopien und Änderungspakete im Menü Datei.",
    ),
];

/// The symbols the tables use.
const SYMBOLS: [(&str, &str); 5] = [
    (
        "★",
        "Neu in den Top N gegenüber dem gewählten eingefrorenen Stand.",
    ),
    (
        "▲ 3 / ▼ 2",
        "So viele Plätze auf- oder abgestiegen seit dem eingefrorenen Stand; „neu“: damals nicht dabei.",
    ),
    (
        "⚑",
        "Angeheftet: die Leistung steht mit Begründung fest auf diesem Platz.",
    ),
    (
        "überfällig",
        "Ein offener Schritt ist über sein Fälligkeitsdatum oder das Projekt über sein geplantes Ende hinaus.",
    ),
    (
        "N. N.",
        "Eine geplante, noch unbesetzte Stelle; sie zählt als Kapazität.",
    ),
];

/// The keyboard shortcuts.
pub const SHORTCUTS: [(&str, &str); 12] = [
    (
        "Strg+1 … Strg+8",
        "Ansichten wechseln (Übersicht … Änderungen)",
    ),
    ("Strg+F", "Suchen"),
    ("Strg+Z / Strg+Y", "Rückgängig / Wiederholen"),
    ("↑ ↓ Bild↑ Bild↓ Pos1 Ende", "Zeile in der Tabelle wählen"),
    ("Enter oder F2", "Gewählte Zelle bearbeiten"),
    (
        "Tab / Umschalt+Tab",
        "Beim Bearbeiten: übernehmen und zur nächsten / vorigen Zelle",
    ),
    ("← →", "Spalte in der Tabelle wählen"),
    ("Enter", "Beim Bearbeiten: übernehmen"),
    ("Esc", "Bearbeiten abbrechen, Dialog schließen"),
    ("Entf", "Gewählte Zeilen löschen (mit Rückfrage)"),
    (
        "Alt+D / Alt+B / Alt+H",
        "Menü Datei / Bearbeiten / Hilfe öffnen",
    ),
    ("F1", "Diese Kurzanleitung"),
];

/// Shows the guide while `open`; `database` is the file in use (or the default one).
pub fn ui(ctx: &egui::Context, open: &mut bool, database: &std::path::Path) {
    egui::Window::new("Kurzanleitung")
        .open(open)
        .default_size([640.0, 560.0])
        .vscroll(true)
        .show(ctx, |ui| content(ui, database));
}

fn content(ui: &mut Ui, database: &std::path::Path) {
    ui.label(
        "ozg-cockpit hält die OZG-Umsetzung der Stadt an einem Ort: Leistungen, Ämter, \
         Priorisierung, Projekte und Personal. Jede Änderung steht sofort in der Datei; \
         Strg+Z nimmt sie zurück.",
    );
    section(ui, "Ansichten", &VIEWS);
    ui.add_space(6.0);
    ui.label(RichText::new("Die elf Umsetzungsschritte").strong());
    for (i, (name, items)) in STEPS.iter().enumerate() {
        ui.label(format!("{}. {name} – {}", i + 1, items.join("; ")));
    }
    ui.weak(
        "Den Status eines Schritts setzen Sie selbst; sind dabei noch Punkte oder frühere \
         Schritte offen, fragt das Programm nach. Schritt 7 braucht die Entscheidung a–d, \
         Schritt 10 das Freigabedatum. Ein Projekt ist in Betrieb, wenn alle Schritte erledigt \
         sind (oder entfallen).",
    );
    section(ui, "Zeichen", &SYMBOLS);
    section(ui, "Tastatur", &SHORTCUTS);
    ui.add_space(6.0);
    ui.label(RichText::new("Wo die Daten liegen").strong());
    ui.label(format!("Datenbank: {}", database.display()));
    ui.label(
        "Vor jedem Import und jeder Rücknahme wird eine Sicherung im Ordner „backups“ neben \
         der Datei abgelegt (die letzten 20). Datei → Letzten Import zurücknehmen… stellt den \
         Stand davor wieder her.",
    );
}

fn section(ui: &mut Ui, title: &str, rows: &[(&str, &str)]) {
    ui.add_space(6.0);
    ui.label(RichText::new(title).strong());
    egui::Grid::new(title)
        .num_columns(2)
        .striped(true)
        .show(ui, |ui| {
            for (what, meaning) in rows {
                ui.label(*what);
                ui.label(*meaning);
                ui.end_row();
            }
        });
}
