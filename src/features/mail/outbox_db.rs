use sqlx::SqlitePool;

use super::{OutboxMail, OutboxView, MAILS_PER_PAGE};
use crate::{
    domain::{MailKind, MailStatus},
    error::AppError,
    server::{clock::amsterdam_time, db::write_tx, outbox::outbox_time},
};

/// Newest first, [`MAILS_PER_PAGE`] at a time from before `before` (keyset on id).
pub async fn outbox(pool: &SqlitePool, before: Option<i64>, public_base_url: &str, sending: bool) -> Result<OutboxView, AppError> {
    let counted = sqlx::query!(r#"SELECT status, COUNT(*) AS "n!: i64" FROM outbox GROUP BY status"#).fetch_all(pool).await?;
    let counts = MailStatus::ALL
        .iter()
        .filter_map(|status| counted.iter().find(|c| c.status == status.code()).map(|c| (*status, c.n)))
        .collect();
    let before = before.unwrap_or(i64::MAX);
    let limit = MAILS_PER_PAGE + 1;
    let rows = sqlx::query!(
        r#"SELECT id AS "id!", kind, to_name, to_address, subject, status, attempts, last_error, created_at, sent_at, link_path
           FROM outbox WHERE id < ? ORDER BY id DESC LIMIT ?"#,
        before,
        limit
    )
    .fetch_all(pool)
    .await?;
    let more = rows.len() as i64 > MAILS_PER_PAGE;
    let mut mails = Vec::with_capacity(rows.len());
    for row in rows.into_iter().take(MAILS_PER_PAGE as usize) {
        let status = MailStatus::parse(&row.status).map_err(|_| AppError::Internal)?;
        mails.push(OutboxMail {
            id: row.id,
            kind: MailKind::parse(&row.kind).map_err(|_| AppError::Internal)?,
            to_name: row.to_name,
            to_address: row.to_address,
            subject: row.subject,
            status,
            attempts: row.attempts,
            last_error: row.last_error,
            created_at: amsterdam_time(&row.created_at),
            sent_at: row.sent_at.as_deref().map(amsterdam_time),
            link: row.link_path.filter(|_| status != MailStatus::Sent).map(|path| format!("{public_base_url}{path}")),
        });
    }
    let older = if more { mails.last().map(|m| m.id) } else { None };
    Ok(OutboxView { sending, counts, mails, older })
}

/// A mail given up on, or refused, goes back in line to be sent at once. True when it was.
pub async fn retry(pool: &SqlitePool, id: i64) -> Result<bool, AppError> {
    let (waiting, gave_up, refused) = (MailStatus::Waiting.code(), MailStatus::GaveUp.code(), MailStatus::Refused.code());
    let now = outbox_time(chrono::Utc::now());
    let mut tx = write_tx(pool).await?;
    let changed = sqlx::query!(
        "UPDATE outbox SET status = ?, next_attempt_at = ?, created_at = ? WHERE id = ? AND status IN (?, ?)",
        waiting,
        now,
        now,
        id,
        gave_up,
        refused
    )
    .execute(&mut *tx)
    .await?
    .rows_affected()
        == 1;
    if changed {
        // The coordinator corrected or confirmed the address: notices go to it again.
        sqlx::query!("UPDATE users SET mail_refused_at = NULL WHERE id = (SELECT user_id FROM outbox WHERE id = ?)", id)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(changed)
}
