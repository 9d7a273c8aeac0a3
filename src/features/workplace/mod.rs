//! The leerplek: where a participant does the practice part, and the werkbegeleider or
//! tandem partner there who confirms the practice hours by a link that needs no account
//! (`/bevestigen/{token}`). Trainers see the answer beside each practice entry; a cohort
//! may require it before practice hours are approved.
#[cfg(feature = "ssr")]
mod actions;
mod confirm_page;
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
mod export;
#[cfg(feature = "ssr")]
pub mod jobs;
mod pages;

pub use confirm_page::ConfirmPage;
pub use pages::{PlacementCard, WorkplacePage};

use chrono::NaiveDate;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use crate::{
    domain::Role,
    server::{api::run, auth, context, tokens},
};
use crate::{
    domain::{ConfirmationAnswer, EntryStatus, SupervisorRole},
    error::AppError,
};

/// How long a confirmation link works.
pub const LINK_DAYS: i64 = 14;
/// The longest remark a werkbegeleider may write per entry.
pub const REMARK_MAX: usize = 500;

#[cfg(feature = "ssr")]
pub const FEATURE: crate::server::site::Feature = crate::server::site::Feature {
    forms: crate::form_actions![
        "save_placement" => actions::save_placement,
        "request_confirmation" => actions::request,
        "withdraw_confirmation" => actions::withdraw,
        "resend_confirmation" => actions::resend,
        "answer_confirmation" => actions::answer,
    ],
    public_paths: &["/bevestigen/"],
    jobs: jobs::JOBS,
    routes: || axum::Router::new().route("/cohorten/{id}/leerplekken.csv", axum::routing::get(export::cohort_placements)),
    ..crate::server::site::Feature::PAGES_ONLY
};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Placement {
    pub id: i64,
    /// The organisation or buurtteam.
    pub organisation: String,
    /// Team or location within it (may be empty).
    pub team: String,
    pub supervisor_name: String,
    pub supervisor_email: String,
    pub supervisor_role: SupervisorRole,
    pub since: NaiveDate,
}

/// A leerplek as the form posts it, checked.
#[derive(Debug, Clone)]
pub struct NewPlacement {
    pub organisation: String,
    pub team: String,
    pub supervisor_name: String,
    pub supervisor_email: crate::domain::Email,
    pub supervisor_role: SupervisorRole,
    pub since: NaiveDate,
}

/// A practice entry the participant can ask to have confirmed, and where it stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AskableEntry {
    pub id: i64,
    pub worked_on: NaiveDate,
    pub quarters: i64,
    pub description: String,
    pub place: Option<String>,
    pub status: EntryStatus,
    pub answer: Option<ConfirmationAnswer>,
    /// On a link that still works and has no answer for it yet.
    pub waiting: bool,
}

impl AskableEntry {
    /// Neither answered nor waiting: it can go on a new link.
    pub fn is_open(&self) -> bool {
        self.answer.is_none() && !self.waiting
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RequestState {
    Waiting,
    Answered,
    Expired,
    Withdrawn,
}

impl RequestState {
    pub fn label_key(self) -> &'static str {
        match self {
            RequestState::Waiting => "workplace.request.waiting",
            RequestState::Answered => "workplace.request.answered",
            RequestState::Expired => "workplace.request.expired",
            RequestState::Withdrawn => "workplace.request.withdrawn",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestRow {
    pub id: i64,
    /// The Amsterdam day it was asked, as pages write dates ("07-12-2026").
    pub requested_on: String,
    pub supervisor_name: String,
    pub entries: i64,
    pub answered: i64,
    pub disputed: i64,
    pub state: RequestState,
}

/// The participant's page: their leerplek now and before, entries to ask about, requests.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkplaceOverview {
    pub current: Option<Placement>,
    pub history: Vec<Placement>,
    pub askable: Vec<AskableEntry>,
    pub requests: Vec<RequestRow>,
}

/// One entry on a confirmation link: exactly what the werkbegeleider needs, nothing else.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkEntry {
    pub id: i64,
    pub worked_on: NaiveDate,
    pub quarters: i64,
    pub description: String,
    pub place: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConfirmationLink {
    pub participant_name: String,
    pub supervisor_name: String,
    pub organisation: String,
    pub team: String,
    pub expires_on: String,
    pub entries: Vec<LinkEntry>,
}

/// The werkbegeleider's answer for one entry, as posted.
#[derive(Debug, Clone)]
pub struct PostedAnswer {
    pub entry_id: i64,
    pub answer: ConfirmationAnswer,
    pub remark: String,
}

/// Where a practice entry stands with the leerplek, as the trainer reads it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntryConfirmation {
    /// `None`: asked, no answer yet.
    pub answer: Option<ConfirmationAnswer>,
    pub remark: Option<String>,
    /// The Amsterdam day of the answer, or of the request while it waits ("07-12-2026").
    pub on: String,
    pub supervisor_name: String,
    pub organisation: String,
}

#[server(endpoint = "my_workplace")]
pub async fn load_workplace() -> Result<WorkplaceOverview, AppError> {
    run("my_workplace", async {
        let user = auth::current_user().await?;
        user.require(Role::Participant)?;
        db::overview(&context::pool()?, user.id).await
    })
    .await
}

#[server(endpoint = "confirmation_link")]
pub async fn load_confirmation_link(#[server(default)] token: String) -> Result<ConfirmationLink, AppError> {
    run("confirmation_link", async {
        let state = context::state()?;
        let address = auth::client_address();
        state.link_limit.check(&address)?;
        let found = if tokens::looks_like_token(&token) {
            db::view_link(&state.pool, &state.read_log, &tokens::hash_token(&token)).await
        } else {
            Err(AppError::NotFound)
        };
        if matches!(found, Err(AppError::NotFound)) {
            state.link_limit.failed(&address);
        }
        found
    })
    .await
}

/// The trainer's line beside a practice entry: confirmed by whom and when, disputed with
/// the remark, or waiting since the day it was asked.
#[component]
pub fn ConfirmationLine(confirmation: EntryConfirmation) -> impl IntoView {
    let lang = crate::i18n::use_lang();
    let tr = crate::i18n::tr;
    let on = confirmation.on.clone();
    let (class, text) = match confirmation.answer {
        Some(ConfirmationAnswer::Confirmed) => (
            "confirmation confirmed",
            tr(lang, "workplace.line.confirmed")
                .replace("{name}", &confirmation.supervisor_name)
                .replace("{place}", &confirmation.organisation)
                .replace("{date}", &on),
        ),
        Some(ConfirmationAnswer::Disputed) => (
            "confirmation disputed",
            tr(lang, "workplace.line.disputed")
                .replace("{name}", &confirmation.supervisor_name)
                .replace("{remark}", confirmation.remark.as_deref().unwrap_or_default()),
        ),
        None => ("confirmation waiting", tr(lang, "workplace.line.waiting").replace("{date}", &on)),
    };
    view! { <p class=class>{text}</p> }
}
