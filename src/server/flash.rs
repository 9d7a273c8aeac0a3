//! One-time messages for plain form posts. With JavaScript the page shows the
//! result of a submission itself; without it the browser is redirected and the
//! result would be lost, so it is parked in the session and shown once.
use axum::http::{header::ACCEPT, HeaderMap};
use serde::{de::DeserializeOwned, Serialize};

use super::auth::session;
use crate::error::AppError;

pub const NOTICE: &str = "flash_notice";
pub const INVITATION: &str = "flash_invitation";

/// Whether the current server function was called by a plain HTML form.
pub async fn is_plain_form_post() -> bool {
    leptos_axum::extract::<HeaderMap>()
        .await
        .ok()
        .and_then(|h| h.get(ACCEPT).and_then(|v| v.to_str().ok()).map(|v| v.contains("text/html")))
        .unwrap_or(false)
}

/// Parks `value` for the next page view if this was a plain form post.
pub async fn park<T: Serialize + Send + Sync>(key: &str, value: &T) -> Result<(), AppError> {
    if !is_plain_form_post().await {
        return Ok(());
    }
    session().await?.insert(key, value).await.map_err(|e| {
        tracing::error!(error = %e, "flash write failed");
        AppError::Internal
    })
}

/// Takes a parked value, so it shows only once.
pub async fn take<T: DeserializeOwned>(key: &str) -> Result<Option<T>, AppError> {
    session().await?.remove::<T>(key).await.map_err(|e| {
        tracing::error!(error = %e, "flash read failed");
        AppError::Internal
    })
}
