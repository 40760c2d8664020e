//! Fortschritt über die Zeit: the burn-up of projects in operation against the scope, the plan
//! and a forecast at the pace of the last six months; below it the services at or above the
//! legal minimum.

use chrono::{Datelike, Months, NaiveDate};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::style::{
    ACTUAL, Canvas, FORECAST, GRID, Linear, MUTED, PlotRect, SCOPE, TEXT, dashed, frame, label,
    level_color, no_data, polyline, text_width, value_axis,
};
use super::{ChartResult, HotSpot, nice_axis, source_line};
use crate::model::figures::{Burnup, Figures};
use crate::model::format::{counted, date, decimal, month_year, short_month_year, thousands};

/// The position of a date in months after `first` (a month's first day).
pub(super) fn months_after(first: NaiveDate, d: NaiveDate) -> f64 {
    let whole = (d.year() - first.year()) * 12 + d.month0() as i32 - first.month0() as i32;
    let days = d
        .with_day(1)
        .and_then(|m| m.checked_add_months(Months::new(1)))
        .and_then(|n| n.pred_opt())
        .map_or(30, |e| e.day());
    f64::from(whole) + f64::from(d.day0()) / f64::from(days)
}

/// The title: the finishing date at today's pace, in words.
pub fn headline(b: &Burnup) -> String {
    if b.months.is_empty() || b.scope.last().copied().unwrap_or(0) == 0 {
        return "Fortschritt der Umsetzung".to_owned();
    }
    if b.remaining() == 0 {
        return "Alle Projekte sind in Betrieb".to_owned();
    }
    match b.finish {
        Some(d) => format!(
            "Im heutigen Tempo sind alle Projekte {} fertig",
            in_month(d)
        ),
        None => match b.pace {
            Some(p) if p.mean > 0.0 => {
                "Im heutigen Tempo werden die Projekte nicht in zehn Jahren fertig".to_owned()
            }
            Some(_) => "Im letzten halben Jahr ging kein Projekt in Betrieb".to_owned(),
            None => "Fortschritt der Umsetzung: noch kein voller Monat erfasst".to_owned(),
        },
    }
}

fn in_month(d: NaiveDate) -> String {
    format!("im {}", month_year(d))
}

/// How the forecast is made, for the source line.
pub fn method(b: &Burnup) -> String {
    match b.pace {
        Some(p) => format!(
            "Prognose: Mittel {} ({} Projekte/Monat)",
            if p.months == 1 {
                "des letzten Monats".to_owned()
            } else {
                format!("der letzten {} Monate", p.months)
            },
            decimal(p.mean, 1)
        ),
        None => "Prognose: noch kein voller Monat erfasst".to_owned(),
    }
}

