//! The change log. Triggers on every tracked table record each write into `change_rows` while
//! a change is being made (`recording.change`); when the transaction's work is done the change
//! is reduced to its net effect per row, numbered in this file's sequence and sealed with a
//! digest. Changes received from other copies are stored as they came, under their own ids.

use std::collections::{BTreeMap, HashMap};

use rusqlite::types::Value as SqlValue;
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use super::{StoreError, StoreResult};

/// A table whose rows travel between copies, with its primary key columns.
#[derive(Clone, Copy, Debug)]
pub struct Tracked {
    pub name: &'static str,
    pub key: &'static [&'static str],
}

/// The tables whose rows are data (everything but this file's own bookkeeping).
pub const TRACKED: &[Tracked] = &[
    Tracked {
        name: "settings",
        key: &["key"],
    },
    Tracked {
        name: "maturity_levels",
        key: &["level"],
    },
    Tracked {
        name: "ozg_services",
        key: &["ozg_id"],
    },
    Tracked {
        name: "offices",
        key: &["id"],
    },
    Tracked {
        name: "services",
        key: &["id"],
    },
    Tracked {
        name: "criteria",
        key: &["id"],
    },
    Tracked {
        name: "scores",
        key: &["service_id", "criterion_id"],
    },
    Tracked {
        name: "pins",
        key: &["service_id"],
    },
    Tracked {
        name: "snapshots",
        key: &["id"],
    },
    Tracked {
        name: "snapshot_rows",
        key: &["snapshot_id", "identity"],
    },
    Tracked {
        name: "projects",
        key: &["id"],
    },
    Tracked {
        name: "project_steps",
        key: &["project_id", "step"],
    },
    Tracked {
        name: "project_history",
        key: &["id"],
    },
    Tracked {
        name: "staff",
        key: &["id"],
    },
    Tracked {
        name: "assignments",
        key: &["staff_id", "project_id"],
    },
];

/// The settings that are data of the working group; the others (the day of the last change,
/// the report's choices, the scenario mark) belong to one file.
pub const SHARED_SETTINGS: &[&str] = &[
    "ranking",
    "staffing",
    "maturity_legal_minimum",
    "maturity_default_target",
];

/// The tracked table of a name.
pub fn tracked(name: &str) -> Option<&'static Tracked> {
    TRACKED.iter().find(|t| t.name == name)
}

/// What a change did to a row.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Op {
    Insert,
    Update,
    Delete,
}

impl Op {
    fn code(self) -> &'static str {
        match self {
            Op::Insert => "insert",
            Op::Update => "update",
            Op::Delete => "delete",
        }
    }

    fn parse(code: &str) -> Option<Op> {
        match code {
            "insert" => Some(Op::Insert),
            "update" => Some(Op::Update),
            "delete" => Some(Op::Delete),
            _ => None,
        }
    }
}

/// What one change did to one row: an insert (`new` holds all values), a delete (`old` holds
/// all values) or the update of one column.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RowChange {
    pub table: String,
    /// The JSON array of the primary key's values.
    pub key: String,
    pub op: Op,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub col: Option<String>,
    #[serde(default)]
    pub old: Value,
    #[serde(default)]
    pub new: Value,
}

/// How many changes of each replica a file (or the maker of a change) had.
pub type Clock = BTreeMap<String, i64>;

/// One change as it travels: made in `replica` as its `counter`-th change.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Change {
    pub replica: String,
    pub counter: i64,
    pub author: String,
    pub made_at: String,
    #[serde(default)]
    pub summary: String,
    pub clock: Clock,
    pub rows: Vec<RowChange>,
}

impl Change {
    /// The change's id, the same in every copy.
    pub fn id(&self) -> String {
        format!("{}:{}", self.replica, self.counter)
    }

    /// A fingerprint of the change's content, to tell two different changes under one id.
    pub fn digest(&self) -> String {
        let content = serde_json::json!([
            self.replica,
            self.counter,
            self.author,
            self.made_at,
            self.summary,
            self.rows
        ]);
        hex(&Sha256::digest(content.to_string().as_bytes()))
    }

    /// Whether the maker of this change had `other` (made it after seeing it).
    pub fn saw(&self, replica: &str, counter: i64) -> bool {
        (self.replica == replica && counter < self.counter)
            || self.clock.get(replica).is_some_and(|&n| n >= counter)
    }
}

/// Lower-case hexadecimal of bytes.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// This file's place among the copies of one origin.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Identity {
    pub replica: String,
    pub family: String,
    pub origin: String,
    pub copied: String,
}

