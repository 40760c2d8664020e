//! The SQLite store: opening with the safety pragmas, migrations, backups, the lock against a
//! second instance, and one module per aggregate.

mod backups;
pub mod changes;
mod files;
pub mod migrations;
mod offices;
mod projects;
mod ranking;
mod services;
mod settings;
pub mod staff;

use std::fs::File;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags, Transaction};
use thiserror::Error;

use crate::model::{Command, Workspace};

pub use backups::{BackupReason, KEEP_DAILY_BACKUPS, KEEP_IMPORT_BACKUPS, backup_dir, backups};
pub use files::{last_backup, lock_path, sqlite_reason};
pub use migrations::LATEST_VERSION;
pub use offices::insert as insert_office;
pub use projects::{insert_history, insert_project};
pub use services::{CatalogueFields, insert_service, update_catalogue, upsert_ozg_service};
pub use settings::set as set_setting;

/// The setting that records the day of the last change of the data.
const DATA_CHANGED: &str = "data_changed";

/// Marks a SQLite file as an ozg-cockpit database (`PRAGMA application_id`, "OZGC").
pub const APPLICATION_ID: i32 = 0x4F5A_4743;

/// Why a database could not be opened or written. Messages are German and end with the path.
#[derive(Debug, Error)]
pub enum StoreError {
    #[error(
        "Die Datei wurde mit einer neueren Version von ozg-cockpit angelegt (Schema {found}, diese Version kennt bis Schema {supported}). Bitte installieren Sie die neue Version. Die Datei wurde nicht verändert: {path}"
    )]
    NewerVersion {
        found: i64,
        supported: i64,
        path: String,
    },
    #[error(
        "Die Datei ist keine ozg-cockpit-Datenbank (sie gehört zu einem anderen Programm). Sie wurde nicht verändert: {path}"
    )]
    Foreign { path: String },
    #[error(
        "Die Datei ist keine SQLite-Datenbank und kann nicht geöffnet werden. Sie wurde nicht verändert: {path}"
    )]
    NotSqlite { path: String },
    #[error(
        "Die Datei ist bereits in einem anderen ozg-cockpit-Fenster geöffnet. Schließen Sie es dort oder öffnen Sie die Datei nur zum Lesen: {path}"
    )]
    Locked { path: String },
    #[error("Die Datei gibt es bereits; sie wird nicht überschrieben: {path}")]
    Exists { path: String },
    #[error("Die Datei gibt es nicht: {path}")]
    NotFound { path: String },
    #[error("Die Datei ist nur zum Lesen geöffnet; Änderungen werden nicht gespeichert.")]
    ReadOnly,
    #[error("Die Datei konnte nicht gelesen oder geschrieben werden ({}): {path}", crate::exchange::io_reason(.source))]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("Datenbankfehler: {}", files::sqlite_reason(.0))]
    Sqlite(#[from] rusqlite::Error),
    #[error(
        "Die Daten konnten nicht vollständig in die Datei geschrieben werden (Datenträger voll oder die Datei gesperrt?): {path}"
    )]
    Incomplete { path: String },
    #[error(
        "Die Datei ist beschädigt (die Prüfung der Datenbank meldet Fehler) und wird nicht geöffnet: {path}. {backup}"
    )]
    Damaged { path: String, backup: String },
    #[error(
        "Neben der Datei liegt ein Rest einer früheren Datenbank; er würde in die neue übernommen. Bitte prüfen und entfernen: {path}"
    )]
    Leftover { path: String },
    #[error(
        "Die Datei ist leer und keine ozg-cockpit-Datenbank; sie wurde nicht verändert. Eine neue Datenbank legt „Neue Datenbank…“ bzw. `ozg-cockpit init` an: {path}"
    )]
    EmptyFile { path: String },
    #[error("Ungültige Daten in der Datenbank: {0}")]
    Corrupt(String),
}

/// Result of store operations.
pub type StoreResult<T> = Result<T, StoreError>;

/// How to open a file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OpenMode {
    /// Open an existing file for editing.
    Existing,
    /// Create a new file; refuse if it exists.
    Create,
    /// Open an existing file for editing, creating it if missing.
    OpenOrCreate,
    /// Open an existing file without writing to it, even if another instance holds it.
    ReadOnly,
}

