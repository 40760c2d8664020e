//! The triggers that record every write of the tracked tables into the change log.

use rusqlite::Connection;

use super::{SHARED_SETTINGS, TRACKED, Tracked, columns, new_id};
use crate::store::StoreResult;

/// (Re)creates the triggers that record the writes of every tracked table, and gives the
/// file an identity if it has none.
pub(in crate::store) fn install(conn: &Connection) -> StoreResult<()> {
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
