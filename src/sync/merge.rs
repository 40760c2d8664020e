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

/// A reference from a column of one table to the rows of another.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ForeignKey {
    pub child: String,
    pub col: String,
    pub parent: String,
    /// Whether deleting the parent deletes the child (otherwise the reference is cleared).
    pub cascade: bool,
}

/// What the merge starts from: the package's new changes in order, the rows they touch as
/// this file has them (with the rows they refer to and the rows referring to rows they
/// delete), and the rows of this file's deleting changes they may have to undo.
#[derive(Clone, Debug, Default)]
pub struct Context {
    pub incoming: Vec<Change>,
    pub rows: HashMap<RowId, LocalRow>,
    /// The rows of local changes that deleted something, by change id.
    pub local_changes: HashMap<String, Vec<RowChange>>,
    pub foreign_keys: Vec<ForeignKey>,
    /// For each row the package deletes, the rows of this file that refer to it, with the
    /// index of the reference in `foreign_keys`.
    pub children: HashMap<RowId, Vec<(RowId, usize)>>,
}

impl Context {
    /// The rows an insert or update refers to with the values it sets.
    pub fn parents_of(&self, e: &RowChange) -> Vec<RowId> {
        if e.op == Op::Delete {
            // The rows a deleted row referred to (when it is to come back).
            let as_insert = RowChange {
                op: Op::Insert,
                new: e.old.clone(),
                ..e.clone()
            };
            return self.parents_of(&as_insert);
        }
        self.foreign_keys
            .iter()
            .filter(|fk| fk.child == e.table)
            .filter_map(|fk| {
                let value = match e.op {
                    Op::Insert => e.new.get(&fk.col)?,
                    Op::Update if e.col.as_deref() == Some(fk.col.as_str()) => &e.new,
                    _ => return None,
                };
                (!value.is_null()).then(|| {
                    let key = serde_json::to_string(&[value]).unwrap_or_default();
                    (fk.parent.clone(), key)
                })
            })
            .collect()
    }
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
    /// The values a deletion in the package removed: putting them back is no change.
    deleted_by_them: Map<String, Value>,
    /// Before the last deletion: each field's writer and value. A row put back with the
    /// same value keeps the field's writer (undoing a deletion changes nothing).
    before_delete: HashMap<String, (Option<Writer>, Value)>,
    col_writer: HashMap<String, Writer>,
    /// The last insert or delete, and whether it was a delete.
    exist_writer: Option<(Writer, bool)>,
}