/// An open ozg-cockpit database.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    read_only: bool,
    /// Held while the file is open so that a second instance is refused.
    _lock: Option<File>,
    /// The check of the file's soundness, running beside the loading; its verdict is awaited
    /// before the data are handed out or written.
    sound: std::sync::Mutex<Option<std::thread::JoinHandle<StoreResult<()>>>>,
    /// Whether edits are recorded in the change log (not while a new file is being filled).
    recording: bool,
    /// Who makes the edits, recorded with each change.
    author: String,
}

impl Store {
    /// Opens (or creates) a database, checks it and brings its schema up to date.
    /// A file that is foreign, newer, or locked by another instance is not modified.
    pub fn open(path: &Path, mode: OpenMode) -> StoreResult<Self> {
        let shown = path.display().to_string();
        let exists = path.symlink_metadata().is_ok();
        if mode == OpenMode::Create || (mode == OpenMode::OpenOrCreate && !exists) {
            return Store::create_with(path, |_| Ok::<(), StoreError>(()));
        }
        if !exists {
            return Err(StoreError::NotFound { path: shown });
        }
        if std::fs::metadata(path).is_ok_and(|m| m.len() == 0) {
            return Err(StoreError::EmptyFile { path: shown });
        }
        check_sqlite_header(path)?;
        inspect(path)?;
        // The soundness check runs beside the opening and the loading that follows.
        let sound = files::spawn_soundness_check(path);
        let read_only = mode == OpenMode::ReadOnly;
        let opened = Self::open_checked(path, read_only, sound);
        opened.map_err(|(e, sound)| {
            // A damaged file may fail anywhere; the check says so in words.
            match sound.map(std::thread::JoinHandle::join) {
                Some(Ok(Err(damaged @ StoreError::Damaged { .. }))) => damaged,
                _ => e,
            }
        })
    }

    /// The rest of `open`, with the soundness check under way; an error hands the check back.
    #[allow(clippy::type_complexity)]
    fn open_checked(
        path: &Path,
        read_only: bool,
        sound: std::thread::JoinHandle<StoreResult<()>>,
    ) -> Result<Self, (StoreError, Option<std::thread::JoinHandle<StoreResult<()>>>)> {
        let lock = if read_only {
            None
        } else {
            match files::acquire_lock(path) {
                Ok(lock) => Some(lock),
                Err(e) => return Err((e, Some(sound))),
            }
        };
        let flags = if read_only {
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX
        } else {
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX
        };
        let conn = (|| -> StoreResult<Connection> {
            let conn = Connection::open_with_flags(path, flags)?;
            conn.busy_timeout(std::time::Duration::from_secs(5))?;
            conn.pragma_update(None, "foreign_keys", "ON")?;
            // Exchanges write rows of many tables and shapes.
            conn.set_prepared_statement_cache_capacity(128);
            Ok(conn)
        })();
        let conn = match conn {
            Ok(c) => c,
            Err(e) => return Err((e, Some(sound))),
        };
        let mut store = Self {
            conn,
            path: path.to_path_buf(),
            read_only,
            _lock: lock,
            sound: std::sync::Mutex::new(Some(sound)),
            recording: true,
            author: default_author(),
        };
        let prepared = (|| -> StoreResult<()> {
            let version = store.schema_version()?;
            if read_only {
                if version != LATEST_VERSION {
                    return Err(StoreError::Corrupt(format!(
                        "Schema {version} kann nur zum Bearbeiten geöffnet werden."
                    )));
                }
                return Ok(());
            }
            if version < LATEST_VERSION {
                // Nothing is migrated before the file is known to be sound.
                store.await_soundness()?;
            }
            store.conn.pragma_update(None, "journal_mode", "WAL")?;
            store.conn.pragma_update(None, "synchronous", "FULL")?;
            migrations::migrate(&mut store.conn, path)
        })();
        match prepared {
            Ok(()) => Ok(store),
            Err(e) => {
                let sound = store.sound.lock().map_or(None, |mut g| g.take());
                Err((e, sound))
            }
        }
    }

