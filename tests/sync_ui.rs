//! Working together in the window: the preview of a change package lists a conflict, the
//! choice made there is applied, and the change log shows who changed what.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

use egui_kittest::kittest::Queryable;
use ozg_cockpit::model::{Command, ServiceValue};
use ozg_cockpit::session::Session;
use ozg_cockpit::store::OpenMode;
use ozg_cockpit::sync::{self, Since};
use ozg_cockpit::ui::{Action, Tab};

mod common;

/// Two copies of the reference scenario in `dir`.
fn two_copies(dir: &Path) -> (PathBuf, PathBuf) {
    let a = dir.join("a.sqlite");
    let b = dir.join("b.sqlite");
    let mut store = ozg_cockpit::scenario::create(&a).unwrap();
    sync::copy(&mut store, &b).unwrap();
    (a, b)
}

/// A session on `path` whose edits are made by `who`.
fn session(path: &Path, who: &str) -> Session {
    let mut s = Session::open(path, OpenMode::Existing).unwrap();
    s.set_author(who);
    s
}

/// The window on `file` with the preview of `pkg` open, read on its worker.
fn previewed(file: &Path, pkg: PathBuf) -> egui_kittest::Harness<'static, ozg_cockpit::ui::App> {
    let mut h = common::harness(file);
    let ctx = h.ctx.clone();
    h.state_mut().handle(Action::PreviewChanges(pkg), &ctx);
    // The package is read on a worker; the status bar says so meanwhile.
    common::wait_until(&mut h, "the package", |h| {
        h.state().workbench.as_ref().unwrap().merge.is_some()
    });
    h.run();
    h
}

/// Two copies of the reference scenario that renamed the same service differently; the path
/// of the second and a package of the first's changes.
fn conflicting_copies(dir: &Path) -> (PathBuf, PathBuf, i64) {
    let (a, b) = two_copies(dir);
    let mut id = 0;
    for (path, who, name) in [(&a, "Anna", "Von Anna"), (&b, "Bernd", "Von Bernd")] {
        let mut s = session(path, who);
        id = s.workspace().services()[5].id;
        s.execute(Command::SetService {
            id,
            value: ServiceValue::Name(name.into()),
        })
        .unwrap();
    }
    let pkg = dir.join("anna.ozgchanges");
    let s = Session::open(&a, OpenMode::ReadOnly).unwrap();
    sync::export(s.store(), &pkg, &Since::Peers).unwrap();
    (b, pkg, id)
}

#[test]
fn the_preview_lists_the_conflict_and_applies_the_choice() {
    let dir = tempfile::tempdir().unwrap();
    let (b, pkg, id) = conflicting_copies(dir.path());
    let mut h = previewed(&b, pkg);
    assert!(h.query_by_label_contains("1 Konflikt").is_some());
    // Nothing is written before the choice is confirmed.
    assert_eq!(common::stored(&b).service(id).unwrap().name, "Von Bernd");
    h.get_by_label_contains("„Von Anna“ (Anna,").click();
    h.run();
    h.get_by_label("Übernehmen (mit diesen Entscheidungen)")
        .click();
    h.run();
    assert_eq!(
        common::stored(&b).service(id).unwrap().name,
        "Von Anna",
        "their side was chosen"
    );
    assert!(h.state().workbench.as_ref().unwrap().merge.is_none());
    assert!(
        h.query_by_label_contains("1 Konflikt entschieden")
            .is_some()
    );

    // The change log names both, and a line leads to the service.
    h.state_mut().workbench_mut().unwrap().tab = Tab::Changes;
    common::wait_until(&mut h, "the log", |h| {
        h.query_all_by_label("Anna").next().is_some()
    });
    h.run();
    assert!(h.query_all_by_label("Bernd").next().is_some());
    h.query_all_by_label("Leistung „Von Anna“")
        .next()
        .unwrap()
        .click();
    h.run();
    let wb = h.state().workbench.as_ref().unwrap();
    assert_eq!(wb.tab, Tab::Services);
    assert!(wb.services.selection.ids.contains(&id));
}

