//! The command line: the GUI by default, headless subcommands for scripting and tests.

pub mod changes;

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use clap::{Parser, Subcommand};

use crate::exchange::catalogue::{ImportOptions, import_file};
use crate::exchange::charts::{ChartFormat, ChartSize, export_all_charts};
use crate::exchange::report::{ReportSettings, write_report};
use crate::model::figures::{FigureInput, Figures};
use crate::model::format::counted;
use crate::model::staffing::{ScenarioInput, positions_at_hand, remaining_work};
use crate::model::{Command, Service, ServiceValue};
use crate::session::Session;
use crate::store::{OpenMode, Store};
use chrono::NaiveDate;

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
    /// Exportiert Tabellen (XLSX oder CSV) oder die Diagramme (SVG oder PNG).
    Export {
        #[command(subcommand)]
        what: ExportWhat,
    },
    /// Schreibt den Ausschussbericht als PDF (A4).
    Report {
        /// Zieldatei (.pdf)
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// Vergleich der Top-Liste mit diesem eingefrorenen Stand (Titel oder Nummer)
        #[arg(long, value_name = "NAME")]
        snapshot: Option<String>,
        /// Titel des Berichts (Standard: der zuletzt verwendete)
        #[arg(long, value_name = "TEXT")]
        title: Option<String>,
        /// Sitzungsdatum, TT.MM.JJJJ (Standard: heute)
        #[arg(long, value_name = "DATUM")]
        date: Option<String>,
        /// Auslastung je Person statt je Einheit (Standard: anonymisiert)
        #[arg(long)]
        named_staff: bool,
    },
    /// Setzt die Daten auf eine Sicherung zurück (etwa die vor dem letzten Import); der
    /// jetzige Stand wird vorher gesichert
    Restore {
        /// Die Sicherung (im Ordner „backups“ neben der Datenbank)
        #[arg(long, value_name = "SICHERUNG")]
        from: PathBuf,
    },
    /// Personalbedarf: Stellen für ein Zieldatum und Dauer mit den vorhandenen Stellen.
    #[command(allow_negative_numbers = true)]
    Scenario {
        /// Zahl der Projekte (Standard: die offene Arbeit der Datenbank)
        #[arg(long, value_name = "N")]
        projects: Option<f64>,
        /// Organisatorischer Aufwand je Projekt in Personentagen (Standard: 17)
        #[arg(long, value_name = "PT")]
        effort_org: Option<f64>,
        /// Technischer Aufwand je Projekt in Personentagen (Standard: 12)
        #[arg(long, value_name = "PT")]
        effort_tech: Option<f64>,
        /// Produktive Tage je Stelle und Jahr (Standard: 207)
        #[arg(long, value_name = "D")]
        days_per_year: Option<f64>,
        /// Beginn, TT.MM.JJJJ (Standard: heute)
        #[arg(long, value_name = "DATUM")]
        from: Option<String>,
        /// Zieldatum, TT.MM.JJJJ (Standard: das späteste geplante Projektende)
        #[arg(long, value_name = "DATUM")]
        until: Option<String>,
        /// Vorhandene Stellen (Standard: die Stellenanteile des Personals, ohne Personal die 12
        /// beantragten)
        #[arg(long, value_name = "N")]
        positions: Option<f64>,
        /// Ausgabe als JSON
        #[arg(long)]
        json: bool,
    },
    /// Schreibt eine Arbeitskopie der Datenbank, die ihre Herkunft kennt.
    Copy {
        /// Die neue Datei; eine vorhandene wird nicht überschrieben
        #[arg(long, value_name = "COPY")]
        out: PathBuf,
    },
    /// Änderungspakete mit anderen Kopien austauschen, das Änderungsprotokoll lesen.
    Changes {
        #[command(subcommand)]
        what: changes::ChangesWhat,
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
    /// Alle Projekte mit dem Stand ihrer elf Schritte
    Projects {
        /// Zieldatei (.xlsx oder .csv)
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Die Priorisierung mit den Punkten je Kriterium
    Ranking {
        /// Zieldatei (.xlsx oder .csv)
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// Nur die ersten N der Rangfolge
        #[arg(long, value_name = "N")]
        top: Option<usize>,
        /// Einen eingefrorenen Stand exportieren (Titel oder Nummer)
        #[arg(long, value_name = "NAME")]
        snapshot: Option<String>,
    },
    /// Das Personal mit Einheit, Entgeltgruppe, Stellenanteil und Verfügbarkeit
    Staff {
        /// Zieldatei (.xlsx oder .csv)
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Die Auslastung je Person (oder Einheit) und Monat: Kapazität, geplant, Auslastung
    Load {
        /// Zieldatei (.xlsx oder .csv)
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// Nach Einheit (der Standard; bleibt für ältere Aufrufe erlaubt)
        #[arg(long, conflicts_with = "named_staff")]
        anonymised: bool,
        /// Je Person statt je Einheit (die Auslastung einzelner Personen ist Sache des
        /// Personalrats)
        #[arg(long)]
        named_staff: bool,
        /// Zahl der Monate ab dem laufenden
        #[arg(long, value_name = "N", default_value_t = 24, value_parser = clap::value_parser!(u16).range(1..=120))]
        months: u16,
    },
    /// Alle Diagramme, eine Datei je Diagramm (reifegrad.svg, fortschritt.svg, …)
    Charts {
        /// Zielordner (wird angelegt)
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// Dateiformat
        #[arg(long, value_enum, default_value = "svg")]
        format: ChartFormatArg,
        /// Breite in Pixeln
        #[arg(long, value_name = "PX", default_value_t = 1600, value_parser = clap::value_parser!(u32).range(200..=10000))]
        width: u32,
        /// Höhe in Pixeln
        #[arg(long, value_name = "PX", default_value_t = 1000, value_parser = clap::value_parser!(u32).range(150..=10000))]
        height: u32,
        /// Auslastung je Person statt je Einheit (Standard: anonymisiert)
        #[arg(long)]
        named_staff: bool,
    },
}

/// The file format of exported charts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ChartFormatArg {
    Png,
    Svg,
}

/// An error of a command as one German line: each cause in turn down to the operating
/// system's or the database's reason, that in German words; a cause the message before already
/// names is left out.
pub fn error_text(e: &anyhow::Error) -> String {
    let mut text = String::new();
    for cause in e.chain() {
        let (part, last) = if let Some(io) = cause.downcast_ref::<std::io::Error>() {
            (crate::exchange::io_reason(io), true)
        } else if let Some(sqlite) = cause.downcast_ref::<rusqlite::Error>() {
            (crate::store::sqlite_reason(sqlite), true)
        } else {
            (cause.to_string(), false)
        };
        if !text.contains(&part) {
            if !text.is_empty() {
                text.push_str(": ");
            }
            text.push_str(&part);
        }
        if last {
            break;
        }
    }
    text
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
                crate::scenario::create(db)?.close()?;
                println!("Beispieldaten angelegt: {}", db.display());
            } else {
                Store::open(db, OpenMode::Create)?.close()?;
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
            .map_err(|e| anyhow::anyhow!("Import abgelehnt: {e} (Datei: {})", file.display()))?;
            // Only once everything is in the file itself is the import reported done.
            store.close()?;
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
                counted(order.len(), "Leistung", "Leistungen"),
                out.display()
            );
        }
        Action::Export {
            what: ExportWhat::Projects { out },
        } => {
            use crate::exchange::export::{ExportFormat, write_table};
            let format = ExportFormat::from_path(&out).ok_or_else(|| {
                anyhow::anyhow!(
                    "Unbekanntes Dateiformat; bitte .xlsx oder .csv wählen: {}",
                    out.display()
                )
            })?;
            let ws = Store::open(db, OpenMode::ReadOnly)?.load()?;
            let mut order: Vec<usize> = (0..ws.projects().len()).collect();
            order.sort_by(|&a, &b| {
                crate::model::collate::compare(&ws.projects()[a].name, &ws.projects()[b].name)
            });
            let today = crate::clock::today();
            let (headers, rows) =
                crate::exchange::projects_export::projects_table(&ws, &order, today);
            write_table(&out, format, "Projekte", &headers, &rows)?;
            println!(
                "{} exportiert: {}",
                counted(rows.len(), "Projekt", "Projekte"),
                out.display()
            );
        }
        Action::Export {
            what: ExportWhat::Ranking { out, top, snapshot },
        } => export_ranking(db, &out, top, snapshot.as_deref())?,
        Action::Export {
            what:
                ExportWhat::Charts {
                    out,
                    format,
                    width,
                    height,
                    named_staff,
                },
        } => {
            let store = Store::open(db, OpenMode::ReadOnly)?;
            let ws = store.load()?;
            let figures = figures_for(&ws, &store, None, named_staff);
            let format = match format {
                ChartFormatArg::Png => ChartFormat::Png,
                ChartFormatArg::Svg => ChartFormat::Svg,
            };
            let size = ChartSize::Pixels { width, height };
            let written = export_all_charts(&figures, &out, format, size)?;
            println!(
                "{} exportiert: {}",
                counted(written.len(), "Diagramm", "Diagramme"),
                out.display()
            );
        }
        Action::Export {
            what: ExportWhat::Staff { out },
        } => {
            let ws = Store::open(db, OpenMode::ReadOnly)?.load()?;
            let (headers, rows) = crate::exchange::staff_export::staff_table(&ws);
            write_export(&out, "Personal", &headers, &rows, ("Person", "Personen"))?;
        }
        Action::Export {
            what:
                ExportWhat::Load {
                    out,
                    anonymised: _,
                    named_staff,
                    months,
                },
        } => {
            let ws = Store::open(db, OpenMode::ReadOnly)?.load()?;
            let (headers, rows) = crate::exchange::staff_export::load_rows(
                &ws,
                crate::clock::today(),
                usize::from(months),
                ws.staffing().load(),
                !named_staff,
            );
            write_export(&out, "Auslastung", &headers, &rows, ("Zeile", "Zeilen"))?;
        }
        Action::Report {
            out,
            snapshot,
            title,
            date,
            named_staff,
        } => report(
            db,
            &out,
            snapshot.as_deref(),
            title,
            date.as_deref(),
            named_staff,
        )?,
        Action::Restore { from } => {
            let mut store = Store::open(db, OpenMode::Existing)?;
            let before = store.restore(&from)?;
            store.close()?;
            println!(
                "Wiederhergestellt aus {}. Der Stand davor ist gesichert: {}",
                from.display(),
                before.display()
            );
        }
        Action::Scenario {
            projects,
            effort_org,
            effort_tech,
            days_per_year,
            from,
            until,
            positions,
            json,
        } => {
            let ws = Store::open(db, OpenMode::ReadOnly)?.load()?;
            let today = crate::clock::today();
            let date = |text: Option<String>, field: &str, default: NaiveDate| match text {
                None => Ok(default),
                Some(t) => crate::model::project::parse_date(&t).ok_or_else(|| {
                    anyhow::anyhow!("{field}: „{t}“ ist kein Datum; bitte TT.MM.JJJJ angeben.")
                }),
            };
            let file = ScenarioInput::of_workspace(&ws, today);
            let settings = ws.staffing();
            let remaining = remaining_work(&ws, settings.services_per_project);
            let from = date(from, "Beginn", today)?;
            let until = date(until, "Zieldatum", file.until)?;
            let input = ScenarioInput {
                projects: projects.unwrap_or(file.projects),
                effort_org: effort_org.unwrap_or(file.effort_org),
                effort_tech: effort_tech.unwrap_or(file.effort_tech),
                days_per_year: days_per_year.unwrap_or(file.days_per_year),
                from,
                until,
                positions: positions.unwrap_or_else(|| positions_at_hand(ws.staff(), until)),
                annual_cost_per_position: file.annual_cost_per_position,
            };
            let result = input.compute()?;
            if json {
                let value = serde_json::json!({
                    "person_days": result.person_days,
                    "fte_needed": result.fte_needed,
                    "positions_at_hand": input.positions,
                    "finish_date": result.finish_date.map(|d| d.format("%Y-%m-%d").to_string()),
                    "years_needed": result.years_needed,
                    "annual_cost_eur": result.annual_cost,
                });
                println!("{value}");
            } else {
                if projects.is_none() {
                    for line in remaining.explain(settings.services_per_project) {
                        println!("{line}");
                    }
                }
                for line in input.explain(&result) {
                    println!("{line}");
                }
            }
        }
        Action::StressEdits { count, tag } => stress_edits(db, count, &tag)?,
        Action::Copy { out } => changes::copy(db, &out)?,
        Action::Changes { what } => changes::run(db, what)?,
    }
    Ok(())
}

