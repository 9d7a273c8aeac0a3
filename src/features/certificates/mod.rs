//! Certificates: issued once per passed interview as an exact PDF, downloadable by
//! the participant, the cohort's trainers and the coordinators; checked by anyone
//! on the public verification page; revoked (never deleted) by a coordinator.
#[cfg(feature = "ssr")]
pub mod actions;
#[cfg(feature = "ssr")]
pub mod credential;
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod files;
#[cfg(feature = "ssr")]
pub mod issue;
#[cfg(feature = "ssr")]
pub mod number;
mod pages;
#[cfg(feature = "ssr")]
pub mod pdf;
#[cfg(feature = "ssr")]
mod published;

pub use pages::{CertificateCard, VerifyPage};

/// What this feature adds to the site besides its pages (assembled in `app::site`).
#[cfg(feature = "ssr")]
pub const FEATURE: crate::server::site::Feature = crate::server::site::Feature {
    forms: crate::form_actions![
        "revoke_certificate" => actions::revoke,
        "reissue_certificate" => actions::reissue,
        "verify_pdf" => actions::verify_pdf,
    ],
    routes: || {
        use axum::routing::get;
        axum::Router::new()
            .route("/certificaten/{file}", get(files::download))
            .route("/certificaten/{file}/linkedin", get(files::add_to_linkedin))
            .route("/cohorten/{id}/certificaten.zip", get(files::cohort_zip))
            .route(crate::server::signing::JWKS_PATH, get(published::jwks))
            .route("/sleutels/{thumbprint}", get(published::key))
            .route("/uitgever", get(published::issuer))
            .route("/statuslijst/1", get(published::status_list))
    },
    uploads: &[crate::server::site::UploadPage { path: "/verifieren", max_file_bytes: actions::MAX_PDF_BYTES }],
    public_paths: &["/verifieren", "/sleutels/", "/uitgever", "/statuslijst/"],
    // Approved hours, an approved plan or recorded attendance can complete the
    // requirements of someone who already passed the interview.
    on_progress: Some(|post, participants| Box::pin(issue::on_progress(post, participants))),
    ..crate::server::site::Feature::PAGES_ONLY
};

use chrono::NaiveDate;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use crate::server::{api::run, auth, context};
use crate::{domain::RevokeReason, error::AppError};

pub use crate::features::standing::CertificateRef;

/// What the public verification page may show of a certificate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verification {
    pub number: String,
    pub participant_name: String,
    /// The participant asked that this page no longer names them (AVG).
    pub name_withheld: bool,
    /// A signed Open Badges credential exists for it.
    pub has_credential: bool,
    /// The number of the certificate that corrects this revoked one.
    pub replaced_by: Option<String>,
    pub issued_on: NaiveDate,
    pub learning_quarters: i64,
    pub practice_quarters: i64,
    pub revoked_on: Option<NaiveDate>,
    pub revoke_reason: Option<RevokeReason>,
}

/// The answer to a number someone typed or scanned.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum VerifyOutcome {
    /// Nothing asked yet: the page shows only the form.
    NotAsked,
    /// Not a certificate number at all, or none issued with it.
    Unknown(String),
    Found(Verification),
}

/// Public: no account needed. The page and this function share one limit on
/// failed look-ups per address (`VerifyLimit`); an empty form costs nothing.
#[server(endpoint = "verify_certificate")]
pub async fn verify_certificate(#[server(default)] typed: String) -> Result<VerifyOutcome, AppError> {
    run("verify_certificate", async move {
        if typed.trim().is_empty() {
            return Ok(VerifyOutcome::NotAsked);
        }
        let state = context::state()?;
        let address = auth::client_address();
        state.verify_limit.check(&address)?;
        let found = match number::CertificateNumber::parse(&typed) {
            Some(number) => db::verification(&state.pool, number.as_str()).await?.ok_or_else(|| number.as_str().to_owned()),
            None => Err(typed.trim().chars().take(40).collect()),
        };
        Ok(match found {
            Ok(found) => VerifyOutcome::Found(found),
            Err(asked) => {
                state.verify_limit.failed(&address);
                VerifyOutcome::Unknown(asked)
            }
        })
    })
    .await
}
