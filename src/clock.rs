//! Today's date: the one place the app asks the clock. It can be fixed – for the whole process
//! by the environment variable `OZG_COCKPIT_TODAY=YYYY-MM-DD` (screenshots, demonstrations,
//! the reference scenario on a chosen day), or by a test with [`fix_today`].

use std::sync::RwLock;

use chrono::NaiveDate;

/// The variable that fixes today's date for the whole process.
pub const TODAY_ENV: &str = "OZG_COCKPIT_TODAY";

static FIXED: RwLock<Option<NaiveDate>> = RwLock::new(None);

/// Today: the fixed date if one is set, else the local date of this computer.
pub fn today() -> NaiveDate {
    if let Some(day) = FIXED.read().ok().and_then(|f| *f) {
        return day;
    }
    fixed_by(std::env::var(TODAY_ENV).ok().as_deref())
        .unwrap_or_else(|| chrono::Local::now().date_naive())
}

/// The day the variable's text names, if it names one.
fn fixed_by(text: Option<&str>) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text?.trim(), "%Y-%m-%d").ok()
}

/// Fixes today's date for this process (`None` goes back to the clock).
pub fn fix_today(day: Option<NaiveDate>) {
    if let Ok(mut fixed) = FIXED.write() {
        *fixed = day;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_variable_names_a_day_or_nothing() {
        let day = NaiveDate::from_ymd_opt(2027, 3, 31);
        assert_eq!(fixed_by(Some("2027-03-31")), day);
        assert_eq!(fixed_by(Some(" 2027-03-31\n")), day);
        for bad in ["", "31.03.2027", "2027-02-30", "heute"] {
            assert_eq!(fixed_by(Some(bad)), None, "{bad}");
        }
        assert_eq!(fixed_by(None), None);
    }
}
