#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The store on temporary files: migrations, reopening, refusals, round trips, undo and redo.

use ozg_cockpit::model::{Command, LeikaKey, Office, OfficeValue, Service, ServiceValue};
use ozg_cockpit::session::{Session, SessionError};
use ozg_cockpit::store::{LATEST_VERSION, OpenMode, Store, StoreError};

fn temp_db() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("test.sqlite");
    (dir, path)
}

#[test]
fn new_file_is_migrated_and_reopens() {
    let (_dir, path) = temp_db();
    {
        let store = Store::open(&path, OpenMode::Create).unwrap();
        assert_eq!(store.schema_version().unwrap(), LATEST_VERSION);
        let ws = store.load().unwrap();
        assert!(ws.services().is_empty());
        assert_eq!(ws.maturity.max_level(), 5);
    }
    let store = Store::open(&path, OpenMode::Existing).unwrap();
    assert_eq!(store.schema_version().unwrap(), LATEST_VERSION);
    assert_eq!(store.integrity_check().unwrap(), "ok");
}

#[test]
fn create_refuses_existing_file() {
    let (_dir, path) = temp_db();
    drop(Store::open(&path, OpenMode::Create).unwrap());
    let err = Store::open(&path, OpenMode::Create).err().unwrap();
    assert!(matches!(err, StoreError::Exists { .. }), "{err}");
}

#[test]
fn an_empty_file_is_not_adopted_as_a_database() {
    let (_dir, path) = temp_db();
    // A 0-byte file, and an empty SQLite file with a header but no tables.
    std::fs::write(&path, b"").unwrap();
    let err = Store::open(&path, OpenMode::Existing).err().unwrap();
    assert!(matches!(err, StoreError::EmptyFile { .. }), "{err}");
    assert!(err.to_string().contains("ozg-cockpit init"), "{err}");
    assert_eq!(std::fs::metadata(&path).unwrap().len(), 0, "left as it was");
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch("PRAGMA user_version = 0; VACUUM;")
            .unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    let err = Store::open(&path, OpenMode::Existing).err().unwrap();
    assert!(matches!(err, StoreError::EmptyFile { .. }), "{err}");
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

fn bytes_of(path: &std::path::Path) -> Vec<u8> {
    std::fs::read(path).unwrap()
}

#[test]
fn newer_database_is_refused_and_left_unchanged() {
    let (_dir, path) = temp_db();
    {
        // Loading waits for the soundness check, so that nothing reads the file any more when
        // the store is dropped (leaving the WAL mode needs the file to itself).
        let store = Store::open(&path, OpenMode::Create).unwrap();
        store.load().unwrap();
    }
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.busy_timeout(std::time::Duration::from_secs(10))
            .unwrap();
        conn.pragma_update(None, "user_version", LATEST_VERSION + 1)
            .unwrap();
        conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
    }
    let before = bytes_of(&path);
    let err = Store::open(&path, OpenMode::Existing).err().unwrap();
    let text = err.to_string();
    assert!(matches!(err, StoreError::NewerVersion { .. }), "{text}");
    assert!(text.contains("neueren Version"), "{text}");
    assert!(text.ends_with(&path.display().to_string()), "{text}");
    assert_eq!(bytes_of(&path), before);
    assert!(!path.with_extension("sqlite-wal").exists());
}

#[test]
fn foreign_database_is_refused_and_left_unchanged() {
    let (_dir, path) = temp_db();
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(
            "CREATE TABLE kunden (id INTEGER, name TEXT); INSERT INTO kunden VALUES (1, 'x');",
        )
        .unwrap();
    }
    let before = bytes_of(&path);
    let err = Store::open(&path, OpenMode::Existing).err().unwrap();
    assert!(matches!(err, StoreError::Foreign { .. }), "{err}");
    assert!(err.to_string().contains("keine ozg-cockpit-Datenbank"));
    assert_eq!(bytes_of(&path), before);
}

