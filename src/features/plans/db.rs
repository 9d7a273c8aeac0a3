//! Storage of plans, their versions, files and feedback. Status changes are
//! conditional updates inside `BEGIN IMMEDIATE`, so two trainers deciding at once, or a
//! decision on a version that was just replaced, change nothing.
use crate::domain::Role;
use sqlx::{SqliteConnection, SqlitePool};

use super::{document::Document, Feedback, FileRef, MyPlans, Plan, PlanVersion, WaitingPlan, WaitingPlans};
use crate::{
    domain::{AuditAction, MailKind, PlanDecision, PlanKind, PlanStatus},
    error::AppError,
    server::{
        audit::{self, ReadLine, ReadLog},
        clock::now_rfc3339,
        db::{from_json, write_tx},
        outbox::{self, Letter},
    },
};

/// Who a plan belongs to: what every access check and audit line needs.
#[derive(Debug, Clone)]
pub struct PlanAccess {
    pub plan_id: i64,
    pub kind: PlanKind,
    pub cohort_id: i64,
    pub status: PlanStatus,
    /// The POP's owner, or the GOP group's members: the participants the plan concerns.
    pub participants: Vec<i64>,
}

pub async fn plan_access(pool: &SqlitePool, plan_id: i64) -> Result<Option<PlanAccess>, AppError> {
    let Some(row) = sqlx::query!(
        r#"SELECT p.id AS "id!", p.kind, p.cohort_id, p.status,
                  CASE WHEN p.kind = ? THEN json_array(p.participant_id)
                       ELSE (SELECT json_group_array(m.participant_id) FROM group_members m WHERE m.group_id = p.group_id)
                  END AS "participants!: String"
           FROM plans p WHERE p.id = ?"#,
        const { PlanKind::Pop.code() },
        plan_id,
    )
    .fetch_optional(pool)
    .await?
    else {
        return Ok(None);
    };
    Ok(Some(PlanAccess {
        plan_id: row.id,
        kind: PlanKind::parse(&row.kind).map_err(|_| AppError::Internal)?,
        cohort_id: row.cohort_id,
        status: PlanStatus::parse(&row.status).map_err(|_| AppError::Internal)?,
        participants: from_json(&row.participants)?,
    }))
}

/// The plan a stored file belongs to (as a version's upload or as feedback), with the file.
pub struct StoredFile {
    pub plan_id: i64,
    pub file_name: String,
    pub media_type: String,
    pub content: Vec<u8>,
}

pub async fn stored_file(pool: &SqlitePool, file_id: i64) -> Result<Option<StoredFile>, AppError> {
    let row = sqlx::query!(
        r#"SELECT f.file_name, f.media_type, f.content, COALESCE(v.plan_id, fv.plan_id) AS "plan_id?: i64"
           FROM stored_files f
           LEFT JOIN plan_versions v ON v.file_id = f.id
           LEFT JOIN plan_feedback fb ON fb.file_id = f.id
           LEFT JOIN plan_versions fv ON fv.id = fb.version_id
           WHERE f.id = ?"#,
        file_id
    )
    .fetch_optional(pool)
    .await?;
    Ok(row.and_then(|r| Some(StoredFile { plan_id: r.plan_id?, file_name: r.file_name, media_type: r.media_type, content: r.content })))
}

/// One audit line per participant the plan concerns (AVG: access to special-category
/// data), handed to the read log: a view holds no write lock.
pub async fn record_read(log: &ReadLog, actor_id: i64, access: &PlanAccess, action: AuditAction, subject_id: i64) {
    let what = serde_json::json!({ "plan": access.plan_id, "kind": access.kind.code() });
    let lines: Vec<ReadLine> = access
        .participants
        .iter()
        .map(|participant_id| ReadLine {
            actor_id: Some(actor_id),
            participant_id: *participant_id,
            action,
            subject_type: "plan",
            subject_id,
            after: what.clone(),
        })
        .collect();
    log.note(lines).await;
}

