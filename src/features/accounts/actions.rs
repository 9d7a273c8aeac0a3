//! The account forms: log in, log out, invite someone, accept an invitation.
use super::{db, ParkedInvitation};
use crate::{
    domain::{Email, MailKind, NewPassword, Organisation, PersonName, Role},
    error::{AppError, FormErrors},
    form::Done,
    server::{auth, clock, flash, form_post::FormPost, outbox::Letter, passwords, tokens},
};

/// A self-service password link works this long.
const FORGOTTEN_LINK_VALID_FOR: chrono::Duration = chrono::Duration::hours(1);

/// Amsterdam wall-clock time, as a link's "works until" in pages and mails.
fn amsterdam(at: chrono::DateTime<chrono::Utc>) -> String {
    at.with_timezone(&chrono_tz::Europe::Amsterdam).format("%d-%m-%Y %H:%M").to_string()
}

pub async fn login(post: &FormPost) -> Result<Done, AppError> {
    let state = &post.state;
    let address = post.client.0.as_str();
    let mut errors = FormErrors::default();
    let email = errors.check("email", Email::parse(post.text("email")));
    let password = post.text("password");
    if password.is_empty() {
        errors.add("password", "err.password.empty");
    }
    let Some(email) = email else {
        return Err(errors.refusal());
    };
    errors.finish()?;

    // Counted before the slow check, so concurrent guesses cannot outrun the limit.
    let attempt = state
        .throttle
        .begin(email.as_str(), address)
        .ok_or(AppError::TooManyRequests { key: "err.too_many".into(), retry_after_secs: crate::server::throttle::LOGIN_WINDOW_SECS })?;
    let (user_id, stored_hash) = db::login_account(&state.pool, &email).await?.map_or((None, None), |(id, hash)| (Some(id), hash));
    // Same work and same answer whether the address is unknown or the password wrong.
    let valid = passwords::verify(password.to_owned(), stored_hash).await?;
    let Some(user_id) = user_id.filter(|_| valid) else {
        return Err(AppError::field("form", "err.login.failed"));
    };
    state.throttle.succeeded(attempt);
    auth::start_session(state, &post.session, user_id).await?;
    Ok(Done::to(crate::clean::local_path(post.text("terug"))))
}

/// Ends the session; the login page confirms it (there is no session left to carry a notice).
pub async fn logout(post: &FormPost) -> Result<Done, AppError> {
    auth::end_session(&post.session).await?;
    Ok(Done::to("/inloggen?uitgelogd=1"))
}

