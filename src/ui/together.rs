//! Working together: working copies, change packages with their preview, backups, and the
//! change log's jumps and export.

use super::app::Notice;
use super::dialogs::backups::BackupsDialog;
use super::dialogs::merge::MergeDialog;
use super::workbench::last_import_backup;
use super::{Action, App, Tab, jobs};
use crate::exchange::export::{ExportFormat, write_table};
use crate::model::format::counted;
use crate::sync::describe::Target;
use crate::sync::{self, Since};

impl App {
    /// Handles the actions of working together and of the change log; hands any other action
    /// back.
    pub(crate) fn handle_together(
        &mut self,
        action: Action,
        ctx: &egui::Context,
    ) -> Option<Action> {
        let Some(wb) = &mut self.workbench else {
            return Some(action);
        };
        let notice = match action {
            Action::Show(target) => {
                let ws = wb.session.workspace();
                let gone = || Some(Notice::info("Das gibt es nicht mehr."));
                match target {
                    Target::Service(id) if ws.service(id).is_some() => {
                        wb.tab = Tab::Services;
                        wb.services.reveal(id);
                        None
                    }
                    Target::Project(id) if ws.project(id).is_some() => {
                        wb.tab = Tab::Projects;
                        wb.projects.open = Some(id);
                        None
                    }
                    Target::Office(id) if ws.office(id).is_some() => {
                        wb.tab = Tab::Offices;
                        wb.offices.selection.only(id);
                        None
                    }
                    Target::Staff(id) if ws.staff_member(id).is_some() => {
                        wb.tab = Tab::Staff;
                        wb.staff.selection.only(id);
                        None
                    }
                    Target::Ranking => {
                        wb.tab = Tab::Ranking;
                        None
                    }
                    _ => gone(),
                }
            }
            Action::ShowChangesOf(target) => {
                wb.changes.filter = super::changes::LogFilter {
                    target: Some(target),
                    ..Default::default()
                };
                wb.tab = Tab::Changes;
                None
            }
            Action::ExportLog(path) => {
                let (headers, rows) = wb.changes.export_rows();
                Some(
                    match write_table(&path, ExportFormat::Csv, "Änderungen", &headers, &rows) {
                        Ok(()) => Notice::info(format!(
                            "{} exportiert: {}",
                            counted(rows.len(), "Änderung", "Änderungen"),
                            path.display()
                        )),
                        Err(e) => Notice::error(e.to_string()),
                    },
                )
            }
            Action::MakeCopy(path) => Some(match wb.session.make_copy(&path) {
                Ok(copy) => Notice::info(format!(
                    "Arbeitskopie geschrieben: {}. Wer darin arbeitet, gibt seine Änderungen mit „Änderungen weitergeben…“ zurück.",
                    copy.display()
                )),
                Err(e) => Notice::error(e.to_string()),
            }),
            Action::ExportChanges(path) => Some(
                match sync::export(wb.session.store(), &path, &Since::Peers) {
                    Ok(n) => Notice::info(format!(
                        "{} geschrieben: {}",
                        counted(n, "Änderung", "Änderungen"),
                        path.display()
                    )),
                    Err(e) => Notice::error(e.to_string()),
                },
            ),
            Action::PreviewChanges(path) => {
                // Read and compared on a worker; a file open for reading only is read here.
                let read = match wb.session.store().worker_connection() {
                    Ok(worker) => {
                        let file = path.clone();
                        jobs::Job::spawn("paket", ctx, move |_| {
                            sync::preview(&worker, &file).map_err(|e| e.to_string())
                        })
                        .map_err(|e| format!("Das Paket lässt sich nicht lesen: {e}"))
                    }
                    Err(_) => match sync::preview(wb.session.store(), &path) {
                        Ok(preview) => {
                            wb.merge =
                                Some(MergeDialog::new(path, preview, wb.session.workspace()));
                            return None;
                        }
                        Err(e) => Err(e.to_string()),
                    },
                };
                match read {
                    Ok(job) => {
                        wb.merge = None;
                        wb.reading = Some((job, path));
                        None
                    }
                    Err(e) => Some(Notice::error(e)),
                }
            }
            Action::ApplyChanges => {
                let mut dialog = wb.merge.take()?;
                match wb.session.apply_changes(&dialog.preview, &dialog.choices) {
                    Ok(applied) => Some(Notice::info(format!(
                        "{} übernommen, {} geändert, {} entschieden.",
                        counted(applied.changes, "Änderung", "Änderungen"),
                        counted(applied.rows, "Zeile", "Zeilen"),
                        counted(applied.conflicts, "Konflikt", "Konflikte")
                    ))),
                    // Deciding a conflict the other way may keep the rule: the preview stays.
                    Err(e @ sync::SyncError::BreaksRule(_)) => {
                        dialog.refused = Some(e.to_string());
                        wb.merge = Some(dialog);
                        None
                    }
                    Err(e) => Some(Notice::error(e.to_string())),
                }
            }
            Action::ShowBackups => {
                wb.backups = Some(BackupsDialog::new(wb.session.store().path()));
                None
            }
            Action::RestoreBackup(path) => {
                wb.backups = None;
                Some(match wb.session.restore(&path) {
                    Ok(before) => {
                        wb.last_import_backup = last_import_backup(&wb.session);
                        Notice::info(format!(
                            "Die Sicherung ist wiederhergestellt. Der Stand davor ist gesichert: {}",
                            before.display()
                        ))
                    }
                    Err(e) => Notice::error(format!(
                        "Die Sicherung konnte nicht wiederhergestellt werden: {e}"
                    )),
                })
            }
            other => return Some(other),
        };
        if notice.is_some() {
            self.notice = notice;
        }
        ctx.request_repaint();
        None
    }
}
