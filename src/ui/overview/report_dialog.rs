//! The dialog of the committee report: title page, dates, comparison and the sections.

use egui::Ui;

use crate::exchange::report::{ReportSection, ReportSettings};
use crate::model::format::date;
use crate::model::project::parse_date;
use crate::model::{SnapshotId, Workspace};

/// The open report dialog.
pub struct ReportDialog {
    pub settings: ReportSettings,
    meeting: String,
    data_date: String,
    since: String,
    scope: String,
    file_date: chrono::NaiveDate,
    error: Option<String>,
}

/// What the user chose.
pub enum ReportOutcome {
    Cancel,
    Create(ReportSettings),
}

impl ReportDialog {
    /// The dialog with the remembered settings; `scope` names the overview's filter.
    pub fn new(settings: ReportSettings, file_date: chrono::NaiveDate, scope: String) -> Self {
        let today = crate::clock::today();
        Self {
            meeting: date(
                settings
                    .meeting_date
                    .filter(|d| *d >= today)
                    .unwrap_or(today),
            ),
            data_date: date(settings.data_date_for(file_date)),
            file_date,
            since: date(settings.since_date(today)),
            scope,
            settings,
            error: None,
        }
    }

    fn check(&self) -> Result<ReportSettings, String> {
        let read = |text: &str, field: &str| {
            parse_date(text)
                .ok_or_else(|| format!("{field}: „{text}“ ist kein Datum (TT.MM.JJJJ)."))
        };
        let mut s = self.settings.clone();
        s.meeting_date = Some(read(&self.meeting, "Sitzungsdatum")?);
        let data_date = read(&self.data_date, "Datenstand")?;
        let today = crate::clock::today();
        if data_date < self.file_date || data_date > today {
            return Err(format!(
                "Datenstand: Die Zahlen sind die der Datei vom {}; der Datenstand kann nur zwischen diesem Tag und heute liegen.",
                date(self.file_date)
            ));
        }
        s.data_date = Some(data_date);
        s.data_date_of_file = Some(self.file_date);
        s.since = Some(read(&self.since, "Neu in Betrieb seit")?);
        if s.sections.is_empty() {
            return Err("Bitte mindestens einen Abschnitt wählen.".to_owned());
        }
        if s.title.trim().is_empty() {
            return Err("Bitte einen Titel angeben.".to_owned());
        }
        Ok(s)
    }

    /// Draws the dialog; returns the choice once made.
    pub fn ui(&mut self, ctx: &egui::Context, ws: &Workspace) -> Option<ReportOutcome> {
        let mut outcome = None;
        let modal = egui::Modal::new(egui::Id::unique("report_dialog")).show(ctx, |ui: &mut Ui| {
            ui.set_width(560.0);
            ui.heading("Ausschussbericht erstellen");
            ui.label(format!("Umfang: {}", self.scope));
            ui.add_space(6.0);
            egui::Grid::new("report_fields")
                .num_columns(2)
                .spacing([12.0, 6.0])
                .show(ui, |ui| {
                    let s = &mut self.settings;
                    for (label, value) in [
                        ("Arbeitsgruppe", &mut s.group),
                        ("Titel", &mut s.title),
                        ("Ausschuss", &mut s.committee),
                        ("Sitzungsdatum", &mut self.meeting),
                        ("Datenstand", &mut self.data_date),
                        ("Neu in Betrieb seit", &mut self.since),
                    ] {
                        let l = ui.label(label);
                        ui.add(egui::TextEdit::singleline(value).desired_width(380.0))
                            .labelled_by(l.id);
                        ui.end_row();
                    }
                    let l = ui.label("Vergleichsstand der Top-Liste");
                    let current = s
                        .snapshot
                        .and_then(|id| ws.snapshots().iter().find(|x| x.id == id))
                        .map_or_else(|| "letzter Stand".to_owned(), |x| x.label());
                    egui::ComboBox::from_id_salt("report_snapshot")
                        .selected_text(current)
                        .width(380.0)
                        .show_ui(ui, |ui| {
                            ui.selectable_value(
                                &mut s.snapshot,
                                None::<SnapshotId>,
                                "letzter Stand",
                            );
                            for snap in ws.snapshots().iter().rev() {
                                ui.selectable_value(&mut s.snapshot, Some(snap.id), snap.label());
                            }
                        })
                        .response
                        .labelled_by(l.id);
                    ui.end_row();
                });
            ui.add_space(6.0);
            let mut anonymised = !self.settings.named_staff;
            ui.checkbox(
                &mut anonymised,
                "Personal anonymisiert (Auslastung je Einheit)",
            )
            .on_hover_text(
                "Die Auslastung einzelner Personen ist Sache des Personalrats; \
                     ohne Haken zeigt der Bericht sie je Person.",
            );
            self.settings.named_staff = !anonymised;
            ui.add_space(6.0);
            ui.strong("Abschnitte");
            let sections = ReportSection::all();
            let half = sections.len().div_ceil(2);
            ui.columns(2, |columns| {
                for (i, section) in sections.into_iter().enumerate() {
                    let ui = &mut columns[usize::from(i >= half)];
                    let mut on = self.settings.sections.contains(&section);
                    if ui.checkbox(&mut on, section.name()).changed() {
                        if on {
                            self.settings.sections.push(section);
                            self.settings.sections.sort();
                        } else {
                            self.settings.sections.retain(|s| *s != section);
                        }
                    }
                }
            });
            if let Some(e) = &self.error {
                ui.colored_label(ui.visuals().error_fg_color, e);
            }
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                if ui.button("Erstellen…").clicked() {
                    match self.check() {
                        Ok(s) => outcome = Some(ReportOutcome::Create(s)),
                        Err(e) => self.error = Some(e),
                    }
                }
                if ui.button("Abbrechen").clicked() {
                    outcome = Some(ReportOutcome::Cancel);
                }
            });
        });
        if modal.should_close() && outcome.is_none() {
            outcome = Some(ReportOutcome::Cancel);
        }
        outcome
    }
}
