//! Choosing a file: a path field that always works, and the system dialog (rfd) on a thread
//! where the desktop offers one.

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, channel};

use egui::Ui;

pub use crate::ui::action::Purpose;

impl Purpose {
    fn title(self) -> &'static str {
        match self {
            Self::OpenDatabase => "Datenbank öffnen",
            Self::NewEmpty => "Neue leere Datenbank",
            Self::NewReference => "Beispieldaten anlegen",
            Self::Import => "Leistungskatalog importieren",
            Self::ExportServices => "Leistungen exportieren",
            Self::ExportRanking => "Priorisierung exportieren",
            Self::ExportProjects => "Projekte exportieren",
            Self::ExportChart(_, crate::exchange::charts::ChartFormat::Png) => {
                "Diagramm als PNG exportieren"
            }
            Self::ExportChart(_, crate::exchange::charts::ChartFormat::Svg) => {
                "Diagramm als SVG exportieren"
            }
            Self::Report => "Ausschussbericht speichern",
            Self::ExportLog => "Änderungsprotokoll exportieren",
            Self::MakeCopy => "Arbeitskopie erstellen",
            Self::ExportChanges => "Änderungen weitergeben",
            Self::ApplyChanges => "Änderungen übernehmen",
        }
    }

    fn hint(self) -> &'static str {
        match self {
            Self::OpenDatabase => "Pfad einer vorhandenen ozg-cockpit-Datei (.sqlite)",
            Self::NewEmpty | Self::NewReference => {
                "Pfad der neuen Datei (.sqlite); eine vorhandene Datei wird nicht überschrieben"
            }
            Self::Import => "CSV- oder XLSX-Datei mit Leistungen",
            Self::ExportServices | Self::ExportRanking | Self::ExportProjects => {
                "Zieldatei, .xlsx oder .csv; es wird exportiert, was die Tabelle gerade zeigt"
            }
            Self::ExportChart(..) => {
                "Zieldatei des Diagramms in der gewählten Größe; eine vorhandene Datei wird ersetzt"
            }
            Self::Report => "Zieldatei des Berichts (.pdf); eine vorhandene Datei wird ersetzt",
            Self::ExportLog => "Zieldatei (.csv); es wird exportiert, was die Liste gerade zeigt",
            Self::MakeCopy => {
                "Die neue Datei (.sqlite) für ein Mitglied der Arbeitsgruppe; eine vorhandene wird nicht überschrieben"
            }
            Self::ExportChanges => {
                "Das Änderungspaket (.ozgchanges) mit dem, was die anderen Kopien noch nicht haben"
            }
            Self::ApplyChanges => {
                "Ein Änderungspaket (.ozgchanges) einer Kopie dieser Datei; vor dem Übernehmen wird gezeigt, was sich ändert"
            }
        }
    }

    fn is_save(self) -> bool {
        matches!(
            self,
            Self::NewEmpty
                | Self::NewReference
                | Self::ExportServices
                | Self::ExportRanking
                | Self::ExportProjects
                | Self::ExportChart(..)
                | Self::Report
                | Self::ExportLog
                | Self::MakeCopy
                | Self::ExportChanges
        )
    }

    fn filters(self) -> (&'static str, &'static [&'static str]) {
        match self {
            Self::OpenDatabase | Self::NewEmpty | Self::NewReference => {
                ("ozg-cockpit-Datenbank", &["sqlite", "db"])
            }
            Self::Import => ("Tabellen", &["csv", "xlsx", "txt"]),
            Self::ExportServices | Self::ExportRanking | Self::ExportProjects => {
                ("Tabellen", &["xlsx", "csv"])
            }
            Self::ExportChart(_, crate::exchange::charts::ChartFormat::Png) => {
                ("PNG-Bild", &["png"])
            }
            Self::ExportChart(_, crate::exchange::charts::ChartFormat::Svg) => {
                ("SVG-Grafik", &["svg"])
            }
            Self::Report => ("PDF-Dokument", &["pdf"]),
            Self::ExportLog => ("CSV-Tabelle", &["csv"]),
            Self::MakeCopy => ("ozg-cockpit-Datenbank", &["sqlite"]),
            Self::ExportChanges | Self::ApplyChanges => ("Änderungspaket", &["ozgchanges"]),
        }
    }
}

