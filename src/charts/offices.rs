//! Ämter: per office, its services by maturity level as a stacked bar of 100 %, sorted by the
//! share still below the legal minimum; deferred and pilot offices marked.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::style::{
    Canvas, MUTED, bar, fit, frame, label, level_color, no_data, subtitle_line, text_on,
    text_width, value_axis,
};
use super::{ChartResult, HotSpot, source_line};
use crate::model::figures::{Figures, OfficeBand};
use crate::model::format::{counted, percent, thousands};

/// The office's name in the chart, with its marks.
fn office_label(o: &OfficeBand) -> String {
    let mut s = o.label.clone();
    if o.pilot {
        s.push_str(" · Pilot");
    }
    if o.deferred {
        s.push_str(" · zurückgestellt");
    }
    s
}

/// Draws the offices chart and returns its hover regions.
pub fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    canvas: &Canvas,
    fig: &Figures,
) -> ChartResult<Vec<HotSpot>> {
    let bands = &fig.offices;
    let minimum = fig.maturity.legal_minimum;
    let below_any = bands.iter().filter(|b| b.below_share > 0.0).count();
    let title = match bands.first() {
        Some(b) if b.below_share > 0.0 => {
            format!("Amt {} hat den größten Anteil unter dem Minimum", b.number)
        }
        Some(_) => "Alle Ämter erreichen das gesetzliche Minimum".to_owned(),
        None => "Ämter nach Reifegrad".to_owned(),
    };
    let levels = fig.maturity.labels.len().max(1);
    let row_pt = 12.0;
    let mut plot = frame(
        root,
        canvas,
        &title,
        " ",
        &source_line(
            fig,
            "Anteil der Leistungen je Stufe; n = Leistungen im Umfang",
        ),
    )?;
    if bands.is_empty() {
        no_data(
            root,
            canvas,
            plot,
            "Keine Leistungen mit Amt im kommunalen Umfang",
        )?;
        return Ok(Vec::new());
    }
    // The legend of the levels: an ordered scale, so a legend rather than direct labels.
    let mut lx = plot.left;
    let legend_font = canvas.font(7.5);
    let sq = canvas.px(7.0);
    for (i, name) in fig.maturity.labels.iter().enumerate() {
        let text = format!("{i} {name}");
        let w = text_width(root, &text, &legend_font)?;
        if lx + sq + w > plot.right {
            break;
        }
        bar(
            root,
            (lx, plot.top),
            (lx + sq, plot.top + sq),
            level_color(i, levels, minimum),
        )?;
        root.draw(&Rectangle::new(
            [(lx, plot.top), (lx + sq, plot.top + sq)],
            ShapeStyle::from(&MUTED).stroke_width(1),
        ))?;
        label(
            root,
            text,
            (lx + sq + canvas.px(3.0), plot.top + sq / 2),
            &legend_font,
            HPos::Left,
            VPos::Center,
        )?;
        lx += sq + w + canvas.px(10.0);
    }
    plot.top += sq + canvas.px(8.0);
    plot.bottom -= canvas.px(12.0);
    let name_font = canvas.font(8.0);
    let label_width = (plot.right - plot.left) * 38 / 100;
    plot.left += label_width + canvas.px(6.0);
    plot.right -= canvas.px(44.0);
    let fits = ((plot.bottom - plot.top) as f64 / (row_pt * canvas.scale)).floor() as usize;
    let shown = bands.len().min(fits.max(1));
    let x = value_axis(root, canvas, plot, 1.0, 0.25, false, &|v| percent(v, 0))?;
    let row = f64::from(plot.bottom - plot.top) / shown.max(1) as f64;
    let mut spots = Vec::new();
    for (r, o) in bands.iter().take(shown).enumerate() {
        let y0 = plot.top + (row * (r as f64 + 0.12)).round() as i32;
        let y1 = plot.top + (row * (r as f64 + 0.88)).round() as i32;
        let mid = (y0 + y1) / 2;
        label(
            root,
            fit(root, &office_label(o), &name_font, label_width)?,
            (plot.left - canvas.px(5.0), mid),
            &if o.deferred {
                name_font.color(&MUTED)
            } else {
                name_font.clone()
            },
            HPos::Right,
            VPos::Center,
        )?;
        let mut acc = 0usize;
        for (level, &count) in o.per_level.iter().enumerate() {
            if count == 0 {
                continue;
            }
            let share0 = acc as f64 / o.total.max(1) as f64;
            acc += count;
            let share1 = acc as f64 / o.total.max(1) as f64;
            let (x0, x1) = (x.at(share0), x.at(share1));
            let color = level_color(level, levels, minimum);
            bar(root, (x0, y0), (x1, y1), color)?;
            let text = thousands(count as i64);
            if text_width(root, &text, &canvas.font(7.0))? + canvas.px(3.0) < x1 - x0 {
                label(
                    root,
                    text,
                    ((x0 + x1) / 2, mid),
                    &canvas.font(7.0).color(&text_on(color)),
                    HPos::Center,
                    VPos::Center,
                )?;
            }
            let name = fig.maturity.labels.get(level).cloned().unwrap_or_default();
            spots.push(HotSpot::new(
                (x0, y0),
                (x1, y1),
                format!(
                    "Amt {}: {} auf Stufe {level} – {name} ({})",
                    o.number,
                    counted(count, "Leistung", "Leistungen"),
                    percent(count as f64 / o.total.max(1) as f64, 0)
                ),
            ));
        }
        label(
            root,
            format!("n = {}", thousands(o.total as i64)),
            (plot.right + canvas.px(4.0), mid),
            &canvas.font(7.0).color(&MUTED),
            HPos::Left,
            VPos::Center,
        )?;
    }
    let subtitle = if shown < bands.len() {
        format!(
            "{} mit dem größten Anteil unter dem Minimum; {} nicht gezeigt",
            if shown == 1 {
                "Das Amt".to_owned()
            } else {
                format!("Die {} Ämter", thousands(shown as i64))
            },
            counted(bands.len() - shown, "weiteres Amt", "weitere Ämter"),
        )
    } else {
        format!(
            "Sortiert nach dem Anteil der Leistungen unter dem Minimum; {} von {} mit Leistungen darunter",
            thousands(below_any as i64),
            counted(bands.len(), "Amt", "Ämtern")
        )
    };
    subtitle_line(root, canvas, &subtitle)?;
    Ok(spots)
}