/// Writes a table as XLSX or CSV (by the file's extension) and says how many rows.
fn write_export(
    out: &Path,
    sheet: &str,
    headers: &[String],
    rows: &[Vec<crate::exchange::export::Cell>],
    (one, many): (&str, &str),
) -> anyhow::Result<()> {
    use crate::exchange::export::{ExportFormat, write_table};
    let format = ExportFormat::from_path(out).ok_or_else(|| {
        anyhow::anyhow!(
            "Unbekanntes Dateiformat; bitte .xlsx oder .csv wählen: {}",
            out.display()
        )
    })?;
    write_table(out, format, sheet, headers, rows)?;
    println!(
        "{} exportiert: {}",
        counted(rows.len(), one, many),
        out.display()
    );
    Ok(())
}

/// The figures of the whole file for today, compared with a snapshot (or the latest).
fn figures_for(
    ws: &crate::model::Workspace,
    store: &Store,
    snapshot: Option<crate::model::SnapshotId>,
    named_staff: bool,
) -> Figures {
    let today = crate::clock::today();
    Figures::compute(
        ws,
        &FigureInput {
            today,
            data_date: store.data_date().unwrap_or(today),
            snapshot,
            named_staff,
            ..FigureInput::default()
        },
    )
}

/// Finds a snapshot by title, label or number.
fn find_snapshot<'a>(
    ws: &'a crate::model::Workspace,
    name: &str,
) -> anyhow::Result<&'a crate::model::Snapshot> {
    let wanted = name.trim().to_lowercase();
    let found = ws.snapshots().iter().find(|s| {
        s.title.to_lowercase() == wanted
            || s.label().to_lowercase() == wanted
            || s.id.to_string() == wanted
    });
    found.ok_or_else(|| {
        let known: Vec<String> = ws.snapshots().iter().map(|s| s.label()).collect();
        anyhow::anyhow!(
            "Einen Stand „{name}“ gibt es nicht. Vorhanden: {}",
            if known.is_empty() {
                "keine".to_owned()
            } else {
                known.join("; ")
            }
        )
    })
}

