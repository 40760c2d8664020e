#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The overview with egui_kittest against the real app state and a real file: the first view,
//! its key figures, the chart export and the committee report.

use std::path::{Path, PathBuf};

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use ozg_cockpit::exchange::report::ReportSettings;
use ozg_cockpit::model::figures::{FigureInput, Figures};
use ozg_cockpit::model::format::{percent, thousands};
use ozg_cockpit::store::{OpenMode, Store};
use ozg_cockpit::ui::{App, Tab};

mod common;
use common::{harness_for, replace_text, stored, wait_until};

fn reference(dir: &Path) -> PathBuf {
    let db = dir.join("beispiel.sqlite");
    drop(ozg_cockpit::scenario::create(&db).unwrap());
    db
}

fn opened(db: &Path, export_dir: &Path) -> Harness<'static, App> {
    let mut app = App::new(
        Some(db.to_path_buf()),
        ozg_cockpit::paths::RecentFiles::load_from(None),
        ozg_cockpit::preferences::Preferences::load_from(None),
    );
    app.export_dir = export_dir.to_path_buf();
    let mut h = harness_for(app);
    common::settle(&mut h);
    h
}

#[test]
fn the_overview_is_the_first_view_and_shows_the_key_figures() {
    let dir = tempfile::tempdir().unwrap();
    let db = reference(dir.path());
    let ws = stored(&db);
    let f = Figures::compute(
        &ws,
        &FigureInput {
            today: ozg_cockpit::clock::today(),
            data_date: ozg_cockpit::clock::today(),
            ..FigureInput::default()
        },
    );
    let mut h = opened(&db, dir.path());
    assert_eq!(h.state().workbench.as_ref().unwrap().tab, Tab::Overview);
    h.run();
    assert!(
        h.query_by_label("Leistungen im kommunalen Umfang")
            .is_some()
    );
    assert!(
        h.query_by_label("1.557").is_some(),
        "the scope of the paper"
    );
    let at_minimum = format!("{} von 1.557", thousands(f.maturity.at_minimum as i64));
    let share = percent(f.maturity.at_minimum as f64 / 1557.0, 0);
    assert!(
        h.query_by_label(&at_minimum).is_some() && h.query_by_label(&share).is_some(),
        "share at the minimum with its denominator: {at_minimum} ({share})"
    );
    let projects = format!("{} von {}", f.projects.in_operation, f.projects.total);
    assert!(
        h.query_by_label(&projects).is_some(),
        "projects in operation: {projects}"
    );
    for kind in ozg_cockpit::charts::ChartKind::ALL {
        assert!(
            h.query_by_label(&format!("Diagramm {}", kind.name()))
                .is_some(),
            "tile {kind:?}"
        );
    }
    // Filtering by an office changes the figures shown.
    h.get_by_label("Amt").click();
    h.run();
    // The list of offices scrolls; a user scrolls to 420, the test asks for it by name.
    h.get_by_label("420 – Wirtschaftsförderung")
        .click_accesskit();
    h.run();
    let office = h.state().workbench.as_ref().unwrap().overview.filter.office;
    assert_eq!(
        office
            .and_then(|id| ws.office(id))
            .map(|o| o.number.as_str()),
        Some("420")
    );
    assert!(
        h.query_by_label("1.557").is_none(),
        "the scope of office 420 is smaller"
    );
}

#[test]
fn all_charts_are_exported_into_a_dated_folder() {
    let dir = tempfile::tempdir().unwrap();
    let db = reference(dir.path());
    let out = dir.path().join("export");
    let mut h = opened(&db, &out);
    h.get_by_label("Alle Diagramme exportieren").click();
    wait_until(&mut h, "the export", |h| {
        h.state()
            .notice
            .as_ref()
            .is_some_and(|n| n.text.contains("exportiert"))
    });
    let notice = h.state().notice.clone().unwrap();
    assert!(!notice.is_error, "{}", notice.text);
    let folder = out.join(format!(
        "Diagramme {}",
        ozg_cockpit::clock::today().format("%Y-%m-%d")
    ));
    assert!(
        notice.text.contains(&folder.display().to_string()),
        "the folder is shown"
    );
    for kind in ozg_cockpit::charts::ChartKind::ALL {
        let stem = kind.file_stem();
        assert_eq!(
            common::png_size(&folder.join(format!("{stem}.png"))),
            (2008, 1240),
            "{stem}: 170 × 105 mm at 300 dpi"
        );
        let svg = std::fs::read_to_string(folder.join(format!("{stem}.svg"))).unwrap();
        assert!(svg.starts_with("<svg"), "{stem}.svg");
    }
}

