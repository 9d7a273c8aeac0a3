//! The application forms: the applicant's one form (no login), the coordinator's
//! admission settings, and the steps an application takes.
use super::{
    db::{self, Admission, NewSettings, Step},
    NewApplication, EXPERIENCE_MAX, EXPLANATION_MAX, MOTIVATION_MAX, NOTE_MAX, STATEMENT_MAX,
};
use crate::{
    domain::{parse_date, AdmissionAnswer, DeclineReason, Email, MailKind, PersonName, RequiredText},
    error::{AppError, FormErrors},
    form::Done,
    i18n::Lang,
    server::{clock, form_post::FormPost, outbox::Letter, tokens},
};

/// Where an applicant lands, whatever happened to their application (stored, a
/// repeat, or a bot caught by the trap): the same page, so it tells nobody anything.
const RECEIVED: &str = "/aanmelden/ontvangen";
const PHONE_MAX: usize = 30;
const PLACEMENT_MAX: usize = 200;
const TRAINING_MAX: usize = 150;

/// `apply`: an application for an open cohort, with an answer to each of its admission statements.
pub async fn apply(post: &FormPost) -> Result<Done, AppError> {
    let limit = &post.state.apply_limit;
    let address = post.client.0.as_str();
    limit.check(address)?;
    // A field people cannot see: only a bot fills it in. It is told "received" and nothing is kept.
    if !post.text("website").trim().is_empty() {
        limit.count(address);
        return Ok(Done::to(RECEIVED));
    }
    let cohorts = db::open_cohorts(post.pool()).await?;
    let mut errors = FormErrors::default();
    let chosen = post.text("cohort_id").trim().parse::<i64>().ok();
    let cohort = match chosen.and_then(|id| cohorts.iter().find(|c| c.id == id)) {
        Some(c) => Some(c),
        None if cohorts.is_empty() => return Err(AppError::Conflict("err.application.closed".into())),
        None => {
            errors.add("cohort_id", "err.application.cohort");
            None
        }
    };
    let name = errors.check("name", PersonName::parse(post.text("name")));
    let email = errors.check("email", Email::parse(post.text("email")));
    let phone = post.text("phone").trim();
    if phone.chars().count() > PHONE_MAX || phone.chars().any(|c| !(c.is_ascii_digit() || " +-()".contains(c))) {
        errors.add("phone", "err.application.phone");
    }
    let no_training = post.text("no_training") == "yes";
    let training = post.text("training").trim();
    let year_text = post.text("training_year").trim();
    let mut training_year = None;
    if !no_training {
        if training.is_empty() {
            errors.add("training", "err.application.training");
        } else if training.chars().count() > TRAINING_MAX {
            errors.add("training", "err.text.too_long");
        }
        use chrono::Datelike;
        match year_text.parse::<i64>() {
            Ok(year) if (1980..=i64::from(clock::today_in_amsterdam().year())).contains(&year) => training_year = Some(year),
            _ => errors.add("training_year", "err.application.year"),
        }
    }
    let experience =
        errors.check("experience", RequiredText::parse(post.text("experience"), EXPERIENCE_MAX, "err.application.experience", "err.text.too_long"));
    let placement =
        errors.check("placement", RequiredText::parse(post.text("placement"), PLACEMENT_MAX, "err.application.placement", "err.text.too_long"));
    let motivation =
        errors.check("motivation", RequiredText::parse(post.text("motivation"), MOTIVATION_MAX, "err.application.motivation", "err.text.too_long"));
    let mut answers = Vec::new();
    for statement in cohort.map(|c| c.statements.as_slice()).unwrap_or_default() {
        let field = format!("answer_{}", statement.id);
        let explain_field = format!("explain_{}", statement.id);
        let explanation = post.text(&explain_field).trim();
        if explanation.chars().count() > EXPLANATION_MAX {
            errors.add(&explain_field, "err.text.too_long");
        }
        match AdmissionAnswer::parse(post.text(&field)) {
            Ok(answer) => answers.push((statement.id, answer, explanation.to_owned())),
            Err(_) => errors.add(&field, "err.application.answer"),
        }
    }
    if post.text("consent") != "yes" {
        errors.add("consent", "err.application.consent");
    }
    let (Some(cohort), Some(name), Some(email), Some(experience), Some(placement), Some(motivation)) =
        (cohort, name, email, experience, placement, motivation)
    else {
        return Err(errors.refusal());
    };
    errors.finish()?;
    let new = NewApplication {
        cohort_id: cohort.id,
        name: name.as_str().to_owned(),
        email: email.as_str().to_owned(),
        phone: phone.to_owned(),
        training: if no_training { String::new() } else { training.to_owned() },
        training_year,
        experience: experience.into_inner(),
        placement: placement.into_inner(),
        motivation: motivation.into_inner(),
        language: Lang::from_code(post.text("lang")).unwrap_or_default(),
        answers,
    };
    db::apply(post.pool(), &new, cohort).await?;
    limit.count(address);
    // No notice: that would start a session for someone without an account.
    Ok(Done::to(RECEIVED))
}

