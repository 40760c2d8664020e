//! Implementation projects (Umsetzungsprojekte): the list with filters, and a project's detail
//! with its header, aspects, the eleven steps with their checklists, services and timeline.

use std::collections::HashMap;

use chrono::NaiveDate;
use egui::Ui;
use egui_extras::Column;

use super::Action;
use super::assignments;
use super::fields::{Buffers, Named, date_field, effort_field};
use super::services::format_count;
use super::table::{Selection, Sort, TableColumn, filter_combo, sortable_table, text_cell};
use crate::model::collate::{compare, search_fold};
use crate::model::german::decimal;
use crate::model::project::{
    Decision, Health, Project, ProjectId, STEP_COUNT, STEPS, StepStatus, format_date,
};
use crate::model::{Command, EditError, OfficeId, ProjectValue, StepValue, Workspace};

/// German texts of this view.
mod text {
    pub const SEARCH: &str = "Suche";
    pub const SEARCH_HINT: &str = "Projektname …";
    pub const NEW: &str = "Neues Projekt";
    pub const OPEN: &str = "Öffnen";
    pub const DELETE: &str = "Löschen…";
    pub const OFFICE: &str = "Amt";
    pub const STEP: &str = "Schritt";
    pub const HEALTH: &str = "Ampel";
    pub const OVERDUE: &str = "Überfällig";
    pub const PILOT: &str = "Pilotamt";
    pub const BACK: &str = "← Alle Projekte";
    pub const IN_OPERATION: &str = "in Betrieb";
    pub const NEW_NAME: &str = "Neues Projekt";
    pub const RAISE: &str = "Reifegrad der Leistungen anheben…";
    pub const DONE_ANYWAY: &str = "Trotzdem erledigt";
    pub const STAFFING: &str = "Einsatzplanung";
    pub const ADD_PERSON: &str = "Person zuordnen…";
    pub const SPLIT_HINT: &str = "Gleichmäßig verteilter Aufwand bleibt gleichmäßig verteilt; \
                                  sonst erhält eine neue Person den Rest.";
}

/// Columns of the projects list.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ProjectColumn {
    Name,
    Office,
    Services,
    Step,
    Progress,
    Health,
    Decision,
    Start,
    End,
    Overdue,
}

impl ProjectColumn {
    pub const ALL: [Self; 10] = [
        Self::Name,
        Self::Office,
        Self::Services,
        Self::Step,
        Self::Progress,
        Self::Health,
        Self::Decision,
        Self::Start,
        Self::End,
        Self::Overdue,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Self::Name => "Projekt",
            Self::Office => "Amt",
            Self::Services => "Leistungen",
            Self::Step => "Aktueller Schritt",
            Self::Progress => "Fortschritt",
            Self::Health => "Ampel",
            Self::Decision => "Entscheidung",
            Self::Start => "Beginn",
            Self::End => "Ende",
            Self::Overdue => "Überfällig",
        }
    }

    fn width(self) -> Column {
        match self {
            Self::Name => Column::initial(320.0).at_least(100.0),
            Self::Office => Column::initial(60.0),
            Self::Services => Column::initial(80.0),
            Self::Step => Column::initial(230.0),
            Self::Progress => Column::initial(90.0),
            Self::Health => Column::initial(60.0),
            Self::Decision => Column::initial(95.0),
            Self::Start | Self::End => Column::initial(90.0),
            Self::Overdue => Column::remainder().at_least(80.0),
        }
    }
}

/// Which projects to show.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ProjectFilter {
    pub search: String,
    pub office: Option<Option<OfficeId>>,
    /// 1–11, or 0 for projects in operation.
    pub step: Option<usize>,
    pub health: Option<Health>,
    pub overdue: Option<bool>,
    pub pilot: Option<bool>,
}

