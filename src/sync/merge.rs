//! Bringing changes from another copy into this one, row by row. A change is taken over when
//! its maker had seen the last local write of what it changes; when both sides changed the
//! same field (or one deleted what the other changed) without seeing each other's change,
//! that is a conflict, decided by a person. The decision becomes a change of its own that
//! both sides' earlier changes lie before, so that it travels on and settles the conflict in
//! every copy.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde_json::{Map, Value};

use crate::store::changes::{Change, Op, RowChange, Write, same_value};

/// Who made a write, and when.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Writer {
    pub replica: String,
    pub counter: i64,
    pub author: String,
    pub made_at: String,
}

impl Writer {
    fn of_change(c: &Change) -> Writer {
        Writer {
            replica: c.replica.clone(),
            counter: c.counter,
            author: c.author.clone(),
            made_at: c.made_at.clone(),
        }
    }

    fn of_write(w: &Write) -> Writer {
        Writer {
            replica: w.replica.clone(),
            counter: w.counter,
            author: w.author.clone(),
            made_at: w.made_at.clone(),
        }
    }

    /// The id of the change.
    pub fn id(&self) -> String {
        format!("{}:{}", self.replica, self.counter)
    }
}

/// The values of a row by column.
pub type Values = Map<String, Value>;

/// A row, by table and primary key (JSON array).
pub type RowId = (String, String);

/// What a conflict is about.
#[derive(Clone, Debug, PartialEq)]
pub enum ConflictKind {
    /// Both sides set one field of one row to different values.
    Field {
        row: RowId,
        col: String,
        mine: Value,
        theirs: Value,
    },
    /// Their change deleted rows this file changed meanwhile.
    TheyDeleted { rows: Vec<RowId> },
    /// A change of this file deleted rows they changed meanwhile.
    WeDeleted { rows: Vec<RowId> },
}

/// A conflict between a write of this file and one of the package.
#[derive(Clone, Debug, PartialEq)]
pub struct Conflict {
    /// Stable within one package: the key of the choice.
    pub id: String,
    pub kind: ConflictKind,
    pub mine_by: Writer,
    pub theirs_by: Writer,
}

/// The decision of a conflict.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Choice {
    Mine,
    Theirs,
}

/// A row of this file as it is, with its writes in the change log (oldest first).
#[derive(Clone, Debug, Default)]
pub struct LocalRow {
    pub values: Option<Map<String, Value>>,
    pub writes: Vec<Write>,
}

/// What the merge starts from: the package's new changes in order, the rows they touch as
/// this file has them, and the rows of this file's deleting changes they may have to undo.
#[derive(Clone, Debug, Default)]
pub struct Context {
    pub incoming: Vec<Change>,
    pub rows: HashMap<RowId, LocalRow>,
    /// The rows of local changes that deleted something, by change id.
    pub local_changes: HashMap<String, Vec<RowChange>>,
}

/// The result of a merge: the rows as they will be, the conflicts met, and the rows of the
/// change that records the decisions.
#[derive(Clone, Debug, Default)]
pub struct Outcome {
    /// Rows whose values change, with the values before and after (`None`: no such row).
    pub rows: BTreeMap<RowId, (Option<Values>, Option<Values>)>,
    pub conflicts: Vec<Conflict>,
    pub resolution: Vec<RowChange>,
}

struct RowState {
    values: Option<Map<String, Value>>,
    /// The values of a row that is deleted, as they were last.
    gone: Map<String, Value>,
    col_writer: HashMap<String, Writer>,
    /// The last insert or delete, and whether it was a delete.
    exist_writer: Option<(Writer, bool)>,
}

impl RowState {
    fn new(local: &LocalRow) -> RowState {
        let mut state = RowState {
            values: local.values.clone(),
            gone: Map::new(),
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
                    for col in state.values.iter().flat_map(|v| v.keys()) {
                        state.col_writer.insert(col.clone(), by.clone());
                    }
                    state.exist_writer = Some((by, false));
                }
                Op::Delete => {
                    state.col_writer.clear();
                    state.exist_writer = Some((by, true));
                    if let Value::Object(old) = &w.old {
                        state.gone = old.clone();
                    }
                }
            }
        }
        state
    }
}

fn saw(c: &Change, w: &Writer) -> bool {
    c.saw(&w.replica, w.counter)
}

