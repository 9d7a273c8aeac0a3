//! The interview forms: edit the criteria, schedule, call off, judge and sign.
//! Scheduling and criteria are for coordinators; judging and signing only for the
//! interview's own two assessors, each from their own account.
use sqlx::SqlitePool;

use super::db::{self, NewInterview, PostedJudgement};
use crate::{
    domain::{parse_date, ClockTime, InterviewStatus, Organisation, RequiredText, Role},
    error::{AppError, FormErrors},
    features::certificates,
    form::Done,
    server::{caller::CurrentUser, clock::today_in_amsterdam, form_post::FormPost},
};

/// The one policy for reading an interview: the participant it concerns, the cohort's
/// trainers and the coordinators.
pub async fn may_view(pool: &SqlitePool, user: &CurrentUser, participant_id: i64, cohort_id: i64) -> Result<bool, AppError> {
    crate::authz::may_see_work_of(pool, user, &[participant_id], cohort_id).await
}

fn target_id(post: &FormPost) -> Result<i64, AppError> {
    post.target.parse::<i64>().map_err(|_| AppError::NotFound)
}

const MAX_CRITERIA: usize = 20;

/// `save_criteria:{cohort}`: one criterion per line.
pub async fn save_criteria(post: &FormPost) -> Result<Done, AppError> {
    let user = post.acting_as(Role::Coordinator)?;
    let cohort_id = target_id(post)?;
    db::criteria(post.pool(), cohort_id).await?.ok_or(AppError::NotFound)?;
    let titles: Vec<String> = post.text("criteria").lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_owned).collect();
    if titles.is_empty() {
        return Err(AppError::field("criteria", "err.criteria.empty"));
    }
    if titles.len() > MAX_CRITERIA {
        return Err(AppError::field("criteria", "err.criteria.too_many"));
    }
    if titles.iter().any(|t| t.chars().count() > 200) {
        return Err(AppError::field("criteria", "err.criteria.too_long"));
    }
    db::save_criteria(post.pool(), cohort_id, &titles, user.id).await?;
    Ok(Done::to(format!("/cohorten/{cohort_id}/eindgesprekken")).with_notice("msg.criteria.saved", &[("count", titles.len().to_string())]))
}

/// `schedule_interview`: the participant, date, time, place and the two assessors.
pub async fn schedule(post: &FormPost) -> Result<Done, AppError> {
    let user = post.acting_as(Role::Coordinator)?;
    let participant = post.text("participant").trim().parse::<i64>().ok();
    let cohort_id = match participant {
        Some(id) => crate::features::hours::db::cohort_of(post.pool(), id).await?,
        None => None,
    };
    // Every missing field is reported at once, the participant's included.
    let mut errors = FormErrors::default();
    if cohort_id.is_none() {
        errors.add("participant", "err.interview.participant_missing");
    }
    let held_on = errors.check("held_on", parse_date(post.text("held_on")));
    if held_on.is_some_and(|day| day < today_in_amsterdam()) {
        errors.add("held_on", "err.interview.date_past");
    }
    let starts_at = errors.check("starts_at", ClockTime::parse(post.text("starts_at")));
    let place = errors.check("place", RequiredText::parse(post.text("place"), 200, "err.interview.place_empty", "err.text.too_long"));
    let mut assessor = |field: &str, organisation: Organisation| {
        let id = post.text(field).trim().parse::<i64>().ok();
        if id.is_none() {
            errors.add(field, "err.interview.assessor_missing");
        }
        id.map(|id| (field.to_owned(), id, organisation))
    };
    let va = assessor("assessor_va", Organisation::Vrijwilligersacademie);
    let hva = assessor("assessor_hva", Organisation::Hva);
    if let Some(cohort_id) = cohort_id {
        for (field, id, organisation) in [&va, &hva].into_iter().flatten() {
            if !db::is_cohort_trainer_of(post.pool(), cohort_id, *id, *organisation).await? {
                errors.add(field, "err.interview.assessor_wrong");
            }
        }
    }
    let (Some(participant_id), Some(cohort_id), Some(held_on), Some(starts_at), Some(place), Some(va), Some(hva)) =
        (participant, cohort_id, held_on, starts_at, place, va, hva)
    else {
        return Err(errors.refusal());
    };
    errors.finish()?;
    let new = NewInterview {
        participant_id,
        cohort_id,
        held_on,
        starts_at: starts_at.to_string(),
        place: place.into_inner(),
        assessor_va_id: va.1,
        assessor_hva_id: hva.1,
    };
    let id = db::schedule(post.pool(), &new, user.id).await?;
    Ok(Done::to(format!("/eindgesprekken/{id}")).with_notice("msg.interview.scheduled", &[]))
}