/// The sender, if they handle applications (`authz::handles_applications`).
fn coordinator(post: &FormPost) -> Result<&crate::server::caller::CurrentUser, AppError> {
    let user = post.user()?;
    crate::authz::handles_applications(user)?;
    Ok(user)
}

fn target_id(post: &FormPost) -> Result<i64, AppError> {
    post.target.parse().map_err(|_| AppError::NotFound)
}

/// `save_admission:{cohort}`: open or closed for applications, places, where, how long closed ones are kept.
pub async fn save_admission(post: &FormPost) -> Result<Done, AppError> {
    let user = coordinator(post)?;
    let cohort_id = target_id(post)?;
    let mut errors = FormErrors::default();
    let capacity = match post.text("capacity").trim() {
        "" => None,
        text => match text.parse::<i64>() {
            Ok(n) if (1..=1000).contains(&n) => Some(n),
            _ => {
                errors.add("capacity", "err.admission.capacity");
                None
            }
        },
    };
    let place = post.text("place").trim();
    if place.chars().count() > 200 {
        errors.add("place", "err.text.too_long");
    }
    let retention_months = match post.text("retention_months").trim().parse::<i64>() {
        Ok(n) if (1..=36).contains(&n) => n,
        _ => {
            errors.add("retention_months", "err.admission.retention");
            6
        }
    };
    errors.finish()?;
    let settings = NewSettings { applications_open: post.text("applications_open") == "yes", capacity, place: place.to_owned(), retention_months };
    db::save_admission(post.pool(), user.id, cohort_id, &settings).await?;
    Ok(Done::to(format!("/cohorten/{cohort_id}/toelating")).with_notice("msg.admission.saved", &[]))
}

/// `add_statement:{cohort}`: one more admission requirement for the applicant to answer.
pub async fn add_statement(post: &FormPost) -> Result<Done, AppError> {
    let user = coordinator(post)?;
    let cohort_id = target_id(post)?;
    let text = RequiredText::parse(post.text("statement"), STATEMENT_MAX, "err.admission.statement", "err.text.too_long")
        .map_err(|key| AppError::field("statement", key))?;
    db::add_statement(post.pool(), user.id, cohort_id, text.as_str()).await?;
    Ok(Done::to(format!("/cohorten/{cohort_id}/toelating")).with_notice("msg.admission.statement_added", &[]))
}

/// `remove_statement:{statement}`.
pub async fn remove_statement(post: &FormPost) -> Result<Done, AppError> {
    let user = coordinator(post)?;
    let cohort_id = db::remove_statement(post.pool(), user.id, target_id(post)?).await?;
    Ok(Done::to(format!("/cohorten/{cohort_id}/toelating")).with_notice("msg.admission.statement_removed", &[]))
}

