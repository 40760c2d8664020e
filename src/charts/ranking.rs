//! Priorisierung: the Top N with their scores and, against a snapshot, their movement.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::style::{
    Canvas, MUTED, RED, STEP, UP, bar, fit, frame, label, no_data, text_width, value_axis,
};
use super::{ChartResult, HotSpot, source_line};
use crate::model::figures::{Figures, TopRow};
use crate::model::format::{counted, decimal, thousands};
use crate::model::ranking::Movement;

/// "▲ 2", "▼ 1", "=", "neu", or nothing without a snapshot.
pub fn movement_text(m: Option<Movement>) -> String {
    match m {
        None => String::new(),
        Some(Movement::New) => "neu".to_owned(),
        Some(Movement::By(0)) => "=".to_owned(),
        Some(Movement::By(n)) if n > 0 => format!("▲ {n}"),
        Some(Movement::By(n)) => format!("▼ {}", n.unsigned_abs()),
    }
}

fn hover(r: &TopRow) -> String {
    let mut s = format!("{}. {} – {} Punkte", r.rank, r.name, decimal(r.score, 1));
    if !r.office.is_empty() {
        s.push_str(&format!(", Amt {}", r.office));
    }
    if r.pinned {
        s.push_str(", von Hand gesetzt");
    }
    match r.movement {
        Some(Movement::New) => s.push_str(", neu in der Liste"),
        Some(Movement::By(n)) if n > 0 => s.push_str(&format!(
            ", {} aufgestiegen",
            counted(n.unsigned_abs() as usize, "Platz", "Plätze")
        )),
        Some(Movement::By(n)) if n < 0 => s.push_str(&format!(
            ", {} abgestiegen",
            counted(n.unsigned_abs() as usize, "Platz", "Plätze")
        )),
        Some(Movement::By(_)) => s.push_str(", unverändert"),
        None => {}
    }
    s
}

/// Draws the Top-N chart and returns its hover regions.
pub fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    canvas: &Canvas,
    fig: &Figures,
) -> ChartResult<Vec<HotSpot>> {
    let top = &fig.top;
    let title = if fig.filter_label.is_empty() {
        format!("Top {} der Priorisierung", thousands(top.n as i64))
    } else {
        format!(
            "{} der Top {} aus der Auswahl",
            counted(top.rows.len(), "Leistung", "Leistungen"),
            thousands(top.n as i64)
        )
    };
    let subtitle = match &top.snapshot {
        Some(s) if top.not_comparable => format!(
            "Punkte 0–100 nach gewichteten Kriterien; der Stand „{s}“ ist anders gruppiert und nicht vergleichbar"
        ),
        Some(s) => format!(
            "Punkte 0–100 nach gewichteten Kriterien; Bewegung gegenüber „{s}“: {} neu, {} herausgefallen",
            thousands(top.new_in_top as i64),
            thousands(top.dropped.len() as i64)
        ),
        None => {
            "Punkte 0–100 nach gewichteten Kriterien; noch kein eingefrorener Stand zum Vergleich"
                .to_owned()
        }
    };
    let mut plot = frame(root, canvas, &title, &subtitle, &source_line(fig, ""))?;
    if top.rows.is_empty() {
        no_data(root, canvas, plot, "Keine Leistung in der Rangfolge")?;
        return Ok(Vec::new());
    }
    let name_font = canvas.font(7.5);
    let label_width = (plot.right - plot.left) * 42 / 100;
    plot.left += label_width + canvas.px(6.0);
    plot.right -= canvas.px(58.0);
    plot.bottom -= canvas.px(12.0);
    let x = value_axis(root, canvas, plot, 100.0, 25.0, false, &|v| {
        thousands(v as i64)
    })?;
    let rows = top.rows.len();
    let row = f64::from(plot.bottom - plot.top) / rows as f64;
    let mut spots = Vec::new();
    for (i, r) in top.rows.iter().enumerate() {
        let y0 = plot.top + (row * (i as f64 + 0.14)).round() as i32;
        let y1 = plot.top + (row * (i as f64 + 0.86)).round() as i32;
        let mid = (y0 + y1) / 2;
        let name = format!("{}. {}", r.rank, r.name);
        label(
            root,
            fit(root, &name, &name_font, label_width)?,
            (plot.left - canvas.px(5.0), mid),
            &name_font,
            HPos::Right,
            VPos::Center,
        )?;
        let end = x.at(r.score.clamp(0.0, 100.0));
        bar(root, (plot.left, y0), (end, y1), STEP)?;
        let score = decimal(r.score, 1);
        label(
            root,
            score.clone(),
            (end + canvas.px(3.0), mid),
            &canvas.font(7.0),
            HPos::Left,
            VPos::Center,
        )?;
        let moved = movement_text(r.movement);
        if !moved.is_empty() {
            let color = match r.movement {
                Some(Movement::By(n)) if n > 0 => UP,
                Some(Movement::By(n)) if n < 0 => RED,
                _ => MUTED,
            };
            label(
                root,
                moved,
                (plot.right + canvas.px(54.0), mid),
                &canvas.bold(7.5).color(&color),
                HPos::Right,
                VPos::Center,
            )?;
        }
        let score_w = text_width(root, &score, &canvas.font(7.0))?;
        spots.push(HotSpot::new(
            (plot.left - label_width, y0),
            (end + score_w + canvas.px(4.0), y1),
            hover(r),
        ));
    }
    Ok(spots)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn movement_in_words() {
        assert_eq!(movement_text(Some(Movement::By(2))), "▲ 2");
        assert_eq!(movement_text(Some(Movement::By(-3))), "▼ 3");
        assert_eq!(movement_text(Some(Movement::By(0))), "=");
        assert_eq!(movement_text(Some(Movement::New)), "neu");
        assert_eq!(movement_text(None), "");
    }
}
