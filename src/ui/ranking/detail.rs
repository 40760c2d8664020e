//! The detail of the selected entry: its score by criterion, pin and notes.

use egui::Ui;

use crate::model::format::criterion_value as format_value;
use crate::model::ranking::{EntryIdentity, Scorer};
use crate::model::{Command, ServiceId, Workspace};
use crate::ui::Action;

use super::table::format_score;
use super::{PinDialog, RankingView, text};

impl RankingView {
    pub(super) fn detail_ui(
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
            .as_ref()
            .and_then(|id| match id {
                EntryIdentity::Service(id) => ws.service(*id),
                EntryIdentity::Group(_) => None,
            })
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
                if ui
                    .small_button("Änderungen…")
                    .on_hover_text("Wer hat wann was an dieser Leistung geändert")
                    .clicked()
                {
                    actions.push(Action::ShowChangesOf(
                        crate::sync::describe::Target::Service(s.id),
                    ));
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
                            crate::model::format::counted(
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
                        self.selected = Some(EntryIdentity::Service(s.id));
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
}
