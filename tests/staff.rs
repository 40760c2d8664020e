#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Staff and assignments in the store: round trip, refusals, undo, and the migration of a
//! schema-3 file.

use chrono::NaiveDate;
use ozg_cockpit::model::load::{Assignment, Funding, StaffMember};
use ozg_cockpit::model::project::Project;
use ozg_cockpit::model::{Command, StaffValue};
use ozg_cockpit::session::Session;
use ozg_cockpit::store::{OpenMode, Store};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// A file with one project and two people, one of them a vacant position.
fn file(dir: &std::path::Path) -> std::path::PathBuf {
    let db = dir.join("personal.sqlite");
    let mut session = Session::open(&db, OpenMode::Create).unwrap();
    session
        .execute(Command::AddProject {
            project: Box::new(Project::new(1, "Wohngeld digital", 4)),
            services: Vec::new(),
            assignments: Vec::new(),
        })
        .unwrap();
    let mut anna = StaffMember::new(1, "Anna Beispiel", "100.1");
    anna.pay_grade = "A 11/EG 10".to_owned();
    anna.fte = 0.8;
    anna.available_from = Some(day(2026, 1, 1));
    anna.funding = Funding::Befristet;
    let vacant = StaffMember::new(2, "", "100.2");
    for member in [anna, vacant] {
        session
            .execute(Command::AddStaff {
                member: Box::new(member),
                assignments: Vec::new(),
            })
            .unwrap();
    }
    session
        .execute(Command::SetAssignment {
            staff: 1,
            project: 1,
            person_days: Some(17.0),
        })
        .unwrap();
    db
}

fn stored(db: &std::path::Path) -> ozg_cockpit::model::Workspace {
    Store::open(db, OpenMode::ReadOnly).unwrap().load().unwrap()
}

#[test]
fn staff_and_assignments_are_in_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = file(dir.path());
    let ws = stored(&db);
    assert_eq!(ws.staff().len(), 2);
    let anna = ws.staff_member(1).unwrap();
    assert_eq!(anna.fte, 0.8);
    assert_eq!(anna.available_from, Some(day(2026, 1, 1)));
    assert_eq!(anna.funding, Funding::Befristet);
    assert!(ws.staff_member(2).unwrap().is_vacant());
    assert_eq!(ws.staff_member(2).unwrap().display_name(), "N. N. (100.2)");
    assert_eq!(
        ws.assignments(),
        [Assignment {
            staff: 1,
            project: 1,
            person_days: 17.0
        }]
    );
}

#[test]
fn bad_values_are_refused_and_leave_the_file_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let db = file(dir.path());
    let before = stored(&db);
    let mut session = Session::open(&db, OpenMode::Existing).unwrap();
    let refused = [
        (
            Command::SetStaff {
                id: 1,
                value: StaffValue::Fte(0.0),
            },
            "VZÄ (Stellenanteil): 0,00 liegt außerhalb von 0,1 bis 1,0.",
        ),
        (
            Command::SetStaff {
                id: 1,
                value: StaffValue::AvailableUntil(Some(day(2025, 1, 1))),
            },
            "Verfügbar: Das Ende liegt vor dem Beginn.",
        ),
        (
            Command::SetAssignment {
                staff: 1,
                project: 1,
                person_days: Some(-3.0),
            },
            "Personentage: -3,0 ist nicht zulässig; erlaubt sind 0 bis 10.000.",
        ),
        (
            Command::SetAssignment {
                staff: 1,
                project: 99,
                person_days: Some(3.0),
            },
            "Das Projekt (Nr. 99) gibt es nicht mehr.",
        ),
        (
            Command::SetAssignment {
                staff: 42,
                project: 1,
                person_days: Some(3.0),
            },
            "Die Person (Nr. 42) gibt es nicht mehr.",
        ),
    ];
    for (cmd, message) in refused {
        let err = session.execute(cmd).unwrap_err();
        assert_eq!(err.to_string(), message);
    }
    drop(session);
    let after = stored(&db);
    assert_eq!(after.staff(), before.staff());
    assert_eq!(after.assignments(), before.assignments());
}

#[test]
fn deleting_a_person_or_a_project_is_undone_with_the_assignments() {
    let dir = tempfile::tempdir().unwrap();
    let db = file(dir.path());
    let mut session = Session::open(&db, OpenMode::Existing).unwrap();
    session.execute(Command::DeleteStaff(1)).unwrap();
    assert!(session.workspace().assignments().is_empty());
    assert!(session.undo().unwrap());
    session.execute(Command::DeleteProject(1)).unwrap();
    assert!(session.workspace().assignments().is_empty());
    assert!(session.undo().unwrap());
    // An edited assignment is undone to its old value.
    session
        .execute(Command::SetAssignment {
            staff: 1,
            project: 1,
            person_days: Some(25.0),
        })
        .unwrap();
    assert!(session.undo().unwrap());
    drop(session);
    let ws = stored(&db);
    assert_eq!(ws.staff().len(), 2);
    assert_eq!(
        ws.project(1).map(|p| p.name.as_str()),
        Some("Wohngeld digital")
    );
    assert_eq!(
        ws.assignments(),
        [Assignment {
            staff: 1,
            project: 1,
            person_days: 17.0
        }],
        "after reopening the file"
    );
}

