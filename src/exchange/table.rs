//! Reading a table (header row and data rows) from CSV or XLSX files as users have them:
//! UTF-8 with or without BOM, ISO-8859-1/Windows-1252, `,` or `;` separated.

use std::path::Path;

use thiserror::Error;

/// A file read as text cells; `rows[i]` is line `i + 2` of the file as a spreadsheet counts
/// (the header is line 1).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RawTable {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// What was detected, for the preview ("CSV, ISO-8859-1, Semikolon").
    pub format_note: String,
}

impl RawTable {
    /// The spreadsheet line number of data row `index`.
    pub fn line_of(index: usize) -> usize {
        index + 2
    }
}

/// Why a file was refused as a whole. Messages are German and name the line where one is known.
#[derive(Debug, Error)]
pub enum ImportError {
    #[error("Die Datei konnte nicht gelesen werden ({source}): {path}")]
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

/// Decodes text: UTF-8 (BOM or valid), otherwise Windows-1252 (a superset of ISO-8859-1's
/// printable characters).
fn decode(bytes: &[u8]) -> Result<(String, &'static str), ImportError> {
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if body.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(ImportError::Empty);
    }
    if body.contains(&0) {
        return Err(ImportError::Binary);
    }
    match std::str::from_utf8(body) {
        Ok(s) => Ok((s.to_owned(), "UTF-8")),
        Err(_) => {
            let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(body);
            if text
                .chars()
                .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
            {
                return Err(ImportError::Binary);
            }
            Ok((text.into_owned(), "ISO-8859-1"))
        }
    }
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
    let mut records = Vec::new();
    let total = text.len().max(1) as f32;
    for (i, result) in reader.records().enumerate() {
        let record = result.map_err(|e| csv_error(&e, i + 1))?;
        if i % 1024 == 0 {
            let offset = record.position().map_or(0, |p| p.byte()) as f32;
            progress.report(offset / total);
        }
        records.push(
            record
                .iter()
                .map(|f| f.trim().to_owned())
                .collect::<Vec<_>>(),
        );
    }
    // An odd number of quote characters means a quoted field never closes: the csv reader then
    // swallows the rest of the file into the last record.
    if text.bytes().filter(|b| *b == b'"').count() % 2 == 1 {
        return Err(ImportError::Malformed {
            line: records.len(),
            detail: "Ein Anführungszeichen wird nicht geschlossen; der Rest der Datei wäre ein einziges Feld.".into(),
        });
    }
    let mut records = records.into_iter();
    let headers = records.next().ok_or(ImportError::Empty)?;
    let rows: Vec<Vec<String>> = records
        .filter(|r| !(r.len() == 1 && r[0].is_empty()))
        .collect();
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
        format_note: format!("CSV, {encoding}, getrennt durch {separator}"),
    })
}

fn csv_error(e: &csv::Error, record: usize) -> ImportError {
    let line = e.position().map_or(record, |p| p.record() as usize + 1);
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

fn read_xlsx(bytes: &[u8]) -> Result<RawTable, ImportError> {
    use calamine::{Data, Reader, Xlsx};
    let cursor = std::io::Cursor::new(bytes);
    let mut book: Xlsx<_> = Xlsx::new(cursor).map_err(|e| ImportError::Xlsx(e.to_string()))?;
    let range = book
        .worksheet_range_at(0)
        .ok_or(ImportError::Empty)?
        .map_err(|e| ImportError::Xlsx(e.to_string()))?;
    let cell = |d: &Data| -> String {
        match d {
            Data::Empty => String::new(),
            Data::String(s) => s.trim().to_owned(),
            Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
            Data::Float(f) => f.to_string(),
            Data::Int(i) => i.to_string(),
            Data::Bool(b) => if *b { "1" } else { "0" }.to_owned(),
            other => other.to_string(),
        }
    };
    let mut rows = range.rows().map(|r| r.iter().map(cell).collect::<Vec<_>>());
    let headers = rows.next().ok_or(ImportError::Empty)?;
    if headers.iter().all(String::is_empty) {
        return Err(ImportError::Empty);
    }
    let rows: Vec<Vec<String>> = rows.filter(|r| r.iter().any(|c| !c.is_empty())).collect();
    if rows.is_empty() {
        return Err(ImportError::NoRows);
    }
    Ok(RawTable {
        headers,
        rows,
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
