//! Übersicht: the key figures and the charts as tiles, for all services in municipal scope or
//! for an office and a Themenfeld; a chart opens large with its exports; the committee report.

/// The dialog of the committee report.
pub mod report_dialog;
pub(crate) mod tiles;

use std::sync::Arc;

use chrono::NaiveDate;
use egui::Ui;

pub use report_dialog::ReportDialog;
use tiles::{ChartImages, Place};

use super::Action;
use crate::charts::ChartKind;
use crate::exchange::charts::{ChartFormat, ChartSize};
use crate::model::figures::{Card, FORECAST, FigureInput, Figures, Filter};
use crate::model::project::Health;
use crate::model::{OfficeId, SnapshotId, Workspace};
use crate::ui::widgets::table::{filter_combo, reset_filters};

/// German texts of this view.
mod text {
    pub const OFFICE: &str = "Amt";
    pub const THEMENFELD: &str = "Themenfeld";
    pub const SNAPSHOT: &str = "Vergleichsstand";
    pub const LATEST: &str = "letzter Stand";
    pub const NO_SNAPSHOT: &str = "(kein eingefrorener Stand)";
    pub const REPORT: &str = "Bericht erstellen…";
    pub const NAMED_STAFF: &str = "Auslastung je Person";
    pub const NAMED_STAFF_HINT: &str = "Sonst je Einheit (anonymisiert): Die Auslastung \
                                        einzelner Personen ist Sache des Personalrats.";
    pub const ALL_CHARTS: &str = "Alle Diagramme exportieren";
    pub const AS_PNG: &str = "Als PNG…";
    pub const AS_SVG: &str = "Als SVG…";
    pub const CLIPBOARD: &str = "In die Zwischenablage";
    pub const CLOSE: &str = "Schließen";
    pub const WIDTH: &str = "Breite (mm)";
    pub const HEIGHT: &str = "Höhe (mm)";
    pub const DPI: &str = "Auflösung (dpi)";
    pub const TILE_HINT: &str = "Klicken zum Vergrößern";
}

/// The size of exported chart files.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ExportSize {
    pub width_mm: f64,
    pub height_mm: f64,
    pub dpi: f64,
}

impl Default for ExportSize {
    fn default() -> Self {
        match ChartSize::PRINT {
            ChartSize::Print {
                width_mm,
                height_mm,
                dpi,
            } => Self {
                width_mm,
                height_mm,
                dpi,
            },
            ChartSize::Pixels { .. } => Self {
                width_mm: 170.0,
                height_mm: 105.0,
                dpi: 300.0,
            },
        }
    }
}

impl ExportSize {
    /// The size of a chart file.
    pub fn size(self) -> ChartSize {
        ChartSize::Print {
            width_mm: self.width_mm,
            height_mm: self.height_mm,
            dpi: self.dpi,
        }
    }
}

/// What the figures were computed for.
#[derive(Clone, Debug, PartialEq)]
struct FigureKey {
    revision: u64,
    today: NaiveDate,
    filter: Filter,
    snapshot: Option<SnapshotId>,
    named_staff: bool,
    data_date: NaiveDate,
}

/// The computed figures with what the view shows of them.
struct Computed {
    key: FigureKey,
    generation: u64,
    figures: Arc<Figures>,
    cards: Vec<Card>,
    light: Option<(Health, String)>,
}

/// Choices of the filters, rebuilt when the data changes.
#[derive(Default)]
struct FilterOptions {
    revision: Option<u64>,
    offices: Vec<(OfficeId, String)>,
    themenfelder: Vec<(String, String)>,
    snapshots: Vec<(SnapshotId, String)>,
}

/// The state of the overview.
#[derive(Default)]
pub struct OverviewView {
    pub filter: Filter,
    /// The snapshot the Top-N is compared with; `None`: the latest.
    pub snapshot: Option<SnapshotId>,
    /// Staff load by person instead of by unit.
    pub named_staff: bool,
    /// Whether the view has been drawn once (charts start drawing from the second frame).
    painted_once: bool,
    /// The chart shown large.
    pub large: Option<ChartKind>,
    pub export: ExportSize,
    computed: Option<Computed>,
    generation: u64,
    images: ChartImages,
    options: FilterOptions,
}

