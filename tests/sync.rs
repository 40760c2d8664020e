//! Copies of one file edited apart and brought together with change packages.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use ozg_cockpit::model::command::{ProjectValue, ServiceValue};
use ozg_cockpit::model::project::Project;
use ozg_cockpit::model::{Command, Service};
use ozg_cockpit::session::Session;
use ozg_cockpit::store::changes::{SHARED_SETTINGS, TRACKED};
use ozg_cockpit::store::{OpenMode, Store};
use ozg_cockpit::sync::{self, Choice, ConflictKind, Since, SyncError};

mod common;

/// The reference scenario in a temporary folder, and a working copy of it.
fn two_copies() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.sqlite");
    let b = dir.path().join("b.sqlite");
    let mut store = ozg_cockpit::scenario::create(&a).unwrap();
    sync::copy(&mut store, &b).unwrap();
    (dir, a, b)
}

/// Every data row of a file, table by table, in a fixed order.
fn dump(path: &Path) -> BTreeMap<String, Vec<String>> {
    let conn = rusqlite::Connection::open(path).unwrap();
    let mut out = BTreeMap::new();
    for t in TRACKED {
        let mut stmt = conn.prepare(&format!("SELECT * FROM {}", t.name)).unwrap();
        let n = stmt.column_count();
        let mut rows: Vec<String> = stmt
            .query_map([], |r| {
                let values: Vec<String> = (0..n)
                    .map(|i| format!("{:?}", r.get::<_, rusqlite::types::Value>(i).unwrap()))
                    .collect();
                Ok(values.join("|"))
            })
            .unwrap()
            .map(Result::unwrap)
            .filter(|row| {
                t.name != "settings"
                    || SHARED_SETTINGS
                        .iter()
                        .any(|k| row.starts_with(&format!("Text(\"{k}\")|")))
            })
            .collect();
        rows.sort();
        out.insert(t.name.to_owned(), rows);
    }
    out
}

fn session(path: &Path, author: &str) -> Session {
    let mut s = Session::open(path, OpenMode::Existing).unwrap();
    s.set_author(author);
    s
}

/// Writes the package of `from` for the copy `to` last sent one (or for its known copies).
fn package(from: &Session, dir: &Path, name: &str) -> PathBuf {
    let out = dir.join(format!("{name}.ozgchanges"));
    sync::export(from.store(), &out, &Since::Peers).unwrap();
    out
}

/// Applies a package choosing `choice` for every conflict; returns the conflicts met.
fn apply(to: &mut Session, pkg: &Path, choice: Choice) -> Vec<sync::Conflict> {
    try_apply(to, pkg, choice).unwrap_or_else(|e| panic!("{e}"))
}

/// Applies a package, or says why not (the file then unchanged).
fn try_apply(
    to: &mut Session,
    pkg: &Path,
    choice: Choice,
) -> Result<Vec<sync::Conflict>, SyncError> {
    let preview = sync::preview(to.store(), pkg).unwrap();
    let conflicts = preview.outcome(&HashMap::new()).conflicts;
    let choices: HashMap<String, Choice> =
        conflicts.iter().map(|c| (c.id.clone(), choice)).collect();
    apply_decided(to, pkg, &preview, &choices)?;
    Ok(conflicts)
}

/// Applies a package deciding each conflict by `decide`, also those that come up only under
/// earlier decisions; returns the conflicts decided.
fn try_apply_each(
    to: &mut Session,
    pkg: &Path,
    decide: &dyn Fn(&str) -> Choice,
) -> Result<Vec<sync::Conflict>, SyncError> {
    let preview = sync::preview(to.store(), pkg).unwrap();
    let mut choices: HashMap<String, Choice> = HashMap::new();
    let conflicts = loop {
        let conflicts = preview.outcome(&choices).conflicts;
        let before = choices.len();
        for c in &conflicts {
            choices.entry(c.id.clone()).or_insert_with(|| decide(&c.id));
        }
        if choices.len() == before {
            break conflicts;
        }
    };
    apply_decided(to, pkg, &preview, &choices)?;
    Ok(conflicts)
}

fn apply_decided(
    to: &mut Session,
    pkg: &Path,
    preview: &sync::Preview,
    choices: &HashMap<String, Choice>,
) -> Result<(), SyncError> {
    if let Err(e) = to.apply_changes(preview, choices) {
        if let Ok(keep) = std::env::var("SYNC_FAIL_DIR") {
            let dir = pkg.parent().unwrap();
            std::fs::create_dir_all(&keep).unwrap();
            for f in std::fs::read_dir(dir).unwrap().flatten() {
                std::fs::copy(f.path(), Path::new(&keep).join(f.file_name())).unwrap();
            }
            eprintln!(
                "failing package {} into {}",
                pkg.display(),
                to.store().path().display()
            );
        }
        return Err(e);
    }
    Ok(())
}

