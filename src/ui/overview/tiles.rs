//! Chart images for the screen: drawn by plotters on a worker thread, uploaded as textures, and
//! kept until the figures or the size change. A frame with nothing changed only paints them.

use std::collections::HashMap;
use std::sync::Arc;

use egui::{Color32, Rect, Sense, Ui};

use crate::charts::{Canvas, ChartKind, HotSpot, Raster, render_rgb};
use crate::model::figures::Figures;
use crate::ui::jobs::Job;

/// Where a chart is shown: as a tile of the overview or large.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Place {
    Tile,
    Large,
}

/// What an image was drawn for: the figures' generation and the size in pixels.
type Target = (u64, [u32; 2]);

#[derive(Default)]
struct Slot {
    texture: Option<egui::TextureHandle>,
    spots: Vec<HotSpot>,
    /// The pixels of the shown image (for the clipboard).
    raster: Option<Arc<Raster>>,
    shown: Option<Target>,
    job: Option<(Job<Result<Raster, String>>, Target)>,
    error: Option<String>,
}

/// The chart images of the overview.
#[derive(Default)]
pub struct ChartImages {
    slots: HashMap<(ChartKind, Place), Slot>,
    /// Starts no drawing this frame: the first frame of a file is painted without charts
    /// being drawn beside it on the same two cores.
    pub hold: bool,
}

/// Charts on screen are drawn at twice their pixel size and shown scaled down, which smooths
/// the text that plotters places glyph by glyph.
const SUPERSAMPLE: u32 = 2;

/// The canvas of a chart shown at `size` screen pixels: drawn larger where the texture size
/// allows (`max_side`, often 2048 with software rendering), with text a little larger than in
/// print so it reads at screen distance.
fn screen_canvas(size: [u32; 2], pixels_per_point: f32, max_side: u32) -> Canvas {
    let largest = size[0].max(size[1]).max(1);
    let factor = (f64::from(SUPERSAMPLE)).min(f64::from(max_side.max(64)) / f64::from(largest));
    let px = |v: u32| ((f64::from(v) * factor).floor() as u32).max(1);
    let mut canvas = Canvas::sized(px(size[0]), px(size[1]));
    canvas.scale = canvas.scale.max(1.1 * f64::from(pixels_per_point) * factor);
    canvas
}

impl ChartImages {
    /// Whether any chart is still being drawn.
    pub fn is_busy(&self) -> bool {
        self.slots.values().any(|s| s.job.is_some())
    }

    /// The pixels of a shown chart.
    pub fn raster(&self, kind: ChartKind, place: Place) -> Option<Arc<Raster>> {
        self.slots.get(&(kind, place))?.raster.clone()
    }

    /// Takes over the images drawn since the last frame, for every chart (also one whose view
    /// has closed meanwhile).
    pub fn poll(&mut self, ctx: &egui::Context) {
        for (&(kind, place), slot) in &mut self.slots {
            let Some((job, target)) = &mut slot.job else {
                continue;
            };
            let Some(result) = job.poll() else {
                continue;
            };
            let target = *target;
            slot.job = None;
            match result {
                Ok(raster) => {
                    let image = egui::ColorImage::from_rgb(
                        [raster.width as usize, raster.height as usize],
                        &raster.rgb,
                    );
                    match &mut slot.texture {
                        Some(t) => t.set(image, egui::TextureOptions::LINEAR),
                        None => {
                            slot.texture = Some(ctx.load_texture(
                                format!("chart-{}-{place:?}", kind.file_stem()),
                                image,
                                egui::TextureOptions::LINEAR,
                            ));
                        }
                    }
                    slot.spots = raster.spots.clone();
                    slot.raster = Some(Arc::new(raster));
                    slot.error = None;
                }
                Err(e) => slot.error = Some(e),
            }
            slot.shown = Some(target);
        }
    }