/// Writes the committee report with the file's remembered report settings.
fn report(
    db: &Path,
    out: &Path,
    snapshot: Option<&str>,
    title: Option<String>,
    date: Option<&str>,
    named_staff: bool,
) -> anyhow::Result<()> {
    let store = Store::open(db, OpenMode::ReadOnly)?;
    let ws = store.load()?;
    let mut settings = ReportSettings::load(&store);
    if let Some(name) = snapshot {
        settings.snapshot = Some(find_snapshot(&ws, name)?.id);
    }
    if let Some(t) = title {
        settings.title = t;
    }
    settings.named_staff |= named_staff;
    settings.meeting_date = Some(match date {
        Some(d) => crate::model::project::parse_date(d).ok_or_else(|| {
            anyhow::anyhow!("Das Datum „{d}“ ist ungültig; bitte TT.MM.JJJJ angeben.")
        })?,
        None => crate::clock::today(),
    });
    let mut figures = figures_for(&ws, &store, settings.snapshot, settings.named_staff);
    figures.data_date = settings.data_date_for(figures.data_date);
    let pages = write_report(&figures, &settings, out)?;
    println!(
        "Bericht mit {} geschrieben: {}",
        counted(pages, "Seite", "Seiten"),
        out.display()
    );
    Ok(())
}

