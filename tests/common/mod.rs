//! Helpers shared by the UI tests.
#![allow(clippy::unwrap_used, clippy::expect_used, dead_code)]

use std::path::Path;

pub mod edits;
pub mod import_fixture;

use egui_kittest::Harness;
use ozg_cockpit::session::Session;
use ozg_cockpit::store::{OpenMode, Store};
use ozg_cockpit::ui::{App, Tab};

/// The app on an existing file, in a 1500×800 window with the app's fonts, showing the
/// services table.
pub fn harness(path: &Path) -> Harness<'static, App> {
    harness_on(path, Tab::Services)
}

/// The app on an existing file, showing `tab`.
pub fn harness_on(path: &Path, tab: Tab) -> Harness<'static, App> {
    let session = Session::open(path, OpenMode::Existing).unwrap();
    let mut app = App::with_session(session);
    if let Some(wb) = app.workbench_mut() {
        wb.tab = tab;
    }
    harness_for(app)
}

/// A harness around an app built by the test.
pub fn harness_for(app: App) -> Harness<'static, App> {
    Harness::builder()
        .with_size(egui::vec2(1500.0, 800.0))
        // Charts are drawn on threads that wake the UI when done.
        .with_max_steps(64)
        .with_context_setup(ozg_cockpit::ui::install_fonts)
        .build_ui_state(|ui, app: &mut App| app.ui(ui), app)
}

/// The workspace as stored in the file.
pub fn stored(path: &Path) -> ozg_cockpit::model::Workspace {
    Store::open(path, OpenMode::ReadOnly)
        .unwrap()
        .load()
        .unwrap()
}

/// The width and height of a PNG file.
pub fn png_size(path: &Path) -> (u32, u32) {
    let bytes = std::fs::read(path).unwrap();
    let reader = png::Decoder::new(std::io::Cursor::new(bytes))
        .read_info()
        .unwrap();
    (reader.info().width, reader.info().height)
}

/// Replaces the text of a field, as a user selecting all and typing.
pub fn replace_text(h: &mut Harness<'_, App>, label: &str, text: &str) {
    use egui_kittest::kittest::Queryable;
    h.get_by_label(label).focus();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.key_press(egui::Key::Backspace);
    h.run();
    h.get_by_label(label).type_text(text);
    h.run();
}

/// Runs single frames until `done` holds (or 60 s passed). For work on a worker, whose spinner
/// repaints every frame until it is done, so that `Harness::run` would not settle.
pub fn wait_until(h: &mut Harness<'_, App>, what: &str, done: impl Fn(&Harness<'_, App>) -> bool) {
    let start = std::time::Instant::now();
    while !done(h) {
        assert!(start.elapsed().as_secs() < 60, "waited too long for {what}");
        h.step();
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    h.step();
}

/// Runs frames until a file being opened or created on its worker is there (or 60 s passed).
pub fn settle(h: &mut Harness<'_, App>) {
    let start = std::time::Instant::now();
    while h.state().is_opening() {
        assert!(start.elapsed().as_secs() < 60, "the file did not open");
        h.step();
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    h.run();
}
