//! The detail of the open project: header, aspects, staffing, its services and history.

use super::{ProjectsView, text};
use chrono::NaiveDate;
use egui::Ui;

use crate::model::format::decimal;
use crate::model::project::{Health, Project, ProjectId, STEP_COUNT, StepStatus, format_date};
use crate::model::{Command, ProjectValue, StepValue, Workspace};
use crate::ui::Action;
use crate::ui::assignments;
use crate::ui::widgets::fields::{Named, date_field, effort_field};

use super::new_project::office_combo;

impl ProjectsView {
    pub(super) fn detail_ui(
        &mut self,
        ui: &mut Ui,
        ws: &Workspace,
        id: ProjectId,
        read_only: bool,
        actions: &mut Vec<Action>,
    ) {
        let Some(p) = ws.project(id) else { return };
        let today = crate::clock::today();
        let edit = !read_only;
        ui.horizontal(|ui| {
            if ui.button(text::BACK).clicked() {
                self.open = None;
            }
            ui.heading(p.name.as_str());
        });
        ui.label(format!(
            "Aktueller Schritt: {} – Fortschritt {:.0} %{}",
            p.current_step_label(),
            p.progress_percent(),
            if p.is_overdue(today) {
                " – überfällig"
            } else {
                ""
            }
        ));
        ui.separator();
        egui::ScrollArea::vertical()
            .auto_shrink([false, false])
            .show(ui, |ui| {
                egui::CollapsingHeader::new("Projektdaten")
                    .default_open(true)
                    .show(ui, |ui| self.header_ui(ui, ws, p, edit, today, actions));
                egui::CollapsingHeader::new(text::STAFFING)
                    .default_open(true)
                    .show(ui, |ui| self.staffing_ui(ui, ws, p, edit, actions));
                self.aspects_ui(ui, p, edit, actions);
                for n in 1..=STEP_COUNT {
                    self.step_ui(ui, ws, p, n, edit, today, actions);
                }
                self.services_ui(ui, ws, p, edit, actions);
                self.history_ui(ui, ws, p);
                if ui
                    .button("Alle Änderungen dieses Projekts…")
                    .on_hover_text("Wer hat wann was geändert – im Änderungsprotokoll")
                    .clicked()
                {
                    actions.push(Action::ShowChangesOf(
                        crate::sync::describe::Target::Project(p.id),
                    ));
                }
            });
        self.confirm_done_ui(ui.ctx(), today, actions);
    }

    /// Einsatzplanung: the people on the project with their planned person-days.
    pub(super) fn staffing_ui(
        &mut self,
        ui: &mut Ui,
        ws: &Workspace,
        p: &Project,
        edit: bool,
        actions: &mut Vec<Action>,
    ) {
        let lines = assignments::of_project(ws, p.id);
        let assigned: f64 = lines.iter().map(|l| l.person_days).sum();
        let units = ws.staffing();
        ui.label(format!(
            "Aufwand {} PT organisatorisch ({}) und {} PT technisch ({}); zugeordnet {} PT.",
            decimal(p.effort_org_person_days, 1),
            units.org_unit,
            decimal(p.effort_tech_person_days, 1),
            units.tech_unit,
            decimal(assigned, 1)
        ));
        let effort = p.effort_org_person_days + p.effort_tech_person_days;
        if assigned > effort + 0.05 {
            ui.colored_label(
                ui.visuals().warn_fg_color,
                format!(
                    "Es sind {} PT mehr zugeordnet, als das Projekt an Aufwand hat.",
                    decimal(assigned - effort, 1)
                ),
            );
        }
        assignments::lines_ui(
            ui,
            ws,
            "project_assignments",
            &lines,
            &mut self.buffers,
            edit,
            actions,
        );
        let options: Vec<(i64, String)> = ws
            .staff()
            .iter()
            .enumerate()
            .filter(|(_, m)| !lines.iter().any(|l| l.staff == m.id))
            .map(|(n, m)| {
                let label = if m.is_vacant() {
                    format!("{} · Nr. {}", m.display_name(), n + 1)
                } else {
                    format!("{} ({})", m.display_name(), m.unit)
                };
                (m.id, label)
            })
            .collect();
        ui.horizontal(|ui| {
            let picked = assignments::pick_ui(
                ui,
                "project_add_person",
                text::ADD_PERSON,
                &mut self.add_person,
                &options,
                edit,
            );
            if let Some(cmd) = picked.and_then(|who| ws.assignment_split(who, p.id, true)) {
                actions.push(Action::Edit(cmd));
            }
            ui.weak(text::SPLIT_HINT);
        });
    }

