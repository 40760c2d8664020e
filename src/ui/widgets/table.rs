//! Pieces shared by the table views: sortable headers, cells, in-place editing, selection.

use std::collections::BTreeSet;

use egui::{Key, Response, Sense, Ui};

/// Sort column and direction of a table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Sort<C> {
    pub column: C,
    pub ascending: bool,
}

/// A header cell that sorts by its column when clicked; a second click reverses the order.
pub fn sort_header<C: Copy + PartialEq>(
    ui: &mut Ui,
    label: &str,
    hover: &str,
    column: C,
    sort: &mut Sort<C>,
) {
    let arrow = match (sort.column == column, sort.ascending) {
        (true, true) => " ▲",
        (true, false) => " ▼",
        (false, _) => "",
    };
    let response = ui
        .add(
            egui::Button::new(egui::RichText::new(format!("{label}{arrow}")).strong())
                .frame(false)
                .truncate(),
        )
        .on_hover_text(hover);
    if response.clicked() {
        if sort.column == column {
            sort.ascending = !sort.ascending;
        } else {
            *sort = Sort {
                column,
                ascending: true,
            };
        }
    }
}

/// A table cell showing text, truncated to the cell. The text is painted, not a widget of its
/// own: the table's cell senses clicks, and screen readers (and tests) read the text as the
/// cell's value.
pub fn text_cell(ui: &mut Ui, text: &str) {
    if text.is_empty() {
        return;
    }
    let rect = ui.available_rect_before_wrap();
    let galley = egui::WidgetText::from(text).into_galley(
        ui,
        Some(egui::TextWrapMode::Truncate),
        rect.width(),
        egui::TextStyle::Body,
    );
    let pos = egui::pos2(rect.left(), rect.center().y - galley.size().y / 2.0);
    ui.painter().galley(pos, galley, ui.visuals().text_color());
    let cell = ui.max_rect();
    ui.ctx().accesskit_node_builder(ui.unique_id(), |node| {
        node.set_role(egui::accesskit::Role::Label);
        node.set_value(text);
        node.set_bounds(egui::accesskit::Rect {
            x0: cell.min.x.into(),
            y0: cell.min.y.into(),
            x1: cell.max.x.into(),
            y1: cell.max.y.into(),
        });
    });
}

/// A cell being edited: which row and column, the text typed so far, and the last refusal.
#[derive(Clone, Debug, PartialEq)]
pub struct CellEdit<C> {
    pub row_id: i64,
    pub column: C,
    pub text: String,
    pub error: Option<String>,
    pub focus_pending: bool,
    /// Committed with Tab (+1) or Shift+Tab (-1): the editor moves to the next editable cell
    /// of the row once the table knows its columns.
    pub moving: Option<isize>,
}

/// What the user did with an edited cell this frame.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EditOutcome {
    Editing,
    /// Commit the text; with Tab or Shift+Tab, then edit the next or previous cell.
    Commit(String, Option<isize>),
    Cancel,
}

impl<C> CellEdit<C> {
    /// Starts editing a cell with its current text.
    pub fn new(row_id: i64, column: C, text: String) -> Self {
        Self {
            row_id,
            column,
            text,
            error: None,
            focus_pending: true,
            moving: None,
        }
    }

    /// The text field of the cell, named `name` for screen readers. Enter commits, Escape
    /// cancels, leaving the field commits; Tab and Shift+Tab commit and move on.
    pub fn ui(&mut self, ui: &mut Ui, name: &str) -> EditOutcome {
        let id = ui.scope_id().with("cell_edit");
        let edit = egui::TextEdit::singleline(&mut self.text)
            .id(id)
            .desired_width(f32::INFINITY);
        let edit = if self.error.is_some() {
            edit.text_color(ui.visuals().error_fg_color)
        } else {
            edit
        };
        let response = ui.add(edit);
        ui.ctx()
            .accesskit_node_builder(response.id, |node| node.set_label(name));
        let response = match &self.error {
            Some(e) => response.on_hover_text(e.as_str()),
            None => response,
        };
        if self.focus_pending {
            response.request_focus();
            self.focus_pending = false;
            return EditOutcome::Editing;
        }
        if ui.input(|i| i.key_pressed(Key::Escape)) {
            return EditOutcome::Cancel;
        }
        if response.lost_focus() {
            if ui.input(|i| i.key_pressed(Key::Escape)) {
                return EditOutcome::Cancel;
            }
            let advance = ui.input(|i| {
                i.key_pressed(Key::Tab)
                    .then_some(if i.modifiers.shift { -1 } else { 1 })
            });
            return EditOutcome::Commit(self.text.clone(), advance);
        }
        EditOutcome::Editing
    }
}

