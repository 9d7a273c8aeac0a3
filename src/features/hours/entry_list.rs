//! Entries as cards: readable on a phone, with status in words.
use leptos::prelude::*;

use super::HourEntry;
use crate::{
    components::format::hours,
    components::{
        format::{date, encode_component},
        status::StatusBadge,
    },
    domain::EntryStatus,
    i18n::{tr, use_lang},
};

/// `editable`: the reader is the participant, who may change or withdraw what is
/// not yet approved (withdrawing asks first, on a page of its own); `back` is
/// where a withdrawal returns to.
#[component]
pub fn EntryList(entries: Vec<HourEntry>, editable: bool, #[prop(optional, into)] back: String) -> impl IntoView {
    let lang = use_lang();
    view! {
        <ul class="card-list entries">
            {entries.into_iter().map(|e| {
                let can_change = editable && e.status.editable_by_participant();
                let back = back.clone();
                view! {
                    <li class="card entry" id=format!("entry-{}", e.id)>
                        <div class="entry-head">
                            <span class="entry-date">{date(e.worked_on)}</span>
                            <span class="entry-hours">{tr(lang, "label.hours_value").replace("{hours}", &hours(lang, e.quarters))}</span>
                            <span class="entry-kind">{tr(lang, e.kind.label_key())}</span>
                            <StatusBadge status=e.status />
                        </div>
                        <p class="entry-description">{e.description.clone()}</p>
                        {e.place.clone().map(|p| view! { <p class="muted">{tr(lang, "field.place")}": "{p}</p> })}
                        {e.rejection_reason.clone().map(|r| view! {
                            <p class="rejection"><strong>{tr(lang, "label.rejection_reason")}": "</strong>{r}</p>
                        })}
                        {e.decided_by.clone().map(|d| view! { <p class="muted">{tr(lang, "label.decided_by")}": "{d}</p> })}
                        {e.confirmation.clone().map(|c| view! { <crate::features::workplace::ConfirmationLine confirmation=c /> })}
                        {can_change.then(|| view! {
                            <div class="entry-actions">
                                <a class="button" href=format!("/uren/{}/bewerken", e.id)>
                                    {tr(lang, if e.status == EntryStatus::Rejected { "action.correct" } else { "action.change" })}
                                </a>
                                <a class="button danger" href=format!("/uren/{}/intrekken?terug={}", e.id, encode_component(&back))>
                                    {tr(lang, "action.withdraw")}
                                </a>
                            </div>
                        })}
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}
