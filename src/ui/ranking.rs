//! The priority ranking (Priorisierung): weighted criteria, the Top-N line, score breakdown,
//! pins, grouping by OZG service, snapshots and the comparison with them.

use std::collections::{BTreeSet, HashMap};

use egui::{Key, Ui};
use egui_extras::Column;

use super::Action;
use super::criteria_editor::CriteriaEditor;
use super::services::{SearchIndex, format_count, format_value, needles, parse_value};
use super::table::{
    CellEdit, Sort, TableColumn, edited_cell_ui, filter_combo, sortable_table, text_cell,
};
use crate::model::collate::compare;
use crate::model::ranking::{
    Comparison, Contribution, Entry, Movement, Pin, Ranking, RankingInput, Scorer, Section,
    SnapshotRow, compare_with, rank,
};
use crate::model::{Command, CriterionId, OfficeId, ServiceId, Snapshot, SnapshotId, Workspace};

/// German texts of this view.
mod text {
    pub const SEARCH: &str = "Suche";
    pub const SEARCH_HINT: &str = "Bezeichnung, Schlüssel, OZG-Leistung …";
    pub const OFFICE: &str = "Amt";
    pub const THEMENFELD: &str = "Themenfeld";
    pub const SCOPE: &str = "Kommunal";
    pub const TOP_N: &str = "Top";
    pub const DEFERRED_TOGETHER: &str = "Zurückgestellte Ämter mitranken";
    pub const GROUPED: &str = "Nach OZG-Leistungen gruppieren";
    pub const COMPARE: &str = "Vergleich mit";
    pub const NO_COMPARISON: &str = "(kein Vergleich)";
    pub const FREEZE: &str = "Stand einfrieren…";
    pub const CRITERIA: &str = "Kriterien…";
    pub const EXPORT: &str = "Exportieren…";
    pub const NO_OFFICE: &str = "(ohne Amt)";
    pub const PIN: &str = "Anheften…";
    pub const UNPIN: &str = "Lösen";
    pub const PINNED: &str = "Angeheftet";
    pub const NEW_PROJECT: &str = "Projekt aus Auswahl anlegen…";
    pub const DROPPED: &str = "Aus den Top {n} gefallen";
    pub const NEW_IN_TOP: &str = "neu in den Top";
    pub const SELECT_HINT: &str = "Eine Zeile wählen, um die Punkte nach Kriterien zu sehen.";
    pub const MISSING_NOTE: &str = "Fehlende Bewertungen zählen mit 0 Punkten.";
}

/// Columns of the ranking table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RankColumn {
    Rank,
    Movement,
    Score,
    Key,
    Name,
    Ozg,
    Office,
    CaseVolume,
    Criterion(CriterionId),
    Missing,
}

impl RankColumn {
    fn header(self) -> &'static str {
        match self {
            Self::Rank => "Rang",
            Self::Movement => "Δ",
            Self::Score => "Punkte",
            Self::Key => "Schlüssel / OZG-ID",
            Self::Name => "Bezeichnung",
            Self::Ozg => "OZG-Leistung",
            Self::Office => "Amt",
            Self::CaseVolume => "Fallzahl/Jahr",
            Self::Criterion(_) => "",
            Self::Missing => "Fehlend",
        }
    }

    fn width(self) -> Column {
        match self {
            Self::Rank => Column::initial(70.0),
            Self::Movement => Column::initial(55.0),
            Self::Score => Column::initial(60.0),
            Self::Key => Column::initial(118.0),
            Self::Name => Column::initial(300.0).at_least(80.0),
            Self::Ozg => Column::initial(160.0),
            Self::Office => Column::initial(50.0),
            Self::CaseVolume => Column::initial(85.0),
            Self::Criterion(_) => Column::initial(64.0),
            Self::Missing => Column::initial(60.0),
        }
    }
}

