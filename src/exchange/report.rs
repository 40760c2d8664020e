//! The committee report (Ausschussbericht): an A4 PDF with title page and key figures, the
//! charts as vector graphics, the Top 20, the risks and the projects newly in operation.
//! Laid out first as pages of drawing operations, then written with krilla, so page numbers
//! know the page count.

use std::path::Path;
use std::sync::Arc;

use ab_glyph::{Font as _, FontRef, ScaleFont as _};
use chrono::NaiveDate;
use krilla::Document;
use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect, Size, Transform};
use krilla::metadata::Metadata;
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::text::{Font, TextDirection};
use krilla_svg::{SurfaceExt, SvgSettings};
use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::write_file_atomic;
use crate::charts::style::{FONT_BOLD, FONT_NAME, FONT_REGULAR};
use crate::charts::{Canvas, ChartKind, render_svg};
use crate::model::SnapshotId;
use crate::model::figures::{Figures, ProjectLine};
use crate::model::format::{date, decimal};
use crate::model::project::Health;

/// A part of the report that can be left out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum ReportSection {
    KeyFigures,
    Chart(ChartKind),
    TopList,
    Risks,
    NewInOperation,
}

impl ReportSection {
    /// Every section in the order of the report.
    pub fn all() -> Vec<Self> {
        let mut v = vec![Self::KeyFigures];
        v.extend(ChartKind::ALL.map(Self::Chart));
        v.extend([Self::TopList, Self::Risks, Self::NewInOperation]);
        v
    }

    /// The name in the report dialog's checklist.
    pub fn name(self) -> String {
        match self {
            Self::KeyFigures => "Kennzahlen".to_owned(),
            Self::Chart(k) => format!("Diagramm: {}", k.name()),
            Self::TopList => "Top-Liste der Priorisierung".to_owned(),
            Self::Risks => "Überfällige und rote Projekte".to_owned(),
            Self::NewInOperation => "Neu in Betrieb".to_owned(),
        }
    }
}

/// The report's choices, remembered in the database file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReportSettings {
    pub group: String,
    pub title: String,
    pub committee: String,
    pub meeting_date: Option<NaiveDate>,
    /// The data date printed; `None`: the file's.
    pub data_date: Option<NaiveDate>,
    /// The file's own data date when `data_date` was chosen: a chosen date holds only while
    /// the data have not changed since.
    pub data_date_of_file: Option<NaiveDate>,
    /// Projects that went into operation after this day are listed as new; `None`: the
    /// previous report's meeting, else the last three months.
    pub since: Option<NaiveDate>,
    /// The snapshot the Top 20 is compared with; `None`: the latest.
    pub snapshot: Option<SnapshotId>,
    pub sections: Vec<ReportSection>,
    /// Staff load by person; by default the report shows it by unit (anonymised), as
    /// per-person load is a matter for the staff council.
    pub named_staff: bool,
    /// The meeting date of the last report written.
    pub last_report: Option<NaiveDate>,
    /// The "new in operation since" day of the last report written.
    pub last_since: Option<NaiveDate>,
}

impl Default for ReportSettings {
    fn default() -> Self {
        Self {
            group: "OZG-Arbeitsgruppe der Stadtverwaltung".to_owned(),
            title: "Sachstand der OZG-Umsetzung".to_owned(),
            committee: "Ausschuss für Digitalisierung und Organisation".to_owned(),
            meeting_date: None,
            data_date: None,
            data_date_of_file: None,
            since: None,
            snapshot: None,
            sections: ReportSection::all(),
            named_staff: false,
            last_report: None,
            last_since: None,
        }
    }
}

/// The settings key under which the report's choices are kept.
pub const SETTINGS_KEY: &str = "report";

impl ReportSettings {
    /// The remembered settings of a file, or the defaults where there are none or they cannot
    /// be read (see `read` for the reason).
    pub fn load(store: &crate::store::Store) -> Self {
        Self::read(store).unwrap_or_default()
    }

    /// The remembered settings of a file; the defaults where none are kept; an error in
    /// German when they cannot be read.
    pub fn read(store: &crate::store::Store) -> Result<Self, String> {
        let kept = store.setting(SETTINGS_KEY).map_err(|e| {
            format!("Die gespeicherten Angaben des Berichts konnten nicht gelesen werden: {e}")
        })?;
        match kept {
            None => Ok(Self::default()),
            Some(json) => serde_json::from_str(&json).map_err(|_| {
                "Die gespeicherten Angaben des Berichts sind beschädigt; es gelten die Vorgaben.".to_owned()
            }),
        }
    }

