//! Retention per cohort: how long after its end the records stay, who is due, and
//! the two steps that remove them (through [`erasure`](super::erasure)).
use crate::domain::Role;
use chrono::{Months, NaiveDate};
use sqlx::SqlitePool;

use super::{
    erasure::{remove, Cause},
    CohortRetention, DueParticipant, ErasureCase,
};
use crate::{
    domain::{AuditAction, Removal},
    error::AppError,
    server::{audit, clock::today_in_amsterdam, db::write_tx},
};

pub use super::MAX_RETENTION_MONTHS as MAX_MONTHS;

/// The rule: a cohort's records are due for anonymisation from this day on.
pub fn due_on(ends_on: NaiveDate, months: i64) -> NaiveDate {
    let months = u32::try_from(months.clamp(0, MAX_MONTHS)).unwrap_or(0);
    ends_on.checked_add_months(Months::new(months)).unwrap_or(NaiveDate::MAX)
}

fn retention(id: i64, name: String, ends_on: NaiveDate, months: i64, participants: i64, removed: i64) -> CohortRetention {
    let due_on = due_on(ends_on, months);
    CohortRetention {
        cohort_id: id,
        cohort: name,
        ends_on,
        months,
        due_on,
        is_due: today_in_amsterdam() >= due_on,
        participants,
        removed,
    }
}

/// Every cohort, the ones that ended first on top.
pub async fn cohorts(pool: &SqlitePool) -> Result<Vec<CohortRetention>, AppError> {
    let rows = sqlx::query!(
        r#"SELECT c.id AS "id!", c.name, c.ends_on AS "ends_on: NaiveDate", c.retention_months,
                  COUNT(u.id) AS "participants!: i64",
                  COALESCE(SUM(CASE WHEN u.removal IS NULL THEN 0 ELSE 1 END), 0) AS "removed!: i64"
           FROM cohorts c LEFT JOIN users u ON u.cohort_id = c.id AND u.role = ?
           GROUP BY c.id ORDER BY c.ends_on, c.id"#,
        const { Role::Participant.code() },
    )
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(|r| retention(r.id, r.name, r.ends_on, r.retention_months, r.participants, r.removed)).collect())
}

/// Participants of all cohorts whose records should be anonymised now (the
/// coordinator's home): only the cohorts that are due are counted.
pub async fn waiting_total(pool: &SqlitePool) -> Result<i64, AppError> {
    let today = today_in_amsterdam();
    let mut total = 0;
    for c in sqlx::query!(r#"SELECT id AS "id!", ends_on AS "ends_on: NaiveDate", retention_months FROM cohorts"#).fetch_all(pool).await? {
        if today >= due_on(c.ends_on, c.retention_months) {
            total += sqlx::query_scalar!(
                r#"SELECT COUNT(*) AS "n!: i64" FROM users WHERE cohort_id = ? AND role = ? AND removal IS NULL"#,
                c.id,
                const { Role::Participant.code() },
            )
            .fetch_one(pool)
            .await?;
        }
    }
    Ok(total)
}

pub async fn cohort(pool: &SqlitePool, cohort_id: i64) -> Result<Option<CohortRetention>, AppError> {
    let row = sqlx::query!(
        r#"SELECT c.id AS "id!", c.name, c.ends_on AS "ends_on: NaiveDate", c.retention_months,
                  COUNT(u.id) AS "participants!: i64",
                  COALESCE(SUM(CASE WHEN u.removal IS NULL THEN 0 ELSE 1 END), 0) AS "removed!: i64"
           FROM cohorts c LEFT JOIN users u ON u.cohort_id = c.id AND u.role = ?
           WHERE c.id = ? GROUP BY c.id"#,
        const { Role::Participant.code() },
        cohort_id,
    )
    .fetch_optional(pool)
    .await?;
    Ok(row.map(|r| retention(r.id, r.name, r.ends_on, r.retention_months, r.participants, r.removed)))
}

