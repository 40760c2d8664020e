//! Working together: a package of 10,000 changes written, read with its preview and applied
//! (target < 1 s); a frame of the change log view with 100,000 entries (target < 1 ms).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashMap;
use std::time::Instant;

use ozg_cockpit::model::{Command, ServiceValue};
use ozg_cockpit::session::Session;
use ozg_cockpit::store::OpenMode;
use ozg_cockpit::sync::describe::{LogLine, Target};
use ozg_cockpit::sync::{self, Since};

mod support;
use support::ms;

const CHANGES: usize = 10_000;

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.sqlite");
    let b = dir.path().join("b.sqlite");
    let mut store = ozg_cockpit::scenario::create(&a).unwrap();
    sync::copy(&mut store, &b).unwrap();
    drop(store);
    let mut sa = Session::open(&a, OpenMode::Existing).unwrap();
    sa.set_author("Anna");
    let ids: Vec<i64> = sa.workspace().services().iter().map(|s| s.id).collect();
    let setup = Instant::now();
    for n in 0..CHANGES {
        let id = ids[n % ids.len()];
        let value = match n % 3 {
            0 => ServiceValue::Notes(format!("Notiz {n}")),
            1 => ServiceValue::CaseVolume(Some(n as i64)),
            _ => ServiceValue::Name(format!("Leistung {n}")),
        };
        sa.execute(Command::SetService { id, value }).unwrap();
    }
    eprintln!(
        "(setup: {CHANGES} edits in {:.1} s)",
        setup.elapsed().as_secs_f64()
    );
    // Five rounds, each into a fresh copy of the receiving file; the median round is shown
    // (the disk's flushes vary from round to round).
    let mut rounds = Vec::new();
    for round in 0..5 {
        let pkg = dir.path().join(format!("a{round}.ozgchanges"));
        let start = Instant::now();
        let written = sync::export(sa.store(), &pkg, &Since::Peers).unwrap();
        let write = start.elapsed();
        assert_eq!(written, CHANGES);
        let size = std::fs::metadata(&pkg).unwrap().len();

        let into = dir.path().join(format!("b{round}.sqlite"));
        std::fs::copy(&b, &into).unwrap();
        let mut sb = Session::open(&into, OpenMode::Existing).unwrap();
        let start = Instant::now();
        let preview = sync::preview(sb.store(), &pkg).unwrap();
        let outcome = preview.outcome(&HashMap::new());
        let read = start.elapsed();
        assert!(outcome.conflicts.is_empty());
        let start = Instant::now();
        let applied = sb.apply_changes(&preview, &HashMap::new()).unwrap();
        let apply = start.elapsed();
        assert_eq!(applied.changes, CHANGES);
        rounds.push((write + read + apply, write, read, apply, size));
    }
    rounds.sort();
    let (total, write, read, apply, size) = rounds[rounds.len() / 2];
    println!(
        "package of {CHANGES} changes ({:.1} MB), median of {} rounds: written {}, read with preview {}, applied {} – together {}  (target < 1 s; rounds {})",
        size as f64 / 1e6,
        rounds.len(),
        ms(write),
        ms(read),
        ms(apply),
        ms(total),
        rounds
            .iter()
            .map(|r| ms(r.0))
            .collect::<Vec<_>>()
            .join(", ")
    );

    // The rules checked on the merged data (a part of applying).
    let start = Instant::now();
    let broken = sa.workspace().broken_rules();
    assert!(broken.is_empty(), "{broken:?}");
    println!(
        "rules of the edits checked on the data ({} services, {} projects): {}",
        sa.workspace().services().len(),
        sa.workspace().projects().len(),
        ms(start.elapsed())
    );

    // The change log view over 100,000 lines.
    let lines: Vec<LogLine> = (0..100_000)
        .map(|i| LogLine {
            day: chrono::NaiveDate::from_ymd_opt(2026, 1 + (i % 12) as u32, 1 + (i % 28) as u32),
            when: format!("{:02}.{:02}.2026 10:{:02}", 1 + i % 28, 1 + i % 12, i % 60),
            author: ["Anna", "Bernd", "Carla", "Dieter"][i % 4].to_owned(),
            object: format!("Leistung „Leistung {i}“"),
            field: ["Bezeichnung", "Notiz", "Fallzahl/Jahr"][i % 3].to_owned(),
            old: format!("alt {i}"),
            new: format!("neu {i}"),
            target: Target::Service(i as i64),
        })
        .collect();
    let ws = sa.workspace().clone();
    let ctx = egui::Context::default();
    ozg_cockpit::ui::install_fonts(&ctx);
    let mut view = ozg_cockpit::ui::changes::ChangeLogView::with_lines(lines);
    let frame = support::frame_time(&ctx, |ui| {
        let _ = view.ui(ui, &ws, &b);
    });
    println!(
        "frame of the change log, 100,000 entries: {}  (target < 1 ms)",
        ms(frame)
    );
    view.filter.author = Some("Bernd".into());
    let start = Instant::now();
    let shown = view.shown().len();
    println!(
        "filtering the 100,000 entries by person ({shown} shown, once per filter change): {}",
        ms(start.elapsed())
    );
    let frame = support::frame_time(&ctx, |ui| {
        let _ = view.ui(ui, &ws, &b);
    });
    println!("frame of the change log, filtered: {}", ms(frame));
}
