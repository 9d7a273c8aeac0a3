//! The cohort forms: create a cohort, assign a trainer.
use super::{db, parse_percent, parse_requirement, Requirements};
use crate::{
    domain::{parse_date as parse_form_date, RequiredText, Role},
    error::{AppError, FormErrors},
    {form::Done, server::form_post::FormPost},
};

pub async fn create(post: &FormPost) -> Result<Done, AppError> {
    let user = post.acting_as(Role::Coordinator)?;
    let mut errors = FormErrors::default();
    let name = errors.check("name", RequiredText::parse(post.text("name"), 80, "err.cohort.name_empty", "err.cohort.name_long"));
    let starts_on = errors.check("starts_on", parse_form_date(post.text("starts_on")));
    let ends_on = errors.check("ends_on", parse_form_date(post.text("ends_on")));
    if let (Some(s), Some(e)) = (starts_on, ends_on) {
        if e < s {
            errors.add("ends_on", "err.cohort.ends_before_start");
        }
    }
    let learning = errors.check("learning_hours", parse_requirement(post.text("learning_hours")));
    let practice = errors.check("practice_hours", parse_requirement(post.text("practice_hours")));
    let lessons = errors.check("lesson_attendance_percent", parse_percent(post.text("lesson_attendance_percent")));
    let intervision = errors.check("intervision_attendance_percent", parse_percent(post.text("intervision_attendance_percent")));
    let (Some(name), Some(starts_on), Some(ends_on), Some(learning), Some(practice), Some(lessons), Some(intervision)) =
        (name, starts_on, ends_on, learning, practice, lessons, intervision)
    else {
        return Err(errors.refusal());
    };
    errors.finish()?;
    let requirements = Requirements {
        learning_quarters: learning,
        practice_quarters: practice,
        lesson_attendance_percent: lessons,
        intervision_attendance_percent: intervision,
    };
    let name = name.into_inner();
    let new = db::NewCohort { name: name.clone(), starts_on, ends_on, requirements };
    let id = db::create(post.pool(), &new, user.id).await?;
    Ok(Done::to(format!("/cohorten/{id}")).with_notice("msg.cohort.created", &[("name", name)]))
}

pub async fn assign_trainer(post: &FormPost) -> Result<Done, AppError> {
    let user = post.acting_as(Role::Coordinator)?;
    let cohort_id = post.text("cohort_id").parse::<i64>().map_err(|_| AppError::NotFound)?;
    let trainer_id = post.text("trainer_id").trim().parse::<i64>().map_err(|_| AppError::field("trainer_id", "err.trainer.choose"))?;
    let name = db::assign_trainer(post.pool(), cohort_id, trainer_id, user.id).await?;
    Ok(Done::to(format!("/cohorten/{cohort_id}")).with_notice("msg.cohort.trainer_assigned", &[("name", name)]))
}

/// `update_cohort_rules`, with `cohort_id`: the requirements and programme rules after creation.
pub async fn update_rules(post: &FormPost) -> Result<Done, AppError> {
    let user = post.acting_as(Role::Coordinator)?;
    let cohort_id = post.text("cohort_id").trim().parse::<i64>().map_err(|_| AppError::NotFound)?;
    let current = db::rules(post.pool(), cohort_id).await?.ok_or(AppError::NotFound)?;
    let mut errors = FormErrors::default();
    let learning = errors.check("learning_hours", parse_requirement(post.text("learning_hours")));
    let practice = errors.check("practice_hours", parse_requirement(post.text("practice_hours")));
    let lessons = errors.check("lesson_attendance_percent", parse_percent(post.text("lesson_attendance_percent")));
    let intervision = errors.check("intervision_attendance_percent", parse_percent(post.text("intervision_attendance_percent")));
    let trainings = errors.check(
        "trainings_required",
        post.text("trainings_required").trim().parse::<i64>().ok().filter(|n| (0..=20).contains(n)).ok_or("err.trainings_required"),
    );
    let (Some(learning), Some(practice), Some(lessons), Some(intervision), Some(trainings)) =
        (learning, practice, lessons, intervision, trainings)
    else {
        return Err(errors.refusal());
    };
    errors.finish()?;
    let rules = super::CohortRules {
        requirements: Requirements {
            learning_quarters: learning,
            practice_quarters: practice,
            lesson_attendance_percent: lessons,
            intervision_attendance_percent: intervision,
        },
        trainings_required: trainings,
        intervision_earns_hours: post.text("intervision_earns_hours") == "yes",
        excused_counts_as_absent: post.text("excused_counts_as_absent") == "yes",
        practice_needs_confirmation: post.text("practice_needs_confirmation") == "yes",
        ..current
    };
    let changed = db::update_rules(post.pool(), &rules, user.id).await?;
    let key = if changed { "msg.cohort.rules_changed" } else { "msg.cohort.rules_unchanged" };
    Ok(Done::to(format!("/cohorten/{cohort_id}")).with_notice(key, &[]))
}