    /// The settings as stored.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// The day after which projects count as newly in operation: the one chosen, else the
    /// last report's meeting once it has passed (while it lies ahead, a new report is for the
    /// same meeting and keeps that report's day), else the last three months.
    pub fn since_date(&self, today: NaiveDate) -> NaiveDate {
        let three_months = today - chrono::Duration::days(91);
        self.since.unwrap_or(match self.last_report {
            Some(meeting) if meeting < today => meeting,
            Some(_) => self.last_since.unwrap_or(three_months),
            None => three_months,
        })
    }

    /// The data date to print for a file whose own data date is `file_date`.
    pub fn data_date_for(&self, file_date: NaiveDate) -> NaiveDate {
        match (self.data_date, self.data_date_of_file) {
            (Some(chosen), Some(of)) if of == file_date => chosen,
            _ => file_date,
        }
    }

    /// What is kept in the file after a report for `file_date` was written with these
    /// settings: the choices, the meeting and its "since" day for the next report.
    pub fn remembered_after_writing(&self, file_date: NaiveDate, today: NaiveDate) -> Self {
        Self {
            since: None,
            data_date_of_file: Some(file_date),
            last_report: self.meeting_date,
            last_since: Some(self.since_date(today)),
            ..self.clone()
        }
    }

    fn has(&self, s: ReportSection) -> bool {
        self.sections.contains(&s)
    }
}

/// Why the report could not be written.
#[derive(Debug, Error)]
pub enum ReportError {
    #[error("Der Bericht konnte nicht erstellt werden ({0}).")]
    Pdf(String),
    #[error(transparent)]
    Chart(#[from] crate::charts::ChartError),
    #[error("Der Bericht konnte nicht geschrieben werden ({reason}): {path}")]
    Io { path: String, reason: String },
}

/// Writes the report to `path`; returns the number of pages.
pub fn write_report(
    fig: &Figures,
    settings: &ReportSettings,
    path: &Path,
) -> Result<usize, ReportError> {
    let (bytes, pages) = report_pdf(fig, settings)?;
    write_file_atomic(path, &bytes).map_err(|e| ReportError::Io {
        path: path.display().to_string(),
        reason: super::io_reason(&e),
    })?;
    Ok(pages)
}

/// The report as PDF bytes and its page count.
pub fn report_pdf(
    fig: &Figures,
    settings: &ReportSettings,
) -> Result<(Vec<u8>, usize), ReportError> {
    let pages = layout(fig, settings)?;
    let count = pages.len();
    Ok((render(&pages, fig, settings)?, count))
}

// ---------------------------------------------------------------------------------------------
// Layout

const PAGE_W: f32 = 595.28;
const PAGE_H: f32 = 841.89;
const LEFT: f32 = 56.7;
const WIDTH: f32 = 482.0;
const TOP: f32 = 56.0;
const BOTTOM: f32 = PAGE_H - 62.0;
const CHART_H: f32 = 300.0;

type Color = (u8, u8, u8);
const BLACK: Color = (0x22, 0x22, 0x22);
const GREY: Color = (0x59, 0x59, 0x59);
const RULE: Color = (0xD9, 0xD9, 0xD9);
const RED: Color = (0xCC, 0x33, 0x11);

/// One drawing operation on a page.
enum Op {
    Text {
        x: f32,
        y: f32,
        size: f32,
        bold: bool,
        color: Color,
        text: String,
    },
    Rule {
        y: f32,
        color: Color,
    },
    Chart {
        y: f32,
        svg: String,
    },
}

/// Measures text in the embedded font.
struct Measure {
    regular: FontRef<'static>,
    bold: FontRef<'static>,
}

impl Measure {
    fn new() -> Result<Self, ReportError> {
        let load = |b: &'static [u8]| {
            FontRef::try_from_slice(b).map_err(|e| ReportError::Pdf(format!("Schrift: {e}")))
        };
        Ok(Self {
            regular: load(FONT_REGULAR)?,
            bold: load(FONT_BOLD)?,
        })
    }

