//! The cohort forms: create a cohort, assign a trainer.
use super::{db, parse_form_date, parse_percent, parse_requirement, Requirements};
use crate::{
    domain::{RequiredText, Role},
    error::{AppError, FormErrors},
    server::forms::{Done, FormPost},
};

pub async fn create(post: &FormPost) -> Result<Done, AppError> {
    let user = post.user()?;
    user.require(Role::Coordinator)?;
    let mut errors = FormErrors::default();
    let name = errors.check(
        "name",
        RequiredText::parse(
            post.text("name"),
            80,
            "err.cohort.name_empty",
            "err.cohort.name_long",
        ),
    );
    let starts_on = errors.check("starts_on", parse_form_date(post.text("starts_on")));
    let ends_on = errors.check("ends_on", parse_form_date(post.text("ends_on")));
    if let (Some(s), Some(e)) = (starts_on, ends_on) {
        if e < s {
            errors.add("ends_on", "err.cohort.ends_before_start");
        }
    }
    let learning = errors.check(
        "learning_hours",
        parse_requirement(post.text("learning_hours")),
    );
    let practice = errors.check(
        "practice_hours",
        parse_requirement(post.text("practice_hours")),
    );
    let lessons = errors.check(
        "lesson_attendance_percent",
        parse_percent(post.text("lesson_attendance_percent")),
    );
    let intervision = errors.check(
        "intervision_attendance_percent",
        parse_percent(post.text("intervision_attendance_percent")),
    );
    errors.finish()?;
    let requirements = Requirements {
        learning_quarters: learning.expect("checked"),
        practice_quarters: practice.expect("checked"),
        lesson_attendance_percent: lessons.expect("checked"),
        intervision_attendance_percent: intervision.expect("checked"),
    };
    let name = name.expect("checked").into_inner();
    let new = db::NewCohort {
        name: name.clone(),
        starts_on: starts_on.expect("checked"),
        ends_on: ends_on.expect("checked"),
        requirements,
    };
    let id = db::create(post.pool(), &new, user.id).await?;
    Ok(Done::to(format!("/cohorten/{id}")).with_notice("msg.cohort.created", &[("name", name)]))
}

pub async fn assign_trainer(post: &FormPost) -> Result<Done, AppError> {
    let user = post.user()?;
    user.require(Role::Coordinator)?;
    let cohort_id = post
        .text("cohort_id")
        .parse::<i64>()
        .map_err(|_| AppError::NotFound)?;
    let trainer_id = post
        .text("trainer_id")
        .trim()
        .parse::<i64>()
        .map_err(|_| AppError::field("trainer_id", "err.trainer.choose"))?;
    let name = db::assign_trainer(post.pool(), cohort_id, trainer_id, user.id).await?;
    Ok(Done::to(format!("/cohorten/{cohort_id}"))
        .with_notice("msg.cohort.trainer_assigned", &[("name", name)]))
}
