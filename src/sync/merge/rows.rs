//! What one entry of their changes does to a row here: taken, a conflict, a deletion that
//! cascades, or this file's deletion undone; and the change that records the decisions.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde_json::Value;

use super::state::{RowState, concurrent_child_write, our_deletion, saw, state};
use super::{Choice, Conflict, ConflictKind, Context, RowId, Values, Writer};
use crate::store::changes::{Change, Op, RowChange, same_value, tracked};

pub(super) type Register<'a> = dyn FnMut(&mut Vec<Conflict>, Conflict, Option<&RowId>) + 'a;

pub(super) struct ApplyNotes<'a, 'b> {
    pub(super) conflicts: &'a mut Vec<Conflict>,
    pub(super) register: &'a mut Register<'b>,
    pub(super) choice: &'a dyn Fn(&str) -> Choice,
    pub(super) decided_fields: &'a mut BTreeMap<(RowId, String), Value>,
    /// Fields both sides wrote without seeing each other's write, with their value: their
    /// final value here travels with the decisions, so that every copy ends alike.
    pub(super) met: &'a mut BTreeMap<(RowId, String), Value>,
    /// Fields a deletion undone here set back: they travel with their final values.
    pub(super) set_back: &'a mut HashSet<(RowId, String)>,
    pub(super) decided_rows: &'a mut BTreeMap<RowId, bool>,
    pub(super) undone: &'a mut HashSet<String>,
    /// Rows of this file's deletions brought back.
    pub(super) restored: &'a mut Vec<RowId>,
    pub(super) incoming_ids: &'a HashSet<String>,
}

pub(super) fn apply_entry(
    ctx: &Context,
    c: &Change,
    by: &Writer,
    e: &RowChange,
    row: &RowId,
    states: &mut HashMap<RowId, RowState>,
    notes: &mut ApplyNotes<'_, '_>,
) {
    // A row this file deleted without knowing their change, or rows they refer to that this
    // file so deleted: each such deletion is in question.
    let own = states
        .get(row)
        .and_then(|st| our_deletion(c, st, notes.incoming_ids));
    let mut deletions: Vec<(Writer, bool)> = own.into_iter().map(|d| (d, false)).collect();
    if e.op != Op::Delete {
        for parent in ctx.parents_of(e) {
            let st = state(ctx, states, &parent);
            if let Some(d) = our_deletion(c, st, notes.incoming_ids)
                && !deletions.iter().any(|(x, _)| *x == d)
            {
                deletions.push((d, true));
            }
        }
    } else {
        deletions.clear();
    }
    let (mut kept_own, mut kept_parent) = (false, false);
    for (d, of_parent) in &deletions {
        let id = format!("wir-loeschten|{}", d.id());
        (notes.register)(
            notes.conflicts,
            Conflict {
                id: id.clone(),
                kind: ConflictKind::WeDeleted {
                    rows: vec![row.clone()],
                },
                mine_by: d.clone(),
                theirs_by: by.clone(),
            },
            Some(row),
        );
        match (notes.choice)(&id) {
            Choice::Mine if *of_parent => kept_parent = true,
            Choice::Mine => kept_own = true,
            Choice::Theirs => {
                if notes.undone.insert(d.id()) {
                    undo_local(ctx, &d.id(), states, notes);
                }
            }
        }
    }
    if kept_own || kept_parent {
        keep_deletion(ctx, c, e, row, !kept_own, states, notes);
        return;
    }
    let Some(st) = states.get_mut(row) else {
        return;
    };
    match e.op {
        Op::Delete => {
            if let Value::Object(old) = &e.old {
                st.deleted_by_them = old.clone();
            }
            if let Some(values) = st.values.take() {
                st.note_deletion(&values);
                st.gone = values;
                st.col_writer.clear();
                st.exist_writer = Some((by.clone(), true));
                cascade(ctx, c, by, row, states, notes);
            }
        }
        Op::Insert => {
            let Value::Object(new) = &e.new else { return };
            if st.values.is_none() {
                // Put back after their own deletion in the package: a field they put back as
                // it was on their side keeps the value it had here.
                let mut values = new.clone();
                let mut kept = Vec::new();
                for (col, value) in values.iter_mut() {
                    if st
                        .deleted_by_them
                        .get(col)
                        .is_some_and(|old| same_value(old, value))
                        && let Some(here) = st.gone.get(col)
                    {
                        *value = here.clone();
                        kept.push(col.clone());
                    }
                }
                st.put_back(&values, by);
                for col in kept {
                    match st.before_delete.get(&col) {
                        Some((Some(w), _)) => {
                            st.col_writer.insert(col, w.clone());
                        }
                        _ => {
                            st.col_writer.remove(&col);
                        }
                    }
                }
                st.values = Some(values);
                st.exist_writer = Some((by.clone(), false));
            } else {
                for (col, value) in new {
                    let restores = st
                        .deleted_by_them
                        .get(col)
                        .is_some_and(|old| same_value(old, value));
                    if !restores {
                        set_field(c, by, row, col, value, st, notes);
                    }
                }
            }
        }
        Op::Update => {
            if st.values.is_some()
                && let Some(col) = &e.col
            {
                set_field(c, by, row, col, &e.new, st, notes);
            }
        }
    }
}

