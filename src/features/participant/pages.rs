//! The participant's home and their record: one person's hours, attendance, plans,
//! final step and certificate on one page, put together from the features that keep them.
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::ParticipantRecord;
use crate::{
    components::{
        format::{date, hours},
        page::{page_number, Loaded, PageTitle, Pager},
        progress::HoursProgress,
    },
    domain::AuditAction,
    features::{
        certificates::CertificateCard,
        enrolment::{AwayNotice, StintList},
        hours::{AuditLine, EntryList, HoursOverview, MonthGroups},
        programme::AttendanceBars,
        requirements::RequirementsChecklist,
    },
    form::{FormState, PostForm},
    i18n::{tr, use_lang, Lang},
};

/// The participant's home, for the phone: progress, what needs doing, the latest entries.
#[component]
pub fn ParticipantHome() -> impl IntoView {
    let lang = use_lang();
    view! {
        <PageTitle text=tr(lang, "page.home.participant") />
        <Loaded load=crate::features::hours::my_hours() view=move |o| view! { <HomeBody overview=o /> } />
    }
}

#[component]
fn HomeBody(overview: HoursOverview) -> impl IntoView {
    let lang = use_lang();
    let o = overview;
    let more_rejected = (o.standing.rejected_count > o.rejected.len() as i64).then(|| {
        view! {
            <p><a href="/uren?status=afgekeurd">{tr(lang, "action.all_rejected").replace("{count}", &o.standing.rejected_count.to_string())}</a></p>
        }
    });
    // What to do first, then what is still missing, then the figures behind it.
    view! {
        {o.standing.final_step.certificate.clone().map(|certificate| view! { <CertificateCard certificate /> })}
        {match o.away.clone() {
            Some(away) => view! { <AwayNotice away cohort=o.cohort_name.clone() /> }.into_any(),
            None => view! { <NextStep overview=o.clone() /> }.into_any(),
        }}
        <RequirementsChecklist overview=o.clone() />
        {o.standing.final_step.interview_id.filter(|_| o.standing.final_step.certificate.is_none()).map(|id| view! {
            <p><a href=format!("/eindgesprekken/{id}")>{tr(lang, "action.my_interview")}</a></p>
        })}
        <Progress overview=o.clone() own=true />
        {(!o.rejected.is_empty()).then(|| view! {
            <section aria-labelledby="rejected-title">
                <h2 id="rejected-title">{tr(lang, "label.rejected_entries")}</h2>
                <EntryList entries=o.rejected.clone() editable=true back="/" />
                {more_rejected}
            </section>
        })}
        <section aria-labelledby="latest-title">
            <h2 id="latest-title">{tr(lang, "label.latest_entries")}</h2>
            {if o.latest.is_empty() && o.rejected.is_empty() {
                view! { <p>{tr(lang, "page.home.no_entries")}</p> }.into_any()
            } else {
                view! { <EntryList entries=o.latest.clone() editable=true back="/" /> }.into_any()
            }}
            {(o.standing.entry_count > 0).then(|| view! {
                <p><a class="button" href="/uren">{tr(lang, "action.all_entries").replace("{count}", &o.standing.entry_count.to_string())}</a></p>
            })}
        </section>
        <p><a href="/mijn-gegevens">{tr(lang, "action.my_data")}</a></p>
    }
}

/// What to do now: correct what was rejected, log hours, or wait for review.
#[component]
fn NextStep(overview: HoursOverview) -> impl IntoView {
    let lang = use_lang();
    let t = &overview.standing.totals;
    let r = &overview.requirements;
    let pending_quarters = t.pending_learning + t.pending_practice;
    let hours_done = t.learning_total() >= r.learning_quarters && t.approved_practice >= r.practice_quarters;
    // Before the cohort starts there is nothing to log yet: say when it starts instead.
    let not_started = overview.today < overview.cohort_starts_on;
    view! {
        <section class="card next-step" aria-labelledby="next-title">
            <h2 id="next-title">{tr(lang, "label.next_step")}</h2>
            <ul>
                {(overview.standing.rejected_count > 0).then(|| view! {
                    <li>{tr(lang, "label.next.correct").replace("{count}", &overview.standing.rejected_count.to_string())}</li>
                })}
                {(overview.standing.pending_count > 0).then(|| view! {
                    <li>{tr(lang, "label.next.waiting")
                        .replace("{count}", &overview.standing.pending_count.to_string())
                        .replace("{hours}", &hours(lang, pending_quarters))}</li>
                })}
                {if not_started {
                    view! { <li>{tr(lang, "page.new_entry.not_started")
                        .replace("{cohort}", &overview.cohort_name).replace("{date}", &date(overview.cohort_starts_on))}</li> }.into_any()
                } else if hours_done {
                    view! { <li>{tr(lang, "label.next.hours_done")}</li> }.into_any()
                } else {
                    view! { <li>{tr(lang, "label.next.log")}</li> }.into_any()
                }}
            </ul>
            {(!not_started).then(|| view! { <p><a class="button primary" href="/uren/nieuw">{tr(lang, "action.log_hours")}</a></p> })}
        </section>
    }
}