    /// The file this store writes to.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Whether the file is open without write access.
    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    /// The schema version of the file (`PRAGMA user_version`).
    pub fn schema_version(&self) -> StoreResult<i64> {
        Ok(self
            .conn
            .pragma_query_value(None, "user_version", |r| r.get(0))?)
    }

    /// Waits for the soundness check started at opening; a damaged file refuses.
    pub(crate) fn await_soundness(&self) -> StoreResult<()> {
        let pending = self.sound.lock().map_or(None, |mut guard| guard.take());
        match pending.map(std::thread::JoinHandle::join) {
            None => Ok(()),
            Some(Ok(verdict)) => verdict,
            Some(Err(_)) => Err(StoreError::Corrupt(
                "Die Prüfung der Datei ist abgebrochen.".to_owned(),
            )),
        }
    }

    /// Loads the whole workspace into memory.
    pub fn load(&self) -> StoreResult<Workspace> {
        let ws = self.load_unchecked();
        self.await_soundness()?;
        ws
    }

    fn load_unchecked(&self) -> StoreResult<Workspace> {
        load_from(&self.conn)
    }
}

/// Loads the whole workspace from a connection (inside a transaction, to check what it wrote).
pub fn load_from(conn: &Connection) -> StoreResult<Workspace> {
    let maturity = settings::load_maturity(conn)?;
    let mut services = services::load_services(conn)?;
    let position: std::collections::HashMap<i64, usize> = services
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id, i))
        .collect();
    for (service, criterion, value) in ranking::load_scores(conn)? {
        if let Some(s) = position.get(&service).and_then(|&i| services.get_mut(i)) {
            s.scores.insert(criterion, value);
        }
    }
    for (service, pin) in ranking::load_pins(conn)? {
        if let Some(s) = position.get(&service).and_then(|&i| services.get_mut(i)) {
            s.pin = Some(pin);
        }
    }
    let mut ws = Workspace::new(
        services,
        offices::load_offices(conn)?,
        services::load_ozg_services(conn)?,
        maturity,
    )
    .with_ranking(
        ranking::load_criteria(conn)?,
        ranking::load_snapshots(conn)?,
        ranking::load_settings(conn)?,
    )
    .with_projects(
        projects::load_projects(conn)?,
        projects::load_history(conn)?,
    )
    .with_staff(staff::load_staff(conn)?, staff::load_assignments(conn)?)
    .with_staffing(staff::load_settings(conn)?);
    ws.is_reference = settings::get(conn, "scenario")?.as_deref() == Some("reference");
    Ok(ws)
}

impl Store {
    /// Writes the effect of one command, as the model resolved it, in one transaction. The
    /// caller applies it to the workspace after this returns `Ok`.
    pub fn write(&mut self, effect: &crate::model::workspace::Effect) -> StoreResult<()> {
        self.transaction(|tx| write_command(tx, effect.command()))
    }

