//! The trainer's review queue: oldest first, one at a time or several at once.
use leptos::prelude::*;

use super::{DecideHours, DecisionOutcome, QueueItem};
use crate::{
    components::{
        form::{action_error, FieldMessage, FieldState, FormAlert},
        format::date,
        page::{Loading, PageError, PageTitle},
    },
    domain::format_quarters,
    error::AppError,
    i18n::{tr, use_lang, Lang, Message},
};

/// A page-level announcement: (is it good news, text).
type Announcement = RwSignal<Option<(bool, String)>>;

fn outcome_text(lang: Lang, o: &DecisionOutcome) -> String {
    let key = if o.approved { "msg.review.approved" } else { "msg.review.rejected" };
    Message::new(key, &[("count", o.decided.to_string()), ("skipped", o.already_decided.to_string())]).render(lang)
}

#[component]
pub fn ReviewPage() -> impl IntoView {
    let lang = use_lang();
    let refresh = RwSignal::new(0u32);
    let announcement: Announcement = RwSignal::new(None);
    let bulk = ServerAction::<DecideHours>::new();
    let bulk_error = action_error(bulk.value());
    let fields = FieldState::new(bulk_error);
    let queue = Resource::new(move || (refresh.get(), bulk.version().get()), |_| super::review_queue());
    Effect::new(move |_| {
        if let Some(Ok(outcome)) = bulk.value().get() {
            announcement.set(Some((true, outcome_text(lang, &outcome))));
        }
    });
    view! {
        <PageTitle text=tr(lang, "page.review.title") />
        <div role="status" aria-live="polite">
            {move || announcement.get().map(|(ok, text)| view! {
                <p class=if ok { "alert alert-ok" } else { "alert alert-error" }>{text}</p>
            })}
        </div>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match queue.await {
                    Err(e) => view! { <PageError error=e /> }.into_any(),
                    Ok(items) if items.is_empty() => view! { <p class="empty">{tr(lang, "page.review.empty")}</p> }.into_any(),
                    Ok(items) => view! {
                        <p>{tr(lang, "page.review.count").replace("{count}", &items.len().to_string())}</p>
                        <ul class="card-list queue">
                            {items.into_iter().map(|item| view! { <QueueCard item refresh announcement /> }).collect_view()}
                        </ul>
                        <section class="card bulk" aria-labelledby="bulk-title">
                            <h2 id="bulk-title">{tr(lang, "label.bulk")}</h2>
                            <p class="help">{tr(lang, "help.bulk")}</p>
                            <ActionForm action=bulk attr:id="bulk-form">
                                <FormAlert error=bulk_error />
                                <FieldMessage error=bulk_error field="ids" />
                                <div class="field">
                                    <label for="bulk-reason">{tr(lang, "field.reason")}</label>
                                    <textarea id="bulk-reason" name="reason" rows="2"
                                        aria-invalid=fields.invalid("reason") aria-describedby=fields.described_by("reason", false)></textarea>
                                    <FieldMessage error=bulk_error field="reason" />
                                </div>
                                <div class="button-row">
                                    <button type="submit" name="decision" value="goedkeuren" class="button primary">{tr(lang, "action.approve_selected")}</button>
                                    <button type="submit" name="decision" value="afkeuren" class="button danger">{tr(lang, "action.reject_selected")}</button>
                                </div>
                            </ActionForm>
                        </section>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn QueueCard(item: QueueItem, refresh: RwSignal<u32>, announcement: Announcement) -> impl IntoView {
    let lang = use_lang();
    let action = ServerAction::<DecideHours>::new();
    let error = action_error(action.value());
    // Validation problems stay on the card; a decision or a lost race updates the list.
    Effect::new(move |_| match action.value().get() {
        Some(Ok(outcome)) => {
            announcement.set(Some((true, outcome_text(lang, &outcome))));
            refresh.update(|n| *n += 1);
        }
        Some(Err(AppError::Conflict(key))) => {
            announcement.set(Some((false, tr(lang, &key))));
            refresh.update(|n| *n += 1);
        }
        _ => {}
    });
    let id = item.id;
    let reason_id = format!("reason-{id}");
    let reason_error_id = format!("reason-{id}-error");
    let heading_id = format!("queue-{id}-title");
    let labelled_by = heading_id.clone();
    let invalid = move || error.get().and_then(|e| e.field_key("reason")).map(|_| "true");
    let reason_message = move || error.get().and_then(|e| e.field_key("reason"));
    view! {
        <li class="card queue-item" aria-labelledby=labelled_by>
            <div class="queue-select">
                <input type="checkbox" form="bulk-form" name="ids[]" value=id.to_string() id=format!("select-{id}") />
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
            <ActionForm action=action>
                <FormAlert error />
                <input type="hidden" name="ids[]" value=id.to_string() />
                <div class="field">
                    <label for=reason_id.clone()>{tr(lang, "field.reason_if_rejecting")}</label>
                    <textarea id=reason_id name="reason" rows="2" aria-invalid=invalid
                        aria-describedby=move || reason_message().map(|_| reason_error_id.clone())></textarea>
                    {move || reason_message().map(|key| view! { <p class="field-error" id=format!("reason-{id}-error")>{tr(lang, &key)}</p> })}
                </div>
                <div class="button-row">
                    <button type="submit" name="decision" value="goedkeuren" class="button primary">{tr(lang, "action.approve")}</button>
                    <button type="submit" name="decision" value="afkeuren" class="button danger">{tr(lang, "action.reject")}</button>
                </div>
            </ActionForm>
        </li>
    }
}
