//! Einstellungen: productive days and holidays of the load arithmetic, the annual cost per pay
//! grade, the labels of the maturity scale and the Top N – edited as a draft and written as one
//! edit that one undo takes back.

use egui::Ui;

use crate::model::format::{decimal, parse_number};
use crate::model::maturity::PRESETS;
use crate::model::staffing::{PayGradeCost, StaffingSettings};
use crate::model::{Command, RankingSettings, Workspace};

/// German texts of the dialog.
mod text {
    pub const TITLE: &str = "Einstellungen";
    pub const LOAD: &str = "Personalplanung";
    pub const DAYS: &str = "Produktive Tage je Vollzeitstelle und Jahr";
    pub const HOLIDAYS: &str = "Gesetzliche Feiertage in NRW sind keine Arbeitstage";
    pub const SERVICES_PER_PROJECT: &str = "Leistungen je Projekt (für Leistungen ohne Projekt)";
    pub const ORG_UNIT: &str = "Einheit für den organisatorischen Aufwand";
    pub const TECH_UNIT: &str = "Einheit für den technischen Aufwand";
    pub const COSTS: &str = "Jahreskosten je Stelle nach Entgeltgruppe";
    pub const GRADE: &str = "Entgeltgruppe";
    pub const EUR: &str = "€ im Jahr";
    pub const ADD_GRADE: &str = "Entgeltgruppe hinzufügen";
    pub const REMOVE: &str = "Entfernen";
    pub const MATURITY: &str = "Bezeichnungen der Reifegrade";
    pub const PRESET: &str = "Vorlage";
    pub const PRESET_HINT: &str = "Eine andere Zahl von Stufen geht nur, wenn keine Leistung und kein Projekt eine Stufe über der neuen höchsten hat.";
    pub const PERSONAL: &str = "Persönlich (nur auf diesem Rechner)";
    pub const USER_NAME: &str = "Ihr Name (steht im Verlauf der Projekte)";
    pub const THEME: &str = "Darstellung";
    pub const LIGHT: &str = "Hell";
    pub const DARK: &str = "Dunkel";
    pub const LEVEL: &str = "Stufe";
    pub const RANKING: &str = "Priorisierung";
    pub const TOP_N: &str = "Top N (Linie in der Rangliste und Länge der Liste im Bericht)";
    pub const APPLY: &str = "Übernehmen";
    pub const READ_ONLY: &str = "Die Datei ist nur zum Lesen geöffnet: ihre Einstellungen bleiben, wie sie sind. Nur Ihr Name und die Darstellung lassen sich ändern.";
    pub const CANCEL: &str = "Abbrechen";
    pub const DEFAULTS: &str = "Personalwerte zurücksetzen";
    pub const DEFAULTS_HINT: &str = "207 Tage, Feiertage an und die Kosten, mit denen die 12 Stellen des Ratspapiers \
         828.000 € im Jahr kosten.";
}

/// The draft of the settings while the dialog is open.
pub struct SettingsDialog {
    staffing: StaffingSettings,
    /// The settings as they were, so that a number shown rounded and not retyped keeps its
    /// exact value.
    original: StaffingSettings,
    labels: Vec<String>,
    ranking: RankingSettings,
    /// Typed numbers, kept as text until they are read on "Übernehmen".
    days: String,
    per_project: String,
    costs: Vec<(String, String)>,
    error: Option<String>,
    /// The user's own preferences, applied with the rest.
    pub user_name: String,
    pub dark: bool,
}

/// What the user did with the dialog this frame.
pub enum SettingsOutcome {
    Open,
    Cancelled,
    /// The edit to write (none when nothing changed).
    Apply(Option<Command>),
}

impl SettingsDialog {
    /// A draft of the workspace's settings and the user's own preferences.
    pub fn new(ws: &Workspace, user_name: &str, dark: bool) -> Self {
        let staffing = ws.staffing().clone();
        Self {
            days: short_decimal(staffing.days_per_year),
            per_project: short_decimal(staffing.services_per_project),
            costs: cost_texts(&staffing.costs),
            original: staffing.clone(),
            staffing,
            labels: ws.maturity.labels.clone(),
            ranking: ws.ranking_settings(),
            error: None,
            user_name: user_name.to_owned(),
            dark,
        }
    }

    /// Shows the refusal of the last "Übernehmen".
    pub fn refused(&mut self, reason: String) {
        self.error = Some(reason);
    }

