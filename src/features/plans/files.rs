//! `/plannen/bestanden/{id}`: a plan's file, only to those who may read the plan
//! (`actions::may_read`); everyone else gets 404, so a guessed id says nothing.
//! Sent as an attachment under its cleaned name with `nosniff`; every download is
//! in the audit trail of the participants the plan concerns.
use axum::{
    extract::{Path, State},
    response::Response,
};

use super::{actions::may_read, db};
use crate::{
    domain::AuditAction,
    error::AppError,
    server::{caller::CurrentUser, download::attachment, state::AppState},
};

pub async fn download(State(state): State<AppState>, user: CurrentUser, Path(file_id): Path<i64>) -> Result<Response, AppError> {
    let file = db::stored_file(&state.pool, file_id).await?.ok_or(AppError::NotFound)?;
    let access = db::plan_access(&state.pool, file.plan_id).await?.ok_or(AppError::NotFound)?;
    if !may_read(&state.pool, &user, &access).await? {
        return Err(AppError::NotFound);
    }
    db::record_read(&state.read_log, user.id, &access, AuditAction::DownloadPlanFile, file_id).await;
    attachment(file.content, &file.media_type, &file.file_name)
}
