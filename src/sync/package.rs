//! The change package (`.ozgchanges`): UTF-8 JSON lines. The first line describes the package,
//! each following line is one change, and the last line closes it with the number of changes
//! and the SHA-256 of everything before it, so that a cut or altered file is refused whole.
//! The format is described in `docs/changes-format.md`.

use std::path::Path;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::SyncError;
use crate::store::changes::{Change, Clock, Op, hex, tracked};

/// The name of the format in the first line.
pub const FORMAT: &str = "ozg-cockpit-changes";
/// The version of the format this build writes and reads.
pub const VERSION: u32 = 1;
/// The largest package read (far above a year of a working group's changes).
const MAX_BYTES: u64 = 512 * 1024 * 1024;

/// The first line of a package.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Header {
    pub format: String,
    pub version: u32,
    /// The family of copies the package belongs to.
    pub family: String,
    /// The copy that wrote it, and who.
    pub sender: String,
    pub sender_name: String,
    /// The file name of the copy that wrote it.
    pub file: String,
    pub created: String,
    /// The schema version of the copy that wrote it.
    pub schema: i64,
    /// How many changes of each replica the sender had.
    pub clock: Clock,
    pub changes: usize,
}

#[derive(Serialize, Deserialize)]
struct Trailer {
    end: usize,
    sha256: String,
}

/// A package read and checked.
#[derive(Clone, Debug, PartialEq)]
pub struct Package {
    pub header: Header,
    pub changes: Vec<Change>,
}

/// The package's text.
pub fn to_text(header: &Header, changes: &[Change]) -> String {
    let mut text = String::new();
    let line = |text: &mut String, value: String| {
        text.push_str(&value);
        text.push('\n');
    };
    line(&mut text, serde_json::to_string(header).unwrap_or_default());
    for c in changes {
        line(&mut text, serde_json::to_string(c).unwrap_or_default());
    }
    let trailer = Trailer {
        end: changes.len(),
        sha256: hex(&Sha256::digest(text.as_bytes())),
    };
    line(
        &mut text,
        serde_json::to_string(&trailer).unwrap_or_default(),
    );
    text
}

/// Reads a package file; anything cut, altered or not a package is refused with a message.
pub fn read(path: &Path) -> Result<Package, SyncError> {
    let shown = path.display().to_string();
    let meta = std::fs::metadata(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => crate::store::StoreError::NotFound {
            path: shown.clone(),
        }
        .into(),
        _ => SyncError::Io {
            path: shown.clone(),
            source: e,
        },
    })?;
    if !meta.is_file() {
        return Err(SyncError::NotAPackage {
            path: shown,
            reason: "das ist keine gewöhnliche Datei".into(),
        });
    }
    if meta.len() > MAX_BYTES {
        return Err(SyncError::NotAPackage {
            path: shown,
            reason: "die Datei ist zu groß".into(),
        });
    }
    let bytes = std::fs::read(path).map_err(|e| SyncError::Io {
        path: shown.clone(),
        source: e,
    })?;
    parse(&bytes).map_err(|reason| SyncError::NotAPackage {
        path: shown,
        reason,
    })
}

/// Whether a file begins as a package of this format does (a file that may be replaced by a
/// newer package).
pub fn looks_like_package(path: &Path) -> bool {
    use std::io::Read;
    let start = format!("{{\"format\":\"{FORMAT}\"");
    let mut head = vec![0; start.len()];
    std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut head))
        .is_ok_and(|()| head == start.as_bytes())
}

