//! One participant on one page: their own home and the record their trainers and the
//! coordinators read. It shows what other features keep (hours, attendance, plans, the
//! final step, the certificate, the leerplek) and keeps nothing itself.
mod pages;

pub use pages::{ParticipantHome, ParticipantRecordPage};

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use crate::{
    domain::Role,
    features::hours::{db as hours_db, EntryFilter},
    server::{api::run, auth, context},
};
use crate::{
    error::AppError,
    features::hours::{AuditLine, EntriesPage, HoursOverview},
};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParticipantRecord {
    pub overview: HoursOverview,
    pub entries: EntriesPage,
    pub audit: Vec<AuditLine>,
    /// The reader is a coordinator: they may make a new password link for this account.
    pub can_manage_account: bool,
    /// Who else looked at this participant's data: for coordinators only.
    pub looks: Option<Vec<crate::features::privacy::Look>>,
    /// The leerplek now (its history is on the participant's own page).
    #[serde(default)]
    pub placement: Option<crate::features::workplace::Placement>,
    /// The cohorts they took part in, dated.
    #[serde(default)]
    pub stints: Vec<crate::features::enrolment::Stint>,
}

/// A participant's full record for their trainers and the coordinators.
#[server(endpoint = "participant_record")]
pub async fn load_participant_record(
    #[server(default)] participant_id: i64,
    #[server(default)] page: i64,
) -> Result<ParticipantRecord, AppError> {
    run("participant_record", async move {
        let user = auth::current_user().await?;
        let pool = context::pool()?;
        // A trainer from another cohort learns nothing, not even that the person exists.
        crate::authz::staff_of_found_cohort(&pool, &user, hours_db::cohort_of(&pool, participant_id).await?).await?;
        crate::server::audit::note_read(
            &context::state()?.read_log,
            user.id,
            participant_id,
            crate::domain::AuditAction::ViewRecord,
            "participant",
            participant_id,
        )
        .await;
        let overview = hours_db::overview(&pool, participant_id).await?.ok_or(AppError::NotFound)?;
        let entries = hours_db::entries_page(&pool, participant_id, EntryFilter::All, page).await?;
        let audit = hours_db::audit_trail(&pool, participant_id).await?;
        let looks = match user.role {
            Role::Coordinator => Some(crate::features::privacy::export::looks(&pool, participant_id).await?),
            _ => None,
        };
        let placement = crate::features::workplace::db::current_placement(&pool, participant_id).await?;
        let stints = crate::features::enrolment::db::stints(&mut *pool.acquire().await?, participant_id).await?;
        Ok(ParticipantRecord { overview, entries, audit, can_manage_account: user.role == Role::Coordinator, looks, placement, stints })
    })
    .await
}
