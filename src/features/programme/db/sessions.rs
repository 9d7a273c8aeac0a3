//! Sessions: the programme of a cohort, planning, editing and cancelling a session.

use crate::domain::Role;
use chrono::NaiveDate;
use serde::Serialize;
use sqlx::SqlitePool;

use super::super::{CohortProgramme, SessionChoices, SessionList, SessionSummary, SESSIONS_PER_LIST};
use crate::{
    domain::{AuditAction, ClockTime, SessionKind, SessionStatus},
    error::AppError,
    server::{
        audit,
        clock::{now_rfc3339, today_in_amsterdam},
        db::{from_json, write_tx},
    },
};

/// A session as pages list it. Also read from a JSON array of the same fields in this
/// order (`trainers` a nested array of names), for lists selected as one row.
#[derive(serde::Deserialize)]
pub(super) struct SessionRow {
    pub(super) id: i64,
    pub(super) kind: String,
    pub(super) title: String,
    pub(super) held_on: NaiveDate,
    pub(super) starts_at: String,
    pub(super) ends_at: String,
    pub(super) minutes: i64,
    pub(super) place: Option<String>,
    pub(super) online_url: Option<String>,
    pub(super) capacity: Option<i64>,
    pub(super) group_name: Option<String>,
    pub(super) status: String,
    #[serde(deserialize_with = "raw_json_text")]
    pub(super) trainers: String,
    pub(super) expected: i64,
    pub(super) recorded: i64,
}

/// A nested JSON value kept as its text, as the column of a row-per-session query gives it.
fn raw_json_text<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    let raw: Box<serde_json::value::RawValue> = serde::Deserialize::deserialize(d)?;
    Ok(raw.get().to_owned())
}

impl TryFrom<SessionRow> for SessionSummary {
    type Error = AppError;
    fn try_from(r: SessionRow) -> Result<Self, AppError> {
        Ok(SessionSummary {
            id: r.id,
            kind: SessionKind::parse(&r.kind).map_err(|_| AppError::Internal)?,
            title: r.title,
            held_on: r.held_on,
            starts_at: r.starts_at,
            ends_at: r.ends_at,
            minutes: r.minutes,
            place: r.place,
            online_url: r.online_url,
            capacity: r.capacity,
            group_name: r.group_name,
            status: SessionStatus::parse(&r.status).map_err(|_| AppError::Internal)?,
            trainers: from_json(&r.trainers)?,
            expected: r.expected,
            recorded: r.recorded,
        })
    }
}

/// The sessions held today in the cohorts `trainer_id` runs (not called off), by time.
pub async fn trainer_sessions_today(pool: &SqlitePool, trainer_id: i64) -> Result<Vec<super::super::TodaySession>, AppError> {
    let today = today_in_amsterdam().to_string();
    Ok(sqlx::query_as!(
        super::super::TodaySession,
        r#"SELECT s.id AS "id!", s.title, s.starts_at, s.ends_at, c.name AS cohort_name,
                  (SELECT COUNT(*) FROM expected_attendance e WHERE e.session_id = s.id) AS "expected!: i64",
                  (SELECT COUNT(*) FROM attendance a WHERE a.session_id = s.id) AS "recorded!: i64"
           FROM programme_sessions s JOIN cohorts c ON c.id = s.cohort_id
           WHERE s.held_on = ? AND s.status <> ?
             AND s.cohort_id IN (SELECT cohort_id FROM cohort_trainers WHERE trainer_id = ?)
           ORDER BY s.starts_at, s.id"#,
        today,
        const { SessionStatus::Cancelled.code() },
        trainer_id,
    )
    .fetch_all(pool)
    .await?)
}

pub async fn session_cohort(pool: &SqlitePool, session_id: i64) -> Result<Option<i64>, AppError> {
    Ok(sqlx::query_scalar!("SELECT cohort_id FROM programme_sessions WHERE id = ?", session_id).fetch_optional(pool).await?)
}

