//! Charts and the committee report on the reference scenario: all five charts as PNG at
//! 1600×1000 and as SVG, the report PDF from an open database, the overview's frame with its
//! charts cached, and the time from an edit until every chart is drawn anew.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::time::{Duration, Instant};

use ozg_cockpit::charts::{Canvas, ChartKind, encode_png, render_rgb, render_svg};
use ozg_cockpit::exchange::report::{ReportSettings, report_pdf};
use ozg_cockpit::model::figures::{FigureInput, Figures};
use ozg_cockpit::model::{Command, ServiceValue};
use ozg_cockpit::session::Session;
use ozg_cockpit::store::OpenMode;
use ozg_cockpit::ui::{App, Tab};
use support::{median, ms};

fn timed(runs: usize, mut f: impl FnMut()) -> Duration {
    let mut times = Vec::new();
    for _ in 0..runs {
        let start = Instant::now();
        f();
        times.push(start.elapsed());
    }
    median(times)
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("reference.sqlite");
    drop(ozg_cockpit::scenario::create(&path).unwrap());
    let session = Session::open(&path, OpenMode::Existing).unwrap();
    let input = FigureInput {
        today: ozg_cockpit::clock::today(),
        data_date: session.data_date(),
        ..FigureInput::default()
    };
    let figures = Figures::compute(session.workspace(), &input);
    let canvas = Canvas::sized(1600, 1000);

    let figures_time = timed(20, || {
        let _ = Figures::compute(session.workspace(), &input);
    });
    println!(
        "figures of the reference scenario:        {}",
        ms(figures_time)
    );

    let png = timed(10, || {
        for kind in ChartKind::ALL {
            let raster = render_rgb(kind, &figures, &canvas).unwrap();
            let _ = encode_png(&raster, 96.0).unwrap();
        }
    });
    println!(
        "all 5 charts as PNG at 1600×1000:         {}  (target < 300 ms)",
        ms(png)
    );
    let svg = timed(10, || {
        for kind in ChartKind::ALL {
            let _ = render_svg(kind, &figures, &canvas).unwrap();
        }
    });
    println!("all 5 charts as SVG:                      {}", ms(svg));

    let report = timed(10, || {
        let settings = ReportSettings::default();
        let fig = Figures::compute(session.workspace(), &input);
        let _ = report_pdf(&fig, &settings).unwrap();
    });
    println!(
        "report PDF from the open database:        {}  (target < 300 ms)",
        ms(report)
    );

    // The overview in a headless frame loop: wait until the tiles are drawn, then time frames.
    let ctx = egui::Context::default();
    ozg_cockpit::ui::install_fonts(&ctx);
    let mut app = App::with_session(session);
    app.workbench_mut().unwrap().tab = Tab::Overview;
    let settle = |app: &mut App, ctx: &egui::Context| -> Duration {
        let start = Instant::now();
        loop {
            let _ = ctx.run_ui(support::input(), |ui| app.ui(ui));
            let busy = app.workbench_mut().is_some_and(|wb| wb.overview.is_busy());
            if !busy && start.elapsed() > Duration::from_millis(5) {
                // One more frame uploads the last finished image.
                let _ = ctx.run_ui(support::input(), |ui| app.ui(ui));
                if !app.workbench_mut().unwrap().overview.is_busy() {
                    return start.elapsed();
                }
            }
            std::thread::sleep(Duration::from_micros(200));
        }
    };
    let first = settle(&mut app, &ctx);
    println!("overview: first frame to all charts drawn: {}", ms(first));
    let frame = support::frame_time(&ctx, |ui| app.ui(ui));
    println!(
        "overview frame with cached charts:        {}  (target < 1 ms)",
        ms(frame)
    );

    let mut edits = Vec::new();
    for n in 0..5 {
        let wb = app.workbench_mut().unwrap();
        let id = wb.session.workspace().services()[n].id;
        let level = (wb.session.workspace().services()[n].current_maturity + 1) % 6;
        let start = Instant::now();
        wb.session
            .execute(Command::SetService {
                id,
                value: ServiceValue::CurrentMaturity(level),
            })
            .unwrap();
        let _ = settle(&mut app, &ctx);
        edits.push(start.elapsed());
    }
    println!(
        "edit until all charts are drawn anew:     {}",
        ms(median(edits))
    );
}
