//! Personalbedarf: the staffing arithmetic from the file's own data, with every input open to
//! a what-if that changes nothing in the file.

use egui::Ui;

use crate::model::Workspace;
use crate::model::german::{date, decimal, thousands};
use crate::model::project::parse_date;
use crate::model::staffing::{RemainingWork, ScenarioInput, ScenarioResult, remaining_work};

/// German texts of this view.
mod text {
    pub const HEADING: &str = "Personalbedarf";
    pub const INTRO: &str = "Die Rechnung geht von den Daten der Datei aus. Jede Eingabe lässt sich für eine Was-wäre-wenn-Rechnung ändern; an den Daten ändert das nichts.";
    pub const PROJECTS: &str = "Projekte";
    pub const ORG: &str = "Aufwand Organisation (PT je Projekt)";
    pub const TECH: &str = "Aufwand Technik (PT je Projekt)";
    pub const DAYS: &str = "Produktive Tage je Stelle und Jahr";
    pub const FROM: &str = "Beginn";
    pub const UNTIL: &str = "Zieldatum";
    pub const POSITIONS: &str = "Stellen";
    pub const RESET: &str = "Auf die Daten der Datei zurücksetzen";
    pub const PAPER: &str = "Werte des Ratspapiers";
    pub const WORK: &str = "Offene Arbeit laut Datei";
    pub const ARITHMETIC: &str = "Rechnung";
}

/// The inputs as typed.
#[derive(Clone, Debug, Default, PartialEq)]
struct Fields {
    projects: String,
    org: String,
    tech: String,
    days: String,
    from: String,
    until: String,
    positions: String,
}

/// The state of the view.
#[derive(Default)]
pub struct ScenarioView {
    fields: Option<Fields>,
    /// The remaining work of the file, by data revision.
    work: Option<(u64, RemainingWork)>,
}

/// A number as typed: "12,5" and "1.557" the German way, "12.5" as well.
fn number(text: &str) -> Option<f64> {
    let t = text.trim();
    let grouped = t.split('.').count() > 1
        && t.split('.')
            .skip(1)
            .all(|g| g.len() == 3 && g.chars().all(|c| c.is_ascii_digit()));
    let normal = if t.contains(',') || grouped {
        t.replace('.', "").replace(',', ".")
    } else {
        t.to_owned()
    };
    normal.parse().ok().filter(|v: &f64| v.is_finite())
}

fn plain(x: f64) -> String {
    decimal(x, 1).trim_end_matches(",0").replace('.', "")
}

impl ScenarioView {
    fn work(&mut self, ws: &Workspace) -> RemainingWork {
        match &self.work {
            Some((rev, w)) if *rev == ws.revision() => w.clone(),
            _ => {
                let work = remaining_work(ws, ws.staffing().services_per_project);
                self.work = Some((ws.revision(), work.clone()));
                work
            }
        }
    }

    /// The inputs from the file: its remaining work, its settings, its staff, today and the
    /// latest planned end.
    fn file_inputs(&mut self, ws: &Workspace) -> Fields {
        let file = ScenarioInput::of_workspace(ws, crate::session::today());
        Fields {
            projects: decimal(file.projects, 1),
            org: plain(file.effort_org),
            tech: plain(file.effort_tech),
            days: plain(file.days_per_year),
            from: date(file.from),
            until: date(file.until),
            positions: plain(file.positions),
        }
    }

    fn input(fields: &Fields, ws: &Workspace) -> Result<ScenarioInput, String> {
        let num = |t: &str, field: &str| {
            number(t).ok_or_else(|| format!("{field}: „{t}“ ist keine Zahl."))
        };
        let day = |t: &str, field: &str| {
            parse_date(t).ok_or_else(|| format!("{field}: „{t}“ ist kein Datum (TT.MM.JJJJ)."))
        };
        Ok(ScenarioInput {
            projects: num(&fields.projects, text::PROJECTS)?,
            effort_org: num(&fields.org, "Aufwand Organisation")?,
            effort_tech: num(&fields.tech, "Aufwand Technik")?,
            days_per_year: num(&fields.days, "Produktive Tage")?,
            from: day(&fields.from, text::FROM)?,
            until: day(&fields.until, text::UNTIL)?,
            positions: num(&fields.positions, text::POSITIONS)?,
            annual_cost_per_position: ws.staffing().cost_per_position(),
        })
    }