/// Parses a package's bytes; the error says what is wrong, in German.
pub fn parse(bytes: &[u8]) -> Result<Package, String> {
    let text =
        std::str::from_utf8(bytes).map_err(|_| "die Datei ist kein UTF-8-Text".to_owned())?;
    let body = text
        .strip_suffix('\n')
        .ok_or_else(|| "die Datei ist unvollständig (kein Abschluss)".to_owned())?;
    let (before, last) = match body.rfind('\n') {
        Some(i) => (&text[..=i], &body[i + 1..]),
        None => return Err("die Datei ist unvollständig (kein Abschluss)".to_owned()),
    };
    let header_line = before.lines().next().unwrap_or_default();
    let header: Header = serde_json::from_str(header_line)
        .map_err(|_| "die erste Zeile beschreibt kein Änderungspaket".to_owned())?;
    if header.format != FORMAT {
        return Err("die erste Zeile beschreibt kein Änderungspaket".to_owned());
    }
    if header.version > VERSION {
        return Err(format!(
            "das Paket hat Format {}, diese Version liest bis Format {VERSION}; bitte ozg-cockpit aktualisieren",
            header.version
        ));
    }
    let trailer: Trailer = serde_json::from_str(last)
        .map_err(|_| "die Datei ist unvollständig (kein Abschluss)".to_owned())?;
    if trailer.sha256 != hex(&Sha256::digest(before.as_bytes())) {
        return Err(
            "die Prüfsumme stimmt nicht – die Datei wurde verändert oder beschädigt".to_owned(),
        );
    }
    let mut changes = Vec::new();
    for (i, line) in before.lines().enumerate().skip(1) {
        let change: Change = serde_json::from_str(line)
            .map_err(|_| format!("Zeile {} ist keine lesbare Änderung", i + 1))?;
        check_change(&change).map_err(|e| format!("Zeile {}: {e}", i + 1))?;
        changes.push(change);
    }
    for named in [header.changes, trailer.end] {
        if changes.len() != named {
            return Err(format!(
                "die Datei nennt {named} Änderungen, enthält aber {}",
                changes.len()
            ));
        }
    }
    Ok(Package { header, changes })
}

/// Checks what can be checked of a change without the database: known tables, keys of the
/// right length, values that are plain values.
pub fn check_change(c: &Change) -> Result<(), String> {
    if c.replica.trim().is_empty() || c.counter < 1 {
        return Err("die Änderung hat keine gültige Kennung".to_owned());
    }
    for r in &c.rows {
        let table = tracked(&r.table).ok_or_else(|| format!("unbekannte Tabelle „{}“", r.table))?;
        let key: Vec<serde_json::Value> = serde_json::from_str(&r.key)
            .map_err(|_| format!("unlesbarer Schlüssel in „{}“", r.table))?;
        if key.len() != table.key.len() || !key.iter().all(is_key_value) {
            return Err(format!("ungültiger Schlüssel in „{}“", r.table));
        }
        let plain = |v: &serde_json::Value| !v.is_array() && !v.is_object();
        match r.op {
            Op::Update => {
                let col = r.col.as_deref().unwrap_or_default();
                if !is_name(col) || !plain(&r.old) || !plain(&r.new) {
                    return Err(format!("ungültige Änderung in „{}“", r.table));
                }
                if table.key.contains(&col) {
                    return Err(format!("ein Schlüssel in „{}“ wird geändert", r.table));
                }
            }
            Op::Insert | Op::Delete => {
                let values = if r.op == Op::Insert { &r.new } else { &r.old };
                let serde_json::Value::Object(map) = values else {
                    return Err(format!("ungültige Zeile in „{}“", r.table));
                };
                if !map.iter().all(|(k, v)| is_name(k) && plain(v)) {
                    return Err(format!("ungültige Zeile in „{}“", r.table));
                }
                if r.op == Op::Insert {
                    for (name, value) in table.key.iter().zip(&key) {
                        if map.get(*name) != Some(value) {
                            return Err(format!(
                                "Schlüssel und Zeile passen nicht in „{}“",
                                r.table
                            ));
                        }
                    }
                }
            }
        }
        if r.table == "settings"
            && !key
                .first()
                .and_then(|k| k.as_str())
                .is_some_and(|k| crate::store::changes::SHARED_SETTINGS.contains(&k))
        {
            return Err("eine Einstellung, die nicht geteilt wird".to_owned());
        }
    }
    Ok(())
}

fn is_key_value(v: &serde_json::Value) -> bool {
    v.is_i64() || v.is_string()
}

/// A column name: letters, digits and underscores.
fn is_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 64
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}