    fn width(&self, text: &str, size: f32, bold: bool) -> f32 {
        let font = if bold { &self.bold } else { &self.regular };
        let scaled = font.as_scaled(ab_glyph::PxScale::from(
            size * font.height_unscaled() / font.units_per_em().unwrap_or(1000.0),
        ));
        let mut w = 0.0;
        let mut prev = None;
        for c in text.chars() {
            let id = scaled.glyph_id(c);
            if let Some(p) = prev {
                w += scaled.kern(p, id);
            }
            w += scaled.h_advance(id);
            prev = Some(id);
        }
        w
    }

    /// `text` shortened with "…" to at most `width` points.
    fn shorten(&self, text: &str, size: f32, width: f32) -> String {
        if self.width(text, size, false) <= width {
            return text.to_owned();
        }
        let mut out = String::new();
        for c in text.chars() {
            if self.width(&format!("{out}{c}…"), size, false) > width {
                break;
            }
            out.push(c);
        }
        out.push('…');
        out
    }

    /// Lines of at most `width` points.
    fn wrap(&self, text: &str, size: f32, bold: bool, width: f32) -> Vec<String> {
        let mut lines = Vec::new();
        let mut line = String::new();
        for word in text.split_whitespace() {
            // A word wider than the column is broken where it must be.
            let mut word = word.to_owned();
            while self.width(&word, size, bold) > width && word.chars().count() > 1 {
                let mut head = String::new();
                for c in word.chars() {
                    if self.width(&format!("{head}{c}-"), size, bold) > width && !head.is_empty() {
                        break;
                    }
                    head.push(c);
                }
                // Leave at least three letters for the next line.
                let total = word.chars().count();
                while total - head.chars().count() < 3 && head.chars().count() > 3 {
                    head.pop();
                }
                if !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                }
                let rest = word[head.len()..].to_owned();
                lines.push(format!("{head}-"));
                word = rest;
            }
            let word = word.as_str();
            let candidate = if line.is_empty() {
                word.to_owned()
            } else {
                format!("{line} {word}")
            };
            if self.width(&candidate, size, bold) <= width || line.is_empty() {
                line = candidate;
            } else {
                lines.push(std::mem::take(&mut line));
                line = word.to_owned();
            }
        }
        if !line.is_empty() || lines.is_empty() {
            lines.push(line);
        }
        lines
    }
}

/// The pages being laid out.
struct Pages {
    pages: Vec<Vec<Op>>,
    y: f32,
    m: Measure,
}

/// A table column: header, width, right-aligned.
struct Column {
    header: &'static str,
    width: f32,
    right: bool,
}

impl Pages {
    fn new() -> Result<Self, ReportError> {
        Ok(Self {
            pages: vec![Vec::new()],
            y: TOP,
            m: Measure::new()?,
        })
    }

