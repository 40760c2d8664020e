//! Rows and fields of the change log in the words of the application: "Leistung
//! „Wohngeld“", "Bezeichnung", "„alt“ → „neu“".

use serde_json::{Map, Value};

use crate::model::Workspace;

/// What a row of a table is.
pub fn table_label(table: &str) -> &'static str {
    match table {
        "settings" => "Einstellung",
        "maturity_levels" => "Reifegrad",
        "ozg_services" => "OZG-Leistung",
        "offices" => "Amt",
        "services" => "Leistung",
        "criteria" => "Kriterium",
        "scores" => "Bewertung",
        "pins" => "Festgelegter Rang",
        "snapshots" => "Stand der Priorisierung",
        "snapshot_rows" => "Zeile eines Stands",
        "projects" => "Projekt",
        "project_steps" => "Projektschritt",
        "project_history" => "Verlaufseintrag",
        "staff" => "Person",
        "assignments" => "Einsatz",
        _ => "Eintrag",
    }
}

/// The name of a field as the views show it.
pub fn field_label(table: &str, col: &str) -> String {
    let label = match (table, col) {
        (_, "name") => "Bezeichnung",
        ("services", "leika_key") => "LeiKa-Schlüssel",
        (_, "ozg_id") => "OZG-Leistung",
        ("services", "leika_type") => "Typ",
        ("services", "municipal") => "Kommunal",
        ("services", "office_id") => "Amt",
        ("services", "case_volume") => "Fallzahl/Jahr",
        ("services", "current_maturity") => "Reifegrad ist",
        ("services" | "projects", "target_maturity") => "Reifegrad Ziel",
        ("services", "sdg") => "SDG",
        ("services", "legal_basis") => "Rechtsgrundlage",
        (_, "notes" | "note") => "Notiz",
        ("services", "project_id") => "Projekt",
        ("offices", "number") => "Nummer",
        ("offices", "parent") => "Gehört zu",
        ("offices", "deferred") => "Zurückgestellt",
        ("offices", "deferred_reason") => "Grund der Zurückstellung",
        ("offices", "pilot") => "Pilotamt",
        ("criteria", "position") => "Reihenfolge",
        ("criteria", "description") => "Beschreibung",
        ("criteria", "weight") => "Gewicht",
        ("criteria", "scale") => "Skala",
        ("criteria", "higher_is_better") => "Mehr ist besser",
        ("criteria", "enabled") => "Aktiv",
        ("scores", "value") => "Wert",
        ("pins", "position") => "Rang",
        ("pins", "reason") => "Begründung",
        ("snapshots", "title") => "Titel",
        ("snapshots", "taken_on") => "Datum",
        (_, "settings") => "Einstellungen",
        ("projects", "lead_office_id") => "Federführendes Amt",
        ("projects", "contact") => "Ansprechperson",
        ("projects", "planned_start") => "Geplanter Beginn",
        ("projects", "planned_end") => "Geplantes Ende",
        ("projects", "effort_org_person_days") => "Aufwand Organisation (PT)",
        ("projects", "effort_tech_person_days") => "Aufwand Technik (PT)",
        ("projects", "template_name") => "Vorlage",
        ("projects", "template_source") => "Herkunft der Vorlage",
        ("projects", "specialist_system") => "Fachverfahren",
        ("projects", "aspects") => "Aspekte",
        ("projects", "health") => "Ampel",
        ("projects", "health_comment") => "Ampel-Kommentar",
        ("projects", "decision") => "Entscheidung",
        ("projects", "release_date") => "Freigabe am",
        ("projects", "go_live") => "Online seit",
        ("project_steps", "status") => "Status",
        ("project_steps", "responsible") => "Verantwortlich",
        ("project_steps", "due") => "Fällig",
        ("project_steps", "completed") => "Erledigt am",
        ("project_steps", "checked") => "Checkliste",
        ("staff", "unit") => "Einheit",
        ("staff", "role") => "Rolle",
        ("staff", "pay_grade") => "Entgeltgruppe",
        ("staff", "fte") => "Stellenanteil",
        ("staff", "available_from") => "Verfügbar ab",
        ("staff", "available_until") => "Verfügbar bis",
        ("staff", "funding") => "Finanzierung",
        ("assignments", "person_days") => "Personentage",
        ("maturity_levels", "label") => "Bezeichnung",
        ("settings", "value") => "Wert",
        _ => return col.to_owned(),
    };
    label.to_owned()
}