/// A new random identity.
pub fn new_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// The columns of a table in their order.
pub fn columns(conn: &Connection, table: &str) -> StoreResult<Vec<String>> {
    let mut stmt = conn.prepare(&format!("SELECT name FROM pragma_table_info('{table}')"))?;
    let names = stmt
        .query_map([], |r| r.get::<_, String>(0))?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(names)
}

/// (Re)creates the triggers that record the writes of every tracked table, and gives the
/// file an identity if it has none.
pub(super) fn install(conn: &Connection) -> StoreResult<()> {
    for table in TRACKED {
        let cols = columns(conn, table.name)?;
        conn.execute_batch(&triggers(table, &cols))?;
    }
    let id = new_id();
    conn.execute(
        "INSERT OR IGNORE INTO replica (id, replica, family) VALUES (1, ?1, ?1)",
        [&id],
    )?;
    Ok(())
}

fn triggers(table: &Tracked, cols: &[String]) -> String {
    let name = table.name;
    let recording = "(SELECT change FROM recording)";
    let key = |row: &str| {
        let parts: Vec<String> = table.key.iter().map(|k| format!("{row}.{k}")).collect();
        format!("json_array({})", parts.join(", "))
    };
    let object = |row: &str| {
        let parts: Vec<String> = cols.iter().map(|c| format!("'{c}', {row}.{c}")).collect();
        format!("json_object({})", parts.join(", "))
    };
    let when = |row: &str| {
        let mut w = format!("{recording} IS NOT NULL");
        if name == "settings" {
            let shared: Vec<String> = SHARED_SETTINGS.iter().map(|k| format!("'{k}'")).collect();
            w.push_str(&format!(" AND {row}.key IN ({})", shared.join(", ")));
        }
        w
    };
    let insert = "INSERT INTO change_rows (change, tbl, row_key, op, col, old_value, new_value)";
    let updates: String = cols
        .iter()
        .map(|c| {
            format!(
                "    {insert} SELECT {recording}, '{name}', {}, 'update', '{c}', OLD.{c}, NEW.{c} \
                 WHERE OLD.{c} IS NOT NEW.{c};\n",
                key("NEW")
            )
        })
        .collect();
    format!(
        "DROP TRIGGER IF EXISTS log_{name}_insert;
DROP TRIGGER IF EXISTS log_{name}_update;
DROP TRIGGER IF EXISTS log_{name}_delete;
CREATE TRIGGER log_{name}_insert AFTER INSERT ON {name} WHEN {when_new}
BEGIN
    {insert} VALUES ({recording}, '{name}', {key_new}, 'insert', NULL, NULL, {object_new});
END;
CREATE TRIGGER log_{name}_update AFTER UPDATE ON {name} WHEN {when_new}
BEGIN
{updates}END;
CREATE TRIGGER log_{name}_delete AFTER DELETE ON {name} WHEN {when_old}
BEGIN
    {insert} VALUES ({recording}, '{name}', {key_old}, 'delete', NULL, {object_old}, NULL);
END;
",
        when_new = when("NEW"),
        when_old = when("OLD"),
        key_new = key("NEW"),
        key_old = key("OLD"),
        object_new = object("NEW"),
        object_old = object("OLD"),
    )
}

/// Gives this file a new replica id (the family stays): after a restore, or for a new copy.
pub fn renew_replica(conn: &Connection) -> StoreResult<String> {
    let id = new_id();
    conn.execute("UPDATE replica SET replica = ?1 WHERE id = 1", [&id])?;
    Ok(id)
}

/// This file's identity.
pub fn identity(conn: &Connection) -> StoreResult<Identity> {
    Ok(conn.query_row(
        "SELECT replica, family, origin, copied FROM replica WHERE id = 1",
        [],
        |r| {
            Ok(Identity {
                replica: r.get(0)?,
                family: r.get(1)?,
                origin: r.get(2)?,
                copied: r.get(3)?,
            })
        },
    )?)
}

/// How many changes of each replica this file has.
pub fn clock(conn: &Connection) -> StoreResult<Clock> {
    let mut stmt = conn.prepare("SELECT replica, MAX(counter) FROM changes GROUP BY replica")?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?;
    Ok(rows.collect::<Result<Clock, _>>()?)
}