#[test]
fn a_schema_3_file_gets_the_staff_tables() {
    use ozg_cockpit::store::migrations::{MIGRATIONS, migrate_with};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("alt.sqlite");
    {
        let mut conn = rusqlite::Connection::open(&path).unwrap();
        migrate_with(&mut conn, &path, &MIGRATIONS[..3]).unwrap();
        conn.execute(
            "INSERT INTO projects (id, name) VALUES (1, 'Altes Projekt')",
            [],
        )
        .unwrap();
    }
    let mut session = Session::open(&path, OpenMode::Existing).unwrap();
    assert!(session.workspace().staff().is_empty());
    session
        .execute(Command::AddStaff {
            member: Box::new(StaffMember::new(1, "Neu", "100.1")),
            assignments: vec![Assignment {
                staff: 1,
                project: 1,
                person_days: 5.0,
            }],
        })
        .unwrap();
    drop(session);
    let ws = stored(&path);
    assert_eq!(ws.assignments().len(), 1);
    assert_eq!(
        ws.project(1).map(|p| p.name.as_str()),
        Some("Altes Projekt")
    );
}

#[test]
fn the_reference_scenario_brings_its_staff_into_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.sqlite");
    drop(ozg_cockpit::scenario::create(&db).unwrap());
    let ws = stored(&db);
    assert_eq!(
        ws.staff().len(),
        17,
        "five people and the twelve requested positions"
    );
    assert!(
        ws.assignments()
            .iter()
            .all(|a| ws.project(a.project).is_some())
    );
    let at_hand = |until| ozg_cockpit::model::staffing::positions_at_hand(ws.staff(), until);
    assert_eq!((at_hand(day(2030, 1, 1)) * 10.0).round() / 10.0, 16.3);
    // Everyone leaving before the target date: nobody at hand for it.
    let mut gone = ws.staff().to_vec();
    for m in &mut gone {
        m.available_until = Some(day(2026, 12, 31));
    }
    assert_eq!(
        ozg_cockpit::model::staffing::positions_at_hand(&gone, day(2028, 2, 24)),
        0.0
    );
    assert_eq!(
        ozg_cockpit::model::staffing::positions_at_hand(&[], day(2028, 2, 24)),
        0.0
    );
}

#[test]
fn staffing_settings_are_kept_checked_and_undone() {
    use ozg_cockpit::model::staffing::StaffingSettings;
    let dir = tempfile::tempdir().unwrap();
    let db = file(dir.path());
    let mut session = Session::open(&db, OpenMode::Existing).unwrap();
    let defaults = session.workspace().staffing().clone();
    assert_eq!(defaults.days_per_year, 207.0);
    assert_eq!(defaults.cost_per_position(), 69_000.0);
    let changed = StaffingSettings {
        days_per_year: 200.0,
        holidays: false,
        ..defaults.clone()
    };
    session
        .execute(Command::SetStaffingSettings(Box::new(changed.clone())))
        .unwrap();
    let bad = StaffingSettings {
        days_per_year: 0.0,
        ..defaults.clone()
    };
    let err = session
        .execute(Command::SetStaffingSettings(Box::new(bad)))
        .unwrap_err();
    assert!(err.to_string().starts_with("Produktive Tage: 0,0"), "{err}");
    drop(session);
    assert_eq!(*stored(&db).staffing(), changed, "kept in the file");
    let mut session = Session::open(&db, OpenMode::Existing).unwrap();
    session
        .execute(Command::SetStaffingSettings(Box::new(defaults.clone())))
        .unwrap();
    assert!(session.undo().unwrap());
    assert_eq!(
        *session.workspace().staffing(),
        changed,
        "undo restores the settings"
    );
}

#[test]
fn assigning_splits_a_unit_s_effort_evenly_and_taking_off_splits_it_again() {
    let dir = tempfile::tempdir().unwrap();
    let db = file(dir.path());
    let mut session = Session::open(&db, OpenMode::Existing).unwrap();
    for (id, name, unit) in [
        (3, "Bert", "100.1"),
        (4, "Cem", "100.1"),
        (5, "Dana", "100.2"),
    ] {
        session
            .execute(Command::AddStaff {
                member: Box::new(StaffMember::new(id, name, unit)),
                assignments: Vec::new(),
            })
            .unwrap();
    }
    let split = |s: &Session, who: i64, on: bool| s.workspace().assignment_split(who, 1, on);
    // Anna (100.1) has the project's 17 organisational PT; Bert and Cem join her.
    for who in [3, 4] {
        let cmd = split(&session, who, true).unwrap();
        session.execute(cmd).unwrap();
    }
    // Dana (100.2) takes the 12 technical PT alone.
    let cmd = split(&session, 5, true).unwrap();
    session.execute(cmd).unwrap();
    let planned = |db: &std::path::Path, who: i64| {
        stored(db)
            .assignments()
            .iter()
            .find(|a| a.staff == who && a.project == 1)
            .map(|a| a.person_days)
    };
    assert_eq!(planned(&db, 1), Some(5.7), "17 PT ÷ 3 to a tenth");
    assert_eq!(planned(&db, 3), Some(5.7));
    assert_eq!(planned(&db, 4), Some(5.7));
    assert_eq!(planned(&db, 5), Some(12.0));
    assert!(split(&session, 5, true).is_none(), "already on the project");
    // Cem leaves: Anna and Bert share the 17 PT.
    let cmd = split(&session, 4, false).unwrap();
    session.execute(cmd).unwrap();
    assert_eq!(planned(&db, 4), None);
    assert_eq!(planned(&db, 1), Some(8.5));
    assert_eq!(planned(&db, 3), Some(8.5));
    // One undo brings Cem back and the thirds with him.
    session.undo().unwrap();
    assert_eq!(planned(&db, 4), Some(5.7));
    assert_eq!(planned(&db, 1), Some(5.7));
}

