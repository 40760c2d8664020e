//! Staff and their assignments in the store.

use rusqlite::{Connection, params};

use super::{StoreError, StoreResult};
use crate::model::StaffValue;
use crate::model::load::{Assignment, Funding, StaffId, StaffMember};
use crate::model::project::ProjectId;
use crate::model::staffing::StaffingSettings;

fn date_text(d: Option<chrono::NaiveDate>) -> Option<String> {
    d.map(|d| d.format("%Y-%m-%d").to_string())
}

fn date_of(text: Option<String>) -> Option<chrono::NaiveDate> {
    text.and_then(|t| chrono::NaiveDate::parse_from_str(&t, "%Y-%m-%d").ok())
}

pub(super) fn load_staff(conn: &Connection) -> StoreResult<Vec<StaffMember>> {
    let mut stmt = conn.prepare(
        "SELECT id, name, unit, role, pay_grade, fte, available_from, available_until, funding,
                note
         FROM staff ORDER BY id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            StaffMember {
                id: r.get(0)?,
                name: r.get(1)?,
                unit: r.get(2)?,
                role: r.get(3)?,
                pay_grade: r.get(4)?,
                fte: r.get(5)?,
                available_from: date_of(r.get(6)?),
                available_until: date_of(r.get(7)?),
                funding: Funding::Stellenplan,
                note: r.get(9)?,
            },
            r.get::<_, String>(8)?,
        ))
    })?;
    let mut staff = Vec::new();
    for row in rows {
        let (mut member, funding) = row?;
        member.funding = Funding::from_code(&funding).ok_or_else(|| {
            StoreError::Corrupt(format!(
                "Personal Nr. {}: unbekannte Finanzierung „{funding}“.",
                member.id
            ))
        })?;
        staff.push(member);
    }
    Ok(staff)
}

pub(super) fn load_assignments(conn: &Connection) -> StoreResult<Vec<Assignment>> {
    let mut stmt = conn.prepare(
        "SELECT staff_id, project_id, person_days FROM assignments ORDER BY staff_id, project_id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(Assignment {
            staff: r.get(0)?,
            project: r.get(1)?,
            person_days: r.get(2)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Writes a person with assignments.
pub fn insert(conn: &Connection, m: &StaffMember, assignments: &[Assignment]) -> StoreResult<()> {
    conn.execute(
        "INSERT INTO staff (id, name, unit, role, pay_grade, fte, available_from,
                            available_until, funding, note)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            m.id,
            m.name,
            m.unit,
            m.role,
            m.pay_grade,
            m.fte,
            date_text(m.available_from),
            date_text(m.available_until),
            m.funding.code(),
            m.note
        ],
    )?;
    insert_assignments(conn, assignments)
}

/// Writes assignments (of a person or a project being restored).
pub fn insert_assignments(conn: &Connection, assignments: &[Assignment]) -> StoreResult<()> {
    for a in assignments {
        set_assignment(conn, a.staff, a.project, Some(a.person_days))?;
    }
    Ok(())
}

pub(super) fn delete(conn: &Connection, id: StaffId) -> StoreResult<()> {
    conn.execute("DELETE FROM staff WHERE id = ?1", [id])?;
    Ok(())
}

pub(super) fn set_value(conn: &Connection, id: StaffId, value: &StaffValue) -> StoreResult<()> {
    let (column, v): (&str, rusqlite::types::Value) = match value {
        StaffValue::Name(v) => ("name", v.clone().into()),
        StaffValue::Unit(v) => ("unit", v.clone().into()),
        StaffValue::Role(v) => ("role", v.clone().into()),
        StaffValue::PayGrade(v) => ("pay_grade", v.clone().into()),
        StaffValue::Fte(v) => ("fte", (*v).into()),
        StaffValue::AvailableFrom(v) => ("available_from", date_text(*v).into()),
        StaffValue::AvailableUntil(v) => ("available_until", date_text(*v).into()),
        StaffValue::Funding(v) => ("funding", v.code().to_owned().into()),
        StaffValue::Note(v) => ("note", v.clone().into()),
    };
    conn.execute(
        &format!("UPDATE staff SET {column} = ?1 WHERE id = ?2"),
        params![v, id],
    )?;
    Ok(())
}

pub(super) fn set_assignment(
    conn: &Connection,
    staff: StaffId,
    project: ProjectId,
    person_days: Option<f64>,
) -> StoreResult<()> {
    match person_days {
        Some(d) => conn.execute(
            "INSERT INTO assignments (staff_id, project_id, person_days) VALUES (?1, ?2, ?3)
             ON CONFLICT (staff_id, project_id) DO UPDATE SET person_days = excluded.person_days",
            params![staff, project, d],
        )?,
        None => conn.execute(
            "DELETE FROM assignments WHERE staff_id = ?1 AND project_id = ?2",
            params![staff, project],
        )?,
    };
    Ok(())
}

/// The settings key of the staff planning.
const SETTINGS_KEY: &str = "staffing";

pub(super) fn load_settings(conn: &Connection) -> StoreResult<StaffingSettings> {
    match super::settings::get(conn, SETTINGS_KEY)? {
        None => Ok(StaffingSettings::default()),
        // Settings that cannot be read give way to the defaults, as the ranking's do: the file
        // stays usable and the settings dialog writes them anew.
        Some(json) => Ok(serde_json::from_str(&json).unwrap_or_default()),
    }
}

/// Follows an office's new number in the staff's units and the staffing's units.
pub(super) fn rename_unit(conn: &Connection, old: &str, new: &str) -> StoreResult<()> {
    conn.execute(
        "UPDATE staff SET unit = ?1 WHERE unit = ?2",
        rusqlite::params![new, old],
    )?;
    let mut settings = load_settings(conn)?;
    let mut changed = false;
    for unit in [&mut settings.org_unit, &mut settings.tech_unit] {
        if unit == old {
            *unit = new.to_owned();
            changed = true;
        }
    }
    if changed {
        save_settings(conn, &settings)?;
    }
    Ok(())
}

pub(super) fn save_settings(conn: &Connection, s: &StaffingSettings) -> StoreResult<()> {
    let json = serde_json::to_string(s).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    super::settings::set(conn, SETTINGS_KEY, &json)
}