fn note_of(post: &FormPost, field: &str, required: bool) -> Result<String, AppError> {
    let note = post.text(field).trim();
    if note.chars().count() > NOTE_MAX {
        return Err(AppError::field(field, "err.text.too_long"));
    }
    if required && note.is_empty() {
        return Err(AppError::field(field, "err.application.note"));
    }
    Ok(note.to_owned())
}

fn back_to(id: i64) -> String {
    format!("/aanmeldingen/{id}")
}

/// `plan_meeting:{application}`: the day of the kennismakingsgesprek.
pub async fn plan_meeting(post: &FormPost) -> Result<Done, AppError> {
    let user = coordinator(post)?;
    let id = target_id(post)?;
    let day = parse_date(post.text("meeting_on")).map_err(|key| AppError::field("meeting_on", key))?;
    db::take_step(post.pool(), user.id, id, &Step::Meeting(day), "").await?;
    Ok(Done::to(back_to(id)).with_notice("msg.application.meeting", &[("date", crate::components::format::date(day))]))
}

/// `waitlist:{application}`.
pub async fn waitlist(post: &FormPost) -> Result<Done, AppError> {
    let user = coordinator(post)?;
    let id = target_id(post)?;
    db::take_step(post.pool(), user.id, id, &Step::Waitlist, "").await?;
    Ok(Done::to(back_to(id)).with_notice("msg.application.waitlisted", &[]))
}

/// `decline:{application}`: a reason category, and a note (required for "anders").
pub async fn decline(post: &FormPost) -> Result<Done, AppError> {
    let user = coordinator(post)?;
    let id = target_id(post)?;
    let reason = DeclineReason::parse(post.text("reason")).map_err(|key| AppError::field("reason", key))?;
    let note = note_of(post, "decline_note", reason == DeclineReason::Other)?;
    db::take_step(post.pool(), user.id, id, &Step::Decline(reason), &note).await?;
    Ok(Done::to(back_to(id)).with_notice("msg.application.declined", &[]))
}

/// `withdraw_application:{application}`: the applicant let us know they stop.
pub async fn withdraw(post: &FormPost) -> Result<Done, AppError> {
    let user = coordinator(post)?;
    let id = target_id(post)?;
    db::take_step(post.pool(), user.id, id, &Step::Withdraw, "").await?;
    Ok(Done::to(back_to(id)).with_notice("msg.application.withdrawn", &[]))
}

/// `note_application:{application}`.
pub async fn note(post: &FormPost) -> Result<Done, AppError> {
    let user = coordinator(post)?;
    let id = target_id(post)?;
    let note = note_of(post, "note", true)?;
    db::add_note(post.pool(), user.id, id, &note).await?;
    Ok(Done::to(back_to(id)).with_notice("msg.application.noted", &[]))
}

/// `admit:{application}`: the account in the cohort and the invitation mail, in one step.
pub async fn admit(post: &FormPost) -> Result<Done, AppError> {
    let user = coordinator(post)?;
    let id = target_id(post)?;
    let state = &post.state;
    let token = tokens::new_token();
    let expires = chrono::Utc::now() + chrono::Duration::from_std(state.config.invitation_valid_for).map_err(|_| AppError::Internal)?;
    let expires_at = expires.to_rfc3339();
    let params = [("until", clock::amsterdam_time(&expires_at))];
    let mail = Letter { kind: MailKind::Invitation, params: &params, link_path: Some(format!("/wachtwoord/{token}")), ics: None, about: None };
    let admission = Admission { token_hash: &tokens::hash_token(&token), expires_at: &expires_at, mail: &mail };
    let (name, email) = db::admit(post.pool(), user.id, id, &admission).await?;
    Ok(Done::to(back_to(id)).with_notice("msg.application.admitted", &[("name", name), ("email", email)]))
}
