#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The command line: init, import with exit codes, export.

use std::path::Path;
use std::process::{Command, Output};

use ozg_cockpit::model::{Command as Edit, Service, ServiceValue};
use ozg_cockpit::session::Session;
use ozg_cockpit::store::{OpenMode, Store};

mod common;

fn cockpit(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ozg-cockpit"))
        .args(args)
        .output()
        .unwrap()
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// The reference scenario in `dir`, made by the command line.
fn demo(dir: &Path) -> std::path::PathBuf {
    let db = dir.join("demo.sqlite");
    let out = cockpit(&["init", "--db", s(&db), "--demo"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    db
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
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("Leistungen: 1 neu, 0 aktualisiert"));

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

#[test]
fn ranking_export_is_the_same_every_time_and_exports_snapshots() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    let export = |name: &str, extra: &[&str]| -> String {
        let out = dir.path().join(name);
        let mut args = vec!["export", "ranking", "--db", s(&db), "--out", s(&out)];
        args.extend_from_slice(extra);
        let result = cockpit(&args);
        assert!(
            result.status.success(),
            "{}",
            String::from_utf8_lossy(&result.stderr)
        );
        std::fs::read_to_string(&out).unwrap()
    };
    let first = export("a.csv", &["--top", "20"]);
    let second = export("b.csv", &["--top", "20"]);
    assert_eq!(first, second, "same database and settings, same ranking");
    let lines: Vec<&str> = first.lines().collect();
    assert_eq!(lines.len(), 21, "header and the Top 20");
    assert!(lines[0].starts_with("\u{feff}Rang;Bereich;Punkte;LeiKa-Schlüssel;Bezeichnung"));
    assert!(lines[0].contains(";Nutzungsinteresse Bürger;Nutzungsinteresse Bürger (Punkte);"));
    assert!(lines[1].starts_with("1;Rangfolge;"));
    assert!(lines[20].starts_with("20;Rangfolge;"));
    let all = export("all.csv", &[]);
    assert_eq!(all.lines().count(), 5250, "every service in its section");

    // Freeze the ranking, then change a score: the snapshot export stays as frozen.
    let ws = Store::open(&db, OpenMode::ReadOnly)
        .unwrap()
        .load()
        .unwrap();
    let ranking = ozg_cockpit::model::ranking::rank(&ozg_cockpit::model::ranking::RankingInput {
        services: ws.services(),
        offices: ws.offices(),
        criteria: ws.criteria(),
        settings: ws.ranking_settings(),
    });
    let rows = ranking
        .entries
        .iter()
        .map(|e| ozg_cockpit::model::ranking::SnapshotRow {
            identity: e.identity(ws.services()),
            section: e.section,
            rank: e.rank,
            score_tenths: e.score_tenths,
            label: ws.services()[e.members[0]].name.clone(),
        })
        .collect();
    let top_service = ws.services()[ranking.entries[0].members[0]].id;
    {
        let mut session = Session::open(&db, OpenMode::Existing).unwrap();
        session
            .execute(Edit::AddSnapshot(Box::new(ozg_cockpit::model::Snapshot {
                id: 1,
                title: "Ausschuss".into(),
                taken_on: chrono::NaiveDate::from_ymd_opt(2026, 11, 28).expect("a date"),
                settings: ws.ranking_settings(),
                rows,
            })))
            .unwrap();
        session
            .execute(Edit::SetScore {
                service: top_service,
                criterion: 1,
                value: Some(0.0),
            })
            .unwrap();
    }
    let frozen = export("stand.csv", &["--snapshot", "Ausschuss", "--top", "3"]);
    let frozen_lines: Vec<&str> = frozen.lines().collect();
    assert_eq!(frozen_lines.len(), 4);
    assert!(
        frozen_lines[1].contains(&format!("s:{top_service}")),
        "{frozen}"
    );
    let now = export("jetzt.csv", &["--top", "3"]);
    assert_ne!(
        now,
        first.lines().take(4).collect::<Vec<_>>().join("\r\n") + "\r\n"
    );

    let missing = cockpit(&[
        "export",
        "ranking",
        "--db",
        s(&db),
        "--out",
        s(&dir.path().join("x.csv")),
        "--snapshot",
        "Gibt es nicht",
    ]);
    assert!(!missing.status.success());
    assert!(String::from_utf8_lossy(&missing.stderr).contains("28.11.2026 – Ausschuss"));
}

#[test]
fn projects_export_has_a_column_per_step() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    let out = dir.path().join("projekte.csv");
    let result = cockpit(&["export", "projects", "--db", s(&db), "--out", s(&out)]);
    assert!(
        result.status.success(),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    let text = std::fs::read_to_string(&out).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let ws = Store::open(&db, OpenMode::ReadOnly)
        .unwrap()
        .load()
        .unwrap();
    assert_eq!(lines.len(), ws.projects().len() + 1);
    let header: Vec<&str> = lines[0].trim_start_matches('\u{feff}').split(';').collect();
    assert_eq!(
        &header[..4],
        [
            "Projekt",
            "Federführendes Amt",
            "Aktueller Schritt",
            "Fortschritt %"
        ]
    );
    assert_eq!(header.len(), 12 + 11);
    assert_eq!(header[12], "1. Leistungsprüfung");
    assert_eq!(header[22], "11. Kommunikation");
    assert!(
        text.contains(";in Betrieb;100;"),
        "a project in operation: {text}"
    );
}

#[test]
fn report_and_chart_commands_write_files_and_refuse_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());

    let pdf = dir.path().join("Bericht Ausschuss ä.pdf");
    let out = cockpit(&[
        "report",
        "--db",
        s(&db),
        "--out",
        s(&pdf),
        "--title",
        "Sachstand für den Hauptausschuss",
        "--date",
        "10.12.2026",
    ]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.starts_with("Bericht mit "), "{stdout}");
    let doc = lopdf::Document::load(&pdf).unwrap();
    let first: String = doc
        .extract_text(&[1])
        .unwrap()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    assert!(first.contains("SachstandfürdenHauptausschuss"), "{first}");
    assert!(first.contains("Sitzungam10.12.2026"), "{first}");

    for (args, expected) in [
        (vec!["--date", "31.02.2026"], "ist ungültig"),
        (
            vec!["--snapshot", "Frühjahr"],
            "Einen Stand „Frühjahr“ gibt es nicht",
        ),
    ] {
        let mut all = vec!["report", "--db", s(&db), "--out", s(&pdf)];
        all.extend(args);
        let out = cockpit(&all);
        assert!(!out.status.success());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(expected), "{err}");
    }
    let missing = dir.path().join("fehlt").join("bericht.pdf");
    let out = cockpit(&["report", "--db", s(&db), "--out", s(&missing)]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("der Ordner existiert nicht"), "{err}");
    assert!(err.contains(s(&missing)), "the path is named: {err}");

    let charts = dir.path().join("Diagramme");
    let out = cockpit(&[
        "export",
        "charts",
        "--db",
        s(&db),
        "--out",
        s(&charts),
        "--format",
        "png",
        "--width",
        "640",
        "--height",
        "400",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("8 Diagramme exportiert"));
    // The names are fixed, so scripts and slides can refer to them.
    for stem in [
        "reifegrad",
        "projekte-schritte",
        "fortschritt",
        "auslastung",
        "restaufwand",
        "personalbedarf",
        "aemter",
        "priorisierung",
    ] {
        let size = common::png_size(&charts.join(format!("{stem}.png")));
        assert_eq!(size, (640, 400), "{stem}");
    }
    let out = cockpit(&["export", "charts", "--db", s(&db), "--out", s(&charts)]);
    assert!(out.status.success());
    assert!(charts.join("fortschritt.svg").exists(), "SVG by default");
    let out = cockpit(&[
        "export",
        "charts",
        "--db",
        s(&db),
        "--out",
        s(&charts),
        "--width",
        "5",
    ]);
    assert!(!out.status.success(), "a width below 200 pixels is refused");
}