/// A value for a person: text as it is, numbers in German, nothing as "–".
pub fn value_text(v: &Value) -> String {
    match v {
        Value::Null => "–".to_owned(),
        Value::String(s) if s.is_empty() => "–".to_owned(),
        Value::String(s) => s.clone(),
        Value::Number(n) => match n.as_i64() {
            Some(i) => i.to_string(),
            None => crate::model::format::decimal(n.as_f64().unwrap_or(0.0), 2),
        },
        Value::Bool(b) => if *b { "ja" } else { "nein" }.to_owned(),
        other => other.to_string(),
    }
}

/// A stored value of a field in the words of the views: codes as their German labels, days as
/// TT.MM.JJJJ, yes/no fields as ja/nein, offices and projects by name, levels with their label.
pub fn field_value(ws: &Workspace, table: &str, col: &str, v: &Value) -> String {
    use crate::model::project::{Health, StepStatus};
    let text = v.as_str();
    let number = v.as_i64();
    let shown = match (table, col) {
        ("project_steps", "status") => text
            .and_then(StepStatus::from_code)
            .map(|s| s.label().to_owned()),
        ("projects", "health") => text
            .and_then(Health::from_code)
            .map(|h| h.label().to_owned()),
        ("staff", "funding") => text
            .and_then(crate::model::load::Funding::from_code)
            .map(|f| f.label().to_owned()),
        ("criteria", "scale") => text
            .and_then(crate::model::Scale::from_code)
            .map(crate::model::Scale::label),
        ("services", "current_maturity" | "target_maturity") | ("projects", "target_maturity") => {
            number.map(|level| ws.maturity.display(level))
        }
        ("services", "office_id") | ("projects", "lead_office_id") => number
            .and_then(|id| ws.office(id))
            .map(crate::model::Office::label),
        ("services", "project_id") => number.and_then(|id| ws.project(id)).map(|p| p.name.clone()),
        ("services", "municipal" | "sdg")
        | ("offices", "deferred" | "pilot")
        | ("criteria", "higher_is_better" | "enabled") => {
            number.map(|b| if b == 0 { "nein" } else { "ja" }.to_owned())
        }
        ("project_steps", "checked") => text.map(|c| {
            format!(
                "{} von {} abgehakt",
                c.matches('1').count(),
                c.chars().count()
            )
        }),
        (
            _,
            "planned_start" | "planned_end" | "release_date" | "go_live" | "due" | "completed"
            | "available_from" | "available_until" | "taken_on",
        ) => text
            .and_then(|t| chrono::NaiveDate::parse_from_str(t, "%Y-%m-%d").ok())
            .map(|d| d.format("%d.%m.%Y").to_string()),
        _ => None,
    };
    shown.unwrap_or_else(|| value_text(v))
}

fn key_part(key: &str, i: usize) -> Option<Value> {
    serde_json::from_str::<Vec<Value>>(key)
        .ok()?
        .get(i)
        .cloned()
}

fn id_part(key: &str, i: usize) -> Option<i64> {
    key_part(key, i)?.as_i64()
}

