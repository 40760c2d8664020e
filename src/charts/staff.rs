//! The staff charts: planned load against capacity per month for the organisational and the
//! technical units (stacked by person, or by unit when anonymised, capacity as a line); the
//! remaining work worn down by the capacity of all positions with its finishing date; and the
//! positions needed for each target date against the positions at hand.

use chrono::{Datelike, NaiveDate};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::progress::{month_ticks, months_after};
use super::style::{
    ACTUAL, Canvas, FORECAST, Linear, MUTED, PlotRect, RED, TEXT, bar, dashed, fit, frame, label,
    no_data, polyline, text_width, value_axis,
};
use super::{ChartResult, HotSpot, nice_axis, source_line_all};
use crate::model::figures::Figures;
use crate::model::format::{counted, date, decimal, month_year, short_month_year, thousands};
use crate::model::staff_figures::{KindLoad, LOAD_MONTHS};

/// Segments of the stacked bars, colour-blind safe (Paul Tol's muted scheme).
const SEGMENTS: [RGBColor; 8] = [
    RGBColor(0x33, 0x22, 0x88),
    RGBColor(0x88, 0xCC, 0xEE),
    RGBColor(0x44, 0xAA, 0x99),
    RGBColor(0x11, 0x77, 0x33),
    RGBColor(0x99, 0x99, 0x33),
    RGBColor(0xDD, 0xCC, 0x77),
    RGBColor(0xCC, 0x66, 0x77),
    RGBColor(0xAA, 0x44, 0x99),
];
/// Demand nobody is assigned to.
const UNASSIGNED: RGBColor = RGBColor(0xBB, 0xBB, 0xBB);

fn pt(v: f64) -> String {
    thousands(v.round() as i64)
}

/// The first day of the month of `d`.
fn month_of(d: NaiveDate) -> NaiveDate {
    d.with_day(1).unwrap_or(d)
}

/// Draws the load against capacity per month and returns its hover regions.
pub fn draw_load<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    canvas: &Canvas,
    fig: &Figures,
) -> ChartResult<Vec<HotSpot>> {
    let st = &fig.staff;
    let months = st.months.len();
    let over = st.overloaded_months();
    let title = if !st.has_staff {
        "Auslastung des Personals".to_owned()
    } else if over == 0 {
        format!("Die Kapazität reicht in allen {months} Monaten")
    } else {
        format!(
            "In {} von {months} Monaten ist mehr Arbeit geplant, als Kapazität da ist",
            over
        )
    };
    let subtitle = format!(
        "Geplante Personentage je Monat {}, grau ohne Zuordnung; Linie: Kapazität",
        if st.anonymised {
            "nach Einheit (anonymisiert)"
        } else {
            "nach Person"
        }
    );
    let method = format!(
        "Kapazität = VZÄ × {} Tage / 12",
        decimal(fig.staff.days_per_year, 0)
    );
    let plot = frame(
        root,
        canvas,
        &title,
        &subtitle,
        &source_line_all(fig, &method),
    )?;
    let kinds: Vec<&KindLoad> = st
        .kinds
        .iter()
        .filter(|k| !k.units.is_empty() || k.unassigned.iter().any(|v| *v > 0.0))
        .collect();
    if kinds.is_empty() || months == 0 {
        no_data(
            root,
            canvas,
            plot,
            "Noch kein Personal und keine offenen Projekte",
        )?;
        return Ok(Vec::new());
    }
    let gap = canvas.px(10.0);
    let height = (plot.bottom - plot.top - gap * (kinds.len() as i32 - 1)) / kinds.len() as i32;
    let mut spots = Vec::new();
    for (i, kind) in kinds.iter().enumerate() {
        let top = plot.top + i as i32 * (height + gap);
        let panel = PlotRect {
            top,
            bottom: top + height,
            ..plot
        };
        spots.extend(load_panel(root, canvas, fig, kind, panel)?);
    }
    Ok(spots)
}

