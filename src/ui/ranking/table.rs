//! The ranking table: entries and their members, score cells, sorting.

use std::collections::HashMap;

use egui::Ui;

use crate::model::format::{count as format_count, criterion_value as format_value};
use crate::model::ranking::{Entry, EntryIdentity, Movement, Scorer, Section};
use crate::model::{Command, CriterionId, ServiceId, Workspace};
use crate::ui::Action;
use crate::ui::widgets::table::{
    CellEdit, RowMark, Sort, edited_cell_ui, row_key, sortable_table, text_cell,
};

use super::compare::movement_text;
use super::{Line, RankColumn, RankingView};

impl RankingView {
    pub(super) fn table_ui(
        &mut self,
        ui: &mut Ui,
        ws: &Workspace,
        read_only: bool,
        actions: &mut Vec<Action>,
    ) {
        let top_n = ws.ranking_settings().top_n;
        let in_rank_order = self.sort.column == RankColumn::Rank && self.sort.ascending;
        let Self {
            sort,
            selected,
            expanded,
            edit,
            cache,
            ..
        } = self;
        let lines = &cache.lines;
        let entries = &cache.ranking.entries;
        let identities = &cache.identities;
        let comparison = cache.comparison.as_ref().map(|(_, c)| c);
        // Up and down go from entry to entry; the entries' lines are looked up only then.
        let entry_lines = || -> Vec<usize> {
            (0..lines.len())
                .filter(|&i| matches!(lines.get(i), Some(Line::Entry(_))))
                .collect()
        };
        let mut shown = Vec::new();
        let mut scroll_to = None;
        let rows = || {
            shown = entry_lines();
            let at = shown.iter().position(|&i| match lines.get(i) {
                Some(Line::Entry(e)) => identities.get(*e) == selected.as_ref(),
                _ => false,
            });
            (at, shown.len())
        };
        if let Some(to) = row_key(ui, rows)
            && let Some(Line::Entry(e)) = shown.get(to).and_then(|&i| lines.get(i))
        {
            *selected = identities.get(*e).cloned();
            scroll_to = shown.get(to).copied();
        }
        let is_selected = |index: usize| match lines.get(index) {
            Some(Line::Entry(e)) => identities.get(*e) == selected.as_ref(),
            Some(Line::Member { service, .. }) => ws
                .services()
                .get(*service)
                .is_some_and(|s| selected.as_ref() == Some(&EntryIdentity::Service(s.id))),
            _ => false,
        };
        let mark = |index: usize| RowMark {
            selected: is_selected(index),
            current: false,
        };
        let click = sortable_table(
            ui,
            "ranking",
            &cache.columns,
            sort,
            lines.len(),
            scroll_to,
            0,
            mark,
            |ui, index, col| match *lines.get(index)? {
                Line::Heading(section) => {
                    if col == RankColumn::Name {
                        ui.strong(section.label());
                    }
                    None
                }
                Line::Entry(e) => {
                    let entry = entries.get(e)?;
                    let identity = identities.get(e)?;
                    let service = entry.members.first().and_then(|&i| ws.services().get(i));
                    if entry.group.is_none()
                        && let (RankColumn::Criterion(c), Some(s)) = (col, service)
                        && score_editor_ui(ui, ws, edit, s.id, c, actions)
                    {
                        return None;
                    }
                    let movement = comparison.and_then(|c| c.movement.get(identity)).copied();
                    let new_in_top = comparison.is_some_and(|c| c.new_in_top.contains(identity));
                    let text = entry_cell(
                        ws,
                        entry,
                        col,
                        movement,
                        new_in_top,
                        expanded.contains(identity),
                    );
                    text_cell(ui, &text);
                    if in_rank_order && entry.section == Section::Ranked && entry.rank == top_n {
                        let rect = ui.max_rect();
                        ui.painter().hline(
                            rect.x_range(),
                            rect.bottom() - 1.0,
                            egui::Stroke::new(2.0, ui.visuals().selection.bg_fill),
                        );
                    }
                    let hovered = ui.rect_contains_pointer(ui.max_rect());
                    (col == RankColumn::Rank && entry.pinned && hovered).then(|| {
                        let reason = service
                            .and_then(|s| s.pin.as_ref())
                            .map_or("", |p| p.reason.as_str());
                        format!(
                            "Angeheftet auf Platz {}, berechnet Platz {}: {reason}",
                            entry.rank, entry.computed_rank
                        )
                    })
                }
                Line::Member { service, .. } => {
                    let s = ws.services().get(service)?;
                    if let RankColumn::Criterion(c) = col
                        && score_editor_ui(ui, ws, edit, s.id, c, actions)
                    {
                        return None;
                    }
                    text_cell(ui, &member_cell(ws, s, col));
                    None
                }
            },
        );
        // What was clicked: the entry's identity, its service if it is a single service; a
        // click on a group's name expands or collapses it.
        let clicked = click.and_then(|c| match *lines.get(c.index)? {
            Line::Heading(_) => None,
            Line::Entry(e) => {
                let entry = entries.get(e)?;
                let identity = identities.get(e)?.clone();
                let single = entry.group.is_none();
                if !single && c.column == RankColumn::Name && !expanded.remove(&identity) {
                    expanded.insert(identity.clone());
                }
                let service = entry
                    .members
                    .first()
                    .and_then(|&i| ws.services().get(i))
                    .filter(|_| single)
                    .map(|s| s.id);
                Some((identity, service, c.column))
            }
            Line::Member { service, .. } => {
                let s = ws.services().get(service)?;
                Some((EntryIdentity::Service(s.id), Some(s.id), c.column))
            }
        });
        if let Some((identity, service, col)) = clicked {
            let editable = matches!(col, RankColumn::Criterion(c) if ws.criterion(c).is_some_and(|c| c.scale.is_entered()));
            if let Some(id) = service
                && editable
                && !read_only
                && selected.as_ref() == Some(&identity)
                && let Some(s) = ws.service(id)
            {
                let RankColumn::Criterion(c) = col else {
                    return;
                };
                let current = ws
                    .criterion(c)
                    .and_then(|cr| Scorer::value(cr, s).map(|v| format_value(cr, v)))
                    .unwrap_or_default();
                *edit = Some(CellEdit::new(id, col, current));
            } else {
                *edit = None;
            }
            *selected = Some(identity);
        }
    }
}

