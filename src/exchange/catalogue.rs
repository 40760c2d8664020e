//! Turning a read table into an import of services: column mapping, row validation, matching
//! against the workspace, and writing the result in one transaction.

use std::collections::HashMap;

use super::table::{ImportError, RawTable};
use crate::model::service::municipal_by_type;
use crate::model::{LeikaKey, OzgService, Service, ServiceId, Workspace};
use crate::store::{CatalogueFields, Store};

/// A field of the catalogue that a file column can be mapped to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CatalogueField {
    Key,
    Name,
    LeikaType,
    OzgId,
    OzgName,
    Themenfeld,
    Lebenslage,
    Sdg,
    LegalBasis,
}

impl CatalogueField {
    /// All fields in the order of the preview dialog.
    pub const ALL: [Self; 9] = [
        Self::Key,
        Self::Name,
        Self::LeikaType,
        Self::OzgId,
        Self::OzgName,
        Self::Themenfeld,
        Self::Lebenslage,
        Self::Sdg,
        Self::LegalBasis,
    ];

    /// The German label.
    pub fn label(self) -> &'static str {
        match self {
            Self::Key => "LeiKa-Schlüssel",
            Self::Name => "Bezeichnung",
            Self::LeikaType => "LeiKa-Typ",
            Self::OzgId => "OZG-ID",
            Self::OzgName => "OZG-Leistung",
            Self::Themenfeld => "Themenfeld",
            Self::Lebenslage => "Lebenslage",
            Self::Sdg => "SDG-relevant",
            Self::LegalBasis => "Rechtsgrundlage",
        }
    }

    /// Header names (folded) that mean this field, best first.
    fn aliases(self) -> &'static [&'static str] {
        match self {
            Self::Key => &[
                "leikaschluessel",
                "schluessel",
                "leikaschlussel",
                "leikaid",
                "leikakey",
            ],
            Self::Name => &[
                "leikabezeichnung",
                "bezeichnung",
                "leistung",
                "name",
                "leistungsname",
            ],
            Self::LeikaType => &["leikatyp", "typ", "typisierung", "leikatypisierung"],
            Self::OzgId => &["ozgid", "ozgleistungsid"],
            Self::OzgName => &["ozgleistung", "ozgleistungsname"],
            Self::Themenfeld => &["themenfeld"],
            Self::Lebenslage => &["lebenslage"],
            Self::Sdg => &["sdg1", "sdg", "sdgrelevant", "sdgrelevanz"],
            Self::LegalBasis => &["rechtsgrundlage", "handlungsgrundlage"],
        }
    }
}

fn fold_header(h: &str) -> String {
    h.chars()
        .flat_map(|c| match c {
            'ä' | 'Ä' => vec!['a', 'e'],
            'ö' | 'Ö' => vec!['o', 'e'],
            'ü' | 'Ü' => vec!['u', 'e'],
            'ß' => vec!['s', 's'],
            c if c.is_alphanumeric() => c.to_lowercase().collect(),
            _ => vec![],
        })
        .collect()
}

/// Which file column feeds which field.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ColumnMapping {
    columns: HashMap<CatalogueField, usize>,
}

impl ColumnMapping {
    /// Guesses the mapping from the header names; knows the FIM LeiKa download and the
    /// KDN OZG mapping layouts.
    pub fn guess(headers: &[String]) -> Self {
        let folded: Vec<String> = headers.iter().map(|h| fold_header(h)).collect();
        let mut columns = HashMap::new();
        for field in CatalogueField::ALL {
            let found = field
                .aliases()
                .iter()
                .find_map(|alias| folded.iter().position(|h| h == alias));
            if let Some(i) = found {
                columns.insert(field, i);
            }
        }
        Self { columns }
    }

    /// The column of a field.
    pub fn column(&self, field: CatalogueField) -> Option<usize> {
        self.columns.get(&field).copied()
    }

    /// Maps a field to a column, or unmaps it.
    pub fn set(&mut self, field: CatalogueField, column: Option<usize>) {
        match column {
            Some(c) => self.columns.insert(field, c),
            None => self.columns.remove(&field),
        };
    }

