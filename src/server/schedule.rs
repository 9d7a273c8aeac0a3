//! Jobs that `serve` runs on a schedule (nightly backups now; digests and reminders
//! later): each slot of a job runs once, whichever process and however many restarts.
use sqlx::SqlitePool;

use super::{clock::now_rfc3339, db::write_tx};
use crate::error::AppError;

/// Claims `slot` of `job` ("2026-12-01" for a nightly job): true for the one caller
/// that may run it, false for every later one.
pub async fn claim(pool: &SqlitePool, job: &str, slot: &str) -> Result<bool, AppError> {
    let mut tx = write_tx(pool).await?;
    let now = now_rfc3339();
    let claimed =
        sqlx::query!("INSERT INTO scheduled_runs (job, slot, started_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING", job, slot, now)
            .execute(&mut *tx)
            .await?
            .rows_affected()
            == 1;
    tx.commit().await?;
    Ok(claimed)
}
