use crate::domain::{InterviewStatus, SessionStatus};
use chrono::NaiveDate;
use sqlx::SqlitePool;

use super::{
    credential::{self, CredentialFacts, Issuer},
    Verification,
};
use crate::{
    domain::{AuditAction, MailKind, RevokeReason},
    error::AppError,
    server::{
        audit::{self, ReadLine, ReadLog},
        clock::{amsterdam_date, now_rfc3339},
        db::write_tx,
        outbox::{self, Letter},
    },
};

/// Who a certificate concerns, for the access check before a download.
pub struct CertificateFile {
    pub participant_id: i64,
    pub cohort_id: i64,
    pub number: String,
    pub pdf: Vec<u8>,
}

pub async fn file(pool: &SqlitePool, number: &str) -> Result<Option<CertificateFile>, AppError> {
    Ok(sqlx::query_as!(CertificateFile, "SELECT participant_id, cohort_id, number, pdf FROM certificates WHERE number = ?", number)
        .fetch_optional(pool)
        .await?
        // A certificate whose name was withheld on request no longer has its PDF.
        .filter(|f| !f.pdf.is_empty()))
}

/// Every certificate of a cohort (also revoked ones: the archive keeps them), by name;
/// not the ones whose name was withheld on request (their PDF is gone).
pub async fn cohort_files(pool: &SqlitePool, cohort_id: i64) -> Result<Vec<(String, String, Vec<u8>)>, AppError> {
    Ok(sqlx::query!(
        "SELECT participant_name, number, pdf FROM certificates WHERE cohort_id = ? AND name_withheld_at IS NULL ORDER BY participant_name, id",
        cohort_id
    )
        .fetch_all(pool)
        .await?
        .into_iter()
        .map(|r| (r.participant_name, r.number, r.pdf))
        .collect())
}

/// What the public page shows: nothing beyond name, track, date and hours.
pub async fn verification(pool: &SqlitePool, number: &str) -> Result<Option<Verification>, AppError> {
    let Some(r) = sqlx::query!(
        r#"SELECT number, participant_name, issued_on AS "issued_on: NaiveDate", learning_quarters, practice_quarters,
                  revoked_at, revoke_reason, name_withheld_at IS NOT NULL AS "name_withheld!: bool",
                  credential_jwt IS NOT NULL AS "has_credential!: bool",
                  (SELECT n.number FROM certificates n WHERE n.replaces_id = certificates.id) AS "replaced_by?: String"
           FROM certificates WHERE number = ?"#,
        number
    )
    .fetch_optional(pool)
    .await?
    else {
        return Ok(None);
    };
    Ok(Some(Verification {
        number: r.number,
        participant_name: r.participant_name,
        name_withheld: r.name_withheld,
        has_credential: r.has_credential,
        replaced_by: r.replaced_by,
        issued_on: r.issued_on,
        learning_quarters: r.learning_quarters,
        practice_quarters: r.practice_quarters,
        revoked_on: r.revoked_at.as_deref().and_then(amsterdam_date),
        revoke_reason: r.revoke_reason.as_deref().map(RevokeReason::parse).transpose().map_err(|_| AppError::Internal)?,
    }))
}

/// The number of the issued certificate with exactly these bytes.
/// The number of the certificate whose PDF has these exact bytes, and whether it was revoked.
pub async fn number_by_sha256(pool: &SqlitePool, sha256: &str) -> Result<Option<(String, bool)>, AppError> {
    let row = sqlx::query!(r#"SELECT number, revoked_at IS NOT NULL AS "revoked!: bool" FROM certificates WHERE sha256 = ?"#, sha256)
        .fetch_optional(pool)
        .await?;
    Ok(row.map(|r| (r.number, r.revoked)))
}

pub struct NewCertificate<'a> {
    pub number: &'a str,
    pub interview_id: i64,
    pub participant_id: i64,
    pub cohort_id: i64,
    pub participant_name: &'a str,
    pub learning_quarters: i64,
    pub practice_quarters: i64,
    pub issued_on: NaiveDate,
    pub pdf: &'a [u8],
    pub sha256: &'a str,
    /// The revoked certificate this one corrects (a re-issue).
    pub replaces: Option<i64>,
}

