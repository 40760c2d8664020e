//! Projects, their steps and their history in the store.

use chrono::NaiveDate;
use rusqlite::{Connection, params};

use super::{StoreError, StoreResult};
use crate::model::ServiceId;
use crate::model::project::{
    Aspects, Decision, Health, HistoryChange, HistoryEntry, Project, ProjectId, Step, StepStatus,
};

fn date(text: Option<String>) -> Option<NaiveDate> {
    text.and_then(|t| NaiveDate::parse_from_str(&t, "%Y-%m-%d").ok())
}

fn iso(d: Option<NaiveDate>) -> Option<String> {
    d.map(|d| d.to_string())
}

fn checked_code(checked: &[bool]) -> String {
    checked.iter().map(|c| if *c { '1' } else { '0' }).collect()
}

pub(super) fn load_projects(conn: &Connection) -> StoreResult<Vec<Project>> {
    load(conn, None)
}

/// Projects with their steps: all, or the one with the given id.
fn load(conn: &Connection, only: Option<ProjectId>) -> StoreResult<Vec<Project>> {
    let mut stmt = conn.prepare(
        "SELECT id, name, lead_office_id, contact, planned_start, planned_end,
                effort_org_person_days, effort_tech_person_days, template_name, template_source,
                specialist_system, target_maturity, aspects, health, health_comment, decision,
                release_date, go_live
         FROM projects WHERE ?1 IS NULL OR id = ?1 ORDER BY id",
    )?;
    let mut rows = stmt.query([only])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let mut p = Project::new(r.get(0)?, "", 4);
        p.name = r.get(1)?;
        p.lead_office = r.get(2)?;
        p.contact = r.get(3)?;
        p.planned_start = date(r.get(4)?);
        p.planned_end = date(r.get(5)?);
        p.effort_org_person_days = r.get(6)?;
        p.effort_tech_person_days = r.get(7)?;
        p.template_name = r.get(8)?;
        p.template_source = r.get(9)?;
        p.specialist_system = r.get(10)?;
        p.target_maturity = r.get(11)?;
        p.aspects = serde_json::from_str::<Aspects>(&r.get::<_, String>(12)?).unwrap_or_default();
        p.health = Health::from_code(&r.get::<_, String>(13)?).unwrap_or_default();
        p.health_comment = r.get(14)?;
        p.decision = r
            .get::<_, Option<String>>(15)?
            .and_then(|d| Decision::from_letter(&d));
        p.release_date = date(r.get(16)?);
        p.go_live = date(r.get(17)?);
        out.push(p);
    }
    let mut steps = conn.prepare(
        "SELECT project_id, step, status, responsible, due, completed, note, checked
         FROM project_steps WHERE ?1 IS NULL OR project_id = ?1",
    )?;
    let mut rows = steps.query([only])?;
    let index: std::collections::HashMap<ProjectId, usize> =
        out.iter().enumerate().map(|(i, p)| (p.id, i)).collect();
    while let Some(r) = rows.next()? {
        let project: ProjectId = r.get(0)?;
        let number: i64 = r.get(1)?;
        let Some(step) = index
            .get(&project)
            .and_then(|&i| out.get_mut(i))
            .and_then(|p| p.steps.get_mut((number - 1).max(0) as usize))
        else {
            continue;
        };
        let code: String = r.get(2)?;
        step.status = StepStatus::from_code(&code)
            .ok_or_else(|| StoreError::Corrupt(format!("Unbekannter Schrittstatus „{code}“.")))?;
        step.responsible = r.get(3)?;
        step.due = date(r.get(4)?);
        step.completed = date(r.get(5)?);
        step.note = r.get(6)?;
        let checked: String = r.get(7)?;
        for (slot, c) in step.checked.iter_mut().zip(checked.chars()) {
            *slot = c == '1';
        }
    }
    Ok(out)
}

pub(super) fn load_history(conn: &Connection) -> StoreResult<Vec<HistoryEntry>> {
    let mut stmt = conn.prepare(
        "SELECT project_id, changed_on, step, old, new, changed_by FROM project_history ORDER BY id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, ProjectId>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, Option<i64>>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
            r.get::<_, String>(5)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (project, on, step, old, new, changed_by) = row?;
        let step = step.map(|s| usize::try_from(s).unwrap_or(0));
        let (Some(changed_on), Some(change)) = (
            date(Some(on.clone())),
            HistoryChange::from_codes(step, &old, &new),
        ) else {
            return Err(StoreError::Corrupt(format!(
                "Ein Eintrag im Verlauf von Projekt {project} ist nicht lesbar ({on}: {old} → {new})."
            )));
        };
        out.push(HistoryEntry {
            project,
            changed_on,
            change,
            changed_by,
        });
    }
    Ok(out)
}