    fn page(&mut self) -> &mut Vec<Op> {
        if self.pages.is_empty() {
            self.pages.push(Vec::new());
        }
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    fn new_page(&mut self) {
        if self.page().is_empty() {
            return;
        }
        self.pages.push(Vec::new());
        self.y = TOP;
    }

    /// Starts a new page unless `height` points still fit.
    fn need(&mut self, height: f32) {
        if self.y + height > BOTTOM {
            self.new_page();
        }
    }

    fn text_at(&mut self, x: f32, size: f32, bold: bool, color: Color, text: &str) {
        let y = self.y + size;
        self.page().push(Op::Text {
            x,
            y,
            size,
            bold,
            color,
            text: text.to_owned(),
        });
    }

    /// A wrapped paragraph.
    fn paragraph(&mut self, text: &str, size: f32, bold: bool, color: Color) {
        for line in self.m.wrap(text, size, bold, WIDTH) {
            self.need(size * 1.4);
            self.text_at(LEFT, size, bold, color, &line);
            self.y += size * 1.4;
        }
    }

    fn heading(&mut self, text: &str) {
        self.need(60.0);
        self.y += 6.0;
        self.text_at(LEFT, 13.0, true, BLACK, text);
        self.y += 20.0;
    }

    fn rule(&mut self, color: Color) {
        let y = self.y;
        self.page().push(Op::Rule { y, color });
    }

    /// Label and value side by side, each wrapped in its column.
    fn figure(&mut self, label: &str, value: &str, color: Color) {
        const LABEL_W: f32 = 200.0;
        let labels = self.m.wrap(label, 10.0, false, LABEL_W - 8.0);
        let values = self.m.wrap(value, 10.0, true, WIDTH - LABEL_W);
        let lines = labels.len().max(values.len());
        self.need(14.0 * lines as f32 + 4.0);
        let y0 = self.y;
        for line in labels {
            self.text_at(LEFT, 10.0, false, GREY, &line);
            self.y += 14.0;
        }
        self.y = y0;
        for line in values {
            self.text_at(LEFT + LABEL_W, 10.0, true, color, &line);
            self.y += 14.0;
        }
        self.y = y0 + 14.0 * lines as f32 + 3.0;
    }

    fn chart(&mut self, svg: String) {
        self.need(CHART_H + 12.0);
        let y = self.y;
        self.page().push(Op::Chart { y, svg });
        self.y += CHART_H + 14.0;
    }

    /// A table with a header row repeated on every page; cells wrap in their column.
    fn table(&mut self, columns: &[Column], rows: &[Vec<String>]) {
        let size = 8.5;
        let line = size * 1.35;
        let header = |p: &mut Self| {
            let mut x = LEFT;
            for c in columns {
                let tx = if c.right {
                    x + c.width - 4.0 - p.m.width(c.header, size, true)
                } else {
                    x
                };
                p.text_at(tx, size, true, GREY, c.header);
                x += c.width;
            }
            p.y += line + 2.0;
            p.rule(RULE);
            p.y += 3.0;
        };
        self.need(line * 3.0);
        header(self);
        for row in rows {
            // A cell longer than a third of a page is cut, so a row always fits on a page.
            let max_lines = ((BOTTOM - TOP) / line / 3.0) as usize;
            let cells: Vec<Vec<String>> = columns
                .iter()
                .zip(row)
                .map(|(c, text)| {
                    let mut lines = self.m.wrap(text, size, false, c.width - 6.0);
                    if lines.len() > max_lines {
                        lines.truncate(max_lines);
                        if let Some(last) = lines.last_mut() {
                            last.push_str(" …");
                        }
                    }
                    lines
                })
                .collect();
            let height = cells.iter().map(Vec::len).max().unwrap_or(1) as f32 * line + 3.0;
            if self.y + height > BOTTOM {
                self.new_page();
                header(self);
            }
            let mut x = LEFT;
            for (c, lines) in columns.iter().zip(&cells) {
                let y0 = self.y;
                for l in lines {
                    let tx = if c.right {
                        x + c.width - 4.0 - self.m.width(l, size, false)
                    } else {
                        x
                    };
                    self.text_at(tx, size, false, BLACK, l);
                    self.y += line;
                }
                self.y = y0;
                x += c.width;
            }
            self.y += height;
        }
    }
}

fn health_color(h: Health) -> Color {
    crate::charts::style::health_rgb(h)
}

fn layout(fig: &Figures, settings: &ReportSettings) -> Result<Vec<Vec<Op>>, ReportError> {
    let mut p = Pages::new()?;
    // Title page.
    p.y = TOP + 40.0;
    p.paragraph(&settings.group, 11.0, false, GREY);
    p.y += 8.0;
    p.paragraph(&settings.title, 22.0, true, BLACK);
    p.y += 4.0;
    p.paragraph(&settings.committee, 13.0, false, BLACK);
    p.y += 6.0;
    let meeting = settings
        .meeting_date
        .map_or_else(String::new, |d| format!("Sitzung am {} · ", date(d)));
    p.paragraph(
        &format!("{meeting}Datenstand {}", date(fig.data_date)),
        10.5,
        false,
        GREY,
    );
    if !fig.filter_label.is_empty() {
        p.paragraph(&format!("Auswahl: {}", fig.filter_label), 10.5, false, GREY);
    }
    if fig.example_data {
        p.paragraph(
            "Beispieldaten: Fallzahlen, Reifegrade, Amtszuordnungen, Bewertungen und Projekte sind Beispielwerte.",
            10.0,
            true,
            RED,
        );
    }
    p.y += 10.0;
    p.rule(BLACK);
    p.y += 18.0;
    if settings.has(ReportSection::KeyFigures) {
        p.text_at(LEFT, 13.0, true, BLACK, "Kennzahlen");
        p.y += 22.0;
        for card in fig.cards() {
            let value = if card.detail.is_empty() {
                card.value
            } else {
                format!("{} ({})", card.value, card.detail)
            };
            p.figure(&card.label, &value, BLACK);
        }
        if let Some((light, sentence)) = fig.forecast_light() {
            p.y += 8.0;
            p.figure(
                "Ampel der Prognose",
                &format!("{} – {sentence}", light.label()),
                health_color(light),
            );
        }
        let red: Vec<&ProjectLine> = fig
            .risks
            .iter()
            .filter(|r| r.health == Health::Red)
            .take(5)
            .collect();
        if !red.is_empty() {
            p.y += 8.0;
            p.text_at(LEFT, 11.0, true, BLACK, "Größte Risiken");
            p.y += 17.0;
            for r in red {
                let comment = if r.comment.is_empty() {
                    String::new()
                } else {
                    format!(": {}", r.comment)
                };
                p.paragraph(
                    &format!("● {} (Amt {}, {}){comment}", r.name, r.office, r.step),
                    9.5,
                    false,
                    BLACK,
                );
            }
        }
    }
    let charts: Vec<ChartKind> = ChartKind::ALL
        .into_iter()
        .filter(|k| settings.has(ReportSection::Chart(*k)))
        .collect();
    if !charts.is_empty() {
        if settings.has(ReportSection::KeyFigures) {
            p.new_page();
        }
        let canvas = Canvas {
            width: (WIDTH * 2.0) as u32,
            height: (CHART_H * 2.0) as u32,
            scale: 2.0,
        };
        for kind in charts {
            p.chart(render_svg(kind, fig, &canvas)?);
        }
    }
    if settings.has(ReportSection::TopList) {
        p.y += 12.0;
        let t = &fig.top;
        p.heading(&format!("Die Top {} im Einzelnen", t.n));
        let note = match &t.snapshot {
            Some(s) if t.not_comparable => {
                format!("Der Stand „{s}“ ist anders gruppiert und kann nicht verglichen werden.")
            }
            Some(s) => format!(
                "Bewegung gegenüber dem Stand „{s}“: ▲ aufgestiegen, ▼ abgestiegen, neu = neu in der Liste."
            ),
            None => "Es gibt noch keinen eingefrorenen Stand zum Vergleich.".to_owned(),
        };
        p.paragraph(&note, 9.0, false, GREY);
        p.y += 6.0;
        let rows: Vec<Vec<String>> = t
            .rows
            .iter()
            .map(|r| {
                vec![
                    r.rank.to_string(),
                    if r.pinned {
                        format!("{} (von Hand gesetzt)", r.name)
                    } else {
                        r.name.clone()
                    },
                    r.office.clone(),
                    decimal(r.score, 1),
                    crate::charts::movement_text(r.movement),
                ]
            })
            .collect();
        p.table(
            &[
                Column {
                    header: "Rang",
                    width: 36.0,
                    right: true,
                },
                Column {
                    header: "Leistung",
                    width: 300.0,
                    right: false,
                },
                Column {
                    header: "Amt",
                    width: 50.0,
                    right: false,
                },
                Column {
                    header: "Punkte",
                    width: 48.0,
                    right: true,
                },
                Column {
                    header: "Bewegung",
                    width: 48.0,
                    right: false,
                },
            ],
            &rows,
        );
        if !t.dropped.is_empty() {
            p.y += 8.0;
            p.paragraph(
                &format!("Aus der Liste gefallen: {}", t.dropped.join("; ")),
                9.0,
                false,
                GREY,
            );
        }
    }
    if settings.has(ReportSection::Risks) {
        p.y += 12.0;
        p.heading("Überfällige und rote Projekte");
        if fig.risks.is_empty() {
            p.paragraph("Kein Projekt ist überfällig oder rot.", 10.0, false, BLACK);
        } else {
            let rows: Vec<Vec<String>> = fig.risks.iter().map(risk_row).collect();
            p.table(
                &[
                    Column {
                        header: "Projekt",
                        width: 150.0,
                        right: false,
                    },
                    Column {
                        header: "Amt",
                        width: 38.0,
                        right: false,
                    },
                    Column {
                        header: "Schritt",
                        width: 92.0,
                        right: false,
                    },
                    Column {
                        header: "Ampel",
                        width: 62.0,
                        right: false,
                    },
                    Column {
                        header: "Kommentar",
                        width: 140.0,
                        right: false,
                    },
                ],
                &rows,
            );
        }
    }
    if settings.has(ReportSection::NewInOperation) {
        let since = settings.since_date(fig.today);
        let live: Vec<&ProjectLine> = fig
            .live
            .iter()
            .filter(|l| l.go_live.is_some_and(|d| d >= since))
            .collect();
        p.y += 16.0;
        p.heading(&format!("Neu in Betrieb seit {}", date(since)));
        if live.is_empty() {
            p.paragraph("Seitdem ging kein Projekt in Betrieb.", 10.0, false, BLACK);
        } else {
            let rows: Vec<Vec<String>> = live
                .iter()
                .map(|l| {
                    vec![
                        l.name.clone(),
                        l.office.clone(),
                        l.go_live.map_or_else(String::new, date),
                    ]
                })
                .collect();
            p.table(
                &[
                    Column {
                        header: "Projekt",
                        width: 330.0,
                        right: false,
                    },
                    Column {
                        header: "Amt",
                        width: 60.0,
                        right: false,
                    },
                    Column {
                        header: "in Betrieb seit",
                        width: 92.0,
                        right: false,
                    },
                ],
                &rows,
            );
        }
    }
    Ok(p.pages.into_iter().filter(|pg| !pg.is_empty()).collect())
}

fn risk_row(r: &ProjectLine) -> Vec<String> {
    let mut light = r.health.label().to_owned();
    if r.overdue {
        light.push_str(", überfällig");
    }
    vec![
        r.name.clone(),
        r.office.clone(),
        r.step.clone(),
        light,
        r.comment.clone(),
    ]
}

// ---------------------------------------------------------------------------------------------
// Rendering

fn svg_options() -> usvg::Options<'static> {
    let mut opt = usvg::Options::default();
    let db = opt.fontdb_mut();
    db.load_font_data(FONT_REGULAR.to_vec());
    db.load_font_data(FONT_BOLD.to_vec());
    db.set_sans_serif_family(FONT_NAME);
    db.set_serif_family(FONT_NAME);
    opt.font_family = FONT_NAME.to_owned();
    opt
}

