//! Editing several services at once (the bar over the table), and picking an office from
//! the list under an edited Amt cell.

use egui::Ui;

use super::{BulkEdit, ServiceColumn, ServicesView, text};
use crate::model::{Command, ServiceId, ServiceValue, Workspace};
use crate::ui::Action;
use crate::ui::widgets::table::CellEdit;

impl ServicesView {
    pub(super) fn bulk_ui(&mut self, ui: &mut Ui, ws: &Workspace, actions: &mut Vec<Action>) {
        self.choices.refresh(ws);
        ui.horizontal(|ui| {
            if let [id] = self.selection.ids.iter().copied().collect::<Vec<_>>()[..]
                && ui
                    .button("Änderungen…")
                    .on_hover_text("Wer hat wann was an dieser Leistung geändert")
                    .clicked()
            {
                actions.push(Action::ShowChangesOf(
                    crate::sync::describe::Target::Service(id),
                ));
            }
            ui.label(format!("{} {}", self.selection.ids.len(), text::BULK));
            let c = &self.choices;
            bulk_combo(ui, text::BULK_OFFICE, &mut self.bulk.office, &c.offices);
            bulk_combo(ui, text::BULK_TARGET, &mut self.bulk.target, &c.levels);
            bulk_combo(ui, text::BULK_SCOPE, &mut self.bulk.municipal, &c.yes_no);
            let ready = self.bulk != BulkEdit::default();
            if ui
                .add_enabled(ready, egui::Button::new(text::APPLY))
                .clicked()
            {
                let mut cmds = Vec::new();
                for &id in &self.selection.ids {
                    if let Some(office) = self.bulk.office {
                        cmds.push(Command::SetService {
                            id,
                            value: ServiceValue::Office(office),
                        });
                    }
                    if let Some(level) = self.bulk.target {
                        cmds.push(Command::SetService {
                            id,
                            value: ServiceValue::TargetMaturity(level),
                        });
                    }
                    if let Some(v) = self.bulk.municipal {
                        cmds.push(Command::SetService {
                            id,
                            value: ServiceValue::Municipal(v),
                        });
                    }
                }
                actions.push(Action::Edit(Command::Batch(cmds)));
                self.bulk = BulkEdit::default();
            }
        });
    }
}

fn bulk_combo<T: Clone + PartialEq>(
    ui: &mut Ui,
    label: &str,
    value: &mut Option<T>,
    options: &[(T, String)],
) {
    let current = value
        .as_ref()
        .and_then(|v| options.iter().find(|(o, _)| o == v))
        .map_or(text::UNCHANGED, |(_, l)| l.as_str())
        .to_owned();
    let label_response = ui.label(label);
    egui::ComboBox::from_id_salt(("bulk", label))
        .selected_text(current)
        .show_ui(ui, |ui| {
            ui.selectable_value(value, None, text::UNCHANGED);
            for (option, text) in options {
                ui.selectable_value(value, Some(option.clone()), text.as_str());
            }
        })
        .response
        .labelled_by(label_response.id);
}

/// Under an edited Amt cell: the offices whose number or name contain what is typed, to pick
/// with a click.
pub(super) fn office_choice_ui(
    ui: &mut Ui,
    ws: &Workspace,
    service: ServiceId,
    edit: &mut Option<CellEdit<ServiceColumn>>,
    actions: &mut Vec<Action>,
) {
    let Some(typed) = edit.as_ref().map(|e| e.text.clone()) else {
        return;
    };
    let needle = crate::model::collate::search_fold(typed.split(" – ").next().unwrap_or(""));
    let cell = ui.max_rect();
    let mut picked = None;
    egui::Area::new(ui.scope_id().with("office_choice"))
        .order(egui::Order::Foreground)
        .fixed_pos(cell.left_bottom())
        .show(ui.ctx(), |ui| {
            egui::Frame::popup(ui.style()).show(ui, |ui| {
                ui.set_width(cell.width().max(260.0));
                egui::ScrollArea::vertical()
                    .max_height(240.0)
                    .show(ui, |ui| {
                        for o in ws.offices().iter().filter(|o| {
                            needle.is_empty()
                                || crate::model::collate::search_fold(&o.label()).contains(&needle)
                        }) {
                            // Taken on the press: the release would come after the cell's field
                            // had lost the focus and committed what was typed.
                            let choice = ui.selectable_label(false, o.label());
                            if choice.is_pointer_button_down_on() || choice.clicked() {
                                picked = Some(o.id);
                            }
                        }
                    });
            });
        });
    if let Some(office) = picked {
        *edit = None;
        if ws.service(service).and_then(|s| s.office_id) != Some(office) {
            actions.push(Action::Edit(Command::SetService {
                id: service,
                value: ServiceValue::Office(Some(office)),
            }));
        }
    }
}
