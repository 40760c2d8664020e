//! The maturity scale (Reifegrad): levels are integers, their labels are data.

use serde::{Deserialize, Serialize};

/// The configured maturity levels, from 0 up to `max_level`, with their labels.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MaturityScale {
    /// Labels indexed by level; level 0 is the first entry.
    pub labels: Vec<String>,
    /// The legal minimum level (Stufe 3 by default).
    pub legal_minimum: i64,
    /// The level new services aim at (Stufe 4 by default).
    pub default_target: i64,
}

impl Default for MaturityScale {
    fn default() -> Self {
        Self {
            labels: [
                "Offline",
                "Information",
                "Formular-Assistent",
                "Online-Leistung",
                "Online-Transaktion",
                "Vernetzte Online-Transaktion",
            ]
            .iter()
            .map(|s| s.to_string())
            .collect(),
            legal_minimum: 3,
            default_target: 4,
        }
    }
}

/// Scales to start from in the settings: name and the labels of levels 0, 1, ….
pub const PRESETS: [(&str, &[&str]); 3] = [
    (
        "Stufen 0–5 (Standard der Stadt)",
        &[
            "Offline",
            "Information",
            "Formular-Assistent",
            "Online-Leistung",
            "Online-Transaktion",
            "Vernetzte Online-Transaktion",
        ],
    ),
    (
        "OZG-Reifegradmodell 0–4 (offiziell)",
        &[
            "Offline",
            "Information",
            "Formular-Assistent",
            "Online-Leistung",
            "Online-Transaktion",
        ],
    ),
    (
        "Erweitertes Modell 0–7",
        &[
            "Offline",
            "Information",
            "Formular-Assistent",
            "Online-Leistung",
            "Online-Transaktion",
            "Vernetzte Online-Transaktion",
            "Proaktive Leistung",
            "Antragslose Leistung",
        ],
    ),
];

/// The fewest and the most levels a scale may have.
pub const LEVELS: std::ops::RangeInclusive<usize> = 2..=10;

impl MaturityScale {
    /// The highest level of the scale.
    pub fn max_level(&self) -> i64 {
        self.labels.len() as i64 - 1
    }

    /// Whether `level` is on the scale.
    pub fn contains(&self, level: i64) -> bool {
        (0..=self.max_level()).contains(&level)
    }

    /// "3 – Online-Leistung", or the bare number for a level off the scale.
    pub fn display(&self, level: i64) -> String {
        match usize::try_from(level).ok().and_then(|i| self.labels.get(i)) {
            Some(label) => format!("{level} – {label}"),
            None => level.to_string(),
        }
    }

    /// Reads a level typed by a user: "3", "Stufe 3" or "3 – Online-Leistung".
    pub fn parse(&self, text: &str) -> Option<i64> {
        let text = text.trim();
        let text = text.strip_prefix("Stufe").unwrap_or(text).trim();
        let digits: String = text.chars().take_while(|c| c.is_ascii_digit()).collect();
        if !digits.is_empty() {
            return digits.parse().ok();
        }
        let folded = text.to_lowercase();
        self.labels
            .iter()
            .position(|l| l.to_lowercase() == folded)
            .map(|i| i as i64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_scale_is_zero_to_five() {
        let s = MaturityScale::default();
        assert_eq!(s.max_level(), 5);
        assert!(s.contains(0) && s.contains(5));
        assert!(!s.contains(6) && !s.contains(-1));
        assert_eq!(s.display(3), "3 – Online-Leistung");
    }

    #[test]
    fn parses_numbers_and_labels() {
        let s = MaturityScale::default();
        assert_eq!(s.parse("4"), Some(4));
        assert_eq!(s.parse("Stufe 2"), Some(2));
        assert_eq!(s.parse("3 – Online-Leistung"), Some(3));
        assert_eq!(s.parse("information"), Some(1));
        assert_eq!(s.parse("hoch"), None);
        assert_eq!(s.parse("9"), Some(9));
    }
}
