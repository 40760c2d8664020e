//! Criteria, scores, pins, ranking settings and snapshots in the store.

use rusqlite::{Connection, OptionalExtension, params};

use super::{StoreError, StoreResult};
use crate::model::criteria::{Criterion, CriterionId, Scale};
use crate::model::ranking::{EntryIdentity, Pin, RankingSettings, Section, SnapshotRow};
use crate::model::{CriterionValue, ServiceId, Snapshot, SnapshotId};

pub(super) fn load_criteria(conn: &Connection) -> StoreResult<Vec<Criterion>> {
    let mut stmt = conn.prepare(
        "SELECT id, name, description, weight, scale, higher_is_better, enabled
         FROM criteria ORDER BY position, id",
    )?;
    let mut rows = stmt.query([])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let code: String = r.get(4)?;
        let scale = Scale::from_code(&code)
            .ok_or_else(|| StoreError::Corrupt(format!("Unbekannte Skala „{code}“.")))?;
        out.push(Criterion {
            id: r.get(0)?,
            name: r.get(1)?,
            description: r.get(2)?,
            weight: r.get(3)?,
            scale,
            higher_is_better: r.get(5)?,
            enabled: r.get(6)?,
        });
    }
    Ok(out)
}

/// All scores as (service, criterion, value).
pub(super) fn load_scores(conn: &Connection) -> StoreResult<Vec<(ServiceId, CriterionId, f64)>> {
    let mut stmt = conn.prepare("SELECT service_id, criterion_id, value FROM scores")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// All pins as (service, pin).
pub(super) fn load_pins(conn: &Connection) -> StoreResult<Vec<(ServiceId, Pin)>> {
    let mut stmt = conn.prepare("SELECT service_id, position, reason FROM pins")?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get(0)?,
            Pin {
                position: r.get::<_, i64>(1)?.max(1) as usize,
                reason: r.get(2)?,
            },
        ))
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub(super) fn load_settings(conn: &Connection) -> StoreResult<RankingSettings> {
    let json: Option<String> = conn
        .query_row(
            "SELECT value FROM settings WHERE key = 'ranking'",
            [],
            |r| r.get(0),
        )
        .optional()?;
    Ok(json
        .and_then(|j| serde_json::from_str(&j).ok())
        .unwrap_or_default())
}

pub(super) fn save_settings(conn: &Connection, settings: &RankingSettings) -> StoreResult<()> {
    let json = serde_json::to_string(settings).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    super::settings::set(conn, "ranking", &json)
}

fn section_code(s: Section) -> &'static str {
    match s {
        Section::Ranked => "ranked",
        Section::Deferred => "deferred",
        Section::Done => "done",
        Section::OutOfScope => "out_of_scope",
    }
}

fn section_from(code: &str) -> Section {
    match code {
        "deferred" => Section::Deferred,
        "done" => Section::Done,
        "out_of_scope" => Section::OutOfScope,
        _ => Section::Ranked,
    }
}