#[test]
fn non_sqlite_file_is_refused_and_left_unchanged() {
    let (_dir, path) = temp_db();
    std::fs::write(&path, "LeiKa;Bezeichnung\n1;2\n").unwrap();
    let err = Store::open(&path, OpenMode::Existing).err().unwrap();
    assert!(matches!(err, StoreError::NotSqlite { .. }), "{err}");
    assert_eq!(bytes_of(&path), b"LeiKa;Bezeichnung\n1;2\n");
}

#[test]
fn second_instance_is_refused_but_may_read() {
    let (_dir, path) = temp_db();
    let mut first = Session::open(&path, OpenMode::OpenOrCreate).unwrap();
    first
        .execute(Command::AddService(Box::new(Service::new(
            1, "Wohngeld", 4,
        ))))
        .unwrap();
    let err = Store::open(&path, OpenMode::Existing).err().unwrap();
    assert!(matches!(err, StoreError::Locked { .. }), "{err}");
    assert!(err.to_string().contains("anderen ozg-cockpit-Fenster"));
    let mut reader = Session::open(&path, OpenMode::ReadOnly).unwrap();
    assert_eq!(reader.workspace().services()[0].name, "Wohngeld");
    let refused = reader.execute(Command::SetService {
        id: 1,
        value: ServiceValue::Name("Anders".into()),
    });
    assert!(matches!(
        refused,
        Err(SessionError::Store(StoreError::ReadOnly))
    ));
    assert_eq!(reader.workspace().services()[0].name, "Wohngeld");
    drop(first);
    drop(reader);
    assert!(Store::open(&path, OpenMode::Existing).is_ok());
}

fn sample_service(id: i64) -> Service {
    let mut s = Service::new(id, "Hundesteuer Anmeldung", 4);
    s.leika_key = LeikaKey::parse_optional("99001001000000").unwrap();
    s.case_volume = Some(1234);
    s.current_maturity = 2;
    s.notes = "Notiz mit \"Zeichen\"; und Umlauten äöü".into();
    s.municipal = true;
    s.leika_type = "5".into();
    s
}

#[test]
fn every_command_round_trips_through_the_file() {
    let (_dir, path) = temp_db();
    {
        let mut session = Session::open(&path, OpenMode::OpenOrCreate).unwrap();
        session
            .execute(Command::AddOffice(Box::new(Office::new(1, "420"))))
            .unwrap();
        session
            .execute(Command::AddService(Box::new(sample_service(1))))
            .unwrap();
        session
            .execute(Command::AddService(Box::new(Service::new(2, "Zweite", 4))))
            .unwrap();
        for value in [
            ServiceValue::Office(Some(1)),
            ServiceValue::TargetMaturity(5),
            ServiceValue::CaseVolume(None),
            ServiceValue::Municipal(false),
        ] {
            session
                .execute(Command::SetService { id: 1, value })
                .unwrap();
        }
        for value in [
            OfficeValue::Name("Bauamt".into()),
            OfficeValue::Deferred(true),
            OfficeValue::DeferredReason("Pandemiebelastung".into()),
            OfficeValue::Pilot(true),
        ] {
            session
                .execute(Command::SetOffice { id: 1, value })
                .unwrap();
        }
        session.execute(Command::DeleteService(2)).unwrap();
    }
    let store = Store::open(&path, OpenMode::Existing).unwrap();
    let ws = store.load().unwrap();
    assert_eq!(ws.services().len(), 1);
    let s = &ws.services()[0];
    let mut expected = sample_service(1);
    expected.office_id = Some(1);
    expected.target_maturity = 5;
    expected.case_volume = None;
    expected.municipal = false;
    assert_eq!(*s, expected);
    let o = ws.office(1).unwrap();
    assert_eq!(
        (
            o.name.as_str(),
            o.deferred,
            o.deferred_reason.as_str(),
            o.pilot
        ),
        ("Bauamt", true, "Pandemiebelastung", true)
    );
    assert!(ws.is_deferred(s));
}

