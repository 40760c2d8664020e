//! The load of each person (or, anonymised, each unit) per month against capacity, as a heat
//! map coloured by load, with the demand nobody is assigned to as its own row.

use egui::{Color32, Ui};
use egui_extras::Column;

use crate::model::Workspace;
use crate::model::format::{decimal, short_month_year};
use crate::model::load::{LoadKey, LoadRow, workspace_load};

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
    /// Per month: the text and the colour of the cell, made once per change.
    cells: Vec<(String, Color32)>,
    /// The row in words, for screen readers and tests.
    summary: String,
}

impl HeatRow {
    fn new(label: String, planned: Vec<f64>, capacity: Vec<f64>) -> Self {
        let mut row = Self {
            label,
            planned,
            capacity,
            cells: Vec::new(),
            summary: String::new(),
        };
        row.fill_cells();
        row
    }

    fn fill_cells(&mut self) {
        self.cells = self
            .planned
            .iter()
            .zip(&self.capacity)
            .map(|(&planned, &capacity)| {
                let percent = (capacity > 0.0).then(|| 100.0 * planned / capacity);
                let text = match percent {
                    Some(p) => format!("{} %", decimal(p, 0)),
                    None if planned > 0.0 => format!("{} PT", decimal(planned, 0)),
                    None => "–".to_owned(),
                };
                // Work planned where there is no capacity (before a start, after a leave)
                // is overload, not idle.
                let color = match percent {
                    None if planned > 0.0 => load_color(Some(f64::INFINITY)),
                    p => load_color(p),
                };
                (text, color)
            })
            .collect();
        let values: Vec<&str> = self.cells.iter().map(|(t, _)| t.as_str()).collect();
        self.summary = format!("Auslastung {}: {}", self.label, values.join("; "));
    }
}

/// The computed heat map, by data revision and choices.
struct Heat {
    key: (u64, bool, usize, chrono::NaiveDate),
    months: Vec<String>,
    rows: Vec<HeatRow>,
}

/// The heat map and its choices.
pub struct HeatMap {
    pub anonymised: bool,
    pub months: usize,
    heat: Option<Heat>,
}

impl Default for HeatMap {
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
    let anonymous = crate::model::load::anonymous_labels(ws.staff());
    // The demand nobody is assigned to comes first: it is what the planning has to place.
    let unassigned = |r: &&LoadRow| r.key == LoadKey::Unassigned;
    let ordered = rows
        .iter()
        .filter(unassigned)
        .chain(rows.iter().filter(|r| !unassigned(r)));
    for r in ordered {
        let label = match r.key {
            LoadKey::Unassigned => text::UNASSIGNED.to_owned(),
            LoadKey::Person(id) => match ws.staff_member(id) {
                Some(m) if anonymised => anonymous.get(&m.unit).cloned().unwrap_or_default(),
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
            None => out.push(HeatRow::new(label, r.planned.clone(), r.capacity.clone())),
        }
    }
    if anonymised {
        out.iter_mut().for_each(HeatRow::fill_cells);
    }
    out
}

impl HeatMap {
    fn refresh(&mut self, ws: &Workspace) {
        let today = crate::clock::today();
        let key = (ws.revision(), self.anonymised, self.months, today);
        if self.heat.as_ref().is_some_and(|h| h.key == key) {
            return;
        }
        let (h, rows) = workspace_load(ws, ws.staffing().load(), today, self.months);
        self.heat = Some(Heat {
            key,
            months: h.months.iter().map(|m| short_month_year(*m)).collect(),
            rows: heat_rows(ws, &rows, self.anonymised),
        });
    }

    /// Draws the heat map with its choices.
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
        let font = egui::TextStyle::Body.resolve(ui.style());
        egui::ScrollArea::horizontal()
            .auto_shrink([false, false])
            .show(ui, |ui| {
                let visible = ui.clip_rect();
                // One cell holds a row's months, painted: a frame stays cheap with hundreds
                // of cells, and the hover text is made only for the cell under the pointer.
                let cell_w = 72.0;
                let strip_w = cell_w * heat.months.len() as f32;
                egui_extras::TableBuilder::new(ui)
                    .id_salt("staff_heat")
                    .striped(false)
                    .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
                    .column(Column::initial(220.0).at_least(120.0).resizable(true))
                    .column(Column::exact(strip_w))
                    .header(row_height, |mut header| {
                        header.col(|ui| {
                            ui.strong(if self.anonymised {
                                text::UNIT
                            } else {
                                text::WHO
                            });
                        });
                        header.col(|ui| {
                            let left = ui.max_rect().left();
                            let mid = ui.max_rect().center().y;
                            let strong = ui.visuals().strong_text_color();
                            for (m, month) in heat.months.iter().enumerate() {
                                let x = left + cell_w * (m as f32 + 0.5);
                                ui.painter().text(
                                    egui::pos2(x, mid),
                                    egui::Align2::CENTER_CENTER,
                                    month,
                                    font.clone(),
                                    strong,
                                );
                            }
                        });
                    })
                    .body(|body| {
                        body.rows(row_height, heat.rows.len(), |mut row| {
                            let Some(r) = heat.rows.get(row.index()) else {
                                return;
                            };
                            row.col(|ui| {
                                ui.label(&r.label);
                            });
                            row.col(|ui| strip_ui(ui, r, &heat.months, cell_w, visible, &font));
                        });
                    });
            });
    }
}

/// The months of one row: a coloured cell each with the load, and the value under the pointer.
fn strip_ui(
    ui: &mut Ui,
    r: &HeatRow,
    months: &[String],
    cell_w: f32,
    visible: egui::Rect,
    font: &egui::FontId,
) {
    let area = ui.max_rect();
    let response = ui.allocate_rect(area, egui::Sense::hover());
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, true, &r.summary));
    // Only where the heat map itself is under the pointer (not a dialog above it).
    let pointer = response.hover_pos();
    for (m, (cell_text, fill)) in r.cells.iter().enumerate() {
        let min = egui::pos2(area.left() + cell_w * m as f32, area.top());
        let rect = egui::Rect::from_min_size(min, egui::vec2(cell_w, area.height())).shrink(1.5);
        if !visible.intersects(rect) {
            continue;
        }
        let painter = ui.painter();
        painter.rect_filled(rect, 0.0, *fill);
        let dark = fill.r() < 0xDD && fill.g() < 0x80;
        let color = if dark { Color32::WHITE } else { Color32::BLACK };
        painter.text(
            rect.center(),
            egui::Align2::CENTER_CENTER,
            cell_text,
            font.clone(),
            color,
        );
        if pointer.is_some_and(|p| rect.contains(p)) {
            let month = months.get(m).map_or("", String::as_str);
            egui::Tooltip::always_open(
                ui.ctx().clone(),
                ui.layer_id(),
                egui::Id::unique("heat_tooltip"),
                egui::PopupAnchor::Pointer,
            )
            .show(|ui| {
                ui.label(format!(
                    "{}, {month}: {} PT geplant, Kapazität {} PT",
                    r.label,
                    decimal(r.planned.get(m).copied().unwrap_or(0.0), 1),
                    decimal(r.capacity.get(m).copied().unwrap_or(0.0), 1)
                ));
            });
        }
    }
}