/// Merges the package's changes with this file's rows under `choices` (a conflict without a
/// choice is decided for this file's side).
pub fn merge(ctx: &Context, choices: &HashMap<String, Choice>) -> Outcome {
    let choice = |id: &str| choices.get(id).copied().unwrap_or(Choice::Mine);
    let incoming_ids: HashSet<String> = ctx.incoming.iter().map(Change::id).collect();
    let mut states: HashMap<RowId, RowState> = HashMap::new();
    let mut conflicts: Vec<Conflict> = Vec::new();
    let mut seen_conflicts: HashMap<String, usize> = HashMap::new();
    let mut register =
        |conflicts: &mut Vec<Conflict>, c: Conflict, row: Option<&RowId>| match seen_conflicts
            .get(&c.id)
        {
            Some(&i) => {
                let existing = &mut conflicts[i];
                match (&mut existing.kind, c.kind) {
                    (ConflictKind::Field { theirs, .. }, ConflictKind::Field { theirs: t, .. }) => {
                        *theirs = t;
                        existing.theirs_by = c.theirs_by;
                    }
                    (ConflictKind::TheyDeleted { rows } | ConflictKind::WeDeleted { rows }, _) => {
                        if let Some(row) = row
                            && !rows.contains(row)
                        {
                            rows.push(row.clone());
                        }
                    }
                    _ => {}
                }
            }
            None => {
                seen_conflicts.insert(c.id.clone(), conflicts.len());
                conflicts.push(c);
            }
        };
    let empty = LocalRow::default();
    let state_of = |states: &mut HashMap<RowId, RowState>, row: &RowId| {
        if !states.contains_key(row) {
            let local = ctx.rows.get(row).unwrap_or(&empty);
            states.insert(row.clone(), RowState::new(local));
        }
    };
    // Field decisions that must travel: (row, col) → the value not chosen.
    let mut decided_fields: BTreeMap<(RowId, String), Value> = BTreeMap::new();
    // Rows whose existence was decided: row → exists.
    let mut decided_rows: BTreeMap<RowId, bool> = BTreeMap::new();
    // Their deleting changes kept out, and our deleting changes undone.
    let mut kept_out: HashSet<String> = HashSet::new();
    let mut undone: HashSet<String> = HashSet::new();

    for c in &ctx.incoming {
        let by = Writer::of_change(c);
        if kept_out.contains(&c.id()) {
            continue;
        }
        // A deletion by them that meets changes of ours: one decision for the whole change.
        let they_delete_id = format!("sie-loeschen|{}", c.id());
        let mut meets_ours = Vec::new();
        for e in c.rows.iter().filter(|e| e.op == Op::Delete) {
            let row = (e.table.clone(), e.key.clone());
            state_of(&mut states, &row);
            let st = &states[&row];
            let concurrent = st.values.as_ref().and_then(|_| {
                st.col_writer
                    .values()
                    .chain(st.exist_writer.iter().map(|(w, _)| w))
                    .find(|w| !saw(c, w) && !incoming_ids.contains(&w.id()))
            });
            if let Some(w) = concurrent {
                meets_ours.push((row, w.clone()));
            }
        }
        if let Some((_, mine_by)) = meets_ours.first() {
            let conflict = Conflict {
                id: they_delete_id.clone(),
                kind: ConflictKind::TheyDeleted {
                    rows: meets_ours.iter().map(|(r, _)| r.clone()).collect(),
                },
                mine_by: mine_by.clone(),
                theirs_by: by.clone(),
            };
            register(&mut conflicts, conflict, None);
            if choice(&they_delete_id) == Choice::Mine {
                // Everything their change did is kept out; what it deleted stays.
                kept_out.insert(c.id());
                for e in &c.rows {
                    let row = (e.table.clone(), e.key.clone());
                    state_of(&mut states, &row);
                    let st = &states[&row];
                    match (e.op, &st.values) {
                        (Op::Delete, Some(_)) => {
                            decided_rows.insert(row, true);
                        }
                        (Op::Update, Some(_)) => {
                            if let Some(col) = &e.col {
                                decided_fields.insert((row, col.clone()), e.new.clone());
                            }
                        }
                        _ => {}
                    }
                }
                continue;
            }
            for (row, _) in &meets_ours {
                decided_rows.insert(row.clone(), false);
            }
        }
        for e in &c.rows {
            let row = (e.table.clone(), e.key.clone());
            state_of(&mut states, &row);
            apply_entry(
                ctx,
                c,
                &by,
                e,
                &row,
                &mut states,
                &mut ApplyNotes {
                    conflicts: &mut conflicts,
                    register: &mut register,
                    choice: &choice,
                    decided_fields: &mut decided_fields,
                    decided_rows: &mut decided_rows,
                    undone: &mut undone,
                    incoming_ids: &incoming_ids,
                },
            );
        }
    }

    // A conflict that a later change of the package settled (its maker had both sides) is no
    // question any more.
    let settled = |c: &Conflict, row: &RowId| {
        ctx.incoming.iter().any(|x| {
            x.saw(&c.mine_by.replica, c.mine_by.counter)
                && x.saw(&c.theirs_by.replica, c.theirs_by.counter)
                && x.rows.iter().any(|e| e.table == row.0 && e.key == row.1)
        })
    };
    conflicts.retain(|c| match &c.kind {
        ConflictKind::Field { row, col, .. } => {
            decided_fields.contains_key(&(row.clone(), col.clone()))
        }
        ConflictKind::TheyDeleted { rows } | ConflictKind::WeDeleted { rows } => {
            if rows.iter().all(|row| settled(c, row)) {
                for row in rows {
                    decided_rows.remove(row);
                }
                false
            } else {
                true
            }
        }
    });
    let mut outcome = Outcome {
        conflicts,
        ..Outcome::default()
    };
    for (row, st) in &states {
        let before = ctx.rows.get(row).and_then(|l| l.values.clone());
        if before != st.values {
            outcome
                .rows
                .insert(row.clone(), (before, st.values.clone()));
        }
    }
    outcome.resolution = resolution(&states, &decided_fields, &decided_rows);
    outcome
}

