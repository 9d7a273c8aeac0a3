//! Applications and admission settings as stored. Every change is one write
//! transaction with its audit line; audit lines about an application hold only its
//! status (never what the applicant wrote), so they may outlive its erasure.
use std::collections::HashMap;

use chrono::{Months, NaiveDate};
use sqlx::{SqliteConnection, SqlitePool};

use super::{
    AdmissionSettings, AnswerLine, ApplicationDetail, ApplicationRow, CohortApplications, CohortApplicationsSummary, HistoryLine,
    NewApplication, NoteLine, OpenCohort, Statement, StatusCounts, PER_PAGE,
};
use crate::{
    domain::{AdmissionAnswer, ApplicationStatus, AuditAction, DeclineReason, MailKind, Role},
    error::AppError,
    server::{
        audit,
        clock::{amsterdam_time, now_rfc3339, today_in_amsterdam},
        db::write_tx,
        outbox::{enqueue_to_address, Letter},
    },
};

/// `audit_log.subject_type` of lines about an application.
pub const SUBJECT: &str = "application";

const NEW: &str = ApplicationStatus::New.code();
const MEETING: &str = ApplicationStatus::MeetingPlanned.code();
const WAITLISTED: &str = ApplicationStatus::Waitlisted.code();
const ADMITTED: &str = ApplicationStatus::Admitted.code();
const DECLINED: &str = ApplicationStatus::Declined.code();
const WITHDRAWN: &str = ApplicationStatus::Withdrawn.code();
const PARTICIPANT: &str = Role::Participant.code();

fn status_of(code: &str) -> Result<ApplicationStatus, AppError> {
    ApplicationStatus::parse(code).map_err(|_| AppError::Internal)
}

async fn statements(conn: &mut SqliteConnection, cohort_id: i64) -> Result<Vec<Statement>, AppError> {
    Ok(sqlx::query_as!(
        Statement,
        r#"SELECT id AS "id!", text FROM admission_statements WHERE cohort_id = ? AND removed_at IS NULL ORDER BY position, id"#,
        cohort_id
    )
    .fetch_all(&mut *conn)
    .await?)
}

/// Cohorts that take applications: open for them and not ended, the first to start first.
pub async fn open_cohorts(pool: &SqlitePool) -> Result<Vec<OpenCohort>, AppError> {
    let today = today_in_amsterdam().to_string();
    let mut conn = pool.acquire().await?;
    let rows = sqlx::query!(
        r#"SELECT id AS "id!", name, starts_on AS "starts_on: NaiveDate", ends_on AS "ends_on: NaiveDate", place,
                  application_retention_months
           FROM cohorts WHERE applications_open = 1 AND ends_on >= ? ORDER BY starts_on, id"#,
        today
    )
    .fetch_all(&mut *conn)
    .await?;
    let mut cohorts = Vec::with_capacity(rows.len());
    for r in rows {
        let statements = statements(&mut conn, r.id).await?;
        cohorts.push(OpenCohort {
            id: r.id,
            name: r.name,
            starts_on: r.starts_on,
            ends_on: r.ends_on,
            place: r.place,
            retention_months: r.application_retention_months,
            statements,
        });
    }
    Ok(cohorts)
}

