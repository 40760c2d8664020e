#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The Personal view, the Einsatzplanung of a project and the settings dialog with
//! egui_kittest against the real app state.

use std::path::{Path, PathBuf};

use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use ozg_cockpit::ui::{App, Tab};

mod common;
use common::{harness_on, replace_text, stored};

fn demo(dir: &Path) -> PathBuf {
    let db = dir.join("demo.sqlite");
    drop(ozg_cockpit::scenario::create(&db).unwrap());
    db
}

/// The staff view searched down to one person.
fn staff_view_on(db: &Path, search: &str) -> Harness<'static, App> {
    let mut h = harness_on(db, Tab::Staff);
    h.run();
    replace_text(&mut h, "Suche", search);
    h
}

/// Clicks a cell to select its row, clicks again to edit (once is enough on the selected row),
/// replaces the text and presses Enter.
fn edit_cell(h: &mut Harness<'_, App>, column: &str, cell: &str, text: &str) {
    let editor = |h: &Harness<'_, App>| {
        h.query_by_role_and_label(egui::accesskit::Role::TextInput, column)
            .is_some()
    };
    h.get_by_label(cell).click();
    h.run();
    if !editor(h) {
        h.get_by_label(cell).click();
        h.run();
    }
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.key_press(Key::Backspace);
    h.run();
    h.get_by_role_and_label(egui::accesskit::Role::TextInput, column)
        .type_text(text);
    h.run();
    h.key_press(Key::Enter);
    h.run();
}

fn anna(db: &Path) -> ozg_cockpit::model::load::StaffMember {
    stored(db)
        .staff()
        .iter()
        .find(|m| m.name == "Beispiel, Anna")
        .cloned()
        .unwrap()
}

#[test]
fn a_person_is_edited_in_place_refused_out_of_range_and_undone() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    let mut h = staff_view_on(&db, "Anna");
    assert!(
        h.query_by_label("1 von 17 Stellen").is_some(),
        "{:?}",
        h.query_by_label_contains("von 17")
    );
    edit_cell(&mut h, "VZÄ", "1,00", "0,5");
    assert!(h.query_by_label("0,50").is_some(), "the table shows 0,50");
    assert_eq!(anna(&db).fte, 0.5);

    edit_cell(&mut h, "VZÄ", "0,50", "1,5");
    assert!(
        h.query_by_label_contains("VZÄ (Stellenanteil): 1,50 liegt außerhalb von 0,1 bis 1,0")
            .is_some(),
        "the refusal names the field and the range"
    );
    assert_eq!(anna(&db).fte, 0.5, "a refused value changes nothing");
    h.key_press(Key::Escape);
    h.run();

    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(anna(&db).fte, 1.0, "undo restores the full-time share");
    assert!(h.query_by_label("1,00").is_some());
}

#[test]
fn positions_are_added_named_duplicated_and_deleted_with_undo() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    let mut h = harness_on(&db, Tab::Staff);
    h.run();
    h.get_by_label("Neue Stelle").click();
    h.run();
    h.run();
    h.get_by_role_and_label(egui::accesskit::Role::TextInput, "Name")
        .type_text("Neu, Nora");
    h.run();
    h.key_press(Key::Enter);
    h.run();
    let ws = stored(&db);
    assert_eq!(ws.staff().len(), 18);
    let nora = ws.staff().iter().find(|m| m.name == "Neu, Nora").unwrap();
    assert_eq!(nora.unit, "100.1");
    assert!(h.query_by_label("18 von 18 Stellen").is_some());

    h.get_by_label("Duplizieren").click();
    h.run();
    h.key_press(Key::Escape);
    h.run();
    let ws = stored(&db);
    assert_eq!(ws.staff().len(), 19);
    let copy = ws.staff().last().unwrap();
    assert!(copy.is_vacant(), "a duplicate is a vacant position like it");
    assert_eq!(copy.unit, nora.unit);

    h.get_by_label("Löschen…").click();
    h.run();
    assert!(
        h.query_by_label_contains("löschen? 0 Zuordnungen zu Projekten werden mit gelöscht")
            .is_some()
    );
    assert_eq!(stored(&db).staff().len(), 19, "nothing before the answer");
    h.get_by_label("Löschen").click();
    h.run();
    assert_eq!(stored(&db).staff().len(), 18);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(
        stored(&db).staff().len(),
        19,
        "undo brings the position back"
    );
}