type Register<'a> = dyn FnMut(&mut Vec<Conflict>, Conflict, Option<&RowId>) + 'a;

struct ApplyNotes<'a, 'b> {
    conflicts: &'a mut Vec<Conflict>,
    register: &'a mut Register<'b>,
    choice: &'a dyn Fn(&str) -> Choice,
    decided_fields: &'a mut BTreeMap<(RowId, String), Value>,
    decided_rows: &'a mut BTreeMap<RowId, bool>,
    undone: &'a mut HashSet<String>,
    incoming_ids: &'a HashSet<String>,
}

fn apply_entry(
    ctx: &Context,
    c: &Change,
    by: &Writer,
    e: &RowChange,
    row: &RowId,
    states: &mut HashMap<RowId, RowState>,
    notes: &mut ApplyNotes<'_, '_>,
) {
    // A row this file deleted without knowing their change: the deletion is in question.
    let our_deletion = states
        .get(row)
        .and_then(|st| match (&st.values, &st.exist_writer) {
            (None, Some((d, true))) if !saw(c, d) && !notes.incoming_ids.contains(&d.id()) => {
                Some(d.clone())
            }
            _ => None,
        });
    if let Some(d) = our_deletion
        && e.op != Op::Delete
    {
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
            Choice::Mine => {
                notes.decided_rows.insert(row.clone(), false);
                return;
            }
            Choice::Theirs => {
                if notes.undone.insert(d.id()) {
                    undo_local(ctx, &d.id(), states, notes.decided_rows);
                }
            }
        }
    }
    let Some(st) = states.get_mut(row) else {
        return;
    };
    match e.op {
        Op::Delete => {
            if let Some(values) = st.values.take() {
                st.gone = values;
                st.col_writer.clear();
                st.exist_writer = Some((by.clone(), true));
            }
        }
        Op::Insert => {
            let Value::Object(new) = &e.new else { return };
            if st.values.is_none() {
                st.values = Some(new.clone());
                for col in new.keys() {
                    st.col_writer.insert(col.clone(), by.clone());
                }
                st.exist_writer = Some((by.clone(), false));
            } else {
                for (col, value) in new {
                    set_field(c, by, row, col, value, st, notes);
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
        notes.decided_fields.remove(&(row.clone(), col.to_owned()));
        return;
    }
    if same_value(&current, value) {
        // Both sides agree; a later change of theirs still meets this file's write.
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

/// Undoes a deleting change of this file: its rows come back as they were, its updates are
/// taken back where nothing changed them since.
fn undo_local(
    ctx: &Context,
    change: &str,
    states: &mut HashMap<RowId, RowState>,
    decided_rows: &mut BTreeMap<RowId, bool>,
) {
    let Some(rows) = ctx.local_changes.get(change) else {
        return;
    };
    for e in rows {
        let row = (e.table.clone(), e.key.clone());
        let st = states
            .entry(row.clone())
            .or_insert_with(|| RowState::new(ctx.rows.get(&row).unwrap_or(&LocalRow::default())));
        match e.op {
            Op::Delete => {
                if st.values.is_none()
                    && let Value::Object(old) = &e.old
                {
                    st.values = Some(old.clone());
                    st.col_writer.clear();
                    st.exist_writer = None;
                    decided_rows.insert(row, true);
                }
            }
            Op::Update => {
                if let (Some(values), Some(col)) = (st.values.as_mut(), &e.col)
                    && values.get(col).is_some_and(|v| same_value(v, &e.new))
                {
                    values.insert(col.clone(), e.old.clone());
                    st.col_writer.remove(col);
                }
            }
            Op::Insert => {}
        }
    }
}

/// The change that records the decisions: the rows whose existence was decided as they end
/// up, and each decided field with its chosen value.
fn resolution(
    states: &HashMap<RowId, RowState>,
    fields: &BTreeMap<(RowId, String), Value>,
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
    for ((row, col), other) in fields {
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
