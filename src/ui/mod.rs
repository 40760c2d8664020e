//! The eframe application: menu, tabs, status bar, dialogs, and the dispatch of the actions
//! the views return. Actions are applied after the frame's layout.

pub mod assignments;
pub mod criteria_editor;
pub mod fields;
pub mod file_prompt;
pub mod import;
pub mod jobs;
pub mod offices;
pub mod overview;
pub mod projects;
pub mod ranking;
pub mod restore;
pub mod scenario;
pub mod services;
pub mod settings;
pub mod staff;
pub mod table;
pub mod welcome;

use std::path::{Path, PathBuf};

use egui::{Key, KeyboardShortcut, Modifiers, Ui};

use crate::charts::ChartKind;
use crate::exchange::charts::ChartFormat;
use crate::exchange::export::{ExportFormat, SERVICE_HEADERS, service_rows, write_table};
use crate::exchange::report::{ReportSettings, SETTINGS_KEY as REPORT_KEY};
use crate::model::figures::{FigureInput, Figures};
pub use crate::model::german::counted;
use crate::model::{Command, Office, OfficeId, Service, ServiceId};
use crate::paths::RecentFiles;
use crate::session::{Session, SessionError};
use crate::store::{OpenMode, Store, StoreError};
use file_prompt::{FilePrompt, PromptOutcome, Purpose};
use import::{ImportEvent, ImportFlow};
use offices::OfficesView;
use ranking::RankingView;
use services::ServicesView;

/// Something a view asks the app to do after the frame.
#[derive(Debug)]
pub enum Action {
    Edit(Command),
    AddService(Box<Service>),
    AddOffice(Box<Office>),
    ConfirmDeleteServices(Vec<ServiceId>),
    ConfirmDeleteOffice(OfficeId),
    ConfirmDeleteProject(crate::model::ProjectId),
    ConfirmDeleteStaff(Vec<crate::model::load::StaffId>),
    /// Ask for the name of a new project for these services.
    NewProjectFromSelection(Vec<ServiceId>),
    /// A value was refused while typing; show why.
    Refused(String),
    Undo,
    Redo,
    Prompt(Purpose),
    Open(PathBuf),
    OpenReadOnly(PathBuf),
    Create {
        path: PathBuf,
        reference: bool,
    },
    Import(PathBuf),
    Export(PathBuf),
    ExportRanking(PathBuf),
    ExportProjects(PathBuf),
    /// Open the committee report's dialog.
    OpenReport,
    /// Write the report with the dialog's settings.
    WriteReport(PathBuf),
    /// Ask where to write a chart.
    PromptChart(ChartKind, ChartFormat),
    WriteChart(ChartKind, ChartFormat, PathBuf),
    /// Write every chart as PNG and SVG into a dated folder.
    ExportAllCharts,
    /// Show a message that is not an error.
    Info(String),
    /// Open the settings dialog.
    OpenSettings,
    /// Ask before going back to the copy taken before the last import.
    ConfirmUndoImport,
    /// Go back to this copy.
    UndoImport(PathBuf),
    Close,
}

/// The tabs of an open database.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tab {
    Overview,
    Services,
    Offices,
    Ranking,
    Projects,
    Staff,
    Scenario,
}

impl Tab {
    /// The tabs in their order (Strg+1 … Strg+7).
    pub const ALL: [Self; 7] = [
        Self::Overview,
        Self::Services,
        Self::Offices,
        Self::Ranking,
        Self::Projects,
        Self::Staff,
        Self::Scenario,
    ];
}

/// A message in the status area.
#[derive(Clone, Debug, PartialEq)]
pub struct Notice {
    pub text: String,
    pub is_error: bool,
    /// A locked file that may be opened read-only instead.
    pub read_only_offer: Option<PathBuf>,
}

impl Notice {
    fn error(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            is_error: true,
            read_only_offer: None,
        }
    }

    fn info(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            is_error: false,
            read_only_offer: None,
        }
    }
}

/// Which table an export writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ExportKind {
    Services,
    Ranking,
    Projects,
}

/// What is to be deleted once the user confirms.
enum Confirm {
    Services(Vec<ServiceId>),
    Office(OfficeId),
    Project(crate::model::ProjectId),
    Staff(Vec<crate::model::load::StaffId>),
}

