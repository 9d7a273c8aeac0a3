//! Moves the day the kept attendance tallies count up to (`attendance_tallied_through`)
//! on to today, once a day just after midnight (Amsterdam time). Until it has run the
//! figures stay right: they add the lines held after that day (`db::cohort_figures`).
use chrono::DateTime;
use chrono_tz::Tz;
use sqlx::SqlitePool;

use crate::{
    error::AppError,
    server::{
        db::write_tx,
        schedule::{claim_in, Job},
    },
};

pub const JOBS: &[Job] = &[Job { name: "attendance_tallies", slot: daily_slot, run: |pool, slot| Box::pin(tally_through(pool, slot)) }];

/// Today's date, from midnight on.
fn daily_slot(now: DateTime<Tz>) -> Option<String> {
    Some(now.date_naive().to_string())
}

/// Counts the sessions held up to `slot` (a date) into the tallies, once per slot; the
/// day only ever moves forward. The triggers on `attendance_tallied_through` recount the
/// participants of the sessions in between. Returns 1 when the day moved.
pub async fn tally_through(pool: &SqlitePool, slot: &str) -> Result<usize, AppError> {
    chrono::NaiveDate::parse_from_str(slot, "%Y-%m-%d").map_err(|_| AppError::Internal)?;
    let mut tx = write_tx(pool).await?;
    if !claim_in(&mut tx, "attendance_tallies", slot).await? {
        tx.rollback().await?;
        return Ok(0);
    }
    let moved = sqlx::query!("UPDATE attendance_tallied_through SET day = ? WHERE day < ?", slot, slot).execute(&mut *tx).await?;
    tx.commit().await?;
    Ok(moved.rows_affected() as usize)
}
