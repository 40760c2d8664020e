//! What a view asks the app to do, and the app's views (tabs). A leaf: it names data, it
//! does nothing.

use std::path::PathBuf;

use crate::charts::ChartKind;
use crate::exchange::charts::ChartFormat;

use crate::model::load::StaffId;
use crate::model::{Command, Office, OfficeId, ProjectId, Service, ServiceId};

/// Something a view asks the app to do after the frame.
#[derive(Debug)]
pub enum Action {
    Edit(Command),
    AddService(Box<Service>),
    AddOffice(Box<Office>),
    ConfirmDeleteServices(Vec<ServiceId>),
    ConfirmDeleteOffice(OfficeId),
    ConfirmDeleteProject(ProjectId),
    ConfirmDeleteStaff(Vec<StaffId>),
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
    /// Show an object of the change log in its view.
    Show(crate::sync::describe::Target),
    /// Show the change log of one object.
    ShowChangesOf(crate::sync::describe::Target),
    /// Write the shown lines of the change log.
    ExportLog(PathBuf),
    /// Write a working copy of the open file.
    MakeCopy(PathBuf),
    /// Write a change package.
    ExportChanges(PathBuf),
    /// Read a change package and show what it would change.
    PreviewChanges(PathBuf),
    /// Apply the previewed package with the decisions made in its dialog.
    ApplyChanges,
    /// List the backups to restore one.
    ShowBackups,
    /// Put this backup back (after saving the current state).
    RestoreBackup(PathBuf),
    Close,
}

/// The tabs of an open database.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Tab {
    Overview,
    Services,
    Offices,
    Ranking,
    Projects,
    Staff,
    Scenario,
    /// The change log.
    Changes,
}

impl Tab {
    /// The tabs in their order (Strg+1 … Strg+8).
    pub const ALL: [Self; 8] = [
        Self::Overview,
        Self::Services,
        Self::Offices,
        Self::Ranking,
        Self::Projects,
        Self::Staff,
        Self::Scenario,
        Self::Changes,
    ];
}

/// What the chosen file is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    OpenDatabase,
    NewEmpty,
    NewReference,
    Import,
    ExportServices,
    ExportRanking,
    ExportProjects,
    ExportChart(
        crate::charts::ChartKind,
        crate::exchange::charts::ChartFormat,
    ),
    Report,
    ExportLog,
    MakeCopy,
    ExportChanges,
    ApplyChanges,
}
