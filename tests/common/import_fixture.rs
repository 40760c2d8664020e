//! A database for import tests and the real catalogue to import into it.

use std::path::{Path, PathBuf};

use ozg_cockpit::exchange::catalogue::{ImportOptions, ImportRefusal, import_file};
use ozg_cockpit::exchange::no_progress;
use ozg_cockpit::model::Workspace;
use ozg_cockpit::store::{OpenMode, Store};

pub const CATALOGUE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/assets/catalogue/leika_leistungen_ozg_mapping.csv"
);

pub struct Fixture {
    pub dir: tempfile::TempDir,
    pub store: Store,
}

impl Fixture {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("t.sqlite"), OpenMode::Create).unwrap();
        Self { dir, store }
    }

    /// A fixture holding the real catalogue.
    pub fn with_catalogue() -> Self {
        let mut f = Self::new();
        f.import(Path::new(CATALOGUE), false).unwrap();
        f
    }

    pub fn file(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let p = self.dir.path().join(name);
        std::fs::write(&p, bytes).unwrap();
        p
    }

    pub fn import(&mut self, path: &Path, skip_invalid: bool) -> Result<String, ImportRefusal> {
        import_file(
            &mut self.store,
            path,
            None,
            ImportOptions { skip_invalid },
            &no_progress,
        )
        .map(|s| s.text())
    }

    pub fn ws(&self) -> Workspace {
        self.store.load().unwrap()
    }

    /// Imports `bytes` as `name`, expects a refusal containing `expected` and the data as before.
    pub fn refused(&mut self, name: &str, bytes: &[u8], expected: &str) -> String {
        let before = self.ws();
        let path = self.file(name, bytes);
        let err = self.import(&path, false).unwrap_err().to_string();
        assert!(err.contains(expected), "expected {expected:?} in {err:?}");
        let after = self.ws();
        assert_eq!(before.services(), after.services(), "services unchanged");
        assert_eq!(before.ozg_services(), after.ozg_services(), "OZG unchanged");
        err
    }
}
