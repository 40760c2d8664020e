//! Export of the staff list and of the load per month, by person or – anonymised – by unit.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::export::Cell;
use crate::model::Workspace;
use crate::model::load::{LoadKey, LoadSettings, workspace_load};
use crate::model::project::format_date;

/// Headers and rows of the staff list.
pub fn staff_table(ws: &Workspace) -> (Vec<String>, Vec<Vec<Cell>>) {
    let headers = [
        "Name",
        "Einheit",
        "Rolle",
        "Entgeltgruppe",
        "VZÄ",
        "Verfügbar ab",
        "Verfügbar bis",
        "Finanzierung",
        "Unbesetzt",
        "Notiz",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let rows = ws
        .staff()
        .iter()
        .map(|m| {
            vec![
                Cell::text(&m.display_name()),
                Cell::text(&m.unit),
                Cell::text(&m.role),
                Cell::text(&m.pay_grade),
                Cell::Number(m.fte),
                Cell::text(&format_date(m.available_from)),
                Cell::text(&format_date(m.available_until)),
                Cell::text(m.funding.label()),
                Cell::yes_no(m.is_vacant()),
                Cell::text(&m.note),
            ]
        })
        .collect();
    (headers, rows)
}

/// The row label of demand nobody is assigned to.
pub const UNASSIGNED: &str = "ohne Zuordnung";

/// Headers and rows of the load: one row per person (or, `anonymised`, per unit) and month
/// of the `months` months from `today`, with capacity, planned person-days and load.
pub fn load_rows(
    ws: &Workspace,
    today: NaiveDate,
    months: usize,
    settings: LoadSettings,
    anonymised: bool,
) -> (Vec<String>, Vec<Vec<Cell>>) {
    let headers = [
        if anonymised { "Einheit" } else { "Person" },
        "Monat",
        "Kapazität (PT)",
        "Geplant (PT)",
        "Auslastung %",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let (h, table) = workspace_load(ws, settings, today, months);
    // Rows are gathered by their label: a person, a unit, or the unassigned demand.
    let anonymous = crate::model::load::anonymous_labels(ws.staff());
    let mut by_label: BTreeMap<(u8, String), (Vec<f64>, Vec<f64>)> = BTreeMap::new();
    for row in &table {
        let label = match row.key {
            LoadKey::Unassigned => (2, UNASSIGNED.to_owned()),
            LoadKey::Person(id) => match ws.staff_member(id) {
                Some(m) if anonymised => (0, anonymous.get(&m.unit).cloned().unwrap_or_default()),
                Some(m) => (
                    1,
                    format!("{} ({})", m.display_name(), staff_number(ws, id)),
                ),
                None => continue,
            },
        };
        let entry = by_label
            .entry(label)
            .or_insert_with(|| (vec![0.0; months], vec![0.0; months]));
        for (sum, v) in entry.0.iter_mut().zip(&row.capacity) {
            *sum += v;
        }
        for (sum, v) in entry.1.iter_mut().zip(&row.planned) {
            *sum += v;
        }
    }
    let mut rows = Vec::new();
    for ((_, label), (capacity, planned)) in by_label {
        for (m, month) in h.months.iter().enumerate() {
            let cap = capacity.get(m).copied().unwrap_or(0.0);
            let plan = planned.get(m).copied().unwrap_or(0.0);
            rows.push(vec![
                Cell::text(&label),
                Cell::text(&month.format("%m/%Y").to_string()),
                Cell::Number((cap * 10.0).round() / 10.0),
                Cell::Number((plan * 10.0).round() / 10.0),
                if cap > 0.0 {
                    Cell::Number((100.0 * plan / cap).round())
                } else {
                    Cell::Empty
                },
            ]);
        }
    }
    (headers, rows)
}

/// A person's number in the staff list (1-based), to tell people of one name apart.
fn staff_number(ws: &Workspace, id: crate::model::load::StaffId) -> usize {
    ws.staff()
        .iter()
        .position(|m| m.id == id)
        .map_or(0, |n| n + 1)
}
