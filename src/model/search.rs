//! The search of the services table, shared by every place that finds services by their
//! words (the table, the ranking, adding services to a project, the command line).

use super::collate::search_fold;
use super::{Service, Workspace};

/// The folded text of every service's text columns; after an edit only the changed services
/// are folded again.
#[derive(Default)]
pub struct SearchIndex {
    revision: Option<u64>,
    texts: Vec<String>,
}

impl SearchIndex {
    /// Brings the texts up to date; returns whether the data had changed.
    pub fn refresh(&mut self, ws: &Workspace) -> bool {
        if self.revision == Some(ws.revision()) {
            return false;
        }
        let services = ws.services();
        match self.revision {
            Some(old) if ws.layout_revision() <= old && self.texts.len() == services.len() => {
                for (i, stamp) in ws.service_stamps().iter().enumerate() {
                    if *stamp > old
                        && let (Some(h), Some(s)) = (self.texts.get_mut(i), services.get(i))
                    {
                        *h = haystack(ws, s);
                    }
                }
            }
            _ => self.texts = services.iter().map(|s| haystack(ws, s)).collect(),
        }
        self.revision = Some(ws.revision());
        true
    }

    /// Whether service `index` contains every one of the folded `needles`.
    pub fn matches(&self, index: usize, needles: &[String]) -> bool {
        needles.is_empty()
            || self
                .texts
                .get(index)
                .is_some_and(|h| needles.iter().all(|n| h.contains(n.as_str())))
    }

    /// The indexes of the services that contain every word of `search`, in store order.
    pub fn find(&mut self, ws: &Workspace, search: &str) -> Vec<usize> {
        self.refresh(ws);
        let needles = needles(search);
        (0..ws.services().len())
            .filter(|i| self.matches(*i, &needles))
            .collect()
    }
}

/// The words of a search text, folded as the index is.
pub fn needles(search: &str) -> Vec<String> {
    search_fold(search)
        .split_whitespace()
        .map(str::to_owned)
        .collect()
}

/// The folded text a service is found by: LeiKa key, name, OZG service (key and name),
/// Themenfeld, LeiKa type, office (number and name) and notes.
pub fn haystack(ws: &Workspace, s: &Service) -> String {
    let ozg = s.ozg_id.as_deref().and_then(|id| ws.ozg_service(id));
    let office = s.office_id.and_then(|id| ws.office(id));
    let parts = [
        s.leika_key.as_ref().map(|k| k.as_str()).unwrap_or_default(),
        &s.name,
        s.ozg_id.as_deref().unwrap_or_default(),
        ozg.map(|o| o.name.as_str()).unwrap_or_default(),
        ozg.map(|o| o.themenfeld.as_str()).unwrap_or_default(),
        &s.leika_type,
        office.map(|o| o.number.as_str()).unwrap_or_default(),
        office.map(|o| o.name.as_str()).unwrap_or_default(),
        &s.notes,
    ];
    search_fold(&parts.join("\u{1f}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Office;

    #[test]
    fn finds_by_every_word_in_any_column() {
        let office = Office {
            name: "Straßenverkehrsamt".into(),
            ..Office::new(1, "360")
        };
        let mut a = Service::new(1, "Anwohnerparkausweis", 3);
        a.office_id = Some(1);
        let b = Service::new(2, "Hundesteuer Anmeldung", 3);
        let ws = Workspace::new(vec![a, b], vec![office], Vec::new(), Default::default());
        let mut index = SearchIndex::default();
        assert_eq!(index.find(&ws, "strassenverkehr parkaus"), vec![0]);
        assert_eq!(index.find(&ws, "360"), vec![0]);
        assert_eq!(index.find(&ws, "HUNDE"), vec![1]);
        assert_eq!(index.find(&ws, ""), vec![0, 1]);
        assert!(index.find(&ws, "hunde 360").is_empty());
    }
}