fn text(values: Option<&Map<String, Value>>, col: &str) -> Option<String> {
    values?
        .get(col)
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

/// The object a row belongs to, in words ("Leistung „Wohngeld“"); `values` are the row's
/// values where the workspace no longer has it.
pub fn object_label(
    ws: &Workspace,
    table: &str,
    key: &str,
    values: Option<&Map<String, Value>>,
) -> String {
    let quoted = |s: String| format!("„{s}“");
    let service = |id: Option<i64>| {
        id.and_then(|id| ws.service(id))
            .map(|s| quoted(s.name.clone()))
            .unwrap_or_else(|| "(gelöscht)".to_owned())
    };
    let project = |id: Option<i64>| {
        id.and_then(|id| ws.project(id))
            .map(|p| quoted(p.name.clone()))
            .unwrap_or_else(|| "(gelöscht)".to_owned())
    };
    let label = table_label(table);
    let name = match table {
        "services" => text(values, "name")
            .map(quoted)
            .unwrap_or_else(|| service(id_part(key, 0))),
        "offices" => {
            let number = text(values, "number").or_else(|| {
                id_part(key, 0)
                    .and_then(|id| ws.office(id))
                    .map(|o| o.number.clone())
            });
            let office_name = text(values, "name");
            match (number, office_name) {
                (Some(n), Some(name)) => format!("{n} – {name}"),
                (Some(n), None) => n,
                _ => "(gelöscht)".to_owned(),
            }
        }
        "projects" => text(values, "name")
            .map(quoted)
            .unwrap_or_else(|| project(id_part(key, 0))),
        "project_steps" => format!(
            "{} {}, Schritt {}",
            table_label("projects"),
            project(id_part(key, 0)),
            id_part(key, 1).unwrap_or(0)
        ),
        "project_history" => values
            .and_then(|v| v.get("project_id"))
            .and_then(Value::as_i64)
            .map(|p| format!("zu {}", project(Some(p))))
            .unwrap_or_default(),
        "scores" => {
            let criterion = id_part(key, 1)
                .and_then(|id| ws.criterion(id))
                .map(|c| c.name.clone())
                .unwrap_or_default();
            format!("{} · {criterion}", service(id_part(key, 0)))
        }
        "pins" => service(id_part(key, 0)),
        "criteria" => text(values, "name").map(quoted).unwrap_or_else(|| {
            id_part(key, 0)
                .and_then(|id| ws.criterion(id))
                .map(|c| quoted(c.name.clone()))
                .unwrap_or_default()
        }),
        "snapshots" | "snapshot_rows" => text(values, "title")
            .or_else(|| text(values, "label"))
            .map(quoted)
            .unwrap_or_default(),
        "staff" => text(values, "name").map(quoted).unwrap_or_else(|| {
            id_part(key, 0)
                .and_then(|id| ws.staff_member(id))
                .map(|m| quoted(m.display_name()))
                .unwrap_or_else(|| "(gelöscht)".to_owned())
        }),
        "assignments" => {
            let person = id_part(key, 0)
                .and_then(|id| ws.staff_member(id))
                .map(|m| m.display_name())
                .unwrap_or_default();
            format!("{person} in {}", project(id_part(key, 1)))
        }
        "settings" => key_part(key, 0)
            .and_then(|k| k.as_str().map(setting_label))
            .unwrap_or_default()
            .to_owned(),
        "maturity_levels" => id_part(key, 0).map(|l| l.to_string()).unwrap_or_default(),
        "ozg_services" => text(values, "name").map(quoted).unwrap_or_default(),
        _ => key.to_owned(),
    };
    if name.is_empty() {
        label.to_owned()
    } else {
        format!("{label} {name}")
    }
}

fn setting_label(key: &str) -> &'static str {
    match key {
        "ranking" => "Priorisierung",
        "staffing" => "Personalplanung",
        "maturity_legal_minimum" => "Gesetzlicher Mindest-Reifegrad",
        "maturity_default_target" => "Standard-Zielreifegrad",
        _ => "",
    }
}

/// A line of the change log in words: the object, the field, the value before and after.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Described {
    pub object: String,
    pub field: String,
    pub old: String,
    pub new: String,
}

