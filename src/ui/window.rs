//! The window: starting eframe, the fonts and theme, the start-up measurement and what
//! happens when the window closes.

use std::path::PathBuf;

use egui::Ui;

use super::App;
use crate::paths::RecentFiles;

/// Starts the GUI on `db` (or the default database).
pub fn run(db: Option<PathBuf>) -> eframe::Result<()> {
    let options = eframe::NativeOptions {
        renderer: eframe::Renderer::Glow,
        // Dithering costs every pixel a noise computation; on the light, flat surfaces of the
        // app it shows nothing, and under software OpenGL it is paid on the CPU.
        dithering: false,
        viewport: egui::ViewportBuilder::default()
            .with_title("ozg-cockpit")
            .with_app_id("ozg-cockpit")
            .with_inner_size([1500.0, 920.0])
            .with_min_inner_size([900.0, 560.0]),
        ..Default::default()
    };
    let started = std::time::Instant::now();
    eframe::run_native(
        "ozg-cockpit",
        options,
        Box::new(move |cc| {
            install_fonts(&cc.egui_ctx);
            let mut app = App::new(
                db,
                RecentFiles::load(),
                crate::preferences::Preferences::load(),
            );
            if std::env::var_os(FIRST_FRAME_ENV).is_some() {
                app.first_frame = Some(FirstFrame::Waiting(started));
            }
            Ok(Box::new(app))
        }),
    )
}

/// With this variable set, the app prints the time from its start until the first frame with
/// an open file is on screen (for the start-up benchmark).
pub const FIRST_FRAME_ENV: &str = "OZG_COCKPIT_FIRST_FRAME";

/// Where the start-up measurement stands.
#[derive(Clone, Copy, Debug)]
pub(crate) enum FirstFrame {
    /// No frame with content yet.
    Waiting(std::time::Instant),
    /// The first frame with content was drawn; the next frame begins once it is painted.
    Drawn(std::time::Instant),
}

/// Embeds the app's font (DejaVu Sans), so screen, tests and exports share the same glyphs.
pub fn install_fonts(ctx: &egui::Context) {
    let mut fonts = egui::FontDefinitions::default();
    fonts.font_data.insert(
        "DejaVuSans".to_owned(),
        std::sync::Arc::new(egui::FontData::from_static(include_bytes!(
            "../../assets/fonts/DejaVuSans.ttf"
        ))),
    );
    for family in [egui::FontFamily::Proportional, egui::FontFamily::Monospace] {
        fonts
            .families
            .entry(family)
            .or_default()
            .insert(0, "DejaVuSans".to_owned());
    }
    ctx.set_fonts(fonts);
    // Office desktops and committee papers are light; the app does not follow a dark system theme.
    ctx.set_theme(egui::Theme::Light);
    // Solid scroll bars that are always there, as office users know them.
    ctx.all_styles_mut(|style| style.spacing.scroll = egui::style::ScrollStyle::solid());
}

impl eframe::App for App {
    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        self.save_preferences();
    }

    fn clear_color(&self, visuals: &egui::Visuals) -> [f32; 4] {
        visuals.panel_fill.to_normalized_gamma_f32()
    }

    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        if let Some(FirstFrame::Drawn(started)) = self.first_frame {
            println!(
                "first frame with content: {:.1} ms",
                started.elapsed().as_secs_f64() * 1000.0
            );
            self.first_frame = None;
        }
        self.pacer.pace(ui.ctx());
        App::ui(self, ui);
        if let Some(FirstFrame::Waiting(started)) = self.first_frame
            && self.workbench.is_some()
        {
            self.first_frame = Some(FirstFrame::Drawn(started));
            ui.ctx().request_repaint();
        }
    }
}
