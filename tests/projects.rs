#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Project rules through the session and the file: the decision gate, operation after step 11,
//! the maturity raise, history for every status change, one project per service.

use chrono::NaiveDate;
use ozg_cockpit::model::project::{Decision, Health, Project, StepStatus};
use ozg_cockpit::model::{Command, ProjectValue, Service, StepValue};
use ozg_cockpit::session::Session;
use ozg_cockpit::store::{OpenMode, Store};

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
}

fn setup() -> (tempfile::TempDir, std::path::PathBuf, Session) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.sqlite");
    let mut session = Session::open(&path, OpenMode::Create).unwrap();
    for (id, name) in [(1, "Wohngeld"), (2, "Hundesteuer"), (3, "Parkausweis")] {
        session
            .execute(Command::AddService(Box::new(Service::new(id, name, 4))))
            .unwrap();
    }
    session
        .execute(Command::AddProject {
            assignments: Vec::new(),
            project: Box::new(Project::new(1, "Soziales", 4)),
            services: vec![1, 2],
        })
        .unwrap();
    (dir, path, session)
}

fn status(
    session: &mut Session,
    step: usize,
    status: StepStatus,
    on: NaiveDate,
) -> Result<(), String> {
    session
        .execute(Command::SetStep {
            project: 1,
            step,
            value: StepValue::Status(status),
            on,
        })
        .map_err(|e| e.to_string())
}

#[test]
fn step_8_needs_a_decision_in_step_7() {
    let (_dir, path, mut session) = setup();
    let err = status(&mut session, 8, StepStatus::Done, day(2)).unwrap_err();
    assert_eq!(
        err,
        "Schritt 8 kann erst erledigt werden, wenn in Schritt 7 eine Entscheidung (a–d) getroffen ist."
    );
    session
        .execute(Command::SetProject {
            id: 1,
            value: ProjectValue::Decision(Some(Decision::B)),
        })
        .unwrap();
    status(&mut session, 8, StepStatus::Done, day(3)).unwrap();
    drop(session);
    let ws = Store::open(&path, OpenMode::Existing)
        .unwrap()
        .load()
        .unwrap();
    let p = ws.project(1).unwrap();
    assert_eq!(p.decision, Some(Decision::B));
    assert_eq!(p.steps[7].status, StepStatus::Done);
    assert_eq!(
        p.steps[7].completed,
        Some(day(3)),
        "completion date set when done"
    );
}

#[test]
fn every_status_and_health_change_is_in_the_history() {
    let (_dir, path, mut session) = setup();
    status(&mut session, 1, StepStatus::InProgress, day(2)).unwrap();
    status(&mut session, 1, StepStatus::Done, day(5)).unwrap();
    status(&mut session, 2, StepStatus::Dropped, day(6)).unwrap();
    session
        .execute(Command::SetProject {
            id: 1,
            value: ProjectValue::Health(Health::Red, day(7)),
        })
        .unwrap();
    assert!(session.undo().unwrap(), "undoing is a change as well");
    drop(session);
    let ws = Store::open(&path, OpenMode::Existing)
        .unwrap()
        .load()
        .unwrap();
    let lines: Vec<(String, Option<usize>, String, String)> = ws
        .project_history()
        .iter()
        .map(|h| {
            let (step, old, new) = h.change.codes();
            (
                h.changed_on.to_string(),
                step,
                old.to_owned(),
                new.to_owned(),
            )
        })
        .collect();
    assert_eq!(
        lines,
        [
            (
                "2026-11-02".into(),
                Some(1),
                "open".into(),
                "in_progress".into()
            ),
            (
                "2026-11-05".into(),
                Some(1),
                "in_progress".into(),
                "done".into()
            ),
            (
                "2026-11-06".into(),
                Some(2),
                "open".into(),
                "dropped".into()
            ),
            ("2026-11-07".into(), None, "green".into(), "red".into()),
            ("2026-11-07".into(), None, "red".into(), "green".into()),
        ]
    );
    let p = ws.project(1).unwrap();
    assert_eq!(p.current_step(), Some(3));
    assert!((p.progress_percent() - 200.0 / 11.0).abs() < 1e-9);
}

