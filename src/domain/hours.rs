use serde::{Deserialize, Serialize};

use super::ParseError;

/// What a cohort asks of each participant: hours in quarters, attendance in percent.
/// Kept with the cohort (`cohorts`), read wherever someone's standing is weighed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Requirements {
    pub learning_quarters: i64,
    pub practice_quarters: i64,
    pub lesson_attendance_percent: i64,
    pub intervision_attendance_percent: i64,
}

/// Most hours a single entry may hold: one long working day.
const MAX_QUARTERS: u16 = 48;

/// A positive number of hours at quarter-hour precision, at most 12.
/// Stored as whole quarters so sums are exact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Hours(u16);

impl Hours {
    /// Parses what people type: "1,5", "1.5", "1:30", "2", "0,25", and with words:
    /// "1,5 uur", "1u30", "1 uur 30", "1 uur en 30 minuten", "45 min".
    pub fn parse(input: &str) -> Result<Self, ParseError> {
        let s = input.trim();
        if s.is_empty() {
            return Err("err.hours.empty");
        }
        let minutes = match spoken_minutes(s) {
            Some(minutes) => minutes?,
            None => number_minutes(s)?,
        };
        if minutes == 0 {
            return Err("err.hours.zero");
        }
        if minutes % 15 != 0 {
            return Err("err.hours.quarter");
        }
        let quarters = minutes / 15;
        if quarters > u32::from(MAX_QUARTERS) {
            return Err("err.hours.too_many");
        }
        Ok(Hours(quarters as u16))
    }

    pub fn quarters(self) -> u16 {
        self.0
    }
}

impl std::fmt::Display for Hours {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&format_quarters(i64::from(self.0)))
    }
}

/// Dutch notation for a number of quarter hours: 6 → "1,5", 5 → "1,25", 8 → "2".
pub fn format_quarters(quarters: i64) -> String {
    let whole = quarters / 4;
    match quarters % 4 {
        0 => whole.to_string(),
        1 => format!("{whole},25"),
        2 => format!("{whole},5"),
        _ => format!("{whole},75"),
    }
}

/// A number alone: a clock time ("1:30") or a decimal ("1,5").
fn number_minutes(s: &str) -> Result<u32, ParseError> {
    match s.split_once(':') {
        Some((h, m)) => parse_clock(h, m),
        None => parse_decimal(s),
    }
}

enum Token<'a> {
    Number(&'a str),
    Word(&'a str),
}

/// Minutes from a notation with words, or `None` when there are no letters in it.
fn spoken_minutes(input: &str) -> Option<Result<u32, ParseError>> {
    // ASCII only: the words are ASCII, and Unicode tables would cost the hours island kilobytes.
    if !input.bytes().any(|b| b.is_ascii_alphabetic()) {
        return None;
    }
    let lower = input.to_ascii_lowercase();
    let Some(tokens) = tokens(&lower) else {
        return Some(Err("err.hours.format"));
    };
    let hour_word = |w: &str| matches!(w, "u" | "uur" | "uren" | "h" | "hr" | "hrs" | "hour" | "hours");
    let minute_word = |w: &str| matches!(w, "m" | "min" | "mins" | "minuut" | "minuten" | "minute" | "minutes");
    let whole_minutes = |m: &str| digits(m).and_then(|m| if m < 60 { Ok(m) } else { Err("err.hours.format") });
    use Token::{Number, Word};
    Some(match tokens.as_slice() {
        [Number(n), Word(w)] if hour_word(w) => number_minutes(n),
        [Number(m), Word(w)] if minute_word(w) => digits(m),
        [Number(h), Word(w), Number(m)] if hour_word(w) => digits(h).and_then(|h| Ok(h.saturating_mul(60) + whole_minutes(m)?)),
        [Number(h), Word(w), Number(m), Word(mw)] | [Number(h), Word(w), Word("en"), Number(m), Word(mw)]
            if hour_word(w) && minute_word(mw) =>
        {
            digits(h).and_then(|h| Ok(h.saturating_mul(60) + whole_minutes(m)?))
        }
        _ => Err("err.hours.format"),
    })
}

/// Runs of number characters and runs of letters; `None` for anything else.
fn tokens(s: &str) -> Option<Vec<Token<'_>>> {
    let mut tokens = Vec::new();
    let mut rest = s.trim_start();
    while let Some(first) = rest.chars().next() {
        let is_number = |c: char| c.is_ascii_digit() || matches!(c, ',' | '.' | ':');
        let end = if is_number(first) {
            rest.find(|c: char| !is_number(c)).unwrap_or(rest.len())
        } else if first.is_ascii_alphabetic() {
            rest.find(|c: char| !c.is_ascii_alphabetic()).unwrap_or(rest.len())
        } else {
            return None;
        };
        let (token, after) = rest.split_at(end);
        tokens.push(if is_number(first) { Token::Number(token) } else { Token::Word(token) });
        rest = after.trim_start();
    }
    Some(tokens)
}

fn parse_clock(h: &str, m: &str) -> Result<u32, ParseError> {
    let h = h.trim();
    let m = m.trim();
    let hours: u32 = if h.is_empty() { 0 } else { digits(h)? };
    if m.len() != 2 {
        return Err("err.hours.format");
    }
    let mins: u32 = digits(m)?;
    if mins >= 60 {
        return Err("err.hours.format");
    }
    Ok(hours.saturating_mul(60).saturating_add(mins))
}