/// Stores a certificate unless the interview already has one (issued once, however
/// many requests race; read and written in one immediate transaction); returns the
/// number that stands. A re-issue goes in only while the certificate it replaces is
/// still the interview's latest and revoked.
pub async fn insert(pool: &SqlitePool, new: &NewCertificate<'_>, actor_id: Option<i64>, issuer: &Issuer<'_>) -> Result<String, AppError> {
    let mut tx = write_tx(pool).await?;
    let now = now_rfc3339();
    let issued_on = new.issued_on.to_string();
    let size = new.pdf.len() as i64;
    let latest = sqlx::query!(
        r#"SELECT id AS "id!", number, revoked_at IS NOT NULL AS "revoked!: bool" FROM certificates
           WHERE interview_id = ? ORDER BY id DESC LIMIT 1"#,
        new.interview_id
    )
    .fetch_optional(&mut *tx)
    .await?;
    match (&latest, new.replaces) {
        (None, None) => {}
        (Some(l), Some(replaces)) if l.id == replaces && l.revoked => {}
        (Some(l), None) => return Ok(l.number.clone()),
        _ => return Err(AppError::Conflict("err.certificate.not_replaceable".into())),
    }
    let id = sqlx::query_scalar!(
        r#"INSERT INTO certificates (number, interview_id, participant_id, cohort_id, participant_name, learning_quarters,
                                    practice_quarters, issued_on, issued_at, pdf, size_bytes, sha256, replaces_id)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id AS "id!""#,
        new.number,
        new.interview_id,
        new.participant_id,
        new.cohort_id,
        new.participant_name,
        new.learning_quarters,
        new.practice_quarters,
        issued_on,
        now,
        new.pdf,
        size,
        new.sha256,
        new.replaces
    )
    .fetch_one(&mut *tx)
    .await?;
    // The credential is signed in the same transaction: no certificate without one.
    attach_credential(&mut tx, id, issuer).await?;
    // A re-issue went in only over the interview's latest certificate: that is the one replaced.
    let replaced = new.replaces.and(latest.map(|l| l.number));
    let after = serde_json::json!({ "number": new.number, "sha256": new.sha256, "replaces": replaced });
    audit::record(
        &mut tx,
        actor_id,
        Some(new.participant_id),
        AuditAction::CertificateIssued,
        "certificate",
        id,
        None::<&()>,
        Some(&after),
    )
    .await?;
    let params = [("number", new.number.to_owned())];
    let mail = Letter { kind: MailKind::CertificateIssued, params: &params, link_path: Some(format!("/verifieren/{}", new.number)), ics: None, about: None };
    outbox::enqueue_for_user(&mut tx, new.participant_id, &mail).await?;
    tx.commit().await?;
    Ok(new.number.to_owned())
}

/// Revokes a certificate that is still valid; the row and the PDF stay.
pub async fn revoke(pool: &SqlitePool, number: &str, reason: RevokeReason, note: &str, actor_id: i64) -> Result<i64, AppError> {
    let mut tx = write_tx(pool).await?;
    let now = now_rfc3339();
    let code = reason.code();
    let r = sqlx::query!(
        r#"UPDATE certificates SET revoked_at = ?, revoked_by = ?, revoke_reason = ?, revoke_note = ?
           WHERE number = ? AND revoked_at IS NULL RETURNING id AS "id!", participant_id, cohort_id"#,
        now,
        actor_id,
        code,
        note,
        number
    )
    .fetch_optional(&mut *tx)
    .await?
    .ok_or_else(|| AppError::Conflict("err.certificate.already_revoked".into()))?;
    let after = serde_json::json!({ "reason": code, "note": note });
    audit::record(
        &mut tx,
        actor_id,
        Some(r.participant_id),
        AuditAction::CertificateRevoked,
        "certificate",
        r.id,
        None::<&()>,
        Some(&after),
    )
    .await?;
    tx.commit().await?;
    Ok(r.cohort_id)
}

/// Records a download in the participant's audit trail (through the read log).
pub async fn record_download(log: &ReadLog, actor_id: i64, participant_id: i64, number: &str) {
    let after = serde_json::json!({ "number": number });
    let line = ReadLine {
        actor_id: Some(actor_id),
        participant_id,
        action: AuditAction::CertificateDownloaded,
        subject_type: "user",
        subject_id: participant_id,
        after,
    };
    log.note([line]).await;
}

