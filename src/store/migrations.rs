//! Append-only SQL migrations, tracked by `PRAGMA user_version`.

use std::path::Path;

use rusqlite::Connection;

use super::{APPLICATION_ID, StoreError, StoreResult};

/// The migrations in order; migration `i` brings the schema from version `i` to `i + 1`.
pub const MIGRATIONS: &[&str] = &[
    include_str!("../../db/migrations/0001_initial.sql"),
    include_str!("../../db/migrations/0002_ranking.sql"),
    include_str!("../../db/migrations/0003_projects.sql"),
    include_str!("../../db/migrations/0004_staff.sql"),
    include_str!("../../db/migrations/0005_history_author.sql"),
    include_str!("../../db/migrations/0006_change_log.sql"),
];

/// The schema version this build writes.
pub const LATEST_VERSION: i64 = MIGRATIONS.len() as i64;

/// Brings the schema up to date. An existing file is copied to `NAME.vN.bak` first.
pub(super) fn migrate(conn: &mut Connection, path: &Path) -> StoreResult<()> {
    let before: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    migrate_with(conn, path, MIGRATIONS)?;
    if before < LATEST_VERSION {
        // The change log's triggers follow the tables as the migrations left them.
        let tx = conn.transaction()?;
        super::changes::install(&tx)?;
        tx.commit()?;
    }
    Ok(())
}

/// Applies `migrations` beyond the file's version, each in its own transaction, after taking
/// a backup of a file that already has a schema. Public so that the mechanism can be tested
/// with a migration this build does not ship.
pub fn migrate_with(conn: &mut Connection, path: &Path, migrations: &[&str]) -> StoreResult<()> {
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if version >= migrations.len() as i64 {
        return Ok(());
    }
    if version > 0 {
        backup(conn, path, version)?;
    }
    for (i, sql) in migrations.iter().enumerate().skip(version as usize) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", i as i64 + 1)?;
        tx.pragma_update(None, "application_id", APPLICATION_ID)?;
        tx.commit()?;
    }
    Ok(())
}

/// Path of the backup taken before migrating a file from schema `version`.
pub fn backup_path(path: &Path, version: i64) -> std::path::PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".v{version}.bak"));
    path.with_file_name(name)
}

fn backup(conn: &Connection, path: &Path, version: i64) -> StoreResult<()> {
    let target = backup_path(path, version);
    let mut dst = Connection::open(&target)?;
    let b = rusqlite::backup::Backup::new(conn, &mut dst)?;
    b.run_to_completion(256, std::time::Duration::ZERO, None)
        .map_err(|e| {
            StoreError::Corrupt(format!(
                "Sicherungskopie vor der Aktualisierung fehlgeschlagen ({e}): {}",
                target.display()
            ))
        })
}
