//! The application: its window, the frame's layout and the handling of the actions the views
//! return (applied after the frame's layout).

use std::path::PathBuf;

use egui::Ui;

use super::dialogs::confirm::Confirm;
use super::dialogs::file_prompt::FilePrompt;
use super::dialogs::import::ImportFlow;
use super::dialogs::settings;
use super::files::ExportKind;
use super::window::FirstFrame;
use super::workbench::{Workbench, last_import_backup};
use super::{Action, Purpose, Tab, jobs, overview, projects, welcome};
use crate::exchange::report::ReportSettings;
use crate::model::Command;
use crate::paths::RecentFiles;
use crate::session::Session;
use crate::store::{OpenMode, StoreError};

/// A message in the status area.
#[derive(Clone, Debug, PartialEq)]
pub struct Notice {
    pub text: String,
    pub is_error: bool,
    /// A locked file that may be opened read-only instead.
    pub read_only_offer: Option<PathBuf>,
}

impl Notice {
    pub(crate) fn error(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            is_error: true,
            read_only_offer: None,
        }
    }

    pub(crate) fn info(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            is_error: false,
            read_only_offer: None,
        }
    }
}

/// The application.
pub struct App {
    pub workbench: Option<Workbench>,
    /// Where the welcome screen creates a new database.
    pub target: PathBuf,
    pub recent: RecentFiles,
    pub notice: Option<Notice>,
    /// Where exports are offered and where "Alle Diagramme exportieren" writes its folder.
    pub export_dir: PathBuf,
    pub(crate) prompt: Option<FilePrompt>,
    pub(crate) title: String,
    /// A file being opened or created on a worker thread, with what is being done.
    pub(crate) opening: Option<(jobs::Job<Result<Opened, Notice>>, &'static str)>,
    /// The file to open once the first frame gives a context for the worker.
    pub(crate) pending_open: Option<PathBuf>,
    /// The start-up measurement, when asked for.
    pub(crate) first_frame: Option<FirstFrame>,
    /// Whether a file is at `target` (looked at when the welcome screen comes up, not in every
    /// frame).
    pub(crate) target_exists: bool,
    /// Paces the frames that only follow the pointer (in the window, not in tests).
    pub(crate) pacer: super::pace::Pacer,
    /// Whether the short guide is shown.
    pub help: bool,
    /// The user's own preferences (name, theme, how each file's views were left).
    pub prefs: crate::preferences::Preferences,
    /// Preferences changed since they were last written, and the writer of the last save.
    pub(crate) prefs_dirty: bool,
    prefs_saving: Option<std::thread::JoinHandle<()>>,
    prefs_saved: Option<std::time::Instant>,
    /// The theme set on the context.
    theme_dark: Option<bool>,
    /// The view state last put into the preferences.
    pub(crate) last_view: Option<super::workbench::ViewState>,
}

/// A file opened on the worker, with the overview's first figures computed there too.
pub(crate) struct Opened {
    pub(crate) session: Session,
    pub(crate) figures: crate::model::figures::Figures,
    /// Why the backup of the day could not be made.
    pub(crate) backup_problem: Option<String>,
}

impl Opened {
    /// A file opened on the worker: the overview's figures, and the backup of the day.
    pub(crate) fn new(session: Session) -> Self {
        let figures =
            overview::OverviewView::first_figures(session.workspace(), session.data_date());
        let backup_problem = session
            .store()
            .daily_backup()
            .err()
            .map(|e| format!("Die tägliche Sicherung konnte nicht angelegt werden: {e}"));
        Self {
            session,
            figures,
            backup_problem,
        }
    }
}

impl App {
    /// The app on `db`, or on the default database; shows the welcome screen when the file
    /// does not exist yet.
    pub fn new(
        db: Option<PathBuf>,
        recent: RecentFiles,
        prefs: crate::preferences::Preferences,
    ) -> Self {
        let target = db
            .or_else(|| crate::paths::default_database().ok())
            .unwrap_or_else(|| crate::paths::default_export_dir().join("ozg-cockpit.sqlite"));
        let mut app = Self {
            workbench: None,
            target: target.clone(),
            recent,
            notice: None,
            export_dir: crate::paths::default_export_dir(),
            prompt: None,
            title: String::new(),
            opening: None,
            pending_open: None,
            first_frame: None,
            target_exists: target.exists(),
            pacer: Default::default(),
            help: false,
            prefs,
            prefs_dirty: false,
            prefs_saving: None,
            prefs_saved: None,
            theme_dark: None,
            last_view: None,
        };
        if target.exists() {
            app.pending_open = Some(target);
        }
        app
    }

