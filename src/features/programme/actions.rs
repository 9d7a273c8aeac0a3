//! The programme forms: add a session, add a group, place someone in a group,
//! record attendance. Each checks that the sender may act on the cohort.
use super::{
    db::{self, AttendanceLine, NewSession, SessionDetails},
    SessionChoices,
};
use crate::{
    domain::{parse_date, AttendanceStatus, ClockTime, Hours, RequiredText, SessionKind},
    error::{AppError, FormErrors},
    form::Done,
    server::{caller::CurrentUser, form_post::FormPost},
};

/// The one policy: coordinators, and the trainers of this cohort, run its programme.
async fn may_run_programme(post: &FormPost, cohort_id: i64) -> Result<&CurrentUser, AppError> {
    let user = post.user()?;
    crate::authz::staff_of_cohort(post.pool(), user, cohort_id).await?;
    Ok(user)
}

/// The cohort or session a form is about, from its hidden field (these forms are
/// one per page, so their field ids need no suffix).
fn posted_id(post: &FormPost, field: &str) -> Result<i64, AppError> {
    post.text(field).trim().parse::<i64>().map_err(|_| AppError::NotFound)
}

fn optional_text(post: &FormPost, field: &str, max_chars: usize, errors: &mut FormErrors) -> Option<String> {
    let text = post.text(field).trim();
    if text.chars().count() > max_chars {
        errors.add(field, "err.text.too_long");
    }
    (!text.is_empty()).then(|| text.to_owned())
}

/// The fields a session is defined by, checked against what the cohort offers (the same
/// choices its form shows). `kind` is posted for a new session and fixed (from the session)
/// when editing one.
fn checked_details(post: &FormPost, frame: &SessionChoices, kind: Option<SessionKind>, errors: &mut FormErrors) -> Option<SessionDetails> {
    let title = errors.check("title", RequiredText::parse(post.text("title"), 120, "err.session.title_empty", "err.text.too_long"));
    let held_on = errors.check("held_on", parse_date(post.text("held_on")));
    if held_on.is_some_and(|d| d < frame.starts_on || d > frame.ends_on) {
        errors.add("held_on", "err.session.outside_cohort");
    }
    let starts_at = errors.check("starts_at", ClockTime::parse(post.text("starts_at")));
    let ends_at = errors.check("ends_at", ClockTime::parse(post.text("ends_at")));
    if let (Some(s), Some(e)) = (starts_at, ends_at) {
        if s.minutes_until(e).is_none() {
            errors.add("ends_at", "err.session.ends_before_start");
        }
    }
    let place = optional_text(post, "place", 200, errors);
    let online_url = optional_text(post, "online_url", 500, errors);
    if online_url.as_deref().is_some_and(|u| !(u.starts_with("https://") || u.starts_with("http://"))) {
        errors.add("online_url", "err.session.url");
    }
    if place.is_none() && online_url.is_none() {
        errors.add("place", "err.session.where");
    }
    let capacity = match (kind, post.text("capacity").trim()) {
        (Some(SessionKind::Training), "") => {
            errors.add("capacity", "err.session.capacity");
            None
        }
        (Some(SessionKind::Training), raw) => match raw.parse::<i64>() {
            Ok(n) if (1..=500).contains(&n) => Some(n),
            _ => {
                errors.add("capacity", "err.session.capacity");
                None
            }
        },
        _ => None,
    };
    let group_id = match kind {
        // Without groups the form shows no group field: the message goes with the kind.
        Some(SessionKind::Intervision) if frame.groups.is_empty() => {
            errors.add("kind", "err.session.no_groups");
            None
        }
        Some(SessionKind::Intervision) => match post.text("group_id").trim().parse::<i64>() {
            Ok(id) if frame.groups.iter().any(|g| g.id == id) => Some(id),
            _ => {
                errors.add("group_id", "err.group.choose");
                None
            }
        },
        _ => None,
    };
    let trainer_ids: Vec<i64> = post.all("trainer_ids").iter().filter_map(|t| t.trim().parse().ok()).collect();
    if trainer_ids.iter().any(|t| !frame.trainers.iter().any(|p| p.id == *t)) {
        errors.add("trainer_ids", "err.session.trainer");
    }
    let (Some(title), Some(held_on), Some(starts_at), Some(ends_at)) = (title, held_on, starts_at, ends_at) else {
        return None;
    };
    Some(SessionDetails { title: title.into_inner(), held_on, starts_at, ends_at, place, online_url, capacity, group_id, trainer_ids })
}