/// Multi-selection of rows by id, with the anchor for Shift+click ranges.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Selection {
    pub ids: BTreeSet<i64>,
    anchor: Option<i64>,
    /// The column of the keyboard's cell (its position among the table's columns).
    pub column: usize,
}

impl Selection {
    /// Handles a click on row `id`; `order` is the visible order of row ids.
    pub fn click(&mut self, id: i64, modifiers: egui::Modifiers, order: impl Fn() -> Vec<i64>) {
        if modifiers.shift
            && let Some(anchor) = self.anchor
        {
            let order = order();
            let a = order.iter().position(|x| *x == anchor);
            let b = order.iter().position(|x| *x == id);
            if let (Some(a), Some(b)) = (a, b) {
                let (lo, hi) = (a.min(b), a.max(b));
                if !modifiers.command {
                    self.ids.clear();
                }
                self.ids.extend(order[lo..=hi].iter().copied());
                return;
            }
        }
        if modifiers.command {
            if !self.ids.remove(&id) {
                self.ids.insert(id);
            }
        } else {
            self.ids.clear();
            self.ids.insert(id);
        }
        self.anchor = Some(id);
    }

    /// Selects exactly one row.
    pub fn only(&mut self, id: i64) {
        self.ids.clear();
        self.ids.insert(id);
        self.anchor = Some(id);
    }

    /// The row the keyboard works on: the last one clicked or moved to, if still selected.
    pub fn current(&self) -> Option<i64> {
        self.anchor
            .filter(|a| self.ids.contains(a))
            .or_else(|| self.ids.first().copied())
    }

    /// How the row with this id is marked in the table.
    pub fn mark(&self, id: i64) -> RowMark {
        RowMark {
            selected: self.ids.contains(&id),
            current: self.current() == Some(id),
        }
    }

    /// Whether exactly this row and no other is selected.
    pub fn is_only(&self, id: i64) -> bool {
        self.ids.len() == 1 && self.ids.contains(&id)
    }

    pub fn contains(&self, id: i64) -> bool {
        self.ids.contains(&id)
    }

    /// Drops rows that no longer exist.
    pub fn retain(&mut self, exists: impl Fn(i64) -> bool) {
        self.ids.retain(|id| exists(*id));
    }
}

/// "Filter zurücksetzen": shows everything again; enabled while a filter is set. Returns
/// whether it was clicked.
pub fn reset_filters(ui: &mut Ui, active: bool) -> bool {
    ui.add_enabled(active, egui::Button::new("Filter zurücksetzen"))
        .on_hover_text("Suche und Filter leeren und wieder alles zeigen")
        .clicked()
}

/// "Alle" or the value, for filter pickers.
pub fn filter_label(value: Option<&str>) -> String {
    value.map_or_else(|| "Alle".to_owned(), str::to_owned)
}

/// A compact combo box over options with an "Alle" entry; returns true when changed.
pub fn filter_combo<T: Clone + PartialEq>(
    ui: &mut Ui,
    label: &str,
    value: &mut Option<T>,
    options: &[(T, String)],
) -> bool {
    let current = value
        .as_ref()
        .and_then(|v| options.iter().find(|(o, _)| o == v))
        .map(|(_, l)| l.as_str());
    let mut changed = false;
    let label_response = ui.label(label);
    let search_id = label_response.id.with("search");
    egui::ComboBox::from_id_salt(label)
        .selected_text(filter_label(current))
        .width(140.0)
        .height(360.0)
        .show_ui(ui, |ui| {
            let needle = list_search(ui, search_id, label, options.len());
            changed |= ui.selectable_value(value, None, "Alle").changed();
            for (option, text) in options {
                if !needle.is_empty() && !crate::model::collate::search_fold(text).contains(&needle)
                {
                    continue;
                }
                changed |= ui
                    .selectable_value(value, Some(option.clone()), text.as_str())
                    .changed();
            }
        })
        .response
        .labelled_by(label_response.id);
    if changed {
        ui.data_mut(|d| d.remove::<String>(search_id));
    }
    changed
}

/// From this many options on, a list to choose from has a search field.
const SEARCHABLE: usize = 12;