fn fill(c: Color) -> Fill {
    Fill {
        paint: rgb::Color::new(c.0, c.1, c.2).into(),
        ..Fill::default()
    }
}

/// Strokes a path in `color`, `width` points wide, without a fill.
fn stroke(surface: &mut krilla::surface::Surface<'_>, path: PathBuilder, color: Color, width: f32) {
    if let Some(path) = path.finish() {
        surface.set_fill(None);
        surface.set_stroke(Some(Stroke {
            paint: rgb::Color::new(color.0, color.1, color.2).into(),
            width,
            ..Stroke::default()
        }));
        surface.draw_path(&path);
        surface.set_stroke(None);
    }
}

fn render(
    pages: &[Vec<Op>],
    fig: &Figures,
    settings: &ReportSettings,
) -> Result<Vec<u8>, ReportError> {
    let regular = Font::new(Arc::new(FONT_REGULAR.to_vec()).into(), 0)
        .ok_or_else(|| ReportError::Pdf("Schrift nicht lesbar".to_owned()))?;
    let bold = Font::new(Arc::new(FONT_BOLD.to_vec()).into(), 0)
        .ok_or_else(|| ReportError::Pdf("Schrift nicht lesbar".to_owned()))?;
    let options = svg_options();
    let measure = Measure::new()?;
    let mut doc = Document::new();
    doc.set_metadata(
        Metadata::new()
            .title(format!("{} – {}", settings.title, settings.committee))
            .creator("ozg-cockpit".to_owned())
            .language("de".to_owned()),
    );
    let total = pages.len();
    let page_settings = PageSettings::from_wh(PAGE_W, PAGE_H)
        .ok_or_else(|| ReportError::Pdf("Seitengröße".to_owned()))?;
    for (n, ops) in pages.iter().enumerate() {
        let mut page = doc.start_page_with(page_settings.clone());
        let mut surface = page.surface();
        let text = |s: &mut krilla::surface::Surface<'_>,
                    x: f32,
                    y: f32,
                    size: f32,
                    b: bool,
                    c: Color,
                    t: &str| {
            s.set_fill(Some(fill(c)));
            s.draw_text(
                Point::from_xy(x, y),
                if b { bold.clone() } else { regular.clone() },
                size,
                t,
                false,
                TextDirection::Auto,
            );
        };
        for op in ops {
            match op {
                Op::Text {
                    x,
                    y,
                    size,
                    bold: b,
                    color,
                    text: t,
                } => text(&mut surface, *x, *y, *size, *b, *color, t),
                Op::Rule { y, color } => {
                    let mut pb = PathBuilder::new();
                    pb.move_to(LEFT, *y);
                    pb.line_to(LEFT + WIDTH, *y);
                    stroke(&mut surface, pb, *color, 0.75);
                }
                Op::Chart { y, svg } => {
                    let tree = usvg::Tree::from_str(svg, &options)
                        .map_err(|e| ReportError::Pdf(format!("Diagramm: {e}")))?;
                    surface.push_transform(&Transform::from_translate(LEFT, *y));
                    let size = Size::from_wh(WIDTH, CHART_H)
                        .ok_or_else(|| ReportError::Pdf("Diagrammgröße".to_owned()))?;
                    surface.draw_svg(&tree, size, SvgSettings::default());
                    surface.pop();
                    // A hairline frame around the chart, as in print.
                    if let Some(r) = Rect::from_xywh(LEFT, *y, WIDTH, CHART_H) {
                        let mut pb = PathBuilder::new();
                        pb.push_rect(r);
                        stroke(&mut surface, pb, RULE, 0.5);
                    }
                }
            }
        }
        // Footer: the file's data date and the page number.
        let footer_y = PAGE_H - 30.0;
        let right = format!("Seite {} von {}", n + 1, total);
        let w = measure.width(&right, 8.0, false);
        let dated = format!(" · Datenstand {}", date(fig.data_date));
        let room = WIDTH - w - 16.0 - measure.width(&dated, 8.0, false);
        let left = format!("{}{dated}", measure.shorten(&settings.title, 8.0, room));
        text(&mut surface, LEFT, footer_y, 8.0, false, GREY, &left);
        text(
            &mut surface,
            LEFT + WIDTH - w,
            footer_y,
            8.0,
            false,
            GREY,
            &right,
        );
        surface.finish();
        page.finish();
    }
    doc.finish().map_err(|e| ReportError::Pdf(format!("{e:?}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        crate::model::project::parse_date(s).unwrap()
    }

    #[test]
    fn new_in_operation_since_the_last_meeting_once_it_has_passed() {
        let today = day("29.11.2026");
        let fresh = ReportSettings::default();
        assert_eq!(fresh.since_date(today), day("30.08.2026"), "three months");
        let chosen = ReportSettings {
            since: Some(day("01.10.2026")),
            meeting_date: Some(day("10.12.2026")),
            ..ReportSettings::default()
        };
        let kept = chosen.remembered_after_writing(day("28.11.2026"), today);
        assert_eq!(kept.since, None, "a chosen day is for one report");
        assert_eq!(kept.last_report, Some(day("10.12.2026")));
        // Before the meeting, a new report is for the same meeting.
        assert_eq!(kept.since_date(today), day("01.10.2026"));
        // After it, the next report starts at the meeting.
        assert_eq!(kept.since_date(day("02.02.2027")), day("10.12.2026"));
    }

    #[test]
    fn a_chosen_data_date_holds_only_while_the_data_are_unchanged() {
        let s = ReportSettings {
            data_date: Some(day("30.11.2026")),
            data_date_of_file: Some(day("28.11.2026")),
            ..ReportSettings::default()
        };
        assert_eq!(s.data_date_for(day("28.11.2026")), day("30.11.2026"));
        assert_eq!(s.data_date_for(day("01.12.2026")), day("01.12.2026"));
        let json = s.to_json();
        let back: ReportSettings = serde_json::from_str(&json).unwrap();
        assert_eq!(back, s);
        let old: ReportSettings = serde_json::from_str(r#"{"title":"Alt"}"#).unwrap();
        assert_eq!(old.title, "Alt");
        assert_eq!(
            old.sections,
            ReportSection::all(),
            "missing fields take defaults"
        );
    }
}
