//! "Änderungen": the file's change log – who changed what when, field by field – with filters
//! by person, date, object and field, a jump to the object, and the export as CSV. The log is
//! read on a worker whenever the data changed; the filtered lines are kept until the filter
//! or the log changes, so a frame shows only the rows in view.

use std::path::{Path, PathBuf};

use egui::Ui;
use egui_extras::{Column, TableBuilder};

use super::Action;
use super::jobs::Job;
use super::widgets::table::{filter_combo, reset_filters};
use crate::exchange::export::Cell;
use crate::model::Workspace;
use crate::model::collate::search_fold;
use crate::model::format::counted;
use crate::model::project::parse_date;
use crate::sync::describe::{LogLine, Target, log_lines};

/// What the log is filtered by.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LogFilter {
    pub author: Option<String>,
    pub field: Option<String>,
    /// Words of the object ("Wohngeld", "Projekt 3").
    pub object: String,
    /// From and until this day (TT.MM.JJJJ), both included.
    pub from: String,
    pub until: String,
    /// Only the changes of one object (chosen from its view).
    pub target: Option<Target>,
}

impl LogFilter {
    fn is_set(&self) -> bool {
        *self != Self::default()
    }
}

/// The change log view.
#[derive(Default)]
pub struct ChangeLogView {
    lines: Vec<LogLine>,
    authors: Vec<(String, String)>,
    fields: Vec<(String, String)>,
    /// The workspace revision the lines were read at.
    loaded: Option<u64>,
    loading: Option<Job<Result<Vec<LogLine>, String>>>,
    problem: Option<String>,
    pub filter: LogFilter,
    /// Indices of the lines the filter lets through, and what they were made for.
    shown: Vec<usize>,
    shown_for: Option<(LogFilter, usize)>,
    /// Bumped when new lines arrive.
    generation: usize,
    /// Lines given, not read from a file.
    fixed: bool,
}

impl ChangeLogView {
    /// The view over given lines (newest first), as if read from a file.
    pub fn with_lines(lines: Vec<LogLine>) -> Self {
        let mut view = Self::default();
        view.take(lines);
        view.fixed = true;
        view
    }

    fn take(&mut self, lines: Vec<LogLine>) {
        let distinct = |get: &dyn Fn(&LogLine) -> &str| {
            let mut v: Vec<String> = lines.iter().map(|l| get(l).to_owned()).collect();
            v.sort();
            v.dedup();
            v.into_iter().map(|s| (s.clone(), s)).collect::<Vec<_>>()
        };
        self.authors = distinct(&|l| &l.author);
        self.fields = distinct(&|l| &l.field);
        self.lines = lines;
        self.generation += 1;
    }

    /// Reads the log again (on a worker) when the data changed since it was read.
    fn refresh(&mut self, ui: &Ui, ws: &Workspace, path: &Path) {
        if let Some(job) = &mut self.loading
            && let Some(result) = job.poll()
        {
            self.loading = None;
            match result {
                Ok(lines) => {
                    self.problem = None;
                    self.take(lines);
                }
                Err(e) => self.problem = Some(e),
            }
        }
        if self.fixed || self.loading.is_some() || self.loaded == Some(ws.revision()) {
            return;
        }
        self.loaded = Some(ws.revision());
        let ws = ws.clone();
        let path: PathBuf = path.to_path_buf();
        let job = Job::spawn("change-log", ui.ctx(), move |_| {
            let conn = rusqlite::Connection::open_with_flags(
                &path,
                rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY
                    | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
            )
            .map_err(|e| e.to_string())?;
            let entries = crate::store::changes::log_entries(&conn).map_err(|e| e.to_string())?;
            Ok(log_lines(&ws, &entries))
        });
        match job {
            Ok(job) => self.loading = Some(job),
            Err(e) => self.problem = Some(e.to_string()),
        }
    }

    /// The lines the filter lets through, newest first.
    pub fn shown(&mut self) -> &[usize] {
        let key = (self.filter.clone(), self.generation);
        if self.shown_for.as_ref() != Some(&key) {
            let f = &self.filter;
            let needle = search_fold(&f.object);
            let from = parse_date(&f.from);
            let until = parse_date(&f.until);
            self.shown = self
                .lines
                .iter()
                .enumerate()
                .filter(|(_, l)| {
                    f.target.is_none_or(|t| t == l.target)
                        && f.author.as_ref().is_none_or(|a| *a == l.author)
                        && f.field.as_ref().is_none_or(|x| *x == l.field)
                        && (needle.is_empty() || search_fold(&l.object).contains(&needle))
                        && from.is_none_or(|d| l.day.is_some_and(|day| day >= d))
                        && until.is_none_or(|d| l.day.is_some_and(|day| day <= d))
                })
                .map(|(i, _)| i)
                .collect();
            self.shown_for = Some(key);
        }
        &self.shown
    }