/// Describes a row's change; inserts and deletes name the object as a whole.
pub fn describe(ws: &Workspace, row: &crate::store::changes::RowChange) -> Described {
    use crate::store::changes::Op;
    let values = match row.op {
        Op::Insert => row.new.as_object(),
        Op::Delete => row.old.as_object(),
        Op::Update => None,
    };
    let object = object_label(ws, &row.table, &row.key, values);
    match row.op {
        Op::Update => {
            let col = row.col.as_deref().unwrap_or_default();
            Described {
                object,
                field: field_label(&row.table, col),
                old: field_value(ws, &row.table, col, &row.old),
                new: field_value(ws, &row.table, col, &row.new),
            }
        }
        Op::Insert => Described {
            object,
            field: "(angelegt)".to_owned(),
            old: "–".to_owned(),
            new: "neu".to_owned(),
        },
        Op::Delete => Described {
            object,
            field: "(gelöscht)".to_owned(),
            old: "vorhanden".to_owned(),
            new: "–".to_owned(),
        },
    }
}

/// Where a line of the change log leads in the views.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    Service(i64),
    Office(i64),
    Project(i64),
    Staff(i64),
    /// Criteria, snapshots and the ranking's settings.
    Ranking,
    None,
}

/// One line of the change log, in words, ready to show and to filter.
#[derive(Clone, Debug, PartialEq)]
pub struct LogLine {
    /// The day of the change (for the date filter).
    pub day: Option<chrono::NaiveDate>,
    /// "30.11.2026 09:15".
    pub when: String,
    pub author: String,
    pub object: String,
    pub field: String,
    pub old: String,
    pub new: String,
    pub target: Target,
}

/// Whether a logged row change is worth a line: an update to the value the field had (a
/// decision confirming a value both copies have) changes nothing to show.
pub fn shows_something(row: &crate::store::changes::RowChange) -> bool {
    row.op != crate::store::changes::Op::Update
        || !crate::store::changes::same_value(&row.old, &row.new)
}

/// The lines of a change log, newest first.
pub fn log_lines(ws: &Workspace, entries: &[crate::store::changes::LogEntry]) -> Vec<LogLine> {
    entries
        .iter()
        .rev()
        .filter(|e| shows_something(&e.row))
        .map(|e| {
            let d = describe(ws, &e.row);
            let time = chrono::DateTime::parse_from_rfc3339(&e.made_at).ok();
            LogLine {
                day: time.map(|t| t.date_naive()),
                when: time.map_or_else(
                    || e.made_at.clone(),
                    |t| t.format("%d.%m.%Y %H:%M").to_string(),
                ),
                author: e.author.clone(),
                object: d.object,
                field: d.field,
                old: d.old,
                new: d.new,
                target: target(&e.row),
            }
        })
        .collect()
}

/// Where a row's change leads.
pub fn target(row: &crate::store::changes::RowChange) -> Target {
    let id = |i| id_part(&row.key, i);
    let values = row.new.as_object().or(row.old.as_object());
    match row.table.as_str() {
        "services" | "scores" | "pins" => id(0).map_or(Target::None, Target::Service),
        "offices" => id(0).map_or(Target::None, Target::Office),
        "projects" | "project_steps" => id(0).map_or(Target::None, Target::Project),
        "assignments" => id(1).map_or(Target::None, Target::Project),
        "project_history" => values
            .and_then(|v| v.get("project_id"))
            .and_then(Value::as_i64)
            .map_or(Target::None, Target::Project),
        "staff" => id(0).map_or(Target::None, Target::Staff),
        "criteria" | "snapshots" | "snapshot_rows" | "settings" => Target::Ranking,
        _ => Target::None,
    }
}

/// A conflict in words: what it is about, this file's side and the package's side (each with
/// who and when).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConflictText {
    pub what: String,
    pub mine: String,
    pub theirs: String,
}

