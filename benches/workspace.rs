#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Prints the figures of the workspace: frame time of the services view at 5,249 and 100,000
//! services, re-filter and re-sort of 100,000 services, catalogue import, open to first frame.
//! Run with `cargo bench --bench workspace`.

use std::time::{Duration, Instant};

mod support;
use support::{frame_time, grown, input, median, ms};

use ozg_cockpit::exchange::catalogue::{ImportOptions, import_file};
use ozg_cockpit::model::Workspace;
use ozg_cockpit::session::Session;
use ozg_cockpit::store::{OpenMode, Store};
use ozg_cockpit::ui::App;
use ozg_cockpit::ui::services::{ServiceColumn, ServicesView};
use ozg_cockpit::ui::widgets::table::Sort;

fn services_frame(ws: &Workspace) -> Duration {
    let ctx = egui::Context::default();
    ozg_cockpit::ui::install_fonts(&ctx);
    let mut view = ServicesView::default();
    frame_time(&ctx, |ui| {
        egui::CentralPanel::default_margins().show(ui, |ui| {
            let _actions = view.ui(ui, ws, false);
        });
    })
}

fn main() {
    println!(
        "ozg-cockpit workspace benchmark (release: {})",
        !cfg!(debug_assertions)
    );
    let dir = tempfile::tempdir().unwrap();
    let base = support::reference(dir.path());
    let big = grown(&base, 100_000);

    let small_frame = services_frame(&base);
    let big_frame = services_frame(&big);
    println!(
        "frame, services view, {:>7} services: {}  (target < 1 ms)",
        base.services().len(),
        ms(small_frame)
    );
    println!(
        "frame, services view, {:>7} services: {}  (target < 1 ms)",
        big.services().len(),
        ms(big_frame)
    );

    let mut view = ServicesView::default();
    view.refresh(&big);
    let mut filter_times = Vec::new();
    let mut sort_times = Vec::new();
    for (i, word) in ["gebühr", "antrag", "erlaubnis", "a", "schein"]
        .iter()
        .cycle()
        .take(15)
        .enumerate()
    {
        view.filter.search = (*word).to_owned();
        let start = Instant::now();
        view.refresh(&big);
        filter_times.push(start.elapsed());
        let col = [
            ServiceColumn::Name,
            ServiceColumn::Office,
            ServiceColumn::CaseVolume,
        ][i % 3];
        view.sort = Sort {
            column: col,
            ascending: i % 2 == 0,
        };
        view.filter.search.clear();
        let start = Instant::now();
        view.refresh(&big);
        sort_times.push(start.elapsed());
    }
    println!(
        "re-filter 100,000 services (search): {}  (target < 30 ms)",
        ms(median(filter_times))
    );
    println!(
        "re-filter and re-sort 100,000 services: {}  (target < 30 ms)",
        ms(median(sort_times))
    );

    // After an edit the search index, the filter and the sort are all recomputed.
    let mut edited = big.clone();
    let mut edit_times = Vec::new();
    view.filter.search = "gebühr".to_owned();
    view.sort = Sort {
        column: ServiceColumn::Name,
        ascending: true,
    };
    view.refresh(&edited);
    for i in 0..7 {
        let id = edited.services()[i * 1000].id;
        let cmd = ozg_cockpit::model::Command::SetService {
            id,
            value: ozg_cockpit::model::ServiceValue::Notes(format!("Gebühr {i}")),
        };
        let resolved = edited.resolve(&cmd).unwrap();
        edited.apply(&resolved.effect);
        let start = Instant::now();
        view.refresh(&edited);
        edit_times.push(start.elapsed());
    }
    println!(
        "recompute after an edit (search index, filter, sort), 100,000 services: {}",
        ms(median(edit_times))
    );

    let catalogue = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("assets/catalogue/leika_leistungen_ozg_mapping.csv");
    let mut import_times = Vec::new();
    for i in 0..7 {
        let mut store =
            Store::open(&dir.path().join(format!("i{i}.sqlite")), OpenMode::Create).unwrap();
        let start = Instant::now();
        let summary = import_file(
            &mut store,
            &catalogue,
            None,
            ImportOptions::default(),
            &ozg_cockpit::exchange::no_progress,
        )
        .unwrap();
        import_times.push(start.elapsed());
        assert_eq!(summary.added, 5249);
    }
    println!(
        "import of the 5,249-row catalogue: {}  (target < 500 ms)",
        ms(median(import_times))
    );

    let demo = dir.path().join("demo.sqlite");
    drop(ozg_cockpit::scenario::create(&demo).unwrap());
    let mut open_times = Vec::new();
    for _ in 0..7 {
        let start = Instant::now();
        let session = Session::open(&demo, OpenMode::Existing).unwrap();
        let mut app = App::with_session(session);
        let ctx = egui::Context::default();
        ozg_cockpit::ui::install_fonts(&ctx);
        let out = ctx.run_ui(input(), |ui| app.ui(ui));
        let _meshes = ctx.tessellate(out.shapes, out.pixels_per_point);
        open_times.push(start.elapsed());
    }
    println!(
        "open the reference database to the first frame: {}  (target < 500 ms)",
        ms(median(open_times))
    );
}
