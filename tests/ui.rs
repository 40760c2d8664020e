#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The GUI with egui_kittest against the real app state and a real file.

use std::path::Path;

use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use ozg_cockpit::model::{Command, Office, Service};
use ozg_cockpit::session::Session;
use ozg_cockpit::store::{OpenMode, Store};
use ozg_cockpit::ui::App;

mod common;
use common::{harness, harness_for};

fn count_text(h: &Harness<'_, App>) -> String {
    {
        use egui_kittest::kittest::NodeT;
        h.get_by_label_contains("von 5.249 Leistungen")
            .accesskit_node()
            .value()
            .unwrap_or_default()
    }
}

#[test]
fn typing_in_the_search_box_changes_the_row_count() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.sqlite");
    drop(ozg_cockpit::scenario::create(&db).unwrap());
    let expected = {
        let ws = Store::open(&db, OpenMode::ReadOnly)
            .unwrap()
            .load()
            .unwrap();
        ws.services()
            .iter()
            .filter(|s| {
                let ozg = s
                    .ozg_id
                    .as_deref()
                    .and_then(|id| ws.ozg_service(id))
                    .map(|o| o.name.to_lowercase())
                    .unwrap_or_default();
                s.name.to_lowercase().contains("wohngeld") || ozg.contains("wohngeld")
            })
            .count()
    };
    assert!(expected > 0);
    let mut h = harness(&db);
    h.run();
    assert_eq!(count_text(&h), "5.249 von 5.249 Leistungen");
    h.key_press_modifiers(Modifiers::COMMAND, Key::F);
    h.run();
    assert!(
        h.get_by_label("Suche").is_focused(),
        "Strg+F focuses the search box"
    );
    h.get_by_label("Suche").type_text("Wohngeld");
    h.run();
    assert_eq!(count_text(&h), format!("{expected} von 5.249 Leistungen"));
}

fn small_db(dir: &Path) -> std::path::PathBuf {
    let db = dir.join("klein.sqlite");
    let mut session = Session::open(&db, OpenMode::Create).unwrap();
    session
        .execute(Command::AddOffice(Box::new(Office::new(1, "420"))))
        .unwrap();
    for (id, name, volume) in [(1, "Hundesteuer", 100), (2, "Wohngeld", 250)] {
        let mut s = Service::new(id, name, 4);
        s.case_volume = Some(volume);
        session.execute(Command::AddService(Box::new(s))).unwrap();
    }
    db
}

/// Clicks a cell to select its row, clicks again to edit, replaces the text and presses Enter.
fn edit_cell(h: &mut Harness<'_, App>, column: &str, cell: &str, text: &str) {
    h.get_by_label(cell).click();
    h.run();
    h.get_by_label(cell).click();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.key_press(Key::Backspace);
    h.run();
    h.get_by_role_and_label(egui::accesskit::Role::TextInput, column)
        .type_text(text);
    h.run();
    h.key_press(Key::Enter);
    h.run();
}

fn case_volume_in_file(db: &Path, id: i64) -> Option<i64> {
    let ws = Store::open(db, OpenMode::ReadOnly).unwrap().load().unwrap();
    ws.service(id).unwrap().case_volume
}

#[test]
fn an_edited_cell_is_in_the_file_after_reopening_and_undo_restores_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = small_db(dir.path());
    let mut h = harness(&db);
    h.run();
    edit_cell(&mut h, "Fallzahl/Jahr", "250", "2500");
    assert!(
        h.query_by_label("2.500").is_some(),
        "the table shows the new value"
    );
    assert_eq!(case_volume_in_file(&db, 2), Some(2500));
    drop(h);

    let mut h = harness(&db);
    h.run();
    assert!(h.query_by_label("2.500").is_some());
    edit_cell(
        &mut h,
        "Bezeichnung",
        "Hundesteuer",
        "Hundesteuer Anmeldung",
    );
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert!(
        h.query_by_label("Hundesteuer").is_some(),
        "undo shows the old name"
    );
    h.key_press_modifiers(Modifiers::COMMAND, Key::Y);
    h.run();
    assert!(h.query_by_label("Hundesteuer Anmeldung").is_some(), "redo");
    drop(h);
    let ws = Store::open(&db, OpenMode::ReadOnly)
        .unwrap()
        .load()
        .unwrap();
    assert_eq!(ws.service(1).unwrap().name, "Hundesteuer Anmeldung");
}

