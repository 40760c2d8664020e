//! The print style of every chart: the embedded font, sizes in points, the palette, and the
//! frame of title, subtitle and source line.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{FontStyle, register_font};

use super::ChartResult;

/// The app's font (DejaVu Sans), the same on screen and in every export.
pub const FONT_REGULAR: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
/// The bold cut of the app's font.
pub const FONT_BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");
/// The family name plotters writes into SVG; the PDF maps it to the embedded font.
pub const FAMILY: &str = "sans-serif";
/// The family name inside the embedded font files.
pub const FONT_NAME: &str = "DejaVu Sans";

/// Registers the embedded font with plotters; safe to call often.
pub fn register_fonts() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        // The bytes are the embedded font; registering cannot fail on them.
        let _ = register_font(FAMILY, FontStyle::Normal, FONT_REGULAR);
        let _ = register_font(FAMILY, FontStyle::Bold, FONT_BOLD);
    });
}

/// The chart width the layout is designed for: 170 mm in points.
pub const DESIGN_WIDTH_PT: f64 = 170.0 / 25.4 * 72.0;
/// The chart height the layout is designed for.
pub const DESIGN_HEIGHT_PT: f64 = 300.0;

/// A drawing surface: its size in pixels and how many pixels a point is.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Canvas {
    pub width: u32,
    pub height: u32,
    /// Pixels per point.
    pub scale: f64,
}

impl Canvas {
    /// A canvas of `width` × `height` pixels whose text and lines scale with its size, as the
    /// same chart printed larger or smaller.
    pub fn sized(width: u32, height: u32) -> Self {
        let scale = (f64::from(width) / DESIGN_WIDTH_PT)
            .min(f64::from(height) / (DESIGN_HEIGHT_PT * 0.8))
            .max(0.5);
        Self {
            width: width.max(64),
            height: height.max(48),
            scale,
        }
    }

    /// A canvas of `width_mm` × `height_mm` at `dpi` pixels per inch. A chart smaller than
    /// the 170 mm it is designed for is drawn as that chart printed smaller, so nothing is cut.
    pub fn print(width_mm: f64, height_mm: f64, dpi: f64) -> Self {
        // Sizes beyond 100,000 pixels are cut here; the file export refuses large images first.
        let px = |mm: f64| ((mm / 25.4 * dpi).round().clamp(64.0, 100_000.0)) as u32;
        let width_pt = width_mm / 25.4 * 72.0;
        let height_pt = height_mm / 25.4 * 72.0;
        let shrink = (width_pt / DESIGN_WIDTH_PT)
            .min(height_pt / (DESIGN_HEIGHT_PT * 0.8))
            .clamp(0.5, 1.0);
        Self {
            width: px(width_mm),
            height: px(height_mm),
            scale: dpi / 72.0 * shrink,
        }
    }

    /// A length in points as whole pixels.
    pub fn px(&self, pt: f64) -> i32 {
        (pt * self.scale).round() as i32
    }

    /// A line width in points as whole pixels, at least one.
    pub fn stroke(&self, pt: f64) -> u32 {
        ((pt * self.scale).round() as u32).max(1)
    }

    /// The font at `pt` points.
    pub fn font(&self, pt: f64) -> TextStyle<'static> {
        TextStyle::from((FAMILY, pt * self.scale).into_font()).color(&TEXT)
    }

    /// The bold font at `pt` points.
    pub fn bold(&self, pt: f64) -> TextStyle<'static> {
        TextStyle::from((FAMILY, pt * self.scale, FontStyle::Bold).into_font()).color(&TEXT)
    }
}

