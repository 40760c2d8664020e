#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The ranking view with egui_kittest against the real app state and a real file.

use std::path::{Path, PathBuf};

use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use ozg_cockpit::model::{Command, Service};
use ozg_cockpit::session::Session;
use ozg_cockpit::store::OpenMode;
use ozg_cockpit::ui::App;

mod common;
use common::{harness, stored};

/// Criteria ids of the default set (schema 2).
const CITIZENS: i64 = 1;
const EFFORT: i64 = 8;

/// Alpha: citizens' interest 5, effort 5 (17,6 points). Beta: interest 0, effort 0 (11,8).
fn two_services(dir: &Path) -> PathBuf {
    let db = dir.join("rang.sqlite");
    let mut session = Session::open(&db, OpenMode::Create).unwrap();
    for (id, name, citizens, effort) in [(1, "Alpha", 5.0, 5.0), (2, "Beta", 0.0, 0.0)] {
        let mut s = Service::new(id, name, 4);
        s.scores.insert(CITIZENS, citizens);
        s.scores.insert(EFFORT, effort);
        session.execute(Command::AddService(Box::new(s))).unwrap();
    }
    db
}

fn open_ranking(h: &mut Harness<'_, App>) {
    h.run();
    h.get_by_label("Priorisierung").click();
    h.run();
}

/// The table cell with this text (the leftmost node, not the detail panel's heading).
fn cell<'h>(h: &'h Harness<'_, App>, label: &'h str) -> egui_kittest::Node<'h> {
    h.get_all_by_label(label)
        .min_by(|a, b| a.rect().left().total_cmp(&b.rect().left()))
        .unwrap()
}

/// Whether `upper` is shown above `lower` in the table.
fn above(h: &Harness<'_, App>, upper: &str, lower: &str) -> bool {
    cell(h, upper).rect().top() < cell(h, lower).rect().top()
}

fn replace_text(h: &mut Harness<'_, App>, label: &str, text: &str) {
    h.get_by_label(label).focus();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.key_press(Key::Backspace);
    h.run();
    h.get_by_label(label).type_text(text);
    h.run();
}

#[test]
fn a_new_weight_changes_the_order_and_is_stored() {
    let dir = tempfile::tempdir().unwrap();
    let db = two_services(dir.path());
    let mut h = harness(&db);
    open_ranking(&mut h);
    assert!(above(&h, "Alpha", "Beta"));
    assert!(h.query_by_label("17,6").is_some());

    h.get_by_label("Kriterien…").click();
    h.run();
    replace_text(&mut h, "Gewicht: Umsetzungsaufwand", "10");
    h.key_press(Key::Enter);
    h.run();
    // Shares now 3/25 and 10/25: Alpha 12,0, Beta 40,0.
    assert!(above(&h, "Beta", "Alpha"), "Beta moved up");
    assert!(h.query_by_label("40,0").is_some());
    assert!(h.query_by_label("40,0 %").is_some(), "the share is shown");
    let ws = stored(&db);
    assert_eq!(ws.criterion(EFFORT).unwrap().weight, 10.0);
}

#[test]
fn a_pinned_service_keeps_its_position_after_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let db = two_services(dir.path());
    let mut h = harness(&db);
    open_ranking(&mut h);
    cell(&h, "Beta").click();
    h.run();
    h.get_by_label("Anheften…").click();
    h.run();
    replace_text(&mut h, "Position", "1");
    replace_text(&mut h, "Begründung", "Ratsbeschluss vom 3. März");
    h.get_by_label("Anheften").click();
    h.run();
    assert!(above(&h, "Beta", "Alpha"));
    drop(h);

    let ws = stored(&db);
    let pin = ws.service(2).unwrap().pin.clone().unwrap();
    assert_eq!(
        (pin.position, pin.reason.as_str()),
        (1, "Ratsbeschluss vom 3. März")
    );
    let mut h = harness(&db);
    open_ranking(&mut h);
    assert!(above(&h, "Beta", "Alpha"), "pinned first after reopening");
    assert!(h.query_by_label("1 ⚑").is_some(), "the pin is marked");
    cell(&h, "Beta").click();
    h.run();
    assert!(h.query_by_label("Berechneter Platz: 2").is_some());
}

#[test]
fn after_freezing_a_changed_score_shows_the_movement() {
    let dir = tempfile::tempdir().unwrap();
    let db = two_services(dir.path());
    let mut h = harness(&db);
    open_ranking(&mut h);
    h.get_by_label("Stand einfrieren…").click();
    h.run();
    replace_text(&mut h, "Titel", "Ausschuss März");
    h.get_by_label("Einfrieren").click();
    h.run();
    assert_eq!(stored(&db).snapshots().len(), 1);

    // Select Beta, then edit its citizens' interest in place: 5 instead of 0.
    cell(&h, "Beta").click();
    h.run();
    let beta_y = cell(&h, "Beta").rect().center().y;
    let citizens_cell = h
        .query_all_by_label("0")
        .filter(|n| (n.rect().center().y - beta_y).abs() < 4.0)
        .min_by(|a, b| a.rect().left().total_cmp(&b.rect().left()))
        .unwrap();
    citizens_cell.click();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.key_press(Key::Backspace);
    h.run();
    h.get_by_role_and_label(
        egui::accesskit::Role::TextInput,
        "Bewertung Nutzungsinteresse Bürger",
    )
    .type_text("5");
    h.key_press(Key::Enter);
    h.run();

    assert_eq!(stored(&db).service(2).unwrap().scores[&CITIZENS], 5.0);
    assert!(above(&h, "Beta", "Alpha"));
    assert!(h.query_by_label("▲ 1").is_some(), "Beta moved up one place");
    assert!(
        h.query_by_label("▼ 1").is_some(),
        "Alpha moved down one place"
    );
    let frozen = stored(&db).snapshots()[0].rows.clone();
    assert_eq!(
        frozen[0].identity.to_string(),
        "s:1",
        "the snapshot is unchanged"
    );
}

#[test]
fn a_snapshot_frozen_ungrouped_is_not_compared_with_groups() {
    let dir = tempfile::tempdir().unwrap();
    let db = two_services(dir.path());
    let mut h = harness(&db);
    open_ranking(&mut h);
    h.get_by_label("Stand einfrieren…").click();
    h.run();
    replace_text(&mut h, "Titel", "Ausschuss März");
    h.get_by_label("Einfrieren").click();
    h.run();
    h.get_by_label("Nach OZG-Leistungen gruppieren").click();
    h.run();
    assert!(
        h.query_by_label_contains("ohne Gruppierung eingefroren")
            .is_some(),
        "the view says why it does not compare"
    );
    assert!(h.query_by_label("neu").is_none(), "no row marked new");
}
