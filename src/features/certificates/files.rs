//! `/certificaten/{number}.pdf`: the stored bytes, to the participant, the cohort's
//! trainers and the coordinators (the interview policy); 404 for everyone else.
//! `/cohorten/{id}/certificaten.zip`: a cohort's certificates for its coordinators.
use std::io::Write;

use axum::{
    extract::{Path, State},
    response::{IntoResponse, Response},
};

use super::db;
use crate::{
    domain::Role,
    error::AppError,
    server::{blocking::run_bounded, caller::CurrentUser, download::attachment, state::AppState},
};

pub async fn download(State(state): State<AppState>, user: CurrentUser, Path(file): Path<String>) -> Result<Response, AppError> {
    let (stem, extension) = file.rsplit_once('.').ok_or(AppError::NotFound)?;
    let number = super::number::CertificateNumber::parse(stem).ok_or(AppError::NotFound)?;
    match extension {
        "pdf" => pdf(&state, &user, number.as_str()).await,
        "jwt" | "json" => credential(&state, &user, number.as_str(), extension == "json").await,
        _ => Err(AppError::NotFound),
    }
}

async fn pdf(state: &AppState, user: &CurrentUser, number: &str) -> Result<Response, AppError> {
    let certificate = db::file(&state.pool, number).await?.ok_or(AppError::NotFound)?;
    if !crate::authz::may_see_work_of(&state.pool, user, &[certificate.participant_id], certificate.cohort_id).await? {
        return Err(AppError::NotFound);
    }
    db::record_download(&state.read_log, user.id, certificate.participant_id, &certificate.number).await;
    attachment(certificate.pdf, "application/pdf", &format!("certificaat-{}.pdf", certificate.number))
}

/// The signed credential: the bare VC-JWT (`.jwt`, for wallets and verifiers), or
/// (`.json`) the credential readable as JSON together with that JWT, which is its proof.
async fn credential(state: &AppState, user: &CurrentUser, number: &str, as_json: bool) -> Result<Response, AppError> {
    let (participant_id, cohort_id, jwt) = db::credential(&state.pool, number).await?.ok_or(AppError::NotFound)?;
    if !crate::authz::may_see_work_of(&state.pool, user, &[participant_id], cohort_id).await? {
        return Err(AppError::NotFound);
    }
    db::record_download(&state.read_log, user.id, participant_id, number).await;
    if !as_json {
        return attachment(jwt, "application/vc+jwt", &format!("certificaat-{number}.jwt"));
    }
    let payload = jwt.split('.').nth(1).ok_or(AppError::Internal)?;
    let payload = base64::Engine::decode(&base64::engine::general_purpose::URL_SAFE_NO_PAD, payload).map_err(|_| AppError::Internal)?;
    let credential: serde_json::Value = serde_json::from_slice(&payload).map_err(|_| AppError::Internal)?;
    let body = serde_json::to_vec_pretty(&serde_json::json!({ "credential": credential, "jwt": jwt })).map_err(|_| AppError::Internal)?;
    attachment(body, "application/json", &format!("certificaat-{number}.json"))
}

/// `/certificaten/{number}/linkedin`: to LinkedIn's "add to profile" with the certificate
/// filled in. Only for the participant's own certificate that still stands.
pub async fn add_to_linkedin(State(state): State<AppState>, user: CurrentUser, Path(file): Path<String>) -> Result<Response, AppError> {
    let number = super::number::CertificateNumber::parse(&file).ok_or(AppError::NotFound)?;
    let (participant_id, issued_on, revoked) = db::for_profile(&state.pool, number.as_str()).await?.ok_or(AppError::NotFound)?;
    if participant_id != user.id || revoked {
        return Err(AppError::NotFound);
    }
    let url = super::credential::linkedin_url(&state.config.public_base_url, number.as_str(), issued_on);
    Ok(axum::response::Redirect::to(&url).into_response())
}

pub async fn cohort_zip(State(state): State<AppState>, user: CurrentUser, Path(cohort_id): Path<i64>) -> Result<Response, AppError> {
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
}

fn zip_of(files: &[(String, String, Vec<u8>)]) -> zip::result::ZipResult<Vec<u8>> {
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, number, pdf) in files {
        writer.start_file(crate::clean::file_name(&format!("{name}-{number}.pdf")), options)?;
        writer.write_all(pdf)?;
    }
    Ok(writer.finish()?.into_inner())
}
