#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The file and memory never disagree: random sequences of every kind of edit, with undo and
//! redo, and after each step the workspace in memory equals what a fresh load of the file
//! gives. Refused edits must leave both unchanged.

mod common;

use common::edits::{Rng, content, random_command, seeded_session};
use ozg_cockpit::model::Workspace;
use ozg_cockpit::session::SessionError;
use ozg_cockpit::store::{OpenMode, Store};

/// The first lines where two contents differ, with some context, for a readable failure.
fn first_difference(a: &str, b: &str) -> Option<String> {
    let (a, b): (Vec<&str>, Vec<&str>) = (a.lines().collect(), b.lines().collect());
    let at = (0..a.len().max(b.len())).find(|&i| a.get(i) != b.get(i))?;
    let around = |v: &[&str]| v[at.saturating_sub(8)..(at + 4).min(v.len())].join("\n");
    Some(format!(
        "line {at}\n--- memory:\n{}\n--- file:\n{}",
        around(&a),
        around(&b)
    ))
}

fn fresh_load(path: &std::path::Path) -> Workspace {
    Store::open(path, OpenMode::ReadOnly)
        .expect("the file opens")
        .load()
        .expect("the file loads")
}

#[test]
fn memory_equals_a_fresh_load_after_every_edit_undo_and_redo() {
    let mut accepted = 0;
    let mut refused = 0;
    let mut kinds = std::collections::BTreeSet::new();
    for seed in 1..=6u64 {
        let dir = tempfile::tempdir().expect("a folder");
        let path = dir.path().join("konsistenz.sqlite");
        let mut session = seeded_session(&path);
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ seed.wrapping_mul(0x2545_F491_4F6C_DD1D));
        for step in 0..120 {
            let before = content(session.workspace());
            let what = match rng.below(10) {
                n @ (0 | 1) => {
                    let (what, result) = match n {
                        0 => ("undo", session.undo()),
                        _ => ("redo", session.redo()),
                    };
                    match result {
                        Ok(_) => {}
                        // Undoing may be refused (the default staffing names an office whose
                        // creation is undone); then nothing changes.
                        Err(SessionError::Edit(_)) => assert_eq!(
                            content(session.workspace()),
                            before,
                            "seed {seed}, step {step}: a refused {what} changed memory"
                        ),
                        Err(e) => panic!("seed {seed}, step {step}: {what} failed: {e}"),
                    }
                    what.to_owned()
                }
                _ => {
                    let cmd = random_command(&mut rng, session.workspace(), 0);
                    let what = format!("{cmd:?}");
                    let kind: String = what.chars().take_while(char::is_ascii_alphabetic).collect();
                    match session.execute(cmd) {
                        Ok(()) => {
                            accepted += 1;
                            kinds.insert(kind);
                        }
                        Err(_) => {
                            refused += 1;
                            assert_eq!(
                                content(session.workspace()),
                                before,
                                "seed {seed}, step {step}: a refused edit changed memory: {what}"
                            );
                        }
                    }
                    what
                }
            };
            let difference =
                first_difference(&content(session.workspace()), &content(&fresh_load(&path)));
            assert!(
                difference.is_none(),
                "seed {seed}, step {step}: memory and file differ after {what}: {}",
                difference.unwrap_or_default()
            );
        }
        // Undoing as far as it goes keeps memory and file alike too.
        while let Ok(true) = session.undo() {}
        let difference =
            first_difference(&content(session.workspace()), &content(&fresh_load(&path)));
        assert!(difference.is_none(), "{}", difference.unwrap_or_default());
    }
    assert!(accepted > 150, "enough edits were accepted: {accepted}");
    // Every kind a user can issue (the resolved project form comes in through undo).
    assert_eq!(
        kinds.len(),
        26,
        "every kind of edit was accepted at least once: {kinds:?}"
    );
    assert!(refused > 30, "and enough refused: {refused}");
}