/// The editor of a score cell if it is being edited; returns whether it was.
pub(super) fn score_editor_ui(
    ui: &mut Ui,
    ws: &Workspace,
    edit: &mut Option<CellEdit<RankColumn>>,
    service: ServiceId,
    criterion: CriterionId,
    actions: &mut Vec<Action>,
) -> bool {
    let parse = |t: &str| parse_score(ws, service, criterion, t);
    let name = format!("Bewertung {}", criterion_name(ws, criterion));
    edited_cell_ui(
        ui,
        edit,
        service,
        RankColumn::Criterion(criterion),
        &name,
        actions,
        parse,
    )
}

pub(super) fn format_score(tenths: i64) -> String {
    format!("{},{}", tenths / 10, (tenths % 10).abs())
}

pub(super) fn criterion_name(ws: &Workspace, id: CriterionId) -> String {
    ws.criterion(id).map(|c| c.name.clone()).unwrap_or_default()
}

pub(super) fn parse_score(
    ws: &Workspace,
    service: ServiceId,
    criterion: CriterionId,
    t: &str,
) -> Result<Option<Command>, crate::model::EditError> {
    let c = ws
        .criterion(criterion)
        .ok_or(crate::model::EditError::UnknownCriterion(criterion))?;
    let current = ws
        .service(service)
        .and_then(|s| Scorer::value(c, s))
        .map(|v| format_value(c, v));
    if current.as_deref() == Some(t.trim()) || (current.is_none() && t.trim().is_empty()) {
        return Ok(None);
    }
    let cmd = Command::SetScore {
        service,
        criterion,
        value: c.parse_value(t)?,
    };
    let _inverse = ws.prepare(&cmd)?;
    Ok(Some(cmd))
}

