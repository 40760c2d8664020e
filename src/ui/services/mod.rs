//! The services table (Leistungen): search, filters, sorting, in-place editing, bulk edit.

use egui::{Key, KeyboardShortcut, Modifiers, Ui};
use egui_extras::Column;

mod bulk;

use bulk::office_choice_ui;
mod cells;

pub use cells::{cell_text, filter_rows, parse_cell, sort_rows};

use crate::model::format::thousands;
use crate::model::search::SearchIndex;
use crate::model::{Command, CriterionId, OfficeId, Service, ServiceId, ServiceValue, Workspace};
use crate::ui::Action;
use crate::ui::widgets::table::{
    CellClick, CellEdit, RowMark, Selection, Sort, TableColumn, cell_checkbox, edited_cell_ui,
    filter_combo, keyboard, sortable_table, text_cell,
};

/// German texts of this view.
mod text {
    pub const SEARCH: &str = "Suche";
    pub const SEARCH_HINT: &str = "Suchen (Strg+F) …";
    pub const ADD: &str = "Neue Leistung";
    pub const DUPLICATE: &str = "Duplizieren";
    pub const DELETE: &str = "Löschen…";
    pub const NEW_PROJECT: &str = "Projekt aus Auswahl anlegen…";
    pub const OFFICE: &str = "Amt";
    pub const THEMENFELD: &str = "Themenfeld";
    pub const MATURITY: &str = "Reifegrad";
    pub const SCOPE: &str = "Kommunal";
    pub const DEFERRED: &str = "Zurückgestellt";
    pub const RESET: &str = "Filter zurücksetzen";
    pub const NO_OFFICE: &str = "(ohne Amt)";
    pub const YES: &str = "ja";
    pub const NO: &str = "nein";
    pub const NEW_NAME: &str = "Neue Leistung";
    pub const COPY_SUFFIX: &str = " (Kopie)";
    pub const BULK: &str = "ausgewählt – für alle setzen:";
    pub const BULK_OFFICE: &str = "Amt";
    pub const BULK_TARGET: &str = "Zielreifegrad";
    pub const BULK_SCOPE: &str = "Kommunal";
    pub const UNCHANGED: &str = "(unverändert)";
    pub const APPLY: &str = "Übernehmen";
    pub const NOTHING_MATCHES: &str =
        "Keine Leistung passt zu Suche und Filtern. „Filter zurücksetzen“ zeigt wieder alle.";
    pub const EMPTY_DATABASE: &str = "Noch keine Leistungen. Über „Datei → Leistungen importieren…“ den LeiKa-Katalog laden oder „Neue Leistung“ anlegen.";
    pub const EDIT_HINT: &str = "Zeile anklicken zum Auswählen, nochmals anklicken, Doppelklick oder F2 zum Bearbeiten; Enter übernimmt, Esc bricht ab. Mehrere Zeilen (Strg/Umschalt+Klick) ändern Sie gemeinsam.";
}

/// Columns of the services table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum ServiceColumn {
    Key,
    Name,
    Ozg,
    Themenfeld,
    LeikaType,
    Municipal,
    Office,
    CaseVolume,
    Current,
    Target,
    Deferred,
    Project,
    Notes,
    /// The score of a ranking criterion.
    Score(CriterionId),
}

impl ServiceColumn {
    /// All columns, left to right.
    pub const ALL: [Self; 13] = [
        Self::Key,
        Self::Name,
        Self::Ozg,
        Self::Themenfeld,
        Self::LeikaType,
        Self::Municipal,
        Self::Office,
        Self::CaseVolume,
        Self::Current,
        Self::Target,
        Self::Deferred,
        Self::Project,
        Self::Notes,
    ];

    /// The German column header.
    pub fn label(self) -> &'static str {
        match self {
            Self::Key => "LeiKa-Schlüssel",
            Self::Name => "Bezeichnung",
            Self::Ozg => "OZG-Leistung",
            Self::Themenfeld => "Themenfeld",
            Self::LeikaType => "Typ",
            Self::Municipal => "Kommunal",
            Self::Office => "Amt",
            Self::CaseVolume => "Fallzahl/Jahr",
            Self::Current => "Reifegrad Ist",
            Self::Target => "Reifegrad Ziel",
            Self::Deferred => "Zurückgestellt",
            Self::Project => "Projekt",
            Self::Notes => "Notizen",
            Self::Score(_) => "Bewertung",
        }
    }

    fn width(self) -> Column {
        match self {
            Self::Key => Column::initial(118.0),
            Self::Name => Column::initial(280.0).at_least(80.0),
            Self::Ozg => Column::initial(160.0),
            Self::Themenfeld => Column::initial(115.0),
            Self::LeikaType => Column::initial(40.0),
            Self::Municipal => Column::initial(70.0),
            Self::Office => Column::initial(170.0).at_least(50.0),
            Self::CaseVolume => Column::initial(115.0).at_least(60.0),
            Self::Current | Self::Target => Column::initial(125.0),
            Self::Deferred => Column::initial(95.0),
            Self::Project => Column::initial(140.0),
            Self::Notes => Column::initial(160.0).at_least(60.0),
            Self::Score(_) => Column::initial(105.0).at_least(50.0),
        }
    }

    /// Whether a cell of this column is edited as text.
    fn is_text_editable(self) -> bool {
        !matches!(
            self,
            Self::Themenfeld | Self::Municipal | Self::Deferred | Self::Project
        )
    }
}