/// Which entries to show. Filters hide lines; the ranks stay those of the whole list.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RankingFilter {
    pub search: String,
    pub office: Option<Option<OfficeId>>,
    pub themenfeld: Option<String>,
    pub municipal: Option<bool>,
}

/// A line of the table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Line {
    Heading(Section),
    Entry(usize),
    Member { entry: usize, service: usize },
}

/// What the visible lines depend on.
type LinesKey = (
    u64,
    RankingFilter,
    Sort<RankColumn>,
    BTreeSet<String>,
    Option<SnapshotId>,
);

#[derive(Default)]
struct Cache {
    revision: Option<u64>,
    ranking: Ranking,
    identities: Vec<String>,
    identity_index: HashMap<String, usize>,
    section_sizes: HashMap<Section, usize>,
    search: SearchIndex,
    pinned: Vec<usize>,
    comparison: Option<(SnapshotId, Comparison)>,
    /// Why the chosen snapshot cannot be compared with the ranking as shown.
    incomparable: Option<String>,
    lines_key: Option<LinesKey>,
    lines: Vec<Line>,
    shown_entries: usize,
    columns_revision: Option<u64>,
    columns: Vec<TableColumn<RankColumn>>,
    offices: Vec<(Option<OfficeId>, String)>,
    themenfelder: Vec<(String, String)>,
    breakdown_key: Option<(u64, ServiceId)>,
    breakdown: Vec<Contribution>,
}

/// The dialog to pin a service.
struct PinDialog {
    service: ServiceId,
    position: String,
    reason: String,
    error: Option<String>,
    focus_pending: bool,
}

/// State of the ranking view.
pub struct RankingView {
    pub filter: RankingFilter,
    pub sort: Sort<RankColumn>,
    /// Identity ("s:ID" or "g:OZG-ID") of the selected entry.
    pub selected: Option<String>,
    pub compare_with: Option<SnapshotId>,
    pub criteria: CriteriaEditor,
    expanded: BTreeSet<String>,
    edit: Option<CellEdit<RankColumn>>,
    pin_dialog: Option<PinDialog>,
    freeze_title: Option<String>,
    top_n_text: Option<String>,
    cache: Cache,
}

impl Default for RankingView {
    fn default() -> Self {
        Self {
            filter: RankingFilter::default(),
            sort: Sort {
                column: RankColumn::Rank,
                ascending: true,
            },
            selected: None,
            compare_with: None,
            criteria: CriteriaEditor::default(),
            expanded: BTreeSet::new(),
            edit: None,
            pin_dialog: None,
            freeze_title: None,
            top_n_text: None,
            cache: Cache::default(),
        }
    }
}

impl RankingView {
    /// The current ranking, recomputed when the data changed.
    pub fn ranking(&mut self, ws: &Workspace) -> &Ranking {
        self.refresh_ranking(ws);
        &self.cache.ranking
    }

    fn refresh_ranking(&mut self, ws: &Workspace) {
        if self.cache.revision == Some(ws.revision()) {
            return;
        }
        let ranking = rank(&RankingInput {
            services: ws.services(),
            offices: ws.offices(),
            criteria: ws.criteria(),
            settings: ws.ranking_settings(),
        });
        self.cache.identities = ranking
            .entries
            .iter()
            .map(|e| e.identity(ws.services()))
            .collect();
        self.cache.identity_index = self
            .cache
            .identities
            .iter()
            .enumerate()
            .map(|(i, id)| (id.clone(), i))
            .collect();
        self.cache.section_sizes.clear();
        for e in &ranking.entries {
            *self.cache.section_sizes.entry(e.section).or_insert(0) += 1;
        }
        self.cache.pinned = ws
            .services()
            .iter()
            .enumerate()
            .filter(|(_, s)| s.pin.is_some())
            .map(|(i, _)| i)
            .collect();
        self.cache.ranking = ranking;
        self.cache.comparison = None;
        self.cache.revision = Some(ws.revision());
    }

