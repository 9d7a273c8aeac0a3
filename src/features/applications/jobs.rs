//! Declined and withdrawn applications are erased once their cohort's retention
//! period (default six months) has passed since they were closed: every text the
//! applicant wrote, the notes, the answers and the mails about it. What remains is
//! one audit line without personal data.
use chrono::{DateTime, NaiveDate, Timelike};
use chrono_tz::Tz;
use sqlx::SqlitePool;

use super::db::{erased_on, SUBJECT};
use crate::{
    domain::{ApplicationStatus, AuditAction},
    error::AppError,
    server::{
        audit,
        db::write_tx,
        schedule::{claim_in, Job},
    },
};

const ERASE_HOUR: u32 = 3;

pub const JOBS: &[Job] = &[Job { name: "application_erasure", slot: nightly_slot, run: |pool, slot| Box::pin(erase_closed(pool, slot)) }];

/// Today's date from 03:00 on (Amsterdam time).
pub fn nightly_slot(now: DateTime<Tz>) -> Option<String> {
    (now.hour() >= ERASE_HOUR).then(|| now.date_naive().to_string())
}

/// Erases every closed application whose day has come by `slot` (a date: the run's
/// "today", so a test can hand in a later day), once per slot.
pub async fn erase_closed(pool: &SqlitePool, slot: &str) -> Result<usize, AppError> {
    let today = NaiveDate::parse_from_str(slot, "%Y-%m-%d").map_err(|_| AppError::Internal)?;
    let mut tx = write_tx(pool).await?;
    if !claim_in(&mut tx, "application_erasure", slot).await? {
        tx.rollback().await?;
        return Ok(0);
    }
    let closed = sqlx::query!(
        r#"SELECT a.id AS "id!", a.closed_at AS "closed_at!", c.application_retention_months
           FROM applications a JOIN cohorts c ON c.id = a.cohort_id
           WHERE a.closed_at IS NOT NULL AND a.status IN (?, ?)"#,
        const { ApplicationStatus::Declined.code() },
        const { ApplicationStatus::Withdrawn.code() },
    )
    .fetch_all(&mut *tx)
    .await?;
    let mut erased = 0;
    for a in closed {
        let Ok(closed_at) = DateTime::parse_from_rfc3339(&a.closed_at) else { continue };
        if erased_on(closed_at.date_naive(), a.application_retention_months) > today {
            continue;
        }
        erase(&mut tx, a.id).await?;
        erased += 1;
    }
    tx.commit().await?;
    Ok(erased)
}

async fn erase(conn: &mut sqlx::SqliteConnection, id: i64) -> Result<(), AppError> {
    sqlx::query!("DELETE FROM outbox WHERE application_id = ?", id).execute(&mut *conn).await?;
    sqlx::query!("DELETE FROM application_notes WHERE application_id = ?", id).execute(&mut *conn).await?;
    sqlx::query!("DELETE FROM application_answers WHERE application_id = ?", id).execute(&mut *conn).await?;
    sqlx::query!("DELETE FROM applications WHERE id = ?", id).execute(&mut *conn).await?;
    audit::record(&mut *conn, None, None, AuditAction::ApplicationErased, SUBJECT, id, None::<&()>, None::<&()>).await
}