async fn versions(pool: &SqlitePool, plan_id: i64) -> Result<Vec<PlanVersion>, AppError> {
    #[derive(serde::Deserialize)]
    struct FeedbackRow {
        decision: String,
        trainer: String,
        comment: String,
        file_id: Option<i64>,
        file_name: Option<String>,
        size: Option<i64>,
        created_at: String,
    }
    let rows = sqlx::query!(
        r#"SELECT v.id AS "id!", v.number, u.name AS author, v.created_at, v.submitted_at, v.body,
                  f.id AS "file_id?", f.file_name AS "file_name?", f.size_bytes AS "size?",
                  (SELECT json_group_array(json_object('decision', decision, 'trainer', trainer, 'comment', comment,
                       'file_id', file_id, 'file_name', file_name, 'size', size, 'created_at', created_at)) FROM (
                       SELECT fb.decision, t.name AS trainer, fb.comment, ff.id AS file_id, ff.file_name, ff.size_bytes AS size,
                              fb.created_at
                       FROM plan_feedback fb JOIN users t ON t.id = fb.trainer_id
                       LEFT JOIN stored_files ff ON ff.id = fb.file_id
                       WHERE fb.version_id = v.id ORDER BY fb.id)) AS "feedback!: String"
           FROM plan_versions v JOIN users u ON u.id = v.author_id
           LEFT JOIN stored_files f ON f.id = v.file_id
           WHERE v.plan_id = ? ORDER BY v.number DESC"#,
        plan_id
    )
    .fetch_all(pool)
    .await?;
    rows.into_iter()
        .map(|r| {
            let feedback = from_json::<Vec<FeedbackRow>>(&r.feedback)?
                .into_iter()
                .map(|f| {
                    Ok(Feedback {
                        decision: PlanDecision::parse(&f.decision).map_err(|_| AppError::Internal)?,
                        trainer: f.trainer,
                        comment: f.comment,
                        file: f.file_id.map(|id| FileRef { id, file_name: f.file_name.unwrap_or_default(), size: f.size.unwrap_or(0) }),
                        created_at: f.created_at,
                    })
                })
                .collect::<Result<Vec<_>, AppError>>()?;
            Ok(PlanVersion {
                id: r.id,
                number: r.number,
                author: r.author,
                created_at: r.created_at,
                submitted_at: r.submitted_at,
                file: r.file_id.map(|id| FileRef { id, file_name: r.file_name.unwrap_or_default(), size: r.size.unwrap_or(0) }),
                body: r.body,
                feedback,
            })
        })
        .collect()
}

pub async fn plan(pool: &SqlitePool, plan_id: i64) -> Result<Option<Plan>, AppError> {
    let Some(row) = sqlx::query!(
        r#"SELECT p.kind, p.cohort_id, p.status, COALESCE(u.name, g.name) AS "owner!: String"
           FROM plans p LEFT JOIN users u ON u.id = p.participant_id LEFT JOIN intervision_groups g ON g.id = p.group_id
           WHERE p.id = ?"#,
        plan_id
    )
    .fetch_optional(pool)
    .await?
    else {
        return Ok(None);
    };
    Ok(Some(Plan {
        id: Some(plan_id),
        kind: PlanKind::parse(&row.kind).map_err(|_| AppError::Internal)?,
        owner: row.owner,
        cohort_id: row.cohort_id,
        status: Some(PlanStatus::parse(&row.status).map_err(|_| AppError::Internal)?),
        versions: versions(pool, plan_id).await?,
    }))
}

/// The participant's POP and their group's GOP (empty plans while nothing is written).
pub async fn my_plans(pool: &SqlitePool, participant_id: i64) -> Result<MyPlans, AppError> {
    let row = sqlx::query!(
        r#"SELECT u.name, u.cohort_id AS "cohort_id!: i64",
                  (SELECT id FROM plans WHERE participant_id = u.id) AS "pop_id?: i64",
                  g.id AS "group_id?: i64", g.name AS "group_name?",
                  (SELECT id FROM plans WHERE group_id = g.id) AS "gop_id?: i64"
           FROM users u LEFT JOIN group_members m ON m.participant_id = u.id LEFT JOIN intervision_groups g ON g.id = m.group_id
           WHERE u.id = ? AND u.role = ? AND u.cohort_id IS NOT NULL"#,
        participant_id,
        const { Role::Participant.code() },
    )
    .fetch_optional(pool)
    .await?
    .ok_or(AppError::NotFound)?;
    let empty = |kind, owner: String| Plan { id: None, kind, owner, cohort_id: row.cohort_id, status: None, versions: Vec::new() };
    let pop = match row.pop_id {
        Some(id) => plan(pool, id).await?.ok_or(AppError::Internal)?,
        None => empty(PlanKind::Pop, row.name.clone()),
    };
    let gop = match (row.group_name.clone(), row.gop_id) {
        (Some(_), Some(id)) => Some(plan(pool, id).await?.ok_or(AppError::Internal)?),
        (Some(group), None) => Some(empty(PlanKind::Gop, group)),
        (None, _) => None,
    };
    Ok(MyPlans { pop, gop })
}

