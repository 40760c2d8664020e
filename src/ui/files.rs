//! Files: opening and creating databases on a worker, exports, charts and the report.

use std::path::{Path, PathBuf};

use super::app::{Notice, Opened};
use super::dialogs::file_prompt::Purpose;
use super::workbench::Workbench;
use super::{App, jobs};
use crate::charts::ChartKind;
use crate::exchange::charts::ChartFormat;
use crate::exchange::export::{ExportFormat, SERVICE_HEADERS, service_rows, write_table};
use crate::exchange::report::ReportSettings;
use crate::model::figures::{FigureInput, Figures};
use crate::model::format::counted;
use crate::session::{Session, SessionError};
use crate::store::{OpenMode, Store, StoreError};

/// Which table an export writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ExportKind {
    Services,
    Ranking,
    Projects,
}

impl App {
    /// Whether an export or a report is being written.
    pub(crate) fn is_exporting(&self) -> bool {
        self.workbench
            .as_ref()
            .is_some_and(|wb| wb.export.is_some() || wb.report.is_some())
    }

    /// Says that a file is not written because another export is still running.
    pub(crate) fn refuse_while_busy(&mut self, path: PathBuf) {
        self.notice = Some(Notice::error(format!(
            "Es wird gerade noch exportiert; bitte warten, bis es fertig ist, und dann noch einmal: {}",
            path.display()
        )));
    }

    /// Writes the committee report on a worker, for the overview's filter.
    pub(crate) fn write_report(&mut self, path: PathBuf, ctx: &egui::Context) {
        let Some(wb) = &mut self.workbench else {
            return;
        };
        if path
            .extension()
            .is_none_or(|e| !e.eq_ignore_ascii_case("pdf"))
        {
            self.notice = Some(Notice::error(format!(
                "Bitte eine Datei mit der Endung .pdf angeben: {}",
                path.display()
            )));
            return;
        }
        let settings = wb
            .pending_report
            .take()
            .unwrap_or_else(|| ReportSettings::load(wb.session.store()));
        let ws = wb.session.workspace().clone();
        let input = FigureInput {
            filter: wb.overview.filter.clone(),
            today: crate::clock::today(),
            data_date: settings.data_date_for(wb.session.data_date()),
            snapshot: settings.snapshot,
            named_staff: settings.named_staff,
        };
        let for_job = settings.clone();
        let job = jobs::Job::spawn("report", ctx, move |_| {
            let figures = Figures::compute(&ws, &input);
            crate::exchange::report::write_report(&figures, &for_job, &path)
                .map(|pages| {
                    format!(
                        "Bericht mit {} geschrieben: {}",
                        counted(pages, "Seite", "Seiten"),
                        path.display()
                    )
                })
                .map_err(|e| e.to_string())
        });
        match job {
            Ok(job) => wb.report = Some((job, settings)),
            Err(e) => self.notice = Some(Notice::error(format!("Bericht nicht möglich ({e})."))),
        }
    }

    /// Writes one chart (kind, format, file) or all charts into a dated folder, on a worker.
    pub(crate) fn write_charts(
        &mut self,
        one: Option<(ChartKind, ChartFormat, PathBuf)>,
        ctx: &egui::Context,
    ) {
        use crate::exchange::charts::{export_all_charts, export_chart};
        let dir = self.export_dir.join(format!(
            "Diagramme {}",
            crate::clock::today().format("%Y-%m-%d")
        ));
        let Some(wb) = &mut self.workbench else {
            return;
        };
        let figures = wb
            .overview
            .figures(wb.session.workspace(), wb.session.data_date());
        let size = wb.overview.export.size();
        let job = jobs::Job::spawn("charts", ctx, move |_| match one {
            Some((kind, format, path)) => {
                // The file's own extension decides, so its content always matches its name.
                let (format, path) = match ChartFormat::from_path(&path) {
                    Some(named) => (named, path),
                    None => (format, path.with_extension(format.extension())),
                };
                export_chart(&figures, kind, format, size, &path)
                    .map(|()| format!("Diagramm „{}“ exportiert: {}", kind.name(), path.display()))
                    .map_err(|e| e.to_string())
            }
            None => {
                let mut files = 0;
                for format in [ChartFormat::Png, ChartFormat::Svg] {
                    files += export_all_charts(&figures, &dir, format, size)
                        .map_err(|e| e.to_string())?
                        .len();
                }
                Ok(format!(
                    "{} exportiert (PNG und SVG) in den Ordner: {}",
                    counted(files, "Diagrammdatei", "Diagrammdateien"),
                    dir.display()
                ))
            }
        });
        match job {
            Ok(job) => wb.export = Some(job),
            Err(e) => self.notice = Some(Notice::error(format!("Export nicht möglich ({e})."))),
        }
    }

    pub(crate) fn suggest(&self, purpose: Purpose) -> PathBuf {
        let data_dir = crate::paths::default_database()
            .ok()
            .and_then(|d| d.parent().map(Path::to_path_buf))
            .unwrap_or_else(|| self.export_dir.clone());
        match purpose {
            Purpose::OpenDatabase => self
                .recent
                .files
                .first()
                .cloned()
                .unwrap_or_else(|| data_dir.join("ozg-cockpit.sqlite")),
            Purpose::NewEmpty => data_dir.join("neu.sqlite"),
            Purpose::NewReference => data_dir.join("beispieldaten.sqlite"),
            Purpose::Import => self.export_dir.clone(),
            Purpose::ExportServices => self.export_dir.join("leistungen.xlsx"),
            Purpose::ExportRanking => self.export_dir.join("priorisierung.xlsx"),
            Purpose::ExportProjects => self.export_dir.join("projekte.xlsx"),
            Purpose::ExportChart(kind, format) => {
                self.export_dir
                    .clone()
                    .join(format!("{}.{}", kind.file_stem(), format.extension()))
            }
            Purpose::Report => self.export_dir.join("Ausschussbericht.pdf"),
            Purpose::ExportLog => self.export_dir.join("aenderungen.csv"),
            Purpose::MakeCopy => data_dir.join("arbeitskopie.sqlite"),
            Purpose::ExportChanges => self.export_dir.join(format!(
                "aenderungen {}.ozgchanges",
                chrono::Local::now().format("%Y-%m-%d %H-%M")
            )),
            Purpose::ApplyChanges => self.export_dir.clone(),
        }
    }

