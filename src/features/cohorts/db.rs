use std::collections::HashMap;

use chrono::NaiveDate;
use sqlx::{SqliteConnection, SqlitePool};

use super::{CohortOverview, CohortSummary, ParticipantRow, Requirements, TrainerRow, PARTICIPANTS_PER_PAGE};
use crate::{
    domain::{AuditAction, Organisation, Role},
    error::AppError,
    features::standing,
    server::{
        audit,
        clock::now_rfc3339,
        db::{from_json, unique_as_field, write_tx},
    },
};

pub async fn cohort_exists(pool: &SqlitePool, id: i64) -> Result<bool, AppError> {
    Ok(sqlx::query_scalar!("SELECT id FROM cohorts WHERE id = ?", id).fetch_optional(pool).await?.is_some())
}

struct SummaryRow {
    id: i64,
    name: String,
    starts_on: NaiveDate,
    ends_on: NaiveDate,
    participant_count: i64,
    pending_count: i64,
}

impl From<SummaryRow> for CohortSummary {
    fn from(r: SummaryRow) -> Self {
        CohortSummary {
            id: r.id,
            name: r.name,
            starts_on: r.starts_on,
            ends_on: r.ends_on,
            participant_count: r.participant_count,
            pending_count: r.pending_count,
        }
    }
}

pub async fn all_cohorts(pool: &SqlitePool) -> Result<Vec<CohortSummary>, AppError> {
    let rows = sqlx::query_as!(
        SummaryRow,
        r#"SELECT c.id AS "id!", c.name, c.starts_on AS "starts_on: NaiveDate", c.ends_on AS "ends_on: NaiveDate",
              COALESCE((SELECT p.taking_part FROM cohort_participants p WHERE p.cohort_id = c.id), 0) AS "participant_count!: i64",
              COALESCE((SELECT w.entries FROM cohort_waiting w WHERE w.cohort_id = c.id), 0) AS "pending_count!: i64"
           FROM cohorts c ORDER BY c.starts_on DESC, c.name"#
    )
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(Into::into).collect())
}

pub async fn trainer_cohorts(pool: &SqlitePool, trainer_id: i64) -> Result<Vec<CohortSummary>, AppError> {
    let rows = sqlx::query_as!(
        SummaryRow,
        r#"SELECT c.id AS "id!", c.name, c.starts_on AS "starts_on: NaiveDate", c.ends_on AS "ends_on: NaiveDate",
              COALESCE((SELECT p.taking_part FROM cohort_participants p WHERE p.cohort_id = c.id), 0) AS "participant_count!: i64",
              COALESCE((SELECT w.entries FROM cohort_waiting w WHERE w.cohort_id = c.id), 0) AS "pending_count!: i64"
           FROM cohorts c JOIN cohort_trainers t ON t.cohort_id = c.id
           WHERE t.trainer_id = ? ORDER BY c.starts_on DESC, c.name"#,
        trainer_id,
    )
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(Into::into).collect())
}

