use super::db;
use crate::{domain::Role, error::AppError, form::Done, server::form_post::FormPost};

/// `retry_mail:{id}`: try a given-up or refused mail again, now.
pub async fn retry(post: &FormPost) -> Result<Done, AppError> {
    post.user()?.require(Role::Coordinator)?;
    let id = post.target.parse::<i64>().map_err(|_| AppError::NotFound)?;
    if !db::retry(post.pool(), id).await? {
        return Err(AppError::Conflict("err.mail.not_retryable".into()));
    }
    Ok(Done::to("/berichten").with_notice("msg.mail.retrying", &[]))
}