/// Text colour.
pub const TEXT: RGBColor = RGBColor(0x22, 0x22, 0x22);
/// Secondary text (subtitle, source line, axis ticks).
pub const MUTED: RGBColor = RGBColor(0x59, 0x59, 0x59);
/// Grid lines.
pub const GRID: RGBColor = RGBColor(0xD9, 0xD9, 0xD9);
/// Bars of the steps.
pub const STEP: RGBColor = RGBColor(0x44, 0x77, 0xAA);
/// In operation.
pub const OPERATION: RGBColor = RGBColor(0x22, 0x55, 0x22);
/// Burn-up: the actual projects in operation.
pub const ACTUAL: RGBColor = RGBColor(0x00, 0x44, 0x88);
/// Burn-up: the forecast.
pub const FORECAST: RGBColor = RGBColor(0xBB, 0x55, 0x66);
/// Burn-up: the scope.
pub const SCOPE: RGBColor = RGBColor(0x88, 0x88, 0x88);
/// Traffic light red and the colour of a drop in the ranking.
pub const RED: RGBColor = RGBColor(0xCC, 0x33, 0x11);
/// The traffic light as text colour (darker than the fill colours, so words read on white):
/// grün, gelb, rot.
pub fn health_rgb(h: crate::model::project::Health) -> (u8, u8, u8) {
    use crate::model::project::Health;
    match h {
        Health::Green => (0x00, 0x79, 0x6B),
        Health::Yellow => (0x9A, 0x7B, 0x00),
        Health::Red => (0xCC, 0x33, 0x11),
    }
}

/// Rise in the ranking.
pub const UP: RGBColor = RGBColor(0x00, 0x44, 0x88);

const WARM: [(u8, u8, u8); 3] = [(0xFE, 0xE8, 0xC8), (0xFD, 0xBB, 0x84), (0xEF, 0x8A, 0x3C)];
const BLUE: [(u8, u8, u8); 3] = [(0x42, 0x92, 0xC6), (0x21, 0x71, 0xB5), (0x08, 0x30, 0x6B)];

fn ramp(colors: &[(u8, u8, u8); 3], i: usize, n: usize) -> RGBColor {
    // Three fixed stops; other counts of levels are interpolated along them.
    let t = if n <= 1 {
        0.5
    } else {
        i as f64 / (n - 1) as f64
    };
    let pos = t.clamp(0.0, 1.0) * 2.0;
    let lo = (pos.floor() as usize).min(1);
    let f = pos - lo as f64;
    let (a, b) = (colors[lo], colors[lo + 1]);
    let mix = |x: u8, y: u8| (f64::from(x) + (f64::from(y) - f64::from(x)) * f).round() as u8;
    RGBColor(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

/// The colour of a maturity level: warm below the legal minimum, blues from it, lightness
/// falling with the level, the same in every chart.
pub fn level_color(level: usize, levels: usize, legal_minimum: i64) -> RGBColor {
    let min = usize::try_from(legal_minimum.max(0))
        .unwrap_or(0)
        .min(levels);
    if level < min {
        ramp(&WARM, level, min)
    } else {
        ramp(&BLUE, level - min, levels.saturating_sub(min).max(1))
    }
}

/// Black or white, whichever reads on `background`.
pub fn text_on(background: RGBColor) -> RGBColor {
    let RGBColor(r, g, b) = background;
    let luminance = 0.299 * f64::from(r) + 0.587 * f64::from(g) + 0.114 * f64::from(b);
    if luminance < 140.0 {
        RGBColor(0xFF, 0xFF, 0xFF)
    } else {
        TEXT
    }
}

/// Where the data of a chart may go, in pixels of the root area.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PlotRect {
    pub left: i32,
    pub top: i32,
    pub right: i32,
    pub bottom: i32,
}

/// Draws the white background, the title (bold), the subtitle and the source line, and
/// returns the space left for the data.
pub fn frame<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    canvas: &Canvas,
    title: &str,
    subtitle: &str,
    source: &str,
) -> ChartResult<PlotRect> {
    root.fill(&WHITE)?;
    let pad = canvas.px(8.0);
    let mut y = pad;
    one_line(root, canvas, title, canvas.bold(11.5), (pad, y), VPos::Top)?;
    y += canvas.px(16.0);
    if !subtitle.is_empty() {
        subtitle_line(root, canvas, subtitle)?;
        y += canvas.px(14.0);
    }
    let bottom = canvas.height as i32 - pad;
    let muted = canvas.font(7.0).color(&MUTED);
    one_line(root, canvas, source, muted, (pad, bottom), VPos::Bottom)?;
    Ok(PlotRect {
        left: pad,
        top: y + canvas.px(4.0),
        right: canvas.width as i32 - pad,
        bottom: bottom - canvas.px(12.0),
    })
}

