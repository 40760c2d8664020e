//! Personal: the staff of the units and the planned positions as a table like the others, the
//! selected person's projects (Einsatzplanung), and the load per month as a heat map.

mod heat;

use std::collections::HashMap;

use egui::Ui;
use egui_extras::Column;

pub use heat::HeatMap;

use super::Action;
use super::assignments;
use crate::model::collate::{compare, search_fold};
use crate::model::format::{decimal, parse_number};
use crate::model::load::{Funding, StaffId, StaffMember};
use crate::model::project::{format_date, parse_date};
use crate::model::{Command, EditError, StaffValue, Workspace};
use crate::ui::widgets::fields::{Buffers, Named};
use crate::ui::widgets::table::{
    CellClick, CellEdit, RowMark, Selection, Sort, TableColumn, edited_cell_ui, keyboard,
    reset_filters, sortable_table, text_cell,
};

/// German texts of this view.
mod text {
    pub const SEARCH: &str = "Suche";
    pub const SEARCH_HINT: &str = "Name, Einheit, Rolle …";
    pub const ADD: &str = "Neue Stelle";
    pub const ADD_HINT: &str = "Legt eine unbesetzte Stelle an; der Name kann gleich eingetragen \
                                werden.";
    pub const DUPLICATE: &str = "Duplizieren";
    pub const DUPLICATE_HINT: &str =
        "Legt eine gleiche, noch unbesetzte Stelle an (ohne Projekte).";
    pub const DELETE: &str = "Löschen…";
    pub const DELETE_HINT: &str =
        "Löscht die Stelle mit ihren Zuordnungen, nach einer Rückfrage (Strg+Z nimmt es zurück).";
    pub const SETTINGS: &str = "Einstellungen…";
    pub const COUNT: &str = "Stellen";
    pub const VACANT_HINT: &str = "Unbesetzte Stelle: zählt als geplante Kapazität. Den Namen \
                                   hier eintragen, sobald sie besetzt ist.";
    pub const DETAIL: &str = "Einsatzplanung";
    pub const PICK_HINT: &str = "Eine Person in der Tabelle auswählen, um ihre Projekte zu sehen.";
    pub const ADD_PROJECT: &str = "Projekt zuordnen…";
}

/// Columns of the staff table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum StaffColumn {
    Name,
    Unit,
    Role,
    PayGrade,
    Fte,
    From,
    Until,
    Funding,
    Projects,
    PersonDays,
    Note,
}

impl StaffColumn {
    pub const ALL: [Self; 11] = [
        Self::Name,
        Self::Unit,
        Self::Role,
        Self::PayGrade,
        Self::Fte,
        Self::From,
        Self::Until,
        Self::Funding,
        Self::Projects,
        Self::PersonDays,
        Self::Note,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Self::Name => "Name",
            Self::Unit => "Einheit",
            Self::Role => "Rolle",
            Self::PayGrade => "Entgeltgruppe",
            Self::Fte => "VZÄ",
            Self::From => "verfügbar ab",
            Self::Until => "verfügbar bis",
            Self::Funding => "Finanzierung",
            Self::Projects => "Projekte",
            Self::PersonDays => "geplant (PT)",
            Self::Note => "Notiz",
        }
    }

    fn width(self) -> Column {
        match self {
            Self::Name => Column::initial(200.0).at_least(100.0),
            Self::Unit => Column::initial(160.0).at_least(60.0),
            Self::Role => Column::initial(190.0).at_least(80.0),
            Self::PayGrade => Column::initial(110.0).at_least(80.0),
            Self::Fte => Column::initial(50.0).at_least(45.0),
            Self::From | Self::Until => Column::initial(105.0).at_least(95.0),
            Self::Funding => Column::initial(130.0).at_least(120.0),
            Self::Projects => Column::initial(75.0).at_least(70.0),
            Self::PersonDays => Column::initial(100.0).at_least(90.0),
            Self::Note => Column::remainder().at_least(120.0),
        }
    }

    fn is_text_editable(self) -> bool {
        !matches!(self, Self::Funding | Self::Projects | Self::PersonDays)
    }
}

/// The projects and planned person-days of each person.
type Totals = HashMap<StaffId, (usize, f64)>;

/// State of the Personal view.
pub struct StaffView {
    pub search: String,
    pub sort: Sort<StaffColumn>,
    pub selection: Selection,
    pub heat: HeatMap,
    edit: Option<CellEdit<StaffColumn>>,
    cache_key: Option<(u64, String, Sort<StaffColumn>)>,
    rows: Vec<usize>,
    totals: Totals,
    buffers: Buffers,
    add_project: String,
}