fn service_named(s: &Session, name: &str) -> Option<Service> {
    s.workspace()
        .services()
        .iter()
        .find(|x| x.name == name)
        .cloned()
}

#[test]
fn every_edit_is_in_the_log_field_by_field_and_undo_is_a_change_of_its_own() {
    let (_dir, a, _b) = two_copies();
    let mut s = session(&a, "Erika Muster");
    let id = s.workspace().services()[0].id;
    let old = s.workspace().services()[0].name.clone();
    s.execute(Command::SetService {
        id,
        value: ServiceValue::Name("Neuer Name".into()),
    })
    .unwrap();
    s.undo().unwrap();
    let conn = s.store().connection();
    let rows: Vec<(String, String, String, String, String)> = conn
        .prepare(
            "SELECT c.author, r.tbl, r.col, r.old_value, r.new_value FROM change_rows r
             JOIN changes c ON c.seq = r.change ORDER BY r.id",
        )
        .unwrap()
        .query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(
        rows,
        [
            (
                "Erika Muster".to_owned(),
                "services".to_owned(),
                "name".to_owned(),
                old.clone(),
                "Neuer Name".to_owned()
            ),
            (
                "Erika Muster".to_owned(),
                "services".to_owned(),
                "name".to_owned(),
                "Neuer Name".to_owned(),
                old
            )
        ]
    );
    let counters: Vec<i64> = conn
        .prepare("SELECT counter FROM changes ORDER BY seq")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(counters, [1, 2], "the data day setting is not a change");
}

#[test]
fn two_copies_edited_apart_come_together_both_ways() {
    let (dir, a, b) = two_copies();
    let mut sa = session(&a, "Anna");
    let mut sb = session(&b, "Bernd");
    let ws = sa.workspace().clone();
    let shared = ws.services()[3].id;
    let doomed = ws.services()[4].id;
    // Different fields of one service.
    sa.execute(Command::SetService {
        id: shared,
        value: ServiceValue::Name("Name aus A".into()),
    })
    .unwrap();
    sb.execute(Command::SetService {
        id: shared,
        value: ServiceValue::Notes("Notiz aus B".into()),
    })
    .unwrap();
    // New services and projects on both sides; a deletion on one.
    for (s, tag) in [(&mut sa, "A"), (&mut sb, "B")] {
        let id = s.workspace().next_service_id();
        s.execute(Command::AddService(Box::new(Service::new(
            id,
            &format!("Neue Leistung {tag}"),
            4,
        ))))
        .unwrap();
        let pid = s.workspace().next_project_id();
        s.execute(Command::AddProject {
            project: Box::new(Project::new(pid, &format!("Projekt {tag}"), 4)),
            services: vec![id],
            assignments: vec![],
        })
        .unwrap();
    }
    sa.execute(Command::DeleteService(doomed)).unwrap();

    let from_a = package(&sa, dir.path(), "a1");
    assert!(apply(&mut sb, &from_a, Choice::Theirs).is_empty());
    let from_b = package(&sb, dir.path(), "b1");
    assert!(apply(&mut sa, &from_b, Choice::Theirs).is_empty());

    assert_eq!(dump(&a), dump(&b), "both copies hold the same data");
    let merged = sb.workspace().service(shared).unwrap();
    assert_eq!(merged.name, "Name aus A");
    assert_eq!(merged.notes, "Notiz aus B");
    assert!(sb.workspace().service(doomed).is_none());
    for name in ["Neue Leistung A", "Neue Leistung B"] {
        let s = service_named(&sa, name).unwrap();
        assert!(s.project_id.is_some(), "{name} keeps its project");
    }
    assert_eq!(
        sa.workspace()
            .projects()
            .iter()
            .filter(|p| p.name.starts_with("Projekt "))
            .count(),
        2
    );
}

