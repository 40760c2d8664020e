//! Working offline together: copies of one file, change packages, and the merge of a package
//! with a preview of what changes and of every conflict.
//!
//! Every copy records its edits in the change log (`store::changes`). A package carries the
//! changes another copy does not have yet; applying it brings them in under their own ids
//! (so a package applied twice, or an older one after a newer, changes nothing) and records
//! the decisions of conflicts as a change of its own.

pub mod describe;
pub mod merge;
pub mod package;
mod write;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use thiserror::Error;

use crate::store::changes::{self, Change, Clock};
use crate::store::{Store, StoreError};

pub use merge::{Choice, Conflict, ConflictKind, Outcome, Writer};
pub use package::{Header, Package};

/// The file name ending of change packages.
pub const EXTENSION: &str = "ozgchanges";

/// Why an exchange could not be done. Nothing was changed when one of these is returned.
#[derive(Debug, Error)]
pub enum SyncError {
    #[error("Die Datei konnte nicht gelesen oder geschrieben werden ({}): {path}", crate::exchange::io_reason(.source))]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error(
        "Die Datei ist kein gültiges Änderungspaket – {reason}. Nichts wurde übernommen: {path}"
    )]
    NotAPackage { path: String, reason: String },
    #[error(
        "Das Paket stammt aus einer anderen Datenbank, nicht aus einer Kopie dieser Datei, und wird nicht übernommen. Änderungen lassen sich nur zwischen Kopien derselben Herkunft austauschen (Datei → Arbeitskopie erstellen…)."
    )]
    OtherFamily,
    #[error(
        "Das Paket stammt aus einer neueren Version von ozg-cockpit (Schema {0}); bitte installieren Sie die neue Version. Nichts wurde übernommen."
    )]
    NewerSchema(i64),
    #[error(
        "Dem Paket fehlen ältere Änderungen von {author} (ab Nr. {from}). Bitte zuerst das ältere Paket übernehmen oder ein vollständiges Paket erbitten. Nichts wurde übernommen."
    )]
    Gap { author: String, from: i64 },
    #[error(
        "Das Paket enthält Änderungen von {author}, die auf Änderungen einer weiteren Kopie aufbauen, die diese Datei noch nicht hat. Bitte zuerst deren Paket übernehmen oder beim Absender ein vollständiges Paket erbitten (Änderungen weitergeben mit --all). Nichts wurde übernommen."
    )]
    MissingBefore { author: String },
    #[error(
        "Die Datei gibt es schon, und sie ist kein Änderungspaket; sie wird nicht überschrieben: {path}"
    )]
    NotOverwritten { path: String },
    #[error(
        "Das Paket enthält eine Änderung, die hier mit anderem Inhalt vorliegt ({id}) – wurde eine Datei von Hand kopiert statt mit „Arbeitskopie erstellen…“? Nichts wurde übernommen."
    )]
    Diverged { id: String },
    #[error("Das Paket passt nicht zu dieser Datei: {0}. Nichts wurde übernommen.")]
    Invalid(String),
    #[error(
        "Nach dem Übernehmen wäre eine Regel verletzt – {0} Das kann eine Änderung hier mit einer des Pakets zusammen bewirken: bitte dies in einer der beiden Dateien ändern (oder einen Konflikt anders entscheiden) und das Paket erneut übernehmen. Nichts wurde übernommen."
    )]
    BreaksRule(String),
    #[error(
        "Es wurde keine Arbeitskopie angelegt: Die Datei, von der sie stammen soll, muss sich die Kopie merken, kann aber nicht geschrieben werden ({reason}): {path}"
    )]
    OriginNotWritten { path: String, reason: String },
    #[error("Die Datei ist nur zum Lesen geöffnet.")]
    ReadOnly,
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<rusqlite::Error> for SyncError {
    fn from(e: rusqlite::Error) -> Self {
        SyncError::Store(e.into())
    }
}

/// Which changes a package carries.
#[derive(Clone, Debug, PartialEq)]
pub enum Since {
    /// What not every copy this file exchanged with has (everything when it knows none).
    Peers,
    /// What the copy that wrote this package (its first line) did not have.
    Package(Box<Header>),
    /// Every change in the log.
    Everything,
}

/// What this file knows of the copies it exchanged with.
#[derive(Clone, Debug, PartialEq)]
pub struct Peer {
    pub replica: String,
    pub name: String,
    pub clock: Clock,
    pub seen: String,
}

