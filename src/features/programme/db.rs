//! Storage of the programme. Which session applies to which participant is
//! decided in one place, the `expected_attendance` view; every query here that
//! counts or checks attendance goes through it.
use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Serialize;
use sqlx::SqlitePool;

use super::{AttendanceFigures, AttendanceSheet, AttendanceTally, CohortProgramme, GroupSummary, Person, SessionSummary, SheetRow};
use crate::{
    domain::{AttendanceStatus, AuditAction, ClockTime, SessionKind, SessionStatus},
    error::AppError,
    server::{
        audit,
        clock::{now_in_amsterdam, now_rfc3339, today_in_amsterdam},
        db::{from_json, unique_as_field, write_tx},
    },
};

struct SessionRow {
    id: i64,
    kind: String,
    title: String,
    held_on: NaiveDate,
    starts_at: String,
    ends_at: String,
    minutes: i64,
    place: Option<String>,
    online_url: Option<String>,
    capacity: Option<i64>,
    group_name: Option<String>,
    status: String,
    trainers: String,
    expected: i64,
    recorded: i64,
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
pub async fn trainer_sessions_today(pool: &SqlitePool, trainer_id: i64) -> Result<Vec<super::TodaySession>, AppError> {
    let today = today_in_amsterdam().to_string();
    Ok(sqlx::query_as!(
        super::TodaySession,
        r#"SELECT s.id AS "id!", s.title, s.starts_at, s.ends_at, c.name AS cohort_name,
                  (SELECT COUNT(*) FROM expected_attendance e WHERE e.session_id = s.id) AS "expected!: i64",
                  (SELECT COUNT(*) FROM attendance a WHERE a.session_id = s.id) AS "recorded!: i64"
           FROM programme_sessions s JOIN cohorts c ON c.id = s.cohort_id
           WHERE s.held_on = ? AND s.status <> 'geannuleerd'
             AND s.cohort_id IN (SELECT cohort_id FROM cohort_trainers WHERE trainer_id = ?)
           ORDER BY s.starts_at, s.id"#,
        today,
        trainer_id
    )
    .fetch_all(pool)
    .await?)
}

pub async fn session_cohort(pool: &SqlitePool, session_id: i64) -> Result<Option<i64>, AppError> {
    Ok(sqlx::query_scalar!("SELECT cohort_id FROM programme_sessions WHERE id = ?", session_id).fetch_optional(pool).await?)
}

pub async fn cohort_programme(pool: &SqlitePool, cohort_id: i64) -> Result<Option<CohortProgramme>, AppError> {
    let Some(cohort) = sqlx::query!(
        r#"SELECT name, starts_on AS "starts_on: NaiveDate", ends_on AS "ends_on: NaiveDate",
                  (SELECT json_group_array(json_object('id', id, 'name', name)) FROM (
                       SELECT g.id, g.name FROM intervision_groups g WHERE g.cohort_id = c.id ORDER BY g.name)) AS "groups!: String",
                  (SELECT json_group_array(json_object('id', id, 'name', name)) FROM (
                       SELECT u.id, u.name FROM users u
                       WHERE u.cohort_id = c.id AND u.role = 'deelnemer'
                         AND NOT EXISTS (SELECT 1 FROM group_members m WHERE m.participant_id = u.id)
                       ORDER BY LOWER(u.name))) AS "ungrouped!: String",
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
    let sessions = sqlx::query_as!(
        SessionRow,
        r#"SELECT s.id AS "id!", s.kind, s.title, s.held_on AS "held_on: NaiveDate", s.starts_at, s.ends_at, s.minutes,
                  s.place, s.online_url, s.capacity, g.name AS "group_name?", s.status,
                  (SELECT json_group_array(name) FROM (
                       SELECT u.name FROM session_trainers st JOIN users u ON u.id = st.trainer_id
                       WHERE st.session_id = s.id ORDER BY LOWER(u.name))) AS "trainers!: String",
                  (SELECT COUNT(*) FROM expected_attendance e WHERE e.session_id = s.id) AS "expected!: i64",
                  (SELECT COUNT(*) FROM expected_attendance e JOIN attendance a
                       ON a.session_id = e.session_id AND a.participant_id = e.participant_id
                   WHERE e.session_id = s.id) AS "recorded!: i64"
           FROM programme_sessions s LEFT JOIN intervision_groups g ON g.id = s.group_id
           WHERE s.cohort_id = ?
           ORDER BY s.held_on, s.starts_at, s.id"#,
        cohort_id
    )
    .fetch_all(pool)
    .await?
    .into_iter()
    .map(SessionSummary::try_from)
    .collect::<Result<Vec<_>, _>>()?;
    let members = sqlx::query!(
        r#"SELECT m.group_id, u.id AS "id!", u.name FROM group_members m
           JOIN intervision_groups g ON g.id = m.group_id JOIN users u ON u.id = m.participant_id
           WHERE g.cohort_id = ? ORDER BY LOWER(u.name)"#,
        cohort_id
    )
    .fetch_all(pool)
    .await?;
    let groups = from_json::<Vec<Person>>(&cohort.groups)?
        .into_iter()
        .map(|g| GroupSummary {
            members: members.iter().filter(|m| m.group_id == g.id).map(|m| Person { id: m.id, name: m.name.clone() }).collect(),
            id: g.id,
            name: g.name,
        })
        .collect();
    Ok(Some(CohortProgramme {
        cohort_id,
        cohort_name: cohort.name,
        starts_on: cohort.starts_on,
        ends_on: cohort.ends_on,
        today: today_in_amsterdam(),
        sessions,
        groups,
        ungrouped: from_json(&cohort.ungrouped)?,
        trainers: from_json(&cohort.trainers)?,
    }))
}

pub async fn attendance_sheet(pool: &SqlitePool, session_id: i64) -> Result<Option<AttendanceSheet>, AppError> {
    let Some(row) = sqlx::query!(
        r#"SELECT s.id AS "id!", s.cohort_id, c.name AS cohort_name, s.kind, s.title, s.held_on AS "held_on: NaiveDate",
                  s.starts_at, s.ends_at, s.minutes, s.place, s.online_url, s.capacity, g.name AS "group_name?", s.status,
                  (SELECT json_group_array(name) FROM (
                       SELECT u.name FROM session_trainers st JOIN users u ON u.id = st.trainer_id
                       WHERE st.session_id = s.id ORDER BY LOWER(u.name))) AS "trainers!: String",
                  (SELECT json_group_array(json_object('participant_id', id, 'name', name, 'status', status, 'remark', remark,
                                                       'credited_minutes', credited_minutes)) FROM (
                       SELECT u.id, u.name, a.status, a.remark, a.credited_minutes FROM expected_attendance e
                       JOIN users u ON u.id = e.participant_id
                       LEFT JOIN attendance a ON a.session_id = e.session_id AND a.participant_id = e.participant_id
                       WHERE e.session_id = s.id ORDER BY LOWER(u.name), u.id)) AS "rows!: String"
           FROM programme_sessions s JOIN cohorts c ON c.id = s.cohort_id LEFT JOIN intervision_groups g ON g.id = s.group_id
           WHERE s.id = ?"#,
        session_id
    )
    .fetch_optional(pool)
    .await?
    else {
        return Ok(None);
    };
    #[derive(serde::Deserialize)]
    struct Line {
        participant_id: i64,
        name: String,
        status: Option<String>,
        remark: Option<String>,
        credited_minutes: Option<i64>,
    }
    let rows = from_json::<Vec<Line>>(&row.rows)?
        .into_iter()
        .map(|l| SheetRow {
            participant_id: l.participant_id,
            name: l.name,
            status: l.status.as_deref().and_then(|s| AttendanceStatus::parse(s).ok()),
            remark: l.remark,
            credited_quarters: l.credited_minutes.map(|m| m / 15),
        })
        .collect::<Vec<_>>();
    let recorded = rows.iter().filter(|r| r.status.is_some()).count() as i64;
    let session = SessionSummary::try_from(SessionRow {
        id: row.id,
        kind: row.kind,
        title: row.title,
        held_on: row.held_on,
        starts_at: row.starts_at,
        ends_at: row.ends_at,
        minutes: row.minutes,
        place: row.place,
        online_url: row.online_url,
        capacity: row.capacity,
        group_name: row.group_name,
        status: row.status,
        trainers: row.trainers,
        expected: rows.len() as i64,
        recorded,
    })?;
    Ok(Some(AttendanceSheet { cohort_id: row.cohort_id, cohort_name: row.cohort_name, session, rows, today: today_in_amsterdam() }))
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

/// The cohort's period and which groups and trainers belong to it: what a new session is checked against.
pub struct CohortFrame {
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub group_ids: Vec<i64>,
    pub trainer_ids: Vec<i64>,
}

pub async fn cohort_frame(pool: &SqlitePool, cohort_id: i64) -> Result<Option<CohortFrame>, AppError> {
    let Some(row) = sqlx::query!(
        r#"SELECT starts_on AS "starts_on: NaiveDate", ends_on AS "ends_on: NaiveDate",
                  (SELECT json_group_array(id) FROM intervision_groups WHERE cohort_id = c.id) AS "groups!: String",
                  (SELECT json_group_array(trainer_id) FROM cohort_trainers WHERE cohort_id = c.id) AS "trainers!: String"
           FROM cohorts c WHERE c.id = ?"#,
        cohort_id
    )
    .fetch_optional(pool)
    .await?
    else {
        return Ok(None);
    };
    Ok(Some(CohortFrame {
        starts_on: row.starts_on,
        ends_on: row.ends_on,
        group_ids: from_json(&row.groups)?,
        trainer_ids: from_json(&row.trainers)?,
    }))
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

pub async fn create_group(pool: &SqlitePool, cohort_id: i64, name: &str, actor_id: i64) -> Result<i64, AppError> {
    let mut tx = write_tx(pool).await?;
    let now = now_rfc3339();
    let id = sqlx::query_scalar!(
        r#"INSERT INTO intervision_groups (cohort_id, name, created_at) VALUES (?, ?, ?) RETURNING id AS "id!""#,
        cohort_id,
        name,
        now
    )
    .fetch_one(&mut *tx)
    .await
    .map_err(unique_as_field("group_name", "err.group.name_taken"))?;
    audit::record(&mut tx, actor_id, None, AuditAction::CreateGroup, "group", id, None::<&()>, Some(&serde_json::json!({ "name": name })))
        .await?;
    tx.commit().await?;
    Ok(id)
}

/// Puts a participant of the cohort in one of its groups (moving them if they were in another).
/// Returns the participant's and the group's name.
pub async fn place_in_group(
    pool: &SqlitePool,
    cohort_id: i64,
    participant_id: i64,
    group_id: i64,
    actor_id: i64,
) -> Result<(String, String), AppError> {
    let mut tx = write_tx(pool).await?;
    let participant = sqlx::query!(
        r#"SELECT u.name, (SELECT m.group_id FROM group_members m WHERE m.participant_id = u.id) AS "current_group?: i64"
           FROM users u WHERE u.id = ? AND u.role = 'deelnemer' AND u.cohort_id = ?"#,
        participant_id,
        cohort_id
    )
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(AppError::field("participant_id", "err.group.participant"))?;
    let group = sqlx::query_scalar!("SELECT name FROM intervision_groups WHERE id = ? AND cohort_id = ?", group_id, cohort_id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(AppError::field("group_id", "err.group.choose"))?;
    sqlx::query!(
        "INSERT INTO group_members (participant_id, group_id) VALUES (?, ?)
         ON CONFLICT (participant_id) DO UPDATE SET group_id = excluded.group_id",
        participant_id,
        group_id
    )
    .execute(&mut *tx)
    .await?;
    let before = participant.current_group.map(|g| serde_json::json!({ "group_id": g }));
    let after = serde_json::json!({ "group_id": group_id });
    audit::record(&mut tx, actor_id, Some(participant_id), AuditAction::PlaceInGroup, "group", group_id, before.as_ref(), Some(&after))
        .await?;
    tx.commit().await?;
    Ok((participant.name, group))
}

/// One participant's line on the attendance form, checked.
pub struct AttendanceLine {
    pub participant_id: i64,
    pub status: AttendanceStatus,
    pub remark: Option<String>,
    /// A trainer's correction of the time that counts (left early); `None`: the session's length.
    pub credited_minutes: Option<i64>,
}

#[derive(Serialize, PartialEq)]
struct AttendanceSnapshot {
    status: String,
    remark: Option<String>,
    credited_minutes: Option<i64>,
}

/// Records (or records again: it overwrites) attendance for participants the session
/// applies to. Anyone else is refused as a whole, before anything is written.
/// Returns how many lines changed.
pub async fn record_attendance(pool: &SqlitePool, session_id: i64, lines: &[AttendanceLine], actor_id: i64) -> Result<usize, AppError> {
    let mut tx = write_tx(pool).await?;
    let expected = sqlx::query!(
        r#"SELECT e.participant_id AS "participant_id!: i64", a.status AS "status?", a.remark, a.credited_minutes
           FROM expected_attendance e
           LEFT JOIN attendance a ON a.session_id = e.session_id AND a.participant_id = e.participant_id
           WHERE e.session_id = ?"#,
        session_id
    )
    .fetch_all(&mut *tx)
    .await?;
    if lines.iter().any(|l| !expected.iter().any(|e| e.participant_id == l.participant_id)) {
        return Err(AppError::Conflict("err.attendance.not_expected".into()));
    }
    let now = now_rfc3339();
    let mut changed = 0;
    for line in lines {
        let before = expected.iter().find(|e| e.participant_id == line.participant_id).and_then(|e| {
            e.status.clone().map(|status| AttendanceSnapshot { status, remark: e.remark.clone(), credited_minutes: e.credited_minutes })
        });
        let after = AttendanceSnapshot {
            status: line.status.code().to_owned(),
            remark: line.remark.clone(),
            credited_minutes: line.credited_minutes,
        };
        if before.as_ref() == Some(&after) {
            continue;
        }
        sqlx::query!(
            "INSERT INTO attendance (session_id, participant_id, status, remark, credited_minutes, recorded_by, recorded_at)
             VALUES (?, ?, ?, ?, ?, ?, ?)
             ON CONFLICT (session_id, participant_id) DO UPDATE
             SET status = excluded.status, remark = excluded.remark, credited_minutes = excluded.credited_minutes,
                 recorded_by = excluded.recorded_by, recorded_at = excluded.recorded_at",
            session_id,
            line.participant_id,
            after.status,
            after.remark,
            after.credited_minutes,
            actor_id,
            now
        )
        .execute(&mut *tx)
        .await?;
        audit::record(
            &mut tx,
            actor_id,
            Some(line.participant_id),
            AuditAction::RecordAttendance,
            "session",
            session_id,
            before.as_ref(),
            Some(&after),
        )
        .await?;
        changed += 1;
    }
    tx.commit().await?;
    Ok(changed)
}

/// The figures of every participant of a cohort (the cohort page), in one query.
pub async fn cohort_figures(pool: &SqlitePool, cohort_id: i64) -> Result<HashMap<i64, AttendanceFigures>, AppError> {
    let today = today_in_amsterdam().to_string();
    let groups = sqlx::query_as!(
        FigureGroup,
        r#"SELECT participant_id AS "participant_id!: i64", kind AS "kind!", status AS "status?", excused_counts_as_absent AS "excused!: i64",
                  COUNT(*) AS "n!: i64", SUM(earned_minutes) AS "minutes!: i64"
           FROM attendance_lines
           WHERE cohort_id = ? AND held_on <= ?
           GROUP BY participant_id, kind, status, excused_counts_as_absent"#,
        cohort_id,
        today
    )
    .fetch_all(pool)
    .await?;
    figures_from_groups(groups)
}

/// Held sessions of one kind and attendance status for one participant, counted (see the
/// `attendance_lines` view). Pages that load a participant in one query select these as JSON:
/// `json_array(participant_id, kind, status, excused_counts_as_absent, COUNT(*), SUM(earned_minutes))`.
#[derive(serde::Deserialize)]
pub struct FigureGroup {
    participant_id: i64,
    kind: String,
    status: Option<String>,
    /// 0 or 1 (JSON has no booleans from SQLite).
    excused: i64,
    n: i64,
    minutes: i64,
}

/// Tallies per participant from counted groups.
pub fn figures_from_groups(groups: impl IntoIterator<Item = FigureGroup>) -> Result<HashMap<i64, AttendanceFigures>, AppError> {
    let mut minutes: HashMap<i64, i64> = HashMap::new();
    let mut all: HashMap<i64, AttendanceFigures> = HashMap::new();
    for group in groups {
        let figures = all.entry(group.participant_id).or_default();
        figures.excused_counts_as_absent = group.excused != 0;
        *minutes.entry(group.participant_id).or_default() += group.minutes;
        let tally: &mut AttendanceTally =
            if group.kind == SessionKind::Intervision.code() { &mut figures.intervision } else { &mut figures.lessons };
        tally.held += group.n;
        match group.status.as_deref().map(AttendanceStatus::parse) {
            Some(Ok(AttendanceStatus::Present)) => tally.present += group.n,
            Some(Ok(AttendanceStatus::Late)) => tally.late += group.n,
            Some(Ok(AttendanceStatus::Absent)) => tally.absent += group.n,
            Some(Ok(AttendanceStatus::Excused)) => tally.excused += group.n,
            Some(Err(_)) => return Err(AppError::Internal),
            None => {}
        }
    }
    for (participant, figures) in all.iter_mut() {
        // Whole quarters, rounded down: hours are kept in quarters everywhere.
        figures.session_quarters = minutes.get(participant).copied().unwrap_or(0) / 15;
    }
    Ok(all)
}

/// The participant's cohort sessions with what concerns them: applies, chosen, attendance.
pub async fn my_programme(pool: &SqlitePool, participant_id: i64) -> Result<super::MyProgramme, AppError> {
    let trainings_required = sqlx::query_scalar!(
        "SELECT c.trainings_required FROM users u JOIN cohorts c ON c.id = u.cohort_id WHERE u.id = ? AND u.role = 'deelnemer'",
        participant_id
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
    let mut programme = super::MyProgramme { trainings_required, offer: Vec::new(), upcoming: Vec::new(), held: Vec::new() };
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
            programme.offer.push(super::TrainingOffer {
                session: session.clone(),
                chosen_count: r.chosen_count,
                chosen_by_me: r.chosen_by_me,
                open,
            });
        }
        if r.applies {
            let attendance = r.attendance.as_deref().and_then(|a| AttendanceStatus::parse(a).ok());
            let scheduled = super::ScheduledSession { session, attendance };
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
    tx: &mut sqlx::Transaction<'static, sqlx::Sqlite>,
    participant_id: i64,
    session_id: i64,
) -> Result<ChangeableTraining, AppError> {
    let row = sqlx::query!(
        r#"SELECT s.kind, s.title, s.held_on, s.starts_at, s.ends_at, s.capacity, s.status,
                  EXISTS (SELECT 1 FROM training_choices tc WHERE tc.session_id = s.id AND tc.participant_id = u.id) AS "chosen!: bool"
           FROM programme_sessions s JOIN users u ON u.cohort_id = s.cohort_id AND u.role = 'deelnemer'
           WHERE s.id = ? AND u.id = ?"#,
        session_id,
        participant_id
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
           WHERE e.participant_id = ? AND s.id <> ? AND s.status = 'gepland'
             AND s.held_on = ? AND s.starts_at < ? AND ? < s.ends_at
           LIMIT 1"#,
        participant_id,
        session_id,
        training.held_on,
        training.ends_at,
        training.starts_at
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

/// The attendance list as spreadsheet rows: naam, datum, activiteit, uren, status, opmerking;
/// every expected participant of every planned session (or of one), by date.
pub async fn attendance_rows(pool: &SqlitePool, cohort_id: i64, session_id: Option<i64>) -> Result<Vec<Vec<String>>, AppError> {
    let rows = sqlx::query!(
        r#"SELECT u.name, s.held_on AS "held_on: NaiveDate", s.kind, s.title, s.minutes, a.status AS "status?",
                  a.credited_minutes AS "credited_minutes?: i64", a.remark AS "remark?"
           FROM expected_attendance e
           JOIN programme_sessions s ON s.id = e.session_id
           JOIN users u ON u.id = e.participant_id
           LEFT JOIN attendance a ON a.session_id = e.session_id AND a.participant_id = e.participant_id
           WHERE s.cohort_id = ? AND (? IS NULL OR s.id = ?) AND s.status = 'gepland'
           ORDER BY s.held_on, s.starts_at, s.id, LOWER(u.name)"#,
        cohort_id,
        session_id,
        session_id
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let status = r.status.as_deref().and_then(|s| AttendanceStatus::parse(s).ok());
            let quarters = if status.is_some_and(AttendanceStatus::attended) { r.credited_minutes.unwrap_or(r.minutes) / 15 } else { 0 };
            vec![
                r.name,
                crate::components::format::date(r.held_on),
                format!("{}: {}", kind_label(&r.kind), r.title),
                super::exports::dutch_hours(quarters),
                status.map_or("niet geregistreerd", attendance_label).to_owned(),
                r.remark.unwrap_or_default(),
            ]
        })
        .collect())
}

/// The hours overview as spreadsheet rows: naam, datum, activiteit, soort, bron, uren, status;
/// logged entries (not withdrawn) and attended sessions that earn hours, by name and date.
pub async fn hours_rows(pool: &SqlitePool, cohort_id: i64) -> Result<Vec<Vec<String>>, AppError> {
    let entries = sqlx::query!(
        r#"SELECT u.name, h.worked_on AS "worked_on: NaiveDate", h.description, h.kind, h.quarters, h.status
           FROM hour_entries h JOIN users u ON u.id = h.participant_id
           WHERE h.cohort_id = ? AND h.status <> 'ingetrokken'"#,
        cohort_id
    )
    .fetch_all(pool)
    .await?;
    let sessions = sqlx::query!(
        r#"SELECT u.name, s.held_on AS "held_on: NaiveDate", s.kind, s.title, COALESCE(a.credited_minutes, s.minutes) AS "minutes!: i64"
           FROM attendance a
           JOIN expected_attendance e ON e.session_id = a.session_id AND e.participant_id = a.participant_id
           JOIN programme_sessions s ON s.id = a.session_id
           JOIN cohorts c ON c.id = s.cohort_id
           JOIN users u ON u.id = a.participant_id
           WHERE s.cohort_id = ? AND s.status = 'gepland' AND a.status IN ('aanwezig', 'te_laat')
             AND (s.kind <> 'intervisie' OR c.intervision_earns_hours = 1)"#,
        cohort_id
    )
    .fetch_all(pool)
    .await?;
    let mut rows: Vec<(String, NaiveDate, Vec<String>)> = entries
        .into_iter()
        .map(|r| {
            let kind = if r.kind == "praktijk" { "praktijk" } else { "leren" };
            let cells = vec![
                r.name.clone(),
                crate::components::format::date(r.worked_on),
                r.description,
                kind.to_owned(),
                "eigen invoer".to_owned(),
                super::exports::dutch_hours(r.quarters),
                r.status,
            ];
            (r.name, r.worked_on, cells)
        })
        .collect();
    rows.extend(sessions.into_iter().map(|r| {
        let cells = vec![
            r.name.clone(),
            crate::components::format::date(r.held_on),
            format!("{}: {}", kind_label(&r.kind), r.title),
            "leren".to_owned(),
            "bijeenkomst".to_owned(),
            super::exports::dutch_hours(r.minutes / 15),
            "goedgekeurd".to_owned(),
        ];
        (r.name, r.held_on, cells)
    }));
    rows.sort_by(|a, b| (a.0.to_lowercase(), a.1).cmp(&(b.0.to_lowercase(), b.1)));
    Ok(rows.into_iter().map(|(_, _, cells)| cells).collect())
}

/// Dutch names in the spreadsheet (the file is for Dutch Excel, whatever the reader's language).
fn kind_label(code: &str) -> &'static str {
    match SessionKind::parse(code) {
        Ok(SessionKind::Lesson) => "Les",
        Ok(SessionKind::Training) => "Training",
        Ok(SessionKind::Intervision) => "Intervisie",
        Err(_) => "Bijeenkomst",
    }
}

fn attendance_label(status: AttendanceStatus) -> &'static str {
    match status {
        AttendanceStatus::Present => "aanwezig",
        AttendanceStatus::Late => "te laat",
        AttendanceStatus::Absent => "afwezig",
        AttendanceStatus::Excused => "afgemeld",
    }
}

pub async fn session_kind(pool: &SqlitePool, session_id: i64) -> Result<Option<SessionKind>, AppError> {
    let kind = sqlx::query_scalar!("SELECT kind FROM programme_sessions WHERE id = ?", session_id).fetch_optional(pool).await?;
    kind.map(|k| SessionKind::parse(&k).map_err(|_| AppError::Internal)).transpose()
}

/// A session as its edit form starts: the stored values and what they may be changed to.
pub async fn session_editor(pool: &SqlitePool, session_id: i64) -> Result<Option<super::SessionEditor>, AppError> {
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
    Ok(Some(super::SessionEditor {
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
         WHERE id = ? AND status = 'gepland'",
        d.title,
        held_on,
        starts_at,
        ends_at,
        minutes,
        d.place,
        d.online_url,
        d.capacity,
        d.group_id,
        session_id
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
    let changed = sqlx::query!("UPDATE programme_sessions SET status = 'geannuleerd' WHERE id = ? AND status = 'gepland'", session_id)
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