#[test]
fn the_scenario_reproduces_the_paper_and_speaks_json() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    let paper = [
        "scenario",
        "--db",
        s(&db),
        "--projects",
        "600",
        "--from",
        "01.01.2021",
        "--until",
        "31.12.2022",
        "--positions",
        "12",
    ];
    let out = cockpit(&paper);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("600 Projekte × (17 + 12 PT) = 17.400 Personentage"),
        "{text}"
    );
    assert!(text.contains("= 42,0 Stellen"), "{text}");
    assert!(text.contains("= 7,0 Jahre"), "{text}");
    assert!(text.contains("= 828.000 € im Jahr"), "{text}");

    let mut json = paper.to_vec();
    json.push("--json");
    let out = cockpit(&json);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["person_days"], 17_400.0);
    assert_eq!(format!("{:.1}", v["fte_needed"].as_f64().unwrap()), "42.0");
    assert_eq!(format!("{:.1}", v["years_needed"].as_f64().unwrap()), "7.0");
    assert_eq!(v["positions_at_hand"], 12.0);
    assert_eq!(v["annual_cost_eur"], 828_000.0);
    assert!(v["finish_date"].as_str().unwrap().starts_with("2028-01"));

    // Without overrides, the database's remaining work and its parts.
    let out = cockpit(&["scenario", "--db", s(&db)]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("laufende Projekte mit offenen Schritten"),
        "{text}"
    );
    assert!(text.contains("Leistungen ohne Projekt"), "{text}");

    let out = cockpit(&["scenario", "--db", s(&db), "--until", "32.12.2026"]);
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("Zieldatum: „32.12.2026“ ist kein Datum")
    );
}

