use chrono::{NaiveDate, SecondsFormat, Utc};

/// Today's date where the programme runs; decides what counts as "in the future".
pub fn today_in_amsterdam() -> NaiveDate {
    Utc::now().with_timezone(&chrono_tz::Europe::Amsterdam).date_naive()
}

/// A UTC timestamp as stored in the database.
pub fn now_rfc3339() -> String {
    Utc::now().to_rfc3339_opts(SecondsFormat::Secs, true)
}