    fn refresh_comparison(&mut self, ws: &Workspace) {
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
        let current: Vec<(String, Section, usize)> = self
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

    fn refresh_lines(&mut self, ws: &Workspace) {
        self.refresh_ranking(ws);
        self.refresh_comparison(ws);
        let key = (
            ws.revision(),
            self.filter.clone(),
            self.sort,
            self.expanded.clone(),
            self.compare_with,
        );
        if self.cache.lines_key.as_ref() == Some(&key) {
            return;
        }
        let entries = &self.cache.ranking.entries;
        self.cache.search.refresh(ws);
        let needles = needles(&self.filter.search);
        let f = &self.filter;
        let service_passes = |i: usize| -> bool {
            let Some(s) = ws.services().get(i) else {
                return false;
            };
            f.office.is_none_or(|o| s.office_id == o)
                && f.municipal.is_none_or(|m| s.municipal == m)
                && f.themenfeld.as_ref().is_none_or(|t| {
                    s.ozg_id
                        .as_deref()
                        .and_then(|id| ws.ozg_service(id))
                        .is_some_and(|o| o.themenfeld == *t)
                })
                && self.cache.search.matches(i, &needles)
        };
        let mut shown: Vec<usize> = (0..entries.len())
            .filter(|&e| entries[e].members.iter().any(|&m| service_passes(m)))
            .collect();
        sort_entries(ws, entries, &mut shown, self.sort);
        let mut lines = Vec::with_capacity(shown.len() + 4);
        let mut section = None;
        for &e in &shown {
            let entry = &entries[e];
            if section != Some(entry.section) {
                section = Some(entry.section);
                lines.push(Line::Heading(entry.section));
            }
            lines.push(Line::Entry(e));
            if entry.group.is_some()
                && self
                    .cache
                    .identities
                    .get(e)
                    .is_some_and(|id| self.expanded.contains(id))
            {
                lines.extend(
                    entry
                        .members
                        .iter()
                        .map(|&service| Line::Member { entry: e, service }),
                );
            }
        }
        self.cache.shown_entries = shown.len();
        self.cache.lines = lines;
        self.cache.lines_key = Some(key);
    }

    fn refresh_columns(&mut self, ws: &Workspace) {
        if self.cache.columns_revision == Some(ws.revision()) {
            return;
        }
        let fixed = |c: RankColumn| TableColumn::new(c, c.header(), c.width());
        let mut columns: Vec<TableColumn<RankColumn>> = [
            RankColumn::Rank,
            RankColumn::Movement,
            RankColumn::Score,
            RankColumn::Key,
            RankColumn::Name,
            RankColumn::Office,
            RankColumn::CaseVolume,
        ]
        .into_iter()
        .map(fixed)
        .collect();
        columns.extend(
            ws.criteria()
                .iter()
                .filter(|c| c.enabled && c.scale.is_entered())
                .map(|c| {
                    let col = RankColumn::Criterion(c.id);
                    TableColumn::new(col, c.name.clone(), col.width())
                }),
        );
        columns.push(fixed(RankColumn::Missing));
        self.cache.columns = columns;
        self.cache.offices = std::iter::once((None, text::NO_OFFICE.to_owned()))
            .chain(ws.offices().iter().map(|o| (Some(o.id), o.label())))
            .collect();
        let mut fields: Vec<String> = ws
            .ozg_services()
            .iter()
            .map(|o| o.themenfeld.clone())
            .filter(|t| !t.is_empty())
            .collect();
        fields.sort_by(|a, b| compare(a, b));
        fields.dedup();
        self.cache.themenfelder = fields.into_iter().map(|f| (f.clone(), f)).collect();
        self.cache.columns_revision = Some(ws.revision());
    }

    /// The entries shown, in display order (for the export).
    pub fn visible_entries(&mut self, ws: &Workspace) -> Vec<usize> {
        self.refresh_lines(ws);
        self.cache
            .lines
            .iter()
            .filter_map(|l| match l {
                Line::Entry(e) => Some(*e),
                _ => None,
            })
            .collect()
    }

    /// A snapshot of the current ranking (the whole list, unfiltered).
    pub fn snapshot(&mut self, ws: &Workspace, title: &str, taken_on: &str) -> Snapshot {
        self.refresh_ranking(ws);
        let rows = self
            .cache
            .ranking
            .entries
            .iter()
            .zip(&self.cache.identities)
            .map(|(e, identity)| SnapshotRow {
                identity: identity.clone(),
                section: e.section,
                rank: e.rank,
                score_tenths: e.score_tenths,
                label: entry_label(ws, e),
            })
            .collect();
        Snapshot {
            id: ws.next_snapshot_id(),
            title: title.trim().to_owned(),
            taken_on: taken_on.to_owned(),
            settings: ws.ranking_settings(),
            rows,
        }
    }

    /// Draws the view; edits come back as actions.
    pub fn ui(&mut self, ui: &mut Ui, ws: &Workspace, read_only: bool) -> Vec<Action> {
        let mut actions = Vec::new();
        self.refresh_columns(ws);
        self.refresh_lines(ws);
        self.toolbar_ui(ui, ws, read_only, &mut actions);
        self.filter_ui(ui);
        self.refresh_lines(ws);
        ui.separator();
        egui::Panel::right("ranking_detail")
            .resizable(true)
            .default_size(330.0)
            .show(ui, |ui| {
                egui::ScrollArea::vertical().show(ui, |ui| {
                    self.detail_ui(ui, ws, read_only, &mut actions);
                });
            });
        egui::CentralPanel::no_frame()
            .show(ui, |ui| self.table_ui(ui, ws, read_only, &mut actions));
        self.dialogs_ui(ui.ctx(), ws, &mut actions);
        self.criteria.ui(ui.ctx(), ws, read_only, &mut actions);
        actions
    }

    fn toolbar_ui(
        &mut self,
        ui: &mut Ui,
        ws: &Workspace,
        read_only: bool,
        actions: &mut Vec<Action>,
    ) {
        let settings = ws.ranking_settings();
        ui.horizontal_wrapped(|ui| {
            let label = ui.label(text::TOP_N);
            let top = self
                .top_n_text
                .get_or_insert_with(|| settings.top_n.to_string());
            let field = ui
                .add_enabled(
                    !read_only,
                    egui::TextEdit::singleline(top).desired_width(40.0),
                )
                .labelled_by(label.id);
            if field.lost_focus() {
                match top.trim().parse::<usize>() {
                    Ok(n) if n >= 1 && n != settings.top_n => actions.push(Action::Edit(
                        Command::SetRankingSettings(crate::model::RankingSettings {
                            top_n: n,
                            ..settings
                        }),
                    )),
                    Ok(n) if n >= 1 => {}
                    _ => actions.push(Action::Refused(
                        crate::model::EditError::InvalidTopN.to_string(),
                    )),
                }
                self.top_n_text = None;
            } else if !field.has_focus() {
                self.top_n_text = None;
            }
            let mut together = settings.deferred_together;
            if ui
                .add_enabled(
                    !read_only,
                    egui::Checkbox::new(&mut together, text::DEFERRED_TOGETHER),
                )
                .changed()
            {
                actions.push(Action::Edit(Command::SetRankingSettings(
                    crate::model::RankingSettings {
                        deferred_together: together,
                        ..settings
                    },
                )));
            }
            let mut grouped = settings.grouped;
            if ui
                .add_enabled(!read_only, egui::Checkbox::new(&mut grouped, text::GROUPED))
                .changed()
            {
                actions.push(Action::Edit(Command::SetRankingSettings(
                    crate::model::RankingSettings {
                        grouped,
                        ..settings
                    },
                )));
            }
            ui.separator();
            let snapshots: Vec<(SnapshotId, String)> =
                ws.snapshots().iter().map(|s| (s.id, s.label())).collect();
            let label = ui.label(text::COMPARE);
            let current = self
                .compare_with
                .and_then(|id| snapshots.iter().find(|(s, _)| *s == id))
                .map_or(text::NO_COMPARISON.to_owned(), |(_, l)| l.clone());
            egui::ComboBox::from_id_salt("compare_with")
                .selected_text(current)
                .width(220.0)
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut self.compare_with, None, text::NO_COMPARISON);
                    for (id, label) in &snapshots {
                        ui.selectable_value(&mut self.compare_with, Some(*id), label.as_str());
                    }
                })
                .response
                .labelled_by(label.id);
            if let Some(note) = &self.cache.incomparable {
                ui.colored_label(ui.visuals().warn_fg_color, "⚠")
                    .on_hover_text(note);
                ui.label(egui::RichText::new(note).small());
            }
            if ui
                .add_enabled(!read_only, egui::Button::new(text::FREEZE))
                .clicked()
            {
                self.freeze_title = Some("Priorisierung".to_owned());
            }
            if ui.button(text::CRITERIA).clicked() {
                self.criteria.open = true;
            }
            if ui.button(text::EXPORT).clicked() {
                actions.push(Action::Prompt(super::file_prompt::Purpose::ExportRanking));
            }
        });
    }

    fn filter_ui(&mut self, ui: &mut Ui) {
        let total = self.cache.ranking.entries.len();
        let lacking = self.cache.ranking.services_lacking_scores;
        let Self { filter, cache, .. } = self;
        ui.horizontal_wrapped(|ui| {
            let label = ui.label(text::SEARCH);
            ui.add(
                egui::TextEdit::singleline(&mut filter.search)
                    .hint_text(text::SEARCH_HINT)
                    .desired_width(220.0),
            )
            .labelled_by(label.id);
            filter_combo(ui, text::OFFICE, &mut filter.office, &cache.offices);
            filter_combo(
                ui,
                text::THEMENFELD,
                &mut filter.themenfeld,
                &cache.themenfelder,
            );
            let yes_no = [(true, "ja".to_owned()), (false, "nein".to_owned())];
            filter_combo(ui, text::SCOPE, &mut filter.municipal, &yes_no);
            ui.label(format!(
                "{} von {} Einträgen",
                format_count(cache.shown_entries),
                format_count(total)
            ));
            if lacking > 0 {
                ui.colored_label(
                    ui.visuals().warn_fg_color,
                    format!(
                        "{} ohne vollständige Bewertung",
                        crate::model::german::counted(lacking, "Leistung", "Leistungen")
                    ),
                )
                .on_hover_text(text::MISSING_NOTE);
            }
        });
    }

    fn table_ui(
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
        let is_selected = |index: usize| match lines.get(index) {
            Some(Line::Entry(e)) => identities.get(*e) == selected.as_ref(),
            Some(Line::Member { service, .. }) => ws
                .services()
                .get(*service)
                .is_some_and(|s| selected.as_deref() == Some(format!("s:{}", s.id).as_str())),
            _ => false,
        };
        let click = sortable_table(
            ui,
            "ranking",
            &cache.columns,
            sort,
            lines.len(),
            None,
            is_selected,
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
                Some((format!("s:{}", s.id), Some(s.id), c.column))
            }
        });
        if let Some((identity, service, col)) = clicked {
            let editable = matches!(col, RankColumn::Criterion(c) if ws.criterion(c).is_some_and(|c| c.scale.is_entered()));
            if let Some(id) = service
                && editable
                && !read_only
                && selected.as_deref() == Some(identity.as_str())
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

    fn detail_ui(
        &mut self,
        ui: &mut Ui,
        ws: &Workspace,
        read_only: bool,
        actions: &mut Vec<Action>,
    ) {
        let entry = self
            .selected
            .as_ref()
            .and_then(|id| self.cache.identity_index.get(id))
            .and_then(|&i| self.cache.ranking.entries.get(i));
        let service = self
            .selected
            .as_deref()
            .and_then(|id| id.strip_prefix("s:"))
            .and_then(|id| id.parse::<ServiceId>().ok())
            .and_then(|id| ws.service(id))
            .or_else(|| {
                entry
                    .and_then(|e| e.members.first())
                    .and_then(|&i| ws.services().get(i))
            });
        match (entry, service) {
            (_, Some(s)) => {
                let group = entry.and_then(|e| e.group.as_deref());
                match group.and_then(|g| ws.ozg_service(g)) {
                    Some(ozg) => {
                        ui.heading(ozg.name.as_str());
                        ui.label(format!("Beste Leistung: {}", s.name));
                    }
                    None => {
                        ui.heading(s.name.as_str());
                    }
                }
                if let Some(e) = entry {
                    ui.label(format!(
                        "{}: Platz {} von {} – {} Punkte",
                        e.section.label(),
                        e.rank,
                        self.cache
                            .section_sizes
                            .get(&e.section)
                            .copied()
                            .unwrap_or(0),
                        format_score(e.score_tenths)
                    ));
                    if e.group.is_some() {
                        ui.weak(format!(
                            "OZG-Leistung mit {}; Punkte der besten, Fallzahlen summiert.",
                            crate::model::german::counted(
                                e.members.len(),
                                "Leistung",
                                "Leistungen"
                            )
                        ));
                    }
                }
                let key = (ws.revision(), s.id);
                if self.cache.breakdown_key != Some(key) {
                    self.cache.breakdown = Scorer::new(ws.criteria(), ws.services()).breakdown(s);
                    self.cache.breakdown_key = Some(key);
                }
                ui.add_space(4.0);
                egui::Grid::new("breakdown")
                    .striped(true)
                    .num_columns(4)
                    .show(ui, |ui| {
                        ui.strong("Kriterium");
                        ui.strong("Wert");
                        ui.strong("Gewicht");
                        ui.strong("Punkte");
                        ui.end_row();
                        let mut total = 0.0;
                        for c in &self.cache.breakdown {
                            let Some(criterion) = ws.criterion(c.criterion) else {
                                continue;
                            };
                            ui.label(criterion.name.as_str());
                            match c.value {
                                Some(v) => ui.label(format_value(criterion, v)),
                                None => ui.colored_label(ui.visuals().warn_fg_color, "fehlt"),
                            };
                            ui.label(format!("{:.0} %", c.weight_share * 100.0));
                            ui.label(format!("{:.1}", c.points).replace('.', ","));
                            total += c.points;
                            ui.end_row();
                        }
                        ui.strong("Summe");
                        ui.label("");
                        ui.label("100 %");
                        ui.strong(format!("{total:.1}").replace('.', ","));
                        ui.end_row();
                    });
                ui.add_space(8.0);
                let free: Vec<ServiceId> = match entry {
                    Some(e) if e.group.is_some() => e
                        .members
                        .iter()
                        .filter_map(|&i| ws.services().get(i))
                        .filter(|m| m.project_id.is_none())
                        .map(|m| m.id)
                        .collect(),
                    _ => vec![s.id]
                        .into_iter()
                        .filter(|_| s.project_id.is_none())
                        .collect(),
                };
                match s.project_id.and_then(|p| ws.project(p)) {
                    Some(p) => {
                        ui.label(format!("Projekt: {}", p.name));
                    }
                    None => {
                        if ui
                            .add_enabled(
                                !read_only && !free.is_empty(),
                                egui::Button::new(text::NEW_PROJECT),
                            )
                            .clicked()
                        {
                            actions.push(Action::NewProjectFromSelection(free));
                        }
                    }
                }
                match &s.pin {
                    Some(p) => {
                        ui.label(format!(
                            "⚑ Angeheftet auf Platz {}: {}",
                            p.position, p.reason
                        ));
                        if let Some(e) = entry {
                            ui.weak(format!("Berechneter Platz: {}", e.computed_rank));
                        }
                        if ui
                            .add_enabled(!read_only, egui::Button::new(text::UNPIN))
                            .clicked()
                        {
                            actions.push(Action::Edit(Command::SetPin {
                                service: s.id,
                                pin: None,
                            }));
                        }
                    }
                    None => {
                        if ui
                            .add_enabled(!read_only, egui::Button::new(text::PIN))
                            .clicked()
                        {
                            self.pin_dialog = Some(PinDialog {
                                service: s.id,
                                position: entry.map_or(1, |e| e.rank).to_string(),
                                reason: String::new(),
                                error: None,
                                focus_pending: true,
                            });
                        }
                    }
                }
            }
            _ => {
                ui.weak(text::SELECT_HINT);
            }
        }
        ui.add_space(12.0);
        if !self.cache.pinned.is_empty() {
            ui.strong(text::PINNED);
            if ws.ranking_settings().grouped {
                ui.weak("Angeheftete Plätze gelten in der Einzelansicht.");
            }
            for &i in &self.cache.pinned {
                let Some(s) = ws.services().get(i) else {
                    continue;
                };
                let Some(p) = &s.pin else { continue };
                ui.horizontal_wrapped(|ui| {
                    if ui.link(format!("{}. {}", p.position, s.name)).clicked() {
                        self.selected = Some(format!("s:{}", s.id));
                    }
                    ui.weak(p.reason.as_str());
                    if ui
                        .add_enabled(!read_only, egui::Button::new(text::UNPIN).small())
                        .clicked()
                    {
                        actions.push(Action::Edit(Command::SetPin {
                            service: s.id,
                            pin: None,
                        }));
                    }
                });
            }
        }
        if let Some((_, cmp)) = &self.cache.comparison {
            let n = ws.ranking_settings().top_n;
            ui.add_space(12.0);
            ui.strong(text::DROPPED.replace("{n}", &n.to_string()));
            if cmp.dropped_from_top.is_empty() {
                ui.weak("keine");
            }
            for r in &cmp.dropped_from_top {
                ui.label(format!("{}. {}", r.rank, r.label));
            }
            ui.weak(format!(
                "{} {n}: {}",
                text::NEW_IN_TOP,
                cmp.new_in_top.len()
            ));
        }
    }

    fn dialogs_ui(&mut self, ctx: &egui::Context, ws: &Workspace, actions: &mut Vec<Action>) {
        if let Some(d) = &mut self.pin_dialog {
            let mut close = false;
            let mut submit = false;
            let name = ws
                .service(d.service)
                .map(|s| s.name.clone())
                .unwrap_or_default();
            egui::Modal::new(egui::Id::unique("pin_dialog")).show(ctx, |ui| {
                ui.heading("Leistung anheften");
                ui.label(name);
                egui::Grid::new("pin_grid").num_columns(2).show(ui, |ui| {
                    let l = ui.label("Position");
                    let position = ui
                        .add(egui::TextEdit::singleline(&mut d.position).desired_width(60.0))
                        .labelled_by(l.id);
                    if std::mem::take(&mut d.focus_pending) {
                        position.request_focus();
                    }
                    ui.end_row();
                    let l = ui.label("Begründung");
                    let reason = ui
                        .add(egui::TextEdit::singleline(&mut d.reason).desired_width(300.0))
                        .labelled_by(l.id);
                    submit = reason.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
                    ui.end_row();
                });
                if let Some(e) = &d.error {
                    ui.colored_label(ui.visuals().error_fg_color, e.as_str());
                }
                ui.horizontal(|ui| {
                    if ui.button("Anheften").clicked() || submit {
                        let cmd = match d.position.trim().parse::<usize>() {
                            Ok(position) => Ok(Command::SetPin {
                                service: d.service,
                                pin: Some(Pin {
                                    position,
                                    reason: d.reason.trim().to_owned(),
                                }),
                            }),
                            Err(_) => Err(crate::model::EditError::InvalidPosition),
                        };
                        match cmd.and_then(|c| ws.prepare(&c).map(|_| c)) {
                            Ok(c) => {
                                actions.push(Action::Edit(c));
                                close = true;
                            }
                            Err(e) => d.error = Some(e.to_string()),
                        }
                    }
                    if ui.button("Abbrechen").clicked() || ui.input(|i| i.key_pressed(Key::Escape))
                    {
                        close = true;
                    }
                });
            });
            if close {
                self.pin_dialog = None;
            }
        }
        if let Some(title) = &mut self.freeze_title {
            let mut answer = None;
            egui::Modal::new(egui::Id::unique("freeze_dialog")).show(ctx, |ui| {
                ui.heading("Stand einfrieren");
                ui.label("Die aktuelle Rangfolge wird mit Datum und Titel gespeichert und später nicht mehr verändert.");
                let l = ui.label("Titel");
                let field = ui
                    .add(egui::TextEdit::singleline(title).desired_width(360.0))
                    .labelled_by(l.id);
                if !field.has_focus() && !field.lost_focus() && !ui.memory(|m| m.focused().is_some()) {
                    field.request_focus();
                }
                let submit = field.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
                ui.horizontal(|ui| {
                    if ui.button("Einfrieren").clicked() || submit {
                        answer = Some(true);
                    }
                    if ui.button("Abbrechen").clicked() || ui.input(|i| i.key_pressed(Key::Escape)) {
                        answer = Some(false);
                    }
                });
            });
            match answer {
                Some(true) => {
                    let title = title.clone();
                    let snapshot = self.snapshot(ws, &title, &today());
                    let id = snapshot.id;
                    actions.push(Action::Edit(Command::AddSnapshot(Box::new(snapshot))));
                    self.compare_with = Some(id);
                    self.freeze_title = None;
                }
                Some(false) => self.freeze_title = None,
                None => {}
            }
        }
    }
}

