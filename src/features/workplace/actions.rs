//! The leerplek's forms: the participant's (leerplek, ask, withdraw) and the
//! werkbegeleider's one answer form behind the link, which needs no login.
use super::{db, NewPlacement, PostedAnswer, REMARK_MAX};
use crate::{
    domain::{parse_date, ConfirmationAnswer, Email, PersonName, RequiredText, Role, SupervisorRole},
    error::{AppError, FormErrors},
    form::Done,
    server::{clock::today_in_amsterdam, form_post::FormPost, tokens},
};

/// `save_placement`: a new leerplek, or a change (the old one stays in the history).
pub async fn save_placement(post: &FormPost) -> Result<Done, AppError> {
    let user = post.acting_as(Role::Participant)?;
    let mut errors = FormErrors::default();
    let organisation =
        errors.check("organisation", RequiredText::parse(post.text("organisation"), 120, "err.placement.organisation", "err.text.too_long"));
    let team = post.text("team").trim();
    if team.chars().count() > 120 {
        errors.add("team", "err.text.too_long");
    }
    let supervisor_name = errors.check("supervisor_name", PersonName::parse(post.text("supervisor_name")));
    let supervisor_email = errors.check("supervisor_email", Email::parse(post.text("supervisor_email")));
    let supervisor_role = errors.check("supervisor_role", SupervisorRole::parse(post.text("supervisor_role")));
    let since = errors.check("since", parse_date(post.text("since")));
    if since.is_some_and(|d| d > today_in_amsterdam()) {
        errors.add("since", "err.placement.since_future");
    }
    errors.finish()?;
    let (Some(organisation), Some(supervisor_name), Some(supervisor_email), Some(supervisor_role), Some(since)) =
        (organisation, supervisor_name, supervisor_email, supervisor_role, since)
    else {
        return Err(AppError::Internal);
    };
    let new = NewPlacement {
        organisation: organisation.into_inner(),
        team: team.to_owned(),
        supervisor_name: supervisor_name.as_str().to_owned(),
        supervisor_email,
        supervisor_role,
        since,
    };
    db::save_placement(post.pool(), user.id, &new).await?;
    Ok(Done::to("/leerplek").with_notice("msg.placement.saved", &[]))
}

/// `request_confirmation`: the ticked practice entries (`entries[]`) go on one link to
/// the werkbegeleider, by mail; a month's button (`month`, "2026-11") sends every entry
/// of that month that is not confirmed or waiting yet.
pub async fn request(post: &FormPost) -> Result<Done, AppError> {
    let user = post.acting_as(Role::Participant)?;
    let ids: Vec<i64> = match post.text("month").trim() {
        "" => post.all("entries[]").into_iter().filter_map(|id| id.trim().parse().ok()).take(200).collect(),
        month => {
            let first = chrono::NaiveDate::parse_from_str(&format!("{month}-01"), "%Y-%m-%d")
                .map_err(|_| AppError::field("entries", "err.confirmation.none_chosen"))?;
            let askable = db::overview(post.pool(), user.id).await?.askable;
            askable.into_iter().filter(|e| e.is_open() && month_of(e.worked_on) == month_of(first)).map(|e| e.id).collect()
        }
    };
    if ids.is_empty() {
        return Err(AppError::field("entries", "err.confirmation.none_chosen"));
    }
    let sent = db::request(post.pool(), user.id, &ids).await?;
    Ok(Done::to("/leerplek").with_notice("msg.confirmation.requested", &[("count", sent.entries.to_string())]))
}

fn month_of(day: chrono::NaiveDate) -> (i32, u32) {
    use chrono::Datelike;
    (day.year(), day.month())
}

/// `resend_confirmation:{request}`: what is still open on it goes on a new link.
pub async fn resend(post: &FormPost) -> Result<Done, AppError> {
    let user = post.acting_as(Role::Participant)?;
    let request_id: i64 = post.target.parse().map_err(|_| AppError::NotFound)?;
    let sent = db::resend(post.pool(), user.id, request_id).await?;
    Ok(Done::to("/leerplek").with_notice("msg.confirmation.resent", &[("count", sent.entries.to_string())]))
}

/// `withdraw_confirmation:{request}`: the link stops working.
pub async fn withdraw(post: &FormPost) -> Result<Done, AppError> {
    let user = post.acting_as(Role::Participant)?;
    let request_id: i64 = post.target.parse().map_err(|_| AppError::NotFound)?;
    if !db::withdraw(post.pool(), user.id, request_id).await? {
        return Err(AppError::NotFound);
    }
    Ok(Done::to("/leerplek").with_notice("msg.confirmation.withdrawn", &[]))
}

/// `answer_confirmation`: per entry on the link `answer_{id}` (bevestigd / betwist) and
/// `remark_{id}`; a dispute needs a remark. Entries left open stay on the link.
pub async fn answer(post: &FormPost) -> Result<Done, AppError> {
    let token = post.text("token");
    let limit = &post.state.link_limit;
    limit.check(&post.client.0)?;
    if !tokens::looks_like_token(token) {
        limit.failed(&post.client.0);
        return Err(AppError::NotFound);
    }
    let ids: Vec<i64> = post.all("entry").into_iter().filter_map(|id| id.trim().parse().ok()).take(200).collect();
    let mut errors = FormErrors::default();
    let mut answers = Vec::new();
    let mut refused = false;
    for id in ids {
        let chosen = post.text(&format!("answer_{id}"));
        if chosen.is_empty() {
            continue;
        }
        let Ok(answer) = ConfirmationAnswer::parse(chosen) else {
            errors.add(&format!("answer_{id}"), "err.confirmation.answer");
            refused = true;
            continue;
        };
        let remark = post.text(&format!("remark_{id}")).trim().to_owned();
        if remark.chars().count() > REMARK_MAX {
            errors.add(&format!("remark_{id}"), "err.text.too_long");
            refused = true;
        } else if answer == ConfirmationAnswer::Disputed && remark.is_empty() {
            errors.add(&format!("remark_{id}"), "err.confirmation.remark_needed");
            refused = true;
        }
        answers.push(PostedAnswer { entry_id: id, answer, remark });
    }
    if answers.is_empty() && !refused {
        errors.add("form", "err.confirmation.nothing_answered");
    }
    errors.finish()?;
    db::answer(post.pool(), &tokens::hash_token(token), &answers).await.inspect_err(|e| {
        if matches!(e, AppError::NotFound) {
            limit.failed(&post.client.0);
        }
    })?;
    // No notice: that would start a session, and this page sets none.
    Ok(Done::to(format!("/bevestigen/{token}/klaar")))
}
