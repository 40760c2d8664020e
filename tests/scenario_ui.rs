#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The Personalbedarf view with egui_kittest against the real app state.

use egui_kittest::kittest::Queryable;
use ozg_cockpit::ui::Tab;

mod common;
use common::{harness_on, replace_text};

#[test]
fn typing_positions_shows_the_finishing_date_and_the_paper_gives_42() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.sqlite");
    drop(ozg_cockpit::scenario::create(&db).unwrap());
    let mut h = harness_on(&db, Tab::Scenario);
    h.run();
    assert!(
        h.query_by_label_contains("laufende Projekte mit offenen Schritten")
            .is_some()
    );
    h.get_by_label("Werte des Ratspapiers").click();
    h.run();
    h.run();
    assert!(
        h.query_by_label("42,0 Stellen").is_some(),
        "the paper's 42 positions"
    );
    assert!(h.query_by_label("mit 12 Stellen fertig").is_some());
    assert!(
        h.query_by_label("Diagramm Personalbedarf nach Zieldatum")
            .is_some(),
        "the curve of the inputs beside the arithmetic"
    );
    assert!(
        h.query_by_label_contains("(7,0 Jahre)").is_some(),
        "seven years with twelve positions"
    );
    replace_text(&mut h, "Stellen", "24");
    assert!(h.query_by_label("mit 24 Stellen fertig").is_some());
    assert!(h.query_by_label_contains("(3,5 Jahre)").is_some());
    replace_text(&mut h, "Stellen", "viele");
    assert!(
        h.query_by_label("Stellen: „viele“ ist keine Zahl.")
            .is_some()
    );
    // A what-if leaves the file as it was.
    drop(h);
    let ws = common::stored(&db);
    assert_eq!(ws.staffing().days_per_year, 207.0);
}

#[test]
fn the_load_heat_map_names_people_unless_anonymised() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.sqlite");
    drop(ozg_cockpit::scenario::create(&db).unwrap());
    let mut h = harness_on(&db, Tab::Staff);
    h.run();
    assert!(h.query_by_label("ohne Zuordnung").is_some());
    let anna = h.get_by_label_contains("Auslastung Beispiel, Anna: ");
    // The node's label holds the row in words.
    let months = format!("{anna:?}");
    assert_eq!(
        months.matches(" %").count(),
        12,
        "a load per month: {months}"
    );
    h.get_by_label("anonymisiert (nach Einheit)").click();
    h.run();
    assert!(
        h.query_by_label_contains("Auslastung Beispiel").is_none(),
        "no names in the heat map when anonymised"
    );
    assert!(h.query_by_label_contains("Auslastung 100.1: ").is_some());
    assert!(h.query_by_label_contains("Auslastung 100.2: ").is_some());
}