/// The copies this file exchanged with or was copied from or to.
pub fn peers(store: &Store) -> Result<Vec<Peer>, SyncError> {
    write::peers(store.connection())
}

/// How many changes a package written now would carry.
pub fn pending(store: &Store, since: &Since) -> Result<usize, SyncError> {
    Ok(changes::changes_beyond(store.connection(), &known_clock(store, since)?)?.len())
}

fn known_clock(store: &Store, since: &Since) -> Result<Clock, SyncError> {
    let me = changes::identity(store.connection())?;
    Ok(match since {
        Since::Everything => Clock::new(),
        Since::Package(header) => {
            if header.family != me.family {
                return Err(SyncError::OtherFamily);
            }
            header.clock.clone()
        }
        Since::Peers => {
            let peers = peers(store)?;
            let mut min: Option<Clock> = None;
            for p in peers {
                min = Some(match min {
                    None => p.clock,
                    Some(m) => m
                        .into_iter()
                        .filter_map(|(r, n)| p.clock.get(&r).map(|&other| (r, n.min(other))))
                        .collect(),
                });
            }
            min.unwrap_or_default()
        }
    })
}

/// Writes a package with the changes `since` leaves out to `out` (replacing a file there as a
/// whole); returns how many changes it carries.
pub fn export(store: &Store, out: &Path, since: &Since) -> Result<usize, SyncError> {
    // An earlier package may be replaced, nothing else (least of all the database itself); a
    // link is replaced, never written through.
    let is_file = std::fs::symlink_metadata(out).is_ok_and(|m| m.file_type().is_file());
    if is_file && !package::looks_like_package(out) {
        return Err(SyncError::NotOverwritten {
            path: out.display().to_string(),
        });
    }
    let text = package_text(store, since)?;
    crate::exchange::write_file_atomic(out, text.0.as_bytes()).map_err(|e| SyncError::Io {
        path: out.display().to_string(),
        source: e,
    })?;
    Ok(text.1)
}

/// The text of a package and the number of its changes.
pub fn package_text(store: &Store, since: &Since) -> Result<(String, usize), SyncError> {
    let conn = store.connection();
    let me = changes::identity(conn)?;
    let list = changes::changes_beyond(conn, &known_clock(store, since)?)?;
    let header = Header {
        format: package::FORMAT.to_owned(),
        version: package::VERSION,
        family: me.family,
        sender: me.replica,
        sender_name: store.author().to_owned(),
        file: store
            .path()
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        created: changes::now(),
        schema: store.schema_version()?,
        clock: changes::clock(conn)?,
        changes: list.len(),
    };
    Ok((package::to_text(&header, &list), list.len()))
}

/// A package read against this file: what is new in it, and the merge's context.
#[derive(Clone, Debug)]
pub struct Preview {
    pub header: Header,
    /// Changes of the package this file already has.
    pub known: usize,
    pub context: merge::Context,
    /// The file as it was read: its replica id and the last change in its log.
    pub mark: (String, i64),
}

impl Preview {
    /// The package's new changes.
    pub fn new_changes(&self) -> &[Change] {
        &self.context.incoming
    }

    /// The merge under `choices`.
    pub fn outcome(&self, choices: &HashMap<String, Choice>) -> Outcome {
        merge::merge(&self.context, choices)
    }
}

/// Reads a package and prepares its merge with this file, changing nothing.
pub fn preview(store: &Store, path: &Path) -> Result<Preview, SyncError> {
    let package = package::read(path)?;
    prepare(store, package)
}

/// Prepares the merge of a package that is already read, from one snapshot of the file (the
/// window may go on editing while a worker reads).
pub fn prepare(store: &Store, package: Package) -> Result<Preview, SyncError> {
    let conn = store.connection();
    conn.execute_batch("BEGIN")?;
    let prepared = prepare_in(store, package);
    // Only read: ending the transaction either way leaves the file as it was.
    conn.execute_batch("COMMIT")?;
    prepared
}

