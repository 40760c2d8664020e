//! Where the app keeps its files: the default database and the list of recent files.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

pub(crate) fn project_dirs() -> Option<directories::ProjectDirs> {
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

/// Why there is no default database.
#[derive(Debug, thiserror::Error)]
#[error(
    "Es gibt kein Benutzerverzeichnis, in dem die Datenbank liegen könnte. Bitte mit --db angeben, welche Datei gemeint ist."
)]
pub struct NoHome;

/// The default database in the platform's local data directory (on Windows the local, not the
/// roaming application data: roaming profiles are often redirected to a network share, where
/// SQLite's write-ahead log does not work).
pub fn default_database() -> Result<PathBuf, NoHome> {
    project_dirs()
        .map(|d| d.data_local_dir().join("ozg-cockpit.sqlite"))
        .ok_or(NoHome)
}

/// File systems on which SQLite's locking and write-ahead log are not reliable.
const NETWORK_FILE_SYSTEMS: [&str; 9] = [
    "nfs",
    "nfs4",
    "cifs",
    "smb3",
    "smbfs",
    "fuse.sshfs",
    "afs",
    "9p",
    "davfs",
];

/// A warning when `path` lies on a network file system, where that can be told: a mount of
/// such a type on Linux, a UNC path (`\\server\share`) on Windows.
pub fn network_warning(path: &Path) -> Option<String> {
    let warning = |kind: &str| {
        format!(
            "Die Datei liegt auf einem Netzlaufwerk ({kind}). Dort arbeitet die Datenbank nicht zuverlässig; \
             bitte eine Kopie auf dem eigenen Rechner verwenden: {}",
            path.display()
        )
    };
    let shown = path.to_string_lossy();
    if shown.starts_with("\\\\") || shown.starts_with("//") {
        return Some(warning("Freigabe"));
    }
    let real = std::fs::canonicalize(path)
        .or_else(|_| {
            path.parent()
                .filter(|p| !p.as_os_str().is_empty())
                .map_or_else(std::env::current_dir, std::fs::canonicalize)
        })
        .ok()?;
    let mounts = std::fs::read_to_string("/proc/self/mounts").ok()?;
    mounts
        .lines()
        .filter_map(|line| {
            let mut fields = line.split_whitespace();
            let _device = fields.next()?;
            let point = fields.next()?.replace("\\040", " ");
            let kind = fields.next()?;
            real.starts_with(&point)
                .then(|| (point.len(), kind.to_owned()))
        })
        .max_by_key(|(len, _)| *len)
        .filter(|(_, kind)| NETWORK_FILE_SYSTEMS.contains(&kind.as_str()))
        .map(|(_, kind)| warning(&kind))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_are_named_as_network_drives() {
        let w = network_warning(Path::new("//server/freigabe/ozg.sqlite")).unwrap();
        assert!(
            w.starts_with("Die Datei liegt auf einem Netzlaufwerk"),
            "{w}"
        );
        let local = std::env::temp_dir().join("ozg.sqlite");
        // The temporary folder of the test machine is a local disk.
        assert_eq!(network_warning(&local), None);
    }
}
