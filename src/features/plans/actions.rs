//! The plan forms: upload or type a version, hand it in, decide on it, reopen it.
//! One policy decides who may read a plan (`may_read`); writing is for the POP's owner
//! and the GOP group's members, deciding for the cohort's trainers.
use super::{
    db::{self, Content, PlanAccess},
    document,
};
use crate::{
    domain::{PlanDecision, PlanKind, Role},
    error::{AppError, FormErrors},
    form::Done,
    server::{caller::CurrentUser, form_post::FormPost},
};
use sqlx::SqlitePool;

/// The one policy for reading a plan: the participants it concerns (the POP's owner,
/// the GOP group's members), the cohort's trainers and the coordinators.
pub async fn may_read(pool: &SqlitePool, user: &CurrentUser, access: &PlanAccess) -> Result<bool, AppError> {
    crate::authz::may_see_work_of(pool, user, &access.participants, access.cohort_id).await
}

/// A plan the sender may read, or 404 (no hint that it exists).
async fn readable(post: &FormPost, plan_id: i64) -> Result<(&CurrentUser, PlanAccess), AppError> {
    let user = post.user()?;
    let access = db::plan_access(post.pool(), plan_id).await?.ok_or(AppError::NotFound)?;
    if !may_read(post.pool(), user, &access).await? {
        return Err(AppError::NotFound);
    }
    Ok((user, access))
}

fn posted_kind(post: &FormPost) -> Result<PlanKind, AppError> {
    PlanKind::parse(&post.target).map_err(|_| AppError::NotFound)
}

fn posted_id(post: &FormPost, field: &str) -> Result<i64, AppError> {
    post.text(field).trim().parse::<i64>().map_err(|_| AppError::NotFound)
}

fn submit_now(post: &FormPost) -> bool {
    post.text("submit") == "yes"
}

fn done(kind: PlanKind, key: &str, number: i64) -> Done {
    Done::to(format!("/plannen#{}", kind.code())).with_notice(key, &[("plan", kind.code().to_uppercase()), ("version", number.to_string())])
}

/// `upload_plan:{pop|gop}`: a file as the next version (`bestand`), handed in at once when
/// `indienen=ja`.
pub async fn upload(post: &FormPost) -> Result<Done, AppError> {
    let user = post.acting_as(Role::Participant)?;
    let kind = posted_kind(post)?;
    let file = post.file("file").ok_or(AppError::field("file", "err.plan.file_missing"))?;
    let document = document::inspect_bounded(&file.file_name, file.bytes.clone()).await?.map_err(|key| AppError::field("file", key))?;
    let submit = submit_now(post);
    let number = db::add_version(post.pool(), kind, user.id, Content::File(&document, &file.bytes), submit).await?;
    Ok(done(kind, if submit { "msg.plan.submitted" } else { "msg.plan.saved" }, number))
}

/// `write_plan:{pop|gop}`: the plan typed in the app (`tekst`), versioned like a file.
pub async fn write(post: &FormPost) -> Result<Done, AppError> {
    let user = post.acting_as(Role::Participant)?;
    let kind = posted_kind(post)?;
    let text = post.text("text").trim();
    if text.chars().count() < 20 {
        return Err(AppError::field("text", "err.plan.text_short"));
    }
    if text.chars().count() > 50_000 {
        return Err(AppError::field("text", "err.text.too_long"));
    }
    let submit = submit_now(post);
    let number = db::add_version(post.pool(), kind, user.id, Content::Typed(text), submit).await?;
    Ok(done(kind, if submit { "msg.plan.submitted" } else { "msg.plan.saved" }, number))
}

/// `submit_plan:{plan id}`: hands in the latest version.
pub async fn submit(post: &FormPost) -> Result<Done, AppError> {
    let plan_id = post.target.parse::<i64>().map_err(|_| AppError::NotFound)?;
    let (user, access) = readable(post, plan_id).await?;
    user.require(Role::Participant)?;
    let number = db::submit(post.pool(), plan_id, user.id).await?;
    Ok(done(access.kind, "msg.plan.submitted", number))
}

/// The cohort's trainers decide; a coordinator only reads (and may reopen).
async fn reviewer(post: &FormPost, plan_id: i64) -> Result<(&CurrentUser, PlanAccess), AppError> {
    let (user, access) = readable(post, plan_id).await?;
    if user.role == Role::Participant {
        return Err(AppError::Forbidden);
    }
    Ok((user, access))
}

/// `decide_plan`, with `plan_id` and `version_id`: `besluit` (revisie / goedgekeurd), `toelichting`
/// (required when asking for a revision) and an optional file (`bestand`).
pub async fn decide(post: &FormPost) -> Result<Done, AppError> {
    let plan_id = posted_id(post, "plan_id")?;
    let version_id = posted_id(post, "version_id")?;
    let (user, access) = reviewer(post, plan_id).await?;
    if user.role != Role::Trainer {
        return Err(AppError::Forbidden);
    }
    let mut errors = FormErrors::default();
    let decision = errors.check(
        "decision",
        PlanDecision::parse(post.text("decision")).ok().filter(|d| *d != PlanDecision::Reopened).ok_or("err.plan.decision"),
    );
    let comment = post.text("comment").trim();
    if decision == Some(PlanDecision::Revision) && comment.is_empty() {
        errors.add("comment", "err.plan.feedback_needed");
    }
    if comment.chars().count() > 5_000 {
        errors.add("comment", "err.text.too_long");
    }
    let file = match post.file("file") {
        Some(file) => match document::inspect_bounded(&file.file_name, file.bytes.clone()).await? {
            Ok(document) => Some((document, &file.bytes[..])),
            Err(key) => {
                errors.add("file", key);
                None
            }
        },
        None => None,
    };
    errors.finish()?;
    let decision = decision.ok_or(AppError::Internal)?;
    db::decide(post.pool(), &access, version_id, user.id, decision, comment, file.as_ref().map(|(d, b)| (d, *b))).await?;
    if decision == PlanDecision::Approved {
        // An approved POP or GOP can complete the requirements of someone who already passed the interview.
        post.progress_changed(&access.participants).await;
    }
    let key = if decision == PlanDecision::Approved { "msg.plan.approved" } else { "msg.plan.revision_asked" };
    Ok(Done::to("/beoordelen").with_notice(key, &[("plan", access.kind.code().to_uppercase())]))
}

/// `reopen_plan`, with `plan_id` and a reason (`reden`): an approved plan takes new versions again.
pub async fn reopen(post: &FormPost) -> Result<Done, AppError> {
    let plan_id = posted_id(post, "plan_id")?;
    let (user, access) = reviewer(post, plan_id).await?;
    let reason = post.text("reason").trim();
    if reason.is_empty() {
        return Err(AppError::field("reason", "err.plan.reopen_reason"));
    }
    if reason.chars().count() > 2_000 {
        return Err(AppError::field("reason", "err.text.too_long"));
    }
    db::reopen(post.pool(), &access, user.id, reason).await?;
    Ok(Done::to(format!("/plannen/{plan_id}")).with_notice("msg.plan.reopened", &[("plan", access.kind.code().to_uppercase())]))
}