/// `add_session`, with `cohort_id`.
pub async fn add_session(post: &FormPost) -> Result<Done, AppError> {
    let cohort_id = posted_id(post, "cohort_id")?;
    let user = may_run_programme(post, cohort_id).await?;
    let frame = db::session_choices(post.pool(), cohort_id).await?.ok_or(AppError::NotFound)?;
    let mut errors = FormErrors::default();
    let kind = errors.check("kind", SessionKind::parse(post.text("kind")));
    let details = checked_details(post, &frame, kind, &mut errors);
    let (Some(kind), Some(details)) = (kind, details) else {
        return Err(errors.refusal());
    };
    errors.finish()?;
    let new = NewSession { cohort_id, kind, details };
    let id = db::create_session(post.pool(), &new, user.id).await?;
    Ok(Done::to(format!("/cohorten/{cohort_id}/programma#sessie-{id}")).with_notice("msg.session.created", &[("title", new.details.title)]))
}

/// `edit_session`, with `session_id`: time, place, trainers, capacity or group of a planned
/// session. Its kind stays (choices and attendance depend on it).
pub async fn edit_session(post: &FormPost) -> Result<Done, AppError> {
    let session_id = posted_id(post, "session_id")?;
    let cohort_id = db::session_cohort(post.pool(), session_id).await?.ok_or(AppError::NotFound)?;
    let user = may_run_programme(post, cohort_id).await?;
    let frame = db::session_choices(post.pool(), cohort_id).await?.ok_or(AppError::NotFound)?;
    let kind = db::session_kind(post.pool(), session_id).await?.ok_or(AppError::NotFound)?;
    let mut errors = FormErrors::default();
    let details = checked_details(post, &frame, Some(kind), &mut errors);
    let Some(details) = details else {
        return Err(errors.refusal());
    };
    errors.finish()?;
    let title = details.title.clone();
    db::update_session(post.pool(), session_id, &details, user.id).await?;
    Ok(Done::to(format!("/bijeenkomsten/{session_id}")).with_notice("msg.session.updated", &[("title", title)]))
}

/// `add_group`, with `cohort_id`.
pub async fn add_group(post: &FormPost) -> Result<Done, AppError> {
    let cohort_id = posted_id(post, "cohort_id")?;
    let user = may_run_programme(post, cohort_id).await?;
    let name = RequiredText::parse(post.text("group_name"), 60, "err.group.name_empty", "err.text.too_long")
        .map_err(|key| AppError::field("group_name", key))?
        .into_inner();
    db::create_group(post.pool(), cohort_id, &name, user.id).await?;
    Ok(Done::to(groups_page(cohort_id)).with_notice("msg.group.created", &[("name", name)]))
}

/// `place_in_group`, with `cohort_id`.
pub async fn place_in_group(post: &FormPost) -> Result<Done, AppError> {
    let cohort_id = posted_id(post, "cohort_id")?;
    let user = may_run_programme(post, cohort_id).await?;
    let mut errors = FormErrors::default();
    let participant_id =
        errors.check("participant_id", post.text("participant_id").trim().parse::<i64>().map_err(|_| "err.group.participant"));
    let group_id = errors.check("group_id", post.text("group_id").trim().parse::<i64>().map_err(|_| "err.group.choose"));
    let (Some(participant_id), Some(group_id)) = (participant_id, group_id) else {
        return Err(errors.refusal());
    };
    let (name, group) = db::place_in_group(post.pool(), cohort_id, participant_id, group_id, user.id).await?;
    Ok(Done::to(groups_page(cohort_id)).with_notice("msg.group.placed", &[("name", name), ("group", group)]))
}

/// Back to the groups page after a change: its forms come first, under the confirmation,
/// so placing a cohort one person at a time needs no scrolling.
fn groups_page(cohort_id: i64) -> String {
    format!("/cohorten/{cohort_id}/groepen")
}

