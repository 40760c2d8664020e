//! Chart files: PNG (with its resolution) and SVG, one chart or all of them into a folder.

use std::path::{Path, PathBuf};

use thiserror::Error;

use super::write_file_atomic;
use crate::charts::{
    Canvas, ChartError, ChartKind, encode_png, render_rgb_smooth, render_svg, with_physical_size,
};
use crate::model::figures::Figures;

/// The file format of a chart.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum ChartFormat {
    Png,
    Svg,
}

impl ChartFormat {
    /// The file extension.
    pub fn extension(self) -> &'static str {
        match self {
            Self::Png => "png",
            Self::Svg => "svg",
        }
    }

    /// The format named by a file's extension.
    pub fn from_path(path: &Path) -> Option<Self> {
        match path.extension()?.to_str()?.to_lowercase().as_str() {
            "png" => Some(Self::Png),
            "svg" => Some(Self::Svg),
            _ => None,
        }
    }
}

/// How large a chart file is.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ChartSize {
    /// A size in pixels; text scales with it.
    Pixels { width: u32, height: u32 },
    /// A printed size at a resolution (PNG) or as physical size (SVG).
    Print {
        width_mm: f64,
        height_mm: f64,
        dpi: f64,
    },
}

impl ChartSize {
    /// The print default: 170 × 105 mm at 300 dpi.
    pub const PRINT: Self = Self::Print {
        width_mm: 170.0,
        height_mm: 105.0,
        dpi: 300.0,
    };
}

/// Why a chart file could not be written.
#[derive(Debug, Error)]
pub enum ChartFileError {
    #[error(transparent)]
    Chart(#[from] ChartError),
    #[error("Die Datei konnte nicht geschrieben werden ({reason}): {path}")]
    Io { path: String, reason: String },
}

/// The largest PNG written: 170 × 105 mm at 1200 dpi is about 40 million pixels.
pub const MAX_PIXELS: u64 = 50_000_000;

/// The bytes of one chart file.
pub fn chart_bytes(
    fig: &Figures,
    kind: ChartKind,
    format: ChartFormat,
    size: ChartSize,
) -> Result<Vec<u8>, ChartError> {
    let (canvas, dpi, physical) = match size {
        ChartSize::Pixels { width, height } => (Canvas::sized(width, height), 96.0, None),
        ChartSize::Print {
            width_mm,
            height_mm,
            dpi,
        } => match format {
            ChartFormat::Png => (Canvas::print(width_mm, height_mm, dpi), dpi, None),
            // SVG is drawn in points and carries its size in millimetres.
            ChartFormat::Svg => (
                Canvas::print(width_mm, height_mm, 72.0),
                72.0,
                Some((width_mm, height_mm)),
            ),
        },
    };
    if format == ChartFormat::Png && u64::from(canvas.width) * u64::from(canvas.height) > MAX_PIXELS
    {
        return Err(ChartError::Encode(format!(
            "mit {} × {} Pixeln wäre das Bild zu groß; bitte Breite, Höhe oder Auflösung verringern (höchstens {} Millionen Pixel)",
            canvas.width,
            canvas.height,
            MAX_PIXELS / 1_000_000
        )));
    }
    Ok(match format {
        ChartFormat::Png => encode_png(&render_rgb_smooth(kind, fig, &canvas)?, dpi)?,
        ChartFormat::Svg => {
            let svg = render_svg(kind, fig, &canvas)?;
            match physical {
                Some((w, h)) => with_physical_size(&svg, &canvas, w, h),
                None => svg,
            }
            .into_bytes()
        }
    })
}

/// Writes one chart to `path`; nothing is left half-written.
pub fn export_chart(
    fig: &Figures,
    kind: ChartKind,
    format: ChartFormat,
    size: ChartSize,
    path: &Path,
) -> Result<(), ChartFileError> {
    let bytes = chart_bytes(fig, kind, format, size)?;
    write_file_atomic(path, &bytes).map_err(|e| ChartFileError::Io {
        path: path.display().to_string(),
        reason: super::io_reason(&e),
    })
}

/// Writes every chart into `dir` (created if missing) under its stable name; returns the files.
pub fn export_all_charts(
    fig: &Figures,
    dir: &Path,
    format: ChartFormat,
    size: ChartSize,
) -> Result<Vec<PathBuf>, ChartFileError> {
    std::fs::create_dir_all(dir).map_err(|e| ChartFileError::Io {
        path: dir.display().to_string(),
        reason: super::io_reason(&e),
    })?;
    let mut written = Vec::new();
    for kind in ChartKind::ALL {
        let path = dir.join(format!("{}.{}", kind.file_stem(), format.extension()));
        export_chart(fig, kind, format, size, &path)?;
        written.push(path);
    }
    Ok(written)
}
