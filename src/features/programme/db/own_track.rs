//! A participant's own track: the trainings they chose and choosing or dropping one.

use crate::domain::Role;
use chrono::NaiveDate;
use sqlx::SqlitePool;

use super::{super::SessionSummary, sessions::SessionRow};
use crate::{
    domain::{AttendanceStatus, AuditAction, SessionKind, SessionStatus},
    error::AppError,
    server::{
        audit,
        clock::{now_in_amsterdam, now_rfc3339},
        db::write_tx,
    },
};

/// The participant's cohort sessions with what concerns them: applies, chosen, attendance.
pub async fn my_programme(pool: &SqlitePool, participant_id: i64) -> Result<super::super::MyProgramme, AppError> {
    let trainings_required = sqlx::query_scalar!(
        "SELECT c.trainings_required FROM users u JOIN cohorts c ON c.id = u.cohort_id WHERE u.id = ? AND u.role = ?",
        participant_id,
        const { Role::Participant.code() },
    )
    .fetch_optional(pool)
    .await?
    .ok_or(AppError::NotFound)?;
    let rows = sqlx::query!(
        r#"SELECT s.id AS "id!", s.kind, s.title, s.held_on AS "held_on: NaiveDate", s.starts_at, s.ends_at, s.minutes,
                  s.place, s.online_url, s.capacity, g.name AS "group_name?", s.status,
                  (SELECT json_group_array(name) FROM (
                       SELECT t.name FROM session_trainers st JOIN users t ON t.id = st.trainer_id
                       WHERE st.session_id = s.id ORDER BY LOWER(t.name))) AS "trainers!: String",
                  (SELECT COUNT(*) FROM training_choices tc WHERE tc.session_id = s.id) AS "chosen_count!: i64",
                  EXISTS (SELECT 1 FROM training_choices tc WHERE tc.session_id = s.id AND tc.participant_id = u.id) AS "chosen_by_me!: bool",
                  EXISTS (SELECT 1 FROM expected_attendance e WHERE e.session_id = s.id AND e.participant_id = u.id) AS "applies!: bool",
                  (SELECT a.status FROM attendance a WHERE a.session_id = s.id AND a.participant_id = u.id) AS "attendance?: String"
           FROM programme_sessions s JOIN users u ON u.cohort_id = s.cohort_id LEFT JOIN intervision_groups g ON g.id = s.group_id
           WHERE u.id = ?
           ORDER BY s.held_on, s.starts_at, s.id"#,
        participant_id
    )
    .fetch_all(pool)
    .await?;
    let (today, time) = now_in_amsterdam();
    let mut programme = super::super::MyProgramme { trainings_required, offer: Vec::new(), upcoming: Vec::new(), held: Vec::new() };
    for r in rows {
        let started = (r.held_on, r.starts_at.as_str()) <= (today, time.as_str());
        let upcoming = r.held_on >= today;
        let session = SessionSummary::try_from(SessionRow {
            id: r.id,
            kind: r.kind,
            title: r.title,
            held_on: r.held_on,
            starts_at: r.starts_at,
            ends_at: r.ends_at,
            minutes: r.minutes,
            place: r.place,
            online_url: r.online_url,
            capacity: r.capacity,
            group_name: r.group_name,
            status: r.status,
            trainers: r.trainers,
            expected: r.chosen_count,
            recorded: 0,
        })?;
        if session.kind == SessionKind::Training {
            let open = !started && session.status == SessionStatus::Planned;
            programme.offer.push(super::super::TrainingOffer {
                session: session.clone(),
                chosen_count: r.chosen_count,
                chosen_by_me: r.chosen_by_me,
                open,
            });
        }
        if r.applies {
            let attendance = r.attendance.as_deref().and_then(|a| AttendanceStatus::parse(a).ok());
            let scheduled = super::super::ScheduledSession { session, attendance };
            if upcoming {
                programme.upcoming.push(scheduled);
            } else {
                programme.held.push(scheduled);
            }
        }
    }
    programme.held.reverse();
    Ok(programme)
}

/// A training of the participant's own cohort that has not started, under the write lock.
struct ChangeableTraining {
    title: String,
    held_on: String,
    starts_at: String,
    ends_at: String,
    capacity: Option<i64>,
    chosen: bool,
}

