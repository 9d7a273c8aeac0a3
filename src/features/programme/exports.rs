//! CSV downloads of a cohort's programme for Dutch Excel: the attendance list (per
//! cohort or per session) and the hours overview (entries and attended sessions).
//! Plain axum routes: a download is a GET of a file, not a page. The policy is the
//! programme pages' one: staff of the cohort (`authz::staff_of_cohort`).
use axum::{
    extract::{Path, State},
    response::Response,
};

use futures::StreamExt;

use super::db;
use crate::{
    authz::staff_of_cohort,
    error::AppError,
    server::{
        caller::CurrentUser,
        spreadsheet::{csv_download, csv_stream},
        state::AppState,
    },
};

const ATTENDANCE_HEADER: &[&str] = &["naam", "datum", "activiteit", "uren", "status", "opmerking"];
const HOURS_HEADER: &[&str] = &["naam", "datum", "activiteit", "soort", "bron", "uren", "status"];

/// `/cohorten/{id}/aanwezigheid.csv`: streamed session by session (a cohort of 500 with
/// 400 sessions is 40,000 rows).
pub async fn cohort_attendance(State(state): State<AppState>, user: CurrentUser, Path(cohort_id): Path<i64>) -> Result<Response, AppError> {
    staff_of_cohort(&state.pool, &user, cohort_id).await?;
    let sessions = db::planned_sessions(&state.pool, cohort_id).await?;
    let pool = state.pool.clone();
    let batches = futures::stream::iter(sessions).then(move |session_id| {
        let pool = pool.clone();
        async move { db::attendance_rows(&pool, session_id).await }
    });
    csv_stream(&format!("aanwezigheid-cohort-{cohort_id}.csv"), ATTENDANCE_HEADER, batches)
}

/// `/bijeenkomsten/{id}/aanwezigheid.csv`
pub async fn session_attendance(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(session_id): Path<i64>,
) -> Result<Response, AppError> {
    let cohort_id = db::session_cohort(&state.pool, session_id).await?.ok_or(AppError::NotFound)?;
    staff_of_cohort(&state.pool, &user, cohort_id).await?;
    let rows = db::attendance_rows(&state.pool, session_id).await?;
    csv_download(&format!("aanwezigheid-bijeenkomst-{session_id}.csv"), ATTENDANCE_HEADER, &rows)
}

/// `/cohorten/{id}/uren.csv`: streamed participant by participant (a cohort of 500
/// is 60,000 rows and 7 MB).
pub async fn cohort_hours(State(state): State<AppState>, user: CurrentUser, Path(cohort_id): Path<i64>) -> Result<Response, AppError> {
    staff_of_cohort(&state.pool, &user, cohort_id).await?;
    let people = db::participants_by_name(&state.pool, cohort_id).await?;
    let pool = state.pool.clone();
    let batches = futures::stream::iter(people).then(move |participant_id| {
        let pool = pool.clone();
        async move { db::hours_rows_of(&pool, participant_id).await }
    });
    csv_stream(&format!("uren-cohort-{cohort_id}.csv"), HOURS_HEADER, batches)
}
