//! `/leerplek`: the participant's leerplek (with its history), the practice entries
//! they can have confirmed, and the requests sent so far.
use chrono::{Datelike, NaiveDate};
use leptos::prelude::*;

use super::{load_workplace, AskableEntry, Placement, RequestRow, RequestState, WorkplaceOverview};
use crate::{
    components::{
        format::{date, hours, month_heading},
        page::{Loaded, PageTitle},
    },
    domain::{ConfirmationAnswer, SupervisorRole},
    form::{FormState, PostForm, SelectField, TextField},
    i18n::{tr, tr_count, use_lang},
};

#[component]
pub fn WorkplacePage() -> impl IntoView {
    let lang = use_lang();
    view! {
        <section class="narrow">
            <PageTitle text=tr(lang, "page.workplace.title") />
            <p>{tr(lang, "page.workplace.intro")}</p>
            <Loaded load=load_workplace() view=move |overview| view! { <Workplace overview /> } />
        </section>
    }
}

#[component]
fn Workplace(overview: WorkplaceOverview) -> impl IntoView {
    let lang = use_lang();
    let WorkplaceOverview { current, history, askable, requests } = overview;
    let ask = current.clone().map(|placement| view! { <AskForm placement askable /> });
    view! {
        {ask}
        <RequestList requests />
        <h2>{tr(lang, if current.is_some() { "page.workplace.change" } else { "page.workplace.record" })}</h2>
        <PlacementForm current />
        {(history.len() > 1).then(|| view! {
            <h2>{tr(lang, "page.workplace.history")}</h2>
            <ul class="card-list">
                {history.into_iter().map(|p| view! { <li class="card"><PlacementText placement=p /></li> }).collect_view()}
            </ul>
        })}
    }
}

#[component]
fn PlacementText(placement: Placement) -> impl IntoView {
    let lang = use_lang();
    let place = if placement.team.is_empty() { placement.organisation.clone() } else { format!("{}, {}", placement.organisation, placement.team) };
    view! {
        <p><strong>{place}</strong></p>
        <p>{format!("{}: {} ({})", tr(lang, placement.supervisor_role.label_key()), placement.supervisor_name, placement.supervisor_email)}</p>
        <p class="muted">{tr(lang, "page.workplace.since").replace("{date}", &date(placement.since))}</p>
    }
}