/// An open database with its views.
pub struct Workbench {
    pub session: Session,
    pub tab: Tab,
    pub services: ServicesView,
    pub offices: OfficesView,
    pub ranking: RankingView,
    pub projects: projects::ProjectsView,
    pub overview: overview::OverviewView,
    pub scenario: scenario::ScenarioView,
    pub staff: staff::StaffView,
    report_dialog: Option<overview::ReportDialog>,
    /// The report's settings between its dialog and the file prompt.
    pending_report: Option<ReportSettings>,
    /// A report being written, with the settings to remember once it is.
    report: Option<(jobs::Job<Result<String, String>>, ReportSettings)>,
    new_project: Option<projects::NewProjectDialog>,
    settings: Option<settings::SettingsDialog>,
    /// The copy taken before the last import, if any.
    last_import_backup: Option<PathBuf>,
    /// The copy the user is asked about going back to.
    undo_import: Option<PathBuf>,
    import: Option<ImportFlow>,
    confirm: Option<Confirm>,
    export: Option<jobs::Job<Result<String, String>>>,
}

impl Workbench {
    fn new(session: Session) -> Self {
        let last_import_backup = last_import_backup(&session);
        Self {
            session,
            tab: Tab::Overview,
            services: ServicesView::default(),
            offices: OfficesView::default(),
            ranking: RankingView::default(),
            projects: projects::ProjectsView::default(),
            overview: overview::OverviewView::default(),
            scenario: scenario::ScenarioView::default(),
            staff: staff::StaffView::default(),
            report_dialog: None,
            pending_report: None,
            report: None,
            last_import_backup,
            undo_import: None,
            new_project: None,
            settings: None,
            import: None,
            confirm: None,
            export: None,
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
    prompt: Option<FilePrompt>,
    title: String,
    /// A file being opened or created on a worker thread, with what is being done.
    opening: Option<(jobs::Job<Result<Opened, Notice>>, &'static str)>,
    /// The file to open once the first frame gives a context for the worker.
    pending_open: Option<PathBuf>,
    /// The start-up measurement, when asked for.
    first_frame: Option<FirstFrame>,
    /// Whether a file is at `target` (looked at when the welcome screen comes up, not in every
    /// frame).
    target_exists: bool,
}

/// Starts the GUI on `db` (or the default database).
pub fn run(db: Option<PathBuf>) -> eframe::Result<()> {
    let options = eframe::NativeOptions {
        renderer: eframe::Renderer::Glow,
        viewport: egui::ViewportBuilder::default()
            .with_title("ozg-cockpit")
            .with_app_id("ozg-cockpit")
            .with_inner_size([1500.0, 920.0])
            .with_min_inner_size([900.0, 560.0]),
        ..Default::default()
    };
    let started = std::time::Instant::now();
    eframe::run_native(
        "ozg-cockpit",
        options,
        Box::new(move |cc| {
            install_fonts(&cc.egui_ctx);
            let mut app = App::new(db, RecentFiles::load());
            if std::env::var_os(FIRST_FRAME_ENV).is_some() {
                app.first_frame = Some(FirstFrame::Waiting(started));
            }
            Ok(Box::new(app))
        }),
    )
}

/// A file opened on the worker, with the overview's first figures computed there too.
struct Opened {
    session: Session,
    figures: crate::model::figures::Figures,
}

impl Opened {
    fn new(session: Session) -> Self {
        let figures =
            overview::OverviewView::first_figures(session.workspace(), session.data_date());
        Self { session, figures }
    }
}

/// With this variable set, the app prints the time from its start until the first frame with
/// an open file is on screen (for the start-up benchmark).
pub const FIRST_FRAME_ENV: &str = "OZG_COCKPIT_FIRST_FRAME";

/// Where the start-up measurement stands.
#[derive(Clone, Copy, Debug)]
enum FirstFrame {
    /// No frame with content yet.
    Waiting(std::time::Instant),
    /// The first frame with content was drawn; the next frame begins once it is painted.
    Drawn(std::time::Instant),
}

/// Embeds the app's font (DejaVu Sans), so screen, tests and exports share the same glyphs.
pub fn install_fonts(ctx: &egui::Context) {
    let mut fonts = egui::FontDefinitions::default();
    fonts.font_data.insert(
        "DejaVuSans".to_owned(),
        std::sync::Arc::new(egui::FontData::from_static(include_bytes!(
            "../../assets/fonts/DejaVuSans.ttf"
        ))),
    );
    for family in [egui::FontFamily::Proportional, egui::FontFamily::Monospace] {
        fonts
            .families
            .entry(family)
            .or_default()
            .insert(0, "DejaVuSans".to_owned());
    }
    ctx.set_fonts(fonts);
    // Office desktops and committee papers are light; the app does not follow a dark system theme.
    ctx.set_theme(egui::Theme::Light);
    // Solid scroll bars that are always there, as office users know them.
    ctx.all_styles_mut(|style| style.spacing.scroll = egui::style::ScrollStyle::solid());
}

impl eframe::App for App {
    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        if let Some(FirstFrame::Drawn(started)) = self.first_frame {
            println!(
                "first frame with content: {:.1} ms",
                started.elapsed().as_secs_f64() * 1000.0
            );
            self.first_frame = None;
        }
        App::ui(self, ui);
        if let Some(FirstFrame::Waiting(started)) = self.first_frame
            && self.workbench.is_some()
        {
            self.first_frame = Some(FirstFrame::Drawn(started));
            ui.ctx().request_repaint();
        }
    }
}

impl App {
    /// The app on `db`, or on the default database; shows the welcome screen when the file
    /// does not exist yet.
    pub fn new(db: Option<PathBuf>, recent: RecentFiles) -> Self {
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
    fn poll_opening(&mut self, ctx: &egui::Context) {
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
        }
    }

    /// The workspace view state, if a database is open.
    pub fn workbench_mut(&mut self) -> Option<&mut Workbench> {
        self.workbench.as_mut()
    }

    /// Draws one frame and applies what the user did.
    pub fn ui(&mut self, ui: &mut Ui) {
        self.poll_opening(&ui.ctx().clone());
        let mut actions = Vec::new();
        self.shortcuts(ui, &mut actions);
        egui::Panel::top("menu").show(ui, |ui| self.menu_ui(ui, &mut actions));
        egui::Panel::bottom("status").show(ui, |ui| self.status_ui(ui, &mut actions));
        egui::CentralPanel::default_margins().show(ui, |ui| match &mut self.workbench {
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
        self.update_title(&ctx);
        for action in actions {
            self.handle(action, &ctx);
        }
    }

    fn shortcuts(&mut self, ui: &mut Ui, actions: &mut Vec<Action>) {
        if ui.ctx().egui_wants_keyboard_input() || self.workbench.is_none() {
            return;
        }
        ui.input_mut(|i| {
            let redo_z = KeyboardShortcut::new(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
            let redo_y = KeyboardShortcut::new(Modifiers::COMMAND, Key::Y);
            let undo = KeyboardShortcut::new(Modifiers::COMMAND, Key::Z);
            if i.consume_shortcut(&redo_z) || i.consume_shortcut(&redo_y) {
                actions.push(Action::Redo);
            } else if i.consume_shortcut(&undo) {
                actions.push(Action::Undo);
            }
        });
        // Strg+1 … Strg+7: the views in the order of their tabs.
        let keys = [
            Key::Num1,
            Key::Num2,
            Key::Num3,
            Key::Num4,
            Key::Num5,
            Key::Num6,
            Key::Num7,
        ];
        if let Some(wb) = &mut self.workbench {
            for (key, tab) in keys.into_iter().zip(Tab::ALL) {
                if ui.input_mut(|i| {
                    i.consume_shortcut(&KeyboardShortcut::new(Modifiers::COMMAND, key))
                }) {
                    wb.tab = tab;
                }
            }
        }
        // The overview has nothing to search: Strg+F there searches the services.
        if let Some(wb) = &mut self.workbench
            && wb.tab == Tab::Overview
            && ui.input_mut(|i| {
                i.consume_shortcut(&KeyboardShortcut::new(Modifiers::COMMAND, Key::F))
            })
        {
            wb.tab = Tab::Services;
            wb.services.focus_search();
        }
    }

    fn menu_ui(&mut self, ui: &mut Ui, actions: &mut Vec<Action>) {
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button("Datei", |ui| {
                if ui.button("Neue Datenbank…").clicked() {
                    actions.push(Action::Prompt(Purpose::NewEmpty));
                }
                if ui.button("Beispieldaten anlegen…").clicked() {
                    actions.push(Action::Prompt(Purpose::NewReference));
                }
                if ui.button("Öffnen…").clicked() {
                    actions.push(Action::Prompt(Purpose::OpenDatabase));
                }
                ui.menu_button("Zuletzt geöffnet", |ui| {
                    if self.recent.files.is_empty() {
                        ui.weak("(keine)");
                    }
                    for file in &self.recent.files {
                        if ui.button(file.display().to_string()).clicked() {
                            actions.push(Action::Open(file.clone()));
                        }
                    }
                });
                ui.separator();
                let open = self.workbench.is_some();
                if ui
                    .add_enabled(open, egui::Button::new("Leistungen importieren…"))
                    .clicked()
                {
                    actions.push(Action::Prompt(Purpose::Import));
                }
                if ui
                    .add_enabled(open, egui::Button::new("Leistungen exportieren…"))
                    .clicked()
                {
                    actions.push(Action::Prompt(Purpose::ExportServices));
                }
                if ui
                    .add_enabled(open, egui::Button::new("Priorisierung exportieren…"))
                    .clicked()
                {
                    actions.push(Action::Prompt(Purpose::ExportRanking));
                }
                if ui
                    .add_enabled(open, egui::Button::new("Projekte exportieren…"))
                    .clicked()
                {
                    actions.push(Action::Prompt(Purpose::ExportProjects));
                }
                let undo_import = self.workbench.as_ref().is_some_and(|w| {
                    w.last_import_backup.is_some()
                        && !w.session.store().is_read_only()
                        && w.import.is_none()
                });
                if ui
                    .add_enabled(
                        undo_import,
                        egui::Button::new("Letzten Import zurücknehmen…"),
                    )
                    .on_disabled_hover_text("Es gibt keine Sicherung vor einem Import.")
                    .clicked()
                {
                    actions.push(Action::ConfirmUndoImport);
                }
                ui.separator();
                if ui
                    .add_enabled(open, egui::Button::new("Bericht erstellen…"))
                    .clicked()
                {
                    actions.push(Action::OpenReport);
                }
                if ui
                    .add_enabled(open, egui::Button::new("Alle Diagramme exportieren"))
                    .clicked()
                {
                    actions.push(Action::ExportAllCharts);
                }
                ui.separator();
                if ui
                    .add_enabled(open, egui::Button::new("Schließen"))
                    .clicked()
                {
                    actions.push(Action::Close);
                }
                let importing = self
                    .workbench
                    .as_ref()
                    .is_some_and(|w| w.import.as_ref().is_some_and(ImportFlow::is_busy));
                if ui
                    .add_enabled(!importing, egui::Button::new("Beenden"))
                    .on_disabled_hover_text("Erst wenn der Import fertig ist.")
                    .clicked()
                {
                    // The file is closed (and checked) first; then the window.
                    actions.push(Action::Close);
                    ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
                }
            });
            ui.menu_button("Bearbeiten", |ui| {
                let (undo, redo) = self.workbench.as_ref().map_or((false, false), |w| {
                    (w.session.can_undo(), w.session.can_redo())
                });
                if ui
                    .add_enabled(
                        undo,
                        egui::Button::new("Rückgängig").shortcut_text("Strg+Z"),
                    )
                    .clicked()
                {
                    actions.push(Action::Undo);
                }
                if ui
                    .add_enabled(
                        redo,
                        egui::Button::new("Wiederholen").shortcut_text("Strg+Y"),
                    )
                    .clicked()
                {
                    actions.push(Action::Redo);
                }
                if let Some(wb) = &mut self.workbench {
                    ui.separator();
                    if ui
                        .add(egui::Button::new("Suchen").shortcut_text("Strg+F"))
                        .clicked()
                    {
                        wb.tab = Tab::Services;
                        wb.services.focus_search();
                    }
                    ui.separator();
                    if ui.button("Einstellungen…").clicked() {
                        actions.push(Action::OpenSettings);
                    }
                }
            });
            if let Some(wb) = &mut self.workbench {
                ui.separator();
                ui.selectable_value(&mut wb.tab, Tab::Overview, "Übersicht");
                ui.selectable_value(&mut wb.tab, Tab::Services, "Leistungen");
                ui.selectable_value(&mut wb.tab, Tab::Offices, "Ämter");
                ui.selectable_value(&mut wb.tab, Tab::Ranking, "Priorisierung");
                ui.selectable_value(&mut wb.tab, Tab::Projects, "Projekte");
                ui.selectable_value(&mut wb.tab, Tab::Staff, "Personal");
                ui.selectable_value(&mut wb.tab, Tab::Scenario, "Personalbedarf");
            }
        });
    }

    fn status_ui(&mut self, ui: &mut Ui, actions: &mut Vec<Action>) {
        if let Some(notice) = &self.notice {
            let mut dismiss = false;
            ui.horizontal_wrapped(|ui| {
                let color = if notice.is_error {
                    ui.visuals().error_fg_color
                } else {
                    ui.visuals().text_color()
                };
                ui.colored_label(color, notice.text.as_str());
                if let Some(path) = &notice.read_only_offer
                    && ui.button("Nur zum Lesen öffnen").clicked()
                {
                    actions.push(Action::OpenReadOnly(path.clone()));
                }
                if ui
                    .small_button("✕")
                    .on_hover_text("Meldung schließen")
                    .clicked()
                {
                    dismiss = true;
                }
            });
            if dismiss {
                self.notice = None;
            }
            ui.separator();
        }
        ui.horizontal(|ui| match &self.workbench {
            Some(wb) => {
                let ws = wb.session.workspace();
                ui.label(wb.session.store().path().display().to_string());
                ui.separator();
                ui.label(format!(
                    "{}, {}",
                    counted(ws.services().len(), "Leistung", "Leistungen"),
                    counted(ws.offices().len(), "Amt", "Ämter"),
                ));
                if wb.session.store().is_read_only() {
                    ui.separator();
                    ui.strong("Nur lesen");
                }
                if ws.is_reference {
                    ui.separator();
                    ui.colored_label(
                        ui.visuals().warn_fg_color,
                        "Beispieldaten: Fallzahlen, Reifegrade, Amtszuordnungen und Bewertungen sind Beispielwerte.",
                    );
                }
                if wb.export.is_some() {
                    ui.separator();
                    ui.spinner();
                    ui.label("Export läuft …");
                }
                if wb.report.is_some() {
                    ui.separator();
                    ui.spinner();
                    ui.label("Bericht wird erstellt …");
                }
            }
            None => {
                ui.label("Keine Datenbank geöffnet.");
            }
        });
    }

    fn dialogs_ui(&mut self, ctx: &egui::Context, actions: &mut Vec<Action>) {
        if let Some(prompt) = &mut self.prompt {
            match prompt.ui(ctx) {
                PromptOutcome::Open => {}
                PromptOutcome::Cancelled => self.prompt = None,
                PromptOutcome::Chosen(path) => {
                    let purpose = prompt.purpose;
                    self.prompt = None;
                    actions.push(match purpose {
                        Purpose::OpenDatabase => Action::Open(path),
                        Purpose::NewEmpty => Action::Create {
                            path,
                            reference: false,
                        },
                        Purpose::NewReference => Action::Create {
                            path,
                            reference: true,
                        },
                        Purpose::Import => Action::Import(path),
                        Purpose::ExportServices => Action::Export(path),
                        Purpose::ExportRanking => Action::ExportRanking(path),
                        Purpose::ExportProjects => Action::ExportProjects(path),
                        Purpose::ExportChart(kind, format) => {
                            Action::WriteChart(kind, format, path)
                        }
                        Purpose::Report => Action::WriteReport(path),
                    });
                }
            }
        }
        let Some(wb) = &mut self.workbench else {
            return;
        };
        if let Some(result) = wb.export.as_mut().and_then(jobs::Job::poll) {
            wb.export = None;
            self.notice = Some(match result {
                Ok(text) => Notice::info(text),
                Err(text) => Notice::error(text),
            });
        }
        if let Some((job, settings)) = &mut wb.report
            && let Some(result) = job.poll()
        {
            // Once written, the choices are kept, and the next report lists what went into
            // operation since this meeting.
            let remembered =
                settings.remembered_after_writing(wb.session.data_date(), crate::session::today());
            wb.report = None;
            self.notice = Some(match result {
                Ok(text) => match wb.session.store().is_read_only() {
                    true => Notice::info(text),
                    false => match wb.session.set_setting(REPORT_KEY, &remembered.to_json()) {
                        Ok(()) => Notice::info(text),
                        Err(e) => Notice::error(format!(
                            "{text} Die Angaben des Berichts konnten nicht gespeichert werden: {e}"
                        )),
                    },
                },
                Err(text) => Notice::error(text),
            });
        }
        if let Some(dialog) = &mut wb.report_dialog
            && let Some(outcome) = dialog.ui(ctx, wb.session.workspace())
        {
            wb.report_dialog = None;
            if let overview::report_dialog::ReportOutcome::Create(settings) = outcome {
                let suggested = self.export_dir.join(format!(
                    "Ausschussbericht {}.pdf",
                    settings
                        .meeting_date
                        .unwrap_or_else(crate::session::today)
                        .format("%Y-%m-%d")
                ));
                wb.pending_report = Some(settings);
                self.prompt = Some(FilePrompt::new(Purpose::Report, suggested));
            }
        }
        if let Some(flow) = &mut wb.import {
            match flow.ui(ctx, wb.session.workspace()) {
                ImportEvent::None => {}
                ImportEvent::Close => wb.import = None,
                ImportEvent::Loaded(ws) => {
                    wb.session.replace_workspace(*ws);
                    wb.last_import_backup = last_import_backup(&wb.session);
                }
                ImportEvent::Run(job) => {
                    let (table, mapping, options) = *job;
                    match wb.session.store().worker_connection() {
                        Ok(worker) => flow.run(worker, table, mapping, options, ctx),
                        Err(e) => {
                            wb.import = None;
                            self.notice = Some(Notice::error(e.to_string()));
                        }
                    }
                }
            }
        }
        if let Some(backup) = &wb.undo_import
            && let Some(yes) = restore::confirm_ui(ctx, backup)
        {
            if yes {
                actions.push(Action::UndoImport(backup.clone()));
            }
            wb.undo_import = None;
        }
        if let Some(dialog) = &mut wb.settings {
            let read_only = wb.session.store().is_read_only()
                || wb.import.as_ref().is_some_and(ImportFlow::is_busy);
            match dialog.ui(ctx, wb.session.workspace(), read_only) {
                settings::SettingsOutcome::Open => {}
                settings::SettingsOutcome::Cancelled | settings::SettingsOutcome::Apply(None) => {
                    wb.settings = None;
                }
                settings::SettingsOutcome::Apply(Some(cmd)) => match wb.session.execute(cmd) {
                    Ok(()) => wb.settings = None,
                    Err(e) => dialog.refused(e.to_string()),
                },
            }
        }
        if let Some(dialog) = &mut wb.new_project
            && let Some(outcome) = dialog.ui(ctx, wb.session.workspace())
        {
            if let Some(cmd) = outcome {
                if let Command::AddProject { project, .. } = &cmd {
                    wb.projects.open = Some(project.id);
                }
                actions.push(Action::Edit(cmd));
                wb.tab = Tab::Projects;
            }
            wb.new_project = None;
        }
        if let Some(confirm) = &wb.confirm {
            let question = match confirm {
                Confirm::Services(ids) if ids.len() == 1 => {
                    let name = ids
                        .first()
                        .and_then(|id| wb.session.workspace().service(*id))
                        .map(|s| s.name.clone())
                        .unwrap_or_default();
                    format!("Die Leistung „{name}“ löschen?")
                }
                Confirm::Services(ids) => format!("{} Leistungen löschen?", ids.len()),
                Confirm::Project(id) => format!(
                    "Das Projekt „{}“ löschen? Seine Leistungen gehören danach zu keinem Projekt.",
                    wb.session
                        .workspace()
                        .project(*id)
                        .map(|p| p.name.clone())
                        .unwrap_or_default()
                ),
                Confirm::Staff(ids) => {
                    let ws = wb.session.workspace();
                    let assigned = ws
                        .assignments()
                        .iter()
                        .filter(|a| ids.contains(&a.staff))
                        .count();
                    let who = match ids.as_slice() {
                        [one] => format!(
                            "Die Stelle „{}“",
                            ws.staff_member(*one)
                                .map(|m| m.display_name())
                                .unwrap_or_default()
                        ),
                        many => format!("Die {} Stellen", many.len()),
                    };
                    format!(
                        "{who} löschen? {} werden mit gelöscht.",
                        counted(
                            assigned,
                            "Zuordnung zu Projekten",
                            "Zuordnungen zu Projekten"
                        )
                    )
                }
                Confirm::Office(id) => format!(
                    "Das Amt {} löschen?",
                    wb.session
                        .workspace()
                        .office(*id)
                        .map(|o| o.number.clone())
                        .unwrap_or_default()
                ),
            };
            let mut answer = None;
            egui::Modal::new(egui::Id::unique("confirm")).show(ctx, |ui| {
                ui.label(question);
                ui.weak("Das Löschen kann mit Strg+Z rückgängig gemacht werden.");
                ui.horizontal(|ui| {
                    if ui.button("Löschen").clicked() {
                        answer = Some(true);
                    }
                    if ui.button("Abbrechen").clicked() || ui.input(|i| i.key_pressed(Key::Escape))
                    {
                        answer = Some(false);
                    }
                });
            });
            if let Some(yes) = answer {
                if yes {
                    let cmd = match confirm {
                        Confirm::Services(ids) => Command::Batch(
                            ids.iter().map(|id| Command::DeleteService(*id)).collect(),
                        ),
                        Confirm::Office(id) => Command::DeleteOffice(*id),
                        Confirm::Project(id) => Command::DeleteProject(*id),
                        Confirm::Staff(ids) => {
                            Command::Batch(ids.iter().map(|id| Command::DeleteStaff(*id)).collect())
                        }
                    };
                    actions.push(Action::Edit(cmd));
                }
                wb.confirm = None;
            }
        }
    }

    fn update_title(&mut self, ctx: &egui::Context) {
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

    fn edit(&mut self, cmd: Command) -> bool {
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
                | Action::Close
        );
        if importing && edits {
            self.notice = Some(Notice::info(
                "Während des Imports sind keine Änderungen möglich; bitte warten, bis er fertig ist.",
            ));
            return;
        }
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
                    wb.settings = Some(settings::SettingsDialog::new(wb.session.workspace()));
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
            Action::ConfirmDeleteServices(ids) => {
                if let Some(wb) = &mut self.workbench {
                    wb.confirm = Some(Confirm::Services(ids));
                }
            }
            Action::ConfirmDeleteOffice(id) => {
                if let Some(wb) = &mut self.workbench {
                    wb.confirm = Some(Confirm::Office(id));
                }
            }
            Action::ConfirmDeleteStaff(ids) => {
                if let Some(wb) = &mut self.workbench {
                    wb.confirm = Some(Confirm::Staff(ids));
                }
            }
            Action::ConfirmDeleteProject(id) => {
                if let Some(wb) = &mut self.workbench {
                    wb.confirm = Some(Confirm::Project(id));
                }
            }
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
            Action::Close => {
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

    /// Whether an export or a report is being written.
    fn is_exporting(&self) -> bool {
        self.workbench
            .as_ref()
            .is_some_and(|wb| wb.export.is_some() || wb.report.is_some())
    }

    /// Says that a file is not written because another export is still running.
    fn refuse_while_busy(&mut self, path: PathBuf) {
        self.notice = Some(Notice::error(format!(
            "Es wird gerade noch exportiert; bitte warten, bis es fertig ist, und dann noch einmal: {}",
            path.display()
        )));
    }

    /// Writes the committee report on a worker, for the overview's filter.
    fn write_report(&mut self, path: PathBuf, ctx: &egui::Context) {
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
            today: crate::session::today(),
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
    fn write_charts(
        &mut self,
        one: Option<(ChartKind, ChartFormat, PathBuf)>,
        ctx: &egui::Context,
    ) {
        use crate::exchange::charts::{export_all_charts, export_chart};
        let dir = self.export_dir.join(format!(
            "Diagramme {}",
            crate::session::today().format("%Y-%m-%d")
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

    fn undo_redo(&mut self, undo: bool) {
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

    fn suggest(&self, purpose: Purpose) -> PathBuf {
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

    fn start_opening(
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

    fn show(&mut self, session: Session) {
        self.recent.add(session.store().path());
        self.notice = crate::paths::network_warning(session.store().path()).map(Notice::error);
        self.workbench = Some(Workbench::new(session));
    }

    fn create(&mut self, path: &Path, reference: bool, ctx: &egui::Context) {
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

    fn export(&mut self, path: PathBuf, ctx: &egui::Context, kind: ExportKind) {
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
                    projects::today(),
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

/// The copy taken before the last import of the session's file.
fn last_import_backup(session: &Session) -> Option<PathBuf> {
    crate::store::backups(session.store().path(), crate::store::BackupReason::Import)
        .into_iter()
        .next()
}

/// The window while a file is opened or created: what happens, and that it is under way.
fn opening_ui(ui: &mut Ui, what: &str, progress: f32) {
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
fn below_current(ws: &crate::model::Workspace, cmd: &Command) -> Option<String> {
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
