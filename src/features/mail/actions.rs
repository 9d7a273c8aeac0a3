use super::{db, outbox_db};
use crate::{domain::Role, error::AppError, form::Done, server::form_post::FormPost};

/// `retry_mail:{id}`: try a given-up or refused mail again, now.
pub async fn retry(post: &FormPost) -> Result<Done, AppError> {
    post.acting_as(Role::Coordinator)?;
    let id = post.target.parse::<i64>().map_err(|_| AppError::NotFound)?;
    if !outbox_db::retry(post.pool(), id).await? {
        return Err(AppError::Conflict("err.mail.not_retryable".into()));
    }
    Ok(Done::to("/berichten").with_notice("msg.mail.retrying", &[]))
}

/// `save_mail_choices`: the ticked notices (`on[]`) stay on, the rest go off.
pub async fn save_choices(post: &FormPost) -> Result<Done, AppError> {
    let user = post.user()?;
    db::save_choices(post.pool(), user.id, user.role, &post.all("on[]")).await?;
    Ok(Done::to("/meldingen").with_notice("msg.mail_choices.saved", &[]))
}

/// `unsubscribe` on the page of an unsubscribe link (no login needed).
pub async fn unsubscribe(post: &FormPost) -> Result<Done, AppError> {
    let token = post.text("token");
    if !db::unsubscribe(post.pool(), &crate::server::tokens::hash_token(token)).await? {
        return Err(AppError::NotFound);
    }
    // The token is hex (the page only works for a link of ours), safe in a path.
    let token: String = token.chars().filter(char::is_ascii_hexdigit).collect();
    Ok(Done::to(format!("/afmelden/{token}")).with_notice("msg.unsubscribed", &[]))
}