/// Their entry meets a deletion of this file that stays. Their new row refers to what stays
/// deleted here: the deletion does to it what it did to the rows that referred to it here –
/// the row goes with it, or the reference is cleared. Their change of a row deleted here, or
/// of a reference to a row deleted here, is not taken.
fn keep_deletion(
    ctx: &Context,
    c: &Change,
    e: &RowChange,
    row: &RowId,
    via_parent: bool,
    states: &mut HashMap<RowId, RowState>,
    notes: &mut ApplyNotes<'_, '_>,
) {
    let by = &Writer::of_change(c);
    let kept = if e.op == Op::Insert && via_parent {
        without_deleted_parents(ctx, c, e, states, notes.incoming_ids)
    } else {
        None
    };
    let Some(st) = states.get_mut(row) else {
        return;
    };
    if let (Some((values, cleared)), None) = (kept, &st.values) {
        st.put_back(&values, by);
        for (col, theirs, d) in cleared {
            st.col_writer.insert(col.clone(), d);
            notes.decided_fields.insert((row.clone(), col), theirs);
        }
        st.values = Some(values);
        st.exist_writer = Some((by.clone(), false));
        return;
    }
    match (e.op, &st.values, &e.col) {
        (_, None, _) => {
            if let Value::Object(new) = &e.new {
                st.gone = new.clone();
            }
            notes.decided_rows.insert(row.clone(), false);
        }
        (Op::Update, Some(_), Some(col)) if via_parent => {
            notes
                .decided_fields
                .insert((row.clone(), col.clone()), e.new.clone());
        }
        _ => {}
    }
}

/// References cleared: the column, their value, and the deletion that cleared it.
type Cleared = Vec<(String, Value, Writer)>;

/// The values of their new row without its references to rows this file deleted unseen by
/// them (with the values cleared), or `None` when such a deletion takes the row with it.
fn without_deleted_parents(
    ctx: &Context,
    c: &Change,
    e: &RowChange,
    states: &mut HashMap<RowId, RowState>,
    incoming: &HashSet<String>,
) -> Option<(Values, Cleared)> {
    let Value::Object(new) = &e.new else {
        return None;
    };
    let mut values = new.clone();
    let mut cleared = Vec::new();
    for (parent, fk) in ctx.references(e) {
        let st = state(ctx, states, &parent);
        let Some(d) = our_deletion(c, st, incoming) else {
            continue;
        };
        if fk.cascade {
            return None;
        }
        if let Some(theirs) = values.insert(fk.col.clone(), Value::Null) {
            cleared.push((fk.col.clone(), theirs, d));
        }
    }
    Some((values, cleared))
}

