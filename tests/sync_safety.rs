//! Change packages from outside: thousands of altered packages are read without a panic;
//! each is refused or read exactly as written; crafted packages (checksum recomputed) are
//! refused whole or applied so that the file still loads and keeps the rules of the edits.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashMap;
use std::path::Path;

use ozg_cockpit::model::command::{ProjectValue, ServiceValue};
use ozg_cockpit::model::project::Project;
use ozg_cockpit::model::{Command, Service};
use ozg_cockpit::session::Session;
use ozg_cockpit::store::changes::hex;
use ozg_cockpit::store::{OpenMode, Store};
use ozg_cockpit::sync::{self, Since, package};
use sha2::{Digest, Sha256};

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// A package with edits of several kinds, and a copy to apply packages to.
fn setup(dir: &Path) -> (Vec<u8>, std::path::PathBuf) {
    let a = dir.join("a.sqlite");
    let b = dir.join("b.sqlite");
    let mut store = ozg_cockpit::scenario::create(&a).unwrap();
    sync::copy(&mut store, &b).unwrap();
    drop(store);
    let mut s = Session::open(&a, OpenMode::Existing).unwrap();
    s.set_author("Anna Ä. Muster");
    let ws = s.workspace().clone();
    s.execute(Command::SetService {
        id: ws.services()[0].id,
        value: ServiceValue::Name("Umbenannt – „neu“".into()),
    })
    .unwrap();
    s.execute(Command::DeleteService(ws.services()[1].id))
        .unwrap();
    let id = s.workspace().next_service_id();
    s.execute(Command::AddService(Box::new(Service::new(id, "Neu ß", 4))))
        .unwrap();
    let pid = s.workspace().next_project_id();
    s.execute(Command::AddProject {
        project: Box::new(Project::new(pid, "Projekt", 4)),
        services: vec![id],
        assignments: vec![],
    })
    .unwrap();
    s.execute(Command::SetProject {
        id: pid,
        value: ProjectValue::Contact("Frau X".into()),
    })
    .unwrap();
    let (text, _) = sync::package_text(s.store(), &Since::Peers).unwrap();
    (text.into_bytes(), b)
}

fn mutate(rng: &mut Rng, original: &[u8]) -> Vec<u8> {
    let mut bytes = original.to_vec();
    for _ in 0..1 + rng.below(3) {
        let at = rng.below(bytes.len());
        match rng.below(6) {
            0 => bytes[at] ^= 1 << rng.below(8),
            1 => {
                bytes.remove(at);
            }
            2 => {
                let pool = b"\"{}[],:0a\n\xff";
                bytes.insert(at, pool[rng.below(pool.len())]);
            }
            3 => bytes.truncate(at),
            4 => {
                let end = (at + 1 + rng.below(40)).min(bytes.len());
                let piece = bytes[at..end].to_vec();
                let to = rng.below(bytes.len());
                bytes.splice(to..to, piece);
            }
            _ => bytes[at] = b"0123456789"[rng.below(10)],
        }
        if bytes.is_empty() {
            break;
        }
    }
    bytes
}

/// The package with its checksum made to fit again: what someone crafting one would do.
fn reseal(bytes: &[u8]) -> Option<Vec<u8>> {
    let text = std::str::from_utf8(bytes).ok()?;
    let body = text.strip_suffix('\n')?;
    let cut = body.rfind('\n')?;
    let before = &text[..=cut];
    let changes = before.lines().count().saturating_sub(1);
    let trailer =
        serde_json::json!({ "end": changes, "sha256": hex(&Sha256::digest(before.as_bytes())) });
    Some(format!("{before}{trailer}\n").into_bytes())
}

#[test]
fn altered_packages_are_refused_or_read_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let (original, _) = setup(dir.path());
    let expected = package::parse(&original).unwrap();
    assert!(!expected.changes.is_empty());
    let mut rng = Rng(0x5DEE_CE66_D1CE_4E5B);
    let mut refused = 0;
    for _ in 0..5000 {
        let bytes = mutate(&mut rng, &original);
        match package::parse(&bytes) {
            Ok(p) => assert_eq!(p, expected, "an altered package read differently"),
            Err(reason) => {
                assert!(!reason.is_empty());
                refused += 1;
            }
        }
    }
    assert!(
        refused > 4900,
        "nearly every alteration is refused: {refused}"
    );
}