/// The cohort's programme: `pages` = (page of the sessions to come, page of those held).
///
/// One query: every query is a round trip to sqlx's worker thread (see
/// `server::db::from_json`), and this page made six. The pages of sessions are chosen
/// first (`upcoming`, `held`) and their counts worked out for those 20 only: with the
/// counts beside the ORDER BY, SQLite worked them out for every session of the first day
/// it sorted (63 intervision groups meeting on one day: 3x the work).
pub async fn cohort_programme(pool: &SqlitePool, cohort_id: i64, pages: (i64, i64)) -> Result<Option<CohortProgramme>, AppError> {
    let today = today_in_amsterdam();
    let (upcoming_page, held_page) = pages;
    let today_text = today.to_string();
    let (upcoming_offset, held_offset) = ((upcoming_page - 1) * SESSIONS_PER_LIST, (held_page - 1) * SESSIONS_PER_LIST);
    let Some(cohort) = sqlx::query!(
        r#"WITH upcoming AS (SELECT id FROM programme_sessions WHERE cohort_id = ? AND held_on >= ?
                             ORDER BY held_on, starts_at, id LIMIT ? OFFSET ?),
                held AS (SELECT id FROM programme_sessions WHERE cohort_id = ? AND held_on < ?
                         ORDER BY held_on DESC, starts_at DESC, id DESC LIMIT ? OFFSET ?)
           SELECT name,
                  (SELECT COUNT(*) FROM intervision_groups g WHERE g.cohort_id = c.id) AS "group_count!: i64",
                  (SELECT COUNT(*) FROM users u WHERE u.cohort_id = c.id AND u.role = ? AND u.away_since IS NULL
                     AND NOT EXISTS (SELECT 1 FROM group_members m WHERE m.participant_id = u.id)) AS "ungrouped_count!: i64",
                  (SELECT COALESCE(SUM(held_on >= ?), 0) FROM programme_sessions WHERE cohort_id = c.id) AS "upcoming_count!: i64",
                  (SELECT COALESCE(SUM(held_on < ?), 0) FROM programme_sessions WHERE cohort_id = c.id) AS "held_count!: i64",
                  -- Both pages of sessions, each marked whether it is to come; sorted in Rust.
                  (SELECT json_group_array(json_array(shown.upcoming, json_array(s.id, s.kind, s.title, s.held_on, s.starts_at,
                              s.ends_at, s.minutes, s.place, s.online_url, s.capacity, g.name, s.status,
                              (SELECT json_group_array(name) FROM (
                                   SELECT u.name FROM session_trainers st JOIN users u ON u.id = st.trainer_id
                                   WHERE st.session_id = s.id ORDER BY LOWER(u.name))),
                              (SELECT COUNT(*) FROM expected_attendance e WHERE e.session_id = s.id),
                              -- Attendance is recorded from the day itself on: later sessions have none to count.
                              CASE WHEN s.held_on <= ? THEN (SELECT COUNT(*) FROM expected_attendance e JOIN attendance a
                                   ON a.session_id = e.session_id AND a.participant_id = e.participant_id
                               WHERE e.session_id = s.id) ELSE 0 END)))
                   FROM (SELECT id, 1 AS upcoming FROM upcoming UNION ALL SELECT id, 0 FROM held) shown
                   JOIN programme_sessions s ON s.id = shown.id
                   LEFT JOIN intervision_groups g ON g.id = s.group_id) AS "sessions!: String"
           FROM cohorts c WHERE c.id = ?"#,
        cohort_id,
        today_text,
        SESSIONS_PER_LIST,
        upcoming_offset,
        cohort_id,
        today_text,
        SESSIONS_PER_LIST,
        held_offset,
        const { Role::Participant.code() },
        today_text,
        today_text,
        today_text,
        cohort_id,
    )
    .fetch_optional(pool)
    .await?
    else {
        return Ok(None);
    };
    let (mut upcoming, mut held) = (Vec::new(), Vec::new());
    for (is_upcoming, row) in from_json::<Vec<(i64, SessionRow)>>(&cohort.sessions)? {
        if is_upcoming != 0 { upcoming.push(row) } else { held.push(row) }
    }
    // Sessions to come from the first on, those held from the last back.
    let order = |a: &SessionRow, b: &SessionRow| (a.held_on, &a.starts_at, a.id).cmp(&(b.held_on, &b.starts_at, b.id));
    upcoming.sort_by(order);
    held.sort_by(|a, b| order(b, a));
    let sessions = |rows: Vec<SessionRow>| rows.into_iter().map(SessionSummary::try_from).collect::<Result<Vec<_>, _>>();
    Ok(Some(CohortProgramme {
        cohort_id,
        cohort_name: cohort.name,
        upcoming: SessionList { sessions: sessions(upcoming)?, total: cohort.upcoming_count, page: upcoming_page },
        held: SessionList { sessions: sessions(held)?, total: cohort.held_count, page: held_page },
        group_count: cohort.group_count,
        ungrouped_count: cohort.ungrouped_count,
    }))
}