    /// Draws the dialog.
    pub fn ui(&mut self, ctx: &egui::Context, ws: &Workspace, read_only: bool) -> SettingsOutcome {
        let mut outcome = SettingsOutcome::Open;
        let modal = egui::Modal::new(egui::Id::unique("settings_dialog")).show(ctx, |ui| {
            ui.set_width(560.0);
            ui.heading(text::TITLE);
            egui::ScrollArea::vertical()
                .max_height(ctx.content_rect().height() * 0.7)
                .show(ui, |ui| {
                    self.personal_ui(ui);
                    ui.separator();
                    self.staffing_ui(ui);
                    ui.separator();
                    self.maturity_ui(ui);
                    ui.separator();
                    ui.strong(text::RANKING);
                    ui.horizontal(|ui| {
                        let l = ui.label(text::TOP_N);
                        ui.add(egui::DragValue::new(&mut self.ranking.top_n).range(1..=500))
                            .labelled_by(l.id);
                    });
                });
            if let Some(e) = &self.error {
                ui.colored_label(ui.visuals().error_fg_color, e);
            }
            ui.separator();
            ui.horizontal(|ui| {
                if ui.button(text::APPLY).clicked() {
                    match self.command(ws) {
                        // A file open only for reading takes no change; the personal
                        // preferences are the user's own and are taken all the same.
                        Ok(Some(_)) if read_only => self.error = Some(text::READ_ONLY.to_owned()),
                        Ok(cmd) => outcome = SettingsOutcome::Apply(cmd),
                        Err(e) => self.error = Some(e),
                    }
                }
                if ui.button(text::CANCEL).clicked() {
                    outcome = SettingsOutcome::Cancelled;
                }
                ui.separator();
                if ui
                    .button(text::DEFAULTS)
                    .on_hover_text(text::DEFAULTS_HINT)
                    .clicked()
                {
                    let defaults = StaffingSettings::default();
                    self.days = short_decimal(defaults.days_per_year);
                    self.per_project = short_decimal(defaults.services_per_project);
                    self.costs = cost_texts(&defaults.costs);
                    self.staffing = defaults;
                }
            });
        });
        if modal.should_close() && matches!(outcome, SettingsOutcome::Open) {
            outcome = SettingsOutcome::Cancelled;
        }
        outcome
    }

    fn staffing_ui(&mut self, ui: &mut Ui) {
        ui.strong(text::LOAD);
        egui::Grid::new("settings_staffing")
            .num_columns(2)
            .spacing([12.0, 4.0])
            .show(ui, |ui| {
                let l = ui.label(text::DAYS);
                ui.add(egui::TextEdit::singleline(&mut self.days).desired_width(70.0))
                    .labelled_by(l.id);
                ui.end_row();
                let l = ui.label(text::SERVICES_PER_PROJECT);
                ui.add(egui::TextEdit::singleline(&mut self.per_project).desired_width(70.0))
                    .labelled_by(l.id);
                ui.end_row();
                let l = ui.label(text::ORG_UNIT);
                ui.add(egui::TextEdit::singleline(&mut self.staffing.org_unit).desired_width(70.0))
                    .labelled_by(l.id);
                ui.end_row();
                let l = ui.label(text::TECH_UNIT);
                ui.add(
                    egui::TextEdit::singleline(&mut self.staffing.tech_unit).desired_width(70.0),
                )
                .labelled_by(l.id);
                ui.end_row();
            });
        ui.checkbox(&mut self.staffing.holidays, text::HOLIDAYS);
        ui.add_space(4.0);
        ui.label(text::COSTS);
        let mut remove = None;
        egui::Grid::new("settings_costs")
            .num_columns(3)
            .striped(true)
            .spacing([12.0, 4.0])
            .show(ui, |ui| {
                ui.strong(text::GRADE);
                ui.strong(text::EUR);
                ui.end_row();
                for (i, (grade, eur)) in self.costs.iter_mut().enumerate() {
                    let g = ui.add(
                        egui::TextEdit::singleline(grade)
                            .desired_width(140.0)
                            .min_size(egui::vec2(140.0, 0.0)),
                    );
                    let name = format!("{} {}", text::GRADE, i + 1);
                    ui.ctx()
                        .accesskit_node_builder(g.id, |node| node.set_label(name));
                    let e = ui.add(
                        egui::TextEdit::singleline(eur)
                            .desired_width(130.0)
                            .min_size(egui::vec2(130.0, 0.0)),
                    );
                    let name = format!("{} {}", text::EUR, i + 1);
                    ui.ctx()
                        .accesskit_node_builder(e.id, |node| node.set_label(name));
                    if ui.small_button(text::REMOVE).clicked() {
                        remove = Some(i);
                    }
                    ui.end_row();
                }
            });
        if let Some(i) = remove {
            self.costs.remove(i);
        }
        if ui.button(text::ADD_GRADE).clicked() {
            self.costs.push((String::new(), "0".to_owned()));
        }
    }

