//! The coordinator's pages on retention: every cohort's term (`/bewaren`), one
//! cohort's term with who waits for anonymisation (`/bewaren/:id`), erasure on a
//! participant's request (`/deelnemers/:id/wissen`), and the line on their home.
use leptos::prelude::*;

use super::{CohortRetention, CohortRetentionView, DueParticipant, ErasureCase};
use crate::{
    components::{
        format::date,
        page::{path_id, Loaded, PageTitle},
    },
    form::{Checkbox, FormState, PostForm, TextField},
    i18n::{tr, tr_count, use_lang},
};

/// `/bewaren`: each cohort's end, term and due date; the ones due say so first.
#[component]
pub fn RetentionPage() -> impl IntoView {
    let lang = use_lang();
    view! {
        <PageTitle text=tr(lang, "page.retention.title") />
        <p>{tr(lang, "page.retention.intro")}</p>
        <Loaded load=super::load_retention_overview() view=move |cohorts| view! { <RetentionTable cohorts /> } />
    }
}

#[component]
fn RetentionTable(cohorts: Vec<CohortRetention>) -> impl IntoView {
    let lang = use_lang();
    if cohorts.is_empty() {
        return view! { <p>{tr(lang, "page.retention.no_cohorts")}</p> }.into_any();
    }
    view! {
        <div class="table-wrap" tabindex="0" role="region" aria-label=tr(lang, "page.retention.title")>
            <table>
                <caption class="visually-hidden">{tr(lang, "page.retention.title")}</caption>
                <thead>
                    <tr>
                        <th scope="col">{tr(lang, "label.cohort")}</th>
                        <th scope="col">{tr(lang, "label.retention.ends_on")}</th>
                        <th scope="col">{tr(lang, "label.retention.due_on")}</th>
                        <th scope="col">{tr(lang, "label.retention.state")}</th>
                    </tr>
                </thead>
                <tbody>
                    {cohorts.into_iter().map(|c| {
                        let state = if c.waiting() > 0 {
                            view! { <strong>{tr_count(lang, "label.retention.waiting", c.waiting())}</strong> }.into_any()
                        } else if c.is_due {
                            view! { <span>{tr(lang, "label.retention.done")}</span> }.into_any()
                        } else {
                            view! { <span>{tr(lang, "label.retention.running")}</span> }.into_any()
                        };
                        view! {
                            <tr>
                                <th scope="row"><a href=format!("/bewaren/{}", c.cohort_id)>{c.cohort.clone()}</a></th>
                                <td>{date(c.ends_on)}</td>
                                <td>{date(c.due_on)}</td>
                                <td>{state}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

/// `/bewaren/:id`: the term (changeable), and when it has passed, one step that
/// anonymises everyone remaining.
#[component]
pub fn CohortRetentionPage() -> impl IntoView {
    let lang = use_lang();
    let id = path_id();
    view! {
        <Loaded load=super::load_cohort_retention(id) view=move |CohortRetentionView { retention, remaining }| view! {
            <PageTitle text=tr(lang, "page.cohort_retention.title").replace("{cohort}", &retention.cohort) />
            <dl class="facts">
                <dt>{tr(lang, "label.retention.ends_on")}</dt><dd>{date(retention.ends_on)}</dd>
                <dt>{tr(lang, "label.retention.term")}</dt><dd>{tr_count(lang, "label.retention.months", retention.months)}</dd>
                <dt>{tr(lang, "label.retention.due_on")}</dt><dd>{date(retention.due_on)}</dd>
            </dl>
            {(retention.removed > 0).then(|| view! { <p>{tr_count(lang, "page.cohort_retention.removed", retention.removed)}</p> })}
            {if retention.is_due && !remaining.is_empty() {
                view! { <AnonymiseDue cohort_id=retention.cohort_id remaining=remaining.clone() /> }.into_any()
            } else if !retention.is_due {
                view! { <p>{tr(lang, "page.cohort_retention.running").replace("{date}", &date(retention.due_on))}</p> }.into_any()
            } else {
                view! { <p>{tr(lang, "page.cohort_retention.all_done")}</p> }.into_any()
            }}
            <RetentionForm cohort_id=retention.cohort_id months=retention.months />
            {(!remaining.is_empty()).then(|| view! { <OnRequest remaining /> })}
            <p><a href="/bewaren">{tr(lang, "action.all_retention")}</a></p>
        } />
    }
}

#[component]
fn AnonymiseDue(cohort_id: i64, remaining: Vec<DueParticipant>) -> impl IntoView {
    let lang = use_lang();
    let form = FormState::new(format!("anonymise_due:{cohort_id}"));
    let count = remaining.len() as i64;
    view! {
        <section class="card" aria-labelledby="due-title">
            <h2 id="due-title">{tr_count(lang, "page.cohort_retention.due", count)}</h2>
            <p>{tr(lang, "page.cohort_retention.what_goes")}</p>
            <p>{tr(lang, "page.cohort_retention.what_stays")}</p>
            <ul>{remaining.into_iter().map(|p| view! { <li>{p.name}</li> }).collect_view()}</ul>
            <PostForm form=form.clone()>
                <Checkbox id="confirm" label=tr(lang, "field.confirm_anonymise") form=form.clone() />
                <button type="submit" class="button danger">{tr_count(lang, "action.anonymise", count)}</button>
            </PostForm>
        </section>
    }
}

#[component]
fn RetentionForm(cohort_id: i64, months: i64) -> impl IntoView {
    let lang = use_lang();
    let form = FormState::new(format!("set_retention:{cohort_id}"));
    view! {
        <h2>{tr(lang, "page.cohort_retention.change")}</h2>
        <PostForm form=form.clone()>
            <TextField id="months" label=tr(lang, "field.months") form=form.clone() kind="number" inputmode="numeric"
                min="1" max=super::MAX_RETENTION_MONTHS.to_string() value=months.to_string() help=tr(lang, "help.retention_months") class="short" />
            <button type="submit" class="button">{tr(lang, "action.save")}</button>
        </PostForm>
    }
}

/// Everyone still there, each with the way to erase on request (before the term ends).
#[component]
fn OnRequest(remaining: Vec<DueParticipant>) -> impl IntoView {
    let lang = use_lang();
    view! {
        <h2>{tr(lang, "page.cohort_retention.on_request")}</h2>
        <p>{tr(lang, "page.cohort_retention.on_request_intro")}</p>
        <ul>
            {remaining.into_iter().map(|p| view! {
                <li>
                    {p.name.clone()}" · "
                    <a href=format!("/deelnemers/{}/wissen", p.id)>{tr(lang, "action.erase_on_request")}</a>
                </li>
            }).collect_view()}
        </ul>
    }
}

/// `/deelnemers/:id/wissen`: what will happen to this participant's records, two
/// boxes to tick, one button.
#[component]
pub fn ErasePage() -> impl IntoView {
    let id = path_id();
    view! { <Loaded load=super::load_erasure_case(id) view=move |case| view! { <EraseForm case /> } /> }
}

#[component]
fn EraseForm(case: ErasureCase) -> impl IntoView {
    let lang = use_lang();
    let title = tr(lang, "page.erase.title").replace("{name}", &case.name);
    if let Some(removal) = case.removed {
        return view! {
            <PageTitle text=title />
            <p>{tr(lang, "page.erase.already").replace("{how}", &tr(lang, removal.label_key()))}</p>
            <p><a href=format!("/bewaren/{}", case.cohort_id)>{tr(lang, "action.back_to_retention")}</a></p>
        }
        .into_any();
    }
    let form = FormState::new(format!("erase_participant:{}", case.participant_id));
    let (what, button) = if case.certified {
        ("page.erase.anonymise_certified", "action.anonymise_one")
    } else {
        ("page.erase.erase_everything", "action.erase_everything")
    };
    view! {
        <PageTitle text=title />
        <p>{tr(lang, "page.erase.cohort").replace("{cohort}", &case.cohort)}</p>
        <p>{tr(lang, what)}</p>
        <PostForm form=form.clone()>
            {case.certified.then(|| view! {
                <Checkbox id="withhold_name" label=tr(lang, "field.withhold_name") form=form.clone() help=tr(lang, "help.withhold_name") />
            })}
            <Checkbox id="requested" label=tr(lang, "field.erasure_requested") form=form.clone() />
            <Checkbox id="confirm" label=tr(lang, "field.confirm_erasure") form=form.clone() />
            <div class="button-row">
                <button type="submit" class="button danger">{tr(lang, button)}</button>
                <a class="button link" href=format!("/deelnemers/{}", case.participant_id)>{tr(lang, "action.cancel")}</a>
            </div>
        </PostForm>
    }
    .into_any()
}

/// On the coordinator's home, only when someone is due: how many, and where to go.
#[component]
pub fn RetentionDueCard(waiting: i64) -> impl IntoView {
    let lang = use_lang();
    (waiting > 0).then(|| view! {
        <section class="alert alert-info" aria-labelledby="retention-title">
            <h2 id="retention-title">{tr(lang, "retention.home_title")}</h2>
            <p>{tr_count(lang, "retention.home_waiting", waiting)}</p>
            <p><a class="button primary" href="/bewaren">{tr(lang, "action.all_retention")}</a></p>
        </section>
    })
}
