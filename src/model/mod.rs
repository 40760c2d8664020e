//! Domain types and rules of the workspace: no egui, no SQLite, no files.

pub mod calendar;
pub mod collate;
pub mod command;
pub mod criteria;
pub mod figures;
pub mod format;
pub mod ids;
pub mod limits;
pub mod load;
pub mod maturity;
pub mod office;
pub mod project;
pub mod ranking;
pub mod search;
pub mod service;
pub mod snapshot;
pub mod staff_figures;
pub mod staffing;
pub mod workspace;

pub use command::{
    Command, CriterionValue, EditError, OfficeValue, ProjectValue, ServiceValue, StaffValue,
    StepValue,
};
pub use criteria::{Criterion, CriterionId, Scale};
pub use maturity::MaturityScale;
pub use office::{Office, OfficeId};
pub use project::{Project, ProjectId};
pub use ranking::{Pin, RankingSettings};
pub use service::{LeikaKey, OzgService, Service, ServiceId};
pub use snapshot::{Snapshot, SnapshotId};
pub use workspace::Workspace;
