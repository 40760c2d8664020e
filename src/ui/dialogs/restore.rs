//! "Letzten Import zurücknehmen": the question before the data go back to the copy taken
//! before the last import.

use std::path::Path;

use egui::Key;

/// Asks whether to go back to `backup`; `Some(true)` once confirmed, `Some(false)` when
/// cancelled.
pub fn confirm_ui(ctx: &egui::Context, backup: &Path) -> Option<bool> {
    let name = backup
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut answer = None;
    egui::Modal::new(egui::Id::unique("undo_import")).show(ctx, |ui| {
        ui.set_max_width(560.0);
        ui.heading("Letzten Import zurücknehmen");
        ui.label(format!(
            "Die Daten werden auf den Stand vor dem letzten Import zurückgesetzt (Sicherung „{name}“). \
             Alle Änderungen seit diesem Import gehen dabei verloren."
        ));
        ui.weak("Der jetzige Stand wird vorher im Ordner „backups“ gesichert.");
        ui.horizontal(|ui| {
            if ui.button("Zurücknehmen").clicked() {
                answer = Some(true);
            }
            if ui.button("Abbrechen").clicked() || ui.input(|i| i.key_pressed(Key::Escape)) {
                answer = Some(false);
            }
        });
    });
    answer
}
