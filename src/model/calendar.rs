//! Working days: Monday to Friday without the public holidays of North Rhine-Westphalia.

use chrono::{Datelike, NaiveDate, Weekday};

/// The years the holiday table covers.
pub const HOLIDAY_YEARS: std::ops::RangeInclusive<i32> = 2020..=2035;

/// Easter Sunday of `year` (Gregorian calendar, anonymous algorithm).
fn easter(year: i32) -> Option<NaiveDate> {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    NaiveDate::from_ymd_opt(year, u32::try_from(month).ok()?, u32::try_from(day).ok()?)
}

/// The public holidays of North Rhine-Westphalia in `year`, in date order; empty outside
/// `HOLIDAY_YEARS`.
pub fn holidays_nrw(year: i32) -> Vec<NaiveDate> {
    if !HOLIDAY_YEARS.contains(&year) {
        return Vec::new();
    }
    let fixed = [(1, 1), (5, 1), (10, 3), (11, 1), (12, 25), (12, 26)];
    let mut days: Vec<NaiveDate> = fixed
        .iter()
        .filter_map(|&(m, d)| NaiveDate::from_ymd_opt(year, m, d))
        .collect();
    if let Some(e) = easter(year) {
        // Karfreitag, Ostermontag, Christi Himmelfahrt, Pfingstmontag, Fronleichnam.
        for offset in [-2, 1, 39, 50, 60] {
            if let Some(d) = e.checked_add_signed(chrono::Duration::days(offset)) {
                days.push(d);
            }
        }
    }
    days.sort();
    days
}

/// Whether `d` is a working day: Monday to Friday and, with `holidays`, no public holiday.
pub fn is_working_day(d: NaiveDate, holidays: bool) -> bool {
    let weekend = matches!(d.weekday(), Weekday::Sat | Weekday::Sun);
    let holiday = holidays && holidays_nrw(d.year()).contains(&d);
    !(weekend || holiday)
}

/// The working days from `from` to `until`, both included (none when `until` is earlier).
pub fn working_days(from: NaiveDate, until: NaiveDate, holidays: bool) -> u32 {
    let mut count = 0;
    let mut year_holidays: (i32, Vec<NaiveDate>) = (from.year(), holidays_nrw(from.year()));
    for d in from.iter_days().take_while(|d| *d <= until) {
        if d.year() != year_holidays.0 {
            year_holidays = (d.year(), holidays_nrw(d.year()));
        }
        let weekend = matches!(d.weekday(), Weekday::Sat | Weekday::Sun);
        let holiday = holidays && year_holidays.1.contains(&d);
        if !(weekend || holiday) {
            count += 1;
        }
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn easter_dates() {
        assert_eq!(easter(2021), Some(day(2021, 4, 4)));
        assert_eq!(easter(2026), Some(day(2026, 4, 5)));
        assert_eq!(easter(2035), Some(day(2035, 3, 25)));
    }

    #[test]
    fn holidays_of_2026() {
        let h = holidays_nrw(2026);
        assert_eq!(h.len(), 11);
        for d in [
            day(2026, 4, 3),
            day(2026, 4, 6),
            day(2026, 5, 14),
            day(2026, 5, 25),
            day(2026, 6, 4),
            day(2026, 10, 3),
        ] {
            assert!(h.contains(&d), "{d}");
        }
        assert!(holidays_nrw(2019).is_empty(), "outside the table");
    }

    #[test]
    fn working_days_of_months() {
        // November 2026 begins on a Sunday; Allerheiligen falls on it: 21 weekdays.
        assert_eq!(working_days(day(2026, 11, 1), day(2026, 11, 30), true), 21);
        // December 2026: 23 weekdays, Christmas Day on a Friday.
        assert_eq!(working_days(day(2026, 12, 1), day(2026, 12, 31), true), 22);
        assert_eq!(working_days(day(2026, 12, 1), day(2026, 12, 31), false), 23);
        // May 2026: 21 weekdays less 1 May, Ascension and Whit Monday.
        assert_eq!(working_days(day(2026, 5, 1), day(2026, 5, 31), true), 18);
        assert_eq!(working_days(day(2026, 5, 2), day(2026, 5, 1), true), 0);
        assert!(!is_working_day(day(2026, 6, 4), true), "Fronleichnam");
        assert!(is_working_day(day(2026, 6, 4), false));
    }
}
