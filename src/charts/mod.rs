//! The committee charts, drawn with plotters from the figures of the model only: one function
//! per chart, generic over the backend, so the screen, PNG, SVG and the PDF report show the
//! same picture.

mod maturity;
mod offices;
mod progress;
mod ranking;
pub use ranking::movement_text;
mod staff;
mod steps;
/// Fonts, sizes, palette and the frame shared by the charts.
pub mod style;

use plotters::coord::Shift;
use plotters::prelude::*;
use thiserror::Error;

use crate::model::figures::Figures;
use crate::model::format;
pub use style::{Canvas, register_fonts};

/// Why a chart could not be drawn or encoded.
#[derive(Debug, Error)]
pub enum ChartError {
    #[error("Das Diagramm konnte nicht gezeichnet werden ({0}).")]
    Draw(String),
    #[error("Das Bild konnte nicht geschrieben werden ({0}).")]
    Encode(String),
}

impl<E: std::error::Error + Send + Sync> From<DrawingAreaErrorKind<E>> for ChartError {
    fn from(e: DrawingAreaErrorKind<E>) -> Self {
        Self::Draw(e.to_string())
    }
}

/// The result of drawing a chart.
pub type ChartResult<T> = Result<T, ChartError>;

/// A region of a drawn chart with the value it shows, for hover texts.
#[derive(Clone, Debug, PartialEq)]
pub struct HotSpot {
    /// Left, top, right, bottom in pixels of the canvas.
    pub rect: [i32; 4],
    pub text: String,
}

impl HotSpot {
    fn new(a: (i32, i32), b: (i32, i32), text: String) -> Self {
        Self {
            rect: [a.0.min(b.0), a.1.min(b.1), a.0.max(b.0), a.1.max(b.1)],
            text,
        }
    }

    /// Whether the pixel lies in the region.
    pub fn contains(&self, x: f32, y: f32) -> bool {
        let [l, t, r, b] = self.rect.map(|v| v as f32);
        (l..=r).contains(&x) && (t..=b).contains(&y)
    }
}

/// The charts, in the order of the overview and the report. A new chart is one more entry.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum ChartKind {
    Maturity,
    ProjectSteps,
    Progress,
    Offices,
    Ranking,
    StaffLoad,
    RemainingWork,
    StaffScenario,
}

impl ChartKind {
    pub const ALL: [Self; 8] = [
        Self::Maturity,
        Self::ProjectSteps,
        Self::Progress,
        Self::Offices,
        Self::Ranking,
        Self::StaffLoad,
        Self::RemainingWork,
        Self::StaffScenario,
    ];

    /// The chart's name in menus and the report's checklist.
    pub fn name(self) -> &'static str {
        match self {
            Self::Maturity => "Reifegrad",
            Self::ProjectSteps => "Projekte nach Schritt",
            Self::Progress => "Fortschritt über die Zeit",
            Self::Offices => "Ämter",
            Self::Ranking => "Priorisierung",
            Self::StaffLoad => "Auslastung des Personals",
            Self::RemainingWork => "Restaufwand und Kapazität",
            Self::StaffScenario => "Personalbedarf nach Zieldatum",
        }
    }

    /// The stable file name without extension.
    pub fn file_stem(self) -> &'static str {
        match self {
            Self::Maturity => "reifegrad",
            Self::ProjectSteps => "projekte-schritte",
            Self::Progress => "fortschritt",
            Self::Offices => "aemter",
            Self::Ranking => "priorisierung",
            Self::StaffLoad => "auslastung",
            Self::RemainingWork => "restaufwand",
            Self::StaffScenario => "personalbedarf",
        }
    }

    /// Draws the chart onto `root` and returns its hover regions.
    pub fn draw<DB: DrawingBackend>(
        self,
        root: &DrawingArea<DB, Shift>,
        canvas: &Canvas,
        fig: &Figures,
    ) -> ChartResult<Vec<HotSpot>> {
        register_fonts();
        let spots = match self {
            Self::Maturity => maturity::draw(root, canvas, fig)?,
            Self::ProjectSteps => steps::draw(root, canvas, fig)?,
            Self::Progress => progress::draw(root, canvas, fig)?,
            Self::Offices => offices::draw(root, canvas, fig)?,
            Self::Ranking => ranking::draw(root, canvas, fig)?,
            Self::StaffLoad => staff::draw_load(root, canvas, fig)?,
            Self::RemainingWork => staff::draw_remaining(root, canvas, fig)?,
            Self::StaffScenario => staff::draw_scenario(root, canvas, fig)?,
        };
        root.present()?;
        Ok(spots)
    }
}

/// "Quelle: ozg-cockpit · Datenstand 29.11.2026 · Amt 420", the source line of every chart.
pub fn source_line(fig: &Figures, method: &str) -> String {
    source(fig, &fig.filter_label, method)
}

/// The source line of a chart over the whole file, whatever the filter.
pub fn source_line_all(fig: &Figures, method: &str) -> String {
    source(fig, "", method)
}

fn source(fig: &Figures, filter_label: &str, method: &str) -> String {
    let mut s = format!(
        "Quelle: ozg-cockpit{} · Datenstand {}",
        if fig.example_data {
            " (Beispieldaten)"
        } else {
            ""
        },
        format::date(fig.data_date)
    );
    if !filter_label.is_empty() {
        s.push_str(" · ");
        s.push_str(filter_label);
    }
    if !method.is_empty() {
        s.push_str(" · ");
        s.push_str(method);
    }
    s
}