#[derive(Default)]
struct Cache {
    key: Option<(u64, ProjectFilter, Sort<ProjectColumn>, NaiveDate)>,
    rows: Vec<usize>,
    counts: HashMap<ProjectId, usize>,
    counts_revision: Option<u64>,
    columns: Vec<TableColumn<ProjectColumn>>,
    offices: Vec<(Option<OfficeId>, String)>,
    steps: Vec<(usize, String)>,
    health: Vec<(Health, String)>,
}

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
                crate::model::german::counted(
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

fn office_combo(
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
            .show_ui(ui, |ui| {
                ui.selectable_value(value, None, "(kein Amt)");
                for o in ws.offices() {
                    ui.selectable_value(value, Some(o.id), o.label());
                }
            })
            .response;
        ui.ctx()
            .accesskit_node_builder(response.id, |node| node.set_label("Federführendes Amt"));
    });
    *value != before
}

/// State of the projects view.
#[derive(Default)]
pub struct ProjectsView {
    pub filter: ProjectFilter,
    pub sort: Sort<ProjectColumn>,
    pub selection: Selection,
    /// The project whose detail is shown.
    pub open: Option<ProjectId>,
    cache: Cache,
    buffers: Buffers,
    add_service: String,
    add_person: String,
    confirm_raise: bool,
    /// A step to be finished although earlier steps or its checklist items are open, with the
    /// question to ask first.
    confirm_done: Option<(ProjectId, usize, String)>,
    history_key: Option<(u64, ProjectId)>,
    history: Vec<String>,
    members_key: Option<(u64, ProjectId)>,
    /// Indexes of the open project's services.
    members: Vec<usize>,
}

impl Default for Sort<ProjectColumn> {
    fn default() -> Self {
        Sort {
            column: ProjectColumn::Name,
            ascending: true,
        }
    }
}

/// Today's date on this computer.
pub fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

impl ProjectsView {
    fn refresh(&mut self, ws: &Workspace, today: NaiveDate) {
        if self.cache.counts_revision != Some(ws.revision()) {
            let mut counts = HashMap::new();
            for s in ws.services() {
                if let Some(p) = s.project_id {
                    *counts.entry(p).or_insert(0) += 1;
                }
            }
            self.cache.counts = counts;
            self.cache.columns = ProjectColumn::ALL
                .iter()
                .map(|c| TableColumn::new(*c, c.label(), c.width()))
                .collect();
            self.cache.offices = std::iter::once((None, "(ohne Amt)".to_owned()))
                .chain(ws.offices().iter().map(|o| (Some(o.id), o.label())))
                .collect();
            self.cache.steps = (1..=STEP_COUNT)
                .map(|n| (n, format!("{n} {}", STEPS[n - 1].0)))
                .chain(std::iter::once((0, text::IN_OPERATION.to_owned())))
                .collect();
            self.cache.health = Health::ALL
                .iter()
                .map(|h| (*h, h.label().to_owned()))
                .collect();
            self.cache.counts_revision = Some(ws.revision());
            self.selection.retain(|id| ws.project(id).is_some());
        }
        let key = (ws.revision(), self.filter.clone(), self.sort, today);
        if self.cache.key.as_ref() == Some(&key) {
            return;
        }
        let f = &self.filter;
        let needle = search_fold(&f.search);
        let mut rows: Vec<usize> = ws
            .projects()
            .iter()
            .enumerate()
            .filter(|(_, p)| {
                let office = p.lead_office.and_then(|o| ws.office(o));
                f.office.is_none_or(|o| p.lead_office == o)
                    && f.step.is_none_or(|s| p.current_step().unwrap_or(0) == s)
                    && f.health.is_none_or(|h| p.health == h)
                    && f.overdue.is_none_or(|o| p.is_overdue(today) == o)
                    && f.pilot
                        .is_none_or(|pilot| office.is_some_and(|o| o.pilot) == pilot)
                    && (needle.is_empty() || search_fold(&p.name).contains(&needle))
            })
            .map(|(i, _)| i)
            .collect();
        // Buttons act on what is visible and selected: a filter drops hidden rows from the
        // selection.
        let visible: std::collections::HashSet<ProjectId> = rows
            .iter()
            .filter_map(|&i| ws.projects().get(i).map(|p| p.id))
            .collect();
        self.selection.retain(|id| visible.contains(&id));
        let projects = ws.projects();
        let counts = &self.cache.counts;
        let col = self.sort.column;
        rows.sort_by(|&a, &b| {
            let (Some(a), Some(b)) = (projects.get(a), projects.get(b)) else {
                return std::cmp::Ordering::Equal;
            };
            let step = |p: &Project| p.current_step().unwrap_or(STEP_COUNT + 1);
            match col {
                ProjectColumn::Services => counts.get(&a.id).cmp(&counts.get(&b.id)),
                ProjectColumn::Step => step(a).cmp(&step(b)),
                ProjectColumn::Progress => a.progress_percent().total_cmp(&b.progress_percent()),
                ProjectColumn::Health => (a.health as u8).cmp(&(b.health as u8)),
                ProjectColumn::Start => a.planned_start.cmp(&b.planned_start),
                ProjectColumn::End => a.planned_end.cmp(&b.planned_end),
                ProjectColumn::Overdue => a.is_overdue(today).cmp(&b.is_overdue(today)),
                _ => compare(
                    &cell_text(ws, a, col, counts, today),
                    &cell_text(ws, b, col, counts, today),
                ),
            }
            .then_with(|| compare(&a.name, &b.name))
            .then(a.id.cmp(&b.id))
        });
        if !self.sort.ascending {
            rows.reverse();
        }
        self.cache.rows = rows;
        self.cache.key = Some(key);
    }