#[test]
fn a_crafted_value_off_the_scale_is_refused_naming_the_service() {
    let dir = tempfile::tempdir().unwrap();
    let (original, b) = setup(dir.path());
    let text = String::from_utf8(original).unwrap();
    let crafted: String = text
        .lines()
        .map(|line| {
            if line.contains("Neu ß") {
                line.replace("\"target_maturity\":4", "\"target_maturity\":99")
            } else {
                line.to_owned()
            }
        })
        .map(|line| line + "\n")
        .collect();
    assert_ne!(crafted, text, "the package carries the new service");
    let bytes = reseal(crafted.as_bytes()).unwrap();
    let mut session = Session::open(&b, OpenMode::Existing).unwrap();
    let before = session.workspace().services().len();
    let refused = sync::prepare(session.store(), package::parse(&bytes).unwrap())
        .and_then(|p| session.apply_changes(&p, &HashMap::new()))
        .unwrap_err()
        .to_string();
    assert!(
        refused.contains("Leistung „Neu ß“: Reifegrad (Ziel): Stufe 99 liegt außerhalb der Skala"),
        "{refused}"
    );
    assert!(refused.ends_with("Nichts wurde übernommen."), "{refused}");
    drop(session);
    let ws = Store::open(&b, OpenMode::ReadOnly).unwrap().load().unwrap();
    assert_eq!(ws.services().len(), before, "nothing was written");
}

#[test]
fn crafted_packages_are_refused_whole_or_leave_a_file_that_loads() {
    let dir = tempfile::tempdir().unwrap();
    let (original, b) = setup(dir.path());
    let pristine = dir.path().join("pristine.sqlite");
    Store::open(&b, OpenMode::Existing)
        .unwrap()
        .close()
        .unwrap();
    std::fs::copy(&b, &pristine).unwrap();
    let mut rng = Rng(0x2545_F491_4F6C_DD1D);
    let (mut parsed, mut applied, mut refused) = (0, 0, 0);
    let store = Store::open(&b, OpenMode::Existing).unwrap();
    for i in 0..6000 {
        let Some(bytes) = reseal(&mutate(&mut rng, &original)) else {
            continue;
        };
        let Ok(pkg) = package::parse(&bytes) else {
            continue;
        };
        parsed += 1;
        // The preview and the merge of any readable package, without writing.
        let Ok(preview) = sync::prepare(&store, pkg) else {
            refused += 1;
            continue;
        };
        let outcome = preview.outcome(&HashMap::new());
        let _ = outcome.conflicts.len();
        // Every 5th readable one is applied to a fresh copy: all or nothing, and the file
        // loads afterwards and keeps the rules.
        if parsed % 5 == 0 {
            let target = dir.path().join(format!("t{i}.sqlite"));
            std::fs::copy(&pristine, &target).unwrap();
            let mut session = Session::open(&target, OpenMode::Existing).unwrap();
            let before = session.workspace().services().len();
            match sync::prepare(session.store(), package::parse(&bytes).unwrap())
                .and_then(|p| session.apply_changes(&p, &HashMap::new()))
            {
                Ok(_) => applied += 1,
                Err(e) => {
                    assert!(!e.to_string().is_empty());
                    assert_eq!(session.workspace().services().len(), before);
                    refused += 1;
                }
            }
            drop(session);
            let loaded = Store::open(&target, OpenMode::ReadOnly)
                .unwrap()
                .load()
                .expect("the file loads after any package");
            // A maturity off the scale, a step done without its decision …: refused whole.
            let broken = loaded.broken_rules();
            assert!(broken.is_empty(), "package {i}: {broken:?}");
            std::fs::remove_file(&target).ok();
        }
    }
    assert!(
        parsed > 400,
        "enough crafted packages were readable: {parsed}"
    );
    assert!(
        applied > 10 && refused > 10,
        "applied {applied}, refused {refused}"
    );
}
