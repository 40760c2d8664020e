//! Criteria of the priority ranking (Priorisierung): data, not code.

use serde::{Deserialize, Serialize};

/// Row id of a criterion.
pub type CriterionId = i64;

/// How a criterion's values are read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Scale {
    /// Points from 0 to the given maximum, entered per service.
    Points(u8),
    /// Yes (1) or no (0), entered per service.
    YesNo,
    /// Yes or no, pre-filled from the service's SDG flag until entered.
    SdgFlag,
    /// Derived from the service's case volume, log-scaled; not entered.
    CaseVolume,
}

impl Scale {
    /// The stored form ("points:5", "yes_no", "sdg", "case_volume").
    pub fn code(self) -> String {
        match self {
            Self::Points(max) => format!("points:{max}"),
            Self::YesNo => "yes_no".to_owned(),
            Self::SdgFlag => "sdg".to_owned(),
            Self::CaseVolume => "case_volume".to_owned(),
        }
    }

    /// Reads the stored form.
    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "yes_no" => Some(Self::YesNo),
            "sdg" => Some(Self::SdgFlag),
            "case_volume" => Some(Self::CaseVolume),
            _ => code
                .strip_prefix("points:")
                .and_then(|m| m.parse().ok())
                .filter(|m| *m > 0)
                .map(Self::Points),
        }
    }

    /// The German description for the criteria editor.
    pub fn label(self) -> String {
        match self {
            Self::Points(max) => format!("Punkte 0–{max}"),
            Self::YesNo => "ja/nein".to_owned(),
            Self::SdgFlag => "ja/nein (vorbelegt aus SDG-Kennzeichen)".to_owned(),
            Self::CaseVolume => "aus Fallzahl (logarithmisch)".to_owned(),
        }
    }

    /// The highest value a user may enter; `None` for derived criteria.
    pub fn max_value(self) -> Option<f64> {
        match self {
            Self::Points(max) => Some(f64::from(max)),
            Self::YesNo | Self::SdgFlag => Some(1.0),
            Self::CaseVolume => None,
        }
    }

    /// Whether values are entered per service.
    pub fn is_entered(self) -> bool {
        self.max_value().is_some()
    }
}

/// One criterion with its weight and direction.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Criterion {
    pub id: CriterionId,
    pub name: String,
    pub description: String,
    /// Relative weight (≥ 0); shares of 100 % are derived.
    pub weight: f64,
    pub scale: Scale,
    pub higher_is_better: bool,
    pub enabled: bool,
}

impl Criterion {
    /// A criterion with the given scale and weight, higher is better, enabled.
    pub fn new(id: CriterionId, name: &str, scale: Scale, weight: f64) -> Self {
        Self {
            id,
            name: name.to_owned(),
            description: String::new(),
            weight,
            scale,
            higher_is_better: true,
            enabled: true,
        }
    }

    /// Reads a value typed by a user: a number (German comma allowed) or ja/nein; empty
    /// clears it.
    pub fn parse_value(&self, t: &str) -> Result<Option<f64>, super::EditError> {
        if !self.scale.is_entered() {
            return Err(super::EditError::DerivedCriterion(self.name.clone()));
        }
        let t = t.trim();
        if t.is_empty() {
            return Ok(None);
        }
        match t.to_lowercase().as_str() {
            "ja" | "j" | "x" => return Ok(Some(1.0)),
            "nein" | "n" => return Ok(Some(0.0)),
            _ => {}
        }
        t.replace(',', ".")
            .parse::<f64>()
            .map(Some)
            .map_err(|_| super::EditError::NotANumber {
                field: "Bewertung",
                text: t.to_owned(),
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scale_codes_round_trip() {
        for s in [
            Scale::Points(5),
            Scale::Points(10),
            Scale::YesNo,
            Scale::SdgFlag,
            Scale::CaseVolume,
        ] {
            assert_eq!(Scale::from_code(&s.code()), Some(s));
        }
        assert_eq!(Scale::from_code("points:0"), None);
        assert_eq!(Scale::from_code("bunt"), None);
    }
}