    /// The visible projects (indexes into `ws.projects()`) in display order.
    pub fn rows(&mut self, ws: &Workspace) -> &[usize] {
        self.refresh(ws, today());
        &self.cache.rows
    }

    /// Draws the view.
    pub fn ui(&mut self, ui: &mut Ui, ws: &Workspace, read_only: bool) -> Vec<Action> {
        let mut actions = Vec::new();
        if let Some(id) = self.open {
            if ws.project(id).is_some() {
                self.detail_ui(ui, ws, id, read_only, &mut actions);
                return actions;
            }
            self.open = None;
        }
        let today = today();
        self.refresh(ws, today);
        self.toolbar_ui(ui, ws, read_only, &mut actions);
        self.refresh(ws, today);
        ui.separator();
        let Self {
            sort,
            selection,
            cache,
            open,
            ..
        } = self;
        let rows = &cache.rows;
        let counts = &cache.counts;
        let project_at = |index: usize| rows.get(index).and_then(|&i| ws.projects().get(i));
        let click = sortable_table(
            ui,
            "projects",
            &cache.columns,
            sort,
            rows.len(),
            None,
            |index| project_at(index).is_some_and(|p| selection.contains(p.id)),
            |ui, index, col| {
                let p = project_at(index)?;
                let text = cell_text(ws, p, col, counts, today);
                if col == ProjectColumn::Health {
                    let color = health_color(p.health);
                    let rect = ui.max_rect();
                    ui.painter().circle_filled(
                        egui::pos2(rect.left() + 7.0, rect.center().y),
                        5.0,
                        color,
                    );
                    ui.add_space(16.0);
                }
                text_cell(ui, &text);
                (col == ProjectColumn::Health
                    && ui.rect_contains_pointer(ui.max_rect())
                    && !p.health_comment.is_empty())
                .then(|| p.health_comment.clone())
            },
        );
        if let Some(click) = click
            && let Some(p) = project_at(click.index)
        {
            if click.double {
                *open = Some(p.id);
            } else {
                let order = || {
                    rows.iter()
                        .filter_map(|&i| ws.projects().get(i).map(|p| p.id))
                        .collect()
                };
                selection.click(p.id, click.modifiers, order);
            }
        }
        actions
    }

