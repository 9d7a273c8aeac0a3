//! One folder per feature: server functions, form actions, server-only `db`, and pages.
pub mod accounts;
pub mod calendar;
pub mod certificates;
pub mod cohorts;
pub mod home;
pub mod hours;
pub mod interview;
pub mod plans;
pub mod programme;
pub mod requirements;

#[cfg(feature = "ssr")]
use crate::{
    error::AppError,
    server::forms::{Done, FormPost},
};

/// Every form of the app by the action part of its `_form` name. `None` for a name
/// no form carries. Each action checks the sender's role and ownership itself.
#[cfg(feature = "ssr")]
pub async fn handle_form(action: &str, post: &FormPost) -> Option<Result<Done, AppError>> {
    Some(match action {
        "login" => accounts::actions::login(post).await,
        "logout" => accounts::actions::logout(post).await,
        "invite" => accounts::actions::invite(post).await,
        "accept_invitation" => accounts::actions::accept_invitation(post).await,
        "password_link" => accounts::actions::password_link(post).await,
        "create_cohort" => cohorts::actions::create(post).await,
        "assign_trainer" => cohorts::actions::assign_trainer(post).await,
        "update_cohort_rules" => cohorts::actions::update_rules(post).await,
        "log_hours" => hours::actions::log(post).await,
        "update_hours" => hours::actions::update(post).await,
        "withdraw" => hours::actions::withdraw(post).await,
        "decide" => hours::actions::decide(post).await,
        "add_session" => programme::actions::add_session(post).await,
        "add_group" => programme::actions::add_group(post).await,
        "place_in_group" => programme::actions::place_in_group(post).await,
        "record_attendance" => programme::actions::record_attendance(post).await,
        "cancel_session" => programme::actions::cancel_session(post).await,
        "edit_session" => programme::actions::edit_session(post).await,
        "calendar_link" => calendar::actions::make_link(post).await,
        "calendar_revoke" => calendar::actions::revoke(post).await,
        "choose_training" => programme::actions::choose_training(post).await,
        "drop_training" => programme::actions::drop_training(post).await,
        "upload_plan" => plans::actions::upload(post).await,
        "write_plan" => plans::actions::write(post).await,
        "submit_plan" => plans::actions::submit(post).await,
        "decide_plan" => plans::actions::decide(post).await,
        "reopen_plan" => plans::actions::reopen(post).await,
        "save_criteria" => interview::actions::save_criteria(post).await,
        "schedule_interview" => interview::actions::schedule(post).await,
        "cancel_interview" => interview::actions::cancel(post).await,
        "judge_interview" => interview::actions::judge(post).await,
        "issue_certificate" => certificates::actions::issue(post).await,
        "revoke_certificate" => certificates::actions::revoke(post).await,
        "verify_pdf" => certificates::actions::verify_pdf(post).await,
        _ => return None,
    })
}