    /// Draws the view.
    pub fn ui(&mut self, ui: &mut Ui, ws: &Workspace) {
        if self.fields.is_none() {
            self.fields = Some(self.file_inputs(ws));
        }
        let work = self.work(ws);
        let services_per_project = ws.staffing().services_per_project;
        let Some(fields) = self.fields.as_mut() else {
            return;
        };
        let mut reset = false;
        let mut paper = false;
        egui::ScrollArea::vertical()
            .auto_shrink([false, false])
            .show(ui, |ui| {
                ui.heading(text::HEADING);
                ui.label(text::INTRO);
                ui.add_space(8.0);
                ui.strong(text::WORK);
                for line in work.explain(services_per_project) {
                    ui.label(line);
                }
                ui.add_space(8.0);
                egui::Grid::new("scenario_inputs")
                    .num_columns(2)
                    .spacing([12.0, 6.0])
                    .show(ui, |ui| {
                        for (label, value) in [
                            (text::PROJECTS, &mut fields.projects),
                            (text::ORG, &mut fields.org),
                            (text::TECH, &mut fields.tech),
                            (text::DAYS, &mut fields.days),
                            (text::FROM, &mut fields.from),
                            (text::UNTIL, &mut fields.until),
                            (text::POSITIONS, &mut fields.positions),
                        ] {
                            let l = ui.label(label);
                            ui.add(egui::TextEdit::singleline(value).desired_width(140.0))
                                .labelled_by(l.id);
                            ui.end_row();
                        }
                    });
                ui.horizontal(|ui| {
                    reset = ui.button(text::RESET).clicked();
                    paper = ui
                        .button(text::PAPER)
                        .on_hover_text(
                            "600 Projekte, 17 + 12 PT, 01.01.2021–31.12.2022, 12 Stellen",
                        )
                        .clicked();
                });
                ui.add_space(8.0);
                match Self::input(fields, ws).and_then(|i| {
                    let r = i.compute().map_err(|e| e.to_string())?;
                    Ok((i, r))
                }) {
                    Ok((input, result)) => result_ui(ui, &input, &result),
                    Err(e) => {
                        ui.colored_label(ui.visuals().error_fg_color, e);
                    }
                }
            });
        if reset {
            self.fields = Some(self.file_inputs(ws));
        } else if paper {
            let p = ScenarioInput::paper();
            self.fields = Some(Fields {
                projects: plain(p.projects),
                org: plain(p.effort_org),
                tech: plain(p.effort_tech),
                days: plain(p.days_per_year),
                from: date(p.from),
                until: date(p.until),
                positions: plain(p.positions),
            });
        }
    }
}

fn result_ui(ui: &mut Ui, input: &ScenarioInput, r: &ScenarioResult) {
    ui.horizontal_wrapped(|ui| {
        big(
            ui,
            &format!("bis {} nötig", date(input.until)),
            &format!("{} Stellen", decimal(r.fte_needed, 1)),
        );
        let finish = match (r.years_needed, r.finish_date) {
            (Some(y), Some(d)) => format!("{} ({} Jahre)", date(d), decimal(y, 1)),
            (Some(y), None) => format!("in {} Jahren", decimal(y, 1)),
            _ => "nie".to_owned(),
        };
        big(
            ui,
            &format!("mit {} Stellen fertig", plain(input.positions)),
            &finish,
        );
        big(
            ui,
            "Kosten im Jahr",
            &format!("{} €", thousands(r.annual_cost.round() as i64)),
        );
        if let Some(total) = r.total_cost {
            big(
                ui,
                "Kosten bis fertig",
                &format!("{} €", thousands(total.round() as i64)),
            );
        }
    });
    ui.add_space(8.0);
    ui.strong(text::ARITHMETIC);
    for line in input.explain(r) {
        ui.label(line);
    }
}

fn big(ui: &mut Ui, label: &str, value: &str) {
    egui::Frame::group(ui.style())
        .inner_margin(egui::Margin::symmetric(10, 6))
        .show(ui, |ui| {
            ui.vertical(|ui| {
                ui.small(label);
                ui.label(egui::RichText::new(value).size(18.0).strong());
            });
        });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_as_typed() {
        assert_eq!(number("12"), Some(12.0));
        assert_eq!(number("12,5"), Some(12.5));
        assert_eq!(number("12.5"), Some(12.5));
        assert_eq!(number("1.557"), Some(1557.0));
        assert_eq!(number("1.557,5"), Some(1557.5));
        assert_eq!(number("zwölf"), None);
        assert_eq!(number("inf"), None);
    }
}
