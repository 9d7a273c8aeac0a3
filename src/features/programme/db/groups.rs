//! Intervision groups: making them and placing participants in them.

use crate::domain::Role;
use sqlx::SqlitePool;

use crate::{
    domain::AuditAction,
    error::AppError,
    server::{
        audit,
        clock::now_rfc3339,
        db::{unique_as_field, write_tx},
    },
};

pub async fn create_group(pool: &SqlitePool, cohort_id: i64, name: &str, actor_id: i64) -> Result<i64, AppError> {
    let mut tx = write_tx(pool).await?;
    let now = now_rfc3339();
    let id = sqlx::query_scalar!(
        r#"INSERT INTO intervision_groups (cohort_id, name, created_at) VALUES (?, ?, ?) RETURNING id AS "id!""#,
        cohort_id,
        name,
        now
    )
    .fetch_one(&mut *tx)
    .await
    .map_err(unique_as_field("group_name", "err.group.name_taken"))?;
    audit::record(&mut tx, actor_id, None, AuditAction::CreateGroup, "group", id, None::<&()>, Some(&serde_json::json!({ "name": name })))
        .await?;
    tx.commit().await?;
    Ok(id)
}

/// Puts a participant of the cohort in one of its groups (moving them if they were in another).
/// Returns the participant's and the group's name.
pub async fn place_in_group(
    pool: &SqlitePool,
    cohort_id: i64,
    participant_id: i64,
    group_id: i64,
    actor_id: i64,
) -> Result<(String, String), AppError> {
    let mut tx = write_tx(pool).await?;
    let participant = sqlx::query!(
        r#"SELECT u.name, (SELECT m.group_id FROM group_members m WHERE m.participant_id = u.id) AS "current_group?: i64"
           FROM users u WHERE u.id = ? AND u.role = ? AND u.cohort_id = ?"#,
        participant_id,
        const { Role::Participant.code() },
        cohort_id,
    )
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(AppError::field("participant_id", "err.group.participant"))?;
    let group = sqlx::query_scalar!("SELECT name FROM intervision_groups WHERE id = ? AND cohort_id = ?", group_id, cohort_id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(AppError::field("group_id", "err.group.choose"))?;
    sqlx::query!(
        "INSERT INTO group_members (participant_id, group_id) VALUES (?, ?)
         ON CONFLICT (participant_id) DO UPDATE SET group_id = excluded.group_id",
        participant_id,
        group_id
    )
    .execute(&mut *tx)
    .await?;
    let before = participant.current_group.map(|g| serde_json::json!({ "group_id": g }));
    let after = serde_json::json!({ "group_id": group_id });
    audit::record(&mut tx, actor_id, Some(participant_id), AuditAction::PlaceInGroup, "group", group_id, before.as_ref(), Some(&after))
        .await?;
    tx.commit().await?;
    Ok((participant.name, group))
}
