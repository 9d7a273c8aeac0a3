use chrono::NaiveDate;

/// Dates as Dutch readers write them: 22-11-2026.
pub fn date(d: NaiveDate) -> String {
    d.format("%d-%m-%Y").to_string()
}