    /// Shows a chart in `rect`, drawing it anew when the figures or the size changed; the
    /// value under the pointer shows on hover. Returns the response of a click on it.
    pub fn show(
        &mut self,
        ui: &mut Ui,
        kind: ChartKind,
        place: Place,
        rect: Rect,
        figures: &Arc<Figures>,
        generation: u64,
    ) -> egui::Response {
        let ppp = ui.ctx().pixels_per_point();
        let size = [
            (rect.width() * ppp).round().max(64.0) as u32,
            (rect.height() * ppp).round().max(48.0) as u32,
        ];
        let want = (generation, size);
        let hold = self.hold;
        let slot = self.slots.entry((kind, place)).or_default();
        if slot.shown != Some(want) && slot.job.is_none() && !hold {
            let fig = Arc::clone(figures);
            let max_side = ui.ctx().input(|i| i.max_texture_side);
            let canvas = screen_canvas(size, ppp, u32::try_from(max_side).unwrap_or(2048));
            let job = Job::spawn("chart", ui.ctx(), move |_| {
                // A chart that cannot be drawn shows a message instead of waiting forever.
                std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    render_rgb(kind, &fig, &canvas).map_err(|e| e.to_string())
                }))
                .unwrap_or_else(|_| Err("Das Diagramm konnte nicht gezeichnet werden.".to_owned()))
            });
            match job {
                Ok(job) => slot.job = Some((job, want)),
                Err(e) => {
                    slot.error = Some(e.to_string());
                    slot.shown = Some(want);
                }
            }
        }
        let response = ui.allocate_rect(rect, Sense::click());
        let painter = ui.painter_at(rect);
        painter.rect_filled(rect, 2.0, Color32::WHITE);
        match (&slot.texture, &slot.error) {
            (_, Some(e)) => {
                painter.text(
                    rect.center(),
                    egui::Align2::CENTER_CENTER,
                    e,
                    egui::FontId::proportional(13.0),
                    ui.visuals().error_fg_color,
                );
            }
            (Some(t), None) => {
                painter.image(
                    t.id(),
                    rect,
                    Rect::from_min_max(egui::pos2(0.0, 0.0), egui::pos2(1.0, 1.0)),
                    Color32::WHITE,
                );
            }
            (None, None) => {
                painter.text(
                    rect.center(),
                    egui::Align2::CENTER_CENTER,
                    "Diagramm wird gezeichnet …",
                    egui::FontId::proportional(13.0),
                    ui.visuals().weak_text_color(),
                );
            }
        }
        painter.rect_stroke(
            rect,
            2.0,
            ui.visuals().widgets.noninteractive.bg_stroke,
            egui::StrokeKind::Inside,
        );
        let shown_size = slot.raster.as_ref().map(|r| [r.width, r.height]);
        let hovered = match (response.hover_pos(), shown_size) {
            (Some(pos), Some([w, h])) => {
                let x = (pos.x - rect.min.x) / rect.width() * w as f32;
                let y = (pos.y - rect.min.y) / rect.height() * h as f32;
                slot.spots.iter().find(|s| s.contains(x, y)).map(|s| {
                    let to_screen = |px: i32, py: i32| {
                        egui::pos2(
                            rect.min.x + px as f32 / w as f32 * rect.width(),
                            rect.min.y + py as f32 / h as f32 * rect.height(),
                        )
                    };
                    let [l, t, r, b] = s.rect;
                    (
                        Rect::from_min_max(to_screen(l, t), to_screen(r, b)),
                        s.text.clone(),
                    )
                })
            }
            _ => None,
        };
        match hovered {
            Some((area, text)) => {
                painter.rect_stroke(
                    area.expand(1.5),
                    1.0,
                    egui::Stroke::new(2.0, Color32::from_rgb(0x22, 0x22, 0x22)),
                    egui::StrokeKind::Outside,
                );
                response.on_hover_text_at_pointer(text)
            }
            None => response,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn screen_images_stay_within_the_texture_limit() {
        let c = screen_canvas([600, 400], 1.0, 8192);
        assert_eq!((c.width, c.height), (1200, 800), "drawn at twice the size");
        let c = screen_canvas([1400, 700], 1.0, 2048);
        assert!(c.width <= 2048 && c.height <= 2048, "{c:?}");
        assert_eq!(c.width, 2048);
    }
}
