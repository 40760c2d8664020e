//! The command line of working together: working copies, change packages and the log.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::{Subcommand, ValueEnum};

use crate::model::format::counted;
use crate::session::Session;
use crate::store::OpenMode;
use crate::sync::{self, Choice, Since, describe};

/// What to do with change packages.
#[derive(Debug, Subcommand)]
pub enum ChangesWhat {
    /// Schreibt ein Änderungspaket (.ozgchanges) mit den Änderungen, die die andere Seite noch
    /// nicht hat.
    Export {
        /// Zieldatei (.ozgchanges)
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// Das letzte Paket der anderen Seite: nur, was sie da noch nicht hatte (Standard: was
        /// nicht jede bekannte Kopie hat)
        #[arg(long, value_name = "FILE")]
        since_package: Option<PathBuf>,
        /// Alle Änderungen des Protokolls
        #[arg(long, conflicts_with = "since_package")]
        all: bool,
    },
    /// Übernimmt ein Änderungspaket. Ohne --prefer werden Konflikte aufgelistet und nichts
    /// übernommen (Rückgabewert 3).
    Apply {
        /// Das Paket (.ozgchanges)
        file: PathBuf,
        /// Konflikte entscheiden: für die eigene Seite (mine) oder die des Pakets (theirs)
        #[arg(long, value_enum)]
        prefer: Option<Prefer>,
    },
    /// Zeigt das Änderungsprotokoll.
    Log {
        /// Nur Änderungen dieser Person
        #[arg(long, value_name = "NAME")]
        author: Option<String>,
    },
}

/// Which side wins conflicts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Prefer {
    Mine,
    Theirs,
}

/// Conflicts were found and nothing was applied; the program ends with code 3.
#[derive(Debug, thiserror::Error)]
#[error("{0} – nichts wurde übernommen. Mit --prefer mine oder --prefer theirs entscheiden.")]
pub struct ConflictsFound(pub String);

/// The user's name from the settings, for what the command line records.
fn session(db: &Path) -> anyhow::Result<Session> {
    let mut session = Session::open(db, OpenMode::Existing)?;
    session.set_author(&crate::preferences::Preferences::load().user_name);
    Ok(session)
}

/// Writes a working copy.
pub fn copy(db: &Path, out: &Path) -> anyhow::Result<()> {
    let mut session = session(db)?;
    session.make_copy(out)?;
    println!(
        "Arbeitskopie geschrieben: {} (Herkunft: {})",
        out.display(),
        db.display()
    );
    Ok(())
}

/// Runs a `changes` subcommand.
pub fn run(db: &Path, what: ChangesWhat) -> anyhow::Result<()> {
    match what {
        ChangesWhat::Export {
            out,
            since_package,
            all,
        } => {
            let session = session(db)?;
            let since = match (since_package, all) {
                (_, true) => Since::Everything,
                (Some(p), false) => Since::Package(Box::new(sync::package::read(&p)?.header)),
                (None, false) => Since::Peers,
            };
            let n = sync::export(session.store(), &out, &since)?;
            println!(
                "{} geschrieben: {}",
                counted(n, "Änderung", "Änderungen"),
                out.display()
            );
        }
        ChangesWhat::Apply { file, prefer } => apply(db, &file, prefer)?,
        ChangesWhat::Log { author } => {
            let session = session(db)?;
            let ws = session.workspace();
            let entries = crate::store::changes::log_entries(session.store().connection())?;
            for e in entries
                .iter()
                .filter(|e| author.as_deref().is_none_or(|a| e.author == a))
                .filter(|e| describe::shows_something(&e.row))
            {
                let d = describe::describe(ws, &e.row);
                println!(
                    "{}\t{}\t{}\t{}\t{} → {}",
                    e.made_at, e.author, d.object, d.field, d.old, d.new
                );
            }
        }
    }
    Ok(())
}

fn apply(db: &Path, file: &Path, prefer: Option<Prefer>) -> anyhow::Result<()> {
    let mut session = session(db)?;
    let preview = sync::preview(session.store(), file)?;
    let outcome = preview.outcome(&HashMap::new());
    let conflicts = &outcome.conflicts;
    if !conflicts.is_empty() && prefer.is_none() {
        let ws = session.workspace();
        for c in conflicts {
            eprintln!("Konflikt: {}", conflict_text(ws, c));
        }
        return Err(ConflictsFound(counted(conflicts.len(), "Konflikt", "Konflikte")).into());
    }
    let choice = match prefer {
        Some(Prefer::Theirs) => Choice::Theirs,
        _ => Choice::Mine,
    };
    let choices = conflicts.iter().map(|c| (c.id.clone(), choice)).collect();
    let applied = session
        .apply_changes(&preview, &choices)
        .with_context(|| format!("Paket {}", file.display()))?;
    println!(
        "{} übernommen ({} schon vorhanden), {} geändert, {} entschieden.",
        counted(applied.changes, "Änderung", "Änderungen"),
        preview.known,
        counted(applied.rows, "Zeile", "Zeilen"),
        counted(applied.conflicts, "Konflikt", "Konflikte")
    );
    Ok(())
}

/// A conflict in one line: what, both sides, who and when.
pub fn conflict_text(ws: &crate::model::Workspace, c: &sync::Conflict) -> String {
    let t = describe::conflict_text(ws, c);
    format!("{}: hier {}, im Paket {}", t.what, t.mine, t.theirs)
}