pub(super) fn entry_cell(
    ws: &Workspace,
    e: &Entry,
    col: RankColumn,
    movement: Option<Movement>,
    new_in_top: bool,
    expanded: bool,
) -> String {
    let Some(best) = e.members.first().and_then(|&i| ws.services().get(i)) else {
        return String::new();
    };
    let ozg = e
        .group
        .as_deref()
        .or(best.ozg_id.as_deref())
        .and_then(|id| ws.ozg_service(id));
    match col {
        RankColumn::Rank if e.pinned => format!("{} ⚑", e.rank),
        RankColumn::Rank => e.rank.to_string(),
        RankColumn::Movement => movement_text(movement, new_in_top),
        RankColumn::Score => format_score(e.score_tenths),
        RankColumn::Key => match &e.group {
            Some(g) => g.clone(),
            None => best
                .leika_key
                .as_ref()
                .map(|k| k.as_str().to_owned())
                .unwrap_or_default(),
        },
        RankColumn::Name => match &e.group {
            Some(_) => format!(
                "{} {} ({})",
                if expanded { "▼" } else { "▶" },
                ozg.map_or("", |o| o.name.as_str()),
                crate::model::format::counted(e.members.len(), "Leistung", "Leistungen")
            ),
            None => best.name.clone(),
        },
        RankColumn::Ozg => match &e.group {
            Some(_) => ozg.map(|o| o.themenfeld.clone()).unwrap_or_default(),
            None => ozg.map(|o| o.name.clone()).unwrap_or_default(),
        },
        RankColumn::Office => best
            .office_id
            .and_then(|id| ws.office(id))
            .map(|o| o.label())
            .unwrap_or_default(),
        RankColumn::CaseVolume => e
            .case_volume
            .map(|v| format_count(v.max(0) as usize))
            .unwrap_or_default(),
        RankColumn::Criterion(c) => ws
            .criterion(c)
            .and_then(|cr| Scorer::value(cr, best).map(|v| format_value(cr, v)))
            .unwrap_or_else(|| "–".to_owned()),
        RankColumn::Missing if e.missing > 0 => e.missing.to_string(),
        RankColumn::Missing => String::new(),
    }
}

pub(super) fn member_cell(ws: &Workspace, s: &crate::model::Service, col: RankColumn) -> String {
    match col {
        RankColumn::Key => s
            .leika_key
            .as_ref()
            .map(|k| k.as_str().to_owned())
            .unwrap_or_default(),
        RankColumn::Name => format!("    {}", s.name),
        RankColumn::Office => s
            .office_id
            .and_then(|id| ws.office(id))
            .map(|o| o.label())
            .unwrap_or_default(),
        RankColumn::CaseVolume => s
            .case_volume
            .map(|v| format_count(v.max(0) as usize))
            .unwrap_or_default(),
        RankColumn::Criterion(c) => ws
            .criterion(c)
            .and_then(|cr| Scorer::value(cr, s).map(|v| format_value(cr, v)))
            .unwrap_or_else(|| "–".to_owned()),
        _ => String::new(),
    }
}

/// Orders entries by a column within their sections; rank order keeps the computed order.
pub(super) fn sort_entries(
    ws: &Workspace,
    entries: &[Entry],
    shown: &mut [usize],
    sort: Sort<RankColumn>,
) {
    let best = |e: &Entry| e.members.first().and_then(|&i| ws.services().get(i));
    match sort.column {
        RankColumn::Rank | RankColumn::Movement => {}
        RankColumn::Score => shown.sort_by_key(|&i| {
            (
                entries[i].section,
                std::cmp::Reverse(entries[i].score_tenths),
                entries[i].rank,
            )
        }),
        RankColumn::CaseVolume => shown.sort_by_key(|&i| {
            (
                entries[i].section,
                std::cmp::Reverse(entries[i].case_volume.unwrap_or(-1)),
                entries[i].rank,
            )
        }),
        RankColumn::Missing => shown.sort_by_key(|&i| {
            (
                entries[i].section,
                std::cmp::Reverse(entries[i].missing),
                entries[i].rank,
            )
        }),
        RankColumn::Criterion(c) => {
            let criterion = ws.criterion(c);
            shown.sort_by_key(|&i| {
                let v = criterion
                    .zip(best(&entries[i]))
                    .and_then(|(cr, s)| Scorer::value(cr, s))
                    .map_or(-1, |v| (v * 1000.0) as i64);
                (entries[i].section, std::cmp::Reverse(v), entries[i].rank)
            });
        }
        col @ (RankColumn::Key | RankColumn::Name | RankColumn::Ozg | RankColumn::Office) => {
            let keys: HashMap<usize, String> = shown
                .iter()
                .map(|&i| {
                    (
                        i,
                        crate::model::collate::sort_key(&entry_cell(
                            ws,
                            &entries[i],
                            col,
                            None,
                            false,
                            false,
                        )),
                    )
                })
                .collect();
            shown.sort_by(|a, b| {
                entries[*a]
                    .section
                    .cmp(&entries[*b].section)
                    .then_with(|| crate::model::collate::compare_keys(&keys[a], &keys[b]))
                    .then(entries[*a].rank.cmp(&entries[*b].rank))
            });
        }
    }
    if !sort.ascending {
        // Reverse within each section, keeping the sections in their order.
        let mut start = 0;
        while start < shown.len() {
            let section = entries[shown[start]].section;
            let end = start
                + shown[start..]
                    .iter()
                    .take_while(|&&i| entries[i].section == section)
                    .count();
            shown[start..end].reverse();
            start = end;
        }
    }
}
