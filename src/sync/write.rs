//! The SQL side of exchanges: reading what a merge starts from, writing its outcome, and
//! making a working copy.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, params};
use serde_json::{Map, Value};

use super::merge::{Context, ForeignKey, LocalRow, Outcome, RowId};
use super::{Peer, Preview, SyncError};
use crate::store::changes::{self, Change, Op, Tracked, to_sql, tracked};
use crate::store::{Store, StoreError};

pub(super) fn peers(conn: &Connection) -> Result<Vec<Peer>, SyncError> {
    let mut stmt = conn.prepare("SELECT replica, name, clock, seen FROM peers ORDER BY seen")?;
    let rows = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
            ))
        })?
        .collect::<Result<Vec<_>, _>>()
        .map_err(StoreError::from)?;
    Ok(rows
        .into_iter()
        .map(|(replica, name, clock, seen)| Peer {
            replica,
            name,
            clock: serde_json::from_str(&clock).unwrap_or_default(),
            seen,
        })
        .collect())
}

fn set_peer(conn: &Connection, peer: &Peer) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO peers (replica, name, clock, seen) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (replica) DO UPDATE SET name = excluded.name, clock = excluded.clock,
         seen = excluded.seen",
        params![
            peer.replica,
            peer.name,
            serde_json::to_string(&peer.clock).unwrap_or_default(),
            peer.seen
        ],
    )?;
    Ok(())
}

fn key_values(row: &RowId) -> Result<(&'static Tracked, Vec<Value>), SyncError> {
    let table = tracked(&row.0)
        .ok_or_else(|| SyncError::Invalid(format!("unbekannte Tabelle „{}“", row.0)))?;
    let key: Vec<Value> = serde_json::from_str(&row.1)
        .map_err(|_| SyncError::Invalid(format!("unlesbarer Schlüssel in „{}“", row.0)))?;
    if key.len() != table.key.len() {
        return Err(SyncError::Invalid(format!(
            "ungültiger Schlüssel in „{}“",
            row.0
        )));
    }
    Ok((table, key))
}

/// The rows the incoming changes touch, as this file has them, and the rows of this file's
/// changes that deleted some of them.
pub(super) fn context(conn: &Connection, incoming: Vec<Change>) -> Result<Context, SyncError> {
    let foreign_keys = foreign_keys(conn)?;
    let mut ctx = Context {
        foreign_keys,
        ..Context::default()
    };
    let mut rows: HashMap<RowId, LocalRow> = HashMap::new();
    let mut deleters: Vec<(String, i64)> = Vec::new();
    let mut load = |rows: &mut HashMap<RowId, LocalRow>, row: RowId| -> Result<(), SyncError> {
        if rows.contains_key(&row) {
            return Ok(());
        }
        let (table, key) = key_values(&row)?;
        let values = changes::row_values(conn, table, &key)?;
        let writes = changes::writes_of(conn, &row.0, &row.1)?;
        if values.is_none()
            && let Some(w) = writes.iter().rev().find(|w| w.op != Op::Update)
            && w.op == Op::Delete
        {
            deleters.push((w.replica.clone(), w.counter));
        }
        rows.insert(row, LocalRow { values, writes });
        Ok(())
    };
    for c in &incoming {
        for e in &c.rows {
            let row = (e.table.clone(), e.key.clone());
            load(&mut rows, row.clone())?;
            for parent in ctx.parents_of(e) {
                load(&mut rows, parent)?;
            }
            if e.op == Op::Delete && !ctx.children.contains_key(&row) {
                let children = children_of(conn, &ctx.foreign_keys, &row)?;
                for (child, _) in &children {
                    load(&mut rows, child.clone())?;
                }
                ctx.children.insert(row, children);
            }
        }
    }
    let mut local_changes = HashMap::new();
    for (replica, counter) in deleters {
        let id = format!("{replica}:{counter}");
        if local_changes.contains_key(&id) {
            continue;
        }
        if let Some(seq) = changes::seq_of(conn, &replica, counter)? {
            let change_rows = changes::rows_of(conn, seq)?;
            for e in &change_rows {
                for parent in ctx.parents_of(e) {
                    if let std::collections::hash_map::Entry::Vacant(slot) = rows.entry(parent) {
                        let (table, key) = key_values(slot.key())?;
                        let values = changes::row_values(conn, table, &key)?;
                        let writes = changes::writes_of(conn, &slot.key().0, &slot.key().1)?;
                        slot.insert(LocalRow { values, writes });
                    }
                }
                let row = (e.table.clone(), e.key.clone());
                if let std::collections::hash_map::Entry::Vacant(slot) = rows.entry(row) {
                    let (table, key) = key_values(slot.key())?;
                    let values = changes::row_values(conn, table, &key)?;
                    let writes = changes::writes_of(conn, &slot.key().0, &slot.key().1)?;
                    slot.insert(LocalRow { values, writes });
                }
            }
            local_changes.insert(id, change_rows);
        }
    }
    ctx.incoming = incoming;
    ctx.rows = rows;
    ctx.local_changes = local_changes;
    Ok(ctx)
}

