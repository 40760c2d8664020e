//! Frozen rankings ("Stand einfrieren"): what the committee saw, never changed by later edits.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::Workspace;
use super::ranking::{Ranking, RankingSettings, SnapshotRow};

/// Row id of a snapshot.
pub type SnapshotId = i64;

/// A frozen ranking with its date, title and the settings it was made with.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    pub id: SnapshotId,
    pub title: String,
    pub taken_on: NaiveDate,
    pub settings: RankingSettings,
    pub rows: Vec<SnapshotRow>,
}

impl Snapshot {
    /// Freezes `ranking` (the whole list, unfiltered) as it stands in `ws`.
    pub fn freeze(ws: &Workspace, ranking: &Ranking, title: &str, taken_on: NaiveDate) -> Self {
        let rows = ranking
            .entries
            .iter()
            .map(|e| SnapshotRow {
                identity: e.identity(ws.services()),
                section: e.section,
                rank: e.rank,
                score_tenths: e.score_tenths,
                label: e.label(ws),
            })
            .collect();
        Self {
            id: ws.next_snapshot_id(),
            title: title.trim().to_owned(),
            taken_on,
            settings: ws.ranking_settings(),
            rows,
        }
    }

    /// "28.11.2026 – Ausschuss Digitalisierung" for pickers.
    pub fn label(&self) -> String {
        format!("{} – {}", super::format::date(self.taken_on), self.title)
    }
}