#[test]
fn after_step_11_the_project_is_in_operation_and_raises_maturity() {
    let (_dir, path, mut session) = setup();
    session
        .execute(Command::SetProject {
            id: 1,
            value: ProjectValue::Decision(Some(Decision::A)),
        })
        .unwrap();
    session
        .execute(Command::SetProject {
            id: 1,
            value: ProjectValue::ReleaseDate(Some(day(19))),
        })
        .unwrap();
    for step in 1..=11 {
        status(&mut session, step, StepStatus::Done, day(20)).unwrap();
    }
    let p = session.workspace().project(1).unwrap();
    assert!(p.is_in_operation());
    assert_eq!(p.go_live, Some(day(20)));
    let raise = session.workspace().raise_maturity_edits(1);
    assert_eq!(raise.len(), 2, "both services are below the target");
    session.execute(Command::Batch(raise)).unwrap();
    drop(session);
    let ws = Store::open(&path, OpenMode::Existing)
        .unwrap()
        .load()
        .unwrap();
    assert_eq!(ws.service(1).unwrap().current_maturity, 4);
    assert_eq!(ws.service(2).unwrap().current_maturity, 4);
    assert_eq!(
        ws.service(3).unwrap().current_maturity,
        0,
        "not in the project"
    );
    assert_eq!(ws.project(1).unwrap().go_live, Some(day(20)));
}

#[test]
fn a_service_belongs_to_one_project_at_most() {
    let (_dir, path, mut session) = setup();
    let err = session
        .execute(Command::AddProject {
            assignments: Vec::new(),
            project: Box::new(Project::new(2, "Ordnung", 4)),
            services: vec![2, 3],
        })
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "Die Leistung „Hundesteuer“ gehört bereits zum Projekt „Soziales“."
    );
    session
        .execute(Command::AssignService {
            service: 2,
            project: None,
        })
        .unwrap();
    session
        .execute(Command::AddProject {
            assignments: Vec::new(),
            project: Box::new(Project::new(2, "Ordnung", 4)),
            services: vec![2, 3],
        })
        .unwrap();
    session.execute(Command::DeleteProject(1)).unwrap();
    assert_eq!(session.workspace().service(1).unwrap().project_id, None);
    assert!(session.undo().unwrap());
    drop(session);
    let ws = Store::open(&path, OpenMode::Existing)
        .unwrap()
        .load()
        .unwrap();
    let projects: Vec<Option<i64>> = (1..=3).map(|i| ws.service(i).unwrap().project_id).collect();
    assert_eq!(projects, [Some(1), Some(2), Some(2)]);
}

#[test]
fn checklist_items_round_trip() {
    let (_dir, path, mut session) = setup();
    session
        .execute(Command::SetStep {
            project: 1,
            step: 3,
            value: StepValue::Check {
                item: 6,
                checked: true,
            },
            on: day(1),
        })
        .unwrap();
    let err = session
        .execute(Command::SetStep {
            project: 1,
            step: 12,
            value: StepValue::Note("x".into()),
            on: day(1),
        })
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "Schritt 12: Es gibt nur die Schritte 1 bis 11."
    );
    drop(session);
    let ws = Store::open(&path, OpenMode::Existing)
        .unwrap()
        .load()
        .unwrap();
    assert_eq!(
        ws.project(1).unwrap().steps[2].checked,
        [false, false, false, false, false, false, true]
    );
}

fn project(session: &Session) -> Project {
    session.workspace().project(1).unwrap().clone()
}

fn stored_project(path: &std::path::Path) -> Project {
    Store::open(path, OpenMode::ReadOnly)
        .unwrap()
        .load()
        .unwrap()
        .project(1)
        .unwrap()
        .clone()
}