/// What goes on the certificate besides the interview: the participant's chosen trainings.
pub async fn chosen_trainings(pool: &SqlitePool, participant_id: i64) -> Result<Vec<String>, AppError> {
    Ok(sqlx::query_scalar!(
        r#"SELECT s.title FROM training_choices tc JOIN programme_sessions s ON s.id = tc.session_id
           WHERE tc.participant_id = ? AND s.status <> ? ORDER BY s.held_on, s.id"#,
        participant_id,
        const { SessionStatus::Cancelled.code() },
    )
    .fetch_all(pool)
    .await?)
}

/// The interview's facts for the certificate; only a passed interview signed by both.
pub struct PassedInterview {
    pub participant_id: i64,
    pub cohort_id: i64,
    pub held_on: NaiveDate,
    /// The cohort's start: the certificate's period runs from here to the interview.
    pub starts_on: NaiveDate,
    pub va_name: String,
    pub hva_name: String,
}

pub async fn passed_interview(pool: &SqlitePool, interview_id: i64) -> Result<Option<PassedInterview>, AppError> {
    Ok(sqlx::query_as!(
        PassedInterview,
        r#"SELECT i.participant_id, i.cohort_id, i.held_on AS "held_on: NaiveDate",
                  c.starts_on AS "starts_on: NaiveDate", va.name AS va_name, hva.name AS hva_name
           FROM interviews i JOIN cohorts c ON c.id = i.cohort_id
           JOIN users va ON va.id = i.assessor_va_id JOIN users hva ON hva.id = i.assessor_hva_id
           WHERE i.id = ? AND i.status = ?
             AND (SELECT COUNT(*) FROM interview_signatures s
                  WHERE s.interview_id = i.id AND s.assessor_id IN (i.assessor_va_id, i.assessor_hva_id)) = 2"#,
        interview_id,
        const { InterviewStatus::Passed.code() },
    )
    .fetch_optional(pool)
    .await?)
}

/// Signs the credential of certificate `id` and stores it with a free bit in the
/// revocation list, inside the caller's transaction.
pub async fn attach_credential(conn: &mut sqlx::SqliteConnection, id: i64, issuer: &Issuer<'_>) -> Result<(), AppError> {
    let r = sqlx::query!(
        r#"SELECT c.number, c.participant_name, c.issued_at, u.email, k.learning_quarters_required, k.practice_quarters_required,
                  k.lesson_attendance_percent, k.intervision_attendance_percent
           FROM certificates c JOIN users u ON u.id = c.participant_id JOIN cohorts k ON k.id = c.cohort_id WHERE c.id = ?"#,
        id
    )
    .fetch_one(&mut *conn)
    .await?;
    let status_index = free_status_index(conn).await?;
    let Some(issued_at) = crate::server::clock::parse_stored_time(&r.issued_at) else {
        tracing::error!(certificate = id, issued_at = %r.issued_at, "certificate has an unreadable issue time");
        return Err(AppError::Internal);
    };
    let facts = CredentialFacts {
        base_url: issuer.base_url,
        number: &r.number,
        participant_name: &r.participant_name,
        email: &r.email,
        issued_at,
        learning_quarters_required: r.learning_quarters_required,
        practice_quarters_required: r.practice_quarters_required,
        lesson_attendance_percent: r.lesson_attendance_percent,
        intervision_attendance_percent: r.intervision_attendance_percent,
        status_index,
    };
    let jwt = issuer.signer.sign(issuer.base_url, &credential::claims(&facts))?;
    sqlx::query!("UPDATE certificates SET credential_jwt = ?, status_index = ? WHERE id = ?", jwt, status_index, id).execute(&mut *conn).await?;
    Ok(())
}

/// A random bit of the list that no certificate holds yet (random, not in order, so a
/// bit's place says nothing about when or to whom the certificate was issued).
async fn free_status_index(conn: &mut sqlx::SqliteConnection) -> Result<u32, AppError> {
    use rand::RngCore;
    for _ in 0..64 {
        let candidate = rand::rngs::OsRng.next_u32() % credential::STATUS_LIST_BITS;
        let taken = sqlx::query_scalar!("SELECT id FROM certificates WHERE status_index = ?", candidate).fetch_optional(&mut *conn).await?;
        if taken.is_none() {
            return Ok(candidate);
        }
    }
    tracing::error!("no free bit found in the revocation list");
    Err(AppError::Internal)
}

