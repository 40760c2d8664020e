//! The criteria editor: names, descriptions, weights (shown as shares of 100 %), direction,
//! on/off, adding and removing criteria.

use std::collections::HashMap;

use egui::Ui;

use crate::model::format::format_number;
use crate::model::{Command, Criterion, CriterionId, CriterionValue, EditError, Scale, Workspace};
use crate::ui::Action;
use crate::ui::widgets::table::cell_checkbox;

/// Which text field of a criterion is being typed in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Field {
    Name,
    Description,
    Weight,
}

/// State of the criteria window.
#[derive(Default)]
pub struct CriteriaEditor {
    pub open: bool,
    /// Text typed into fields that have the focus; other fields show the stored value.
    buffers: HashMap<(CriterionId, Field), String>,
    confirm_remove: Option<CriterionId>,
}

fn stored(c: &Criterion, field: Field) -> String {
    match field {
        Field::Name => c.name.clone(),
        Field::Description => c.description.clone(),
        Field::Weight => format_number(c.weight),
    }
}

/// Reads a weight typed by a user ("2,5" or "2.5").
pub fn parse_weight(text: &str) -> Result<f64, EditError> {
    text.trim()
        .replace(',', ".")
        .parse::<f64>()
        .ok()
        .filter(|w| w.is_finite() && *w >= 0.0)
        .ok_or_else(|| EditError::InvalidWeight(text.trim().to_owned()))
}

impl CriteriaEditor {
    /// Draws the window when it is open.
    pub fn ui(
        &mut self,
        ctx: &egui::Context,
        ws: &Workspace,
        read_only: bool,
        actions: &mut Vec<Action>,
    ) {
        if !self.open {
            return;
        }
        let mut open = self.open;
        egui::Window::new("Kriterien der Priorisierung")
            .open(&mut open)
            .default_width(900.0)
            .show(ctx, |ui| {
                ui.label("Die Punktzahl ist die gewichtete Summe der Kriterien, 0 bis 100. Gewichte zählen im Verhältnis zueinander.");
                ui.add_space(4.0);
                let total: f64 = ws
                    .criteria()
                    .iter()
                    .filter(|c| c.enabled)
                    .map(|c| c.weight)
                    .sum();
                egui::Grid::new("criteria_grid").striped(true).num_columns(8).show(ui, |ui| {
                    for h in ["Aktiv", "Name", "Beschreibung", "Skala", "Richtung", "Gewicht", "Anteil", ""] {
                        ui.strong(h);
                    }
                    ui.end_row();
                    for c in ws.criteria() {
                        self.row_ui(ui, c, total, read_only, actions);
                        ui.end_row();
                    }
                });
                ui.add_space(6.0);
                ui.horizontal(|ui| {
                    ui.add_enabled_ui(!read_only, |ui| {
                        for (label, scale) in [
                            ("Punkte-Kriterium (0–5) hinzufügen", Scale::Points(5)),
                            ("Ja/Nein-Kriterium hinzufügen", Scale::YesNo),
                        ] {
                            if ui.button(label).clicked() {
                                let c = Criterion::new(ws.next_criterion_id(), "Neues Kriterium", scale, 1.0);
                                actions.push(Action::Edit(Command::AddCriterion {
                                    criterion: Box::new(c),
                                    at: ws.criteria().len(),
                                    scores: Vec::new(),
                                }));
                            }
                        }
                    });
                });
            });
        self.open = open;
    }

    fn text_field(
        &mut self,
        ui: &mut Ui,
        c: &Criterion,
        field: Field,
        width: f32,
        read_only: bool,
        actions: &mut Vec<Action>,
    ) {
        let key = (c.id, field);
        let mut text = self
            .buffers
            .get(&key)
            .cloned()
            .unwrap_or_else(|| stored(c, field));
        let label = match field {
            Field::Name => format!("Name: {}", c.name),
            Field::Description => format!("Beschreibung: {}", c.name),
            Field::Weight => format!("Gewicht: {}", c.name),
        };
        let response = ui.add_enabled(
            !read_only,
            // A grid gives a cell only last frame's width; the minimum keeps the field usable.
            egui::TextEdit::singleline(&mut text)
                .desired_width(width)
                .min_size(egui::vec2(width, 0.0)),
        );
        ui.ctx()
            .accesskit_node_builder(response.id, |node| node.set_label(label));
        if response.has_focus() {
            self.buffers.insert(key, text.clone());
        }
        if response.lost_focus() {
            self.buffers.remove(&key);
            if text == stored(c, field) {
                return;
            }
            let value = match field {
                Field::Name => Ok(CriterionValue::Name(text.trim().to_owned())),
                Field::Description => Ok(CriterionValue::Description(text.trim().to_owned())),
                Field::Weight => parse_weight(&text).map(CriterionValue::Weight),
            };
            let cmd = value.map(|value| Command::SetCriterion { id: c.id, value });
            match cmd {
                Ok(cmd) => actions.push(Action::Edit(cmd)),
                Err(e) => actions.push(Action::Refused(e.to_string())),
            }
        }
    }

    fn row_ui(
        &mut self,
        ui: &mut Ui,
        c: &Criterion,
        total: f64,
        read_only: bool,
        actions: &mut Vec<Action>,
    ) {
        let mut enabled = c.enabled;
        if cell_checkbox(ui, &mut enabled, !read_only, &format!("Aktiv: {}", c.name)).changed() {
            actions.push(Action::Edit(Command::SetCriterion {
                id: c.id,
                value: CriterionValue::Enabled(enabled),
            }));
        }
        self.text_field(ui, c, Field::Name, 220.0, read_only, actions);
        self.text_field(ui, c, Field::Description, 260.0, read_only, actions);
        ui.label(c.scale.label());
        let mut higher = c.higher_is_better;
        let before = higher;
        ui.add_enabled_ui(!read_only, |ui| {
            let response = egui::ComboBox::from_id_salt(("direction", c.id))
                .selected_text(direction(higher))
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut higher, true, direction(true));
                    ui.selectable_value(&mut higher, false, direction(false));
                })
                .response;
            let name = format!("Richtung: {}", c.name);
            ui.ctx()
                .accesskit_node_builder(response.id, |node| node.set_label(name));
        });
        if higher != before {
            actions.push(Action::Edit(Command::SetCriterion {
                id: c.id,
                value: CriterionValue::HigherIsBetter(higher),
            }));
        }
        self.text_field(ui, c, Field::Weight, 50.0, read_only, actions);
        let share = if c.enabled && total > 0.0 {
            100.0 * c.weight / total
        } else {
            0.0
        };
        ui.label(format!("{share:.1} %").replace('.', ","));
        if self.confirm_remove == Some(c.id) {
            ui.horizontal(|ui| {
                if ui.button("Wirklich entfernen").clicked() {
                    actions.push(Action::Edit(Command::DeleteCriterion(c.id)));
                    self.confirm_remove = None;
                }
                if ui.button("Nein").clicked() {
                    self.confirm_remove = None;
                }
            });
        } else if ui
            .add_enabled(!read_only, egui::Button::new("Entfernen…"))
            .clicked()
        {
            self.confirm_remove = Some(c.id);
        }
    }
}

fn direction(higher_is_better: bool) -> &'static str {
    if higher_is_better {
        "höher ist besser"
    } else {
        "niedriger ist besser"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weights_read_german_decimals() {
        assert_eq!(parse_weight("2,5"), Ok(2.5));
        assert_eq!(parse_weight(" 3 "), Ok(3.0));
        assert!(parse_weight("-1").is_err());
        assert!(parse_weight("viel").is_err());
    }
}
