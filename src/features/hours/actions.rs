//! The hour forms: log, change, withdraw, and the trainers' decisions.
use super::{db, input};
use crate::{
    domain::Role,
    error::AppError,
    form::Done,
    server::{caller::CurrentUser, form_post::FormPost},
};

/// The sending participant, their cohort, and the posted entry checked against that cohort's period.
async fn participant_entry(post: &FormPost) -> Result<(&CurrentUser, i64, input::EntryInput), AppError> {
    let user = post.acting_as(Role::Participant)?;
    let cohort_id = user.cohort_id.ok_or(AppError::Forbidden)?;
    let period = db::cohort_period(post.pool(), cohort_id).await?;
    let entry =
        input::parse(post.text("worked_on"), post.text("hours"), post.text("kind"), post.text("description"), post.text("place"), period)?;
    Ok((user, cohort_id, entry))
}

pub async fn log(post: &FormPost) -> Result<Done, AppError> {
    let (user, cohort_id, entry) = participant_entry(post).await?;
    db::insert(post.pool(), user.id, cohort_id, &entry).await?;
    Ok(Done::to("/").with_notice("msg.hours.saved", &[]))
}

/// Changes a submitted entry, or corrects a rejected one and submits it again.
pub async fn update(post: &FormPost) -> Result<Done, AppError> {
    let id = post.text("id").parse::<i64>().map_err(|_| AppError::NotFound)?;
    let (user, _, entry) = participant_entry(post).await?;
    db::update(post.pool(), id, user.id, &entry).await?;
    Ok(Done::to("/").with_notice("msg.hours.resubmitted", &[]))
}

/// `withdraw:{id}`; returns to the list it was sent from.
pub async fn withdraw(post: &FormPost) -> Result<Done, AppError> {
    let user = post.acting_as(Role::Participant)?;
    let id = post.target.parse::<i64>().map_err(|_| AppError::NotFound)?;
    db::withdraw(post.pool(), id, user.id).await?;
    Ok(Done::to(crate::clean::local_path(post.text("terug"))).with_notice("msg.hours.withdrawn", &[]))
}

/// `decide:{id}` from one card, `decide:bulk` with the ticked `ids[]`, or
/// `decide:confirmed` with the confirmed entries a filtered queue page shows. Each
/// decision only lands if the entry is still waiting: when two trainers decide at
/// once, the first wins and the second is told the entry was already decided.
pub async fn decide(post: &FormPost) -> Result<Done, AppError> {
    let user = post.acting_as(Role::Trainer)?;
    let from_list = post.target == "bulk" || post.target == "confirmed";
    let ids: Vec<i64> = if from_list {
        post.all("ids[]").into_iter().filter_map(|id| id.trim().parse().ok()).collect()
    } else {
        post.target.parse().into_iter().collect()
    };
    let decision = input::parse_decision(post.text("decision"), post.text("reason"))?;
    if ids.is_empty() {
        return Err(AppError::field("ids", "err.review.none_selected"));
    }
    let approval_reason = Some(post.text("reason").trim()).filter(|r| matches!(decision, input::Decision::Approve) && !r.is_empty());
    if approval_reason.is_some_and(|r| r.chars().count() > 500) {
        return Err(AppError::field("reason", "err.reason.long"));
    }
    let outcome = db::decide(post.pool(), user.id, &ids, &decision, approval_reason).await?;
    match (outcome.decided, outcome.already_decided) {
        (0, 0) => return Err(AppError::NotFound),
        (0, _) => return Err(AppError::Conflict("err.entry.already_decided".into())),
        _ => {}
    }
    if outcome.approved {
        // Approved hours can complete the requirements of someone who already passed the interview.
        let participants = db::participants_of_entries(post.pool(), &ids).await?;
        post.progress_changed(&participants).await;
    }
    let key = match (outcome.approved, outcome.already_decided > 0) {
        (true, false) => "msg.review.approved",
        (true, true) => "msg.review.approved_some_taken",
        (false, false) => "msg.review.rejected",
        (false, true) => "msg.review.rejected_some_taken",
    };
    let args = [("count", outcome.decided.to_string()), ("skipped", outcome.already_decided.to_string())];
    let back = if post.target == "confirmed" { "/beoordelen?alleen=bevestigd" } else { "/beoordelen" };
    Ok(Done::to(back).with_notice(key, &args))
}