/// What a new session of the cohort can be: its period, its groups by name and its trainers.
pub async fn session_choices(pool: &SqlitePool, cohort_id: i64) -> Result<Option<SessionChoices>, AppError> {
    let Some(row) = sqlx::query!(
        r#"SELECT name, starts_on AS "starts_on: NaiveDate", ends_on AS "ends_on: NaiveDate",
                  (SELECT json_group_array(json_object('id', id, 'name', name)) FROM (
                       SELECT g.id, g.name FROM intervision_groups g WHERE g.cohort_id = c.id ORDER BY g.name)) AS "groups!: String",
                  (SELECT json_group_array(json_object('id', id, 'name', name)) FROM (
                       SELECT u.id, u.name FROM cohort_trainers t JOIN users u ON u.id = t.trainer_id
                       WHERE t.cohort_id = c.id ORDER BY LOWER(u.name))) AS "trainers!: String"
           FROM cohorts c WHERE c.id = ?"#,
        cohort_id
    )
    .fetch_optional(pool)
    .await?
    else {
        return Ok(None);
    };
    Ok(Some(SessionChoices {
        cohort_id,
        cohort_name: row.name,
        starts_on: row.starts_on,
        ends_on: row.ends_on,
        groups: from_json(&row.groups)?,
        trainers: from_json(&row.trainers)?,
    }))
}

/// What defines a session apart from its cohort and kind, checked (see `actions::checked_details`).
#[derive(Debug, Serialize)]
pub struct SessionDetails {
    pub title: String,
    pub held_on: NaiveDate,
    pub starts_at: ClockTime,
    pub ends_at: ClockTime,
    pub place: Option<String>,
    pub online_url: Option<String>,
    pub capacity: Option<i64>,
    pub group_id: Option<i64>,
    pub trainer_ids: Vec<i64>,
}

impl SessionDetails {
    fn minutes(&self) -> Result<i64, AppError> {
        Ok(i64::from(self.starts_at.minutes_until(self.ends_at).ok_or(AppError::field("ends_at", "err.session.ends_before_start"))?))
    }
}

/// A checked new session (see `actions::add_session`).
#[derive(Serialize)]
pub struct NewSession {
    pub cohort_id: i64,
    pub kind: SessionKind,
    #[serde(flatten)]
    pub details: SessionDetails,
}

pub async fn create_session(pool: &SqlitePool, new: &NewSession, actor_id: i64) -> Result<i64, AppError> {
    let mut tx = write_tx(pool).await?;
    let (kind, d) = (new.kind.code(), &new.details);
    let (held_on, starts_at, ends_at, minutes) = (d.held_on.to_string(), d.starts_at.to_string(), d.ends_at.to_string(), d.minutes()?);
    let now = now_rfc3339();
    let id = sqlx::query_scalar!(
        r#"INSERT INTO programme_sessions (cohort_id, kind, title, held_on, starts_at, ends_at, minutes, place, online_url,
                                          capacity, group_id, created_by, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id AS "id!""#,
        new.cohort_id,
        kind,
        d.title,
        held_on,
        starts_at,
        ends_at,
        minutes,
        d.place,
        d.online_url,
        d.capacity,
        d.group_id,
        actor_id,
        now
    )
    .fetch_one(&mut *tx)
    .await?;
    set_trainers(&mut tx, id, &d.trainer_ids).await?;
    audit::record(&mut tx, actor_id, None, AuditAction::CreateSession, "session", id, None::<&()>, Some(new)).await?;
    tx.commit().await?;
    Ok(id)
}

