//! Stints and the two steps on them. Each step is one write transaction (`BEGIN
//! IMMEDIATE`) that reads the participant's state and changes it conditionally, so two
//! coordinators clicking at once cannot leave two running stints (a unique index also
//! forbids that).
use chrono::NaiveDate;
use sqlx::{SqliteConnection, SqlitePool};

use super::{Away, CohortChoice, Enrolment, Stint};
use crate::{
    domain::{AuditAction, BreakReason, EntryStatus, InterviewStatus, LeaveKind, Role},
    error::AppError,
    server::{audit, clock::today_in_amsterdam, db::write_tx},
};

const SUBJECT: &str = "participant";

/// A pause or a stop as the coordinator records it.
pub struct Break {
    pub kind: LeaveKind,
    pub reason: BreakReason,
    /// The first day they no longer take part.
    pub from: NaiveDate,
    pub expected_back: Option<NaiveDate>,
}

/// Where a participant went on.
pub struct Continued {
    pub name: String,
    pub cohort_name: String,
    pub joined_on: NaiveDate,
    pub moved: bool,
}

#[derive(sqlx::FromRow)]
struct StintRow {
    cohort_id: i64,
    cohort_name: String,
    joined_on: NaiveDate,
    left_on: Option<NaiveDate>,
    left_as: Option<String>,
    reason: Option<String>,
    expected_back: Option<NaiveDate>,
}

impl StintRow {
    fn into_stint(self) -> Stint {
        Stint {
            cohort_id: self.cohort_id,
            cohort_name: self.cohort_name,
            joined_on: self.joined_on,
            left_on: self.left_on,
            left_as: self.left_as.as_deref().and_then(|c| LeaveKind::parse(c).ok()),
            reason: self.reason.as_deref().and_then(|c| BreakReason::parse(c).ok()),
            expected_back: self.expected_back,
        }
    }
}

/// A participant's stints, oldest first: the record shows them all, dated.
pub async fn stints(conn: &mut SqliteConnection, participant_id: i64) -> Result<Vec<Stint>, AppError> {
    let rows = sqlx::query_as!(
        StintRow,
        r#"SELECT e.cohort_id, c.name AS cohort_name, e.joined_on AS "joined_on: NaiveDate", e.left_on AS "left_on: NaiveDate",
                  e.left_as, e.reason, e.expected_back AS "expected_back: NaiveDate"
           FROM enrolments e JOIN cohorts c ON c.id = e.cohort_id
           WHERE e.participant_id = ? ORDER BY e.joined_on, e.id"#,
        participant_id
    )
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows.into_iter().map(StintRow::into_stint).collect())
}

/// Why someone takes no part now, from their last stint (`None` while taking part).
pub fn away_of(stints: &[Stint]) -> Option<Away> {
    let last = stints.last()?;
    Some(Away { since: last.left_on?, kind: last.left_as?, expected_back: last.expected_back })
}

struct Participant {
    name: String,
    cohort_id: i64,
    cohort_name: String,
    away: bool,
    finishing: bool,
}

async fn participant(conn: &mut SqliteConnection, id: i64) -> Result<Option<Participant>, AppError> {
    let row = sqlx::query!(
        r#"SELECT u.name, u.cohort_id AS "cohort_id!: i64", c.name AS cohort_name, u.away_since IS NOT NULL AS "away!: bool",
                  EXISTS (SELECT 1 FROM interviews i WHERE i.participant_id = u.id AND i.status IN (?, ?)) AS "finishing!: bool"
           FROM users u JOIN cohorts c ON c.id = u.cohort_id
           WHERE u.id = ? AND u.role = ? AND u.removal IS NULL"#,
        const { InterviewStatus::Planned.code() },
        const { InterviewStatus::Passed.code() },
        id,
        const { Role::Participant.code() },
    )
    .fetch_optional(&mut *conn)
    .await?;
    Ok(row.map(|r| Participant { name: r.name, cohort_id: r.cohort_id, cohort_name: r.cohort_name, away: r.away, finishing: r.finishing }))
}

