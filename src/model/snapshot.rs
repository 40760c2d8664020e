//! Frozen rankings ("Stand einfrieren"): what the committee saw, never changed by later edits.

use serde::{Deserialize, Serialize};

use super::ranking::{RankingSettings, SnapshotRow};

/// Row id of a snapshot.
pub type SnapshotId = i64;

/// A frozen ranking with its date, title and the settings it was made with.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    pub id: SnapshotId,
    pub title: String,
    /// ISO date, e.g. "2026-11-28".
    pub taken_on: String,
    pub settings: RankingSettings,
    pub rows: Vec<SnapshotRow>,
}

impl Snapshot {
    /// "28.11.2026 – Ausschuss Digitalisierung" for pickers.
    pub fn label(&self) -> String {
        format!("{} – {}", german_date(&self.taken_on), self.title)
    }
}

/// "28.11.2026" for "2026-11-28"; other text unchanged.
pub fn german_date(iso: &str) -> String {
    let parts: Vec<&str> = iso.split('-').collect();
    match parts.as_slice() {
        [y, m, d] if y.len() == 4 => format!("{d}.{m}.{y}"),
        _ => iso.to_owned(),
    }
}