/// Which services to show.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ServiceFilter {
    pub search: String,
    /// `Some(None)` means services without an office.
    pub office: Option<Option<OfficeId>>,
    pub themenfeld: Option<String>,
    pub maturity: Option<i64>,
    pub municipal: Option<bool>,
    pub deferred: Option<bool>,
}

impl ServiceFilter {
    fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

/// Filtered and sorted row indexes, recomputed only when the data, filter or sort change.
#[derive(Default)]
struct RowCache {
    key: Option<(u64, ServiceFilter, Sort<ServiceColumn>)>,
    rows: Vec<usize>,
    search: SearchIndex,
}

/// The options of the filter and bulk edit pickers, rebuilt when the data changes.
#[derive(Default)]
struct Choices {
    revision: Option<u64>,
    offices: Vec<(Option<OfficeId>, String)>,
    themenfelder: Vec<(String, String)>,
    levels: Vec<(i64, String)>,
    yes_no: Vec<(bool, String)>,
    columns: Vec<TableColumn<ServiceColumn>>,
}

impl Choices {
    fn refresh(&mut self, ws: &Workspace) {
        if self.revision == Some(ws.revision()) {
            return;
        }
        self.offices = std::iter::once((None, text::NO_OFFICE.to_owned()))
            .chain(ws.offices().iter().map(|o| (Some(o.id), o.label())))
            .collect();
        let mut fields: Vec<String> = ws
            .ozg_services()
            .iter()
            .map(|o| o.themenfeld.clone())
            .filter(|t| !t.is_empty())
            .collect();
        fields.sort_by(|a, b| crate::model::collate::compare(a, b));
        fields.dedup();
        self.themenfelder = fields.into_iter().map(|f| (f.clone(), f)).collect();
        self.levels = (0..=ws.maturity.max_level())
            .map(|l| (l, ws.maturity.display(l)))
            .collect();
        self.yes_no = vec![(true, text::YES.to_owned()), (false, text::NO.to_owned())];
        let criteria: Vec<_> = ws
            .criteria()
            .iter()
            .filter(|c| c.enabled && c.scale.is_entered())
            .collect();
        let names: Vec<&str> = criteria.iter().map(|c| c.name.as_str()).collect();
        self.columns = ServiceColumn::ALL
            .iter()
            .map(|c| TableColumn::new(*c, c.label(), c.width()))
            .chain(
                criteria
                    .iter()
                    .zip(crate::model::format::short_headers(&names))
                    .map(|(c, short)| {
                        let col = ServiceColumn::Score(c.id);
                        TableColumn::new(col, short, col.width()).hover(c.name.clone())
                    }),
            )
            .collect();
        self.revision = Some(ws.revision());
    }
}

/// Values for the bulk edit bar.
#[derive(Clone, Debug, Default, PartialEq)]
struct BulkEdit {
    office: Option<Option<OfficeId>>,
    target: Option<i64>,
    municipal: Option<bool>,
}

/// State of the services view.
pub struct ServicesView {
    pub filter: ServiceFilter,
    pub sort: Sort<ServiceColumn>,
    pub selection: Selection,
    edit: Option<CellEdit<ServiceColumn>>,
    bulk: BulkEdit,
    cache: RowCache,
    choices: Choices,
    scroll_to: Option<ServiceId>,
    focus_search: bool,
}

impl Default for ServicesView {
    fn default() -> Self {
        Self {
            filter: ServiceFilter::default(),
            sort: Sort {
                column: ServiceColumn::Name,
                ascending: true,
            },
            selection: Selection::default(),
            edit: None,
            bulk: BulkEdit::default(),
            cache: RowCache::default(),
            choices: Choices::default(),
            scroll_to: None,
            focus_search: false,
        }
    }
}

impl ServicesView {
    /// The visible rows (indexes into `ws.services()`) in display order.
    pub fn rows(&mut self, ws: &Workspace) -> &[usize] {
        self.refresh(ws);
        &self.cache.rows
    }

