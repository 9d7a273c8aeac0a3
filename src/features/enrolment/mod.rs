//! Continuing after a break ("continuïteit bij uitval"): the coordinator records that a
//! participant pauses or stops, and later lets them go on in the same or another cohort.
//! A participant's time in a cohort is a stint; attendance is expected per stint, so
//! what they did before the break (attended sessions, approved hours, their POP) keeps
//! counting in the cohort where they finish.
#[cfg(feature = "ssr")]
mod actions;
#[cfg(feature = "ssr")]
pub mod db;
mod page;

pub use page::{AwayNotice, EnrolmentPage, StintList};

use chrono::NaiveDate;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use crate::server::{api::run, auth, context};
use crate::{
    domain::{BreakReason, LeaveKind},
    error::AppError,
};

#[cfg(feature = "ssr")]
pub const FEATURE: crate::server::site::Feature = crate::server::site::Feature {
    forms: crate::form_actions![
        "take_break" => actions::take_break,
        "continue_in" => actions::continue_in,
    ],
    ..crate::server::site::Feature::PAGES_ONLY
};

/// One stint: the participant's time in one cohort.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stint {
    pub cohort_id: i64,
    pub cohort_name: String,
    pub joined_on: NaiveDate,
    /// `None` while it runs.
    pub left_on: Option<NaiveDate>,
    pub left_as: Option<LeaveKind>,
    pub reason: Option<BreakReason>,
    pub expected_back: Option<NaiveDate>,
}

/// A participant who takes no part now (paused or stopped): what their home, record
/// and hour forms say instead of asking for hours.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Away {
    pub since: NaiveDate,
    pub kind: LeaveKind,
    pub expected_back: Option<NaiveDate>,
}

/// A cohort someone may continue in (it has not ended).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CohortChoice {
    pub id: i64,
    pub name: String,
    pub starts_on: NaiveDate,
}

/// Everything the coordinator's page about one participant's taking part shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Enrolment {
    pub participant_id: i64,
    pub name: String,
    pub cohort_id: i64,
    pub cohort_name: String,
    /// Oldest first.
    pub stints: Vec<Stint>,
    pub away: Option<Away>,
    /// The final interview is planned or passed: no break or move now.
    pub finishing: bool,
    pub cohorts: Vec<CohortChoice>,
    pub today: NaiveDate,
}

impl Enrolment {
    /// The running stint's first day (when taking part).
    pub fn running_since(&self) -> Option<NaiveDate> {
        self.stints.last().filter(|s| s.left_on.is_none()).map(|s| s.joined_on)
    }
}

#[server(endpoint = "enrolment")]
pub async fn load_enrolment(#[server(default)] participant_id: i64) -> Result<Enrolment, AppError> {
    run("enrolment", async move {
        crate::authz::places_participants(&auth::current_user().await?)?;
        db::enrolment(&context::pool()?, participant_id).await?.ok_or(AppError::NotFound)
    })
    .await
}