    /// Whether a file is being opened or created.
    pub fn is_opening(&self) -> bool {
        self.opening.is_some() || self.pending_open.is_some()
    }

    /// Takes over the file opened or created on the worker, once it is there.
    pub(crate) fn poll_opening(&mut self, ctx: &egui::Context) {
        if let Some(path) = self.pending_open.take() {
            self.open(&path, OpenMode::Existing, ctx);
        }
        let Some((job, _)) = &mut self.opening else {
            return;
        };
        match job.poll() {
            None => {}
            Some(Ok(opened)) => {
                self.opening = None;
                let data_date = opened.session.data_date();
                self.show(opened.session);
                if let Some(problem) = opened.backup_problem {
                    self.notice = Some(Notice::error(problem));
                }
                if let Some(wb) = &mut self.workbench {
                    wb.overview
                        .prime(wb.session.workspace(), data_date, opened.figures);
                }
            }
            Some(Err(notice)) => {
                self.opening = None;
                self.notice = Some(notice);
            }
        }
    }

    /// The app with an already open session (tests, benchmarks).
    pub fn with_session(session: Session) -> Self {
        let target = session.store().path().to_path_buf();
        Self {
            workbench: Some(Workbench::new(session)),
            target,
            recent: RecentFiles::load_from(None),
            notice: None,
            export_dir: crate::paths::default_export_dir(),
            prompt: None,
            title: String::new(),
            opening: None,
            pending_open: None,
            first_frame: None,
            target_exists: true,
            pacer: Default::default(),
            help: false,
            prefs: crate::preferences::Preferences::load_from(None),
            prefs_dirty: false,
            prefs_saving: None,
            prefs_saved: None,
            theme_dark: None,
            last_view: None,
        }
    }

    /// The workspace view state, if a database is open.
    pub fn workbench_mut(&mut self) -> Option<&mut Workbench> {
        self.workbench.as_mut()
    }

    /// Draws one frame and applies what the user did.
    pub fn ui(&mut self, ui: &mut Ui) {
        if self.theme_dark != Some(self.prefs.dark) {
            ui.ctx().set_theme(if self.prefs.dark {
                egui::Theme::Dark
            } else {
                egui::Theme::Light
            });
            self.theme_dark = Some(self.prefs.dark);
        }
        self.poll_opening(&ui.ctx().clone());
        let mut actions = Vec::new();
        self.shortcuts(ui, &mut actions);
        // The panels leave their background to the window's clear colour: under software
        // OpenGL every filled pixel costs, and each frame would fill the window twice.
        let style = ui.style().clone();
        let bare = |frame: egui::Frame| frame.fill(egui::Color32::TRANSPARENT);
        egui::Panel::top("menu")
            .frame(bare(egui::Frame::side_top_panel(&style)))
            .show(ui, |ui| self.menu_ui(ui, &mut actions));
        egui::Panel::bottom("status")
            .frame(bare(egui::Frame::side_top_panel(&style)))
            .show(ui, |ui| self.status_ui(ui, &mut actions));
        egui::CentralPanel::default_margins()
            .frame(bare(egui::Frame::central_panel(&style)))
            .show(ui, |ui| match &mut self.workbench {
                Some(wb) => {
                    let read_only = wb.session.store().is_read_only()
                        || wb.import.as_ref().is_some_and(ImportFlow::is_busy);
                    let ws = wb.session.workspace();
                    actions.extend(match wb.tab {
                        Tab::Overview => wb.overview.ui(ui, ws, wb.session.data_date()),
                        Tab::Services => wb.services.ui(ui, ws, read_only),
                        Tab::Offices => wb.offices.ui(ui, ws, read_only),
                        Tab::Ranking => wb.ranking.ui(ui, ws, read_only),
                        Tab::Projects => wb.projects.ui(ui, ws, read_only),
                        Tab::Staff => wb.staff.ui(ui, ws, read_only),
                        Tab::Scenario => {
                            wb.scenario.ui(ui, ws, wb.session.data_date());
                            Vec::new()
                        }
                        Tab::Changes => wb.changes.ui(ui, ws, wb.session.store().path()),
                    });
                }
                None => match &self.opening {
                    Some((job, what)) => opening_ui(ui, what, job.progress),
                    None => welcome::ui(
                        ui,
                        &self.target,
                        self.target_exists,
                        &self.recent,
                        &mut actions,
                    ),
                },
            });
        let ctx = ui.ctx().clone();
        self.dialogs_ui(&ctx, &mut actions);
        if self.help {
            let file = self.workbench.as_ref().map_or(self.target.clone(), |wb| {
                wb.session.store().path().to_path_buf()
            });
            super::dialogs::help::ui(&ctx, &mut self.help, &file);
        }
        self.update_title(&ctx);
        for action in actions {
            self.handle(action, &ctx);
        }
        self.remember_views();
    }