#[test]
fn an_edit_between_the_preview_and_applying_refuses_the_package() {
    let (dir, a, b) = two_copies();
    let mut sa = session(&a, "Anna");
    let mut sb = session(&b, "Bernd");
    let (first, second) = {
        let s = sa.workspace().services();
        (s[0].id, s[1].id)
    };
    sa.execute(Command::SetService {
        id: first,
        value: ServiceValue::Name("Von Anna".into()),
    })
    .unwrap();
    let pkg = package(&sa, dir.path(), "a");
    // The preview is read (as the window does on a worker) while this file goes on: an edit
    // of another service, which the preview's rows do not show.
    let preview = sync::preview(sb.store(), &pkg).unwrap();
    sb.execute(Command::SetService {
        id: second,
        value: ServiceValue::Name("Von Bernd".into()),
    })
    .unwrap();
    let before = dump(&b);
    let refused = sb.apply_changes(&preview, &HashMap::new());
    assert!(
        matches!(&refused, Err(SyncError::Invalid(m)) if m.contains("seit der Vorschau")),
        "{refused:?}"
    );
    assert_eq!(dump(&b), before, "nothing was applied");
    // Read again, it applies.
    let preview = sync::preview(sb.store(), &pkg).unwrap();
    sb.apply_changes(&preview, &HashMap::new()).unwrap();
    assert_eq!(sb.workspace().service(first).unwrap().name, "Von Anna");
    assert_eq!(sb.workspace().service(second).unwrap().name, "Von Bernd");
}

#[test]
fn the_same_field_changed_on_both_sides_is_a_conflict_decided_either_way() {
    for choice in [Choice::Mine, Choice::Theirs] {
        let (dir, a, b) = two_copies();
        let mut sa = session(&a, "Anna");
        let mut sb = session(&b, "Bernd");
        let id = sa.workspace().services()[7].id;
        for (s, name) in [(&mut sa, "Von Anna"), (&mut sb, "Von Bernd")] {
            s.execute(Command::SetService {
                id,
                value: ServiceValue::Name(name.into()),
            })
            .unwrap();
        }
        let from_a = package(&sa, dir.path(), "a");
        let conflicts = apply(&mut sb, &from_a, choice);
        assert_eq!(conflicts.len(), 1);
        let c = &conflicts[0];
        assert_eq!(c.mine_by.author, "Bernd");
        assert_eq!(c.theirs_by.author, "Anna");
        match &c.kind {
            ConflictKind::Field {
                col, mine, theirs, ..
            } => {
                assert_eq!(col, "name");
                assert_eq!(mine, "Von Bernd");
                assert_eq!(theirs, "Von Anna");
            }
            other => panic!("a field conflict expected, got {other:?}"),
        }
        let expected = if choice == Choice::Mine {
            "Von Bernd"
        } else {
            "Von Anna"
        };
        assert_eq!(sb.workspace().service(id).unwrap().name, expected);
        let from_b = package(&sb, dir.path(), "b");
        assert!(
            apply(&mut sa, &from_b, Choice::Mine).is_empty(),
            "the decision travels and settles the conflict"
        );
        assert_eq!(sa.workspace().service(id).unwrap().name, expected);
        assert_eq!(dump(&a), dump(&b));
    }
}

#[test]
fn a_deletion_meeting_an_edit_is_a_conflict_on_both_sides() {
    for choice in [Choice::Mine, Choice::Theirs] {
        let (dir, a, b) = two_copies();
        let mut sa = session(&a, "Anna");
        let mut sb = session(&b, "Bernd");
        let id = sa.workspace().services()[9].id;
        sa.execute(Command::DeleteService(id)).unwrap();
        sb.execute(Command::SetService {
            id,
            value: ServiceValue::Notes("Noch gebraucht".into()),
        })
        .unwrap();
        // Bernd receives the deletion of what he changed.
        let from_a = package(&sa, dir.path(), "a");
        let conflicts = apply(&mut sb, &from_a, choice);
        assert!(
            matches!(
                conflicts[..],
                [sync::Conflict {
                    kind: ConflictKind::TheyDeleted { .. },
                    ..
                }]
            ),
            "{conflicts:?}"
        );
        let kept = choice == Choice::Mine;
        assert_eq!(sb.workspace().service(id).is_some(), kept);
        let from_b = package(&sb, dir.path(), "b");
        assert!(apply(&mut sa, &from_b, Choice::Mine).is_empty());
        assert_eq!(sa.workspace().service(id).is_some(), kept);
        if kept {
            assert_eq!(sa.workspace().service(id).unwrap().notes, "Noch gebraucht");
        }
        assert_eq!(dump(&a), dump(&b));
    }
    // The other way round: Anna receives the edit of what she deleted.
    for choice in [Choice::Mine, Choice::Theirs] {
        let (dir, a, b) = two_copies();
        let mut sa = session(&a, "Anna");
        let mut sb = session(&b, "Bernd");
        let id = sa.workspace().services()[9].id;
        sa.execute(Command::DeleteService(id)).unwrap();
        sb.execute(Command::SetService {
            id,
            value: ServiceValue::Notes("Noch gebraucht".into()),
        })
        .unwrap();
        let from_b = package(&sb, dir.path(), "b");
        let conflicts = apply(&mut sa, &from_b, choice);
        assert!(
            matches!(
                conflicts[..],
                [sync::Conflict {
                    kind: ConflictKind::WeDeleted { .. },
                    ..
                }]
            ),
            "{conflicts:?}"
        );
        let restored = choice == Choice::Theirs;
        assert_eq!(sa.workspace().service(id).is_some(), restored);
        let from_a = package(&sa, dir.path(), "a");
        assert!(apply(&mut sb, &from_a, Choice::Mine).is_empty());
        assert_eq!(dump(&a), dump(&b));
    }
}

