//! Implementation projects (Umsetzungsprojekte): the list with filters, and a project's detail
//! with its header, aspects, the eleven steps with their checklists, services and timeline.

mod detail;
mod new_project;
mod steps;

pub use new_project::NewProjectDialog;

use std::collections::HashMap;

use chrono::NaiveDate;
use egui::Ui;
use egui_extras::Column;

use super::Action;
use crate::model::collate::{compare, search_fold};
use crate::model::format::count as format_count;
use crate::model::project::{Health, Project, ProjectId, STEP_COUNT, STEPS, format_date};
use crate::model::{Command, OfficeId, Workspace};
use crate::ui::widgets::fields::Buffers;
use crate::ui::widgets::table::{
    RowMark, Selection, Sort, TableColumn, filter_combo, keyboard, reset_filters, sortable_table,
    text_cell,
};

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
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
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
            Self::Office => Column::initial(150.0).at_least(50.0),
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
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
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
    /// The search text of "Leistung hinzufügen", with the services found for it.
    add_service: String,
    search: crate::model::search::SearchIndex,
    found_key: Option<(u64, String)>,
    found: Vec<usize>,
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
        self.refresh(ws, crate::clock::today());
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
        let today = crate::clock::today();
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
        let order = || {
            rows.iter()
                .filter_map(|&i| ws.projects().get(i).map(|p| p.id))
                .collect()
        };
        // The list is not edited in place: Enter opens the project.
        let columns: Vec<ProjectColumn> = cache.columns.iter().map(|c| c.column).collect();
        if !ui.ctx().egui_wants_keyboard_input()
            && let Some(id) = selection.current()
            && ui.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Enter))
        {
            *open = Some(id);
        }
        let mut no_edit = None;
        let scroll_to = keyboard(
            ui,
            selection,
            &mut no_edit,
            order,
            &columns,
            |_| false,
            |_, _| None,
        );
        let click = sortable_table(
            ui,
            "projects",
            &cache.columns,
            sort,
            rows.len(),
            scroll_to,
            selection.column,
            |index| project_at(index).map_or(RowMark::default(), |p| selection.mark(p.id)),
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
                selection.column = click.column_index;
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
            if reset_filters(ui, self.filter != ProjectFilter::default()) {
                self.filter = ProjectFilter::default();
            }
        });
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
            .map(|o| o.label())
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

fn health_color(h: Health) -> egui::Color32 {
    match h {
        Health::Green => egui::Color32::from_rgb(0x2e, 0x9e, 0x44),
        Health::Yellow => egui::Color32::from_rgb(0xe0, 0xb0, 0x00),
        Health::Red => egui::Color32::from_rgb(0xd0, 0x30, 0x30),
    }
}