/// Writes the subtitle into the line `frame` reserved for it.
pub fn subtitle_line<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    canvas: &Canvas,
    text: &str,
) -> ChartResult<()> {
    let pad = canvas.px(8.0);
    let style = canvas.font(8.5).color(&MUTED);
    one_line(
        root,
        canvas,
        text,
        style,
        (pad, pad + canvas.px(16.0)),
        VPos::Top,
    )
}

/// One line of text from `at` to the right margin, shortened to fit.
fn one_line<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    canvas: &Canvas,
    text: &str,
    style: TextStyle<'_>,
    at: (i32, i32),
    v: VPos,
) -> ChartResult<()> {
    let width = canvas.width as i32 - at.0 - canvas.px(8.0);
    let fitted = fit(root, text, &style, width)?;
    root.draw(&Text::new(fitted, at, style.pos(Pos::new(HPos::Left, v))))?;
    Ok(())
}

/// `text`, shortened with "…" to fit `width` pixels in `style`.
pub fn fit<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    text: &str,
    style: &TextStyle<'_>,
    width: i32,
) -> ChartResult<String> {
    let fits = |t: &str| -> ChartResult<bool> {
        let (w, _) = root.estimate_text_size(t, style)?;
        Ok(i64::from(w) <= i64::from(width.max(0)))
    };
    if fits(text)? {
        return Ok(text.to_owned());
    }
    let chars: Vec<char> = text.chars().collect();
    let (mut lo, mut hi) = (0, chars.len());
    while lo < hi {
        let mid = (lo + hi).div_ceil(2);
        let candidate: String = chars[..mid].iter().collect::<String>() + "…";
        if fits(&candidate)? {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    Ok(chars[..lo].iter().collect::<String>().trim_end().to_owned() + "…")
}

/// A dashed straight line from `a` to `b`.
pub fn dashed<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    a: (i32, i32),
    b: (i32, i32),
    dash: i32,
    style: ShapeStyle,
) -> ChartResult<()> {
    let (dx, dy) = (f64::from(b.0 - a.0), f64::from(b.1 - a.1));
    let len = (dx * dx + dy * dy).sqrt();
    if len < 1.0 {
        return Ok(());
    }
    let step = f64::from(dash.max(1));
    let mut t = 0.0;
    while t < len {
        let t1 = (t + step).min(len);
        let p = |t: f64| {
            (
                a.0 + (dx * t / len).round() as i32,
                a.1 + (dy * t / len).round() as i32,
            )
        };
        root.draw(&PathElement::new(vec![p(t), p(t1)], style))?;
        t += 2.0 * step;
    }
    Ok(())
}

/// "Keine Daten" in the middle of the plot area.
pub fn no_data<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    canvas: &Canvas,
    plot: PlotRect,
    text: &str,
) -> ChartResult<()> {
    root.draw(&Text::new(
        text.to_owned(),
        ((plot.left + plot.right) / 2, (plot.top + plot.bottom) / 2),
        canvas
            .font(10.0)
            .color(&MUTED)
            .pos(Pos::new(HPos::Center, VPos::Center)),
    ))?;
    Ok(())
}

/// A linear map from data values to pixels.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Linear {
    pub d0: f64,
    pub d1: f64,
    pub p0: i32,
    pub p1: i32,
}

impl Linear {
    /// The pixel of a data value.
    pub fn at(&self, v: f64) -> i32 {
        let span = self.d1 - self.d0;
        let t = if span.abs() < f64::EPSILON {
            0.0
        } else {
            (v - self.d0) / span
        };
        self.p0 + (t * f64::from(self.p1 - self.p0)).round() as i32
    }
}

