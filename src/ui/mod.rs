//! The eframe application: a folder or file per view, the shared widgets, the actions the
//! views return, the menu, the dialogs and the file work.

pub mod action;
pub mod app;
pub mod assignments;
pub mod changes;
pub mod dialogs;
pub mod files;
pub mod jobs;
pub mod menu;
pub mod offices;
pub mod overview;
pub mod pace;
pub mod projects;
pub mod ranking;
pub mod scenario;
pub mod services;
pub mod staff;
pub mod together;
pub mod welcome;
pub mod widgets;
pub mod window;
pub mod workbench;

pub use action::{Action, Purpose, Tab};
pub use app::{App, Notice};
pub use window::{FIRST_FRAME_ENV, install_fonts, run};
pub use workbench::Workbench;
