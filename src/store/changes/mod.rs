//! The change log. Triggers on every tracked table record each write into `change_rows` while
//! a change is being made (`recording.change`); when the transaction's work is done the change
//! is reduced to its net effect per row, numbered in this file's sequence and sealed with a
//! digest. Changes received from other copies are stored as they came, under their own ids.

mod net;
mod read;
mod triggers;

use std::collections::BTreeMap;

use rusqlite::types::Value as SqlValue;
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};

use super::StoreResult;

pub use net::net_effect;
pub use read::{
    LogEntry, Write, change_at, changes_beyond, digests, log_entries, row_values, rows_of,
    same_value, to_json, to_sql, writes_of,
};
pub(super) use triggers::install;

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

/// The sequence number of the last change in this file's log (0 when there is none): with the
/// replica id, it tells whether the file changed since.
pub fn last_seq(conn: &Connection) -> StoreResult<i64> {
    Ok(
        conn.query_row("SELECT COALESCE(MAX(seq), 0) FROM changes", [], |r| {
            r.get(0)
        })?,
    )
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
