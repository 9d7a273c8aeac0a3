//! Attendance figures per participant, read through the `attendance_lines` view and
//! the tallies kept of it (`attendance_tallies`).
use std::collections::HashMap;

use sqlx::SqlitePool;

use super::super::{AttendanceFigures, AttendanceTally};
use crate::{
    domain::{AttendanceStatus, SessionKind},
    error::AppError,
    server::clock::today_in_amsterdam,
};

/// The figures of the participants `ids` (a page of a cohort's table), in one query.
/// Every stint counts, not only this cohort's: someone who went on here after a break
/// brings the sessions they attended in their earlier cohort.
///
/// They are the kept tallies (lines held up to `attendance_tallied_through`, normally
/// today: the nightly job in `programme::jobs` moves it on) plus the lines held after that
/// day, found from the sessions of those days. Should that day ever lie after today (a
/// clock set back), the tallies are left out and every line up to today is counted.
pub async fn cohort_figures(pool: &SqlitePool, ids: &[i64]) -> Result<HashMap<i64, AttendanceFigures>, AppError> {
    let today = today_in_amsterdam().to_string();
    let ids = serde_json::to_string(ids).map_err(|_| AppError::Internal)?;
    // One row of JSON rather than a row per group: sqlx hands every SQLite row from its
    // worker thread to the request's task, a thread wake-up each.
    let groups = sqlx::query_scalar!(
        r#"SELECT json_group_array(json_array(participant_id, kind, status, excused, n, minutes)) AS "groups!: String"
           FROM (SELECT participant_id, kind, status, excused_counts_as_absent AS excused, sessions AS n, minutes
                 FROM attendance_tallies
                 WHERE participant_id IN (SELECT value FROM json_each(?))
                   AND (SELECT day FROM attendance_tallied_through) <= ?
                 UNION ALL
                 SELECT participant_id, kind, status, excused_counts_as_absent, COUNT(*), SUM(earned_minutes)
                 FROM attendance_lines
                 WHERE participant_id IN (SELECT value FROM json_each(?))
                   AND session_id IN (SELECT id FROM programme_sessions WHERE held_on <= ? AND held_on > (
                       SELECT CASE WHEN day <= ? THEN day ELSE '' END FROM attendance_tallied_through))
                 GROUP BY participant_id, kind, status, excused_counts_as_absent)"#,
        ids,
        today,
        ids,
        today,
        today,
    )
    .fetch_one(pool)
    .await?;
    let groups: Vec<FigureGroup> = crate::server::db::from_json(&groups)?;
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
