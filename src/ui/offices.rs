//! The offices table (Ämter): number, name, parent unit, deferral, pilot, count of services.

use std::collections::HashMap;

use egui::Ui;
use egui_extras::Column;

use super::Action;
use crate::model::collate::{compare, search_fold};
use crate::model::{Command, EditError, Office, OfficeId, OfficeValue, Workspace};
use crate::ui::widgets::table::{
    CellClick, CellEdit, RowMark, Selection, Sort, TableColumn, cell_checkbox, edited_cell_ui,
    keyboard, reset_filters, sortable_table, text_cell,
};

/// German texts of this view.
mod text {
    pub const SEARCH: &str = "Suche";
    pub const SEARCH_HINT: &str = "Nummer oder Name …";
    pub const ADD: &str = "Neues Amt";
    pub const DELETE: &str = "Löschen…";
    pub const COUNT: &str = "Ämter";
}

/// Columns of the offices table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum OfficeColumn {
    Number,
    Name,
    Parent,
    Deferred,
    Reason,
    Pilot,
    Services,
}

impl OfficeColumn {
    pub const ALL: [Self; 7] = [
        Self::Number,
        Self::Name,
        Self::Parent,
        Self::Deferred,
        Self::Reason,
        Self::Pilot,
        Self::Services,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Self::Number => "Nummer",
            Self::Name => "Name",
            Self::Parent => "Gehört zu",
            Self::Deferred => "Zurückgestellt",
            Self::Reason => "Grund",
            Self::Pilot => "Pilot",
            Self::Services => "Leistungen",
        }
    }

    fn width(self) -> Column {
        match self {
            Self::Number => Column::initial(80.0),
            Self::Name => Column::initial(380.0),
            Self::Parent => Column::initial(90.0),
            Self::Deferred => Column::initial(110.0),
            Self::Reason => Column::initial(220.0),
            Self::Pilot => Column::initial(60.0),
            Self::Services => Column::remainder().at_least(80.0),
        }
    }

    fn is_text_editable(self) -> bool {
        matches!(
            self,
            Self::Number | Self::Name | Self::Parent | Self::Reason
        )
    }
}

/// State of the offices view.
pub struct OfficesView {
    pub search: String,
    pub sort: Sort<OfficeColumn>,
    pub selection: Selection,
    edit: Option<CellEdit<OfficeColumn>>,
    cache_key: Option<(u64, String, Sort<OfficeColumn>)>,
    rows: Vec<usize>,
    counts: HashMap<OfficeId, usize>,
}

impl Default for OfficesView {
    fn default() -> Self {
        Self {
            search: String::new(),
            sort: Sort {
                column: OfficeColumn::Number,
                ascending: true,
            },
            selection: Selection::default(),
            edit: None,
            cache_key: None,
            rows: Vec::new(),
            counts: HashMap::new(),
        }
    }
}

impl OfficesView {
    fn refresh(&mut self, ws: &Workspace) {
        let key = (ws.revision(), self.search.clone(), self.sort);
        if self.cache_key.as_ref() == Some(&key) {
            return;
        }
        if self.cache_key.as_ref().map(|k| k.0) != Some(ws.revision()) {
            self.counts = ws.services_per_office();
            self.selection.retain(|id| ws.office(id).is_some());
        }
        let needle = search_fold(&self.search);
        let mut rows: Vec<usize> = ws
            .offices()
            .iter()
            .enumerate()
            .filter(|(_, o)| {
                needle.is_empty()
                    || search_fold(&format!("{} {} {}", o.number, o.name, o.deferred_reason))
                        .contains(&needle)
            })
            .map(|(i, _)| i)
            .collect();
        let offices = ws.offices();
        let counts = &self.counts;
        let col = self.sort.column;
        rows.sort_by(|&a, &b| {
            let (Some(a), Some(b)) = (offices.get(a), offices.get(b)) else {
                return std::cmp::Ordering::Equal;
            };
            match col {
                OfficeColumn::Services => counts
                    .get(&a.id)
                    .unwrap_or(&0)
                    .cmp(counts.get(&b.id).unwrap_or(&0)),
                OfficeColumn::Deferred => a.deferred.cmp(&b.deferred),
                OfficeColumn::Pilot => a.pilot.cmp(&b.pilot),
                _ => compare(&cell_text(a, col, counts), &cell_text(b, col, counts)),
            }
            .then_with(|| compare(&a.number, &b.number))
        });
        if !self.sort.ascending {
            rows.reverse();
        }
        self.rows = rows;
        self.cache_key = Some(key);
    }

    /// The number of services of an office, as the table shows it.
    pub fn service_count(&mut self, ws: &Workspace, id: OfficeId) -> usize {
        self.refresh(ws);
        self.counts.get(&id).copied().unwrap_or(0)
    }

