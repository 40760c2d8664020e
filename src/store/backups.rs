//! Copies of the database in the `backups` folder beside it, made with SQLite's backup API:
//! before every import (the last 20 kept) and before a restore; and the restore itself.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

use super::{APPLICATION_ID, LATEST_VERSION, Store, StoreError, StoreResult, files};

/// Why a backup was made; part of its file name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BackupReason {
    Import,
    Restore,
    /// The first opening of a day.
    Daily,
}

impl BackupReason {
    fn label(self) -> &'static str {
        match self {
            Self::Import => "vor Import",
            Self::Restore => "vor Wiederherstellung",
            Self::Daily => "täglich",
        }
    }

    /// How many backups of this kind are kept (the newest).
    fn kept(self) -> Option<usize> {
        match self {
            Self::Import => Some(KEEP_IMPORT_BACKUPS),
            Self::Daily => Some(KEEP_DAILY_BACKUPS),
            Self::Restore => None,
        }
    }
}

/// Daily backups that are kept; older ones are removed.
pub const KEEP_DAILY_BACKUPS: usize = 14;

/// Backups before imports that are kept; older ones are removed.
pub const KEEP_IMPORT_BACKUPS: usize = 20;

/// The backups folder of a database.
pub fn backup_dir(path: &Path) -> PathBuf {
    path.parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .join("backups")
}

/// The date, time and number of a backup's name `"{stem} YYYY-MM-DD HH-MM-SS[ (n)] {label}.sqlite"`
/// of this database; `None` for any other name (another database's backups included).
fn backup_stamp(file: &str, stem: &str, reason: BackupReason) -> Option<(String, u32)> {
    let rest = file
        .strip_prefix(stem)?
        .strip_prefix(' ')?
        .strip_suffix(".sqlite")?
        .strip_suffix(reason.label())?
        .strip_suffix(' ')?;
    let (stamp, n) = match rest.split_once(" (") {
        Some((stamp, n)) => (stamp, n.strip_suffix(')')?.parse().ok()?),
        None => (rest, 1),
    };
    chrono::NaiveDateTime::parse_from_str(stamp, "%Y-%m-%d %H-%M-%S").ok()?;
    Some((stamp.to_owned(), n))
}

/// The backups of a database for `reason`, newest first.
pub fn backups(path: &Path, reason: BackupReason) -> Vec<PathBuf> {
    let stem = path.file_stem().unwrap_or_default().to_string_lossy();
    let Ok(entries) = std::fs::read_dir(backup_dir(path)) else {
        return Vec::new();
    };
    let mut found: Vec<((String, u32), PathBuf)> = entries
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            Some((backup_stamp(&name, &stem, reason)?, e.path()))
        })
        .collect();
    found.sort();
    found.into_iter().rev().map(|(_, p)| p).collect()
}

impl Store {
    /// Copies the database as it is now into the backups folder and returns the copy's path;
    /// backups before imports beyond the last 20 are removed.
    pub fn backup(&self, reason: BackupReason) -> StoreResult<PathBuf> {
        self.await_soundness()?;
        let dir = backup_dir(&self.path);
        let io = |source| StoreError::Io {
            path: dir.display().to_string(),
            source,
        };
        std::fs::create_dir_all(&dir).map_err(io)?;
        let stem = self.path.file_stem().unwrap_or_default().to_string_lossy();
        let now = chrono::Local::now().format("%Y-%m-%d %H-%M-%S");
        let mut target = dir.join(format!("{stem} {now} {}.sqlite", reason.label()));
        let mut n = 1;
        while target.symlink_metadata().is_ok() {
            n += 1;
            target = dir.join(format!("{stem} {now} ({n}) {}.sqlite", reason.label()));
        }
        // Written under a temporary name, so a backup is either complete or absent.
        let tmp = crate::paths::new_file_in(&dir, ".backup-", ".neu")
            .map_err(io)?
            .into_temp_path();
        {
            let mut dst = Connection::open(&tmp)?;
            let b = rusqlite::backup::Backup::new(&self.conn, &mut dst)?;
            b.run_to_completion(1024, std::time::Duration::ZERO, None)?;
        }
        tmp.persist(&target).map_err(|e| io(e.error))?;
        if let Some(kept) = reason.kept() {
            for old in backups(&self.path, reason).into_iter().skip(kept) {
                let _ = std::fs::remove_file(old);
            }
        }
        Ok(target)
    }

    /// The backup of the day: made at the first opening of a day (the last 14 kept); `None`
    /// when today's exists already.
    pub fn daily_backup(&self) -> StoreResult<Option<PathBuf>> {
        if self.read_only {
            return Ok(None);
        }
        let stem = self.path.file_stem().unwrap_or_default().to_string_lossy();
        let today = chrono::Local::now().format("%Y-%m-%d").to_string();
        let done = backups(&self.path, BackupReason::Daily)
            .first()
            .is_some_and(|p| {
                p.file_name()
                    .and_then(|n| n.to_str())
                    .and_then(|n| n.strip_prefix(stem.as_ref()))
                    .is_some_and(|rest| rest.trim_start().starts_with(&today))
            });
        if done {
            return Ok(None);
        }
        self.backup(BackupReason::Daily).map(Some)
    }

    /// Replaces the data with a backup of this file, after backing up the current state; the
    /// backup must be a sound ozg-cockpit database of this schema. Returns the backup of the
    /// state before. The caller reloads the workspace.
    pub fn restore(&mut self, from: &Path) -> StoreResult<PathBuf> {
        if self.read_only {
            return Err(StoreError::ReadOnly);
        }
        self.await_soundness()?;
        let shown = from.display().to_string();
        let src = Connection::open_with_flags(
            from,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        let (app, version): (i32, i64) = (
            src.pragma_query_value(None, "application_id", |r| r.get(0))
                .map_err(|_| StoreError::NotSqlite {
                    path: shown.clone(),
                })?,
            src.pragma_query_value(None, "user_version", |r| r.get(0))?,
        );
        if app != APPLICATION_ID {
            return Err(StoreError::Foreign { path: shown });
        }
        // A copy taken before this version's migrations is brought up to date after it is put
        // back; a copy from a newer version is refused.
        if !(1..=LATEST_VERSION).contains(&version) {
            return Err(StoreError::Corrupt(format!(
                "Die Sicherung hat Schema {version}, diese Version schreibt Schema {LATEST_VERSION}: {shown}"
            )));
        }
        files::check_sound(&src, from)?;
        let before = self.backup(BackupReason::Restore)?;
        let b = rusqlite::backup::Backup::new(&src, &mut self.conn)?;
        b.run_to_completion(1024, std::time::Duration::ZERO, None)?;
        drop(b);
        if version < LATEST_VERSION {
            super::migrations::migrate(&mut self.conn, &self.path)?;
        }
        // The restored file goes on under an identity of its own: changes it makes from now
        // on must not take the numbers of changes the file had made after the backup.
        super::changes::renew_replica(&self.conn)?;
        self.checkpoint()?;
        Ok(before)
    }
}
