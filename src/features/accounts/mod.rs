//! Logging in and out, and joining through an invitation link.
mod pages;
#[cfg(feature = "ssr")]
pub mod db;

pub use pages::{InvitePage, LoginPage, LogoutButton, SetPasswordPage};

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::{
    domain::{Organisation, Role},
    error::AppError,
    i18n::Message,
};
#[cfg(feature = "ssr")]
use crate::{
    domain::{Email, NewPassword, PersonName},
    error::FormErrors,
    server::{api::run, auth, clock, flash, passwords, security::safe_local_path, tokens},
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
    pub link: String,
    pub expires_at: String,
}

/// What the set-password page shows about the invitation it was opened with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvitationInfo {
    pub name: String,
    pub email: String,
}

/// What every page frame needs: who is logged in, and a one-time notice if a
/// plain form post left one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageContext {
    pub user: Option<SessionUser>,
    pub notice: Option<Message>,
}

#[server(endpoint = "page_context")]
pub async fn load_page_context() -> Result<PageContext, AppError> {
    run("page_context", async {
        let user = match auth::current_user().await {
            Ok(user) => Some(SessionUser { id: user.id, name: user.name, role: user.role, organisation: user.organisation }),
            Err(AppError::Unauthorized) => None,
            Err(other) => return Err(other),
        };
        let notice = match user {
            Some(_) => flash::take::<Message>(flash::NOTICE).await?,
            None => None,
        };
        Ok(PageContext { user, notice })
    })
    .await
}

/// The invitation created by the last plain form post, shown once.
#[server(endpoint = "last_invitation")]
pub async fn last_invitation() -> Result<Option<CreatedInvitation>, AppError> {
    run("last_invitation", async {
        auth::current_user().await?.require(Role::Coordinator)?;
        flash::take(flash::INVITATION).await
    })
    .await
}

#[server(endpoint = "login")]
pub async fn login(#[server(default)] email: String, #[server(default)] password: String, #[server(default)] terug: String) -> Result<(), AppError> {
    run("login", async move {
        use axum::extract::ConnectInfo;
        use std::net::SocketAddr;

        let state = auth::state()?;
        let address = leptos_axum::extract::<ConnectInfo<SocketAddr>>()
            .await
            .map(|ConnectInfo(addr)| addr.ip().to_string())
            .unwrap_or_default();
        let mut errors = FormErrors::default();
        let email = errors.check("email", Email::parse(&email));
        if password.is_empty() {
            errors.add("password", "err.password.empty");
        }
        errors.finish()?;
        let email = email.expect("checked above");

        if state.throttle.is_blocked(email.as_str(), &address) {
            return Err(AppError::TooManyRequests);
        }
        let account = db::login_account(&state.pool, &email).await?;
        let (user_id, stored_hash) = match account {
            Some((id, hash)) => (Some(id), hash),
            None => (None, None),
        };
        // Same work and same answer whether the address is unknown or the password wrong.
        let valid = passwords::verify(password, stored_hash).await?;
        let Some(user_id) = user_id.filter(|_| valid) else {
            state.throttle.record_failure(email.as_str(), &address);
            return Err(AppError::field("form", "err.login.failed"));
        };
        state.throttle.record_success(email.as_str());
        auth::start_session(&auth::session().await?, user_id).await?;
        leptos_axum::redirect(safe_local_path(&terug));
        Ok(())
    })
    .await
}

#[server(endpoint = "logout")]
pub async fn logout() -> Result<(), AppError> {
    run("logout", async {
        auth::end_session(&auth::session().await?).await?;
        leptos_axum::redirect("/inloggen");
        Ok(())
    })
    .await
}

/// A coordinator adds a participant, trainer or coordinator and gets a one-time link.
#[server(endpoint = "invite_person")]
pub async fn invite_person(
    #[server(default)] name: String,
    #[server(default)] email: String,
    #[server(default)] role: String,
    #[server(default)] organisation: String,
    #[server(default)] cohort_id: String,
) -> Result<CreatedInvitation, AppError> {
    run("invite_person", async move {
        let user = auth::current_user().await?;
        user.require(Role::Coordinator)?;
        let state = auth::state()?;

        let mut errors = FormErrors::default();
        let name = errors.check("name", PersonName::parse(&name));
        let email = errors.check("email", Email::parse(&email));
        let role = errors.check("role", Role::parse(&role));
        let organisation = match role {
            Some(Role::Trainer) => errors.check("organisation", Organisation::parse(&organisation).map_err(|_| "err.organisation")),
            _ => None,
        };
        let cohort_id = match role {
            Some(Role::Participant | Role::Trainer) => {
                let parsed = cohort_id.trim().parse::<i64>().ok();
                let exists = match parsed {
                    Some(id) => crate::features::cohorts::db::cohort_exists(&state.pool, id).await?,
                    None => false,
                };
                if !exists {
                    errors.add("cohort_id", "err.cohort.choose");
                }
                parsed
            }
            _ => None,
        };
        errors.finish()?;
        let (name, email, role) = (name.expect("checked"), email.expect("checked"), role.expect("checked"));

        let token = tokens::new_token();
        let expires = chrono::Utc::now()
            + chrono::Duration::from_std(state.config.invitation_valid_for).map_err(|_| AppError::Internal)?;
        let new_person = db::NewPerson { name: &name, email: &email, role, organisation, cohort_id };
        db::invite(&state.pool, &new_person, &tokens::hash_token(&token), &expires.to_rfc3339(), user.id).await?;

        let created = CreatedInvitation {
            name: name.as_str().to_owned(),
            email: email.as_str().to_owned(),
            link: format!("{}/wachtwoord/{token}", state.config.public_base_url),
            expires_at: expires
                .with_timezone(&chrono_tz::Europe::Amsterdam)
                .format("%d-%m-%Y %H:%M")
                .to_string(),
        };
        flash::park(flash::INVITATION, &created).await?;
        Ok(created)
    })
    .await
}

#[server(endpoint = "invitation_info")]
pub async fn load_invitation(#[server(default)] token: String) -> Result<InvitationInfo, AppError> {
    run("invitation_info", async move {
        let invitation = db::open_invitation(&auth::pool()?, &tokens::hash_token(&token)).await?;
        Ok(InvitationInfo { name: invitation.name, email: invitation.email })
    })
    .await
}

/// The invited person chooses a password; the link is used up and they are logged in.
#[server(endpoint = "accept_invitation")]
pub async fn accept_invitation(#[server(default)] token: String, #[server(default)] password: String, #[server(default)] password_repeat: String) -> Result<(), AppError> {
    run("accept_invitation", async move {
        let pool = auth::pool()?;
        let token_hash = tokens::hash_token(&token);
        let invitation = db::open_invitation(&pool, &token_hash).await?;
        let email = Email::parse(&invitation.email).map_err(|_| AppError::Internal)?;

        let mut errors = FormErrors::default();
        let password = errors.check("password", NewPassword::parse(&password, &email));
        if password.is_some() && password.as_ref().map(|p| p.expose()) != Some(password_repeat.as_str()) {
            errors.add("password_repeat", "err.password.mismatch");
        }
        errors.finish()?;
        let hash = passwords::hash(password.expect("checked").expose().to_owned()).await?;

        db::use_invitation(&pool, invitation.id, invitation.user_id, &hash, &clock::now_rfc3339()).await?;
        auth::start_session(&auth::session().await?, invitation.user_id).await?;
        leptos_axum::redirect("/");
        Ok(())
    })
    .await
}