/// A chart as RGB pixels with its hover regions.
pub struct Raster {
    pub width: u32,
    pub height: u32,
    pub rgb: Vec<u8>,
    pub spots: Vec<HotSpot>,
}

/// Draws a chart into RGB pixels.
pub fn render_rgb(kind: ChartKind, fig: &Figures, canvas: &Canvas) -> ChartResult<Raster> {
    let (w, h) = (canvas.width, canvas.height);
    let mut rgb = vec![0u8; w as usize * h as usize * 3];
    let spots = {
        let root = BitMapBackend::with_buffer(&mut rgb, (w, h)).into_drawing_area();
        kind.draw(&root, canvas, fig)?
    };
    Ok(Raster {
        width: w,
        height: h,
        rgb,
        spots,
    })
}

/// Draws a chart into RGB pixels for a file: small charts are drawn at twice the size and
/// scaled down, so text placed glyph by glyph reads evenly.
pub fn render_rgb_smooth(kind: ChartKind, fig: &Figures, canvas: &Canvas) -> ChartResult<Raster> {
    if canvas.scale >= 3.0 {
        return render_rgb(kind, fig, canvas);
    }
    let double = Canvas {
        width: canvas.width * 2,
        height: canvas.height * 2,
        scale: canvas.scale * 2.0,
    };
    let big = render_rgb(kind, fig, &double)?;
    Ok(Raster {
        width: canvas.width,
        height: canvas.height,
        rgb: halve(
            &big.rgb,
            double.width as usize,
            canvas.width as usize,
            canvas.height as usize,
        ),
        spots: big
            .spots
            .into_iter()
            .map(|s| HotSpot {
                rect: s.rect.map(|v| v / 2),
                text: s.text,
            })
            .collect(),
    })
}

/// An RGB image of half the width and height, each pixel the mean of four.
fn halve(rgb: &[u8], big_width: usize, width: usize, height: usize) -> Vec<u8> {
    let mut out = vec![0u8; width * height * 3];
    let at = |x: usize, y: usize, c: usize| -> u16 {
        rgb.get((y * big_width + x) * 3 + c)
            .copied()
            .map_or(255, u16::from)
    };
    for y in 0..height {
        for x in 0..width {
            for c in 0..3 {
                let sum = at(2 * x, 2 * y, c)
                    + at(2 * x + 1, 2 * y, c)
                    + at(2 * x, 2 * y + 1, c)
                    + at(2 * x + 1, 2 * y + 1, c);
                if let Some(v) = out.get_mut((y * width + x) * 3 + c) {
                    *v = ((sum + 2) / 4) as u8;
                }
            }
        }
    }
    out
}

/// Draws a chart as SVG text, sized in pixels of the canvas.
pub fn render_svg(kind: ChartKind, fig: &Figures, canvas: &Canvas) -> ChartResult<String> {
    let mut svg = String::new();
    {
        let root =
            SVGBackend::with_string(&mut svg, (canvas.width, canvas.height)).into_drawing_area();
        kind.draw(&root, canvas, fig)?;
    }
    Ok(svg)
}

/// The SVG with its physical size set, so office programs place it at `width_mm` × `height_mm`.
pub fn with_physical_size(svg: &str, canvas: &Canvas, width_mm: f64, height_mm: f64) -> String {
    let old = format!("width=\"{}\" height=\"{}\"", canvas.width, canvas.height);
    let new = format!(
        "width=\"{}mm\" height=\"{}mm\"",
        german_free(width_mm),
        german_free(height_mm)
    );
    svg.replacen(&old, &new, 1)
}

fn german_free(x: f64) -> String {
    format!("{:.1}", x).trim_end_matches(".0").to_owned()
}

/// A PNG file of an RGB image, with its resolution recorded (so office programs print it at
/// the intended size).
pub fn encode_png(raster: &Raster, dpi: f64) -> ChartResult<Vec<u8>> {
    let mut out = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut out, raster.width, raster.height);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        let per_metre = (dpi / 0.0254).round() as u32;
        encoder.set_pixel_dims(Some(png::PixelDimensions {
            xppu: per_metre,
            yppu: per_metre,
            unit: png::Unit::Meter,
        }));
        let mut writer = encoder
            .write_header()
            .map_err(|e| ChartError::Encode(e.to_string()))?;
        writer
            .write_image_data(&raster.rgb)
            .map_err(|e| ChartError::Encode(e.to_string()))?;
        writer
            .finish()
            .map_err(|e| ChartError::Encode(e.to_string()))?;
    }
    Ok(out)
}

/// A "nice" axis maximum and tick step for counts up to `max`: steps of 1, 2 or 5 × 10ⁿ.
pub fn nice_axis(max: f64) -> (f64, f64) {
    let max = max.max(1.0);
    let rough = max / 5.0;
    let magnitude = 10f64.powf(rough.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * magnitude)
        .find(|s| *s >= rough)
        .unwrap_or(10.0 * magnitude)
        .max(1.0);
    ((max / step).ceil() * step, step)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nice_axes() {
        assert_eq!(nice_axis(0.0), (1.0, 1.0));
        assert_eq!(nice_axis(7.0), (8.0, 2.0));
        assert_eq!(nice_axis(412.0), (500.0, 100.0));
        assert_eq!(nice_axis(1557.0), (2000.0, 500.0));
    }
}