impl RowState {
    fn new(local: &LocalRow) -> RowState {
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
    fn note_deletion(&mut self, old: &Map<String, Value>) {
        self.before_delete = old
            .iter()
            .map(|(col, v)| (col.clone(), (self.col_writer.get(col).cloned(), v.clone())))
            .collect();
    }

    /// The writers of a row (re)inserted by `by`: a field put back with the value it had
    /// before the deletion keeps its writer.
    fn put_back(&mut self, new: &Map<String, Value>, by: &Writer) {
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

fn saw(c: &Change, w: &Writer) -> bool {
    c.saw(&w.replica, w.counter)
}

/// A write of this file to an existing row that the maker of `c` had not seen.
fn concurrent_write(c: &Change, st: &RowState, incoming: &HashSet<String>) -> Option<Writer> {
    st.values.as_ref()?;
    st.col_writer
        .values()
        .chain(st.exist_writer.iter().map(|(w, _)| w))
        .find(|w| !saw(c, w) && !incoming.contains(&w.id()))
        .cloned()
}

/// The deletion by this file that the maker of `c` had not seen, if the row is deleted so.
fn our_deletion(c: &Change, st: &RowState, incoming: &HashSet<String>) -> Option<Writer> {
    match (&st.values, &st.exist_writer) {
        (None, Some((d, true))) if !saw(c, d) && !incoming.contains(&d.id()) => Some(d.clone()),
        _ => None,
    }
}

/// Merges the package's changes with this file's rows under `choices` (a conflict without a
/// choice is decided for this file's side). A conflict whose two sides a later change of the
/// package had both seen was decided where that change was made: the package's side is
/// taken, and it is no question here.
pub fn merge(ctx: &Context, choices: &HashMap<String, Choice>) -> Outcome {
    let given = |id: &str| choices.get(id).copied().unwrap_or(Choice::Mine);
    let settled_by_package = |c: &Conflict| {
        ctx.incoming.iter().any(|x| {
            x.saw(&c.mine_by.replica, c.mine_by.counter)
                && x.saw(&c.theirs_by.replica, c.theirs_by.counter)
        })
    };
    // Taking the package's side of one conflict may bring up another that it settled too:
    // until no new one comes up (each round settles at least one more).
    let mut settled: HashSet<String> = HashSet::new();
    loop {
        let choice = |id: &str| {
            if settled.contains(id) {
                Choice::Theirs
            } else {
                given(id)
            }
        };
        let mut outcome = merge_with(ctx, &choice);
        let new: Vec<String> = outcome
            .conflicts
            .iter()
            .filter(|c| !settled.contains(&c.id) && settled_by_package(c))
            .map(|c| c.id.clone())
            .collect();
        if new.is_empty() {
            outcome.conflicts.retain(|c| !settled.contains(&c.id));
            if outcome.conflicts.is_empty() {
                outcome.resolution.clear();
            }
            return outcome;
        }
        settled.extend(new);
    }
}

fn merge_with(ctx: &Context, choice: &dyn Fn(&str) -> Choice) -> Outcome {
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
    let mut undone: HashSet<String> = HashSet::new();
    let mut restored: Vec<RowId> = Vec::new();

    for c in &ctx.incoming {
        let by = Writer::of_change(c);
        let mut skipped: HashSet<usize> = HashSet::new();
        // A deletion by them that meets changes of ours: one decision for the whole change.
        let they_delete_id = format!("sie-loeschen|{}", c.id());
        let mut meets_ours = Vec::new();
        for e in c.rows.iter().filter(|e| e.op == Op::Delete) {
            let row = (e.table.clone(), e.key.clone());
            state_of(&mut states, &row);
            let st = &states[&row];
            let mut concurrent = concurrent_write(c, st, &incoming_ids);
            for (child, _) in ctx.children.get(&row).into_iter().flatten() {
                if concurrent.is_some() {
                    break;
                }
                state_of(&mut states, child);
                concurrent = concurrent_write(c, &states[child], &incoming_ids);
            }
            if let Some(w) = concurrent {
                meets_ours.push((row, w));
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
                // Their change is kept out as a whole (a deletion goes with what it did
                // besides, such as the order of the rest): what it deleted stays, what it
                // added goes, what it changed is set back – in both copies.
                for (i, e) in c.rows.iter().enumerate() {
                    skipped.insert(i);
                    let row = (e.table.clone(), e.key.clone());
                    state_of(&mut states, &row);
                    if let (Op::Delete, Some(st), Value::Object(old)) =
                        (e.op, states.get_mut(&row), &e.old)
                    {
                        st.deleted_by_them = old.clone();
                    }
                    let st = &states[&row];
                    match (e.op, &st.values) {
                        (Op::Delete, Some(_)) => {
                            decided_rows.insert(row, true);
                        }
                        (Op::Insert, None) => {
                            if let (Some(st), Value::Object(new)) = (states.get_mut(&row), &e.new) {
                                st.gone = new.clone();
                            }
                            decided_rows.insert(row, false);
                        }
                        (Op::Update, Some(_)) => {
                            if let Some(col) = &e.col {
                                decided_fields.insert((row, col.clone()), e.new.clone());
                            }
                        }
                        _ => {}
                    }
                }
            } else {
                for (row, _) in &meets_ours {
                    decided_rows.insert(row.clone(), false);
                }
            }
        }
        for (i, e) in c.rows.iter().enumerate() {
            if skipped.contains(&i) {
                continue;
            }
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
                    restored: &mut restored,
                    incoming_ids: &incoming_ids,
                },
            );
        }
    }

    // A field conflict that a later change of the package settled is no question any more;
    // the decisions of conflicts settled so need not travel again.
    let settled = |c: &Conflict| {
        ctx.incoming.iter().any(|x| {
            x.saw(&c.mine_by.replica, c.mine_by.counter)
                && x.saw(&c.theirs_by.replica, c.theirs_by.counter)
        })
    };
    let mut last_op: HashMap<RowId, Op> = HashMap::new();
    let mut last_value: HashMap<(RowId, String), Value> = HashMap::new();
    for e in ctx.incoming.iter().flat_map(|c| &c.rows) {
        let row = (e.table.clone(), e.key.clone());
        match (e.op, &e.new, &e.col) {
            (Op::Insert, Value::Object(new), _) => {
                for (col, v) in new {
                    last_value.insert((row.clone(), col.clone()), v.clone());
                }
            }
            (Op::Update, v, Some(col)) => {
                last_value.insert((row.clone(), col.clone()), v.clone());
            }
            _ => {}
        }
        last_op.insert(row, e.op);
    }
    // A deletion of this file is no question when, at the end of the package, they neither
    // keep a row it deleted nor refer to one.
    let deletion_stands = |deleter: &Writer| {
        let Some(deleted) = ctx.local_changes.get(&deleter.id()) else {
            return false;
        };
        let gone: HashSet<RowId> = deleted
            .iter()
            .filter(|e| e.op == Op::Delete)
            .map(|e| (e.table.clone(), e.key.clone()))
            .collect();
        last_op.iter().all(|(row, op)| {
            if gone.contains(row) || *op == Op::Delete {
                return *op == Op::Delete;
            }
            !ctx.foreign_keys
                .iter()
                .filter(|fk| fk.child == row.0)
                .any(|fk| {
                    last_value
                        .get(&(row.clone(), fk.col.clone()))
                        .filter(|v| !v.is_null())
                        .is_some_and(|v| {
                            let key = serde_json::to_string(&[v]).unwrap_or_default();
                            gone.contains(&(fk.parent.clone(), key))
                        })
                })
        })
    };
    conflicts.retain(|c| match &c.kind {
        ConflictKind::Field { row, col, .. } => {
            decided_fields.contains_key(&(row.clone(), col.clone()))
        }
        // Rows they deleted and put back again in the package are no question.
        ConflictKind::TheyDeleted { rows }
            if rows.iter().all(|r| last_op.get(r) == Some(&Op::Insert)) =>
        {
            false
        }
        // Rows they made and deleted again in the package are no question either.
        ConflictKind::WeDeleted { rows } if deletion_stands(&c.mine_by) => {
            for row in rows {
                decided_rows.remove(row);
            }
            false
        }
        ConflictKind::TheyDeleted { rows } | ConflictKind::WeDeleted { rows } => {
            if settled(c) {
                for row in rows {
                    decided_rows.remove(row);
                }
            }
            true
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
    // Decisions travel only where a person decided: settled conflicts need none.
    if !outcome.conflicts.is_empty() {
        outcome.resolution = resolution(&states, &decided_fields, &decided_rows);
    }
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
    /// Rows of this file's deletions brought back.
    restored: &'a mut Vec<RowId>,
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
    // A row this file deleted without knowing their change, or a row they refer to that this
    // file so deleted: the deletion is in question.
    let mut deletion = states
        .get(row)
        .and_then(|st| our_deletion(c, st, notes.incoming_ids));
    let mut via_parent = false;
    if deletion.is_none() && e.op != Op::Delete {
        for parent in ctx.parents_of(e) {
            let st = states.entry(parent.clone()).or_insert_with(|| {
                RowState::new(ctx.rows.get(&parent).unwrap_or(&LocalRow::default()))
            });
            if let Some(d) = our_deletion(c, st, notes.incoming_ids) {
                deletion = Some(d);
                via_parent = true;
                break;
            }
        }
    }
    if let Some(d) = deletion
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
                let Some(st) = states.get_mut(row) else {
                    return;
                };
                match (e.op, &st.values, &e.col) {
                    // Their row refers to what stays deleted here: it goes too.
                    (Op::Insert, None, _) | (_, None, _) => {
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
                return;
            }
            Choice::Theirs => {
                if notes.undone.insert(d.id()) {
                    undo_local(ctx, &d.id(), states, notes);
                }
            }
        }
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
        let st = states
            .entry(child.clone())
            .or_insert_with(|| RowState::new(ctx.rows.get(child).unwrap_or(&LocalRow::default())));
        let ours = concurrent_write(c, st, notes.incoming_ids).is_some();
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
/// taken back where nothing changed them since.
fn undo_local(
    ctx: &Context,
    change: &str,
    states: &mut HashMap<RowId, RowState>,
    notes: &mut ApplyNotes<'_, '_>,
) {
    let Some(rows) = ctx.local_changes.get(change) else {
        return;
    };
    let mut back: Vec<(RowId, &RowChange)> = Vec::new();
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
                    notes.decided_rows.insert(row.clone(), true);
                    back.push((row.clone(), e));
                    notes.restored.push(row);
                }
            }
            Op::Update => {
                if let (Some(values), Some(col)) = (st.values.as_mut(), &e.col)
                    && values.get(col).is_some_and(|v| same_value(v, &e.new))
                {
                    values.insert(col.clone(), e.old.clone());
                    st.col_writer.remove(col);
                    notes
                        .decided_fields
                        .insert((row.clone(), col.clone()), e.new.clone());
                    notes.restored.push(row);
                }
            }
            Op::Insert => {}
        }
    }
    // A row whose parent is gone (deleted by the package meanwhile) stays deleted.
    loop {
        let orphan = back.iter().position(|(_, e)| {
            ctx.parents_of(e).iter().any(|p| {
                let exists = match states.get(p) {
                    Some(st) => st.values.is_some(),
                    None => ctx.rows.get(p).is_none_or(|l| l.values.is_some()),
                };
                !exists
            })
        });
        let Some(i) = orphan else { break };
        let (row, _) = back.remove(i);
        if let Some(st) = states.get_mut(&row) {
            st.values = None;
        }
        notes.decided_rows.remove(&row);
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
