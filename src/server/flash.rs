//! One-time values across a post/redirect/get that must stay on the server (a form
//! kept while someone logs in again, the handle of a fresh link): parked in the
//! session by the form handler, taken once by the next page. Reading only writes to
//! the session when there was something to take, so plain page views write nothing.
//! The everyday confirmation after a post goes in a cookie (`notice_cookie`).
use serde::{de::DeserializeOwned, Serialize};
use tower_sessions::Session;

use super::context::session;
use crate::error::AppError;

pub const INVITATION: &str = "flash_invitation";
/// The handle of a fresh calendar link, shown once.
pub const CALENDAR_LINK: &str = "flash_calendar_link";
/// A form posted after the session ran out (`form::ParkedPost`).
pub const PARKED_POST: &str = "flash_parked_post";

/// Parks `value` for the next page view.
pub async fn park<T: Serialize + Send + Sync>(session: &Session, key: &str, value: &T) -> Result<(), AppError> {
    session.insert(key, value).await.map_err(|e| {
        tracing::error!(error = %e, "flash write failed");
        AppError::Internal
    })
}

/// Takes a parked value, so it shows only once.
pub async fn take<T: DeserializeOwned>(key: &str) -> Result<Option<T>, AppError> {
    take_from(&session().await?, key).await
}

/// [`take`] outside a page render, from a session at hand.
pub async fn take_from<T: DeserializeOwned>(session: &Session, key: &str) -> Result<Option<T>, AppError> {
    let fail = |e: tower_sessions::session::Error| {
        tracing::error!(error = %e, "flash read failed");
        AppError::Internal
    };
    // `remove` marks the session as changed even when the key is absent.
    if session.get_value(key).await.map_err(fail)?.is_none() {
        return Ok(None);
    }
    session.remove::<T>(key).await.map_err(fail)
}
