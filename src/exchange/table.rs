//! Reading a table (header row and data rows) from CSV or XLSX files as users have them:
//! UTF-8 with or without BOM, ISO-8859-1/Windows-1252, `,` or `;` separated.

use std::path::Path;

use thiserror::Error;

/// A file read as text cells, with the line of the file each row comes from.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RawTable {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// Per row: the physical line of a CSV file where the record starts, or the Excel row.
    pub lines: Vec<usize>,
    /// What was detected, for the preview ("CSV, ISO-8859-1, Semikolon").
    pub format_note: String,
}

impl RawTable {
    /// The line of the file that data row `index` comes from.
    pub fn line_of(&self, index: usize) -> usize {
        self.lines.get(index).copied().unwrap_or(index + 2)
    }
}

/// Sheets larger than this are refused before they are read into memory.
pub const MAX_ROWS: u32 = 1_000_000;
/// Columns a sheet may use.
pub const MAX_COLUMNS: u32 = 200;
/// The largest total of unpacked data an XLSX file may hold.
const MAX_UNPACKED_BYTES: u64 = 512 * 1024 * 1024;

/// Why a file was refused as a whole. Messages are German and name the line where one is known.
#[derive(Debug, Error)]
pub enum ImportError {
    #[error("Die Datei konnte nicht gelesen werden ({}): {path}", super::io_reason(.source))]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("Die Datei ist leer.")]
    Empty,
    #[error("Die Datei enthält nur die Kopfzeile und keine Datenzeilen.")]
    NoRows,
    #[error(
        "Die Datei ist keine Textdatei (CSV) und keine Excel-Arbeitsmappe (XLSX); sie enthält Binärdaten."
    )]
    Binary,
    #[error("Zeile {line}: {detail}")]
    Malformed { line: usize, detail: String },
    #[error("Die Excel-Datei konnte nicht gelesen werden: {0}")]
    Xlsx(String),
    #[error("Zeile 1: Es fehlt eine Spalte für {0}. Ordnen Sie die Spalten in der Vorschau zu.")]
    MissingColumn(&'static str),
    #[error("Der Import wurde abgebrochen: {0}")]
    Store(#[from] crate::store::StoreError),
    #[error(
        "Der Import ist unerwartet abgebrochen; es wurde nichts geändert. Bitte noch einmal versuchen."
    )]
    BrokenOff,
}

/// Reads a CSV or XLSX file.
pub fn read_table(path: &Path, progress: &dyn super::Progress) -> Result<RawTable, ImportError> {
    let bytes = std::fs::read(path).map_err(|source| ImportError::Io {
        path: path.display().to_string(),
        source,
    })?;
    read_table_bytes(&bytes, progress)
}

/// Reads a CSV or XLSX file from memory.
pub fn read_table_bytes(
    bytes: &[u8],
    progress: &dyn super::Progress,
) -> Result<RawTable, ImportError> {
    if bytes.starts_with(b"PK\x03\x04") {
        return read_xlsx(bytes);
    }
    let text = decode(bytes)?;
    read_csv(&text.0, text.1, progress)
}

/// Decodes text: UTF-8 (with or without BOM), or – when the file has no UTF-8 multi-byte
/// sequence at all – Windows-1252, a superset of ISO-8859-1's printable characters. A file that
/// is UTF-8 but for some bytes is refused at the line of the first of them: decoding it as a
/// whole in another encoding would garble every other umlaut.
fn decode(bytes: &[u8]) -> Result<(String, &'static str), ImportError> {
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if body.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(ImportError::Empty);
    }
    if body.contains(&0) {
        return Err(ImportError::Binary);
    }
    if let Ok(s) = std::str::from_utf8(body) {
        return Ok((s.to_owned(), "UTF-8"));
    }
    let mut offset = 0;
    let mut first_invalid = None;
    let mut multibyte = bytes.len() != body.len();
    for chunk in body.utf8_chunks() {
        // Multi-byte characters of German text (Latin-1 letters, punctuation, €), not pairs
        // of Windows-1252 bytes that happen to form some other character ("ß“" is U+07D3).
        multibyte |= chunk
            .valid()
            .chars()
            .any(|c| matches!(u32::from(c), 0xA0..=0x17F | 0x2010..=0x20AC));
        if first_invalid.is_none() && !chunk.invalid().is_empty() {
            first_invalid = Some(offset + chunk.valid().len());
        }
        offset += chunk.valid().len() + chunk.invalid().len();
    }
    if multibyte && let Some(at) = first_invalid {
        let line = body[..at].iter().filter(|b| **b == b'\n').count() + 1;
        let byte = body.get(at).copied().unwrap_or(0);
        return Err(ImportError::Malformed {
            line,
            detail: format!(
                "Die Datei ist in UTF-8 gespeichert, enthält hier aber ein Zeichen in einer anderen \
                 Kodierung (Byte 0x{byte:02X}). Bitte die Datei einheitlich als UTF-8 speichern."
            ),
        });
    }
    let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(body);
    if text
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        return Err(ImportError::Binary);
    }
    Ok((text.into_owned(), "ISO-8859-1"))
}

