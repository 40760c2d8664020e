//! The cells of the services table: their text, reading what is typed into them, filtering
//! and sorting the rows.

use std::cmp::Ordering;

use super::{ServiceColumn, ServiceFilter};
use crate::model::collate::{compare_keys, sort_key};
use crate::model::format::{criterion_value, thousands, yes_no};
use crate::model::ranking::Scorer;
use crate::model::search::{SearchIndex, needles};
use crate::model::{Command, EditError, LeikaKey, Service, ServiceId, ServiceValue, Workspace};
use crate::ui::widgets::table::Sort;
/// The text of a cell as shown and as offered for editing.
pub fn cell_text(ws: &Workspace, s: &Service, col: ServiceColumn) -> String {
    let ozg = || s.ozg_id.as_deref().and_then(|id| ws.ozg_service(id));
    match col {
        ServiceColumn::Key => s
            .leika_key
            .as_ref()
            .map(|k| k.as_str().to_owned())
            .unwrap_or_default(),
        ServiceColumn::Name => s.name.clone(),
        ServiceColumn::Ozg => match (&s.ozg_id, ozg()) {
            (Some(id), Some(o)) => format!("{id} {}", o.name),
            (Some(id), None) => id.clone(),
            (None, _) => String::new(),
        },
        ServiceColumn::Themenfeld => ozg().map(|o| o.themenfeld.clone()).unwrap_or_default(),
        ServiceColumn::LeikaType => s.leika_type.clone(),
        ServiceColumn::Municipal => yes_no(s.municipal),
        ServiceColumn::Office => s
            .office_id
            .and_then(|id| ws.office(id))
            .map(|o| o.label())
            .unwrap_or_default(),
        ServiceColumn::CaseVolume => s.case_volume.map(thousands).unwrap_or_default(),
        ServiceColumn::Current => ws.maturity.display(s.current_maturity),
        ServiceColumn::Target => ws.maturity.display(s.target_maturity),
        ServiceColumn::Deferred => yes_no(ws.is_deferred(s)),
        ServiceColumn::Notes => s.notes.clone(),
        ServiceColumn::Project => s
            .project_id
            .and_then(|p| ws.project(p))
            .map(|p| p.name.clone())
            .unwrap_or_default(),
        ServiceColumn::Score(id) => ws
            .criterion(id)
            .and_then(|c| Scorer::value(c, s).map(|v| criterion_value(c, v)))
            .unwrap_or_default(),
    }
}

/// Turns the text typed into a cell into an edit command, checked against the workspace.
/// `Ok(None)` means the value did not change.
pub fn parse_cell(
    ws: &Workspace,
    id: ServiceId,
    col: ServiceColumn,
    text: &str,
) -> Result<Option<Command>, EditError> {
    let Some(s) = ws.service(id) else {
        return Err(EditError::UnknownService(id));
    };
    if text == cell_text(ws, s, col) {
        return Ok(None);
    }
    let t = text.trim();
    let value = match col {
        ServiceColumn::Key => ServiceValue::LeikaKey(LeikaKey::parse_optional(t)?),
        ServiceColumn::Name => ServiceValue::Name(t.to_owned()),
        ServiceColumn::Ozg => {
            let id: String = t.chars().take_while(|c| !c.is_whitespace()).collect();
            ServiceValue::OzgId((!id.is_empty()).then_some(id))
        }
        ServiceColumn::LeikaType => ServiceValue::LeikaType(t.to_owned()),
        ServiceColumn::Office if t.is_empty() => ServiceValue::Office(None),
        ServiceColumn::Office => ServiceValue::Office(Some(ws.find_office(t)?.id)),
        ServiceColumn::CaseVolume => ServiceValue::CaseVolume(parse_count(t, "Fallzahl")?),
        ServiceColumn::Current => {
            ServiceValue::CurrentMaturity(parse_level(ws, t, "Reifegrad (Ist)")?)
        }
        ServiceColumn::Target => {
            ServiceValue::TargetMaturity(parse_level(ws, t, "Reifegrad (Ziel)")?)
        }
        ServiceColumn::Notes => ServiceValue::Notes(text.to_owned()),
        ServiceColumn::Score(criterion) => {
            let c = ws
                .criterion(criterion)
                .ok_or(EditError::UnknownCriterion(criterion))?;
            let cmd = Command::SetScore {
                service: id,
                criterion,
                value: c.parse_value(t)?,
            };
            let _inverse = ws.prepare(&cmd)?;
            return Ok(Some(cmd));
        }
        ServiceColumn::Themenfeld
        | ServiceColumn::Municipal
        | ServiceColumn::Deferred
        | ServiceColumn::Project => {
            return Ok(None);
        }
    };
    let cmd = Command::SetService { id, value };
    let _inverse = ws.prepare(&cmd)?;
    Ok(Some(cmd))
}