/// A coordinator adds a participant, trainer or coordinator and gets a one-time link.
pub async fn invite(post: &FormPost) -> Result<Done, AppError> {
    let user = post.acting_as(Role::Coordinator)?;
    let state = &post.state;

    let mut errors = FormErrors::default();
    let name = errors.check("name", PersonName::parse(post.text("name")));
    let email = errors.check("email", Email::parse(post.text("email")));
    let role = errors.check("role", Role::parse(post.text("role")));
    let organisation = match role {
        Some(Role::Trainer) => errors.check("organisation", Organisation::parse(post.text("organisation")).map_err(|_| "err.organisation")),
        _ => None,
    };
    let cohort_id = match role {
        Some(Role::Participant | Role::Trainer) => {
            let parsed = post.text("cohort_id").trim().parse::<i64>().ok();
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
    let (Some(name), Some(email), Some(role)) = (name, email, role) else {
        return Err(errors.refusal());
    };
    errors.finish()?;

    let token = tokens::new_token();
    let expires = chrono::Utc::now() + chrono::Duration::from_std(state.config.invitation_valid_for).map_err(|_| AppError::Internal)?;
    let replace = post.text("replace") == "yes";
    let new_person = db::NewPerson { name: &name, email: &email, role, organisation, cohort_id, replace, language: None };
    let params = [("until", amsterdam(expires))];
    let mail = Letter { kind: MailKind::Invitation, params: &params, link_path: Some(format!("/wachtwoord/{token}")), ics: None, about: None };
    db::invite(&state.pool, &new_person, &tokens::hash_token(&token), &expires.to_rfc3339(), user.id, &mail).await?;

    show_link_once(post, name.as_str(), email.as_str(), &token, expires, false).await
}

/// The fresh link is shown once, on the invitation page (a new person) or the account
/// list (a password link): the link itself stays in memory, the session carries only a handle to it.
async fn show_link_once(
    post: &FormPost,
    name: &str,
    email: &str,
    token: &str,
    expires: chrono::DateTime<chrono::Utc>,
    password_reset: bool,
) -> Result<Done, AppError> {
    let state = &post.state;
    let link = format!("{}/wachtwoord/{token}", state.config.public_base_url);
    let created = ParkedInvitation {
        name: name.to_owned(),
        email: email.to_owned(),
        link_handle: state.handover.put(link),
        expires_at: amsterdam(expires),
        password_reset,
    };
    flash::park(&post.session, flash::INVITATION, &created).await?;
    Ok(Done::to(if password_reset { "/accounts" } else { "/uitnodigen" }))
}

/// `password_link:{user id}`: a coordinator makes a new one-time link with which
/// someone who forgot their password chooses a new one (earlier links stop working).
pub async fn password_link(post: &FormPost) -> Result<Done, AppError> {
    let user = post.acting_as(Role::Coordinator)?;
    let account_id = post.target.parse::<i64>().map_err(|_| AppError::NotFound)?;
    let state = &post.state;
    let token = tokens::new_token();
    let expires = chrono::Utc::now() + chrono::Duration::from_std(state.config.invitation_valid_for).map_err(|_| AppError::Internal)?;
    let params = [("until", amsterdam(expires))];
    let mail = Letter { kind: MailKind::PasswordLink, params: &params, link_path: Some(format!("/wachtwoord/{token}")), ics: None, about: None };
    let (name, email) =
        db::password_link(&state.pool, account_id, &tokens::hash_token(&token), &expires.to_rfc3339(), user.id, &mail).await?;
    show_link_once(post, &name, &email, &token, expires, true).await
}

/// "Wachtwoord vergeten?": a mail with a one-time link, valid an hour, to the
/// account with this address. The answer is the same whether or not there is one.
pub async fn forgot_password(post: &FormPost) -> Result<Done, AppError> {
    let state = &post.state;
    let email = Email::parse(post.text("email")).map_err(|key| AppError::field("email", key))?;
    state.reset_limit.check_and_count(post.client.0.as_str())?;
    let token = tokens::new_token();
    let expires = chrono::Utc::now() + FORGOTTEN_LINK_VALID_FOR;
    let params = [("until", amsterdam(expires))];
    let mail = Letter { kind: MailKind::PasswordForgotten, params: &params, link_path: Some(format!("/wachtwoord/{token}")), ics: None, about: None };
    db::forgotten_password(&state.pool, &email, &tokens::hash_token(&token), &expires.to_rfc3339(), &mail).await?;
    Ok(Done::to("/wachtwoord-vergeten?verstuurd=1"))
}

/// The invited person chooses a password; the link is used up and they are logged in.
pub async fn accept_invitation(post: &FormPost) -> Result<Done, AppError> {
    let pool = post.pool();
    let token_hash = tokens::hash_token(post.text("token"));
    let invitation = db::open_invitation(pool, &token_hash).await?;
    let email = Email::parse(&invitation.email).map_err(|_| AppError::Internal)?;

    let mut errors = FormErrors::default();
    let password = errors.check("password", NewPassword::parse(post.text("password"), &email));
    if password.is_some() && password.as_ref().map(|p| p.expose()) != Some(post.text("password_repeat")) {
        errors.add("password_repeat", "err.password.mismatch");
    }
    let Some(password) = password else {
        return Err(errors.refusal());
    };
    errors.finish()?;
    let hash = passwords::hash(password.expose().to_owned()).await?;

    db::use_invitation(pool, invitation.id, invitation.user_id, &hash, &clock::now_rfc3339()).await?;
    auth::start_session(&post.state, &post.session, invitation.user_id).await?;
    Ok(Done::to("/").with_notice("msg.account.welcome", &[("name", invitation.name)]))
}
