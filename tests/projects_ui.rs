#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The projects view with egui_kittest against the real app state and a real file.

use std::path::{Path, PathBuf};

use egui::Modifiers;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use ozg_cockpit::model::project::{Project, StepStatus};
use ozg_cockpit::model::{Command, Service};
use ozg_cockpit::session::Session;
use ozg_cockpit::store::OpenMode;
use ozg_cockpit::ui::App;

mod common;
use common::{harness, stored};

fn one_project(dir: &Path) -> PathBuf {
    let db = dir.join("projekte.sqlite");
    let mut session = Session::open(&db, OpenMode::Create).unwrap();
    for (id, name) in [(1, "Wohngeld"), (2, "Hundesteuer"), (3, "Parkausweis")] {
        session
            .execute(Command::AddService(Box::new(Service::new(id, name, 4))))
            .unwrap();
    }
    session
        .execute(Command::AddProject {
            assignments: Vec::new(),
            project: Box::new(Project::new(1, "Soziales digital", 4)),
            services: vec![1],
        })
        .unwrap();
    db
}

fn open_project(h: &mut Harness<'_, App>) {
    h.run();
    h.get_by_label("Projekte").click();
    h.run();
    h.get_by_label("Soziales digital").click();
    h.run();
    h.get_by_label("Öffnen").click();
    h.run();
}

fn set_status(h: &mut Harness<'_, App>, step: usize, status: &str) {
    h.get_by_label(&format!("Status Schritt {step}")).click();
    h.run();
    h.get_by_label(status).click();
    h.run();
}

#[test]
fn a_ticked_checklist_item_is_in_the_file_after_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let db = one_project(dir.path());
    let mut h = harness(&db);
    open_project(&mut h);
    h.get_by_label("Mit dem Fachamt geprüft: Wird die Leistung hier erbracht?")
        .click();
    h.run();
    drop(h);
    let ws = stored(&db);
    assert_eq!(ws.project(1).unwrap().steps[0].checked, [true, false]);
    let mut h = harness(&db);
    open_project(&mut h);
    let item = h.get_by_label("Mit dem Fachamt geprüft: Wird die Leistung hier erbracht?");
    assert_eq!(
        item.accesskit_node().toggled(),
        Some(egui::accesskit::Toggled::True)
    );
}

#[test]
fn a_done_step_moves_the_current_step_and_the_progress() {
    let dir = tempfile::tempdir().unwrap();
    let db = one_project(dir.path());
    let mut h = harness(&db);
    open_project(&mut h);
    assert!(
        h.query_by_label_contains("Aktueller Schritt: 1 Leistungsprüfung – Fortschritt 0 %")
            .is_some()
    );
    set_status(&mut h, 1, "erledigt");
    // Its checklist is open: asked first, and "Abbrechen" leaves the step as it was.
    assert!(
        h.query_by_label_contains("Offene Punkte der Checkliste: Mit dem Fachamt geprüft")
            .is_some()
    );
    h.get_by_label("Abbrechen").click();
    h.run();
    assert_eq!(
        stored(&db).project(1).unwrap().steps[0].status,
        StepStatus::Open
    );
    set_status(&mut h, 1, "erledigt");
    h.get_by_label("Trotzdem erledigt").click();
    h.run();
    assert!(
        h.query_by_label_contains("Aktueller Schritt: 2 Verwandte Prozesse – Fortschritt 9 %")
            .is_some()
    );
    let ws = stored(&db);
    let p = ws.project(1).unwrap();
    assert_eq!(p.steps[0].status, StepStatus::Done);
    assert!(p.steps[0].completed.is_some(), "completion date set");
    assert_eq!(ws.project_history().len(), 1);
}

#[test]
fn step_8_without_a_decision_is_refused_with_a_message() {
    let dir = tempfile::tempdir().unwrap();
    let db = one_project(dir.path());
    let mut h = harness(&db);
    open_project(&mut h);
    h.get_by_label_contains("8. Abgleich Technik/Soll").click();
    h.run();
    set_status(&mut h, 8, "erledigt");
    assert!(
        h.query_by_label_contains("Schritte 1, 2, 3, 4, 5, 6 und 7 sind noch offen")
            .is_some()
    );
    h.get_by_label("Trotzdem erledigt").click();
    h.run();
    assert!(
        h.query_by_label_contains("erst erledigt werden, wenn in Schritt 7 eine Entscheidung")
            .is_some()
    );
    assert_eq!(
        stored(&db).project(1).unwrap().steps[7].status,
        StepStatus::Open
    );
}

