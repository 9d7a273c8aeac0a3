//! The programme's spreadsheet rows (attendance list, hours overview) for the CSV downloads.

use crate::domain::{EntryStatus, Role, SessionStatus};
use chrono::NaiveDate;
use sqlx::SqlitePool;

use crate::{
    domain::format_quarters,
    domain::{AttendanceStatus, SessionKind},
    error::AppError,
};

/// The cohort's planned sessions in the order the attendance list runs (by date and time):
/// the download streams one session after another, so it is never held in memory whole.
pub async fn planned_sessions(pool: &SqlitePool, cohort_id: i64) -> Result<Vec<i64>, AppError> {
    Ok(sqlx::query_scalar!(
        r#"SELECT id AS "id!: i64" FROM programme_sessions WHERE cohort_id = ? AND status = ? ORDER BY held_on, starts_at, id"#,
        cohort_id,
        const { SessionStatus::Planned.code() },
    )
    .fetch_all(pool)
    .await?)
}

/// One session's part of the attendance list as spreadsheet rows: naam, datum, activiteit,
/// uren, status, opmerking; every expected participant, by name. A called-off session has none.
pub async fn attendance_rows(pool: &SqlitePool, session_id: i64) -> Result<Vec<Vec<String>>, AppError> {
    let rows = sqlx::query!(
        r#"SELECT u.name, s.held_on AS "held_on: NaiveDate", s.kind, s.title, s.minutes, a.status AS "status?",
                  a.credited_minutes AS "credited_minutes?: i64", a.remark AS "remark?"
           FROM expected_attendance e
           JOIN programme_sessions s ON s.id = e.session_id
           JOIN users u ON u.id = e.participant_id
           LEFT JOIN attendance a ON a.session_id = e.session_id AND a.participant_id = e.participant_id
           WHERE e.session_id = ? AND s.status = ?
           ORDER BY LOWER(u.name)"#,
        session_id,
        const { SessionStatus::Planned.code() },
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
                format_quarters(quarters),
                status.map_or("niet geregistreerd", attendance_label).to_owned(),
                r.remark.unwrap_or_default(),
            ]
        })
        .collect())
}

/// A cohort's participants in the order the hours overview lists them (by name, as
/// Dutch readers sort it: case and accents aside from ASCII).
pub async fn participants_by_name(pool: &SqlitePool, cohort_id: i64) -> Result<Vec<i64>, AppError> {
    let mut people: Vec<(String, i64)> = sqlx::query!(
        r#"SELECT id AS "id!", name FROM users WHERE cohort_id = ? AND role = ?"#,
        cohort_id,
        const { Role::Participant.code() },
    )
    .fetch_all(pool)
    .await?
    .into_iter()
    .map(|r| (r.name.to_lowercase(), r.id))
    .collect();
    people.sort();
    Ok(people.into_iter().map(|(_, id)| id).collect())
}

/// One participant's part of the hours overview: naam, datum, activiteit, soort, bron,
/// uren, status; logged entries (not withdrawn) and attended sessions that earn hours,
/// by date (entries before sessions on one day). The download streams one participant
/// after another, so a cohort of 500 starts at once and is never held in memory whole.
pub async fn hours_rows_of(pool: &SqlitePool, participant_id: i64) -> Result<Vec<Vec<String>>, AppError> {
    let entries = sqlx::query!(
        r#"SELECT u.name, h.worked_on AS "worked_on: NaiveDate", h.description, h.kind, h.quarters, h.status
           FROM hour_entries h JOIN users u ON u.id = h.participant_id
           WHERE h.participant_id = ? AND h.status <> ?
           ORDER BY h.worked_on, h.id"#,
        participant_id,
        const { EntryStatus::Withdrawn.code() },
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
           WHERE a.participant_id = ? AND s.status = ? AND a.status IN (?, ?)
             AND (s.kind <> ? OR c.intervision_earns_hours = 1)
           ORDER BY s.held_on, s.starts_at, s.id"#,
        participant_id,
        const { SessionStatus::Planned.code() },
        const { AttendanceStatus::Present.code() },
        const { AttendanceStatus::Late.code() },
        const { SessionKind::Intervision.code() },
    )
    .fetch_all(pool)
    .await?;
    let mut rows: Vec<(NaiveDate, Vec<String>)> = entries
        .into_iter()
        .map(|r| {
            let kind = if r.kind == "praktijk" { "praktijk" } else { "leren" };
            let cells = vec![
                r.name,
                crate::components::format::date(r.worked_on),
                r.description,
                kind.to_owned(),
                "eigen invoer".to_owned(),
                format_quarters(r.quarters),
                r.status,
            ];
            (r.worked_on, cells)
        })
        .collect();
    rows.extend(sessions.into_iter().map(|r| {
        let cells = vec![
            r.name,
            crate::components::format::date(r.held_on),
            format!("{}: {}", kind_label(&r.kind), r.title),
            "leren".to_owned(),
            "bijeenkomst".to_owned(),
            format_quarters(r.minutes / 15),
            "goedgekeurd".to_owned(),
        ];
        (r.held_on, cells)
    }));
    // Stable: on one day the entries stay before the sessions.
    rows.sort_by_key(|(date, _)| *date);
    Ok(rows.into_iter().map(|(_, cells)| cells).collect())
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