#[test]
fn staff_and_load_exports_and_the_anonymised_one_names_nobody() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    let staff = dir.path().join("personal.csv");
    let out = cockpit(&["export", "staff", "--db", s(&db), "--out", s(&staff)]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(&staff).unwrap();
    assert!(text.contains("Beispiel, Anna;100.1;"), "{text}");
    assert!(
        text.contains("N. N. (100.2, EG 12)"),
        "vacant positions: {text}"
    );

    let load = dir.path().join("auslastung.csv");
    let out = cockpit(&[
        "export",
        "load",
        "--db",
        s(&db),
        "--out",
        s(&load),
        "--named-staff",
        "--months",
        "3",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let by_person = std::fs::read_to_string(&load).unwrap();
    assert!(by_person.contains("Beispiel, Anna (1);"), "{by_person}");

    let anon = dir.path().join("auslastung-anonym.xlsx");
    let out = cockpit(&[
        "export",
        "load",
        "--db",
        s(&db),
        "--out",
        s(&anon),
        "--anonymised",
        "--months",
        "3",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let anon_csv = dir.path().join("auslastung-anonym.csv");
    assert!(
        cockpit(&[
            "export",
            "load",
            "--db",
            s(&db),
            "--out",
            s(&anon_csv),
            "--anonymised",
            "--months",
            "3"
        ])
        .status
        .success()
    );
    let text = std::fs::read_to_string(&anon_csv).unwrap();
    let ws = Store::open(&db, OpenMode::ReadOnly)
        .unwrap()
        .load()
        .unwrap();
    for m in ws.staff().iter().filter(|m| !m.is_vacant()) {
        assert!(!text.contains(&m.name), "{} is named in {text}", m.name);
    }
    assert!(text.starts_with("\u{feff}Einheit;Monat;"), "{text}");
    assert!(
        text.contains("\r\n100.1;") && text.contains("\r\n100.2;"),
        "{text}"
    );
    // The XLSX holds no name either.
    let cells = xlsx_text(&std::fs::read(&anon).unwrap());
    assert!(cells.contains("100.1"), "{cells}");
    for m in ws.staff().iter().filter(|m| !m.is_vacant()) {
        assert!(!cells.contains(&m.name), "{} in the XLSX", m.name);
    }
}

/// The text of all cells of an XLSX file, a line each.
fn xlsx_text(bytes: &[u8]) -> String {
    use calamine::{Reader, open_workbook_from_rs};
    let mut book: calamine::Xlsx<_> = open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    let mut out = String::new();
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).unwrap();
        for row in range.rows() {
            for cell in row {
                out.push_str(&cell.to_string());
                out.push('\n');
            }
        }
    }
    out
}

#[test]
fn files_that_are_not_databases_are_never_adopted() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("leer.sqlite");
    std::fs::write(&empty, b"").unwrap();
    let catalogue = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/assets/catalogue/leika_leistungen_ozg_mapping.csv"
    );
    for args in [
        vec!["import", "--db", s(&empty), catalogue],
        vec!["export", "services", "--db", s(&empty), "--out", "x.csv"],
    ] {
        let out = cockpit(&args);
        assert!(!out.status.success(), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("Die Datei ist leer"), "{err}");
        assert_eq!(std::fs::metadata(&empty).unwrap().len(), 0);
    }
}