#[test]
fn an_invalid_value_is_refused_with_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let db = small_db(dir.path());
    let mut h = harness(&db);
    h.run();
    edit_cell(&mut h, "Fallzahl/Jahr", "250", "-5");
    assert!(
        h.query_by_label_contains("Fallzahl: Der Wert darf nicht negativ sein")
            .is_some(),
        "the reason is shown"
    );
    assert_eq!(case_volume_in_file(&db, 2), Some(250));
    h.key_press(Key::Escape);
    h.run();
    assert!(
        h.query_by_label("250").is_some(),
        "the old value is shown again"
    );

    edit_cell(&mut h, "Bezeichnung", "Hundesteuer", "");
    assert!(
        h.query_by_label_contains("Bezeichnung: Das Feld darf nicht leer sein")
            .is_some()
    );
    let ws = Store::open(&db, OpenMode::ReadOnly)
        .unwrap()
        .load()
        .unwrap();
    assert_eq!(ws.service(1).unwrap().name, "Hundesteuer");
    assert_eq!(
        ws.service(1).unwrap().case_volume,
        Some(100),
        "other fields untouched"
    );
}

#[test]
fn the_title_names_the_file_and_the_reference_scenario() {
    let dir = tempfile::tempdir().unwrap();
    let demo = dir.path().join("demo.sqlite");
    drop(ozg_cockpit::scenario::create(&demo).unwrap());
    let mut h = harness(&demo);
    h.run();
    assert_eq!(
        h.state().title(),
        "ozg-cockpit – Beispieldaten (demo.sqlite)"
    );
    assert!(h.query_by_label_contains("sind Beispielwerte").is_some());

    let small = small_db(dir.path());
    let mut h = harness(&small);
    h.run();
    assert_eq!(h.state().title(), "ozg-cockpit – klein.sqlite");
}

#[test]
fn delete_asks_first_and_can_be_undone() {
    let dir = tempfile::tempdir().unwrap();
    let db = small_db(dir.path());
    let mut h = harness(&db);
    h.run();
    h.get_by_label("Wohngeld").click();
    h.run();
    h.get_by_label("Löschen…").click();
    h.run();
    assert!(h.query_by_label_contains("„Wohngeld“ löschen?").is_some());
    h.get_by_label("Löschen").click();
    h.run();
    assert!(h.query_by_label("Wohngeld").is_none());
    let ws = Store::open(&db, OpenMode::ReadOnly)
        .unwrap()
        .load()
        .unwrap();
    assert!(ws.service(2).is_none(), "deleted in the file");
    assert_eq!(count_in(&h), "1 von 1 Leistungen");

    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert!(h.query_by_label("Wohngeld").is_some());
    assert_eq!(
        case_volume_in_file(&db, 2),
        Some(250),
        "restored with its fields"
    );
}

fn count_in(h: &Harness<'_, App>) -> String {
    use egui_kittest::kittest::NodeT;
    h.get_by_label_contains(" von ")
        .accesskit_node()
        .value()
        .unwrap_or_default()
}

#[test]
fn bulk_edit_sets_the_target_maturity_of_all_selected_services() {
    let dir = tempfile::tempdir().unwrap();
    let db = small_db(dir.path());
    let mut h = harness(&db);
    h.run();
    h.get_by_label("Hundesteuer").click();
    h.run();
    h.get_by_label("Wohngeld")
        .click_modifiers(Modifiers::COMMAND);
    h.run();
    assert!(h.query_by_label_contains("2 ausgewählt").is_some());
    h.get_by_label("Zielreifegrad").click();
    h.run();
    h.get_by_label("5 – Vernetzte Online-Transaktion").click();
    h.run();
    h.get_by_label("Übernehmen").click();
    h.run();
    let ws = Store::open(&db, OpenMode::ReadOnly)
        .unwrap()
        .load()
        .unwrap();
    assert!(ws.services().iter().all(|s| s.target_maturity == 5));
    // One undo step takes back the whole bulk edit.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    let ws = Store::open(&db, OpenMode::ReadOnly)
        .unwrap()
        .load()
        .unwrap();
    assert!(ws.services().iter().all(|s| s.target_maturity == 4));
}

