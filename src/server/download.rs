//! The one shape of a file download: an attachment under a cleaned name, its media
//! type as sent (`nosniff`), never cached (the files concern participants).
use axum::{
    http::{header, HeaderValue},
    response::{IntoResponse, Response},
};

use crate::error::AppError;

pub fn attachment(bytes: impl IntoResponse, media_type: &str, file_name: &str) -> Result<Response, AppError> {
    let disposition = format!("attachment; filename=\"{}\"", crate::clean::file_name(file_name));
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_str(media_type).map_err(|_| AppError::Internal)?);
    headers.insert(header::CONTENT_DISPOSITION, HeaderValue::from_str(&disposition).map_err(|_| AppError::Internal)?);
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    Ok(response)
}
