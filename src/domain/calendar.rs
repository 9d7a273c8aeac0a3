//! Dates and wall-clock times as people type them in forms.
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::ParseError;

/// A date from a form: browsers send ISO dates, people typing by hand often use 22-11-2026.
pub fn parse_date(input: &str) -> Result<NaiveDate, ParseError> {
    let s = input.trim();
    if s.is_empty() {
        return Err("err.date.empty");
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d").or_else(|_| NaiveDate::parse_from_str(s, "%d-%m-%Y")).map_err(|_| "err.date.format")
}

/// A time of day in Amsterdam, to the minute: "9:30", "09:30", "9.30" or "14u".
/// Serialized as "HH:MM", as stored and as the audit trail shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct ClockTime(u16);

impl Serialize for ClockTime {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for ClockTime {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        ClockTime::parse(&text).map_err(serde::de::Error::custom)
    }
}

impl ClockTime {
    pub fn parse(input: &str) -> Result<Self, ParseError> {
        let s = input.trim().trim_end_matches(['u', 'h']);
        if s.is_empty() {
            return Err("err.time.empty");
        }
        // Minutes come as two digits ("9:5" is not a time anyone writes); "14" is 14:00.
        let (h, m) = match s.split_once([':', '.']) {
            Some((h, m)) if m.len() == 2 => (h, m),
            Some(_) => return Err("err.time.format"),
            None => (s, "00"),
        };
        let number =
            |t: &str| (!t.is_empty() && t.len() <= 2 && t.bytes().all(|b| b.is_ascii_digit())).then(|| t.parse::<u16>().ok()).flatten();
        match (number(h), number(m)) {
            (Some(h), Some(m)) if h < 24 && m < 60 => Ok(ClockTime(h * 60 + m)),
            _ => Err("err.time.format"),
        }
    }

    pub fn minutes_since_midnight(self) -> u16 {
        self.0
    }

    /// Minutes from `self` until `end`, if `end` is later.
    pub fn minutes_until(self, end: ClockTime) -> Option<u16> {
        (end.0 > self.0).then(|| end.0 - self.0)
    }
}

impl std::fmt::Display for ClockTime {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:02}:{:02}", self.0 / 60, self.0 % 60)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clock_times_as_people_write_them() {
        for (typed, shown) in
            [("9:30", "09:30"), ("09:30", "09:30"), ("9.30", "09:30"), ("14u", "14:00"), ("14", "14:00"), (" 23:59 ", "23:59")]
        {
            assert_eq!(ClockTime::parse(typed).map(|t| t.to_string()), Ok(shown.to_owned()), "{typed}");
        }
        for bad in ["", "24:00", "12:60", "9:5", "abc", "12:345", "-1:00", "1:00:00"] {
            assert!(ClockTime::parse(bad).is_err(), "{bad}");
        }
        let (start, end) = (ClockTime::parse("13:30").unwrap(), ClockTime::parse("16:00").unwrap());
        assert_eq!(start.minutes_until(end), Some(150));
        assert_eq!(end.minutes_until(start), None);
    }

    #[test]
    fn clock_times_serialize_as_people_read_them() {
        let start = ClockTime::parse("9.30").unwrap();
        assert_eq!(serde_json::to_string(&start).unwrap(), "\"09:30\"");
        assert_eq!(serde_json::from_str::<ClockTime>("\"09:30\"").unwrap(), start);
        assert!(serde_json::from_str::<ClockTime>("\"25:00\"").is_err());
    }

    #[test]
    fn dates_in_iso_and_dutch_notation() {
        assert_eq!(parse_date("2026-11-22"), NaiveDate::from_ymd_opt(2026, 11, 22).ok_or("x"));
        assert_eq!(parse_date("22-11-2026"), NaiveDate::from_ymd_opt(2026, 11, 22).ok_or("x"));
        assert_eq!(parse_date(""), Err("err.date.empty"));
        assert_eq!(parse_date("31-02-2026"), Err("err.date.format"));
    }
}
