//! `/cohorten/{id}/leerplekken.csv`: every leerplek of a cohort's participants, for
//! the coordinator's records. The policy is the cohort pages' one: staff of the cohort.
use axum::{
    extract::{Path, State},
    response::Response,
};

use super::db;
use crate::{
    authz::staff_of_cohort,
    error::AppError,
    server::{caller::CurrentUser, spreadsheet::csv_download, state::AppState},
};

const HEADER: &[&str] =
    &["naam", "organisatie", "team", "begeleider", "e-mail begeleider", "rol", "sinds", "tot", "bevestigde regels", "betwiste regels"];

pub async fn cohort_placements(State(state): State<AppState>, user: CurrentUser, Path(cohort_id): Path<i64>) -> Result<Response, AppError> {
    staff_of_cohort(&state.pool, &user, cohort_id).await?;
    let rows = db::cohort_placements(&state.pool, cohort_id).await?;
    csv_download(&format!("leerplekken-cohort-{cohort_id}.csv"), HEADER, &rows)
}
