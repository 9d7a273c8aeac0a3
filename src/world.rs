//! Builders for "a world": cohorts, people, hours, groups, sessions, attendance and
//! plans written straight into the database, for the demo and for the tests (one
//! shape of each row, codes from the domain types). Everything a user does goes
//! through the features' own code; these only set the stage. Each returns the new id.
use chrono::NaiveDate;
use sqlx::SqlitePool;

use crate::{
    domain::{AttendanceStatus, EntryStatus, HourKind, Organisation, PlanKind, PlanStatus, Role, SessionKind},
    error::AppError,
    features::accounts::db::create_user,
    server::clock::now_rfc3339,
};

pub async fn cohort(pool: &SqlitePool, name: &str, starts_on: NaiveDate, ends_on: NaiveDate) -> Result<i64, AppError> {
    let now = now_rfc3339();
    Ok(sqlx::query_scalar!(
        r#"INSERT INTO cohorts (name, starts_on, ends_on, created_at) VALUES (?, ?, ?, ?) RETURNING id AS "id!""#,
        name,
        starts_on,
        ends_on,
        now
    )
    .fetch_one(pool)
    .await?)
}

/// An account with a password, as after accepting an invitation. The e-mail, name and
/// password must be valid: a builder given bad data is a bug in its caller.
pub async fn person(
    pool: &SqlitePool,
    email: &str,
    name: &str,
    role: Role,
    organisation: Option<Organisation>,
    cohort_id: Option<i64>,
    password: &str,
) -> Result<i64, AppError> {
    use crate::domain::{Email, NewPassword, PersonName};
    let email = Email::parse(email).map_err(|_| AppError::Internal)?;
    let name = PersonName::parse(name).map_err(|_| AppError::Internal)?;
    let password = NewPassword::parse(password, &email).map_err(|_| AppError::Internal)?;
    create_user(pool, &email, &name, role, organisation, cohort_id, password).await
}

/// A participant who never logged in (no password), e.g. in a cohort long ended.
pub async fn participant_without_login(pool: &SqlitePool, email: &str, name: &str, cohort_id: i64, joined_on: NaiveDate) -> Result<i64, AppError> {
    let now = now_rfc3339();
    Ok(sqlx::query_scalar!(
        r#"INSERT INTO users (email, name, role, cohort_id, created_at, joined_on) VALUES (?, ?, ?, ?, ?, ?) RETURNING id AS "id!""#,
        email,
        name,
        const { Role::Participant.code() },
        cohort_id,
        now,
        joined_on
    )
    .fetch_one(pool)
    .await?)
}

/// One hour entry as it stands after a trainer's decision (or still waiting).
pub struct Entry<'a> {
    pub participant_id: i64,
    pub cohort_id: i64,
    pub worked_on: NaiveDate,
    pub quarters: i64,
    pub kind: HourKind,
    pub description: &'a str,
    pub place: Option<&'a str>,
    pub status: EntryStatus,
    pub rejection_reason: Option<&'a str>,
    /// The trainer who decided; ignored for a waiting entry.
    pub decided_by: Option<i64>,
}

pub async fn entry(pool: &SqlitePool, e: &Entry<'_>) -> Result<i64, AppError> {
    let now = now_rfc3339();
    let decided_by = e.decided_by.filter(|_| e.status != EntryStatus::Submitted);
    let decided_at = decided_by.map(|_| now.clone());
    let (kind, status) = (e.kind.code(), e.status.code());
    Ok(sqlx::query_scalar!(
        r#"INSERT INTO hour_entries (participant_id, cohort_id, worked_on, quarters, kind, description, place, status,
                                    rejection_reason, decided_by, decided_at, submitted_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id AS "id!""#,
        e.participant_id,
        e.cohort_id,
        e.worked_on,
        e.quarters,
        kind,
        e.description,
        e.place,
        status,
        e.rejection_reason,
        decided_by,
        decided_at,
        now
    )
    .fetch_one(pool)
    .await?)
}