    /// Keeps how the views are left in the preferences, written on a worker now and then.
    fn remember_views(&mut self) {
        if let Some(wb) = &self.workbench {
            // Small clones each frame; the preferences (and the path) only when they changed.
            let state = wb.view_state();
            if self.last_view.as_ref() != Some(&state) {
                self.prefs_dirty |= self.prefs.set_view_state(wb.session.store().path(), &state);
                self.last_view = Some(state);
            }
        }
        let writing = self.prefs_saving.as_ref().is_some_and(|h| !h.is_finished());
        let recently = self
            .prefs_saved
            .is_some_and(|t| t.elapsed() < std::time::Duration::from_secs(2));
        if self.prefs_dirty && !writing && !recently {
            let prefs = self.prefs.clone();
            self.prefs_saving = Some(std::thread::spawn(move || {
                let _ = prefs.save();
            }));
            self.prefs_saved = Some(std::time::Instant::now());
            self.prefs_dirty = false;
        }
    }

    /// Writes the preferences now (when the window closes).
    pub fn save_preferences(&mut self) {
        if let Some(h) = self.prefs_saving.take() {
            let _ = h.join();
        }
        if let Some(wb) = &self.workbench {
            let state = wb.view_state();
            self.prefs.set_view_state(wb.session.store().path(), &state);
        }
        let _ = self.prefs.save();
        self.prefs_dirty = false;
    }

    pub(crate) fn update_title(&mut self, ctx: &egui::Context) {
        let title = match &self.workbench {
            Some(wb) => {
                let store = wb.session.store();
                let name = store
                    .path()
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                let mut t = if wb.session.workspace().is_reference {
                    format!("ozg-cockpit – Beispieldaten ({name})")
                } else {
                    format!("ozg-cockpit – {name}")
                };
                if store.is_read_only() {
                    t.push_str(" [nur lesen]");
                }
                t
            }
            None => "ozg-cockpit".to_owned(),
        };
        if title != self.title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.title = title;
        }
    }

    /// The window title as last set.
    pub fn title(&self) -> &str {
        &self.title
    }

    pub(crate) fn edit(&mut self, cmd: Command) -> bool {
        let Some(wb) = &mut self.workbench else {
            return false;
        };
        let below = below_current(wb.session.workspace(), &cmd);
        match wb.session.execute(cmd) {
            Ok(()) => {
                if self.notice.as_ref().is_some_and(|n| n.is_error) {
                    self.notice = None;
                }
                if let Some(note) = below {
                    self.notice = Some(Notice::info(note));
                }
                true
            }
            Err(e) => {
                self.notice = Some(Notice::error(e.to_string()));
                false
            }
        }
    }

    /// Asks before deleting (the answer is handled with the dialogs).
    fn ask(&mut self, confirm: Confirm) {
        if let Some(wb) = &mut self.workbench {
            wb.confirm = Some(confirm);
        }
    }

