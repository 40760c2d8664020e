//! A row during a merge: its values, who wrote each field last, and what a deletion took.

use std::collections::{HashMap, HashSet};

use serde_json::{Map, Value};

use super::{Context, ForeignKey, LocalRow, RowId, Writer};
use crate::store::changes::{Change, Op, same_value};

pub(super) struct RowState {
    pub(super) values: Option<Map<String, Value>>,
    /// The values of a row that is deleted, as they were last.
    pub(super) gone: Map<String, Value>,
    /// The values a deletion in the package removed: putting them back is no change.
    pub(super) deleted_by_them: Map<String, Value>,
    /// Before the last deletion: each field's writer and value. A row put back with the
    /// same value keeps the field's writer (undoing a deletion changes nothing).
    pub(super) before_delete: HashMap<String, (Option<Writer>, Value)>,
    pub(super) col_writer: HashMap<String, Writer>,
    /// The last insert or delete, and whether it was a delete.
    pub(super) exist_writer: Option<(Writer, bool)>,
}

impl RowState {
    pub(super) fn new(local: &LocalRow) -> RowState {
        let mut state = RowState {
            values: local.values.clone(),
            gone: Map::new(),
            deleted_by_them: Map::new(),
            before_delete: HashMap::new(),
            col_writer: HashMap::new(),
            exist_writer: None,
        };
        for w in &local.writes {
            let by = Writer::of_write(w);
            match w.op {
                Op::Update => {
                    if let Some(col) = &w.col {
                        state.col_writer.insert(col.clone(), by);
                    }
                }
                Op::Insert => {
                    if let Value::Object(new) = &w.new {
                        state.put_back(new, &by);
                    }
                    state.exist_writer = Some((by, false));
                }
                Op::Delete => {
                    if let Value::Object(old) = &w.old {
                        state.note_deletion(old);
                        state.gone = old.clone();
                    }
                    state.col_writer.clear();
                    state.exist_writer = Some((by, true));
                }
            }
        }
        state
    }
}

impl RowState {
    /// Remembers each field's writer and value before a deletion.
    pub(super) fn note_deletion(&mut self, old: &Map<String, Value>) {
        self.before_delete = old
            .iter()
            .map(|(col, v)| (col.clone(), (self.col_writer.get(col).cloned(), v.clone())))
            .collect();
    }

    /// The writers of a row (re)inserted by `by`: a field put back with the value it had
    /// before the deletion keeps its writer.
    pub(super) fn put_back(&mut self, new: &Map<String, Value>, by: &Writer) {
        for (col, value) in new {
            match self.before_delete.get(col) {
                Some((Some(w), old)) if same_value(old, value) => {
                    self.col_writer.insert(col.clone(), w.clone());
                }
                // Put back as it was in the common state: nobody's write.
                Some((None, old)) if same_value(old, value) => {
                    self.col_writer.remove(col);
                }
                _ => {
                    self.col_writer.insert(col.clone(), by.clone());
                }
            }
        }
    }
}

/// The state of a row during the merge, made from this file's row at its first use.
pub(super) fn state<'s>(
    ctx: &Context,
    states: &'s mut HashMap<RowId, RowState>,
    row: &RowId,
) -> &'s mut RowState {
    states
        .entry(row.clone())
        .or_insert_with(|| RowState::new(ctx.rows.get(row).unwrap_or(&LocalRow::default())))
}

pub(super) fn saw(c: &Change, w: &Writer) -> bool {
    c.saw(&w.replica, w.counter)
}

/// A write of this file to an existing row that the maker of `c` had not seen.
pub(super) fn concurrent_write(
    c: &Change,
    st: &RowState,
    incoming: &HashSet<String>,
) -> Option<Writer> {
    st.values.as_ref()?;
    st.col_writer
        .values()
        .chain(st.exist_writer.iter().map(|(w, _)| w))
        .find(|w| !saw(c, w) && !incoming.contains(&w.id()))
        .cloned()
}

/// A write of this file that the maker of `c` had not seen to a row referring to a row `c`
/// deletes: for a row that goes with it any write, otherwise its insert or a write of the
/// reference `col`.
pub(super) fn concurrent_child_write(
    c: &Change,
    st: &RowState,
    fk: &ForeignKey,
    incoming: &HashSet<String>,
) -> Option<Writer> {
    if fk.cascade {
        return concurrent_write(c, st, incoming);
    }
    st.values.as_ref()?;
    st.col_writer
        .get(&fk.col)
        .into_iter()
        .chain(st.exist_writer.iter().map(|(w, _)| w))
        .find(|w| !saw(c, w) && !incoming.contains(&w.id()))
        .cloned()
}

/// The deletion by this file that the maker of `c` had not seen, if the row is deleted so.
pub(super) fn our_deletion(
    c: &Change,
    st: &RowState,
    incoming: &HashSet<String>,
) -> Option<Writer> {
    match (&st.values, &st.exist_writer) {
        (None, Some((d, true))) if !saw(c, d) && !incoming.contains(&d.id()) => Some(d.clone()),
        _ => None,
    }
}
