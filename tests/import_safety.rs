#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Imports that must not garble, crash or under-report: stray bytes of another encoding,
//! crafted and damaged workbooks, OZG changes in the summary, line numbers, quotes, over-long
//! values, the round trip of our own CSV export, and a file with no valid row.

use ozg_cockpit::exchange::export::export_services;
use ozg_cockpit::exchange::{no_progress, read_table_bytes};
use ozg_cockpit::model::{Command, LeikaKey, Service, ServiceValue, Workspace};
use ozg_cockpit::session::Session;
use ozg_cockpit::store::OpenMode;

mod common;
use common::import_fixture::{CATALOGUE, Fixture};

fn key(k: &str) -> LeikaKey {
    LeikaKey::parse_optional(k).unwrap().unwrap()
}

fn catalogue() -> Vec<u8> {
    std::fs::read(CATALOGUE).unwrap()
}

/// Mojibake: UTF-8 read as Latin-1 shows "Ã" or "Â" before a Latin-1 character.
fn has_mojibake(s: &str) -> bool {
    s.chars()
        .zip(s.chars().skip(1))
        .any(|(a, b)| matches!(a, 'Ã' | 'Â') && ('\u{80}'..='\u{ff}').contains(&b))
}

#[test]
fn one_latin1_byte_in_the_utf8_catalogue_is_refused_at_its_line() {
    let mut bytes = catalogue();
    // "Müll…" somewhere below line 1000: its "ü" (C3 BC) saved as Latin-1 (FC).
    let text = String::from_utf8(bytes.clone()).unwrap();
    let at = text.match_indices('ü').map(|(i, _)| i).nth(900).unwrap();
    let line = text[..at].matches('\n').count() + 1;
    bytes.splice(at..at + 2, [0xFC]);
    let mut f = Fixture::with_catalogue();
    let err = f.refused(
        "gemischt.csv",
        &bytes,
        &format!("Zeile {line}: Die Datei ist in UTF-8 gespeichert"),
    );
    assert!(err.contains("0xFC"), "{err}");
    // A file saved entirely in Windows-1252 (Latin-1) still imports, with its umlauts.
    let (latin1, _, unmappable) = encoding_rs::WINDOWS_1252.encode(&text);
    assert!(!unmappable);
    let path = f.file("latin1.csv", &latin1);
    f.import(&path, false).unwrap();
    let ws = f.ws();
    assert_eq!(ws.services().len(), 5249, "nothing added twice");
    assert!(ws.services().iter().all(|s| !has_mojibake(&s.name)));
    assert_eq!(
        ws.service_by_key(&key("99001001000000")).unwrap().name,
        "Abfallgebühr"
    );
}

/// A workbook with the header, one row and a single far-away cell.
fn workbook_with_cell_at(row: u32, col: u16) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(0, 0, "LeiKa-Schlüssel").unwrap();
    sheet.write_string(0, 1, "Bezeichnung").unwrap();
    sheet.write_string(1, 0, "99001001000000").unwrap();
    sheet.write_string(1, 1, "Abfallgebühr").unwrap();
    sheet.write_string(row, col, "x").unwrap();
    book.save_to_buffer().unwrap()
}

#[test]
fn a_sheet_reaching_far_is_refused_before_it_is_built() {
    let mut f = Fixture::with_catalogue();
    let start = std::time::Instant::now();
    f.refused(
        "xfd.xlsx",
        &workbook_with_cell_at(1_048_575, 16_383),
        "Zeile 1048576: Das Blatt reicht über 1.000.000 Zeilen hinaus",
    );
    f.refused(
        "breit.xlsx",
        &workbook_with_cell_at(199_999, 1_999),
        "Zeile 200000: Das Blatt hat Werte in Spalte 2000",
    );
    // Not a timing test: a refusal that took the old way (a range of 17 billion cells) would
    // not come back at all.
    assert!(start.elapsed().as_secs() < 60);
    // Cells far down but within the limits are read, blank rows skipped, rows named as
    // Excel numbers them.
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(0, 0, "LeiKa-Schlüssel").unwrap();
    sheet.write_string(0, 1, "Bezeichnung").unwrap();
    sheet.write_string(20_000, 0, "9900100X000000").unwrap();
    sheet.write_string(20_000, 1, "weit unten").unwrap();
    f.refused(
        "lang.xlsx",
        &book.save_to_buffer().unwrap(),
        "Zeile 20001: LeiKa-Schlüssel „9900100X000000“",
    );
}