    /// Applies one action.
    pub fn handle(&mut self, action: Action, ctx: &egui::Context) {
        // While an import writes through its own connection, nothing else changes the data:
        // an edit (or an undo, which is one) would wait for it or race with its reload.
        let importing = self
            .workbench
            .as_ref()
            .is_some_and(|w| w.import.as_ref().is_some_and(ImportFlow::is_busy));
        let edits = matches!(
            action,
            Action::Edit(_)
                | Action::Undo
                | Action::Redo
                | Action::AddService(_)
                | Action::AddOffice(_)
                | Action::UndoImport(_)
                | Action::ApplyChanges
                | Action::RestoreBackup(_)
                | Action::Close
        );
        if importing && edits {
            self.notice = Some(Notice::info(
                "Während des Imports sind keine Änderungen möglich; bitte warten, bis er fertig ist.",
            ));
            return;
        }
        let action = match self.handle_together(action, ctx) {
            Some(other) => other,
            None => return,
        };
        match action {
            Action::Edit(cmd) => {
                self.edit(cmd);
            }
            Action::ConfirmUndoImport => {
                if let Some(wb) = &mut self.workbench {
                    wb.undo_import = wb.last_import_backup.clone();
                }
            }
            Action::UndoImport(backup) => {
                if let Some(wb) = &mut self.workbench {
                    self.notice = Some(match wb.session.restore(&backup) {
                        Ok(before) => {
                            wb.last_import_backup = last_import_backup(&wb.session);
                            Notice::info(format!(
                                "Der Stand vor dem Import ist wiederhergestellt. Der Stand davor ist gesichert: {}",
                                before.display()
                            ))
                        }
                        Err(e) => Notice::error(format!(
                            "Der Import konnte nicht zurückgenommen werden: {e}"
                        )),
                    });
                }
            }
            Action::OpenSettings => {
                if let Some(wb) = &mut self.workbench {
                    wb.settings = Some(settings::SettingsDialog::new(
                        wb.session.workspace(),
                        &self.prefs.user_name,
                        self.prefs.dark,
                    ));
                }
            }
            Action::AddService(s) => {
                let id = s.id;
                if self.edit(Command::AddService(s))
                    && let Some(wb) = &mut self.workbench
                {
                    wb.services.reveal(id);
                    wb.services.edit_name(wb.session.workspace(), id);
                }
            }
            Action::AddOffice(o) => {
                let id = o.id;
                if self.edit(Command::AddOffice(o))
                    && let Some(wb) = &mut self.workbench
                {
                    wb.offices.edit_number(wb.session.workspace(), id);
                }
            }
            Action::ConfirmDeleteServices(ids) => self.ask(Confirm::Services(ids)),
            Action::ConfirmDeleteOffice(id) => self.ask(Confirm::Office(id)),
            Action::ConfirmDeleteStaff(ids) => self.ask(Confirm::Staff(ids)),
            Action::ConfirmDeleteProject(id) => self.ask(Confirm::Project(id)),
            Action::NewProjectFromSelection(services) => {
                if let Some(wb) = &mut self.workbench {
                    wb.new_project = Some(projects::NewProjectDialog::new(
                        wb.session.workspace(),
                        services,
                    ));
                }
            }
            Action::Refused(text) => self.notice = Some(Notice::error(text)),
            Action::Undo | Action::Redo => self.undo_redo(matches!(action, Action::Undo)),
            Action::Prompt(purpose) => {
                self.prompt = Some(FilePrompt::new(purpose, self.suggest(purpose)))
            }
            Action::Open(path) => self.open(&path, OpenMode::Existing, ctx),
            Action::OpenReadOnly(path) => self.open(&path, OpenMode::ReadOnly, ctx),
            Action::Create { path, reference } => self.create(&path, reference, ctx),
            Action::Import(path) => {
                if let Some(wb) = &mut self.workbench {
                    if wb.session.store().is_read_only() {
                        self.notice = Some(Notice::error(StoreError::ReadOnly.to_string()));
                    } else {
                        wb.import = Some(ImportFlow::start(path, ctx));
                    }
                }
            }
            Action::Export(path) => self.export(path, ctx, ExportKind::Services),
            Action::ExportRanking(path) => self.export(path, ctx, ExportKind::Ranking),
            Action::ExportProjects(path) => self.export(path, ctx, ExportKind::Projects),
            Action::OpenReport => {
                if let Some(wb) = &mut self.workbench {
                    let ws = wb.session.workspace();
                    let scope = match wb.overview.filter.label(ws) {
                        s if s.is_empty() => "alle Leistungen im kommunalen Umfang".to_owned(),
                        s => s,
                    };
                    let (settings, warning) = match ReportSettings::read(wb.session.store()) {
                        Ok(s) => (s, None),
                        Err(e) => (ReportSettings::default(), Some(e)),
                    };
                    if let Some(e) = warning {
                        self.notice = Some(Notice::error(e));
                    }
                    wb.report_dialog = Some(overview::ReportDialog::new(
                        settings,
                        wb.session.data_date(),
                        scope,
                    ));
                }
            }
            Action::WriteReport(path) if self.is_exporting() => {
                self.refuse_while_busy(path);
            }
            Action::WriteReport(path) => self.write_report(path, ctx),
            Action::PromptChart(kind, format) => {
                let purpose = Purpose::ExportChart(kind, format);
                self.prompt = Some(FilePrompt::new(purpose, self.suggest(purpose)));
            }
            Action::WriteChart(kind, format, path) => {
                self.write_charts(Some((kind, format, path)), ctx)
            }
            Action::ExportAllCharts => self.write_charts(None, ctx),
            Action::Info(text) => self.notice = Some(Notice::info(text)),
            // Handled by `handle_together`.
            Action::Show(_)
            | Action::ShowChangesOf(_)
            | Action::ExportLog(_)
            | Action::MakeCopy(_)
            | Action::ExportChanges(_)
            | Action::PreviewChanges(_)
            | Action::ApplyChanges
            | Action::ShowBackups
            | Action::RestoreBackup(_) => {}
            Action::Close => {
                self.remember_views();
                // Only once everything is in the file itself is it closed without a word.
                self.notice = self
                    .workbench
                    .take()
                    .and_then(|wb| wb.session.into_store().close().err())
                    .map(|e| Notice::error(e.to_string()));
                self.target_exists = self.target.exists();
            }
        }
    }

