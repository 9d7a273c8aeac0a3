//! CSV downloads of a cohort's programme for Dutch Excel: the attendance list (per
//! cohort or per session) and the hours overview (entries and attended sessions).
//! Plain axum routes: a download is a GET of a file, not a page.
use axum::{
    extract::{Path, Request, State},
    response::{IntoResponse, Response},
};

use super::db;
use crate::{
    domain::format_quarters,
    error::AppError,
    server::{
        auth::{can_view_cohort, CurrentUser, SignedIn},
        spreadsheet::csv_download,
        state::AppState,
    },
};

const ATTENDANCE_HEADER: &[&str] = &["naam", "datum", "activiteit", "uren", "status", "opmerking"];
const HOURS_HEADER: &[&str] = &["naam", "datum", "activiteit", "soort", "bron", "uren", "status"];

/// The same policy as the programme pages: coordinators and the cohort's trainers.
async fn allowed(state: &AppState, user: Option<CurrentUser>, cohort_id: i64) -> Result<(), AppError> {
    let user = user.ok_or(AppError::Unauthorized)?;
    if user.role == crate::domain::Role::Participant {
        return Err(AppError::Forbidden);
    }
    if !can_view_cohort(&state.pool, &user, cohort_id).await? || !db::cohort_exists(&state.pool, cohort_id).await? {
        return Err(AppError::NotFound);
    }
    Ok(())
}

/// Who is asking, taken from the request before anything is awaited.
fn caller(request: &Request) -> Option<CurrentUser> {
    request.extensions().get::<SignedIn>().and_then(|s| s.0.clone())
}

fn answer(result: Result<Response, AppError>) -> Response {
    result.unwrap_or_else(IntoResponse::into_response)
}

/// `/cohorten/{id}/aanwezigheid.csv`
pub async fn cohort_attendance(State(state): State<AppState>, Path(cohort_id): Path<i64>, request: Request) -> Response {
    let user = caller(&request);
    answer(
        async {
            allowed(&state, user, cohort_id).await?;
            let rows = db::attendance_rows(&state.pool, cohort_id, None).await?;
            csv_download(&format!("aanwezigheid-cohort-{cohort_id}.csv"), ATTENDANCE_HEADER, &rows)
        }
        .await,
    )
}

/// `/bijeenkomsten/{id}/aanwezigheid.csv`
pub async fn session_attendance(State(state): State<AppState>, Path(session_id): Path<i64>, request: Request) -> Response {
    let user = caller(&request);
    answer(
        async {
            let cohort_id = db::session_cohort(&state.pool, session_id).await?.ok_or(AppError::NotFound)?;
            allowed(&state, user, cohort_id).await?;
            let rows = db::attendance_rows(&state.pool, cohort_id, Some(session_id)).await?;
            csv_download(&format!("aanwezigheid-bijeenkomst-{session_id}.csv"), ATTENDANCE_HEADER, &rows)
        }
        .await,
    )
}

/// `/cohorten/{id}/uren.csv`
pub async fn cohort_hours(State(state): State<AppState>, Path(cohort_id): Path<i64>, request: Request) -> Response {
    let user = caller(&request);
    answer(
        async {
            allowed(&state, user, cohort_id).await?;
            let rows = db::hours_rows(&state.pool, cohort_id).await?;
            csv_download(&format!("uren-cohort-{cohort_id}.csv"), HOURS_HEADER, &rows)
        }
        .await,
    )
}

/// Hours with a decimal comma, as Dutch Excel reads numbers.
pub fn dutch_hours(quarters: i64) -> String {
    format_quarters(quarters)
}