    fn toolbar_ui(
        &mut self,
        ui: &mut Ui,
        ws: &Workspace,
        read_only: bool,
        actions: &mut Vec<Action>,
    ) {
        ui.horizontal_wrapped(|ui| {
            let label = ui.label(text::SEARCH);
            ui.add(
                egui::TextEdit::singleline(&mut self.filter.search)
                    .hint_text(text::SEARCH_HINT)
                    .desired_width(200.0),
            )
            .labelled_by(label.id);
            ui.label(format!(
                "{} von {} Projekten",
                format_count(self.cache.rows.len()),
                format_count(ws.projects().len())
            ));
            ui.separator();
            ui.add_enabled_ui(!read_only, |ui| {
                if ui.button(text::NEW).clicked() {
                    let p = Project::new(
                        ws.next_project_id(),
                        text::NEW_NAME,
                        ws.maturity.default_target,
                    );
                    self.open = Some(p.id);
                    actions.push(Action::Edit(Command::AddProject {
                        assignments: Vec::new(),
                        project: Box::new(p),
                        services: Vec::new(),
                    }));
                }
            });
            let one = self
                .selection
                .ids
                .first()
                .copied()
                .filter(|_| self.selection.ids.len() == 1);
            if ui
                .add_enabled(one.is_some(), egui::Button::new(text::OPEN))
                .clicked()
            {
                self.open = one;
            }
            if ui
                .add_enabled(one.is_some() && !read_only, egui::Button::new(text::DELETE))
                .clicked()
                && let Some(id) = one
            {
                actions.push(Action::ConfirmDeleteProject(id));
            }
        });
        ui.horizontal_wrapped(|ui| {
            let c = &self.cache;
            filter_combo(ui, text::OFFICE, &mut self.filter.office, &c.offices);
            filter_combo(ui, text::STEP, &mut self.filter.step, &c.steps);
            filter_combo(ui, text::HEALTH, &mut self.filter.health, &c.health);
            let yes_no = [(true, "ja".to_owned()), (false, "nein".to_owned())];
            filter_combo(ui, text::OVERDUE, &mut self.filter.overdue, &yes_no);
            filter_combo(ui, text::PILOT, &mut self.filter.pilot, &yes_no);
        });
    }

