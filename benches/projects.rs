#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Prints the figures of the projects view: a frame of the list with 5,000 projects, and the
//! time to open a project's detail (first frame). Run with `cargo bench --bench projects`.

use std::time::{Duration, Instant};

mod support;
use support::{frame_time, input, median, ms};

use ozg_cockpit::model::Workspace;
use ozg_cockpit::ui::projects::ProjectsView;

/// The reference workspace with its projects copied up to `n`.
fn with_projects(base: &Workspace, n: usize) -> Workspace {
    let mut projects = Vec::with_capacity(n);
    for i in 0..n {
        let mut p = base.projects()[i % base.projects().len()].clone();
        p.id = i as i64 + 1;
        if i >= base.projects().len() {
            p.name = format!("{} ({})", p.name, i + 1);
        }
        projects.push(p);
    }
    Workspace::new(
        base.services().to_vec(),
        base.offices().to_vec(),
        base.ozg_services().to_vec(),
        base.maturity.clone(),
    )
    .with_projects(projects, base.project_history().to_vec())
}

fn main() {
    println!(
        "ozg-cockpit projects benchmark (release: {})",
        !cfg!(debug_assertions)
    );
    let dir = tempfile::tempdir().unwrap();
    let base = support::reference(dir.path());
    let ws = with_projects(&base, 5000);

    let ctx = egui::Context::default();
    ozg_cockpit::ui::install_fonts(&ctx);
    let mut view = ProjectsView::default();
    let frame = frame_time(&ctx, |ui| {
        egui::CentralPanel::default_margins().show(ui, |ui| {
            let _actions = view.ui(ui, &ws, false);
        });
    });
    println!(
        "frame, projects list, 5,000 projects: {}  (target < 1 ms)",
        ms(frame)
    );

    let mut opens: Vec<Duration> = Vec::new();
    for i in 0..30 {
        let mut view = ProjectsView::default();
        view.open = Some(ws.projects()[i * 150].id);
        let start = Instant::now();
        let out = ctx.run_ui(input(), |ui| {
            egui::CentralPanel::default_margins().show(ui, |ui| {
                let _actions = view.ui(ui, &ws, false);
            });
        });
        let _meshes = ctx.tessellate(out.shapes, out.pixels_per_point);
        opens.push(start.elapsed());
    }
    println!(
        "open a project's detail (first frame), 5,000 projects: {}  (target < 5 ms)",
        ms(median(opens))
    );
}