/// Offsets of the entry `name` in a ZIP file: its local header and its central directory record.
fn zip_headers(bytes: &[u8], name: &str) -> (usize, usize) {
    let find = |sig: &[u8], name_offset: usize| {
        (0..bytes.len() - name.len())
            .filter(|&i| &bytes[i..i + name.len()] == name.as_bytes())
            .map(|i| i - name_offset)
            .find(|&h| bytes.get(h..h + 4) == Some(sig))
            .unwrap()
    };
    (find(b"PK\x03\x04", 30), find(b"PK\x01\x02", 46))
}

#[test]
fn a_workbook_failing_its_checksums_is_refused() {
    let good = workbook_with_cell_at(2, 1);
    let (local, central) = zip_headers(&good, "xl/worksheets/sheet1.xml");
    // The CRC-32 recorded for the sheet no longer matches its data.
    let mut wrong_crc = good.clone();
    wrong_crc[local + 14] ^= 0x5A;
    wrong_crc[central + 16] ^= 0x5A;
    let mut f = Fixture::with_catalogue();
    f.refused("crc.xlsx", &wrong_crc, "Die Datei ist beschädigt");
    // A damaged byte inside the compressed sheet.
    let size = u32::from_le_bytes(good[local + 18..local + 22].try_into().unwrap()) as usize;
    let name_len = u16::from_le_bytes(good[local + 26..local + 28].try_into().unwrap()) as usize;
    let extra = u16::from_le_bytes(good[local + 28..local + 30].try_into().unwrap()) as usize;
    let data = local + 30 + name_len + extra;
    let mut flipped = good.clone();
    flipped[data + size / 2] ^= 0x10;
    let path = f.file("kaputt.xlsx", &flipped);
    let before = f.ws();
    let err = f.import(&path, false).unwrap_err().to_string();
    assert!(err.contains("beschädigt") || err.contains("Excel"), "{err}");
    assert_eq!(before.services(), f.ws().services());
}

#[test]
fn renamed_and_changed_ozg_services_are_counted_and_listed() {
    let mut f = Fixture::with_catalogue();
    let members = f
        .ws()
        .services()
        .iter()
        .filter(|s| s.ozg_id.as_deref() == Some("10110"))
        .count();
    let file = f.file(
        "ozg.csv",
        "leika_schluessel,leika_bezeichnung,ozg_id,ozg_leistung,themenfeld,lebenslage\n\
         99001001000000,Abfallgebühr,10110,Abfallentsorgung und Wertstoffe,Umwelt,Wohnen & Umzug\n"
            .as_bytes(),
    );
    let summary = f.import(&file, false).unwrap();
    assert!(
        summary.contains("Leistungen: 0 neu, 0 aktualisiert, 1 unverändert"),
        "{summary}"
    );
    assert!(
        summary.contains("OZG-Leistungen: 0 neu, 1 geändert."),
        "{summary}"
    );
    assert!(
        summary.contains(&format!(
            "OZG-Leistung 10110 ({members} Leistungen): Bezeichnung „Abfallentsorgung“ → „Abfallentsorgung und Wertstoffe“, Themenfeld „Bauen & Wohnen“ → „Umwelt“"
        )),
        "{summary}"
    );
    assert_eq!(f.ws().ozg_service("10110").unwrap().themenfeld, "Umwelt");
    // The same file again changes nothing and says so.
    let again = f.import(&file, false).unwrap();
    assert!(
        again.contains("OZG-Leistungen: 0 neu, 0 geändert."),
        "{again}"
    );
}

