//! Projekte nach Schritt: projects per current step 1–11 and in operation, with the overdue and
//! red ones among them.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::style::{
    Canvas, MUTED, OPERATION, RED, STEP, bar, fit, frame, label, no_data, text_width, value_axis,
};
use super::{ChartResult, HotSpot, nice_axis, source_line};
use crate::model::figures::Figures;
use crate::model::format::{counted, thousands};
use crate::model::project::STEPS;

/// Draws the projects per step and returns its hover regions.
pub fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    canvas: &Canvas,
    fig: &Figures,
) -> ChartResult<Vec<HotSpot>> {
    let st = &fig.projects;
    let title = if st.total == 0 {
        "Projekte nach Umsetzungsschritt".to_owned()
    } else {
        format!(
            "{} von {} {} in Betrieb",
            thousands(st.in_operation as i64),
            counted(st.total, "Projekt", "Projekten"),
            if st.in_operation == 1 { "ist" } else { "sind" }
        )
    };
    let subtitle = format!(
        "Projekte nach aktuellem Schritt: {} in Umsetzung, {} nicht begonnen; {} überfällig, {} mit roter Ampel",
        thousands(st.in_progress as i64),
        thousands(st.not_started as i64),
        thousands(st.overdue as i64),
        thousands(st.red as i64),
    );
    let mut plot = frame(root, canvas, &title, &subtitle, &source_line(fig, ""))?;
    if st.total == 0 {
        no_data(root, canvas, plot, "Noch keine Projekte")?;
        return Ok(Vec::new());
    }
    let names: Vec<String> = STEPS
        .iter()
        .enumerate()
        .map(|(i, (name, _))| format!("{} {name}", i + 1))
        .chain(std::iter::once("in Betrieb".to_owned()))
        .collect();
    let name_font = canvas.font(8.0);
    let mut widest = 0;
    for n in &names {
        widest = widest.max(text_width(root, n, &name_font)?);
    }
    plot.left += widest.min((plot.right - plot.left) / 3) + canvas.px(6.0);
    plot.right -= canvas.px(110.0);
    plot.bottom -= canvas.px(12.0);
    let max = fig.steps.iter().map(|b| b.projects).max().unwrap_or(0) as f64;
    let (axis_max, step) = nice_axis(max);
    let x = value_axis(root, canvas, plot, axis_max, step, false, &|v| {
        thousands(v as i64)
    })?;
    let rows = fig.steps.len().max(1);
    let row = f64::from(plot.bottom - plot.top) / rows as f64;
    let mut spots = Vec::new();
    for (i, b) in fig.steps.iter().enumerate() {
        let y0 = plot.top + (row * (i as f64 + 0.15)).round() as i32;
        let y1 = plot.top + (row * (i as f64 + 0.85)).round() as i32;
        let mid = (y0 + y1) / 2;
        let name = names.get(i).cloned().unwrap_or_default();
        label(
            root,
            fit(root, &name, &name_font, plot.left - canvas.px(14.0))?,
            (plot.left - canvas.px(5.0), mid),
            &name_font,
            HPos::Right,
            VPos::Center,
        )?;
        let color = if i + 1 == rows { OPERATION } else { STEP };
        let end = x.at(b.projects as f64);
        if b.projects > 0 {
            bar(root, (plot.left, y0), (end, y1), color)?;
        }
        let mut text_x = end + canvas.px(4.0);
        let count = thousands(b.projects as i64);
        label(
            root,
            count.clone(),
            (text_x, mid),
            &canvas.bold(8.0),
            HPos::Left,
            VPos::Center,
        )?;
        text_x += text_width(root, &count, &canvas.bold(8.0))? + canvas.px(6.0);
        let mut notes = Vec::new();
        if b.overdue > 0 {
            notes.push(format!("{} überfällig", thousands(b.overdue as i64)));
        }
        if b.red > 0 {
            notes.push(format!("{} rot", thousands(b.red as i64)));
        }
        if !notes.is_empty() {
            label(
                root,
                format!("● {}", notes.join(", ")),
                (text_x, mid),
                &canvas
                    .font(7.5)
                    .color(if b.red > 0 { &RED } else { &MUTED }),
                HPos::Left,
                VPos::Center,
            )?;
        }
        let mut hover = format!("{name}: {}", counted(b.projects, "Projekt", "Projekte"));
        if !notes.is_empty() {
            hover.push_str(&format!(", davon {}", notes.join(", ")));
        }
        spots.push(HotSpot::new(
            (plot.left, y0),
            (end.max(plot.left + canvas.px(12.0)), y1),
            hover,
        ));
    }
    Ok(spots)
}
