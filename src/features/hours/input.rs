//! Turns the posted hour form into checked values, reporting every problem at once.
use chrono::NaiveDate;

use crate::{
    domain::{parse_date as parse_form_date, HourKind, Hours, RequiredText},
    error::{AppError, FormErrors},
    server::clock::today_in_amsterdam,
};

pub struct EntryInput {
    pub worked_on: NaiveDate,
    pub hours: Hours,
    pub kind: HourKind,
    pub description: RequiredText,
    pub place: Option<RequiredText>,
}

pub fn parse(
    worked_on: &str,
    hours: &str,
    kind: &str,
    description: &str,
    place: &str,
    (cohort_start, cohort_end): (NaiveDate, NaiveDate),
) -> Result<EntryInput, AppError> {
    let mut errors = FormErrors::default();
    let worked_on = errors.check("worked_on", parse_form_date(worked_on));
    if let Some(date) = worked_on {
        if date > today_in_amsterdam() {
            errors.add("worked_on", "err.date.future");
        } else if date < cohort_start || date > cohort_end {
            errors.add("worked_on", "err.date.outside_cohort");
        }
    }
    let hours = errors.check("hours", Hours::parse(hours));
    let kind = errors.check("kind", HourKind::parse(kind));
    let description = errors.check("description", RequiredText::parse(description, 500, "err.description.empty", "err.description.long"));
    let place = match kind {
        Some(HourKind::Practice) => errors.check("place", RequiredText::parse(place, 120, "err.place.empty", "err.place.long")),
        _ => None,
    };
    let (Some(worked_on), Some(hours), Some(kind), Some(description)) = (worked_on, hours, kind, description) else {
        return Err(errors.refusal());
    };
    errors.finish()?;
    Ok(EntryInput { worked_on, hours, kind, description, place })
}

pub enum Decision {
    Approve,
    Reject(RequiredText),
}

pub fn parse_decision(decision: &str, reason: &str) -> Result<Decision, AppError> {
    match decision.trim() {
        "approve" => Ok(Decision::Approve),
        "reject" => RequiredText::parse(reason, 500, "err.reason.empty", "err.reason.long")
            .map(Decision::Reject)
            .map_err(|key| AppError::field("reason", key)),
        _ => Err(AppError::field("form", "err.review.decision")),
    }
}