/// The references between tracked tables, as the schema declares them.
fn foreign_keys(conn: &Connection) -> Result<Vec<ForeignKey>, SyncError> {
    let mut out = Vec::new();
    for t in changes::TRACKED {
        let mut stmt = conn.prepare(&format!(
            "SELECT \"table\", \"from\", on_delete FROM pragma_foreign_key_list('{}')",
            t.name
        ))?;
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                ))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        for (parent, col, on_delete) in rows {
            if tracked(&parent).is_some() {
                out.push(ForeignKey {
                    child: t.name.to_owned(),
                    col,
                    parent,
                    cascade: on_delete.eq_ignore_ascii_case("CASCADE"),
                });
            }
        }
    }
    Ok(out)
}

/// The rows of this file that refer to a row.
fn children_of(
    conn: &Connection,
    fks: &[ForeignKey],
    row: &RowId,
) -> Result<Vec<(RowId, usize)>, SyncError> {
    let (_, key) = key_values(row)?;
    let Some(value) = key.first() else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for (i, fk) in fks.iter().enumerate().filter(|(_, fk)| fk.parent == row.0) {
        let Some(child) = tracked(&fk.child) else {
            continue;
        };
        let parts: Vec<String> = child.key.to_vec().iter().map(|k| k.to_string()).collect();
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT json_array({}) FROM {} WHERE {} = ?1",
            parts.join(", "),
            child.name,
            fk.col
        ))?;
        let keys = stmt
            .query_map([to_sql(value)], |r| r.get::<_, String>(0))?
            .collect::<Result<Vec<_>, _>>()?;
        out.extend(keys.into_iter().map(|k| ((fk.child.clone(), k), i)));
    }
    Ok(out)
}

/// Writes the outcome of a merge: the rows, the received changes, the decisions, what the
/// sender had; then checks that the data load.
pub(super) fn apply(
    conn: &Connection,
    preview: &Preview,
    outcome: &Outcome,
    author: &str,
) -> Result<crate::model::Workspace, SyncError> {
    conn.pragma_update(None, "defer_foreign_keys", "ON")?;
    // Nothing may have changed since the preview: no change in the log, and the rows as read
    // (checked before writing: deleting a row deletes or clears the rows that refer to it).
    let changed = || {
        SyncError::Invalid(
            "die Datei hat sich seit der Vorschau geändert; bitte das Paket erneut öffnen"
                .to_owned(),
        )
    };
    let mark = (changes::identity(conn)?.replica, changes::last_seq(conn)?);
    if mark != preview.mark {
        return Err(changed());
    }
    for (row, (before, _)) in &outcome.rows {
        let (table, key) = key_values(row)?;
        if changes::row_values(conn, table, &key)? != *before {
            return Err(changed());
        }
    }
    let mut columns: HashMap<&str, Vec<String>> = HashMap::new();
    for (row, (before, after)) in &outcome.rows {
        let (table, key) = key_values(row)?;
        if !columns.contains_key(table.name) {
            columns.insert(table.name, changes::columns(conn, table.name)?);
        }
        let cols = &columns[table.name];
        if let Some(values) = after
            && let Some(unknown) = values.keys().find(|k| !cols.contains(k))
        {
            return Err(SyncError::Invalid(format!(
                "die Tabelle „{}“ hat keine Spalte „{unknown}“",
                table.name
            )));
        }
        write_row(conn, table, &key, before.as_ref(), after.as_ref()).map_err(|e| {
            let object = super::describe::object_label(
                &crate::model::Workspace::default(),
                table.name,
                &row.1,
                after.as_ref().or(before.as_ref()),
            );
            SyncError::Invalid(write_problem(&object, table.name, &e))
        })?;
    }
    for c in &preview.context.incoming {
        changes::store_received(conn, c)?;
    }
    if !outcome.resolution.is_empty() {
        let summary = format!(
            "Zusammenführung mit {}: {}",
            preview.header.sender_name,
            crate::model::format::counted(outcome.conflicts.len(), "Konflikt", "Konflikte")
        );
        changes::record(conn, author, &summary, &outcome.resolution)?;
    }
    set_peer(
        conn,
        &Peer {
            replica: preview.header.sender.clone(),
            name: peer_name(&preview.header.sender_name, &preview.header.file),
            clock: preview.header.clock.clone(),
            seen: changes::now(),
        },
    )?;
    check(conn)
}

