//! Export of the projects list: one row per project, with a column per step status.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::export::Cell;
use crate::model::Workspace;
use crate::model::project::{STEPS, format_date};

/// Headers and rows for the given projects (indexes into `ws.projects()`).
pub fn projects_table(
    ws: &Workspace,
    indices: &[usize],
    today: NaiveDate,
) -> (Vec<String>, Vec<Vec<Cell>>) {
    let mut headers: Vec<String> = [
        "Projekt",
        "Federführendes Amt",
        "Aktueller Schritt",
        "Fortschritt %",
        "Ampel",
        "Ampel-Kommentar",
        "Entscheidung",
        "Beginn (geplant)",
        "Ende (geplant)",
        "Leistungen",
        "Überfällig",
        "In Betrieb seit",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    headers.extend(
        STEPS
            .iter()
            .enumerate()
            .map(|(i, (name, _))| format!("{}. {name}", i + 1)),
    );
    let mut counts: HashMap<i64, usize> = HashMap::new();
    for s in ws.services() {
        if let Some(p) = s.project_id {
            *counts.entry(p).or_insert(0) += 1;
        }
    }
    let text = |s: String| Cell::text(&s);
    let rows = indices
        .iter()
        .filter_map(|&i| ws.projects().get(i))
        .map(|p| {
            let mut row = vec![
                text(p.name.clone()),
                text(
                    p.lead_office
                        .and_then(|o| ws.office(o))
                        .map(|o| o.number.clone())
                        .unwrap_or_default(),
                ),
                text(p.current_step_label()),
                Cell::Number(p.progress_percent().round()),
                text(p.health.label().to_owned()),
                text(p.health_comment.clone()),
                text(
                    p.decision
                        .map(|d| d.letter().to_owned())
                        .unwrap_or_default(),
                ),
                text(format_date(p.planned_start)),
                text(format_date(p.planned_end)),
                Cell::Number(counts.get(&p.id).copied().unwrap_or(0) as f64),
                text(if p.is_overdue(today) { "ja" } else { "nein" }.to_owned()),
                text(format_date(p.go_live)),
            ];
            row.extend(p.steps.iter().map(|s| text(s.status.label().to_owned())));
            row
        })
        .collect();
    (headers, rows)
}