impl Default for StaffView {
    fn default() -> Self {
        Self {
            search: String::new(),
            sort: Sort {
                column: StaffColumn::Unit,
                ascending: true,
            },
            selection: Selection::default(),
            heat: HeatMap::default(),
            edit: None,
            cache_key: None,
            rows: Vec::new(),
            totals: HashMap::new(),
            buffers: Buffers::default(),
            add_project: String::new(),
        }
    }
}

impl StaffView {
    fn refresh(&mut self, ws: &Workspace) {
        let key = (ws.revision(), self.search.clone(), self.sort);
        if self.cache_key.as_ref() == Some(&key) {
            return;
        }
        if self.cache_key.as_ref().map(|k| k.0) != Some(ws.revision()) {
            self.totals.clear();
            for a in ws.assignments() {
                let t = self.totals.entry(a.staff).or_insert((0, 0.0));
                t.0 += 1;
                t.1 += a.person_days;
            }
            self.selection.retain(|id| ws.staff_member(id).is_some());
        }
        let needle = search_fold(&self.search);
        let staff = ws.staff();
        let mut rows: Vec<usize> = staff
            .iter()
            .enumerate()
            .filter(|(_, m)| {
                needle.is_empty()
                    || search_fold(&format!(
                        "{} {} {} {} {}",
                        m.display_name(),
                        m.unit,
                        m.role,
                        m.pay_grade,
                        m.note
                    ))
                    .contains(&needle)
            })
            .map(|(i, _)| i)
            .collect();
        let totals = &self.totals;
        let col = self.sort.column;
        rows.sort_by(|&a, &b| {
            let (Some(a), Some(b)) = (staff.get(a), staff.get(b)) else {
                return std::cmp::Ordering::Equal;
            };
            let total = |m: &StaffMember| totals.get(&m.id).copied().unwrap_or((0, 0.0));
            match col {
                StaffColumn::Fte => a.fte.total_cmp(&b.fte),
                StaffColumn::From => a.available_from.cmp(&b.available_from),
                StaffColumn::Until => a.available_until.cmp(&b.available_until),
                StaffColumn::Projects => total(a).0.cmp(&total(b).0),
                StaffColumn::PersonDays => total(a).1.total_cmp(&total(b).1),
                _ => compare(
                    &cell_text(ws, a, col, totals),
                    &cell_text(ws, b, col, totals),
                ),
            }
            .then_with(|| compare(&a.display_name(), &b.display_name()))
            .then(a.id.cmp(&b.id))
        });
        if !self.sort.ascending {
            rows.reverse();
        }
        self.rows = rows;
        self.cache_key = Some(key);
    }

