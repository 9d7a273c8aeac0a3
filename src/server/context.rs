//! The request's context inside a page render or server function (Leptos context):
//! the app state, its database and the session.
use leptos::prelude::use_context;
use sqlx::SqlitePool;
use tower_sessions::Session;

use super::state::AppState;
use crate::error::AppError;

/// The application state, provided to every server function and page render.
pub fn state() -> Result<AppState, AppError> {
    use_context::<AppState>().ok_or_else(|| {
        tracing::error!("AppState missing from context");
        AppError::Internal
    })
}

pub fn pool() -> Result<SqlitePool, AppError> {
    Ok(state()?.pool)
}

pub async fn session() -> Result<Session, AppError> {
    leptos_axum::extract::<Session>().await.map_err(|e| {
        tracing::error!(error = %e, "session layer missing");
        AppError::Internal
    })
}