/// Hours and attendance against the requirements; `own`: the participant's own home
/// (with the way to their programme), not a trainer reading their record.
#[component]
fn Progress(overview: HoursOverview, #[prop(optional)] own: bool) -> impl IntoView {
    let lang = use_lang();
    let t = &overview.standing.totals;
    view! {
        <section class="card" aria-labelledby="progress-title">
            <h2 id="progress-title">{tr(lang, "label.progress")}</h2>
            <p class="muted">{format!("{} · {} – {}", overview.cohort_name, date(overview.cohort_starts_on), date(overview.cohort_ends_on))}</p>
            <HoursProgress label=tr(lang, "kind.leren") id="progress-leren"
                approved_quarters=t.learning_total() required_quarters=overview.requirements.learning_quarters
                pending_quarters=t.pending_learning
                note=(t.learning_from_sessions > 0).then(|| tr(lang, "label.hours_from_sessions")
                    .replace("{sessions}", &hours(lang, t.learning_from_sessions))
                    .replace("{entries}", &hours(lang, t.approved_learning))) />
            <HoursProgress label=tr(lang, "kind.praktijk") id="progress-praktijk"
                approved_quarters=t.approved_practice required_quarters=overview.requirements.practice_quarters
                pending_quarters=t.pending_practice />
            <AttendanceBars figures=overview.standing.attendance lesson_required=overview.requirements.lesson_attendance_percent
                intervision_required=overview.requirements.intervision_attendance_percent />
            {own.then(|| view! { <p><a class="button" href="/programma">{tr(lang, "action.my_programme")}</a></p> })}
        </section>
    }
}

/// A participant's record as their trainer or a coordinator sees it.
#[component]
pub fn ParticipantRecordPage() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let id = crate::components::page::path_id();
    let page = query.with_untracked(|q| page_number(q.get("pagina")));
    view! {
        <Loaded load=super::load_participant_record(id, page) view=move |ParticipantRecord { overview, entries, audit, can_manage_account, looks, placement, stints }| view! {
                        <PageTitle text=overview.participant_name.clone() />
                        {overview.away.clone().map(|away| view! { <p class="alert alert-info">{tr(lang, away.kind.label_key())}": "{
                            crate::components::format::long_date(lang, away.since)}</p> })}
                        <Progress overview=overview.clone() />
                        <RequirementsChecklist overview=overview.clone() />
                        {overview.standing.final_step.interview_id.map(|id| view! {
                            <p><a href=format!("/eindgesprekken/{id}")>{tr(lang, "interview.link")}</a></p>
                        })}
                        {overview.standing.final_step.certificate.clone().map(|certificate| view! { <CertificateCard certificate /> })}
                        <PlanLinks plans=overview.standing.plans />
                        <crate::features::workplace::PlacementCard placement />
                        <StintList stints />
                        {can_manage_account.then(|| view! {
                            <p><a href=format!("/deelnemers/{}/deelname", overview.participant_id)>{tr(lang, "action.enrolment")}</a></p>
                            <PasswordLinkForm account_id=overview.participant_id />
                            <p><a href=format!("/deelnemers/{}/wissen", overview.participant_id)>{tr(lang, "action.erase_on_request")}</a></p>
                        })}
                        <h2>{tr(lang, "label.entries_of").replace("{name}", &overview.participant_name)}</h2>
                        <MonthGroups page=entries.clone() editable=false />
                        <Pager page=entries.page pages=entries.pages base=format!("/deelnemers/{}?", overview.participant_id) />
                        <AuditTrail lines=audit lang />
                        {looks.map(|looks| view! {
                            <h2>{tr(lang, "label.looks")}</h2>
                            <crate::features::privacy::LooksTable looks />
                        })}
                    } />
    }
}

