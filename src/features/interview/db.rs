use crate::domain::Role;
use chrono::NaiveDate;
use sqlx::{SqliteConnection, SqlitePool};

use super::invite_mail::InterviewMail;
use super::{AssessorSheet, CandidateRow, CohortCriteria, CohortInterviews, InterviewDetail, Item, Judgement, Person};
use crate::{
    domain::{AuditAction, InterviewStatus, Organisation},
    error::AppError,
    features::{
        cohorts::db as cohorts_db,
        hours::db as hours_db,
        requirements::{is_eligible, open_count, Figures},
        standing::CertificateRef,
    },
    server::{
        audit,
        clock::{now_rfc3339, today_in_amsterdam},
        db::{unique_as_field, write_tx},
    },
};

fn status(code: &str) -> Result<InterviewStatus, AppError> {
    InterviewStatus::parse(code).map_err(|_| AppError::Internal)
}

/// The eligibility rule for one participant, on the same figures as their home page.
pub async fn participant_eligible(pool: &SqlitePool, participant_id: i64) -> Result<bool, AppError> {
    Ok(hours_db::overview(pool, participant_id).await?.is_some_and(|o| is_eligible(&Figures::of(&o.standing, &o.requirements))))
}

pub async fn cohort_interviews(pool: &SqlitePool, cohort_id: i64, can_manage: bool) -> Result<Option<CohortInterviews>, AppError> {
    let Some(overview) = cohorts_db::overview(pool, cohort_id, None, false).await? else {
        return Ok(None);
    };
    let candidates = overview
        .participants
        .iter()
        .map(|row| {
            let figures = Figures::of(&row.standing, &overview.requirements);
            CandidateRow {
                participant: Person { id: row.id, name: row.name.clone() },
                eligible: is_eligible(&figures),
                open: open_count(&figures),
                standing: row.standing.final_step.clone(),
            }
        })
        .collect();
    let of = |organisation: Organisation| {
        overview
            .trainers
            .iter()
            .filter(|t| t.organisation == Some(organisation))
            .map(|t| Person { id: t.id, name: t.name.clone() })
            .collect::<Vec<_>>()
    };
    Ok(Some(CohortInterviews {
        cohort_id,
        cohort_name: overview.name.clone(),
        candidates,
        criteria: active_criteria(pool, cohort_id).await?,
        assessors_va: of(Organisation::Vrijwilligersacademie),
        assessors_hva: of(Organisation::Hva),
        can_manage,
        today: today_in_amsterdam(),
    }))
}

async fn active_criteria(pool: &SqlitePool, cohort_id: i64) -> Result<Vec<String>, AppError> {
    Ok(sqlx::query_scalar!("SELECT title FROM interview_criteria WHERE cohort_id = ? AND active = 1 ORDER BY position, id", cohort_id)
        .fetch_all(pool)
        .await?)
}

pub async fn criteria(pool: &SqlitePool, cohort_id: i64) -> Result<Option<CohortCriteria>, AppError> {
    let Some(name) = sqlx::query_scalar!("SELECT name FROM cohorts WHERE id = ?", cohort_id).fetch_optional(pool).await? else {
        return Ok(None);
    };
    Ok(Some(CohortCriteria { cohort_id, cohort_name: name, criteria: active_criteria(pool, cohort_id).await? }))
}

/// Replaces the active list: the old criteria are retired (kept for the interviews
/// that used them), the new ones added in order.
pub async fn save_criteria(pool: &SqlitePool, cohort_id: i64, titles: &[String], actor_id: i64) -> Result<(), AppError> {
    let mut tx = write_tx(pool).await?;
    let before: Vec<String> =
        sqlx::query_scalar!("SELECT title FROM interview_criteria WHERE cohort_id = ? AND active = 1 ORDER BY position, id", cohort_id)
            .fetch_all(&mut *tx)
            .await?;
    sqlx::query!("UPDATE interview_criteria SET active = 0 WHERE cohort_id = ? AND active = 1", cohort_id).execute(&mut *tx).await?;
    for (position, title) in (1_i64..).zip(titles) {
        sqlx::query!("INSERT INTO interview_criteria (cohort_id, position, title) VALUES (?, ?, ?)", cohort_id, position, title)
            .execute(&mut *tx)
            .await?;
    }
    audit::record(&mut tx, actor_id, None, AuditAction::CriteriaSaved, "cohort", cohort_id, Some(&before), Some(&titles)).await?;
    tx.commit().await?;
    Ok(())
}

