//! A private calendar feed per participant and trainer: their sessions as ICS at a
//! secret address that phone calendars subscribe to. Revocable and renewable.
#[cfg(feature = "ssr")]
pub mod actions;
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod feed;
mod page;

pub use page::CalendarPage;

/// What this feature adds to the site besides its pages (assembled in `app::site`).
#[cfg(feature = "ssr")]
pub const FEATURE: crate::server::site::Feature = crate::server::site::Feature {
    forms: crate::form_actions![
        "calendar_link" => actions::make_link,
        "calendar_revoke" => actions::revoke,
    ],
    routes: || {
        // A calendar app's subscription: the secret in the address is the only key.
        axum::Router::new().route("/agenda/{file}", axum::routing::get(feed::calendar_feed))
    },
    ..crate::server::site::Feature::PAGES_ONLY
};

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::server::{api::run, auth, context, flash};

/// What the calendar page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarState {
    /// Amsterdam time the current link was made, if there is one.
    pub active_since: Option<String>,
    /// The link just made, shown once (https); `None` when there is none or it is no longer at hand.
    pub fresh_link: Option<String>,
}

/// The caller's calendar subscription (participants and trainers).
#[server(endpoint = "calendar_state")]
pub async fn load_calendar_state() -> Result<CalendarState, AppError> {
    run("calendar_state", async {
        let user = auth::current_user().await?;
        if user.role == crate::domain::Role::Coordinator {
            return Err(AppError::Forbidden);
        }
        let state = context::state()?;
        let fresh_link = flash::take::<String>(flash::CALENDAR_LINK).await?.and_then(|handle| state.handover.take(&handle));
        let active_since = db::active_since(&state.pool, user.id).await?;
        Ok(CalendarState { active_since, fresh_link })
    })
    .await
}