#[test]
fn lines_are_the_lines_of_the_file() {
    let mut f = Fixture::with_catalogue();
    // Blank lines and a field over three lines before the bad key on file line 10.
    let csv = "Schluessel;Bezeichnung;Notiz\n\
               99001001000000;Abfallgebühr;\n\
               \n\
               99001002000000;Altpapier;\"eins\nzwei\ndrei\"\n\
               \n\
               99001002004000;Altpapier Entsorgung;\n\
               \n\
               9900100X000000;Falsch;\n";
    assert_eq!(
        csv.lines().nth(9).map(|l| l.starts_with("9900100X")),
        Some(true)
    );
    f.refused(
        "zeilen.csv",
        csv.as_bytes(),
        "Zeile 10: LeiKa-Schlüssel „9900100X000000“",
    );
    // In a workbook: the Excel row, blank rows in between.
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(0, 0, "LeiKa-Schlüssel").unwrap();
    sheet.write_string(0, 1, "Bezeichnung").unwrap();
    sheet.write_string(1, 0, "99001001000000").unwrap();
    sheet.write_string(1, 1, "Abfallgebühr").unwrap();
    sheet.write_string(9, 0, "9900100X000000").unwrap();
    sheet.write_string(9, 1, "Falsch").unwrap();
    let bytes = book.save_to_buffer().unwrap();
    f.refused(
        "zeilen.xlsx",
        &bytes,
        "Zeile 10: LeiKa-Schlüssel „9900100X000000“",
    );
}

#[test]
fn quotes_inside_fields_are_characters_and_never_merge_rows() {
    let mut f = Fixture::new();
    let csv = "Schluessel;Bezeichnung\n\
               99001001000000;Bildschirm 5\" Zoll\n\
               99001002000000;Kabel 3\" lang\n\
               99001002004000;\"zitiert; mit Trennzeichen\"\n";
    let path = f.file("zoll.csv", csv.as_bytes());
    let summary = f.import(&path, false).unwrap();
    assert!(summary.starts_with("Leistungen: 3 neu"), "{summary}");
    let ws = f.ws();
    assert_eq!(
        ws.service_by_key(&key("99001001000000")).unwrap().name,
        "Bildschirm 5\" Zoll"
    );
    assert_eq!(
        ws.service_by_key(&key("99001002000000")).unwrap().name,
        "Kabel 3\" lang"
    );
    // A record with a field count of its own is named by its line.
    f.refused(
        "spalten.csv",
        b"Schluessel;Bezeichnung\n99001001000000;a\n99001002000000;b;c\n",
        "Zeile 3: Die Zeile hat 3 statt 2 Spalten",
    );
    // A quoted field that never closes.
    f.refused(
        "offen.csv",
        b"Schluessel;Bezeichnung\n99001001000000;a\n99001002000000;\"b\n99001002004000;c\n",
        "Zeile 3: Ein Anführungszeichen",
    );
}

