//! "Sicherung wiederherstellen…": the copies in the `backups` folder (daily, before imports,
//! before restores), newest first with date and size; one is put back after a question, the
//! current state saved first.

use std::path::{Path, PathBuf};

use egui::{Key, Ui};

use crate::store::{BackupReason, backups};

/// One backup as listed.
pub struct Listed {
    pub path: PathBuf,
    pub when: String,
    pub kind: &'static str,
    pub size: String,
}

/// The open dialog.
pub struct BackupsDialog {
    pub list: Vec<Listed>,
    pub chosen: Option<usize>,
    /// The question before restoring is shown.
    asking: bool,
}

/// What the user did.
pub enum BackupsEvent {
    None,
    Close,
    Restore(PathBuf),
}

impl BackupsDialog {
    /// The backups of the database at `path`.
    pub fn new(path: &Path) -> Self {
        let mut list: Vec<(String, Listed)> = Vec::new();
        for (reason, kind) in [
            (BackupReason::Daily, "täglich"),
            (BackupReason::Import, "vor Import"),
            (BackupReason::Restore, "vor Wiederherstellung"),
        ] {
            for p in backups(path, reason) {
                let name = p.file_name().map(|n| n.to_string_lossy().into_owned());
                let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned());
                let stamp = name
                    .zip(stem)
                    .and_then(|(n, s)| n.strip_prefix(&s).map(|r| r.trim().to_owned()))
                    .unwrap_or_default();
                let when = chrono::NaiveDateTime::parse_from_str(
                    stamp.get(..19).unwrap_or_default(),
                    "%Y-%m-%d %H-%M-%S",
                )
                .map(|t| t.format("%d.%m.%Y %H:%M").to_string())
                .unwrap_or_else(|_| stamp.clone());
                let bytes = std::fs::metadata(&p).map(|m| m.len()).unwrap_or(0);
                let size = format!(
                    "{} MB",
                    crate::model::format::decimal(bytes as f64 / 1_048_576.0, 1)
                );
                list.push((
                    stamp,
                    Listed {
                        path: p,
                        when,
                        kind,
                        size,
                    },
                ));
            }
        }
        list.sort_by(|a, b| b.0.cmp(&a.0));
        Self {
            list: list.into_iter().map(|(_, l)| l).collect(),
            chosen: None,
            asking: false,
        }
    }

    /// Draws the dialog.
    pub fn ui(&mut self, ctx: &egui::Context, read_only: bool) -> BackupsEvent {
        let mut event = BackupsEvent::None;
        egui::Modal::new(egui::Id::unique("backups_dialog")).show(ctx, |ui: &mut Ui| {
            ui.set_width(620.0);
            ui.heading("Sicherung wiederherstellen");
            if self.asking
                && let Some(b) = self.chosen.and_then(|i| self.list.get(i))
            {
                ui.label(format!(
                    "Die Daten werden auf die Sicherung vom {} ({}) zurückgesetzt. Alle Änderungen seither gehen in dieser Datei verloren.",
                    b.when, b.kind
                ));
                ui.weak("Der jetzige Stand wird vorher im Ordner „backups“ gesichert.");
                ui.horizontal(|ui| {
                    if ui.button("Wiederherstellen").clicked() {
                        event = BackupsEvent::Restore(b.path.clone());
                    }
                    if ui.button("Zurück").clicked() {
                        self.asking = false;
                    }
                });
                return;
            }
            if self.list.is_empty() {
                ui.label("Es gibt noch keine Sicherung dieser Datei.");
            }
            egui::ScrollArea::vertical().max_height(360.0).show(ui, |ui| {
                egui::Grid::new("backups_grid")
                    .striped(true)
                    .num_columns(3)
                    .show(ui, |ui| {
                        for (i, b) in self.list.iter().enumerate() {
                            if ui
                                .selectable_label(self.chosen == Some(i), &b.when)
                                .clicked()
                            {
                                self.chosen = Some(i);
                            }
                            ui.label(b.kind);
                            ui.label(&b.size);
                            ui.end_row();
                        }
                    });
            });
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                if ui
                    .add_enabled(
                        self.chosen.is_some() && !read_only,
                        egui::Button::new("Wiederherstellen…"),
                    )
                    .clicked()
                {
                    self.asking = true;
                }
                if ui.button("Schließen").clicked() || ui.input(|i| i.key_pressed(Key::Escape)) {
                    event = BackupsEvent::Close;
                }
            });
        });
        event
    }
}