/// A cohort with its participants in name order: `Some(after)` is one page of
/// `PARTICIPANTS_PER_PAGE` from after participant `after` (0: from the first; keyset,
/// so each page costs the same however far on), `None` all of them (the interview
/// candidates). `with_assignable` is set for coordinators.
pub async fn overview(
    pool: &SqlitePool,
    cohort_id: i64,
    page_after: Option<i64>,
    with_assignable: bool,
) -> Result<Option<CohortOverview>, AppError> {
    let after = page_after.unwrap_or(0);
    let fetch = if page_after.is_some() { PARTICIPANTS_PER_PAGE + 1 } else { i64::MAX };
    // The whole page but its attendance figures in one query: every query is a round trip
    // to sqlx's worker thread (see `server::db::from_json`), and this page made six. The
    // page's people are chosen once (`page`), then each kind of figure is read for all of
    // them in one pass, as JSON with the participant's id.
    // `participant_id IN (SELECT id FROM page)`, not a join: joined, SQLite scanned all of
    // `hour_totals` against the page.
    let Some(row) = sqlx::query!(
        r#"WITH page AS MATERIALIZED (
               SELECT id, name, password_hash IS NOT NULL AS activated FROM users
               WHERE cohort_id = ? AND role = ? AND away_since IS NULL
                 AND (? = 0 OR (name, id) > ((SELECT name FROM users WHERE id = ?), ?))
               ORDER BY name, id LIMIT ?)
           SELECT c.name, c.starts_on AS "starts_on: NaiveDate", c.ends_on AS "ends_on: NaiveDate",
                  c.learning_quarters_required, c.practice_quarters_required,
                  c.lesson_attendance_percent, c.intervision_attendance_percent,
                  COALESCE((SELECT taking_part FROM cohort_participants WHERE cohort_id = c.id), 0) AS "participant_count!: i64",
                  (SELECT json_group_array(json_array(id, name, activated) ORDER BY name, id) FROM page) AS "people!: String",
                  (SELECT json_group_array(json_array(participant_id, kind, status, quarters, entries))
                   FROM hour_totals WHERE participant_id IN (SELECT id FROM page)) AS "hour_sums!: String",
                  (SELECT json_group_array(json_array(participant_id, json_array(pop_id, pop_status, in_group, gop_id, gop_status)))
                   FROM plan_standing WHERE participant_id IN (SELECT id FROM page)) AS "plans!: String",
                  (SELECT json_group_array(json_array(participant_id, json_array(interview_id, interview_status, held_on, place,
                                                                                certificate_number, certificate_revoked)))
                   FROM final_standing WHERE participant_id IN (SELECT id FROM page)) AS "final_steps!: String",
                  (SELECT json_group_array(json_array(page.id, p.organisation || ' (' || p.supervisor_name || ')'))
                   FROM page JOIN placements p ON p.id = (SELECT MAX(id) FROM placements WHERE participant_id = page.id)) AS "placements!: String",
                  (SELECT json_group_array(json_array(u.id, u.name, u.organisation) ORDER BY u.name)
                   FROM cohort_trainers t JOIN users u ON u.id = t.trainer_id WHERE t.cohort_id = c.id) AS "trainers!: String",
                  CASE WHEN ? THEN (SELECT json_group_array(json_array(u.id, u.name, u.organisation) ORDER BY u.name)
                                    FROM users u WHERE u.role = ?
                                      AND u.id NOT IN (SELECT trainer_id FROM cohort_trainers WHERE cohort_id = c.id))
                       ELSE '[]' END AS "assignable_trainers!: String",
                  -- Who took part here until their last stint in this cohort ended (newest first;
                  -- the most recent 100: a list to find someone in, not an archive).
                  (SELECT json_group_array(json_array(id, name, left_on, left_as, now_in) ORDER BY left_on DESC, name)
                   FROM (SELECT u.id, u.name, e.left_on, e.left_as,
                                CASE WHEN u.cohort_id <> e.cohort_id THEN (SELECT n.name FROM cohorts n WHERE n.id = u.cohort_id) END AS now_in
                         FROM enrolments e JOIN users u ON u.id = e.participant_id
                         WHERE e.cohort_id = c.id AND e.left_on IS NOT NULL AND u.removal IS NULL
                           AND (u.cohort_id <> e.cohort_id OR u.away_since IS NOT NULL)
                           AND NOT EXISTS (SELECT 1 FROM enrolments later
                                           WHERE later.participant_id = e.participant_id AND later.cohort_id = e.cohort_id
                                             AND later.id > e.id)
                         ORDER BY e.left_on DESC, u.name LIMIT 100)) AS "away!: String"
           FROM cohorts c WHERE c.id = ?"#,
        cohort_id,
        const { Role::Participant.code() },
        after,
        after,
        after,
        fetch,
        with_assignable,
        const { Role::Trainer.code() },
        cohort_id,
    )
    .fetch_optional(pool)
    .await?
    else {
        return Ok(None);
    };
    let mut participants = participant_rows(&row.people, &row.hour_sums, &row.plans, &row.final_steps, &row.placements)?;
    let next_after = if page_after.is_some() {
        crate::server::db::keyset_page(&mut participants, PARTICIPANTS_PER_PAGE, |p| p.id)
    } else {
        None
    };
    with_attendance(pool, &mut participants).await?;
    Ok(Some(CohortOverview {
        away: from_json::<Vec<(i64, String, NaiveDate, String, Option<String>)>>(&row.away)?
            .into_iter()
            .map(|(id, name, since, left_as, now_in)| {
                let left_as = crate::domain::LeaveKind::parse(&left_as).map_err(|_| AppError::Internal)?;
                Ok(super::LeftParticipant { id, name, since, left_as, now_in })
            })
            .collect::<Result<_, AppError>>()?,
        id: cohort_id,
        name: row.name,
        starts_on: row.starts_on,
        ends_on: row.ends_on,
        requirements: Requirements {
            learning_quarters: row.learning_quarters_required,
            practice_quarters: row.practice_quarters_required,
            lesson_attendance_percent: row.lesson_attendance_percent,
            intervision_attendance_percent: row.intervision_attendance_percent,
        },
        participants,
        participant_count: row.participant_count,
        next_after,
        paged: after != 0,
        trainers: trainer_rows(&row.trainers)?,
        assignable_trainers: trainer_rows(&row.assignable_trainers)?,
        can_manage: with_assignable,
    }))
}

