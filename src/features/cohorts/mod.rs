//! Cohorts (yearly groups) with their requirements, and who trains them.
mod pages;
#[cfg(feature = "ssr")]
pub mod db;

pub use pages::{CohortPage, CohortTable, CohortsPage, NewCohortPage, VisibleCohorts};

use chrono::NaiveDate;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::{domain::Organisation, error::AppError};
#[cfg(feature = "ssr")]
use crate::{
    domain::Role,
    error::FormErrors,
    server::{api::run, auth},
};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CohortSummary {
    pub id: i64,
    pub name: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub participant_count: i64,
    pub pending_count: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Requirements {
    pub learning_quarters: i64,
    pub practice_quarters: i64,
    pub lesson_attendance_percent: i64,
    pub intervision_attendance_percent: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParticipantRow {
    pub id: i64,
    pub name: String,
    pub approved_learning_quarters: i64,
    pub approved_practice_quarters: i64,
    pub pending_count: i64,
    pub activated: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrainerRow {
    pub id: i64,
    pub name: String,
    pub organisation: Option<Organisation>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CohortOverview {
    pub id: i64,
    pub name: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub requirements: Requirements,
    pub participants: Vec<ParticipantRow>,
    pub trainers: Vec<TrainerRow>,
    /// Trainers a coordinator can still add (empty for trainers).
    pub assignable_trainers: Vec<TrainerRow>,
    /// Whether the reader may invite people and assign trainers here.
    pub can_manage: bool,
}

/// Coordinators see every cohort, trainers only their own.
#[server(endpoint = "list_cohorts")]
pub async fn list_cohorts() -> Result<Vec<CohortSummary>, AppError> {
    run("list_cohorts", async {
        let user = auth::current_user().await?;
        let pool = auth::pool()?;
        match user.role {
            Role::Coordinator => db::all_cohorts(&pool).await,
            Role::Trainer => db::trainer_cohorts(&pool, user.id).await,
            Role::Participant => Err(AppError::Forbidden),
        }
    })
    .await
}

#[server(endpoint = "cohort_overview")]
pub async fn load_cohort_overview(#[server(default)] cohort_id: i64) -> Result<CohortOverview, AppError> {
    run("cohort_overview", async move {
        let user = auth::current_user().await?;
        let pool = auth::pool()?;
        if !auth::can_view_cohort(&pool, &user, cohort_id).await? {
            return Err(if user.role == Role::Participant { AppError::Forbidden } else { AppError::NotFound });
        }
        db::overview(&pool, cohort_id, user.role == Role::Coordinator).await?.ok_or(AppError::NotFound)
    })
    .await
}

#[server(endpoint = "create_cohort")]
pub async fn create_cohort(
    #[server(default)] name: String,
    #[server(default)] starts_on: String,
    #[server(default)] ends_on: String,
    #[server(default)] learning_hours: String,
    #[server(default)] practice_hours: String,
    #[server(default)] lesson_attendance_percent: String,
    #[server(default)] intervision_attendance_percent: String,
) -> Result<i64, AppError> {
    run("create_cohort", async move {
        let user = auth::current_user().await?;
        user.require(Role::Coordinator)?;
        let mut errors = FormErrors::default();
        let name = errors.check("name", crate::domain::RequiredText::parse(&name, 80, "err.cohort.name_empty", "err.cohort.name_long"));
        let starts_on = errors.check("starts_on", parse_form_date(&starts_on));
        let ends_on = errors.check("ends_on", parse_form_date(&ends_on));
        if let (Some(s), Some(e)) = (starts_on, ends_on) {
            if e < s {
                errors.add("ends_on", "err.cohort.ends_before_start");
            }
        }
        let learning = errors.check("learning_hours", parse_requirement(&learning_hours));
        let practice = errors.check("practice_hours", parse_requirement(&practice_hours));
        let lessons = errors.check("lesson_attendance_percent", parse_percent(&lesson_attendance_percent));
        let intervision = errors.check("intervision_attendance_percent", parse_percent(&intervision_attendance_percent));
        errors.finish()?;
        let requirements = Requirements {
            learning_quarters: learning.expect("checked"),
            practice_quarters: practice.expect("checked"),
            lesson_attendance_percent: lessons.expect("checked"),
            intervision_attendance_percent: intervision.expect("checked"),
        };
        let new = db::NewCohort { name: name.expect("checked").into_inner(), starts_on: starts_on.expect("checked"), ends_on: ends_on.expect("checked"), requirements };
        let id = db::create(&auth::pool()?, &new, user.id).await?;
        leptos_axum::redirect(&format!("/cohorten/{id}"));
        Ok(id)
    })
    .await
}

#[server(endpoint = "assign_trainer")]
pub async fn assign_trainer(#[server(default)] cohort_id: i64, #[server(default)] trainer_id: String) -> Result<(), AppError> {
    run("assign_trainer", async move {
        let user = auth::current_user().await?;
        user.require(Role::Coordinator)?;
        let trainer_id = trainer_id.trim().parse::<i64>().map_err(|_| AppError::field("trainer_id", "err.trainer.choose"))?;
        db::assign_trainer(&auth::pool()?, cohort_id, trainer_id, user.id).await
    })
    .await
}

#[cfg(feature = "ssr")]
pub fn parse_form_date(input: &str) -> Result<NaiveDate, crate::domain::ParseError> {
    let s = input.trim();
    if s.is_empty() {
        return Err("err.date.empty");
    }
    // Browsers send ISO dates; people typing by hand often use 22-11-2026.
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(s, "%d-%m-%Y"))
        .map_err(|_| "err.date.format")
}

/// A requirement in whole or quarter hours, between 1 and 500.
#[cfg(feature = "ssr")]
fn parse_requirement(input: &str) -> Result<i64, crate::domain::ParseError> {
    let s = input.trim();
    if s.is_empty() {
        return Ok(240);
    }
    let hours: i64 = s.parse().map_err(|_| "err.requirement.format")?;
    if !(1..=500).contains(&hours) {
        return Err("err.requirement.range");
    }
    Ok(hours * 4)
}

#[cfg(feature = "ssr")]
fn parse_percent(input: &str) -> Result<i64, crate::domain::ParseError> {
    let s = input.trim();
    if s.is_empty() {
        return Ok(80);
    }
    match s.trim_end_matches('%').trim().parse::<i64>() {
        Ok(p) if (0..=100).contains(&p) => Ok(p),
        _ => Err("err.percent"),
    }
}

