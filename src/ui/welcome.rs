//! The welcome screen: reference scenario, empty database, existing file, recent files.

use std::path::Path;

use egui::Ui;

use super::Action;
use crate::paths::RecentFiles;
use crate::ui::dialogs::file_prompt::Purpose;

/// Draws the welcome screen for a database to be created at `target`; when a file is there
/// already (`target_exists`), it is offered to open, and new ones are named first.
pub fn ui(
    ui: &mut Ui,
    target: &Path,
    target_exists: bool,
    recent: &RecentFiles,
    actions: &mut Vec<Action>,
) {
    ui.vertical_centered(|ui| {
        ui.add_space(40.0);
        ui.heading("Willkommen bei ozg-cockpit");
        ui.label("Leistungen, Ämter und die Umsetzung des Onlinezugangsgesetzes an einem Ort.");
        ui.add_space(24.0);
        let size = egui::vec2(360.0, 40.0);
        if target_exists {
            let name = target
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            if ui
                .add_sized(size, egui::Button::new(format!("„{name}“ öffnen")))
                .on_hover_text(target.display().to_string())
                .clicked()
            {
                actions.push(Action::Open(target.to_path_buf()));
            }
        }
        let (reference, empty) = if target_exists {
            ("Beispieldaten anlegen…", "Leere Datenbank anlegen…")
        } else {
            ("Beispieldaten öffnen", "Leere Datenbank anlegen")
        };
        if ui
            .add_sized(size, egui::Button::new(reference))
            .on_hover_text("Der Bundeskatalog mit den Ämtern und Beispielwerten des Ratspapiers")
            .clicked()
        {
            actions.push(if target_exists {
                Action::Prompt(Purpose::NewReference)
            } else {
                Action::Create {
                    path: target.to_path_buf(),
                    reference: true,
                }
            });
        }
        if ui.add_sized(size, egui::Button::new(empty)).clicked() {
            actions.push(if target_exists {
                Action::Prompt(Purpose::NewEmpty)
            } else {
                Action::Create {
                    path: target.to_path_buf(),
                    reference: false,
                }
            });
        }
        if ui
            .add_sized(size, egui::Button::new("Vorhandene Datei öffnen…"))
            .clicked()
        {
            actions.push(Action::Prompt(Purpose::OpenDatabase));
        }
        ui.add_space(6.0);
        ui.weak(format!(
            "Neue Datenbank wird angelegt unter: {}",
            target.display()
        ));
        if ui
            .small_button("Leere Datenbank an anderem Ort anlegen…")
            .clicked()
        {
            actions.push(Action::Prompt(Purpose::NewEmpty));
        }
        if !recent.files.is_empty() {
            ui.add_space(24.0);
            ui.strong("Zuletzt geöffnet");
            for file in &recent.files {
                if ui.link(file.display().to_string()).clicked() {
                    actions.push(Action::Open(file.clone()));
                }
            }
        }
    });
}
