//! The hour log: participants record learning and practice hours; trainers of
//! their cohort approve or reject them; everyone sees progress towards the requirement.
#[cfg(feature = "ssr")]
pub mod actions;
#[cfg(feature = "ssr")]
pub mod db;
mod entry_form;
mod entry_list;
mod hours_reading;
#[cfg(feature = "ssr")]
mod input;
mod pages;
mod review;

pub use entry_list::EntryList;
pub use pages::{EditEntryPage, EntriesPage, MonthGroups, NewEntryPage, WithdrawEntryPage};
pub use review::{RejectEntryPage, ReviewPage};

/// What this feature adds to the site besides its pages (assembled in `app::site`).
#[cfg(feature = "ssr")]
pub const FEATURE: crate::server::site::Feature = crate::server::site::Feature {
    forms: crate::form_actions![
        "log_hours" => actions::log,
        "update_hours" => actions::update,
        "withdraw" => actions::withdraw,
        "decide" => actions::decide,
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
    domain::{EntryStatus, HourKind, Requirements},
    error::AppError,
    features::standing::Standing,
};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HourEntry {
    pub id: i64,
    pub worked_on: NaiveDate,
    pub quarters: i64,
    pub kind: HourKind,
    pub description: String,
    pub place: Option<String>,
    pub status: EntryStatus,
    pub rejection_reason: Option<String>,
    pub decided_by: Option<String>,
    /// Where a practice entry stands with the leerplek, on the lists that show it
    /// (the full list and the record; the home's short lists leave it out).
    #[serde(default)]
    pub confirmation: Option<crate::features::workplace::EntryConfirmation>,
}

/// A participant's home: their standing and what needs attention, without the full list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HoursOverview {
    /// Flattened: the server function's answer keeps its shape (`totals`, `plans` … at the top).
    #[serde(flatten)]
    pub standing: Standing,
    pub participant_id: i64,
    pub participant_name: String,
    pub cohort_name: String,
    pub cohort_starts_on: NaiveDate,
    pub cohort_ends_on: NaiveDate,
    /// Today in Amsterdam, as the server saw it: what "not started yet" and date limits are measured by.
    pub today: NaiveDate,
    pub requirements: Requirements,
    /// Rejected entries, to correct first (newest first, at most [`REJECTED_SHOWN`]).
    pub rejected: Vec<HourEntry>,
    /// The most recent entries that are not rejected.
    pub latest: Vec<HourEntry>,
    /// Paused or stopped: no hours to log until they go on.
    #[serde(default)]
    pub away: Option<crate::features::enrolment::Away>,
}

/// How many entries the home page lists of each kind; the rest is on the entries page.
pub const LATEST_SHOWN: i64 = 5;
pub const REJECTED_SHOWN: i64 = 10;
/// Entries per page on the full list.
pub const ENTRIES_PER_PAGE: i64 = 25;
/// Waiting entries per page of the review queue: a phone's worth, oldest first.
pub const QUEUE_PER_PAGE: i64 = 25;

/// One page (counted from 1) of the entries waiting for a trainer, oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueuePage {
    /// POPs and GOPs handed in and waiting: the oldest few and the count.
    pub plans: crate::features::plans::WaitingPlans,
    pub items: Vec<QueueItem>,
    /// Waiting in all the trainer's cohorts (of those the filter shows).
    pub total: i64,
    /// Only practice entries the leerplek confirmed (`?alleen=bevestigd`).
    #[serde(default)]
    pub confirmed_only: bool,
    /// The confirmed-only count stopped at its bound (`total` is that bound).
    #[serde(default)]
    pub more_than_counted: bool,
    /// Not the first page (`?na=`): the queue offers the way back to the oldest.
    #[serde(default)]
    pub paged: bool,
    /// The last entry on this page, when more wait after it.
    #[serde(default)]
    pub next_after: Option<i64>,
}

/// Which entries the full list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum EntryFilter {
    #[default]
    All,
    Status(EntryStatus),
}