/// Grid lines and tick labels of a value axis from 0 to `max` in steps of `step`: vertical
/// (labels left of `plot`) or horizontal (labels below it). Returns the map of values.
pub fn value_axis<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    canvas: &Canvas,
    plot: PlotRect,
    max: f64,
    step: f64,
    vertical: bool,
    format: &dyn Fn(f64) -> String,
) -> ChartResult<Linear> {
    let map = if vertical {
        Linear {
            d0: 0.0,
            d1: max,
            p0: plot.bottom,
            p1: plot.top,
        }
    } else {
        Linear {
            d0: 0.0,
            d1: max,
            p0: plot.left,
            p1: plot.right,
        }
    };
    let grid = ShapeStyle::from(&GRID).stroke_width(canvas.stroke(0.5));
    let ticks = canvas.font(8.0).color(&MUTED);
    let steps = (max / step).round().max(1.0) as usize;
    for i in 0..=steps {
        let v = step * i as f64;
        let p = map.at(v);
        let label = format(v);
        if vertical {
            root.draw(&PathElement::new(
                vec![(plot.left, p), (plot.right, p)],
                grid,
            ))?;
            root.draw(&Text::new(
                label,
                (plot.left - canvas.px(4.0), p),
                ticks.pos(Pos::new(HPos::Right, VPos::Center)),
            ))?;
        } else {
            root.draw(&PathElement::new(
                vec![(p, plot.top), (p, plot.bottom)],
                grid,
            ))?;
            root.draw(&Text::new(
                label,
                (p, plot.bottom + canvas.px(3.0)),
                ticks.pos(Pos::new(HPos::Center, VPos::Top)),
            ))?;
        }
    }
    let axis = ShapeStyle::from(&MUTED).stroke_width(canvas.stroke(0.75));
    if vertical {
        root.draw(&PathElement::new(
            vec![(plot.left, plot.bottom), (plot.right, plot.bottom)],
            axis,
        ))?;
    } else {
        root.draw(&PathElement::new(
            vec![(plot.left, plot.top), (plot.left, plot.bottom)],
            axis,
        ))?;
    }
    Ok(map)
}

/// The width in pixels of `text` in `style`.
pub fn text_width<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    text: &str,
    style: &TextStyle<'_>,
) -> ChartResult<i32> {
    Ok(root.estimate_text_size(text, style)?.0 as i32)
}

/// A thick line through `points` with round joins: each segment is drawn on its own (plotters
/// joins thick paths with long mitres) and a dot covers each bend.
pub fn polyline<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    canvas: &Canvas,
    points: &[(i32, i32)],
    color: RGBColor,
    width_pt: f64,
) -> ChartResult<()> {
    let width = canvas.stroke(width_pt);
    let style = ShapeStyle::from(&color).stroke_width(width);
    for pair in points.windows(2) {
        if pair[0] != pair[1] {
            root.draw(&PathElement::new(pair.to_vec(), style))?;
        }
    }
    if width >= 3 {
        let r = (width / 2) as i32;
        for p in points.iter().skip(1).take(points.len().saturating_sub(2)) {
            root.draw(&Circle::new(*p, r, color.filled()))?;
        }
    }
    Ok(())
}

/// A filled rectangle.
pub fn bar<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    a: (i32, i32),
    b: (i32, i32),
    color: RGBColor,
) -> ChartResult<()> {
    root.draw(&Rectangle::new([a, b], color.filled()))?;
    Ok(())
}

/// Text at a point with an anchor.
pub fn label<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    text: impl Into<String>,
    at: (i32, i32),
    style: &TextStyle<'_>,
    h: HPos,
    v: VPos,
) -> ChartResult<()> {
    root.draw(&Text::new(
        text.into(),
        at,
        style.clone().pos(Pos::new(h, v)),
    ))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn level_colours_follow_the_print_palette() {
        // The default scale 0–5 with the minimum at 3 uses the six colours as given.
        let hex = |c: RGBColor| format!("#{:02X}{:02X}{:02X}", c.0, c.1, c.2);
        let colours: Vec<String> = (0..6).map(|l| hex(level_color(l, 6, 3))).collect();
        assert_eq!(
            colours,
            [
                "#FEE8C8", "#FDBB84", "#EF8A3C", "#4292C6", "#2171B5", "#08306B"
            ]
        );
        assert_eq!(text_on(level_color(2, 6, 3)), TEXT);
        assert_eq!(text_on(level_color(5, 6, 3)), RGBColor(255, 255, 255));
    }

    #[test]
    fn print_canvas_from_millimetres_and_dpi() {
        let c = Canvas::print(170.0, 100.0, 300.0);
        assert_eq!((c.width, c.height), (2008, 1181));
        assert!((c.scale - 300.0 / 72.0).abs() < 1e-9);
        // 85 mm wide: the chart printed at half size.
        let half = Canvas::print(85.0, 60.0, 300.0);
        assert!((half.scale - 300.0 / 72.0 * 0.5).abs() < 0.01, "{half:?}");
    }
}
