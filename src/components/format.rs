use chrono::{Datelike, NaiveDate};

use crate::{
    domain::format_quarters,
    i18n::{tr, Lang},
};

/// Dates as Dutch readers write them: 22-11-2026.
pub fn date(d: NaiveDate) -> String {
    d.format("%d-%m-%Y").to_string()
}

/// "23 november 2026" / "23 November 2026": dates on documents and formal pages.
pub fn long_date(lang: Lang, d: NaiveDate) -> String {
    format!("{} {} {}", d.day(), tr(lang, &format!("label.month_{}", d.month())), d.year())
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
    format!("{} {}", tr(lang, &format!("label.month_{}", d.month())), d.year())
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