/// Starts recording a change by `author`; returns its sequence number in this file.
pub(super) fn begin(conn: &Connection, author: &str, summary: &str) -> StoreResult<i64> {
    let me = identity(conn)?.replica;
    let clock = clock(conn)?;
    let counter = clock.get(&me).copied().unwrap_or(0) + 1;
    conn.execute(
        "INSERT INTO changes (replica, counter, author, made_at, summary, clock)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            me,
            counter,
            author,
            now(),
            summary,
            serde_json::to_string(&clock).unwrap_or_default()
        ],
    )?;
    let seq = conn.last_insert_rowid();
    conn.execute("UPDATE recording SET change = ?1 WHERE id = 1", [seq])?;
    Ok(seq)
}

/// The time of a change: local time with its offset, to the second.
pub fn now() -> String {
    chrono::Local::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
}

/// Stops recording: reduces the change to its net effect per row, drops it when nothing
/// changed, and seals it with its digest otherwise.
pub(super) fn finish(conn: &Connection, seq: i64) -> StoreResult<()> {
    conn.execute("UPDATE recording SET change = NULL WHERE id = 1", [])?;
    let raw = rows_of(conn, seq)?;
    let net = net_effect(&raw);
    if net.is_empty() {
        conn.execute("DELETE FROM changes WHERE seq = ?1", [seq])?;
        return Ok(());
    }
    if net != raw {
        conn.execute("DELETE FROM change_rows WHERE change = ?1", [seq])?;
        insert_rows(conn, seq, &net)?;
    }
    let change = change_at(conn, seq)?;
    conn.execute(
        "UPDATE changes SET digest = ?2 WHERE seq = ?1",
        params![seq, change.digest()],
    )?;
    Ok(())
}

/// Writes the rows of a change.
pub(super) fn insert_rows(conn: &Connection, seq: i64, rows: &[RowChange]) -> StoreResult<()> {
    let mut stmt = conn.prepare_cached(
        "INSERT INTO change_rows (change, tbl, row_key, op, col, old_value, new_value)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    for r in rows {
        let (old, new) = match r.op {
            Op::Update => (to_sql(&r.old), to_sql(&r.new)),
            Op::Insert => (SqlValue::Null, SqlValue::Text(r.new.to_string())),
            Op::Delete => (SqlValue::Text(r.old.to_string()), SqlValue::Null),
        };
        stmt.execute(params![seq, r.table, r.key, r.op.code(), r.col, old, new])?;
    }
    Ok(())
}

/// The rows of the change `seq`, in the order they were written.
pub fn rows_of(conn: &Connection, seq: i64) -> StoreResult<Vec<RowChange>> {
    let mut stmt = conn.prepare_cached(
        "SELECT tbl, row_key, op, col, old_value, new_value FROM change_rows
         WHERE change = ?1 ORDER BY id",
    )?;
    let rows = stmt.query_map([seq], read_row)?;
    let mut out = Vec::new();
    for row in rows {
        out.push(row??);
    }
    Ok(out)
}

type RowResult = Result<RowChange, StoreError>;

fn read_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<RowResult> {
    let op: String = r.get(2)?;
    let old: SqlValue = r.get(4)?;
    let new: SqlValue = r.get(5)?;
    let Some(op) = Op::parse(&op) else {
        return Ok(Err(StoreError::Corrupt(format!(
            "Änderungsprotokoll: unbekannte Art „{op}“."
        ))));
    };
    let parse_object = |v: SqlValue| -> Result<Value, StoreError> {
        match v {
            SqlValue::Text(t) => serde_json::from_str(&t)
                .map_err(|_| StoreError::Corrupt("Änderungsprotokoll: unlesbare Zeile.".into())),
            _ => Err(StoreError::Corrupt(
                "Änderungsprotokoll: unlesbare Zeile.".into(),
            )),
        }
    };
    let values = match op {
        Op::Update => Ok((to_json(old), to_json(new))),
        Op::Insert => parse_object(new).map(|n| (Value::Null, n)),
        Op::Delete => parse_object(old).map(|o| (o, Value::Null)),
    };
    Ok(values.map(|(old, new)| RowChange {
        table: r.get(0).unwrap_or_default(),
        key: r.get(1).unwrap_or_default(),
        op,
        col: r.get(3).unwrap_or_default(),
        old,
        new,
    }))
}

/// A SQLite value as JSON.
pub fn to_json(v: SqlValue) -> Value {
    match v {
        SqlValue::Null => Value::Null,
        SqlValue::Integer(i) => Value::from(i),
        SqlValue::Real(f) => serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number),
        SqlValue::Text(t) => Value::String(t),
        SqlValue::Blob(b) => Value::String(hex(&b)),
    }
}