#[test]
fn refused_edit_changes_neither_memory_nor_file() {
    let (_dir, path) = temp_db();
    let mut session = Session::open(&path, OpenMode::OpenOrCreate).unwrap();
    session
        .execute(Command::AddService(Box::new(sample_service(1))))
        .unwrap();
    let err = session
        .execute(Command::SetService {
            id: 1,
            value: ServiceValue::CurrentMaturity(9),
        })
        .unwrap_err();
    assert!(err.to_string().contains("Reifegrad (Ist)"), "{err}");
    assert_eq!(session.workspace().services()[0].current_maturity, 2);
    drop(session);
    let ws = Store::open(&path, OpenMode::Existing)
        .unwrap()
        .load()
        .unwrap();
    assert_eq!(ws.services()[0].current_maturity, 2);
}

#[test]
fn undo_and_redo_reach_the_file() {
    let (_dir, path) = temp_db();
    let mut session = Session::open(&path, OpenMode::OpenOrCreate).unwrap();
    session
        .execute(Command::AddService(Box::new(sample_service(1))))
        .unwrap();
    session
        .execute(Command::SetService {
            id: 1,
            value: ServiceValue::Name("Geändert".into()),
        })
        .unwrap();
    session.execute(Command::DeleteService(1)).unwrap();
    assert!(session.workspace().services().is_empty());

    assert!(session.undo().unwrap());
    assert_eq!(session.workspace().services()[0].name, "Geändert");
    assert!(session.undo().unwrap());
    assert_eq!(
        session.workspace().services()[0].name,
        "Hundesteuer Anmeldung"
    );
    assert!(session.redo().unwrap());
    assert_eq!(session.workspace().services()[0].name, "Geändert");
    drop(session);

    let mut session = Session::open(&path, OpenMode::Existing).unwrap();
    assert_eq!(session.workspace().services()[0].name, "Geändert");
    assert!(!session.can_undo(), "history does not survive a reopen");
    assert!(!session.undo().unwrap());
}

#[test]
fn a_new_edit_clears_redo() {
    let (_dir, path) = temp_db();
    let mut session = Session::open(&path, OpenMode::OpenOrCreate).unwrap();
    session
        .execute(Command::AddService(Box::new(sample_service(1))))
        .unwrap();
    assert!(session.undo().unwrap());
    assert!(session.can_redo());
    session
        .execute(Command::AddService(Box::new(Service::new(5, "Andere", 4))))
        .unwrap();
    assert!(!session.can_redo());
}

#[test]
fn migrating_an_existing_file_keeps_a_backup_of_the_old_version() {
    use ozg_cockpit::store::migrations::{MIGRATIONS, backup_path, migrate_with};
    let (_dir, path) = temp_db();
    {
        let mut session = Session::open(&path, OpenMode::Create).unwrap();
        session
            .execute(Command::AddService(Box::new(sample_service(1))))
            .unwrap();
    }
    let next = "ALTER TABLE services ADD COLUMN extra TEXT NOT NULL DEFAULT 'neu';";
    let mut migrations = MIGRATIONS.to_vec();
    migrations.push(next);
    let mut conn = rusqlite::Connection::open(&path).unwrap();
    migrate_with(&mut conn, &path, &migrations).unwrap();
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(version, LATEST_VERSION + 1);
    let extra: String = conn
        .query_row("SELECT extra FROM services WHERE id = 1", [], |r| r.get(0))
        .unwrap();
    assert_eq!(extra, "neu");

    let backup = backup_path(&path, LATEST_VERSION);
    let old = rusqlite::Connection::open(&backup).unwrap();
    let old_version: i64 = old
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(old_version, LATEST_VERSION);
    let name: String = old
        .query_row("SELECT name FROM services WHERE id = 1", [], |r| r.get(0))
        .unwrap();
    assert_eq!(name, "Hundesteuer Anmeldung");
    assert!(
        old.prepare("SELECT extra FROM services").is_err(),
        "the backup has the old schema"
    );
    drop(conn);
    // This build refuses the migrated file as newer than itself, without touching it.
    let err = Store::open(&path, OpenMode::Existing).err().unwrap();
    assert!(matches!(err, StoreError::NewerVersion { .. }), "{err}");
}