#[test]
fn the_person_detail_edits_and_removes_assignments() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    let ws = stored(&db);
    let id = anna(&db).id;
    let first = ws.assignments().iter().find(|a| a.staff == id).unwrap();
    let project = ws.project(first.project).unwrap().name.clone();
    let count = ws.assignments().iter().filter(|a| a.staff == id).count();

    let mut h = staff_view_on(&db, "Anna");
    h.get_by_label("Organisationsberaterin").click();
    h.run();
    assert!(
        h.query_by_label(&format!("{count} Projekte, 170,0 PT geplant"))
            .is_some()
    );
    replace_text(&mut h, &format!("{project} – geplant (PT)"), "20,5");
    h.key_press(Key::Enter);
    h.run();
    let planned = |db: &Path| {
        stored(db)
            .assignments()
            .iter()
            .find(|a| a.staff == id && a.project == first.project)
            .map(|a| a.person_days)
    };
    assert_eq!(planned(&db), Some(20.5));
    assert!(h.query_by_label_contains("173,5 PT geplant").is_some());

    h.query_all_by_label("Entfernen").next().unwrap().click();
    h.run();
    assert_eq!(planned(&db), None, "the assignment is gone");
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(planned(&db), Some(20.5), "undo restores it");
}

#[test]
fn assigning_a_second_person_in_the_project_splits_the_effort_evenly() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    let ws = stored(&db);
    let anna = anna(&db);
    let bernd = ws
        .staff()
        .iter()
        .find(|m| m.name == "Muster, Bernd")
        .unwrap()
        .id;
    let first = ws
        .assignments()
        .iter()
        .find(|a| a.staff == anna.id)
        .unwrap();
    let p = ws.project(first.project).unwrap().clone();

    let session =
        ozg_cockpit::session::Session::open(&db, ozg_cockpit::store::OpenMode::Existing).unwrap();
    let mut app = App::with_session(session);
    let wb = app.workbench_mut().unwrap();
    wb.tab = Tab::Projects;
    wb.projects.open = Some(p.id);
    let mut h = common::harness_for(app);
    h.run();
    assert!(h.query_by_label("Einsatzplanung").is_some());
    h.get_by_label("Person zuordnen…").click();
    h.run();
    h.get_by_label("Muster, Bernd (100.1)").click();
    h.run();
    let planned = |who: i64| {
        stored(&db)
            .assignments()
            .iter()
            .find(|a| a.staff == who && a.project == p.id)
            .map(|a| a.person_days)
    };
    let half = p.effort_org_person_days / 2.0;
    assert_eq!(planned(anna.id), Some(half));
    assert_eq!(planned(bernd), Some(half));
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(planned(anna.id), Some(p.effort_org_person_days));
    assert_eq!(planned(bernd), None, "one undo takes the whole split back");
}

#[test]
fn settings_are_applied_together_refused_when_out_of_range_and_undone_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    let mut h = harness_on(&db, Tab::Staff);
    h.run();
    h.get_by_label("Einstellungen…").click();
    h.run();
    let days = "Produktive Tage je Vollzeitstelle und Jahr";
    replace_text(&mut h, days, "0");
    h.get_by_label("Übernehmen").click();
    h.run();
    assert!(
        h.query_by_label_contains("Produktive Tage: 0,0 ist nicht zulässig")
            .is_some()
    );
    assert_eq!(stored(&db).staffing().days_per_year, 207.0);

    replace_text(&mut h, days, "200");
    replace_text(&mut h, "Stufe 4", "Online-Transaktion (Ende-zu-Ende)");
    h.get_by_label("Übernehmen").click();
    h.run();
    assert!(h.query_by_label(days).is_none(), "the dialog closes");
    let ws = stored(&db);
    assert_eq!(ws.staffing().days_per_year, 200.0);
    assert_eq!(ws.maturity.labels[4], "Online-Transaktion (Ende-zu-Ende)");

    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    let ws = stored(&db);
    assert_eq!(ws.staffing().days_per_year, 207.0);
    assert_eq!(ws.maturity.labels[4], "Online-Transaktion");
}