#[test]
fn a_package_applied_twice_or_after_a_newer_one_changes_nothing() {
    let (dir, a, b) = two_copies();
    let mut sa = session(&a, "Anna");
    let mut sb = session(&b, "Bernd");
    let id = sa.workspace().services()[1].id;
    sa.execute(Command::SetService {
        id,
        value: ServiceValue::Name("Erste Fassung".into()),
    })
    .unwrap();
    let first = package(&sa, dir.path(), "1");
    sa.execute(Command::SetService {
        id,
        value: ServiceValue::Name("Zweite Fassung".into()),
    })
    .unwrap();
    let pid = sa.workspace().next_project_id();
    sa.execute(Command::AddProject {
        project: Box::new(Project::new(pid, "Später", 4)),
        services: vec![],
        assignments: vec![],
    })
    .unwrap();
    sa.execute(Command::SetProject {
        id: pid,
        value: ProjectValue::Contact("Frau Beispiel".into()),
    })
    .unwrap();
    let second = package(&sa, dir.path(), "2");
    // The newer package first, then the older one, then the newer one again.
    apply(&mut sb, &second, Choice::Mine);
    let after = dump(&b);
    let preview = sync::preview(sb.store(), &first).unwrap();
    assert!(preview.new_changes().is_empty());
    assert_eq!(preview.known, 1);
    apply(&mut sb, &first, Choice::Mine);
    apply(&mut sb, &second, Choice::Mine);
    assert_eq!(dump(&b), after);
    assert_eq!(dump(&a), dump(&b));
    assert_eq!(sb.workspace().service(id).unwrap().name, "Zweite Fassung");
}

#[test]
fn a_package_of_another_origin_or_altered_is_refused_and_changes_nothing() {
    let (dir, a, _b) = two_copies();
    let other = dir.path().join("other.sqlite");
    let mut so = {
        ozg_cockpit::scenario::create(&other).unwrap();
        session(&other, "Olga")
    };
    let id = so.workspace().services()[0].id;
    so.execute(Command::SetService {
        id,
        value: ServiceValue::Notes("Fremd".into()),
    })
    .unwrap();
    let foreign = package(&so, dir.path(), "fremd");
    let sa = session(&a, "Anna");
    let before = dump(&a);
    let err = sync::preview(sa.store(), &foreign).unwrap_err();
    assert!(matches!(err, SyncError::OtherFamily), "{err}");
    assert!(err.to_string().contains("anderen Datenbank"));
    // One byte changed anywhere: refused by the checksum.
    let mut bytes = std::fs::read(&foreign).unwrap();
    let at = bytes.len() / 2;
    bytes[at] = if bytes[at] == b'a' { b'b' } else { b'a' };
    let altered = dir.path().join("verändert.ozgchanges");
    std::fs::write(&altered, &bytes).unwrap();
    let err = sync::preview(sa.store(), &altered).unwrap_err();
    assert!(matches!(err, SyncError::NotAPackage { .. }), "{err}");
    assert_eq!(dump(&a), before);
}

#[test]
fn copies_of_copies_exchange_with_each_other() {
    let (dir, a, b) = two_copies();
    let c = dir.path().join("c.sqlite");
    {
        let mut store = Store::open(&b, OpenMode::Existing).unwrap();
        sync::copy(&mut store, &c).unwrap();
    }
    let mut sa = session(&a, "Anna");
    let mut sc = session(&c, "Carla");
    let id = sc.workspace().services()[2].id;
    sc.execute(Command::SetService {
        id,
        value: ServiceValue::CaseVolume(Some(4242)),
    })
    .unwrap();
    let from_c = package(&sc, dir.path(), "c");
    assert!(apply(&mut sa, &from_c, Choice::Mine).is_empty());
    assert_eq!(sa.workspace().service(id).unwrap().case_volume, Some(4242));
    let from_a = package(&sa, dir.path(), "a");
    apply(&mut sc, &from_a, Choice::Mine);
    assert_eq!(dump(&a), dump(&c));
}

