//! The dialogs over the views: file prompts, import, report, settings, new project, the
//! question before deleting, and going back before an import.

pub mod backups;
pub mod confirm;
pub mod file_prompt;
pub mod help;
pub mod import;
pub mod merge;
pub mod restore;
pub mod settings;

use file_prompt::{FilePrompt, PromptOutcome, Purpose};
use import::{ImportEvent, ImportFlow};

use super::app::Notice;
use super::workbench::last_import_backup;
use super::{Action, App, Tab, jobs, overview};
use crate::exchange::report::SETTINGS_KEY as REPORT_KEY;
use crate::model::Command;

impl App {
    pub(crate) fn dialogs_ui(&mut self, ctx: &egui::Context, actions: &mut Vec<Action>) {
        if let Some(prompt) = &mut self.prompt {
            match prompt.ui(ctx) {
                PromptOutcome::Open => {}
                PromptOutcome::Cancelled => self.prompt = None,
                PromptOutcome::Chosen(path) => {
                    let purpose = prompt.purpose;
                    self.prompt = None;
                    actions.push(match purpose {
                        Purpose::OpenDatabase => Action::Open(path),
                        Purpose::NewEmpty => Action::Create {
                            path,
                            reference: false,
                        },
                        Purpose::NewReference => Action::Create {
                            path,
                            reference: true,
                        },
                        Purpose::Import => Action::Import(path),
                        Purpose::ExportServices => Action::Export(path),
                        Purpose::ExportRanking => Action::ExportRanking(path),
                        Purpose::ExportProjects => Action::ExportProjects(path),
                        Purpose::ExportChart(kind, format) => {
                            Action::WriteChart(kind, format, path)
                        }
                        Purpose::Report => Action::WriteReport(path),
                        Purpose::ExportLog => Action::ExportLog(path),
                        Purpose::MakeCopy => Action::MakeCopy(path),
                        Purpose::ExportChanges => Action::ExportChanges(path),
                        Purpose::ApplyChanges => Action::PreviewChanges(path),
                    });
                }
            }
        }
        let Some(wb) = &mut self.workbench else {
            return;
        };
        if let Some(result) = wb.export.as_mut().and_then(jobs::Job::poll) {
            wb.export = None;
            self.notice = Some(match result {
                Ok(text) => Notice::info(text),
                Err(text) => Notice::error(text),
            });
        }
        if let Some((job, path)) = &mut wb.reading
            && let Some(result) = job.poll()
        {
            let path = std::mem::take(path);
            wb.reading = None;
            match result {
                Ok(preview) => {
                    wb.merge = Some(merge::MergeDialog::new(
                        path,
                        preview,
                        wb.session.workspace(),
                    ));
                }
                Err(e) => self.notice = Some(Notice::error(e)),
            }
        }
        if let Some((job, settings)) = &mut wb.report
            && let Some(result) = job.poll()
        {
            // Once written, the choices are kept, and the next report lists what went into
            // operation since this meeting.
            let remembered =
                settings.remembered_after_writing(wb.session.data_date(), crate::clock::today());
            wb.report = None;
            self.notice = Some(match result {
                Ok(text) => match wb.session.store().is_read_only() {
                    true => Notice::info(text),
                    false => match wb.session.set_setting(REPORT_KEY, &remembered.to_json()) {
                        Ok(()) => Notice::info(text),
                        Err(e) => Notice::error(format!(
                            "{text} Die Angaben des Berichts konnten nicht gespeichert werden: {e}"
                        )),
                    },
                },
                Err(text) => Notice::error(text),
            });
        }
        if let Some(dialog) = &mut wb.report_dialog
            && let Some(outcome) = dialog.ui(ctx, wb.session.workspace())
        {
            wb.report_dialog = None;
            if let overview::report_dialog::ReportOutcome::Create(settings) = outcome {
                let suggested = self.export_dir.join(format!(
                    "Ausschussbericht {}.pdf",
                    settings
                        .meeting_date
                        .unwrap_or_else(crate::clock::today)
                        .format("%Y-%m-%d")
                ));
                wb.pending_report = Some(settings);
                self.prompt = Some(FilePrompt::new(Purpose::Report, suggested));
            }
        }
        if let Some(flow) = &mut wb.import {
            match flow.ui(ctx, wb.session.workspace()) {
                ImportEvent::None => {}
                ImportEvent::Close => wb.import = None,
                ImportEvent::Loaded(ws) => {
                    wb.session.replace_workspace(*ws);
                    wb.last_import_backup = last_import_backup(&wb.session);
                }
                ImportEvent::Run(job) => {
                    let (table, mapping, options) = *job;
                    match wb.session.store().worker_connection() {
                        Ok(worker) => flow.run(worker, table, mapping, options, ctx),
                        Err(e) => {
                            wb.import = None;
                            self.notice = Some(Notice::error(e.to_string()));
                        }
                    }
                }
            }
        }
        if let Some(backup) = &wb.undo_import
            && let Some(yes) = restore::confirm_ui(ctx, backup)
        {
            if yes {
                actions.push(Action::UndoImport(backup.clone()));
            }
            wb.undo_import = None;
        }
        if let Some(dialog) = &mut wb.merge {
            let read_only = wb.session.store().is_read_only()
                || wb.import.as_ref().is_some_and(ImportFlow::is_busy);
            match dialog.ui(ctx, wb.session.workspace(), read_only) {
                merge::MergeEvent::None => {}
                merge::MergeEvent::Cancel => wb.merge = None,
                merge::MergeEvent::Apply => actions.push(Action::ApplyChanges),
            }
        }
        if let Some(dialog) = &mut wb.backups {
            match dialog.ui(ctx, wb.session.store().is_read_only()) {
                backups::BackupsEvent::None => {}
                backups::BackupsEvent::Close => wb.backups = None,
                backups::BackupsEvent::Restore(path) => actions.push(Action::RestoreBackup(path)),
            }
        }
        if let Some(dialog) = &mut wb.settings {
            let read_only = wb.session.store().is_read_only()
                || wb.import.as_ref().is_some_and(ImportFlow::is_busy);
            let outcome = dialog.ui(ctx, wb.session.workspace(), read_only);
            if let settings::SettingsOutcome::Apply(_) = outcome {
                // The user's own preferences hold whatever becomes of the file's settings.
                self.prefs.user_name = dialog.user_name.trim().to_owned();
                self.prefs.dark = dialog.dark;
                self.prefs_dirty = true;
                wb.session.set_author(&self.prefs.user_name);
            }
            match outcome {
                settings::SettingsOutcome::Open => {}
                settings::SettingsOutcome::Cancelled | settings::SettingsOutcome::Apply(None) => {
                    wb.settings = None;
                }
                settings::SettingsOutcome::Apply(Some(cmd)) => match wb.session.execute(cmd) {
                    Ok(()) => wb.settings = None,
                    Err(e) => dialog.refused(e.to_string()),
                },
            }
        }
        if let Some(dialog) = &mut wb.new_project
            && let Some(outcome) = dialog.ui(ctx, wb.session.workspace())
        {
            if let Some(cmd) = outcome {
                if let Command::AddProject { project, .. } = &cmd {
                    wb.projects.open = Some(project.id);
                }
                actions.push(Action::Edit(cmd));
                wb.tab = Tab::Projects;
            }
            wb.new_project = None;
        }
        if let Some(confirm) = &wb.confirm
            && let Some(yes) = confirm::ui(ctx, &confirm.question(wb.session.workspace()))
        {
            if yes {
                actions.push(Action::Edit(confirm.command()));
            }
            wb.confirm = None;
        }
    }
}
