//! The question before something is deleted.

use egui::Key;

use crate::model::format::counted;
use crate::model::load::StaffId;
use crate::model::{Command, OfficeId, ProjectId, ServiceId, Workspace};

/// What is to be deleted once the user confirms.
pub enum Confirm {
    Services(Vec<ServiceId>),
    Office(OfficeId),
    Project(ProjectId),
    Staff(Vec<StaffId>),
}

impl Confirm {
    /// The question, naming what goes.
    pub fn question(&self, ws: &Workspace) -> String {
        match self {
            Confirm::Services(ids) if ids.len() == 1 => {
                let name = ids
                    .first()
                    .and_then(|id| ws.service(*id))
                    .map(|s| s.name.clone())
                    .unwrap_or_default();
                format!("Die Leistung „{name}“ löschen?")
            }
            Confirm::Services(ids) => {
                format!("{} löschen?", counted(ids.len(), "Leistung", "Leistungen"))
            }
            Confirm::Project(id) => format!(
                "Das Projekt „{}“ löschen? Seine Leistungen gehören danach zu keinem Projekt.",
                ws.project(*id).map(|p| p.name.clone()).unwrap_or_default()
            ),
            Confirm::Staff(ids) => {
                let assigned = ws
                    .assignments()
                    .iter()
                    .filter(|a| ids.contains(&a.staff))
                    .count();
                let who = match ids.as_slice() {
                    [one] => format!(
                        "Die Stelle „{}“",
                        ws.staff_member(*one)
                            .map(|m| m.display_name())
                            .unwrap_or_default()
                    ),
                    many => format!("Die {} Stellen", many.len()),
                };
                format!(
                    "{who} löschen? {} werden mit gelöscht.",
                    counted(
                        assigned,
                        "Zuordnung zu Projekten",
                        "Zuordnungen zu Projekten"
                    )
                )
            }
            Confirm::Office(id) => format!(
                "Das Amt {} löschen?",
                ws.office(*id).map(|o| o.label()).unwrap_or_default()
            ),
        }
    }

    /// The deletion as one command (one Strg+Z).
    pub fn command(&self) -> Command {
        match self {
            Confirm::Services(ids) => {
                Command::Batch(ids.iter().map(|id| Command::DeleteService(*id)).collect())
            }
            Confirm::Office(id) => Command::DeleteOffice(*id),
            Confirm::Project(id) => Command::DeleteProject(*id),
            Confirm::Staff(ids) => {
                Command::Batch(ids.iter().map(|id| Command::DeleteStaff(*id)).collect())
            }
        }
    }
}

/// Asks; `Some(true)` once confirmed, `Some(false)` once cancelled.
pub fn ui(ctx: &egui::Context, question: &str) -> Option<bool> {
    let mut answer = None;
    egui::Modal::new(egui::Id::unique("confirm")).show(ctx, |ui| {
        ui.label(question);
        ui.weak("Das Löschen kann mit Strg+Z rückgängig gemacht werden.");
        ui.horizontal(|ui| {
            if ui.button("Löschen").clicked() {
                answer = Some(true);
            }
            if ui.button("Abbrechen").clicked() || ui.input(|i| i.key_pressed(Key::Escape)) {
                answer = Some(false);
            }
        });
    });
    answer
}
