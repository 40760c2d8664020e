//! An open database with its views and the dialogs and jobs that belong to it.

use std::path::PathBuf;

use super::dialogs::confirm::Confirm;
use super::dialogs::import::ImportFlow;
use super::dialogs::settings::SettingsDialog;
use super::offices::OfficeColumn;
use super::offices::OfficesView;
use super::projects::{ProjectColumn, ProjectFilter};
use super::ranking::RankingView;
use super::ranking::{RankColumn, RankingFilter};
use super::services::ServicesView;
use super::services::{ServiceColumn, ServiceFilter};
use super::staff::StaffColumn;
use super::widgets::table::Sort;
use super::{Tab, jobs, overview, projects, scenario, staff};
use crate::exchange::report::ReportSettings;
use crate::session::Session;

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
    pub changes: super::changes::ChangeLogView,
    /// The preview of a change package.
    pub merge: Option<super::dialogs::merge::MergeDialog>,
    /// A change package being read and compared with the file, on a worker.
    pub(crate) reading: Option<(jobs::Job<Result<crate::sync::Preview, String>>, PathBuf)>,
    pub(crate) backups: Option<super::dialogs::backups::BackupsDialog>,
    pub(crate) report_dialog: Option<overview::ReportDialog>,
    /// The report's settings between its dialog and the file prompt.
    pub(crate) pending_report: Option<ReportSettings>,
    /// A report being written, with the settings to remember once it is.
    pub(crate) report: Option<(jobs::Job<Result<String, String>>, ReportSettings)>,
    pub(crate) new_project: Option<projects::NewProjectDialog>,
    pub(crate) settings: Option<SettingsDialog>,
    /// The copy taken before the last import, if any.
    pub(crate) last_import_backup: Option<PathBuf>,
    /// The copy the user is asked about going back to.
    pub(crate) undo_import: Option<PathBuf>,
    pub(crate) import: Option<ImportFlow>,
    pub(crate) confirm: Option<Confirm>,
    pub(crate) export: Option<jobs::Job<Result<String, String>>>,
}

impl Workbench {
    pub(crate) fn new(session: Session) -> Self {
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
            changes: Default::default(),
            merge: None,
            reading: None,
            backups: None,
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

/// The copy taken before the last import of the session's file.
pub(super) fn last_import_backup(session: &Session) -> Option<PathBuf> {
    crate::store::backups(session.store().path(), crate::store::BackupReason::Import)
        .into_iter()
        .next()
}

/// How the views of a file were left: the open view and each table's filters and sorting.
/// Kept in the user's preferences, per file, and brought back when the file is opened again.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct ViewState {
    tab: Option<Tab>,
    services: Option<(ServiceFilter, Sort<ServiceColumn>)>,
    ranking: Option<(RankingFilter, Sort<RankColumn>)>,
    projects: Option<(ProjectFilter, Sort<ProjectColumn>)>,
    offices: Option<(String, Sort<OfficeColumn>)>,
    staff: Option<(String, Sort<StaffColumn>)>,
}

impl Workbench {
    /// The state of the views as it is.
    pub fn view_state(&self) -> ViewState {
        ViewState {
            tab: Some(self.tab),
            services: Some((self.services.filter.clone(), self.services.sort)),
            ranking: Some((self.ranking.filter.clone(), self.ranking.sort)),
            projects: Some((self.projects.filter.clone(), self.projects.sort)),
            offices: Some((self.offices.search.clone(), self.offices.sort)),
            staff: Some((self.staff.search.clone(), self.staff.sort)),
        }
    }

    /// Brings back a state kept earlier (a part that no longer fits is left as it is).
    pub fn restore_view(&mut self, state: ViewState) {
        if let Some(tab) = state.tab {
            self.tab = tab;
        }
        // A filter naming an office or a level the file no longer has would hide every row.
        let ws = self.session.workspace();
        let office_gone = |o: &Option<Option<crate::model::OfficeId>>| matches!(o, Some(Some(id)) if ws.office(*id).is_none());
        if let Some((mut filter, sort)) = state.services {
            if office_gone(&filter.office) {
                filter.office = None;
            }
            if filter.maturity.is_some_and(|l| !ws.maturity.contains(l)) {
                filter.maturity = None;
            }
            self.services.filter = filter;
            self.services.sort = sort;
        }
        if let Some((mut filter, sort)) = state.ranking {
            if office_gone(&filter.office) {
                filter.office = None;
            }
            self.ranking.filter = filter;
            self.ranking.sort = sort;
        }
        if let Some((mut filter, sort)) = state.projects {
            if office_gone(&filter.office) {
                filter.office = None;
            }
            self.projects.filter = filter;
            self.projects.sort = sort;
        }
        if let Some((search, sort)) = state.offices {
            self.offices.search = search;
            self.offices.sort = sort;
        }
        if let Some((search, sort)) = state.staff {
            self.staff.search = search;
            self.staff.sort = sort;
        }
    }
}
