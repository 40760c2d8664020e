//! From start to the first frame with an open file on screen, in a real window: the release
//! binary under Xvfb (Mesa's software OpenGL), an empty database against the reference
//! scenario. Needs `Xvfb`; says so and stops without it.

#![allow(clippy::unwrap_used, clippy::expect_used)]
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

const RUNS: usize = 15;

fn binary() -> std::path::PathBuf {
    // The benchmark runs from target/release/deps; the app is target/release/ozg-cockpit.
    let exe = std::env::current_exe().expect("the benchmark's own path");
    let dir = exe.parent().and_then(Path::parent).expect("target/release");
    dir.join("ozg-cockpit")
}

/// Starts Xvfb on a free display number and waits for its socket.
fn xvfb() -> Option<(std::process::Child, String)> {
    for n in 140..200 {
        let socket = format!("/tmp/.X11-unix/X{n}");
        if Path::new(&socket).exists() {
            continue;
        }
        let child = Command::new("Xvfb")
            .args([
                &format!(":{n}"),
                "-screen",
                "0",
                "1600x1000x24",
                "-nolisten",
                "tcp",
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .ok()?;
        for _ in 0..100 {
            if Path::new(&socket).exists() {
                return Some((child, format!(":{n}")));
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        return None;
    }
    None
}

/// Milliseconds from start to the first frame with the file open, as the app reports them.
fn first_frame(display: &str, db: &Path) -> Option<f64> {
    let mut app = Command::new(binary())
        .args(["--db", db.to_str()?])
        .env("DISPLAY", display)
        .env(ozg_cockpit::ui::FIRST_FRAME_ENV, "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    let stdout = app.stdout.take()?;
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if let Some(ms) = line
                .strip_prefix("first frame with content: ")
                .and_then(|r| r.strip_suffix(" ms"))
                .and_then(|v| v.parse::<f64>().ok())
            {
                let _ = tx.send(ms);
                return;
            }
        }
    });
    let ms = rx.recv_timeout(Duration::from_secs(30)).ok();
    let _ = app.kill();
    let _ = app.wait();
    ms
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() {
    if !binary().exists() {
        println!("start-up: build the app first (cargo build --release)");
        return;
    }
    let Some((mut server, display)) = xvfb() else {
        println!("start-up: skipped, Xvfb is not installed (apt-get install xvfb)");
        return;
    };
    let dir = tempfile::tempdir().expect("a temporary folder");
    let empty = dir.path().join("leer.sqlite");
    drop(ozg_cockpit::store::Store::open(&empty, ozg_cockpit::store::OpenMode::Create).unwrap());
    let reference = dir.path().join("beispieldaten.sqlite");
    drop(ozg_cockpit::scenario::create(&reference).unwrap());
    // Alternating runs, each a new process, so both meet the same machine; one of each first
    // to warm the caches.
    let files = [
        ("empty database", &empty),
        ("reference scenario", &reference),
    ];
    for (_, db) in files {
        let _ = first_frame(&display, db);
    }
    let mut times: [Vec<f64>; 2] = [Vec::new(), Vec::new()];
    for _ in 0..RUNS {
        for (i, (_, db)) in files.iter().enumerate() {
            if let Some(ms) = first_frame(&display, db) {
                times[i].push(ms);
            }
        }
    }
    let mut medians = Vec::new();
    for ((name, _), t) in files.iter().zip(times) {
        if t.is_empty() {
            println!("start-up: no frame reported for the {name}");
            return;
        }
        let m = median(t);
        println!("start to first frame with content, {name}: {m:.1} ms (median of {RUNS})");
        medians.push(m);
    }
    if let [empty, reference] = medians[..] {
        println!(
            "reference scenario minus empty database: {:.1} ms  (target < 30 ms)",
            reference - empty
        );
    }
    let _ = server.kill();
    let _ = server.wait();
}