/// The page's people with their standing, from the JSON columns of [`overview`]: people
/// `[id, name, activated]` in name order; hour sums, plans, final steps and placements
/// each `[participant_id, …]`, in no particular order.
fn participant_rows(people: &str, hour_sums: &str, plans: &str, final_steps: &str, placements: &str) -> Result<Vec<ParticipantRow>, AppError> {
    type Json = Box<serde_json::value::RawValue>;
    let mut sums: HashMap<i64, Vec<standing::HourSum>> = HashMap::new();
    for (id, kind, status, quarters, entries) in from_json::<Vec<(i64, String, String, i64, i64)>>(hour_sums)? {
        sums.entry(id).or_default().push((kind, status, quarters, entries));
    }
    let mut plans: HashMap<i64, Json> = from_json::<Vec<(i64, Json)>>(plans)?.into_iter().collect();
    let mut final_steps: HashMap<i64, Json> = from_json::<Vec<(i64, Json)>>(final_steps)?.into_iter().collect();
    let mut placements: HashMap<i64, Option<String>> = from_json::<Vec<(i64, Option<String>)>>(placements)?.into_iter().collect();
    from_json::<Vec<(i64, String, i64)>>(people)?
        .into_iter()
        .map(|(id, name, activated)| {
            let (plans, final_step) = (plans.remove(&id), final_steps.remove(&id));
            Ok(ParticipantRow {
                standing: standing::from_sums(
                    sums.remove(&id).unwrap_or_default(),
                    plans.as_deref().map(|p| p.get()),
                    final_step.as_deref().map(|f| f.get()),
                )?,
                id,
                name,
                activated: activated != 0,
                placement: placements.remove(&id).flatten(),
            })
        })
        .collect()
}

fn trainer_rows(json: &str) -> Result<Vec<TrainerRow>, AppError> {
    Ok(from_json::<Vec<(i64, String, Option<String>)>>(json)?.into_iter().map(|(id, name, organisation)| trainer_row(id, name, organisation)).collect())
}

fn trainer_row(id: i64, name: String, organisation: Option<String>) -> TrainerRow {
    TrainerRow { id, name, organisation: organisation.as_deref().and_then(|o| Organisation::parse(o).ok()) }
}

pub struct NewCohort {
    pub name: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub requirements: Requirements,
}