#[test]
fn ranking_data_round_trips_and_criterion_removal_can_be_undone() {
    use ozg_cockpit::model::{CriterionValue, Pin, RankingSettings};
    let (_dir, path) = temp_db();
    {
        let mut session = Session::open(&path, OpenMode::Create).unwrap();
        assert_eq!(session.workspace().criteria().len(), 8, "default criteria");
        session
            .execute(Command::AddService(Box::new(sample_service(1))))
            .unwrap();
        session
            .execute(Command::SetScore {
                service: 1,
                criterion: 2,
                value: Some(4.0),
            })
            .unwrap();
        session
            .execute(Command::SetPin {
                service: 1,
                pin: Some(Pin {
                    position: 3,
                    reason: "Ratsbeschluss".into(),
                }),
            })
            .unwrap();
        session
            .execute(Command::SetCriterion {
                id: 2,
                value: CriterionValue::Weight(4.5),
            })
            .unwrap();
        session
            .execute(Command::SetRankingSettings(RankingSettings {
                top_n: 10,
                deferred_together: true,
                grouped: false,
            }))
            .unwrap();
        session.execute(Command::DeleteCriterion(2)).unwrap();
        assert!(session.workspace().criterion(2).is_none());
        assert!(session.workspace().services()[0].scores.is_empty());
        assert!(session.undo().unwrap(), "removal undone");
    }
    let ws = Store::open(&path, OpenMode::Existing)
        .unwrap()
        .load()
        .unwrap();
    let names: Vec<&str> = ws.criteria().iter().map(|c| c.name.as_str()).collect();
    assert_eq!(
        names[1], "Nutzungsinteresse Unternehmen",
        "back at its place"
    );
    assert_eq!(ws.criterion(2).unwrap().weight, 4.5);
    let s = &ws.services()[0];
    assert_eq!(
        s.scores.get(&2),
        Some(&4.0),
        "scores came back with the criterion"
    );
    assert_eq!(s.pin.as_ref().map(|p| p.position), Some(3));
    assert_eq!(ws.ranking_settings().top_n, 10);
    assert!(ws.ranking_settings().deferred_together);
}

#[test]
fn out_of_range_scores_and_weights_are_refused() {
    use ozg_cockpit::model::CriterionValue;
    let (_dir, path) = temp_db();
    let mut session = Session::open(&path, OpenMode::Create).unwrap();
    session
        .execute(Command::AddService(Box::new(sample_service(1))))
        .unwrap();
    let err = session
        .execute(Command::SetScore {
            service: 1,
            criterion: 1,
            value: Some(6.0),
        })
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "Nutzungsinteresse Bürger: Der Wert 6 liegt außerhalb von 0 bis 5."
    );
    let err = session
        .execute(Command::SetScore {
            service: 1,
            criterion: 3,
            value: Some(1.0),
        })
        .unwrap_err();
    assert!(err.to_string().contains("berechnet"), "{err}");
    let err = session
        .execute(Command::SetCriterion {
            id: 1,
            value: CriterionValue::Weight(-1.0),
        })
        .unwrap_err();
    assert!(err.to_string().starts_with("Gewicht:"), "{err}");
    assert!(session.workspace().services()[0].scores.is_empty());
}