/// At the top of an open list of `count` options (the offices): a search field, if the list
/// is long, kept under `id`; returns the folded text to filter the options by.
pub fn list_search(ui: &mut Ui, id: egui::Id, label: &str, count: usize) -> String {
    if count <= SEARCHABLE {
        return String::new();
    }
    let mut search = ui.data(|d| d.get_temp::<String>(id)).unwrap_or_default();
    let field = ui.add(
        egui::TextEdit::singleline(&mut search)
            .hint_text("Suchen …")
            .desired_width(200.0),
    );
    ui.ctx()
        .accesskit_node_builder(field.id, |node| node.set_label(format!("{label} suchen")));
    if !field.has_focus() && search.is_empty() {
        field.request_focus();
    }
    ui.data_mut(|d| d.insert_temp(id, search.clone()));
    crate::model::collate::search_fold(&search)
}

/// A checkbox in a table cell, named for screen readers and tests by its column.
pub fn cell_checkbox(ui: &mut Ui, value: &mut bool, enabled: bool, name: &str) -> Response {
    let response = ui.add_enabled(enabled, egui::Checkbox::without_text(value));
    let checked = *value;
    response
        .widget_info(|| egui::WidgetInfo::selected(egui::Role::CheckBox, enabled, checked, name));
    response
}

/// A click on a table cell, handled after the table is drawn.
#[derive(Clone, Copy, Debug)]
pub struct CellClick<C> {
    pub row_id: i64,
    pub column: C,
    /// The column's position among the table's columns.
    pub column_index: usize,
    pub modifiers: egui::Modifiers,
    pub double: bool,
}

impl<C: Copy> CellClick<C> {
    /// The click of the table at a row with this id.
    pub fn at(click: TableClick<C>, row_id: i64) -> Self {
        Self {
            row_id,
            column: click.column,
            column_index: click.column_index,
            modifiers: click.modifiers,
            double: click.double,
        }
    }

    /// A plain click on the only selected row, or a double click, edits the cell if it can be
    /// edited; any other click changes the selection. `text` gives the cell's current text.
    pub fn apply(
        self,
        selection: &mut Selection,
        edit: &mut Option<CellEdit<C>>,
        editable: bool,
        text: impl FnOnce() -> Option<String>,
        order: impl Fn() -> Vec<i64>,
    ) {
        let plain = !self.modifiers.command && !self.modifiers.shift;
        selection.column = self.column_index;
        if plain && editable && (selection.is_only(self.row_id) || self.double) {
            if let Some(text) = text() {
                *edit = Some(CellEdit::new(self.row_id, self.column, text));
            }
            selection.only(self.row_id);
        } else {
            selection.click(self.row_id, self.modifiers, order);
            *edit = None;
        }
    }
}

/// Draws the editor if this cell is the one being edited and turns a commit into an edit
/// action via `parse`; a refused value keeps the editor open with the reason. Returns whether
/// the cell was being edited.
pub fn edited_cell_ui<C: Copy + PartialEq>(
    ui: &mut Ui,
    edit: &mut Option<CellEdit<C>>,
    row_id: i64,
    column: C,
    name: &str,
    actions: &mut Vec<crate::ui::Action>,
    parse: impl FnOnce(&str) -> Result<Option<crate::model::Command>, crate::model::EditError>,
) -> bool {
    let Some(e) = edit
        .as_mut()
        .filter(|e| e.row_id == row_id && e.column == column && e.moving.is_none())
    else {
        return false;
    };
    match e.ui(ui, name) {
        EditOutcome::Editing => {}
        EditOutcome::Cancel => *edit = None,
        EditOutcome::Commit(text, advance) => match parse(&text) {
            Ok(parsed) => {
                if let Some(cmd) = parsed {
                    actions.push(crate::ui::Action::Edit(cmd));
                }
                match advance {
                    // The view opens the next cell once the edit is applied.
                    Some(step) => e.moving = Some(step),
                    None => *edit = None,
                }
            }
            Err(err) => {
                e.error = Some(err.to_string());
                e.focus_pending = true;
                actions.push(crate::ui::Action::Refused(err.to_string()));
            }
        },
    }
    true
}

/// A column of a table view: its identity, header and initial width.
pub struct TableColumn<C> {
    pub column: C,
    pub header: String,
    /// The full name shown on hover when the header is shortened.
    pub hover: Option<String>,
    pub width: egui_extras::Column,
}