/// Picks the separator that occurs most often in the header line.
fn sniff_delimiter(text: &str) -> u8 {
    let first = text.lines().next().unwrap_or("");
    let count = |c| first.matches(c).count();
    [(b';', count(';')), (b',', count(',')), (b'\t', count('\t'))]
        .into_iter()
        .max_by_key(|(_, n)| *n)
        .filter(|(_, n)| *n > 0)
        .map_or(b',', |(d, _)| d)
}

fn read_csv(
    text: &str,
    encoding: &str,
    progress: &dyn super::Progress,
) -> Result<RawTable, ImportError> {
    let delimiter = sniff_delimiter(text);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(false)
        .from_reader(text.as_bytes());
    let mut headers = None;
    let mut rows = Vec::new();
    let mut lines = Vec::new();
    let mut last_start = None;
    let (mut counted_to, mut newlines) = (0usize, 0usize);
    let total = text.len().max(1) as f32;
    for (i, result) in reader.records().enumerate() {
        let record = result.map_err(|e| csv_error(&e, text))?;
        // The physical line where the record starts, counted from its byte offset (the csv
        // reader's own line count skips blank lines).
        let start = record
            .position()
            .map_or(counted_to, |p| record_start(text, p.byte() as usize));
        newlines += count_newlines(text.as_bytes().get(counted_to..start).unwrap_or_default());
        counted_to = start.max(counted_to);
        let line = newlines + 1;
        if i % 1024 == 0 {
            let offset = record.position().map_or(0, |p| p.byte()) as f32;
            progress.report(offset / total);
        }
        last_start = Some(start);
        let cells: Vec<String> = record
            .iter()
            .map(|f| super::export::unescape_formula(f.trim()).to_owned())
            .collect();
        if headers.is_none() {
            headers = Some(cells);
        } else if !(cells.len() == 1 && cells[0].is_empty()) {
            rows.push(cells);
            lines.push(line);
        }
    }
    // A quoted field that never closes runs to the end of the file: the reader then returns
    // the rest of the file as one field of the last record.
    if let Some(start) = last_start
        && ends_in_open_quote(text.as_bytes().get(start..).unwrap_or_default(), delimiter)
    {
        return Err(ImportError::Malformed {
            line: lines.last().copied().unwrap_or(1),
            detail:
                "Ein Anführungszeichen am Anfang eines Feldes wird nicht geschlossen; der Rest \
                     der Datei wäre ein einziges Feld."
                    .to_owned(),
        });
    }
    let headers = headers.ok_or(ImportError::Empty)?;
    if rows.is_empty() {
        return Err(ImportError::NoRows);
    }
    let separator = match delimiter {
        b';' => "Semikolon",
        b'\t' => "Tabulator",
        _ => "Komma",
    };
    Ok(RawTable {
        headers,
        rows,
        lines,
        format_note: format!("CSV, {encoding}, getrennt durch {separator}"),
    })
}

/// Where a record that the reader places at `byte` starts: its position lies before the
/// blank lines it skipped.
fn record_start(text: &str, byte: usize) -> usize {
    byte + text
        .as_bytes()
        .get(byte..)
        .unwrap_or_default()
        .iter()
        .take_while(|b| matches!(b, b'\r' | b'\n'))
        .count()
}

fn count_newlines(bytes: &[u8]) -> usize {
    bytes.iter().filter(|b| **b == b'\n').count()
}

/// Whether a record's text (to the end of the file) leaves a quoted field open: a field that
/// starts with `"` needs a closing `"` that is not doubled. Quotes inside an unquoted field are
/// plain characters, as the csv reader takes them.
fn ends_in_open_quote(record: &[u8], delimiter: u8) -> bool {
    let mut i = 0;
    let mut field_start = true;
    while let Some(&b) = record.get(i) {
        if field_start && b == b'"' {
            i += 1;
            loop {
                match (record.get(i), record.get(i + 1)) {
                    (None, _) => return true,
                    (Some(b'"'), Some(b'"')) => i += 2,
                    (Some(b'"'), _) => {
                        i += 1;
                        break;
                    }
                    _ => i += 1,
                }
            }
            field_start = false;
            continue;
        }
        if b == b'\n' {
            // The record ends here; what follows belongs to other records.
            return false;
        }
        field_start = b == delimiter;
        i += 1;
    }
    false
}

