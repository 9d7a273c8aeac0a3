//! The scheduled mails, run by `serve`'s scheduler (`server::schedule`): the evening
//! reminder of tomorrow's sessions and the trainers' Monday digest. Each run claims
//! its slot and queues its mails in one transaction, so a slot's mails exist once,
//! whatever restarts or second processes happen.
use crate::domain::{InterviewStatus, PlanStatus, Role};
use chrono::{DateTime, Datelike, Duration, NaiveDate, Timelike, Weekday};
use chrono_tz::Tz;
use sqlx::SqlitePool;

use crate::{
    domain::{MailKind, MailStatus, SessionStatus},
    error::AppError,
    server::{
        db::write_tx,
        outbox::{self, Letter},
        schedule::{claim_in, Job},
    },
};

/// Sessions of tomorrow are announced from this hour (Amsterdam time).
pub const REMINDER_HOUR: u32 = 18;
/// The trainers' digest goes on Monday from this hour (Amsterdam time).
pub const DIGEST_HOUR: u32 = 7;

pub const JOBS: &[Job] = &[
    Job { name: "session_reminders", slot: reminder_slot, run: |pool, slot| Box::pin(send_session_reminders(pool, slot)) },
    Job { name: "trainer_digest", slot: digest_slot, run: |pool, slot| Box::pin(send_trainer_digests(pool, slot)) },
    Job { name: "outbox_prune", slot: prune_slot, run: |pool, slot| Box::pin(prune_outbox(pool, slot)) },
];

/// Today's date from 18:00 on: the evening the reminders of tomorrow go.
pub fn reminder_slot(now: DateTime<Tz>) -> Option<String> {
    (now.hour() >= REMINDER_HOUR).then(|| now.date_naive().to_string())
}

/// The ISO week ("2026-W49") on its Monday from 07:00 on.
pub fn digest_slot(now: DateTime<Tz>) -> Option<String> {
    let week = now.iso_week();
    (now.weekday() == Weekday::Mon && now.hour() >= DIGEST_HOUR).then(|| format!("{}-W{:02}", week.year(), week.week()))
}

/// For slot `YYYY-MM-DD`: one mail per participant and session of the next day they
/// are expected at (`expected_attendance`), cancelled sessions left out.
pub async fn send_session_reminders(pool: &SqlitePool, slot: &str) -> Result<usize, AppError> {
    let day = NaiveDate::parse_from_str(slot, "%Y-%m-%d").map_err(|_| AppError::Internal)?;
    let tomorrow = (day + Duration::days(1)).to_string();
    let mut tx = write_tx(pool).await?;
    if !claim_in(&mut tx, "session_reminders", slot).await? {
        tx.rollback().await?;
        return Ok(0);
    }
    let planned = SessionStatus::Planned.code();
    let sessions = sqlx::query!(
        r#"SELECT e.participant_id AS "participant_id!", s.title, s.held_on, s.starts_at, s.ends_at, COALESCE(s.place, '') AS "place!: String"
           FROM programme_sessions s JOIN expected_attendance e ON e.session_id = s.id
           WHERE s.held_on = ? AND s.status = ?
           ORDER BY e.participant_id, s.starts_at"#,
        tomorrow,
        planned
    )
    .fetch_all(&mut *tx)
    .await?;
    let mut queued = 0;
    for s in &sessions {
        let date = NaiveDate::parse_from_str(&s.held_on, "%Y-%m-%d").map(|d| d.format("%d-%m-%Y").to_string()).unwrap_or_default();
        let params = [
            ("title", s.title.clone()),
            ("date", date),
            ("time", format!("{}–{}", s.starts_at, s.ends_at)),
            ("place", s.place.clone()),
        ];
        let mail = Letter { kind: MailKind::SessionTomorrow, params: &params, link_path: Some("/programma".into()), ics: None, about: None };
        queued += usize::from(outbox::enqueue_for_user(&mut tx, s.participant_id, &mail).await?.is_some());
    }
    tx.commit().await?;
    Ok(queued)
}