    /// Runs `f` in one immediate transaction that changes the file's data, and records the
    /// day of the change ("Datenstand"); on error nothing is written.
    pub fn transaction<T>(
        &mut self,
        f: impl FnOnce(&Transaction<'_>) -> StoreResult<T>,
    ) -> StoreResult<T> {
        self.recorded_transaction("", f)
    }

    /// Like `transaction`, with a summary of the change for the change log.
    pub fn recorded_transaction<T>(
        &mut self,
        summary: &str,
        f: impl FnOnce(&Transaction<'_>) -> StoreResult<T>,
    ) -> StoreResult<T> {
        let author = self.recording.then(|| self.author.clone());
        self.run_transaction(|tx| {
            let change = match &author {
                Some(author) => Some(changes::begin(tx, author, summary)?),
                None => None,
            };
            let value = f(tx)?;
            if let Some(seq) = change {
                changes::finish(tx, seq)?;
            }
            let today = crate::clock::today();
            settings::set(tx, DATA_CHANGED, &today.format("%Y-%m-%d").to_string())?;
            Ok(value)
        })
    }

    /// A transaction that changes the data without recording in the change log (bringing in
    /// changes that are recorded already); it records the day of the change.
    pub fn unrecorded_transaction<T>(
        &mut self,
        f: impl FnOnce(&Transaction<'_>) -> StoreResult<T>,
    ) -> StoreResult<T> {
        self.run_transaction(|tx| {
            let value = f(tx)?;
            let today = crate::clock::today();
            settings::set(tx, DATA_CHANGED, &today.format("%Y-%m-%d").to_string())?;
            Ok(value)
        })
    }

    /// A transaction that changes only this file's bookkeeping (which copies it knows).
    pub fn bookkeeping_transaction<T>(
        &mut self,
        f: impl FnOnce(&Transaction<'_>) -> StoreResult<T>,
    ) -> StoreResult<T> {
        self.run_transaction(f)
    }

    fn run_transaction<T>(
        &mut self,
        f: impl FnOnce(&Transaction<'_>) -> StoreResult<T>,
    ) -> StoreResult<T> {
        if self.read_only {
            return Err(StoreError::ReadOnly);
        }
        self.await_soundness()?;
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let value = f(&tx)?;
        tx.commit()?;
        Ok(value)
    }

    /// Sets who makes the edits from now on (an empty name keeps the operating system's user).
    pub fn set_author(&mut self, name: &str) {
        let name = name.trim();
        self.author = if name.is_empty() {
            default_author()
        } else {
            name.to_owned()
        };
    }

    /// Who makes the edits.
    pub fn author(&self) -> &str {
        &self.author
    }

    /// The connection, for reading (the change log, exchanges).
    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    /// Reads a setting of this file (report choices and the like).
    pub fn setting(&self, key: &str) -> StoreResult<Option<String>> {
        settings::get(&self.conn, key)
    }

    /// The day the data were last changed ("Datenstand"): recorded with every change; for a
    /// file from before that record, the day the file was last written.
    pub fn data_date(&self) -> Option<chrono::NaiveDate> {
        let recorded = self
            .setting(DATA_CHANGED)
            .ok()
            .flatten()
            .and_then(|d| chrono::NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok());
        recorded.or_else(|| {
            let modified = std::fs::metadata(&self.path)
                .and_then(|m| m.modified())
                .ok()?;
            Some(chrono::DateTime::<chrono::Local>::from(modified).date_naive())
        })
    }

    /// Writes a setting of this file, outside the undo history; it does not change the data
    /// date.
    pub fn set_setting(&mut self, key: &str, value: &str) -> StoreResult<()> {
        self.run_transaction(|tx| settings::set(tx, key, value))
    }

    /// Runs `PRAGMA integrity_check` and returns its first line ("ok" when sound).
    pub fn integrity_check(&self) -> StoreResult<String> {
        Ok(self
            .conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))?)
    }
}

fn write_command(tx: &Transaction<'_>, cmd: &Command) -> StoreResult<()> {
    match cmd {
        Command::SetService { id, value } => services::set_value(tx, *id, value),
        Command::AddService(s) => services::insert(tx, s),
        Command::DeleteService(id) => services::delete(tx, *id),
        Command::SetOffice { id, value } => offices::set_value(tx, *id, value),
        Command::AddOffice(o) => offices::insert(tx, o),
        Command::DeleteOffice(id) => offices::delete(tx, *id),
        Command::SetScore {
            service,
            criterion,
            value,
        } => ranking::set_score(tx, *service, *criterion, *value),
        Command::SetPin { service, pin } => ranking::set_pin(tx, *service, pin.as_ref()),
        Command::SetCriterion { id, value } => ranking::set_criterion(tx, *id, value),
        Command::AddCriterion {
            criterion,
            at,
            scores,
        } => ranking::insert_criterion(tx, criterion, *at, scores),
        Command::DeleteCriterion(id) => ranking::delete_criterion(tx, *id),
        Command::SetRankingSettings(s) => ranking::save_settings(tx, s),
        Command::AddSnapshot(s) => ranking::insert_snapshot(tx, s),
        Command::DeleteSnapshot(id) => ranking::delete_snapshot(tx, *id),
        Command::AddProject {
            project,
            services,
            assignments,
        } => {
            projects::insert_project(tx, project, services)?;
            staff::insert_assignments(tx, assignments)
        }
        Command::DeleteProject(id) => projects::delete_project(tx, *id),
        Command::PutProject { project, history } => projects::put_project(tx, project, history),
        // The model resolves these into the project as it will be (above).
        Command::SetProject { .. } | Command::SetStep { .. } => Err(StoreError::Corrupt(
            "Eine Projektänderung kam ungeprüft beim Speichern an.".to_owned(),
        )),
        Command::AssignService { service, project } => projects::assign(tx, *service, *project),
        Command::AddStaff {
            member,
            assignments,
        } => staff::insert(tx, member, assignments),
        Command::DeleteStaff(id) => staff::delete(tx, *id),
        Command::SetStaff { id, value } => staff::set_value(tx, *id, value),
        Command::SetAssignment {
            staff: person,
            project,
            person_days,
        } => staff::set_assignment(tx, *person, *project, *person_days),
        Command::SetStaffingSettings(s) => staff::save_settings(tx, s),
        Command::SetMaturityLabels(labels) => settings::save_maturity_labels(tx, labels),
        Command::Batch(cmds) => cmds.iter().try_for_each(|c| write_command(tx, c)),
    }
}

fn check_sqlite_header(path: &Path) -> StoreResult<()> {
    use std::io::Read;
    let io = |source| StoreError::Io {
        path: path.display().to_string(),
        source,
    };
    let mut file = File::open(path).map_err(io)?;
    let mut header = [0u8; 16];
    let n = file.read(&mut header).map_err(io)?;
    if n == 16 && header == *b"SQLite format 3\0" {
        Ok(())
    } else {
        Err(StoreError::NotSqlite {
            path: path.display().to_string(),
        })
    }
}

/// Reads the identity of an existing file without changing it.
fn inspect(path: &Path) -> StoreResult<()> {
    let shown = path.display().to_string();
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    let header = (|| -> rusqlite::Result<(i32, i64, i64)> {
        let app: i32 = conn.pragma_query_value(None, "application_id", |r| r.get(0))?;
        let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
        let tables: i64 = conn.query_row(
            "SELECT count(*) FROM sqlite_schema WHERE type = 'table'",
            [],
            |r| r.get(0),
        )?;
        Ok((app, version, tables))
    })();
    let (app, version, tables) = match header {
        Ok(h) => h,
        Err(rusqlite::Error::SqliteFailure(e, _))
            if e.code == rusqlite::ErrorCode::NotADatabase =>
        {
            return Err(StoreError::NotSqlite { path: shown });
        }
        Err(e) => return Err(e.into()),
    };
    if app == 0 && version == 0 && tables == 0 {
        // An empty SQLite file is nobody's data yet, and not ours: only "new" creates files.
        return Err(StoreError::EmptyFile { path: shown });
    }
    if app != APPLICATION_ID {
        return Err(StoreError::Foreign { path: shown });
    }
    if version > LATEST_VERSION {
        return Err(StoreError::NewerVersion {
            found: version,
            supported: LATEST_VERSION,
            path: shown,
        });
    }
    Ok(())
}

impl Store {
    /// A second connection to the same file for a worker thread of this process. It holds no
    /// lock of its own; the caller keeps this store open meanwhile.
    pub fn worker_connection(&self) -> StoreResult<Store> {
        if self.read_only {
            return Err(StoreError::ReadOnly);
        }
        let conn = Connection::open_with_flags(
            &self.path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        conn.busy_timeout(std::time::Duration::from_secs(30))?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        Ok(Store {
            conn,
            path: self.path.clone(),
            read_only: false,
            _lock: None,
            sound: std::sync::Mutex::new(None),
            recording: self.recording,
            author: self.author.clone(),
        })
    }
}

/// The name edits are recorded under until the user gives one: the operating system's user.
pub fn default_author() -> String {
    ["USER", "USERNAME", "LOGNAME"]
        .iter()
        .find_map(|k| std::env::var(k).ok().filter(|v| !v.trim().is_empty()))
        .unwrap_or_else(|| "unbekannt".to_owned())
}
