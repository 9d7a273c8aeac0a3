//! Who is calling: the session holds only a user id; the user is re-read on
//! every call so a changed role or removed account takes effect at once.
use leptos::prelude::use_context;
use sqlx::SqlitePool;
use tower_sessions::Session;

use super::state::AppState;
use crate::{
    domain::{Organisation, Role},
    error::AppError,
};

const USER_ID_KEY: &str = "user_id";

#[derive(Debug, Clone)]
pub struct CurrentUser {
    pub id: i64,
    pub name: String,
    pub role: Role,
    pub organisation: Option<Organisation>,
    pub cohort_id: Option<i64>,
}

impl CurrentUser {
    pub fn require(&self, role: Role) -> Result<(), AppError> {
        if self.role == role { Ok(()) } else { Err(AppError::Forbidden) }
    }

}

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

pub async fn session_user_id(session: &Session) -> Result<Option<i64>, AppError> {
    session.get::<i64>(USER_ID_KEY).await.map_err(|e| {
        tracing::error!(error = %e, "session read failed");
        AppError::Internal
    })
}

/// The logged-in caller, or `Unauthorized`.
pub async fn current_user() -> Result<CurrentUser, AppError> {
    let session = session().await?;
    let id = session_user_id(&session).await?.ok_or(AppError::Unauthorized)?;
    let row = sqlx::query!(
        r#"SELECT id AS "id!", name, role, organisation, cohort_id FROM users
           WHERE id = ? AND password_hash IS NOT NULL"#,
        id
    )
    .fetch_optional(&pool()?)
    .await?
    .ok_or(AppError::Unauthorized)?;
    Ok(CurrentUser {
        id: row.id,
        name: row.name,
        role: Role::parse(&row.role).map_err(|_| AppError::Internal)?,
        organisation: row.organisation.as_deref().and_then(|o| Organisation::parse(o).ok()),
        cohort_id: row.cohort_id,
    })
}

/// Starts a session for `user_id` under a fresh id, so a planted id is useless.
pub async fn start_session(session: &Session, user_id: i64) -> Result<(), AppError> {
    let fail = |e: tower_sessions::session::Error| {
        tracing::error!(error = %e, "session write failed");
        AppError::Internal
    };
    session.cycle_id().await.map_err(fail)?;
    session.insert(USER_ID_KEY, user_id).await.map_err(fail)
}

/// Deletes the session record and its cookie.
pub async fn end_session(session: &Session) -> Result<(), AppError> {
    session.flush().await.map_err(|e| {
        tracing::error!(error = %e, "session delete failed");
        AppError::Internal
    })
}

/// Cohorts a trainer is assigned to; the boundary of everything a trainer may see.
pub async fn trainer_cohort_ids(pool: &SqlitePool, trainer_id: i64) -> Result<Vec<i64>, AppError> {
    Ok(sqlx::query_scalar!("SELECT cohort_id FROM cohort_trainers WHERE trainer_id = ?", trainer_id)
        .fetch_all(pool)
        .await?)
}

/// Whether `user` may look at everything about cohort `cohort_id`.
pub async fn can_view_cohort(pool: &SqlitePool, user: &CurrentUser, cohort_id: i64) -> Result<bool, AppError> {
    Ok(match user.role {
        Role::Coordinator => true,
        Role::Trainer => trainer_cohort_ids(pool, user.id).await?.contains(&cohort_id),
        Role::Participant => false,
    })
}