async fn changeable_training(
    tx: &mut crate::server::writer::WriteTx,
    participant_id: i64,
    session_id: i64,
) -> Result<ChangeableTraining, AppError> {
    let row = sqlx::query!(
        r#"SELECT s.kind, s.title, s.held_on, s.starts_at, s.ends_at, s.capacity, s.status,
                  EXISTS (SELECT 1 FROM training_choices tc WHERE tc.session_id = s.id AND tc.participant_id = u.id) AS "chosen!: bool"
           FROM programme_sessions s JOIN users u ON u.cohort_id = s.cohort_id AND u.role = ?
           WHERE s.id = ? AND u.id = ?"#,
        const { Role::Participant.code() },
        session_id,
        participant_id,
    )
    .fetch_optional(&mut **tx)
    .await?
    .filter(|r| r.kind == SessionKind::Training.code())
    .ok_or(AppError::NotFound)?;
    if row.status != SessionStatus::Planned.code() {
        return Err(AppError::Conflict("err.training.cancelled".into()));
    }
    let (today, time) = now_in_amsterdam();
    if (row.held_on.as_str(), row.starts_at.as_str()) <= (today.to_string().as_str(), time.as_str()) {
        return Err(AppError::Conflict("err.training.started".into()));
    }
    Ok(ChangeableTraining {
        title: row.title,
        held_on: row.held_on,
        starts_at: row.starts_at,
        ends_at: row.ends_at,
        capacity: row.capacity,
        chosen: row.chosen,
    })
}

/// Adds a training to the participant's own track: not started, a place left, and no
/// other session of theirs at the same time. Choosing twice is choosing once. Returns its title.
pub async fn choose_training(pool: &SqlitePool, participant_id: i64, session_id: i64) -> Result<String, AppError> {
    let mut tx = write_tx(pool).await?;
    let training = changeable_training(&mut tx, participant_id, session_id).await?;
    if training.chosen {
        return Ok(training.title);
    }
    let taken = sqlx::query_scalar!(r#"SELECT COUNT(*) AS "n!: i64" FROM training_choices WHERE session_id = ?"#, session_id)
        .fetch_one(&mut *tx)
        .await?;
    if training.capacity.is_some_and(|capacity| taken >= capacity) {
        return Err(AppError::Conflict("err.training.full".into()));
    }
    let clash = sqlx::query_scalar!(
        r#"SELECT s.title FROM expected_attendance e JOIN programme_sessions s ON s.id = e.session_id
           WHERE e.participant_id = ? AND s.id <> ? AND s.status = ?
             AND s.held_on = ? AND s.starts_at < ? AND ? < s.ends_at
           LIMIT 1"#,
        participant_id,
        session_id,
        const { SessionStatus::Planned.code() },
        training.held_on,
        training.ends_at,
        training.starts_at,
    )
    .fetch_optional(&mut *tx)
    .await?;
    if clash.is_some() {
        return Err(AppError::Conflict("err.training.clash".into()));
    }
    let now = now_rfc3339();
    sqlx::query!("INSERT INTO training_choices (session_id, participant_id, chosen_at) VALUES (?, ?, ?)", session_id, participant_id, now)
        .execute(&mut *tx)
        .await?;
    audit::record(
        &mut tx,
        participant_id,
        Some(participant_id),
        AuditAction::ChooseTraining,
        "session",
        session_id,
        None::<&()>,
        None::<&()>,
    )
    .await?;
    tx.commit().await?;
    Ok(training.title)
}

/// Takes a training off the participant's own track, until it starts. Returns its title.
pub async fn drop_training(pool: &SqlitePool, participant_id: i64, session_id: i64) -> Result<String, AppError> {
    let mut tx = write_tx(pool).await?;
    let training = changeable_training(&mut tx, participant_id, session_id).await?;
    if training.chosen {
        sqlx::query!("DELETE FROM training_choices WHERE session_id = ? AND participant_id = ?", session_id, participant_id)
            .execute(&mut *tx)
            .await?;
        audit::record(
            &mut tx,
            participant_id,
            Some(participant_id),
            AuditAction::DropTraining,
            "session",
            session_id,
            None::<&()>,
            None::<&()>,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(training.title)
}