    /// Draws the view; edits come back as actions.
    pub fn ui(&mut self, ui: &mut Ui, ws: &Workspace, read_only: bool) -> Vec<Action> {
        let mut actions = Vec::new();
        self.refresh(ws);
        self.toolbar_ui(ui, ws, read_only, &mut actions);
        self.refresh(ws);
        ui.separator();
        egui::Panel::right("staff_detail")
            .resizable(true)
            .default_size(360.0)
            .show(ui, |ui| {
                egui::ScrollArea::vertical().show(ui, |ui| {
                    self.detail_ui(ui, ws, read_only, &mut actions);
                });
            });
        let heat_height = (ui.available_height() * 0.45).max(160.0);
        egui::Panel::bottom("staff_heat")
            .resizable(true)
            .default_size(heat_height)
            .show(ui, |ui| self.heat.ui(ui, ws));
        egui::CentralPanel::no_frame().show(ui, |ui| {
            self.table_ui(ui, ws, read_only, &mut actions);
        });
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
                egui::TextEdit::singleline(&mut self.search)
                    .hint_text(text::SEARCH_HINT)
                    .desired_width(200.0),
            )
            .labelled_by(label.id);
            if reset_filters(ui, !self.search.is_empty()) {
                self.search.clear();
            }
            ui.label(format!(
                "{} von {} {}",
                self.rows.len(),
                ws.staff().len(),
                text::COUNT
            ));
            ui.separator();
            let one = self
                .selection
                .ids
                .first()
                .copied()
                .filter(|_| self.selection.ids.len() == 1)
                .and_then(|id| ws.staff_member(id));
            ui.add_enabled_ui(!read_only, |ui| {
                if ui.button(text::ADD).on_hover_text(text::ADD_HINT).clicked() {
                    let unit = one.map_or(ws.staffing().org_unit.as_str(), |m| m.unit.as_str());
                    let member = StaffMember::new(ws.next_staff_id(), "", unit);
                    self.add(member, actions);
                }
                let duplicate = ui
                    .add_enabled(one.is_some(), egui::Button::new(text::DUPLICATE))
                    .on_hover_text(text::DUPLICATE_HINT);
                if duplicate.clicked()
                    && let Some(m) = one
                {
                    let mut copy = m.clone();
                    copy.id = ws.next_staff_id();
                    copy.name.clear();
                    self.add(copy, actions);
                }
                let delete = ui
                    .add_enabled(
                        !self.selection.ids.is_empty(),
                        egui::Button::new(text::DELETE),
                    )
                    .on_hover_text(text::DELETE_HINT);
                if delete.clicked() {
                    let ids = self.selection.ids.iter().copied().collect();
                    actions.push(Action::ConfirmDeleteStaff(ids));
                    self.edit = None;
                }
            });
            ui.separator();
            if ui.button(text::SETTINGS).clicked() {
                actions.push(Action::OpenSettings);
            }
        });
    }

    /// Adds a position, selects it and starts editing its name.
    fn add(&mut self, member: StaffMember, actions: &mut Vec<Action>) {
        self.search.clear();
        self.selection.only(member.id);
        self.edit = Some(CellEdit::new(member.id, StaffColumn::Name, String::new()));
        actions.push(Action::Edit(Command::AddStaff {
            member: Box::new(member),
            assignments: Vec::new(),
        }));
    }

    fn table_ui(
        &mut self,
        ui: &mut Ui,
        ws: &Workspace,
        read_only: bool,
        actions: &mut Vec<Action>,
    ) {
        let Self {
            sort,
            selection,
            edit,
            rows,
            totals,
            ..
        } = self;
        let member_at = |index: usize| rows.get(index).and_then(|&i| ws.staff().get(i));
        let columns: Vec<TableColumn<StaffColumn>> = StaffColumn::ALL
            .iter()
            .map(|c| TableColumn::new(*c, c.label(), c.width()))
            .collect();
        let order = || {
            rows.iter()
                .filter_map(|&i| ws.staff().get(i).map(|m| m.id))
                .collect()
        };
        let scroll_to = keyboard(
            ui,
            selection,
            edit,
            order,
            &StaffColumn::ALL,
            |c| !read_only && c.is_text_editable(),
            |id, c| ws.staff_member(id).map(|m| cell_text(ws, m, c, totals)),
        );
        let clicked = sortable_table(
            ui,
            "staff",
            &columns,
            sort,
            rows.len(),
            scroll_to,
            selection.column,
            |index| member_at(index).map_or(RowMark::default(), |m| selection.mark(m.id)),
            |ui, index, col| {
                let m = member_at(index)?;
                let parse = |text: &str| parse_cell(ws, m, col, text);
                if edited_cell_ui(ui, edit, m.id, col, col.label(), actions, parse) {
                    return None;
                }
                if col == StaffColumn::Funding {
                    funding_cell(ui, m, !read_only, actions);
                    return None;
                }
                if col == StaffColumn::Name && m.is_vacant() {
                    text_cell(ui, &m.display_name());
                    return Some(text::VACANT_HINT.to_owned());
                }
                text_cell(ui, &cell_text(ws, m, col, totals));
                None
            },
        )
        .and_then(|click| Some(CellClick::at(click, member_at(click.index)?.id)));
        if let Some(click) = clicked {
            click.apply(
                selection,
                edit,
                !read_only && click.column.is_text_editable(),
                || {
                    ws.staff_member(click.row_id)
                        .map(|m| cell_text(ws, m, click.column, totals))
                },
                order,
            );
        }
    }

    /// The selected person's projects with their planned person-days.
    fn detail_ui(
        &mut self,
        ui: &mut Ui,
        ws: &Workspace,
        read_only: bool,
        actions: &mut Vec<Action>,
    ) {
        ui.heading(text::DETAIL);
        let one = self
            .selection
            .ids
            .first()
            .copied()
            .filter(|_| self.selection.ids.len() == 1)
            .and_then(|id| ws.staff_member(id));
        let Some(m) = one else {
            ui.weak(text::PICK_HINT);
            return;
        };
        ui.add(egui::Label::new(egui::RichText::new(m.display_name()).strong()).truncate());
        ui.label(format!(
            "{} · {} · {} VZÄ · {}",
            m.unit,
            if m.pay_grade.is_empty() {
                "ohne Entgeltgruppe"
            } else {
                &m.pay_grade
            },
            decimal(m.fte, 2),
            m.funding.label()
        ));
        let lines = assignments::of_person(ws, m.id);
        let total: f64 = lines.iter().map(|l| l.person_days).sum();
        ui.label(format!(
            "{} Projekte, {} PT geplant",
            lines.len(),
            decimal(total, 1)
        ));
        ui.separator();
        assignments::lines_ui(
            ui,
            ws,
            "person_assignments",
            &lines,
            &mut self.buffers,
            !read_only,
            actions,
        );
        let options: Vec<(i64, String)> = ws
            .projects()
            .iter()
            .filter(|p| !p.is_in_operation() && !lines.iter().any(|l| l.project == p.id))
            .map(|p| (p.id, p.name.clone()))
            .collect();
        let picked = assignments::pick_ui(
            ui,
            "person_add_project",
            text::ADD_PROJECT,
            &mut self.add_project,
            &options,
            !read_only,
        );
        if let Some(cmd) = picked.and_then(|p| ws.assignment_split(m.id, p, true)) {
            actions.push(Action::Edit(cmd));
        }
    }
}