/// One kind of unit: the legend, the stacked bars and the capacity line.
fn load_panel<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    canvas: &Canvas,
    fig: &Figures,
    kind: &KindLoad,
    panel: PlotRect,
) -> ChartResult<Vec<HotSpot>> {
    let st = &fig.staff;
    // Legend line: the kind, then a square per segment.
    let head = canvas.bold(8.5);
    let title = kind.title();
    label(
        root,
        title.clone(),
        (panel.left, panel.top),
        &head,
        HPos::Left,
        VPos::Top,
    )?;
    let months = st.months.len();
    let over = (0..months).filter(|&m| kind.is_overloaded(m)).count();
    let over_text = format!("{} überlastet", counted(over, "Monat", "Monate"));
    let over_style = canvas.bold(7.5).color(&RED);
    let legend_end = if over > 0 {
        label(
            root,
            over_text.clone(),
            (panel.right, panel.top),
            &over_style,
            HPos::Right,
            VPos::Top,
        )?;
        panel.right - text_width(root, &over_text, &over_style)? - canvas.px(10.0)
    } else {
        panel.right
    };
    let line_start = panel.left + text_width(root, &title, &head)? + canvas.px(10.0);
    let mut x = line_start;
    let mut mid = panel.top + canvas.px(5.0);
    let small = canvas.font(7.5);
    let square = canvas.px(6.0);
    let entries = kind
        .groups
        .iter()
        .enumerate()
        .map(|(i, g)| (g.label.clone(), color(i)))
        .chain(
            kind.unassigned
                .iter()
                .any(|v| *v > 0.0)
                .then(|| ("ohne Zuordnung".to_owned(), UNASSIGNED)),
        );
    // The legend names every segment, on further lines where one is not enough.
    for (name, c) in entries {
        let text = fit(root, &name, &small, canvas.px(110.0))?;
        let w = text_width(root, &text, &small)?;
        if x > line_start && x + square + canvas.px(3.0) + w > legend_end {
            x = line_start;
            mid += canvas.px(11.0);
        }
        bar(
            root,
            (x, mid - square / 2),
            (x + square, mid + square / 2),
            c,
        )?;
        label(
            root,
            text,
            (x + square + canvas.px(3.0), mid),
            &small,
            HPos::Left,
            VPos::Center,
        )?;
        x += square + w + canvas.px(12.0);
    }
    let legend_bottom = mid + canvas.px(11.0);
    let max = (0..months)
        .map(|m| {
            kind.demand(m)
                .max(kind.capacity.get(m).copied().unwrap_or(0.0))
        })
        .fold(0.0, f64::max);
    let (axis_max, step) = nice_axis(max * 1.08);
    let ticks = canvas.font(8.0);
    let mut area = PlotRect {
        top: legend_bottom,
        bottom: panel.bottom - canvas.px(12.0),
        ..panel
    };
    area.left += text_width(root, &pt(axis_max), &ticks)? + canvas.px(8.0);
    area.right -= canvas.px(48.0);
    let y = value_axis(root, canvas, area, axis_max, step, true, &pt)?;
    let slot = f64::from(area.right - area.left) / months.max(1) as f64;
    let xs = |m: f64| area.left + (slot * m).round() as i32;
    let sample = text_width(root, "Mär 2026", &ticks)?.max(1);
    let every = (f64::from(sample + canvas.px(6.0)) / slot).ceil().max(1.0) as usize;
    let mut spots = Vec::new();
    let mut capacity_line = Vec::new();
    for (m, month) in st.months.iter().enumerate() {
        let (x0, x1) = (xs(m as f64 + 0.15), xs(m as f64 + 0.85));
        let mut base = 0.0;
        let segments = kind
            .groups
            .iter()
            .enumerate()
            .map(|(i, g)| (g.planned.get(m).copied().unwrap_or(0.0), color(i)))
            .chain(std::iter::once((
                kind.unassigned.get(m).copied().unwrap_or(0.0),
                UNASSIGNED,
            )));
        for (v, c) in segments {
            if v > 0.0 {
                bar(root, (x0, y.at(base + v)), (x1, y.at(base)), c)?;
            }
            base += v;
        }
        let cap = kind.capacity.get(m).copied().unwrap_or(0.0);
        capacity_line.push((xs(m as f64), y.at(cap)));
        capacity_line.push((xs(m as f64 + 1.0), y.at(cap)));
        if m % every == 0 {
            label(
                root,
                short_month_year(*month),
                ((x0 + x1) / 2, area.bottom + canvas.px(3.0)),
                &ticks.color(&MUTED),
                HPos::Center,
                VPos::Top,
            )?;
        }
        let load = if cap > 0.0 {
            format!(" – {} % der Kapazität", decimal(100.0 * base / cap, 0))
        } else {
            String::new()
        };
        let unassigned = kind.unassigned.get(m).copied().unwrap_or(0.0);
        spots.push(HotSpot::new(
            (x0, y.at(base.max(cap))),
            (x1, area.bottom),
            format!(
                "{}, {}: {} PT geplant (davon {} ohne Zuordnung), Kapazität {} PT{load}",
                kind.title(),
                month_year(*month),
                pt(base),
                pt(unassigned),
                pt(cap)
            ),
        ));
    }
    polyline(root, canvas, &capacity_line, TEXT, 1.5)?;
    if let Some(&(cx, cy)) = capacity_line.last() {
        label(
            root,
            "Kapazität",
            (cx + canvas.px(3.0), cy),
            &canvas.font(7.5),
            HPos::Left,
            VPos::Center,
        )?;
    }
    Ok(spots)
}