pub struct NewInterview {
    pub participant_id: i64,
    pub cohort_id: i64,
    pub held_on: NaiveDate,
    pub starts_at: String,
    pub place: String,
    pub assessor_va_id: i64,
    pub assessor_hva_id: i64,
}

/// Schedules an interview with a copy of the cohort's criteria.
pub async fn schedule(pool: &SqlitePool, new: &NewInterview, actor_id: i64) -> Result<i64, AppError> {
    let mut tx = write_tx(pool).await?;
    let now = now_rfc3339();
    let held_on = new.held_on.to_string();
    let id = sqlx::query_scalar!(
        r#"INSERT INTO interviews (participant_id, cohort_id, held_on, starts_at, place, assessor_va_id, assessor_hva_id,
                                  scheduled_by, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id AS "id!""#,
        new.participant_id,
        new.cohort_id,
        held_on,
        new.starts_at,
        new.place,
        new.assessor_va_id,
        new.assessor_hva_id,
        actor_id,
        now
    )
    .fetch_one(&mut *tx)
    .await
    .map_err(unique_as_field("form", "err.interview.already_planned"))?;
    let copied = sqlx::query!(
        r#"INSERT INTO interview_items (interview_id, position, title)
           SELECT ?, position, title FROM interview_criteria WHERE cohort_id = ? AND active = 1 ORDER BY position, id"#,
        id,
        new.cohort_id
    )
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if copied == 0 {
        return Err(AppError::field("form", "err.interview.no_criteria"));
    }
    let after = serde_json::json!({ "held_on": held_on, "starts_at": new.starts_at, "place": new.place,
        "assessors": [new.assessor_va_id, new.assessor_hva_id] });
    audit::record(&mut tx, actor_id, Some(new.participant_id), AuditAction::InterviewScheduled, "interview", id, None::<&()>, Some(&after))
        .await?;
    let mail = InterviewMail {
        id,
        participant_id: new.participant_id,
        assessors: [new.assessor_va_id, new.assessor_hva_id],
        held_on: new.held_on,
        starts_at: &new.starts_at,
        place: &new.place,
    };
    mail.enqueue(&mut tx, false).await?;
    tx.commit().await?;
    Ok(id)
}

/// Calls off a planned interview (not one that was decided).
pub async fn cancel(pool: &SqlitePool, id: i64, actor_id: i64) -> Result<(), AppError> {
    let mut tx = write_tx(pool).await?;
    let now = now_rfc3339();
    let called_off = sqlx::query!(
        r#"UPDATE interviews SET status = ?, decided_at = ? WHERE id = ? AND status = ?
           RETURNING participant_id, held_on, starts_at, place, assessor_va_id, assessor_hva_id"#,
        const { InterviewStatus::Cancelled.code() },
        now,
        id,
        const { InterviewStatus::Planned.code() },
    )
    .fetch_optional(&mut *tx)
    .await?
    .ok_or_else(|| AppError::Conflict("err.interview.not_planned".into()))?;
    let participant = called_off.participant_id;
    audit::record(&mut tx, actor_id, Some(participant), AuditAction::InterviewCancelled, "interview", id, None::<&()>, None::<&()>).await?;
    let mail = InterviewMail {
        id,
        participant_id: participant,
        assessors: [called_off.assessor_va_id, called_off.assessor_hva_id],
        held_on: NaiveDate::parse_from_str(&called_off.held_on, "%Y-%m-%d").map_err(|_| AppError::Internal)?,
        starts_at: &called_off.starts_at,
        place: &called_off.place,
    };
    mail.enqueue(&mut tx, true).await?;
    tx.commit().await?;
    Ok(())
}