    /// A name for the recognised layout, for the preview.
    pub fn layout_name(headers: &[String]) -> &'static str {
        let folded: Vec<String> = headers.iter().map(|h| fold_header(h)).collect();
        let has = |h: &str| folded.iter().any(|f| f == h);
        if has("schluessel") && has("bezeichnung2") && has("handlungsgrundlage") {
            "LeiKa-Katalog des FIM-Portals"
        } else if has("leikaschluessel") && has("ozgid") {
            "LeiKa-Leistungen mit OZG-Zuordnung"
        } else {
            "eigene Spalten"
        }
    }
}

/// Choices the user makes before an import.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ImportOptions {
    /// Import the valid rows even if some rows are invalid.
    pub skip_invalid: bool,
}

/// A row that was not imported, with its spreadsheet line number and the reason.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowProblem {
    pub line: usize,
    pub reason: String,
}

/// A change of an OZG service's catalogue data by an import.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OzgChange {
    pub ozg_id: String,
    /// Field, value before, value after.
    pub fields: Vec<(&'static str, String, String)>,
    /// Services of the file's workspace that belong to the OZG service.
    pub services: usize,
}

impl OzgChange {
    /// "OZG-Leistung 10001 (24 Leistungen): Bezeichnung „A“ → „B“".
    pub fn text(&self) -> String {
        let changes: Vec<String> = self
            .fields
            .iter()
            .map(|(field, old, new)| format!("{field} „{old}“ → „{new}“"))
            .collect();
        format!(
            "OZG-Leistung {} ({}): {}",
            self.ozg_id,
            crate::model::format::counted(self.services, "Leistung", "Leistungen"),
            changes.join(", ")
        )
    }
}

/// What an import will do, worked out before anything is written.
#[derive(Clone, Debug, Default)]
pub struct ImportPlan {
    pub new_services: Vec<Service>,
    pub updates: Vec<(ServiceId, CatalogueFields)>,
    pub unchanged: usize,
    /// OZG services the file brings that are new or changed, to be written.
    pub ozg_services: Vec<OzgService>,
    /// How many of them are new.
    pub ozg_added: usize,
    /// The changes to known ones.
    pub ozg_changes: Vec<OzgChange>,
    /// Rows with invalid values.
    pub invalid: Vec<RowProblem>,
    /// Empty rows, skipped silently in the count.
    pub blank_lines: Vec<usize>,
}

impl ImportPlan {
    /// What the import will report once written (with invalid rows skipped).
    pub fn summary(&self) -> ImportSummary {
        ImportSummary {
            added: self.new_services.len(),
            updated: self.updates.len(),
            unchanged: self.unchanged,
            skipped: self.invalid.clone(),
            ozg_added: self.ozg_added,
            ozg_changes: self.ozg_changes.clone(),
            backup: None,
        }
    }

    /// Whether the import would write anything or find its rows already there.
    fn has_valid_rows(&self) -> bool {
        !self.new_services.is_empty() || !self.updates.is_empty() || self.unchanged > 0
    }
}

/// The outcome shown to the user after an import (and, before it, what it will do).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportSummary {
    pub added: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub skipped: Vec<RowProblem>,
    pub ozg_added: usize,
    pub ozg_changes: Vec<OzgChange>,
    /// The copy of the database taken before the import.
    pub backup: Option<std::path::PathBuf>,
}

impl ImportSummary {
    /// A German summary, one fact per line.
    pub fn text(&self) -> String {
        let mut s = format!(
            "Leistungen: {} neu, {} aktualisiert, {} unverändert, {} übersprungen.",
            self.added,
            self.updated,
            self.unchanged,
            self.skipped.len()
        );
        s.push_str(&format!(
            "\nOZG-Leistungen: {} neu, {} geändert.",
            self.ozg_added,
            self.ozg_changes.len()
        ));
        for c in self.ozg_changes.iter().take(50) {
            s.push('\n');
            s.push_str(&c.text());
        }
        if self.ozg_changes.len() > 50 {
            s.push_str(&format!("\n… und {} weitere.", self.ozg_changes.len() - 50));
        }
        if let Some(b) = &self.backup {
            s.push_str(&format!("\nSicherung vor dem Import: {}", b.display()));
        }
        for p in self.skipped.iter().take(50) {
            s.push_str(&format!("\nZeile {}: {}", p.line, p.reason));
        }
        if self.skipped.len() > 50 {
            s.push_str(&format!("\n… und {} weitere.", self.skipped.len() - 50));
        }
        s
    }
}

