//! The priority ranking (Priorisierung): weighted criteria, the Top-N line, score breakdown,
//! pins, grouping by OZG service, snapshots and the comparison with them.

use std::collections::{BTreeSet, HashMap};

mod compare;
pub mod criteria_editor;
mod detail;
mod dialogs;
mod table;

use table::sort_entries;

use chrono::NaiveDate;
use egui::Ui;
use egui_extras::Column;

use super::Action;
use crate::model::collate::compare;
use crate::model::format::count as format_count;
use crate::model::ranking::{
    Comparison, Contribution, EntryIdentity, Ranking, RankingInput, Section, rank,
};
use crate::model::search::{SearchIndex, needles};
use crate::model::{Command, CriterionId, OfficeId, ServiceId, Snapshot, SnapshotId, Workspace};
use crate::ui::widgets::table::{CellEdit, Sort, TableColumn, filter_combo, reset_filters};
use criteria_editor::CriteriaEditor;

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
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
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
            Self::Office => Column::initial(150.0).at_least(50.0),
            Self::CaseVolume => Column::initial(115.0).at_least(60.0),
            Self::Criterion(_) => Column::initial(105.0).at_least(50.0),
            Self::Missing => Column::initial(60.0),
        }
    }
}

/// Which entries to show. Filters hide lines; the ranks stay those of the whole list.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
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
    BTreeSet<EntryIdentity>,
    Option<SnapshotId>,
);

#[derive(Default)]
struct Cache {
    revision: Option<u64>,
    ranking: Ranking,
    identities: Vec<EntryIdentity>,
    identity_index: HashMap<EntryIdentity, usize>,
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
    /// The selected entry.
    pub selected: Option<EntryIdentity>,
    pub compare_with: Option<SnapshotId>,
    pub criteria: CriteriaEditor,
    expanded: BTreeSet<EntryIdentity>,
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
        let criteria: Vec<_> = ws
            .criteria()
            .iter()
            .filter(|c| c.enabled && c.scale.is_entered())
            .collect();
        let names: Vec<&str> = criteria.iter().map(|c| c.name.as_str()).collect();
        columns.extend(
            criteria
                .iter()
                .zip(crate::model::format::short_headers(&names))
                .map(|(c, short)| {
                    let col = RankColumn::Criterion(c.id);
                    TableColumn::new(col, short, col.width()).hover(c.name.clone())
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
    pub fn snapshot(&mut self, ws: &Workspace, title: &str, taken_on: NaiveDate) -> Snapshot {
        self.refresh_ranking(ws);
        Snapshot::freeze(ws, &self.cache.ranking, title, taken_on)
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
                actions.push(Action::Prompt(
                    crate::ui::dialogs::file_prompt::Purpose::ExportRanking,
                ));
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
            if reset_filters(ui, *filter != RankingFilter::default()) {
                *filter = RankingFilter::default();
            }
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
                        crate::model::format::counted(lacking, "Leistung", "Leistungen")
                    ),
                )
                .on_hover_text(text::MISSING_NOTE);
            }
        });
    }
}
