//! The hour log: participants record learning and practice hours; trainers of
//! their cohort approve or reject them; everyone sees progress towards the requirement.
mod entry_form;
mod pages;
mod review;
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
mod input;

pub use pages::{EditEntryPage, NewEntryPage, ParticipantHome, ParticipantRecordPage};
pub use review::ReviewPage;

use chrono::NaiveDate;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::{
    domain::{EntryStatus, HourKind},
    error::AppError,
    features::cohorts::Requirements,
};
#[cfg(feature = "ssr")]
use crate::{
    domain::Role,
    i18n::Message,
    server::{api::run, auth, flash},
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
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Totals {
    pub approved_learning: i64,
    pub approved_practice: i64,
    pub pending_learning: i64,
    pub pending_practice: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HoursOverview {
    pub participant_id: i64,
    pub participant_name: String,
    pub cohort_name: String,
    pub cohort_starts_on: NaiveDate,
    pub cohort_ends_on: NaiveDate,
    pub requirements: Requirements,
    pub totals: Totals,
    pub entries: Vec<HourEntry>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditLine {
    pub at: String,
    pub actor: Option<String>,
    pub action: String,
    pub subject_id: i64,
    pub before: Option<String>,
    pub after: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParticipantRecord {
    pub overview: HoursOverview,
    pub audit: Vec<AuditLine>,
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
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecisionOutcome {
    pub approved: bool,
    pub decided: usize,
    pub already_decided: usize,
}

/// The participant's own overview: progress and every entry.
#[server(endpoint = "my_hours")]
pub async fn my_hours() -> Result<HoursOverview, AppError> {
    run("my_hours", async {
        let user = auth::current_user().await?;
        user.require(Role::Participant)?;
        db::overview(&auth::pool()?, user.id).await?.ok_or(AppError::NotFound)
    })
    .await
}

/// One of the participant's own entries, for the edit form.
#[server(endpoint = "my_entry")]
pub async fn my_entry(#[server(default)] id: i64) -> Result<HourEntry, AppError> {
    run("my_entry", async move {
        let user = auth::current_user().await?;
        user.require(Role::Participant)?;
        db::entry_of(&auth::pool()?, id, user.id).await?.ok_or(AppError::NotFound)
    })
    .await
}

#[server(endpoint = "log_hours")]
pub async fn log_hours(
    #[server(default)] worked_on: String,
    #[server(default)] hours: String,
    #[server(default)] kind: String,
    description: String,
    #[server(default)] place: String,
) -> Result<i64, AppError> {
    run("log_hours", async move {
        let (user, pool, cohort_id, entry) = participant_entry(&worked_on, &hours, &kind, &description, &place).await?;
        let id = db::insert(&pool, user.id, cohort_id, &entry).await?;
        flash::park(flash::NOTICE, &Message::new("msg.hours.saved", &[])).await?;
        leptos_axum::redirect("/");
        Ok(id)
    })
    .await
}

/// The calling participant, their cohort, and the posted entry checked against that cohort's period.
#[cfg(feature = "ssr")]
async fn participant_entry(
    worked_on: &str,
    hours: &str,
    kind: &str,
    description: &str,
    place: &str,
) -> Result<(auth::CurrentUser, sqlx::SqlitePool, i64, input::EntryInput), AppError> {
    let user = auth::current_user().await?;
    user.require(Role::Participant)?;
    let pool = auth::pool()?;
    let cohort_id = user.cohort_id.ok_or(AppError::Forbidden)?;
    let period = db::cohort_period(&pool, cohort_id).await?;
    let entry = input::parse(worked_on, hours, kind, description, place, period)?;
    Ok((user, pool, cohort_id, entry))
}

/// Changes a submitted entry, or corrects a rejected one and submits it again.
#[server(endpoint = "update_hours")]
pub async fn update_hours(
    #[server(default)] id: i64,
    #[server(default)] worked_on: String,
    #[server(default)] hours: String,
    #[server(default)] kind: String,
    description: String,
    #[server(default)] place: String,
) -> Result<(), AppError> {
    run("update_hours", async move {
        let (user, pool, _, entry) = participant_entry(&worked_on, &hours, &kind, &description, &place).await?;
        db::update(&pool, id, user.id, &entry).await?;
        flash::park(flash::NOTICE, &Message::new("msg.hours.resubmitted", &[])).await?;
        leptos_axum::redirect("/");
        Ok(())
    })
    .await
}

#[server(endpoint = "withdraw_hours")]
pub async fn withdraw_hours(#[server(default)] id: i64) -> Result<(), AppError> {
    run("withdraw_hours", async move {
        let user = auth::current_user().await?;
        user.require(Role::Participant)?;
        db::withdraw(&auth::pool()?, id, user.id).await?;
        flash::park(flash::NOTICE, &Message::new("msg.hours.withdrawn", &[])).await?;
        Ok(())
    })
    .await
}

/// Entries waiting for the calling trainer, oldest first.
#[server(endpoint = "review_queue")]
pub async fn review_queue() -> Result<Vec<QueueItem>, AppError> {
    run("review_queue", async {
        let user = auth::current_user().await?;
        user.require(Role::Trainer)?;
        db::queue(&auth::pool()?, user.id).await
    })
    .await
}

/// Approves or rejects one or more entries. Each decision only lands if the
/// entry is still waiting: when two trainers decide at once, the first wins
/// and the second is told the entry was already decided.
#[server(endpoint = "decide_hours")]
pub async fn decide_hours(
    #[server(default)] ids: Vec<i64>,
    decision: String,
    #[server(default)] reason: String,
) -> Result<DecisionOutcome, AppError> {
    run("decide_hours", async move {
        let user = auth::current_user().await?;
        user.require(Role::Trainer)?;
        let decision = input::parse_decision(&decision, &reason)?;
        if ids.is_empty() {
            return Err(AppError::field("ids", "err.review.none_selected"));
        }
        let outcome = db::decide(&auth::pool()?, user.id, &ids, &decision).await?;
        match (outcome.decided, outcome.already_decided) {
            (0, 0) => return Err(AppError::NotFound),
            (0, _) => return Err(AppError::Conflict("err.entry.already_decided".into())),
            _ => {}
        }
        let key = if outcome.approved { "msg.review.approved" } else { "msg.review.rejected" };
        let args = [("count", outcome.decided.to_string()), ("skipped", outcome.already_decided.to_string())];
        flash::park(flash::NOTICE, &Message::new(key, &args)).await?;
        Ok(outcome)
    })
    .await
}

/// A participant's full record for their trainers and the coordinators.
#[server(endpoint = "participant_record")]
pub async fn load_participant_record(#[server(default)] participant_id: i64) -> Result<ParticipantRecord, AppError> {
    run("participant_record", async move {
        let user = auth::current_user().await?;
        let pool = auth::pool()?;
        if user.role == Role::Participant {
            return Err(AppError::Forbidden);
        }
        let cohort_id = db::cohort_of(&pool, participant_id).await?.ok_or(AppError::NotFound)?;
        // A trainer from another cohort learns nothing, not even that the person exists.
        if !auth::can_view_cohort(&pool, &user, cohort_id).await? {
            return Err(AppError::NotFound);
        }
        let overview = db::overview(&pool, participant_id).await?.ok_or(AppError::NotFound)?;
        let audit = db::audit_trail(&pool, participant_id).await?;
        Ok(ParticipantRecord { overview, audit })
    })
    .await
}