#[test]
fn export_writes_what_the_table_shows() {
    let dir = tempfile::tempdir().unwrap();
    let db = small_db(dir.path());
    let mut h = harness(&db);
    h.run();
    h.get_by_label("Suche").click();
    h.run();
    h.get_by_label("Suche").type_text("wohn");
    h.run();
    let out = dir.path().join("auswahl.csv");
    let ctx = h.ctx.clone();
    h.state_mut()
        .handle(ozg_cockpit::ui::Action::Export(out.clone()), &ctx);
    common::wait_until(&mut h, "the export", |h| h.state().notice.is_some());
    let notice = h.state().notice.clone().unwrap();
    assert!(!notice.is_error, "{}", notice.text);
    assert!(
        notice.text.starts_with("1 Leistung exportiert"),
        "{}",
        notice.text
    );
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.contains(";Wohngeld;"), "{text}");
    assert!(!text.contains("Hundesteuer"), "{text}");
}

#[test]
fn a_file_open_elsewhere_is_offered_read_only() {
    let dir = tempfile::tempdir().unwrap();
    let db = small_db(dir.path());
    let _other_window = Session::open(&db, OpenMode::Existing).unwrap();
    let app = App::new(
        Some(db.clone()),
        ozg_cockpit::paths::RecentFiles::load_from(None),
        ozg_cockpit::preferences::Preferences::load_from(None),
    );
    let mut h = harness_for(app);
    common::settle(&mut h);
    assert!(h.state().workbench.is_none());
    assert!(
        h.query_by_label_contains("bereits in einem anderen ozg-cockpit-Fenster geöffnet")
            .is_some()
    );
    h.get_by_label("Nur zum Lesen öffnen").click();
    h.step();
    common::settle(&mut h);
    assert_eq!(h.state().title(), "ozg-cockpit – klein.sqlite [nur lesen]");
    h.get_by_label("Leistungen").click();
    h.run();
    assert!(h.query_by_label("Wohngeld").is_some());
    assert!(h.query_by_label("Nur lesen").is_some());
}

#[test]
fn the_last_import_is_taken_back_after_a_question() {
    let dir = tempfile::tempdir().unwrap();
    let db = small_db(dir.path());
    let before = Store::open(&db, OpenMode::ReadOnly)
        .unwrap()
        .load()
        .unwrap()
        .services()
        .len();
    {
        let mut store = Store::open(&db, OpenMode::Existing).unwrap();
        let file = dir.path().join("neu.csv");
        std::fs::write(
            &file,
            "Schluessel;Bezeichnung\n99001009000000;Neu importiert\n",
        )
        .unwrap();
        ozg_cockpit::exchange::catalogue::import_file(
            &mut store,
            &file,
            None,
            Default::default(),
            &ozg_cockpit::exchange::no_progress,
        )
        .unwrap();
    }
    let mut h = harness(&db);
    h.run();
    h.get_by_label("Datei").click();
    h.run();
    h.get_by_label("Letzten Import zurücknehmen…").click();
    h.run();
    assert!(
        h.query_by_label_contains("Alle Änderungen seit diesem Import")
            .is_some()
    );
    h.get_by_label("Zurücknehmen").click();
    h.run();
    let after = Store::open(&db, OpenMode::ReadOnly)
        .unwrap()
        .load()
        .unwrap()
        .services()
        .len();
    assert_eq!(after, before);
    assert_eq!(
        h.state()
            .workbench
            .as_ref()
            .unwrap()
            .session
            .workspace()
            .services()
            .len(),
        before
    );
    assert!(
        h.query_by_label_contains("Der Stand vor dem Import ist wiederhergestellt")
            .is_some()
    );
}

