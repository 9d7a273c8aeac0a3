//! Taking one participant's records out of the app, inside the caller's write
//! transaction. Two ways, chosen by [`Removal`]:
//! - **anonymise** (retention passed, or on request for someone certified): every
//!   text they or others wrote about them, their plan files, name and e-mail go;
//!   dates, kinds, hours, statuses and attendance stay for the statistics;
//! - **erase** (on request, never certified): every record about them is deleted.
//!
//! Either way the account row stays as a tombstone without name or e-mail (ids are
//! never reused), can no longer log in, and the step is one audit line without
//! personal data. A group's GOP is the group's: it is emptied only once every
//! member is removed.
use crate::domain::Role;
use sqlx::SqliteConnection;

use crate::{
    domain::{AuditAction, Removal},
    error::AppError,
    server::{audit, clock::now_rfc3339},
};

/// Why a participant was removed, kept in the audit line (no personal data).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cause {
    RetentionPassed,
    Request,
}

impl Cause {
    fn code(self) -> &'static str {
        match self {
            Cause::RetentionPassed => "bewaartermijn",
            Cause::Request => "verzoek",
        }
    }
}

/// Removes participant `id` (not yet removed) the way `removal` says; `withhold_name`
/// also takes their name off the verification page of their certificates.
/// `Ok(false)`: there was nobody to remove (unknown, not a participant, already removed).
pub async fn remove(
    conn: &mut SqliteConnection,
    actor_id: i64,
    id: i64,
    removal: Removal,
    cause: Cause,
    withhold_name: bool,
) -> Result<bool, AppError> {
    let now = now_rfc3339();
    let code = removal.code();
    let prefix = match removal {
        Removal::Anonymised => "Anoniem #",
        Removal::Erased => "Verwijderd #",
    };
    let group_id = sqlx::query_scalar!("SELECT group_id FROM group_members WHERE participant_id = ?", id)
        .fetch_optional(&mut *conn)
        .await?;
    // The tombstone: the id stays, nothing that names the person.
    let removed = sqlx::query!(
        "UPDATE users SET name = ? || id, email = 'verwijderd-' || id || '@verwijderd.invalid', password_hash = NULL,
                joined_on = NULL, session_epoch = session_epoch + 1, removal = ?, removed_at = ?
         WHERE id = ? AND role = ? AND removal IS NULL",
        prefix,
        code,
        now,
        id,
        const { Role::Participant.code() },
    )
    .execute(&mut *conn)
    .await?;
    if removed.rows_affected() == 0 {
        return Ok(false);
    }
    sqlx::query!("UPDATE invitations SET used_at = COALESCE(used_at, ?) WHERE user_id = ?", now, id).execute(&mut *conn).await?;
    crate::features::enrolment::db::forget_reasons(&mut *conn, id).await?;
    sqlx::query!("UPDATE calendar_feeds SET revoked_at = COALESCE(revoked_at, ?) WHERE user_id = ?", now, id)
        .execute(&mut *conn)
        .await?;
    // Mail to them or about them, sent or waiting, names them: it goes, and nothing more is sent.
    sqlx::query!("DELETE FROM outbox WHERE user_id = ? OR participant_id = ?", id, id).execute(&mut *conn).await?;
    sqlx::query!("DELETE FROM unsubscribe_links WHERE user_id = ?", id).execute(&mut *conn).await?;
    sqlx::query!("DELETE FROM mail_choices_off WHERE user_id = ?", id).execute(&mut *conn).await?;
    // The leerplek names a third person (the werkbegeleider) and their answers: all of it goes.
    sqlx::query!(
        "DELETE FROM confirmation_items WHERE request_id IN (SELECT id FROM confirmation_requests WHERE participant_id = ?)",
        id
    )
    .execute(&mut *conn)
    .await?;
    sqlx::query!("DELETE FROM confirmation_requests WHERE participant_id = ?", id).execute(&mut *conn).await?;
    sqlx::query!("DELETE FROM placements WHERE participant_id = ?", id).execute(&mut *conn).await?;
    // Their application (what they wrote to be admitted, the coordinator's notes) goes too.
    sqlx::query!("DELETE FROM outbox WHERE application_id IN (SELECT id FROM applications WHERE user_id = ?)", id).execute(&mut *conn).await?;
    sqlx::query!("DELETE FROM application_notes WHERE application_id IN (SELECT id FROM applications WHERE user_id = ?)", id)
        .execute(&mut *conn)
        .await?;
    sqlx::query!("DELETE FROM application_answers WHERE application_id IN (SELECT id FROM applications WHERE user_id = ?)", id)
        .execute(&mut *conn)
        .await?;
    sqlx::query!("DELETE FROM applications WHERE user_id = ?", id).execute(&mut *conn).await?;
    match removal {
        Removal::Anonymised => anonymise_records(conn, id, withhold_name, &now).await?,
        Removal::Erased => erase_records(conn, id).await?,
    }
    if let Some(group_id) = group_id {
        empty_group_plan_when_all_removed(conn, group_id).await?;
    }
    let after = serde_json::json!({ "cause": cause.code(), "name_withheld": withhold_name });
    let action = match removal {
        Removal::Anonymised => AuditAction::Anonymised,
        Removal::Erased => AuditAction::Erased,
    };
    audit::record(conn, actor_id, Some(id), action, "participant", id, None::<&()>, Some(&after)).await?;
    Ok(true)
}