    pub(crate) fn undo_redo(&mut self, undo: bool) {
        let Some(wb) = &mut self.workbench else {
            return;
        };
        let result = if undo {
            wb.session.undo()
        } else {
            wb.session.redo()
        };
        self.notice = match result {
            Ok(true) => None,
            Ok(false) => Some(Notice::info(if undo {
                "Nichts mehr rückgängig zu machen."
            } else {
                "Nichts zu wiederholen."
            })),
            Err(e) => Some(Notice::error(e.to_string())),
        };
    }
}

/// The window while a file is opened or created: what happens, and that it is under way.
pub(crate) fn opening_ui(ui: &mut Ui, what: &str, progress: f32) {
    ui.vertical_centered(|ui| {
        ui.add_space(ui.available_height() * 0.35);
        ui.heading(what);
        ui.add_space(8.0);
        ui.add(
            egui::ProgressBar::new(progress)
                .desired_width(320.0)
                .animate(true),
        );
    });
}

/// A note when an edit sets a service's target maturity below its current one: allowed (a
/// service may be meant to go offline), but rarely meant.
pub(crate) fn below_current(ws: &crate::model::Workspace, cmd: &Command) -> Option<String> {
    let Command::SetService {
        id,
        value: crate::model::ServiceValue::TargetMaturity(target),
    } = cmd
    else {
        return None;
    };
    let s = ws.service(*id)?;
    (*target < s.current_maturity).then(|| {
        format!(
            "Hinweis: Der Ziel-Reifegrad {} von „{}“ liegt unter dem Ist-Reifegrad {}.",
            ws.maturity.display(*target),
            s.name,
            ws.maturity.display(s.current_maturity)
        )
    })
}