/// Describes a conflict of a merge.
pub fn conflict_text(ws: &Workspace, c: &super::Conflict) -> ConflictText {
    let who = |w: &super::Writer| {
        let when = chrono::DateTime::parse_from_rfc3339(&w.made_at)
            .map(|t| t.format("%d.%m.%Y %H:%M").to_string())
            .unwrap_or_else(|_| w.made_at.clone());
        format!("{}, {when}", w.author)
    };
    let first_object = |rows: &[super::merge::RowId]| {
        rows.first()
            .map(|r| object_label(ws, &r.0, &r.1, None))
            .unwrap_or_default()
    };
    match &c.kind {
        super::ConflictKind::Field {
            row,
            col,
            mine,
            theirs,
        } => ConflictText {
            what: format!(
                "{} · {}",
                object_label(ws, &row.0, &row.1, None),
                field_label(&row.0, col)
            ),
            mine: format!(
                "„{}“ ({})",
                field_value(ws, &row.0, col, mine),
                who(&c.mine_by)
            ),
            theirs: format!(
                "„{}“ ({})",
                field_value(ws, &row.0, col, theirs),
                who(&c.theirs_by)
            ),
        },
        super::ConflictKind::TheyDeleted { rows } => ConflictText {
            what: first_object(rows),
            mine: format!("geändert ({})", who(&c.mine_by)),
            theirs: format!("gelöscht ({})", who(&c.theirs_by)),
        },
        super::ConflictKind::WeDeleted { rows } => ConflictText {
            what: rows
                .first()
                .map(|r| table_label(&r.0).to_owned())
                .unwrap_or_default(),
            mine: format!("gelöscht ({})", who(&c.mine_by)),
            theirs: format!("geändert ({})", who(&c.theirs_by)),
        },
    }
}

/// What a merge changes, object by object: the object and its changes in words.
pub fn outcome_groups(ws: &Workspace, outcome: &super::Outcome) -> Vec<(String, Vec<String>)> {
    let mut groups: std::collections::BTreeMap<String, Vec<String>> = Default::default();
    for ((table, key), (before, after)) in &outcome.rows {
        let object = object_label(ws, table, key, after.as_ref().or(before.as_ref()));
        let lines = groups.entry(object).or_default();
        match (before, after) {
            (None, Some(_)) => lines.push(format!("{} neu", table_label(table))),
            (Some(_), None) => lines.push(format!("{} gelöscht", table_label(table))),
            (Some(b), Some(a)) => {
                for (col, new) in a {
                    let old = b.get(col).unwrap_or(&Value::Null);
                    if old != new {
                        lines.push(format!(
                            "{}: {} → {}",
                            field_label(table, col),
                            field_value(ws, table, col, old),
                            field_value(ws, table, col, new)
                        ));
                    }
                }
            }
            (None, None) => {}
        }
    }
    groups.into_iter().filter(|(_, l)| !l.is_empty()).collect()
}

#[cfg(test)]
mod tests {
    use super::field_value;
    use crate::model::Workspace;
    use serde_json::json;

    #[test]
    fn stored_values_read_in_the_words_of_the_views() {
        let ws = Workspace::default();
        let shown = |table: &str, col: &str, v: serde_json::Value| field_value(&ws, table, col, &v);
        assert_eq!(
            shown("project_steps", "status", json!("in_progress")),
            "in Arbeit"
        );
        assert_eq!(shown("projects", "health", json!("red")), "rot");
        assert_eq!(
            shown("projects", "release_date", json!("2026-11-02")),
            "02.11.2026"
        );
        assert_eq!(shown("services", "sdg", json!(1)), "ja");
        assert_eq!(shown("offices", "pilot", json!(0)), "nein");
        assert_eq!(
            shown("services", "current_maturity", json!(3)),
            "3 – Online-Leistung"
        );
        assert_eq!(
            shown("project_steps", "checked", json!("1010")),
            "2 von 4 abgehakt"
        );
        assert_eq!(
            shown("staff", "funding", json!("ueberplanmaessig")),
            "überplanmäßig"
        );
        // A text that looks like a day stays as written; an office not here is its number.
        assert_eq!(
            shown("services", "notes", json!("2026-11-02")),
            "2026-11-02"
        );
        assert_eq!(shown("services", "office_id", json!(999)), "999");
        assert_eq!(shown("services", "case_volume", json!(null)), "–");
    }
}
