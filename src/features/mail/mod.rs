//! Mail, as people see it: the coordinator's outbox (`/berichten`: every mail sent or
//! about to go, its state, tries and last error, and while it waits the link it
//! carries, so a link can still be passed on by hand when no mail server is set up),
//! each person's choice of notices (`/meldingen`), the unsubscribe link of every
//! notice (`/afmelden/{token}`), and the scheduled mails (reminders, digests). The
//! sending itself is plumbing: `server::outbox` and `server::mailer`.
#[cfg(feature = "ssr")]
mod actions;
pub mod choices;
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod jobs;
#[cfg(feature = "ssr")]
pub mod outbox_db;
mod outbox_page;
pub mod unsubscribe;

pub use choices::MailChoicesPage;
pub use outbox_page::OutboxPage;
pub use unsubscribe::UnsubscribePage;

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use crate::{
    domain::Role,
    server::{api::run, auth, context},
};
use crate::{
    domain::{MailKind, MailStatus},
    error::AppError,
};

/// The notices this person may get, each with whether it is on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MailChoices {
    pub choices: Vec<(MailKind, bool)>,
}

/// What an unsubscribe link is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnsubscribeLink {
    pub kind: MailKind,
    /// This kind of mail is already off for the person.
    pub off: bool,
}

/// Mails per page of the outbox list, newest first.
pub const MAILS_PER_PAGE: i64 = 50;

#[cfg(feature = "ssr")]
pub const FEATURE: crate::server::site::Feature = crate::server::site::Feature {
    forms: crate::form_actions![
        "retry_mail" => actions::retry,
        "save_mail_choices" => actions::save_choices,
        "unsubscribe" => actions::unsubscribe,
    ],
    routes: unsubscribe::routes,
    public_paths: &["/afmelden/"],
    jobs: jobs::JOBS,
    ..crate::server::site::Feature::PAGES_ONLY
};

/// One mail as the coordinator's list shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxMail {
    pub id: i64,
    pub kind: MailKind,
    pub to_name: String,
    pub to_address: String,
    pub subject: String,
    pub status: MailStatus,
    pub attempts: i64,
    pub last_error: Option<String>,
    /// Amsterdam time it was queued, and sent.
    pub created_at: String,
    pub sent_at: Option<String>,
    /// The whole link, while the mail has not gone out.
    pub link: Option<String>,
}

/// A page of the outbox, with how many mails are in each state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxView {
    /// Whether `serve` sends mail (`LEERLIJN_SMTP_URL`).
    pub sending: bool,
    pub counts: Vec<(MailStatus, i64)>,
    pub mails: Vec<OutboxMail>,
    /// `?voor=` for the next (older) page, when there is one.
    pub older: Option<i64>,
}

#[server(endpoint = "outbox")]
pub async fn load_outbox(#[server(default)] before: Option<i64>) -> Result<OutboxView, AppError> {
    run("outbox", async {
        auth::current_user().await?.require(Role::Coordinator)?;
        let state = context::state()?;
        outbox_db::outbox(&state.pool, before, &state.config.public_base_url, state.config.smtp_url.is_some()).await
    })
    .await
}