fn parse_decimal(s: &str) -> Result<u32, ParseError> {
    let (whole, frac) = match s.find([',', '.']) {
        Some(i) => (&s[..i], &s[i + 1..]),
        None => (s, ""),
    };
    if whole.is_empty() && frac.is_empty() {
        return Err("err.hours.format");
    }
    let hours: u32 = if whole.is_empty() { 0 } else { digits(whole)? };
    if !frac.bytes().all(|b| b.is_ascii_digit()) {
        return Err("err.hours.format");
    }
    // Up to two decimals; "1,5" and "1,50" mean the same.
    let frac_minutes = match frac.len() {
        0 => 0,
        1 => digits(frac)? * 6,
        2 => {
            let hundredths = digits(frac)?;
            if (hundredths * 60) % 100 != 0 {
                return Err("err.hours.quarter");
            }
            hundredths * 60 / 100
        }
        _ => return Err("err.hours.quarter"),
    };
    Ok(hours.saturating_mul(60).saturating_add(frac_minutes))
}

fn digits(s: &str) -> Result<u32, ParseError> {
    if s.is_empty() || s.len() > 4 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err("err.hours.format");
    }
    s.parse().map_err(|_| "err.hours.format")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn accepts_dutch_notations() {
        for (input, quarters) in
            [("1,5", 6), ("1.5", 6), ("1:30", 6), ("2", 8), ("0,25", 1), (",75", 3), (" 12 ", 48), ("1,50", 6), ("0:15", 1), ("11:45", 47)]
        {
            assert_eq!(Hours::parse(input).map(Hours::quarters), Ok(quarters), "{input}");
        }
    }

    #[test]
    fn accepts_what_people_write_with_words() {
        for (input, quarters) in [
            ("1,5 uur", 6),
            ("1.5 uur", 6),
            ("2 uur", 8),
            ("1u30", 6),
            ("1U30", 6),
            ("1 u 30", 6),
            ("1 uur 30", 6),
            ("1 uur en 30 minuten", 6),
            ("1 uur 30 min", 6),
            ("1h30", 6),
            ("45 min", 3),
            ("30 minuten", 2),
            ("1:30 uur", 6),
            ("3 uren", 12),
        ] {
            assert_eq!(Hours::parse(input).map(Hours::quarters), Ok(quarters), "{input}");
        }
        assert_eq!(Hours::parse("1u10"), Err("err.hours.quarter"));
        assert_eq!(Hours::parse("1 uur 75"), Err("err.hours.format"));
        assert_eq!(Hours::parse("1 dag"), Err("err.hours.format"));
        assert_eq!(Hours::parse("uur"), Err("err.hours.format"));
        assert_eq!(Hours::parse("13 uur"), Err("err.hours.too_many"));
    }

    #[test]
    fn rejects_with_the_reason() {
        assert_eq!(Hours::parse(""), Err("err.hours.empty"));
        assert_eq!(Hours::parse("0"), Err("err.hours.zero"));
        assert_eq!(Hours::parse("0:00"), Err("err.hours.zero"));
        assert_eq!(Hours::parse("1,3"), Err("err.hours.quarter"));
        assert_eq!(Hours::parse("1:10"), Err("err.hours.quarter"));
        assert_eq!(Hours::parse("12,25"), Err("err.hours.too_many"));
        assert_eq!(Hours::parse("13"), Err("err.hours.too_many"));
        assert_eq!(Hours::parse("-1"), Err("err.hours.format"));
        assert_eq!(Hours::parse("1:5"), Err("err.hours.format"));
        assert_eq!(Hours::parse("1:60"), Err("err.hours.format"));
        assert_eq!(Hours::parse("anderhalf"), Err("err.hours.format"));
        assert_eq!(Hours::parse("1,5,5"), Err("err.hours.format"));
    }

    proptest! {
        #[test]
        fn dutch_display_round_trips(q in 1u16..=48) {
            let shown = format_quarters(i64::from(q));
            prop_assert_eq!(Hours::parse(&shown).map(Hours::quarters), Ok(q));
            prop_assert_eq!(Hours::parse(&shown.replace(',', ".")).map(Hours::quarters), Ok(q));
        }

        #[test]
        fn clock_notation_matches_minutes(h in 0u32..=12, quarter in 0u32..4) {
            let minutes = h * 60 + quarter * 15;
            let parsed = Hours::parse(&format!("{h}:{:02}", quarter * 15));
            if minutes == 0 {
                prop_assert_eq!(parsed, Err("err.hours.zero"));
            } else if minutes > 720 {
                prop_assert_eq!(parsed, Err("err.hours.too_many"));
            } else {
                prop_assert_eq!(parsed.map(Hours::quarters), Ok((minutes / 15) as u16));
            }
        }

        #[test]
        fn spoken_notations_mean_the_same_as_the_clock(h in 0u32..=12, quarter in 0u32..4) {
            let clock = Hours::parse(&format!("{h}:{:02}", quarter * 15));
            let mm = format!("{:02}", quarter * 15);
            let decimal = format_quarters(i64::from(h * 4 + quarter));
            for spoken in [format!("{h}u{mm}"), format!("{h} uur {mm}"), format!("{h} uur en {mm} minuten"), format!("{decimal} uur")] {
                prop_assert_eq!(Hours::parse(&spoken), clock, "{}", spoken);
            }
        }

        #[test]
        fn never_panics_and_stays_in_range(s in "\\PC{0,12}") {
            if let Ok(h) = Hours::parse(&s) {
                prop_assert!((1..=48).contains(&h.quarters()));
            }
        }

        #[test]
        fn more_than_twelve_is_refused(whole in 13u32..10_000) {
            prop_assert_eq!(Hours::parse(&whole.to_string()), Err("err.hours.too_many"));
        }
    }
}
