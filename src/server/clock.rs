use chrono::{NaiveDate, SecondsFormat, Utc};

/// Today's date where the programme runs; decides what counts as "in the future".
pub fn today_in_amsterdam() -> NaiveDate {
    Utc::now().with_timezone(&chrono_tz::Europe::Amsterdam).date_naive()
}

/// A UTC timestamp as stored in the database.
pub fn now_rfc3339() -> String {
    Utc::now().to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// A stored UTC timestamp: RFC 3339 as the app writes it, or SQLite's own
/// `datetime()` form ("2026-11-22 21:17:00", UTC) as rows written in SQL have it.
pub fn parse_stored_time(at: &str) -> Option<chrono::DateTime<Utc>> {
    chrono::DateTime::parse_from_rfc3339(at)
        .map(|t| t.with_timezone(&Utc))
        .ok()
        .or_else(|| chrono::NaiveDateTime::parse_from_str(at, "%Y-%m-%d %H:%M:%S").ok().map(|t| t.and_utc()))
}

/// The Amsterdam day of a stored UTC timestamp: a confirmation at 00:30 in Amsterdam is
/// on that day, not on the UTC day before it.
pub fn amsterdam_date(at: &str) -> Option<NaiveDate> {
    parse_stored_time(at).map(|t| t.with_timezone(&chrono_tz::Europe::Amsterdam).date_naive())
}

/// A stored UTC timestamp as Amsterdam wall-clock time: "23-11-2026 18:05".
pub fn amsterdam_time(at: &str) -> String {
    parse_stored_time(at)
        .map(|t| t.with_timezone(&chrono_tz::Europe::Amsterdam).format("%d-%m-%Y %H:%M").to_string())
        .unwrap_or_else(|| at.to_owned())
}

/// The date and wall-clock time ("14:05") in Amsterdam: what "has this session started" is measured by.
pub fn now_in_amsterdam() -> (NaiveDate, String) {
    let now = Utc::now().with_timezone(&chrono_tz::Europe::Amsterdam);
    (now.date_naive(), now.format("%H:%M").to_string())
}