fn set_field(
    c: &Change,
    by: &Writer,
    row: &RowId,
    col: &str,
    value: &Value,
    st: &mut RowState,
    notes: &mut ApplyNotes<'_, '_>,
) {
    let Some(values) = st.values.as_mut() else {
        return;
    };
    let current = values.get(col).cloned().unwrap_or(Value::Null);
    let id = format!("feld|{}|{}|{col}", row.0, row.1);
    let free = match st.col_writer.get(col) {
        None => true,
        Some(w) => saw(c, w),
    };
    if free {
        values.insert(col.to_owned(), value.clone());
        st.col_writer.insert(col.to_owned(), by.clone());
        let field = (row.clone(), col.to_owned());
        if !notes.set_back.contains(&field) {
            notes.decided_fields.remove(&field);
        }
        return;
    }
    if !tracked(&row.0).is_some_and(|t| t.key.contains(&col)) {
        notes
            .met
            .insert((row.clone(), col.to_owned()), value.clone());
    }
    if same_value(&current, value) {
        // Both sides agree now: an earlier question about the field is none any more (a later
        // change of theirs still meets this file's write).
        let field = (row.clone(), col.to_owned());
        if !notes.set_back.contains(&field) {
            notes.decided_fields.remove(&field);
        }
        return;
    }
    let Some(mine_by) = st.col_writer.get(col).cloned() else {
        return;
    };
    (notes.register)(
        notes.conflicts,
        Conflict {
            id: id.clone(),
            kind: ConflictKind::Field {
                row: row.clone(),
                col: col.to_owned(),
                mine: current.clone(),
                theirs: value.clone(),
            },
            mine_by,
            theirs_by: by.clone(),
        },
        Some(row),
    );
    let (chosen, other) = match (notes.choice)(&id) {
        Choice::Mine => (current, value.clone()),
        Choice::Theirs => (value.clone(), current),
    };
    values.insert(col.to_owned(), chosen);
    notes
        .decided_fields
        .insert((row.clone(), col.to_owned()), other);
}

/// What deleting a row does to the rows of this file that refer to it: deleted with it, or
/// the reference cleared. Where this file had changed them meanwhile, the result is part of
/// the decision that travels.
fn cascade(
    ctx: &Context,
    c: &Change,
    by: &Writer,
    row: &RowId,
    states: &mut HashMap<RowId, RowState>,
    notes: &mut ApplyNotes<'_, '_>,
) {
    // The rows referring to it: as this file had them, and those a merge brought back.
    let key: Option<Value> = serde_json::from_str::<Vec<Value>>(&row.1)
        .ok()
        .and_then(|k| k.into_iter().next());
    let mut children: Vec<(RowId, usize)> = ctx.children.get(row).cloned().unwrap_or_default();
    for (i, fk) in ctx.foreign_keys.iter().enumerate() {
        if fk.parent != row.0 {
            continue;
        }
        for r in notes.restored.iter().filter(|r| r.0 == fk.child) {
            let refers = states
                .get(r)
                .and_then(|st| st.values.as_ref())
                .and_then(|v| v.get(&fk.col))
                .is_some_and(|v| key.as_ref().is_some_and(|k| same_value(v, k)));
            if refers && !children.iter().any(|(c, _)| c == r) {
                children.push((r.clone(), i));
            }
        }
    }
    for (child, fk) in &children {
        let Some(fk) = ctx.foreign_keys.get(*fk) else {
            continue;
        };
        let st = state(ctx, states, child);
        let ours = concurrent_child_write(c, st, fk, notes.incoming_ids).is_some();
        let Some(values) = st.values.as_mut() else {
            continue;
        };
        if fk.cascade {
            st.gone = values.clone();
            st.values = None;
            st.col_writer.clear();
            st.exist_writer = Some((by.clone(), true));
            if ours {
                notes.decided_rows.insert(child.clone(), false);
            }
        } else if let Some(old) = values.insert(fk.col.clone(), Value::Null)
            && !old.is_null()
        {
            st.col_writer.insert(fk.col.clone(), by.clone());
            if ours {
                notes
                    .decided_fields
                    .insert((child.clone(), fk.col.clone()), old);
            }
        }
    }
}

