//! Export of the services table to XLSX and CSV (UTF-8 with BOM, `;`, for German Excel).

use std::path::Path;

use thiserror::Error;

use crate::model::Workspace;

/// File formats of an export.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportFormat {
    Xlsx,
    Csv,
}

impl ExportFormat {
    /// The format named by a file's extension.
    pub fn from_path(path: &Path) -> Option<Self> {
        let ext = path.extension()?.to_str()?.to_lowercase();
        match ext.as_str() {
            "xlsx" => Some(Self::Xlsx),
            "csv" => Some(Self::Csv),
            _ => None,
        }
    }

    /// The file extension.
    pub fn extension(self) -> &'static str {
        match self {
            Self::Xlsx => "xlsx",
            Self::Csv => "csv",
        }
    }
}

/// Why an export failed; nothing is left half-written at the target path.
#[derive(Debug, Error)]
pub enum ExportError {
    #[error("Die Datei konnte nicht geschrieben werden ({}): {path}", super::io_reason(.source))]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("Die Excel-Datei konnte nicht geschrieben werden ({0}).")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
    #[error("Zeile {}, Spalte „{column}“: Der Wert kann nicht geschrieben werden ({reason}).", row + 2)]
    Value {
        /// The data row, 0-based.
        row: usize,
        column: String,
        reason: String,
    },
    #[error("Die Leistung „{service}“ kann nicht exportiert werden: Spalte „{column}“ ({reason}).")]
    Service {
        service: String,
        column: String,
        reason: String,
    },
    #[error("Unbekanntes Dateiformat; bitte .xlsx oder .csv wählen: {0}")]
    UnknownFormat(String),
}

/// A cell of an exported table.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Text(String),
    Number(f64),
    Empty,
}

impl Cell {
    /// A text cell; empty text is an empty cell.
    pub fn text(s: &str) -> Self {
        if s.is_empty() {
            Self::Empty
        } else {
            Self::Text(s.to_owned())
        }
    }

    /// "ja" or "nein".
    pub fn yes_no(b: bool) -> Self {
        Self::Text(if b { "ja" } else { "nein" }.to_owned())
    }
}

/// The column headers of the services export.
pub const SERVICE_HEADERS: [&str; 15] = [
    "LeiKa-Schlüssel",
    "Bezeichnung",
    "OZG-ID",
    "OZG-Leistung",
    "Themenfeld",
    "Lebenslage",
    "LeiKa-Typ",
    "Kommunal",
    "Amt",
    "Fallzahl/Jahr",
    "Reifegrad Ist",
    "Reifegrad Ziel",
    "Zurückgestellt",
    "SDG-relevant",
    "Notizen",
];

/// The rows of the services export for the given services (indexes into `ws.services()`).
pub fn service_rows(ws: &Workspace, indices: &[usize]) -> Vec<Vec<Cell>> {
    let (text, yes_no) = (Cell::text, Cell::yes_no);
    indices
        .iter()
        .filter_map(|&i| ws.services().get(i))
        .map(|s| {
            let ozg = s.ozg_id.as_deref().and_then(|id| ws.ozg_service(id));
            let office = s.office_id.and_then(|id| ws.office(id));
            vec![
                s.leika_key
                    .as_ref()
                    .map_or(Cell::Empty, |k| text(k.as_str())),
                text(&s.name),
                s.ozg_id.as_deref().map_or(Cell::Empty, text),
                ozg.map_or(Cell::Empty, |o| text(&o.name)),
                ozg.map_or(Cell::Empty, |o| text(&o.themenfeld)),
                ozg.map_or(Cell::Empty, |o| text(&o.lebenslage)),
                text(&s.leika_type),
                yes_no(s.municipal),
                office.map_or(Cell::Empty, |o| text(&o.number)),
                s.case_volume
                    .map_or(Cell::Empty, |v| Cell::Number(v as f64)),
                Cell::Number(s.current_maturity as f64),
                Cell::Number(s.target_maturity as f64),
                yes_no(ws.is_deferred(s)),
                yes_no(s.sdg),
                text(&s.notes),
            ]
        })
        .collect()
}

/// Writes the services at `indices` in the order given.
pub fn export_services(ws: &Workspace, indices: &[usize], path: &Path) -> Result<(), ExportError> {
    let format = ExportFormat::from_path(path)
        .ok_or_else(|| ExportError::UnknownFormat(path.display().to_string()))?;
    let rows = service_rows(ws, indices);
    write_table(path, format, "Leistungen", &SERVICE_HEADERS, &rows).map_err(|e| match e {
        ExportError::Value {
            row,
            column,
            reason,
        } => ExportError::Service {
            service: indices
                .get(row)
                .and_then(|&i| ws.services().get(i))
                .map(|s| s.name.chars().take(80).collect())
                .unwrap_or_default(),
            column,
            reason,
        },
        other => other,
    })
}

