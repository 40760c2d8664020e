//! Domain types and rules of the workspace: no egui, no SQLite, no files.

pub mod collate;
pub mod command;
pub mod maturity;
pub mod office;
pub mod service;
pub mod workspace;

pub use command::{Command, EditError, OfficeValue, ServiceValue};
pub use maturity::MaturityScale;
pub use office::{Office, OfficeId};
pub use service::{LeikaKey, OzgService, Service, ServiceId};
pub use workspace::Workspace;
