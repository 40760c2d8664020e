//! The file around the database: creating it complete or not at all, the lock against a
//! second instance (by the file's real path), the checkpoint the data depend on, the check of
//! a damaged file, and SQLite's errors in German.

use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

use super::{Store, StoreError, StoreResult, migrations};

impl Store {
    /// Creates a new database at `path`, filled by `fill`. It is built under a temporary name
    /// in the same folder and moved into place only when it is complete and checkpointed, so
    /// an interrupted creation leaves no file at `path` (and nothing that blocks the next try).
    /// An existing file is never replaced.
    pub fn create_with<E: From<StoreError>>(
        path: &Path,
        fill: impl FnOnce(&mut Store) -> Result<(), E>,
    ) -> Result<Store, E> {
        let shown = path.display().to_string();
        if path.symlink_metadata().is_ok() {
            return Err(StoreError::Exists { path: shown }.into());
        }
        // Side files of an earlier database at this name would be replayed into the new one.
        for side in ["-wal", "-shm", "-journal"] {
            let mut name = path.as_os_str().to_os_string();
            name.push(side);
            if Path::new(&name).symlink_metadata().is_ok() {
                return Err(StoreError::Leftover {
                    path: Path::new(&name).display().to_string(),
                }
                .into());
            }
        }
        let io = |source| StoreError::Io {
            path: shown.clone(),
            source,
        };
        let dir = path
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        let tmp = crate::paths::new_file_in(dir, &format!(".{name}."), ".neu")
            .map_err(io)?
            .into_temp_path();
        {
            let mut store = Store::open_fresh(&tmp)?;
            fill(&mut store)?;
            store.checkpoint()?;
        }
        // Into place without replacing anything that appeared meanwhile (and, on Windows, no
        // longer marked as a temporary file).
        match tmp.persist_noclobber(path) {
            Ok(()) => {}
            Err(e) if e.error.kind() == std::io::ErrorKind::AlreadyExists => {
                return Err(StoreError::Exists { path: shown }.into());
            }
            Err(e) => return Err(io(e.error).into()),
        }
        Ok(Store::open(path, super::OpenMode::Existing)?)
    }

    /// A new, empty file at a temporary path: the schema, no lock (nobody else knows the name).
    fn open_fresh(path: &Path) -> StoreResult<Store> {
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
            read_only: false,
            _lock: None,
            sound: std::sync::Mutex::new(None),
            recording: false,
            author: super::default_author(),
        };
        migrations::migrate(&mut store.conn, path)?;
        Ok(store)
    }

    /// Moves everything from the write-ahead log into the file itself and reports when that
    /// did not fully succeed (a full disk, another reader holding the log).
    pub fn checkpoint(&self) -> StoreResult<()> {
        // The soundness check's reader would keep the log from being emptied.
        self.await_soundness()?;
        if self.read_only {
            return Ok(());
        }
        let (busy, log, moved): (i64, i64, i64) =
            self.conn
                .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?))
                })?;
        if busy != 0 || moved < log {
            return Err(StoreError::Incomplete {
                path: self.path.display().to_string(),
            });
        }
        Ok(())
    }

    /// Closes the file after a checkpoint, so the caller learns whether everything is in it.
    pub fn close(self) -> StoreResult<()> {
        self.checkpoint()?;
        let path = self.path.display().to_string();
        self.conn
            .close()
            .map_err(|(_, e)| StoreError::from(e))
            .map_err(|e| match e {
                StoreError::Sqlite(_) => StoreError::Incomplete { path },
                other => other,
            })
    }
}

/// The lock file of a database: next to the file's real path, so the same file opened through
/// a symbolic link or another spelling of its path finds the same lock.
pub fn lock_path(path: &Path) -> PathBuf {
    let real = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let mut name = real.file_name().unwrap_or_default().to_os_string();
    name.push(".lock");
    real.with_file_name(name)
}