fn color(i: usize) -> RGBColor {
    SEGMENTS.get(i % SEGMENTS.len()).copied().unwrap_or(TEXT)
}

/// Draws the remaining work worn down by the capacity and returns its hover regions.
pub fn draw_remaining<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    canvas: &Canvas,
    fig: &Figures,
) -> ChartResult<Vec<HotSpot>> {
    let r = &fig.staff.remaining;
    let title = match r.finish {
        _ if r.start <= 0.0 => "Es ist kein Restaufwand mehr offen".to_owned(),
        Some(f) if f <= r.target => format!(
            "Mit allen Stellen ist der Restaufwand im {} abgearbeitet, vor dem Ziel",
            month_year(f)
        ),
        Some(f) => format!(
            "Mit allen Stellen ist der Restaufwand erst im {} abgearbeitet",
            month_year(f)
        ),
        None => "Mit allen Stellen wird der Restaufwand in zehn Jahren nicht fertig".to_owned(),
    };
    let subtitle = format!(
        "Restaufwand {} PT am {}, abgebaut mit allen Stellen ab ihrem Beginn; Ziel {}",
        pt(r.start),
        date(fig.today),
        date(r.target)
    );
    let method = format!(
        "Kapazität = VZÄ × {} Tage / 12",
        decimal(fig.staff.days_per_year, 0)
    );
    let mut plot = frame(
        root,
        canvas,
        &title,
        &subtitle,
        &source_line_all(fig, &method),
    )?;
    let Some(&first) = r.months.first() else {
        no_data(root, canvas, plot, "Noch keine Daten")?;
        return Ok(Vec::new());
    };
    if !fig.staff.has_staff || r.start <= 0.0 {
        let text = if fig.staff.has_staff {
            "Kein Restaufwand"
        } else {
            "Noch kein Personal erfasst"
        };
        no_data(root, canvas, plot, text)?;
        return Ok(Vec::new());
    }
    let today_x = months_after(first, fig.today);
    let target_x = months_after(first, r.target);
    let finish_x = r.finish.map(|f| months_after(first, f));
    let x_end = finish_x
        .unwrap_or(r.months.len() as f64)
        .max(target_x)
        .max(f64::from(LOAD_MONTHS as u32))
        .min(r.months.len() as f64)
        + 2.0;
    let ticks = canvas.font(8.0);
    let (axis_max, step) = nice_axis(r.start * 1.05);
    plot.left += text_width(root, &pt(axis_max), &ticks)? + canvas.px(8.0);
    plot.right -= canvas.px(20.0);
    plot.bottom -= canvas.px(12.0);
    plot.top += canvas.px(10.0);
    let x = Linear {
        d0: 0.0,
        d1: x_end,
        p0: plot.left,
        p1: plot.right,
    };
    month_ticks(root, canvas, first, x_end, &x, plot, plot)?;
    let y = value_axis(root, canvas, plot, axis_max, step, true, &pt)?;
    let mut points = vec![(x.at(today_x), y.at(r.start))];
    for (m, left) in r.left.iter().enumerate() {
        let at = (m as f64 + 1.0).min(x_end);
        points.push((x.at(at), y.at(*left)));
        if *left <= 0.0 {
            break;
        }
    }
    if let Some(fx) = finish_x
        && let Some(last) = points.last_mut()
    {
        // The line meets zero on the finishing day, not at the month's end.
        last.0 = x.at(fx);
    }
    let mut area = vec![(x.at(today_x), y.at(0.0))];
    area.extend(points.iter().copied());
    if let Some(&(lx, _)) = points.last() {
        area.push((lx, y.at(0.0)));
    }
    root.draw(&Polygon::new(area, ACTUAL.mix(0.15).filled()))?;
    polyline(root, canvas, &points, ACTUAL, 2.0)?;
    let mut spots = Vec::new();
    for (m, left) in r.left.iter().enumerate().take(x_end as usize) {
        let px0 = x.at(m as f64);
        let px1 = x.at(m as f64 + 1.0);
        let month = r.months.get(m).copied().unwrap_or(first);
        spots.push(HotSpot::new(
            (px0, plot.top),
            (px1, plot.bottom),
            format!(
                "Ende {}: noch {} PT (Kapazität im Monat {} PT)",
                month_year(month),
                pt(*left),
                pt(r.capacity.get(m).copied().unwrap_or(0.0))
            ),
        ));
    }
    // The target date.
    let tx = x.at(target_x);
    if tx <= plot.right {
        let style = ShapeStyle::from(&TEXT).stroke_width(canvas.stroke(1.0));
        dashed(
            root,
            (tx, plot.top),
            (tx, plot.bottom),
            canvas.px(3.0),
            style,
        )?;
        label(
            root,
            format!("Ziel {}", date(r.target)),
            (tx, plot.top - canvas.px(2.0)),
            &canvas.font(7.5),
            HPos::Center,
            VPos::Bottom,
        )?;
    }
    if let (Some(f), Some(fx)) = (r.finish, finish_x) {
        let at = (x.at(fx), y.at(0.0));
        root.draw(&Circle::new(at, canvas.px(3.0), FORECAST.filled()))?;
        let text = format!("abgearbeitet ca. {}", month_year(f));
        let w = text_width(root, &text, &canvas.bold(8.0))?;
        let anchor = if at.0 + w / 2 > plot.right {
            HPos::Right
        } else {
            HPos::Center
        };
        label(
            root,
            text,
            (at.0, at.1 - canvas.px(6.0)),
            &canvas.bold(8.0).color(&FORECAST),
            anchor,
            VPos::Bottom,
        )?;
    }
    label(
        root,
        format!("Restaufwand {} PT", pt(r.start)),
        (
            x.at(today_x) + canvas.px(4.0),
            y.at(r.start) - canvas.px(2.0),
        ),
        &canvas.bold(8.0).color(&ACTUAL),
        HPos::Left,
        VPos::Bottom,
    )?;
    Ok(spots)
}

