use chrono::NaiveDate;
use sqlx::SqlitePool;

use crate::{
    domain::{AuditAction, Role},
    error::AppError,
    server::{audit, clock::now_rfc3339, db::write_tx},
};

pub async fn active_since(pool: &SqlitePool, user_id: i64) -> Result<Option<String>, AppError> {
    let at = sqlx::query_scalar!("SELECT created_at FROM calendar_feeds WHERE user_id = ? AND revoked_at IS NULL", user_id)
        .fetch_optional(pool)
        .await?;
    Ok(at.as_deref().map(crate::server::clock::amsterdam_time))
}

/// Revokes the person's current link, if any, and (with `new_token_hash`) adds a new one.
pub async fn replace(pool: &SqlitePool, user_id: i64, role: Role, new_token_hash: Option<&str>) -> Result<(), AppError> {
    let mut tx = write_tx(pool).await?;
    let now = now_rfc3339();
    sqlx::query!("UPDATE calendar_feeds SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL", now, user_id)
        .execute(&mut *tx)
        .await?;
    if let Some(hash) = new_token_hash {
        sqlx::query!("INSERT INTO calendar_feeds (user_id, token_hash, created_at) VALUES (?, ?, ?)", user_id, hash, now)
            .execute(&mut *tx)
            .await?;
    }
    let action = if new_token_hash.is_some() { AuditAction::CalendarLink } else { AuditAction::CalendarRevoked };
    let participant = (role == Role::Participant).then_some(user_id);
    audit::record(&mut tx, user_id, participant, action, "user", user_id, None::<&()>, None::<&()>).await?;
    tx.commit().await?;
    Ok(())
}

/// Whose feed a token opens, if it is the current one.
pub async fn feed_owner(pool: &SqlitePool, token_hash: &str) -> Result<Option<(i64, Role)>, AppError> {
    let row = sqlx::query!(
        r#"SELECT u.id AS "id!", u.role FROM calendar_feeds f JOIN users u ON u.id = f.user_id
           WHERE f.token_hash = ? AND f.revoked_at IS NULL"#,
        token_hash
    )
    .fetch_optional(pool)
    .await?;
    Ok(row.and_then(|r| Role::parse(&r.role).ok().map(|role| (r.id, role))))
}

pub struct FeedSession {
    pub id: i64,
    pub kind: String,
    pub title: String,
    pub held_on: NaiveDate,
    pub starts_at: String,
    pub ends_at: String,
    pub place: Option<String>,
    pub online_url: Option<String>,
    pub status: String,
}

/// A participant's sessions (those that apply to them, cancelled ones too, so calendars
/// drop them) or a trainer's (those they give).
pub async fn sessions(pool: &SqlitePool, user_id: i64, role: Role) -> Result<Vec<FeedSession>, AppError> {
    let as_participant = role == Role::Participant;
    Ok(sqlx::query_as!(
        FeedSession,
        r#"SELECT s.id AS "id!", s.kind, s.title, s.held_on AS "held_on: NaiveDate", s.starts_at, s.ends_at, s.place, s.online_url, s.status
           FROM programme_sessions s
           WHERE (? AND s.id IN (SELECT e.session_id FROM expected_attendance e WHERE e.participant_id = ?))
              OR (NOT ? AND s.id IN (SELECT st.session_id FROM session_trainers st WHERE st.trainer_id = ?))
           ORDER BY s.held_on, s.starts_at, s.id"#,
        as_participant,
        user_id,
        as_participant,
        user_id
    )
    .fetch_all(pool)
    .await?)
}