#[test]
fn over_long_values_are_refused_at_import_and_in_editing_and_named_at_export() {
    let mut f = Fixture::with_catalogue();
    let long = "x".repeat(40_000);
    let csv =
        format!("Schluessel;Bezeichnung\n99001001000000;Abfallgebühr\n99001002000000;{long}\n");
    f.refused(
        "lang.csv",
        csv.as_bytes(),
        "Zeile 3: Bezeichnung: Der Text hat 40000 Zeichen; erlaubt sind höchstens 32.767",
    );
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("edit.sqlite");
    drop(ozg_cockpit::scenario::create(&db).unwrap());
    let mut session = Session::open(&db, OpenMode::Existing).unwrap();
    let err = session
        .execute(Command::SetService {
            id: 1,
            value: ServiceValue::Notes(long.clone()),
        })
        .unwrap_err();
    assert!(
        err.to_string()
            .starts_with("Notizen: Der Text hat 40000 Zeichen"),
        "{err}"
    );
    // A file from before the limit: the export names the service it cannot write.
    let mut s = Service::new(7, &long, 4);
    s.notes = "alt".to_owned();
    let mut ok = Service::new(8, "Hundesteuer", 4);
    ok.notes = "gut".to_owned();
    let ws = Workspace::new(vec![ok, s], Vec::new(), Vec::new(), Default::default());
    let out = dir.path().join("export.xlsx");
    let err = export_services(&ws, &[0, 1], &out).unwrap_err().to_string();
    assert!(
        err.starts_with("Die Leistung „xxxx") && err.contains("Spalte „Bezeichnung“"),
        "{err}"
    );
    assert!(!out.exists(), "no half-written file");
}

#[test]
fn our_own_csv_export_imports_back_unchanged() {
    let mut f = Fixture::new();
    let names = [
        "=SUMME(A1)",
        "+49 Hotline",
        "-1 Test",
        "@Anmeldung",
        "Wohngeld",
    ];
    let csv: String = std::iter::once("Schluessel;Bezeichnung\n".to_owned())
        .chain(
            names
                .iter()
                .enumerate()
                .map(|(i, n)| format!("9900100{i}000000;\"{n}\"\n")),
        )
        .collect();
    let path = f.file("formeln.csv", csv.as_bytes());
    f.import(&path, false).unwrap();
    let ws = f.ws();
    let indices: Vec<usize> = (0..ws.services().len()).collect();
    let exported = f.dir.path().join("export.csv");
    export_services(&ws, &indices, &exported).unwrap();
    let text = std::fs::read_to_string(&exported).unwrap();
    assert!(text.contains("'=SUMME(A1)"), "the export escapes formulas");
    let mut g = Fixture::new();
    g.import(&exported, false).unwrap();
    let mut back: Vec<String> = g.ws().services().iter().map(|s| s.name.clone()).collect();
    let mut want: Vec<String> = names.iter().map(|n| (*n).to_owned()).collect();
    back.sort();
    want.sort();
    assert_eq!(back, want);
}

#[test]
fn skipping_invalid_rows_with_none_valid_imports_nothing_and_says_so() {
    let mut f = Fixture::with_catalogue();
    let path = f.file(
        "alle_falsch.csv",
        b"Schluessel;Bezeichnung\n9900100X000000;a\n9900100Y000000;b\n",
    );
    let before = f.ws();
    let err = f.import(&path, true).unwrap_err().to_string();
    assert!(
        err.starts_with("Keine Zeile ist gültig; es wurde nichts importiert."),
        "{err}"
    );
    assert!(err.contains("Zeile 3:"), "{err}");
    assert_eq!(before.services(), f.ws().services());
}

/// A small deterministic generator for the fuzz cases.
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

/// One mutation of the catalogue's bytes.
fn mutate(base: &[u8], rng: &mut Rng) -> Vec<u8> {
    let mut b = base.to_vec();
    let rounds = 1 + rng.below(3);
    for _ in 0..rounds {
        let at = rng.below(b.len());
        match rng.below(8) {
            0 => b[at] ^= 1 << rng.below(8),
            1 => b.truncate(at.max(1)),
            2 => b.insert(at, b'"'),
            3 => b.insert(at, 0),
            4 => {
                // An umlaut in Latin-1 among the UTF-8.
                b.insert(at, [0xE4, 0xF6, 0xFC, 0xDF][rng.below(4)]);
            }
            5 => b.insert(at, [b';', b',', b'\n', b'\r'][rng.below(4)]),
            6 => {
                let n = rng.below(40);
                b.drain(at..(at + n).min(b.len()));
            }
            _ => {
                // A line of the file repeated elsewhere.
                let from = rng.below(b.len());
                let line: Vec<u8> = b[from..]
                    .iter()
                    .take_while(|c| **c != b'\n')
                    .copied()
                    .collect();
                b.splice(at..at, line);
            }
        }
        if b.is_empty() {
            b.push(b'x');
        }
    }
    b
}