pub async fn create(pool: &SqlitePool, new: &NewCohort, actor_id: i64) -> Result<i64, AppError> {
    let now = now_rfc3339();
    let r = &new.requirements;
    let mut tx = write_tx(pool).await?;
    let id = sqlx::query_scalar!(
        r#"INSERT INTO cohorts (name, starts_on, ends_on, learning_quarters_required, practice_quarters_required,
                                lesson_attendance_percent, intervision_attendance_percent, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id AS "id!""#,
        new.name,
        new.starts_on,
        new.ends_on,
        r.learning_quarters,
        r.practice_quarters,
        r.lesson_attendance_percent,
        r.intervision_attendance_percent,
        now
    )
    .fetch_one(&mut *tx)
    .await
    .map_err(unique_as_field("name", "err.cohort.name_taken"))?;
    let after = serde_json::json!({ "name": new.name, "starts_on": new.starts_on, "ends_on": new.ends_on,
        "learning_quarters": r.learning_quarters, "practice_quarters": r.practice_quarters,
        "lesson_attendance_percent": r.lesson_attendance_percent, "intervision_attendance_percent": r.intervision_attendance_percent });
    audit::record(&mut tx, actor_id, None, AuditAction::CreateCohort, "cohort", id, None::<&()>, Some(&after)).await?;
    add_default_interview_criteria(&mut tx, id).await?;
    tx.commit().await?;
    Ok(id)
}