fn write_step(conn: &Connection, project: ProjectId, number: usize, s: &Step) -> StoreResult<()> {
    conn.execute(
        "INSERT INTO project_steps (project_id, step, status, responsible, due, completed, note, checked)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
         ON CONFLICT (project_id, step) DO UPDATE SET status = excluded.status,
             responsible = excluded.responsible, due = excluded.due,
             completed = excluded.completed, note = excluded.note, checked = excluded.checked",
        params![
            project,
            number as i64,
            s.status.code(),
            s.responsible,
            iso(s.due),
            iso(s.completed),
            s.note,
            checked_code(&s.checked)
        ],
    )?;
    Ok(())
}

pub fn insert_project(conn: &Connection, p: &Project, services: &[ServiceId]) -> StoreResult<()> {
    write_project(conn, p)?;
    for s in services {
        assign(conn, *s, Some(p.id))?;
    }
    Ok(())
}

/// Writes a project with its steps as it is, new or replacing the stored one.
fn write_project(conn: &Connection, p: &Project) -> StoreResult<()> {
    let aspects =
        serde_json::to_string(&p.aspects).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    conn.execute(
        "INSERT INTO projects (id, name, lead_office_id, contact, planned_start, planned_end,
             effort_org_person_days, effort_tech_person_days, template_name, template_source,
             specialist_system, target_maturity, aspects, health, health_comment, decision,
             release_date, go_live)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name,
             lead_office_id = excluded.lead_office_id, contact = excluded.contact,
             planned_start = excluded.planned_start, planned_end = excluded.planned_end,
             effort_org_person_days = excluded.effort_org_person_days,
             effort_tech_person_days = excluded.effort_tech_person_days,
             template_name = excluded.template_name, template_source = excluded.template_source,
             specialist_system = excluded.specialist_system,
             target_maturity = excluded.target_maturity, aspects = excluded.aspects,
             health = excluded.health, health_comment = excluded.health_comment,
             decision = excluded.decision, release_date = excluded.release_date,
             go_live = excluded.go_live",
        params![
            p.id,
            p.name,
            p.lead_office,
            p.contact,
            iso(p.planned_start),
            iso(p.planned_end),
            p.effort_org_person_days,
            p.effort_tech_person_days,
            p.template_name,
            p.template_source,
            p.specialist_system,
            p.target_maturity,
            aspects,
            p.health.code(),
            p.health_comment,
            p.decision.map(Decision::letter),
            iso(p.release_date),
            iso(p.go_live)
        ],
    )?;
    for (i, s) in p.steps.iter().enumerate() {
        write_step(conn, p.id, i + 1, s)?;
    }
    Ok(())
}

/// Writes a project as the model resolved a change of it, with the history the change adds.
pub(super) fn put_project(
    conn: &Connection,
    p: &Project,
    history: &[HistoryEntry],
) -> StoreResult<()> {
    write_project(conn, p)?;
    history.iter().try_for_each(|h| insert_history(conn, h))
}

pub(super) fn delete_project(conn: &Connection, id: ProjectId) -> StoreResult<()> {
    conn.execute(
        "UPDATE services SET project_id = NULL WHERE project_id = ?1",
        [id],
    )?;
    conn.execute("DELETE FROM projects WHERE id = ?1", [id])?;
    Ok(())
}

pub(super) fn assign(
    conn: &Connection,
    service: ServiceId,
    project: Option<ProjectId>,
) -> StoreResult<()> {
    conn.execute(
        "UPDATE services SET project_id = ?1 WHERE id = ?2",
        params![project, service],
    )?;
    Ok(())
}

/// Writes a history entry.
pub fn insert_history(conn: &Connection, h: &HistoryEntry) -> StoreResult<()> {
    let (step, old, new) = h.change.codes();
    // An id no other copy of the file gives, in the order the entries are made.
    let mut exists = conn.prepare_cached("SELECT 1 FROM project_history WHERE id = ?1")?;
    let id = crate::model::ids::fresh(|id| exists.exists([id]).unwrap_or(true));
    conn.execute(
        "INSERT INTO project_history (id, project_id, changed_on, step, old, new, changed_by)
         VALUES (?7, ?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            h.project,
            h.changed_on.to_string(),
            step.map(|s| s as i64),
            old,
            new,
            h.changed_by,
            id
        ],
    )?;
    Ok(())
}
