//! The trainer's review queue: oldest first, one at a time or several at once.

use leptos::prelude::*;

use super::QueueItem;
use crate::{
    components::{
        form::{textarea_text, FieldMessage, FormState, PostForm},
        format::date,
        page::{Loading, PageError, PageTitle},
        select_all::SelectAllControl,
    },
    domain::format_quarters,
    i18n::{tr, use_lang},
};

#[component]
pub fn ReviewPage() -> impl IntoView {
    let lang = use_lang();
    view! {
        <PageTitle text=tr(lang, "page.review.title") />
        <Suspense fallback=Loading>
            {Suspend::new(async move {
                match super::review_queue().await {
                    Err(e) => view! { <PageError error=e /> }.into_any(),
                    Ok(items) => view! { <Queue items /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Queue(items: Vec<QueueItem>) -> impl IntoView {
    let lang = use_lang();
    if items.is_empty() {
        return view! { <p class="empty">{tr(lang, "page.review.empty")}</p> }.into_any();
    }
    let bulk = FormState::new("decide:bulk");
    let ticked: Vec<bool> = items
        .iter()
        .map(|i| bulk.checked("ids[]", &i.id.to_string(), false))
        .collect();
    let (ids_message, reason_form) = (bulk.clone(), bulk.clone());
    view! {
        <p>{tr(lang, "page.review.count").replace("{count}", &items.len().to_string())}</p>
        <section class="card bulk" aria-labelledby="bulk-title">
            <h2 id="bulk-title">{tr(lang, "label.bulk")}</h2>
            <p class="help">{tr(lang, "help.bulk")}</p>
            <PostForm form=bulk.clone() id="bulk-form".to_owned()>
                <div id="ids-bulk">
                    <SelectAllControl label=tr(lang, "label.select_all") name="ids[]" />
                    <FieldMessage form=ids_message field="ids" id="ids-bulk" />
                </div>
                <ReasonField form=reason_form id="reason-bulk".to_owned() label=tr(lang, "field.reason") />
                <div class="button-row">
                    <button type="submit" name="decision" value="goedkeuren" class="button primary">{tr(lang, "action.approve_selected")}</button>
                    <button type="submit" name="decision" value="afkeuren" class="button danger">{tr(lang, "action.reject_selected")}</button>
                </div>
            </PostForm>
        </section>
        <ul class="card-list queue">
            {items.into_iter().zip(ticked).map(|(item, ticked)| view! { <QueueCard item ticked /> }).collect_view()}
        </ul>
    }
    .into_any()
}

#[component]
fn QueueCard(item: QueueItem, ticked: bool) -> impl IntoView {
    let lang = use_lang();
    let id = item.id;
    let form = FormState::new(format!("decide:{id}"));
    let reason_id = format!("reason-{id}");
    let heading_id = format!("queue-{id}-title");
    let reason_form = form.clone();
    view! {
        <li class="card queue-item" aria-labelledby=format!("queue-{id}-title")>
            <div class="queue-select">
                <input type="checkbox" form="bulk-form" name="ids[]" value=id.to_string() id=format!("select-{id}") checked=ticked />
                <label for=format!("select-{id}")>{tr(lang, "label.select")}</label>
            </div>
            <h3 id=heading_id>
                <a href=format!("/deelnemers/{}", item.participant_id)>{item.participant_name.clone()}</a>
                <span class="muted">{format!(" · {}", item.cohort_name)}</span>
            </h3>
            <p class="entry-head">
                <span>{date(item.worked_on)}</span>
                <span>{tr(lang, "label.hours_value").replace("{hours}", &format_quarters(item.quarters))}</span>
                <span>{tr(lang, &format!("kind.{}", item.kind.code()))}</span>
            </p>
            <p>{item.description.clone()}</p>
            {item.place.clone().map(|p| view! { <p class="muted">{tr(lang, "field.place")}": "{p}</p> })}
            <PostForm form=form.clone()>
                <ReasonField form=reason_form id=reason_id label=tr(lang, "field.reason_if_rejecting") />
                <div class="button-row">
                    <button type="submit" name="decision" value="goedkeuren" class="button primary">{tr(lang, "action.approve")}</button>
                    <button type="submit" name="decision" value="afkeuren" class="button danger">{tr(lang, "action.reject")}</button>
                </div>
            </PostForm>
        </li>
    }
}

/// The rejection reason of one form: posted as `reason`, with an id of its own
/// because the queue repeats it per card (`reason-42`, `reason-bulk`).
#[component]
fn ReasonField(form: FormState, id: String, label: String) -> impl IntoView {
    let invalid = form.invalid("reason");
    let described_by = form.described_by("reason", &id, false);
    let reason = textarea_text(&form.value("reason", ""));
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <textarea id=id.clone() name="reason" rows="2" aria-invalid=invalid aria-describedby=described_by>{reason}</textarea>
            <FieldMessage form field="reason" id />
        </div>
    }
}