/// Writes a table as XLSX or CSV through a temporary file, so a failed export leaves any
/// existing file untouched.
pub fn write_table(
    path: &Path,
    format: ExportFormat,
    sheet: &str,
    headers: &[impl AsRef<str>],
    rows: &[Vec<Cell>],
) -> Result<(), ExportError> {
    let bytes = match format {
        ExportFormat::Csv => csv_bytes(headers, rows),
        ExportFormat::Xlsx => xlsx_bytes(sheet, headers, rows)?,
    };
    super::write_file_atomic(path, &bytes).map_err(|source| ExportError::Io {
        path: path.display().to_string(),
        source,
    })
}

/// A CSV cell value protected against formula injection: text starting with = + - @ (or a
/// tab or carriage return) gets a leading apostrophe so spreadsheets show it as text.
pub fn escape_formula(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    }
}

/// The value of a CSV cell that `escape_formula` protected: the apostrophe before = + - @
/// (or a tab or carriage return) is the escape, not part of the text, as in a spreadsheet.
pub fn unescape_formula(text: &str) -> &str {
    match text.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest,
        _ => text,
    }
}

fn format_number(n: f64) -> String {
    if n.fract() == 0.0 {
        format!("{}", n as i64)
    } else {
        format!("{n}").replace('.', ",")
    }
}

/// The CSV file: UTF-8 with BOM, `;` separated, CRLF lines.
pub fn csv_bytes(headers: &[impl AsRef<str>], rows: &[Vec<Cell>]) -> Vec<u8> {
    let mut out = b"\xEF\xBB\xBF".to_vec();
    let mut writer = csv::WriterBuilder::new()
        .delimiter(b';')
        .terminator(csv::Terminator::CRLF)
        .from_writer(&mut out);
    let _ = writer.write_record(headers.iter().map(|h| escape_formula(h.as_ref())));
    for row in rows {
        let fields = row.iter().map(|c| match c {
            Cell::Text(t) => escape_formula(t),
            Cell::Number(n) => format_number(*n),
            Cell::Empty => String::new(),
        });
        let _ = writer.write_record(fields);
    }
    let _ = writer.flush();
    drop(writer);
    out
}

fn xlsx_bytes(
    sheet_name: &str,
    headers: &[impl AsRef<str>],
    rows: &[Vec<Cell>],
) -> Result<Vec<u8>, ExportError> {
    use rust_xlsxwriter::{Format, Workbook};
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name(sheet_name)?;
    let bold = Format::new().set_bold();
    for (c, h) in headers.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, h.as_ref(), &bold)?;
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let written = match cell {
                Cell::Text(t) => sheet.write_string(r as u32 + 1, c as u16, t).map(|_| ()),
                Cell::Number(n) => sheet.write_number(r as u32 + 1, c as u16, *n).map(|_| ()),
                Cell::Empty => Ok(()),
            };
            written.map_err(|e| ExportError::Value {
                row: r,
                column: headers
                    .get(c)
                    .map(|h| h.as_ref().to_owned())
                    .unwrap_or_default(),
                reason: e.to_string(),
            })?;
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(
        0,
        0,
        rows.len() as u32,
        headers.len().saturating_sub(1) as u16,
    )?;
    sheet.autofit();
    Ok(book.save_to_buffer()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_are_escaped() {
        assert_eq!(escape_formula("=SUMME(A1)"), "'=SUMME(A1)");
        assert_eq!(escape_formula("+49"), "'+49");
        assert_eq!(escape_formula("-1"), "'-1");
        assert_eq!(escape_formula("@cmd"), "'@cmd");
        assert_eq!(escape_formula("Wohngeld"), "Wohngeld");
        for text in ["=SUMME(A1)", "+49", "-1", "@cmd", "Wohngeld", "'zitiert"] {
            assert_eq!(unescape_formula(&escape_formula(text)), text);
        }
    }

    #[test]
    fn csv_has_bom_semicolons_and_quotes() {
        let rows = vec![vec![
            Cell::Text("=1+1".into()),
            Cell::Text("a;b \"c\"".into()),
            Cell::Number(1200.0),
            Cell::Empty,
        ]];
        let bytes = csv_bytes(&["A", "B", "C", "D"], &rows);
        let text = String::from_utf8(bytes).unwrap();
        assert_eq!(text, "\u{feff}A;B;C;D\r\n'=1+1;\"a;b \"\"c\"\"\";1200;\r\n");
    }
}