/// Why a row could not be written, in words: a value taken by another row here, or another
/// rule of the database.
fn write_problem(object: &str, table: &str, e: &rusqlite::Error) -> String {
    if let rusqlite::Error::SqliteFailure(err, Some(message)) = e
        && err.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE
    {
        let fields: Vec<String> = message
            .rsplit(": ")
            .next()
            .unwrap_or_default()
            .split(", ")
            .filter_map(|c| c.split('.').nth(1))
            .map(|c| super::describe::field_label(table, c))
            .collect();
        return format!(
            "{object}: {} ist hier schon bei einem anderen Eintrag vergeben – bitte in einer der Kopien ändern und dann erneut austauschen",
            fields.join(", ")
        );
    }
    format!(
        "{object} lässt sich nicht schreiben ({})",
        crate::store::sqlite_reason(e)
    )
}

fn peer_name(person: &str, file: &str) -> String {
    match (person.trim(), file.trim()) {
        ("", f) => f.to_owned(),
        (p, "") => p.to_owned(),
        (p, f) => format!("{p} ({f})"),
    }
}

fn write_row(
    conn: &Connection,
    table: &Tracked,
    key: &[Value],
    before: Option<&Map<String, Value>>,
    after: Option<&Map<String, Value>>,
) -> rusqlite::Result<()> {
    let condition: Vec<String> = table
        .key
        .iter()
        .enumerate()
        .map(|(i, k)| format!("{k} = ?{}", i + 1))
        .collect();
    let condition = condition.join(" AND ");
    let mut params: Vec<rusqlite::types::Value> = key.iter().map(to_sql).collect();
    match (before, after) {
        (Some(_), None) => {
            conn.prepare_cached(&format!("DELETE FROM {} WHERE {condition}", table.name))?
                .execute(rusqlite::params_from_iter(params))?;
        }
        (None, Some(values)) => {
            let cols: Vec<&String> = values.keys().collect();
            let marks: Vec<String> = (1..=cols.len()).map(|i| format!("?{i}")).collect();
            let names: Vec<&str> = cols.iter().map(|c| c.as_str()).collect();
            conn.prepare_cached(&format!(
                "INSERT INTO {} ({}) VALUES ({})",
                table.name,
                names.join(", "),
                marks.join(", ")
            ))?
            .execute(rusqlite::params_from_iter(values.values().map(to_sql)))?;
        }
        (Some(old), Some(new)) => {
            let changed: Vec<(&String, &Value)> = new
                .iter()
                .filter(|(k, v)| old.get(*k) != Some(*v))
                .collect();
            if changed.is_empty() {
                return Ok(());
            }
            let offset = params.len();
            let sets: Vec<String> = changed
                .iter()
                .enumerate()
                .map(|(i, (k, _))| format!("{k} = ?{}", offset + i + 1))
                .collect();
            params.extend(changed.iter().map(|(_, v)| to_sql(v)));
            conn.prepare_cached(&format!(
                "UPDATE {} SET {} WHERE {condition}",
                table.name,
                sets.join(", ")
            ))?
            .execute(rusqlite::params_from_iter(params))?;
        }
        (None, None) => {}
    }
    Ok(())
}

