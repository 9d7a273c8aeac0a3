//! The participant's rights over their data (AVG): the privacy statement for
//! everyone, and "Mijn gegevens" for a participant: what is stored about them, who
//! else looked at it, and everything as one ZIP download; for the coordinator,
//! retention per cohort, anonymising who is due, and erasure on request.
#[cfg(feature = "ssr")]
pub mod actions;
#[cfg(feature = "ssr")]
pub mod erasure;
#[cfg(feature = "ssr")]
pub mod export;
mod pages;
#[cfg(feature = "ssr")]
pub mod retention;
mod retention_pages;

pub use pages::{LooksTable, MyDataPage, PrivacyPage};
pub use retention_pages::{CohortRetentionPage, ErasePage, RetentionDueCard, RetentionPage};

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::{domain::Removal, error::AppError};
#[cfg(feature = "ssr")]
use crate::server::{api::run, auth, context};

/// What this feature adds to the site besides its pages (assembled in `app::site`).
#[cfg(feature = "ssr")]
pub const FEATURE: crate::server::site::Feature = crate::server::site::Feature {
    forms: crate::form_actions![
        "set_retention" => actions::set_retention,
        "anonymise_due" => actions::anonymise_due,
        "erase_participant" => actions::erase_participant,
    ],
    routes: || axum::Router::new().route("/mijn-gegevens/gegevens.zip", axum::routing::get(export::download)),
    public_paths: &["/privacy"],
    ..crate::server::site::Feature::PAGES_ONLY
};

/// One time someone else read the participant's data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Look {
    /// Amsterdam time.
    pub at: String,
    pub who: String,
    /// The label key of their role (`role.…`).
    pub role: String,
    /// The label key of what they did (`label.audit_action.…`).
    pub what: String,
}

/// The overview on "Mijn gegevens": how much of each kind is stored, and who looked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyData {
    pub name: String,
    pub email: String,
    pub cohort: String,
    pub entries: i64,
    pub attendance: i64,
    pub plan_versions: i64,
    pub files: i64,
    pub interviews: i64,
    pub certificates: i64,
    pub audit_lines: i64,
    pub looks: Vec<Look>,
}

#[server(endpoint = "my_data")]
pub async fn load_my_data() -> Result<MyData, AppError> {
    run("my_data", async {
        let user = auth::current_user().await?;
        user.require(crate::domain::Role::Participant)?;
        export::overview(&context::pool()?, user.id).await
    })
    .await
}

/// The most months a coordinator may keep records after a cohort ends (10 years).
pub const MAX_RETENTION_MONTHS: i64 = 120;

/// A cohort's retention: when its records are due for anonymisation, and how many
/// of its participants are still there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CohortRetention {
    pub cohort_id: i64,
    pub cohort: String,
    pub ends_on: chrono::NaiveDate,
    /// Months after `ends_on` the records are kept.
    pub months: i64,
    pub due_on: chrono::NaiveDate,
    /// `due_on` has come: the remaining participants wait for anonymisation.
    pub is_due: bool,
    pub participants: i64,
    /// Anonymised or erased already.
    pub removed: i64,
}

impl CohortRetention {
    /// Participants whose records should be anonymised now.
    pub fn waiting(&self) -> i64 {
        if self.is_due {
            self.participants - self.removed
        } else {
            0
        }
    }
}

/// A participant whose records are still in the app.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DueParticipant {
    pub id: i64,
    pub name: String,
    pub certified: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CohortRetentionView {
    pub retention: CohortRetention,
    pub remaining: Vec<DueParticipant>,
}

/// What the erasure page needs to say what will happen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErasureCase {
    pub participant_id: i64,
    pub name: String,
    pub cohort_id: i64,
    pub cohort: String,
    /// Has a certificate (valid or revoked): it must stay verifiable, so anonymise.
    pub certified: bool,
    pub removed: Option<Removal>,
}

#[server(endpoint = "retention_overview")]
pub async fn load_retention_overview() -> Result<Vec<CohortRetention>, AppError> {
    run("retention_overview", async {
        auth::current_user().await?.require(crate::domain::Role::Coordinator)?;
        retention::cohorts(&context::pool()?).await
    })
    .await
}

#[server(endpoint = "cohort_retention")]
pub async fn load_cohort_retention(#[server(default)] cohort_id: i64) -> Result<CohortRetentionView, AppError> {
    run("cohort_retention", async move {
        auth::current_user().await?.require(crate::domain::Role::Coordinator)?;
        let pool = context::pool()?;
        let retention = retention::cohort(&pool, cohort_id).await?.ok_or(AppError::NotFound)?;
        let remaining = retention::remaining(&pool, cohort_id).await?;
        Ok(CohortRetentionView { retention, remaining })
    })
    .await
}

#[server(endpoint = "erasure_case")]
pub async fn load_erasure_case(#[server(default)] participant_id: i64) -> Result<ErasureCase, AppError> {
    run("erasure_case", async move {
        auth::current_user().await?.require(crate::domain::Role::Coordinator)?;
        retention::erasure_case(&context::pool()?, participant_id).await?.ok_or(AppError::NotFound)
    })
    .await
}
