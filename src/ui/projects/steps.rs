//! The eleven steps of the open project: status, dates, checklist, decision, operation.

use super::{ProjectsView, text};
use chrono::NaiveDate;
use egui::Ui;

use crate::model::project::{Decision, Project, STEPS, StepStatus};
use crate::model::{Command, ProjectValue, StepValue, Workspace};
use crate::ui::Action;
use crate::ui::widgets::fields::date_field;

impl ProjectsView {
    #[allow(clippy::too_many_arguments)]
    pub(super) fn step_ui(
        &mut self,
        ui: &mut Ui,
        ws: &Workspace,
        p: &Project,
        n: usize,
        edit: bool,
        today: NaiveDate,
        actions: &mut Vec<Action>,
    ) {
        let Some(step) = p.steps.get(n - 1) else {
            return;
        };
        let (name, items) = STEPS[n - 1];
        let set = |value: StepValue| {
            Action::Edit(Command::SetStep {
                project: p.id,
                step: n,
                value,
                on: today,
            })
        };
        let marker = if step.status.is_finished() {
            "✔"
        } else if p.current_step() == Some(n) {
            "▶"
        } else {
            " "
        };
        egui::CollapsingHeader::new(format!("{marker} {n}. {name} – {}", step.status.label()))
            .id_salt(("step", p.id, n))
            .default_open(p.current_step() == Some(n))
            .show(ui, |ui| {
                egui::Grid::new(("step_grid", n))
                    .num_columns(4)
                    .spacing([12.0, 4.0])
                    .show(ui, |ui| {
                        ui.label("Status");
                        let mut status = step.status;
                        ui.add_enabled_ui(edit, |ui| {
                            let response = egui::ComboBox::from_id_salt(("status", n))
                                .selected_text(status.label())
                                .width(110.0)
                                .show_ui(ui, |ui| {
                                    for s in StepStatus::ALL {
                                        ui.selectable_value(&mut status, s, s.label());
                                    }
                                })
                                .response;
                            let label = format!("Status Schritt {n}");
                            ui.ctx()
                                .accesskit_node_builder(response.id, |node| node.set_label(label));
                        });
                        if status != step.status {
                            let question = (status == StepStatus::Done)
                                .then(|| done_question(p, n))
                                .flatten();
                            match question {
                                Some(q) => self.confirm_done = Some((p.id, n, q)),
                                None => actions.push(set(StepValue::Status(status))),
                            }
                        }
                        let b = &mut self.buffers;
                        ui.label("Verantwortlich");
                        if let Some(v) = b.field(
                            ui,
                            &format!("resp{n}"),
                            &format!("Verantwortlich Schritt {n}"),
                            &step.responsible,
                            200.0,
                            edit,
                        ) {
                            actions.push(set(StepValue::Responsible(v.trim().to_owned())));
                        }
                        ui.end_row();
                        date_field(
                            ui,
                            b,
                            "Fällig am",
                            &format!("due{n}"),
                            step.due,
                            edit,
                            |d| set(StepValue::Due(d)),
                            actions,
                        );
                        date_field(
                            ui,
                            b,
                            "Erledigt am",
                            &format!("completed{n}"),
                            step.completed,
                            edit,
                            |d| set(StepValue::Completed(d)),
                            actions,
                        );
                        ui.end_row();
                        ui.label("Notiz");
                        if let Some(v) = b.field(
                            ui,
                            &format!("note{n}"),
                            &format!("Notiz Schritt {n}"),
                            &step.note,
                            420.0,
                            edit,
                        ) {
                            actions.push(set(StepValue::Note(v)));
                        }
                        ui.end_row();
                    });
                for (item, label) in items.iter().enumerate() {
                    let mut checked = step.checked.get(item).copied().unwrap_or(false);
                    if ui
                        .add_enabled(edit, egui::Checkbox::new(&mut checked, *label))
                        .changed()
                    {
                        actions.push(set(StepValue::Check { item, checked }));
                    }
                }
                match n {
                    7 => decision_ui(ui, p, edit, actions),
                    10 => {
                        let b = &mut self.buffers;
                        ui.horizontal(|ui| {
                            date_field(
                                ui,
                                b,
                                "Freigabe am",
                                "release",
                                p.release_date,
                                edit,
                                |d| {
                                    Action::Edit(Command::SetProject {
                                        id: p.id,
                                        value: ProjectValue::ReleaseDate(d),
                                    })
                                },
                                actions,
                            );
                        });
                    }
                    11 => self.operation_ui(ui, ws, p, edit, actions),
                    _ => {}
                }
            });
    }