/// Stores an application with its answers and its confirmation mail. A second one
/// from the same address for the same cohort while the first is in play stores
/// nothing and sends nothing (`Ok(None)`): the applicant is told the same either way,
/// so the form reveals nobody's application.
pub async fn apply(pool: &SqlitePool, new: &NewApplication, cohort: &OpenCohort) -> Result<Option<i64>, AppError> {
    let mut tx = write_tx(pool).await?;
    let existing = sqlx::query_scalar!(
        r#"SELECT id AS "id!" FROM applications WHERE cohort_id = ? AND email = ? AND status NOT IN (?, ?)"#,
        new.cohort_id,
        new.email,
        DECLINED,
        WITHDRAWN
    )
    .fetch_optional(&mut *tx)
    .await?;
    if existing.is_some() {
        tx.rollback().await?;
        return Ok(None);
    }
    let now = now_rfc3339();
    let lang = new.language.code();
    let id = sqlx::query_scalar!(
        r#"INSERT INTO applications (cohort_id, name, email, phone, training, training_year, experience, placement, motivation,
                                    language, consented_at, status, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id AS "id!""#,
        new.cohort_id,
        new.name,
        new.email,
        new.phone,
        new.training,
        new.training_year,
        new.experience,
        new.placement,
        new.motivation,
        lang,
        now,
        NEW,
        now
    )
    .fetch_one(&mut *tx)
    .await?;
    for (statement_id, answer, explanation) in &new.answers {
        let answer = answer.code();
        sqlx::query!(
            "INSERT INTO application_answers (application_id, statement_id, answer, explanation) VALUES (?, ?, ?, ?)",
            id,
            statement_id,
            answer,
            explanation
        )
        .execute(&mut *tx)
        .await?;
    }
    audit::record(&mut tx, None, None, AuditAction::ApplicationReceived, SUBJECT, id, None::<&()>, Some(&status_line(ApplicationStatus::New))).await?;
    let params = [("cohort", cohort.name.clone()), ("date", crate::components::format::date(cohort.starts_on))];
    let letter = Letter { kind: MailKind::ApplicationReceived, params: &params, link_path: Some("/leerlijn".into()), ics: None, about: None };
    let mail = enqueue_to_address(&mut tx, &new.email, &new.name, new.language, &letter).await?;
    sqlx::query!("UPDATE outbox SET application_id = ? WHERE id = ?", id, mail).execute(&mut *tx).await?;
    tx.commit().await?;
    Ok(Some(id))
}

/// What an audit line about an application holds: its status, nothing personal.
fn status_line(status: ApplicationStatus) -> serde_json::Value {
    serde_json::json!({ "status": status.code() })
}

/// Applications waiting for a first step, over all cohorts (the coordinator's home).
pub async fn new_total(pool: &SqlitePool) -> Result<i64, AppError> {
    Ok(sqlx::query_scalar!(r#"SELECT COUNT(*) AS "n!: i64" FROM applications WHERE status = ?"#, NEW).fetch_one(pool).await?)
}

/// Applications counted by status for one cohort, or for all (`None`). Through the
/// cohorts, so one cohort's count reads only its own part of the index.
async fn counts(conn: &mut SqliteConnection, cohort_id: Option<i64>) -> Result<HashMap<i64, StatusCounts>, AppError> {
    let rows = sqlx::query!(
        r#"SELECT cohort_id, status, COUNT(*) AS "n!: i64" FROM applications
           WHERE cohort_id IN (SELECT id FROM cohorts WHERE ?1 IS NULL OR id = ?1) GROUP BY cohort_id, status"#,
        cohort_id
    )
    .fetch_all(&mut *conn)
    .await?;
    let mut map: HashMap<i64, StatusCounts> = HashMap::new();
    for r in rows {
        map.entry(r.cohort_id).or_default().0.push((status_of(&r.status)?, r.n));
    }
    Ok(map)
}

/// One cohort's summary (`Some(id)`) or every cohort's, the newest cohort first.
async fn summaries(conn: &mut SqliteConnection, cohort_id: Option<i64>) -> Result<Vec<CohortApplicationsSummary>, AppError> {
    let mut counts = counts(&mut *conn, cohort_id).await?;
    let rows = sqlx::query!(
        r#"SELECT c.id AS "id!", c.name, c.starts_on AS "starts_on: NaiveDate", c.applications_open AS "open!: bool", c.capacity,
                  (SELECT COUNT(*) FROM users u WHERE u.cohort_id = c.id AND u.role = ?1 AND u.removal IS NULL) AS "participants!: i64"
           FROM cohorts c WHERE ?2 IS NULL OR c.id = ?2 ORDER BY c.starts_on DESC, c.id DESC"#,
        PARTICIPANT,
        cohort_id
    )
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| CohortApplicationsSummary {
            cohort_id: r.id,
            cohort_name: r.name,
            starts_on: r.starts_on,
            applications_open: r.open,
            capacity: r.capacity,
            participants: r.participants,
            counts: counts.remove(&r.id).unwrap_or_default(),
        })
        .collect())
}