#[test]
fn a_project_leads_to_its_own_changes_in_the_log() {
    use ozg_cockpit::model::ProjectValue;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.sqlite");
    drop(ozg_cockpit::scenario::create(&path).unwrap());
    let (project, service) = {
        let mut s = session(&path, "Erika");
        let project = s.workspace().projects()[0].id;
        let service = s.workspace().services()[0].id;
        s.execute(Command::SetProject {
            id: project,
            value: ProjectValue::Contact("Frau Sonnenschein".into()),
        })
        .unwrap();
        s.execute(Command::SetService {
            id: service,
            value: ServiceValue::Notes("Anderes Objekt".into()),
        })
        .unwrap();
        (project, service)
    };
    let mut h = common::harness_on(&path, Tab::Projects);
    h.state_mut().workbench_mut().unwrap().projects.open = Some(project);
    h.run();
    h.get_by_label("Alle Änderungen dieses Projekts…")
        .scroll_to_me();
    h.run();
    h.get_by_label("Alle Änderungen dieses Projekts…").click();
    // The log is read on a worker, its spinner repaints until it is there.
    h.step();
    assert_eq!(h.state().workbench.as_ref().unwrap().tab, Tab::Changes);
    common::wait_until(&mut h, "the log", |h| {
        h.query_by_label("Frau Sonnenschein").is_some()
    });
    h.run();
    let wb = h.state().workbench.as_ref().unwrap();
    assert_eq!(wb.tab, Tab::Changes);
    assert_eq!(
        wb.changes.filter.target,
        Some(ozg_cockpit::sync::describe::Target::Project(project))
    );
    assert!(
        h.query_by_label("Anderes Objekt").is_none(),
        "the service's change {service} is not shown"
    );
    assert!(h.query_by_label("Ansprechperson").is_some());
}

#[test]
fn a_package_that_would_break_a_rule_keeps_its_preview_open_with_the_reason() {
    use ozg_cockpit::model::project::StepStatus;
    use ozg_cockpit::model::{ProjectValue, StepValue};
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = two_copies(dir.path());
    let (mut sa, mut sb) = (session(&a, "Anna"), session(&b, "Bernd"));
    let project = sa
        .workspace()
        .projects()
        .iter()
        .find(|p| p.steps[9].status != StepStatus::Done && p.release_date.is_none())
        .unwrap()
        .id;
    let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 2).unwrap();
    let release = |date| Command::SetProject {
        id: project,
        value: ProjectValue::ReleaseDate(date),
    };
    // Both have the release date; Anna finishes step 10, Bernd clears the date.
    sa.execute(release(Some(day))).unwrap();
    sb.execute(release(Some(day))).unwrap();
    let first = dir.path().join("a0.ozgchanges");
    sync::export(sa.store(), &first, &Since::Peers).unwrap();
    let preview = sync::preview(sb.store(), &first).unwrap();
    sb.apply_changes(&preview, &Default::default()).unwrap();
    sa.execute(Command::SetStep {
        project,
        step: 10,
        value: StepValue::Status(StepStatus::Done),
        on: day,
    })
    .unwrap();
    sb.execute(release(None)).unwrap();
    let pkg = dir.path().join("a1.ozgchanges");
    sync::export(sa.store(), &pkg, &Since::Peers).unwrap();
    drop((sa, sb));

    let mut h = previewed(&b, pkg);
    h.get_by_label("Übernehmen").click();
    h.run();
    // Refused, and said in the preview, which stays open for another decision or a cancel.
    assert!(h.state().workbench.as_ref().unwrap().merge.is_some());
    assert!(
        h.query_by_label_contains("Regel verletzt").is_some()
            && h.query_by_label_contains("Schritt 10 kann erst erledigt werden")
                .is_some()
    );
    let stored = common::stored(&b);
    let p = stored.project(project).unwrap();
    assert_ne!(p.steps[9].status, StepStatus::Done, "nothing was written");
    assert_eq!(p.release_date, None);
    h.get_by_label("Abbrechen").click();
    h.run();
    assert!(h.state().workbench.as_ref().unwrap().merge.is_none());
}
