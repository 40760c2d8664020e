//! The keyboard of the tables: moving the selection and the framed cell, editing, Tab.

use egui::{Key, Ui};

use super::table::{CellEdit, Selection};

/// What a key asks of a table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum TableKey {
    /// Move the selection by this many rows.
    Rows(isize),
    First,
    Last,
    /// Move the keyboard's column.
    Columns(isize),
    /// Edit the keyboard's cell.
    Edit,
}

/// Rows moved by Bild↑ and Bild↓.
const PAGE: isize = 20;

/// The table key pressed this frame, consumed; none while a text field has the focus.
fn table_key(ui: &Ui) -> Option<TableKey> {
    if !keys_reach(ui) {
        return None;
    }
    let keys = [
        (Key::ArrowDown, TableKey::Rows(1)),
        (Key::ArrowUp, TableKey::Rows(-1)),
        (Key::PageDown, TableKey::Rows(PAGE)),
        (Key::PageUp, TableKey::Rows(-PAGE)),
        (Key::Home, TableKey::First),
        (Key::End, TableKey::Last),
        (Key::ArrowRight, TableKey::Columns(1)),
        (Key::ArrowLeft, TableKey::Columns(-1)),
        (Key::Enter, TableKey::Edit),
        (Key::F2, TableKey::Edit),
    ];
    ui.input_mut(|i| {
        keys.into_iter()
            .find(|(key, _)| i.consume_key(egui::Modifiers::NONE, *key))
            .map(|(_, k)| k)
    })
}

/// The keyboard of a table: arrows, Bild↑/↓, Pos1 and Ende move the selection, ← and → the
/// column, Enter or F2 edit the cell; after Tab in an editor the next editable cell of the row
/// is edited. `order` gives the visible row ids (asked for only when a key needs them),
/// `columns` the table's columns, `editable` whether a column can be edited, `text` a cell's
/// text to edit. Returns the position to scroll to.
pub fn keyboard<C: Copy + PartialEq>(
    ui: &Ui,
    selection: &mut Selection,
    edit: &mut Option<CellEdit<C>>,
    order: impl FnOnce() -> Vec<i64>,
    columns: &[C],
    editable: impl Fn(C) -> bool,
    text: impl Fn(i64, C) -> Option<String>,
) -> Option<usize> {
    if let Some(e) = edit.as_ref() {
        // Editing: the keys belong to the text field, unless Tab moved on.
        let step = e.moving?;
        let (row, from) = (e.row_id, columns.iter().position(|c| *c == e.column));
        *edit = None;
        let mut at = from? as isize;
        loop {
            at += step;
            let col = *columns.get(usize::try_from(at).ok()?)?;
            if editable(col) {
                *edit = Some(CellEdit::new(row, col, text(row, col)?));
                selection.column = at as usize;
                return None;
            }
        }
    }
    let key = table_key(ui)?;
    let last_column = columns.len().saturating_sub(1);
    selection.column = selection.column.min(last_column);
    match key {
        TableKey::Columns(step) => {
            selection.column = selection
                .column
                .saturating_add_signed(step)
                .min(last_column);
            None
        }
        TableKey::Edit => {
            let (row, col) = (selection.current()?, *columns.get(selection.column)?);
            if editable(col) {
                *edit = Some(CellEdit::new(row, col, text(row, col)?));
            }
            None
        }
        TableKey::Rows(_) | TableKey::First | TableKey::Last => {
            let order = order();
            let at = selection
                .current()
                .and_then(|id| order.iter().position(|x| *x == id));
            let to = target_row(key, at, order.len())?;
            selection.only(*order.get(to)?);
            Some(to)
        }
    }
}

/// Where a row key moves from position `at` (none: nothing selected) among `len` rows.
fn target_row(key: TableKey, at: Option<usize>, len: usize) -> Option<usize> {
    let last = len.checked_sub(1)?;
    Some(match (key, at) {
        (TableKey::First, _) => 0,
        (TableKey::Last, _) => last,
        (TableKey::Rows(step), Some(at)) => at.saturating_add_signed(step).min(last),
        // Nothing selected yet: the first row (or the last, going up).
        (TableKey::Rows(step), None) if step < 0 => last,
        _ => 0,
    })
}

/// For tables with a selection of their own: the position a row key (arrows, Bild↑/↓, Pos1,
/// Ende) moves to; `rows` gives the current position (if any) and the number of rows, asked
/// for only when such a key was pressed. Other keys are left alone.
pub fn row_key(ui: &Ui, rows: impl FnOnce() -> (Option<usize>, usize)) -> Option<usize> {
    if !keys_reach(ui) {
        return None;
    }
    let keys = [
        (Key::ArrowDown, TableKey::Rows(1)),
        (Key::ArrowUp, TableKey::Rows(-1)),
        (Key::PageDown, TableKey::Rows(PAGE)),
        (Key::PageUp, TableKey::Rows(-PAGE)),
        (Key::Home, TableKey::First),
        (Key::End, TableKey::Last),
    ];
    let key = ui.input_mut(|i| {
        keys.into_iter()
            .find(|(key, _)| i.consume_key(egui::Modifiers::NONE, *key))
            .map(|(_, k)| k)
    })?;
    let (at, len) = rows();
    target_row(key, at, len)
}

/// Whether keys are for this table: no text field has the focus, and no dialog or open list
/// lies over it.
fn keys_reach(ui: &Ui) -> bool {
    !ui.ctx().egui_wants_keyboard_input()
        && !ui.ctx().any_popup_open()
        && ui.memory(|m| m.allows_interaction(ui.layer_id()))
}
