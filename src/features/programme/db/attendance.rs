//! A session's attendance sheet and recording who was there.

use chrono::NaiveDate;
use serde::Serialize;
use sqlx::SqlitePool;

use super::{
    super::{AttendanceSheet, SessionSummary, SheetRow, SHEET_ROWS_PER_PAGE},
    sessions::SessionRow,
};
use crate::{
    domain::{AttendanceStatus, AuditAction},
    error::AppError,
    server::{
        audit,
        clock::{now_rfc3339, today_in_amsterdam},
        db::{from_json, write_tx},
    },
};

/// The session and one page of the people it applies to, by name, from after
/// participant `after` (keyset; `None`: the first page), with the whole session's counts.
pub async fn attendance_sheet(pool: &SqlitePool, session_id: i64, after: Option<i64>) -> Result<Option<AttendanceSheet>, AppError> {
    let after_id = after.unwrap_or(0);
    let fetch = SHEET_ROWS_PER_PAGE + 1;
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
                       WHERE e.session_id = s.id
                         AND (? = 0 OR (LOWER(u.name), u.id) > ((SELECT LOWER(name) FROM users WHERE id = ?), ?))
                       ORDER BY LOWER(u.name), u.id LIMIT ?)) AS "rows!: String",
                  (SELECT COUNT(*) FROM expected_attendance e WHERE e.session_id = s.id) AS "expected!: i64",
                  (SELECT COUNT(*) FROM attendance a WHERE a.session_id = s.id
                     AND EXISTS (SELECT 1 FROM expected_attendance e WHERE e.session_id = s.id AND e.participant_id = a.participant_id))
                      AS "recorded!: i64"
           FROM programme_sessions s JOIN cohorts c ON c.id = s.cohort_id LEFT JOIN intervision_groups g ON g.id = s.group_id
           WHERE s.id = ?"#,
        after_id,
        after_id,
        after_id,
        fetch,
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
    let mut rows = from_json::<Vec<Line>>(&row.rows)?
        .into_iter()
        .map(|l| SheetRow {
            participant_id: l.participant_id,
            name: l.name,
            status: l.status.as_deref().and_then(|s| AttendanceStatus::parse(s).ok()),
            remark: l.remark,
            credited_quarters: l.credited_minutes.map(|m| m / 15),
        })
        .collect::<Vec<_>>();
    let next_after = crate::server::db::keyset_page(&mut rows, SHEET_ROWS_PER_PAGE, |r| r.participant_id);
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
        expected: row.expected,
        recorded: row.recorded,
    })?;
    Ok(Some(AttendanceSheet {
        cohort_id: row.cohort_id,
        cohort_name: row.cohort_name,
        session,
        rows,
        next_after,
        paged: after.is_some(),
        today: today_in_amsterdam(),
    }))
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