#[test]
fn nothing_is_edited_or_undone_while_an_import_runs() {
    let dir = tempfile::tempdir().unwrap();
    let db = small_db(dir.path());
    let mut session = Session::open(&db, OpenMode::Existing).unwrap();
    session
        .execute(ozg_cockpit::model::Command::SetService {
            id: 1,
            value: ozg_cockpit::model::ServiceValue::Notes("vor dem Import".to_owned()),
        })
        .unwrap();
    let mut app = App::with_session(session);
    let ctx = egui::Context::default();
    let file = dir.path().join("neu.csv");
    std::fs::write(&file, "Schluessel;Bezeichnung\n99001009000000;Neu\n").unwrap();
    app.handle(ozg_cockpit::ui::Action::Import(file), &ctx);
    // The import reads on its thread; until its dialog has seen the result, it is running.
    app.handle(ozg_cockpit::ui::Action::Undo, &ctx);
    let notes = |app: &App| {
        let ws = app.workbench.as_ref().unwrap().session.workspace();
        ws.service(1).unwrap().notes.clone()
    };
    assert_eq!(
        notes(&app),
        "vor dem Import",
        "the undo waits for the import"
    );
    assert!(
        app.notice
            .as_ref()
            .unwrap()
            .text
            .starts_with("Während des Imports")
    );
}

#[test]
fn files_are_opened_and_created_on_a_worker_while_the_window_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let db = small_db(dir.path());
    let app = App::new(
        Some(db.clone()),
        ozg_cockpit::paths::RecentFiles::load_from(None),
        ozg_cockpit::preferences::Preferences::load_from(None),
    );
    assert!(
        app.workbench.is_none() && app.is_opening(),
        "not opened in the constructor"
    );
    let mut h = harness_for(app);
    common::settle(&mut h);
    assert!(h.state().workbench.is_some());
    // The Beispieldaten: the action returns at once, the file is made on the worker.
    let ctx = h.ctx.clone();
    let target = dir.path().join("beispiel.sqlite");
    h.state_mut().handle(
        ozg_cockpit::ui::Action::Create {
            path: target.clone(),
            reference: true,
        },
        &ctx,
    );
    assert!(h.state().is_opening());
    assert!(h.state().workbench.is_none());
    common::settle(&mut h);
    let wb = h.state().workbench.as_ref().unwrap();
    assert_eq!(wb.session.store().path(), target.as_path());
    assert_eq!(wb.session.workspace().services().len(), 5249);
}

#[test]
fn after_closing_the_welcome_screen_offers_the_file_instead_of_failing_on_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = small_db(dir.path());
    let app = App::new(
        Some(db.clone()),
        ozg_cockpit::paths::RecentFiles::load_from(None),
        ozg_cockpit::preferences::Preferences::load_from(None),
    );
    let mut h = harness_for(app);
    common::settle(&mut h);
    h.get_by_label("Datei").click();
    h.run();
    h.get_by_label("Schließen").click();
    h.run();
    assert!(h.state().workbench.is_none());
    // Creating asks for a new name; nothing is refused as existing.
    h.get_by_label("Leere Datenbank anlegen…").click();
    h.run();
    assert!(h.state().notice.is_none(), "no refusal");
    h.key_press(Key::Escape);
    h.run();
    h.get_by_label("„klein.sqlite“ öffnen").click();
    h.step();
    common::settle(&mut h);
    assert!(h.state().workbench.is_some());
}

#[test]
fn a_target_below_the_current_level_is_kept_with_a_note() {
    use ozg_cockpit::model::ServiceValue;
    let dir = tempfile::tempdir().unwrap();
    let db = small_db(dir.path());
    let session = Session::open(&db, OpenMode::Existing).unwrap();
    let mut app = App::with_session(session);
    let ctx = egui::Context::default();
    let set = |value| ozg_cockpit::ui::Action::Edit(Command::SetService { id: 1, value });
    app.handle(set(ServiceValue::CurrentMaturity(3)), &ctx);
    app.handle(set(ServiceValue::TargetMaturity(1)), &ctx);
    let ws = app.workbench.as_ref().unwrap().session.workspace();
    assert_eq!(ws.service(1).unwrap().target_maturity, 1, "allowed");
    let note = &app.notice.as_ref().unwrap().text;
    assert!(note.starts_with("Hinweis: Der Ziel-Reifegrad 1"), "{note}");
}

#[test]
fn strg_and_a_number_switches_the_view() {
    let dir = tempfile::tempdir().unwrap();
    let db = small_db(dir.path());
    let mut h = harness(&db);
    h.run();
    for (n, key) in [Key::Num3, Key::Num5, Key::Num1].into_iter().enumerate() {
        h.key_press_modifiers(Modifiers::COMMAND, key);
        h.run();
        let tab = h.state().workbench.as_ref().unwrap().tab;
        let want = [
            ozg_cockpit::ui::Tab::Offices,
            ozg_cockpit::ui::Tab::Projects,
            ozg_cockpit::ui::Tab::Overview,
        ][n];
        assert_eq!(tab, want);
    }
}

