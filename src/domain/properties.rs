//! Property tests of the parsers every form goes through: whatever anyone types,
//! they answer a value or a message key the locale files have, never a panic; and
//! what the app writes itself reads back as the same value.
use chrono::{Datelike, NaiveDate};
use proptest::prelude::*;

use super::{parse_date, ClockTime, Email, Hours, NewPassword, PersonName, RequiredText};
use crate::i18n::{has, Lang};

fn known(key: &str) -> bool {
    has(Lang::Nl, key) && has(Lang::En, key)
}

proptest! {
    #[test]
    fn any_text_gets_a_value_or_a_known_message(input in any::<String>()) {
        if let Err(key) = Hours::parse(&input) { prop_assert!(known(key), "{key}"); }
        if let Err(key) = parse_date(&input) { prop_assert!(known(key), "{key}"); }
        if let Err(key) = ClockTime::parse(&input) { prop_assert!(known(key), "{key}"); }
        if let Err(key) = PersonName::parse(&input) { prop_assert!(known(key), "{key}"); }
        match Email::parse(&input) {
            Err(key) => prop_assert!(known(key), "{key}"),
            Ok(email) => {
                if let Err(key) = NewPassword::parse(&input, &email) { prop_assert!(known(key), "{key}"); }
            }
        }
        if let Ok(email) = Email::parse("a@example.nl") {
            if let Err(key) = NewPassword::parse(&input, &email) { prop_assert!(known(key), "{key}"); }
        }
    }

    #[test]
    fn typed_hour_notations_never_panic(h in 0u32..100, m in 0u32..100, sep in "[:.,u ]{1,2}", unit in "(| uur| min| minuten|u|h)") {
        if let Err(key) = Hours::parse(&format!("{h}{sep}{m}{unit}")) { prop_assert!(known(key), "{key}"); }
    }

    #[test]
    fn an_accepted_hour_count_is_between_a_quarter_and_twelve_hours(input in "[0-9]{0,3}([,.:][0-9]{0,3})?( ?(uur|u|min))?") {
        if let Ok(hours) = Hours::parse(&input) {
            prop_assert!((1..=48).contains(&hours.quarters()), "{input} → {}", hours.quarters());
        }
    }

    #[test]
    fn an_email_is_read_once_and_the_same_again(local in "[A-Za-z0-9._%+-]{1,20}", domain in "[A-Za-z0-9-]{1,20}", tld in "[a-z]{2,6}") {
        let typed = format!("  {local}@{domain}.{tld} ");
        let email = Email::parse(&typed).expect("a plain address");
        prop_assert_eq!(email.as_str(), email.as_str().to_lowercase());
        prop_assert_eq!(Email::parse(email.as_str()), Ok(email.clone()));
    }

    #[test]
    fn dates_read_back_in_both_notations(days in 0i32..40_000) {
        let day = NaiveDate::from_ymd_opt(1990, 1, 1).unwrap() + chrono::Duration::days(i64::from(days));
        prop_assert_eq!(parse_date(&day.to_string()), Ok(day));
        prop_assert_eq!(parse_date(&format!("{:02}-{:02}-{}", day.day(), day.month(), day.year())), Ok(day));
    }

    #[test]
    fn a_time_reads_back_as_written(minutes in 0u16..1440) {
        let time = ClockTime::parse(&format!("{}:{:02}", minutes / 60, minutes % 60)).expect("a time of day");
        prop_assert_eq!(time.minutes_since_midnight(), minutes);
        prop_assert_eq!(ClockTime::parse(&time.to_string()), Ok(time));
    }

    #[test]
    fn required_text_keeps_its_limit(input in ".{0,300}", max in 1usize..200) {
        match RequiredText::parse(&input, max, "err.description.empty", "err.description.long") {
            Ok(text) => prop_assert!(text.as_str().chars().count() <= max),
            Err(key) => prop_assert!(known(key), "{key}"),
        }
    }
}
