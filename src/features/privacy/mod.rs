//! The participant's rights over their data (AVG): the privacy statement for
//! everyone, and "Mijn gegevens" for a participant: what is stored about them, who
//! else looked at it, and everything as one ZIP download.
#[cfg(feature = "ssr")]
pub mod export;
mod pages;

pub use pages::{LooksTable, MyDataPage, PrivacyPage};

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::server::{api::run, auth, context};

/// What this feature adds to the site besides its pages (assembled in `app::site`).
#[cfg(feature = "ssr")]
pub const FEATURE: crate::server::site::Feature = crate::server::site::Feature {
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