/// Who gives a session: replaces its trainer links (links, not records people act on).
async fn set_trainers(conn: &mut sqlx::SqliteConnection, session_id: i64, trainer_ids: &[i64]) -> Result<(), AppError> {
    sqlx::query!("DELETE FROM session_trainers WHERE session_id = ?", session_id).execute(&mut *conn).await?;
    for trainer_id in trainer_ids {
        sqlx::query!("INSERT INTO session_trainers (session_id, trainer_id) VALUES (?, ?)", session_id, trainer_id)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

pub async fn session_kind(pool: &SqlitePool, session_id: i64) -> Result<Option<SessionKind>, AppError> {
    let kind = sqlx::query_scalar!("SELECT kind FROM programme_sessions WHERE id = ?", session_id).fetch_optional(pool).await?;
    kind.map(|k| SessionKind::parse(&k).map_err(|_| AppError::Internal)).transpose()
}

/// A session as its edit form starts: the stored values and what they may be changed to.
pub async fn session_editor(pool: &SqlitePool, session_id: i64) -> Result<Option<super::super::SessionEditor>, AppError> {
    let Some(row) = sqlx::query!(
        r#"SELECT s.id AS "id!", s.cohort_id, c.name AS cohort_name, c.starts_on AS "starts_on: NaiveDate", c.ends_on AS "ends_on: NaiveDate",
                  s.kind, s.title, s.held_on AS "held_on: NaiveDate", s.starts_at, s.ends_at, s.place, s.online_url, s.capacity,
                  s.group_id, s.status,
                  (SELECT json_group_array(trainer_id) FROM session_trainers WHERE session_id = s.id) AS "trainer_ids!: String",
                  (SELECT json_group_array(json_object('id', id, 'name', name)) FROM (
                       SELECT g.id, g.name FROM intervision_groups g WHERE g.cohort_id = c.id ORDER BY g.name)) AS "groups!: String",
                  (SELECT json_group_array(json_object('id', id, 'name', name)) FROM (
                       SELECT u.id, u.name FROM cohort_trainers t JOIN users u ON u.id = t.trainer_id
                       WHERE t.cohort_id = c.id ORDER BY LOWER(u.name))) AS "trainers!: String",
                  (SELECT COUNT(*) FROM training_choices tc WHERE tc.session_id = s.id) AS "chosen!: i64"
           FROM programme_sessions s JOIN cohorts c ON c.id = s.cohort_id
           WHERE s.id = ?"#,
        session_id
    )
    .fetch_optional(pool)
    .await?
    else {
        return Ok(None);
    };
    Ok(Some(super::super::SessionEditor {
        id: row.id,
        cohort_id: row.cohort_id,
        cohort_name: row.cohort_name,
        starts_on: row.starts_on,
        ends_on: row.ends_on,
        kind: SessionKind::parse(&row.kind).map_err(|_| AppError::Internal)?,
        title: row.title,
        held_on: row.held_on,
        starts_at: row.starts_at,
        ends_at: row.ends_at,
        place: row.place,
        online_url: row.online_url,
        capacity: row.capacity,
        group_id: row.group_id,
        status: SessionStatus::parse(&row.status).map_err(|_| AppError::Internal)?,
        trainer_ids: from_json(&row.trainer_ids)?,
        groups: from_json(&row.groups)?,
        trainers: from_json(&row.trainers)?,
        chosen: row.chosen,
    }))
}

/// Changes a planned session's details, in one write transaction against what is stored:
/// a training keeps room for everyone who chose it; once attendance is recorded the session
/// cannot move to the future nor to another group (the lines would no longer apply).
/// Credited times longer than the new length fall back to the full length.
pub async fn update_session(pool: &SqlitePool, session_id: i64, d: &SessionDetails, actor_id: i64) -> Result<(), AppError> {
    let mut tx = write_tx(pool).await?;
    let before = sqlx::query!(
        r#"SELECT title, held_on, starts_at, ends_at, minutes, place, online_url, capacity, group_id, status,
                  (SELECT json_group_array(trainer_id) FROM session_trainers WHERE session_id = s.id) AS "trainer_ids!: String",
                  (SELECT COUNT(*) FROM training_choices tc WHERE tc.session_id = s.id) AS "chosen!: i64",
                  (SELECT COUNT(*) FROM attendance a WHERE a.session_id = s.id) AS "recorded!: i64"
           FROM programme_sessions s WHERE s.id = ?"#,
        session_id
    )
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(AppError::NotFound)?;
    if before.status != SessionStatus::Planned.code() {
        return Err(AppError::Conflict("err.session.edit_cancelled".into()));
    }
    if d.capacity.is_some_and(|capacity| capacity < before.chosen) {
        return Err(AppError::field("capacity", "err.session.capacity_below_chosen"));
    }
    if before.recorded > 0 && d.held_on > today_in_amsterdam() {
        return Err(AppError::field("held_on", "err.session.recorded_not_future"));
    }
    if before.recorded > 0 && d.group_id != before.group_id {
        return Err(AppError::field("group_id", "err.session.group_recorded"));
    }
    let (held_on, starts_at, ends_at, minutes) = (d.held_on.to_string(), d.starts_at.to_string(), d.ends_at.to_string(), d.minutes()?);
    sqlx::query!(
        "UPDATE programme_sessions SET title = ?, held_on = ?, starts_at = ?, ends_at = ?, minutes = ?, place = ?, online_url = ?,
                capacity = ?, group_id = ?
         WHERE id = ? AND status = ?",
        d.title,
        held_on,
        starts_at,
        ends_at,
        minutes,
        d.place,
        d.online_url,
        d.capacity,
        d.group_id,
        session_id,
        const { SessionStatus::Planned.code() },
    )
    .execute(&mut *tx)
    .await?;
    set_trainers(&mut tx, session_id, &d.trainer_ids).await?;
    sqlx::query!("UPDATE attendance SET credited_minutes = NULL WHERE session_id = ? AND credited_minutes >= ?", session_id, minutes)
        .execute(&mut *tx)
        .await?;
    let before = serde_json::json!({
        "title": before.title, "held_on": before.held_on, "starts_at": before.starts_at, "ends_at": before.ends_at,
        "minutes": before.minutes, "place": before.place, "online_url": before.online_url, "capacity": before.capacity,
        "group_id": before.group_id, "trainer_ids": from_json::<Vec<i64>>(&before.trainer_ids)?,
    });
    audit::record(&mut tx, actor_id, None, AuditAction::UpdateSession, "session", session_id, Some(&before), Some(d)).await?;
    tx.commit().await?;
    Ok(())
}

/// Marks a planned session cancelled (a conditional update: cancelling twice is a conflict). Returns its title.
pub async fn cancel_session(pool: &SqlitePool, session_id: i64, actor_id: i64) -> Result<String, AppError> {
    let mut tx = write_tx(pool).await?;
    let changed = sqlx::query!(
        "UPDATE programme_sessions SET status = ? WHERE id = ? AND status = ?",
        const { SessionStatus::Cancelled.code() },
        session_id,
        const { SessionStatus::Planned.code() },
    )
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if changed == 0 {
        return Err(AppError::Conflict("err.session.already_cancelled".into()));
    }
    let title = sqlx::query_scalar!("SELECT title FROM programme_sessions WHERE id = ?", session_id).fetch_one(&mut *tx).await?;
    let before = serde_json::json!({ "status": "gepland" });
    let after = serde_json::json!({ "status": "geannuleerd" });
    audit::record(&mut tx, actor_id, None, AuditAction::CancelSession, "session", session_id, Some(&before), Some(&after)).await?;
    tx.commit().await?;
    Ok(title)
}
