//! "Änderungen übernehmen": the preview of a change package – who sent it, what will change,
//! object by object, and every conflict with both sides, who and when, to decide one by one or
//! all at once. Nothing is written until "Übernehmen".

use std::collections::HashMap;
use std::path::PathBuf;

use egui::{Key, Ui};

use crate::model::Workspace;
use crate::model::format::counted;
use crate::sync::describe::{ConflictText, conflict_text, outcome_groups};
use crate::sync::{Choice, Outcome, Preview};

/// Objects listed in the preview; the rest are counted.
const LISTED: usize = 300;

/// The open preview.
pub struct MergeDialog {
    pub file: PathBuf,
    pub preview: Preview,
    pub choices: HashMap<String, Choice>,
    outcome: Outcome,
    conflicts: Vec<(String, ConflictText)>,
    groups: Vec<(String, Vec<String>)>,
    /// Why "Übernehmen" was refused (a rule the result would break), until a decision changes.
    pub refused: Option<String>,
}

/// What the user did.
pub enum MergeEvent {
    None,
    Cancel,
    /// Apply with the choices made.
    Apply,
}

impl MergeDialog {
    /// The preview of a package read against the workspace; every conflict starts decided for
    /// this file's side.
    pub fn new(file: PathBuf, preview: Preview, ws: &Workspace) -> Self {
        let outcome = preview.outcome(&HashMap::new());
        let choices = outcome
            .conflicts
            .iter()
            .map(|c| (c.id.clone(), Choice::Mine))
            .collect();
        let conflicts = outcome
            .conflicts
            .iter()
            .map(|c| (c.id.clone(), conflict_text(ws, c)))
            .collect();
        let groups = outcome_groups(ws, &outcome);
        Self {
            file,
            preview,
            choices,
            outcome,
            conflicts,
            groups,
            refused: None,
        }
    }

    fn recompute(&mut self, ws: &Workspace) {
        self.outcome = self.preview.outcome(&self.choices);
        // A decision can bring up a conflict of its own (their change meets what taking the
        // other side brought back): it is listed too, decided for this file's side at first.
        for c in &self.outcome.conflicts {
            if !self.choices.contains_key(&c.id) {
                self.choices.insert(c.id.clone(), Choice::Mine);
                self.conflicts.push((c.id.clone(), conflict_text(ws, c)));
            }
        }
        self.groups = outcome_groups(ws, &self.outcome);
        self.refused = None;
    }

    /// Decides every conflict the same way.
    pub fn choose_all(&mut self, choice: Choice, ws: &Workspace) {
        for c in self.choices.values_mut() {
            *c = choice;
        }
        self.recompute(ws);
    }

    /// Draws the dialog.
    pub fn ui(&mut self, ctx: &egui::Context, ws: &Workspace, read_only: bool) -> MergeEvent {
        let mut event = MergeEvent::None;
        let mut changed = false;
        let header = &self.preview.header;
        let new = self.preview.new_changes().len();
        egui::Modal::new(egui::Id::unique("merge_preview")).show(ctx, |ui: &mut Ui| {
            ui.set_width(860.0);
            ui.heading("Änderungen übernehmen");
            ui.label(format!(
                "Paket von {} ({}), {}: {} neu, {} schon vorhanden.",
                if header.sender_name.is_empty() {
                    "?"
                } else {
                    &header.sender_name
                },
                header.file,
                self.file.display(),
                counted(new, "Änderung", "Änderungen"),
                self.preview.known
            ));
            ui.add_space(6.0);
            if !self.conflicts.is_empty() {
                ui.horizontal(|ui| {
                    ui.strong(counted(self.conflicts.len(), "Konflikt", "Konflikte"));
                    ui.label("– beide Seiten haben dasselbe geändert:");
                    if ui.button("Meine für alle").clicked() {
                        for c in self.choices.values_mut() {
                            *c = Choice::Mine;
                        }
                        changed = true;
                    }
                    if ui.button("Ihre für alle").clicked() {
                        for c in self.choices.values_mut() {
                            *c = Choice::Theirs;
                        }
                        changed = true;
                    }
                });
                egui::ScrollArea::vertical()
                    .id_salt("merge_conflicts")
                    .max_height(240.0)
                    .show(ui, |ui| {
                        egui::Grid::new("merge_conflict_grid")
                            .striped(true)
                            .num_columns(3)
                            .show(ui, |ui| {
                                ui.strong("Was");
                                ui.strong("Hier (meine)");
                                ui.strong("Im Paket (ihre)");
                                ui.end_row();
                                for (id, text) in &self.conflicts {
                                    let Some(choice) = self.choices.get_mut(id) else {
                                        continue;
                                    };
                                    ui.label(&text.what);
                                    changed |=
                                        ui.radio_value(choice, Choice::Mine, &text.mine).changed();
                                    changed |= ui
                                        .radio_value(choice, Choice::Theirs, &text.theirs)
                                        .changed();
                                    ui.end_row();
                                }
                            });
                    });
                ui.separator();
            }
            ui.strong(format!(
                "Was sich hier ändert ({}):",
                counted(self.groups.len(), "Objekt", "Objekte")
            ));
            egui::ScrollArea::vertical()
                .id_salt("merge_changes")
                .max_height(300.0)
                .show(ui, |ui| {
                    if self.groups.is_empty() {
                        ui.weak("Nichts – diese Datei hat schon alles.");
                    }
                    for (object, lines) in self.groups.iter().take(LISTED) {
                        ui.label(egui::RichText::new(object).strong());
                        for line in lines {
                            ui.label(format!("    {line}"));
                        }
                    }
                    if self.groups.len() > LISTED {
                        ui.weak(format!("… und {} weitere", self.groups.len() - LISTED));
                    }
                });
            ui.add_space(8.0);
            if let Some(refused) = &self.refused {
                ui.colored_label(ui.visuals().error_fg_color, refused);
                ui.add_space(4.0);
            }
            ui.horizontal(|ui| {
                let label = if self.conflicts.is_empty() {
                    "Übernehmen".to_owned()
                } else {
                    "Übernehmen (mit diesen Entscheidungen)".to_owned()
                };
                if ui
                    .add_enabled(!read_only && new > 0, egui::Button::new(label))
                    .on_disabled_hover_text("Nichts Neues, oder die Datei ist nur zum Lesen offen.")
                    .clicked()
                {
                    event = MergeEvent::Apply;
                }
                if ui.button("Abbrechen").clicked() || ui.input(|i| i.key_pressed(Key::Escape)) {
                    event = MergeEvent::Cancel;
                }
            });
        });
        if changed {
            self.recompute(ws);
        }
        event
    }
}