/// The funding of a person, chosen in the cell.
fn funding_cell(ui: &mut Ui, m: &StaffMember, enabled: bool, actions: &mut Vec<Action>) {
    let mut funding = m.funding;
    ui.add_enabled_ui(enabled, |ui| {
        egui::ComboBox::from_id_salt(("funding", m.id))
            .selected_text(funding.label())
            .width(ui.available_width() - 8.0)
            .show_ui(ui, |ui| {
                for f in Funding::ALL {
                    ui.selectable_value(&mut funding, f, f.label());
                }
            })
            .response
            .name(StaffColumn::Funding.label());
    });
    if funding != m.funding {
        actions.push(Action::Edit(Command::SetStaff {
            id: m.id,
            value: StaffValue::Funding(funding),
        }));
    }
}

/// The text of a cell.
fn cell_text(ws: &Workspace, m: &StaffMember, col: StaffColumn, totals: &Totals) -> String {
    let total = totals.get(&m.id).copied().unwrap_or((0, 0.0));
    match col {
        StaffColumn::Name => m.name.clone(),
        StaffColumn::Unit => ws
            .office_by_number(&m.unit)
            .map_or_else(|| m.unit.clone(), |o| o.label()),
        StaffColumn::Role => m.role.clone(),
        StaffColumn::PayGrade => m.pay_grade.clone(),
        StaffColumn::Fte => decimal(m.fte, 2),
        StaffColumn::From => format_date(m.available_from),
        StaffColumn::Until => format_date(m.available_until),
        StaffColumn::Funding => m.funding.label().to_owned(),
        StaffColumn::Projects => total.0.to_string(),
        StaffColumn::PersonDays => decimal(total.1, 1),
        StaffColumn::Note => m.note.clone(),
    }
}

/// Turns typed text into a checked edit; `Ok(None)` when nothing changed.
fn parse_cell(
    ws: &Workspace,
    m: &StaffMember,
    col: StaffColumn,
    text: &str,
) -> Result<Option<Command>, EditError> {
    let t = text.trim().to_owned();
    let date = |field: &'static str| -> Result<Option<chrono::NaiveDate>, EditError> {
        if t.is_empty() {
            return Ok(None);
        }
        parse_date(&t).map(Some).ok_or(EditError::NotADate {
            field,
            text: t.clone(),
        })
    };
    let value = match col {
        StaffColumn::Name => StaffValue::Name(t.clone()),
        // "100.1 – Name" as shown, the number, or words of the name.
        StaffColumn::Unit => StaffValue::Unit(
            ws.find_office(&t)
                .map_or_else(|_| t.clone(), |o| o.number.clone()),
        ),
        StaffColumn::Role => StaffValue::Role(t.clone()),
        StaffColumn::PayGrade => StaffValue::PayGrade(t.clone()),
        StaffColumn::Note => StaffValue::Note(t.clone()),
        StaffColumn::Fte => match parse_number(&t) {
            Some(v) => StaffValue::Fte(v),
            None => {
                return Err(EditError::NotANumber {
                    field: "VZÄ",
                    text: t.clone(),
                });
            }
        },
        StaffColumn::From => StaffValue::AvailableFrom(date("verfügbar ab")?),
        StaffColumn::Until => StaffValue::AvailableUntil(date("verfügbar bis")?),
        StaffColumn::Funding | StaffColumn::Projects | StaffColumn::PersonDays => return Ok(None),
    };
    let mut changed = m.clone();
    value.apply_to(&mut changed);
    if changed == *m {
        return Ok(None);
    }
    let cmd = Command::SetStaff { id: m.id, value };
    let _inverse = ws.prepare(&cmd)?;
    Ok(Some(cmd))
}