    pub(super) fn operation_ui(
        &mut self,
        ui: &mut Ui,
        ws: &Workspace,
        p: &Project,
        edit: bool,
        actions: &mut Vec<Action>,
    ) {
        if !p.is_in_operation() {
            ui.weak("Wenn Schritt 11 erledigt ist, ist das Projekt in Betrieb.");
            return;
        }
        ui.strong(text::IN_OPERATION);
        let id = p.id;
        let b = &mut self.buffers;
        ui.horizontal(|ui| {
            date_field(
                ui,
                b,
                "Inbetriebnahme am",
                "go_live",
                p.go_live,
                edit,
                |d| {
                    Action::Edit(Command::SetProject {
                        id,
                        value: ProjectValue::GoLive(d),
                    })
                },
                actions,
            );
        });
        self.refresh_members(ws, p.id);
        let raise = crate::model::project::raise_edits(
            p.target_maturity,
            self.members.iter().filter_map(|&i| ws.services().get(i)),
        );
        if raise.is_empty() {
            ui.weak("Alle Leistungen des Projekts haben den Zielreifegrad erreicht.");
            return;
        }
        if self.confirm_raise {
            ui.horizontal(|ui| {
                ui.label(format!(
                    "{} auf Reifegrad {} anheben?",
                    crate::model::format::counted(raise.len(), "Leistung", "Leistungen"),
                    ws.maturity.display(p.target_maturity)
                ));
                if ui.button("Anheben").clicked() {
                    actions.push(Action::Edit(Command::Batch(raise)));
                    self.confirm_raise = false;
                }
                if ui.button("Abbrechen").clicked() {
                    self.confirm_raise = false;
                }
            });
        } else if ui
            .add_enabled(edit, egui::Button::new(text::RAISE))
            .clicked()
        {
            self.confirm_raise = true;
        }
    }
}

pub(super) fn decision_ui(ui: &mut Ui, p: &Project, edit: bool, actions: &mut Vec<Action>) {
    let mut decision = p.decision;
    ui.horizontal(|ui| {
        ui.label("Entscheidung");
        ui.add_enabled_ui(edit, |ui| {
            let response = egui::ComboBox::from_id_salt("decision")
                .selected_text(decision.map_or("(offen)", Decision::letter))
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut decision, None, "(offen)");
                    for d in Decision::ALL {
                        ui.selectable_value(
                            &mut decision,
                            Some(d),
                            format!("{}) {}", d.letter(), d.consequence()),
                        );
                    }
                })
                .response;
            ui.ctx()
                .accesskit_node_builder(response.id, |node| node.set_label("Entscheidung"));
        });
    });
    // The line is there with or without a decision, so nothing below moves when one is made.
    ui.weak(match p.decision {
        Some(d) => format!("{}) {}", d.letter(), d.consequence()),
        None => "Noch keine Entscheidung: a) bis d) legen fest, wie die Leistung umgesetzt wird."
            .to_owned(),
    });
    if decision != p.decision {
        actions.push(Action::Edit(Command::SetProject {
            id: p.id,
            value: ProjectValue::Decision(decision),
        }));
    }
}

/// The question before step `n` is set done while earlier steps or its own checklist items
/// are open; `None` when nothing is open.
pub(super) fn done_question(p: &Project, n: usize) -> Option<String> {
    let earlier: Vec<String> = p
        .steps
        .iter()
        .take(n.saturating_sub(1))
        .enumerate()
        .filter(|(_, s)| !s.status.is_finished())
        .map(|(i, _)| (i + 1).to_string())
        .collect();
    let items: Vec<&str> = STEPS
        .get(n - 1)
        .map(|(_, items)| {
            items
                .iter()
                .zip(p.steps.get(n - 1).map_or(&[][..], |s| s.checked.as_slice()))
                .filter(|(_, checked)| !**checked)
                .map(|(item, _)| *item)
                .collect()
        })
        .unwrap_or_default();
    if earlier.is_empty() && items.is_empty() {
        return None;
    }
    let mut q = String::new();
    match earlier.as_slice() {
        [] => {}
        [one] => q.push_str(&format!("Schritt {one} ist noch offen. ")),
        [rest @ .., last] => q.push_str(&format!(
            "Schritte {} und {last} sind noch offen. ",
            rest.join(", ")
        )),
    }
    if !items.is_empty() {
        q.push_str(&format!(
            "Offene Punkte der Checkliste: {}. ",
            items.join("; ")
        ));
    }
    q.push_str(&format!("Schritt {n} trotzdem als erledigt markieren?"));
    Some(q)
}