impl EntryFilter {
    pub fn from_query(value: &str) -> Self {
        EntryStatus::parse(value).map(EntryFilter::Status).unwrap_or_default()
    }

    pub fn code(self) -> &'static str {
        match self {
            EntryFilter::All => "",
            EntryFilter::Status(s) => s.code(),
        }
    }
}

/// One page of a participant's entries, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntriesPage {
    pub entries: Vec<HourEntry>,
    pub total: i64,
    pub page: i64,
    pub pages: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditLine {
    /// When, in Amsterdam time: "23-11-2026 15:04".
    pub at: String,
    pub actor: Option<String>,
    pub action: String,
    /// `hour_entry` or `user` (invitation, account activated).
    pub subject_type: String,
    pub subject_id: i64,
    /// What changed, field by field, in words a reader follows.
    pub changes: Vec<AuditChange>,
}

/// One field of a recorded change; values are already formatted ("1,5", "03-11-2026"),
/// `field` and coded values (`kind`) are translated where shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditChange {
    pub field: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueItem {
    pub id: i64,
    pub participant_id: i64,
    pub participant_name: String,
    pub cohort_name: String,
    pub worked_on: NaiveDate,
    pub quarters: i64,
    pub kind: HourKind,
    pub description: String,
    pub place: Option<String>,
    pub submitted_at: String,
    /// Where a practice entry stands with the leerplek (workplace), if it was asked.
    #[serde(default)]
    pub confirmation: Option<crate::features::workplace::EntryConfirmation>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecisionOutcome {
    pub approved: bool,
    pub decided: usize,
    pub already_decided: usize,
}


/// The participant's own standing, for the home page.
#[server(endpoint = "my_hours")]
pub async fn my_hours() -> Result<HoursOverview, AppError> {
    run("my_hours", async {
        let user = auth::current_user().await?;
        user.require(Role::Participant)?;
        db::overview(&context::pool()?, user.id).await?.ok_or(AppError::NotFound)
    })
    .await
}

/// One page of the participant's own entries.
#[server(endpoint = "my_entries")]
pub async fn my_entries(#[server(default)] filter: EntryFilter, #[server(default)] page: i64) -> Result<EntriesPage, AppError> {
    run("my_entries", async move {
        let user = auth::current_user().await?;
        user.require(Role::Participant)?;
        db::entries_page(&context::pool()?, user.id, filter, page).await
    })
    .await
}

/// One of the participant's own entries, for the edit form.
#[server(endpoint = "my_entry")]
pub async fn my_entry(#[server(default)] id: i64) -> Result<HourEntry, AppError> {
    run("my_entry", async move {
        let user = auth::current_user().await?;
        user.require(Role::Participant)?;
        db::entry_of(&context::pool()?, id, user.id).await?.ok_or(AppError::NotFound)
    })
    .await
}

/// Entries waiting for the calling trainer, oldest first, from after entry `after` (0: the oldest).
#[server(endpoint = "review_queue")]
pub async fn review_queue(#[server(default)] after: i64, #[server(default)] confirmed_only: bool) -> Result<QueuePage, AppError> {
    run("review_queue", async move {
        let user = auth::current_user().await?;
        user.require(Role::Trainer)?;
        let pool = context::pool()?;
        let mut queue = db::queue(&pool, user.id, after, confirmed_only).await?;
        queue.plans = crate::features::plans::db::waiting_plans(&pool, user.id).await?;
        Ok(queue)
    })
    .await
}

/// One waiting entry of the calling trainer's cohorts, for the reject step.
/// Decided already: a conflict that says so; not theirs or unknown: not found.
#[server(endpoint = "queue_entry")]
pub async fn queue_entry(#[server(default)] id: i64) -> Result<QueueItem, AppError> {
    run("queue_entry", async move {
        let user = auth::current_user().await?;
        user.require(Role::Trainer)?;
        db::queue_item(&context::pool()?, user.id, id).await
    })
    .await
}