/// Draws the burn-up with plan and forecast and returns its hover regions.
pub fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    canvas: &Canvas,
    fig: &Figures,
) -> ChartResult<Vec<HotSpot>> {
    let b = &fig.progress;
    let scope_now = b.scope.last().copied().unwrap_or(0);
    let done_now = b.done.last().copied().unwrap_or(0);
    let subtitle = format!(
        "{} in Betrieb, {} offen; Plan-Ende {}",
        thousands(b.in_operation as i64),
        thousands(b.remaining() as i64),
        b.plan_finish
            .map_or_else(|| "nicht geplant".to_owned(), date),
    );
    let mut plot = frame(
        root,
        canvas,
        &headline(b),
        &subtitle,
        &source_line(fig, &method(b)),
    )?;
    let Some(&first) = b.months.first() else {
        no_data(root, canvas, plot, "Noch keine Projekte")?;
        return Ok(Vec::new());
    };
    if scope_now == 0 {
        no_data(root, canvas, plot, "Noch keine Projekte")?;
        return Ok(Vec::new());
    }
    // The time axis: from the first month to the last of plan, forecast and today.
    let today_x = months_after(first, fig.today);
    let mut x_end = (b.months.len() as f64).max(b.plan_months.len() as f64);
    if let Some(f) = b.finish {
        x_end = x_end.max(months_after(first, f) + 1.0);
    }
    let x_end = x_end.ceil().max(today_x + 1.0);
    let ticks = canvas.font(8.0);
    let top_max = b.scope.iter().chain(&b.plan).copied().max().unwrap_or(0) as f64;
    let (top_axis, top_step) = nice_axis(top_max * 1.05);
    let (low_axis, low_step) = nice_axis(b.services_in_scope as f64);
    let widest = text_width(root, &thousands(low_axis.max(top_axis) as i64), &ticks)?;
    plot.left += widest + canvas.px(8.0);
    plot.right -= canvas.px(70.0);
    plot.bottom -= canvas.px(12.0);
    let gap = canvas.px(20.0);
    let split = plot.top + ((plot.bottom - plot.top - gap) as f64 * 0.64) as i32;
    let upper = PlotRect {
        bottom: split,
        ..plot
    };
    let lower = PlotRect {
        top: split + gap,
        ..plot
    };
    let x = Linear {
        d0: 0.0,
        d1: x_end,
        p0: plot.left,
        p1: plot.right,
    };
    month_ticks(root, canvas, first, x_end, &x, upper, lower)?;
    let y = value_axis(root, canvas, upper, top_axis, top_step, true, &|v| {
        thousands(v as i64)
    })?;
    let yl = value_axis(root, canvas, lower, low_axis, low_step, true, &|v| {
        thousands(v as i64)
    })?;
    let mut spots = Vec::new();
    let line = |c: &RGBColor, pt: f64| ShapeStyle::from(c).stroke_width(canvas.stroke(pt));
    // Scope as a step line.
    let mut scope_path = Vec::new();
    for (i, s) in b.scope.iter().enumerate() {
        let yy = y.at(*s as f64);
        scope_path.push((x.at(i as f64), yy));
        scope_path.push((x.at((i as f64 + 1.0).min(today_x.max(i as f64))), yy));
    }
    polyline(root, canvas, &scope_path, SCOPE, 1.0)?;
    label(
        root,
        format!("Umfang {}", thousands(scope_now as i64)),
        (
            x.at(today_x) + canvas.px(3.0),
            y.at(scope_now as f64) - canvas.px(2.0),
        ),
        &canvas.font(7.5).color(&MUTED),
        HPos::Left,
        VPos::Bottom,
    )?;
    // Plan from the planned end dates.
    let plan_points: Vec<(i32, i32)> = std::iter::once((x.at(0.0), y.at(0.0)))
        .chain(
            b.plan
                .iter()
                .enumerate()
                .map(|(i, v)| (x.at(i as f64 + 1.0), y.at(*v as f64))),
        )
        .collect();
    for w in plan_points.windows(2) {
        dashed(root, w[0], w[1], canvas.px(3.0), line(&TEXT, 1.0))?;
    }
    if let Some(&(px, py)) = plan_points.last() {
        label(
            root,
            "Plan",
            (px + canvas.px(3.0), py),
            &canvas.font(7.5),
            HPos::Left,
            VPos::Center,
        )?;
    }
    // Forecast band and line.
    let today_px = x.at(today_x);
    let y_now = y.at(done_now as f64);
    if let Some(p) = b.pace
        && b.remaining() > 0
    {
        let reach = |per_month: f64| -> (f64, f64) {
            // Where a pace line from today meets the scope, or its value at the end of the axis.
            if per_month <= 0.0 {
                return (x_end, done_now as f64);
            }
            let months = b.remaining() as f64 / per_month;
            if today_x + months <= x_end {
                (today_x + months, scope_now as f64)
            } else {
                (x_end, done_now as f64 + per_month * (x_end - today_x))
            }
        };
        let (fx, fy) = reach(p.fastest as f64);
        let (sx, sy) = reach(p.slowest as f64);
        let mut band = vec![(today_px, y_now), (x.at(fx), y.at(fy))];
        if fy >= scope_now as f64 {
            band.push((x.at(sx.max(fx)), y.at(scope_now as f64)));
        }
        band.push((x.at(sx), y.at(sy)));
        root.draw(&Polygon::new(band, FORECAST.mix(0.16).filled()))?;
        let (mx, my) = reach(p.mean);
        let dot = canvas.px(2.0);
        let dots = ShapeStyle::from(&FORECAST).stroke_width(canvas.stroke(1.75));
        dashed(root, (today_px, y_now), (x.at(mx), y.at(my)), dot, dots)?;
        // Name the forecast line and its band below the line's middle, where the band leaves
        // room.
        for (text, size, below) in [
            ("Prognose", 7.5, 4.0),
            ("Band: langsamster bis schnellster Monat", 6.5, 13.0),
        ] {
            let at = (
                (today_px + x.at(mx)) / 2 + canvas.px(4.0),
                (y_now + y.at(my)) / 2 + canvas.px(below),
            );
            let style = canvas.font(size).color(&FORECAST);
            label(root, text, at, &style, HPos::Left, VPos::Top)?;
        }
        if let Some(f) = b.finish {
            let at = (x.at(mx), y.at(my));
            root.draw(&Circle::new(at, canvas.px(2.5), FORECAST.filled()))?;
            let text = format!("fertig ca. {}", month_year(f));
            let w = text_width(root, &text, &canvas.bold(8.0))?;
            let anchor = if at.0 + w / 2 > plot.right + canvas.px(60.0) {
                HPos::Right
            } else {
                HPos::Center
            };
            label(
                root,
                text,
                (at.0, at.1 - canvas.px(4.0)),
                &canvas.bold(8.0).color(&FORECAST),
                anchor,
                VPos::Bottom,
            )?;
            spots.push(HotSpot::new(
                (at.0 - dot * 3, at.1 - dot * 3),
                (at.0 + dot * 3, at.1 + dot * 3),
                format!(
                    "Prognose: alle {} Projekte um den {} in Betrieb",
                    thousands(scope_now as i64),
                    date(f)
                ),
            ));
        }
    }
    // Actual: projects in operation at each month's end.
    let actual: Vec<(i32, i32)> = std::iter::once((x.at(0.0), y.at(0.0)))
        .chain(b.done.iter().enumerate().map(|(i, v)| {
            let at = (i as f64 + 1.0).min(today_x);
            (x.at(at), y.at(*v as f64))
        }))
        .collect();
    polyline(root, canvas, &actual, ACTUAL, 2.0)?;
    label(
        root,
        format!("Ist {}", thousands(done_now as i64)),
        (today_px + canvas.px(3.0), y_now + canvas.px(2.0)),
        &canvas.bold(8.0).color(&ACTUAL),
        HPos::Left,
        VPos::Top,
    )?;
    // Today.
    root.draw(&PathElement::new(
        vec![(today_px, upper.top), (today_px, lower.bottom)],
        line(&MUTED, 0.5),
    ))?;
    label(
        root,
        "heute",
        (today_px, upper.top - canvas.px(1.0)),
        &canvas.font(7.0).color(&MUTED),
        HPos::Center,
        VPos::Bottom,
    )?;
    // Services at or above the legal minimum.
    let level = usize::try_from(fig.maturity.legal_minimum).unwrap_or(0);
    let blue = level_color(level, fig.maturity.labels.len(), fig.maturity.legal_minimum);
    let services: Vec<(i32, i32)> = b
        .services_at_minimum
        .iter()
        .enumerate()
        .map(|(i, v)| (x.at((i as f64 + 1.0).min(today_x)), yl.at(*v as f64)))
        .collect();
    if let (Some(&first_point), Some(&last_point)) = (services.first(), services.last()) {
        let mut area = vec![(x.at(0.0), lower.bottom), (x.at(0.0), first_point.1)];
        area.extend(services.iter().copied());
        area.push((last_point.0, lower.bottom));
        root.draw(&Polygon::new(area, blue.mix(0.25).filled()))?;
        let mut path = vec![(x.at(0.0), first_point.1)];
        path.extend(services.iter().copied());
        polyline(root, canvas, &path, blue, 2.0)?;
        let scope_y = yl.at(b.services_in_scope as f64);
        dashed(
            root,
            (lower.left, scope_y),
            (lower.right, scope_y),
            canvas.px(3.0),
            line(&SCOPE, 1.0),
        )?;
        label(
            root,
            format!("im Umfang {}", thousands(b.services_in_scope as i64)),
            (lower.right + canvas.px(3.0), scope_y),
            &canvas.font(7.5).color(&MUTED),
            HPos::Left,
            VPos::Center,
        )?;
        let now = b.services_at_minimum.last().copied().unwrap_or(0);
        label(
            root,
            format!("Leistungen am Minimum: {}", thousands(now as i64)),
            (lower.left + canvas.px(4.0), lower.top + canvas.px(2.0)),
            &canvas.bold(8.0).color(&blue),
            HPos::Left,
            VPos::Top,
        )?;
    }
    let r = canvas.px(3.0);
    for (i, m) in b.months.iter().enumerate() {
        let (Some(&(px, py)), Some(done), Some(scope)) =
            (actual.get(i + 1), b.done.get(i), b.scope.get(i))
        else {
            continue;
        };
        let plan = b.plan.get(i).copied().unwrap_or(0);
        spots.push(HotSpot::new(
            (px - r, py - r),
            (px + r, py + r),
            format!(
                "{}: {} in Betrieb, Plan {}, Umfang {}",
                month_year(*m),
                counted(*done, "Projekt", "Projekte"),
                thousands(plan as i64),
                thousands(*scope as i64)
            ),
        ));
        if let (Some(&(sx, sy)), Some(v)) = (services.get(i), b.services_at_minimum.get(i)) {
            spots.push(HotSpot::new(
                (sx - r, sy - r),
                (sx + r, sy + r),
                format!(
                    "{}: {} am gesetzlichen Minimum",
                    month_year(*m),
                    counted(*v, "Leistung", "Leistungen")
                ),
            ));
        }
    }
    Ok(spots)
}

