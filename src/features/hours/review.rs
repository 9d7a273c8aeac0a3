//! The trainer's review queue: oldest first, one at a time or several at once.

use leptos::prelude::*;

use super::{QueueItem, QueuePage};
use crate::{
    components::format::hours,
    components::{
        format::date,
        page::{keyset_after, KeysetPager, Loaded, Loading, PageError, PageTitle},
        select_all::SelectAllControl,
    },
    form::{textarea_text, FieldMessage, FormState, PostForm},
    i18n::{tr, tr_count, use_lang, Lang},
};
use leptos_router::hooks::use_query_map;

#[component]
pub fn ReviewPage() -> impl IntoView {
    let lang = use_lang();
    let (after, confirmed_only) =
        use_query_map().with_untracked(|q| (keyset_after(q.get("na")), q.get("alleen").as_deref() == Some(CONFIRMED_FILTER)));
    view! {
        <PageTitle text=tr(lang, "page.review.title") />
        <Loaded load=super::review_queue(after, confirmed_only) view=move |queue| view! {
            <WaitingPlans plans=queue.plans.clone() />
            <QueueFilter confirmed_only=queue.confirmed_only />
            <Queue queue />
        } />
    }
}

/// `?alleen=bevestigd`: only the practice entries the leerplek confirmed.
const CONFIRMED_FILTER: &str = "bevestigd";

/// All waiting entries, or only those the leerplek confirmed.
#[component]
fn QueueFilter(confirmed_only: bool) -> impl IntoView {
    let lang = use_lang();
    let link = |href: String, key: &str, current: bool| {
        view! { <li><a href=href aria-current=current.then_some("page")>{tr(lang, key)}</a></li> }
    };
    view! {
        <nav class="filters" aria-label=tr(lang, "label.filter")>
            <ul>
                {link("/beoordelen".to_owned(), "label.filter_all", !confirmed_only)}
                {link(format!("/beoordelen?alleen={CONFIRMED_FILTER}"), "label.filter_confirmed", confirmed_only)}
            </ul>
        </nav>
    }
}

/// On the confirmed-only view: approve the confirmed entries this page shows in one
/// step (the ids go with the form, so only what the trainer sees is approved).
#[component]
fn ApproveConfirmed(ids: Vec<i64>) -> impl IntoView {
    let lang = use_lang();
    let form = FormState::new("decide:confirmed");
    let label = tr_count(lang, "action.approve_confirmed", ids.len() as i64);
    view! {
        <PostForm form=form.clone() class="inline">
            <input type="hidden" name="decision" value="approve" />
            {ids.into_iter().map(|id| view! { <input type="hidden" name="ids[]" value=id.to_string() /> }).collect_view()}
            <FieldMessage form=form.clone() field="ids" />
            <button type="submit" class="button primary">{label}</button>
        </PostForm>
    }
}

