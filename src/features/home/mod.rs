//! The start page: what each role needs first.
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use crate::server::{api::run, auth, context};
use crate::{
    components::page::{Loading, PageError, PageTitle},
    domain::Role,
    error::AppError,
    features::{
        accounts::PageContext,
        backups::BackupStatusCard,
        privacy::RetentionDueCard,
        cohorts::{CohortList, CohortSummary},
        participant::ParticipantHome,
    },
    i18n::{tr, tr_count, use_lang},
};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrainerDashboard {
    /// Sessions today, where attendance is to be recorded.
    pub today: Vec<crate::features::programme::TodaySession>,
    /// POPs and GOPs handed in and waiting, oldest first.
    pub plans: crate::features::plans::WaitingPlans,
    pub pending: usize,
    /// Final interviews waiting for this trainer's judgement and signature.
    pub interviews: Vec<(i64, String, chrono::NaiveDate)>,
    /// One line per cohort (counts and links): a trainer of five cohorts of 200 gets
    /// five lines, not a thousand rows; the cohort page holds the table.
    pub cohorts: Vec<CohortSummary>,
}

/// The coordinator's home in one load: what waits for anonymisation, the backups,
/// the cohorts. One server function running its queries one after another: each
/// view holds at most one database connection at a time. (Three cards loading
/// side by side each held one while waiting to be polled again, and eight
/// simultaneous views used up the pool: none finished.)
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CoordinatorDashboard {
    pub retention_waiting: i64,
    /// Applications nobody has taken a step on yet.
    pub new_applications: i64,
    pub backups: crate::features::backups::BackupStatus,
    pub cohorts: Vec<CohortSummary>,
}

#[server(endpoint = "coordinator_dashboard")]
pub async fn load_coordinator_dashboard() -> Result<CoordinatorDashboard, AppError> {
    run("coordinator_dashboard", async {
        auth::current_user().await?.require(Role::Coordinator)?;
        let state = context::state()?;
        Ok(CoordinatorDashboard {
            retention_waiting: crate::features::privacy::retention::waiting_total(&state.pool).await?,
            new_applications: crate::features::applications::new_total(&state.pool).await?,
            backups: crate::features::backups::backup_status(&state).await?,
            cohorts: crate::features::cohorts::db::all_cohorts(&state.pool).await?,
        })
    })
    .await
}

#[server(endpoint = "trainer_dashboard")]
pub async fn load_trainer_dashboard() -> Result<TrainerDashboard, AppError> {
    run("trainer_dashboard", async {
        let user = auth::current_user().await?;
        user.require(Role::Trainer)?;
        let pool = context::pool()?;
        let cohorts = crate::features::cohorts::db::trainer_cohorts(&pool, user.id).await?;
        // The waiting entries are exactly those counted per cohort in the list.
        let pending = cohorts.iter().map(|c| c.pending_count as usize).sum();
        let interviews = crate::features::interview::db::waiting_for_assessor(&pool, user.id).await?;
        let today = crate::features::programme::db::trainer_sessions_today(&pool, user.id).await?;
        let plans = crate::features::plans::db::waiting_plans(&pool, user.id).await?;
        Ok(TrainerDashboard { today, plans, pending, interviews, cohorts })
    })
    .await
}

pub type PageContextResource = Resource<Result<PageContext, AppError>>;

