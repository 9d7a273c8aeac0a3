//! The coordinator's side: every cohort's applications counted (`/aanmeldingen`), one
//! cohort's list by status (`/cohorten/{id}/aanmeldingen`), and one application with
//! its answers, notes, history and the steps it can take (`/aanmeldingen/{id}`).
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::{
    load_application, load_cohort_applications, load_overview, ApplicationDetail, CohortApplications, CohortApplicationsSummary,
};
use crate::{
    components::{
        format::{date, long_date},
        page::{page_number, path_id, Loaded, PageTitle, Pager},
    },
    domain::{ApplicationStatus, DeclineReason},
    form::{FormState, PostForm, SelectField, TextArea, TextField},
    i18n::{tr, tr_count, use_lang},
};

#[component]
pub fn ApplicationsPage() -> impl IntoView {
    let lang = use_lang();
    view! {
        <PageTitle text=tr(lang, "page.applications.title") />
        <p>{tr(lang, "page.applications.intro")}</p>
        <p><a href="/leerlijn">{tr(lang, "action.public_page")}</a></p>
        <Loaded load=load_overview() view=move |cohorts| view! {
            <ul class="card-list">
                {cohorts.into_iter().map(|c| view! { <li class="card"><SummaryCard summary=c /></li> }).collect_view()}
            </ul>
        } />
    }
}

/// A cohort's applications in one card: open or not, places, counts that link to the list.
#[component]
fn SummaryCard(summary: CohortApplicationsSummary) -> impl IntoView {
    let lang = use_lang();
    let id = summary.cohort_id;
    let places = match summary.capacity {
        Some(c) => tr(lang, "label.places_taken").replace("{taken}", &summary.participants.to_string()).replace("{places}", &c.to_string()),
        None => tr_count(lang, "label.participants_count", summary.participants),
    };
    view! {
        <h2><a href=format!("/cohorten/{id}/aanmeldingen")>{summary.cohort_name.clone()}</a></h2>
        <p>
            {tr(lang, if summary.applications_open { "label.applications_open" } else { "label.applications_closed" })}
            {format!(" · {} · {places}", tr(lang, "track.next.starts").replace("{date}", &date(summary.starts_on)))}
        </p>
        <StatusCounts summary=summary.clone() current=None />
        <p class="button-row">
            <a class="button" href=format!("/cohorten/{id}/toelating")>{tr(lang, "action.admission_settings")}</a>
        </p>
    }
}

/// The counts per status as links to the list filtered by it.
#[component]
fn StatusCounts(summary: CohortApplicationsSummary, current: Option<ApplicationStatus>) -> impl IntoView {
    let lang = use_lang();
    let id = summary.cohort_id;
    view! {
        <ul class="status-counts">
            <li><a href=format!("/cohorten/{id}/aanmeldingen") aria-current=current.is_none().then_some("page")>
                {format!("{}: {}", tr(lang, "label.all"), summary.counts.total())}
            </a></li>
            {ApplicationStatus::ALL.iter().map(|s| view! {
                <li><a href=format!("/cohorten/{id}/aanmeldingen?status={}", s.code()) aria-current=(current == Some(*s)).then_some("page")>
                    {format!("{}: {}", tr(lang, s.label_key()), summary.counts.of(*s))}
                </a></li>
            }).collect_view()}
        </ul>
    }
}

#[component]
pub fn CohortApplicationsPage() -> impl IntoView {
    let cohort_id = path_id();
    let (status, page) = use_query_map().with_untracked(|q| (q.get("status").unwrap_or_default(), page_number(q.get("pagina"))));
    view! { <Loaded load=load_cohort_applications(cohort_id, status, page) view=move |list| view! { <CohortList list /> } /> }
}

