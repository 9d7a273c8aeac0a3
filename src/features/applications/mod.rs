//! The way in: a public page about the track, applying (aanmelden) without an account
//! against the admission requirements the coordinator words per cohort, and the
//! coordinator's handling of applications up to admission, which makes the account
//! and sends the invitation in one step.
#[cfg(feature = "ssr")]
mod actions;
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
mod export;
#[cfg(feature = "ssr")]
pub mod jobs;
mod manage_pages;
mod pages;
mod settings_page;

pub use manage_pages::{ApplicationPage, ApplicationsPage, CohortApplicationsPage};
pub use pages::{AppliedPage, ApplyPage, TrackPage};
pub use settings_page::AdmissionPage;

use chrono::NaiveDate;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use crate::server::{api::run, auth, context};
use crate::{
    domain::{AdmissionAnswer, ApplicationStatus, DeclineReason},
    error::AppError,
};

/// The longest texts an applicant may write.
pub const EXPERIENCE_MAX: usize = 1_000;
pub const MOTIVATION_MAX: usize = 2_000;
pub const EXPLANATION_MAX: usize = 500;
/// The longest admission statement and note.
pub const STATEMENT_MAX: usize = 300;
pub const NOTE_MAX: usize = 1_000;
/// Applications shown per page in a cohort's list.
pub const PER_PAGE: i64 = 50;

#[cfg(feature = "ssr")]
pub const FEATURE: crate::server::site::Feature = crate::server::site::Feature {
    forms: crate::form_actions![
        "apply" => actions::apply,
        "save_admission" => actions::save_admission,
        "add_statement" => actions::add_statement,
        "remove_statement" => actions::remove_statement,
        "plan_meeting" => actions::plan_meeting,
        "admit" => actions::admit,
        "waitlist" => actions::waitlist,
        "decline" => actions::decline,
        "withdraw_application" => actions::withdraw,
        "note_application" => actions::note,
    ],
    public_paths: &["/leerlijn", "/aanmelden"],
    jobs: jobs::JOBS,
    routes: || axum::Router::new().route("/cohorten/{id}/aanmeldingen.csv", axum::routing::get(export::cohort_applications)),
    ..crate::server::site::Feature::PAGES_ONLY
};

/// One admission requirement as the applicant answers it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Statement {
    pub id: i64,
    pub text: String,
}

/// A cohort that takes applications, as the public pages show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenCohort {
    pub id: i64,
    pub name: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub place: String,
    pub retention_months: i64,
    pub statements: Vec<Statement>,
}

/// An application as the form posts it, checked.
#[derive(Debug, Clone)]
pub struct NewApplication {
    pub cohort_id: i64,
    pub name: String,
    pub email: String,
    pub phone: String,
    pub training: String,
    pub training_year: Option<i64>,
    pub experience: String,
    pub placement: String,
    pub motivation: String,
    pub language: crate::i18n::Lang,
    pub answers: Vec<(i64, AdmissionAnswer, String)>,
}

/// How many applications of a cohort are in each status.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusCounts(pub Vec<(ApplicationStatus, i64)>);

impl StatusCounts {
    pub fn of(&self, status: ApplicationStatus) -> i64 {
        self.0.iter().find(|(s, _)| *s == status).map_or(0, |(_, n)| *n)
    }

    pub fn total(&self) -> i64 {
        self.0.iter().map(|(_, n)| n).sum()
    }
}

/// A cohort in the coordinator's overview of applications.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CohortApplicationsSummary {
    pub cohort_id: i64,
    pub cohort_name: String,
    pub starts_on: NaiveDate,
    pub applications_open: bool,
    pub capacity: Option<i64>,
    pub participants: i64,
    pub counts: StatusCounts,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicationRow {
    pub id: i64,
    pub name: String,
    pub applied_on: NaiveDate,
    pub status: ApplicationStatus,
    pub meeting_on: Option<NaiveDate>,
    /// Place on the waiting list (1 = first), for those on it.
    pub waitlist_place: Option<i64>,
}