/// Undoes a deleting change of this file: its rows come back as they were, its updates are
/// taken back where nothing wrote the field since.
fn undo_local(
    ctx: &Context,
    change: &str,
    states: &mut HashMap<RowId, RowState>,
    notes: &mut ApplyNotes<'_, '_>,
) {
    let Some(rows) = ctx.local_changes.get(change) else {
        return;
    };
    for e in rows {
        let row = (e.table.clone(), e.key.clone());
        let st = state(ctx, states, &row);
        match e.op {
            Op::Delete => {
                if st.values.is_none()
                    && let Value::Object(old) = &e.old
                {
                    st.values = Some(old.clone());
                    st.col_writer.clear();
                    st.exist_writer = None;
                    notes.decided_rows.insert(row.clone(), true);
                    notes.restored.push(row);
                }
            }
            Op::Update => {
                if let (Some(values), Some(col)) = (st.values.as_mut(), &e.col)
                    && st.col_writer.get(col).is_some_and(|w| w.id() == change)
                    && values.get(col).is_some_and(|v| same_value(v, &e.new))
                {
                    values.insert(col.clone(), e.old.clone());
                    st.col_writer.remove(col);
                    notes
                        .decided_fields
                        .insert((row.clone(), col.clone()), e.new.clone());
                    notes.set_back.insert((row.clone(), col.clone()));
                    notes.restored.push(row);
                }
            }
            Op::Insert => {}
        }
    }
}

/// Rows brought back or written here that refer to a row deleted in the end (by the package,
/// or by a deletion of this file that stays): the deletion does to them what it does to the
/// rows referring to it – they go with it, or the reference is cleared.
pub(super) fn settle_references(
    ctx: &Context,
    states: &mut HashMap<RowId, RowState>,
    decided_rows: &mut BTreeMap<RowId, bool>,
) {
    let gone = |states: &HashMap<RowId, RowState>, p: &RowId| match states.get(p) {
        Some(st) => st.values.is_none(),
        None => ctx.rows.get(p).is_some_and(|l| l.values.is_none()),
    };
    loop {
        let mut orphans = Vec::new();
        let mut cleared = Vec::new();
        for (row, st) in states.iter() {
            let Some(values) = &st.values else { continue };
            for (parent, fk) in ctx.references_of(&row.0, values) {
                if !gone(states, &parent) {
                    continue;
                }
                if fk.cascade {
                    orphans.push(row.clone());
                } else {
                    cleared.push((row.clone(), fk.col.clone()));
                }
            }
        }
        if orphans.is_empty() && cleared.is_empty() {
            return;
        }
        for (row, col) in cleared {
            if let Some(values) = states.get_mut(&row).and_then(|st| st.values.as_mut()) {
                values.insert(col, Value::Null);
            }
        }
        for row in orphans {
            if let Some(st) = states.get_mut(&row)
                && let Some(values) = st.values.take()
            {
                st.gone = values;
                decided_rows.remove(&row);
            }
        }
    }
}

/// The change that records the decisions: the rows whose existence was decided as they end
/// up, and each decided field with its chosen value.
pub(super) fn resolution(
    states: &HashMap<RowId, RowState>,
    fields: &BTreeMap<(RowId, String), Value>,
    met: &BTreeMap<(RowId, String), Value>,
    rows: &BTreeMap<RowId, bool>,
) -> Vec<RowChange> {
    let mut out = Vec::new();
    for row in rows.keys() {
        let Some(st) = states.get(row) else { continue };
        let change = |op, old, new| RowChange {
            table: row.0.clone(),
            key: row.1.clone(),
            op,
            col: None,
            old,
            new,
        };
        match &st.values {
            Some(values) => out.push(change(
                Op::Insert,
                Value::Null,
                Value::Object(values.clone()),
            )),
            None => out.push(change(
                Op::Delete,
                Value::Object(st.gone.clone()),
                Value::Null,
            )),
        }
    }
    let met = met.iter().filter(|(field, _)| !fields.contains_key(*field));
    for ((row, col), other) in fields.iter().chain(met) {
        if rows.contains_key(row) {
            continue;
        }
        let Some(Some(values)) = states.get(row).map(|s| &s.values) else {
            continue;
        };
        out.push(RowChange {
            table: row.0.clone(),
            key: row.1.clone(),
            op: Op::Update,
            col: Some(col.clone()),
            old: other.clone(),
            new: values.get(col).cloned().unwrap_or(Value::Null),
        });
    }
    out
}