/// The error of the csv reader, with the physical line where the record starts.
fn csv_error(e: &csv::Error, text: &str) -> ImportError {
    let line = e.position().map_or(0, |p| {
        let at = record_start(text, p.byte() as usize).min(text.len());
        count_newlines(text.as_bytes().get(..at).unwrap_or_default()) + 1
    });
    let detail = match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!(
            "Die Zeile hat {len} statt {expected_len} Spalten (Trennzeichen oder Anführungszeichen prüfen)."
        ),
        csv::ErrorKind::Utf8 { .. } => "Die Zeile enthält ungültige Zeichen.".to_owned(),
        _ => format!("Die Zeile kann nicht gelesen werden ({e})."),
    };
    ImportError::Malformed { line, detail }
}

/// Reads every entry of the archive to its end, so a damaged entry (a CRC-32 that does not
/// match) refuses the file, and refuses archives that unpack to more than 512 MB.
fn verify_zip(bytes: &[u8]) -> Result<(), ImportError> {
    use std::io::Read;
    let damaged = |what: String| ImportError::Xlsx(format!("Die Datei ist beschädigt ({what})."));
    let mut archive =
        zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| damaged(e.to_string()))?;
    let mut unpacked = 0u64;
    for i in 0..archive.len() {
        let entry = archive.by_index(i).map_err(|e| damaged(e.to_string()))?;
        let name = entry.name().map(|n| n.to_string()).unwrap_or_default();
        let room = MAX_UNPACKED_BYTES.saturating_sub(unpacked);
        let read = std::io::copy(&mut entry.take(room + 1), &mut std::io::sink())
            .map_err(|e| damaged(format!("„{name}“: {e}")))?;
        unpacked += read;
        if unpacked > MAX_UNPACKED_BYTES {
            return Err(ImportError::Xlsx(
                "Die Arbeitsmappe ist entpackt größer als 512 MB; das ist für einen Leistungskatalog zu groß."
                    .to_owned(),
            ));
        }
    }
    Ok(())
}

/// The text of a cell as the import reads it.
fn cell_text(d: &calamine::Data) -> String {
    use calamine::Data;
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.trim().to_owned(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => if *b { "1" } else { "0" }.to_owned(),
        other => other.to_string(),
    }
}

