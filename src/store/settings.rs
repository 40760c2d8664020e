//! Key-value settings and the maturity scale.

use rusqlite::{Connection, OptionalExtension, params};

use super::StoreResult;
use crate::model::MaturityScale;

/// Reads a setting.
pub(super) fn get(conn: &Connection, key: &str) -> StoreResult<Option<String>> {
    Ok(conn
        .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
            r.get(0)
        })
        .optional()?)
}

/// Writes a setting.
pub fn set(conn: &Connection, key: &str, value: &str) -> StoreResult<()> {
    conn.execute(
        "INSERT INTO settings (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        params![key, value],
    )?;
    Ok(())
}

/// Loads the maturity scale; levels must run from 0 without gaps.
pub(super) fn load_maturity(conn: &Connection) -> StoreResult<MaturityScale> {
    let mut stmt = conn.prepare("SELECT level, label FROM maturity_levels ORDER BY level")?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?;
    let mut labels = Vec::new();
    for (i, row) in rows.enumerate() {
        let (level, label) = row?;
        if level != i as i64 {
            return Err(super::StoreError::Corrupt(format!(
                "Reifegrad-Skala: Stufe {i} fehlt."
            )));
        }
        labels.push(label);
    }
    let defaults = MaturityScale::default();
    let number = |key: &str, default: i64| -> StoreResult<i64> {
        Ok(get(conn, key)?
            .and_then(|v| v.parse().ok())
            .unwrap_or(default))
    };
    Ok(MaturityScale {
        labels: if labels.is_empty() {
            defaults.labels
        } else {
            labels
        },
        legal_minimum: number("maturity_legal_minimum", defaults.legal_minimum)?,
        default_target: number("maturity_default_target", defaults.default_target)?,
    })
}

/// Writes the labels of the maturity scale, level 0 first.
pub(super) fn save_maturity_labels(conn: &Connection, labels: &[String]) -> StoreResult<()> {
    conn.execute(
        "DELETE FROM maturity_levels WHERE level >= ?1",
        [labels.len() as i64],
    )?;
    for (level, label) in labels.iter().enumerate() {
        conn.execute(
            "INSERT INTO maturity_levels (level, label) VALUES (?1, ?2)
             ON CONFLICT (level) DO UPDATE SET label = excluded.label",
            params![level as i64, label.trim()],
        )?;
    }
    Ok(())
}