/// The refusal of an import because of invalid rows.
pub fn invalid_rows_message(invalid: &[RowProblem]) -> String {
    let head = if invalid.len() == 1 {
        "1 Zeile enthält ungültige Werte; es wurde nichts importiert.".to_owned()
    } else {
        format!(
            "{} Zeilen enthalten ungültige Werte; es wurde nichts importiert.",
            invalid.len()
        )
    };
    head + &problem_lines(invalid)
}

/// The refusal of an import whose rows are all invalid, even when they may be skipped.
fn nothing_valid_message(invalid: &[RowProblem]) -> String {
    "Keine Zeile ist gültig; es wurde nichts importiert.".to_owned() + &problem_lines(invalid)
}

/// The first twenty problems, a line each.
fn problem_lines(invalid: &[RowProblem]) -> String {
    let mut s = String::new();
    for p in invalid.iter().take(20) {
        s.push_str(&format!("\nZeile {}: {}", p.line, p.reason));
    }
    if invalid.len() > 20 {
        s.push_str(&format!("\n… und {} weitere.", invalid.len() - 20));
    }
    s
}

struct Row<'a> {
    cells: &'a [String],
    mapping: &'a ColumnMapping,
}

impl Row<'_> {
    fn get(&self, field: CatalogueField) -> Option<&str> {
        self.mapping
            .column(field)
            .and_then(|c| self.cells.get(c))
            .map(|s| s.trim())
    }

    fn text(&self, field: CatalogueField) -> &str {
        self.get(field).unwrap_or("")
    }
}

fn parse_flag(text: &str) -> Option<bool> {
    match text.trim().to_lowercase().as_str() {
        "" | "0" | "nein" | "n" | "false" | "falsch" => Some(false),
        "1" | "ja" | "j" | "x" | "true" | "wahr" => Some(true),
        _ => None,
    }
}

