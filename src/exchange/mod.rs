//! Import and export of service catalogues (CSV, XLSX).

pub mod catalogue;
pub mod export;
pub mod projects_export;
pub mod ranking_export;
pub mod table;

pub use catalogue::{
    CatalogueField, ColumnMapping, ImportOptions, ImportPlan, ImportSummary, RowProblem,
};
pub use export::{ExportFormat, export_services};
pub use table::{ImportError, RawTable, read_table, read_table_bytes};

/// Reports progress from 0.0 to 1.0 while long work runs.
pub trait Progress {
    fn report(&self, fraction: f32);
}

impl<F: Fn(f32)> Progress for F {
    fn report(&self, fraction: f32) {
        self(fraction)
    }
}

/// Progress that goes nowhere.
pub fn no_progress(_: f32) {}
