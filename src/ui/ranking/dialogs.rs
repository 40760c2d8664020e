//! The ranking's dialogs: pinning a service and freezing the ranking.

use super::RankingView;

use egui::Key;

use crate::model::ranking::Pin;
use crate::model::{Command, Workspace};
use crate::ui::Action;

impl RankingView {
    pub(super) fn dialogs_ui(
        &mut self,
        ctx: &egui::Context,
        ws: &Workspace,
        actions: &mut Vec<Action>,
    ) {
        if let Some(d) = &mut self.pin_dialog {
            let mut close = false;
            let mut submit = false;
            let name = ws
                .service(d.service)
                .map(|s| s.name.clone())
                .unwrap_or_default();
            egui::Modal::new(egui::Id::unique("pin_dialog")).show(ctx, |ui| {
                ui.heading("Leistung anheften");
                ui.label(name);
                egui::Grid::new("pin_grid").num_columns(2).show(ui, |ui| {
                    let l = ui.label("Position");
                    let position = ui
                        .add(egui::TextEdit::singleline(&mut d.position).desired_width(60.0))
                        .labelled_by(l.id);
                    if std::mem::take(&mut d.focus_pending) {
                        position.request_focus();
                    }
                    ui.end_row();
                    let l = ui.label("Begründung");
                    let reason = ui
                        .add(egui::TextEdit::singleline(&mut d.reason).desired_width(300.0))
                        .labelled_by(l.id);
                    submit = reason.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
                    ui.end_row();
                });
                if let Some(e) = &d.error {
                    ui.colored_label(ui.visuals().error_fg_color, e.as_str());
                }
                ui.horizontal(|ui| {
                    if ui.button("Anheften").clicked() || submit {
                        let cmd = match d.position.trim().parse::<usize>() {
                            Ok(position) => Ok(Command::SetPin {
                                service: d.service,
                                pin: Some(Pin {
                                    position,
                                    reason: d.reason.trim().to_owned(),
                                }),
                            }),
                            Err(_) => Err(crate::model::EditError::InvalidPosition),
                        };
                        match cmd.and_then(|c| ws.prepare(&c).map(|_| c)) {
                            Ok(c) => {
                                actions.push(Action::Edit(c));
                                close = true;
                            }
                            Err(e) => d.error = Some(e.to_string()),
                        }
                    }
                    if ui.button("Abbrechen").clicked() || ui.input(|i| i.key_pressed(Key::Escape))
                    {
                        close = true;
                    }
                });
            });
            if close {
                self.pin_dialog = None;
            }
        }
        if let Some(title) = &mut self.freeze_title {
            let mut answer = None;
            egui::Modal::new(egui::Id::unique("freeze_dialog")).show(ctx, |ui| {
                ui.heading("Stand einfrieren");
                ui.label("Die aktuelle Rangfolge wird mit Datum und Titel gespeichert und später nicht mehr verändert.");
                let l = ui.label("Titel");
                let field = ui
                    .add(egui::TextEdit::singleline(title).desired_width(360.0))
                    .labelled_by(l.id);
                if !field.has_focus() && !field.lost_focus() && !ui.memory(|m| m.focused().is_some()) {
                    field.request_focus();
                }
                let submit = field.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
                ui.horizontal(|ui| {
                    if ui.button("Einfrieren").clicked() || submit {
                        answer = Some(true);
                    }
                    if ui.button("Abbrechen").clicked() || ui.input(|i| i.key_pressed(Key::Escape)) {
                        answer = Some(false);
                    }
                });
            });
            match answer {
                Some(true) => {
                    let title = title.clone();
                    let snapshot = self.snapshot(ws, &title, crate::clock::today());
                    let id = snapshot.id;
                    actions.push(Action::Edit(Command::AddSnapshot(Box::new(snapshot))));
                    self.compare_with = Some(id);
                    self.freeze_title = None;
                }
                Some(false) => self.freeze_title = None,
                None => {}
            }
        }
    }
}