#[test]
fn step_7_is_done_only_with_a_decision_and_its_item_is_the_decision() {
    let (_dir, path, mut session) = setup();
    let err = status(&mut session, 7, StepStatus::Done, day(2)).unwrap_err();
    assert!(
        err.starts_with("Schritt 7 kann erst erledigt werden"),
        "{err}"
    );
    let err = session
        .execute(Command::SetStep {
            project: 1,
            step: 7,
            value: StepValue::Check {
                item: 0,
                checked: true,
            },
            on: day(2),
        })
        .unwrap_err();
    assert!(err.to_string().contains("folgt der Entscheidung"), "{err}");
    session
        .execute(Command::SetProject {
            id: 1,
            value: ProjectValue::Decision(Some(Decision::C)),
        })
        .unwrap();
    for p in [project(&session), stored_project(&path)] {
        assert!(p.steps[6].checked[0], "the item follows the decision");
    }
    status(&mut session, 7, StepStatus::Done, day(3)).unwrap();
    let err = session
        .execute(Command::SetProject {
            id: 1,
            value: ProjectValue::Decision(None),
        })
        .unwrap_err();
    assert!(
        err.to_string()
            .starts_with("Die Entscheidung kann nicht entfernt werden")
    );
    // Undo: step 7 open again, then the decision and its item gone.
    session.undo().unwrap();
    session.undo().unwrap();
    for p in [project(&session), stored_project(&path)] {
        assert_eq!(p.decision, None);
        assert!(!p.steps[6].checked[0]);
        assert_eq!(p.steps[6].status, StepStatus::Open);
    }
}

#[test]
fn in_operation_only_when_every_step_is_finished_and_step_10_needs_its_release_date() {
    let (_dir, path, mut session) = setup();
    session
        .execute(Command::SetProject {
            id: 1,
            value: ProjectValue::Decision(Some(Decision::A)),
        })
        .unwrap();
    for step in 1..=8 {
        status(&mut session, step, StepStatus::Done, day(10)).unwrap();
    }
    // Step 11 before 9 and 10: the project is not in operation and has no go-live.
    status(&mut session, 11, StepStatus::Done, day(11)).unwrap();
    let p = project(&session);
    assert!(!p.is_in_operation());
    assert_eq!(p.go_live, None);
    assert_eq!(p.current_step(), Some(9));
    status(&mut session, 9, StepStatus::Done, day(12)).unwrap();
    let err = status(&mut session, 10, StepStatus::Done, day(13)).unwrap_err();
    assert!(err.contains("„Freigabe am“"), "{err}");
    session
        .execute(Command::SetProject {
            id: 1,
            value: ProjectValue::ReleaseDate(Some(day(13))),
        })
        .unwrap();
    status(&mut session, 10, StepStatus::Done, day(14)).unwrap();
    for p in [project(&session), stored_project(&path)] {
        assert!(p.is_in_operation());
        assert_eq!(
            p.go_live,
            Some(day(14)),
            "live on the day the last step was done"
        );
    }
    // Reopening a step takes the project out of operation; undo brings it back.
    status(&mut session, 9, StepStatus::InProgress, day(15)).unwrap();
    for p in [project(&session), stored_project(&path)] {
        assert!(!p.is_in_operation());
        assert_eq!(p.go_live, None);
    }
    session.undo().unwrap();
    for p in [project(&session), stored_project(&path)] {
        assert_eq!(p.go_live, Some(day(14)));
    }
}

#[test]
fn the_reference_scenario_keeps_the_workflow_rules() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.sqlite");
    let ws = ozg_cockpit::scenario::create(&db).unwrap().load().unwrap();
    assert!(!ws.projects().is_empty());
    for p in ws.projects() {
        let done = |n: usize| p.steps[n - 1].status == StepStatus::Done;
        assert_eq!(p.steps[6].checked[0], p.decision.is_some(), "{}", p.name);
        if done(7) || done(8) {
            assert!(
                p.decision.is_some(),
                "{}: step 7/8 done without a decision",
                p.name
            );
        }
        if done(10) {
            assert!(
                p.release_date.is_some(),
                "{}: step 10 without release date",
                p.name
            );
        }
        assert_eq!(p.is_in_operation(), p.go_live.is_some(), "{}", p.name);
        // No step is done while an earlier one is open: current step and progress agree.
        let first_open = p.steps.iter().position(|s| !s.status.is_finished());
        let finished_after =
            first_open.is_some_and(|i| p.steps[i..].iter().any(|s| s.status.is_finished()));
        assert!(
            !finished_after,
            "{}: a later step finished before an open one",
            p.name
        );
    }
}