#[test]
fn the_keyboard_moves_through_the_table_and_edits_cell_after_cell() {
    let dir = tempfile::tempdir().unwrap();
    let db = small_db(dir.path());
    let mut h = common::harness_on(&db, ozg_cockpit::ui::Tab::Services);
    // Sorted by name: Hundesteuer, Wohngeld. Down twice selects the second row.
    h.key_press(Key::ArrowDown);
    h.run();
    h.key_press(Key::ArrowDown);
    h.run();
    let selected = |h: &Harness<'_, App>| {
        h.state()
            .workbench
            .as_ref()
            .unwrap()
            .services
            .selection
            .ids
            .clone()
    };
    assert_eq!(selected(&h).into_iter().collect::<Vec<_>>(), [2]);
    h.key_press(Key::Home);
    h.run();
    assert_eq!(selected(&h).into_iter().collect::<Vec<_>>(), [1]);
    // Right to the name, F2 edits it; Tab commits and goes on to the next editable cell.
    h.key_press(Key::ArrowRight);
    h.run();
    h.key_press(Key::F2);
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.key_press(Key::Backspace);
    h.run();
    h.get_by_role_and_label(egui::accesskit::Role::TextInput, "Bezeichnung")
        .type_text("Hundesteuer (An- und Abmeldung)");
    h.run();
    h.key_press(Key::Tab);
    h.run();
    let ws = common::stored(&db);
    assert_eq!(
        ws.service(1).unwrap().name,
        "Hundesteuer (An- und Abmeldung)"
    );
    let editing = h.state().workbench.as_ref().unwrap().services.is_editing();
    assert_eq!(
        editing.as_deref(),
        Some("OZG-Leistung"),
        "the next editable cell is open"
    );
    // Escape leaves it unchanged.
    h.key_press(Key::Escape);
    h.run();
    assert_eq!(
        h.state().workbench.as_ref().unwrap().services.is_editing(),
        None
    );
    assert_eq!(common::stored(&db).service(1).unwrap().ozg_id, None);
}

#[test]
fn f1_opens_the_guide_and_alt_opens_the_menus() {
    let dir = tempfile::tempdir().unwrap();
    let db = small_db(dir.path());
    let mut h = common::harness_on(&db, ozg_cockpit::ui::Tab::Services);
    assert!(h.query_by_label("Die elf Umsetzungsschritte").is_none());
    h.key_press(Key::F1);
    h.run();
    assert!(h.state().help);
    assert!(h.query_by_label("Die elf Umsetzungsschritte").is_some());
    assert!(
        h.query_by_label_contains("Datenbank: ")
            .is_some_and(|n| format!("{n:?}").contains("klein.sqlite")),
        "names the file"
    );
    h.key_press(Key::F1);
    h.run();
    assert!(!h.state().help, "F1 again closes it");
    assert!(h.query_by_label("Öffnen…").is_none());
    h.key_press_modifiers(Modifiers::ALT, Key::D);
    h.run();
    assert!(
        h.query_by_label("Öffnen…").is_some(),
        "Alt+D opens the Datei menu"
    );
}

#[test]
fn the_office_cell_shows_names_and_takes_a_name_typed_or_picked() {
    let dir = tempfile::tempdir().unwrap();
    let db = small_db(dir.path());
    {
        let mut session = Session::open(&db, OpenMode::Existing).unwrap();
        for (id, number, name) in [(2, "320", "Ordnungsamt"), (3, "330", "Bürgeramt")] {
            let mut o = Office::new(id, number);
            o.name = name.to_owned();
            session.execute(Command::AddOffice(Box::new(o))).unwrap();
        }
    }
    let mut h = common::harness_on(&db, ozg_cockpit::ui::Tab::Services);
    // Typed: words of the name that fit one office.
    h.get_by_label("Hundesteuer").click();
    h.run();
    for _ in 0..5 {
        h.key_press(Key::ArrowRight);
        h.run();
    }
    h.key_press(Key::Enter);
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.key_press(Key::Backspace);
    h.run();
    h.get_by_role_and_label(egui::accesskit::Role::TextInput, "Amt")
        .type_text("ordnung");
    h.run();
    // The choice under the cell lists the office that fits.
    assert!(h.query_by_label("320 – Ordnungsamt").is_some());
    assert!(h.query_by_label("330 – Bürgeramt").is_none());
    h.key_press(Key::Enter);
    h.run();
    assert_eq!(common::stored(&db).service(1).unwrap().office_id, Some(2));
    // The cell shows number and name.
    assert!(h.query_by_label("320 – Ordnungsamt").is_some());
    // Picked from the choice.
    h.key_press(Key::Enter);
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.key_press(Key::Backspace);
    h.run();
    h.get_by_label("330 – Bürgeramt").click();
    h.run();
    assert_eq!(common::stored(&db).service(1).unwrap().office_id, Some(3));
}

