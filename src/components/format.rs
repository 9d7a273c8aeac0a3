use chrono::{Datelike, NaiveDate};

use crate::{
    domain::format_quarters,
    i18n::{tr, Lang},
};

/// Dates as Dutch readers write them: 22-11-2026.
pub fn date(d: NaiveDate) -> String {
    d.format("%d-%m-%Y").to_string()
}

/// The Amsterdam day of a stored UTC timestamp, written as dates are: "01-12-2026".
#[cfg(feature = "ssr")]
pub fn stamp_date(at: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(at)
        .map(|t| date(t.with_timezone(&chrono_tz::Europe::Amsterdam).date_naive()))
        .unwrap_or_else(|_| at.get(..10).unwrap_or_default().to_owned())
}

/// In the browser (islands never show stored timestamps): the UTC day.
#[cfg(not(feature = "ssr"))]
pub fn stamp_date(at: &str) -> String {
    at.get(..10).and_then(|d| d.parse::<NaiveDate>().ok()).map(date).unwrap_or_default()
}

/// The locale keys of the months, January first.
const MONTHS: [&str; 12] = [
    "label.month_1",
    "label.month_2",
    "label.month_3",
    "label.month_4",
    "label.month_5",
    "label.month_6",
    "label.month_7",
    "label.month_8",
    "label.month_9",
    "label.month_10",
    "label.month_11",
    "label.month_12",
];

fn month_name(lang: Lang, d: NaiveDate) -> String {
    tr(lang, MONTHS[d.month0() as usize])
}

/// "23 november 2026" / "23 November 2026": dates on the certificate itself.
pub fn long_date(lang: Lang, d: NaiveDate) -> String {
    format!("{} {} {}", d.day(), month_name(lang, d), d.year())
}

/// Hours in the reader's notation: "1,5" in Dutch, "1.5" in English.
pub fn hours(lang: Lang, quarters: i64) -> String {
    let dutch = format_quarters(quarters);
    match lang {
        Lang::Nl => dutch,
        Lang::En => dutch.replace(',', "."),
    }
}

/// "november 2026" / "November 2026": the heading of a month's entries.
pub fn month_heading(lang: Lang, d: NaiveDate) -> String {
    format!("{} {}", month_name(lang, d), d.year())
}

/// Percent-encodes a string for use inside a query parameter.
pub fn encode_component(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}
