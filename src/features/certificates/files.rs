//! `/certificaten/{number}.pdf`: the stored bytes, to the participant, the cohort's
//! trainers and the coordinators (the interview policy); 404 for everyone else.
//! `/cohorten/{id}/certificaten.zip`: a cohort's certificates for its coordinators.
use std::io::Write;

use axum::{
    extract::{Path, Request, State},
    http::{header, HeaderValue},
    response::{IntoResponse, Response},
};

use super::db;
use crate::{
    domain::Role,
    error::AppError,
    features::interview::actions::may_view,
    server::{auth::SignedIn, blocking::run_bounded, security::safe_file_name, state::AppState},
};

fn attachment(bytes: Vec<u8>, media_type: &'static str, file_name: &str) -> Result<Response, AppError> {
    let disposition = format!("attachment; filename=\"{}\"", safe_file_name(file_name));
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(media_type));
    headers.insert(header::CONTENT_DISPOSITION, HeaderValue::from_str(&disposition).map_err(|_| AppError::Internal)?);
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    Ok(response)
}

pub async fn download(State(state): State<AppState>, Path(file): Path<String>, request: Request) -> Response {
    let user = request.extensions().get::<SignedIn>().and_then(|s| s.0.clone());
    let result = async {
        let user = user.ok_or(AppError::Unauthorized)?;
        let number = file.strip_suffix(".pdf").and_then(super::number::CertificateNumber::parse).ok_or(AppError::NotFound)?;
        let certificate = db::file(&state.pool, number.as_str()).await?.ok_or(AppError::NotFound)?;
        if !may_view(&state.pool, &user, certificate.participant_id, certificate.cohort_id).await? {
            return Err(AppError::NotFound);
        }
        db::record_download(&state.read_log, user.id, certificate.participant_id, &certificate.number).await;
        attachment(certificate.pdf, "application/pdf", &format!("certificaat-{}.pdf", certificate.number))
    };
    result.await.unwrap_or_else(IntoResponse::into_response)
}

pub async fn cohort_zip(State(state): State<AppState>, Path(cohort_id): Path<i64>, request: Request) -> Response {
    let user = request.extensions().get::<SignedIn>().and_then(|s| s.0.clone());
    let result = async {
        let user = user.ok_or(AppError::Unauthorized)?;
        if user.role != Role::Coordinator {
            return Err(AppError::NotFound);
        }
        let files = db::cohort_files(&state.pool, cohort_id).await?;
        // PDFs are compressed already: stored as they are, the archive costs no CPU to speak of.
        let zip = run_bounded("certificate zip", move || zip_of(&files)).await?.map_err(|e| {
            tracing::error!(error = %e, "certificate archive could not be written");
            AppError::Internal
        })?;
        attachment(zip, "application/zip", &format!("certificaten-cohort-{cohort_id}.zip"))
    };
    result.await.unwrap_or_else(IntoResponse::into_response)
}

fn zip_of(files: &[(String, String, Vec<u8>)]) -> zip::result::ZipResult<Vec<u8>> {
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, number, pdf) in files {
        writer.start_file(safe_file_name(&format!("{name}-{number}.pdf")), options)?;
        writer.write_all(pdf)?;
    }
    Ok(writer.finish()?.into_inner())
}