impl OverviewView {
    fn key(&self, ws: &Workspace, data_date: NaiveDate) -> FigureKey {
        FigureKey {
            revision: ws.revision(),
            today: crate::clock::today(),
            filter: self.filter.clone(),
            snapshot: self.snapshot,
            named_staff: self.named_staff,
            data_date,
        }
    }

    /// The figures the overview shows first for a file (no filter, the latest snapshot,
    /// anonymised): computed where the file is opened, off the window's thread.
    pub fn first_figures(ws: &Workspace, data_date: NaiveDate) -> Figures {
        let view = Self::default();
        let key = view.key(ws, data_date);
        Figures::compute(ws, &Self::input(&key))
    }

    /// Takes over figures computed elsewhere for the view's current choices.
    pub fn prime(&mut self, ws: &Workspace, data_date: NaiveDate, figures: Figures) {
        let key = self.key(ws, data_date);
        self.remember(key, Arc::new(figures));
    }

    fn input(key: &FigureKey) -> FigureInput {
        FigureInput {
            filter: key.filter.clone(),
            today: key.today,
            data_date: key.data_date,
            snapshot: key.snapshot,
            named_staff: key.named_staff,
        }
    }

    fn remember(&mut self, key: FigureKey, figures: Arc<Figures>) {
        self.generation += 1;
        self.computed = Some(Computed {
            key,
            generation: self.generation,
            cards: figures.cards(),
            light: figures.forecast_light(),
            figures,
        });
    }

    /// The figures as shown, computed anew when the data, the filter or the snapshot changed.
    pub fn figures(&mut self, ws: &Workspace, data_date: NaiveDate) -> Arc<Figures> {
        let key = self.key(ws, data_date);
        match &self.computed {
            Some(c) if c.key == key => Arc::clone(&c.figures),
            _ => {
                let figures = Arc::new(Figures::compute(ws, &Self::input(&key)));
                self.remember(key, Arc::clone(&figures));
                figures
            }
        }
    }

    /// Whether charts are still being drawn.
    pub fn is_busy(&self) -> bool {
        self.images.is_busy()
    }

    fn refresh_options(&mut self, ws: &Workspace) {
        if self.options.revision == Some(ws.revision()) {
            return;
        }
        let counts = ws.services_per_office();
        let mut offices: Vec<(OfficeId, String)> = ws
            .offices()
            .iter()
            .filter(|o| counts.get(&o.id).is_some_and(|n| *n > 0))
            .map(|o| (o.id, o.label()))
            .collect();
        offices.sort_by(|a, b| crate::model::collate::compare(&a.1, &b.1));
        let mut themen: Vec<String> = ws
            .ozg_services()
            .iter()
            .map(|o| o.themenfeld.clone())
            .filter(|t| !t.is_empty())
            .collect();
        themen.sort_by(|a, b| crate::model::collate::compare(a, b));
        themen.dedup();
        self.options = FilterOptions {
            revision: Some(ws.revision()),
            offices,
            themenfelder: themen.into_iter().map(|t| (t.clone(), t)).collect(),
            snapshots: ws
                .snapshots()
                .iter()
                .rev()
                .map(|s| (s.id, s.label()))
                .collect(),
        };
    }

