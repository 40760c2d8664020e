//! German number, percent and date formats, shared by the views, the charts and the report.

use chrono::NaiveDate;

/// The narrow no-break space that German typography puts before "%".
pub const NARROW_NBSP: char = '\u{202F}';

/// "1.557" – an integer with thousands separators.
pub fn thousands(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

/// "3,5" – a number with `places` decimals and a decimal comma (thousands separated).
pub fn decimal(x: f64, places: usize) -> String {
    if !x.is_finite() {
        return "–".to_owned();
    }
    let text = format!("{:.*}", places, x.abs());
    let (int, frac) = text.split_once('.').unwrap_or((text.as_str(), ""));
    let int: i64 = int.parse().unwrap_or(0);
    let negative = x < 0.0 && text.chars().any(|c| c.is_ascii_digit() && c != '0');
    let mut out = String::new();
    if negative {
        out.push('-');
    }
    out.push_str(&thousands(int));
    if !frac.is_empty() {
        out.push(',');
        out.push_str(frac);
    }
    out
}

/// "26 %" for a share 0.26 (whole percent); `places` decimals when asked.
pub fn percent(share: f64, places: usize) -> String {
    format!("{}{NARROW_NBSP}%", decimal(share * 100.0, places))
}

/// "29.11.2026".
pub fn date(d: NaiveDate) -> String {
    d.format("%d.%m.%Y").to_string()
}

/// The German month names, January first.
const MONTHS: [&str; 12] = [
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
];

fn month_name(d: NaiveDate) -> &'static str {
    use chrono::Datelike;
    MONTHS.get(d.month0() as usize).copied().unwrap_or("")
}

/// "März 2029".
pub fn month_year(d: NaiveDate) -> String {
    use chrono::Datelike;
    format!("{} {}", month_name(d), d.year())
}

/// "Mär 2029", for axis ticks (the first three letters of each name are distinct).
pub fn short_month_year(d: NaiveDate) -> String {
    use chrono::Datelike;
    let short: String = month_name(d).chars().take(3).collect();
    format!("{short} {}", d.year())
}

/// "1 Leistung", "1.557 Leistungen": every count in the UI and the report goes through here.
pub fn counted(n: usize, one: &str, many: &str) -> String {
    format!(
        "{} {}",
        thousands(n as i64),
        if n == 1 { one } else { many }
    )
}

/// A number as Germans type it: "207", "1.234,5", "0,8" (also "0.8").
pub fn parse_number(text: &str) -> Option<f64> {
    let t = text.trim().replace(['\u{a0}', '\u{202f}', ' ', '€'], "");
    let t = if t.contains(',') {
        t.replace('.', "").replace(',', ".")
    } else if t.matches('.').count() > 1 || t.split('.').nth(1).is_some_and(|d| d.len() == 3) {
        // "72.000": a thousands separator, not a decimal point.
        t.replace('.', "")
    } else {
        t
    };
    t.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// "2,5" or "3" as a German number (as many decimals as it has).
pub fn format_number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}").replace('.', ",")
    }
}

/// "ja" or "nein".
pub fn yes_no(v: bool) -> String {
    if v { "ja" } else { "nein" }.to_owned()
}

/// A criterion value as shown: "ja"/"nein", a number, or a case volume.
pub fn criterion_value(c: &super::Criterion, v: f64) -> String {
    match c.scale {
        super::Scale::YesNo | super::Scale::SdgFlag => yes_no(v >= 0.5),
        super::Scale::CaseVolume => thousands(v as i64),
        super::Scale::Points(_) => format_number(v),
    }
}

/// "1.234" – a count with thousands separators.
pub fn count(n: usize) -> String {
    thousands(i64::try_from(n).unwrap_or(i64::MAX))
}

/// Short, distinct column headers for names such as "Nutzungsinteresse Bürger" and
/// "Nutzungsinteresse Unternehmen": a name's first word, unless another name begins with the
/// same word – then its last word ("Bürger", "Unternehmen"); a name that stays ambiguous keeps
/// its full text.
pub fn short_headers(names: &[&str]) -> Vec<String> {
    let first = |n: &str| n.split_whitespace().next().unwrap_or("").to_owned();
    let last = |n: &str| n.split_whitespace().last().unwrap_or("").to_owned();
    let pick = |n: &str| {
        let shared = names
            .iter()
            .filter(|other| first(other) == first(n))
            .count()
            > 1;
        if shared { last(n) } else { first(n) }
    };
    let picked: Vec<String> = names.iter().map(|n| pick(n)).collect();
    picked
        .iter()
        .zip(names)
        .map(|(p, n)| {
            let unique = picked.iter().filter(|q| *q == p).count() == 1;
            if unique && !p.is_empty() {
                p.clone()
            } else {
                (*n).to_owned()
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn german_numbers() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1557), "1.557");
        assert_eq!(thousands(-1_234_567), "-1.234.567");
        assert_eq!(decimal(3.45, 1), "3,5");
        assert_eq!(decimal(1234.5, 1), "1.234,5");
        assert_eq!(decimal(-0.01, 1), "0,0");
        assert_eq!(decimal(-2.5, 1), "-2,5");
        assert_eq!(decimal(f64::NAN, 1), "–");
        assert_eq!(percent(0.125, 1), "12,5\u{202F}%");
        assert_eq!(percent(412.0 / 1557.0, 0), "26\u{202F}%");
    }

    #[test]
    fn german_dates_and_counts() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 29).unwrap();
        assert_eq!(date(d), "29.11.2026");
        assert_eq!(month_year(d), "November 2026");
        let march = NaiveDate::from_ymd_opt(2029, 3, 1).unwrap();
        assert_eq!(short_month_year(march), "Mär 2029");
        assert_eq!(counted(1, "Leistung", "Leistungen"), "1 Leistung");
        assert_eq!(counted(1557, "Leistung", "Leistungen"), "1.557 Leistungen");
    }

    #[test]
    fn numbers_typed_the_german_way() {
        assert_eq!(parse_number("207"), Some(207.0));
        assert_eq!(parse_number("0,8"), Some(0.8));
        assert_eq!(parse_number("0.8"), Some(0.8));
        assert_eq!(parse_number("72.000"), Some(72_000.0));
        assert_eq!(parse_number("1.234,5 €"), Some(1234.5));
        assert_eq!(parse_number("64 000"), Some(64_000.0));
        assert_eq!(parse_number("zwölf"), None);
        assert_eq!(parse_number("inf"), None);
    }

    #[test]
    fn short_headers_are_distinct() {
        let names = [
            "Nutzungsinteresse Bürger",
            "Nutzungsinteresse Unternehmen",
            "Fallzahl",
            "Wirtschaftlicher Nutzen Verwaltung",
            "Musterlösung (EfA) verfügbar",
            "Neu Wert",
            "Alt Wert",
            "Alt Wert",
        ];
        assert_eq!(
            short_headers(&names),
            [
                "Bürger",
                "Unternehmen",
                "Fallzahl",
                "Wirtschaftlicher",
                "Musterlösung",
                "Neu",
                "Alt Wert",
                "Alt Wert",
            ]
        );
    }
}
