//! Pieces shared by the table views: sortable headers, cells, in-place editing, selection.

use std::collections::BTreeSet;

use egui::{Key, Response, Sense, Ui};

/// Sort column and direction of a table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sort<C> {
    pub column: C,
    pub ascending: bool,
}

/// A header cell that sorts by its column when clicked; a second click reverses the order.
pub fn sort_header<C: Copy + PartialEq>(ui: &mut Ui, label: &str, column: C, sort: &mut Sort<C>) {
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
        .on_hover_text(label);
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
}

/// What the user did with an edited cell this frame.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EditOutcome {
    Editing,
    Commit(String),
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
        }
    }

    /// The text field of the cell, named `name` for screen readers. Enter commits, Escape
    /// cancels, leaving the field commits.
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
            return EditOutcome::Commit(self.text.clone());
        }
        EditOutcome::Editing
    }
}

/// Multi-selection of rows by id, with the anchor for Shift+click ranges.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Selection {
    pub ids: BTreeSet<i64>,
    anchor: Option<i64>,
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
    egui::ComboBox::from_id_salt(label)
        .selected_text(filter_label(current))
        .width(140.0)
        .show_ui(ui, |ui| {
            changed |= ui.selectable_value(value, None, "Alle").changed();
            for (option, text) in options {
                changed |= ui
                    .selectable_value(value, Some(option.clone()), text.as_str())
                    .changed();
            }
        })
        .response
        .labelled_by(label_response.id);
    changed
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
    pub modifiers: egui::Modifiers,
    pub double: bool,
}

impl<C: Copy> CellClick<C> {
    /// The click of the table at a row with this id.
    pub fn at(click: TableClick<C>, row_id: i64) -> Self {
        Self {
            row_id,
            column: click.column,
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
        .filter(|e| e.row_id == row_id && e.column == column)
    else {
        return false;
    };
    match e.ui(ui, name) {
        EditOutcome::Editing => {}
        EditOutcome::Cancel => *edit = None,
        EditOutcome::Commit(text) => match parse(&text) {
            Ok(None) => *edit = None,
            Ok(Some(cmd)) => {
                actions.push(crate::ui::Action::Edit(cmd));
                *edit = None;
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
    pub width: egui_extras::Column,
}

impl<C> TableColumn<C> {
    pub fn new(column: C, header: impl Into<String>, width: egui_extras::Column) -> Self {
        Self {
            column,
            header: header.into(),
            width,
        }
    }
}

/// A click on a table cell: the row's position in the visible order and the column.
#[derive(Clone, Copy, Debug)]
pub struct TableClick<C> {
    pub index: usize,
    pub column: C,
    pub modifiers: egui::Modifiers,
    pub double: bool,
}

/// A virtualised table with sortable headers: only the visible rows are laid out. `cell` draws
/// the cell of the row at position `index` of the visible order and may return a tooltip;
/// `scroll_to` brings a position into view. Returns the cell clicked this frame.
#[allow(clippy::too_many_arguments)]
pub fn sortable_table<C: Copy + PartialEq>(
    ui: &mut Ui,
    id_salt: &str,
    columns: &[TableColumn<C>],
    sort: &mut Sort<C>,
    row_count: usize,
    scroll_to: Option<usize>,
    is_selected: impl Fn(usize) -> bool,
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
                        header.col(|ui| sort_header(ui, &col.header, col.column, sort));
                    }
                })
                .body(|body| {
                    body.rows(row_height, row_count, |mut row| {
                        let index = row.index();
                        row.set_selected(is_selected(index));
                        for col in columns {
                            let mut tooltip = None;
                            let (_, response) = row.col(|ui| {
                                // Columns beyond the window's edge cost nothing.
                                if ui.is_rect_visible(ui.max_rect()) {
                                    tooltip = cell(ui, index, col.column);
                                }
                            });
                            if response.clicked() || response.double_clicked() {
                                clicked = Some(TableClick {
                                    index,
                                    column: col.column,
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