/// Validates the rows and matches them against the workspace. Nothing is written.
pub fn plan_import(
    table: &RawTable,
    mapping: &ColumnMapping,
    ws: &Workspace,
) -> Result<ImportPlan, ImportError> {
    for field in [CatalogueField::Key, CatalogueField::Name] {
        if mapping.column(field).is_none() {
            return Err(ImportError::MissingColumn(field.label()));
        }
    }
    let mut plan = ImportPlan::default();
    let mut seen_keys: HashMap<LeikaKey, usize> = HashMap::new();
    let mut keyless_seen: HashMap<(String, Option<String>), usize> = HashMap::new();
    let mut keyless_existing: HashMap<(String, Option<String>), Vec<ServiceId>> = HashMap::new();
    for s in ws.services().iter().filter(|s| s.leika_key.is_none()) {
        keyless_existing
            .entry((s.name.clone(), s.ozg_id.clone()))
            .or_default()
            .push(s.id);
    }
    let mut new_ozg: HashMap<String, OzgService> = HashMap::new();
    let mut new_ids: std::collections::HashSet<ServiceId> = std::collections::HashSet::new();

    for (index, cells) in table.rows.iter().enumerate() {
        let line = table.line_of(index);
        let row = Row { cells, mapping };
        if cells.iter().all(|c| c.trim().is_empty()) {
            plan.blank_lines.push(line);
            continue;
        }
        let problem = |reason: String| RowProblem { line, reason };
        let raw_key = row.text(CatalogueField::Key);
        let key = match LeikaKey::parse_optional(raw_key) {
            Ok(k) => k,
            Err(p) => {
                plan.invalid.push(problem(format!(
                    "LeiKa-Schlüssel „{raw_key}“: {}",
                    p.message()
                )));
                continue;
            }
        };
        let name = row.text(CatalogueField::Name).to_owned();
        if name.is_empty() {
            plan.invalid
                .push(problem("Die Bezeichnung ist leer.".to_owned()));
            continue;
        }
        let too_long = CatalogueField::ALL
            .iter()
            .find_map(|f| crate::model::limits::check_length(f.label(), row.text(*f)).err());
        if let Some(e) = too_long {
            plan.invalid.push(problem(e.to_string()));
            continue;
        }
        if let Some(k) = &key {
            if let Some(first) = seen_keys.get(k) {
                plan.invalid.push(problem(format!(
                    "Der LeiKa-Schlüssel {} steht schon in Zeile {first}.",
                    k.as_str()
                )));
                continue;
            }
            seen_keys.insert(k.clone(), line);
        }
        let sdg = match row.get(CatalogueField::Sdg).map(parse_flag) {
            None => None,
            Some(Some(v)) => Some(v),
            Some(None) => {
                plan.invalid.push(problem(format!(
                    "SDG-relevant: „{}“ ist weder ja/nein noch 1/0.",
                    row.text(CatalogueField::Sdg)
                )));
                continue;
            }
        };
        let ozg_id = row
            .get(CatalogueField::OzgId)
            .filter(|s| !s.is_empty())
            .map(str::to_owned);
        if let Some(id) = &ozg_id {
            let ozg_name = row.text(CatalogueField::OzgName);
            if !ozg_name.is_empty() {
                new_ozg.entry(id.clone()).or_insert_with(|| OzgService {
                    ozg_id: id.clone(),
                    name: ozg_name.to_owned(),
                    themenfeld: row.text(CatalogueField::Themenfeld).to_owned(),
                    lebenslage: row.text(CatalogueField::Lebenslage).to_owned(),
                });
            } else if ws.ozg_service(id).is_none() && !new_ozg.contains_key(id) {
                plan.invalid.push(problem(format!(
                    "Die OZG-ID {id} ist nicht im Katalog und die Datei nennt keine OZG-Leistung dazu."
                )));
                continue;
            }
        }
        let fields = CatalogueFields {
            leika_key: key.clone(),
            name: name.clone(),
            ozg_id: ozg_id.clone(),
            leika_type: row.get(CatalogueField::LeikaType).map(str::to_owned),
            sdg,
            legal_basis: row.get(CatalogueField::LegalBasis).map(str::to_owned),
        };
        let existing = match &key {
            Some(k) => ws.service_by_key(k).map(|s| s.id),
            None => {
                let ident = (name.clone(), ozg_id.clone());
                let n = keyless_seen.entry(ident.clone()).or_insert(0);
                *n += 1;
                keyless_existing
                    .get(&ident)
                    .and_then(|ids| ids.get(*n - 1))
                    .copied()
            }
        };
        match existing.and_then(|id| ws.service(id)) {
            Some(s) => {
                if catalogue_differs(s, &fields) {
                    plan.updates.push((s.id, fields));
                } else {
                    plan.unchanged += 1;
                }
            }
            None => {
                let taken = |id| new_ids.contains(&id);
                let id = match &key {
                    Some(key) => ws.service_id_for(key, taken),
                    // A service without key is named by its name and OZG service, the same
                    // in every copy that imports it.
                    None => crate::model::ids::keyed(
                        "service-name",
                        &format!("{name}\u{1f}{}", ozg_id.as_deref().unwrap_or_default()),
                        |id| ws.service(id).is_some() || taken(id),
                    ),
                };
                new_ids.insert(id);
                let mut s = Service::new(id, &name, ws.maturity.default_target);
                s.leika_key = key;
                s.ozg_id = ozg_id;
                s.leika_type = fields.leika_type.unwrap_or_default();
                s.municipal = municipal_by_type(&s.leika_type) == Some(true);
                s.sdg = sdg.unwrap_or(false);
                s.legal_basis = fields.legal_basis.unwrap_or_default();
                plan.new_services.push(s);
            }
        }
    }
    let mut ozg: Vec<OzgService> = new_ozg.into_values().collect();
    ozg.sort_by(|a, b| a.ozg_id.cmp(&b.ozg_id));
    let mut members: HashMap<&str, usize> = HashMap::new();
    for s in ws.services() {
        if let Some(id) = &s.ozg_id {
            *members.entry(id.as_str()).or_insert(0) += 1;
        }
    }
    for o in ozg {
        match ws.ozg_service(&o.ozg_id) {
            None => plan.ozg_added += 1,
            Some(known) => {
                let fields: Vec<(&'static str, String, String)> = [
                    ("Bezeichnung", &known.name, &o.name),
                    ("Themenfeld", &known.themenfeld, &o.themenfeld),
                    ("Lebenslage", &known.lebenslage, &o.lebenslage),
                ]
                .into_iter()
                .filter(|(_, old, new)| old != new)
                .map(|(f, old, new)| (f, old.clone(), new.clone()))
                .collect();
                if fields.is_empty() {
                    continue;
                }
                plan.ozg_changes.push(OzgChange {
                    ozg_id: o.ozg_id.clone(),
                    fields,
                    services: members.get(o.ozg_id.as_str()).copied().unwrap_or(0),
                });
            }
        }
        plan.ozg_services.push(o);
    }
    Ok(plan)
}