/// Every cohort with its applications counted by status, the newest cohort first.
pub async fn overview(pool: &SqlitePool) -> Result<Vec<CohortApplicationsSummary>, AppError> {
    summaries(&mut *pool.acquire().await?, None).await
}

async fn summary(conn: &mut SqliteConnection, cohort_id: i64) -> Result<CohortApplicationsSummary, AppError> {
    summaries(conn, Some(cohort_id)).await?.pop().ok_or(AppError::NotFound)
}

/// The waiting list of a cohort in order: application ids, first first.
async fn waitlist(conn: &mut SqliteConnection, cohort_id: i64) -> Result<Vec<i64>, AppError> {
    Ok(sqlx::query_scalar!(
        r#"SELECT id AS "id!" FROM applications WHERE cohort_id = ? AND status = ? ORDER BY waitlisted_at, id"#,
        cohort_id,
        WAITLISTED
    )
    .fetch_all(&mut *conn)
    .await?)
}

fn place_in(list: &[i64], id: i64) -> Option<i64> {
    list.iter().position(|x| *x == id).map(|p| p as i64 + 1)
}

/// One cohort's applications (of one status, or all), oldest first; the waiting list in its order.
pub async fn cohort_applications(
    pool: &SqlitePool,
    cohort_id: i64,
    status: Option<ApplicationStatus>,
    page: i64,
) -> Result<CohortApplications, AppError> {
    let mut conn = pool.acquire().await?;
    let summary = summary(&mut conn, cohort_id).await?;
    let total = status.map_or(summary.counts.total(), |s| summary.counts.of(s));
    let pages = ((total + PER_PAGE - 1) / PER_PAGE).max(1);
    let page = page.clamp(1, pages);
    let offset = (page - 1) * PER_PAGE;
    let code = status.map(|s| s.code());
    let rows = sqlx::query!(
        r#"SELECT id AS "id!", name, substr(created_at, 1, 10) AS "applied_on!: NaiveDate", status, meeting_on AS "meeting_on: NaiveDate"
           FROM applications WHERE cohort_id = ?1 AND (?2 IS NULL OR status = ?2)
           ORDER BY CASE WHEN status = ?3 THEN waitlisted_at ELSE created_at END, id LIMIT ?4 OFFSET ?5"#,
        cohort_id,
        code,
        WAITLISTED,
        PER_PAGE,
        offset
    )
    .fetch_all(&mut *conn)
    .await?;
    let list = waitlist(&mut conn, cohort_id).await?;
    let rows = rows
        .into_iter()
        .map(|r| {
            Ok(ApplicationRow {
                id: r.id,
                name: r.name,
                applied_on: r.applied_on,
                status: status_of(&r.status)?,
                meeting_on: r.meeting_on,
                waitlist_place: place_in(&list, r.id),
            })
        })
        .collect::<Result<Vec<_>, AppError>>()?;
    Ok(CohortApplications { summary, status, rows, page, pages })
}