#[component]
pub fn HomePage() -> impl IntoView {
    let context = expect_context::<PageContextResource>();
    view! {
        <Suspense fallback=Loading>
            {Suspend::new(async move {
                match context.await.map(|c| c.user) {
                    Ok(Some(user)) => match user.role {
                        Role::Participant => view! { <ParticipantHome /> }.into_any(),
                        Role::Trainer => view! { <TrainerHome /> }.into_any(),
                        Role::Coordinator => view! { <CoordinatorHome /> }.into_any(),
                    },
                    Ok(None) => view! { <PageError error=AppError::Unauthorized /> }.into_any(),
                    Err(e) => view! { <PageError error=e /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn TrainerHome() -> impl IntoView {
    let lang = use_lang();
    view! {
        <PageTitle text=tr(lang, "page.home.trainer") />
        <Suspense fallback=Loading>
            {Suspend::new(async move {
                match load_trainer_dashboard().await {
                    Err(e) => view! { <PageError error=e /> }.into_any(),
                    Ok(d) => view! {
                        // What to do now first: today's sessions, then what waits for a decision.
                        {(!d.today.is_empty()).then(|| view! {
                            <section class="card" aria-labelledby="today-title">
                                <h2 id="today-title">{tr(lang, "label.today_sessions")}</h2>
                                <ul>
                                    {d.today.iter().map(|s| {
                                        let state = if s.recorded >= s.expected && s.expected > 0 {
                                            tr(lang, "label.attendance_done")
                                        } else {
                                            tr(lang, "label.attendance_open")
                                        };
                                        view! {
                                            <li>
                                                <a href=format!("/bijeenkomsten/{}", s.id)>
                                                    {format!("{}–{} · {} ({})", s.starts_at, s.ends_at, s.title, s.cohort_name)}
                                                </a>
                                                {format!(" · {state}")}
                                            </li>
                                        }
                                    }).collect_view()}
                                </ul>
                            </section>
                        })}
                        <p class="card waiting">
                            <a class="button primary" href="/beoordelen">
                                {tr_count(lang, "label.waiting", d.pending as i64)}
                            </a>
                        </p>
                        {(!d.plans.oldest.is_empty()).then(|| view! {
                            <section class="card" aria-labelledby="plans-title">
                                <h2 id="plans-title">{tr(lang, "page.review.plans").replace("{count}", &d.plans.total.to_string())}</h2>
                                {(d.plans.total > d.plans.oldest.len() as i64).then(|| view! {
                                    <p>{tr(lang, "page.review.plans_oldest").replace("{shown}", &d.plans.oldest.len().to_string())}</p>
                                })}
                                <ul>
                                    {d.plans.oldest.iter().map(|p| view! {
                                        <li>
                                            <a href=format!("/plannen/{}", p.plan_id)>
                                                {tr(lang, p.kind.label_key()).replace("{owner}", &p.owner)}
                                            </a>
                                            {format!(" · {} · {}", p.cohort_name, tr(lang, "plan.version").replace("{number}", &p.version.to_string()))}
                                        </li>
                                    }).collect_view()}
                                </ul>
                            </section>
                        })}
                        {(!d.interviews.is_empty()).then(|| view! {
                            <section class="card" aria-labelledby="interviews-title">
                                <h2 id="interviews-title">{tr(lang, "label.interviews_waiting")}</h2>
                                <ul>
                                    {d.interviews.iter().map(|(id, name, held_on)| view! {
                                        <li><a href=format!("/eindgesprekken/{id}")>{format!("{name} · {}", crate::components::format::date(*held_on))}</a></li>
                                    }).collect_view()}
                                </ul>
                            </section>
                        })}
                        {if d.cohorts.is_empty() {
                            view! { <p>{tr(lang, "page.home.trainer_no_cohorts")}</p> }.into_any()
                        } else {
                            view! { <CohortList cohorts=d.cohorts /> }.into_any()
                        }}
                        <p><a href="/agenda">{tr(lang, "action.to_calendar")}</a></p>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn CoordinatorHome() -> impl IntoView {
    let lang = use_lang();
    view! {
        <PageTitle text=tr(lang, "page.home.coordinator") />
        <p class="button-row">
            <a class="button primary" href="/cohorten/nieuw">{tr(lang, "action.new_cohort")}</a>
            <a class="button" href="/uitnodigen">{tr(lang, "action.invite")}</a>
        </p>
        <Suspense fallback=Loading>
            {Suspend::new(async move {
                match load_coordinator_dashboard().await {
                    Err(e) => view! { <PageError error=e /> }.into_any(),
                    Ok(d) => view! {
                        {(d.new_applications > 0).then(|| view! {
                            <p class="card waiting">
                                <a class="button primary" href="/aanmeldingen">{tr_count(lang, "label.new_applications", d.new_applications)}</a>
                            </p>
                        })}
                        <RetentionDueCard waiting=d.retention_waiting />
                        <BackupStatusCard status=d.backups />
                        <CohortList cohorts=d.cohorts />
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}