/// Draws the positions needed per target date against those at hand and returns its hover
/// regions.
pub fn draw_scenario<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    canvas: &Canvas,
    fig: &Figures,
) -> ChartResult<Vec<HotSpot>> {
    let sc = &fig.staff.scenario;
    let (Some(input), Some(result)) = (&sc.input, &sc.result) else {
        let plot = frame(
            root,
            canvas,
            "Personalbedarf nach Zieldatum",
            "",
            &source_line_all(fig, ""),
        )?;
        no_data(root, canvas, plot, "Die Eingaben ergeben keine Rechnung")?;
        return Ok(Vec::new());
    };
    let positions = decimal(sc.at_hand, if sc.at_hand.fract() == 0.0 { 0 } else { 1 });
    let title = match result.finish_date {
        _ if result.person_days <= 0.0 => "Es ist kein Restaufwand mehr offen".to_owned(),
        Some(f) => format!(
            "Bis {} braucht es {} Stellen; mit {positions} dauert es bis {}",
            date(input.until),
            decimal(result.fte_needed, 1),
            month_year(f)
        ),
        None => format!(
            "Bis {} braucht es {} Stellen",
            date(input.until),
            decimal(result.fte_needed, 1)
        ),
    };
    let subtitle = format!(
        "Stellen, um {} PT bis zum Zieldatum zu schaffen: PT ÷ {} Tage ÷ Jahre; Linie: {positions} vorhandene Stellen",
        pt(result.person_days),
        decimal(input.days_per_year, 0)
    );
    let mut plot = frame(
        root,
        canvas,
        &title,
        &subtitle,
        &source_line_all(
            fig,
            "Stellen = Restaufwand ÷ (produktive Tage × Jahre bis zum Ziel)",
        ),
    )?;
    let first = month_of(input.from);
    let Some(&(last_date, _)) = sc.points.last() else {
        no_data(root, canvas, plot, "Noch keine Daten")?;
        return Ok(Vec::new());
    };
    if result.person_days <= 0.0 {
        no_data(root, canvas, plot, "Kein Restaufwand")?;
        return Ok(Vec::new());
    }
    // The axis shows the positions at hand and the target's need with room; nearer targets
    // need more and leave the chart at the top.
    let wanted = (sc.at_hand * 2.5).max(result.fte_needed * 1.4).max(1.0);
    let (axis_max, step) = nice_axis(wanted);
    let ticks = canvas.font(8.0);
    plot.left += text_width(root, &decimal(axis_max, 0), &ticks)? + canvas.px(8.0);
    plot.right -= canvas.px(24.0);
    plot.bottom -= canvas.px(12.0);
    plot.top += canvas.px(10.0);
    let x_end = months_after(first, last_date).ceil();
    let x = Linear {
        d0: 0.0,
        d1: x_end,
        p0: plot.left,
        p1: plot.right,
    };
    month_ticks(root, canvas, first, x_end, &x, plot, plot)?;
    let y = value_axis(root, canvas, plot, axis_max, step, true, &|v| decimal(v, 0))?;
    let visible: Vec<(NaiveDate, f64)> = sc
        .points
        .iter()
        .copied()
        .skip_while(|(_, v)| *v > axis_max)
        .collect();
    let curve: Vec<(i32, i32)> = visible
        .iter()
        .map(|(d, v)| (x.at(months_after(first, *d)), y.at(*v)))
        .collect();
    polyline(root, canvas, &curve, ACTUAL, 2.0)?;
    let mut spots = Vec::new();
    for ((d, v), p) in visible.iter().zip(&curve) {
        let r = canvas.px(3.0);
        spots.push(HotSpot::new(
            (p.0 - r, p.1 - r),
            (p.0 + r, p.1 + r),
            format!("Fertig bis {}: {} Stellen", date(*d), decimal(*v, 1)),
        ));
    }
    // The positions at hand.
    let hy = y.at(sc.at_hand);
    let style = ShapeStyle::from(&TEXT).stroke_width(canvas.stroke(1.0));
    dashed(
        root,
        (plot.left, hy),
        (plot.right, hy),
        canvas.px(4.0),
        style,
    )?;
    label(
        root,
        format!("vorhanden: {positions} Stellen"),
        (plot.right, hy - canvas.px(2.0)),
        &canvas.font(7.5),
        HPos::Right,
        VPos::Bottom,
    )?;
    // The target date with its need.
    let target = (
        x.at(months_after(first, input.until)),
        y.at(result.fte_needed.min(axis_max)),
    );
    if target.0 <= plot.right {
        root.draw(&Circle::new(target, canvas.px(3.0), ACTUAL.filled()))?;
        label(
            root,
            format!(
                "Ziel {}: {} Stellen",
                date(input.until),
                decimal(result.fte_needed, 1)
            ),
            (target.0 + canvas.px(5.0), target.1 - canvas.px(3.0)),
            &canvas.bold(8.0).color(&ACTUAL),
            HPos::Left,
            VPos::Bottom,
        )?;
    }
    // Where the positions at hand reach: the earliest date they finish by.
    if let Some(f) = result.finish_date {
        let fx = x.at(months_after(first, f));
        if fx <= plot.right {
            root.draw(&Circle::new((fx, hy), canvas.px(3.0), FORECAST.filled()))?;
            let text = format!("mit {positions} Stellen fertig ca. {}", month_year(f));
            let bold = canvas.bold(8.0).color(&FORECAST);
            // Below the line and left of the crossing the curve leaves room.
            let (at, anchor) = if fx - text_width(root, &text, &bold)? - canvas.px(5.0) < plot.left
            {
                (fx + canvas.px(5.0), HPos::Left)
            } else {
                (fx - canvas.px(5.0), HPos::Right)
            };
            label(
                root,
                text,
                (at, hy + canvas.px(4.0)),
                &bold,
                anchor,
                VPos::Top,
            )?;
        }
    }
    label(
        root,
        "Stellen",
        (plot.left, plot.top - canvas.px(7.0)),
        &canvas.font(7.5).color(&MUTED),
        HPos::Right,
        VPos::Bottom,
    )?;
    Ok(spots)
}
