//! Offices in the store.

use rusqlite::{Connection, params};

use super::StoreResult;
use crate::model::{Office, OfficeId, OfficeValue};

pub(super) fn load_offices(conn: &Connection) -> StoreResult<Vec<Office>> {
    let mut stmt = conn.prepare(
        "SELECT id, number, name, parent, deferred, deferred_reason, pilot FROM offices ORDER BY id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(Office {
            id: r.get(0)?,
            number: r.get(1)?,
            name: r.get(2)?,
            parent: r.get(3)?,
            deferred: r.get(4)?,
            deferred_reason: r.get(5)?,
            pilot: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn insert(conn: &Connection, o: &Office) -> StoreResult<()> {
    conn.execute(
        "INSERT INTO offices (id, number, name, parent, deferred, deferred_reason, pilot)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            o.id,
            o.number,
            o.name,
            o.parent,
            o.deferred,
            o.deferred_reason,
            o.pilot
        ],
    )?;
    Ok(())
}

pub(super) fn delete(conn: &Connection, id: OfficeId) -> StoreResult<()> {
    conn.execute("DELETE FROM offices WHERE id = ?1", [id])?;
    Ok(())
}

pub(super) fn set_value(conn: &Connection, id: OfficeId, value: &OfficeValue) -> StoreResult<()> {
    if let OfficeValue::Number(new) = value {
        let old: String =
            conn.query_row("SELECT number FROM offices WHERE id = ?1", [id], |r| {
                r.get(0)
            })?;
        super::staff::rename_unit(conn, &old, new)?;
    }
    let (column, v): (&str, rusqlite::types::Value) = match value {
        OfficeValue::Number(v) => ("number", v.clone().into()),
        OfficeValue::Name(v) => ("name", v.clone().into()),
        OfficeValue::Parent(v) => ("parent", v.clone().into()),
        OfficeValue::Deferred(v) => ("deferred", (*v as i64).into()),
        OfficeValue::DeferredReason(v) => ("deferred_reason", v.clone().into()),
        OfficeValue::Pilot(v) => ("pilot", (*v as i64).into()),
    };
    conn.execute(
        &format!("UPDATE offices SET {column} = ?1 WHERE id = ?2"),
        params![v, id],
    )?;
    Ok(())
}