/// One cohort's applications, optionally of one status, a page at a time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CohortApplications {
    pub summary: CohortApplicationsSummary,
    pub status: Option<ApplicationStatus>,
    pub rows: Vec<ApplicationRow>,
    pub page: i64,
    pub pages: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnswerLine {
    pub statement: String,
    pub answer: AdmissionAnswer,
    pub explanation: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoteLine {
    pub author: String,
    pub at: String,
    pub text: String,
}

/// One step in an application's history (from the audit trail; no personal data in it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryLine {
    pub at: String,
    /// `None`: the applicant (applying needs no account).
    pub who: Option<String>,
    /// The locale key of what happened (`AuditAction::label_key`).
    pub action_key: String,
    pub status: Option<ApplicationStatus>,
}

/// Everything the coordinator sees of one application.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicationDetail {
    pub id: i64,
    pub summary: CohortApplicationsSummary,
    pub name: String,
    pub email: String,
    pub phone: String,
    pub training: String,
    pub training_year: Option<i64>,
    pub experience: String,
    pub placement: String,
    pub motivation: String,
    pub applied_at: String,
    pub status: ApplicationStatus,
    pub meeting_on: Option<NaiveDate>,
    pub decline_reason: Option<DeclineReason>,
    pub waitlist_place: Option<i64>,
    /// The participant's account, once admitted.
    pub user_id: Option<i64>,
    pub answers: Vec<AnswerLine>,
    pub notes: Vec<NoteLine>,
    pub history: Vec<HistoryLine>,
    /// The day a closed application is erased.
    pub erased_on: Option<NaiveDate>,
}

impl CohortApplicationsSummary {
    /// Every place is taken: admitting more asks for the waiting list instead.
    pub fn is_full(&self) -> bool {
        self.capacity.is_some_and(|c| self.participants >= c)
    }
}

/// A cohort's admission settings, as the coordinator edits them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdmissionSettings {
    pub cohort_id: i64,
    pub cohort_name: String,
    pub applications_open: bool,
    pub capacity: Option<i64>,
    pub place: String,
    pub retention_months: i64,
    pub statements: Vec<Statement>,
}

/// The cohorts that take applications now (public).
#[server(endpoint = "open_cohorts")]
pub async fn load_open_cohorts() -> Result<Vec<OpenCohort>, AppError> {
    run("open_cohorts", async { db::open_cohorts(&context::pool()?).await }).await
}

#[server(endpoint = "applications_overview")]
pub async fn load_overview() -> Result<Vec<CohortApplicationsSummary>, AppError> {
    run("applications_overview", async {
        crate::authz::handles_applications(&auth::current_user().await?)?;
        db::overview(&context::pool()?).await
    })
    .await
}

#[server(endpoint = "cohort_applications")]
pub async fn load_cohort_applications(
    #[server(default)] cohort_id: i64,
    #[server(default)] status: String,
    #[server(default)] page: i64,
) -> Result<CohortApplications, AppError> {
    run("cohort_applications", async move {
        crate::authz::handles_applications(&auth::current_user().await?)?;
        let status = ApplicationStatus::parse(&status).ok();
        db::cohort_applications(&context::pool()?, cohort_id, status, page).await
    })
    .await
}

#[server(endpoint = "application")]
pub async fn load_application(#[server(default)] id: i64) -> Result<ApplicationDetail, AppError> {
    run("application", async move {
        crate::authz::handles_applications(&auth::current_user().await?)?;
        db::application(&context::pool()?, id).await
    })
    .await
}

#[server(endpoint = "admission_settings")]
pub async fn load_admission(#[server(default)] cohort_id: i64) -> Result<AdmissionSettings, AppError> {
    run("admission_settings", async move {
        crate::authz::handles_applications(&auth::current_user().await?)?;
        db::admission(&context::pool()?, cohort_id).await
    })
    .await
}

/// The coordinator's home: applications waiting for a first step, over all cohorts.
#[cfg(feature = "ssr")]
pub async fn new_total(pool: &sqlx::SqlitePool) -> Result<i64, AppError> {
    db::new_total(pool).await
}
