use serde::Serialize;
use sqlx::SqliteConnection;

use super::clock::now_rfc3339;
use crate::{domain::AuditAction, error::AppError};

/// Appends one line to the audit trail inside the caller's transaction, so the
/// record and the change it describes are saved together or not at all.
/// `participant_id` names the participant the line concerns (a participant's
/// record shows exactly those lines); `None` for cohort-wide changes.
#[allow(clippy::too_many_arguments)]
pub async fn record<B: Serialize, A: Serialize>(
    conn: &mut SqliteConnection,
    // `None`: someone without an account (a werkbegeleider answering by link).
    actor_id: impl Into<Option<i64>>,
    participant_id: Option<i64>,
    action: AuditAction,
    subject_type: &str,
    subject_id: i64,
    before: Option<&B>,
    after: Option<&A>,
) -> Result<(), AppError> {
    let before = before.map(to_json).transpose()?;
    let after = after.map(to_json).transpose()?;
    let at = now_rfc3339();
    let reading = action.is_read();
    let action = action.code();
    let actor_id = actor_id.into();
    sqlx::query!(
        "INSERT INTO audit_log (actor_id, participant_id, action, reading, subject_type, subject_id, before_json, after_json, at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        actor_id,
        participant_id,
        action,
        reading,
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

/// One read of special-category data (a plan opened, a file or certificate downloaded).
pub struct ReadLine {
    /// `None`: someone without an account (a werkbegeleider opening a confirmation link).
    pub actor_id: Option<i64>,
    pub participant_id: i64,
    pub action: AuditAction,
    pub subject_type: &'static str,
    pub subject_id: i64,
    pub after: serde_json::Value,
}

/// One read by `actor_id` of something about `participant_id` (a record, an interview).
pub async fn note_read(
    log: &ReadLog,
    actor_id: i64,
    participant_id: i64,
    action: AuditAction,
    subject_type: &'static str,
    subject_id: i64,
) {
    log.note([ReadLine { actor_id: Some(actor_id), participant_id, action, subject_type, subject_id, after: serde_json::Value::Null }]).await;
}

/// Lines waiting at most; a flood of views waits for room instead of growing memory.
const READ_QUEUE: usize = 10_000;
/// Lines written in one transaction at most.
const READ_BATCH: usize = 500;

/// Reads are audited off the request path: a page view hands its lines to one
/// worker that writes whatever has queued up in one transaction. So a view never
/// holds the write lock, and a thousand views cost a handful of commits.
#[derive(Clone)]
pub struct ReadLog(tokio::sync::mpsc::Sender<ReadLine>);

impl ReadLog {
    /// Starts the worker; it ends when the last `ReadLog` is dropped, after writing what is queued.
    pub fn start(pool: sqlx::SqlitePool) -> Self {
        let (sender, mut queue) = tokio::sync::mpsc::channel::<ReadLine>(READ_QUEUE);
        tokio::spawn(async move {
            let mut batch = Vec::with_capacity(READ_BATCH);
            while queue.recv_many(&mut batch, READ_BATCH).await > 0 {
                write_reads(&pool, &mut batch).await;
            }
        });
        ReadLog(sender)
    }

    pub async fn note(&self, lines: impl IntoIterator<Item = ReadLine>) {
        for line in lines {
            if self.0.send(line).await.is_err() {
                tracing::error!("read log stopped; a read went unrecorded");
            }
        }
    }
}

/// Writes `batch` in one transaction, retrying a few times when the database is busy.
async fn write_reads(pool: &sqlx::SqlitePool, batch: &mut Vec<ReadLine>) {
    for attempt in 1..=5 {
        match try_write_reads(pool, batch).await {
            Ok(()) => break,
            Err(error) => {
                tracing::error!(?error, attempt, lines = batch.len(), "read log: writing failed");
                tokio::time::sleep(std::time::Duration::from_millis(200 * attempt)).await;
            }
        }
    }
    batch.clear();
}

async fn try_write_reads(pool: &sqlx::SqlitePool, batch: &[ReadLine]) -> Result<(), AppError> {
    let mut tx = super::db::write_tx(pool).await?;
    for line in batch {
        record(
            &mut tx,
            line.actor_id,
            Some(line.participant_id),
            line.action,
            line.subject_type,
            line.subject_id,
            None::<&()>,
            Some(&line.after),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}
