use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use super::{entry_form::EntryFields, HourEntry, HoursOverview, LogHours, ParticipantRecord, UpdateHours, WithdrawHours};
use crate::{
    components::{
        form::{action_error, FormAlert},
        format::date,
        page::{Loading, PageError, PageTitle},
        progress::HoursProgress,
        status::StatusBadge,
    },
    domain::format_quarters,
    i18n::{tr, use_lang},
};

/// The participant's home: progress towards the requirement and every entry.
#[component]
pub fn ParticipantHome() -> impl IntoView {
    let lang = use_lang();
    let withdraw = ServerAction::<WithdrawHours>::new();
    let overview = Resource::new(move || withdraw.version().get(), |_| super::my_hours());
    let withdraw_error = action_error(withdraw.value());
    let withdrawn = move || matches!(withdraw.value().get(), Some(Ok(()))).then(|| tr(lang, "msg.hours.withdrawn"));
    view! {
        <PageTitle text=tr(lang, "page.home.participant") />
        <FormAlert error=withdraw_error />
        <div role="status" aria-live="polite">{move || withdrawn().map(|m| view! { <p class="alert alert-ok">{m}</p> })}</div>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match overview.await {
                    Err(e) => view! { <PageError error=e /> }.into_any(),
                    Ok(o) => view! {
                        <Progress overview=o.clone() />
                        <p><a class="button primary" href="/uren/nieuw">{tr(lang, "action.log_hours")}</a></p>
                        <EntryList entries=o.entries editable=true withdraw=Some(withdraw) />
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Progress(overview: HoursOverview) -> impl IntoView {
    let lang = use_lang();
    let t = &overview.totals;
    view! {
        <section class="card" aria-labelledby="progress-title">
            <h2 id="progress-title">{tr(lang, "label.progress")}</h2>
            <p class="muted">{format!("{} · {} – {}", overview.cohort_name, date(overview.cohort_starts_on), date(overview.cohort_ends_on))}</p>
            <HoursProgress label=tr(lang, "kind.leren") id="progress-leren"
                approved_quarters=t.approved_learning required_quarters=overview.requirements.learning_quarters
                pending_quarters=t.pending_learning />
            <HoursProgress label=tr(lang, "kind.praktijk") id="progress-praktijk"
                approved_quarters=t.approved_practice required_quarters=overview.requirements.practice_quarters
                pending_quarters=t.pending_practice />
        </section>
    }
}

/// Entries as cards: readable on a phone, with status in words.
#[component]
fn EntryList(entries: Vec<HourEntry>, editable: bool, withdraw: Option<ServerAction<WithdrawHours>>) -> impl IntoView {
    let lang = use_lang();
    if entries.is_empty() {
        return view! { <p>{tr(lang, "page.home.no_entries")}</p> }.into_any();
    }
    view! {
        <h2>{tr(lang, "label.entries")}</h2>
        <ul class="card-list entries">
            {entries.into_iter().map(|e| {
                let can_change = editable && e.status.editable_by_participant();
                view! {
                    <li class="card entry" id=format!("entry-{}", e.id)>
                        <div class="entry-head">
                            <span class="entry-date">{date(e.worked_on)}</span>
                            <span class="entry-hours">{tr(lang, "label.hours_value").replace("{hours}", &format_quarters(e.quarters))}</span>
                            <span class="entry-kind">{tr(lang, &format!("kind.{}", e.kind.code()))}</span>
                            <StatusBadge status=e.status />
                        </div>
                        <p class="entry-description">{e.description.clone()}</p>
                        {e.place.clone().map(|p| view! { <p class="muted">{tr(lang, "field.place")}": "{p}</p> })}
                        {e.rejection_reason.clone().map(|r| view! {
                            <p class="rejection"><strong>{tr(lang, "label.rejection_reason")}": "</strong>{r}</p>
                        })}
                        {e.decided_by.clone().map(|d| view! { <p class="muted">{tr(lang, "label.decided_by")}": "{d}</p> })}
                        {can_change.then(|| view! {
                            <div class="entry-actions">
                                <a class="button" href=format!("/uren/{}/bewerken", e.id)>
                                    {tr(lang, if e.status == crate::domain::EntryStatus::Rejected { "action.correct" } else { "action.change" })}
                                </a>
                                {withdraw.map(|action| view! {
                                    <ActionForm action=action>
                                        <input type="hidden" name="id" value=e.id.to_string() />
                                        <button type="submit" class="button danger">{tr(lang, "action.withdraw")}</button>
                                    </ActionForm>
                                })}
                            </div>
                        })}
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}

#[component]
pub fn NewEntryPage() -> impl IntoView {
    let lang = use_lang();
    let action = ServerAction::<LogHours>::new();
    let error = action_error(action.value());
    view! {
        <section class="narrow">
            <PageTitle text=tr(lang, "page.new_entry.title") />
            <ActionForm action=action>
                <EntryFields error initial=None />
                <button type="submit" class="button primary">{tr(lang, "action.submit_hours")}</button>
                <a class="button link" href="/">{tr(lang, "action.cancel")}</a>
            </ActionForm>
        </section>
    }
}

#[component]
pub fn EditEntryPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|v| v.parse::<i64>().ok()).unwrap_or(0));
    let entry = Resource::new(id, super::my_entry);
    let action = ServerAction::<UpdateHours>::new();
    let error = action_error(action.value());
    view! {
        <section class="narrow">
            <PageTitle text=tr(lang, "page.edit_entry.title") />
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match entry.await {
                        Err(e) => view! { <PageError error=e /> }.into_any(),
                        Ok(e) if !e.status.editable_by_participant() => view! {
                            <div class="alert alert-error" role="alert">{tr(lang, "err.entry.locked")}</div>
                        }.into_any(),
                        Ok(e) => view! {
                            {e.rejection_reason.clone().map(|r| view! {
                                <p class="rejection"><strong>{tr(lang, "label.rejection_reason")}": "</strong>{r}</p>
                            })}
                            <ActionForm action=action>
                                <input type="hidden" name="id" value=e.id.to_string() />
                                <EntryFields error initial=Some(e) />
                                <button type="submit" class="button primary">{tr(lang, "action.resubmit")}</button>
                                <a class="button link" href="/">{tr(lang, "action.cancel")}</a>
                            </ActionForm>
                        }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

/// A participant's record as their trainer or a coordinator sees it.
#[component]
pub fn ParticipantRecordPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|v| v.parse::<i64>().ok()).unwrap_or(0));
    let record = Resource::new(id, super::load_participant_record);
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match record.await {
                    Err(e) => view! { <PageError error=e /> }.into_any(),
                    Ok(ParticipantRecord { overview, audit }) => view! {
                        <PageTitle text=overview.participant_name.clone() />
                        <Progress overview=overview.clone() />
                        <EntryList entries=overview.entries editable=false withdraw=None />
                        <h2>{tr(lang, "label.audit")}</h2>
                        <ul class="audit">
                            {audit.into_iter().map(|a| view! {
                                <li>
                                    <span class="muted">{a.at.replace('T', " ").trim_end_matches('Z').to_owned()}</span>" · "
                                    {a.actor.unwrap_or_default()}" · "
                                    {tr(lang, &format!("label.audit_action.{}", a.action))}
                                    {format!(" #{}", a.subject_id)}
                                    <details>
                                        <summary>{tr(lang, "label.audit_details")}</summary>
                                        <p>{tr(lang, "label.before")}": "<code>{a.before.unwrap_or_else(|| "—".into())}</code></p>
                                        <p>{tr(lang, "label.after")}": "<code>{a.after.unwrap_or_else(|| "—".into())}</code></p>
                                    </details>
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}