    /// Asks before a step is finished out of order or with open checklist items.
    pub(super) fn confirm_done_ui(
        &mut self,
        ctx: &egui::Context,
        today: NaiveDate,
        actions: &mut Vec<Action>,
    ) {
        let Some((project, step, question)) = &self.confirm_done else {
            return;
        };
        let mut answer = None;
        egui::Modal::new(egui::Id::unique("confirm_step_done")).show(ctx, |ui| {
            ui.set_max_width(520.0);
            ui.label(question.as_str());
            ui.horizontal(|ui| {
                if ui.button(text::DONE_ANYWAY).clicked() {
                    answer = Some(true);
                }
                if ui.button("Abbrechen").clicked()
                    || ui.input(|i| i.key_pressed(egui::Key::Escape))
                {
                    answer = Some(false);
                }
            });
        });
        if let Some(yes) = answer {
            if yes {
                actions.push(Action::Edit(Command::SetStep {
                    project: *project,
                    step: *step,
                    value: StepValue::Status(StepStatus::Done),
                    on: today,
                }));
            }
            self.confirm_done = None;
        }
    }

    /// The project's own data: text fields, office, target maturity, dates, efforts, health.
    pub(super) fn header_ui(
        &mut self,
        ui: &mut Ui,
        ws: &Workspace,
        p: &Project,
        edit: bool,
        today: NaiveDate,
        actions: &mut Vec<Action>,
    ) {
        let id = p.id;
        let set = |value: ProjectValue| Action::Edit(Command::SetProject { id, value });
        type Field<'a> = (&'static str, &'a str, fn(String) -> ProjectValue);
        let texts: [Field<'_>; 5] = [
            ("Projektname", &p.name, ProjectValue::Name),
            ("Ansprechperson", &p.contact, ProjectValue::Contact),
            ("Musterlösung", &p.template_name, ProjectValue::TemplateName),
            (
                "Quelle der Musterlösung",
                &p.template_source,
                ProjectValue::TemplateSource,
            ),
            (
                "Fachverfahren",
                &p.specialist_system,
                ProjectValue::SpecialistSystem,
            ),
        ];
        egui::Grid::new("project_header")
            .num_columns(4)
            .spacing([12.0, 4.0])
            .show(ui, |ui| {
                let b = &mut self.buffers;
                for (i, (label, current, value)) in texts.into_iter().enumerate() {
                    ui.label(label);
                    if let Some(v) = b.field(ui, label, label, current, 300.0, edit) {
                        actions.push(set(value(v.trim().to_owned())));
                    }
                    if i % 2 == 1 {
                        ui.end_row();
                    }
                }
                ui.label("Federführendes Amt");
                let mut office = p.lead_office;
                if office_combo(ui, "lead_office", &mut office, ws, edit) {
                    actions.push(set(ProjectValue::LeadOffice(office)));
                }
                ui.end_row();
                ui.label("Zielreifegrad");
                let mut target = p.target_maturity;
                ui.add_enabled_ui(edit, |ui| {
                    egui::ComboBox::from_id_salt("project_target")
                        .selected_text(ws.maturity.display(target))
                        .show_ui(ui, |ui| {
                            for level in 0..=ws.maturity.max_level() {
                                ui.selectable_value(&mut target, level, ws.maturity.display(level));
                            }
                        })
                        .response
                        .name("Zielreifegrad");
                });
                if target != p.target_maturity {
                    actions.push(set(ProjectValue::TargetMaturity(target)));
                }
                ui.label("Ampel");
                ui.horizontal(|ui| {
                    let mut health = p.health;
                    ui.add_enabled_ui(edit, |ui| {
                        egui::ComboBox::from_id_salt("project_health")
                            .selected_text(health.label())
                            .width(80.0)
                            .show_ui(ui, |ui| {
                                for h in Health::ALL {
                                    ui.selectable_value(&mut health, h, h.label());
                                }
                            })
                            .response
                            .name("Ampel");
                    });
                    if health != p.health {
                        actions.push(set(ProjectValue::Health(health, today)));
                    }
                    let comment = "Kommentar zur Ampel";
                    if let Some(v) = b.field(ui, comment, comment, &p.health_comment, 220.0, edit) {
                        actions.push(set(ProjectValue::HealthComment(v.trim().to_owned())));
                    }
                });
                ui.end_row();
                date_field(
                    ui,
                    b,
                    "Beginn (geplant)",
                    "start",
                    p.planned_start,
                    edit,
                    |d| set(ProjectValue::PlannedStart(d)),
                    actions,
                );
                date_field(
                    ui,
                    b,
                    "Ende (geplant)",
                    "end",
                    p.planned_end,
                    edit,
                    |d| set(ProjectValue::PlannedEnd(d)),
                    actions,
                );
                ui.end_row();
                effort_field(
                    ui,
                    b,
                    "Aufwand organisatorisch (PT)",
                    "effort_org",
                    p.effort_org_person_days,
                    edit,
                    |v| set(ProjectValue::EffortOrg(v)),
                    actions,
                );
                effort_field(
                    ui,
                    b,
                    "Aufwand technisch (PT)",
                    "effort_tech",
                    p.effort_tech_person_days,
                    edit,
                    |v| set(ProjectValue::EffortTech(v)),
                    actions,
                );
                ui.end_row();
            });
    }