/// An intervision group with its members.
pub async fn group(pool: &SqlitePool, cohort_id: i64, name: &str, members: &[i64]) -> Result<i64, AppError> {
    let now = now_rfc3339();
    let group = sqlx::query_scalar!(
        r#"INSERT INTO intervision_groups (cohort_id, name, created_at) VALUES (?, ?, ?) RETURNING id AS "id!""#,
        cohort_id,
        name,
        now
    )
    .fetch_one(pool)
    .await?;
    for member in members {
        sqlx::query!("INSERT INTO group_members (participant_id, group_id) VALUES (?, ?)", member, group).execute(pool).await?;
    }
    Ok(group)
}

/// A session of the programme and the trainers who give it.
pub struct Session<'a> {
    pub cohort_id: i64,
    pub kind: SessionKind,
    pub title: &'a str,
    pub held_on: NaiveDate,
    /// "HH:MM"; the length in minutes follows from the two.
    pub starts_at: &'a str,
    pub ends_at: &'a str,
    pub place: &'a str,
    pub capacity: Option<i64>,
    pub group_id: Option<i64>,
    pub trainers: &'a [i64],
    pub created_by: i64,
}

pub async fn session(pool: &SqlitePool, s: &Session<'_>) -> Result<i64, AppError> {
    let minutes = |t: &str| crate::domain::ClockTime::parse(t).map(|t| i64::from(t.minutes_since_midnight())).map_err(|_| AppError::Internal);
    let length = minutes(s.ends_at)? - minutes(s.starts_at)?;
    let (kind, now) = (s.kind.code(), now_rfc3339());
    let id = sqlx::query_scalar!(
        r#"INSERT INTO programme_sessions (cohort_id, kind, title, held_on, starts_at, ends_at, minutes, place, capacity, group_id,
                                          created_by, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id AS "id!""#,
        s.cohort_id,
        kind,
        s.title,
        s.held_on,
        s.starts_at,
        s.ends_at,
        length,
        s.place,
        s.capacity,
        s.group_id,
        s.created_by,
        now
    )
    .fetch_one(pool)
    .await?;
    for trainer in s.trainers {
        sqlx::query!("INSERT INTO session_trainers (session_id, trainer_id) VALUES (?, ?)", id, trainer).execute(pool).await?;
    }
    Ok(id)
}

pub async fn training_choice(pool: &SqlitePool, session_id: i64, participant_id: i64) -> Result<(), AppError> {
    let now = now_rfc3339();
    sqlx::query!("INSERT INTO training_choices (session_id, participant_id, chosen_at) VALUES (?, ?, ?)", session_id, participant_id, now)
        .execute(pool)
        .await?;
    Ok(())
}

/// Attendance as a trainer records it on the session's sheet.
pub async fn attendance(
    pool: &SqlitePool,
    session_id: i64,
    participant_id: i64,
    status: AttendanceStatus,
    recorded_by: i64,
) -> Result<(), AppError> {
    let (status, now) = (status.code(), now_rfc3339());
    sqlx::query!(
        "INSERT INTO attendance (session_id, participant_id, status, recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?)",
        session_id,
        participant_id,
        status,
        recorded_by,
        now
    )
    .execute(pool)
    .await?;
    Ok(())
}

/// A plan with a decision and no versions: a participant's POP (`owner` a participant)
/// or a group's GOP (`owner` a group), for worlds that need a plan's state only.
pub async fn plan_in_state(pool: &SqlitePool, kind: PlanKind, cohort_id: i64, owner: i64, status: PlanStatus) -> Result<i64, AppError> {
    let (participant, group) = match kind {
        PlanKind::Pop => (Some(owner), None),
        PlanKind::Gop => (None, Some(owner)),
    };
    let (kind, status, now) = (kind.code(), status.code(), now_rfc3339());
    Ok(sqlx::query_scalar!(
        r#"INSERT INTO plans (kind, cohort_id, participant_id, group_id, status, created_at) VALUES (?, ?, ?, ?, ?, ?)
           RETURNING id AS "id!""#,
        kind,
        cohort_id,
        participant,
        group,
        status,
        now
    )
    .fetch_one(pool)
    .await?)
}