    /// Recomputes the filtered and sorted rows if the data, filter or sort changed.
    pub fn refresh(&mut self, ws: &Workspace) {
        let key = (ws.revision(), self.filter.clone(), self.sort);
        if self.cache.key.as_ref() == Some(&key) {
            return;
        }
        if self.cache.search.refresh(ws) {
            self.selection.retain(|id| ws.service(id).is_some());
        }
        let mut rows = filter_rows(ws, &self.filter, &self.cache.search);
        sort_rows(ws, &mut rows, self.sort);
        self.cache.rows = rows;
        self.cache.key = Some(key);
    }

    /// Puts the search field's keyboard focus request for the next frame (Ctrl+F).
    pub fn focus_search(&mut self) {
        self.focus_search = true;
    }

    /// Selects a service and scrolls to it, clearing filters that would hide it.
    pub fn reveal(&mut self, id: ServiceId) {
        self.filter = ServiceFilter::default();
        self.selection.only(id);
        self.scroll_to = Some(id);
    }

    /// Starts editing the name of a service (after adding it).
    pub fn edit_name(&mut self, ws: &Workspace, id: ServiceId) {
        if let Some(s) = ws.service(id) {
            self.edit = Some(CellEdit::new(id, ServiceColumn::Name, s.name.clone()));
        }
    }

    /// The column of the cell being edited, if one is.
    pub fn is_editing(&self) -> Option<String> {
        self.edit.as_ref().map(|e| e.column.label().to_owned())
    }

