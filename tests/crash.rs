#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Kills a process that is committing edits at random moments; every reopened file must be
//! sound and hold every edit the process reported as committed.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::mpsc::channel;
use std::time::Duration;

use ozg_cockpit::model::{Command as Edit, Service};
use ozg_cockpit::session::Session;
use ozg_cockpit::store::{OpenMode, Store};

#[test]
fn sigkill_never_loses_a_committed_edit() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("crash.sqlite");
    {
        let mut session = Session::open(&db, OpenMode::Create).unwrap();
        session
            .execute(Edit::AddService(Box::new(Service::new(1, "Erste", 4))))
            .unwrap();
    }
    let mut rng = ozg_cockpit::scenario::SplitMix64::new(20261128);
    let mut total = 0;
    for run in 0..24 {
        let mut child = Command::new(env!("CARGO_BIN_EXE_ozg-cockpit"))
            .args(["stress-edits", "--db", db.to_str().unwrap(), "--tag"])
            .arg(run.to_string())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = channel();
        let reader = std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if tx.send(line.parse::<u64>().unwrap()).is_err() {
                    break;
                }
            }
        });
        // Wait for the first commit, then let it run for a random while.
        let first = rx.recv_timeout(Duration::from_secs(20)).unwrap();
        std::thread::sleep(Duration::from_millis(5 + rng.below(150) as u64));
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        reader.join().unwrap();
        let printed: Vec<u64> = std::iter::once(first).chain(rx.try_iter()).collect();
        let last = *printed.last().unwrap();
        total += printed.len();

        let store = Store::open(&db, OpenMode::Existing).unwrap();
        assert_eq!(store.integrity_check().unwrap(), "ok", "run {run}");
        let ws = store.load().unwrap();
        for n in &printed {
            let name = format!("Belastungstest {run}-{n}");
            assert!(
                ws.services().iter().any(|s| s.name == name),
                "run {run}: committed edit {n} is missing"
            );
        }
        let volume = ws.service(1).unwrap().case_volume.unwrap();
        assert!(
            volume >= last as i64,
            "run {run}: case volume {volume} < {last}"
        );
    }
    assert!(total > 24, "the child committed edits before it was killed");
}

/// Kills `init --demo` after a random while, `runs` times; returns how often the file was
/// there afterwards.
fn kill_init_at_random(runs: u32, seed: u64) -> u32 {
    let mut rng = ozg_cockpit::scenario::SplitMix64::new(seed);
    let mut complete = 0;
    for run in 0..runs {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("beispiel.sqlite");
        let mut child = Command::new(env!("CARGO_BIN_EXE_ozg-cockpit"))
            .args(["init", "--demo", "--db", db.to_str().unwrap()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(rng.below(400) as u64));
        let _ = child.kill(); // SIGKILL, or nothing when it already finished
        child.wait().unwrap();
        if db.exists() {
            // Complete: sound, with the whole scenario.
            let store = Store::open(&db, OpenMode::Existing).unwrap();
            assert_eq!(store.integrity_check().unwrap(), "ok", "run {run}");
            assert_eq!(store.load().unwrap().services().len(), 5249, "run {run}");
            complete += 1;
        } else {
            // Absent, and the next try is not blocked.
            let out = Command::new(env!("CARGO_BIN_EXE_ozg-cockpit"))
                .args(["init", "--demo", "--db", db.to_str().unwrap()])
                .output()
                .unwrap();
            assert!(out.status.success(), "run {run}: {out:?}");
            let store = Store::open(&db, OpenMode::Existing).unwrap();
            assert_eq!(store.integrity_check().unwrap(), "ok", "run {run}");
        }
    }
    complete
}

#[test]
fn sigkill_during_init_leaves_no_file_or_a_complete_one() {
    let complete = kill_init_at_random(24, 20261129);
    assert!(
        complete < 24,
        "some runs are killed before the end: {complete}"
    );
}

#[test]
fn sigkill_during_an_import_leaves_the_file_as_it_was_or_with_the_import() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("import.sqlite");
    drop(Store::open(&db, OpenMode::Create).unwrap());
    let catalogue = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/assets/catalogue/leika_leistungen_ozg_mapping.csv"
    );
    let mut rng = ozg_cockpit::scenario::SplitMix64::new(7);
    for run in 0..20 {
        let mut child = Command::new(env!("CARGO_BIN_EXE_ozg-cockpit"))
            .args(["import", "--db", db.to_str().unwrap(), catalogue])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(rng.below(300) as u64));
        let _ = child.kill();
        child.wait().unwrap();
        let store = Store::open(&db, OpenMode::Existing).unwrap();
        assert_eq!(store.integrity_check().unwrap(), "ok", "run {run}");
        let n = store.load().unwrap().services().len();
        assert!(n == 0 || n == 5249, "run {run}: all or nothing, found {n}");
    }
}