/// Everything about one application, with its answers, notes and history.
pub async fn application(pool: &SqlitePool, id: i64) -> Result<ApplicationDetail, AppError> {
    let mut conn = pool.acquire().await?;
    let r = sqlx::query!(
        r#"SELECT a.id AS "id!", a.cohort_id, a.name, a.email, a.phone, a.training, a.training_year, a.experience, a.placement,
                  a.motivation, a.created_at, a.status, a.meeting_on AS "meeting_on: NaiveDate", a.decline_reason, a.user_id,
                  a.closed_at, c.application_retention_months
           FROM applications a JOIN cohorts c ON c.id = a.cohort_id WHERE a.id = ?"#,
        id
    )
    .fetch_optional(&mut *conn)
    .await?
    .ok_or(AppError::NotFound)?;
    let summary = summary(&mut conn, r.cohort_id).await?;
    let answers = sqlx::query!(
        r#"SELECT s.text, x.answer, x.explanation FROM application_answers x JOIN admission_statements s ON s.id = x.statement_id
           WHERE x.application_id = ? ORDER BY s.position, s.id"#,
        id
    )
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .map(|a| {
        Ok(AnswerLine {
            statement: a.text,
            answer: AdmissionAnswer::parse(&a.answer).map_err(|_| AppError::Internal)?,
            explanation: a.explanation,
        })
    })
    .collect::<Result<Vec<_>, AppError>>()?;
    let notes = sqlx::query!(
        r#"SELECT u.name AS author, n.created_at, n.text FROM application_notes n JOIN users u ON u.id = n.author_id
           WHERE n.application_id = ? ORDER BY n.id"#,
        id
    )
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .map(|n| NoteLine { author: n.author, at: amsterdam_time(&n.created_at), text: n.text })
    .collect();
    let history = sqlx::query!(
        r#"SELECT a.at, u.name AS "who?", a.action, a.after_json FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id
           WHERE a.subject_type = ? AND a.subject_id = ? ORDER BY a.id"#,
        SUBJECT,
        id
    )
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .filter_map(|h| {
        let action = AuditAction::parse(&h.action)?;
        let status = h
            .after_json
            .and_then(|j| serde_json::from_str::<serde_json::Value>(&j).ok())
            .and_then(|v| v.get("status").and_then(|s| s.as_str()).and_then(|s| ApplicationStatus::parse(s).ok()));
        Some(HistoryLine { at: amsterdam_time(&h.at), who: h.who, action_key: action.label_key().to_owned(), status })
    })
    .collect();
    let status = status_of(&r.status)?;
    let waitlist_place = if status == ApplicationStatus::Waitlisted { place_in(&waitlist(&mut conn, r.cohort_id).await?, id) } else { None };
    let erased_on = r
        .closed_at
        .as_deref()
        .and_then(|c| chrono::DateTime::parse_from_rfc3339(c).ok())
        .map(|c| erased_on(c.date_naive(), r.application_retention_months));
    Ok(ApplicationDetail {
        id: r.id,
        summary,
        name: r.name,
        email: r.email,
        phone: r.phone,
        training: r.training,
        training_year: r.training_year,
        experience: r.experience,
        placement: r.placement,
        motivation: r.motivation,
        applied_at: amsterdam_time(&r.created_at),
        status,
        meeting_on: r.meeting_on,
        decline_reason: r.decline_reason.as_deref().and_then(|d| DeclineReason::parse(d).ok()),
        waitlist_place,
        user_id: r.user_id,
        answers,
        notes,
        history,
        erased_on,
    })
}

/// A step for an application in play (new, meeting planned, waiting list): a
/// conditional update, so two coordinators deciding at once cannot both win.
pub enum Step {
    Meeting(NaiveDate),
    Waitlist,
    Decline(DeclineReason),
    Withdraw,
}