/// Exports the ranking computed from the file's data and settings, or a frozen snapshot.
fn export_ranking(
    db: &Path,
    out: &Path,
    top: Option<usize>,
    snapshot: Option<&str>,
) -> anyhow::Result<()> {
    use crate::exchange::export::{ExportFormat, write_table};
    use crate::exchange::ranking_export::{ranking_table, snapshot_table};
    use crate::model::ranking::{RankingInput, Section, rank};
    let format = ExportFormat::from_path(out).ok_or_else(|| {
        anyhow::anyhow!(
            "Unbekanntes Dateiformat; bitte .xlsx oder .csv wählen: {}",
            out.display()
        )
    })?;
    let ws = Store::open(db, OpenMode::ReadOnly)?.load()?;
    let (headers, rows) = match snapshot {
        Some(name) => {
            let snapshot = find_snapshot(&ws, name)?;
            snapshot_table(snapshot, top)
        }
        None => {
            let ranking = rank(&RankingInput {
                services: ws.services(),
                offices: ws.offices(),
                criteria: ws.criteria(),
                settings: ws.ranking_settings(),
            });
            let entries: Vec<usize> = ranking
                .entries
                .iter()
                .enumerate()
                .filter(|(_, e)| top.is_none_or(|n| e.section == Section::Ranked && e.rank <= n))
                .map(|(i, _)| i)
                .collect();
            ranking_table(&ws, &ranking, &entries)
        }
    };
    write_table(out, format, "Priorisierung", &headers, &rows)?;
    println!(
        "{} exportiert: {}",
        counted(rows.len(), "Eintrag", "Einträge"),
        out.display()
    );
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
