use chrono::{Datelike, NaiveDate};

use crate::i18n::{tr, Lang};

/// Dates as Dutch readers write them: 22-11-2026.
pub fn date(d: NaiveDate) -> String {
    d.format("%d-%m-%Y").to_string()
}

/// "november 2026" / "November 2026": the heading of a month's entries.
pub fn month_heading(lang: Lang, d: NaiveDate) -> String {
    format!(
        "{} {}",
        tr(lang, &format!("label.month_{}", d.month())),
        d.year()
    )
}
