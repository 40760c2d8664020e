//! Form fields of the detail views: text fields that commit when they lose the focus, and date
//! and number fields that refuse what they cannot read.

use std::collections::HashMap;

use chrono::NaiveDate;
use egui::Ui;

use crate::model::EditError;
use crate::model::project::{format_date, parse_date};
use crate::ui::Action;

/// Texts typed into fields that have the focus, by field key.
#[derive(Default)]
pub struct Buffers(HashMap<String, String>);

impl Buffers {
    /// A single-line field showing `current`; returns the typed text when the field loses the
    /// focus with a changed value.
    pub fn field(
        &mut self,
        ui: &mut Ui,
        key: &str,
        name: &str,
        current: &str,
        width: f32,
        enabled: bool,
    ) -> Option<String> {
        let mut text = self
            .0
            .get(key)
            .cloned()
            .unwrap_or_else(|| current.to_owned());
        let height = ui.spacing().interact_size.y;
        let response = ui
            .add_enabled_ui(enabled, |ui| {
                ui.add_sized([width, height], egui::TextEdit::singleline(&mut text))
            })
            .inner;
        let name = name.to_owned();
        ui.ctx()
            .accesskit_node_builder(response.id, |node| node.set_label(name));
        if response.has_focus() {
            self.0.insert(key.to_owned(), text.clone());
        }
        if response.lost_focus() {
            self.0.remove(key);
            if text != current {
                return Some(text);
            }
        }
        None
    }
}

#[allow(clippy::too_many_arguments)]
pub fn date_field(
    ui: &mut Ui,
    buffers: &mut Buffers,
    label: &'static str,
    key: &str,
    current: Option<NaiveDate>,
    edit: bool,
    action: impl FnOnce(Option<NaiveDate>) -> Action,
    actions: &mut Vec<Action>,
) {
    ui.label(label);
    let shown = format_date(current);
    // Typed, or picked from the calendar beside it.
    let (typed, picked) = ui
        .horizontal(|ui| {
            let typed = buffers.field(ui, key, label, &shown, 100.0, edit);
            (
                typed,
                super::calendar::calendar_button(ui, key, current, edit),
            )
        })
        .inner;
    if let Some(day) = picked {
        if Some(day) != current {
            actions.push(action(Some(day)));
        }
        return;
    }
    let Some(v) = typed else {
        return;
    };
    let t = v.trim();
    if t.is_empty() {
        actions.push(action(None));
    } else {
        match parse_date(t) {
            Some(d) => actions.push(action(Some(d))),
            None => actions.push(Action::Refused(
                EditError::NotADate {
                    field: label,
                    text: t.to_owned(),
                }
                .to_string(),
            )),
        }
    }
}

#[allow(clippy::too_many_arguments)]
pub fn effort_field(
    ui: &mut Ui,
    buffers: &mut Buffers,
    label: &'static str,
    key: &str,
    current: f64,
    edit: bool,
    action: impl FnOnce(f64) -> Action,
    actions: &mut Vec<Action>,
) {
    ui.label(label);
    let shown = crate::model::format::format_number(current);
    if let Some(v) = buffers.field(ui, key, label, &shown, 60.0, edit) {
        match v.trim().replace(',', ".").parse::<f64>() {
            Ok(x) if x.is_finite() && x >= 0.0 => actions.push(action(x)),
            _ => actions.push(Action::Refused(EditError::InvalidEffort(label).to_string())),
        }
    }
}

/// Names a widget for screen readers (and tests) that has no label of its own.
pub trait Named {
    fn name(self, name: &str);
}

impl Named for egui::Response {
    fn name(self, name: &str) {
        let name = name.to_owned();
        self.ctx
            .accesskit_node_builder(self.id, |node| node.set_label(name));
    }
}