/// An open file prompt.
pub struct FilePrompt {
    pub purpose: Purpose,
    pub path: String,
    dialog: Option<Receiver<Option<PathBuf>>>,
    dialog_unavailable: bool,
    focus_pending: bool,
}

/// What the user did in the prompt.
pub enum PromptOutcome {
    Open,
    Chosen(PathBuf),
    Cancelled,
}

impl FilePrompt {
    /// A prompt prefilled with `path`.
    pub fn new(purpose: Purpose, path: PathBuf) -> Self {
        Self {
            purpose,
            path: path.display().to_string(),
            dialog: None,
            dialog_unavailable: false,
            focus_pending: true,
        }
    }

    fn start_dialog(&mut self, ctx: &egui::Context) {
        let (tx, rx) = channel();
        let purpose = self.purpose;
        let start = PathBuf::from(&self.path);
        let ctx = ctx.clone();
        let spawned = std::thread::Builder::new()
            .name("file-dialog".into())
            .spawn(move || {
                let (name, exts) = purpose.filters();
                let mut dialog = rfd::FileDialog::new()
                    .set_title(purpose.title())
                    .add_filter(name, exts);
                if let Some(dir) = start.parent().filter(|d| d.is_dir()) {
                    dialog = dialog.set_directory(dir);
                }
                if let Some(file) = start.file_name() {
                    dialog = dialog.set_file_name(file.to_string_lossy());
                }
                let result = if purpose.is_save() {
                    dialog.save_file()
                } else {
                    dialog.pick_file()
                };
                let _ = tx.send(result);
                ctx.request_repaint();
            });
        if spawned.is_ok() {
            self.dialog = Some(rx);
        } else {
            self.dialog_unavailable = true;
        }
    }

    /// Draws the prompt window.
    pub fn ui(&mut self, ctx: &egui::Context) -> PromptOutcome {
        if let Some(rx) = &self.dialog
            && let Ok(result) = rx.try_recv()
        {
            self.dialog = None;
            match result {
                Some(p) => self.path = p.display().to_string(),
                // No dialog at all looks like a cancel; the path field stays usable.
                None => self.dialog_unavailable = true,
            }
        }
        let mut outcome = PromptOutcome::Open;
        let modal = egui::Modal::new(egui::Id::unique("file_prompt")).show(ctx, |ui: &mut Ui| {
            ui.set_width(620.0);
            ui.heading(self.purpose.title());
            ui.label(self.purpose.hint());
            ui.add_space(6.0);
            ui.horizontal(|ui| {
                let label = ui.label("Datei:");
                let field = ui
                    .add(egui::TextEdit::singleline(&mut self.path).desired_width(440.0))
                    .labelled_by(label.id);
                if std::mem::take(&mut self.focus_pending) {
                    field.request_focus();
                }
                if field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
                    outcome = PromptOutcome::Chosen(PathBuf::from(self.path.trim()));
                }
                let browsing = self.dialog.is_some();
                if ui
                    .add_enabled(!browsing, egui::Button::new("Durchsuchen…"))
                    .clicked()
                {
                    self.start_dialog(ui.ctx());
                }
            });
            if self.dialog.is_some() {
                ui.label("Der Dateidialog ist geöffnet …");
            } else if self.dialog_unavailable {
                ui.weak("Kein Dateidialog gewählt oder verfügbar – bitte den Pfad oben eingeben.");
            }
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                let ok = !self.path.trim().is_empty();
                if ui.add_enabled(ok, egui::Button::new("OK")).clicked() {
                    outcome = PromptOutcome::Chosen(PathBuf::from(self.path.trim()));
                }
                if ui.button("Abbrechen").clicked() {
                    outcome = PromptOutcome::Cancelled;
                }
            });
        });
        if modal.should_close() && matches!(outcome, PromptOutcome::Open) {
            outcome = PromptOutcome::Cancelled;
        }
        outcome
    }
}