#[test]
fn a_unit_must_be_an_office_and_the_scale_keeps_every_level_in_use() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.sqlite");
    drop(ozg_cockpit::scenario::create(&db).unwrap());
    let mut session = Session::open(&db, OpenMode::Existing).unwrap();
    let err = session
        .execute(Command::SetStaff {
            id: 1,
            value: StaffValue::Unit("999.9".to_owned()),
        })
        .unwrap_err();
    assert!(err.to_string().contains("„999.9“ gibt es nicht"), "{err}");
    session
        .execute(Command::SetStaff {
            id: 1,
            value: StaffValue::Unit("100.2".to_owned()),
        })
        .unwrap();
    assert_eq!(stored(&db).staff_member(1).unwrap().unit, "100.2");

    let mut labels = stored(&db).maturity.labels;
    let five: Vec<String> = labels.iter().take(5).cloned().collect();
    let err = session
        .execute(Command::SetMaturityLabels(five))
        .unwrap_err();
    // The scenario has services on level 5: a scale ending at 4 would lose them.
    assert!(
        err.to_string().contains("kann nicht auf Stufe 4 enden"),
        "{err}"
    );
    labels[0] = "Nur vor Ort".to_owned();
    session
        .execute(Command::SetMaturityLabels(labels.clone()))
        .unwrap();
    assert_eq!(stored(&db).maturity.labels, labels, "kept in the file");
    session.undo().unwrap();
    assert_eq!(stored(&db).maturity.labels[0], "Offline");
}

#[test]
fn numbers_set_by_hand_are_kept_and_a_newcomer_gets_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let db = file(dir.path());
    let mut session = Session::open(&db, OpenMode::Existing).unwrap();
    session
        .execute(Command::AddStaff {
            member: Box::new(StaffMember::new(3, "Bert", "100.1")),
            assignments: Vec::new(),
        })
        .unwrap();
    // Anna plans 12 of the 17 organisational PT by hand; Bert joins.
    session
        .execute(Command::SetAssignment {
            staff: 1,
            project: 1,
            person_days: Some(12.0),
        })
        .unwrap();
    let cmd = session.workspace().assignment_split(3, 1, true).unwrap();
    session.execute(cmd).unwrap();
    let planned = |who: i64| {
        stored(&db)
            .assignments()
            .iter()
            .find(|a| a.staff == who && a.project == 1)
            .map(|a| a.person_days)
    };
    assert_eq!(planned(1), Some(12.0), "Anna's number stays");
    assert_eq!(planned(3), Some(5.0), "Bert gets the rest");
    // Taking Anna off leaves Bert's number as it is.
    let cmd = session.workspace().assignment_split(1, 1, false).unwrap();
    session.execute(cmd).unwrap();
    assert_eq!((planned(1), planned(3)), (None, Some(5.0)));
}

#[test]
fn units_follow_their_office_and_keep_it_from_being_deleted() {
    use ozg_cockpit::model::OfficeValue;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.sqlite");
    drop(ozg_cockpit::scenario::create(&db).unwrap());
    let mut session = Session::open(&db, OpenMode::Existing).unwrap();
    let tech = session.workspace().office_by_number("100.2").unwrap().id;
    let on_tech = |ws: &ozg_cockpit::model::Workspace, unit: &str| {
        ws.staff().iter().filter(|m| m.unit == unit).count()
    };
    let before = on_tech(session.workspace(), "100.2");
    assert!(before > 0);
    session
        .execute(Command::SetOffice {
            id: tech,
            value: OfficeValue::Number("100.5".to_owned()),
        })
        .unwrap();
    for ws in [session.workspace().clone(), stored(&db)] {
        assert_eq!(on_tech(&ws, "100.5"), before);
        assert_eq!(on_tech(&ws, "100.2"), 0);
        assert_eq!(ws.staffing().tech_unit, "100.5");
    }
    session.undo().unwrap();
    assert_eq!(on_tech(&stored(&db), "100.2"), before);
    assert_eq!(stored(&db).staffing().tech_unit, "100.2");
    // An office with staff is no office to delete.
    let err = session.execute(Command::DeleteOffice(tech)).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("Amt 100.2 ist eine Einheit der Personalplanung"),
        "{err}"
    );
}
