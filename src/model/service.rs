//! Services (Leistungen) and OZG services.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::criteria::CriterionId;
use super::ranking::Pin;

/// Row id of a service in the store.
pub type ServiceId = i64;

/// A validated 14-digit LeiKa key.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct LeikaKey(String);

impl LeikaKey {
    /// The key as a number; the order of numbers is the order of the 14-digit texts.
    pub fn number(&self) -> u64 {
        self.0.parse().unwrap_or(u64::MAX)
    }
}

/// Why a text is not a LeiKa key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyProblem {
    /// The text holds something other than digits.
    NotDigits,
    /// The text has the wrong number of digits.
    WrongLength(usize),
}

impl LeikaKey {
    /// The number of digits of a LeiKa key.
    pub const DIGITS: usize = 14;

    /// Parses a key; empty text and the catalogue's marker "nicht im LeiKa" mean no key.
    pub fn parse_optional(text: &str) -> Result<Option<Self>, KeyProblem> {
        let text = text.trim();
        if text.is_empty() || text.eq_ignore_ascii_case("nicht im LeiKa") {
            return Ok(None);
        }
        if !text.chars().all(|c| c.is_ascii_digit()) {
            return Err(KeyProblem::NotDigits);
        }
        if text.len() != Self::DIGITS {
            return Err(KeyProblem::WrongLength(text.len()));
        }
        Ok(Some(Self(text.to_owned())))
    }

    /// The key as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl KeyProblem {
    /// A German explanation for the user.
    pub fn message(self) -> String {
        match self {
            Self::NotDigits => "Der LeiKa-Schlüssel darf nur Ziffern enthalten.".to_owned(),
            Self::WrongLength(n) => {
                format!("Der LeiKa-Schlüssel hat {n} statt 14 Ziffern.")
            }
        }
    }
}

/// One administrative service.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Service {
    pub id: ServiceId,
    pub leika_key: Option<LeikaKey>,
    pub name: String,
    /// OZG-ID of the OZG service the service belongs to.
    pub ozg_id: Option<String>,
    /// LeiKa type (Typisierung), e.g. "2/3" or "5".
    pub leika_type: String,
    /// Whether the city must digitise it (municipal execution).
    pub municipal: bool,
    pub office_id: Option<crate::model::OfficeId>,
    /// Cases per year, if known.
    pub case_volume: Option<i64>,
    pub current_maturity: i64,
    pub target_maturity: i64,
    /// Relevance for the EU Single Digital Gateway, from the catalogue.
    pub sdg: bool,
    pub legal_basis: String,
    pub notes: String,
    /// Entered ranking scores per criterion.
    pub scores: BTreeMap<CriterionId, f64>,
    /// A hand-set position in the ranking.
    pub pin: Option<Pin>,
    /// The project that digitises the service.
    pub project_id: Option<super::project::ProjectId>,
}

impl Service {
    /// A new service with empty fields and the given target maturity.
    pub fn new(id: ServiceId, name: &str, target_maturity: i64) -> Self {
        Self {
            id,
            leika_key: None,
            name: name.to_owned(),
            ozg_id: None,
            leika_type: String::new(),
            municipal: true,
            office_id: None,
            case_volume: None,
            current_maturity: 0,
            target_maturity,
            sdg: false,
            legal_basis: String::new(),
            notes: String::new(),
            scores: BTreeMap::new(),
            pin: None,
            project_id: None,
        }
    }
}

/// An OZG service: a bundle of services in the federal catalogue.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OzgService {
    pub ozg_id: String,
    pub name: String,
    pub themenfeld: String,
    pub lebenslage: String,
}

/// Whether a LeiKa type means municipal execution: `Some(true)` for 2b, 3b, 4b and 5,
/// `Some(false)` for federal or Land execution and for non-services, `None` where it depends
/// on Land law (2, 3, 2/3, 4, …).
pub fn municipal_by_type(leika_type: &str) -> Option<bool> {
    let parts: Vec<&str> = leika_type
        .split([',', ';'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    if parts.is_empty() {
        return None;
    }
    let verdicts: Vec<Option<bool>> = parts.iter().map(|p| single_type(p)).collect();
    if verdicts.contains(&Some(true)) {
        Some(true)
    } else if verdicts.iter().all(|v| *v == Some(false)) {
        Some(false)
    } else {
        None
    }
}

fn single_type(t: &str) -> Option<bool> {
    match t {
        "2b" | "3b" | "4b" | "5" => Some(true),
        "1" | "2a" | "3a" | "4a" | "6" | "7" | "10" | "11" | "12" => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_fourteen_digits_or_absent() {
        assert_eq!(
            LeikaKey::parse_optional(" 99001001000000 ")
                .ok()
                .flatten()
                .map(|k| k.0),
            Some("99001001000000".to_owned())
        );
        assert_eq!(LeikaKey::parse_optional(""), Ok(None));
        assert_eq!(LeikaKey::parse_optional("nicht im LeiKa"), Ok(None));
        assert_eq!(
            LeikaKey::parse_optional("9900100100000A"),
            Err(KeyProblem::NotDigits)
        );
        assert_eq!(
            LeikaKey::parse_optional("123"),
            Err(KeyProblem::WrongLength(3))
        );
    }

    #[test]
    fn municipal_scope_from_type() {
        assert_eq!(municipal_by_type("5"), Some(true));
        assert_eq!(municipal_by_type("4b"), Some(true));
        assert_eq!(municipal_by_type("1"), Some(false));
        assert_eq!(municipal_by_type("2/3"), None);
        assert_eq!(municipal_by_type("1, 2/3"), None);
        assert_eq!(municipal_by_type("1, 5"), Some(true));
        assert_eq!(municipal_by_type(""), None);
    }
}
