//! Services and OZG services in the store.

use rusqlite::{Connection, params};

use super::{StoreError, StoreResult};
use crate::model::{LeikaKey, OzgService, Service, ServiceId, ServiceValue};

const COLUMNS: &str = "id, leika_key, name, ozg_id, leika_type, municipal, office_id, case_volume, \
     current_maturity, target_maturity, sdg, legal_basis, notes, project_id";

pub(super) fn load_services(conn: &Connection) -> StoreResult<Vec<Service>> {
    let mut stmt = conn.prepare(&format!("SELECT {COLUMNS} FROM services ORDER BY id"))?;
    let mut rows = stmt.query([])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let key: Option<String> = r.get(1)?;
        let leika_key = match key.as_deref().map(LeikaKey::parse_optional) {
            None => None,
            Some(Ok(k)) => k,
            Some(Err(p)) => return Err(StoreError::Corrupt(p.message())),
        };
        out.push(Service {
            id: r.get(0)?,
            leika_key,
            name: r.get(2)?,
            ozg_id: r.get(3)?,
            leika_type: r.get(4)?,
            municipal: r.get(5)?,
            office_id: r.get(6)?,
            case_volume: r.get(7)?,
            current_maturity: r.get(8)?,
            target_maturity: r.get(9)?,
            sdg: r.get(10)?,
            legal_basis: r.get(11)?,
            notes: r.get(12)?,
            scores: Default::default(),
            pin: None,
            project_id: r.get(13)?,
        });
    }
    Ok(out)
}

pub(super) fn load_ozg_services(conn: &Connection) -> StoreResult<Vec<OzgService>> {
    let mut stmt = conn
        .prepare("SELECT ozg_id, name, themenfeld, lebenslage FROM ozg_services ORDER BY ozg_id")?;
    let rows = stmt.query_map([], |r| {
        Ok(OzgService {
            ozg_id: r.get(0)?,
            name: r.get(1)?,
            themenfeld: r.get(2)?,
            lebenslage: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub(super) fn insert(conn: &Connection, s: &Service) -> StoreResult<()> {
    let mut stmt = conn.prepare_cached(&format!(
        "INSERT INTO services ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)"
    ))?;
    stmt.execute(params![
        s.id,
        s.leika_key.as_ref().map(LeikaKey::as_str),
        s.name,
        s.ozg_id,
        s.leika_type,
        s.municipal,
        s.office_id,
        s.case_volume,
        s.current_maturity,
        s.target_maturity,
        s.sdg,
        s.legal_basis,
        s.notes,
        s.project_id
    ])?;
    for (criterion, value) in &s.scores {
        super::ranking::set_score(conn, s.id, *criterion, Some(*value))?;
    }
    if s.pin.is_some() {
        super::ranking::set_pin(conn, s.id, s.pin.as_ref())?;
    }
    Ok(())
}

pub(super) fn delete(conn: &Connection, id: ServiceId) -> StoreResult<()> {
    conn.execute("DELETE FROM services WHERE id = ?1", [id])?;
    Ok(())
}

pub(super) fn set_value(conn: &Connection, id: ServiceId, value: &ServiceValue) -> StoreResult<()> {
    use rusqlite::types::Value;
    let text = |v: &str| Value::from(v.to_owned());
    let (column, v): (&str, Value) = match value {
        ServiceValue::LeikaKey(k) => (
            "leika_key",
            k.as_ref().map_or(Value::Null, |k| text(k.as_str())),
        ),
        ServiceValue::Name(v) => ("name", text(v)),
        ServiceValue::OzgId(v) => ("ozg_id", v.as_deref().map_or(Value::Null, text)),
        ServiceValue::LeikaType(v) => ("leika_type", text(v)),
        ServiceValue::Municipal(v) => ("municipal", Value::from(*v)),
        ServiceValue::Office(v) => ("office_id", v.map_or(Value::Null, Value::from)),
        ServiceValue::CaseVolume(v) => ("case_volume", v.map_or(Value::Null, Value::from)),
        ServiceValue::CurrentMaturity(v) => ("current_maturity", Value::from(*v)),
        ServiceValue::TargetMaturity(v) => ("target_maturity", Value::from(*v)),
        ServiceValue::Notes(v) => ("notes", text(v)),
    };
    let changed = conn.execute(
        &format!("UPDATE services SET {column} = ?1 WHERE id = ?2"),
        params![v, id],
    )?;
    if changed == 1 {
        Ok(())
    } else {
        Err(StoreError::Corrupt(format!(
            "Leistung {id} fehlt in der Datei."
        )))
    }
}

/// The fields an import takes from a catalogue; the group's own fields are not among them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CatalogueFields {
    pub leika_key: Option<LeikaKey>,
    pub name: String,
    pub ozg_id: Option<String>,
    /// `None` keeps the stored value (the file has no such column).
    pub leika_type: Option<String>,
    pub sdg: Option<bool>,
    pub legal_basis: Option<String>,
}

/// Writes the catalogue fields of a known service, keeping the group's own fields.
pub fn update_catalogue(
    conn: &Connection,
    id: ServiceId,
    fields: &CatalogueFields,
) -> StoreResult<()> {
    let mut stmt = conn.prepare_cached(
        "UPDATE services SET leika_key = ?2, name = ?3, ozg_id = coalesce(?4, ozg_id),
             leika_type = coalesce(?5, leika_type), sdg = coalesce(?6, sdg),
             legal_basis = coalesce(?7, legal_basis)
         WHERE id = ?1",
    )?;
    stmt.execute(params![
        id,
        fields.leika_key.as_ref().map(LeikaKey::as_str),
        fields.name,
        fields.ozg_id,
        fields.leika_type,
        fields.sdg,
        fields.legal_basis
    ])?;
    Ok(())
}

/// Inserts a service from an import.
pub fn insert_service(conn: &Connection, s: &Service) -> StoreResult<()> {
    insert(conn, s)
}

/// Inserts or updates an OZG service of the catalogue.
pub fn upsert_ozg_service(conn: &Connection, o: &OzgService) -> StoreResult<()> {
    let mut stmt = conn.prepare_cached(
        "INSERT INTO ozg_services (ozg_id, name, themenfeld, lebenslage) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (ozg_id) DO UPDATE SET name = excluded.name,
             themenfeld = CASE WHEN excluded.themenfeld = '' THEN themenfeld ELSE excluded.themenfeld END,
             lebenslage = CASE WHEN excluded.lebenslage = '' THEN lebenslage ELSE excluded.lebenslage END",
    )?;
    stmt.execute(params![o.ozg_id, o.name, o.themenfeld, o.lebenslage])?;
    Ok(())
}
