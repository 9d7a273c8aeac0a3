//! The programme of a cohort: sessions (lessons, elective trainings, intervision),
//! intervision groups, attendance, and the learning hours attendance earns.
#[cfg(feature = "ssr")]
pub mod actions;
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod exports;
mod figures;
#[cfg(feature = "ssr")]
pub mod jobs;
mod own_track;
mod pages;

pub use figures::{tally_detail, AttendanceBars};
pub use own_track::MyProgrammePage;
pub use pages::{AttendancePage, EditSessionPage, GroupsPage, NewSessionPage, ProgrammePage};

/// What this feature adds to the site besides its pages (assembled in `app::site`).
#[cfg(feature = "ssr")]
pub const FEATURE: crate::server::site::Feature = crate::server::site::Feature {
    forms: crate::form_actions![
        "add_session" => actions::add_session,
        "add_group" => actions::add_group,
        "place_in_group" => actions::place_in_group,
        "record_attendance" => actions::record_attendance,
        "cancel_session" => actions::cancel_session,
        "edit_session" => actions::edit_session,
        "choose_training" => actions::choose_training,
        "drop_training" => actions::drop_training,
    ],
    routes: || {
        use axum::routing::get;
        // Spreadsheet downloads of a cohort's programme (each checks the caller itself).
        axum::Router::new()
            .route("/cohorten/{id}/aanwezigheid.csv", get(exports::cohort_attendance))
            .route("/cohorten/{id}/uren.csv", get(exports::cohort_hours))
            .route("/bijeenkomsten/{id}/aanwezigheid.csv", get(exports::session_attendance))
    },
    jobs: jobs::JOBS,
    ..crate::server::site::Feature::PAGES_ONLY
};

use chrono::NaiveDate;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use crate::server::{api::run, auth, context};
use crate::{
    domain::{AttendanceStatus, SessionKind, SessionStatus},
    error::AppError,
};

/// Someone listed by name (a trainer, a group member).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    pub id: i64,
    pub name: String,
}

/// A session held today in one of a trainer's cohorts: where attendance is recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TodaySession {
    pub id: i64,
    pub title: String,
    pub starts_at: String,
    pub ends_at: String,
    pub cohort_name: String,
    /// Participants the session applies to, and how many have an attendance line.
    pub expected: i64,
    pub recorded: i64,
}

/// One session as lists show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionSummary {
    pub id: i64,
    pub kind: SessionKind,
    pub title: String,
    pub held_on: NaiveDate,
    pub starts_at: String,
    pub ends_at: String,
    pub minutes: i64,
    pub place: Option<String>,
    pub online_url: Option<String>,
    pub capacity: Option<i64>,
    pub group_name: Option<String>,
    pub status: SessionStatus,
    pub trainers: Vec<String>,
    /// Participants the session applies to (the `expected_attendance` table, kept by the rule).
    pub expected: i64,
    /// Of those, how many have an attendance line.
    pub recorded: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupSummary {
    pub id: i64,
    pub name: String,
    pub members: Vec<Person>,
}

/// A cohort's programme page: its sessions by date, and how far the groups are made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CohortProgramme {
    pub cohort_id: i64,
    pub cohort_name: String,
    /// This page of the sessions still to come, soonest first ([`SESSIONS_PER_LIST`]).
    pub upcoming: SessionList,
    /// This page of the sessions held, the latest first.
    pub held: SessionList,
    /// The groups and who is in none are on their own page ([`CohortGroups`]); the
    /// programme says how many (a cohort of 500 listed twice was half the page).
    pub group_count: i64,
    /// Active participants in no group.
    pub ungrouped_count: i64,
}

/// A cohort's groups page: each intervision group with its members, and who is in none.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CohortGroups {
    pub cohort_id: i64,
    pub cohort_name: String,
    /// By name, each with its members by name.
    pub groups: Vec<GroupSummary>,
    /// Active participants in no group, by name.
    pub ungrouped: Vec<Person>,
}

/// What the form for a new session offers: the cohort's period, its groups and trainers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionChoices {
    pub cohort_id: i64,
    pub cohort_name: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub groups: Vec<Person>,
    pub trainers: Vec<Person>,
}