fn prepare_in(store: &Store, package: Package) -> Result<Preview, SyncError> {
    let conn = store.connection();
    let me = changes::identity(conn)?;
    let mark = (me.replica.clone(), changes::last_seq(conn)?);
    let header = package.header;
    if header.family != me.family {
        return Err(SyncError::OtherFamily);
    }
    if header.schema > store.schema_version()? {
        return Err(SyncError::NewerSchema(header.schema));
    }
    let digests = changes::digests(conn)?;
    let mut clock = changes::clock(conn)?;
    let mut incoming = Vec::new();
    let mut known = 0;
    let mut in_package = HashSet::new();
    for c in package.changes {
        let id = c.id();
        if !in_package.insert(id.clone()) {
            return Err(SyncError::Invalid(format!(
                "die Änderung {id} steht zweimal darin"
            )));
        }
        if let Some(digest) = digests.get(&id) {
            if *digest != c.digest() {
                return Err(SyncError::Diverged { id });
            }
            known += 1;
            continue;
        }
        let have = clock.get(&c.replica).copied().unwrap_or(0);
        if c.replica == me.replica || c.counter != have + 1 {
            if c.counter <= have {
                // Below what this file has of that copy, yet unknown: a hole in the log.
                return Err(SyncError::Diverged { id });
            }
            return Err(SyncError::Gap {
                author: c.author.clone(),
                from: have + 1,
            });
        }
        // Everything its writer had seen must be here, or come before it in the package.
        if c.clock
            .iter()
            .any(|(r, n)| *r != c.replica && clock.get(r).copied().unwrap_or(0) < *n)
        {
            return Err(SyncError::MissingBefore {
                author: c.author.clone(),
            });
        }
        clock.insert(c.replica.clone(), c.counter);
        incoming.push(c);
    }
    let context = write::context(conn, incoming)?;
    Ok(Preview {
        header,
        known,
        context,
        mark,
    })
}

/// What applying a package did.
#[derive(Clone, Debug)]
pub struct Applied {
    /// The data as they are afterwards (loaded to check them), when anything was applied.
    pub workspace: Option<Box<crate::model::Workspace>>,
    /// New changes taken over.
    pub changes: usize,
    /// Rows that changed in this file.
    pub rows: usize,
    /// Conflicts decided.
    pub conflicts: usize,
}

/// Applies a previewed package with the decisions of its conflicts, all in one transaction;
/// the data afterwards are checked by loading them and by the rules of the edits, and refused
/// whole if they do not load or break a rule that `before` (the data of the file now) kept.
pub fn apply(
    store: &mut Store,
    preview: &Preview,
    choices: &HashMap<String, Choice>,
    before: &crate::model::Workspace,
) -> Result<Applied, SyncError> {
    if store.is_read_only() {
        return Err(SyncError::ReadOnly);
    }
    let outcome = preview.outcome(choices);
    let author = store.author().to_owned();
    let mut applied = Applied {
        workspace: None,
        changes: preview.context.incoming.len(),
        rows: outcome.rows.len(),
        conflicts: outcome.conflicts.len(),
    };
    if applied.changes == 0 {
        return Ok(applied);
    }
    // The merge's own refusal is kept aside, so that it comes back as it was.
    let mut refusal = None;
    let result = store.unrecorded_transaction(|tx| {
        write::apply(tx, preview, &outcome, &author)
            .and_then(|ws| keeps_the_rules(before, ws))
            .map_err(|e| match e {
                SyncError::Store(s) => s,
                other => {
                    let text = other.to_string();
                    refusal = Some(other);
                    StoreError::Corrupt(text)
                }
            })
    });
    match (result, refusal) {
        (Ok(ws), _) => {
            applied.workspace = Some(Box::new(ws));
            Ok(applied)
        }
        (Err(_), Some(refusal)) => Err(refusal),
        (Err(e), None) => Err(e.into()),
    }
}

/// The data after a merge, unless they break a rule (for an object) that the data before kept.
fn keeps_the_rules(
    before: &crate::model::Workspace,
    after: crate::model::Workspace,
) -> Result<crate::model::Workspace, SyncError> {
    let broken = after.broken_rules();
    if broken.is_empty() {
        return Ok(after);
    }
    let known = before.broken_rules();
    match broken
        .into_iter()
        .find(|rule| !known.iter().any(|k| k.same_as(rule)))
    {
        Some(rule) => Err(SyncError::BreaksRule(rule.text)),
        None => Ok(after),
    }
}

/// Writes a working copy of the open file to `out`: the same data and change log under an
/// identity of its own, knowing this file as its origin; this file learns of the copy.
pub fn copy(store: &mut Store, out: &Path) -> Result<PathBuf, SyncError> {
    write::copy(store, out)
}