    /// The shown lines as a table for the export.
    pub fn export_rows(&mut self) -> (Vec<&'static str>, Vec<Vec<Cell>>) {
        let shown = self.shown().to_vec();
        let rows = shown
            .iter()
            .filter_map(|&i| self.lines.get(i))
            .map(|l| {
                vec![
                    Cell::text(&l.when),
                    Cell::text(&l.author),
                    Cell::text(&l.object),
                    Cell::text(&l.field),
                    Cell::text(&l.old),
                    Cell::text(&l.new),
                ]
            })
            .collect();
        (HEADERS.to_vec(), rows)
    }

    /// Draws the view.
    pub fn ui(&mut self, ui: &mut Ui, ws: &Workspace, path: &Path) -> Vec<Action> {
        self.refresh(ui, ws, path);
        let mut actions = Vec::new();
        ui.horizontal_wrapped(|ui| {
            ui.heading("Änderungen");
            if self.filter.target.is_some() {
                let object = self
                    .lines
                    .iter()
                    .find(|l| Some(l.target) == self.filter.target)
                    .map_or_else(|| "ein Objekt".to_owned(), |l| l.object.clone());
                if ui
                    .button(format!("nur {object} ✕"))
                    .on_hover_text("Wieder alle Objekte zeigen")
                    .clicked()
                {
                    self.filter.target = None;
                }
            }
            filter_combo(ui, "Wer", &mut self.filter.author, &self.authors);
            filter_combo(ui, "Feld", &mut self.filter.field, &self.fields);
            let label = ui.label("Objekt");
            ui.add(
                egui::TextEdit::singleline(&mut self.filter.object)
                    .hint_text("Leistung, Projekt …")
                    .desired_width(160.0),
            )
            .labelled_by(label.id);
            for (text, value) in [
                ("von", &mut self.filter.from),
                ("bis", &mut self.filter.until),
            ] {
                let label = ui.label(text);
                let field = ui
                    .add(
                        egui::TextEdit::singleline(value)
                            .hint_text("TT.MM.JJJJ")
                            .desired_width(84.0),
                    )
                    .labelled_by(label.id);
                if !value.trim().is_empty() && parse_date(value).is_none() {
                    field.on_hover_text("Kein Datum (TT.MM.JJJJ) – dieser Filter gilt nicht.");
                }
            }
            if reset_filters(ui, self.filter.is_set()) {
                self.filter = LogFilter::default();
            }
            if ui.button("Als CSV exportieren…").clicked() {
                actions.push(Action::Prompt(super::Purpose::ExportLog));
            }
        });
        let total = self.lines.len();
        let shown = self.shown().len();
        ui.horizontal(|ui| {
            ui.label(if shown == total {
                counted(total, "Änderung", "Änderungen")
            } else {
                format!("{shown} von {}", counted(total, "Änderung", "Änderungen"))
            });
            if self.loading.is_some() {
                ui.spinner();
            }
            if let Some(p) = &self.problem {
                ui.colored_label(
                    ui.visuals().error_fg_color,
                    format!("Das Protokoll konnte nicht gelesen werden: {p}"),
                );
            }
        });
        ui.separator();
        self.table(ui, &mut actions);
        actions
    }

    fn table(&mut self, ui: &mut Ui, actions: &mut Vec<Action>) {
        let shown = self.shown().to_vec();
        let row_height = ui.text_style_height(&egui::TextStyle::Body) + 6.0;
        TableBuilder::new(ui)
            .id_salt("change_log")
            .striped(true)
            .resizable(true)
            .column(Column::exact(120.0))
            .column(Column::initial(130.0).at_least(60.0).clip(true))
            .column(Column::initial(300.0).at_least(80.0).clip(true))
            .column(Column::initial(140.0).at_least(60.0).clip(true))
            .column(Column::initial(200.0).at_least(60.0).clip(true))
            .column(Column::remainder().at_least(60.0).clip(true))
            .header(row_height, |mut header| {
                for h in HEADERS {
                    header.col(|ui| {
                        ui.strong(h);
                    });
                }
            })
            .body(|body| {
                body.rows(row_height, shown.len(), |mut row| {
                    let Some(line) = shown.get(row.index()).and_then(|&i| self.lines.get(i)) else {
                        return;
                    };
                    row.col(|ui| {
                        ui.label(&line.when);
                    });
                    row.col(|ui| {
                        ui.label(&line.author);
                    });
                    row.col(|ui| {
                        if line.target == Target::None {
                            ui.label(&line.object);
                        } else if ui.link(&line.object).on_hover_text("Zeigen").clicked() {
                            actions.push(Action::Show(line.target));
                        }
                    });
                    row.col(|ui| {
                        ui.label(&line.field);
                    });
                    row.col(|ui| {
                        ui.label(&line.old);
                    });
                    row.col(|ui| {
                        ui.label(&line.new);
                    });
                });
            });
    }
}

const HEADERS: [&str; 6] = ["Zeit", "Wer", "Objekt", "Feld", "Vorher", "Nachher"];