pub(super) fn acquire_lock(path: &Path) -> StoreResult<File> {
    let lock_file = lock_path(path);
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&lock_file)
        .map_err(|source| StoreError::Io {
            path: lock_file.display().to_string(),
            source,
        })?;
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(std::fs::TryLockError::WouldBlock) => Err(StoreError::Locked {
            path: path.display().to_string(),
        }),
        Err(std::fs::TryLockError::Error(source)) => Err(StoreError::Io {
            path: lock_file.display().to_string(),
            source,
        }),
    }
}

/// Checks the file's soundness on a thread of its own, with its own read-only connection, so
/// that it runs while the data are loaded.
pub(super) fn spawn_soundness_check(path: &Path) -> std::thread::JoinHandle<StoreResult<()>> {
    let path = path.to_path_buf();
    std::thread::spawn(move || {
        let conn = Connection::open_with_flags(
            &path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        check_sound(&conn, &path)
    })
}

/// Refuses a damaged file: `PRAGMA quick_check` must answer "ok".
pub(super) fn check_sound(conn: &Connection, path: &Path) -> StoreResult<()> {
    let first: String = match conn.query_row("PRAGMA quick_check(1)", [], |r| r.get(0)) {
        Ok(first) => first,
        // Damage shows as an error of its own; anything else (a busy file) is no verdict.
        Err(rusqlite::Error::SqliteFailure(f, _))
            if matches!(
                f.code,
                rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase
            ) =>
        {
            String::new()
        }
        Err(e) => return Err(e.into()),
    };
    if first == "ok" {
        return Ok(());
    }
    Err(StoreError::Damaged {
        path: path.display().to_string(),
        backup: last_backup(path).map_or_else(
            || "Es gibt keine Sicherung dieser Datei.".to_owned(),
            |b| format!("Die letzte Sicherung: {}", b.display()),
        ),
    })
}

/// The newest backup of a database: in the `backups` folder beside it, or a copy taken before
/// a migration (`NAME.vN.bak`).
pub fn last_backup(path: &Path) -> Option<PathBuf> {
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty());
    let dir = dir.unwrap_or(Path::new("."));
    let name = path.file_name()?.to_string_lossy().into_owned();
    let mut candidates: Vec<PathBuf> = [super::BackupReason::Import, super::BackupReason::Restore]
        .into_iter()
        .filter_map(|reason| super::backups(path, reason).into_iter().next())
        .collect();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let file = e.file_name().to_string_lossy().into_owned();
            let migration = file
                .strip_prefix(&format!("{name}.v"))
                .and_then(|r| r.strip_suffix(".bak"))
                .is_some_and(|v| !v.is_empty() && v.chars().all(|c| c.is_ascii_digit()));
            if migration {
                candidates.push(e.path());
            }
        }
    }
    candidates
        .into_iter()
        .max_by_key(|p| std::fs::metadata(p).and_then(|m| m.modified()).ok())
}

/// SQLite's error in German words, for the common cases a user meets.
pub fn sqlite_reason(e: &rusqlite::Error) -> String {
    use rusqlite::ErrorCode;
    let rusqlite::Error::SqliteFailure(f, _) = e else {
        return e.to_string();
    };
    match f.code {
        ErrorCode::DiskFull => "der Datenträger ist voll".to_owned(),
        ErrorCode::ReadOnly => "die Datei oder ihr Ordner ist schreibgeschützt".to_owned(),
        ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase => {
            "die Datei ist beschädigt".to_owned()
        }
        ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked => {
            "die Datei ist von einem anderen Programm gesperrt".to_owned()
        }
        ErrorCode::CannotOpen => "die Datei kann nicht geöffnet werden".to_owned(),
        ErrorCode::PermissionDenied => "keine Berechtigung für die Datei".to_owned(),
        ErrorCode::SystemIoFailure => "Lese- oder Schreibfehler des Datenträgers".to_owned(),
        ErrorCode::ConstraintViolation => {
            "ein Wert widerspricht den Regeln der Datenbank".to_owned()
        }
        _ => e.to_string(),
    }
}
