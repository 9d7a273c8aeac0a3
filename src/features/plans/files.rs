//! `/plannen/bestanden/{id}`: a plan's file, only to those who may read the plan
//! (`actions::may_read`); everyone else gets 404, so a guessed id says nothing.
//! Sent as an attachment under its cleaned name with `nosniff`; every download is
//! in the audit trail of the participants the plan concerns.
use axum::{
    extract::{Path, Request, State},
    http::{header, HeaderValue},
    response::{IntoResponse, Response},
};

use super::{actions::may_read, db};
use crate::{
    domain::AuditAction,
    error::AppError,
    server::{auth::SignedIn, security::safe_file_name, state::AppState},
};

pub async fn download(State(state): State<AppState>, Path(file_id): Path<i64>, request: Request) -> Response {
    let user = request.extensions().get::<SignedIn>().and_then(|s| s.0.clone());
    let result = async {
        let user = user.ok_or(AppError::Unauthorized)?;
        let file = db::stored_file(&state.pool, file_id).await?.ok_or(AppError::NotFound)?;
        let access = db::plan_access(&state.pool, file.plan_id).await?.ok_or(AppError::NotFound)?;
        if !may_read(&state.pool, &user, &access).await? {
            return Err(AppError::NotFound);
        }
        db::record_read(&state.read_log, user.id, &access, AuditAction::DownloadPlanFile, file_id).await;
        let disposition = format!("attachment; filename=\"{}\"", safe_file_name(&file.file_name));
        let mut response = file.content.into_response();
        let headers = response.headers_mut();
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_str(&file.media_type).map_err(|_| AppError::Internal)?);
        headers.insert(header::CONTENT_DISPOSITION, HeaderValue::from_str(&disposition).map_err(|_| AppError::Internal)?);
        headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
        Ok(response)
    };
    result.await.unwrap_or_else(IntoResponse::into_response)
}