/// Gives every certificate issued before credentials existed its credential (run by
/// `serve` at start and after seeding; does nothing once all have one). Returns how
/// many it signed. One it cannot sign is logged and left for the next start: it
/// must not keep the server from starting.
pub async fn sign_missing_credentials(pool: &SqlitePool, issuer: &Issuer<'_>) -> Result<usize, AppError> {
    let ids = sqlx::query_scalar!(r#"SELECT id AS "id!" FROM certificates WHERE credential_jwt IS NULL AND name_withheld_at IS NULL ORDER BY id"#)
        .fetch_all(pool)
        .await?;
    let mut signed = 0;
    for id in ids {
        let mut tx = write_tx(pool).await?;
        match attach_credential(&mut tx, id, issuer).await {
            Ok(()) => {
                tx.commit().await?;
                signed += 1;
            }
            Err(e) => {
                tracing::error!(certificate = id, error = ?e, "could not sign the credential of a certificate");
                tx.rollback().await?;
            }
        }
    }
    Ok(signed)
}

/// The signed credential of a certificate, for its downloads (`None` when it has none).
pub async fn credential(pool: &SqlitePool, number: &str) -> Result<Option<(i64, i64, String)>, AppError> {
    Ok(sqlx::query!(
        r#"SELECT participant_id, cohort_id, credential_jwt AS "jwt!" FROM certificates WHERE number = ? AND credential_jwt IS NOT NULL"#,
        number
    )
    .fetch_optional(pool)
    .await?
    .map(|r| (r.participant_id, r.cohort_id, r.jwt)))
}

/// The revocation list's set bits: the revoked certificates that have a credential.
pub async fn revoked_status_indexes(pool: &SqlitePool) -> Result<Vec<u32>, AppError> {
    let rows = sqlx::query_scalar!(
        r#"SELECT status_index AS "index!" FROM certificates WHERE revoked_at IS NOT NULL AND status_index IS NOT NULL"#
    )
    .fetch_all(pool)
    .await?;
    let mut indexes: Vec<u32> = rows.into_iter().filter_map(|i| u32::try_from(i).ok()).collect();
    // In order, so the same revocations are always the same list (`published::status_list` reuses it).
    indexes.sort_unstable();
    Ok(indexes)
}

/// What "add to LinkedIn" needs: whose it is, when it was issued, whether it still stands.
pub async fn for_profile(pool: &SqlitePool, number: &str) -> Result<Option<(i64, NaiveDate, bool)>, AppError> {
    Ok(sqlx::query!(
        r#"SELECT participant_id, issued_on AS "issued_on: NaiveDate", revoked_at IS NOT NULL AS "revoked!: bool"
           FROM certificates WHERE number = ?"#,
        number
    )
    .fetch_optional(pool)
    .await?
    .map(|r| (r.participant_id, r.issued_on, r.revoked)))
}

/// Passed interviews signed by both assessors that have no certificate yet, of these
/// participants (or of everyone).
pub async fn passed_without_certificate(pool: &SqlitePool, participants: Option<&[i64]>) -> Result<Vec<i64>, AppError> {
    let ids = participants.map(|p| serde_json::to_string(p).unwrap_or_else(|_| "[]".into()));
    Ok(sqlx::query_scalar!(
        r#"SELECT i.id AS "id!" FROM interviews i
           WHERE i.status = ?1
             AND (?2 IS NULL OR i.participant_id IN (SELECT value FROM json_each(?2)))
             AND NOT EXISTS (SELECT 1 FROM certificates c WHERE c.interview_id = i.id)
             AND (SELECT COUNT(*) FROM interview_signatures s
                  WHERE s.interview_id = i.id AND s.assessor_id IN (i.assessor_va_id, i.assessor_hva_id)) = 2
           ORDER BY i.id"#,
        const { InterviewStatus::Passed.code() },
        ids
    )
    .fetch_all(pool)
    .await?)
}

/// The revoked certificate `number` as a re-issue needs it: its id and interview, while
/// nothing has replaced it yet and it still has its PDF (not for a withheld name).
pub async fn replaceable(pool: &SqlitePool, number: &str) -> Result<Option<(i64, i64)>, AppError> {
    Ok(sqlx::query!(
        r#"SELECT c.id AS "id!", c.interview_id FROM certificates c
           WHERE c.number = ? AND c.revoked_at IS NOT NULL AND c.name_withheld_at IS NULL
             AND NOT EXISTS (SELECT 1 FROM certificates n WHERE n.replaces_id = c.id)"#,
        number
    )
    .fetch_optional(pool)
    .await?
    .map(|r| (r.id, r.interview_id)))
}