pub(super) fn load_snapshots(conn: &Connection) -> StoreResult<Vec<Snapshot>> {
    let mut stmt =
        conn.prepare("SELECT id, title, taken_on, settings FROM snapshots ORDER BY id")?;
    let heads = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, SnapshotId>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
            ))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let mut rows_stmt = conn.prepare(
        "SELECT identity, section, rank, score_tenths, label FROM snapshot_rows
         WHERE snapshot_id = ?1",
    )?;
    let mut out = Vec::new();
    for (id, title, taken_on, settings) in heads {
        let rows = rows_stmt
            .query_map([id], |r| {
                let identity: String = r.get(0)?;
                Ok(SnapshotRow {
                    identity: EntryIdentity::parse(&identity).ok_or_else(|| {
                        rusqlite::Error::FromSqlConversionFailure(
                            0,
                            rusqlite::types::Type::Text,
                            format!("Zeile eines eingefrorenen Stands: „{identity}“").into(),
                        )
                    })?,
                    section: section_from(&r.get::<_, String>(1)?),
                    rank: r.get::<_, i64>(2)?.max(0) as usize,
                    score_tenths: r.get(3)?,
                    label: r.get(4)?,
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;
        let mut rows = rows;
        rows.sort_by_key(|r| (r.section, r.rank));
        let taken_on = chrono::NaiveDate::parse_from_str(&taken_on, "%Y-%m-%d").map_err(|_| {
            StoreError::Corrupt(format!(
                "Der eingefrorene Stand „{title}“ hat kein gültiges Datum („{taken_on}“)."
            ))
        })?;
        out.push(Snapshot {
            id,
            title,
            taken_on,
            settings: serde_json::from_str(&settings).unwrap_or_default(),
            rows,
        });
    }
    Ok(out)
}

pub(super) fn insert_snapshot(conn: &Connection, s: &Snapshot) -> StoreResult<()> {
    let settings =
        serde_json::to_string(&s.settings).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    conn.execute(
        "INSERT INTO snapshots (id, title, taken_on, settings) VALUES (?1, ?2, ?3, ?4)",
        params![
            s.id,
            s.title,
            s.taken_on.format("%Y-%m-%d").to_string(),
            settings
        ],
    )?;
    let mut stmt = conn.prepare_cached(
        "INSERT INTO snapshot_rows (snapshot_id, identity, section, rank, score_tenths, label)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for r in &s.rows {
        stmt.execute(params![
            s.id,
            r.identity.to_string(),
            section_code(r.section),
            r.rank as i64,
            r.score_tenths,
            r.label
        ])?;
    }
    Ok(())
}

pub(super) fn delete_snapshot(conn: &Connection, id: SnapshotId) -> StoreResult<()> {
    conn.execute("DELETE FROM snapshots WHERE id = ?1", [id])?;
    Ok(())
}

pub(super) fn set_score(
    conn: &Connection,
    service: ServiceId,
    criterion: CriterionId,
    value: Option<f64>,
) -> StoreResult<()> {
    match value {
        Some(v) => conn.execute(
            "INSERT INTO scores (service_id, criterion_id, value) VALUES (?1, ?2, ?3)
             ON CONFLICT (service_id, criterion_id) DO UPDATE SET value = excluded.value",
            params![service, criterion, v],
        )?,
        None => conn.execute(
            "DELETE FROM scores WHERE service_id = ?1 AND criterion_id = ?2",
            params![service, criterion],
        )?,
    };
    Ok(())
}

pub(super) fn set_pin(conn: &Connection, service: ServiceId, pin: Option<&Pin>) -> StoreResult<()> {
    conn.execute("DELETE FROM pins WHERE service_id = ?1", [service])?;
    if let Some(p) = pin {
        conn.execute(
            "INSERT INTO pins (service_id, position, reason) VALUES (?1, ?2, ?3)",
            params![service, p.position as i64, p.reason],
        )?;
    }
    Ok(())
}

pub(super) fn set_criterion(
    conn: &Connection,
    id: CriterionId,
    value: &CriterionValue,
) -> StoreResult<()> {
    use rusqlite::types::Value;
    let (column, v): (&str, Value) = match value {
        CriterionValue::Name(v) => ("name", v.clone().into()),
        CriterionValue::Description(v) => ("description", v.clone().into()),
        CriterionValue::Weight(v) => ("weight", (*v).into()),
        CriterionValue::HigherIsBetter(v) => ("higher_is_better", (*v).into()),
        CriterionValue::Enabled(v) => ("enabled", (*v).into()),
    };
    conn.execute(
        &format!("UPDATE criteria SET {column} = ?1 WHERE id = ?2"),
        params![v, id],
    )?;
    Ok(())
}

pub(super) fn insert_criterion(
    conn: &Connection,
    c: &Criterion,
    at: usize,
    scores: &[(ServiceId, f64)],
) -> StoreResult<()> {
    let position = at as i64 + 1;
    conn.execute(
        "UPDATE criteria SET position = position + 1 WHERE position >= ?1",
        [position],
    )?;
    conn.execute(
        "INSERT INTO criteria (id, position, name, description, weight, scale, higher_is_better, enabled)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            c.id,
            position,
            c.name,
            c.description,
            c.weight,
            c.scale.code(),
            c.higher_is_better,
            c.enabled
        ],
    )?;
    for (service, value) in scores {
        set_score(conn, *service, c.id, Some(*value))?;
    }
    Ok(())
}

pub(super) fn delete_criterion(conn: &Connection, id: CriterionId) -> StoreResult<()> {
    let position: Option<i64> = conn
        .query_row("SELECT position FROM criteria WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .optional()?;
    conn.execute("DELETE FROM criteria WHERE id = ?1", [id])?;
    if let Some(p) = position {
        conn.execute(
            "UPDATE criteria SET position = position - 1 WHERE position > ?1",
            [p],
        )?;
    }
    Ok(())
}
