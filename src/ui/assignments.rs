//! Einsatzplanung: who works how many person-days on which project, edited the same way in a
//! project's detail and in a person's detail.

use egui::Ui;

use super::Action;
use crate::model::collate::search_fold;
use crate::model::format::{decimal, parse_number};
use crate::model::load::StaffId;
use crate::model::project::ProjectId;
use crate::model::{Command, EditError, Workspace};
use crate::ui::widgets::fields::{Buffers, Named};

/// German texts of the assignments.
mod text {
    pub const PLANNED: &str = "geplant (PT)";
    pub const REMOVE: &str = "Entfernen";
    pub const REMOVE_HINT: &str = "Zuordnung aufheben; gleichmäßig verteilter Aufwand wird \
                                   auf die übrigen Zugeordneten verteilt.";
    pub const FILTER: &str = "Filter …";
    pub const NONE: &str = "Noch niemand zugeordnet – der Aufwand erscheint als „ohne Zuordnung“.";
    pub const NO_PROJECTS: &str = "Keinem Projekt zugeordnet.";
}

/// One assignment as a detail view shows it: the other side's name and a detail.
pub struct AssignmentLine {
    pub staff: StaffId,
    pub project: ProjectId,
    pub name: String,
    pub detail: String,
    pub person_days: f64,
}

/// The assignments of a project, people by name with their unit.
pub fn of_project(ws: &Workspace, project: ProjectId) -> Vec<AssignmentLine> {
    ws.assignments()
        .iter()
        .filter(|a| a.project == project)
        .filter_map(|a| {
            let m = ws.staff_member(a.staff)?;
            Some(AssignmentLine {
                staff: a.staff,
                project,
                name: m.display_name(),
                detail: m.unit.clone(),
                person_days: a.person_days,
            })
        })
        .collect()
}

/// The assignments of a person, projects by name with their current step.
pub fn of_person(ws: &Workspace, staff: StaffId) -> Vec<AssignmentLine> {
    ws.assignments()
        .iter()
        .filter(|a| a.staff == staff)
        .filter_map(|a| {
            let p = ws.project(a.project)?;
            Some(AssignmentLine {
                staff,
                project: a.project,
                name: p.name.clone(),
                detail: p.current_step_label(),
                person_days: a.person_days,
            })
        })
        .collect()
}

/// The lines with an editable number of person-days and a button to remove each.
pub fn lines_ui(
    ui: &mut Ui,
    ws: &Workspace,
    id: &str,
    lines: &[AssignmentLine],
    buffers: &mut Buffers,
    edit: bool,
    actions: &mut Vec<Action>,
) {
    if lines.is_empty() {
        ui.weak(if id.starts_with("person") {
            text::NO_PROJECTS
        } else {
            text::NONE
        });
        return;
    }
    for line in lines {
        ui.add(egui::Label::new(&line.name).truncate())
            .on_hover_text(&line.name);
        ui.horizontal(|ui| {
            ui.add_space(12.0);
            // The detail gives way to the number and the button.
            let width = (ui.available_width() - 190.0).max(40.0);
            let height = ui.spacing().interact_size.y;
            ui.allocate_ui_with_layout(
                egui::vec2(width, height),
                egui::Layout::left_to_right(egui::Align::Center),
                |ui| ui.add(egui::Label::new(egui::RichText::new(&line.detail).weak()).truncate()),
            );
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                let remove = ui
                    .add_enabled(edit, egui::Button::new(text::REMOVE))
                    .on_hover_text(text::REMOVE_HINT);
                if remove.clicked()
                    && let Some(cmd) = ws.assignment_split(line.staff, line.project, false)
                {
                    actions.push(Action::Edit(cmd));
                }
                ui.label("PT");
                let key = format!("{id}_{}_{}", line.staff, line.project);
                let name = format!("{} – {}", line.name, text::PLANNED);
                let shown = decimal(line.person_days, 1);
                if let Some(typed) = buffers.field(ui, &key, &name, &shown, 60.0, edit) {
                    actions.push(person_days_edit(line, &typed));
                }
            });
        });
        ui.add_space(2.0);
    }
}

/// The edit for typed person-days, or the refusal naming what was typed.
fn person_days_edit(line: &AssignmentLine, typed: &str) -> Action {
    let t = typed.trim();
    match parse_number(t) {
        Some(v) if v >= 0.0 => Action::Edit(Command::SetAssignment {
            staff: line.staff,
            project: line.project,
            person_days: Some(v),
        }),
        _ => Action::Refused(EditError::InvalidPersonDays(t.to_owned()).to_string()),
    }
}

/// A drop-down to pick one of `options` (id and label), with a filter field for long lists.
/// Returns the id picked this frame.
pub fn pick_ui(
    ui: &mut Ui,
    id: &str,
    label: &str,
    filter: &mut String,
    options: &[(i64, String)],
    enabled: bool,
) -> Option<i64> {
    let mut picked = None;
    ui.add_enabled_ui(enabled && !options.is_empty(), |ui| {
        egui::ComboBox::from_id_salt(id)
            .selected_text(label)
            .width(260.0)
            .height(320.0)
            .show_ui(ui, |ui| {
                let typed = ui.add(egui::TextEdit::singleline(filter).hint_text(text::FILTER));
                // Typing goes to the filter while the list is open.
                if !typed.has_focus() {
                    typed.request_focus();
                }
                let needle = search_fold(filter);
                for (option, name) in options {
                    if !needle.is_empty() && !search_fold(name).contains(&needle) {
                        continue;
                    }
                    if ui.selectable_label(false, name).clicked() {
                        picked = Some(*option);
                    }
                }
            })
            .response
            .name(label);
    });
    if picked.is_some() {
        filter.clear();
    }
    picked
}