/// Texts erased, numbers kept.
async fn anonymise_records(conn: &mut SqliteConnection, id: i64, withhold_name: bool, now: &str) -> Result<(), AppError> {
    // A practice entry must name a place and a rejection its reason (CHECKs): empty, not NULL.
    sqlx::query!(
        "UPDATE hour_entries SET description = '', place = CASE WHEN place IS NULL THEN NULL ELSE '' END,
                rejection_reason = CASE WHEN rejection_reason IS NULL THEN NULL ELSE '' END
         WHERE participant_id = ?",
        id
    )
    .execute(&mut *conn)
    .await?;
    sqlx::query!("UPDATE attendance SET remark = NULL WHERE participant_id = ?", id).execute(&mut *conn).await?;
    if let Some(plan_id) = sqlx::query_scalar!(r#"SELECT id AS "id!" FROM plans WHERE participant_id = ?"#, id).fetch_optional(&mut *conn).await? {
        empty_plan(conn, plan_id).await?;
    }
    sqlx::query!("UPDATE interviews SET place = '' WHERE participant_id = ?", id).execute(&mut *conn).await?;
    sqlx::query!(
        "UPDATE interview_judgements SET explanation = ''
         WHERE item_id IN (SELECT it.id FROM interview_items it JOIN interviews i ON i.id = it.interview_id WHERE i.participant_id = ?)",
        id
    )
    .execute(&mut *conn)
    .await?;
    if withhold_name {
        let nothing: Vec<u8> = Vec::new();
        sqlx::query!(
            "UPDATE certificates SET participant_name = '', pdf = ?, credential_jwt = NULL, name_withheld_at = ? WHERE participant_id = ?",
            nothing,
            now,
            id
        )
        .execute(&mut *conn)
        .await?;
    }
    // What changed, field by field, may quote what was typed; which action, by whom and when stays.
    sqlx::query!(
        "UPDATE audit_log SET before_json = NULL, after_json = NULL
         WHERE participant_id = ? OR (subject_type = 'user' AND subject_id = ?)",
        id,
        id
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Every record about the participant, deleted; rows that point at others' work stay.
async fn erase_records(conn: &mut SqliteConnection, id: i64) -> Result<(), AppError> {
    if let Some(plan_id) = sqlx::query_scalar!(r#"SELECT id AS "id!" FROM plans WHERE participant_id = ?"#, id).fetch_optional(&mut *conn).await? {
        let files = plan_file_ids(conn, plan_id).await?;
        sqlx::query!("DELETE FROM plan_feedback WHERE version_id IN (SELECT id FROM plan_versions WHERE plan_id = ?)", plan_id)
            .execute(&mut *conn)
            .await?;
        sqlx::query!("DELETE FROM plan_versions WHERE plan_id = ?", plan_id).execute(&mut *conn).await?;
        sqlx::query!("DELETE FROM plans WHERE id = ?", plan_id).execute(&mut *conn).await?;
        delete_files(conn, &files).await?;
    }
    sqlx::query!(
        "DELETE FROM interview_judgements
         WHERE item_id IN (SELECT it.id FROM interview_items it JOIN interviews i ON i.id = it.interview_id WHERE i.participant_id = ?)",
        id
    )
    .execute(&mut *conn)
    .await?;
    sqlx::query!("DELETE FROM interview_signatures WHERE interview_id IN (SELECT id FROM interviews WHERE participant_id = ?)", id)
        .execute(&mut *conn)
        .await?;
    sqlx::query!("DELETE FROM interview_items WHERE interview_id IN (SELECT id FROM interviews WHERE participant_id = ?)", id)
        .execute(&mut *conn)
        .await?;
    sqlx::query!("DELETE FROM interviews WHERE participant_id = ?", id).execute(&mut *conn).await?;
    sqlx::query!("DELETE FROM hour_entries WHERE participant_id = ?", id).execute(&mut *conn).await?;
    sqlx::query!("DELETE FROM attendance WHERE participant_id = ?", id).execute(&mut *conn).await?;
    sqlx::query!("DELETE FROM training_choices WHERE participant_id = ?", id).execute(&mut *conn).await?;
    sqlx::query!("DELETE FROM group_members WHERE participant_id = ?", id).execute(&mut *conn).await?;
    sqlx::query!("DELETE FROM calendar_feeds WHERE user_id = ?", id).execute(&mut *conn).await?;
    sqlx::query!("DELETE FROM invitations WHERE user_id = ?", id).execute(&mut *conn).await?;
    sqlx::query!("DELETE FROM audit_log WHERE participant_id = ? OR (subject_type = 'user' AND subject_id = ?)", id, id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// A group's GOP holds what its members wrote together: emptied once none is left.
async fn empty_group_plan_when_all_removed(conn: &mut SqliteConnection, group_id: i64) -> Result<(), AppError> {
    let plan = sqlx::query_scalar!(
        r#"SELECT p.id AS "id!" FROM plans p WHERE p.group_id = ?
           AND NOT EXISTS (SELECT 1 FROM group_members g JOIN users u ON u.id = g.participant_id
                           WHERE g.group_id = p.group_id AND u.removal IS NULL)"#,
        group_id
    )
    .fetch_optional(&mut *conn)
    .await?;
    match plan {
        Some(plan_id) => empty_plan(conn, plan_id).await,
        None => Ok(()),
    }
}

/// A plan's versions and feedback lose their texts and files; the steps and dates stay.
async fn empty_plan(conn: &mut SqliteConnection, plan_id: i64) -> Result<(), AppError> {
    let files = plan_file_ids(conn, plan_id).await?;
    // A version is a file or a text (CHECK): an empty text stands for what was there.
    sqlx::query!("UPDATE plan_versions SET body = '', file_id = NULL WHERE plan_id = ?", plan_id).execute(&mut *conn).await?;
    sqlx::query!(
        "UPDATE plan_feedback SET comment = '', file_id = NULL WHERE version_id IN (SELECT id FROM plan_versions WHERE plan_id = ?)",
        plan_id
    )
    .execute(&mut *conn)
    .await?;
    delete_files(conn, &files).await
}

async fn plan_file_ids(conn: &mut SqliteConnection, plan_id: i64) -> Result<Vec<i64>, AppError> {
    Ok(sqlx::query_scalar!(
        r#"SELECT file_id AS "file_id!" FROM plan_versions WHERE plan_id = ? AND file_id IS NOT NULL
           UNION
           SELECT f.file_id AS "file_id!" FROM plan_feedback f JOIN plan_versions v ON v.id = f.version_id
           WHERE v.plan_id = ? AND f.file_id IS NOT NULL"#,
        plan_id,
        plan_id
    )
    .fetch_all(&mut *conn)
    .await?)
}

async fn delete_files(conn: &mut SqliteConnection, ids: &[i64]) -> Result<(), AppError> {
    for file_id in ids {
        sqlx::query!("DELETE FROM stored_files WHERE id = ?", file_id).execute(&mut *conn).await?;
    }
    Ok(())
}