#[test]
fn exports_write_through_a_fresh_temporary_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    // A symlink planted where a predictable temporary file would go is not followed.
    let victim = dir.path().join("opfer.txt");
    std::fs::write(&victim, b"bleibt").unwrap();
    let out_file = dir.path().join("leistungen.csv");
    #[cfg(unix)]
    std::os::unix::fs::symlink(&victim, dir.path().join("leistungen.csv.tmp")).unwrap();
    let out = cockpit(&["export", "services", "--db", s(&db), "--out", s(&out_file)]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(std::fs::read(&victim).unwrap(), b"bleibt");
    // An output that is a folder: refused, and nothing left beside it.
    let folder = dir.path().join("ordner.csv");
    std::fs::create_dir(&folder).unwrap();
    let before: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    let out = cockpit(&["export", "services", "--db", s(&db), "--out", s(&folder)]);
    assert!(!out.status.success());
    let after: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(before.len(), after.len(), "no temporary file left behind");
    // A name as long as the file system allows.
    let long = dir.path().join(format!("{}.csv", "l".repeat(250)));
    let out = cockpit(&["export", "services", "--db", s(&db), "--out", s(&long)]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(long.exists());
}

#[test]
fn skipping_invalid_rows_with_none_valid_fails() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    let file = dir.path().join("falsch.csv");
    std::fs::write(&file, b"Schluessel;Bezeichnung\n9900100X000000;a\n").unwrap();
    let out = cockpit(&["import", "--db", s(&db), "--skip-invalid", s(&file)]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("Keine Zeile ist gültig"));
}