/// A new version: a checked file or typed text.
pub enum Content<'a> {
    File(&'a Document, &'a [u8]),
    Typed(&'a str),
}

/// Adds a version to the participant's POP or to their group's GOP (creating the plan on
/// the first version) and hands it in when `submit`. Refused once the plan is approved.
/// Returns the version's number.
pub async fn add_version(pool: &SqlitePool, kind: PlanKind, author_id: i64, content: Content<'_>, submit: bool) -> Result<i64, AppError> {
    let mut tx = write_tx(pool).await?;
    let owner = sqlx::query!(
        r#"SELECT u.cohort_id AS "cohort_id!: i64", m.group_id AS "group_id?: i64"
           FROM users u LEFT JOIN group_members m ON m.participant_id = u.id
           WHERE u.id = ? AND u.role = ? AND u.cohort_id IS NOT NULL"#,
        author_id,
        const { Role::Participant.code() },
    )
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(AppError::Forbidden)?;
    let (participant_id, group_id) = match kind {
        PlanKind::Pop => (Some(author_id), None),
        PlanKind::Gop => (None, Some(owner.group_id.ok_or(AppError::Conflict("err.plan.no_group".into()))?)),
    };
    let now = now_rfc3339();
    let code = kind.code();
    let existing = sqlx::query!(
        r#"SELECT id AS "id!", status FROM plans WHERE participant_id IS ? AND group_id IS ? AND kind = ?"#,
        participant_id,
        group_id,
        code
    )
    .fetch_optional(&mut *tx)
    .await?;
    let existing_status = existing.as_ref().map(|plan| plan.status.clone());
    let plan_id = match existing {
        Some(plan) if plan.status == PlanStatus::Approved.code() => return Err(AppError::Conflict("err.plan.locked".into())),
        Some(plan) => plan.id,
        None => {
            sqlx::query_scalar!(
                r#"INSERT INTO plans (kind, cohort_id, participant_id, group_id, created_at) VALUES (?, ?, ?, ?, ?)
                   RETURNING id AS "id!""#,
                code,
                owner.cohort_id,
                participant_id,
                group_id,
                now
            )
            .fetch_one(&mut *tx)
            .await?
        }
    };
    let (file_id, body, summary) = match content {
        Content::File(document, bytes) => {
            let id = store_file(&mut tx, document, bytes, author_id, &now).await?;
            (Some(id), None, serde_json::json!({ "file": document.file_name, "size": document.size, "sha256": document.sha256 }))
        }
        Content::Typed(text) => (None, Some(text), serde_json::json!({ "typed_chars": text.chars().count() })),
    };
    let submitted_at = submit.then(|| now.clone());
    let number = sqlx::query_scalar!(
        r#"INSERT INTO plan_versions (plan_id, number, file_id, body, author_id, created_at, submitted_at)
           VALUES (?, (SELECT COALESCE(MAX(number), 0) + 1 FROM plan_versions WHERE plan_id = ?), ?, ?, ?, ?, ?)
           RETURNING number"#,
        plan_id,
        plan_id,
        file_id,
        body,
        author_id,
        now,
        submitted_at
    )
    .fetch_one(&mut *tx)
    .await?;
    // A draft saved while a version waits for review leaves that version in review:
    // the trainer still decides on what was handed in.
    let in_review = existing_status.as_deref() == Some(PlanStatus::Submitted.code());
    if submit || !in_review {
        let status = if submit { PlanStatus::Submitted } else { PlanStatus::Concept }.code();
        sqlx::query!("UPDATE plans SET status = ?, decided_by = NULL, decided_at = NULL WHERE id = ?", status, plan_id)
            .execute(&mut *tx)
            .await?;
    }
    let action = if submit { AuditAction::SubmitPlanVersion } else { AuditAction::AddPlanVersion };
    let after = serde_json::json!({ "kind": code, "version": number, "content": summary });
    audit::record(&mut tx, author_id, Some(author_id), action, "plan", plan_id, None::<&()>, Some(&after)).await?;
    tx.commit().await?;
    Ok(number)
}