    fn personal_ui(&mut self, ui: &mut Ui) {
        ui.strong(text::PERSONAL);
        ui.horizontal(|ui| {
            let l = ui.label(text::USER_NAME);
            ui.add(egui::TextEdit::singleline(&mut self.user_name).desired_width(220.0))
                .labelled_by(l.id);
        });
        ui.horizontal(|ui| {
            ui.label(text::THEME);
            ui.radio_value(&mut self.dark, false, text::LIGHT);
            ui.radio_value(&mut self.dark, true, text::DARK);
        });
    }

    fn maturity_ui(&mut self, ui: &mut Ui) {
        ui.strong(text::MATURITY);
        ui.horizontal(|ui| {
            let l = ui.label(text::PRESET);
            let current = PRESETS
                .iter()
                .find(|(_, labels)| *labels == self.labels.as_slice())
                .map_or("(eigene Bezeichnungen)", |(name, _)| name);
            egui::ComboBox::from_id_salt("maturity_preset")
                .selected_text(current)
                .width(300.0)
                .show_ui(ui, |ui| {
                    for (name, labels) in PRESETS {
                        if ui.selectable_label(current == name, name).clicked() {
                            self.labels = labels.iter().map(|l| (*l).to_owned()).collect();
                        }
                    }
                })
                .response
                .labelled_by(l.id)
                .on_hover_text(text::PRESET_HINT);
        });
        egui::Grid::new("settings_maturity")
            .num_columns(2)
            .spacing([12.0, 4.0])
            .show(ui, |ui| {
                for (level, label) in self.labels.iter_mut().enumerate() {
                    let l = ui.label(format!("{} {level}", text::LEVEL));
                    ui.add(
                        egui::TextEdit::singleline(label)
                            .desired_width(260.0)
                            .min_size(egui::vec2(260.0, 0.0)),
                    )
                    .labelled_by(l.id);
                    ui.end_row();
                }
            });
    }

    /// The edit the draft amounts to, checked against the workspace; the reason when a value
    /// cannot be read or is refused.
    fn command(&mut self, ws: &Workspace) -> Result<Option<Command>, String> {
        let number = |field: &str, t: &str| -> Result<f64, String> {
            parse_number(t).ok_or_else(|| format!("{field}: „{}“ ist keine Zahl.", t.trim()))
        };
        let o = &self.original;
        self.staffing.days_per_year = if self.days == short_decimal(o.days_per_year) {
            o.days_per_year
        } else {
            number(text::DAYS, &self.days)?
        };
        self.staffing.services_per_project =
            if self.per_project == short_decimal(o.services_per_project) {
                o.services_per_project
            } else {
                number(text::SERVICES_PER_PROJECT, &self.per_project)?
            };
        self.staffing.costs = if self.costs == cost_texts(&o.costs) {
            o.costs.clone()
        } else {
            self.costs
                .iter()
                .map(|(grade, eur)| {
                    Ok(PayGradeCost {
                        grade: grade.trim().to_owned(),
                        annual_eur: number(&format!("{} {}", text::COSTS, grade.trim()), eur)?,
                    })
                })
                .collect::<Result<_, String>>()?
        };
        self.staffing.org_unit = self.staffing.org_unit.trim().to_owned();
        self.staffing.tech_unit = self.staffing.tech_unit.trim().to_owned();
        let mut batch = Vec::new();
        if self.staffing != *ws.staffing() {
            batch.push(Command::SetStaffingSettings(Box::new(
                self.staffing.clone(),
            )));
        }
        let labels: Vec<String> = self.labels.iter().map(|l| l.trim().to_owned()).collect();
        if labels != ws.maturity.labels {
            batch.push(Command::SetMaturityLabels(labels));
        }
        if self.ranking != ws.ranking_settings() {
            batch.push(Command::SetRankingSettings(self.ranking));
        }
        if batch.is_empty() {
            return Ok(None);
        }
        let cmd = Command::Batch(batch);
        let _inverse = ws.prepare(&cmd).map_err(|e| e.to_string())?;
        Ok(Some(cmd))
    }
}

/// A number with one decimal place only when it has one: "207", "2,6".
fn short_decimal(v: f64) -> String {
    decimal(v, usize::from(v.fract() != 0.0))
}

/// The cost table as texts for editing.
fn cost_texts(costs: &[PayGradeCost]) -> Vec<(String, String)> {
    costs
        .iter()
        .map(|c| (c.grade.clone(), decimal(c.annual_eur, 0)))
        .collect()
}