#[test]
fn every_import_is_backed_up_and_can_be_taken_back() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("leer.sqlite");
    assert!(cockpit(&["init", "--db", s(&db)]).status.success());
    let file = dir.path().join("neu.csv");
    std::fs::write(
        &file,
        "Schluessel;Bezeichnung\n99001001000000;Abfallgebühr\n",
    )
    .unwrap();
    let out = cockpit(&["import", "--db", s(&db), s(&file)]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let backup = text
        .lines()
        .find_map(|l| l.strip_prefix("Sicherung vor dem Import: "))
        .expect("the summary names the backup")
        .to_owned();
    assert!(
        backup.contains("/backups/leer ") && backup.ends_with(" vor Import.sqlite"),
        "{backup}"
    );
    let services = |db: &Path| {
        Store::open(db, OpenMode::ReadOnly)
            .unwrap()
            .load()
            .unwrap()
            .services()
            .len()
    };
    assert_eq!(services(&db), 1);
    // Back to before the import; the state before that is kept too.
    let out = cockpit(&["restore", "--db", s(&db), "--from", &backup]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(services(&db), 0);
    let saved = String::from_utf8_lossy(&out.stdout).into_owned();
    let before = saved.rsplit("gesichert: ").next().unwrap().trim();
    assert!(before.ends_with(" vor Wiederherstellung.sqlite"), "{saved}");
    let out = cockpit(&["restore", "--db", s(&db), "--from", before]);
    assert!(out.status.success());
    assert_eq!(services(&db), 1, "the restore itself can be taken back");
    // A file that is not a backup of ours is refused, the data as they were.
    let out = cockpit(&["restore", "--db", s(&db), "--from", s(&file)]);
    assert!(!out.status.success());
    assert_eq!(services(&db), 1);
    // Only the last 20 backups before imports are kept.
    for _ in 0..22 {
        assert!(
            cockpit(&["import", "--db", s(&db), s(&file)])
                .status
                .success()
        );
    }
    let kept = ozg_cockpit::store::backups(&db, ozg_cockpit::store::BackupReason::Import);
    assert_eq!(kept.len(), 20);
}

/// Runs the binary as a user the system does not know (no home directory), where the machine
/// allows it (root with `setpriv`); `None` elsewhere.
fn as_unknown_user(args: &[&str]) -> Option<Output> {
    let root = Command::new("id").arg("-u").output().ok()?;
    if String::from_utf8_lossy(&root.stdout).trim() != "0" {
        return None;
    }
    Command::new("setpriv")
        .args(["--reuid=54321", "--regid=54321", "--clear-groups", "--"])
        .arg(env!("CARGO_BIN_EXE_ozg-cockpit"))
        .args(args)
        .env_remove("HOME")
        .env_remove("XDG_DATA_HOME")
        .current_dir(std::env::temp_dir())
        .output()
        .ok()
}

#[test]
fn without_a_home_there_is_no_default_database() {
    let Some(out) = as_unknown_user(&["export", "staff", "--out", "/dev/null"]) else {
        eprintln!("skipped: needs root and setpriv to run as a user without a home");
        return;
    };
    let err = String::from_utf8_lossy(&out.stderr);
    if err.starts_with("setpriv:") {
        eprintln!("skipped: {err}");
        return;
    }
    assert!(!out.status.success());
    assert!(err.contains("Es gibt kein Benutzerverzeichnis"), "{err}");
    assert!(err.contains("--db"), "{err}");
    assert!(!std::env::temp_dir().join("ozg-cockpit.sqlite").exists());
}

/// The first service's case volume in a file.
fn first_case_volume(db: &Path) -> Option<i64> {
    Store::open(db, OpenMode::ReadOnly)
        .unwrap()
        .load()
        .unwrap()
        .services()[0]
        .case_volume
}

#[test]
fn copies_exchange_packages_and_conflicts_stop_the_apply_with_code_3() {
    let dir = tempfile::tempdir().unwrap();
    let a = demo(dir.path());
    let b = dir.path().join("kopie.sqlite");
    let out = cockpit(&["copy", "--db", s(&a), "--out", s(&b)]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // A copy is never written over.
    assert!(
        !cockpit(&["copy", "--db", s(&a), "--out", s(&b)])
            .status
            .success()
    );
    // Both change the first service's case volume: A to 0 and then 1, B to 0.
    assert!(
        cockpit(&["stress-edits", "--db", s(&a), "--count", "2"])
            .status
            .success()
    );
    assert!(
        cockpit(&["stress-edits", "--db", s(&b), "--count", "1"])
            .status
            .success()
    );
    let pkg = dir.path().join("a.ozgchanges");
    let out = cockpit(&["changes", "export", "--db", s(&a), "--out", s(&pkg)]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("2 Änderungen"));

    let out = cockpit(&["changes", "apply", "--db", s(&b), s(&pkg)]);
    assert_eq!(out.status.code(), Some(3));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("Konflikt: Leistung") && err.contains("Fallzahl/Jahr"),
        "{err}"
    );
    assert_eq!(first_case_volume(&b), Some(0), "nothing applied");

    let out = cockpit(&[
        "changes",
        "apply",
        "--db",
        s(&b),
        s(&pkg),
        "--prefer",
        "theirs",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(first_case_volume(&b), Some(1));
    // Back to A: the decision travels, no conflict, the same value.
    let back = dir.path().join("b.ozgchanges");
    let since = cockpit(&[
        "changes",
        "export",
        "--db",
        s(&b),
        "--out",
        s(&back),
        "--since-package",
        s(&pkg),
    ]);
    assert!(
        since.status.success(),
        "{}",
        String::from_utf8_lossy(&since.stderr)
    );
    let out = cockpit(&["changes", "apply", "--db", s(&a), s(&back)]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(first_case_volume(&a), Some(1));

    let log = cockpit(&["changes", "log", "--db", s(&b)]);
    let text = String::from_utf8_lossy(&log.stdout);
    assert!(
        text.contains("Belastungstest") && text.contains("Fallzahl/Jahr"),
        "{text}"
    );
    let nobody = cockpit(&["changes", "log", "--db", s(&b), "--author", "Niemand"]);
    assert!(nobody.stdout.is_empty());
}

#[test]
fn an_error_is_one_german_line_without_the_system_s_english() {
    use ozg_cockpit::cli::error_text;
    use ozg_cockpit::store::StoreError;
    use std::io::{Error, ErrorKind};
    let denied = anyhow::Error::from(StoreError::Io {
        path: "/ablage/a.sqlite.lock".into(),
        source: Error::from(ErrorKind::PermissionDenied),
    });
    assert_eq!(
        error_text(&denied),
        "Die Datei konnte nicht gelesen oder geschrieben werden (keine Berechtigung für die Datei oder ihren Ordner): /ablage/a.sqlite.lock"
    );
    let read_only = anyhow::Error::from(StoreError::Sqlite(rusqlite::Error::SqliteFailure(
        rusqlite::ffi::Error::new(1544),
        Some("attempt to write a readonly database".into()),
    )));
    assert_eq!(
        error_text(&read_only),
        "Datenbankfehler: die Datei oder ihr Ordner ist schreibgeschützt"
    );
    // A cause the message does not name yet follows it, in German.
    let folder =
        anyhow::Error::from(Error::from(ErrorKind::NotFound)).context("Ordner /ablage/neu");
    assert_eq!(
        error_text(&folder),
        "Ordner /ablage/neu: der Ordner existiert nicht"
    );
}
