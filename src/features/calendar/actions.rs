//! Make, renew or revoke one's calendar link.
use super::db;
use crate::{
    domain::Role,
    error::AppError,
    form::Done,
    server::{flash, form_post::FormPost, tokens},
};

fn caller(post: &FormPost) -> Result<(i64, Role), AppError> {
    let user = post.user()?;
    if user.role == Role::Coordinator {
        return Err(AppError::Forbidden);
    }
    Ok((user.id, user.role))
}

/// `calendar_link`: a new secret link (an earlier one stops working), shown once.
pub async fn make_link(post: &FormPost) -> Result<Done, AppError> {
    let (user_id, role) = caller(post)?;
    let token = tokens::new_token();
    db::replace(post.pool(), user_id, role, Some(&tokens::hash_token(&token))).await?;
    let link = format!("{}/agenda/{token}.ics", post.state.config.public_base_url);
    let handle = post.state.handover.put(link);
    flash::park(&post.session, flash::CALENDAR_LINK, &handle).await?;
    Ok(Done::to("/agenda").with_notice("msg.calendar.made", &[]))
}

/// `calendar_revoke`: the link stops working; calendars subscribed to it get nothing new.
pub async fn revoke(post: &FormPost) -> Result<Done, AppError> {
    let (user_id, role) = caller(post)?;
    db::replace(post.pool(), user_id, role, None).await?;
    Ok(Done::to("/agenda").with_notice("msg.calendar.revoked", &[]))
}