#[test]
fn a_schema_1_file_is_migrated_with_a_backup() {
    use ozg_cockpit::store::migrations::{MIGRATIONS, backup_path, migrate_with};
    let (_dir, path) = temp_db();
    {
        let mut conn = rusqlite::Connection::open(&path).unwrap();
        migrate_with(&mut conn, &path, &MIGRATIONS[..1]).unwrap();
        conn.execute(
            "INSERT INTO services (id, leika_key, name, municipal) VALUES (1, '99001001000000', 'Abfallgebühr', 1)",
            [],
        )
        .unwrap();
    }
    let store = Store::open(&path, OpenMode::Existing).unwrap();
    assert_eq!(store.schema_version().unwrap(), LATEST_VERSION);
    let ws = store.load().unwrap();
    assert_eq!(ws.services()[0].name, "Abfallgebühr");
    assert_eq!(ws.criteria().len(), 8);
    assert_eq!(ws.ranking_settings().top_n, 20);
    let old = rusqlite::Connection::open(backup_path(&path, 1)).unwrap();
    let version: i64 = old
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(version, 1);
}

#[test]
fn the_data_date_is_the_day_of_the_last_change_not_of_the_last_opening() {
    let (_dir, path) = temp_db();
    {
        let mut store = Store::open(&path, OpenMode::Create).unwrap();
        // A setting (report choices) is no change of the data.
        store.set_setting("data_changed", "2020-03-01").unwrap();
        store.set_setting("report", "{}").unwrap();
    }
    let march = chrono::NaiveDate::from_ymd_opt(2020, 3, 1).unwrap();
    let session = Session::open(&path, OpenMode::Existing).unwrap();
    assert_eq!(
        session.data_date(),
        march,
        "opening the file changes nothing"
    );
    drop(session);
    let mut session = Session::open(&path, OpenMode::Existing).unwrap();
    session
        .execute(Command::AddService(Box::new(Service::new(
            1, "Wohngeld", 4,
        ))))
        .unwrap();
    drop(session);
    let store = Store::open(&path, OpenMode::ReadOnly).unwrap();
    assert_eq!(
        store.data_date(),
        Some(chrono::Local::now().date_naive()),
        "an edit records its day in the file"
    );
}

#[cfg(unix)]
#[test]
fn the_same_file_through_a_symlink_is_locked_too() {
    let (dir, path) = temp_db();
    let _first = Store::open(&path, OpenMode::Create).unwrap();
    let alias = dir.path().join("alias.sqlite");
    std::os::unix::fs::symlink(&path, &alias).unwrap();
    let err = Store::open(&alias, OpenMode::Existing).err().unwrap();
    assert!(matches!(err, StoreError::Locked { .. }), "{err}");
    assert!(!dir.path().join("alias.sqlite.lock").exists());
}

#[test]
fn a_damaged_file_is_refused_naming_the_last_backup() {
    let (dir, path) = temp_db();
    drop(ozg_cockpit::scenario::create(&path).unwrap());
    let backups = dir.path().join("backups");
    std::fs::create_dir(&backups).unwrap();
    let backup = backups.join("test 2026-11-29 10-00-00 vor Import.sqlite");
    std::fs::copy(&path, &backup).unwrap();
    // Garbage over pages in the middle of the file.
    let mut bytes = std::fs::read(&path).unwrap();
    let middle = bytes.len() / 2 / 4096 * 4096;
    for b in &mut bytes[middle..middle + 8192] {
        *b = 0xA5;
    }
    std::fs::write(&path, &bytes).unwrap();
    // Refused at opening or, the check running beside the loading, at loading.
    let err = Store::open(&path, OpenMode::Existing)
        .and_then(|s| s.load())
        .err()
        .unwrap();
    let text = err.to_string();
    assert!(matches!(err, StoreError::Damaged { .. }), "{text}");
    assert!(Session::open(&path, OpenMode::Existing).is_err());
    assert!(text.starts_with("Die Datei ist beschädigt"), "{text}");
    assert!(text.contains(&backup.display().to_string()), "{text}");
    assert_eq!(std::fs::read(&path).unwrap(), bytes, "not touched");
}

