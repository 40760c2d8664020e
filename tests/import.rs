#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Imports on the real catalogue and on deliberately broken files.

use std::path::Path;

use ozg_cockpit::model::{Command, LeikaKey, Office, ServiceValue};
use ozg_cockpit::session::Session;
use ozg_cockpit::store::{OpenMode, Store};

mod common;
use common::import_fixture::{CATALOGUE, Fixture};

fn key(k: &str) -> LeikaKey {
    LeikaKey::parse_optional(k).unwrap().unwrap()
}

#[test]
fn imports_the_real_catalogue_and_reimports_without_changes() {
    let mut f = Fixture::new();
    let summary = f.import(Path::new(CATALOGUE), false).unwrap();
    assert!(
        summary.starts_with("Leistungen: 5249 neu, 0 aktualisiert, 0 unverändert, 0 übersprungen"),
        "{summary}"
    );
    let ws = f.ws();
    assert_eq!(ws.services().len(), 5249);
    assert_eq!(
        ws.services()
            .iter()
            .filter(|s| s.leika_key.is_none())
            .count(),
        436
    );
    let abfall = ws.service_by_key(&key("99001001000000")).unwrap();
    assert_eq!(abfall.name, "Abfallgebühr");
    assert_eq!(abfall.leika_type, "5");
    assert!(abfall.municipal, "type 5 is municipal");
    assert!(abfall.sdg);
    let ozg = ws.ozg_service(abfall.ozg_id.as_deref().unwrap()).unwrap();
    assert_eq!(
        (ozg.name.as_str(), ozg.themenfeld.as_str()),
        ("Abfallentsorgung", "Bauen & Wohnen")
    );

    let again = f.import(Path::new(CATALOGUE), false).unwrap();
    assert!(
        again.starts_with("Leistungen: 0 neu, 0 aktualisiert, 5249 unverändert"),
        "{again}"
    );
    assert_eq!(f.ws().services().len(), 5249);
}

/// The official FIM download: ISO-8859-1, `;`, quoted fields with separators and breaks.
fn official_layout() -> Vec<u8> {
    let mut text = String::from(
        "Schluessel;Typ;Bezeichnung;Bezeichnung2;Synonyme;Besondere Merkmale;Veröffentlichungsdatum;Portalverbund Lagen;Portalverbund Lagen Codes;Handlungsgrundlage\r\n",
    );
    text.push_str(
        "99001001000000;5;Abfallgebühr;Festsetzung;Müll;;01.01.2020;Umwelt;1;Satzung\r\n",
    );
    text.push_str("99999000000001;4b;\"Straßenreinigung; Gebühr\";;\"Kehrung \"\"innen\"\"\r\nund außen\";;01.02.2021;;;\"§ 3 StrReinG NRW\"\r\n");
    text.push_str("99102019000000;2/3;Wohngeld Bewilligung;;;;;;;WoGG\r\n");
    text.chars()
        .map(|c| u8::try_from(u32::from(c)).expect("latin-1"))
        .collect()
}

#[test]
fn imports_the_official_latin1_layout_and_keeps_group_fields() {
    let mut f = Fixture::new();
    f.import(Path::new(CATALOGUE), false).unwrap();
    // The group's own fields on a known service.
    let id = f.ws().service_by_key(&key("99001001000000")).unwrap().id;
    {
        let path = f.store.path().to_path_buf();
        drop(std::mem::replace(
            &mut f.store,
            Store::open(&f.dir.path().join("scratch.sqlite"), OpenMode::Create).unwrap(),
        ));
        let mut session = Session::open(&path, OpenMode::Existing).unwrap();
        session
            .execute(Command::AddOffice(Box::new(Office::new(7, "420"))))
            .unwrap();
        for value in [
            ServiceValue::Office(Some(7)),
            ServiceValue::CurrentMaturity(3),
            ServiceValue::CaseVolume(Some(999)),
            ServiceValue::Notes("unsere Notiz".into()),
        ] {
            session.execute(Command::SetService { id, value }).unwrap();
        }
        drop(session);
        f.store = Store::open(&path, OpenMode::Existing).unwrap();
    }
    let file = f.file("leika_leistungen_de.csv", &official_layout());
    let summary = f.import(&file, false).unwrap();
    let ws = f.ws();
    let abfall = ws.service(id).unwrap();
    assert_eq!(abfall.legal_basis, "Satzung");
    assert_eq!(
        (
            abfall.office_id,
            abfall.current_maturity,
            abfall.case_volume,
            abfall.notes.as_str()
        ),
        (Some(7), 3, Some(999), "unsere Notiz"),
        "the group's fields are kept"
    );
    let strasse = ws.service_by_key(&key("99999000000001")).unwrap();
    assert_eq!(strasse.name, "Straßenreinigung; Gebühr");
    assert_eq!(strasse.leika_type, "4b");
    assert!(strasse.municipal);
    assert_eq!(strasse.legal_basis, "§ 3 StrReinG NRW");
    assert!(
        summary.starts_with("Leistungen: 1 neu, 2 aktualisiert"),
        "{summary}"
    );
    let renamed = ws.service_by_key(&key("99102019000000")).unwrap();
    assert_eq!(renamed.name, "Wohngeld Bewilligung");
    assert!(
        !renamed.municipal,
        "an updated service keeps the scope the group set"
    );
}