/// A JSON scalar as a SQLite value (arrays and objects, which no column holds, as text).
pub fn to_sql(v: &Value) -> SqlValue {
    match v {
        Value::Null => SqlValue::Null,
        Value::Bool(b) => SqlValue::Integer(i64::from(*b)),
        Value::Number(n) => match n.as_i64() {
            Some(i) => SqlValue::Integer(i),
            None => SqlValue::Real(n.as_f64().unwrap_or(0.0)),
        },
        Value::String(s) => SqlValue::Text(s.clone()),
        other => SqlValue::Text(other.to_string()),
    }
}

/// Whether two values are the same (1 and 1.0 are).
pub fn same_value(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        _ => a == b,
    }
}

/// The change `seq` as it travels.
pub fn change_at(conn: &Connection, seq: i64) -> StoreResult<Change> {
    let (replica, counter, author, made_at, summary, clock): (
        String,
        i64,
        String,
        String,
        String,
        String,
    ) = conn.query_row(
        "SELECT replica, counter, author, made_at, summary, clock FROM changes WHERE seq = ?1",
        [seq],
        |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
            ))
        },
    )?;
    let clock = serde_json::from_str(&clock)
        .map_err(|_| StoreError::Corrupt("Änderungsprotokoll: unlesbarer Stand.".into()))?;
    Ok(Change {
        replica,
        counter,
        author,
        made_at,
        summary,
        clock,
        rows: rows_of(conn, seq)?,
    })
}

/// The changes this file has that go beyond `known` (what another copy had), in the order
/// this file received or made them.
pub fn changes_beyond(conn: &Connection, known: &Clock) -> StoreResult<Vec<Change>> {
    let mut stmt = conn.prepare("SELECT seq, replica, counter FROM changes ORDER BY seq")?;
    let all = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
            ))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let mut out = Vec::new();
    for (seq, replica, counter) in all {
        if known.get(&replica).is_none_or(|&n| counter > n) {
            out.push(change_at(conn, seq)?);
        }
    }
    Ok(out)
}

/// The digests of the changes this file has, by id.
pub fn digests(conn: &Connection) -> StoreResult<HashMap<String, String>> {
    let mut stmt = conn.prepare("SELECT replica, counter, digest FROM changes")?;
    let rows = stmt.query_map([], |r| {
        Ok((
            format!("{}:{}", r.get::<_, String>(0)?, r.get::<_, i64>(1)?),
            r.get::<_, String>(2)?,
        ))
    })?;
    Ok(rows.collect::<Result<HashMap<_, _>, _>>()?)
}

/// A change that wrote a row: who and when, and what it did.
#[derive(Clone, Debug, PartialEq)]
pub struct Write {
    pub replica: String,
    pub counter: i64,
    pub author: String,
    pub made_at: String,
    pub op: Op,
    pub col: Option<String>,
    /// The row's values a delete removed (to put them back).
    pub old: Value,
    /// The row's values an insert wrote.
    pub new: Value,
}

