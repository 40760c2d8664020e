//! Import and export: service catalogues (CSV, XLSX), tables, chart files and the committee
//! report.

use std::path::Path;

pub mod catalogue;
pub mod charts;
pub mod export;
pub mod projects_export;
pub mod ranking_export;
pub mod report;
pub mod staff_export;
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

/// Writes `bytes` to `path` through a new temporary file beside it (a fresh, randomly named
/// file, never one planted there), then renames it into place: a failure leaves any existing
/// file untouched and no temporary file behind.
pub fn write_file_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut file = crate::paths::new_file_in(dir, ".ozg-", ".tmp")?;
    file.write_all(bytes)?;
    file.as_file().sync_all()?;
    file.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// Why a file could not be written, in German words for the common cases.
pub fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "der Ordner existiert nicht".to_owned(),
        std::io::ErrorKind::PermissionDenied => {
            "keine Berechtigung für die Datei oder ihren Ordner".to_owned()
        }
        std::io::ErrorKind::StorageFull => "der Datenträger ist voll".to_owned(),
        std::io::ErrorKind::ReadOnlyFilesystem => "der Datenträger ist schreibgeschützt".to_owned(),
        std::io::ErrorKind::AlreadyExists | std::io::ErrorKind::NotADirectory => {
            "dort liegt eine Datei, wo ein Ordner sein müsste".to_owned()
        }
        std::io::ErrorKind::IsADirectory => "das Ziel ist ein Ordner, keine Datei".to_owned(),
        _ => e.to_string(),
    }
}
