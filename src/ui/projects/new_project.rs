//! The dialog that names a new project for services picked elsewhere.

use super::text;
use egui::Ui;

use crate::ui::widgets::table::list_search;

use crate::model::project::Project;
use crate::model::{Command, OfficeId, Workspace};

/// A dialog that names a new project for services picked elsewhere.
pub struct NewProjectDialog {
    pub services: Vec<crate::model::ServiceId>,
    pub name: String,
    pub office: Option<OfficeId>,
    focus_pending: bool,
}

impl NewProjectDialog {
    /// A dialog for the given services, with a name proposed from the first.
    pub fn new(ws: &Workspace, services: Vec<crate::model::ServiceId>) -> Self {
        let first = services.first().and_then(|id| ws.service(*id));
        let name = first
            .and_then(|s| s.ozg_id.as_deref().and_then(|o| ws.ozg_service(o)))
            .map(|o| o.name.clone())
            .or_else(|| first.map(|s| s.name.clone()))
            .unwrap_or_else(|| text::NEW_NAME.to_owned());
        let office = first.and_then(|s| s.office_id);
        Self {
            services,
            name,
            office,
            focus_pending: true,
        }
    }

    /// Draws the dialog; returns the command when the user confirms, `Some(None)` on cancel.
    pub fn ui(&mut self, ctx: &egui::Context, ws: &Workspace) -> Option<Option<Command>> {
        let mut outcome = None;
        egui::Modal::new(egui::Id::unique("new_project")).show(ctx, |ui| {
            ui.heading("Projekt aus Auswahl anlegen");
            ui.label(format!(
                "{} dem neuen Projekt zugeordnet.",
                crate::model::format::counted(
                    self.services.len(),
                    "Leistung wird",
                    "Leistungen werden"
                )
            ));
            egui::Grid::new("new_project_grid")
                .num_columns(2)
                .show(ui, |ui| {
                    let l = ui.label("Projektname");
                    let field = ui
                        .add(egui::TextEdit::singleline(&mut self.name).desired_width(360.0))
                        .labelled_by(l.id);
                    if std::mem::take(&mut self.focus_pending) {
                        field.request_focus();
                    }
                    ui.end_row();
                    ui.label("Federführendes Amt");
                    office_combo(ui, "new_project_office", &mut self.office, ws, true);
                    ui.end_row();
                });
            ui.horizontal(|ui| {
                if ui.button("Anlegen").clicked() {
                    let mut p = Project::new(
                        ws.next_project_id(),
                        self.name.trim(),
                        ws.maturity.default_target,
                    );
                    p.lead_office = self.office;
                    outcome = Some(Some(Command::AddProject {
                        assignments: Vec::new(),
                        project: Box::new(p),
                        services: self.services.clone(),
                    }));
                }
                if ui.button("Abbrechen").clicked() {
                    outcome = Some(None);
                }
            });
        });
        outcome
    }
}

pub(super) fn office_combo(
    ui: &mut Ui,
    id: &str,
    value: &mut Option<OfficeId>,
    ws: &Workspace,
    enabled: bool,
) -> bool {
    let current = value
        .and_then(|o| ws.office(o))
        .map_or("(kein Amt)".to_owned(), |o| o.label());
    let before = *value;
    ui.add_enabled_ui(enabled, |ui| {
        let response = egui::ComboBox::from_id_salt(id)
            .selected_text(current)
            .width(260.0)
            .height(360.0)
            .show_ui(ui, |ui| {
                let search_id = ui.make_persistent_id(("office_search", id));
                let needle = list_search(ui, search_id, "Federführendes Amt", ws.offices().len());
                ui.selectable_value(value, None, "(kein Amt)");
                for o in ws.offices() {
                    let label = o.label();
                    if needle.is_empty()
                        || crate::model::collate::search_fold(&label).contains(&needle)
                    {
                        ui.selectable_value(value, Some(o.id), label);
                    }
                }
            })
            .response;
        ui.ctx()
            .accesskit_node_builder(response.id, |node| node.set_label("Federführendes Amt"));
    });
    *value != before
}
