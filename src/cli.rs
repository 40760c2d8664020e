//! The command line: the GUI by default, headless subcommands for scripting and tests.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use clap::{Parser, Subcommand};

use crate::exchange::catalogue::{ImportOptions, import_file};
use crate::model::{Command, Service, ServiceValue};
use crate::session::Session;
use crate::store::{OpenMode, Store};

/// ozg-cockpit – Steuerung der OZG-Umsetzung: Leistungen, Ämter, Priorisierung, Projekte.
#[derive(Debug, Parser)]
#[command(name = "ozg-cockpit", version)]
pub struct Cli {
    /// Datenbankdatei (Standard: im Datenverzeichnis des Benutzers)
    #[arg(long, global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Option<Action>,
}

/// A headless subcommand.
#[derive(Debug, Subcommand)]
pub enum Action {
    /// Legt eine leere Datenbank an (mit --demo: die Beispieldaten); überschreibt nichts.
    Init {
        /// Beispieldaten (Referenzszenario) statt einer leeren Datenbank
        #[arg(long)]
        demo: bool,
    },
    /// Importiert einen Leistungskatalog (CSV oder XLSX).
    Import {
        /// Gültige Zeilen importieren, auch wenn andere Zeilen ungültig sind
        #[arg(long)]
        skip_invalid: bool,
        /// Die Katalogdatei
        file: PathBuf,
    },
    /// Exportiert Daten als XLSX oder CSV.
    Export {
        #[command(subcommand)]
        what: ExportWhat,
    },
    /// Applies numbered edits and prints each after its commit (crash tests).
    #[command(hide = true)]
    StressEdits {
        #[arg(long, default_value_t = u64::MAX)]
        count: u64,
        /// Marks the names of this run's services.
        #[arg(long, default_value = "")]
        tag: String,
    },
}

/// What to export.
#[derive(Debug, Subcommand)]
pub enum ExportWhat {
    /// Alle Leistungen
    Services {
        /// Zieldatei (.xlsx oder .csv)
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
}

/// Runs a headless subcommand.
pub fn run(db: &Path, action: Action) -> anyhow::Result<()> {
    match action {
        Action::Init { demo } => {
            if let Some(dir) = db.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir).with_context(|| {
                    format!("Ordner kann nicht angelegt werden: {}", dir.display())
                })?;
            }
            if demo {
                crate::scenario::create(db)?;
                println!("Beispieldaten angelegt: {}", db.display());
            } else {
                Store::open(db, OpenMode::Create)?;
                println!("Leere Datenbank angelegt: {}", db.display());
            }
        }
        Action::Import { skip_invalid, file } => {
            let mut store = Store::open(db, OpenMode::Existing)?;
            let summary = import_file(
                &mut store,
                &file,
                None,
                ImportOptions { skip_invalid },
                &crate::exchange::no_progress,
            )
            .map_err(|e| anyhow::anyhow!("Import abgelehnt: {e}\nDatei: {}", file.display()))?;
            println!("{}", summary.text());
        }
        Action::Export {
            what: ExportWhat::Services { out },
        } => {
            let store = Store::open(db, OpenMode::ReadOnly)?;
            let ws = store.load()?;
            let mut order: Vec<usize> = (0..ws.services().len()).collect();
            order.sort_by(|&a, &b| {
                let (a, b) = (&ws.services()[a], &ws.services()[b]);
                a.leika_key.cmp(&b.leika_key).then(a.id.cmp(&b.id))
            });
            crate::exchange::export_services(&ws, &order, &out)?;
            println!(
                "{} exportiert: {}",
                crate::ui::counted(order.len(), "Leistung", "Leistungen"),
                out.display()
            );
        }
        Action::StressEdits { count, tag } => stress_edits(db, count, &tag)?,
    }
    Ok(())
}

/// Adds services named "Belastungstest TAG-N" and sets the case volume of the first service
/// to N in the same transaction, printing "N" after each commit.
fn stress_edits(db: &Path, count: u64, tag: &str) -> anyhow::Result<()> {
    let mut session = Session::open(db, OpenMode::Existing)?;
    let Some(first) = session.workspace().services().first().map(|s| s.id) else {
        bail!("Die Datenbank enthält keine Leistung.");
    };
    let out = std::io::stdout();
    for n in 0..count {
        let id = session.workspace().next_service_id();
        let service = Service::new(id, &format!("Belastungstest {tag}-{n}"), 4);
        session.execute(Command::Batch(vec![
            Command::AddService(Box::new(service)),
            Command::SetService {
                id: first,
                value: ServiceValue::CaseVolume(Some(n as i64)),
            },
        ]))?;
        let mut lock = out.lock();
        writeln!(lock, "{n}")?;
        lock.flush()?;
    }
    Ok(())
}