    /// Draws the view; edits come back as actions.
    pub fn ui(&mut self, ui: &mut Ui, ws: &Workspace, read_only: bool) -> Vec<Action> {
        let mut actions = Vec::new();
        self.refresh(ws);
        ui.horizontal(|ui| {
            let label = ui.label(text::SEARCH);
            ui.add(
                egui::TextEdit::singleline(&mut self.search)
                    .hint_text(text::SEARCH_HINT)
                    .desired_width(220.0),
            )
            .labelled_by(label.id);
            if reset_filters(ui, !self.search.is_empty()) {
                self.search.clear();
            }
            ui.label(format!(
                "{} von {} {}",
                self.rows.len(),
                ws.offices().len(),
                text::COUNT
            ));
            ui.separator();
            ui.add_enabled_ui(!read_only, |ui| {
                if ui.button(text::ADD).clicked() {
                    let id = ws.next_office_id();
                    let number = free_number(ws);
                    actions.push(Action::AddOffice(Box::new(Office::new(id, &number))));
                }
                let one = self.selection.ids.first().copied();
                if ui
                    .add_enabled(one.is_some(), egui::Button::new(text::DELETE))
                    .clicked()
                    && let Some(id) = one
                {
                    actions.push(Action::ConfirmDeleteOffice(id));
                }
            });
        });
        self.refresh(ws);
        ui.separator();
        self.table_ui(ui, ws, read_only, &mut actions);
        actions
    }

    /// Selects an office and starts editing its number (after adding it).
    pub fn edit_number(&mut self, ws: &Workspace, id: OfficeId) {
        if let Some(o) = ws.office(id) {
            self.search.clear();
            self.selection.only(id);
            self.edit = Some(CellEdit::new(id, OfficeColumn::Number, o.number.clone()));
        }
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
            counts,
            ..
        } = self;
        let office_at = |index: usize| rows.get(index).and_then(|&i| ws.offices().get(i));
        let columns: Vec<TableColumn<OfficeColumn>> = OfficeColumn::ALL
            .iter()
            .map(|c| TableColumn::new(*c, c.label(), c.width()))
            .collect();
        let order = || {
            rows.iter()
                .filter_map(|&i| ws.offices().get(i).map(|o| o.id))
                .collect()
        };
        let scroll_to = keyboard(
            ui,
            selection,
            edit,
            order,
            &OfficeColumn::ALL,
            |c| !read_only && c.is_text_editable(),
            |id, c| ws.office(id).map(|o| cell_text(o, c, counts)),
        );
        let clicked = sortable_table(
            ui,
            "offices",
            &columns,
            sort,
            rows.len(),
            scroll_to,
            selection.column,
            |index| office_at(index).map_or(RowMark::default(), |o| selection.mark(o.id)),
            |ui, index, col| {
                let o = office_at(index)?;
                let parse = |text: &str| parse_cell(ws, o, col, text);
                if edited_cell_ui(ui, edit, o.id, col, col.label(), actions, parse) {
                    return None;
                }
                if let OfficeColumn::Deferred | OfficeColumn::Pilot = col {
                    let pilot = col == OfficeColumn::Pilot;
                    let mut v = if pilot { o.pilot } else { o.deferred };
                    if cell_checkbox(ui, &mut v, !read_only, col.label()).changed() {
                        let value = if pilot {
                            OfficeValue::Pilot(v)
                        } else {
                            OfficeValue::Deferred(v)
                        };
                        actions.push(Action::Edit(Command::SetOffice { id: o.id, value }));
                    }
                    return None;
                }
                text_cell(ui, &cell_text(o, col, counts));
                None
            },
        )
        .and_then(|click| Some(CellClick::at(click, office_at(click.index)?.id)));
        if let Some(click) = clicked {
            click.apply(
                selection,
                edit,
                !read_only && click.column.is_text_editable(),
                || {
                    ws.office(click.row_id)
                        .map(|o| cell_text(o, click.column, counts))
                },
                order,
            );
        }
    }
}

/// The text of a cell.
fn cell_text(o: &Office, col: OfficeColumn, counts: &HashMap<OfficeId, usize>) -> String {
    match col {
        OfficeColumn::Number => o.number.clone(),
        OfficeColumn::Name => o.name.clone(),
        OfficeColumn::Parent => o.parent.clone(),
        OfficeColumn::Deferred => if o.deferred { "ja" } else { "nein" }.to_owned(),
        OfficeColumn::Reason => o.deferred_reason.clone(),
        OfficeColumn::Pilot => if o.pilot { "ja" } else { "nein" }.to_owned(),
        OfficeColumn::Services => counts.get(&o.id).copied().unwrap_or(0).to_string(),
    }
}

/// Turns typed text into a checked edit; `Ok(None)` when nothing changed.
fn parse_cell(
    ws: &Workspace,
    o: &Office,
    col: OfficeColumn,
    text: &str,
) -> Result<Option<Command>, EditError> {
    let t = text.trim().to_owned();
    let value = match col {
        OfficeColumn::Number if t == o.number => return Ok(None),
        OfficeColumn::Number => OfficeValue::Number(t),
        OfficeColumn::Name if t == o.name => return Ok(None),
        OfficeColumn::Name => OfficeValue::Name(t),
        OfficeColumn::Parent if t == o.parent => return Ok(None),
        OfficeColumn::Parent if !t.is_empty() && ws.office_by_number(&t).is_none() => {
            return Err(EditError::UnknownOfficeNumber(t));
        }
        OfficeColumn::Parent => OfficeValue::Parent(t),
        OfficeColumn::Reason if t == o.deferred_reason => return Ok(None),
        OfficeColumn::Reason => OfficeValue::DeferredReason(t),
        _ => return Ok(None),
    };
    let cmd = Command::SetOffice { id: o.id, value };
    let _inverse = ws.prepare(&cmd)?;
    Ok(Some(cmd))
}

/// A number not yet taken, for a new office ("900", "901", …).
fn free_number(ws: &Workspace) -> String {
    (900..)
        .map(|n: u32| n.to_string())
        .find(|n| ws.office_by_number(n).is_none())
        .unwrap_or_default()
}
