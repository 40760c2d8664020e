//! The comparison with a frozen ranking ("Stand einfrieren").

use super::RankingView;

use crate::model::Workspace;
use crate::model::ranking::{Movement, compare_with};

impl RankingView {
    pub(super) fn refresh_comparison(&mut self, ws: &Workspace) {
        let Some(id) = self.compare_with else {
            self.cache.comparison = None;
            self.cache.incomparable = None;
            return;
        };
        if self
            .cache
            .comparison
            .as_ref()
            .is_some_and(|(c, _)| *c == id)
        {
            return;
        }
        let Some(snapshot) = ws.snapshots().iter().find(|s| s.id == id) else {
            self.compare_with = None;
            self.cache.comparison = None;
            return;
        };
        // Groups compare with groups and services with services, nothing across.
        let grouped = ws.ranking_settings().grouped;
        if snapshot.settings.grouped != grouped {
            self.cache.comparison = None;
            self.cache.incomparable = Some(if snapshot.settings.grouped {
                "Dieser Stand ist nach OZG-Leistungen gruppiert eingefroren; zum Vergleich bitte „Nach OZG-Leistungen gruppieren“ einschalten.".to_owned()
            } else {
                "Dieser Stand ist ohne Gruppierung eingefroren; zum Vergleich bitte die Gruppierung ausschalten.".to_owned()
            });
            return;
        }
        self.cache.incomparable = None;
        let current: Vec<_> = self
            .cache
            .ranking
            .entries
            .iter()
            .zip(&self.cache.identities)
            .map(|(e, id)| (id.clone(), e.section, e.rank))
            .collect();
        let cmp = compare_with(&current, &snapshot.rows, ws.ranking_settings().top_n);
        self.cache.comparison = Some((id, cmp));
    }
}

pub(super) fn movement_text(m: Option<Movement>, new_in_top: bool) -> String {
    let base = match m {
        None => String::new(),
        Some(Movement::New) => "neu".to_owned(),
        Some(Movement::By(0)) => "=".to_owned(),
        Some(Movement::By(n)) if n > 0 => format!("▲ {n}"),
        Some(Movement::By(n)) => format!("▼ {}", -n),
    };
    if new_in_top && m != Some(Movement::New) {
        format!("{base} ★")
    } else {
        base
    }
}
