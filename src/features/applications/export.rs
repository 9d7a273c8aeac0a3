//! `/cohorten/{id}/aanmeldingen.csv`: a cohort's applications for the coordinator's
//! records (contact details and where each stands; not the free texts).
use axum::{
    extract::{Path, State},
    response::Response,
};

use super::db;
use crate::{
    error::AppError,
    server::{caller::CurrentUser, spreadsheet::csv_download, state::AppState},
};

const HEADER: &[&str] =
    &["nummer", "naam", "e-mail", "telefoon", "aangemeld op", "status", "kennismaking", "training", "jaar training", "leerplek"];

pub async fn cohort_applications(State(state): State<AppState>, user: CurrentUser, Path(cohort_id): Path<i64>) -> Result<Response, AppError> {
    crate::authz::handles_applications(&user)?;
    let rows = db::export_rows(&state.pool, cohort_id).await?;
    let lang = crate::i18n::Lang::Nl;
    let rows: Vec<Vec<String>> = rows
        .into_iter()
        .map(|r| {
            vec![
                r.id.to_string(),
                r.name,
                r.email,
                r.phone,
                r.applied_on,
                crate::i18n::tr(lang, r.status.label_key()),
                r.meeting_on.unwrap_or_default(),
                r.training,
                r.training_year.map(|y| y.to_string()).unwrap_or_default(),
                r.placement,
            ]
        })
        .collect();
    csv_download(&format!("aanmeldingen-cohort-{cohort_id}.csv"), HEADER, &rows)
}
