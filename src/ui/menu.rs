//! The menu bar, the keyboard shortcuts and the status bar.

use egui::{Key, KeyboardShortcut, Modifiers, Ui};

use super::dialogs::file_prompt::Purpose;
use super::dialogs::import::ImportFlow;
use super::{Action, App, Tab};
use crate::model::format::counted;

impl App {
    pub(crate) fn shortcuts(&mut self, ui: &mut Ui, actions: &mut Vec<Action>) {
        // F1 everywhere, even while typing.
        if ui.input_mut(|i| i.consume_key(Modifiers::NONE, Key::F1)) {
            self.help = !self.help;
        }
        if ui.ctx().egui_wants_keyboard_input() || self.workbench.is_none() {
            return;
        }
        ui.input_mut(|i| {
            let redo_z = KeyboardShortcut::new(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
            let redo_y = KeyboardShortcut::new(Modifiers::COMMAND, Key::Y);
            let undo = KeyboardShortcut::new(Modifiers::COMMAND, Key::Z);
            if i.consume_shortcut(&redo_z) || i.consume_shortcut(&redo_y) {
                actions.push(Action::Redo);
            } else if i.consume_shortcut(&undo) {
                actions.push(Action::Undo);
            }
        });
        // Strg+1 … Strg+7: the views in the order of their tabs.
        let keys = [
            Key::Num1,
            Key::Num2,
            Key::Num3,
            Key::Num4,
            Key::Num5,
            Key::Num6,
            Key::Num7,
            Key::Num8,
        ];
        if let Some(wb) = &mut self.workbench {
            for (key, tab) in keys.into_iter().zip(Tab::ALL) {
                if ui.input_mut(|i| {
                    i.consume_shortcut(&KeyboardShortcut::new(Modifiers::COMMAND, key))
                }) {
                    wb.tab = tab;
                }
            }
        }
        // The overview has nothing to search: Strg+F there searches the services.
        if let Some(wb) = &mut self.workbench
            && wb.tab == Tab::Overview
            && ui.input_mut(|i| {
                i.consume_shortcut(&KeyboardShortcut::new(Modifiers::COMMAND, Key::F))
            })
        {
            wb.tab = Tab::Services;
            wb.services.focus_search();
        }
    }

    pub(crate) fn menu_ui(&mut self, ui: &mut Ui, actions: &mut Vec<Action>) {
        egui::MenuBar::new().ui(ui, |ui| {
            // Alt with the menu's first letter opens it, as office users know it.
            let alt = |ui: &mut Ui, key| {
                ui.input_mut(|i| i.consume_shortcut(&KeyboardShortcut::new(Modifiers::ALT, key)))
            };
            let open_by_key = [alt(ui, Key::D), alt(ui, Key::B), alt(ui, Key::H)];
            let mut menus = Vec::new();
            let file = ui.menu_button("Datei", |ui| {
                if ui.button("Neue Datenbank…").clicked() {
                    actions.push(Action::Prompt(Purpose::NewEmpty));
                }
                if ui.button("Beispieldaten anlegen…").clicked() {
                    actions.push(Action::Prompt(Purpose::NewReference));
                }
                if ui.button("Öffnen…").clicked() {
                    actions.push(Action::Prompt(Purpose::OpenDatabase));
                }
                ui.menu_button("Zuletzt geöffnet", |ui| {
                    if self.recent.files.is_empty() {
                        ui.weak("(keine)");
                    }
                    for file in &self.recent.files {
                        if ui.button(file.display().to_string()).clicked() {
                            actions.push(Action::Open(file.clone()));
                        }
                    }
                });
                ui.separator();
                let open = self.workbench.is_some();
                if ui
                    .add_enabled(open, egui::Button::new("Leistungen importieren…"))
                    .clicked()
                {
                    actions.push(Action::Prompt(Purpose::Import));
                }
                if ui
                    .add_enabled(open, egui::Button::new("Leistungen exportieren…"))
                    .clicked()
                {
                    actions.push(Action::Prompt(Purpose::ExportServices));
                }
                if ui
                    .add_enabled(open, egui::Button::new("Priorisierung exportieren…"))
                    .clicked()
                {
                    actions.push(Action::Prompt(Purpose::ExportRanking));
                }
                if ui
                    .add_enabled(open, egui::Button::new("Projekte exportieren…"))
                    .clicked()
                {
                    actions.push(Action::Prompt(Purpose::ExportProjects));
                }
                let undo_import = self.workbench.as_ref().is_some_and(|w| {
                    w.last_import_backup.is_some()
                        && !w.session.store().is_read_only()
                        && w.import.is_none()
                });
                if ui
                    .add_enabled(
                        undo_import,
                        egui::Button::new("Letzten Import zurücknehmen…"),
                    )
                    .on_disabled_hover_text("Es gibt keine Sicherung vor einem Import.")
                    .clicked()
                {
                    actions.push(Action::ConfirmUndoImport);
                }
                ui.separator();
                let writable = self
                    .workbench
                    .as_ref()
                    .is_some_and(|w| !w.session.store().is_read_only());
                if ui
                    .add_enabled(open, egui::Button::new("Arbeitskopie erstellen…"))
                    .on_hover_text(
                        "Eine Kopie für ein Mitglied der Arbeitsgruppe, das offline arbeitet",
                    )
                    .clicked()
                {
                    actions.push(Action::Prompt(Purpose::MakeCopy));
                }
                if ui
                    .add_enabled(open, egui::Button::new("Änderungen weitergeben…"))
                    .on_hover_text("Ein Paket mit dem, was die anderen Kopien noch nicht haben")
                    .clicked()
                {
                    actions.push(Action::Prompt(Purpose::ExportChanges));
                }
                if ui
                    .add_enabled(writable, egui::Button::new("Änderungen übernehmen…"))
                    .on_hover_text("Das Paket einer anderen Kopie: erst Vorschau, dann übernehmen")
                    .clicked()
                {
                    actions.push(Action::Prompt(Purpose::ApplyChanges));
                }
                if ui
                    .add_enabled(open, egui::Button::new("Sicherung wiederherstellen…"))
                    .clicked()
                {
                    actions.push(Action::ShowBackups);
                }
                ui.separator();
                if ui
                    .add_enabled(open, egui::Button::new("Bericht erstellen…"))
                    .clicked()
                {
                    actions.push(Action::OpenReport);
                }
                if ui
                    .add_enabled(open, egui::Button::new("Alle Diagramme exportieren"))
                    .clicked()
                {
                    actions.push(Action::ExportAllCharts);
                }
                ui.separator();
                if ui
                    .add_enabled(open, egui::Button::new("Schließen"))
                    .clicked()
                {
                    actions.push(Action::Close);
                }
                let importing = self
                    .workbench
                    .as_ref()
                    .is_some_and(|w| w.import.as_ref().is_some_and(ImportFlow::is_busy));
                if ui
                    .add_enabled(!importing, egui::Button::new("Beenden"))
                    .on_disabled_hover_text("Erst wenn der Import fertig ist.")
                    .clicked()
                {
                    // The file is closed (and checked) first; then the window.
                    actions.push(Action::Close);
                    ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
                }
            });
            menus.push(file.response);
            let edit = ui.menu_button("Bearbeiten", |ui| {
                let (undo, redo) = self.workbench.as_ref().map_or((false, false), |w| {
                    (w.session.can_undo(), w.session.can_redo())
                });
                if ui
                    .add_enabled(
                        undo,
                        egui::Button::new("Rückgängig").shortcut_text("Strg+Z"),
                    )
                    .clicked()
                {
                    actions.push(Action::Undo);
                }
                if ui
                    .add_enabled(
                        redo,
                        egui::Button::new("Wiederholen").shortcut_text("Strg+Y"),
                    )
                    .clicked()
                {
                    actions.push(Action::Redo);
                }
                if let Some(wb) = &mut self.workbench {
                    ui.separator();
                    if ui
                        .add(egui::Button::new("Suchen").shortcut_text("Strg+F"))
                        .clicked()
                    {
                        wb.tab = Tab::Services;
                        wb.services.focus_search();
                    }
                    ui.separator();
                    if ui.button("Einstellungen…").clicked() {
                        actions.push(Action::OpenSettings);
                    }
                }
            });
            menus.push(edit.response);
            let help = ui.menu_button("Hilfe", |ui| {
                if ui
                    .add(egui::Button::new("Kurzanleitung").shortcut_text("F1"))
                    .clicked()
                {
                    self.help = true;
                }
            });
            menus.push(help.response);
            for (menu, open) in menus.iter().zip(open_by_key) {
                if open {
                    egui::Popup::open_id(ui.ctx(), egui::Popup::default_response_id(menu));
                }
            }
            if let Some(wb) = &mut self.workbench {
                ui.separator();
                ui.selectable_value(&mut wb.tab, Tab::Overview, "Übersicht");
                ui.selectable_value(&mut wb.tab, Tab::Services, "Leistungen");
                ui.selectable_value(&mut wb.tab, Tab::Offices, "Ämter");
                ui.selectable_value(&mut wb.tab, Tab::Ranking, "Priorisierung");
                ui.selectable_value(&mut wb.tab, Tab::Projects, "Projekte");
                ui.selectable_value(&mut wb.tab, Tab::Staff, "Personal");
                ui.selectable_value(&mut wb.tab, Tab::Scenario, "Personalbedarf");
                ui.selectable_value(&mut wb.tab, Tab::Changes, "Änderungen");
            }
        });
    }

    pub(crate) fn status_ui(&mut self, ui: &mut Ui, actions: &mut Vec<Action>) {
        if let Some(notice) = &self.notice {
            let mut dismiss = false;
            ui.horizontal_wrapped(|ui| {
                let color = if notice.is_error {
                    ui.visuals().error_fg_color
                } else {
                    ui.visuals().text_color()
                };
                ui.colored_label(color, notice.text.as_str());
                if let Some(path) = &notice.read_only_offer
                    && ui.button("Nur zum Lesen öffnen").clicked()
                {
                    actions.push(Action::OpenReadOnly(path.clone()));
                }
                if ui
                    .small_button("✕")
                    .on_hover_text("Meldung schließen")
                    .clicked()
                {
                    dismiss = true;
                }
            });
            if dismiss {
                self.notice = None;
            }
            ui.separator();
        }
        ui.horizontal(|ui| match &self.workbench {
            Some(wb) => {
                let ws = wb.session.workspace();
                ui.label(wb.session.store().path().display().to_string());
                ui.separator();
                ui.label(format!(
                    "{}, {}",
                    counted(ws.services().len(), "Leistung", "Leistungen"),
                    counted(ws.offices().len(), "Amt", "Ämter"),
                ));
                if wb.session.store().is_read_only() {
                    ui.separator();
                    ui.strong("Nur lesen");
                }
                if ws.is_reference {
                    ui.separator();
                    ui.colored_label(
                        ui.visuals().warn_fg_color,
                        "Beispieldaten: Amtsnamen, Fallzahlen, Reifegrade, Amtszuordnungen und Bewertungen sind Beispielwerte.",
                    );
                }
                if wb.export.is_some() {
                    ui.separator();
                    ui.spinner();
                    ui.label("Export läuft …");
                }
                if wb.report.is_some() {
                    ui.separator();
                    ui.spinner();
                    ui.label("Bericht wird erstellt …");
                }
                if wb.reading.is_some() {
                    ui.separator();
                    ui.spinner();
                    ui.label("Paket wird gelesen …");
                }
            }
            None => {
                ui.label("Keine Datenbank geöffnet.");
            }
        });
    }
}
