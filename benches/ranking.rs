#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Prints the figures of the ranking: recomputing the ranking of 100,000 services, and a frame
//! of the ranking view at 5,249 and 100,000 services. Run with `cargo bench --bench ranking`.

use std::time::{Duration, Instant};

mod support;
use support::{frame_time, grown, median, ms};

use ozg_cockpit::model::Workspace;
use ozg_cockpit::model::ranking::{RankingInput, RankingSettings, rank};
use ozg_cockpit::ui::ranking::RankingView;

fn ranking_frame(ws: &Workspace) -> Duration {
    let ctx = egui::Context::default();
    ozg_cockpit::ui::install_fonts(&ctx);
    let mut view = RankingView::default();
    frame_time(&ctx, |ui| {
        egui::CentralPanel::default_margins().show(ui, |ui| {
            let _actions = view.ui(ui, ws, false);
        });
    })
}

fn rank_time(ws: &Workspace, settings: RankingSettings) -> Duration {
    let mut times = Vec::new();
    for _ in 0..9 {
        let start = Instant::now();
        let ranking = rank(&RankingInput {
            services: ws.services(),
            offices: ws.offices(),
            criteria: ws.criteria(),
            settings,
        });
        times.push(start.elapsed());
        assert_eq!(ranking.entries.is_empty(), ws.services().is_empty());
    }
    median(times)
}

fn main() {
    println!(
        "ozg-cockpit ranking benchmark (release: {})",
        !cfg!(debug_assertions)
    );
    let dir = tempfile::tempdir().unwrap();
    let base = support::reference(dir.path());
    let big = grown(&base, 100_000);
    println!(
        "ranking of 100,000 services: {}  (target < 50 ms)",
        ms(rank_time(&big, RankingSettings::default()))
    );
    println!(
        "ranking of 100,000 services grouped by OZG service: {}",
        ms(rank_time(
            &big,
            RankingSettings {
                grouped: true,
                ..Default::default()
            }
        ))
    );
    println!(
        "frame, ranking view, {:>7} services: {}  (target < 1 ms)",
        base.services().len(),
        ms(ranking_frame(&base))
    );
    println!(
        "frame, ranking view, {:>7} services: {}  (target < 1 ms)",
        big.services().len(),
        ms(ranking_frame(&big))
    );
}