    /// Draws the view; edits come back as actions.
    pub fn ui(&mut self, ui: &mut Ui, ws: &Workspace, read_only: bool) -> Vec<Action> {
        let mut actions = Vec::new();
        if ui.input_mut(|i| i.consume_shortcut(&KeyboardShortcut::new(Modifiers::COMMAND, Key::F)))
        {
            self.focus_search = true;
        }
        self.toolbar_ui(ui, ws, read_only, &mut actions);
        self.filter_ui(ui, ws);
        self.refresh(ws);
        // The bulk bar and the hint share one line of fixed height, so the table does not move
        // when a second row is selected.
        if !read_only {
            let height = ui.spacing().interact_size.y;
            ui.allocate_ui(egui::vec2(ui.available_width(), height), |ui| {
                ui.set_min_height(height);
                if self.selection.ids.len() > 1 {
                    self.bulk_ui(ui, ws, &mut actions);
                } else {
                    ui.horizontal_centered(|ui| ui.weak(text::EDIT_HINT));
                }
            });
        }
        ui.separator();
        if self.cache.rows.is_empty() {
            ui.add_space(12.0);
            ui.label(if ws.services().is_empty() {
                text::EMPTY_DATABASE
            } else {
                text::NOTHING_MATCHES
            });
        }
        self.table_ui(ui, ws, read_only, &mut actions);
        if !read_only
            && self.edit.is_none()
            && !self.selection.ids.is_empty()
            && !ui.ctx().egui_wants_keyboard_input()
            && ui.input(|i| i.key_pressed(Key::Delete))
        {
            actions.push(Action::ConfirmDeleteServices(
                self.selection.ids.iter().copied().collect(),
            ));
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
        ui.horizontal(|ui| {
            let label = ui.label(text::SEARCH);
            let search = ui.add(
                egui::TextEdit::singleline(&mut self.filter.search)
                    .hint_text(text::SEARCH_HINT)
                    .desired_width(260.0),
            );
            let search = search.labelled_by(label.id);
            if self.focus_search {
                search.request_focus();
                self.focus_search = false;
            }
            let shown = self.rows(ws).len();
            ui.label(format!(
                "{} von {} Leistungen",
                thousands(shown as i64),
                thousands(ws.services().len() as i64)
            ));
            ui.separator();
            ui.add_enabled_ui(!read_only, |ui| {
                if ui.button(text::ADD).clicked() {
                    let id = ws.next_service_id();
                    let s = Service::new(id, text::NEW_NAME, ws.maturity.default_target);
                    actions.push(Action::AddService(Box::new(s)));
                }
                let one = self.selection.ids.len() == 1;
                if ui
                    .add_enabled(one, egui::Button::new(text::DUPLICATE))
                    .clicked()
                    && let Some(s) = self.selection.ids.first().and_then(|id| ws.service(*id))
                {
                    let mut copy = s.clone();
                    copy.id = ws.next_service_id();
                    copy.leika_key = None;
                    copy.name.push_str(text::COPY_SUFFIX);
                    actions.push(Action::AddService(Box::new(copy)));
                }
                let any = !self.selection.ids.is_empty();
                if ui
                    .add_enabled(any, egui::Button::new(text::NEW_PROJECT))
                    .clicked()
                {
                    actions.push(Action::NewProjectFromSelection(
                        self.selection.ids.iter().copied().collect(),
                    ));
                }
                if ui
                    .add_enabled(any, egui::Button::new(text::DELETE))
                    .clicked()
                {
                    actions.push(Action::ConfirmDeleteServices(
                        self.selection.ids.iter().copied().collect(),
                    ));
                }
            });
        });
    }

    fn filter_ui(&mut self, ui: &mut Ui, ws: &Workspace) {
        self.choices.refresh(ws);
        let Self {
            filter, choices, ..
        } = self;
        ui.horizontal_wrapped(|ui| {
            filter_combo(ui, text::OFFICE, &mut filter.office, &choices.offices);
            filter_combo(
                ui,
                text::THEMENFELD,
                &mut filter.themenfeld,
                &choices.themenfelder,
            );
            filter_combo(ui, text::MATURITY, &mut filter.maturity, &choices.levels);
            filter_combo(ui, text::SCOPE, &mut filter.municipal, &choices.yes_no);
            filter_combo(ui, text::DEFERRED, &mut filter.deferred, &choices.yes_no);
            if ui
                .add_enabled(!filter.is_empty(), egui::Button::new(text::RESET))
                .clicked()
            {
                *filter = ServiceFilter::default();
            }
        });
    }

    fn table_ui(
        &mut self,
        ui: &mut Ui,
        ws: &Workspace,
        read_only: bool,
        actions: &mut Vec<Action>,
    ) {
        self.choices.refresh(ws);
        let columns: Vec<ServiceColumn> = self.choices.columns.iter().map(|c| c.column).collect();
        let rows = &self.cache.rows;
        let keyed = keyboard(
            ui,
            &mut self.selection,
            &mut self.edit,
            || ids_of(ws, rows),
            &columns,
            |c| !read_only && c.is_text_editable(),
            |id, c| ws.service(id).map(|s| cell_text(ws, s, c)),
        );
        let scroll_to = self
            .scroll_to
            .take()
            .and_then(|id| {
                self.cache
                    .rows
                    .iter()
                    .position(|&i| ws.services().get(i).is_some_and(|s| s.id == id))
            })
            .or(keyed);
        let Self {
            sort,
            selection,
            edit,
            cache,
            choices,
            ..
        } = self;
        let rows = &cache.rows;
        let service_at = |index: usize| rows.get(index).and_then(|&i| ws.services().get(i));
        let clicked = sortable_table(
            ui,
            "services",
            &choices.columns,
            sort,
            rows.len(),
            scroll_to,
            selection.column,
            |index| service_at(index).map_or(RowMark::default(), |s| selection.mark(s.id)),
            |ui, index, col| {
                let s = service_at(index)?;
                let parse = |text: &str| parse_cell(ws, s.id, col, text);
                if edited_cell_ui(ui, edit, s.id, col, col.label(), actions, parse) {
                    if col == ServiceColumn::Office {
                        office_choice_ui(ui, ws, s.id, edit, actions);
                    }
                    return None;
                }
                cell_ui(ui, ws, s, col, read_only, actions)
            },
        )
        .and_then(|click| Some(CellClick::at(click, service_at(click.index)?.id)));
        if let Some(click) = clicked {
            click.apply(
                selection,
                edit,
                !read_only && click.column.is_text_editable(),
                || {
                    ws.service(click.row_id)
                        .map(|s| cell_text(ws, s, click.column))
                },
                || ids_of(ws, rows),
            );
        }
    }
}

/// The ids of the services at these positions.
fn ids_of(ws: &Workspace, rows: &[usize]) -> Vec<i64> {
    rows.iter()
        .filter_map(|&i| ws.services().get(i).map(|s| s.id))
        .collect()
}

/// Shows one cell; checkboxes edit directly. Returns the tooltip of a hovered cell.
fn cell_ui(
    ui: &mut Ui,
    ws: &Workspace,
    s: &Service,
    col: ServiceColumn,
    read_only: bool,
    actions: &mut Vec<Action>,
) -> Option<String> {
    if col == ServiceColumn::Municipal {
        let mut v = s.municipal;
        if cell_checkbox(ui, &mut v, !read_only, col.label()).changed() {
            actions.push(Action::Edit(Command::SetService {
                id: s.id,
                value: ServiceValue::Municipal(v),
            }));
        }
        return None;
    }
    let text = cell_text(ws, s, col);
    text_cell(ui, &text);
    if !ui.rect_contains_pointer(ui.max_rect()) {
        return None;
    }
    match col {
        ServiceColumn::Name | ServiceColumn::Ozg | ServiceColumn::Notes => Some(text),
        ServiceColumn::Deferred => s
            .office_id
            .and_then(|id| ws.office(id))
            .map(|o| o.deferred_reason.clone()),
        _ => None,
    }
}