fn parse_count(t: &str, field: &'static str) -> Result<Option<i64>, EditError> {
    if t.is_empty() {
        return Ok(None);
    }
    let digits: String = t
        .chars()
        .filter(|c| !matches!(c, '.' | ' ' | '\u{a0}'))
        .collect();
    digits
        .parse::<i64>()
        .map(Some)
        .map_err(|_| EditError::NotANumber {
            field,
            text: t.to_owned(),
        })
}

fn parse_level(ws: &Workspace, t: &str, field: &'static str) -> Result<i64, EditError> {
    ws.maturity.parse(t).ok_or_else(|| EditError::NotANumber {
        field,
        text: t.to_owned(),
    })
}

/// The indexes of the services that pass the filter, in store order.
pub fn filter_rows(ws: &Workspace, f: &ServiceFilter, search: &SearchIndex) -> Vec<usize> {
    let needles = needles(&f.search);
    ws.services()
        .iter()
        .enumerate()
        .filter(|(i, s)| {
            f.office.is_none_or(|o| s.office_id == o)
                && f.maturity.is_none_or(|m| s.current_maturity == m)
                && f.municipal.is_none_or(|m| s.municipal == m)
                && f.deferred.is_none_or(|d| ws.is_deferred(s) == d)
                && f.themenfeld.as_ref().is_none_or(|t| {
                    s.ozg_id
                        .as_deref()
                        .and_then(|id| ws.ozg_service(id))
                        .is_some_and(|o| o.themenfeld == *t)
                })
                && search.matches(*i, &needles)
        })
        .map(|(i, _)| i)
        .collect()
}

/// A text under German collation, ordered as `compare_keys` says.
#[derive(PartialEq, Eq)]
struct Collated(String);

impl PartialOrd for Collated {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Collated {
    fn cmp(&self, other: &Self) -> Ordering {
        compare_keys(&self.0, &other.0)
    }
}

/// Sorts row indexes by a column; ties keep the store order, so the order is stable.
pub fn sort_rows(ws: &Workspace, rows: &mut [usize], sort: Sort<ServiceColumn>) {
    let services = ws.services();
    let numeric = |i: &usize| -> i64 {
        let Some(s) = services.get(*i) else { return 0 };
        match sort.column {
            ServiceColumn::CaseVolume => s.case_volume.unwrap_or(-1),
            ServiceColumn::Current => s.current_maturity,
            ServiceColumn::Target => s.target_maturity,
            ServiceColumn::Municipal => i64::from(s.municipal),
            ServiceColumn::Deferred => i64::from(ws.is_deferred(s)),
            _ => 0,
        }
    };
    if let ServiceColumn::Score(id) = sort.column {
        let criterion = ws.criterion(id);
        let value = |i: &usize| -> i64 {
            criterion
                .zip(services.get(*i))
                .and_then(|(c, s)| Scorer::value(c, s))
                .map_or(-1, |v| (v * 1000.0) as i64)
        };
        rows.sort_by_key(value);
        if !sort.ascending {
            rows.reverse();
        }
        return;
    }
    match sort.column {
        ServiceColumn::CaseVolume
        | ServiceColumn::Current
        | ServiceColumn::Target
        | ServiceColumn::Municipal
        | ServiceColumn::Deferred => rows.sort_by_key(numeric),
        col => rows.sort_by_cached_key(|i| {
            let text = services
                .get(*i)
                .map(|s| cell_text(ws, s, col))
                .unwrap_or_default();
            // Empty cells go last in ascending order, as in a spreadsheet.
            (text.is_empty(), Collated(sort_key(&text)))
        }),
    }
    if !sort.ascending {
        rows.reverse();
    }
}
