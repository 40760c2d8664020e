//! Personal: the load of each person (or, anonymised, each unit) per month against capacity,
//! as a heat map coloured by load, with the demand nobody is assigned to as its own row.

use egui::{Color32, Ui};
use egui_extras::Column;

use crate::model::Workspace;
use crate::model::german::{decimal, short_month_year};
use crate::model::load::{Horizon, LoadKey, LoadRow, load_table};

/// German texts of this view.
mod text {
    pub const HEADING: &str = "Auslastung je Monat";
    pub const ANONYMISED: &str = "anonymisiert (nach Einheit)";
    pub const MONTHS: &str = "Monate";
    pub const UNASSIGNED: &str = "ohne Zuordnung";
    pub const LEGEND: &str =
        "unter 80 %  ·  80–100 %  ·  über 100 %  ·  über 120 %  ·  keine Kapazität";
    pub const WHO: &str = "Person";
    pub const UNIT: &str = "Einheit";
}

/// One row of the heat map, ready to draw.
struct HeatRow {
    label: String,
    planned: Vec<f64>,
    capacity: Vec<f64>,
}

/// The computed heat map, by data revision and choices.
struct Heat {
    key: (u64, bool, usize, chrono::NaiveDate),
    months: Vec<String>,
    rows: Vec<HeatRow>,
}

/// The state of the view.
pub struct StaffView {
    pub anonymised: bool,
    pub months: usize,
    heat: Option<Heat>,
}

impl Default for StaffView {
    fn default() -> Self {
        Self {
            anonymised: false,
            months: 12,
            heat: None,
        }
    }
}

/// The colour of a load, as shared/CHARTS.md gives it.
fn load_color(percent: Option<f64>) -> Color32 {
    match percent {
        None => Color32::from_rgb(0xDD, 0xDD, 0xDD),
        Some(p) if p > 120.0 => Color32::from_rgb(0x88, 0x22, 0x55),
        Some(p) if p > 100.0 => Color32::from_rgb(0xCC, 0x33, 0x11),
        Some(p) if p >= 80.0 => Color32::from_rgb(0x44, 0xAA, 0x99),
        Some(_) => Color32::from_rgb(0xBB, 0xCC, 0xEE),
    }
}

fn heat_rows(ws: &Workspace, rows: &[LoadRow], anonymised: bool) -> Vec<HeatRow> {
    let mut out: Vec<HeatRow> = Vec::new();
    for r in rows {
        let label = match r.key {
            LoadKey::Unassigned => text::UNASSIGNED.to_owned(),
            LoadKey::Person(id) => match ws.staff_member(id) {
                Some(m) if anonymised => m.unit.clone(),
                Some(m) => m.display_name(),
                None => continue,
            },
        };
        match out.iter_mut().find(|h| anonymised && h.label == label) {
            Some(h) => {
                for (a, b) in h.planned.iter_mut().zip(&r.planned) {
                    *a += b;
                }
                for (a, b) in h.capacity.iter_mut().zip(&r.capacity) {
                    *a += b;
                }
            }
            None => out.push(HeatRow {
                label,
                planned: r.planned.clone(),
                capacity: r.capacity.clone(),
            }),
        }
    }
    out
}

impl StaffView {
    fn refresh(&mut self, ws: &Workspace) {
        let today = crate::session::today();
        let key = (ws.revision(), self.anonymised, self.months, today);
        if self.heat.as_ref().is_some_and(|h| h.key == key) {
            return;
        }
        let settings = ws.staffing().load();
        let h = Horizon::new(today, self.months, settings.holidays);
        let rows = load_table(
            ws.staff(),
            ws.assignments(),
            ws.projects(),
            settings,
            today,
            &h,
        );
        self.heat = Some(Heat {
            key,
            months: h.months.iter().map(|m| short_month_year(*m)).collect(),
            rows: heat_rows(ws, &rows, self.anonymised),
        });
    }

    /// Draws the view.
    pub fn ui(&mut self, ui: &mut Ui, ws: &Workspace) {
        ui.horizontal(|ui| {
            ui.heading(text::HEADING);
            ui.separator();
            ui.checkbox(&mut self.anonymised, text::ANONYMISED);
            let l = ui.label(text::MONTHS);
            ui.add(egui::DragValue::new(&mut self.months).range(1..=36))
                .labelled_by(l.id);
        });
        ui.horizontal(|ui| {
            for p in [Some(50.0), Some(90.0), Some(110.0), Some(130.0), None] {
                let (rect, _) =
                    ui.allocate_exact_size(egui::vec2(14.0, 14.0), egui::Sense::hover());
                ui.painter().rect_filled(rect, 2.0, load_color(p));
            }
            ui.weak(text::LEGEND);
        });
        self.refresh(ws);
        let Some(heat) = &self.heat else {
            return;
        };
        let row_height = ui.text_style_height(&egui::TextStyle::Body) + 8.0;
        let mut table = egui_extras::TableBuilder::new(ui)
            .id_salt("staff_heat")
            .striped(false)
            .cell_layout(egui::Layout::centered_and_justified(
                egui::Direction::LeftToRight,
            ))
            .column(Column::initial(220.0).at_least(120.0).resizable(true));
        for _ in &heat.months {
            table = table.column(Column::exact(72.0));
        }
        table
            .header(row_height, |mut header| {
                header.col(|ui| {
                    ui.strong(if self.anonymised {
                        text::UNIT
                    } else {
                        text::WHO
                    });
                });
                for m in &heat.months {
                    header.col(|ui| {
                        ui.strong(m);
                    });
                }
            })
            .body(|body| {
                body.rows(row_height, heat.rows.len(), |mut row| {
                    let Some(r) = heat.rows.get(row.index()) else {
                        return;
                    };
                    row.col(|ui| {
                        ui.label(&r.label);
                    });
                    for (m, month) in heat.months.iter().enumerate() {
                        let planned = r.planned.get(m).copied().unwrap_or(0.0);
                        let capacity = r.capacity.get(m).copied().unwrap_or(0.0);
                        let percent = (capacity > 0.0).then(|| 100.0 * planned / capacity);
                        row.col(|ui| {
                            let rect = ui.max_rect().shrink(1.0);
                            let fill = load_color(percent);
                            ui.painter().rect_filled(rect, 2.0, fill);
                            let text = match percent {
                                Some(p) => format!("{} %", decimal(p, 0)),
                                None if planned > 0.0 => format!("{} PT", decimal(planned, 0)),
                                None => String::new(),
                            };
                            let dark = matches!(percent, Some(p) if p > 100.0);
                            let color = if dark { Color32::WHITE } else { Color32::BLACK };
                            ui.label(egui::RichText::new(text).color(color))
                                .on_hover_text(format!(
                                    "{}, {month}: {} PT geplant, Kapazität {} PT",
                                    r.label,
                                    decimal(planned, 1),
                                    decimal(capacity, 1)
                                ));
                        });
                    }
                });
            });
    }
}