/// Plans handed in, each a link to its review page.
#[component]
fn WaitingPlans(plans: crate::features::plans::WaitingPlans) -> impl IntoView {
    let lang = use_lang();
    let crate::features::plans::WaitingPlans { oldest, total } = plans;
    (!oldest.is_empty()).then(|| {
        let shown = oldest.len() as i64;
        view! {
            <h2>{tr(lang, "page.review.plans").replace("{count}", &total.to_string())}</h2>
            {(total > shown).then(|| view! { <p>{tr(lang, "page.review.plans_oldest").replace("{shown}", &shown.to_string())}</p> })}
            <ul class="card-list">
                {oldest.into_iter().map(|p| {
                    let title = tr(lang, p.kind.label_key()).replace("{owner}", &p.owner);
                    view! {
                        <li class="card">
                            <h3 class="card-title"><a href=format!("/plannen/{}", p.plan_id)>{title}</a></h3>
                            <p class="muted">{format!("{} · {} · {}", p.cohort_name,
                                tr(lang, "plan.version").replace("{number}", &p.version.to_string()),
                                tr(lang, "plan.version_submitted").replace("{date}", &crate::components::format::stamp_date(&p.submitted_at)))}</p>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <h2>{tr(lang, "page.review.entries")}</h2>
        }
    })
}

/// The bulk bar, then one card per waiting entry, a phone's worth at a time.
#[component]
fn Queue(queue: QueuePage) -> impl IntoView {
    let lang = use_lang();
    let QueuePage { items, total, paged, next_after, confirmed_only, more_than_counted, .. } = queue;
    if items.is_empty() {
        let key = if confirmed_only { "page.review.none_confirmed" } else { "page.review.empty" };
        return view! { <p class="empty">{tr(lang, key)}</p> }.into_any();
    }
    let approve_confirmed = confirmed_only.then(|| view! { <ApproveConfirmed ids=items.iter().map(|i| i.id).collect() /> });
    let base = if confirmed_only { format!("/beoordelen?alleen={CONFIRMED_FILTER}&") } else { "/beoordelen?".to_owned() };
    let bulk = FormState::new("decide:bulk");
    let ticked: Vec<bool> = items.iter().map(|i| bulk.checked("ids[]", &i.id.to_string(), false)).collect();
    let (ids_message, reason_form) = (bulk.clone(), bulk.clone());
    view! {
        <p>{match (confirmed_only, more_than_counted) {
            (true, true) => tr(lang, "page.review.count_confirmed_many").replace("{count}", &total.to_string()),
            (true, false) => tr_count(lang, "page.review.count_confirmed", total),
            (false, _) => tr_count(lang, "page.review.count", total),
        }}</p>
        {approve_confirmed}
        <section class="card bulk" aria-labelledby="bulk-title">
            <h2 id="bulk-title">{tr(lang, "label.bulk")}</h2>
            <p class="help">{tr(lang, "help.bulk")}</p>
            <PostForm form=bulk.clone() id="bulk-form".to_owned()>
                <div id="ids-bulk">
                    <SelectAllControl label=tr(lang, "label.select_all") name="ids[]" />
                    <FieldMessage form=ids_message field="ids" id="ids-bulk" />
                </div>
                <ReasonField form=reason_form id="reason-bulk".to_owned() label=tr(lang, "field.reason_bulk") />
                <div class="button-row">
                    <button type="submit" name="decision" value="approve" class="button primary">{tr(lang, "action.approve_selected")}</button>
                    <button type="submit" name="decision" value="reject" class="button danger">{tr(lang, "action.reject_selected")}</button>
                </div>
            </PostForm>
        </section>
        <ul class="card-list queue">
            {items.into_iter().zip(ticked).map(|(item, ticked)| view! { <QueueCard item ticked /> }).collect_view()}
        </ul>
        <KeysetPager base paged next_after />
    }
    .into_any()
}

/// ": Samira Bakker, 03-11-2026, 2 uur": what a button or checkbox on a card acts
/// on, appended to its visible text in its accessible name (label in name, WCAG 2.5.3).
fn entry_name(lang: Lang, item: &QueueItem) -> String {
    format!(
        ": {}, {}, {}",
        item.participant_name,
        date(item.worked_on),
        tr(lang, "label.hours_value").replace("{hours}", &hours(lang, item.quarters))
    )
}

/// One tap approves; rejecting opens a step with the reason (the same with and without JavaScript).
#[component]
fn QueueCard(item: QueueItem, ticked: bool) -> impl IntoView {
    let lang = use_lang();
    let id = item.id;
    let form = FormState::new(format!("decide:{id}"));
    let name = entry_name(lang, &item);
    let select_label = format!("{}{name}", tr(lang, "label.select"));
    let approve_label = format!("{}{name}", tr(lang, "action.approve"));
    let reject_label = format!("{}{name}", tr(lang, "action.reject"));
    let disputed = item.confirmation.as_ref().is_some_and(|c| c.answer == Some(crate::domain::ConfirmationAnswer::Disputed));
    let reason = disputed.then(|| {
        view! { <ReasonField form=form.clone() id=format!("reason-{id}") label=tr(lang, "field.approve_despite_dispute") /> }
    });
    view! {
        <li class="card queue-item" id=format!("wacht-{id}") aria-labelledby=format!("queue-{id}-title")>
            <div class="queue-select">
                <input type="checkbox" form="bulk-form" name="ids[]" value=id.to_string() id=format!("select-{id}") checked=ticked
                    aria-label=select_label />
                <label for=format!("select-{id}")>{tr(lang, "label.select")}</label>
            </div>
            <EntrySummary item=item.clone() heading_id=format!("queue-{id}-title") />
            <div class="button-row">
                <PostForm form=form.clone() class="inline">
                    <input type="hidden" name="decision" value="approve" />
                    {reason}
                    <button type="submit" class="button primary" aria-label=approve_label>
                        {tr(lang, "action.approve")}
                    </button>
                </PostForm>
                <a class="button danger" href=format!("/beoordelen/{id}/afkeuren") aria-label=reject_label>
                    {tr(lang, "action.reject")}
                </a>
            </div>
        </li>
    }
}

/// Who, when, how long, what and where: the part of an entry a trainer judges.
/// Its heading is an h3 in the queue (under a section heading), an h2 on a page of its own.
#[component]
fn EntrySummary(item: QueueItem, heading_id: String, #[prop(optional)] on_own_page: bool) -> impl IntoView {
    let lang = use_lang();
    let heading = view! {
        <a href=format!("/deelnemers/{}", item.participant_id)>{item.participant_name.clone()}</a>
        <span class="muted">{format!(" · {}", item.cohort_name)}</span>
    };
    view! {
        {if on_own_page {
            view! { <h2 id=heading_id>{heading}</h2> }.into_any()
        } else {
            view! { <h3 id=heading_id>{heading}</h3> }.into_any()
        }}
        <p class="entry-head">
            <span>{date(item.worked_on)}</span>
            <span>{tr(lang, "label.hours_value").replace("{hours}", &hours(lang, item.quarters))}</span>
            <span>{tr(lang, item.kind.label_key())}</span>
        </p>
        <p>{item.description.clone()}</p>
        {item.place.clone().map(|p| view! { <p class="muted">{tr(lang, "field.place")}": "{p}</p> })}
        {item.confirmation.clone().map(|c| view! { <crate::features::workplace::ConfirmationLine confirmation=c /> })}
    }
}

/// The reject step for one entry: the entry, the reason, and back to the queue.
#[component]
pub fn RejectEntryPage() -> impl IntoView {
    let lang = use_lang();
    let id = crate::components::page::path_id();
    view! {
        <section class="narrow">
            <PageTitle text=tr(lang, "page.reject.title") />
            <Suspense fallback=Loading>
                {Suspend::new(async move {
                    match super::queue_entry(id).await {
                        Err(e) => view! {
                            <PageError error=e />
                            <p><a href="/beoordelen">{tr(lang, "action.back_to_queue")}</a></p>
                        }.into_any(),
                        Ok(item) => {
                            let form = FormState::new(format!("decide:{id}"));
                            view! {
                                <div class="card">
                                    <EntrySummary item heading_id="reject-entry".to_owned() on_own_page=true />
                                </div>
                                <PostForm form=form.clone()>
                                    <input type="hidden" name="decision" value="reject" />
                                    <ReasonField form id="reason".to_owned() label=tr(lang, "field.reason_required") help=tr(lang, "help.reason") />
                                    <div class="button-row">
                                        <button type="submit" class="button danger">{tr(lang, "action.reject")}</button>
                                        <a class="button link" href="/beoordelen">{tr(lang, "action.back_to_queue")}</a>
                                    </div>
                                </PostForm>
                            }.into_any()
                        }
                    }
                })}
            </Suspense>
        </section>
    }
}

/// The rejection reason of one form: posted as `reason`, with an id of its own
/// because the queue repeats it per card (`reason-42`, `reason-bulk`).
#[component]
fn ReasonField(form: FormState, id: String, label: String, #[prop(optional)] help: Option<String>) -> impl IntoView {
    let invalid = form.invalid("reason");
    let described_by = form.described_by("reason", &id, help.is_some());
    let reason = textarea_text(&form.value("reason", ""));
    let help = help.map(|h| view! { <p class="help" id=format!("{id}-help")>{h}</p> });
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            {help}
            <textarea id=id.clone() name="reason" rows="3" aria-invalid=invalid aria-describedby=described_by>{reason}</textarea>
            <FieldMessage form field="reason" id />
        </div>
    }
}
