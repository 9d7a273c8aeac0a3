//! The certificate forms: reissue and revoke with a reason (coordinator), and the
//! public check of an uploaded PDF against the issued bytes. Issuing after a pass is a
//! form of the interview page (`interview::actions::issue_certificate`).
use sha2::{Digest, Sha256};

use super::{db, number::CertificateNumber};
use crate::{
    domain::{RevokeReason, Role},
    error::{AppError, FormErrors},
    {form::Done, server::form_post::FormPost},
};

/// `reissue_certificate`, with the revoked number (`nummer`): a corrected certificate
/// (coordinator), issued only if the participant still meets every requirement.
pub async fn reissue(post: &FormPost) -> Result<Done, AppError> {
    let user = post.acting_as(Role::Coordinator)?;
    let number = CertificateNumber::parse(post.text("nummer")).ok_or(AppError::NotFound)?;
    let new = super::issue::reissue(post.pool(), &super::issue::Issuer::of(&post.state), number.as_str(), user.id).await?;
    Ok(Done::to(format!("/verifieren/{new}")).with_notice("msg.certificate.reissued", &[("number", new), ("old", number.as_str().to_owned())]))
}

/// `revoke_certificate`: the number (`nummer`), a reason category (`reden`) and a note (`toelichting`).
pub async fn revoke(post: &FormPost) -> Result<Done, AppError> {
    let user = post.acting_as(Role::Coordinator)?;
    let number = CertificateNumber::parse(post.text("nummer")).ok_or(AppError::NotFound)?;
    db::file(post.pool(), number.as_str()).await?.ok_or(AppError::NotFound)?;
    let note = post.text("note").trim();
    let mut errors = FormErrors::default();
    let reason = errors.check("reason", RevokeReason::parse(post.text("reason")));
    if note.is_empty() {
        errors.add("note", "err.certificate.note_empty");
    }
    if note.chars().count() > 1000 {
        errors.add("note", "err.text.too_long");
    }
    if post.text("confirm") != "yes" {
        errors.add("confirm", "err.certificate.confirm_revoke");
    }
    let Some(reason) = reason else {
        return Err(errors.refusal());
    };
    errors.finish()?;
    db::revoke(post.pool(), number.as_str(), reason, note, user.id).await?;
    Ok(Done::to(format!("/verifieren/{}", number.as_str()))
        .with_notice("msg.certificate.revoked", &[("number", number.as_str().to_owned())]))
}

/// The largest file the verify form reads; a real certificate is far smaller, so a
/// larger one cannot match and is refused at the field.
pub const MAX_PDF_BYTES: usize = 10 * 1024 * 1024;

/// `verify_pdf`: anyone uploads a PDF (`bestand`); it is an issued certificate only if
/// its SHA-256 equals one stored. Then the page of that number opens.
pub async fn verify_pdf(post: &FormPost) -> Result<Done, AppError> {
    let file = post.file("file").ok_or(AppError::field("file", "err.verify.file_missing"))?;
    let limit = &post.state.verify_limit;
    limit.check(&post.client.0)?;
    let sha256 = hex::encode(Sha256::digest(&file.bytes));
    match db::number_by_sha256(post.pool(), &sha256).await? {
        // A revoked certificate's page says so in red; no green confirmation above it.
        Some((number, true)) => Ok(Done::to(format!("/verifieren/{number}"))),
        Some((number, false)) => {
            Ok(Done::to(format!("/verifieren/{number}")).with_notice("msg.verify.file_matches", &[("number", number)]))
        }
        None => {
            limit.failed(&post.client.0);
            Err(AppError::field("file", "err.verify.file_unknown"))
        }
    }
}