/// The cohort's participants whose records are still there, by name.
pub async fn remaining(pool: &SqlitePool, cohort_id: i64) -> Result<Vec<DueParticipant>, AppError> {
    Ok(sqlx::query!(
        r#"SELECT u.id AS "id!", u.name,
                  EXISTS (SELECT 1 FROM certificates c WHERE c.participant_id = u.id) AS "certified!: bool"
           FROM users u WHERE u.cohort_id = ? AND u.role = ? AND u.removal IS NULL ORDER BY u.name, u.id"#,
        cohort_id,
        const { Role::Participant.code() },
    )
    .fetch_all(pool)
    .await?
    .into_iter()
    .map(|r| DueParticipant { id: r.id, name: r.name, certified: r.certified })
    .collect())
}

pub async fn set_months(pool: &SqlitePool, actor_id: i64, cohort_id: i64, months: i64) -> Result<(), AppError> {
    let mut tx = write_tx(pool).await?;
    let before = sqlx::query_scalar!("SELECT retention_months FROM cohorts WHERE id = ?", cohort_id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(AppError::NotFound)?;
    sqlx::query!("UPDATE cohorts SET retention_months = ? WHERE id = ?", months, cohort_id).execute(&mut *tx).await?;
    let (before, after) = (serde_json::json!({ "retention_months": before }), serde_json::json!({ "retention_months": months }));
    audit::record(&mut tx, actor_id, None, AuditAction::RetentionChanged, "cohort", cohort_id, Some(&before), Some(&after)).await?;
    tx.commit().await
}

/// Anonymises every remaining participant of a cohort whose retention has passed, in
/// one transaction; the ids removed. Refused while the period runs.
pub async fn anonymise_due(pool: &SqlitePool, actor_id: i64, cohort_id: i64) -> Result<Vec<i64>, AppError> {
    let mut tx = write_tx(pool).await?;
    let cohort = sqlx::query!(r#"SELECT ends_on AS "ends_on: NaiveDate", retention_months FROM cohorts WHERE id = ?"#, cohort_id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(AppError::NotFound)?;
    if today_in_amsterdam() < due_on(cohort.ends_on, cohort.retention_months) {
        return Err(AppError::Conflict("err.retention.not_due".into()));
    }
    let ids = sqlx::query_scalar!(
        r#"SELECT id AS "id!" FROM users WHERE cohort_id = ? AND role = ? AND removal IS NULL ORDER BY id"#,
        cohort_id,
        const { Role::Participant.code() },
    )
    .fetch_all(&mut *tx)
    .await?;
    for id in &ids {
        remove(&mut tx, actor_id, *id, Removal::Anonymised, Cause::RetentionPassed, false).await?;
    }
    tx.commit().await?;
    Ok(ids)
}

pub async fn erasure_case(pool: &SqlitePool, participant_id: i64) -> Result<Option<ErasureCase>, AppError> {
    let row = sqlx::query!(
        r#"SELECT u.id AS "id!", u.name, u.cohort_id AS "cohort_id!: i64", c.name AS cohort, u.removal,
                  EXISTS (SELECT 1 FROM certificates x WHERE x.participant_id = u.id) AS "certified!: bool"
           FROM users u JOIN cohorts c ON c.id = u.cohort_id WHERE u.id = ? AND u.role = ?"#,
        participant_id,
        const { Role::Participant.code() },
    )
    .fetch_optional(pool)
    .await?;
    Ok(row.map(|r| ErasureCase {
        participant_id: r.id,
        name: r.name,
        cohort_id: r.cohort_id,
        cohort: r.cohort,
        certified: r.certified,
        removed: r.removal.as_deref().and_then(|code| Removal::parse(code).ok()),
    }))
}

/// On the participant's request: erased completely if never certified, anonymised
/// otherwise (a certificate must stay verifiable). Says which it was.
pub async fn erase_on_request(pool: &SqlitePool, actor_id: i64, participant_id: i64, withhold_name: bool) -> Result<Removal, AppError> {
    let mut tx = write_tx(pool).await?;
    let certified = sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM certificates WHERE participant_id = ?) AS "certified!: bool""#,
        participant_id
    )
    .fetch_one(&mut *tx)
    .await?;
    let removal = if certified { Removal::Anonymised } else { Removal::Erased };
    if !remove(&mut tx, actor_id, participant_id, removal, Cause::Request, withhold_name && certified).await? {
        return Err(AppError::Conflict("err.erasure.already_removed".into()));
    }
    tx.commit().await?;
    Ok(removal)
}
