//! The reminder: a request unanswered after [`REMIND_AFTER_DAYS`] is reminded once, in
//! the daily slot from 09:00. Only the token's hash is stored, so the reminder carries a
//! new link and the first one stops working (the mail says so).
use chrono::{DateTime, Duration, Timelike, Utc};
use chrono_tz::Tz;
use sqlx::SqlitePool;

use crate::{
    domain::MailKind,
    error::AppError,
    i18n::Lang,
    server::{
        clock::now_rfc3339,
        db::write_tx,
        outbox::{enqueue_to_address, Letter},
        schedule::{claim_in, Job},
        tokens,
    },
};

pub const REMIND_AFTER_DAYS: i64 = 5;
const REMINDER_HOUR: u32 = 9;

pub const JOBS: &[Job] = &[Job { name: "confirmation_reminders", slot: daily_slot, run: |pool, slot| Box::pin(send_reminders(pool, slot)) }];

/// Today's date from 09:00 on.
pub fn daily_slot(now: DateTime<Tz>) -> Option<String> {
    (now.hour() >= REMINDER_HOUR).then(|| now.date_naive().to_string())
}

/// Reminds every open request sent at least five days ago and not reminded yet; the
/// slot is claimed in the same transaction, so a day's reminders exist once.
pub async fn send_reminders(pool: &SqlitePool, slot: &str) -> Result<usize, AppError> {
    let mut tx = write_tx(pool).await?;
    if !claim_in(&mut tx, "confirmation_reminders", slot).await? {
        tx.rollback().await?;
        return Ok(0);
    }
    let now = now_rfc3339();
    let sent_before = (Utc::now() - Duration::days(REMIND_AFTER_DAYS)).to_rfc3339();
    let due = sqlx::query!(
        r#"SELECT r.id AS "id!", r.participant_id, p.supervisor_name, p.supervisor_email, u.name AS participant_name, u.language,
                  (SELECT COUNT(*) FROM confirmation_items ci JOIN hour_entries h ON h.id = ci.entry_id AND h.submitted_at = ci.entry_submitted_at
                   WHERE ci.request_id = r.id AND ci.answer IS NULL) AS "open!: i64"
           FROM confirmation_requests r JOIN placements p ON p.id = r.placement_id JOIN users u ON u.id = r.participant_id
           WHERE r.withdrawn_at IS NULL AND r.reminded_at IS NULL AND r.created_at <= ? AND r.expires_at > ?"#,
        sent_before,
        now
    )
    .fetch_all(&mut *tx)
    .await?;
    let mut reminded = 0;
    for request in due.into_iter().filter(|r| r.open > 0) {
        let token = tokens::new_token();
        let hash = tokens::hash_token(&token);
        sqlx::query!("UPDATE confirmation_requests SET token_hash = ?, reminded_at = ? WHERE id = ?", hash, now, request.id)
            .execute(&mut *tx)
            .await?;
        let params = [("participant", request.participant_name.clone()), ("count", request.open.to_string())];
        let letter = Letter {
            kind: MailKind::ConfirmationReminder,
            params: &params,
            link_path: Some(format!("/bevestigen/{token}")),
            ics: None,
            about: Some(request.participant_id),
        };
        let lang = Lang::from_code(&request.language).unwrap_or_default();
        enqueue_to_address(&mut tx, &request.supervisor_email, &request.supervisor_name, lang, &letter).await?;
        reminded += 1;
    }
    tx.commit().await?;
    Ok(reminded)
}