#[test]
fn a_package_building_on_changes_of_a_third_copy_waits_for_them() {
    let (dir, a, b) = two_copies();
    let mut sb = session(&b, "Bernd");
    let id = sb.workspace().services()[2].id;
    sb.execute(Command::SetService {
        id,
        value: ServiceValue::Name("Von Bernd".into()),
    })
    .unwrap();
    // Carla's copy is taken from Bernd's after his edit, and she changes the same service.
    let c = dir.path().join("c.sqlite");
    sb.make_copy(&c).unwrap();
    let mut sc = session(&c, "Carla");
    sc.execute(Command::SetService {
        id,
        value: ServiceValue::Name("Von Carla".into()),
    })
    .unwrap();
    // Her package leaves out what her origin has; Anna has not got Bernd's edit yet.
    let from_c = package(&sc, dir.path(), "c");
    let mut sa = session(&a, "Anna");
    let before = dump(&a);
    let refused = sync::preview(sa.store(), &from_c);
    assert!(
        matches!(&refused, Err(SyncError::MissingBefore { author }) if author == "Carla"),
        "{:?}",
        refused.err()
    );
    assert!(refused.err().unwrap().to_string().contains("--all"));
    assert_eq!(dump(&a), before, "nothing was applied");
    // With Bernd's package first, Carla's applies, and her name is the last word.
    let from_b = package(&sb, dir.path(), "b");
    assert!(apply(&mut sa, &from_b, Choice::Mine).is_empty());
    assert!(apply(&mut sa, &from_c, Choice::Mine).is_empty());
    assert_eq!(sa.workspace().service(id).unwrap().name, "Von Carla");
}

#[test]
fn a_package_replaces_an_older_package_and_nothing_else() {
    let (dir, a, _b) = two_copies();
    let mut sa = session(&a, "Anna");
    let id = sa.workspace().services()[0].id;
    sa.execute(Command::SetService {
        id,
        value: ServiceValue::Name("Neu".into()),
    })
    .unwrap();
    let older = dir.path().join("older.ozgchanges");
    sync::export(sa.store(), &older, &Since::Everything).unwrap();
    assert!(sync::export(sa.store(), &older, &Since::Peers).is_ok());
    let notes = dir.path().join("notizen.txt");
    std::fs::write(&notes, "Wichtig").unwrap();
    let db_before = std::fs::read(&a).unwrap().len();
    for target in [notes.clone(), a.clone()] {
        let refused = sync::export(sa.store(), &target, &Since::Peers);
        assert!(
            matches!(&refused, Err(SyncError::NotOverwritten { .. })),
            "{refused:?}"
        );
    }
    assert_eq!(std::fs::read_to_string(&notes).unwrap(), "Wichtig");
    assert_eq!(std::fs::read(&a).unwrap().len(), db_before);
    drop(sa);
    assert_eq!(common::stored(&a).service(id).unwrap().name, "Neu");
    // A device or a pipe is no package (it would never end).
    let store = Store::open(&a, OpenMode::ReadOnly).unwrap();
    let refused = sync::preview(&store, Path::new("/dev/zero"));
    assert!(
        matches!(&refused, Err(SyncError::NotAPackage { reason, .. }) if reason.contains("keine gewöhnliche Datei")),
        "{:?}",
        refused.err()
    );
}

/// How the receiving copy decides the conflicts of a random exchange.
#[derive(Clone, Copy, PartialEq)]
enum Deciding {
    /// One side for every conflict listed at first, chosen at random per exchange.
    AllAlike,
    /// Each conflict its own way, also those that come up only under earlier decisions.
    EachItsOwn,
}

/// The seeds of a random exchange test: `SYNC_FIRST`…`SYNC_SEEDS` when given, otherwise
/// 1…`last` and `also`.
fn seeds(last: u64, also: &[u64]) -> Vec<u64> {
    let var = |name: &str| std::env::var(name).ok().and_then(|s| s.parse::<u64>().ok());
    match var("SYNC_FIRST") {
        Some(first) => (first..=var("SYNC_SEEDS").unwrap_or(last)).collect(),
        None => (1..=var("SYNC_SEEDS").unwrap_or(last))
            .chain(also.iter().copied())
            .collect(),
    }
}