#[test]
fn closing_reports_a_checkpoint_that_could_not_finish() {
    let (_dir, path) = temp_db();
    let mut store = Store::open(&path, OpenMode::Create).unwrap();
    let ws = store.load().unwrap();
    let effect = |cmd: Command| ws.resolve(&cmd).unwrap().effect;
    store
        .write(&effect(Command::AddService(Box::new(sample_service(1)))))
        .unwrap();
    // A reader in the middle of a transaction keeps the log from being emptied.
    let reader = rusqlite::Connection::open(&path).unwrap();
    reader
        .execute_batch("BEGIN; SELECT count(*) FROM services;")
        .unwrap();
    store
        .write(&effect(Command::AddService(Box::new(Service::new(
            2, "Zweite", 4,
        )))))
        .unwrap();
    let err = store.checkpoint().err().unwrap();
    assert!(matches!(err, StoreError::Incomplete { .. }), "{err}");
    reader.execute_batch("COMMIT;").unwrap();
    store.close().unwrap();
}

#[test]
fn an_office_cannot_belong_to_itself_even_through_others() {
    let (_dir, path) = temp_db();
    let mut session = Session::open(&path, OpenMode::Create).unwrap();
    for (id, number) in [(1, "800"), (2, "810"), (3, "811")] {
        session
            .execute(Command::AddOffice(Box::new(Office::new(id, number))))
            .unwrap();
    }
    let parent = |id, p: &str| Command::SetOffice {
        id,
        value: OfficeValue::Parent(p.to_owned()),
    };
    let err = session.execute(parent(1, "800")).unwrap_err();
    assert!(err.to_string().starts_with("Gehört zu: Amt 800"), "{err}");
    session.execute(parent(2, "800")).unwrap();
    session.execute(parent(3, "810")).unwrap();
    let err = session.execute(parent(1, "811")).unwrap_err();
    assert!(err.to_string().contains("nicht zu sich selbst"), "{err}");
    assert_eq!(session.workspace().office(1).unwrap().parent, "");
    // 800 belongs to an office 900 that is not there yet: renumbering 811 (below 800) to 900,
    // or adding a 900 below 811, would close the circle.
    session.execute(parent(1, "900")).unwrap();
    let err = session
        .execute(Command::SetOffice {
            id: 3,
            value: OfficeValue::Number("900".into()),
        })
        .unwrap_err();
    assert!(
        err.to_string()
            .starts_with("Amtsnummer: Mit der Nummer 900"),
        "{err}"
    );
    let mut below = Office::new(4, "900");
    below.parent = "811".into();
    let err = session
        .execute(Command::AddOffice(Box::new(below)))
        .unwrap_err();
    assert!(err.to_string().contains("nicht zu sich selbst"), "{err}");
    assert_eq!(session.workspace().offices().len(), 3);
    assert!(session.workspace().broken_rules().is_empty());
    // Another number that closes nothing is fine.
    session
        .execute(Command::SetOffice {
            id: 3,
            value: OfficeValue::Number("812".into()),
        })
        .unwrap();
}

#[test]
fn backups_of_another_database_are_not_taken_for_ours_and_leftovers_block_a_new_file() {
    let dir = tempfile::tempdir().unwrap();
    let ours = dir.path().join("ozg.sqlite");
    let other = dir.path().join("ozg alt.sqlite");
    let a = Store::open(&ours, OpenMode::Create).unwrap();
    let b = Store::open(&other, OpenMode::Create).unwrap();
    use ozg_cockpit::store::{BackupReason, backups};
    let theirs = b.backup(BackupReason::Import).unwrap();
    assert!(
        backups(&ours, BackupReason::Import).is_empty(),
        "not ours: {theirs:?}"
    );
    let mine = a.backup(BackupReason::Import).unwrap();
    assert_eq!(backups(&ours, BackupReason::Import), [mine]);
    assert_eq!(backups(&other, BackupReason::Import), [theirs]);
    // A log left beside a name would be replayed into a new file there: refused.
    let fresh = dir.path().join("neu.sqlite");
    std::fs::write(dir.path().join("neu.sqlite-wal"), b"alt").unwrap();
    let err = Store::open(&fresh, OpenMode::Create).err().unwrap();
    assert!(
        err.to_string().contains("Rest einer früheren Datenbank"),
        "{err}"
    );
    assert!(!fresh.exists());
}

