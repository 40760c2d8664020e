//! The import of a service catalogue in the GUI: reading on a thread, the preview with column
//! mapping, the import on a thread with a progress bar, and the summary.

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, channel};

use egui::Ui;

use crate::exchange::catalogue::{
    CatalogueField, ColumnMapping, ImportOptions, ImportRefusal, ImportSummary, import_table,
};
use crate::exchange::{ImportError, RawTable, read_table};
use crate::model::Workspace;
use crate::store::Store;

/// Messages from the import threads.
enum Message {
    Progress(f32),
    Table(Result<RawTable, ImportError>),
    Done(Box<Result<(ImportSummary, Workspace), ImportRefusal>>),
}

enum Stage {
    Reading,
    Preview {
        table: RawTable,
        mapping: ColumnMapping,
        options: ImportOptions,
    },
    Importing {
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
    progress: f32,
    rx: Option<Receiver<Message>>,
    pending_workspace: Option<Workspace>,
}

impl ImportFlow {
    /// Starts reading `path` on a thread.
    pub fn start(path: PathBuf, ctx: &egui::Context) -> Self {
        let (tx, rx) = channel();
        let file = path.clone();
        let ctx = ctx.clone();
        let spawned = std::thread::Builder::new()
            .name("import-read".into())
            .spawn(move || {
                let progress_tx = tx.clone();
                let progress_ctx = ctx.clone();
                let progress = move |f: f32| {
                    let _ = progress_tx.send(Message::Progress(f));
                    progress_ctx.request_repaint();
                };
                let _ = tx.send(Message::Table(read_table(&file, &progress)));
                ctx.request_repaint();
            });
        let stage = match spawned {
            Ok(_) => Stage::Reading,
            Err(e) => Stage::Refused {
                message: format!("Der Import konnte nicht gestartet werden ({e})."),
                retry: None,
            },
        };
        Self {
            path,
            stage,
            progress: 0.0,
            rx: Some(rx),
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
        let (tx, rx) = channel();
        let ctx = ctx.clone();
        let job_table = table.clone();
        let job_mapping = mapping.clone();
        let spawned = std::thread::Builder::new()
            .name("import-write".into())
            .spawn(move || {
                let progress_tx = tx.clone();
                let progress_ctx = ctx.clone();
                let progress = move |f: f32| {
                    let _ = progress_tx.send(Message::Progress(f));
                    progress_ctx.request_repaint();
                };
                let result = import_table(
                    &mut worker,
                    &job_table,
                    Some(&job_mapping),
                    options,
                    &progress,
                )
                .and_then(|summary| {
                    let ws = worker.load().map_err(ImportError::Store)?;
                    Ok((summary, ws))
                });
                let _ = tx.send(Message::Done(Box::new(result)));
                ctx.request_repaint();
            });
        self.progress = 0.0;
        self.stage = match spawned {
            Ok(_) => {
                self.rx = Some(rx);
                Stage::Importing { table, mapping }
            }
            Err(e) => Stage::Refused {
                message: format!("Der Import konnte nicht gestartet werden ({e})."),
                retry: None,
            },
        };
    }

    fn poll(&mut self) {
        let Some(rx) = &self.rx else { return };
        while let Ok(msg) = rx.try_recv() {
            match msg {
                Message::Progress(f) => self.progress = f,
                Message::Table(Ok(table)) => {
                    let mapping = ColumnMapping::guess(&table.headers);
                    self.stage = Stage::Preview {
                        table,
                        mapping,
                        options: ImportOptions::default(),
                    };
                }
                Message::Table(Err(e)) => {
                    self.stage = Stage::Refused {
                        message: e.to_string(),
                        retry: None,
                    };
                }
                Message::Done(result) => {
                    let previous = std::mem::replace(&mut self.stage, Stage::Reading);
                    self.stage = match *result {
                        Ok((summary, ws)) => {
                            self.pending_workspace = Some(ws);
                            Stage::Finished(summary)
                        }
                        Err(e) => {
                            let retry = match (&e, previous) {
                                (
                                    ImportRefusal::InvalidRows(_),
                                    Stage::Importing { table, mapping },
                                ) => Some((table, mapping)),
                                _ => None,
                            };
                            Stage::Refused {
                                message: e.to_string(),
                                retry,
                            }
                        }
                    };
                }
            }
        }
    }

    /// Whether the import is writing (the app takes no edits meanwhile).
    pub fn is_busy(&self) -> bool {
        matches!(self.stage, Stage::Reading | Stage::Importing { .. })
    }

    /// Draws the dialog.
    pub fn ui(&mut self, ctx: &egui::Context) -> ImportEvent {
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
                Stage::Reading => {
                    ui.label("Die Datei wird gelesen …");
                    ui.add(egui::ProgressBar::new(self.progress).show_percentage());
                }
                Stage::Importing { .. } => {
                    ui.label("Die Leistungen werden geprüft und gespeichert …");
                    ui.add(egui::ProgressBar::new(self.progress).show_percentage());
                }
                Stage::Preview {
                    table,
                    mapping,
                    options,
                } => {
                    event = preview_ui(ui, table, mapping, options);
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
                        ui.label(RawTable::line_of(i).to_string());
                        for cell in row {
                            let short: String = cell.chars().take(40).collect();
                            ui.label(short);
                        }
                        ui.end_row();
                    }
                });
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
