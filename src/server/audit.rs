use serde::Serialize;
use sqlx::SqliteConnection;

use super::clock::now_rfc3339;
use crate::error::AppError;

/// Appends one line to the audit trail inside the caller's transaction, so the
/// record and the change it describes are saved together or not at all.
/// `participant_id` names the participant the line concerns (a participant's
/// record shows exactly those lines); `None` for cohort-wide changes.
#[allow(clippy::too_many_arguments)]
pub async fn record<B: Serialize, A: Serialize>(
    conn: &mut SqliteConnection,
    actor_id: i64,
    participant_id: Option<i64>,
    action: &str,
    subject_type: &str,
    subject_id: i64,
    before: Option<&B>,
    after: Option<&A>,
) -> Result<(), AppError> {
    let before = before.map(to_json).transpose()?;
    let after = after.map(to_json).transpose()?;
    let at = now_rfc3339();
    sqlx::query!(
        "INSERT INTO audit_log (actor_id, participant_id, action, subject_type, subject_id, before_json, after_json, at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        actor_id,
        participant_id,
        action,
        subject_type,
        subject_id,
        before,
        after,
        at
    )
    .execute(conn)
    .await?;
    Ok(())
}

fn to_json<T: Serialize>(value: &T) -> Result<String, AppError> {
    serde_json::to_string(value).map_err(|e| {
        tracing::error!(error = %e, "audit serialisation failed");
        AppError::Internal
    })
}