    pub(super) fn aspects_ui(
        &mut self,
        ui: &mut Ui,
        p: &Project,
        edit: bool,
        actions: &mut Vec<Action>,
    ) {
        egui::CollapsingHeader::new("Aspekte der Online-Leistung").show(ui, |ui| {
            let mut a = p.aspects.clone();
            let before = a.clone();
            egui::Grid::new("aspects").num_columns(2).show(ui, |ui| {
                let b = &mut self.buffers;
                for (key, label, value) in [
                    ("target_groups", "Zielgruppen", &mut a.target_groups),
                    ("legal_bases", "Rechtsgrundlagen", &mut a.legal_bases),
                    ("documents", "Einzureichende Unterlagen", &mut a.documents),
                    ("fees", "Gebühren", &mut a.fees),
                    ("portal_link", "Link ins Serviceportal", &mut a.portal_link),
                ] {
                    ui.label(label);
                    if let Some(v) = b.field(ui, key, label, value, 420.0, edit) {
                        *value = v.trim().to_owned();
                    }
                    ui.end_row();
                }
            });
            ui.add_enabled_ui(edit, |ui| {
                ui.horizontal_wrapped(|ui| {
                    ui.checkbox(&mut a.signature_required, "Schriftformerfordernis");
                    ui.checkbox(&mut a.epayment, "ePayment");
                    ui.checkbox(&mut a.esignature_eid, "eSignatur / eID");
                    ui.checkbox(&mut a.document_upload, "Dokumenten-Upload");
                    ui.checkbox(&mut a.dms, "DMS");
                });
            });
            if a != before {
                actions.push(Action::Edit(Command::SetProject {
                    id: p.id,
                    value: ProjectValue::Aspects(Box::new(a)),
                }));
            }
        });
    }

    pub(super) fn services_ui(
        &mut self,
        ui: &mut Ui,
        ws: &Workspace,
        p: &Project,
        edit: bool,
        actions: &mut Vec<Action>,
    ) {
        egui::CollapsingHeader::new("Leistungen des Projekts")
            .default_open(true)
            .show(ui, |ui| {
                self.refresh_members(ws, p.id);
                for s in self.members.iter().filter_map(|&i| ws.services().get(i)) {
                    ui.horizontal(|ui| {
                        ui.label(format!(
                            "{} {} – {}",
                            s.leika_key.as_ref().map_or("", |k| k.as_str()),
                            s.name,
                            ws.maturity.display(s.current_maturity)
                        ));
                        if ui
                            .add_enabled(edit, egui::Button::new("Entfernen").small())
                            .clicked()
                        {
                            actions.push(Action::Edit(Command::AssignService {
                                service: s.id,
                                project: None,
                            }));
                        }
                    });
                }
                self.add_services_ui(ui, ws, p, edit, actions);
            });
    }

