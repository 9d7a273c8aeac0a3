//! The coordinator's forms on retention and erasure.
use super::retention::{self, MAX_MONTHS};
use crate::{
    domain::{Removal, Role},
    error::{AppError, FormErrors},
    {form::Done, server::form_post::FormPost},
};

/// The value a confirmation checkbox sends.
const CONFIRMED: &str = "yes";

fn coordinator(post: &FormPost) -> Result<i64, AppError> {
    let user = post.acting_as(Role::Coordinator)?;
    Ok(user.id)
}

fn target_id(post: &FormPost) -> Result<i64, AppError> {
    post.target.parse::<i64>().map_err(|_| AppError::NotFound)
}

/// `set_retention:{cohort}`: whole months (`months`) after the cohort's end.
pub async fn set_retention(post: &FormPost) -> Result<Done, AppError> {
    let actor = coordinator(post)?;
    let cohort_id = target_id(post)?;
    let months = match post.text("months").trim().parse::<i64>() {
        Ok(m) if (1..=MAX_MONTHS).contains(&m) => m,
        _ => return Err(AppError::field("months", "err.retention.months")),
    };
    retention::set_months(post.pool(), actor, cohort_id, months).await?;
    Ok(Done::to(format!("/bewaren/{cohort_id}")).with_notice("msg.retention.saved", &[("months", months.to_string())]))
}

/// `anonymise_due:{cohort}`: every remaining participant of a cohort whose retention has passed.
pub async fn anonymise_due(post: &FormPost) -> Result<Done, AppError> {
    let actor = coordinator(post)?;
    let cohort_id = target_id(post)?;
    if post.text("confirm") != CONFIRMED {
        return Err(AppError::field("confirm", "err.retention.confirm"));
    }
    let ids = retention::anonymise_due(post.pool(), actor, cohort_id).await?;
    for id in &ids {
        post.state.users.forget(*id);
    }
    Ok(Done::to(format!("/bewaren/{cohort_id}")).with_notice("msg.retention.anonymised", &[("count", ids.len().to_string())]))
}

/// `erase_participant:{id}`: on the participant's request; `withhold_name` also takes
/// their name off the verification page.
pub async fn erase_participant(post: &FormPost) -> Result<Done, AppError> {
    let actor = coordinator(post)?;
    let participant_id = target_id(post)?;
    let case = retention::erasure_case(post.pool(), participant_id).await?.ok_or(AppError::NotFound)?;
    let mut errors = FormErrors::default();
    if post.text("requested") != CONFIRMED {
        errors.add("requested", "err.erasure.requested");
    }
    if post.text("confirm") != CONFIRMED {
        errors.add("confirm", "err.retention.confirm");
    }
    errors.finish()?;
    let withhold_name = post.text("withhold_name") == CONFIRMED;
    let removal = retention::erase_on_request(post.pool(), actor, participant_id, withhold_name).await?;
    post.state.users.forget(participant_id);
    let notice = match removal {
        Removal::Erased => "msg.erasure.erased",
        Removal::Anonymised => "msg.erasure.anonymised",
    };
    Ok(Done::to(format!("/bewaren/{}", case.cohort_id)).with_notice(notice, &[]))
}