#[test]
fn a_project_is_created_from_two_selected_services() {
    let dir = tempfile::tempdir().unwrap();
    let db = one_project(dir.path());
    let mut h = harness(&db);
    h.run();
    h.get_by_label("Hundesteuer").click();
    h.run();
    h.get_by_label("Parkausweis")
        .click_modifiers(Modifiers::COMMAND);
    h.run();
    h.get_by_label("Projekt aus Auswahl anlegen…").click();
    h.run();
    h.get_by_label("Projektname").focus();
    h.key_press_modifiers(Modifiers::COMMAND, egui::Key::A);
    h.key_press(egui::Key::Backspace);
    h.run();
    h.get_by_label("Projektname")
        .type_text("Ordnung und Steuern");
    h.run();
    h.get_by_label("Anlegen").click();
    h.run();
    assert!(
        h.query_by_label_contains("Aktueller Schritt: 1").is_some(),
        "the new project is open"
    );
    let ws = stored(&db);
    let p = ws
        .projects()
        .iter()
        .find(|p| p.name == "Ordnung und Steuern")
        .unwrap();
    let members: Vec<i64> = ws
        .services()
        .iter()
        .filter(|s| s.project_id == Some(p.id))
        .map(|s| s.id)
        .collect();
    assert_eq!(members, [2, 3]);
}

#[test]
fn buttons_act_on_what_is_visible_and_selected() {
    let dir = tempfile::tempdir().unwrap();
    let db = one_project(dir.path());
    let mut h = harness(&db);
    h.get_by_label("Projekte").click();
    h.run();
    h.get_by_label("Soziales digital").click();
    h.run();
    assert!(!h.get_by_label("Löschen…").accesskit_node().is_disabled());
    // Filtered out of sight, the project is no longer what "Löschen…" would act on.
    common::replace_text(&mut h, "Suche", "Hundesteuer");
    assert!(h.query_by_label("Soziales digital").is_none());
    assert!(h.get_by_label("Löschen…").accesskit_node().is_disabled());
}

#[test]
fn a_service_is_added_to_the_project_by_searching_its_name() {
    let dir = tempfile::tempdir().unwrap();
    let db = one_project(dir.path());
    let mut h = harness(&db);
    open_project(&mut h);
    common::replace_text(&mut h, "Leistung hinzufügen", "hunde");
    h.run();
    // One match, Hundesteuer, with its button; the services already elsewhere are not offered.
    let add = h.get_all_by_label("+").collect::<Vec<_>>();
    assert_eq!(add.len(), 1, "only the match is listed");
    add[0].scroll_to_me();
    h.run();
    h.get_by_label("+").click();
    h.run();
    let ws = stored(&db);
    assert_eq!(
        ws.service(2).unwrap().project_id,
        Some(1),
        "Hundesteuer is in the project"
    );
    assert_eq!(
        ws.service(3).unwrap().project_id,
        None,
        "nothing else changed"
    );
}

#[test]
fn a_date_is_picked_from_the_calendar() {
    let dir = tempfile::tempdir().unwrap();
    let db = one_project(dir.path());
    let mut h = harness(&db);
    open_project(&mut h);
    // The first calendar belongs to the planned start.
    h.get_all_by_label("▦").next().unwrap().click();
    h.run();
    h.get_by_label("15").click();
    h.run();
    let today = ozg_cockpit::clock::today();
    let expected = chrono::NaiveDate::from_ymd_opt(
        chrono::Datelike::year(&today),
        chrono::Datelike::month(&today),
        15,
    );
    assert_eq!(stored(&db).project(1).unwrap().planned_start, expected);
}

#[test]
fn enter_opens_the_selected_project() {
    let dir = tempfile::tempdir().unwrap();
    let db = one_project(dir.path());
    let mut h = harness(&db);
    h.run();
    h.get_by_label("Projekte").click();
    h.run();
    h.key_press(egui::Key::ArrowDown);
    h.run();
    h.key_press(egui::Key::Enter);
    h.run();
    let wb = h.state().workbench.as_ref().unwrap();
    assert_eq!(wb.projects.open, Some(1));
}
