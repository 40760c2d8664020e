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
}
