//! Where the app keeps its files: the default database and the list of recent files.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

fn project_dirs() -> Option<directories::ProjectDirs> {
    directories::ProjectDirs::from("de", "OZG-Arbeitsgruppe", "ozg-cockpit")
}

/// A new file beside `dir`'s others under a fresh random name (never one planted there), with
/// the permissions any new file of the user gets – not the private ones of a temporary file,
/// since it becomes the user's file once renamed into place.
pub fn new_file_in(
    dir: &Path,
    prefix: &str,
    suffix: &str,
) -> std::io::Result<tempfile::NamedTempFile> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(prefix).suffix(suffix);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // The umask applies, as to any file the user creates.
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    builder.tempfile_in(dir)
}

/// The default database in the platform's data directory.
pub fn default_database() -> PathBuf {
    project_dirs()
        .map(|d| d.data_dir().join("ozg-cockpit.sqlite"))
        .unwrap_or_else(|| PathBuf::from("ozg-cockpit.sqlite"))
}

/// The folder offered for exports when no file dialog is available.
pub fn default_export_dir() -> PathBuf {
    directories::UserDirs::new()
        .and_then(|u| u.document_dir().map(Path::to_path_buf))
        .or_else(|| directories::UserDirs::new().map(|u| u.home_dir().to_path_buf()))
        .unwrap_or_else(|| PathBuf::from("."))
}

/// Recently used database files, newest first.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RecentFiles {
    #[serde(default)]
    pub files: Vec<PathBuf>,
    #[serde(skip)]
    location: Option<PathBuf>,
}

impl RecentFiles {
    const MAX: usize = 8;

    /// Loads the list from the platform's config directory; a missing or broken list is empty.
    pub fn load() -> Self {
        let location = project_dirs().map(|d| d.config_dir().join("recent.json"));
        Self::load_from(location)
    }

    /// Loads the list from a given file (tests use a temporary one; `None` keeps it in memory).
    pub fn load_from(location: Option<PathBuf>) -> Self {
        let mut list: Self = location
            .as_ref()
            .and_then(|p| std::fs::read(p).ok())
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or_default();
        list.location = location;
        list
    }

    /// Puts `path` first and saves the list. A list that cannot be saved is kept in memory.
    pub fn add(&mut self, path: &Path) {
        let path = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
        self.files.retain(|p| *p != path);
        self.files.insert(0, path);
        self.files.truncate(Self::MAX);
        if let Some(loc) = &self.location {
            if let Some(dir) = loc.parent() {
                let _ = std::fs::create_dir_all(dir);
            }
            if let Ok(json) = serde_json::to_vec_pretty(self) {
                let _ = std::fs::write(loc, json);
            }
        }
    }
}
