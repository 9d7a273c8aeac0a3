//! Who may do what: one named policy per question, used by every page, server
//! function, form action and download that asks it. Policies take the facts they
//! decide on (a cohort, the participants a thing concerns), never a feature's types,
//! so any feature can ask them.
use sqlx::SqlitePool;

use crate::{domain::Role, error::AppError, server::caller::CurrentUser};

/// Who handles applications (read them, decide on them, word the admission
/// requirements): the coordinator. Applicants are not participants yet; their
/// texts are for the one who admits.
pub fn handles_applications(user: &CurrentUser) -> Result<(), AppError> {
    user.require(Role::Coordinator)
}

/// Who records that a participant pauses, stops or continues in another cohort: the
/// coordinator, who plans the cohorts (trainers see the stints on the record).
pub fn places_participants(user: &CurrentUser) -> Result<(), AppError> {
    user.require(Role::Coordinator)
}

/// Cohorts a trainer is assigned to; the boundary of everything a trainer may see.
pub async fn trainer_cohort_ids(pool: &SqlitePool, trainer_id: i64) -> Result<Vec<i64>, AppError> {
    Ok(sqlx::query_scalar!("SELECT cohort_id FROM cohort_trainers WHERE trainer_id = ?", trainer_id).fetch_all(pool).await?)
}

/// Whether `user` is staff of cohort `cohort_id`: a coordinator, or one of its trainers.
pub async fn sees_cohort(pool: &SqlitePool, user: &CurrentUser, cohort_id: i64) -> Result<bool, AppError> {
    Ok(match user.role {
        Role::Coordinator => true,
        Role::Trainer => trainer_cohort_ids(pool, user.id).await?.contains(&cohort_id),
        Role::Participant => false,
    })
}

/// Staff of this cohort, or the refusal: a participant gets 403 (staff pages are not
/// theirs, whichever cohort), a trainer of another cohort 404 (learns nothing, not even
/// that the cohort exists), and so does anyone for a cohort that does not exist.
pub async fn staff_of_cohort(pool: &SqlitePool, user: &CurrentUser, cohort_id: i64) -> Result<(), AppError> {
    staff_of_found_cohort(pool, user, Some(cohort_id)).await
}

/// [`staff_of_cohort`] for the cohort of a thing looked up first (a session, a plan, a
/// participant): `None` when the thing does not exist, which is 404 for staff.
pub async fn staff_of_found_cohort(pool: &SqlitePool, user: &CurrentUser, cohort_id: Option<i64>) -> Result<(), AppError> {
    match (user.role, cohort_id) {
        (Role::Participant, _) => Err(AppError::Forbidden),
        (Role::Trainer, Some(id)) if sees_cohort(pool, user, id).await? => Ok(()),
        (Role::Coordinator, Some(id)) if cohort_exists(pool, id).await? => Ok(()),
        _ => Err(AppError::NotFound),
    }
}

/// Whether `user` may read something about `participants` of `cohort_id` (a plan, an
/// interview, a certificate): those participants themselves, and staff of the cohort.
pub async fn may_see_work_of(pool: &SqlitePool, user: &CurrentUser, participants: &[i64], cohort_id: i64) -> Result<bool, AppError> {
    Ok(match user.role {
        Role::Participant => participants.contains(&user.id),
        _ => sees_cohort(pool, user, cohort_id).await?,
    })
}

/// The judging of an interview: only its own two assessors. Another staff member
/// of the cohort is refused (403); anyone else learns nothing (404).
pub async fn assessor_of(pool: &SqlitePool, user: &CurrentUser, assessors: &[i64], cohort_id: i64) -> Result<(), AppError> {
    if user.role == Role::Trainer && assessors.contains(&user.id) {
        Ok(())
    } else if sees_cohort(pool, user, cohort_id).await? {
        Err(AppError::Forbidden)
    } else {
        Err(AppError::NotFound)
    }
}

async fn cohort_exists(pool: &SqlitePool, cohort_id: i64) -> Result<bool, AppError> {
    Ok(sqlx::query_scalar!("SELECT id FROM cohorts WHERE id = ?", cohort_id).fetch_optional(pool).await?.is_some())
}