/// Sessions per list on a cohort's programme; a long programme pages on (`?komend=`, `?gehouden=`).
pub const SESSIONS_PER_LIST: i64 = 20;

/// One page of a list of sessions, and how many there are in all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionList {
    pub sessions: Vec<SessionSummary>,
    pub total: i64,
    /// 1 for the first page.
    pub page: i64,
}

impl SessionList {
    pub fn pages(&self) -> i64 {
        ((self.total + SESSIONS_PER_LIST - 1) / SESSIONS_PER_LIST).max(1)
    }
}

/// The attendance form of one session: everyone it applies to, with what is recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttendanceSheet {
    pub cohort_id: i64,
    pub cohort_name: String,
    /// `expected` and `recorded` count everyone the session applies to, not only this page.
    pub session: SessionSummary,
    /// This page of the people the session applies to, by name ([`SHEET_ROWS_PER_PAGE`]).
    pub rows: Vec<SheetRow>,
    /// The last participant on this page, when more follow (`?na=`).
    pub next_after: Option<i64>,
    /// This is not the first page.
    pub paged: bool,
    pub today: NaiveDate,
}

/// People per page of an attendance sheet: a large lesson is recorded a page at a time.
pub const SHEET_ROWS_PER_PAGE: i64 = 50;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SheetRow {
    pub participant_id: i64,
    pub name: String,
    pub status: Option<AttendanceStatus>,
    pub remark: Option<String>,
    /// Time credited when it differs from the session's length (left early), in quarters.
    pub credited_quarters: Option<i64>,
}

/// Attendance over the sessions that applied to a participant and have been held.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttendanceTally {
    pub held: i64,
    pub present: i64,
    pub late: i64,
    pub absent: i64,
    pub excused: i64,
}

impl AttendanceTally {
    pub fn attended(&self) -> i64 {
        self.present + self.late
    }

    /// Sessions held but not (yet) recorded: not counted either way.
    pub fn unrecorded(&self) -> i64 {
        self.held - self.present - self.late - self.absent - self.excused
    }

    /// Share attended of the recorded sessions, in whole percent; excused absence
    /// counts against the participant only if the cohort says so. `None`: nothing recorded.
    pub fn percent(&self, excused_counts_as_absent: bool) -> Option<i64> {
        let counted = self.attended() + self.absent + if excused_counts_as_absent { self.excused } else { 0 };
        (counted > 0).then(|| self.attended() * 100 / counted)
    }
}

/// What a participant's home and record show of the programme.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttendanceFigures {
    /// Lessons and the participant's chosen trainings.
    pub lessons: AttendanceTally,
    pub intervision: AttendanceTally,
    pub excused_counts_as_absent: bool,
    /// Learning hours earned by attending, in quarters (approved: a trainer recorded them).
    pub session_quarters: i64,
}

/// The database, once the caller is shown to run this cohort's programme (a coordinator
/// or a trainer of the cohort): participants 403, others and unknown cohorts 404.
#[cfg(feature = "ssr")]
async fn cohort_runner_pool(cohort_id: i64) -> Result<sqlx::SqlitePool, AppError> {
    let user = auth::current_user().await?;
    let pool = context::pool()?;
    crate::authz::staff_of_cohort(&pool, &user, cohort_id).await?;
    Ok(pool)
}

/// A cohort's programme, for its trainers and the coordinators.
#[server(endpoint = "cohort_programme")]
pub async fn load_cohort_programme(
    #[server(default)] cohort_id: i64,
    #[server(default)] upcoming_page: Option<i64>,
    #[server(default)] held_page: Option<i64>,
) -> Result<CohortProgramme, AppError> {
    run("cohort_programme", async move {
        let pool = cohort_runner_pool(cohort_id).await?;
        let pages = (upcoming_page.unwrap_or(1).max(1), held_page.unwrap_or(1).max(1));
        db::cohort_programme(&pool, cohort_id, pages).await?.ok_or(AppError::NotFound)
    })
    .await
}