    /// Finds services by the words of their name, key, OZG service, office or notes – the
    /// search of the services table – and adds one with a click.
    fn add_services_ui(
        &mut self,
        ui: &mut Ui,
        ws: &Workspace,
        p: &Project,
        edit: bool,
        actions: &mut Vec<Action>,
    ) {
        ui.horizontal(|ui| {
            let l = ui.label("Leistung hinzufügen");
            ui.add_enabled(
                edit,
                egui::TextEdit::singleline(&mut self.add_service)
                    .hint_text("Name oder LeiKa-Schlüssel suchen …")
                    .desired_width(260.0),
            )
            .labelled_by(l.id);
        });
        if self.add_service.trim().is_empty() {
            return;
        }
        let key = (ws.revision(), self.add_service.clone());
        if self.found_key.as_ref() != Some(&key) {
            self.found = self.search.find(ws, &self.add_service);
            self.found_key = Some(key);
        }
        if self.found.is_empty() {
            ui.weak("Keine Leistung passt zur Suche.");
            return;
        }
        const SHOWN: usize = 8;
        for s in self
            .found
            .iter()
            .take(SHOWN)
            .filter_map(|&i| ws.services().get(i))
        {
            ui.horizontal(|ui| {
                let other = s
                    .project_id
                    .filter(|id| *id != p.id)
                    .and_then(|id| ws.project(id));
                let here = s.project_id == Some(p.id);
                let button = ui
                    .add_enabled(
                        edit && s.project_id.is_none(),
                        egui::Button::new("+").small(),
                    )
                    .on_hover_text("Zum Projekt hinzufügen");
                if button.clicked() {
                    actions.push(Action::Edit(Command::AssignService {
                        service: s.id,
                        project: Some(p.id),
                    }));
                }
                ui.label(format!(
                    "{} {}",
                    s.leika_key.as_ref().map_or("", |k| k.as_str()),
                    s.name
                ));
                if here {
                    ui.weak("(schon im Projekt)");
                } else if let Some(o) = other {
                    ui.weak(format!("(im Projekt „{}“)", o.name));
                }
            });
        }
        if self.found.len() > SHOWN {
            ui.weak(format!(
                "… und {} weitere – die Suche genauer fassen.",
                crate::model::format::count(self.found.len() - SHOWN)
            ));
        }
    }

    pub(super) fn refresh_members(&mut self, ws: &Workspace, project: ProjectId) {
        let key = (ws.revision(), project);
        if self.members_key != Some(key) {
            self.members = ws
                .services()
                .iter()
                .enumerate()
                .filter(|(_, s)| s.project_id == Some(project))
                .map(|(i, _)| i)
                .collect();
            self.members_key = Some(key);
        }
    }

    pub(super) fn history_ui(&mut self, ui: &mut Ui, ws: &Workspace, p: &Project) {
        let key = (ws.revision(), p.id);
        if self.history_key != Some(key) {
            self.history = ws
                .project_history()
                .iter()
                .filter(|h| h.project == p.id)
                .map(|h| {
                    let who = if h.changed_by.is_empty() {
                        String::new()
                    } else {
                        format!(" – {}", h.changed_by)
                    };
                    format!(
                        "{}  {}{who}",
                        format_date(Some(h.changed_on)),
                        h.change.describe()
                    )
                })
                .collect();
            self.history_key = Some(key);
        }
        egui::CollapsingHeader::new(format!("Verlauf ({})", self.history.len())).show(ui, |ui| {
            for line in self.history.iter().rev() {
                ui.label(line.as_str());
            }
        });
    }
}
