//! Logging in and out, and joining through an invitation link.
#[cfg(feature = "ssr")]
pub mod actions;
#[cfg(feature = "ssr")]
pub mod db;
mod list;
mod pages;

pub use list::AccountsPage;
pub use pages::{ForgotPasswordPage, InvitePage, LoginPage, LogoutButton, SetPasswordPage};

/// What this feature adds to the site besides its pages (assembled in `app::site`).
#[cfg(feature = "ssr")]
pub const FEATURE: crate::server::site::Feature = crate::server::site::Feature {
    forms: crate::form_actions![
        "login" => actions::login,
        "logout" => actions::logout,
        "invite" => actions::invite,
        "accept_invitation" => actions::accept_invitation,
        "password_link" => actions::password_link,
        "forgot_password" => actions::forgot_password,
    ],
    form_paths: &["/uitloggen"],
    public_paths: &["/wachtwoord/", "/wachtwoord-vergeten"],
    ..crate::server::site::Feature::PAGES_ONLY
};

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use crate::server::{api::run, auth, context, flash, tokens};
use crate::{
    domain::{Organisation, Role},
    error::AppError,
};

/// The logged-in person as the interface needs them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionUser {
    pub id: i64,
    pub name: String,
    pub role: Role,
    pub organisation: Option<Organisation>,
}

/// A fresh invitation, shown once to the coordinator to pass on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreatedInvitation {
    pub name: String,
    pub email: String,
    /// `None` when the link is no longer at hand (the server restarted in between).
    pub link: Option<String>,
    pub expires_at: String,
    /// A new password link for an account in use, not an invitation to join.
    pub password_reset: bool,
}

/// What the session keeps of a fresh invitation until the next page: the link
/// itself stays in memory (`server::handover`), the session holds only its handle.
#[cfg(feature = "ssr")]
#[derive(Serialize, Deserialize)]
pub(crate) struct ParkedInvitation {
    pub name: String,
    pub email: String,
    pub link_handle: String,
    pub expires_at: String,
    #[serde(default)]
    pub password_reset: bool,
}

/// One account as the coordinator's list shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountRow {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub role: Role,
    pub organisation: Option<Organisation>,
    pub cohort_name: Option<String>,
    /// The person has chosen a password.
    pub active: bool,
    /// The mail server refused this address for good: mail does not reach them.
    pub mail_refused: bool,
    /// Amsterdam time until which the newest unused link works, if one does.
    pub open_link_until: Option<String>,
}

/// A page of the account list, filtered by role or not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountList {
    pub accounts: Vec<AccountRow>,
    /// All accounts (of the role shown), not only this page's.
    pub total: i64,
    /// Not the first page (`?na=`): the list offers the way back to the start.
    pub paged: bool,
    /// The last account on this page, when more follow.
    pub next_after: Option<i64>,
}

/// What the set-password page shows about the invitation it was opened with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvitationInfo {
    pub name: String,
    pub email: String,
}

/// What every page frame needs: who is logged in. (A one-time notice a form left
/// travels on the request itself, see `components::page::PendingNotice`.)
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageContext {
    pub user: Option<SessionUser>,
}

#[server(endpoint = "page_context")]
pub async fn load_page_context() -> Result<PageContext, AppError> {
    run("page_context", async {
        let user = match auth::current_user().await {
            Ok(user) => Some(SessionUser { id: user.id, name: user.name, role: user.role, organisation: user.organisation }),
            Err(AppError::Unauthorized) => None,
            Err(other) => return Err(other),
        };
        Ok(PageContext { user })
    })
    .await
}

/// The invitation created by the last plain form post, shown once.
#[server(endpoint = "last_invitation")]
pub async fn last_invitation() -> Result<Option<CreatedInvitation>, AppError> {
    run("last_invitation", async {
        auth::current_user().await?.require(Role::Coordinator)?;
        let Some(parked) = flash::take::<ParkedInvitation>(flash::INVITATION).await? else {
            return Ok(None);
        };
        let link = context::state()?.handover.take(&parked.link_handle);
        Ok(Some(CreatedInvitation {
            name: parked.name,
            email: parked.email,
            link,
            expires_at: parked.expires_at,
            password_reset: parked.password_reset,
        }))
    })
    .await
}

#[server(endpoint = "invitation_info")]
pub async fn load_invitation(#[server(default)] token: String) -> Result<InvitationInfo, AppError> {
    run("invitation_info", async move {
        let invitation = db::open_invitation(&context::pool()?, &tokens::hash_token(&token)).await?;
        Ok(InvitationInfo { name: invitation.name, email: invitation.email })
    })
    .await
}

/// Every account, a page at a time, for the coordinator (`role`: a role code or empty for
/// all; `after`: the last account of the page before, 0 for the first).
#[server(endpoint = "accounts")]
pub async fn list_accounts(#[server(default)] role: String, #[server(default)] after: i64) -> Result<AccountList, AppError> {
    run("accounts", async move {
        auth::current_user().await?.require(Role::Coordinator)?;
        let role = Role::parse(&role).ok();
        db::accounts(&context::pool()?, role, after).await
    })
    .await
}
