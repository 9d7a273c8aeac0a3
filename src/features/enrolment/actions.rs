//! The coordinator's two forms: a break (pause or stop) and going on in a cohort.
use super::db::{self, Break};
use crate::{
    components::format::date,
    domain::{parse_date, BreakReason, LeaveKind},
    error::{AppError, FormErrors},
    form::Done,
    server::{clock::today_in_amsterdam, form_post::FormPost},
};

fn participant_id(post: &FormPost) -> Result<i64, AppError> {
    post.target.parse().map_err(|_| AppError::NotFound)
}

fn back_to(id: i64) -> String {
    format!("/deelnemers/{id}/deelname")
}

/// `take_break:{participant}`: pause (with an optional expected return) or stop, from a day.
pub async fn take_break(post: &FormPost) -> Result<Done, AppError> {
    let user = post.user()?;
    crate::authz::places_participants(user)?;
    let id = participant_id(post)?;
    let today = today_in_amsterdam();
    let mut errors = FormErrors::default();
    let kind = LeaveKind::parse(post.text("kind")).ok().filter(|k| *k != LeaveKind::Moved);
    if kind.is_none() {
        errors.add("kind", "err.enrolment.kind");
    }
    let reason = BreakReason::parse(post.text("reason")).map_err(|key| errors.add("reason", key)).ok();
    let from = match parse_date(post.text("from")) {
        Ok(day) if day > today => {
            errors.add("from", "err.enrolment.from_future");
            None
        }
        Ok(day) => Some(day),
        Err(key) => {
            errors.add("from", key);
            None
        }
    };
    let expected_back = match post.text("expected_back").trim() {
        "" => None,
        text => match parse_date(text) {
            Ok(day) if from.is_some_and(|f| day <= f) => {
                errors.add("expected_back", "err.enrolment.back_before");
                None
            }
            Ok(day) => Some(day),
            Err(key) => {
                errors.add("expected_back", key);
                None
            }
        },
    };
    errors.finish()?;
    let (Some(kind), Some(reason), Some(from)) = (kind, reason, from) else {
        return Err(AppError::Internal);
    };
    let name = db::take_break(post.pool(), user.id, id, &Break { kind, reason, from, expected_back }).await?;
    let notice = if kind == LeaveKind::Stopped { "msg.enrolment.stopped" } else { "msg.enrolment.paused" };
    Ok(Done::to(back_to(id)).with_notice(notice, &[("name", name), ("date", date(from))]))
}

/// `continue_in:{participant}`: go on in a cohort (the same one after a break, or another).
pub async fn continue_in(post: &FormPost) -> Result<Done, AppError> {
    let user = post.user()?;
    crate::authz::places_participants(user)?;
    let id = participant_id(post)?;
    let cohort_id = post.text("cohort").trim().parse::<i64>().map_err(|_| AppError::field("cohort", "err.enrolment.cohort"))?;
    let went_on = db::continue_in(post.pool(), user.id, id, cohort_id, today_in_amsterdam()).await?;
    let notice = if went_on.moved { "msg.enrolment.moved" } else { "msg.enrolment.resumed" };
    Ok(Done::to(back_to(id))
        .with_notice(notice, &[("name", went_on.name), ("cohort", went_on.cohort_name), ("date", date(went_on.joined_on))]))
}