#[test]
fn a_chart_opens_large_and_is_saved_as_svg() {
    let dir = tempfile::tempdir().unwrap();
    let db = reference(dir.path());
    let mut h = opened(&db, dir.path());
    // The tile may lie below the fold; a user scrolls to it.
    h.get_by_label("Diagramm Fortschritt über die Zeit")
        .click_accesskit();
    h.run();
    h.run();
    h.get_by_label("Als SVG…").click();
    h.run();
    let target = dir.path().join("fortschritt-ausschuss.svg");
    replace_text(&mut h, "Datei:", &target.display().to_string());
    h.get_by_label("OK").click();
    wait_until(&mut h, "the chart file", |h| {
        h.state()
            .notice
            .as_ref()
            .is_some_and(|n| n.text.contains("exportiert"))
    });
    let svg = std::fs::read_to_string(&target).unwrap();
    assert!(svg.contains("Leistungen am Minimum"));
    assert!(svg.contains("width=\"170mm\""));
}

#[test]
fn the_report_is_written_and_its_settings_remembered() {
    let dir = tempfile::tempdir().unwrap();
    let db = reference(dir.path());
    let mut h = opened(&db, dir.path());
    h.get_by_label("Bericht erstellen…").click();
    h.run();
    replace_text(&mut h, "Ausschuss", "Hauptausschuss");
    h.get_by_label("Erstellen…").click();
    h.run();
    let target = dir.path().join("bericht.pdf");
    replace_text(&mut h, "Datei:", &target.display().to_string());
    h.get_by_label("OK").click();
    wait_until(&mut h, "the report", |h| {
        h.state()
            .notice
            .as_ref()
            .is_some_and(|n| n.text.contains("Bericht mit"))
    });
    let doc = lopdf::Document::load(&target).unwrap();
    assert!(doc.get_pages().len() >= 5);
    let first = doc.extract_text(&[1]).unwrap();
    assert!(first.contains("Hauptausschuss"), "{first}");
    drop(h);
    let store = Store::open(&db, OpenMode::ReadOnly).unwrap();
    let remembered = ReportSettings::load(&store);
    assert_eq!(remembered.committee, "Hauptausschuss");
    assert_eq!(remembered.last_report, remembered.meeting_date);
}

#[test]
fn hovering_a_bar_shows_its_value() {
    let dir = tempfile::tempdir().unwrap();
    let db = reference(dir.path());
    let mut h = opened(&db, dir.path());
    wait_until(&mut h, "the charts", |h| {
        !h.state().workbench.as_ref().unwrap().overview.is_busy()
    });
    // Tooltips show at once here instead of after a pause.
    h.ctx.all_styles_mut(|s| {
        s.interaction.tooltip_delay = 0.0;
        s.interaction.show_tooltips_only_when_still = false;
    });
    let tile = h.get_by_label("Diagramm Reifegrad").rect();
    // Move the pointer over the tile until it rests on a bar of a level.
    let mut found = None;
    'scan: for fy in [0.55, 0.65, 0.75, 0.85] {
        for i in 0..40 {
            let pos = egui::pos2(
                tile.min.x + tile.width() * (0.05 + 0.9 * i as f32 / 40.0),
                tile.min.y + tile.height() * fy,
            );
            h.hover_at(pos);
            h.step();
            h.step();
            if h.query_by_label_contains("(Ist): ").is_some() {
                found = Some(pos);
                break 'scan;
            }
        }
    }
    assert!(found.is_some(), "a hover text over the bars");
    // The text names the level and the count of services.
    let levels = [
        "Offline",
        "Information",
        "Formular-Assistent",
        "Online-Leistung",
    ];
    assert!(
        levels.iter().any(|l| h
            .query_by_label_contains(&format!("– {l} (Ist): "))
            .is_some()),
        "the level's name in the hover text"
    );
    assert!(h.query_all_by_label_contains(" Leistungen").count() > 0);
}

#[test]
fn ctrl_f_on_the_overview_searches_the_services() {
    let dir = tempfile::tempdir().unwrap();
    let db = reference(dir.path());
    let mut h = opened(&db, dir.path());
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::F);
    h.run();
    h.run();
    assert_eq!(h.state().workbench.as_ref().unwrap().tab, Tab::Services);
    assert!(h.get_by_label("Suche").is_focused());
}
