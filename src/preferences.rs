//! The user's own preferences on this desktop, not part of any database: the name written into
//! the project history, light or dark, and per database file the view that was open with its
//! sorting and filters. Kept as JSON in the platform's config directory; a missing or broken
//! file gives the defaults, and a file that cannot be written leaves them in memory.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// The preferences of the user.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Preferences {
    /// The name recorded with changes in the project history.
    #[serde(default)]
    pub user_name: String,
    /// Dark colours instead of the light ones.
    #[serde(default)]
    pub dark: bool,
    /// Per database file (its full path): how its views were left.
    #[serde(default)]
    pub files: BTreeMap<String, serde_json::Value>,
    /// The files of `files`, least recently used first.
    #[serde(default)]
    used: Vec<String>,
    #[serde(skip)]
    location: Option<PathBuf>,
}

impl Preferences {
    /// How many files' view states are kept.
    const MAX_FILES: usize = 50;

    /// Loads the preferences from the platform's config directory.
    pub fn load() -> Self {
        Self::load_from(
            crate::paths::project_dirs().map(|d| d.config_dir().join("preferences.json")),
        )
    }

    /// Loads them from a given file (tests use a temporary one; `None` keeps them in memory).
    pub fn load_from(location: Option<PathBuf>) -> Self {
        let mut prefs: Self = location
            .as_ref()
            .and_then(|p| std::fs::read(p).ok())
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or_default();
        prefs.location = location;
        prefs
    }

    /// The view state kept for a database file.
    pub fn view_state<T: for<'de> Deserialize<'de>>(&self, file: &Path) -> Option<T> {
        let value = self.files.get(&key(file))?;
        serde_json::from_value(value.clone()).ok()
    }

    /// Keeps the view state of a database file; returns whether it changed.
    pub fn set_view_state<T: Serialize>(&mut self, file: &Path, state: &T) -> bool {
        let Ok(value) = serde_json::to_value(state) else {
            return false;
        };
        let key = key(file);
        if self.files.get(&key) == Some(&value) {
            return false;
        }
        self.files.insert(key.clone(), value);
        self.used.retain(|k| *k != key);
        self.used.push(key);
        // The least recently used go first; the file just kept is the most recent.
        while self.files.len() > Self::MAX_FILES && self.used.len() > 1 {
            let oldest = self.used.remove(0);
            self.files.remove(&oldest);
        }
        true
    }

    /// Writes the preferences (whole, never half a file); an error leaves them in memory.
    pub fn save(&self) -> std::io::Result<()> {
        let Some(location) = &self.location else {
            return Ok(());
        };
        if let Some(dir) = location.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let json = serde_json::to_vec_pretty(self).map_err(std::io::Error::other)?;
        crate::exchange::write_file_atomic(location, &json)
    }
}

/// The key of a database file: its full path.
fn key(file: &Path) -> String {
    file.canonicalize()
        .unwrap_or_else(|_| file.to_path_buf())
        .display()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kept_per_file_and_read_back_from_disk() {
        let dir = tempfile::tempdir().expect("a folder");
        let location = dir.path().join("prefs").join("preferences.json");
        let mut prefs = Preferences::load_from(Some(location.clone()));
        assert_eq!(
            (prefs.user_name.as_str(), prefs.dark, prefs.files.len()),
            ("", false, 0),
            "no file: the defaults"
        );
        prefs.user_name = "Erika Muster".into();
        let a = dir.path().join("a.sqlite");
        assert!(prefs.set_view_state(&a, &("Projekte", 3)));
        assert!(!prefs.set_view_state(&a, &("Projekte", 3)), "unchanged");
        prefs.save().expect("saved");
        let back = Preferences::load_from(Some(location.clone()));
        assert_eq!(back.user_name, "Erika Muster");
        assert_eq!(
            back.view_state::<(String, i32)>(&a),
            Some(("Projekte".into(), 3))
        );
        assert_eq!(
            back.view_state::<(String, i32)>(&dir.path().join("b.sqlite")),
            None
        );
        for n in 0..Preferences::MAX_FILES + 5 {
            prefs.set_view_state(&dir.path().join(format!("{n}.sqlite")), &n);
        }
        prefs.set_view_state(&a, &("Übersicht", 1));
        assert_eq!(prefs.files.len(), Preferences::MAX_FILES);
        assert!(
            prefs.view_state::<(String, i32)>(&a).is_some(),
            "the latest is kept"
        );
        assert_eq!(
            prefs.view_state::<i32>(&dir.path().join("0.sqlite")),
            None,
            "the oldest went"
        );
        std::fs::write(&location, b"{ kaputt").expect("written");
        assert_eq!(
            Preferences::load_from(Some(location)).user_name,
            "",
            "broken: defaults"
        );
    }
}
