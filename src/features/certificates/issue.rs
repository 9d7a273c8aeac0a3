//! Issuing: the one path by which a certificate comes to exist. It asks the
//! interview (passed, signed by both assessors) and the eligibility rule first,
//! however the request came in.
use sha2::{Digest, Sha256};
use sqlx::SqlitePool;

use super::{
    db::{self, NewCertificate},
    number::CertificateNumber,
    pdf::{render, CertificateContent},
};
use crate::{
    components::format::{hours, long_date},
    error::AppError,
    features::{
        hours::db as hours_db,
        requirements::{is_eligible, Figures},
    },
    i18n::Lang,
    server::{blocking::run_bounded, clock::today_in_amsterdam},
};

pub use super::credential::{verify_url, Issuer};

/// Issues the certificate for a passed interview, once: a second call returns the
/// number already issued. `Conflict` when the interview is not passed and signed by
/// both assessors, or the participant does not meet every requirement.
pub async fn issue_for_interview(pool: &SqlitePool, issuer: &Issuer<'_>, interview_id: i64, actor_id: Option<i64>) -> Result<String, AppError> {
    issue(pool, issuer, interview_id, actor_id, None).await
}

/// Corrects a revoked certificate: a new number, PDF and credential for the same
/// interview, from the records as they are now; the old number's page points to it.
pub async fn reissue(pool: &SqlitePool, issuer: &Issuer<'_>, number: &str, actor_id: i64) -> Result<String, AppError> {
    let (old_id, interview_id) =
        db::replaceable(pool, number).await?.ok_or_else(|| AppError::Conflict("err.certificate.not_replaceable".into()))?;
    issue(pool, issuer, interview_id, Some(actor_id), Some(old_id)).await
}

async fn issue(pool: &SqlitePool, issuer: &Issuer<'_>, interview_id: i64, actor_id: Option<i64>, replaces: Option<i64>) -> Result<String, AppError> {
    let base_url = issuer.base_url;
    let interview =
        db::passed_interview(pool, interview_id).await?.ok_or_else(|| AppError::Conflict("err.certificate.not_passed".into()))?;
    let overview = hours_db::overview(pool, interview.participant_id).await?.ok_or(AppError::NotFound)?;
    if !is_eligible(&Figures::of(&overview.standing, &overview.requirements)) {
        return Err(AppError::Conflict("err.certificate.not_eligible".into()));
    }
    let number = CertificateNumber::generate();
    let issued_on = today_in_amsterdam();
    let nl = Lang::Nl;
    let content = CertificateContent {
        participant_name: overview.participant_name.clone(),
        // What was completed: from the start of the track to the final interview (the
        // cohort's planned end may lie months later).
        cohort_period: format!("{} – {}", long_date(nl, interview.starts_on), long_date(nl, interview.held_on)),
        learning_hours: hours(nl, overview.standing.totals.learning_total()),
        practice_hours: hours(nl, overview.standing.totals.approved_practice),
        trainings: db::chosen_trainings(pool, interview.participant_id).await?,
        interview_date: long_date(nl, interview.held_on),
        assessors: [format!("{} (Vrijwilligersacademie)", interview.va_name), format!("{} (Hogeschool van Amsterdam)", interview.hva_name)],
        issued_on: long_date(nl, issued_on),
        number: number.as_str().to_owned(),
        verify_url: verify_url(base_url, number.as_str()),
        issued_at_unix: chrono::Utc::now().timestamp(),
    };
    let pdf = run_bounded("certificate", move || render(&content)).await?;
    if pdf.is_empty() {
        tracing::error!(interview = interview_id, "certificate PDF could not be written");
        return Err(AppError::Internal);
    }
    let sha256 = hex::encode(Sha256::digest(&pdf));
    db::insert(
        pool,
        &NewCertificate {
            number: number.as_str(),
            interview_id,
            participant_id: interview.participant_id,
            cohort_id: interview.cohort_id,
            participant_name: &overview.participant_name,
            learning_quarters: overview.standing.totals.learning_total(),
            practice_quarters: overview.standing.totals.approved_practice,
            issued_on,
            pdf: &pdf,
            sha256: &sha256,
            replaces,
        },
        actor_id,
        issuer,
    )
    .await
}

/// A form changed the progress of `participants`: their certificates that have come
/// due are issued at once, in the sender's name.
pub async fn on_progress(post: &crate::server::form_post::FormPost, participants: &[i64]) {
    let actor = post.user.as_ref().map(|u| u.id);
    issue_due(post.pool(), &Issuer::of(&post.state), Some(participants), actor).await;
}

/// Issues the certificates that have come due for `participants` (all when `None`): a
/// passed interview signed by both assessors, without a certificate yet, whose
/// participant now meets every requirement. Called right after each approval that can
/// complete the requirements (hours, plans, attendance), and by `serve` at start, so a
/// crash between the approval and the issuing only delays it. Returns the new numbers.
/// Never fails the approval that called it: a failure is logged and tried again later.
pub async fn issue_due(pool: &SqlitePool, issuer: &Issuer<'_>, participants: Option<&[i64]>, actor_id: Option<i64>) -> Vec<String> {
    let due = match db::passed_without_certificate(pool, participants).await {
        Ok(due) => due,
        Err(error) => {
            tracing::warn!(?error, "could not look for certificates that have come due");
            return Vec::new();
        }
    };
    let mut issued = Vec::new();
    for interview_id in due {
        match issue_for_interview(pool, issuer, interview_id, actor_id).await {
            Ok(number) => issued.push(number),
            // Not eligible yet: the next approval asks again.
            Err(AppError::Conflict(_)) => {}
            Err(error) => tracing::warn!(interview = interview_id, ?error, "a certificate that came due was not issued"),
        }
    }
    issued
}