/// Takes `step` for application `id`, with an optional note, in one transaction.
pub async fn take_step(pool: &SqlitePool, actor: i64, id: i64, step: &Step, note: &str) -> Result<ApplicationStatus, AppError> {
    let mut tx = write_tx(pool).await?;
    let now = now_rfc3339();
    let (status, meeting_on, reason) = match step {
        Step::Meeting(day) => (ApplicationStatus::MeetingPlanned, Some(day.to_string()), None),
        Step::Waitlist => (ApplicationStatus::Waitlisted, None, None),
        Step::Decline(reason) => (ApplicationStatus::Declined, None, Some(reason.code())),
        Step::Withdraw => (ApplicationStatus::Withdrawn, None, None),
    };
    let code = status.code();
    let closed_at = status.is_closed().then(|| now.clone());
    let before = sqlx::query!("SELECT status, meeting_on FROM applications WHERE id = ?", id).fetch_optional(&mut *tx).await?;
    // The waiting list keeps its order: someone already on it keeps their place.
    let changed = sqlx::query!(
        "UPDATE applications SET status = ?1, meeting_on = COALESCE(?2, meeting_on), decline_reason = ?3, closed_at = ?4,
                waitlisted_at = CASE WHEN ?1 = ?5 THEN COALESCE(waitlisted_at, ?6) ELSE waitlisted_at END
         WHERE id = ?7 AND status IN (?8, ?9, ?5)",
        code,
        meeting_on,
        reason,
        closed_at,
        WAITLISTED,
        now,
        id,
        NEW,
        MEETING
    )
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if changed == 0 {
        let exists = sqlx::query_scalar!("SELECT id FROM applications WHERE id = ?", id).fetch_optional(&mut *tx).await?.is_some();
        return Err(if exists { AppError::Conflict("err.application.not_in_play".into()) } else { AppError::NotFound });
    }
    let mut line = status_line(status);
    if let Some(day) = &meeting_on {
        line["meeting_on"] = serde_json::Value::String(day.clone());
    }
    audit::record(&mut tx, actor, None, AuditAction::ApplicationStatusChanged, SUBJECT, id, None::<&()>, Some(&line)).await?;
    if !note.is_empty() {
        add_note_in(&mut tx, actor, id, note, &now).await?;
    }
    // The applicant hears of each new step (not of the same step twice), in their language.
    let repeated = before.is_some_and(|b| b.status == code && b.meeting_on == meeting_on);
    if !repeated {
        mail_step(&mut tx, id, status, meeting_on.as_deref()).await?;
    }
    tx.commit().await?;
    Ok(status)
}

/// The mail that tells the applicant about a step: what happened and, for a closed
/// application, until when we keep it. Never the reason or a note.
async fn mail_step(conn: &mut SqliteConnection, id: i64, status: ApplicationStatus, meeting_on: Option<&str>) -> Result<(), AppError> {
    let kind = match status {
        ApplicationStatus::MeetingPlanned => MailKind::ApplicationMeeting,
        ApplicationStatus::Waitlisted => MailKind::ApplicationWaitlisted,
        ApplicationStatus::Declined => MailKind::ApplicationDeclined,
        ApplicationStatus::Withdrawn => MailKind::ApplicationWithdrawn,
        ApplicationStatus::New | ApplicationStatus::Admitted => return Ok(()),
    };
    let a = sqlx::query!(
        r#"SELECT a.name, a.email, a.language, c.name AS cohort, c.application_retention_months
           FROM applications a JOIN cohorts c ON c.id = a.cohort_id WHERE a.id = ?"#,
        id
    )
    .fetch_one(&mut *conn)
    .await?;
    let format = crate::components::format::date;
    let mut params = vec![("cohort", a.cohort)];
    if let Some(day) = meeting_on.and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()) {
        params.push(("date", format(day)));
    }
    if status.is_closed() {
        params.push(("until", format(erased_on(today_in_amsterdam(), a.application_retention_months))));
    }
    let lang = crate::i18n::Lang::from_code(&a.language).unwrap_or_default();
    let letter = Letter { kind, params: &params, link_path: Some("/leerlijn".into()), ics: None, about: None };
    let mail = enqueue_to_address(&mut *conn, &a.email, &a.name, lang, &letter).await?;
    sqlx::query!("UPDATE outbox SET application_id = ? WHERE id = ?", id, mail).execute(&mut *conn).await?;
    Ok(())
}

async fn add_note_in(conn: &mut SqliteConnection, actor: i64, id: i64, text: &str, now: &str) -> Result<(), AppError> {
    sqlx::query!("INSERT INTO application_notes (application_id, author_id, text, created_at) VALUES (?, ?, ?, ?)", id, actor, text, now)
        .execute(&mut *conn)
        .await?;
    audit::record(&mut *conn, actor, None, AuditAction::ApplicationNoted, SUBJECT, id, None::<&()>, None::<&()>).await
}

