//! Helpers shared by the benchmarks.
#![allow(clippy::unwrap_used, clippy::expect_used, dead_code)]

use std::time::{Duration, Instant};

use ozg_cockpit::model::{LeikaKey, Workspace};

/// The reference scenario as loaded from a file (with the default criteria).
pub fn reference(dir: &std::path::Path) -> Workspace {
    let path = dir.join("reference.sqlite");
    ozg_cockpit::scenario::create(&path)
        .unwrap()
        .load()
        .unwrap()
}

pub fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

pub fn ms(d: Duration) -> String {
    format!("{:.3} ms", d.as_secs_f64() * 1000.0)
}

pub fn input() -> egui::RawInput {
    egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(
            egui::Pos2::ZERO,
            egui::vec2(1600.0, 1000.0),
        )),
        ..Default::default()
    }
}

/// Median time of one frame (layout and tessellation) of `draw`.
pub fn frame_time(ctx: &egui::Context, mut draw: impl FnMut(&mut egui::Ui)) -> Duration {
    let mut times = Vec::new();
    for i in 0..260 {
        let start = Instant::now();
        let out = ctx.run_ui(input(), |ui| draw(ui));
        let _meshes = ctx.tessellate(out.shapes, out.pixels_per_point);
        if i >= 60 {
            times.push(start.elapsed());
        }
    }
    median(times)
}

/// The reference workspace grown to `n` services by copying with new ids and keys.
pub fn grown(base: &Workspace, n: usize) -> Workspace {
    let mut services = Vec::with_capacity(n);
    for i in 0..n {
        let mut s = base.services()[i % base.services().len()].clone();
        s.id = i as i64 + 1;
        s.leika_key =
            LeikaKey::parse_optional(&format!("{:014}", 10_000_000_000_000u64 + i as u64)).unwrap();
        if i >= base.services().len() {
            s.name = format!("{} {}", s.name, i);
        }
        services.push(s);
    }
    Workspace::new(
        services,
        base.offices().to_vec(),
        base.ozg_services().to_vec(),
        base.maturity.clone(),
    )
    .with_ranking(
        base.criteria().to_vec(),
        Vec::new(),
        base.ranking_settings(),
    )
}
