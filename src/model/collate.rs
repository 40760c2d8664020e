//! German collation for sorting: umlauts sort with their base letters, case is ignored,
//! digit runs compare as numbers.

use std::cmp::Ordering;

/// A sort key for `text` under German collation (DIN 5007-1: ä = a, ß = ss).
pub fn sort_key(text: &str) -> String {
    let mut key = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            'ä' | 'Ä' => key.push('a'),
            'ö' | 'Ö' => key.push('o'),
            'ü' | 'Ü' => key.push('u'),
            'ß' => key.push_str("ss"),
            'é' | 'è' | 'ê' | 'É' => key.push('e'),
            'á' | 'à' | 'â' => key.push('a'),
            c if c.is_alphanumeric() || c.is_whitespace() || c == '.' => {
                key.extend(c.to_lowercase())
            }
            // Punctuation other than the dot of "100.1" does not count, as in a telephone
            // book: "(Baumuster-) Prüfung" sorts under B.
            _ => {}
        }
    }
    key
}

/// Compares two sort keys, reading runs of digits as numbers ("Amt 9" before "Amt 10").
pub fn compare_keys(a: &str, b: &str) -> Ordering {
    let (mut a, mut b) = (a.as_bytes(), b.as_bytes());
    loop {
        match (a.first(), b.first()) {
            (None, None) => return Ordering::Equal,
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(x), Some(y)) if x.is_ascii_digit() && y.is_ascii_digit() => {
                let (na, ra) = split_digits(a);
                let (nb, rb) = split_digits(b);
                let na = na.trim_ascii_start_zeros();
                let nb = nb.trim_ascii_start_zeros();
                let ord = na.len().cmp(&nb.len()).then_with(|| na.cmp(nb));
                if ord != Ordering::Equal {
                    return ord;
                }
                a = ra;
                b = rb;
            }
            (Some(x), Some(y)) => {
                if x != y {
                    return x.cmp(y);
                }
                a = &a[1..];
                b = &b[1..];
            }
        }
    }
}

/// Compares two texts under German collation; equal keys fall back to the raw text so the
/// order is total and stable.
pub fn compare(a: &str, b: &str) -> Ordering {
    compare_keys(&sort_key(a), &sort_key(b)).then_with(|| a.cmp(b))
}

fn split_digits(s: &[u8]) -> (&[u8], &[u8]) {
    let n = s.iter().take_while(|c| c.is_ascii_digit()).count();
    s.split_at(n)
}

trait TrimZeros {
    fn trim_ascii_start_zeros(&self) -> &Self;
}

impl TrimZeros for [u8] {
    fn trim_ascii_start_zeros(&self) -> &[u8] {
        let n = self.iter().take_while(|c| **c == b'0').count();
        &self[n..]
    }
}

/// Lower-cased text for search, with "ß" as "ss": a needle typed as "wohngeld" finds
/// "Wohngeld", "strasse" finds "Straße".
pub fn search_fold(text: &str) -> String {
    text.to_lowercase().replace('ß', "ss")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(words: &[&str]) -> Vec<String> {
        let mut v: Vec<String> = words.iter().map(|s| s.to_string()).collect();
        v.sort_by(|a, b| compare(a, b));
        v
    }

    #[test]
    fn umlauts_sort_with_base_letter() {
        assert_eq!(
            sorted(&["Zulassung", "Ummeldung", "Übernahme", "Abfall", "Änderung"]),
            ["Abfall", "Änderung", "Übernahme", "Ummeldung", "Zulassung"]
        );
    }

    #[test]
    fn case_is_ignored() {
        assert_eq!(
            sorted(&["beta", "Alpha", "alpha2"]),
            ["Alpha", "alpha2", "beta"]
        );
    }

    #[test]
    fn numbers_compare_as_numbers() {
        assert_eq!(
            sorted(&["Amt 10", "Amt 9", "Amt 100"]),
            ["Amt 9", "Amt 10", "Amt 100"]
        );
        assert_eq!(
            sorted(&["420", "100.2", "100.1", "62"]),
            ["62", "100.1", "100.2", "420"]
        );
    }

    #[test]
    fn punctuation_is_ignored() {
        assert_eq!(
            sorted(&["Zulassung", "(Baumuster-) Prüfung", "Abfall"]),
            ["Abfall", "(Baumuster-) Prüfung", "Zulassung"]
        );
    }

    #[test]
    fn sharp_s_is_ss() {
        assert_eq!(sort_key("Straße"), "strasse");
    }
}