/// The data after a merge must hold together: every reference found, and the whole
/// workspace loadable.
fn check(conn: &Connection) -> Result<crate::model::Workspace, SyncError> {
    let broken: Option<(String, String)> = conn
        .query_row(
            "SELECT \"table\", parent FROM pragma_foreign_key_check LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .ok();
    if let Some((table, parent)) = broken {
        return Err(SyncError::Invalid(format!(
            "danach verwiese {} auf {}, das es nicht gibt",
            super::describe::table_label(&table),
            super::describe::table_label(&parent)
        )));
    }
    crate::store::load_from(conn)
        .map_err(|e| SyncError::Invalid(format!("die Daten wären danach ungültig ({e})")))
}

/// Writes a working copy (see `super::copy`).
pub(super) fn copy(store: &mut Store, out: &Path) -> Result<PathBuf, SyncError> {
    let shown = out.display().to_string();
    if out.symlink_metadata().is_ok() {
        return Err(StoreError::Exists { path: shown }.into());
    }
    let origin = store.path().display().to_string();
    let not_written = |reason: String| SyncError::OriginNotWritten {
        path: origin.clone(),
        reason,
    };
    if store.is_read_only() {
        return Err(not_written("sie ist nur zum Lesen geöffnet".to_owned()));
    }
    let io = |source| SyncError::Io {
        path: shown.clone(),
        source,
    };
    let dir = out
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = out.file_name().unwrap_or_default().to_string_lossy();
    let tmp = crate::paths::new_file_in(dir, &format!(".{name}."), ".neu")
        .map_err(io)?
        .into_temp_path();
    let me = changes::identity(store.connection())?;
    let clock = changes::clock(store.connection())?;
    let origin_name = store
        .path()
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let copy_replica = {
        let mut dst = Connection::open(&tmp).map_err(StoreError::from)?;
        {
            let backup = rusqlite::backup::Backup::new(store.connection(), &mut dst)
                .map_err(StoreError::from)?;
            backup
                .run_to_completion(1024, std::time::Duration::ZERO, None)
                .map_err(StoreError::from)?;
        }
        let tx = dst.transaction().map_err(StoreError::from)?;
        let replica = changes::renew_replica(&tx)?;
        tx.execute(
            "UPDATE replica SET origin = ?1, copied = ?2 WHERE id = 1",
            params![me.replica, changes::now()],
        )
        .map_err(StoreError::from)?;
        tx.execute("DELETE FROM peers", [])
            .map_err(StoreError::from)?;
        set_peer(
            &tx,
            &Peer {
                replica: me.replica.clone(),
                name: format!("Herkunft ({origin_name})"),
                clock: clock.clone(),
                seen: changes::now(),
            },
        )?;
        tx.commit().map_err(StoreError::from)?;
        dst.pragma_update(None, "journal_mode", "DELETE")
            .map_err(StoreError::from)?;
        dst.close().map_err(|(_, e)| StoreError::from(e))?;
        replica
    };
    let copy_name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    // This file learns of the copy in the transaction that puts the copy in place: either
    // both happen, or neither (a file that cannot be written gets no copy).
    let mut placed = false;
    let mut not_placed = None;
    let recorded = store.bookkeeping_transaction(|tx| {
        set_peer(
            tx,
            &Peer {
                replica: copy_replica,
                name: format!("Arbeitskopie ({copy_name})"),
                clock,
                seen: changes::now(),
            },
        )?;
        match tmp.persist_noclobber(out) {
            Ok(()) => {
                placed = true;
                Ok(())
            }
            Err(e) if e.error.kind() == std::io::ErrorKind::AlreadyExists => {
                Err(StoreError::Exists {
                    path: shown.clone(),
                })
            }
            Err(e) => {
                not_placed = Some(e.error);
                Err(StoreError::Incomplete {
                    path: shown.clone(),
                })
            }
        }
    });
    if let Some(source) = not_placed {
        return Err(io(source));
    }
    match recorded {
        Ok(()) => {}
        Err(e @ StoreError::Exists { .. }) => return Err(e.into()),
        Err(e) => {
            if placed {
                let _ = std::fs::remove_file(out);
            }
            return Err(not_written(match &e {
                StoreError::Sqlite(s) => crate::store::sqlite_reason(s),
                other => other.to_string(),
            }));
        }
    }
    Ok(out.to_path_buf())
}