/// Today's date as ISO text.
pub fn today() -> String {
    chrono::Local::now().date_naive().to_string()
}

/// The editor of a score cell if it is being edited; returns whether it was.
fn score_editor_ui(
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

fn format_score(tenths: i64) -> String {
    format!("{},{}", tenths / 10, (tenths % 10).abs())
}

fn criterion_name(ws: &Workspace, id: CriterionId) -> String {
    ws.criterion(id).map(|c| c.name.clone()).unwrap_or_default()
}

fn parse_score(
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
        value: parse_value(c, t)?,
    };
    let _inverse = ws.prepare(&cmd)?;
    Ok(Some(cmd))
}

/// "99001001000000 Abfallgebühr" or "10110 Abfallentsorgung".
fn entry_label(ws: &Workspace, e: &Entry) -> String {
    let Some(best) = e.members.first().and_then(|&i| ws.services().get(i)) else {
        return String::new();
    };
    match &e.group {
        Some(ozg) => {
            let name = ws.ozg_service(ozg).map_or("", |o| o.name.as_str());
            format!("{ozg} {name}")
        }
        None => match &best.leika_key {
            Some(k) => format!("{} {}", k.as_str(), best.name),
            None => best.name.clone(),
        },
    }
}

fn movement_text(m: Option<Movement>, new_in_top: bool) -> String {
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

fn entry_cell(
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
                crate::model::german::counted(e.members.len(), "Leistung", "Leistungen")
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
            .map(|o| o.number.clone())
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

fn member_cell(ws: &Workspace, s: &crate::model::Service, col: RankColumn) -> String {
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
            .map(|o| o.number.clone())
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
fn sort_entries(ws: &Workspace, entries: &[Entry], shown: &mut [usize], sort: Sort<RankColumn>) {
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