#[test]
fn another_maturity_scale_is_taken_only_when_nothing_is_above_its_top() {
    use ozg_cockpit::model::maturity::PRESETS;
    let (_dir, path) = temp_db();
    let mut session = Session::open(&path, OpenMode::Create).unwrap();
    let mut high = Service::new(1, "Hoch hinaus", 4);
    high.current_maturity = 5;
    session
        .execute(Command::AddService(Box::new(high)))
        .unwrap();
    let official: Vec<String> = PRESETS[1].1.iter().map(|l| l.to_string()).collect();
    let extended: Vec<String> = PRESETS[2].1.iter().map(|l| l.to_string()).collect();
    let err = session
        .execute(Command::SetMaturityLabels(official.clone()))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("Stufe 4") && err.contains("1 Leistungen"),
        "{err}"
    );
    session
        .execute(Command::SetService {
            id: 1,
            value: ServiceValue::CurrentMaturity(4),
        })
        .unwrap();
    session
        .execute(Command::SetMaturityLabels(official.clone()))
        .unwrap();
    let stored = |path| {
        Store::open(path, OpenMode::ReadOnly)
            .unwrap()
            .load()
            .unwrap()
    };
    assert_eq!(stored(&path).maturity.labels, official);
    assert_eq!(stored(&path).maturity.max_level(), 4);
    session
        .execute(Command::SetMaturityLabels(extended.clone()))
        .unwrap();
    assert_eq!(stored(&path).maturity.max_level(), 7);
    assert!(session.undo().unwrap());
    assert_eq!(
        stored(&path).maturity.labels,
        official,
        "undo goes back to 0–4"
    );
    let too_few = vec!["Nur eine".to_owned()];
    assert!(
        session
            .execute(Command::SetMaturityLabels(too_few))
            .is_err()
    );
}

#[test]
fn the_history_names_who_changed_a_step() {
    use ozg_cockpit::model::StepValue;
    use ozg_cockpit::model::project::{Project, StepStatus};
    let (_dir, path) = temp_db();
    let mut session = Session::open(&path, OpenMode::Create).unwrap();
    session
        .execute(Command::AddProject {
            project: Box::new(Project::new(1, "Parken digital", 4)),
            services: Vec::new(),
            assignments: Vec::new(),
        })
        .unwrap();
    session.set_author("Erika Muster");
    let on = chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
    session
        .execute(Command::SetStep {
            project: 1,
            step: 1,
            value: StepValue::Status(StepStatus::InProgress),
            on,
        })
        .unwrap();
    session.set_author("Max Beispiel");
    assert!(session.undo().unwrap());
    let ws = Store::open(&path, OpenMode::ReadOnly)
        .unwrap()
        .load()
        .unwrap();
    let who: Vec<&str> = ws
        .project_history()
        .iter()
        .map(|h| h.changed_by.as_str())
        .collect();
    assert_eq!(
        who,
        ["Erika Muster", "Max Beispiel"],
        "the way back names who took it"
    );
}