#[component]
fn CohortList(list: CohortApplications) -> impl IntoView {
    let lang = use_lang();
    let id = list.summary.cohort_id;
    let base = match list.status {
        Some(s) => format!("/cohorten/{id}/aanmeldingen?status={}&", s.code()),
        None => format!("/cohorten/{id}/aanmeldingen?"),
    };
    let waitlist = list.status == Some(ApplicationStatus::Waitlisted);
    view! {
        <PageTitle text=tr(lang, "page.cohort_applications.title").replace("{cohort}", &list.summary.cohort_name) />
        <p><a href="/aanmeldingen">{tr(lang, "action.all_applications")}</a></p>
        <StatusCounts summary=list.summary.clone() current=list.status />
        {if list.rows.is_empty() {
            view! { <p>{tr(lang, "page.cohort_applications.empty")}</p> }.into_any()
        } else {
            view! {
                <div class="table-wrap">
                    <table>
                        <thead>
                            <tr>
                                {waitlist.then(|| view! { <th scope="col">{tr(lang, "label.waitlist_place")}</th> })}
                                <th scope="col">{tr(lang, "label.name")}</th>
                                <th scope="col">{tr(lang, "label.applied_on")}</th>
                                <th scope="col">{tr(lang, "label.status")}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {list.rows.into_iter().map(|r| {
                                let status = match (r.status, r.meeting_on) {
                                    (ApplicationStatus::MeetingPlanned, Some(day)) => format!("{} ({})", tr(lang, r.status.label_key()), date(day)),
                                    (ApplicationStatus::Waitlisted, _) => format!("{} ({})", tr(lang, r.status.label_key()), r.waitlist_place.unwrap_or(0)),
                                    _ => tr(lang, r.status.label_key()),
                                };
                                view! {
                                    <tr>
                                        {waitlist.then(|| view! { <td>{r.waitlist_place.unwrap_or(0)}</td> })}
                                        <td><a href=format!("/aanmeldingen/{}", r.id)>{r.name}</a></td>
                                        <td>{date(r.applied_on)}</td>
                                        <td>{status}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }.into_any()
        }}
        <Pager page=list.page pages=list.pages base />
        <p class="downloads">
            {tr(lang, "label.downloads")}": "
            <a href=format!("/cohorten/{id}/aanmeldingen.csv") download>{tr(lang, "action.download_applications")}</a>
        </p>
        <p><a class="button" href=format!("/cohorten/{id}/toelating")>{tr(lang, "action.admission_settings")}</a></p>
    }
}

#[component]
pub fn ApplicationPage() -> impl IntoView {
    let id = path_id();
    view! { <Loaded load=load_application(id) view=move |a| view! { <Application a /> } /> }
}

#[component]
fn Application(a: ApplicationDetail) -> impl IntoView {
    let lang = use_lang();
    let cohort_id = a.summary.cohort_id;
    let status_text = match (a.status, a.meeting_on, a.waitlist_place) {
        (ApplicationStatus::MeetingPlanned, Some(day), _) => format!("{} ({})", tr(lang, a.status.label_key()), long_date(lang, day)),
        (ApplicationStatus::Waitlisted, _, Some(place)) => {
            format!("{} ({})", tr(lang, a.status.label_key()), tr(lang, "label.waitlist_place_n").replace("{place}", &place.to_string()))
        }
        (ApplicationStatus::Declined, _, _) => format!(
            "{} ({})",
            tr(lang, a.status.label_key()),
            a.decline_reason.map(|r| tr(lang, r.label_key())).unwrap_or_default()
        ),
        _ => tr(lang, a.status.label_key()),
    };
    let training = if a.training.is_empty() {
        tr(lang, "label.no_training_yet")
    } else {
        a.training_year.map_or(a.training.clone(), |y| format!("{} ({y})", a.training))
    };
    let in_play = matches!(a.status, ApplicationStatus::New | ApplicationStatus::MeetingPlanned | ApplicationStatus::Waitlisted);
    view! {
        <PageTitle text=tr(lang, "page.application.title").replace("{name}", &a.name) />
        <p><a href=format!("/cohorten/{cohort_id}/aanmeldingen")>{tr(lang, "action.back_to_applications").replace("{cohort}", &a.summary.cohort_name)}</a></p>
        <p class="card status-line"><strong>{tr(lang, "label.status")}": "</strong>{status_text}</p>
        {a.user_id.map(|user| view! {
            <p><a href=format!("/deelnemers/{user}")>{tr(lang, "action.to_record")}</a></p>
        })}
        {a.erased_on.map(|day| view! { <p class="muted">{tr(lang, "label.erased_on").replace("{date}", &long_date(lang, day))}</p> })}
        {in_play.then(|| view! { <Steps a=a.clone() /> })}
        <h2>{tr(lang, "page.application.details")}</h2>
        <dl class="details">
            <dt>{tr(lang, "field.email")}</dt><dd>{a.email.clone()}</dd>
            <dt>{tr(lang, "field.apply.phone")}</dt><dd>{if a.phone.is_empty() { "—".to_owned() } else { a.phone.clone() }}</dd>
            <dt>{tr(lang, "label.applied_on")}</dt><dd>{a.applied_at.clone()}</dd>
            <dt>{tr(lang, "field.apply.training")}</dt><dd>{training}</dd>
            <dt>{tr(lang, "field.apply.placement")}</dt><dd>{a.placement.clone()}</dd>
        </dl>
        <h3>{tr(lang, "field.apply.experience")}</h3>
        <p class="prose">{a.experience.clone()}</p>
        <h3>{tr(lang, "field.apply.motivation")}</h3>
        <p class="prose">{a.motivation.clone()}</p>
        {(!a.answers.is_empty()).then(|| view! {
            <h2>{tr(lang, "page.apply.requirements")}</h2>
            <ul class="card-list">
                {a.answers.iter().map(|x| view! {
                    <li class="card">
                        <p>{x.statement.clone()}</p>
                        <p><strong>{tr(lang, x.answer.label_key())}</strong></p>
                        {(!x.explanation.is_empty()).then(|| view! { <p class="prose">{x.explanation.clone()}</p> })}
                    </li>
                }).collect_view()}
            </ul>
        })}
        <h2>{tr(lang, "page.application.notes")}</h2>
        {if a.notes.is_empty() {
            view! { <p>{tr(lang, "page.application.no_notes")}</p> }.into_any()
        } else {
            view! {
                <ul class="card-list">
                    {a.notes.iter().map(|n| view! {
                        <li class="card"><p class="muted">{format!("{} · {}", n.author, n.at)}</p><p class="prose">{n.text.clone()}</p></li>
                    }).collect_view()}
                </ul>
            }.into_any()
        }}
        <NoteForm id=a.id />
        <h2>{tr(lang, "page.application.history")}</h2>
        <ol class="history">
            {a.history.iter().map(|h| {
                let who = h.who.clone().unwrap_or_else(|| tr(lang, "label.the_applicant"));
                let what = match h.status {
                    Some(s) => format!("{}: {}", tr(lang, &h.action_key), tr(lang, s.label_key())),
                    None => tr(lang, &h.action_key),
                };
                view! { <li>{format!("{} · {who} · {what}", h.at)}</li> }
            }).collect_view()}
        </ol>
    }
}

/// The steps an application in play can take. Admitting is one step: it makes the
/// account and sends the invitation; a full cohort points to the waiting list.
#[component]
fn Steps(a: ApplicationDetail) -> impl IntoView {
    let lang = use_lang();
    let id = a.id;
    let admit = FormState::new(format!("admit:{id}"));
    let meeting = FormState::new(format!("plan_meeting:{id}"));
    let waitlist = FormState::new(format!("waitlist:{id}"));
    let decline = FormState::new(format!("decline:{id}"));
    let withdraw = FormState::new(format!("withdraw_application:{id}"));
    let full = a.summary.is_full();
    let reasons = DeclineReason::ALL.iter().map(|r| (r.code().to_owned(), tr(lang, r.label_key()), false)).collect();
    view! {
        <section class="card steps" aria-labelledby="steps-title">
            <h2 id="steps-title">{tr(lang, "page.application.steps")}</h2>
            <h3>{tr(lang, "action.admit")}</h3>
            {if full {
                view! { <p class="alert">{tr(lang, "page.application.full").replace("{places}", &a.summary.capacity.unwrap_or(0).to_string())}</p> }.into_any()
            } else {
                view! { <p>{tr(lang, "page.application.admit_help").replace("{cohort}", &a.summary.cohort_name)}</p> }.into_any()
            }}
            <PostForm form=admit>
                <button type="submit" class="button primary">{tr(lang, "action.admit")}</button>
            </PostForm>
            {(a.status != ApplicationStatus::Waitlisted).then(|| view! {
                <PostForm form=waitlist>
                    <button type="submit" class=if full { "button primary" } else { "button" }>{tr(lang, "action.waitlist")}</button>
                </PostForm>
            })}
            <h3>{tr(lang, "action.plan_meeting")}</h3>
            <PostForm form=meeting.clone()>
                <TextField id="meeting_on" label=tr(lang, "field.meeting_on") form=meeting.clone() kind="date" required=true
                    value=a.meeting_on.map(|d| d.to_string()).unwrap_or_default() />
                <button type="submit" class="button">{tr(lang, "action.plan_meeting")}</button>
            </PostForm>
            <h3>{tr(lang, "action.decline")}</h3>
            <PostForm form=decline.clone()>
                <SelectField id="reason" label=tr(lang, "field.decline_reason") form=decline.clone() options=reasons />
                <TextArea id="decline_note" label=tr(lang, "field.decline_note") form=decline.clone() help=tr(lang, "help.decline_note") />
                <button type="submit" class="button">{tr(lang, "action.decline")}</button>
            </PostForm>
            <PostForm form=withdraw>
                <button type="submit" class="button link">{tr(lang, "action.mark_withdrawn")}</button>
            </PostForm>
        </section>
    }
}

#[component]
fn NoteForm(id: i64) -> impl IntoView {
    let lang = use_lang();
    let form = FormState::new(format!("note_application:{id}"));
    view! {
        <PostForm form=form.clone()>
            <TextArea id="note" label=tr(lang, "field.application_note") form=form.clone() />
            <button type="submit" class="button">{tr(lang, "action.add_note")}</button>
        </PostForm>
    }
}
