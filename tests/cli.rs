#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The command line: init, import with exit codes, export.

use std::path::Path;
use std::process::{Command, Output};

use ozg_cockpit::model::{Command as Edit, Service, ServiceValue};
use ozg_cockpit::session::Session;
use ozg_cockpit::store::{OpenMode, Store};

fn cockpit(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ozg-cockpit"))
        .args(args)
        .output()
        .unwrap()
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn init_creates_the_reference_scenario_and_refuses_to_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.sqlite");
    let out = cockpit(&["init", "--db", s(&db), "--demo"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let ws = Store::open(&db, OpenMode::Existing)
        .unwrap()
        .load()
        .unwrap();
    assert!(ws.is_reference);
    assert_eq!(ws.services().len(), 5249);
    assert_eq!(ws.services().iter().filter(|s| s.municipal).count(), 1557);

    let again = cockpit(&["init", "--db", s(&db)]);
    assert!(!again.status.success());
    let err = String::from_utf8_lossy(&again.stderr);
    assert!(err.contains("wird nicht überschrieben"), "{err}");
}

#[test]
fn import_reports_and_refuses_with_exit_status() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("leer.sqlite");
    assert!(cockpit(&["init", "--db", s(&db)]).status.success());
    let good = dir.path().join("gut.csv");
    std::fs::write(
        &good,
        "Schluessel;Bezeichnung\n99001001000000;Abfallgebühr\n",
    )
    .unwrap();
    let out = cockpit(&["import", "--db", s(&db), s(&good)]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("1 neu, 0 aktualisiert"));

    let bad = dir.path().join("schlecht.csv");
    std::fs::write(
        &bad,
        "Schluessel;Bezeichnung\n99001001000000;Neu\nABC;Falsch\n",
    )
    .unwrap();
    let out = cockpit(&["import", "--db", s(&db), s(&bad)]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("Zeile 3:"), "{err}");
    let ws = Store::open(&db, OpenMode::Existing)
        .unwrap()
        .load()
        .unwrap();
    assert_eq!(
        ws.services()[0].name,
        "Abfallgebühr",
        "refused import changed nothing"
    );

    let out = cockpit(&["import", "--db", s(&db), "--skip-invalid", s(&bad)]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("1 übersprungen") && text.contains("Zeile 3:"),
        "{text}"
    );
}

#[test]
fn export_escapes_formulas_and_writes_xlsx() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.sqlite");
    {
        let mut session = Session::open(&db, OpenMode::Create).unwrap();
        let mut a = Service::new(1, "=HYPERLINK(\"http://x\")", 4);
        a.notes = "@SUMME(A1); \"zitiert\"".into();
        session.execute(Edit::AddService(Box::new(a))).unwrap();
        session
            .execute(Edit::AddService(Box::new(Service::new(2, "Übergang", 4))))
            .unwrap();
        session
            .execute(Edit::SetService {
                id: 2,
                value: ServiceValue::CaseVolume(Some(1500)),
            })
            .unwrap();
    }
    let csv = dir.path().join("l.csv");
    let out = cockpit(&["export", "services", "--db", s(&db), "--out", s(&csv)]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let bytes = std::fs::read(&csv).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
    let text = String::from_utf8(bytes).unwrap();
    assert!(text.contains("'=HYPERLINK(\"\"http://x\"\")"), "{text}");
    assert!(text.contains("\"'@SUMME(A1); \"\"zitiert\"\"\""), "{text}");
    assert!(text.contains(";Übergang;"), "{text}");
    assert!(text.contains(";1500;"), "{text}");
    assert!(
        text.lines()
            .next()
            .unwrap()
            .contains("LeiKa-Schlüssel;Bezeichnung;")
    );

    let xlsx = dir.path().join("l.xlsx");
    let out = cockpit(&["export", "services", "--db", s(&db), "--out", s(&xlsx)]);
    assert!(out.status.success());
    use calamine::{Data, Reader, Xlsx, open_workbook};
    let mut book: Xlsx<_> = open_workbook(&xlsx).unwrap();
    let range = book.worksheet_range("Leistungen").unwrap();
    assert_eq!(range.get((0, 1)), Some(&Data::String("Bezeichnung".into())));
    let names: Vec<String> = (1..3)
        .map(|r| range.get((r, 1)).unwrap().to_string())
        .collect();
    assert!(
        names.contains(&"=HYPERLINK(\"http://x\")".to_owned()),
        "stored as text: {names:?}"
    );
    assert!(range.rows().any(|r| r.get(9) == Some(&Data::Float(1500.0))));
}