/// Reads the first sheet cell by cell: a sheet is refused at its first cell beyond
/// `MAX_ROWS` or `MAX_COLUMNS` before anything is built from it, and rows keep their Excel
/// row numbers.
fn read_xlsx(bytes: &[u8]) -> Result<RawTable, ImportError> {
    use calamine::{Reader, Xlsx};
    use std::collections::BTreeMap;
    verify_zip(bytes)?;
    let cursor = std::io::Cursor::new(bytes);
    let mut book: Xlsx<_> = Xlsx::new(cursor).map_err(|e| ImportError::Xlsx(e.to_string()))?;
    let first = book
        .sheet_names()
        .first()
        .cloned()
        .ok_or(ImportError::Empty)?;
    let mut reader = book
        .worksheet_cells_reader(&first)
        .map_err(|e| ImportError::Xlsx(e.to_string()))?;
    let mut cells: BTreeMap<u32, Vec<(u32, String)>> = BTreeMap::new();
    while let Some(cell) = reader
        .next_cell()
        .map_err(|e| ImportError::Xlsx(e.to_string()))?
    {
        let (row, col) = cell.get_position();
        if row >= MAX_ROWS {
            return Err(ImportError::Malformed {
                line: row as usize + 1,
                detail: format!(
                    "Das Blatt reicht über {} Zeilen hinaus; so große Tabellen liest der Import nicht.",
                    crate::model::format::thousands(i64::from(MAX_ROWS))
                ),
            });
        }
        if col >= MAX_COLUMNS {
            return Err(ImportError::Malformed {
                line: row as usize + 1,
                detail: format!(
                    "Das Blatt hat Werte in Spalte {}; der Import liest höchstens {MAX_COLUMNS} Spalten.",
                    col + 1
                ),
            });
        }
        let text = cell_text(&calamine::Data::from(cell.get_value().clone()));
        if !text.is_empty() {
            cells.entry(row).or_default().push((col, text));
        }
    }
    let first_col = cells
        .values()
        .flat_map(|r| r.iter().map(|(c, _)| *c))
        .min()
        .unwrap_or(0);
    let width = cells
        .values()
        .flat_map(|r| r.iter().map(|(c, _)| *c))
        .max()
        .map_or(0, |last| (last - first_col + 1) as usize);
    let mut rows = cells.into_iter().map(|(row, values)| {
        let mut line = vec![String::new(); width];
        for (col, text) in values {
            if let Some(slot) = line.get_mut((col - first_col) as usize) {
                *slot = text;
            }
        }
        (row as usize + 1, line)
    });
    let (_, headers) = rows.next().ok_or(ImportError::Empty)?;
    let (lines, rows): (Vec<usize>, Vec<Vec<String>>) = rows.unzip();
    if rows.is_empty() {
        return Err(ImportError::NoRows);
    }
    Ok(RawTable {
        headers,
        rows,
        lines,
        format_note: "Excel-Arbeitsmappe (erstes Blatt)".to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exchange::no_progress;

    #[test]
    fn reads_latin1_semicolon_with_quoted_breaks() {
        let bytes = b"Schluessel;Bezeichnung\r\n99001001000000;\"Stra\xdfen;\r\nreinigung \"\"alt\"\"\"\r\n";
        let t = read_table_bytes(bytes, &no_progress).unwrap();
        assert_eq!(t.headers, ["Schluessel", "Bezeichnung"]);
        assert_eq!(t.rows[0][1], "Straßen;\r\nreinigung \"alt\"");
        assert!(t.format_note.contains("ISO-8859-1"));
    }

    #[test]
    fn reads_utf8_with_bom_and_commas() {
        let t = read_table_bytes("\u{feff}a,b\n1,Ä\n".as_bytes(), &no_progress).unwrap();
        assert_eq!(t.headers, ["a", "b"]);
        assert_eq!(t.rows, [["1", "Ä"]]);
    }

    #[test]
    fn refuses_unclosed_quote_naming_the_line() {
        let err = read_table_bytes(b"a,b\n1,x\n2,\"y\n3,z\n", &no_progress).unwrap_err();
        assert!(err.to_string().starts_with("Zeile 3:"), "{err}");
    }

    #[test]
    fn refuses_wrong_column_count_naming_the_line() {
        let err = read_table_bytes(b"a;b\n1;x\n2;y;z\n", &no_progress).unwrap_err();
        assert!(err.to_string().starts_with("Zeile 3:"), "{err}");
    }

    #[test]
    fn rows_know_the_line_where_they_start() {
        let csv = "a;b;c\n1;x;\n\n2;y;\"e\nz\nd\"\n\n3;z;\n\n4;w;\n";
        let t = read_table_bytes(csv.as_bytes(), &no_progress).unwrap();
        assert_eq!(t.lines, [2, 4, 8, 10]);
        let e = read_table_bytes(b"a;b\n\n\n1;2\n\n3;4;5\n", &no_progress).unwrap_err();
        assert!(
            e.to_string()
                .starts_with("Zeile 6: Die Zeile hat 3 statt 2"),
            "{e}"
        );
    }

    #[test]
    fn an_open_quote_after_a_blank_line_is_refused_too() {
        let e = read_table_bytes(b"a;b\n1;2\n\n3;\"x\n4;y\n", &no_progress).unwrap_err();
        assert!(
            e.to_string().starts_with("Zeile 4: Ein Anführungszeichen"),
            "{e}"
        );
    }

    #[test]
    fn windows_1252_pairs_that_look_like_utf8_are_still_windows_1252() {
        // "Spaß“" in Windows-1252: DF 93 would be one UTF-8 character, but none of German text.
        let t = read_table_bytes(b"a;b\n1;Spa\xdf\x93x\x84\n", &no_progress).unwrap();
        assert_eq!(t.rows[0][1], "Spaß“x„");
        assert!(t.format_note.contains("ISO-8859-1"));
    }

    #[test]
    fn refuses_binary_and_empty() {
        assert!(matches!(
            read_table_bytes(b"\x00\x01\x02abc", &no_progress),
            Err(ImportError::Binary)
        ));
        assert!(matches!(
            read_table_bytes(b"", &no_progress),
            Err(ImportError::Empty)
        ));
        assert!(matches!(
            read_table_bytes(b"a;b\n", &no_progress),
            Err(ImportError::NoRows)
        ));
    }
}