/// `cancel_interview:{id}`: calls off a planned interview.
pub async fn cancel(post: &FormPost) -> Result<Done, AppError> {
    let user = post.acting_as(Role::Coordinator)?;
    let id = target_id(post)?;
    let access = db::access(post.pool(), id).await?.ok_or(AppError::NotFound)?;
    db::cancel(post.pool(), id, user.id).await?;
    Ok(Done::to(format!("/cohorten/{}/eindgesprekken", access.cohort_id)).with_notice("msg.interview.cancelled", &[]))
}

/// `judge_interview:{id}`: the assessor's verdict per criterion (`oordeel-{item}` is
/// `voldaan` or `niet_voldaan`, `toelichting-{item}` the explanation); `ondertekenen=ja`
/// signs. Only the interview's own assessors, and only while it is planned.
pub async fn judge(post: &FormPost) -> Result<Done, AppError> {
    let user = post.acting_as(Role::Trainer)?;
    let id = target_id(post)?;
    let access = db::access(post.pool(), id).await?.ok_or(AppError::NotFound)?;
    crate::authz::assessor_of(post.pool(), user, &access.assessors, access.cohort_id).await?;
    if access.status != InterviewStatus::Planned {
        return Err(AppError::Conflict("err.interview.locked".into()));
    }
    let item_ids: Vec<i64> = post.all("item").iter().filter_map(|v| v.parse().ok()).collect();
    let sign = post.text("sign") == "yes";
    let mut errors = FormErrors::default();
    let mut judgements = Vec::with_capacity(item_ids.len());
    for (position, item_id) in item_ids.into_iter().enumerate() {
        // Messages say which criterion they are about: the summary lists them all.
        let criterion = [("number", (position + 1).to_string())];
        let verdict_field = format!("oordeel-{item_id}");
        let explanation_field = format!("toelichting-{item_id}");
        let met = match post.text(&verdict_field) {
            "voldaan" => Some(true),
            "niet_voldaan" => Some(false),
            _ => None,
        };
        let explanation = post.text(&explanation_field).trim().to_owned();
        if explanation.chars().count() > 2000 {
            errors.add_with(&explanation_field, "err.interview.explanation_too_long", &criterion);
        }
        if sign && met.is_none() {
            errors.add_with(&verdict_field, "err.interview.verdict_missing", &criterion);
        }
        if met.is_some() && explanation.is_empty() {
            errors.add_with(&explanation_field, "err.interview.explanation_missing", &criterion);
        }
        judgements.push(PostedJudgement { item_id, met, explanation });
    }
    errors.finish()?;
    let outcome = db::save_judgements(post.pool(), id, user.id, &judgements, sign).await?;
    let back = format!("/eindgesprekken/{id}");
    Ok(match outcome {
        Some(InterviewStatus::Passed) => {
            // The certificate follows at once when the participant meets every requirement;
            // otherwise the coordinator issues it once they do.
            match certificates::issue::issue_for_interview(post.pool(), &certificates::issue::Issuer::of(&post.state), id, Some(user.id)).await {
                Ok(_) => Done::to(back).with_notice("msg.interview.passed_issued", &[]),
                Err(AppError::Conflict(_)) => Done::to(back).with_notice("msg.interview.passed_not_eligible", &[]),
                // The outcome is saved; the coordinator can issue from the interview page.
                Err(error) => {
                    tracing::warn!(interview = id, ?error, "certificate not issued after the interview was passed");
                    Done::to(back).with_notice("msg.interview.passed_issue_later", &[])
                }
            }
        }
        Some(_) => Done::to(back).with_notice("msg.interview.not_passed", &[]),
        None if sign => Done::to(back).with_notice("msg.interview.signed", &[]),
        None => Done::to(back).with_notice("msg.interview.saved", &[]),
    })
}

/// `issue_certificate:{interview}`: for a passed interview whose participant meets
/// every requirement by now (the certificate follows the signatures at once otherwise).
pub async fn issue_certificate(post: &FormPost) -> Result<Done, AppError> {
    let user = post.acting_as(Role::Coordinator)?;
    let interview_id = post.target.parse::<i64>().map_err(|_| AppError::NotFound)?;
    db::access(post.pool(), interview_id).await?.ok_or(AppError::NotFound)?;
    let number = certificates::issue::issue_for_interview(post.pool(), &certificates::issue::Issuer::of(&post.state), interview_id, Some(user.id)).await?;
    Ok(Done::to(format!("/eindgesprekken/{interview_id}")).with_notice("msg.certificate.issued", &[("number", number)]))
}