#[test]
fn imports_xlsx() {
    let mut f = Fixture::new();
    let path = f.dir.path().join("liste.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in ["LeiKa-Schlüssel", "Bezeichnung", "Typ"].iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    sheet.write_number(1, 0, 99001001000000.0).unwrap();
    sheet.write_string(1, 1, "Abfallgebühr").unwrap();
    sheet.write_string(1, 2, "5").unwrap();
    sheet.write_string(2, 0, "99001002000000").unwrap();
    sheet.write_string(2, 1, "Altpapier").unwrap();
    book.save(&path).unwrap();
    let summary = f.import(&path, false).unwrap();
    assert!(summary.starts_with("Leistungen: 2 neu"), "{summary}");
    assert_eq!(
        f.ws().service_by_key(&key("99001001000000")).unwrap().name,
        "Abfallgebühr"
    );
}

/// Imports a broken file into a database holding the catalogue and checks that the message
/// names the line and that nothing changed.
fn assert_refused(bytes: &[u8], expected: &str) {
    let mut f = Fixture::new();
    f.import(Path::new(CATALOGUE), false).unwrap();
    let before = f.ws();
    let file = f.file("kaputt.csv", bytes);
    let err = f.import(&file, false).unwrap_err().to_string();
    assert!(err.contains(expected), "expected {expected:?} in {err:?}");
    let after = f.ws();
    assert_eq!(before.services(), after.services());
    assert_eq!(before.ozg_services(), after.ozg_services());
}

#[test]
fn refuses_broken_quoting_naming_the_line() {
    assert_refused(
        b"leika_schluessel,leika_bezeichnung\n99001001000000,Neu\n99001002000000,\"offen\n99001003000000,x\n",
        "Zeile 3:",
    );
}

#[test]
fn refuses_a_row_with_too_many_fields() {
    assert_refused(
        b"leika_schluessel;leika_bezeichnung\n99001001000000;Neu\n99001002000000;a;b\n",
        "Zeile 3:",
    );
}

#[test]
fn refuses_binary_and_empty_files() {
    assert_refused(&[0x89, b'P', b'N', b'G', 0, 0, 1, 2, 3], "Binärdaten");
    assert_refused(b"", "leer");
    assert_refused(b"leika_schluessel;leika_bezeichnung\n", "keine Datenzeilen");
}

#[test]
fn refuses_files_without_key_or_name_column() {
    assert_refused(
        b"Nummer;Bezeichnung\n1;Neu\n",
        "Zeile 1: Es fehlt eine Spalte für LeiKa-Schlüssel",
    );
    assert_refused(
        b"Schluessel;Farbe\n99001001000000;rot\n",
        "Zeile 1: Es fehlt eine Spalte für Bezeichnung",
    );
}

#[test]
fn refuses_invalid_rows_and_names_them() {
    let file = b"Schluessel;Bezeichnung\n99001001000000;Umbenannt\n9900100100000A;Buchstabe\n99001001000000;Doppelt\n";
    assert_refused(file, "Zeile 3: LeiKa-Schlüssel „9900100100000A“");
    assert_refused(
        file,
        "Zeile 4: Der LeiKa-Schlüssel 99001001000000 steht schon in Zeile 2",
    );
}

#[test]
fn imports_only_valid_rows_when_asked() {
    let mut f = Fixture::new();
    f.import(Path::new(CATALOGUE), false).unwrap();
    let file = f.file(
        "teil.csv",
        b"Schluessel;Bezeichnung\n99001001000000;Umbenannt\n9900100100000A;Buchstabe\n99999999999999;Ganz neu\n",
    );
    let summary = f.import(&file, true).unwrap();
    assert!(
        summary.starts_with("Leistungen: 1 neu, 1 aktualisiert, 0 unverändert, 1 übersprungen"),
        "{summary}"
    );
    assert!(summary.contains("Zeile 3:"), "{summary}");
    let ws = f.ws();
    assert_eq!(ws.services().len(), 5250);
    assert_eq!(
        ws.service_by_key(&key("99001001000000")).unwrap().name,
        "Umbenannt"
    );
}