impl<C> TableColumn<C> {
    pub fn new(column: C, header: impl Into<String>, width: egui_extras::Column) -> Self {
        Self {
            column,
            header: header.into(),
            hover: None,
            width,
        }
    }

    /// With the full name on hover.
    pub fn hover(mut self, full: impl Into<String>) -> Self {
        self.hover = Some(full.into());
        self
    }
}

/// A click on a table cell: the row's position in the visible order and the column.
#[derive(Clone, Copy, Debug)]
pub struct TableClick<C> {
    pub index: usize,
    pub column: C,
    pub column_index: usize,
    pub modifiers: egui::Modifiers,
    pub double: bool,
}

/// How a row of a table is marked.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RowMark {
    pub selected: bool,
    /// The keyboard's row: its cell in the keyboard's column is framed.
    pub current: bool,
}

/// A virtualised table with sortable headers: only the visible rows are laid out. `cell` draws
/// the cell of the row at position `index` of the visible order and may return a tooltip;
/// `scroll_to` brings a position into view; `mark` says which rows are selected and which is
/// the keyboard's, whose cell in column `cursor_column` is framed. Returns the cell clicked
/// this frame.
#[allow(clippy::too_many_arguments)]
pub fn sortable_table<C: Copy + PartialEq>(
    ui: &mut Ui,
    id_salt: &str,
    columns: &[TableColumn<C>],
    sort: &mut Sort<C>,
    row_count: usize,
    scroll_to: Option<usize>,
    cursor_column: usize,
    mark: impl Fn(usize) -> RowMark,
    mut cell: impl FnMut(&mut Ui, usize, C) -> Option<String>,
) -> Option<TableClick<C>> {
    let mut clicked = None;
    // Wide tables scroll sideways; the vertical scrolling is the table's own.
    egui::ScrollArea::horizontal()
        .id_salt((id_salt, "h"))
        .auto_shrink([false, false])
        .scroll_bar_visibility(egui::scroll_area::ScrollBarVisibility::AlwaysVisible)
        .show(ui, |ui| {
            let visible_right = ui.clip_rect().right();
            let row_height = ui.text_style_height(&egui::TextStyle::Body) + 6.0;
            let mut table = egui_extras::TableBuilder::new(ui)
                .id_salt(id_salt)
                .striped(true)
                .resizable(true)
                .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
                .sense(Sense::click())
                .min_scrolled_height(0.0);
            if let Some(index) = scroll_to {
                table = table.scroll_to_row(index, Some(egui::Align::Center));
            }
            for col in columns {
                // No clip: clipping gives every cell its own copy of the style; labels truncate anyway.
                table = table.column(col.width);
            }
            table
                .header(row_height + 2.0, |mut header| {
                    for col in columns {
                        let hover = col.hover.as_deref().unwrap_or(&col.header);
                        header.col(|ui| sort_header(ui, &col.header, hover, col.column, sort));
                    }
                })
                .body(|body| {
                    body.rows(row_height, row_count, |mut row| {
                        let index = row.index();
                        let marked = mark(index);
                        row.set_selected(marked.selected);
                        for (column_index, col) in columns.iter().enumerate() {
                            let mut tooltip = None;
                            let (_, response) = row.col(|ui| {
                                if marked.current && column_index == cursor_column {
                                    let stroke = ui.visuals().selection.stroke;
                                    ui.painter().rect_stroke(
                                        ui.max_rect().shrink(1.0),
                                        2.0,
                                        stroke,
                                        egui::StrokeKind::Inside,
                                    );
                                }
                                // Columns beyond the window's edge cost nothing.
                                if ui.is_rect_visible(ui.max_rect()) {
                                    tooltip = cell(ui, index, col.column);
                                }
                            });
                            if response.clicked() || response.double_clicked() {
                                clicked = Some(TableClick {
                                    index,
                                    column: col.column,
                                    column_index,
                                    modifiers: response.ctx.input(|i| i.modifiers),
                                    double: response.double_clicked(),
                                });
                            }
                            let past_edge = response.rect.right() >= visible_right;
                            if let Some(text) = tooltip.filter(|t| !t.is_empty()) {
                                response.on_hover_text(text);
                            }
                            // The remaining columns lie beyond the window's edge: no cells for them.
                            if past_edge {
                                break;
                            }
                        }
                    });
                });
        });
    clicked
}

pub use super::keys::{keyboard, row_key};