/// A new cohort starts with the default criteria for its final interview.
pub async fn add_default_interview_criteria(conn: &mut SqliteConnection, cohort_id: i64) -> Result<(), AppError> {
    for (position, title) in (1_i64..).zip(super::DEFAULT_INTERVIEW_CRITERIA) {
        sqlx::query!("INSERT INTO interview_criteria (cohort_id, position, title) VALUES (?, ?, ?)", cohort_id, position, title)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Links a trainer to a cohort; returns the trainer's name for the confirmation.
pub async fn assign_trainer(pool: &SqlitePool, cohort_id: i64, trainer_id: i64, actor_id: i64) -> Result<String, AppError> {
    if !cohort_exists(pool, cohort_id).await? {
        return Err(AppError::NotFound);
    }
    let Some(name) =
        sqlx::query_scalar!(
            "SELECT name FROM users WHERE id = ? AND role = ?",
            trainer_id,
            const { Role::Trainer.code() },
        )
        .fetch_optional(pool)
        .await?
    else {
        return Err(AppError::field("trainer_id", "err.trainer.choose"));
    };
    let mut tx = write_tx(pool).await?;
    sqlx::query!("INSERT OR IGNORE INTO cohort_trainers (cohort_id, trainer_id) VALUES (?, ?)", cohort_id, trainer_id)
        .execute(&mut *tx)
        .await?;
    let after = serde_json::json!({ "trainer_id": trainer_id });
    audit::record(&mut tx, actor_id, None, AuditAction::AssignTrainer, "cohort", cohort_id, None::<&()>, Some(&after)).await?;
    tx.commit().await?;
    Ok(name)
}

/// Fills in the attendance figures of the participants on the page (one query).
async fn with_attendance(pool: &SqlitePool, rows: &mut [ParticipantRow]) -> Result<(), AppError> {
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let mut figures = crate::features::programme::db::cohort_figures(pool, &ids).await?;
    for row in rows {
        row.standing = std::mem::take(&mut row.standing).with_attendance(figures.remove(&row.id).unwrap_or_default());
    }
    Ok(())
}

pub async fn rules(pool: &SqlitePool, cohort_id: i64) -> Result<Option<super::CohortRules>, AppError> {
    let row = sqlx::query!(
        r#"SELECT name, learning_quarters_required, practice_quarters_required, lesson_attendance_percent,
                  intervision_attendance_percent, trainings_required, intervision_earns_hours AS "intervision_earns_hours: bool",
                  excused_counts_as_absent AS "excused_counts_as_absent: bool",
                  practice_needs_confirmation AS "practice_needs_confirmation: bool"
           FROM cohorts WHERE id = ?"#,
        cohort_id
    )
    .fetch_optional(pool)
    .await?;
    Ok(row.map(|r| super::CohortRules {
        cohort_id,
        name: r.name,
        requirements: Requirements {
            learning_quarters: r.learning_quarters_required,
            practice_quarters: r.practice_quarters_required,
            lesson_attendance_percent: r.lesson_attendance_percent,
            intervision_attendance_percent: r.intervision_attendance_percent,
        },
        trainings_required: r.trainings_required,
        intervision_earns_hours: r.intervision_earns_hours,
        excused_counts_as_absent: r.excused_counts_as_absent,
        practice_needs_confirmation: r.practice_needs_confirmation,
    }))
}

/// What the audit trail keeps of a cohort's rules before and after a change.
#[derive(serde::Serialize, PartialEq)]
struct RulesSnapshot {
    learning_quarters: i64,
    practice_quarters: i64,
    lesson_attendance_percent: i64,
    intervision_attendance_percent: i64,
    trainings_required: i64,
    intervision_earns_hours: bool,
    excused_counts_as_absent: bool,
    practice_needs_confirmation: bool,
}

impl From<&super::CohortRules> for RulesSnapshot {
    fn from(r: &super::CohortRules) -> Self {
        RulesSnapshot {
            learning_quarters: r.requirements.learning_quarters,
            practice_quarters: r.requirements.practice_quarters,
            lesson_attendance_percent: r.requirements.lesson_attendance_percent,
            intervision_attendance_percent: r.requirements.intervision_attendance_percent,
            trainings_required: r.trainings_required,
            intervision_earns_hours: r.intervision_earns_hours,
            excused_counts_as_absent: r.excused_counts_as_absent,
            practice_needs_confirmation: r.practice_needs_confirmation,
        }
    }
}

/// Changes a cohort's rules; the audit line keeps before and after. Returns whether anything changed.
pub async fn update_rules(pool: &SqlitePool, new: &super::CohortRules, actor_id: i64) -> Result<bool, AppError> {
    let mut tx = write_tx(pool).await?;
    let r = sqlx::query!(
        r#"SELECT learning_quarters_required, practice_quarters_required, lesson_attendance_percent, intervision_attendance_percent,
                  trainings_required, intervision_earns_hours AS "intervision_earns_hours: bool",
                  excused_counts_as_absent AS "excused_counts_as_absent: bool",
                  practice_needs_confirmation AS "practice_needs_confirmation: bool"
           FROM cohorts WHERE id = ?"#,
        new.cohort_id
    )
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(AppError::NotFound)?;
    let before = RulesSnapshot {
        learning_quarters: r.learning_quarters_required,
        practice_quarters: r.practice_quarters_required,
        lesson_attendance_percent: r.lesson_attendance_percent,
        intervision_attendance_percent: r.intervision_attendance_percent,
        trainings_required: r.trainings_required,
        intervision_earns_hours: r.intervision_earns_hours,
        excused_counts_as_absent: r.excused_counts_as_absent,
        practice_needs_confirmation: r.practice_needs_confirmation,
    };
    let after = RulesSnapshot::from(new);
    if before == after {
        return Ok(false);
    }
    sqlx::query!(
        "UPDATE cohorts SET learning_quarters_required = ?, practice_quarters_required = ?, lesson_attendance_percent = ?,
                intervision_attendance_percent = ?, trainings_required = ?, intervision_earns_hours = ?, excused_counts_as_absent = ?,
                practice_needs_confirmation = ?
         WHERE id = ?",
        after.learning_quarters,
        after.practice_quarters,
        after.lesson_attendance_percent,
        after.intervision_attendance_percent,
        after.trainings_required,
        after.intervision_earns_hours,
        after.excused_counts_as_absent,
        after.practice_needs_confirmation,
        new.cohort_id
    )
    .execute(&mut *tx)
    .await?;
    audit::record(&mut tx, actor_id, None, AuditAction::UpdateCohortRules, "cohort", new.cohort_id, Some(&before), Some(&after)).await?;
    tx.commit().await?;
    Ok(true)
}
