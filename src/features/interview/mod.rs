//! The final interview (eindgesprek): the cohort's criteria, scheduling with two
//! assessors (one of the Vrijwilligersacademie, one of the HvA), each assessor's
//! judgement per criterion and signature, and the locked outcome.
#[cfg(feature = "ssr")]
pub mod actions;
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
mod invite_mail;
mod pages;

pub use pages::{CohortInterviewsPage, CriteriaPage, InterviewPage};

/// What this feature adds to the site besides its pages (assembled in `app::site`).
#[cfg(feature = "ssr")]
pub const FEATURE: crate::server::site::Feature = crate::server::site::Feature {
    forms: crate::form_actions![
        "save_criteria" => actions::save_criteria,
        "schedule_interview" => actions::schedule,
        "cancel_interview" => actions::cancel,
        "judge_interview" => actions::judge,
        "issue_certificate" => actions::issue_certificate,
    ],
    ..crate::server::site::Feature::PAGES_ONLY
};

use chrono::NaiveDate;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use crate::{
    domain::Role,
    server::{api::run, auth, context},
};
use crate::{
    domain::{InterviewStatus, Organisation},
    error::AppError,
    features::standing::{CertificateRef, FinalStanding},
};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    pub id: i64,
    pub name: String,
}

/// One participant's line on the cohort's interview page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CandidateRow {
    pub participant: Person,
    /// Meets every requirement before the interview (the eligibility rule).
    pub eligible: bool,
    /// How many of those requirements are still open.
    pub open: usize,
    pub standing: FinalStanding,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CohortInterviews {
    pub cohort_id: i64,
    pub cohort_name: String,
    pub candidates: Vec<CandidateRow>,
    pub criteria: Vec<String>,
    /// The cohort's trainers of each organisation, for the scheduling form.
    pub assessors_va: Vec<Person>,
    pub assessors_hva: Vec<Person>,
    /// Coordinators schedule, edit criteria and download the certificates.
    pub can_manage: bool,
    pub today: NaiveDate,
}

/// One criterion as one assessor judged it (`met` is `None` until judged).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Judgement {
    pub item_id: i64,
    pub met: Option<bool>,
    pub explanation: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssessorSheet {
    pub assessor: Person,
    pub organisation: Organisation,
    pub signed_at: Option<String>,
    pub judgements: Vec<Judgement>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Item {
    pub id: i64,
    pub title: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InterviewDetail {
    pub id: i64,
    pub participant: Person,
    pub cohort_id: i64,
    pub cohort_name: String,
    pub held_on: NaiveDate,
    pub starts_at: String,
    pub place: String,
    pub status: InterviewStatus,
    pub items: Vec<Item>,
    /// Vrijwilligersacademie first, then HvA.
    pub sheets: Vec<AssessorSheet>,
    pub certificate: Option<CertificateRef>,
    /// Earlier interviews of the same participant (newest first).
    pub history: Vec<(i64, NaiveDate, InterviewStatus)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InterviewView {
    pub interview: InterviewDetail,
    /// Index in `sheets` of the reader's own sheet, when they are an assessor.
    pub own_sheet: Option<usize>,
    pub can_manage: bool,
    /// Trainers and coordinators: the page links back to the cohort's interviews.
    pub staff: bool,
    /// The participant meets the requirements now (for issuing after a pass).
    pub eligible: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CohortCriteria {
    pub cohort_id: i64,
    pub cohort_name: String,
    pub criteria: Vec<String>,
}

/// `/cohorten/:id/eindgesprekken`: who is eligible, interviews and certificates.
#[server(endpoint = "cohort_interviews")]
pub async fn load_cohort_interviews(#[server(default)] cohort_id: i64) -> Result<CohortInterviews, AppError> {
    run("cohort_interviews", async move {
        let user = auth::current_user().await?;
        let pool = context::pool()?;
        crate::authz::staff_of_cohort(&pool, &user, cohort_id).await?;
        db::cohort_interviews(&pool, cohort_id, user.role == Role::Coordinator).await?.ok_or(AppError::NotFound)
    })
    .await
}

/// `/eindgesprekken/:id`, for the participant, the cohort's trainers and the coordinators.
#[server(endpoint = "interview")]
pub async fn load_interview(#[server(default)] id: i64) -> Result<InterviewView, AppError> {
    run("interview", async move {
        let user = auth::current_user().await?;
        let pool = context::pool()?;
        let interview = db::interview(&pool, id).await?.ok_or(AppError::NotFound)?;
        if !actions::may_view(&pool, &user, interview.participant.id, interview.cohort_id).await? {
            return Err(AppError::NotFound);
        }
        if user.id != interview.participant.id {
            crate::server::audit::note_read(
                &context::state()?.read_log,
                user.id,
                interview.participant.id,
                crate::domain::AuditAction::ViewInterview,
                "interview",
                id,
            )
            .await;
        }
        let own_sheet = interview.sheets.iter().position(|s| s.assessor.id == user.id);
        let eligible = db::participant_eligible(&pool, interview.participant.id).await?;
        Ok(InterviewView {
            can_manage: user.role == Role::Coordinator,
            staff: user.role != Role::Participant,
            own_sheet,
            eligible,
            interview,
        })
    })
    .await
}

/// The cohort's criteria, for the coordinator's edit form.
#[server(endpoint = "interview_criteria")]
pub async fn load_criteria(#[server(default)] cohort_id: i64) -> Result<CohortCriteria, AppError> {
    run("interview_criteria", async move {
        auth::current_user().await?.require(Role::Coordinator)?;
        db::criteria(&context::pool()?, cohort_id).await?.ok_or(AppError::NotFound)
    })
    .await
}