    fn detail_ui(
        &mut self,
        ui: &mut Ui,
        ws: &Workspace,
        id: ProjectId,
        read_only: bool,
        actions: &mut Vec<Action>,
    ) {
        let Some(p) = ws.project(id) else { return };
        let today = today();
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
            });
        self.confirm_done_ui(ui.ctx(), today, actions);
    }

    /// Einsatzplanung: the people on the project with their planned person-days.
    fn staffing_ui(
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
            .filter(|m| !lines.iter().any(|l| l.staff == m.id))
            .map(|m| {
                let label = if m.is_vacant() {
                    format!("{} · Nr. {}", m.display_name(), m.id)
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
    fn confirm_done_ui(
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
    fn header_ui(
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

    fn aspects_ui(&mut self, ui: &mut Ui, p: &Project, edit: bool, actions: &mut Vec<Action>) {
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

    #[allow(clippy::too_many_arguments)]
    fn step_ui(
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

    fn operation_ui(
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
                    crate::model::german::counted(raise.len(), "Leistung", "Leistungen"),
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

    fn services_ui(
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
                ui.horizontal(|ui| {
                    let l = ui.label("LeiKa-Schlüssel hinzufügen");
                    ui.add_enabled(
                        edit,
                        egui::TextEdit::singleline(&mut self.add_service).desired_width(140.0),
                    )
                    .labelled_by(l.id);
                    if ui
                        .add_enabled(edit, egui::Button::new("Hinzufügen"))
                        .clicked()
                    {
                        let key = crate::model::LeikaKey::parse_optional(&self.add_service);
                        match key {
                            Ok(Some(k)) => match ws.service_by_key(&k) {
                                Some(s) => {
                                    actions.push(Action::Edit(Command::AssignService {
                                        service: s.id,
                                        project: Some(p.id),
                                    }));
                                    self.add_service.clear();
                                }
                                None => actions.push(Action::Refused(format!(
                                    "Eine Leistung mit dem LeiKa-Schlüssel {} gibt es nicht.",
                                    k.as_str()
                                ))),
                            },
                            Ok(None) => actions.push(Action::Refused(
                                EditError::Empty("LeiKa-Schlüssel").to_string(),
                            )),
                            Err(e) => actions.push(Action::Refused(EditError::from(e).to_string())),
                        }
                    }
                });
            });
    }

    fn refresh_members(&mut self, ws: &Workspace, project: ProjectId) {
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

    fn history_ui(&mut self, ui: &mut Ui, ws: &Workspace, p: &Project) {
        let key = (ws.revision(), p.id);
        if self.history_key != Some(key) {
            self.history = ws
                .project_history()
                .iter()
                .filter(|h| h.project == p.id)
                .map(|h| {
                    let what = match h.step {
                        Some(n) => format!(
                            "Schritt {n}: {} → {}",
                            status_label(&h.old),
                            status_label(&h.new)
                        ),
                        None => {
                            format!("Ampel: {} → {}", health_label(&h.old), health_label(&h.new))
                        }
                    };
                    format!("{}  {what}", format_date(Some(h.changed_on)))
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

fn status_label(code: &str) -> String {
    StepStatus::from_code(code).map_or_else(|| code.to_owned(), |s| s.label().to_owned())
}

fn health_label(code: &str) -> String {
    Health::from_code(code).map_or_else(|| code.to_owned(), |h| h.label().to_owned())
}

fn decision_ui(ui: &mut Ui, p: &Project, edit: bool, actions: &mut Vec<Action>) {
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
    if let Some(d) = p.decision {
        ui.weak(format!("{}) {}", d.letter(), d.consequence()));
    }
    if decision != p.decision {
        actions.push(Action::Edit(Command::SetProject {
            id: p.id,
            value: ProjectValue::Decision(decision),
        }));
    }
}

fn health_color(h: Health) -> egui::Color32 {
    match h {
        Health::Green => egui::Color32::from_rgb(0x2e, 0x9e, 0x44),
        Health::Yellow => egui::Color32::from_rgb(0xe0, 0xb0, 0x00),
        Health::Red => egui::Color32::from_rgb(0xd0, 0x30, 0x30),
    }
}

/// The text of a cell of the projects list.
pub fn cell_text(
    ws: &Workspace,
    p: &Project,
    col: ProjectColumn,
    counts: &HashMap<ProjectId, usize>,
    today: NaiveDate,
) -> String {
    match col {
        ProjectColumn::Name => p.name.clone(),
        ProjectColumn::Office => p
            .lead_office
            .and_then(|o| ws.office(o))
            .map(|o| o.number.clone())
            .unwrap_or_default(),
        ProjectColumn::Services => counts.get(&p.id).copied().unwrap_or(0).to_string(),
        ProjectColumn::Step => p.current_step_label(),
        ProjectColumn::Progress => format!("{:.0} %", p.progress_percent()),
        ProjectColumn::Health => p.health.label().to_owned(),
        ProjectColumn::Decision => p
            .decision
            .map(|d| d.letter().to_owned())
            .unwrap_or_default(),
        ProjectColumn::Start => format_date(p.planned_start),
        ProjectColumn::End => format_date(p.planned_end),
        ProjectColumn::Overdue => if p.is_overdue(today) {
            "überfällig"
        } else {
            ""
        }
        .to_owned(),
    }
}

/// The question before step `n` is set done while earlier steps or its own checklist items
/// are open; `None` when nothing is open.
fn done_question(p: &Project, n: usize) -> Option<String> {
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
