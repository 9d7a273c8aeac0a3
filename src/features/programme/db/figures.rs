//! Attendance figures per participant, read through the `attendance_lines` view.
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
pub async fn cohort_figures(pool: &SqlitePool, ids: &[i64]) -> Result<HashMap<i64, AttendanceFigures>, AppError> {
    let today = today_in_amsterdam().to_string();
    let ids = serde_json::to_string(ids).map_err(|_| AppError::Internal)?;
    let groups = sqlx::query_as!(
        FigureGroup,
        r#"SELECT participant_id AS "participant_id!: i64", kind AS "kind!", status AS "status?", excused_counts_as_absent AS "excused!: i64",
                  COUNT(*) AS "n!: i64", SUM(earned_minutes) AS "minutes!: i64"
           FROM attendance_lines
           WHERE held_on <= ? AND participant_id IN (SELECT value FROM json_each(?))
           GROUP BY participant_id, kind, status, excused_counts_as_absent"#,
        today,
        ids
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