fn catalogue_differs(s: &Service, f: &CatalogueFields) -> bool {
    s.leika_key != f.leika_key
        || s.name != f.name
        || (f.ozg_id.is_some() && s.ozg_id != f.ozg_id)
        || f.leika_type.as_ref().is_some_and(|t| *t != s.leika_type)
        || f.sdg.is_some_and(|v| v != s.sdg)
        || f.legal_basis.as_ref().is_some_and(|t| *t != s.legal_basis)
}

/// Writes a plan in one transaction. Invalid rows refuse the whole import unless the options
/// allow skipping them; a refused or failed import writes nothing.
pub fn write_plan(
    store: &mut Store,
    plan: &ImportPlan,
    options: ImportOptions,
    progress: &dyn super::Progress,
) -> Result<ImportSummary, ImportRefusal> {
    if !plan.invalid.is_empty() && !options.skip_invalid {
        return Err(ImportRefusal::InvalidRows(plan.invalid.clone()));
    }
    if !plan.invalid.is_empty() && !plan.has_valid_rows() {
        return Err(ImportRefusal::NothingValid(plan.invalid.clone()));
    }
    let total = (plan.new_services.len() + plan.updates.len()).max(1) as f32;
    let backup = store
        .backup(crate::store::BackupReason::Import)
        .map_err(|e| ImportRefusal::Backup(e.to_string()))?;
    store
        .transaction(|tx| {
            for o in &plan.ozg_services {
                crate::store::upsert_ozg_service(tx, o)?;
            }
            for (i, s) in plan.new_services.iter().enumerate() {
                crate::store::insert_service(tx, s)?;
                if i % 500 == 0 {
                    progress.report(i as f32 / total);
                }
            }
            for (i, (id, fields)) in plan.updates.iter().enumerate() {
                crate::store::update_catalogue(tx, *id, fields)?;
                if i % 500 == 0 {
                    progress.report((plan.new_services.len() + i) as f32 / total);
                }
            }
            Ok(())
        })
        .map_err(|e| ImportRefusal::File(ImportError::Store(e)))?;
    progress.report(1.0);
    Ok(ImportSummary {
        backup: Some(backup),
        ..plan.summary()
    })
}

/// Why an import wrote nothing.
#[derive(Debug, thiserror::Error)]
pub enum ImportRefusal {
    #[error("{0}")]
    File(#[from] ImportError),
    #[error("{}", invalid_rows_message(.0))]
    InvalidRows(Vec<RowProblem>),
    #[error("{}", nothing_valid_message(.0))]
    NothingValid(Vec<RowProblem>),
    #[error(
        "Vor dem Import konnte keine Sicherung angelegt werden ({0}); es wurde nichts importiert."
    )]
    Backup(String),
}

/// Reads, plans and writes an import: the whole path of the command line and the GUI thread.
pub fn import_file(
    store: &mut Store,
    path: &std::path::Path,
    mapping: Option<&ColumnMapping>,
    options: ImportOptions,
    progress: &dyn super::Progress,
) -> Result<ImportSummary, ImportRefusal> {
    let table = super::read_table(path, &|f: f32| progress.report(f * 0.4))?;
    import_table(store, &table, mapping, options, progress)
}

/// Plans and writes the import of a table that is already read.
pub fn import_table(
    store: &mut Store,
    table: &RawTable,
    mapping: Option<&ColumnMapping>,
    options: ImportOptions,
    progress: &dyn super::Progress,
) -> Result<ImportSummary, ImportRefusal> {
    let guessed;
    let mapping = match mapping {
        Some(m) => m,
        None => {
            guessed = ColumnMapping::guess(&table.headers);
            &guessed
        }
    };
    let ws = store.load().map_err(ImportError::Store)?;
    let plan = plan_import(table, mapping, &ws)?;
    progress.report(0.5);
    write_plan(store, &plan, options, &|f: f32| {
        progress.report(0.5 + f * 0.5)
    })
}
