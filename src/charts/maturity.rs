//! Reifegrad: services per maturity level, now and at target, with the legal minimum marked.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::style::{
    Canvas, MUTED, TEXT, bar, dashed, frame, label, level_color, no_data, text_width, value_axis,
};
use super::{ChartResult, HotSpot, nice_axis, source_line};
use crate::model::figures::Figures;
use crate::model::format::{counted, percent, thousands};

/// Draws the maturity chart and returns its hover regions.
pub fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    canvas: &Canvas,
    fig: &Figures,
) -> ChartResult<Vec<HotSpot>> {
    let m = &fig.maturity;
    let share = m.at_minimum as f64 / m.in_scope.max(1) as f64;
    let title = if m.in_scope == 0 {
        "Reifegrad der Leistungen".to_owned()
    } else {
        format!(
            "{} der Leistungen erreichen das gesetzliche Minimum",
            percent(share, 0)
        )
    };
    let subtitle = format!(
        "{} von {} im kommunalen Umfang auf Stufe {} oder höher; {} am eigenen Ziel",
        thousands(m.at_minimum as i64),
        counted(m.in_scope, "Leistung", "Leistungen"),
        m.legal_minimum,
        thousands(m.at_target as i64),
    );
    let mut plot = frame(root, canvas, &title, &subtitle, &source_line(fig, ""))?;
    if m.in_scope == 0 {
        no_data(root, canvas, plot, "Keine Leistungen im kommunalen Umfang")?;
        return Ok(Vec::new());
    }
    let max = m
        .current
        .iter()
        .chain(&m.target)
        .copied()
        .max()
        .unwrap_or(0) as f64;
    let (axis_max, step) = nice_axis(max * 1.08);
    let ticks = canvas.font(8.0);
    plot.left += text_width(root, &thousands(axis_max as i64), &ticks)? + canvas.px(8.0);
    plot.top += canvas.px(12.0);
    plot.bottom -= canvas.px(38.0);
    let y = value_axis(root, canvas, plot, axis_max, step, true, &|v| {
        thousands(v as i64)
    })?;
    let levels = m.current.len().max(1);
    let group = f64::from(plot.right - plot.left) / levels as f64;
    let gx = |i: usize, f: f64| plot.left + (group * (i as f64 + f)).round() as i32;
    let mut spots = Vec::new();
    let value_font = canvas.font(7.5);
    let small = canvas.font(7.0).color(&MUTED);
    for i in 0..levels {
        let color = level_color(i, levels, m.legal_minimum);
        let level_name = m.labels.get(i).cloned().unwrap_or_default();
        for (part, (value, f0, f1)) in [
            ("Ist", (m.current.get(i).copied().unwrap_or(0), 0.12, 0.49)),
            ("Ziel", (m.target.get(i).copied().unwrap_or(0), 0.51, 0.88)),
        ] {
            let (x0, x1) = (gx(i, f0), gx(i, f1));
            let top = y.at(value as f64);
            if part == "Ist" {
                bar(root, (x0, top), (x1, plot.bottom), color)?;
            } else {
                // The target as an outlined bar of the same colour, so both read in greyscale.
                let light = RGBColor(
                    ((u16::from(color.0) + 3 * 255) / 4) as u8,
                    ((u16::from(color.1) + 3 * 255) / 4) as u8,
                    ((u16::from(color.2) + 3 * 255) / 4) as u8,
                );
                bar(root, (x0, top), (x1, plot.bottom), light)?;
                root.draw(&Rectangle::new(
                    [(x0, top), (x1, plot.bottom)],
                    ShapeStyle::from(&color).stroke_width(canvas.stroke(1.0)),
                ))?;
            }
            label(
                root,
                thousands(value as i64),
                ((x0 + x1) / 2, top - canvas.px(2.0)),
                &value_font,
                HPos::Center,
                VPos::Bottom,
            )?;
            label(
                root,
                part,
                ((x0 + x1) / 2, plot.bottom + canvas.px(2.0)),
                &small,
                HPos::Center,
                VPos::Top,
            )?;
            spots.push(HotSpot::new(
                (x0, top.min(plot.bottom - canvas.px(4.0))),
                (x1, plot.bottom),
                format!(
                    "Stufe {i} – {level_name} ({part}): {}",
                    counted(value, "Leistung", "Leistungen")
                ),
            ));
        }
        label(
            root,
            format!("Stufe {i}"),
            (gx(i, 0.5), plot.bottom + canvas.px(11.0)),
            &canvas.bold(7.5),
            HPos::Center,
            VPos::Top,
        )?;
        let lines = two_lines(root, &level_name, &canvas.font(7.5), group as i32 - 4)?;
        for (n, line) in lines.into_iter().enumerate() {
            label(
                root,
                line,
                (gx(i, 0.5), plot.bottom + canvas.px(20.0 + 8.5 * n as f64)),
                &canvas.font(7.5),
                HPos::Center,
                VPos::Top,
            )?;
        }
    }
    // The legal minimum: a dashed line between the last level below it and the first at it.
    if let Ok(min) = usize::try_from(m.legal_minimum)
        && (1..levels).contains(&min)
    {
        let x = gx(min, 0.0);
        dashed(
            root,
            (x, plot.top - canvas.px(10.0)),
            (x, plot.bottom),
            canvas.px(3.0),
            ShapeStyle::from(&TEXT).stroke_width(canvas.stroke(1.0)),
        )?;
        label(
            root,
            "gesetzliches Minimum →",
            (x + canvas.px(3.0), plot.top - canvas.px(10.0)),
            &canvas.bold(7.5),
            HPos::Left,
            VPos::Top,
        )?;
    }
    Ok(spots)
}

/// A label in one line, or broken at a space or hyphen into two, each fitted to `width`.
fn two_lines<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    text: &str,
    style: &TextStyle<'_>,
    width: i32,
) -> ChartResult<Vec<String>> {
    if text_width(root, text, style)? <= width {
        return Ok(vec![text.to_owned()]);
    }
    let breaks: Vec<usize> = text
        .char_indices()
        .filter(|(_, c)| *c == ' ' || *c == '-')
        .map(|(i, c)| i + c.len_utf8())
        .collect();
    // The break that leaves the longer line shortest.
    let best = breaks.iter().copied().min_by_key(|&at| {
        let (a, b) = text.split_at(at);
        a.len().max(b.len())
    });
    Ok(match best {
        Some(at) => {
            let (a, b) = text.split_at(at);
            vec![
                super::style::fit(root, a.trim_end(), style, width)?,
                super::style::fit(root, b.trim_start(), style, width)?,
            ]
        }
        None => vec![super::style::fit(root, text, style, width)?],
    })
}