#[test]
fn no_copy_is_left_of_a_file_that_cannot_learn_of_it() {
    let (dir, a, _b) = two_copies();
    let mut store = Store::open(&a, OpenMode::ReadOnly).unwrap();
    let out = dir.path().join("c.sqlite");
    let refused = sync::copy(&mut store, &out).unwrap_err();
    let text = refused.to_string();
    assert!(
        matches!(refused, SyncError::OriginNotWritten { .. }),
        "{text}"
    );
    assert!(
        text.starts_with("Es wurde keine Arbeitskopie angelegt")
            && text.contains("nur zum Lesen")
            && text.contains(&a.display().to_string()),
        "{text}"
    );
    let left: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("c.sqlite"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn edits_that_break_a_rule_only_together_are_refused_naming_it() {
    use ozg_cockpit::model::StepValue;
    use ozg_cockpit::model::project::StepStatus;
    let (dir, a, b) = two_copies();
    let mut sa = session(&a, "Anna");
    let mut sb = session(&b, "Bernd");
    let project = sa
        .workspace()
        .projects()
        .iter()
        .find(|p| p.steps[9].status != StepStatus::Done)
        .unwrap()
        .clone();
    let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 2).unwrap();
    // Both start from a release date; Anna finishes step 10, Bernd clears the date – each
    // allowed where it was made.
    let release = Command::SetProject {
        id: project.id,
        value: ProjectValue::ReleaseDate(Some(day)),
    };
    sa.execute(release.clone()).unwrap();
    apply(&mut sb, &package(&sa, dir.path(), "a0"), Choice::Theirs);
    sa.execute(Command::SetStep {
        project: project.id,
        step: 10,
        value: StepValue::Status(StepStatus::Done),
        on: day,
    })
    .unwrap();
    sb.execute(Command::SetProject {
        id: project.id,
        value: ProjectValue::ReleaseDate(None),
    })
    .unwrap();
    let to_b = package(&sa, dir.path(), "a1");
    let before = dump(&b);
    let refused = try_apply(&mut sb, &to_b, Choice::Mine).unwrap_err();
    let text = refused.to_string();
    assert!(matches!(refused, SyncError::BreaksRule(_)), "{text}");
    assert!(
        text.contains(&format!("Projekt „{}“", project.name))
            && text.contains("Schritt 10 kann erst erledigt werden"),
        "{text}"
    );
    assert_eq!(dump(&b), before, "nothing was written");
    // Bernd sets the date again; now the package comes in, and both copies agree.
    sb.execute(release).unwrap();
    assert!(apply(&mut sb, &to_b, Choice::Mine).is_empty());
    assert!(apply(&mut sa, &package(&sb, dir.path(), "b1"), Choice::Mine).is_empty());
    let done = |s: &Session| {
        let p = s.workspace().project(project.id).unwrap().clone();
        (p.steps[9].status, p.release_date)
    };
    assert_eq!(done(&sa), (StepStatus::Done, Some(day)));
    assert_eq!(done(&sb), done(&sa));
    assert_eq!(dump(&a), dump(&b));
}

#[test]
fn ordinary_edits_in_one_copy_never_get_its_package_refused() {
    use ozg_cockpit::model::load::StaffMember;
    use ozg_cockpit::model::project::{Decision, StepStatus};
    use ozg_cockpit::model::{Office, StepValue};
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.sqlite");
    let b = dir.path().join("b.sqlite");
    // A blank file: no offices, the staffing's units are names only.
    let mut store = Store::open(&a, OpenMode::Create).unwrap();
    sync::copy(&mut store, &b).unwrap();
    drop(store);
    let mut sa = session(&a, "Anna");
    let mut sb = session(&b, "Bernd");
    // The first office, a position in a unit that is no office, a project whose step 8 is done
    // while step 7 is opened again and its decision cleared.
    sa.execute(Command::AddOffice(Box::new(Office::new(7, "420"))))
        .unwrap();
    sa.execute(Command::AddStaff {
        member: Box::new(StaffMember::new(9, "", "100.1")),
        assignments: Vec::new(),
    })
    .unwrap();
    let pid = sa.workspace().next_project_id();
    sa.execute(Command::AddProject {
        project: Box::new(Project::new(pid, "Projekt", 4)),
        services: vec![],
        assignments: vec![],
    })
    .unwrap();
    let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 2).unwrap();
    let step = |step, status| Command::SetStep {
        project: pid,
        step,
        value: StepValue::Status(status),
        on: day,
    };
    sa.execute(Command::SetProject {
        id: pid,
        value: ProjectValue::Decision(Some(Decision::B)),
    })
    .unwrap();
    sa.execute(step(7, StepStatus::Done)).unwrap();
    sa.execute(step(8, StepStatus::Done)).unwrap();
    sa.execute(step(7, StepStatus::InProgress)).unwrap();
    sa.execute(Command::SetProject {
        id: pid,
        value: ProjectValue::Decision(None),
    })
    .unwrap();
    assert!(
        apply(&mut sb, &package(&sa, dir.path(), "a0"), Choice::Mine).is_empty(),
        "taken without a question"
    );
    assert_eq!(dump(&a), dump(&b));
}

