//! Export of the ranking with its score breakdown, and of frozen snapshots.

use super::export::Cell;
use crate::model::Workspace;
use crate::model::ranking::{Ranking, Scorer, Section};
use crate::model::snapshot::Snapshot;

/// Headers and rows of the ranking export for the given entries (indexes into
/// `ranking.entries`): rank, score, service data, pin, and per criterion its value and points.
pub fn ranking_table(
    ws: &Workspace,
    ranking: &Ranking,
    entries: &[usize],
) -> (Vec<String>, Vec<Vec<Cell>>) {
    let scorer = Scorer::new(ws.criteria(), ws.services());
    let active: Vec<_> = ws
        .criteria()
        .iter()
        .filter(|c| c.enabled && c.weight > 0.0)
        .collect();
    let mut headers: Vec<String> = [
        "Rang",
        "Bereich",
        "Punkte",
        "LeiKa-Schlüssel",
        "Bezeichnung",
        "OZG-ID",
        "OZG-Leistung",
        "Amt",
        "Zurückgestellt",
        "Angeheftet",
        "Begründung",
        "Berechneter Rang",
        "Fallzahl/Jahr",
        "Leistungen",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    for c in &active {
        headers.push(c.name.clone());
        headers.push(format!("{} (Punkte)", c.name));
    }
    let (text, yes_no) = (Cell::text, Cell::yes_no);
    let rows = entries
        .iter()
        .filter_map(|&i| ranking.entries.get(i))
        .filter_map(|e| {
            let best = ws.services().get(*e.members.first()?)?;
            let ozg_id = e.group.as_deref().or(best.ozg_id.as_deref());
            let ozg = ozg_id.and_then(|id| ws.ozg_service(id));
            let office = best.office_id.and_then(|id| ws.office(id));
            let single = e.group.is_none();
            let mut row = vec![
                Cell::Number(e.rank as f64),
                text(e.section.label()),
                Cell::Number(e.score()),
                if single {
                    best.leika_key
                        .as_ref()
                        .map_or(Cell::Empty, |k| text(k.as_str()))
                } else {
                    Cell::Empty
                },
                text(if single {
                    &best.name
                } else {
                    ozg.map_or("", |o| o.name.as_str())
                }),
                ozg_id.map_or(Cell::Empty, text),
                ozg.map_or(Cell::Empty, |o| text(&o.name)),
                office.map_or(Cell::Empty, |o| text(&o.number)),
                yes_no(e.section == Section::Deferred || ws.is_deferred(best)),
                yes_no(e.pinned),
                best.pin
                    .as_ref()
                    .filter(|_| e.pinned)
                    .map_or(Cell::Empty, |p| text(&p.reason)),
                Cell::Number(e.computed_rank as f64),
                e.case_volume
                    .map_or(Cell::Empty, |v| Cell::Number(v as f64)),
                Cell::Number(e.members.len() as f64),
            ];
            for contribution in scorer.breakdown(best) {
                row.push(contribution.value.map_or(Cell::Empty, Cell::Number));
                row.push(Cell::Number((contribution.points * 10.0).round() / 10.0));
            }
            Some(row)
        })
        .collect();
    (headers, rows)
}

/// Headers and rows of a frozen snapshot, as it was frozen.
pub fn snapshot_table(snapshot: &Snapshot, top: Option<usize>) -> (Vec<String>, Vec<Vec<Cell>>) {
    let headers = ["Rang", "Bereich", "Punkte", "Leistung", "Kennung"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let rows = snapshot
        .rows
        .iter()
        .filter(|r| top.is_none_or(|n| r.section == Section::Ranked && r.rank <= n))
        .map(|r| {
            vec![
                Cell::Number(r.rank as f64),
                Cell::Text(r.section.label().to_owned()),
                Cell::Number(r.score_tenths as f64 / 10.0),
                Cell::Text(r.label.clone()),
                Cell::Text(r.identity.to_string()),
            ]
        })
        .collect();
    (headers, rows)
}
