//! Personalbedarf: the staffing arithmetic from the file's own data, with every input open to
//! a what-if that changes nothing in the file.

use std::sync::Arc;

use chrono::NaiveDate;
use egui::Ui;

use super::overview::tiles::{ChartImages, Place};
use crate::charts::ChartKind;
use crate::model::Workspace;
use crate::model::figures::Figures;
use crate::model::format::{date, decimal, parse_number, thousands};
use crate::model::project::parse_date;
use crate::model::staff_figures::{StaffFigures, scenario_curve};
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
    /// The curve of the inputs as figures for the chart, and their generation.
    curve: Option<(ScenarioInput, NaiveDate, Arc<Figures>)>,
    generation: u64,
    chart: ChartImages,
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
        let file = ScenarioInput::of_workspace(ws, crate::clock::today());
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
            parse_number(t).ok_or_else(|| format!("{field}: „{t}“ ist keine Zahl."))
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

    /// The figures of the scenario chart for `input` and their generation, made anew when
    /// the input changed.
    fn curve_for(
        cache: &mut Option<(ScenarioInput, NaiveDate, Arc<Figures>)>,
        generation: &mut u64,
        ws: &Workspace,
        input: &ScenarioInput,
        data_date: NaiveDate,
    ) -> (Arc<Figures>, u64) {
        if let Some((i, d, f)) = cache.as_ref()
            && i == input
            && *d == data_date
        {
            return (Arc::clone(f), *generation);
        }
        let figures = Arc::new(Figures {
            today: crate::clock::today(),
            data_date,
            example_data: ws.is_reference,
            staff: StaffFigures {
                scenario: scenario_curve(input),
                days_per_year: input.days_per_year,
                ..StaffFigures::default()
            },
            ..Figures::default()
        });
        *generation += 1;
        *cache = Some((input.clone(), data_date, Arc::clone(&figures)));
        (figures, *generation)
    }

    /// Draws the view.
    pub fn ui(&mut self, ui: &mut Ui, ws: &Workspace, data_date: NaiveDate) {
        self.chart.poll(ui.ctx());
        if self.fields.is_none() {
            self.fields = Some(self.file_inputs(ws));
        }
        let work = self.work(ws);
        let services_per_project = ws.staffing().services_per_project;
        let Self {
            fields,
            curve,
            generation,
            chart,
            ..
        } = self;
        let Some(fields) = fields.as_mut() else {
            return;
        };
        let mut reset = false;
        let mut paper = false;
        egui::ScrollArea::vertical()
            .auto_shrink([false, false])
            .show(ui, |ui| {
                let mut inputs = |ui: &mut Ui| -> Option<ScenarioInput> {
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
                        Ok((input, result)) => {
                            result_ui(ui, &input, &result);
                            Some(input)
                        }
                        Err(e) => {
                            ui.colored_label(ui.visuals().error_fg_color, e);
                            None
                        }
                    }
                };
                let mut curve_ui = |ui: &mut Ui, input: &ScenarioInput| {
                    let width = ui.available_width().min(960.0);
                    let (rect, _) = ui.allocate_exact_size(
                        egui::vec2(width, (width * 0.62).floor()),
                        egui::Sense::hover(),
                    );
                    let (figures, generation) =
                        Self::curve_for(curve, generation, ws, input, data_date);
                    chart
                        .show(
                            ui,
                            ChartKind::StaffScenario,
                            Place::Tile,
                            rect,
                            &figures,
                            generation,
                        )
                        .widget_info(|| {
                            egui::WidgetInfo::labeled(
                                egui::Role::Image,
                                true,
                                format!("Diagramm {}", ChartKind::StaffScenario.name()),
                            )
                        });
                };
                // The curve beside the arithmetic where the window is wide, else below it.
                if ui.available_width() > 1200.0 {
                    ui.columns(2, |columns| {
                        if let [left, right] = columns
                            && let Some(input) = inputs(left)
                        {
                            curve_ui(right, &input);
                        }
                    });
                } else {
                    if let Some(input) = inputs(ui) {
                        ui.add_space(8.0);
                        curve_ui(ui, &input);
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
