//! Bringing changes from another copy into this one, row by row. A change is taken over when
//! its maker had seen the last local write of what it changes; when both sides changed the
//! same field (or one deleted what the other changed) without seeing each other's change,
//! that is a conflict, decided by a person. The decision becomes a change of its own that
//! both sides' earlier changes lie before, so that it travels on and settles the conflict in
//! every copy.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde_json::{Map, Value};

mod rows;
mod state;

use crate::store::changes::{Change, Op, RowChange, Write};

use rows::{ApplyNotes, apply_entry, resolution};
use state::{RowState, concurrent_child_write, concurrent_write, state};

/// Who made a write, and when.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Writer {
    pub replica: String,
    pub counter: i64,
    pub author: String,
    pub made_at: String,
}

impl Writer {
    pub(super) fn of_change(c: &Change) -> Writer {
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
        self.references(e).into_iter().map(|(row, _)| row).collect()
    }

    /// The rows a row with these values refers to, with the reference.
    pub fn references_of(&self, table: &str, values: &Values) -> Vec<(RowId, &ForeignKey)> {
        self.foreign_keys
            .iter()
            .filter(|fk| fk.child == table)
            .filter_map(|fk| {
                let value = values.get(&fk.col).filter(|v| !v.is_null())?;
                let key = serde_json::to_string(&[value]).unwrap_or_default();
                Some(((fk.parent.clone(), key), fk))
            })
            .collect()
    }

    /// The rows an insert or update refers to with the values it sets, with the reference.
    pub fn references(&self, e: &RowChange) -> Vec<(RowId, &ForeignKey)> {
        if e.op == Op::Delete {
            // The rows a deleted row referred to (when it is to come back).
            let as_insert = RowChange {
                op: Op::Insert,
                new: e.old.clone(),
                ..e.clone()
            };
            return self.references(&as_insert);
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
                    ((fk.parent.clone(), key), fk)
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

/// Merges the package's changes with this file's rows under `choices` (a conflict without a
/// choice is decided for this file's side). A conflict whose two sides a later change of the
/// package had both seen was decided where that change was made: that decision is taken
/// (their side, or for a deletion of this file whether they brought back what it deleted),
/// and it is no question here.
pub fn merge(ctx: &Context, choices: &HashMap<String, Choice>) -> Outcome {
    let given = |id: &str| choices.get(id).copied().unwrap_or(Choice::Mine);
    // Taking the package's decision of one conflict may bring up another that it settled too:
    // until no new one comes up (each round settles at least one more).
    let mut settled: HashMap<String, Choice> = HashMap::new();
    loop {
        let choice = |id: &str| settled.get(id).copied().unwrap_or_else(|| given(id));
        let mut outcome = merge_with(ctx, &choice);
        let new: Vec<(String, Choice)> = outcome
            .conflicts
            .iter()
            .filter(|c| !settled.contains_key(&c.id))
            .filter_map(|c| Some((c.id.clone(), settled_by_package(ctx, c)?)))
            .collect();
        if new.is_empty() {
            outcome.conflicts.retain(|c| !settled.contains_key(&c.id));
            if outcome.conflicts.is_empty() {
                outcome.resolution.clear();
            }
            return outcome;
        }
        settled.extend(new);
    }
}

/// How the package decided a conflict, if a later change of it had seen both sides: their
/// side; for a deletion of this file, whether they brought back what it deleted.
fn settled_by_package(ctx: &Context, c: &Conflict) -> Option<Choice> {
    let saw = |x: &Change, w: &Writer| x.saw(&w.replica, w.counter);
    // The first change that had seen both sides is where the conflict was decided.
    let decided = ctx
        .incoming
        .iter()
        .find(|x| saw(x, &c.mine_by) && saw(x, &c.theirs_by))?;
    if !matches!(c.kind, ConflictKind::WeDeleted { .. }) {
        return Some(Choice::Theirs);
    }
    let deleted: HashSet<RowId> = ctx
        .local_changes
        .get(&c.mine_by.id())
        .into_iter()
        .flatten()
        .filter(|e| e.op == Op::Delete)
        .map(|e| (e.table.clone(), e.key.clone()))
        .collect();
    let brought_back = decided
        .rows
        .iter()
        .any(|e| e.op == Op::Insert && deleted.contains(&(e.table.clone(), e.key.clone())));
    Some(if brought_back {
        Choice::Theirs
    } else {
        Choice::Mine
    })
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
    // Field decisions that must travel: (row, col) → the value not chosen.
    let mut decided_fields: BTreeMap<(RowId, String), Value> = BTreeMap::new();
    let mut met: BTreeMap<(RowId, String), Value> = BTreeMap::new();
    // Rows whose existence was decided: row → exists.
    let mut decided_rows: BTreeMap<RowId, bool> = BTreeMap::new();
    // Their deleting changes kept out, and our deleting changes undone.
    let mut undone: HashSet<String> = HashSet::new();
    let mut restored: Vec<RowId> = Vec::new();
    let mut set_back: HashSet<(RowId, String)> = HashSet::new();

    for c in &ctx.incoming {
        let by = Writer::of_change(c);
        let mut skipped: HashSet<usize> = HashSet::new();
        // A deletion by them that meets changes of ours: one decision for the whole change.
        let they_delete_id = format!("sie-loeschen|{}", c.id());
        let mut meets_ours = Vec::new();
        for e in c.rows.iter().filter(|e| e.op == Op::Delete) {
            let row = (e.table.clone(), e.key.clone());
            state(ctx, &mut states, &row);
            let st = &states[&row];
            let mut concurrent = concurrent_write(c, st, &incoming_ids);
            for (child, fk) in ctx.children.get(&row).into_iter().flatten() {
                let Some(fk) = ctx.foreign_keys.get(*fk) else {
                    continue;
                };
                if concurrent.is_some() {
                    break;
                }
                state(ctx, &mut states, child);
                concurrent = concurrent_child_write(c, &states[child], fk, &incoming_ids);
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
                // Their deletion is kept out with what the change did besides to what was
                // there (such as the order of the rest): what it deleted stays, what it
                // changed is set back – in both copies. What it added is taken, as this
                // file's own deletions are undone.
                for (i, e) in c.rows.iter().enumerate() {
                    if e.op == Op::Insert {
                        continue;
                    }
                    skipped.insert(i);
                    let row = (e.table.clone(), e.key.clone());
                    state(ctx, &mut states, &row);
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
            state(ctx, &mut states, &row);
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
                    met: &mut met,
                    decided_rows: &mut decided_rows,
                    undone: &mut undone,
                    restored: &mut restored,
                    set_back: &mut set_back,
                    incoming_ids: &incoming_ids,
                },
            );
        }
    }

    rows::settle_references(ctx, &mut states, &mut decided_rows);

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
        // Whether the row is there at the end: an update after an insert changes nothing.
        last_op
            .entry(row)
            .and_modify(|op| {
                if e.op != Op::Update {
                    *op = e.op;
                }
            })
            .or_insert(e.op);
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
        outcome.resolution = resolution(&states, &decided_fields, &met, &decided_rows);
    }
    outcome
}
