//! Offices (Ämter) of the city.

use serde::{Deserialize, Serialize};

/// Row id of an office in the store.
pub type OfficeId = i64;

/// An office or organisational unit, numbered like "420" or "100.1".
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Office {
    pub id: OfficeId,
    pub number: String,
    pub name: String,
    /// Number of the office this unit belongs to ("100" for "100.1"); empty for an office.
    pub parent: String,
    pub deferred: bool,
    pub deferred_reason: String,
    pub pilot: bool,
}

impl Office {
    /// A new office with the given number and no further data.
    pub fn new(id: OfficeId, number: &str) -> Self {
        Self {
            id,
            number: number.to_owned(),
            name: String::new(),
            parent: String::new(),
            deferred: false,
            deferred_reason: String::new(),
            pilot: false,
        }
    }

    /// "420" or "100 – Amt für Organisation …" for lists and pickers.
    pub fn label(&self) -> String {
        if self.name.is_empty() {
            self.number.clone()
        } else {
            format!("{} – {}", self.number, self.name)
        }
    }
}

/// Whether an office number is well formed: digits, optionally followed by ".digits" parts.
pub fn is_valid_number(number: &str) -> bool {
    !number.is_empty()
        && number
            .split('.')
            .all(|part| !part.is_empty() && part.chars().all(|c| c.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn office_numbers() {
        assert!(is_valid_number("420"));
        assert!(is_valid_number("100.1"));
        assert!(!is_valid_number("100."));
        assert!(!is_valid_number("Amt 4"));
        assert!(!is_valid_number(""));
    }
}