pub async fn add_note(pool: &SqlitePool, actor: i64, id: i64, text: &str) -> Result<(), AppError> {
    let mut tx = write_tx(pool).await?;
    if sqlx::query_scalar!("SELECT id FROM applications WHERE id = ?", id).fetch_optional(&mut *tx).await?.is_none() {
        return Err(AppError::NotFound);
    }
    add_note_in(&mut tx, actor, id, text, &now_rfc3339()).await?;
    tx.commit().await?;
    Ok(())
}

/// What admitting needs to make the account: the invitation's token and its mail.
pub struct Admission<'a> {
    pub token_hash: &'a str,
    pub expires_at: &'a str,
    pub mail: &'a Letter<'a>,
}

/// Admits application `id`: in one transaction the participant's account in the
/// cohort, the invitation with its mail, and the application marked admitted. A
/// full cohort refuses (the waiting list is the step instead).
pub async fn admit(pool: &SqlitePool, actor: i64, id: i64, admission: &Admission<'_>) -> Result<(String, String), AppError> {
    let mut tx = write_tx(pool).await?;
    let a = sqlx::query!("SELECT cohort_id, name, email, status, language FROM applications WHERE id = ?", id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(AppError::NotFound)?;
    if !matches!(status_of(&a.status)?, ApplicationStatus::New | ApplicationStatus::MeetingPlanned | ApplicationStatus::Waitlisted) {
        return Err(AppError::Conflict("err.application.not_in_play".into()));
    }
    let summary = summary(&mut tx, a.cohort_id).await?;
    if summary.is_full() {
        return Err(AppError::field("form", "err.application.full"));
    }
    let name = crate::domain::PersonName::parse(&a.name).map_err(|_| AppError::Internal)?;
    let email = crate::domain::Email::parse(&a.email).map_err(|_| AppError::Internal)?;
    let person = crate::features::accounts::db::NewPerson {
        name: &name,
        email: &email,
        role: Role::Participant,
        organisation: None,
        cohort_id: Some(a.cohort_id),
        replace: false,
        // The applicant's language carries over: the invitation and the app start in it.
        language: crate::i18n::Lang::from_code(&a.language),
    };
    let user_id = crate::features::accounts::db::invite_in(&mut tx, &person, admission.token_hash, admission.expires_at, actor, admission.mail).await?;
    sqlx::query!("UPDATE applications SET status = ?, user_id = ? WHERE id = ?", ADMITTED, user_id, id).execute(&mut *tx).await?;
    audit::record(&mut tx, actor, Some(user_id), AuditAction::ApplicationStatusChanged, SUBJECT, id, None::<&()>, Some(&status_line(ApplicationStatus::Admitted)))
        .await?;
    tx.commit().await?;
    Ok((a.name, a.email))
}

pub async fn admission(pool: &SqlitePool, cohort_id: i64) -> Result<AdmissionSettings, AppError> {
    let mut conn = pool.acquire().await?;
    let r = sqlx::query!(
        r#"SELECT id AS "id!", name, applications_open AS "open!: bool", capacity, place, application_retention_months
           FROM cohorts WHERE id = ?"#,
        cohort_id
    )
    .fetch_optional(&mut *conn)
    .await?
    .ok_or(AppError::NotFound)?;
    let statements = statements(&mut conn, cohort_id).await?;
    Ok(AdmissionSettings {
        cohort_id: r.id,
        cohort_name: r.name,
        applications_open: r.open,
        capacity: r.capacity,
        place: r.place,
        retention_months: r.application_retention_months,
        statements,
    })
}

/// The settings as the form posts them, checked.
pub struct NewSettings {
    pub applications_open: bool,
    pub capacity: Option<i64>,
    pub place: String,
    pub retention_months: i64,
}

pub async fn save_admission(pool: &SqlitePool, actor: i64, cohort_id: i64, new: &NewSettings) -> Result<(), AppError> {
    let mut tx = write_tx(pool).await?;
    let changed = sqlx::query!(
        "UPDATE cohorts SET applications_open = ?, capacity = ?, place = ?, application_retention_months = ? WHERE id = ?",
        new.applications_open,
        new.capacity,
        new.place,
        new.retention_months,
        cohort_id
    )
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if changed == 0 {
        return Err(AppError::NotFound);
    }
    let after = serde_json::json!({ "applications_open": new.applications_open, "capacity": new.capacity, "place": new.place,
        "retention_months": new.retention_months });
    audit::record(&mut tx, actor, None, AuditAction::AdmissionChanged, "cohort", cohort_id, None::<&()>, Some(&after)).await?;
    tx.commit().await?;
    Ok(())
}

/// A new admission statement at the end of the cohort's list.
pub async fn add_statement(pool: &SqlitePool, actor: i64, cohort_id: i64, text: &str) -> Result<(), AppError> {
    let mut tx = write_tx(pool).await?;
    if sqlx::query_scalar!("SELECT id FROM cohorts WHERE id = ?", cohort_id).fetch_optional(&mut *tx).await?.is_none() {
        return Err(AppError::NotFound);
    }
    let id = sqlx::query_scalar!(
        r#"INSERT INTO admission_statements (cohort_id, position, text)
           VALUES (?1, (SELECT COALESCE(MAX(position), 0) + 1 FROM admission_statements WHERE cohort_id = ?1), ?2) RETURNING id AS "id!""#,
        cohort_id,
        text
    )
    .fetch_one(&mut *tx)
    .await?;
    let after = serde_json::json!({ "statement": id, "text": text });
    audit::record(&mut tx, actor, None, AuditAction::AdmissionChanged, "cohort", cohort_id, None::<&()>, Some(&after)).await?;
    tx.commit().await?;
    Ok(())
}

/// Removes a statement from the form; answers already given keep it.
pub async fn remove_statement(pool: &SqlitePool, actor: i64, statement_id: i64) -> Result<i64, AppError> {
    let mut tx = write_tx(pool).await?;
    let now = now_rfc3339();
    let cohort_id = sqlx::query_scalar!(
        "UPDATE admission_statements SET removed_at = ? WHERE id = ? AND removed_at IS NULL RETURNING cohort_id",
        now,
        statement_id
    )
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(AppError::NotFound)?;
    let after = serde_json::json!({ "statement_removed": statement_id });
    audit::record(&mut tx, actor, None, AuditAction::AdmissionChanged, "cohort", cohort_id, None::<&()>, Some(&after)).await?;
    tx.commit().await?;
    Ok(cohort_id)
}

/// One cohort's applications as the CSV has them, oldest first.
pub struct ExportRow {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub phone: String,
    pub applied_on: String,
    pub status: ApplicationStatus,
    pub meeting_on: Option<String>,
    pub training: String,
    pub training_year: Option<i64>,
    pub placement: String,
}

pub async fn export_rows(pool: &SqlitePool, cohort_id: i64) -> Result<Vec<ExportRow>, AppError> {
    if sqlx::query_scalar!("SELECT id FROM cohorts WHERE id = ?", cohort_id).fetch_optional(pool).await?.is_none() {
        return Err(AppError::NotFound);
    }
    sqlx::query!(
        r#"SELECT id AS "id!", name, email, phone, substr(created_at, 1, 10) AS "applied_on!: String", status, meeting_on,
                  training, training_year, placement
           FROM applications WHERE cohort_id = ? ORDER BY created_at, id"#,
        cohort_id
    )
    .fetch_all(pool)
    .await?
    .into_iter()
    .map(|r| {
        Ok(ExportRow {
            id: r.id,
            name: r.name,
            email: r.email,
            phone: r.phone,
            applied_on: r.applied_on,
            status: status_of(&r.status)?,
            meeting_on: r.meeting_on,
            training: r.training,
            training_year: r.training_year,
            placement: r.placement,
        })
    })
    .collect()
}

/// The day a closed application is erased: `months` after it was closed.
pub fn erased_on(closed_on: NaiveDate, months: i64) -> NaiveDate {
    let months = u32::try_from(months.clamp(1, 36)).unwrap_or(6);
    closed_on.checked_add_months(Months::new(months)).unwrap_or(NaiveDate::MAX)
}