/// The writes of a row in this file's log, oldest first.
pub fn writes_of(conn: &Connection, table: &str, key: &str) -> StoreResult<Vec<Write>> {
    let mut stmt = conn.prepare_cached(
        "SELECT c.replica, c.counter, c.author, c.made_at, r.op, r.col, r.old_value, r.new_value
         FROM change_rows r JOIN changes c ON c.seq = r.change
         WHERE r.tbl = ?1 AND r.row_key = ?2 ORDER BY r.id",
    )?;
    let rows = stmt.query_map(params![table, key], |r| {
        let op: String = r.get(4)?;
        let old: SqlValue = r.get(6)?;
        let new: SqlValue = r.get(7)?;
        Ok((
            (
                r.get::<_, String>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
            ),
            op,
            r.get::<_, Option<String>>(5)?,
            old,
            new,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let ((replica, counter, author, made_at), op, col, old, new) = row?;
        let op = Op::parse(&op).ok_or_else(|| {
            StoreError::Corrupt(format!("Änderungsprotokoll: unbekannte Art „{op}“."))
        })?;
        let object = |v: SqlValue| match v {
            SqlValue::Text(t) => serde_json::from_str(&t).unwrap_or(Value::Null),
            _ => Value::Null,
        };
        let (old, new) = match op {
            Op::Delete => (object(old), Value::Null),
            Op::Insert => (Value::Null, object(new)),
            Op::Update => (Value::Null, Value::Null),
        };
        out.push(Write {
            replica,
            counter,
            author,
            made_at,
            op,
            col,
            old,
            new,
        });
    }
    Ok(out)
}

/// The current values of a row, or `None` when the file has no such row.
pub fn row_values(
    conn: &Connection,
    table: &Tracked,
    key: &[Value],
) -> StoreResult<Option<Map<String, Value>>> {
    let condition: Vec<String> = table
        .key
        .iter()
        .enumerate()
        .map(|(i, k)| format!("{k} = ?{}", i + 1))
        .collect();
    let sql = format!(
        "SELECT * FROM {} WHERE {}",
        table.name,
        condition.join(" AND ")
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let cols: Vec<String> = stmt.column_names().map(str::to_owned).collect();
    let params: Vec<SqlValue> = key.iter().map(to_sql).collect();
    let row = stmt
        .query_row(rusqlite::params_from_iter(params), |r| {
            let mut map = Map::new();
            for (i, c) in cols.iter().enumerate() {
                map.insert(c.clone(), to_json(r.get::<_, SqlValue>(i)?));
            }
            Ok(map)
        })
        .optional()?;
    Ok(row)
}

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

/// Records a change made by the program itself (the decisions of a merge) with its rows.
pub fn record(
    conn: &Connection,
    author: &str,
    summary: &str,
    rows: &[RowChange],
) -> StoreResult<i64> {
    let seq = begin(conn, author, summary)?;
    conn.execute("UPDATE recording SET change = NULL WHERE id = 1", [])?;
    insert_rows(conn, seq, rows)?;
    let change = change_at(conn, seq)?;
    conn.execute(
        "UPDATE changes SET digest = ?2 WHERE seq = ?1",
        params![seq, change.digest()],
    )?;
    Ok(seq)
}

/// Stores a change received from another copy, as it came.
pub fn store_received(conn: &Connection, change: &Change) -> StoreResult<()> {
    conn.prepare_cached(
        "INSERT INTO changes (replica, counter, author, made_at, summary, clock, digest)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        change.replica,
        change.counter,
        change.author,
        change.made_at,
        change.summary,
        serde_json::to_string(&change.clock).unwrap_or_default(),
        change.digest()
    ])?;
    insert_rows(conn, conn.last_insert_rowid(), &change.rows)
}

/// The sequence number of a change in this file.
pub fn seq_of(conn: &Connection, replica: &str, counter: i64) -> StoreResult<Option<i64>> {
    Ok(conn
        .query_row(
            "SELECT seq FROM changes WHERE replica = ?1 AND counter = ?2",
            params![replica, counter],
            |r| r.get(0),
        )
        .optional()?)
}

/// One line of the change log: a row's change with who made it and when.
#[derive(Clone, Debug, PartialEq)]
pub struct LogEntry {
    pub made_at: String,
    pub author: String,
    pub summary: String,
    pub row: RowChange,
}

/// The whole change log, oldest first.
pub fn log_entries(conn: &Connection) -> StoreResult<Vec<LogEntry>> {
    let mut stmt = conn.prepare(
        "SELECT c.made_at, c.author, c.summary, r.tbl, r.row_key, r.op, r.col, r.old_value,
                r.new_value
         FROM change_rows r JOIN changes c ON c.seq = r.change ORDER BY r.id",
    )?;
    let rows = stmt.query_map([], |r| {
        let head = (
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
        );
        // The row's own columns start at 3; `read_row` reads them from a shifted row.
        let op: String = r.get(5)?;
        let old: SqlValue = r.get(7)?;
        let new: SqlValue = r.get(8)?;
        Ok((
            head,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
            op,
            r.get::<_, Option<String>>(6)?,
            old,
            new,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let ((made_at, author, summary), table, key, op, col, old, new) = row?;
        let op = Op::parse(&op).ok_or_else(|| {
            StoreError::Corrupt(format!("Änderungsprotokoll: unbekannte Art „{op}“."))
        })?;
        let object = |v: SqlValue| match v {
            SqlValue::Text(t) => serde_json::from_str(&t).unwrap_or(Value::Null),
            _ => Value::Null,
        };
        let (old, new) = match op {
            Op::Update => (to_json(old), to_json(new)),
            Op::Insert => (Value::Null, object(new)),
            Op::Delete => (object(old), Value::Null),
        };
        out.push(LogEntry {
            made_at,
            author,
            summary,
            row: RowChange {
                table,
                key,
                op,
                col,
                old,
                new,
            },
        });
    }
    Ok(out)
}