async fn store_file(conn: &mut SqliteConnection, document: &Document, bytes: &[u8], by: i64, now: &str) -> Result<i64, AppError> {
    Ok(sqlx::query_scalar!(
        r#"INSERT INTO stored_files (file_name, media_type, size_bytes, sha256, content, uploaded_by, uploaded_at)
           VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id AS "id!""#,
        document.file_name,
        document.media_type,
        document.size,
        document.sha256,
        bytes,
        by,
        now
    )
    .fetch_one(&mut *conn)
    .await?)
}

/// Hands in the latest version of a plan in concept or revision, or a draft made while
/// an earlier version waits (it then takes that version's place in review). Returns its number.
pub async fn submit(pool: &SqlitePool, plan_id: i64, author_id: i64) -> Result<i64, AppError> {
    let mut tx = write_tx(pool).await?;
    let now = now_rfc3339();
    let number = sqlx::query_scalar!(
        r#"UPDATE plan_versions SET submitted_at = ?
           WHERE id = (SELECT MAX(id) FROM plan_versions WHERE plan_id = ?) AND submitted_at IS NULL
             AND (SELECT status FROM plans WHERE id = ?) IN (?, ?, ?)
           RETURNING number"#,
        now,
        plan_id,
        plan_id,
        const { PlanStatus::Concept.code() },
        const { PlanStatus::Revision.code() },
        const { PlanStatus::Submitted.code() },
    )
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(AppError::Conflict("err.plan.nothing_to_submit".into()))?;
    sqlx::query!(
        "UPDATE plans SET status = ? WHERE id = ?",
        const { PlanStatus::Submitted.code() },
        plan_id,
    )
    .execute(&mut *tx)
    .await?;
    let after = serde_json::json!({ "version": number });
    audit::record(&mut tx, author_id, Some(author_id), AuditAction::SubmitPlan, "plan", plan_id, None::<&()>, Some(&after)).await?;
    tx.commit().await?;
    Ok(number)
}

/// A trainer's decision on the version handed in: revision asked or approved (locks the
/// plan). Refused when the plan no longer waits or `version_id` is not the version
/// handed in last (a newer draft does not count).
pub async fn decide(
    pool: &SqlitePool,
    access: &PlanAccess,
    version_id: i64,
    trainer_id: i64,
    decision: PlanDecision,
    comment: &str,
    file: Option<(&Document, &[u8])>,
) -> Result<(), AppError> {
    let mut tx = write_tx(pool).await?;
    let now = now_rfc3339();
    let status = match decision {
        PlanDecision::Approved => PlanStatus::Approved,
        PlanDecision::Revision | PlanDecision::Reopened => PlanStatus::Revision,
    }
    .code();
    let changed = sqlx::query!(
        "UPDATE plans SET status = ?, decided_by = ?, decided_at = ?
         WHERE id = ? AND status = ?
           AND (SELECT MAX(id) FROM plan_versions WHERE plan_id = plans.id AND submitted_at IS NOT NULL) = ?",
        status,
        trainer_id,
        now,
        access.plan_id,
        const { PlanStatus::Submitted.code() },
        version_id,
    )
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if changed == 0 {
        return Err(AppError::Conflict("err.plan.not_waiting".into()));
    }
    add_feedback(&mut tx, access, version_id, trainer_id, decision, comment, file, &now).await?;
    tx.commit().await?;
    Ok(())
}