/// The coordinator's page about one participant's taking part.
pub async fn enrolment(pool: &SqlitePool, participant_id: i64) -> Result<Option<Enrolment>, AppError> {
    let mut conn = pool.acquire().await?;
    let Some(p) = participant(&mut conn, participant_id).await? else {
        return Ok(None);
    };
    let today = today_in_amsterdam();
    let stints = stints(&mut conn, participant_id).await?;
    let cohorts = sqlx::query!(
        r#"SELECT id AS "id!", name, starts_on AS "starts_on: NaiveDate" FROM cohorts WHERE ends_on >= ? ORDER BY starts_on, name"#,
        today
    )
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .map(|r| CohortChoice { id: r.id, name: r.name, starts_on: r.starts_on })
    .collect();
    Ok(Some(Enrolment {
        participant_id,
        name: p.name,
        cohort_id: p.cohort_id,
        cohort_name: p.cohort_name,
        away: away_of(&stints),
        stints,
        finishing: p.finishing,
        cohorts,
        today,
    }))
}

/// The participant pauses or stops from `brk.from`: their running stint ends that day,
/// so from then on no session expects them and the cohort tables leave them out.
/// Their record stays readable; hours can be logged again once they continue.
pub async fn take_break(pool: &SqlitePool, actor: i64, participant_id: i64, brk: &Break) -> Result<String, AppError> {
    let mut tx = write_tx(pool).await?;
    let p = participant(&mut tx, participant_id).await?.ok_or(AppError::NotFound)?;
    if p.away {
        return Err(AppError::Conflict("err.enrolment.already_away".into()));
    }
    if p.finishing {
        return Err(AppError::Conflict("err.enrolment.finishing".into()));
    }
    let joined_on = sqlx::query_scalar!(
        r#"SELECT joined_on AS "joined_on: NaiveDate" FROM enrolments WHERE participant_id = ? AND left_on IS NULL"#,
        participant_id
    )
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(AppError::Conflict("err.enrolment.already_away".into()))?;
    if brk.from < joined_on {
        return Err(AppError::field("from", "err.enrolment.before_start"));
    }
    let (kind, reason) = (brk.kind.code(), brk.reason.code());
    let expected_back = brk.expected_back.filter(|_| brk.kind == LeaveKind::Paused);
    sqlx::query!(
        "UPDATE enrolments SET left_on = ?, left_as = ?, reason = ?, expected_back = ? WHERE participant_id = ? AND left_on IS NULL",
        brk.from,
        kind,
        reason,
        expected_back,
        participant_id
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!("UPDATE users SET away_since = ? WHERE id = ?", brk.from, participant_id).execute(&mut *tx).await?;
    // The reason category stays on the stint (erased with the person), not in the trail.
    let line = serde_json::json!({ "cohort_id": p.cohort_id, "from": brk.from, "expected_back": expected_back });
    let action = if brk.kind == LeaveKind::Stopped { AuditAction::ParticipantStopped } else { AuditAction::ParticipantPaused };
    audit::record(&mut tx, actor, Some(participant_id), action, SUBJECT, participant_id, None::<&()>, Some(&line)).await?;
    tx.commit().await?;
    Ok(p.name)
}

/// The participant goes on in `cohort_id` from `today` (or its first day, if later):
/// after a break in the same cohort (resume) or in another one (a move, also straight
/// from taking part). On a move their POP and the hours still waiting for a decision go
/// with them to the new cohort's trainers; approved hours and attended sessions count
/// where they are; they leave their intervision group, whose GOP stays with the group.
pub async fn continue_in(pool: &SqlitePool, actor: i64, participant_id: i64, cohort_id: i64, today: NaiveDate) -> Result<Continued, AppError> {
    let mut tx = write_tx(pool).await?;
    let p = participant(&mut tx, participant_id).await?.ok_or(AppError::NotFound)?;
    if p.finishing {
        return Err(AppError::Conflict("err.enrolment.finishing".into()));
    }
    let target = sqlx::query!(
        r#"SELECT name, starts_on AS "starts_on: NaiveDate", ends_on AS "ends_on: NaiveDate" FROM cohorts WHERE id = ?"#,
        cohort_id
    )
    .fetch_optional(&mut *tx)
    .await?
    .ok_or_else(|| AppError::field("cohort", "err.enrolment.cohort"))?;
    if target.ends_on < today {
        return Err(AppError::field("cohort", "err.enrolment.cohort_ended"));
    }
    let moved = cohort_id != p.cohort_id;
    if !moved && !p.away {
        return Err(AppError::field("cohort", "err.enrolment.same_cohort"));
    }
    let joined_on = today.max(target.starts_on);
    let moved_code = LeaveKind::Moved.code();
    // Straight from taking part: the running stint ends today, as a move.
    sqlx::query!(
        "UPDATE enrolments SET left_on = ?, left_as = ? WHERE participant_id = ? AND left_on IS NULL",
        today,
        moved_code,
        participant_id
    )
    .execute(&mut *tx)
    .await?;
    if moved {
        leave_cohort(&mut tx, participant_id, p.cohort_id, cohort_id, today).await?;
    }
    sqlx::query!("INSERT INTO enrolments (participant_id, cohort_id, joined_on) VALUES (?, ?, ?)", participant_id, cohort_id, joined_on)
        .execute(&mut *tx)
        .await?;
    sqlx::query!("UPDATE users SET cohort_id = ?, joined_on = ?, away_since = NULL WHERE id = ?", cohort_id, joined_on, participant_id)
        .execute(&mut *tx)
        .await?;
    let line = serde_json::json!({ "from_cohort": p.cohort_id, "cohort_id": cohort_id, "joined_on": joined_on });
    let action = if moved { AuditAction::ParticipantMoved } else { AuditAction::ParticipantResumed };
    audit::record(&mut tx, actor, Some(participant_id), action, SUBJECT, participant_id, None::<&()>, Some(&line)).await?;
    tx.commit().await?;
    Ok(Continued { name: p.name, cohort_name: target.name, joined_on, moved })
}

/// What a move changes besides the stints: the group (kept on the old stints, so their
/// intervision there still counts), trainings chosen for what is still to come, the POP
/// and the entries waiting for a decision.
async fn leave_cohort(conn: &mut SqliteConnection, participant_id: i64, from: i64, to: i64, today: NaiveDate) -> Result<(), AppError> {
    sqlx::query!(
        "UPDATE enrolments SET group_id = (SELECT group_id FROM group_members WHERE participant_id = ?1)
         WHERE participant_id = ?1 AND cohort_id = ?2 AND group_id IS NULL",
        participant_id,
        from
    )
    .execute(&mut *conn)
    .await?;
    sqlx::query!("DELETE FROM group_members WHERE participant_id = ?", participant_id).execute(&mut *conn).await?;
    sqlx::query!(
        "DELETE FROM training_choices WHERE participant_id = ?
           AND session_id IN (SELECT id FROM programme_sessions WHERE cohort_id = ? AND held_on >= ?)",
        participant_id,
        from,
        today
    )
    .execute(&mut *conn)
    .await?;
    sqlx::query!("UPDATE plans SET cohort_id = ? WHERE participant_id = ?", to, participant_id).execute(&mut *conn).await?;
    sqlx::query!(
        "UPDATE hour_entries SET cohort_id = ? WHERE participant_id = ? AND status = ?",
        to,
        participant_id,
        const { EntryStatus::Submitted.code() },
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Whether the participant takes part now (not paused or stopped): hours may be logged.
pub async fn taking_part(conn: &mut SqliteConnection, participant_id: i64) -> Result<bool, AppError> {
    Ok(sqlx::query_scalar!("SELECT away_since IS NULL AS \"taking_part!: bool\" FROM users WHERE id = ?", participant_id)
        .fetch_optional(&mut *conn)
        .await?
        .unwrap_or(false))
}

/// Anonymising or erasing someone: the reason for a break is theirs and goes; the
/// dates stay, so the cohort's figures of that time stay as they were.
pub async fn forget_reasons(conn: &mut SqliteConnection, participant_id: i64) -> Result<(), AppError> {
    sqlx::query!("UPDATE enrolments SET reason = NULL, expected_back = NULL WHERE participant_id = ?", participant_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}