/// `record_attendance`, with `session_id`: one status per participant (`status_{id}`) and an
/// optional remark (`remark_{id}`). "Iedereen aanwezig" (`all_present`) marks everyone
/// without another status present, so a trainer sets the exceptions and taps once.
pub async fn record_attendance(post: &FormPost) -> Result<Done, AppError> {
    let session_id = posted_id(post, "session_id")?;
    let cohort_id = db::session_cohort(post.pool(), session_id).await?.ok_or(AppError::NotFound)?;
    let user = may_run_programme(post, cohort_id).await?;
    let sheet = db::attendance_sheet(post.pool(), session_id, None).await?.ok_or(AppError::NotFound)?;
    if sheet.session.held_on > sheet.today {
        return Err(AppError::Conflict("err.attendance.future".into()));
    }
    let all_present = !post.text("all_present").is_empty();
    let mut errors = FormErrors::default();
    let mut lines = Vec::new();
    // Lines for people the session does not apply to are refused by `db::record_attendance`;
    // the form only carries the expected ones, so a stray id is a tampered post.
    let posted_ids: Vec<i64> = post.all("participant").iter().filter_map(|p| p.parse().ok()).collect();
    for participant_id in posted_ids {
        let field = format!("status_{participant_id}");
        let remark_field = format!("remark_{participant_id}");
        let remark = optional_text(post, &remark_field, 300, &mut errors);
        // Only someone who attended can have less time counted; the rest earn nothing anyway.
        let credited_field = format!("credited_{participant_id}");
        let credited_minutes = match post.text(&credited_field).trim() {
            "" => None,
            raw => match Hours::parse(raw) {
                Ok(h) if i64::from(h.quarters()) * 15 <= sheet.session.minutes => Some(i64::from(h.quarters()) * 15),
                // More than the session lasted, also beyond the hour log's 12 hours a line.
                Ok(_) | Err("err.hours.too_many") => {
                    errors.add(&credited_field, "err.attendance.credited_too_long");
                    None
                }
                Err(key) => {
                    errors.add(&credited_field, key);
                    None
                }
            },
        };
        let status = match (post.text(&field).trim(), all_present) {
            ("", true) => Some(AttendanceStatus::Present),
            ("", false) => continue,
            (raw, _) => errors.check(&field, AttendanceStatus::parse(raw)),
        };
        if let Some(status) = status {
            let credited_minutes = credited_minutes.filter(|_| status.attended());
            lines.push(AttendanceLine { participant_id, status, remark, credited_minutes });
        }
    }
    errors.finish()?;
    if lines.is_empty() {
        return Err(AppError::field("attendance", "err.attendance.nothing"));
    }
    let changed = db::record_attendance(post.pool(), session_id, &lines, user.id).await?;
    if changed > 0 {
        // Attendance (and the hours it brings) can complete the requirements of someone who already passed.
        let participants: Vec<i64> = lines.iter().map(|l| l.participant_id).collect();
        post.progress_changed(&participants).await;
    }
    // A large lesson is recorded a page at a time: on to the next page, if there is one.
    let next = post.text("next_after").trim().parse::<i64>().ok();
    let to = match next {
        Some(after) => format!("/bijeenkomsten/{session_id}?na={after}"),
        None => format!("/bijeenkomsten/{session_id}"),
    };
    Ok(Done::to(to).with_notice("msg.attendance.recorded", &[("count", changed.to_string()), ("title", sheet.session.title)]))
}

/// `choose_training:{session id}`: a participant adds a training to their own track.
pub async fn choose_training(post: &FormPost) -> Result<Done, AppError> {
    let user = post.acting_as(crate::domain::Role::Participant)?;
    let session_id = post.target.parse::<i64>().map_err(|_| AppError::NotFound)?;
    let title = db::choose_training(post.pool(), user.id, session_id).await?;
    Ok(Done::to("/programma").with_notice("msg.training.chosen", &[("title", title)]))
}

/// `drop_training:{session id}`: a participant takes a training off their track, until it starts.
pub async fn drop_training(post: &FormPost) -> Result<Done, AppError> {
    let user = post.acting_as(crate::domain::Role::Participant)?;
    let session_id = post.target.parse::<i64>().map_err(|_| AppError::NotFound)?;
    let title = db::drop_training(post.pool(), user.id, session_id).await?;
    Ok(Done::to("/programma").with_notice("msg.training.dropped", &[("title", title)]))
}

/// `cancel_session`, with `session_id` and the confirmation box `zeker`: the session does
/// not take place. It stays in the programme (ids are never reused), marked cancelled;
/// calendars get `STATUS:CANCELLED`, figures leave it out.
pub async fn cancel_session(post: &FormPost) -> Result<Done, AppError> {
    let session_id = posted_id(post, "session_id")?;
    let cohort_id = db::session_cohort(post.pool(), session_id).await?.ok_or(AppError::NotFound)?;
    let user = may_run_programme(post, cohort_id).await?;
    if post.text("confirm") != "yes" {
        return Err(AppError::field("confirm", "err.session.confirm_cancel"));
    }
    let title = db::cancel_session(post.pool(), session_id, user.id).await?;
    Ok(Done::to(format!("/cohorten/{cohort_id}/programma")).with_notice("msg.session.cancelled", &[("title", title)]))
}
