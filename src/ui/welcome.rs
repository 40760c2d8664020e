//! The welcome screen: reference scenario, empty database, existing file, recent files.

use std::path::Path;

use egui::Ui;

use super::Action;
use super::file_prompt::Purpose;
use crate::paths::RecentFiles;

/// Draws the welcome screen for a database to be created at `target`.
pub fn ui(ui: &mut Ui, target: &Path, recent: &RecentFiles, actions: &mut Vec<Action>) {
    ui.vertical_centered(|ui| {
        ui.add_space(40.0);
        ui.heading("Willkommen bei ozg-cockpit");
        ui.label("Leistungen, Ämter und die Umsetzung des Onlinezugangsgesetzes an einem Ort.");
        ui.add_space(24.0);
        let size = egui::vec2(360.0, 40.0);
        if ui
            .add_sized(size, egui::Button::new("Beispieldaten öffnen"))
            .on_hover_text("Der Bundeskatalog mit den Ämtern und Beispielwerten des Ratspapiers")
            .clicked()
        {
            actions.push(Action::Create {
                path: target.to_path_buf(),
                reference: true,
            });
        }
        if ui
            .add_sized(size, egui::Button::new("Leere Datenbank anlegen"))
            .clicked()
        {
            actions.push(Action::Create {
                path: target.to_path_buf(),
                reference: false,
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