#[test]
fn a_rule_the_file_broke_before_is_not_held_against_a_package() {
    let (dir, a, b) = two_copies();
    let id = session(&a, "Anna").workspace().services()[0].id;
    // Bernd's file holds a level off the scale, written by another program.
    rusqlite::Connection::open(&b)
        .unwrap()
        .execute(
            "UPDATE services SET target_maturity = 9 WHERE id = ?1",
            [id],
        )
        .unwrap();
    let mut sb = session(&b, "Bernd");
    assert_eq!(sb.workspace().broken_rules().len(), 1);
    // Anna renames the service: the same object, under another name, breaks the same rule.
    let mut sa = session(&a, "Anna");
    sa.execute(Command::SetService {
        id,
        value: ServiceValue::Name("Neuer Name".into()),
    })
    .unwrap();
    apply(&mut sb, &package(&sa, dir.path(), "a0"), Choice::Theirs);
    assert_eq!(sb.workspace().service(id).unwrap().name, "Neuer Name");
}

#[test]
fn random_edits_on_two_copies_converge_after_the_exchange() {
    // Seeds that once diverged, each through another way a decision could fall apart: a kept
    // out deletion taking its change's new rows along, a row put back and then changed, a new
    // row in an office deleted here, a deletion settled by the package, a field both sides end
    // up agreeing on, a new row meeting two deletions, a change of a row referring to a
    // deleted one, a field written again after a deletion it was set by, fields written on
    // both sides without a conflict, a changed row whose reference was deleted too, a row
    // brought back whose project the package deleted, rows brought back by two undone deletions
    // that refer to each other.
    const ONCE_DIVERGED: [u64; 12] = [223, 240, 243, 257, 269, 282, 317, 347, 378, 445, 1017, 2195];
    exchange_randomly(&seeds(100, &ONCE_DIVERGED), Deciding::AllAlike);
}

#[test]
fn random_edits_converge_when_each_conflict_is_decided_its_own_way() {
    exchange_randomly(&seeds(40, &[]), Deciding::EachItsOwn);
}

/// Random edits of every kind with undo on two copies of the reference scenario, three
/// exchanges each way; after each, both files hold the same data and load alike.
fn exchange_randomly(seeds: &[u64], deciding: Deciding) {
    use common::edits::{Rng, random_command, seeded_session};
    let mut conflicts_met = 0;
    let mut edits = 0;
    let mut refused = 0;
    for &seed in seeds {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.sqlite");
        let b = dir.path().join("b.sqlite");
        drop(seeded_session(&a));
        sync::copy(&mut Store::open(&a, OpenMode::Existing).unwrap(), &b).unwrap();
        let mut sa = session(&a, "Anna");
        let mut sb = session(&b, "Bernd");
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ seed.wrapping_mul(0x2545_F491_4F6C_DD1D));
        for round in 0..3u64 {
            for _ in 0..12 {
                for s in [&mut sa, &mut sb] {
                    if rng.chance(10) {
                        let _ = s.undo();
                    } else {
                        let cmd = random_command(&mut rng, s.workspace(), 0);
                        if s.execute(cmd).is_ok() {
                            edits += 1;
                        }
                    }
                }
            }
            // Anna's package to Bernd, who decides conflicts one way or the other; his back.
            let choice = if rng.chance(50) {
                Choice::Mine
            } else {
                Choice::Theirs
            };
            let to_b = package(&sa, dir.path(), &format!("a{round}"));
            let before = dump(&b);
            let decided = match deciding {
                Deciding::AllAlike => try_apply(&mut sb, &to_b, choice),
                Deciding::EachItsOwn => try_apply_each(&mut sb, &to_b, &|id: &str| {
                    let mixed = id.bytes().fold(seed ^ round, |h, b| {
                        h.wrapping_mul(31).wrapping_add(b.into())
                    });
                    if mixed % 2 == 0 {
                        Choice::Mine
                    } else {
                        Choice::Theirs
                    }
                }),
            };
            match decided {
                Ok(met) => conflicts_met += met.len(),
                // Two copies gave one office number (or key) to different rows, or two edits
                // that each kept the rules break one together (a plan's start moved here, its
                // end there): refused whole, naming the row or the rule, the file unchanged; the
                // users change one copy and exchange again.
                Err(e)
                    if matches!(&e, SyncError::BreaksRule(_))
                        || matches!(&e, SyncError::Invalid(r) if r.contains("schon bei einem anderen")) =>
                {
                    eprintln!("seed {seed}, round {round}: {e}");
                    assert_eq!(
                        dump(&b),
                        before,
                        "seed {seed}: a refused package changed the file"
                    );
                    refused += 1;
                    break;
                }
                Err(e) => panic!("seed {seed}, round {round}: {e}"),
            }
            let to_a = package(&sb, dir.path(), &format!("b{round}"));
            let left = apply(&mut sa, &to_a, Choice::Mine);
            if !left.is_empty()
                && let Ok(keep) = std::env::var("SYNC_FAIL_DIR")
            {
                std::fs::create_dir_all(&keep).unwrap();
                for f in std::fs::read_dir(dir.path()).unwrap().flatten() {
                    std::fs::copy(f.path(), Path::new(&keep).join(f.file_name())).unwrap();
                }
            }
            assert!(left.is_empty(), "seed {seed}: decisions travel: {left:?}");
            let (da, db) = (dump(&a), dump(&b));
            let differing: Vec<String> = da
                .iter()
                .filter(|(t, rows)| db.get(*t) != Some(rows))
                .map(|(t, rows)| {
                    let other = &db[t];
                    let only_a: Vec<&String> = rows.iter().filter(|r| !other.contains(r)).collect();
                    let only_b: Vec<&String> = other.iter().filter(|r| !rows.contains(r)).collect();
                    format!("{t}: only in A {only_a:?}, only in B {only_b:?}")
                })
                .collect();
            if !differing.is_empty()
                && let Ok(keep) = std::env::var("SYNC_FAIL_DIR")
            {
                std::fs::create_dir_all(&keep).unwrap();
                for f in std::fs::read_dir(dir.path()).unwrap().flatten() {
                    std::fs::copy(f.path(), Path::new(&keep).join(f.file_name())).unwrap();
                }
            }
            assert!(
                differing.is_empty(),
                "seed {seed}, round {round}: the copies differ: {differing:#?}"
            );
            assert_eq!(
                common::edits::content(sa.workspace()),
                common::edits::content(sb.workspace()),
                "seed {seed}, round {round}: the workspaces differ"
            );
            let broken = sa.workspace().broken_rules();
            assert!(
                broken.is_empty(),
                "seed {seed}, round {round}: the merged data keep the rules: {broken:?}"
            );
        }
    }
    assert!(edits > 300, "enough edits: {edits}");
    assert!(
        refused * 10 <= seeds.len(),
        "few exchanges refused: {refused}"
    );
    assert!(conflicts_met > 0, "conflicts were met and decided");
}