#[test]
fn thousands_of_mutated_catalogues_are_refused_or_imported_cleanly() {
    let full = catalogue();
    // The header and the first 80 records: umlauts, quoted fields with separators, OZG data.
    let end = full
        .iter()
        .enumerate()
        .filter(|(_, c)| **c == b'\n')
        .nth(80)
        .map_or(full.len(), |(i, _)| i + 1);
    let base = &full[..end];
    let mut f = Fixture::with_catalogue();
    let reference = f.ws();
    let mut rng = Rng(0x0DDB_A11C_AFE5_EED5);
    let (mut refused, mut imported) = (0, 0);
    for case in 0..3000 {
        let bytes = mutate(base, &mut rng);
        // Reading and planning for every case: no panic, no mojibake in what would be written.
        let Ok(table) = read_table_bytes(&bytes, &no_progress) else {
            refused += 1;
            continue;
        };
        let mapping = ozg_cockpit::exchange::ColumnMapping::guess(&table.headers);
        let Ok(plan) = ozg_cockpit::exchange::catalogue::plan_import(&table, &mapping, &reference)
        else {
            refused += 1;
            continue;
        };
        for s in &plan.new_services {
            assert!(!has_mojibake(&s.name), "case {case}: {:?}", s.name);
        }
        for (_, fields) in &plan.updates {
            assert!(
                !has_mojibake(&fields.name),
                "case {case}: {:?}",
                fields.name
            );
        }
        for o in &plan.ozg_services {
            assert!(!has_mojibake(&o.name), "case {case}: {:?}", o.name);
        }
        // Every fiftieth case is written: refused with the file unchanged, or imported clean.
        if case % 50 == 0 {
            let before = f.ws();
            let path = f.file("fuzz.csv", &bytes);
            match f.import(&path, false) {
                Ok(_) => {
                    imported += 1;
                    assert!(f.ws().services().iter().all(|s| !has_mojibake(&s.name)));
                }
                Err(_) => {
                    refused += 1;
                    assert_eq!(before.services(), f.ws().services(), "case {case}");
                }
            }
        }
    }
    assert!(refused > 100, "the mutations do break files: {refused}");
    assert!(imported > 0 || refused > 0);
}

#[test]
fn thousands_of_mutated_workbooks_never_panic_and_never_garble() {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    let text = String::from_utf8(catalogue()).unwrap();
    for (r, line) in text.lines().take(40).enumerate() {
        for (c, cell) in line.split(',').take(6).enumerate() {
            sheet.write_string(r as u32, c as u16, cell).unwrap();
        }
    }
    let base = book.save_to_buffer().unwrap();
    let mut rng = Rng(0x5EED_0F0F_1234_ABCD);
    let mut read = 0;
    for case in 0..2000 {
        let mut bytes = base.clone();
        for _ in 0..1 + rng.below(4) {
            let at = rng.below(bytes.len());
            match rng.below(4) {
                0 => bytes[at] ^= 1 << rng.below(8),
                1 => bytes.truncate(at.max(4)),
                2 => bytes[at] = 0xFF,
                _ => {
                    let n = rng.below(16);
                    bytes.drain(at..(at + n).min(bytes.len()));
                }
            }
        }
        if let Ok(table) = read_table_bytes(&bytes, &no_progress) {
            read += 1;
            for row in &table.rows {
                for cell in row {
                    assert!(!has_mojibake(cell), "case {case}: {cell:?}");
                    assert!(!cell.contains('<'), "case {case}: XML in a cell: {cell:?}");
                }
            }
        }
    }
    // Nearly every damaged archive is refused; the few that still read read cleanly.
    assert!(read < 2000, "{read}");
}