#[test]
fn the_open_view_and_its_filters_come_back_after_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let db = small_db(dir.path());
    let prefs = dir.path().join("config").join("preferences.json");
    let start = || {
        let app = App::new(
            Some(db.clone()),
            ozg_cockpit::paths::RecentFiles::load_from(None),
            ozg_cockpit::preferences::Preferences::load_from(Some(prefs.clone())),
        );
        let mut h = harness_for(app);
        common::settle(&mut h);
        h
    };
    let mut h = start();
    h.key_press_modifiers(Modifiers::COMMAND, Key::Num2);
    h.run();
    common::replace_text(&mut h, "Suche", "wohn");
    h.key_press(Key::Escape);
    h.run();
    h.get_by_label("Fallzahl/Jahr").click();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::Num5);
    h.run();
    // The window closes.
    h.state_mut().save_preferences();
    drop(h);
    let h = start();
    let wb = h.state().workbench.as_ref().unwrap();
    assert_eq!(wb.tab, ozg_cockpit::ui::Tab::Projects);
    assert_eq!(wb.services.filter.search, "wohn");
    assert_eq!(
        wb.services.sort.column,
        ozg_cockpit::ui::services::ServiceColumn::CaseVolume
    );
    // Another file starts as always.
    let other = dir.path().join("andere.sqlite");
    Session::open(&other, OpenMode::Create).unwrap();
    let app = App::new(
        Some(other),
        ozg_cockpit::paths::RecentFiles::load_from(None),
        ozg_cockpit::preferences::Preferences::load_from(Some(prefs.clone())),
    );
    let mut h = harness_for(app);
    common::settle(&mut h);
    assert_eq!(
        h.state().workbench.as_ref().unwrap().tab,
        ozg_cockpit::ui::Tab::Overview
    );
}

#[test]
fn the_table_stays_in_place_when_the_bulk_bar_appears() {
    let dir = tempfile::tempdir().unwrap();
    let db = small_db(dir.path());
    let mut h = common::harness_on(&db, ozg_cockpit::ui::Tab::Services);
    h.run();
    let top = |h: &Harness<'_, App>| h.get_by_label("Wohngeld").rect().top();
    let before = top(&h);
    h.get_by_label("Hundesteuer").click();
    h.run();
    h.get_by_label("Wohngeld")
        .click_modifiers(Modifiers::COMMAND);
    h.run();
    assert!(
        h.query_by_label_contains("ausgewählt – für alle setzen")
            .is_some()
    );
    assert_eq!(top(&h), before, "the rows did not move");
}

#[test]
fn table_keys_do_not_reach_behind_a_dialog() {
    let dir = tempfile::tempdir().unwrap();
    let db = small_db(dir.path());
    let mut h = common::harness_on(&db, ozg_cockpit::ui::Tab::Services);
    h.key_press(Key::ArrowDown);
    h.run();
    h.key_press(Key::Delete);
    h.run();
    assert!(
        h.query_by_label("Löschen").is_some(),
        "the question is open"
    );
    h.key_press(Key::Enter);
    h.run();
    h.key_press(Key::ArrowDown);
    h.run();
    let services = &h.state().workbench.as_ref().unwrap().services;
    assert_eq!(
        services.is_editing(),
        None,
        "no editor opened behind the question"
    );
    assert_eq!(
        services.selection.ids.iter().copied().collect::<Vec<_>>(),
        [1]
    );
}