    /// Opens a database file and shows it; on failure the message says why.
    /// Opens a file on a worker thread (a migration with its backup may take a while); the
    /// window shows the progress meanwhile.
    pub fn open(&mut self, path: &Path, mode: OpenMode, ctx: &egui::Context) {
        if let Some(wb) = &self.workbench
            && wb.session.store().path() == path
            && mode != OpenMode::ReadOnly
        {
            return;
        }
        // Release the current file first, so reopening the same file is not refused as locked.
        self.workbench = None;
        let file = path.to_path_buf();
        let what = if mode == OpenMode::ReadOnly {
            "Die Datei wird zum Lesen geöffnet …"
        } else {
            "Die Datei wird geöffnet und geprüft …"
        };
        self.start_opening(ctx, what, move || match Session::open(&file, mode) {
            Ok(session) => Ok(Opened::new(session)),
            Err(SessionError::Store(StoreError::Locked { path: shown })) => Err(Notice {
                text: StoreError::Locked { path: shown }.to_string(),
                is_error: true,
                read_only_offer: Some(file.clone()),
            }),
            Err(e) => Err(Notice::error(e.to_string())),
        });
    }

    pub(crate) fn start_opening(
        &mut self,
        ctx: &egui::Context,
        what: &'static str,
        work: impl FnOnce() -> Result<Opened, Notice> + Send + 'static,
    ) {
        if self.opening.is_some() {
            return;
        }
        self.notice = None;
        match jobs::Job::spawn("open", ctx, move |_| work()) {
            Ok(job) => self.opening = Some((job, what)),
            Err(e) => {
                self.notice = Some(Notice::error(format!(
                    "Die Datei konnte nicht geöffnet werden ({e})."
                )));
            }
        }
    }

    pub(crate) fn show(&mut self, session: Session) {
        self.recent.add(session.store().path());
        self.notice = crate::paths::network_warning(session.store().path()).map(Notice::error);
        let mut session = session;
        session.set_author(&self.prefs.user_name);
        let mut wb = Workbench::new(session);
        if let Some(state) = self.prefs.view_state(wb.session.store().path()) {
            wb.restore_view(state);
        }
        self.last_view = None;
        self.workbench = Some(wb);
    }

    pub(crate) fn create(&mut self, path: &Path, reference: bool, ctx: &egui::Context) {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
            && let Err(e) = std::fs::create_dir_all(dir)
        {
            self.notice = Some(Notice::error(format!(
                "Der Ordner konnte nicht angelegt werden ({e}): {}",
                dir.display()
            )));
            return;
        }
        self.workbench = None;
        let file = path.to_path_buf();
        let what = if reference {
            "Die Beispieldaten werden angelegt …"
        } else {
            "Die Datenbank wird angelegt …"
        };
        self.start_opening(ctx, what, move || {
            let store = if reference {
                crate::scenario::create(&file).map_err(|e| e.to_string())
            } else {
                Store::open(&file, OpenMode::Create).map_err(|e| e.to_string())
            };
            store
                .and_then(|s| Session::from_store(s).map_err(|e| e.to_string()))
                .map(Opened::new)
                .map_err(Notice::error)
        });
    }

    pub(crate) fn export(&mut self, path: PathBuf, ctx: &egui::Context, kind: ExportKind) {
        let Some(wb) = &mut self.workbench else {
            return;
        };
        let Some(format) = ExportFormat::from_path(&path) else {
            self.notice = Some(Notice::error(format!(
                "Bitte eine Datei mit der Endung .xlsx oder .csv angeben: {}",
                path.display()
            )));
            return;
        };
        let ws = wb.session.workspace();
        let (sheet, headers, rows, one, many) = match kind {
            ExportKind::Ranking => {
                let entries = wb.ranking.visible_entries(ws);
                let (headers, rows) = crate::exchange::ranking_export::ranking_table(
                    ws,
                    wb.ranking.ranking(ws),
                    &entries,
                );
                ("Priorisierung", headers, rows, "Eintrag", "Einträge")
            }
            ExportKind::Projects => {
                let indices = wb.projects.rows(ws).to_vec();
                let (headers, rows) = crate::exchange::projects_export::projects_table(
                    ws,
                    &indices,
                    crate::clock::today(),
                );
                ("Projekte", headers, rows, "Projekt", "Projekte")
            }
            ExportKind::Services => {
                let headers = SERVICE_HEADERS.iter().map(|h| h.to_string()).collect();
                let rows = service_rows(ws, wb.services.rows(ws));
                ("Leistungen", headers, rows, "Leistung", "Leistungen")
            }
        };
        let count = rows.len();
        let job = jobs::Job::spawn("export", ctx, move |_progress| {
            write_table(&path, format, sheet, &headers, &rows)
                .map(|()| {
                    let what = counted(count, one, many);
                    format!("{what} exportiert: {}", path.display())
                })
                .map_err(|e| e.to_string())
        });
        match job {
            Ok(job) => wb.export = Some(job),
            Err(e) => self.notice = Some(Notice::error(format!("Export nicht möglich ({e})."))),
        }
    }
}
