//! The import of a service catalogue in the GUI: reading on a thread, the preview with column
//! mapping, the import on a thread with a progress bar, and the summary.

use std::path::PathBuf;

use egui::Ui;

use crate::exchange::catalogue::{
    CatalogueField, ColumnMapping, ImportOptions, ImportRefusal, ImportSummary, import_table,
    plan_import,
};
use crate::exchange::{ImportError, RawTable, read_table};
use crate::model::Workspace;
use crate::store::Store;

use super::jobs::Job;

type ReadResult = Result<RawTable, ImportError>;
type WriteResult = Result<(ImportSummary, Workspace), ImportRefusal>;

enum Stage {
    Reading(Job<ReadResult>),
    Preview {
        table: RawTable,
        mapping: ColumnMapping,
        options: ImportOptions,
        /// What the import would do with the mapping it was worked out for.
        outlook: Option<(ColumnMapping, String)>,
    },
    Importing {
        job: Job<WriteResult>,
        table: RawTable,
        mapping: ColumnMapping,
    },
    Refused {
        message: String,
        retry: Option<(RawTable, ColumnMapping)>,
    },
    Finished(ImportSummary),
}

/// What the app must do after the import dialog's frame.
pub enum ImportEvent {
    None,
    /// Start the import on a worker connection.
    Run(Box<(RawTable, ColumnMapping, ImportOptions)>),
    /// The import wrote data: take over the new workspace.
    Loaded(Box<Workspace>),
    Close,
}

/// A running or finished import.
pub struct ImportFlow {
    path: PathBuf,
    stage: Stage,
    pending_workspace: Option<Workspace>,
}

fn not_started(e: &std::io::Error) -> Stage {
    Stage::Refused {
        message: format!("Der Import konnte nicht gestartet werden ({e})."),
        retry: None,
    }
}

impl ImportFlow {
    /// Starts reading `path` on a thread.
    pub fn start(path: PathBuf, ctx: &egui::Context) -> Self {
        let file = path.clone();
        let job = Job::spawn("import-read", ctx, move |progress| {
            read_table(&file, &|f: f32| progress(f))
        });
        let stage = match job {
            Ok(job) => Stage::Reading(job),
            Err(e) => not_started(&e),
        };
        Self {
            path,
            stage,
            pending_workspace: None,
        }
    }

    /// Runs the import on `worker`, a second connection to the open file.
    pub fn run(
        &mut self,
        mut worker: Store,
        table: RawTable,
        mapping: ColumnMapping,
        options: ImportOptions,
        ctx: &egui::Context,
    ) {
        let (job_table, job_mapping) = (table.clone(), mapping.clone());
        let job = Job::spawn("import-write", ctx, move |progress| {
            let report = |f: f32| progress(f);
            let summary = import_table(
                &mut worker,
                &job_table,
                Some(&job_mapping),
                options,
                &report,
            )?;
            let ws = worker.load().map_err(ImportError::Store)?;
            Ok((summary, ws))
        });
        self.stage = match job {
            Ok(job) => Stage::Importing {
                job,
                table,
                mapping,
            },
            Err(e) => not_started(&e),
        };
    }

    fn poll(&mut self) {
        match &mut self.stage {
            Stage::Reading(job) => match job.poll() {
                None => {}
                Some(Ok(table)) => {
                    let mapping = ColumnMapping::guess(&table.headers);
                    self.stage = Stage::Preview {
                        table,
                        mapping,
                        options: ImportOptions::default(),
                        outlook: None,
                    };
                }
                Some(Err(e)) => {
                    self.stage = Stage::Refused {
                        message: e.to_string(),
                        retry: None,
                    };
                }
            },
            Stage::Importing {
                job,
                table,
                mapping,
            } => match job.poll() {
                None => {}
                Some(Ok((summary, ws))) => {
                    self.pending_workspace = Some(ws);
                    self.stage = Stage::Finished(summary);
                }
                Some(Err(e)) => {
                    let retry = matches!(e, ImportRefusal::InvalidRows(_))
                        .then(|| (std::mem::take(table), std::mem::take(mapping)));
                    self.stage = Stage::Refused {
                        message: e.to_string(),
                        retry,
                    };
                }
            },
            _ => {}
        }
    }

    /// Whether the import is writing (the app takes no edits meanwhile).
    pub fn is_busy(&self) -> bool {
        matches!(self.stage, Stage::Reading(_) | Stage::Importing { .. })
    }