    /// Draws the overview.
    pub fn ui(&mut self, ui: &mut Ui, ws: &Workspace, data_date: NaiveDate) -> Vec<Action> {
        let mut actions = Vec::new();
        self.images.poll(ui.ctx());
        // The view's first frame is painted before the charts are drawn.
        self.images.hold = !self.painted_once;
        if !self.painted_once {
            self.painted_once = true;
            ui.ctx().request_repaint();
        }
        self.refresh_options(ws);
        let figures = self.figures(ws, data_date);
        ui.horizontal_wrapped(|ui| {
            filter_combo(
                ui,
                text::OFFICE,
                &mut self.filter.office,
                &self.options.offices,
            );
            filter_combo(
                ui,
                text::THEMENFELD,
                &mut self.filter.themenfeld,
                &self.options.themenfelder,
            );
            if reset_filters(ui, self.filter != Default::default()) {
                self.filter = Default::default();
            }
            let label = ui.label(text::SNAPSHOT);
            let current = match self
                .snapshot
                .and_then(|id| self.options.snapshots.iter().find(|(s, _)| *s == id))
            {
                Some((_, l)) => l.clone(),
                None if self.options.snapshots.is_empty() => text::NO_SNAPSHOT.to_owned(),
                None => text::LATEST.to_owned(),
            };
            egui::ComboBox::from_id_salt("overview_snapshot")
                .selected_text(current)
                .width(220.0)
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut self.snapshot, None, text::LATEST);
                    for (id, l) in &self.options.snapshots {
                        ui.selectable_value(&mut self.snapshot, Some(*id), l.as_str());
                    }
                })
                .response
                .labelled_by(label.id);
            ui.checkbox(&mut self.named_staff, text::NAMED_STAFF)
                .on_hover_text(text::NAMED_STAFF_HINT);
            ui.separator();
            if ui.button(text::REPORT).clicked() {
                actions.push(Action::OpenReport);
            }
            if ui
                .button(text::ALL_CHARTS)
                .on_hover_text(
                    "Jedes Diagramm als PNG und SVG in der eingestellten Druckgröße, in einen Ordner mit dem heutigen Datum",
                )
                .clicked()
            {
                actions.push(Action::ExportAllCharts);
            }
        });
        ui.add_space(6.0);
        self.cards_ui(ui);
        ui.add_space(6.0);
        let generation = self.computed.as_ref().map_or(0, |c| c.generation);
        // The scroll bar is always there, so the tiles keep their width (and their images)
        // whether or not the charts overflow.
        egui::ScrollArea::vertical()
            .auto_shrink([false, false])
            .scroll_bar_visibility(egui::scroll_area::ScrollBarVisibility::AlwaysVisible)
            .show(ui, |ui| {
                let width = ui.available_width();
                // Three charts side by side only where each stays readable.
                let columns = if width > 1750.0 { 3 } else { 2 };
                let gap = 10.0;
                let tile_w = ((width - gap * (columns as f32 - 1.0)) / columns as f32).floor();
                let tile_h = (tile_w * 0.62).floor();
                for row in ChartKind::ALL.chunks(columns) {
                    ui.horizontal(|ui| {
                        ui.spacing_mut().item_spacing.x = gap;
                        for &kind in row {
                            let (rect, _) = ui.allocate_exact_size(
                                egui::vec2(tile_w, tile_h),
                                egui::Sense::hover(),
                            );
                            let response = self
                                .images
                                .show(ui, kind, Place::Tile, rect, &figures, generation)
                                .on_hover_cursor(egui::CursorIcon::ZoomIn);
                            if response.clicked() {
                                self.large = Some(kind);
                            }
                            response.widget_info(|| {
                                egui::WidgetInfo::labeled(
                                    egui::Role::Button,
                                    true,
                                    format!("Diagramm {}", kind.name()),
                                )
                            });
                        }
                    });
                    ui.add_space(gap);
                }
                ui.weak(text::TILE_HINT);
            });
        self.large_ui(ui.ctx(), &figures, generation, &mut actions);
        actions
    }

    fn cards_ui(&self, ui: &mut Ui) {
        let Some(c) = &self.computed else {
            return;
        };
        let gap = 8.0;
        let width = ui.available_width();
        let columns = ((width + gap) / 175.0).floor().clamp(2.0, 8.0) as usize;
        let card_w = ((width - gap * (columns as f32 - 1.0)) / columns as f32).floor();
        for row in c.cards.chunks(columns) {
            ui.horizontal_top(|ui| {
                ui.spacing_mut().item_spacing.x = gap;
                for card in row {
                    let light = c.light.as_ref().filter(|_| card.label == FORECAST);
                    let response = card_ui(ui, card_w, card, light.map(|l| l.0));
                    if let Some((_, sentence)) = light {
                        response.on_hover_text(sentence);
                    }
                }
            });
            ui.add_space(gap);
        }
    }

    fn large_ui(
        &mut self,
        ctx: &egui::Context,
        figures: &Arc<Figures>,
        generation: u64,
        actions: &mut Vec<Action>,
    ) {
        let Some(kind) = self.large else {
            return;
        };
        let screen = ctx.content_rect();
        let mut close = false;
        let modal = egui::Modal::new(egui::Id::unique("chart_large")).show(ctx, |ui| {
            let width = (screen.width() * 0.86).min(1500.0);
            let height = (screen.height() * 0.86 - 70.0).min(width * 0.62);
            ui.set_width(width);
            let (rect, _) = ui.allocate_exact_size(egui::vec2(width, height), egui::Sense::hover());
            self.images
                .show(ui, kind, Place::Large, rect, figures, generation);
            ui.add_space(6.0);
            ui.horizontal_wrapped(|ui| {
                number_field(ui, text::WIDTH, &mut self.export.width_mm, 40.0..=500.0);
                number_field(ui, text::HEIGHT, &mut self.export.height_mm, 30.0..=500.0);
                number_field(ui, text::DPI, &mut self.export.dpi, 72.0..=1200.0);
                ui.separator();
                if ui.button(text::AS_PNG).clicked() {
                    actions.push(Action::PromptChart(kind, ChartFormat::Png));
                }
                if ui.button(text::AS_SVG).clicked() {
                    actions.push(Action::PromptChart(kind, ChartFormat::Svg));
                }
                let raster = self.images.raster(kind, Place::Large);
                if ui
                    .add_enabled(raster.is_some(), egui::Button::new(text::CLIPBOARD))
                    .on_hover_text("Das Diagramm in der angezeigten Größe als Bild")
                    .clicked()
                    && let Some(r) = raster
                {
                    ui.ctx().copy_image(egui::ColorImage::from_rgb(
                        [r.width as usize, r.height as usize],
                        &r.rgb,
                    ));
                    actions.push(Action::Info(
                        "Diagramm in die Zwischenablage kopiert.".to_owned(),
                    ));
                }
                ui.separator();
                if ui.button(text::CLOSE).clicked() {
                    close = true;
                }
            });
        });
        if close || modal.should_close() {
            self.large = None;
        }
    }
}