/// For slot `YYYY-Www`: each trainer for whom something waits gets one mail with the
/// counts (hour entries, plans, interviews held and not yet decided); nobody else.
pub async fn send_trainer_digests(pool: &SqlitePool, slot: &str) -> Result<usize, AppError> {
    let today = crate::server::clock::today_in_amsterdam().to_string();
    let mut tx = write_tx(pool).await?;
    if !claim_in(&mut tx, "trainer_digest", slot).await? {
        tx.rollback().await?;
        return Ok(0);
    }
    let waiting = sqlx::query!(
        r#"SELECT u.id AS "id!",
                  (SELECT COALESCE(SUM(w.entries), 0) FROM cohort_waiting w JOIN cohort_trainers t ON t.cohort_id = w.cohort_id
                    WHERE t.trainer_id = u.id) AS "entries!: i64",
                  (SELECT COUNT(*) FROM plans p JOIN cohort_trainers t ON t.cohort_id = p.cohort_id
                    WHERE t.trainer_id = u.id AND p.status = ?) AS "plans!: i64",
                  (SELECT COUNT(*) FROM interviews i
                    WHERE i.status = ? AND i.held_on <= ? AND (i.assessor_va_id = u.id OR i.assessor_hva_id = u.id))
                      AS "interviews!: i64"
           FROM users u WHERE u.role = ? AND u.removal IS NULL AND u.password_hash IS NOT NULL"#,
        const { PlanStatus::Submitted.code() },
        const { InterviewStatus::Planned.code() },
        today,
        const { Role::Trainer.code() },
    )
    .fetch_all(&mut *tx)
    .await?;
    let mut queued = 0;
    for trainer in waiting.iter().filter(|t| t.entries + t.plans + t.interviews > 0) {
        let params = [
            ("entries", trainer.entries.to_string()),
            ("plans", trainer.plans.to_string()),
            ("interviews", trainer.interviews.to_string()),
        ];
        let mail = Letter { kind: MailKind::TrainerDigest, params: &params, link_path: Some("/beoordelen".into()), ics: None, about: None };
        queued += usize::from(outbox::enqueue_for_user(&mut tx, trainer.id, &mail).await?.is_some());
    }
    tx.commit().await?;
    Ok(queued)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use chrono_tz::Europe::Amsterdam;

    #[test]
    fn reminders_go_from_six_in_the_evening_for_the_next_day() {
        assert_eq!(reminder_slot(Amsterdam.with_ymd_and_hms(2026, 12, 1, 17, 59, 0).unwrap()), None);
        assert_eq!(reminder_slot(Amsterdam.with_ymd_and_hms(2026, 12, 1, 18, 0, 0).unwrap()).as_deref(), Some("2026-12-01"));
        assert_eq!(reminder_slot(Amsterdam.with_ymd_and_hms(2026, 12, 1, 23, 30, 0).unwrap()).as_deref(), Some("2026-12-01"));
    }

    #[test]
    fn the_digest_goes_on_monday_morning_once_a_week() {
        // 30 November 2026 is a Monday.
        assert_eq!(digest_slot(Amsterdam.with_ymd_and_hms(2026, 11, 30, 6, 59, 0).unwrap()), None);
        assert_eq!(digest_slot(Amsterdam.with_ymd_and_hms(2026, 11, 30, 7, 0, 0).unwrap()).as_deref(), Some("2026-W49"));
        assert_eq!(digest_slot(Amsterdam.with_ymd_and_hms(2026, 12, 1, 7, 0, 0).unwrap()), None);
        assert_eq!(digest_slot(Amsterdam.with_ymd_and_hms(2027, 1, 4, 9, 0, 0).unwrap()).as_deref(), Some("2027-W01"));
    }
}

/// Mail that went out (or was given up) this many days ago leaves the outbox.
pub const OUTBOX_KEPT_DAYS: i64 = 90;

/// Every night from 03:00: the date.
pub fn prune_slot(now: DateTime<Tz>) -> Option<String> {
    (now.hour() >= 3).then(|| now.date_naive().to_string())
}

/// Deletes sent, given-up and refused mail queued more than [`OUTBOX_KEPT_DAYS`] ago:
/// the outbox is a record of what went out lately, not an archive of people's mail.
pub async fn prune_outbox(pool: &SqlitePool, slot: &str) -> Result<usize, AppError> {
    let cutoff = outbox::outbox_time(chrono::Utc::now() - Duration::days(OUTBOX_KEPT_DAYS));
    let (sent, gave_up, refused) = (MailStatus::Sent.code(), MailStatus::GaveUp.code(), MailStatus::Refused.code());
    let mut tx = write_tx(pool).await?;
    if !claim_in(&mut tx, "outbox_prune", slot).await? {
        tx.rollback().await?;
        return Ok(0);
    }
    let deleted = sqlx::query!("DELETE FROM outbox WHERE status IN (?, ?, ?) AND created_at < ?", sent, gave_up, refused, cutoff)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    tx.commit().await?;
    Ok(usize::try_from(deleted).unwrap_or(usize::MAX))
}