#[test]
fn an_import_travels_and_the_same_service_imported_twice_is_one_row() {
    use ozg_cockpit::exchange::catalogue::{ImportOptions, import_file};
    let (dir, a, b) = two_copies();
    let csv = dir.path().join("neu.csv");
    std::fs::write(
        &csv,
        "LeiKa-Schlüssel;Bezeichnung;Typ\n99999001000000;Neue Leistung aus dem Katalog;5\n",
    )
    .unwrap();
    let import = |path: &Path| {
        let mut store = Store::open(path, OpenMode::Existing).unwrap();
        store.set_author("Importeur");
        import_file(
            &mut store,
            &csv,
            None,
            ImportOptions::default(),
            &ozg_cockpit::exchange::no_progress,
        )
        .unwrap();
    };
    // Anna imports a catalogue line; Bernd imports it too; Anna edits the new service.
    import(&a);
    import(&b);
    // An import on one side only travels like any edit.
    let csv2 = dir.path().join("noch.csv");
    std::fs::write(
        &csv2,
        "LeiKa-Schlüssel;Bezeichnung;Typ\n99999002000000;Noch eine Leistung;5\n",
    )
    .unwrap();
    {
        let mut store = Store::open(&a, OpenMode::Existing).unwrap();
        store.set_author("Importeur");
        import_file(
            &mut store,
            &csv2,
            None,
            ImportOptions::default(),
            &ozg_cockpit::exchange::no_progress,
        )
        .unwrap();
    }
    let mut sa = session(&a, "Anna");
    let mut sb = session(&b, "Bernd");
    let key = ozg_cockpit::model::LeikaKey::parse_optional("99999001000000")
        .unwrap()
        .unwrap();
    let id = sa.workspace().service_by_key(&key).unwrap().id;
    assert_eq!(
        sb.workspace().service_by_key(&key).unwrap().id,
        id,
        "one row in both"
    );
    let from_a = package(&sa, dir.path(), "a");
    assert!(
        apply(&mut sb, &from_a, Choice::Mine).is_empty(),
        "the same line imported on both sides agrees"
    );
    let from_b = package(&sb, dir.path(), "b");
    assert!(apply(&mut sa, &from_b, Choice::Mine).is_empty());
    assert!(
        sb.workspace()
            .services()
            .iter()
            .any(|s| s.name == "Noch eine Leistung")
    );
    assert_eq!(dump(&a), dump(&b));
    let log = ozg_cockpit::store::changes::log_entries(sb.store().connection()).unwrap();
    assert!(
        log.iter()
            .any(|e| e.author == "Importeur" && e.row.table == "services"),
        "the import is in the log under its author"
    );
}