    /// Draws the dialog.
    pub fn ui(&mut self, ctx: &egui::Context, ws: &Workspace) -> ImportEvent {
        self.poll();
        if let Some(ws) = self.pending_workspace.take() {
            return ImportEvent::Loaded(Box::new(ws));
        }
        let mut event = ImportEvent::None;
        let file_name = self
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        egui::Modal::new(egui::Id::unique("import_dialog")).show(ctx, |ui: &mut Ui| {
            ui.set_width(820.0);
            ui.heading(format!("Import: {file_name}"));
            ui.add_space(4.0);
            match &mut self.stage {
                Stage::Reading(job) => {
                    ui.label("Die Datei wird gelesen …");
                    ui.add(egui::ProgressBar::new(job.progress).show_percentage());
                }
                Stage::Importing { job, .. } => {
                    ui.label("Die Leistungen werden geprüft und gespeichert …");
                    ui.add(egui::ProgressBar::new(job.progress).show_percentage());
                }
                Stage::Preview {
                    table,
                    mapping,
                    options,
                    outlook,
                } => {
                    if outlook.as_ref().is_none_or(|(m, _)| m != mapping) {
                        let text = match plan_import(table, mapping, ws) {
                            Ok(plan) => plan.summary().text(),
                            Err(e) => e.to_string(),
                        };
                        *outlook = Some((mapping.clone(), text));
                    }
                    let text = outlook.as_ref().map_or("", |(_, t)| t.as_str());
                    event = preview_ui(ui, table, mapping, options, text);
                }
                Stage::Refused { message, retry } => {
                    ui.colored_label(
                        ui.visuals().error_fg_color,
                        "Der Import wurde abgelehnt. Die Datenbank ist unverändert.",
                    );
                    egui::ScrollArea::vertical()
                        .max_height(320.0)
                        .show(ui, |ui| {
                            ui.label(message.as_str());
                        });
                    ui.add_space(8.0);
                    ui.horizontal(|ui| {
                        if let Some((table, mapping)) = retry
                            && ui.button("Nur gültige Zeilen importieren").clicked()
                        {
                            event = ImportEvent::Run(Box::new((
                                table.clone(),
                                mapping.clone(),
                                ImportOptions { skip_invalid: true },
                            )));
                        }
                        if ui.button("Schließen").clicked() {
                            event = ImportEvent::Close;
                        }
                    });
                }
                Stage::Finished(summary) => {
                    ui.label("Der Import ist abgeschlossen.");
                    egui::ScrollArea::vertical()
                        .max_height(320.0)
                        .show(ui, |ui| {
                            ui.label(summary.text());
                        });
                    if ui.button("Schließen").clicked() {
                        event = ImportEvent::Close;
                    }
                }
            }
        });
        event
    }
}

fn preview_ui(
    ui: &mut Ui,
    table: &RawTable,
    mapping: &mut ColumnMapping,
    options: &mut ImportOptions,
    outlook: &str,
) -> ImportEvent {
    let mut event = ImportEvent::None;
    ui.label(format!(
        "{} – erkannt: {} – {} Datenzeilen",
        table.format_note,
        ColumnMapping::layout_name(&table.headers),
        table.rows.len()
    ));
    ui.add_space(4.0);
    ui.label("Spalten zuordnen (LeiKa-Schlüssel und Bezeichnung sind nötig):");
    egui::Grid::new("mapping").num_columns(4).show(ui, |ui| {
        for (i, field) in CatalogueField::ALL.iter().enumerate() {
            let label = ui.label(field.label());
            let current = mapping.column(*field);
            let shown = current
                .and_then(|c| table.headers.get(c))
                .map_or("(keine)".to_owned(), |h| h.clone());
            egui::ComboBox::from_id_salt(("map", i))
                .selected_text(shown)
                .width(200.0)
                .show_ui(ui, |ui| {
                    if ui.selectable_label(current.is_none(), "(keine)").clicked() {
                        mapping.set(*field, None);
                    }
                    for (c, h) in table.headers.iter().enumerate() {
                        if ui
                            .selectable_label(current == Some(c), h.as_str())
                            .clicked()
                        {
                            mapping.set(*field, Some(c));
                        }
                    }
                })
                .response
                .labelled_by(label.id);
            if i % 2 == 1 {
                ui.end_row();
            }
        }
    });
    ui.add_space(6.0);
    ui.label("Vorschau der ersten Zeilen:");
    egui::ScrollArea::both()
        .max_height(180.0)
        .id_salt("preview")
        .show(ui, |ui| {
            egui::Grid::new("preview_grid")
                .striped(true)
                .show(ui, |ui| {
                    ui.label("Zeile");
                    for h in &table.headers {
                        ui.strong(h.as_str());
                    }
                    ui.end_row();
                    for (i, row) in table.rows.iter().take(8).enumerate() {
                        ui.label(table.line_of(i).to_string());
                        for cell in row {
                            let short: String = cell.chars().take(40).collect();
                            ui.label(short);
                        }
                        ui.end_row();
                    }
                });
        });
    ui.add_space(6.0);
    ui.strong("Das würde der Import tun:");
    egui::ScrollArea::vertical()
        .max_height(120.0)
        .id_salt("outlook")
        .show(ui, |ui| {
            ui.label(outlook);
        });
    ui.add_space(6.0);
    ui.checkbox(
        &mut options.skip_invalid,
        "Ungültige Zeilen überspringen (sonst lehnt eine ungültige Zeile den ganzen Import ab)",
    );
    ui.label("Bekannte Leistungen (gleicher LeiKa-Schlüssel) erhalten die Katalogfelder; Amt, Reifegrade, Fallzahl und Notizen bleiben.");
    ui.horizontal(|ui| {
        let ready = mapping.column(CatalogueField::Key).is_some()
            && mapping.column(CatalogueField::Name).is_some();
        if ui
            .add_enabled(ready, egui::Button::new("Importieren"))
            .clicked()
        {
            event = ImportEvent::Run(Box::new((table.clone(), mapping.clone(), *options)));
        }
        if ui.button("Abbrechen").clicked() {
            event = ImportEvent::Close;
        }
    });
    event
}