/// Opens an approved plan again for a new version, with the reason as feedback.
pub async fn reopen(pool: &SqlitePool, access: &PlanAccess, actor_id: i64, reason: &str) -> Result<(), AppError> {
    let mut tx = write_tx(pool).await?;
    let now = now_rfc3339();
    let changed = sqlx::query!(
        "UPDATE plans SET status = ?, decided_by = ?, decided_at = ? WHERE id = ? AND status = ?",
        const { PlanStatus::Revision.code() },
        actor_id,
        now,
        access.plan_id,
        const { PlanStatus::Approved.code() },
    )
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if changed == 0 {
        return Err(AppError::Conflict("err.plan.not_approved".into()));
    }
    let version_id = sqlx::query_scalar!(r#"SELECT MAX(id) AS "id!: i64" FROM plan_versions WHERE plan_id = ?"#, access.plan_id)
        .fetch_one(&mut *tx)
        .await?;
    add_feedback(&mut tx, access, version_id, actor_id, PlanDecision::Reopened, reason, None, &now).await?;
    tx.commit().await?;
    Ok(())
}

#[allow(clippy::too_many_arguments)]
async fn add_feedback(
    tx: &mut SqliteConnection,
    access: &PlanAccess,
    version_id: i64,
    trainer_id: i64,
    decision: PlanDecision,
    comment: &str,
    file: Option<(&Document, &[u8])>,
    now: &str,
) -> Result<(), AppError> {
    let file_id = match file {
        Some((document, bytes)) => Some(store_file(tx, document, bytes, trainer_id, now).await?),
        None => None,
    };
    let code = decision.code();
    sqlx::query!(
        "INSERT INTO plan_feedback (version_id, trainer_id, decision, comment, file_id, created_at) VALUES (?, ?, ?, ?, ?, ?)",
        version_id,
        trainer_id,
        code,
        comment,
        file_id,
        now
    )
    .execute(&mut *tx)
    .await?;
    let action = match decision {
        PlanDecision::Approved => AuditAction::ApprovePlan,
        PlanDecision::Revision => AuditAction::AskPlanRevision,
        PlanDecision::Reopened => AuditAction::ReopenPlan,
    };
    let mail_kind = match decision {
        PlanDecision::Approved => MailKind::PlanApproved,
        PlanDecision::Revision | PlanDecision::Reopened => MailKind::PlanReturned,
    };
    // The mail names the plan (POP or GOP) and links to it; the feedback stays in the app.
    let params = [("plan", access.kind.code().to_uppercase())];
    let mail = Letter { kind: mail_kind, params: &params, link_path: Some("/plannen".into()), ics: None, about: None };
    for participant in &access.participants {
        let after = serde_json::json!({ "kind": access.kind.code(), "version_id": version_id, "comment": comment });
        audit::record(tx, trainer_id, Some(*participant), action, "plan", access.plan_id, None::<&()>, Some(&after)).await?;
        outbox::enqueue_for_user(tx, *participant, &mail).await?;
    }
    Ok(())
}

/// How many waiting plans the review page and the trainer's home list (oldest first).
pub const WAITING_PLANS_SHOWN: i64 = 10;

/// The trainer's waiting plans: the oldest few, and how many wait in all. Each cohort's
/// oldest are read in index order (`plans_waiting`, the time of the latest hand-in kept on
/// the plan) and only those are sorted, not every waiting plan of every cohort.
pub async fn waiting_plans(pool: &SqlitePool, trainer_id: i64) -> Result<WaitingPlans, AppError> {
    // The count rides along on each row (one round trip to SQLite's thread, not two; an
    // uncorrelated subquery runs once): no row means no plan waits, so the count is 0.
    let rows = sqlx::query!(
        r#"SELECT p.id AS "id!", p.kind, COALESCE(u.name, g.name) AS "owner!: String", c.name AS cohort_name,
                  v.number, v.submitted_at AS "submitted_at!: String",
                  (SELECT COUNT(*) FROM plans a JOIN cohort_trainers ct ON ct.cohort_id = a.cohort_id AND ct.trainer_id = ?
                   WHERE a.status = ?) AS "total!: i64"
           FROM cohort_trainers t
           JOIN plans p ON p.id IN (
               SELECT w.id FROM plans w WHERE w.cohort_id = t.cohort_id AND w.status = ?
               ORDER BY w.submitted_at, w.id LIMIT ?)
           JOIN cohorts c ON c.id = p.cohort_id
           JOIN plan_versions v ON v.id = (SELECT MAX(id) FROM plan_versions WHERE plan_id = p.id AND submitted_at IS NOT NULL)
           LEFT JOIN users u ON u.id = p.participant_id LEFT JOIN intervision_groups g ON g.id = p.group_id
           WHERE t.trainer_id = ?
           ORDER BY p.submitted_at, p.id LIMIT ?"#,
        trainer_id,
        const { PlanStatus::Submitted.code() },
        const { PlanStatus::Submitted.code() },
        WAITING_PLANS_SHOWN,
        trainer_id,
        WAITING_PLANS_SHOWN,
    )
    .fetch_all(pool)
    .await?;
    let total = rows.first().map_or(0, |r| r.total);
    let oldest = rows
        .into_iter()
        .map(|r| {
            Ok(WaitingPlan {
                plan_id: r.id,
                kind: PlanKind::parse(&r.kind).map_err(|_| AppError::Internal)?,
                owner: r.owner,
                cohort_name: r.cohort_name,
                version: r.number,
                submitted_at: r.submitted_at,
            })
        })
        .collect::<Result<Vec<_>, AppError>>()?;
    Ok(WaitingPlans { oldest, total })
}