/// Month ticks below the lower panel and faint vertical lines through both.
pub(super) fn month_ticks<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    canvas: &Canvas,
    first: NaiveDate,
    x_end: f64,
    x: &Linear,
    upper: PlotRect,
    lower: PlotRect,
) -> ChartResult<()> {
    let sample = text_width(root, "Mär 2026", &canvas.font(8.0))?.max(1);
    let fits = ((x.p1 - x.p0) / (sample + canvas.px(10.0))).max(1) as f64;
    let every = [1u32, 2, 3, 6, 12, 24, 60]
        .into_iter()
        .find(|k| x_end / f64::from(*k) <= fits)
        .unwrap_or(60);
    let grid = ShapeStyle::from(&GRID).stroke_width(canvas.stroke(0.5));
    let mut m = first;
    let mut i = 0u32;
    while f64::from(i) <= x_end {
        let show = if every <= 12 {
            m.month0().is_multiple_of(every)
        } else {
            m.month0() == 0
                && u32::try_from(m.year())
                    .unwrap_or(0)
                    .is_multiple_of(every / 12)
        };
        if show {
            let px = x.at(f64::from(i));
            for r in [upper, lower] {
                root.draw(&PathElement::new(vec![(px, r.top), (px, r.bottom)], grid))?;
            }
            label(
                root,
                short_month_year(m),
                (px, lower.bottom + canvas.px(3.0)),
                &canvas.font(8.0).color(&MUTED),
                HPos::Center,
                VPos::Top,
            )?;
        }
        let Some(next) = m.checked_add_months(Months::new(1)) else {
            break;
        };
        m = next;
        i += 1;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn month_positions() {
        let first = NaiveDate::from_ymd_opt(2025, 6, 1).unwrap();
        assert_eq!(months_after(first, first), 0.0);
        let d = NaiveDate::from_ymd_opt(2026, 11, 16).unwrap();
        assert!((months_after(first, d) - (17.0 + 15.0 / 30.0)).abs() < 1e-9);
    }
}
