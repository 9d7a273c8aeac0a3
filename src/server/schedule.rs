//! Jobs that `serve` runs on a schedule (the nightly backup; the features' jobs such
//! as reminders and digests, handed in by the composition root): each slot of a job
//! runs once, whichever process and however many restarts.
use std::{future::Future, pin::Pin, time::Duration};

use chrono::DateTime;
use chrono_tz::Tz;
use sqlx::{SqliteConnection, SqlitePool};

use super::{clock::now_rfc3339, db::write_tx};
use crate::error::AppError;

/// A feature's scheduled job. `slot` names the run due at a moment (Amsterdam time),
/// or `None` when none is; `run` does that slot's work and should claim the slot in
/// its own write transaction ([`claim_in`]) so the work and the claim commit together.
#[derive(Clone, Copy)]
pub struct Job {
    pub name: &'static str,
    pub slot: fn(DateTime<Tz>) -> Option<String>,
    pub run: for<'a> fn(&'a SqlitePool, &'a str) -> Pin<Box<dyn Future<Output = Result<usize, AppError>> + Send + 'a>>,
}

/// How often `serve` looks whether a job is due.
const TICK: Duration = Duration::from_secs(60);

/// Runs every job whose slot is due, now and then once a minute, for as long as `serve` runs.
pub fn spawn_jobs(pool: SqlitePool, jobs: Vec<Job>) {
    tokio::spawn(async move {
        loop {
            let now = chrono::Utc::now().with_timezone(&chrono_tz::Europe::Amsterdam);
            for job in &jobs {
                let Some(slot) = (job.slot)(now) else { continue };
                match (job.run)(&pool, &slot).await {
                    Ok(0) => {}
                    Ok(done) => tracing::info!(job = job.name, slot, done, "scheduled job ran"),
                    Err(error) => tracing::error!(job = job.name, slot, %error, "scheduled job failed; tried again in a minute"),
                }
            }
            tokio::time::sleep(TICK).await;
        }
    });
}

/// [`claim`] inside the caller's write transaction: the slot counts as done only if
/// that transaction commits.
pub async fn claim_in(conn: &mut SqliteConnection, job: &str, slot: &str) -> Result<bool, AppError> {
    let now = now_rfc3339();
    Ok(sqlx::query!("INSERT INTO scheduled_runs (job, slot, started_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING", job, slot, now)
        .execute(&mut *conn)
        .await?
        .rows_affected()
        == 1)
}

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