/// A key figure: a small label, the value, and its detail, `width` points wide.
fn card_ui(ui: &mut Ui, width: f32, card: &Card, light: Option<Health>) -> egui::Response {
    egui::Frame::group(ui.style())
        .inner_margin(egui::Margin::symmetric(8, 5))
        .show(ui, |ui| {
            ui.set_width(width - 18.0);
            ui.vertical(|ui| {
                ui.add(egui::Label::new(egui::RichText::new(&card.label).small()).wrap());
                let color = match light {
                    Some(h) => {
                        let (r, g, b) = crate::charts::style::health_rgb(h);
                        egui::Color32::from_rgb(r, g, b)
                    }
                    None => ui.visuals().strong_text_color(),
                };
                ui.add(
                    egui::Label::new(
                        egui::RichText::new(&card.value)
                            .size(15.0)
                            .strong()
                            .color(color),
                    )
                    .truncate(),
                );
                ui.add(
                    egui::Label::new(egui::RichText::new(&card.detail).small().weak()).truncate(),
                );
            });
        })
        .response
        .on_hover_text(
            format!("{}: {} {}", card.label, card.value, card.detail)
                .trim()
                .to_owned(),
        )
}

/// A labelled number field.
fn number_field(ui: &mut Ui, label: &str, value: &mut f64, range: std::ops::RangeInclusive<f64>) {
    let l = ui.label(label);
    ui.add(
        egui::DragValue::new(value)
            .range(range)
            .speed(1.0)
            .max_decimals(0),
    )
    .labelled_by(l.id);
}
