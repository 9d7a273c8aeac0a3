//! Intervision groups: the groups page, making groups and placing participants in them.

use std::collections::HashMap;

use crate::domain::Role;
use sqlx::SqlitePool;

use super::super::{CohortGroups, GroupSummary, Person};
use crate::{
    domain::AuditAction,
    error::AppError,
    server::{
        audit,
        clock::now_rfc3339,
        db::{from_json, unique_as_field, write_tx},
    },
};

/// The cohort's groups by name, each with its members, and the active participants in none.
/// One query (each is a round trip to sqlx's worker thread); people are sorted here: in
/// SQLite, sorting a cohort of 500 by `LOWER(name)` cost twice the reading of them. ASCII
/// lowercase, as SQLite's `LOWER` does, so every list orders people as the attendance sheet.
pub async fn cohort_groups(pool: &SqlitePool, cohort_id: i64) -> Result<Option<CohortGroups>, AppError> {
    let Some(row) = sqlx::query!(
        r#"SELECT name,
                  (SELECT json_group_array(json_object('id', id, 'name', name)) FROM (
                       SELECT g.id, g.name FROM intervision_groups g WHERE g.cohort_id = c.id ORDER BY g.name)) AS "groups!: String",
                  (SELECT json_group_array(json_object('id', id, 'name', name)) FROM (
                       SELECT u.id, u.name FROM users u
                       WHERE u.cohort_id = c.id AND u.role = ? AND u.away_since IS NULL
                         AND NOT EXISTS (SELECT 1 FROM group_members m WHERE m.participant_id = u.id))) AS "ungrouped!: String",
                  (SELECT json_group_array(json_array(m.group_id, u.id, u.name))
                   FROM group_members m JOIN intervision_groups g ON g.id = m.group_id JOIN users u ON u.id = m.participant_id
                   WHERE g.cohort_id = c.id) AS "members!: String"
           FROM cohorts c WHERE c.id = ?"#,
        const { Role::Participant.code() },
        cohort_id,
    )
    .fetch_optional(pool)
    .await?
    else {
        return Ok(None);
    };
    let by_name = |p: &Person| (p.name.to_ascii_lowercase(), p.id);
    let mut members: HashMap<i64, Vec<Person>> = HashMap::new();
    for (group, id, name) in from_json::<Vec<(i64, i64, String)>>(&row.members)? {
        members.entry(group).or_default().push(Person { id, name });
    }
    let groups = from_json::<Vec<Person>>(&row.groups)?
        .into_iter()
        .map(|g| {
            let mut members = members.remove(&g.id).unwrap_or_default();
            members.sort_by_cached_key(by_name);
            GroupSummary { id: g.id, name: g.name, members }
        })
        .collect();
    let mut ungrouped: Vec<Person> = from_json(&row.ungrouped)?;
    ungrouped.sort_by_cached_key(by_name);
    Ok(Some(CohortGroups { cohort_id, cohort_name: row.name, groups, ungrouped }))
}

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
