//! Development plans: the POP of each participant and the GOP of each intervision
//! group. Uploaded (PDF, DOCX, ODT) or typed in the app, every change a new version,
//! reviewed by the cohort's trainers, locked once approved.
#[cfg(feature = "ssr")]
pub mod actions;
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod document;
#[cfg(feature = "ssr")]
pub mod files;
mod pages;

pub use pages::{status_text, MyPlansPage, PlanReviewPage};

/// What this feature adds to the site besides its pages (assembled in `app::site`).
#[cfg(feature = "ssr")]
pub const FEATURE: crate::server::site::Feature = crate::server::site::Feature {
    forms: crate::form_actions![
        "upload_plan" => actions::upload,
        "write_plan" => actions::write,
        "submit_plan" => actions::submit,
        "decide_plan" => actions::decide,
        "reopen_plan" => actions::reopen,
    ],
    routes: || {
        // A plan's file (checks the caller itself, 404 for anyone who may not read the plan).
        axum::Router::new().route("/plannen/bestanden/{id}", axum::routing::get(files::download))
    },
    uploads: &[crate::server::site::UploadPage { path: "/plannen", max_file_bytes: document::MAX_BYTES }],
    ..crate::server::site::Feature::PAGES_ONLY
};

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use crate::server::{api::run, auth, context};
use crate::{
    domain::{PlanDecision, PlanKind, PlanStatus},
    error::AppError,
};

/// A file as lists show it; the bytes come only through the download route.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileRef {
    pub id: i64,
    pub file_name: String,
    pub size: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Feedback {
    pub decision: PlanDecision,
    pub trainer: String,
    pub comment: String,
    pub file: Option<FileRef>,
    pub created_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanVersion {
    pub id: i64,
    pub number: i64,
    pub author: String,
    pub created_at: String,
    pub submitted_at: Option<String>,
    pub file: Option<FileRef>,
    pub body: Option<String>,
    pub feedback: Vec<Feedback>,
}

/// One plan with its versions (newest first). `id` is `None` while nothing was written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Plan {
    pub id: Option<i64>,
    pub kind: PlanKind,
    /// The participant (POP) or the group (GOP) it belongs to.
    pub owner: String,
    pub cohort_id: i64,
    pub status: Option<PlanStatus>,
    pub versions: Vec<PlanVersion>,
}

impl Plan {
    /// The latest version waits to be handed in (concept, or after a revision request).
    pub fn can_submit(&self) -> bool {
        self.versions.first().is_some_and(|v| v.submitted_at.is_none()) && self.status != Some(PlanStatus::Approved)
    }

    pub fn locked(&self) -> bool {
        self.status == Some(PlanStatus::Approved)
    }
}

/// The participant's plans page: their POP, and their group's GOP if they are in one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyPlans {
    pub pop: Plan,
    pub gop: Option<Plan>,
}

/// What the home page and the cohort table show of a plan.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanStanding {
    pub pop_id: Option<i64>,
    pub pop: Option<PlanStatus>,
    pub in_group: bool,
    pub gop_id: Option<i64>,
    pub gop: Option<PlanStatus>,
}

#[cfg(feature = "ssr")]
impl PlanStanding {
    /// From the JSON column pages select from the `plan_standing` view:
    /// `(SELECT json_array(pop_id, pop_status, in_group, gop_id, gop_status) FROM plan_standing WHERE participant_id = u.id)`.
    pub fn from_json(json: Option<&str>) -> Result<Self, AppError> {
        let Some(json) = json else { return Ok(Self::default()) };
        let (pop_id, pop, in_group, gop_id, gop): (Option<i64>, Option<String>, i64, Option<i64>, Option<String>) =
            crate::server::db::from_json(json)?;
        let parse = |s: Option<String>| s.map(|s| PlanStatus::parse(&s).map_err(|_| AppError::Internal)).transpose();
        Ok(PlanStanding { pop_id, pop: parse(pop)?, in_group: in_group != 0, gop_id, gop: parse(gop)? })
    }
}

/// A plan handed in and waiting for review (the trainer's queue).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WaitingPlan {
    pub plan_id: i64,
    pub kind: PlanKind,
    pub owner: String,
    pub cohort_name: String,
    pub version: i64,
    pub submitted_at: String,
}

/// The plans waiting for a trainer: the oldest few (`plans::db::WAITING_PLANS_SHOWN`)
/// and how many in all, so a queue of hundreds stays one short list.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct WaitingPlans {
    pub oldest: Vec<WaitingPlan>,
    pub total: i64,
}

#[server(endpoint = "my_plans")]
pub async fn load_my_plans() -> Result<MyPlans, AppError> {
    run("my_plans", async {
        let user = auth::current_user().await?;
        user.require(crate::domain::Role::Participant)?;
        db::my_plans(&context::pool()?, user.id).await
    })
    .await
}

/// A plan as its reviewers see it, with what this reader may do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanReview {
    pub plan: Plan,
    /// A trainer of the cohort, and the plan waits for a decision.
    pub can_decide: bool,
    pub can_reopen: bool,
}

/// One plan for review, for the cohort's trainers and the coordinators. Reading it is
/// recorded in the audit trail of the participants it concerns.
#[server(endpoint = "plan_for_review")]
pub async fn load_plan_for_review(#[server(default)] plan_id: i64) -> Result<PlanReview, AppError> {
    run("plan_for_review", async move {
        let user = auth::current_user().await?;
        let pool = context::pool()?;
        let access = db::plan_access(&pool, plan_id).await?;
        crate::authz::staff_of_found_cohort(&pool, &user, access.as_ref().map(|a| a.cohort_id)).await?;
        let access = access.ok_or(AppError::NotFound)?;
        db::record_read(&context::state()?.read_log, user.id, &access, crate::domain::AuditAction::ViewPlan, plan_id).await;
        let plan = db::plan(&pool, plan_id).await?.ok_or(AppError::NotFound)?;
        Ok(PlanReview {
            can_decide: user.role == crate::domain::Role::Trainer && plan.status == Some(PlanStatus::Submitted),
            can_reopen: plan.locked(),
            plan,
        })
    })
    .await
}
