//! Cohorts (yearly groups) with their requirements, and who trains them.
#[cfg(feature = "ssr")]
pub mod actions;
#[cfg(feature = "ssr")]
pub mod db;
mod pages;

pub use pages::{CohortList, CohortPage, CohortTable, CohortsPage, EditCohortRulesPage, NewCohortPage, VisibleCohorts};

/// What this feature adds to the site besides its pages (assembled in `app::site`).
#[cfg(feature = "ssr")]
pub const FEATURE: crate::server::site::Feature = crate::server::site::Feature {
    forms: crate::form_actions![
        "create_cohort" => actions::create,
        "assign_trainer" => actions::assign_trainer,
        "update_cohort_rules" => actions::update_rules,
    ],
    ..crate::server::site::Feature::PAGES_ONLY
};

use chrono::NaiveDate;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::{domain::Organisation, error::AppError};
#[cfg(feature = "ssr")]
use crate::{
    domain::Role,
    server::{api::run, auth, context},
};

/// The final interview's criteria a new cohort starts with (peer experts' standards);
/// coordinators change them per cohort on the interview page (`interview::db::save_criteria`).
pub const DEFAULT_INTERVIEW_CRITERIA: [&str; 6] = [
    "Zet de eigen ervaringskennis bewust en doelgericht in",
    "Werkt in tandem met een professional van het buurtteam",
    "Reflecteert op het eigen POP en de eigen ontwikkeling",
    "Heeft bijgedragen aan het GOP van de intervisiegroep",
    "Kent de eigen grenzen en bewaakt ze",
    "Gaat zorgvuldig om met privacy en vertrouwelijkheid",
];

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CohortSummary {
    pub id: i64,
    pub name: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub participant_count: i64,
    pub pending_count: i64,
}

pub use crate::domain::Requirements;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParticipantRow {
    pub id: i64,
    pub name: String,
    pub activated: bool,
    /// The leerplek now: "Buurtteam Zuidoost (Petra Visser)".
    #[serde(default)]
    pub placement: Option<String>,
    /// Hours, attendance, plans and the final step: the same read model as their home.
    #[serde(flatten)]
    pub standing: crate::features::standing::Standing,
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
    /// This page of the participants (see `PARTICIPANTS_PER_PAGE`).
    pub participants: Vec<ParticipantRow>,
    pub participant_count: i64,
    /// More follow: the next page starts after this participant.
    pub next_after: Option<i64>,
    /// This is not the first page.
    pub paged: bool,
    pub trainers: Vec<TrainerRow>,
    /// Trainers a coordinator can still add (empty for trainers).
    pub assignable_trainers: Vec<TrainerRow>,
    /// Whether the reader may invite people and assign trainers here.
    pub can_manage: bool,
    /// Who no longer takes part here (paused, stopped, or gone on in another cohort).
    #[serde(default)]
    pub away: Vec<LeftParticipant>,
}

/// Someone whose last stint in this cohort has ended; `now_in` names the cohort they
/// went on in (their record is that cohort's now).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeftParticipant {
    pub id: i64,
    pub name: String,
    pub since: NaiveDate,
    pub left_as: crate::domain::LeaveKind,
    pub now_in: Option<String>,
}

/// Coordinators see every cohort, trainers only their own.
#[server(endpoint = "list_cohorts")]
pub async fn list_cohorts() -> Result<Vec<CohortSummary>, AppError> {
    run("list_cohorts", async {
        let user = auth::current_user().await?;
        let pool = context::pool()?;
        match user.role {
            Role::Coordinator => db::all_cohorts(&pool).await,
            Role::Trainer => db::trainer_cohorts(&pool, user.id).await,
            Role::Participant => Err(AppError::Forbidden),
        }
    })
    .await
}

/// Whether the caller may create cohorts; the new-cohort page asks before it shows its form.
#[server(endpoint = "may_manage_cohorts")]
pub async fn may_manage_cohorts() -> Result<(), AppError> {
    run("may_manage_cohorts", async { auth::current_user().await?.require(Role::Coordinator) }).await
}

/// Participants on one page of a cohort: a cohort of 500 is ten pages, not one table of 500.
pub const PARTICIPANTS_PER_PAGE: i64 = 50;

#[server(endpoint = "cohort_overview")]
pub async fn load_cohort_overview(
    #[server(default)] cohort_id: i64,
    #[server(default)] after: i64,
) -> Result<CohortOverview, AppError> {
    run("cohort_overview", async move {
        let user = auth::current_user().await?;
        let pool = context::pool()?;
        crate::authz::staff_of_cohort(&pool, &user, cohort_id).await?;
        db::overview(&pool, cohort_id, Some(after), user.role == Role::Coordinator).await?.ok_or(AppError::NotFound)
    })
    .await
}

/// A requirement in whole or quarter hours, between 1 and 500.
#[cfg(feature = "ssr")]
pub(crate) fn parse_requirement(input: &str) -> Result<i64, crate::domain::ParseError> {
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
pub(crate) fn parse_percent(input: &str) -> Result<i64, crate::domain::ParseError> {
    let s = input.trim();
    if s.is_empty() {
        return Ok(80);
    }
    match s.trim_end_matches('%').trim().parse::<i64>() {
        Ok(p) if (0..=100).contains(&p) => Ok(p),
        _ => Err("err.percent"),
    }
}

/// Everything a cohort requires and how its programme counts, as the coordinator edits it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CohortRules {
    pub cohort_id: i64,
    pub name: String,
    pub requirements: Requirements,
    pub trainings_required: i64,
    pub intervision_earns_hours: bool,
    pub excused_counts_as_absent: bool,
    /// Practice hours are approved only after the leerplek confirmed them (workplace).
    pub practice_needs_confirmation: bool,
}

/// The cohort's rules, for the coordinator's edit form.
#[server(endpoint = "cohort_rules")]
pub async fn load_cohort_rules(#[server(default)] cohort_id: i64) -> Result<CohortRules, AppError> {
    run("cohort_rules", async move {
        auth::current_user().await?.require(Role::Coordinator)?;
        db::rules(&context::pool()?, cohort_id).await?.ok_or(AppError::NotFound)
    })
    .await
}
