//! The net effect of the writes a change made: what the triggers recorded, reduced per row.

use std::collections::{BTreeMap, HashMap};

use serde_json::Value;

use super::{Op, RowChange, same_value};

/// The net effect of the writes of one change: per row, in the order rows were first
/// touched, an insert, a delete or the updates of the columns whose value differs.
pub fn net_effect(raw: &[RowChange]) -> Vec<RowChange> {
    let mut order: Vec<(&str, &str)> = Vec::new();
    let mut groups: HashMap<(&str, &str), Vec<&RowChange>> = HashMap::new();
    for r in raw {
        let id = (r.table.as_str(), r.key.as_str());
        groups
            .entry(id)
            .or_insert_with(|| {
                order.push(id);
                Vec::new()
            })
            .push(r);
    }
    let mut out = Vec::new();
    for id in order {
        out.extend(net_of_row(&groups[&id]));
    }
    out
}

fn net_of_row(entries: &[&RowChange]) -> Vec<RowChange> {
    let Some(first) = entries.first() else {
        return Vec::new();
    };
    let existed = first.op != Op::Insert;
    let mut exists = existed;
    let mut original: BTreeMap<String, Value> = BTreeMap::new();
    let mut current: BTreeMap<String, Value> = BTreeMap::new();
    for e in entries {
        match e.op {
            Op::Update => {
                if let Some(col) = &e.col {
                    original.entry(col.clone()).or_insert_with(|| e.old.clone());
                    current.insert(col.clone(), e.new.clone());
                }
            }
            Op::Delete => {
                if let Value::Object(old) = &e.old {
                    for (k, v) in old {
                        original.entry(k.clone()).or_insert_with(|| v.clone());
                    }
                }
                exists = false;
                current.clear();
            }
            Op::Insert => {
                exists = true;
                if let Value::Object(new) = &e.new {
                    current = new.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
                }
            }
        }
    }
    let base = |op, col, old, new| RowChange {
        table: first.table.clone(),
        key: first.key.clone(),
        op,
        col,
        old,
        new,
    };
    let object = |m: BTreeMap<String, Value>| Value::Object(m.into_iter().collect());
    match (existed, exists) {
        (false, false) => Vec::new(),
        (false, true) => vec![base(Op::Insert, None, Value::Null, object(current))],
        (true, false) => vec![base(Op::Delete, None, object(original), Value::Null)],
        (true, true) => current
            .into_iter()
            .filter_map(|(col, new)| {
                let old = original.get(&col).cloned().unwrap_or(Value::Null);
                (!same_value(&old, &new) || old.is_null() != new.is_null())
                    .then(|| base(Op::Update, Some(col), old, new))
            })
            .collect(),
    }
}