/// The label of a field the history shows (`hours::db` compares these), written out so
/// no key is built while the page renders.
fn audit_field_key(field: &str) -> Option<&'static str> {
    Some(match field {
        "name" => "label.audit_field.name",
        "email" => "label.audit_field.email",
        "role" => "label.audit_field.role",
        "worked_on" => "label.audit_field.worked_on",
        "quarters" => "label.audit_field.quarters",
        "kind" => "label.audit_field.kind",
        "description" => "label.audit_field.description",
        "place" => "label.audit_field.place",
        "rejection_reason" => "label.audit_field.rejection_reason",
        _ => return None,
    })
}

/// The history in words: when (Amsterdam time), who, what, and per field what it was and became.
#[component]
fn AuditTrail(lines: Vec<AuditLine>, lang: Lang) -> impl IntoView {
    view! {
        <h2>{tr(lang, "label.audit")}</h2>
        <ul class="audit">
            {lines.into_iter().map(|a| {
                let value = |field: &str, v: String| match field {
                    "kind" => crate::domain::HourKind::parse(&v).map(|k| tr(lang, k.label_key())).unwrap_or(v),
                    "role" => crate::domain::Role::parse(&v).map(|r| tr(lang, r.label_key())).unwrap_or(v),
                    "quarters" => v.parse().map(|q| hours(lang, q)).unwrap_or(v),
                    _ => v,
                };
                view! {
                    <li>
                        <span class="muted">{a.at}</span>" · "
                        {a.actor.unwrap_or_default()}" · "
                        <strong>{AuditAction::parse(&a.action).map(|action| tr(lang, action.label_key())).unwrap_or(a.action)}</strong>
                        {(a.subject_type == "hour_entry").then(|| format!(" #{}", a.subject_id))}
                        {(!a.changes.is_empty()).then(|| view! {
                            <ul class="changes">
                                {a.changes.into_iter().map(|c| {
                                    let field = audit_field_key(&c.field).map_or_else(|| c.field.replace('_', " "), |key| tr(lang, key));
                                    let text = match (c.before, c.after) {
                                        (Some(b), Some(n)) => format!("{field}: {} → {}", value(&c.field, b), value(&c.field, n)),
                                        (None, Some(n)) => format!("{field}: {}", value(&c.field, n)),
                                        (Some(b), None) => format!("{field}: {} → —", value(&c.field, b)),
                                        (None, None) => field,
                                    };
                                    view! { <li>{text}</li> }
                                }).collect_view()}
                            </ul>
                        })}
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}

/// For a coordinator: a new one-time link for a participant who forgot their password.
#[component]
fn PasswordLinkForm(account_id: i64) -> impl IntoView {
    let lang = use_lang();
    view! {
        <section class="card" aria-labelledby="account-title">
            <h2 id="account-title">{tr(lang, "label.account")}</h2>
            <p class="help">{tr(lang, "help.password_link")}</p>
            <PostForm form=FormState::new(format!("password_link:{account_id}"))>
                <button type="submit" class="button">{tr(lang, "action.password_link")}</button>
            </PostForm>
        </section>
    }
}

/// From a participant's record to their plans, for the trainer reading it.
#[component]
fn PlanLinks(plans: crate::features::plans::PlanStanding) -> impl IntoView {
    let lang = use_lang();
    let links: Vec<(i64, &str)> = [(plans.pop_id, "action.open_pop"), (plans.gop_id, "action.open_gop")]
        .into_iter()
        .filter_map(|(id, key)| id.map(|id| (id, key)))
        .collect();
    (!links.is_empty()).then(|| {
        view! {
            <p class="plan-links">
                {links.into_iter().map(|(id, key)| view! { <a class="button" href=format!("/plannen/{id}")>{tr(lang, key)}</a>" " }).collect_view()}
            </p>
        }
    })
}