/// The participant and the two assessors of an interview, and whether it is still open.
pub struct InterviewAccess {
    pub participant_id: i64,
    pub cohort_id: i64,
    pub assessors: [i64; 2],
    pub status: InterviewStatus,
}

pub async fn access(pool: &SqlitePool, id: i64) -> Result<Option<InterviewAccess>, AppError> {
    let Some(r) =
        sqlx::query!("SELECT participant_id, cohort_id, assessor_va_id, assessor_hva_id, status FROM interviews WHERE id = ?", id)
            .fetch_optional(pool)
            .await?
    else {
        return Ok(None);
    };
    Ok(Some(InterviewAccess {
        participant_id: r.participant_id,
        cohort_id: r.cohort_id,
        assessors: [r.assessor_va_id, r.assessor_hva_id],
        status: status(&r.status)?,
    }))
}

/// What one assessor posted for one criterion.
pub struct PostedJudgement {
    pub item_id: i64,
    pub met: Option<bool>,
    pub explanation: String,
}

/// Saves an assessor's judgements and, with `sign`, their signature. When the second
/// signature comes in, the outcome is decided and locked: geslaagd only when both
/// assessors judged every criterion voldaan. Returns the outcome once decided.
pub async fn save_judgements(
    pool: &SqlitePool,
    id: i64,
    assessor_id: i64,
    judgements: &[PostedJudgement],
    sign: bool,
) -> Result<Option<InterviewStatus>, AppError> {
    let mut tx = write_tx(pool).await?;
    let open = sqlx::query!(
        r#"SELECT participant_id, EXISTS (SELECT 1 FROM interview_signatures s WHERE s.interview_id = i.id AND s.assessor_id = ?)
               AS "signed!: bool"
           FROM interviews i WHERE i.id = ? AND i.status = ? AND ? IN (i.assessor_va_id, i.assessor_hva_id)"#,
        assessor_id,
        id,
        const { InterviewStatus::Planned.code() },
        assessor_id,
    )
    .fetch_optional(&mut *tx)
    .await?
    .ok_or_else(|| AppError::Conflict("err.interview.locked".into()))?;
    if open.signed {
        return Err(AppError::Conflict("err.interview.already_signed".into()));
    }
    let now = now_rfc3339();
    for j in judgements {
        let Some(met) = j.met else { continue };
        let saved = sqlx::query!(
            r#"INSERT INTO interview_judgements (item_id, assessor_id, met, explanation, updated_at)
               SELECT id, ?, ?, ?, ? FROM interview_items WHERE id = ? AND interview_id = ?
               ON CONFLICT (item_id, assessor_id) DO UPDATE SET met = excluded.met, explanation = excluded.explanation,
                   updated_at = excluded.updated_at"#,
            assessor_id,
            met,
            j.explanation,
            now,
            j.item_id,
            id
        )
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if saved == 0 {
            return Err(AppError::NotFound);
        }
    }
    let mut outcome = None;
    if sign {
        let unjudged = sqlx::query_scalar!(
            r#"SELECT COUNT(*) AS "n!: i64" FROM interview_items it
               WHERE it.interview_id = ? AND NOT EXISTS (
                   SELECT 1 FROM interview_judgements j WHERE j.item_id = it.id AND j.assessor_id = ? AND j.explanation <> '')"#,
            id,
            assessor_id
        )
        .fetch_one(&mut *tx)
        .await?;
        if unjudged > 0 {
            return Err(AppError::field("form", "err.interview.incomplete"));
        }
        sqlx::query!("INSERT INTO interview_signatures (interview_id, assessor_id, signed_at) VALUES (?, ?, ?)", id, assessor_id, now)
            .execute(&mut *tx)
            .await?;
        audit::record(
            &mut tx,
            assessor_id,
            Some(open.participant_id),
            AuditAction::InterviewSigned,
            "interview",
            id,
            None::<&()>,
            None::<&()>,
        )
        .await?;
        outcome = decide_when_both_signed(&mut tx, id, open.participant_id, assessor_id).await?;
    } else {
        audit::record(
            &mut tx,
            assessor_id,
            Some(open.participant_id),
            AuditAction::InterviewJudged,
            "interview",
            id,
            None::<&()>,
            None::<&()>,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(outcome)
}

async fn decide_when_both_signed(
    conn: &mut SqliteConnection,
    id: i64,
    participant_id: i64,
    actor_id: i64,
) -> Result<Option<InterviewStatus>, AppError> {
    let r = sqlx::query!(
        r#"SELECT (SELECT COUNT(*) FROM interview_signatures s WHERE s.interview_id = i.id
                   AND s.assessor_id IN (i.assessor_va_id, i.assessor_hva_id)) AS "signatures!: i64",
                  (SELECT COUNT(*) FROM interview_items it WHERE it.interview_id = i.id) AS "items!: i64",
                  (SELECT COUNT(*) FROM interview_judgements j JOIN interview_items it ON it.id = j.item_id
                   WHERE it.interview_id = i.id AND j.met = 1
                   AND j.assessor_id IN (i.assessor_va_id, i.assessor_hva_id)) AS "met!: i64"
           FROM interviews i WHERE i.id = ?"#,
        id
    )
    .fetch_one(&mut *conn)
    .await?;
    if r.signatures < 2 {
        return Ok(None);
    }
    let outcome = if r.items > 0 && r.met == 2 * r.items { InterviewStatus::Passed } else { InterviewStatus::NotPassed };
    let code = outcome.code();
    let now = now_rfc3339();
    let decided = sqlx::query!(
        "UPDATE interviews SET status = ?, decided_at = ? WHERE id = ? AND status = ?",
        code,
        now,
        id,
        const { InterviewStatus::Planned.code() },
    )
        .execute(&mut *conn)
        .await?
        .rows_affected();
    if decided != 1 {
        return Err(AppError::Conflict("err.interview.locked".into()));
    }
    audit::record(conn, actor_id, Some(participant_id), AuditAction::InterviewDecided, "interview", id, None::<&()>, Some(&code)).await?;
    Ok(Some(outcome))
}

pub async fn interview(pool: &SqlitePool, id: i64) -> Result<Option<InterviewDetail>, AppError> {
    let Some(r) = sqlx::query!(
        r#"SELECT i.participant_id, p.name AS participant_name, i.cohort_id, c.name AS cohort_name,
                  i.held_on AS "held_on: NaiveDate", i.starts_at, i.place, i.status,
                  i.assessor_va_id, va.name AS va_name, i.assessor_hva_id, hva.name AS hva_name,
                  (SELECT signed_at FROM interview_signatures WHERE interview_id = i.id AND assessor_id = i.assessor_va_id) AS va_signed,
                  (SELECT signed_at FROM interview_signatures WHERE interview_id = i.id AND assessor_id = i.assessor_hva_id) AS hva_signed,
                  cert.number AS "certificate_number?", cert.revoked_at IS NOT NULL AS "certificate_revoked!: bool"
           FROM interviews i JOIN users p ON p.id = i.participant_id JOIN cohorts c ON c.id = i.cohort_id
           JOIN users va ON va.id = i.assessor_va_id JOIN users hva ON hva.id = i.assessor_hva_id
           LEFT JOIN certificates cert ON cert.id = (SELECT MAX(id) FROM certificates WHERE interview_id = i.id)
           WHERE i.id = ?"#,
        id
    )
    .fetch_optional(pool)
    .await?
    else {
        return Ok(None);
    };
    let items: Vec<Item> =
        sqlx::query!(r#"SELECT id AS "id!", title FROM interview_items WHERE interview_id = ? ORDER BY position, id"#, id)
            .fetch_all(pool)
            .await?
            .into_iter()
            .map(|i| Item { id: i.id, title: i.title })
            .collect();
    let judged = sqlx::query!(
        r#"SELECT j.item_id, j.assessor_id, j.met AS "met: bool", j.explanation
           FROM interview_judgements j JOIN interview_items it ON it.id = j.item_id WHERE it.interview_id = ?"#,
        id
    )
    .fetch_all(pool)
    .await?;
    let sheet = |assessor: Person, organisation: Organisation, signed_at: Option<String>| {
        let judgements = items
            .iter()
            .map(|item| {
                let found = judged.iter().find(|j| j.item_id == item.id && j.assessor_id == assessor.id);
                Judgement {
                    item_id: item.id,
                    met: found.map(|j| j.met),
                    explanation: found.map(|j| j.explanation.clone()).unwrap_or_default(),
                }
            })
            .collect();
        AssessorSheet { assessor, organisation, signed_at, judgements }
    };
    let sheets = vec![
        sheet(Person { id: r.assessor_va_id, name: r.va_name }, Organisation::Vrijwilligersacademie, r.va_signed),
        sheet(Person { id: r.assessor_hva_id, name: r.hva_name }, Organisation::Hva, r.hva_signed),
    ];
    let history = sqlx::query!(
        r#"SELECT id AS "id!", held_on AS "held_on: NaiveDate", status FROM interviews
           WHERE participant_id = ? AND id <> ? ORDER BY id DESC"#,
        r.participant_id,
        id
    )
    .fetch_all(pool)
    .await?
    .into_iter()
    .map(|h| Ok((h.id, h.held_on, status(&h.status)?)))
    .collect::<Result<Vec<_>, AppError>>()?;
    Ok(Some(InterviewDetail {
        id,
        participant: Person { id: r.participant_id, name: r.participant_name },
        cohort_id: r.cohort_id,
        cohort_name: r.cohort_name,
        held_on: r.held_on,
        starts_at: r.starts_at,
        place: r.place,
        status: status(&r.status)?,
        items,
        sheets,
        certificate: r.certificate_number.map(|number| CertificateRef { number, revoked: r.certificate_revoked }),
        history,
    }))
}

/// The cohort's trainer with this id and organisation (the scheduling form's assessors).
pub async fn is_cohort_trainer_of(
    pool: &SqlitePool,
    cohort_id: i64,
    trainer_id: i64,
    organisation: Organisation,
) -> Result<bool, AppError> {
    let code = organisation.code();
    Ok(sqlx::query_scalar!(
        r#"SELECT u.id AS "id!" FROM users u JOIN cohort_trainers t ON t.trainer_id = u.id
           WHERE t.cohort_id = ? AND u.id = ? AND u.role = ? AND u.organisation = ?"#,
        cohort_id,
        trainer_id,
        const { Role::Trainer.code() },
        code,
    )
    .fetch_optional(pool)
    .await?
    .is_some())
}

/// Interviews waiting for this trainer's judgement or signature (their home page).
pub async fn waiting_for_assessor(pool: &SqlitePool, trainer_id: i64) -> Result<Vec<(i64, String, NaiveDate)>, AppError> {
    Ok(sqlx::query!(
        r#"SELECT i.id AS "id!", p.name, i.held_on AS "held_on: NaiveDate" FROM interviews i JOIN users p ON p.id = i.participant_id
           WHERE i.status = ? AND ? IN (i.assessor_va_id, i.assessor_hva_id)
             AND NOT EXISTS (SELECT 1 FROM interview_signatures s WHERE s.interview_id = i.id AND s.assessor_id = ?)
           ORDER BY i.held_on, i.id"#,
        const { InterviewStatus::Planned.code() },
        trainer_id,
        trainer_id,
    )
    .fetch_all(pool)
    .await?
    .into_iter()
    .map(|r| (r.id, r.name, r.held_on))
    .collect())
}