/// A cohort's intervision groups, for its trainers and the coordinators.
#[server(endpoint = "cohort_groups")]
pub async fn load_cohort_groups(#[server(default)] cohort_id: i64) -> Result<CohortGroups, AppError> {
    run("cohort_groups", async move {
        let pool = cohort_runner_pool(cohort_id).await?;
        db::cohort_groups(&pool, cohort_id).await?.ok_or(AppError::NotFound)
    })
    .await
}

/// What a new session of a cohort can be, for its trainers and the coordinators.
#[server(endpoint = "session_choices")]
pub async fn load_session_choices(#[server(default)] cohort_id: i64) -> Result<SessionChoices, AppError> {
    run("session_choices", async move {
        let pool = cohort_runner_pool(cohort_id).await?;
        db::session_choices(&pool, cohort_id).await?.ok_or(AppError::NotFound)
    })
    .await
}

/// The database, once the caller is shown to run the programme of this session's cohort
/// (a coordinator or a trainer of the cohort): participants 403, others and unknown sessions 404.
#[cfg(feature = "ssr")]
async fn session_runner_pool(session_id: i64) -> Result<sqlx::SqlitePool, AppError> {
    let user = auth::current_user().await?;
    let pool = context::pool()?;
    crate::authz::staff_of_found_cohort(&pool, &user, db::session_cohort(&pool, session_id).await?).await?;
    Ok(pool)
}

/// One session's attendance form, for the cohort's trainers and the coordinators.
#[server(endpoint = "attendance_sheet")]
pub async fn load_attendance_sheet(
    #[server(default)] session_id: i64,
    #[server(default)] after: Option<i64>,
) -> Result<AttendanceSheet, AppError> {
    run("attendance_sheet", async move {
        let pool = session_runner_pool(session_id).await?;
        db::attendance_sheet(&pool, session_id, after).await?.ok_or(AppError::NotFound)
    })
    .await
}

/// A session's edit form: what is stored and what it may change to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionEditor {
    pub id: i64,
    pub cohort_id: i64,
    pub cohort_name: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub kind: SessionKind,
    pub title: String,
    pub held_on: NaiveDate,
    pub starts_at: String,
    pub ends_at: String,
    pub place: Option<String>,
    pub online_url: Option<String>,
    pub capacity: Option<i64>,
    pub group_id: Option<i64>,
    pub status: SessionStatus,
    pub trainer_ids: Vec<i64>,
    pub groups: Vec<Person>,
    /// The cohort's trainers, to choose from.
    pub trainers: Vec<Person>,
    /// Participants who chose this training: the capacity cannot go below it.
    pub chosen: i64,
}

/// A session's edit form, for the cohort's trainers and the coordinators.
#[server(endpoint = "session_editor")]
pub async fn load_session_editor(#[server(default)] session_id: i64) -> Result<SessionEditor, AppError> {
    run("session_editor", async move {
        let pool = session_runner_pool(session_id).await?;
        db::session_editor(&pool, session_id).await?.ok_or(AppError::NotFound)
    })
    .await
}

/// A training of the offer as the participant choosing sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrainingOffer {
    pub session: SessionSummary,
    /// How many have chosen it (the summary's `expected` counts only those who joined before it).
    pub chosen_count: i64,
    pub chosen_by_me: bool,
    /// Still open to change: it has not started.
    pub open: bool,
}

/// A session in the participant's own schedule, with their attendance once recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScheduledSession {
    pub session: SessionSummary,
    pub attendance: Option<AttendanceStatus>,
}

/// The participant's own track: the training offer and their schedule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyProgramme {
    pub trainings_required: i64,
    pub offer: Vec<TrainingOffer>,
    /// Sessions that apply to them, upcoming first (soonest first), then held (latest first).
    pub upcoming: Vec<ScheduledSession>,
    pub held: Vec<ScheduledSession>,
}

/// The calling participant's training offer and schedule.
#[server(endpoint = "my_programme")]
pub async fn load_my_programme() -> Result<MyProgramme, AppError> {
    run("my_programme", async {
        let user = auth::current_user().await?;
        user.require(crate::domain::Role::Participant)?;
        db::my_programme(&context::pool()?, user.id).await
    })
    .await
}