#[test]
fn a_copy_from_before_an_upgrade_is_restored_and_brought_up_to_date() {
    use ozg_cockpit::store::BackupReason;
    let (_dir, path) = temp_db();
    let mut session = Session::open(&path, OpenMode::Create).unwrap();
    session
        .execute(Command::AddService(Box::new(sample_service(1))))
        .unwrap();
    let copy = session.store().backup(BackupReason::Import).unwrap();
    // The copy as the version before wrote it: schema 4, no author in the history.
    {
        let old = rusqlite::Connection::open(&copy).unwrap();
        let triggers: Vec<String> = old
            .prepare("SELECT name FROM sqlite_schema WHERE type = 'trigger'")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        for t in triggers {
            old.execute_batch(&format!("DROP TRIGGER {t}")).unwrap();
        }
        old.execute_batch(
            "DROP TABLE change_rows; DROP TABLE changes; DROP TABLE replica; DROP TABLE peers;
             DROP TABLE recording;
             ALTER TABLE project_history DROP COLUMN changed_by; PRAGMA user_version = 4;",
        )
        .unwrap();
    }
    session
        .execute(Command::AddService(Box::new(Service::new(2, "Später", 4))))
        .unwrap();
    session.restore(&copy).unwrap();
    assert_eq!(
        session.workspace().services().len(),
        1,
        "the state of the copy"
    );
    drop(session);
    let conn = rusqlite::Connection::open(&path).unwrap();
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(version, LATEST_VERSION, "brought up to date");
    conn.prepare("SELECT changed_by FROM project_history")
        .unwrap();
}

#[test]
fn an_office_is_found_by_its_number_or_unmistakable_words() {
    let (_dir, path) = temp_db();
    let mut session = Session::open(&path, OpenMode::Create).unwrap();
    for (id, number, name) in [
        (1, "100.1", "Organisationsentwicklung und IT-Steuerung"),
        (2, "320", "Ordnungsamt"),
        (3, "330", "Bürgeramt"),
    ] {
        let mut o = Office::new(id, number);
        o.name = name.to_owned();
        session.execute(Command::AddOffice(Box::new(o))).unwrap();
    }
    let ws = session.workspace();
    let found = |t: &str| ws.find_office(t).map(|o| o.id).map_err(|e| e.to_string());
    assert_eq!(found("320"), Ok(2));
    assert_eq!(found("330 – Bürgeramt"), Ok(3));
    assert_eq!(found("ordnung"), Ok(2));
    assert!(
        found("100").is_err(),
        "a number is a number, not a part of 100.1"
    );
    assert!(found("IT").is_err(), "two letters are not enough");
    let both = found("amt").unwrap_err();
    assert!(both.contains("passt auf 2 Ämter"), "{both}");
}

#[test]
fn a_backup_is_made_at_the_first_opening_of_a_day_and_the_last_14_are_kept() {
    use ozg_cockpit::store::{BackupReason, KEEP_DAILY_BACKUPS, backups};
    let (_dir, path) = temp_db();
    let session = Session::open(&path, OpenMode::Create).unwrap();
    let store = session.store();
    let first = store
        .daily_backup()
        .unwrap()
        .expect("the day's first backup");
    assert!(first.exists());
    assert!(
        store.daily_backup().unwrap().is_none(),
        "one backup a day is enough"
    );
    // Sixteen earlier days' backups, then a new day's first opening.
    let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
    let dir = first.parent().unwrap().to_path_buf();
    for day in 1..=16 {
        let name = format!("{stem} 2025-01-{day:02} 08-00-00 täglich.sqlite");
        std::fs::copy(&first, dir.join(name)).unwrap();
    }
    std::fs::remove_file(&first).unwrap();
    let today = store.daily_backup().unwrap().expect("today's backup");
    let kept = backups(&path, BackupReason::Daily);
    assert_eq!(kept.len(), KEEP_DAILY_BACKUPS);
    assert_eq!(kept[0], today, "newest first");
    assert!(
        !kept
            .iter()
            .any(|p| p.to_string_lossy().contains("2025-01-02 ")),
        "the oldest are gone"
    );
    // Backups before imports are not counted against the daily ones.
    assert!(backups(&path, BackupReason::Import).is_empty());
}