/// The leerplek now, on the participant's record for trainers and coordinators.
#[component]
pub fn PlacementCard(placement: Option<Placement>) -> impl IntoView {
    let lang = use_lang();
    view! {
        <section aria-labelledby="placement-title">
            <h2 id="placement-title">{tr(lang, "label.placement")}</h2>
            {match placement {
                Some(placement) => view! { <div class="card"><PlacementText placement /></div> }.into_any(),
                None => view! { <p>{tr(lang, "label.no_placement")}</p> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn PlacementForm(current: Option<Placement>) -> impl IntoView {
    let lang = use_lang();
    let form = FormState::new("save_placement");
    let c = current.clone();
    let value = move |f: fn(&Placement) -> String| c.as_ref().map(f).unwrap_or_default();
    let roles = SupervisorRole::ALL
        .iter()
        .map(|r| (r.code().to_owned(), tr(lang, r.label_key()), current.as_ref().is_some_and(|c| c.supervisor_role == *r)))
        .collect();
    view! {
        <PostForm form=form.clone()>
            <TextField id="organisation" label=tr(lang, "field.organisation_place") form=form.clone() required=true
                value=value(|p| p.organisation.clone()) help=tr(lang, "help.organisation_place") />
            <TextField id="team" label=tr(lang, "field.team") form=form.clone() value=value(|p| p.team.clone()) />
            <TextField id="supervisor_name" label=tr(lang, "field.supervisor_name") form=form.clone() required=true
                value=value(|p| p.supervisor_name.clone()) autocomplete="off" />
            <TextField id="supervisor_email" label=tr(lang, "field.supervisor_email") form=form.clone() kind="email" required=true
                value=value(|p| p.supervisor_email.clone()) help=tr(lang, "help.supervisor_email") />
            <SelectField id="supervisor_role" label=tr(lang, "field.supervisor_role") form=form.clone() options=roles />
            <TextField id="since" label=tr(lang, "field.since") form=form.clone() kind="date" required=true
                value=value(|p| p.since.to_string()) />
            <button type="submit" class="button primary">{tr(lang, "action.save_placement")}</button>
        </PostForm>
    }
}

/// The practice entries still in play, by month, each with where it stands; the ones
/// not yet confirmed nor waiting can be ticked, or a month's all at once, and sent on one link.
#[component]
fn AskForm(placement: Placement, askable: Vec<AskableEntry>) -> impl IntoView {
    let lang = use_lang();
    let form = FormState::new("request_confirmation");
    let to = tr(lang, "page.workplace.ask_to").replace("{name}", &placement.supervisor_name).replace("{email}", &placement.supervisor_email);
    if askable.is_empty() {
        return view! {
            <h2>{tr(lang, "page.workplace.ask")}</h2>
            <p>{tr(lang, "page.workplace.nothing_to_ask")}</p>
        }
        .into_any();
    }
    let mut months: Vec<(NaiveDate, Vec<AskableEntry>)> = Vec::new();
    for entry in askable {
        let first = entry.worked_on.with_day(1).unwrap_or(entry.worked_on);
        match months.last_mut() {
            Some((month, list)) if *month == first => list.push(entry),
            _ => months.push((first, vec![entry])),
        }
    }
    view! {
        <h2>{tr(lang, "page.workplace.ask")}</h2>
        <p>{to}</p>
        <PostForm form=form.clone()>
            <fieldset class="field" id="entries" class:field-invalid=form.field_error("entries").is_some()>
                <legend>{tr(lang, "field.entries_to_confirm")}</legend>
                <crate::form::FieldMessage form=form.clone() field="entries" />
                {months.into_iter().map(|(month, entries)| {
                    let heading = month_heading(lang, month);
                    let open = entries.iter().filter(|e| e.is_open()).count() as i64;
                    let month_button = (open > 0).then(|| view! {
                        <button type="submit" class="button" name="month" value=month.format("%Y-%m").to_string()>
                            {tr_count(lang, "action.ask_month", open).replace("{month}", &heading)}
                        </button>
                    });
                    view! {
                        <h3 class="month">{heading.clone()}</h3>
                        {entries.into_iter().map(|e| view! { <AskableChoice entry=e form=form.clone() /> }).collect_view()}
                        {month_button}
                    }
                }).collect_view()}
            </fieldset>
            <button type="submit" class="button primary">{tr(lang, "action.ask_confirmation")}</button>
        </PostForm>
    }
    .into_any()
}

/// One entry with where it stands; only an open one can be ticked.
#[component]
fn AskableChoice(entry: AskableEntry, form: FormState) -> impl IntoView {
    let lang = use_lang();
    let e = entry;
    let id = format!("entry-{}", e.id);
    let state = match (e.answer, e.waiting) {
        (Some(ConfirmationAnswer::Confirmed), _) => tr(lang, "workplace.entry.confirmed"),
        (Some(ConfirmationAnswer::Disputed), _) => tr(lang, "workplace.entry.disputed"),
        (None, true) => tr(lang, "workplace.entry.waiting"),
        (None, false) => tr(lang, "workplace.entry.not_asked"),
    };
    let text = format!("{} · {} · {}", date(e.worked_on), tr(lang, "label.hours_value").replace("{hours}", &hours(lang, e.quarters)), e.description);
    let checked = form.checked("entries[]", &e.id.to_string(), false);
    view! {
        <div class="choice">
            <input type="checkbox" id=id.clone() name="entries[]" value=e.id.to_string() checked=checked disabled=!e.is_open() />
            <label for=id>{text}<span class="choice-help">{state}</span></label>
        </div>
    }
}

#[component]
fn RequestList(requests: Vec<RequestRow>) -> impl IntoView {
    let lang = use_lang();
    (!requests.is_empty()).then(|| view! {
        <h2>{tr(lang, "page.workplace.requests")}</h2>
        <ul class="card-list">
            {requests.into_iter().map(|r| {
                let summary = tr(lang, "page.workplace.request_line")
                    .replace("{date}", &r.requested_on)
                    .replace("{name}", &r.supervisor_name)
                    .replace("{answered}", &r.answered.to_string())
                    .replace("{count}", &r.entries.to_string());
                let disputed = (r.disputed > 0).then(|| tr(lang, "page.workplace.request_disputed").replace("{count}", &r.disputed.to_string()));
                // A waiting link can be taken back; a waiting or run-out one sent again (new link, old one stops).
                let withdraw = (r.state == RequestState::Waiting).then(|| {
                    let form = FormState::new(format!("withdraw_confirmation:{}", r.id));
                    view! {
                        <PostForm form class="inline">
                            <button type="submit" class="button">{tr(lang, "action.withdraw_confirmation")}</button>
                        </PostForm>
                    }
                });
                let resend = matches!(r.state, RequestState::Waiting | RequestState::Expired).then(|| {
                    let form = FormState::new(format!("resend_confirmation:{}", r.id));
                    view! {
                        <PostForm form class="inline">
                            <button type="submit" class="button">{tr(lang, "action.resend_confirmation")}</button>
                        </PostForm>
                    }
                });
                view! {
                    <li class="card">
                        <p>{summary}</p>
                        <p><strong>{tr(lang, r.state.label_key())}</strong></p>
                        {disputed.map(|d| view! { <p>{d}</p> })}
                        {(withdraw.is_some() || resend.is_some()).then(|| view! { <div class="button-row">{withdraw}{resend}</div> })}
                    </li>
                }
            }).collect_view()}
        </ul>
    })
}
