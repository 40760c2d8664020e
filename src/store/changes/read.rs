//! Reading the change log: a change as it travels, the writes of a row, a row's values, and
//! the log as lines.

use std::collections::HashMap;

use rusqlite::types::Value as SqlValue;
use rusqlite::{Connection, OptionalExtension, params};
use serde_json::{Map, Value};

use super::{Change, Clock, Op, RowChange, Tracked, hex};
use crate::store::{StoreError, StoreResult};

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
        let op = parse_op(&op)?;
        let (old, new) = match op {
            Op::Delete => (json_object(old), Value::Null),
            Op::Insert => (Value::Null, json_object(new)),
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
        let op = parse_op(&op)?;
        let (old, new) = match op {
            Op::Update => (to_json(old), to_json(new)),
            Op::Insert => (Value::Null, json_object(new)),
            Op::Delete => (json_object(old), Value::Null),
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

/// The kind of a logged row change; an unknown one is a damaged log.
fn parse_op(code: &str) -> StoreResult<Op> {
    Op::parse(code)
        .ok_or_else(|| StoreError::Corrupt(format!("Änderungsprotokoll: unbekannte Art „{code}“.")))
}

/// The values of an inserted or deleted row as logged (JSON text), `null` if unreadable.
fn json_object(v: SqlValue) -> Value {
    match v {
        SqlValue::Text(t) => serde_json::from_str(&t).unwrap_or(Value::Null),
        _ => Value::Null,
    }
}
