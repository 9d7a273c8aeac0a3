//! "Mijn programma": the participant's own track. They choose trainings from the
//! cohort's offer and see their schedule, upcoming first.
use leptos::prelude::*;

use super::{MyProgramme, ScheduledSession, TrainingOffer};
use crate::{
    components::{
        format::date,
        page::{Loaded, PageTitle},
    },
    form::{FormState, PostForm},
    i18n::{tr, use_lang},
};

#[component]
pub fn MyProgrammePage() -> impl IntoView {
    let lang = use_lang();
    view! {
        <PageTitle text=tr(lang, "page.my_programme.title") />
        <Loaded load=super::load_my_programme() view=move |programme| view! { <OwnTrack programme /> } />
    }
}

#[component]
fn OwnTrack(programme: MyProgramme) -> impl IntoView {
    let lang = use_lang();
    let chosen = programme.offer.iter().filter(|o| o.chosen_by_me).count() as i64;
    let enough = chosen >= programme.trainings_required;
    let rule = tr(lang, "page.my_programme.rule")
        .replace("{required}", &programme.trainings_required.to_string())
        .replace("{chosen}", &chosen.to_string());
    view! {
        <p><a href="/agenda">{tr(lang, "action.to_calendar")}</a></p>
        <h2>{tr(lang, "page.my_programme.upcoming")}</h2>
        {programme.upcoming.is_empty().then(|| view! { <p>{tr(lang, "page.my_programme.none_upcoming")}</p> })}
        <ul class="card-list">
            {programme.upcoming.into_iter().map(|s| view! { <ScheduleItem item=s /> }).collect_view()}
        </ul>
        <h2 id="trainingen">{tr(lang, "page.my_programme.trainings")}</h2>
        <p class:done=enough>{rule}</p>
        {programme.offer.is_empty().then(|| view! { <p>{tr(lang, "page.my_programme.no_offer")}</p> })}
        <ul class="card-list">
            {programme.offer.into_iter().map(|offer| view! { <OfferCard offer /> }).collect_view()}
        </ul>
        {(!programme.held.is_empty()).then(|| view! {
            <h2>{tr(lang, "page.my_programme.held")}</h2>
            <ul class="card-list">
                {programme.held.into_iter().map(|s| view! { <ScheduleItem item=s /> }).collect_view()}
            </ul>
        })}
    }
}

fn session_line(s: &super::SessionSummary) -> String {
    format!("{}, {}–{}", date(s.held_on), s.starts_at, s.ends_at)
}

#[component]
fn ScheduleItem(item: ScheduledSession) -> impl IntoView {
    let lang = use_lang();
    let s = item.session;
    let cancelled = s.status == crate::domain::SessionStatus::Cancelled;
    view! {
        <li class="card">
            <h3 class="card-title">{format!("{}: {}", tr(lang, s.kind.label_key()), s.title)}</h3>
            {cancelled.then(|| view! { <p><strong>{tr(lang, "session.status.geannuleerd")}</strong></p> })}
            <p>{session_line(&s)}</p>
            <p class="muted break">
                {s.place.clone().unwrap_or_default()}
                {s.online_url.clone().map(|url| view! { " " <a href=url>{tr(lang, "label.online_link")}</a> })}
            </p>
            {item.attendance.map(|a| view! { <p>{tr(lang, "page.my_programme.your_attendance")}": "{tr(lang, a.label_key())}</p> })}
        </li>
    }
}

/// One training of the offer: places left, and choose or drop while it has not started.
#[component]
fn OfferCard(offer: TrainingOffer) -> impl IntoView {
    let lang = use_lang();
    let s = offer.session;
    let left = s.capacity.map(|c| (c - offer.chosen_count).max(0));
    let full = left == Some(0) && !offer.chosen_by_me;
    let places = left.map(|l| tr(lang, "page.my_programme.places_left").replace("{left}", &l.to_string()));
    let action = match (offer.open, offer.chosen_by_me, full) {
        (false, _, _) => None,
        (true, true, _) => Some(("drop_training", "action.drop_training", "button")),
        (true, false, false) => Some(("choose_training", "action.choose_training", "button primary")),
        (true, false, true) => None,
    };
    view! {
        <li class="card" class:chosen=offer.chosen_by_me>
            <h3 class="card-title">{s.title.clone()}</h3>
            <p>{session_line(&s)}</p>
            <p class="muted break">{s.place.clone().unwrap_or_default()}{(!s.trainers.is_empty()).then(|| format!(" · {}", s.trainers.join(", ")))}</p>
            <p>
                {offer.chosen_by_me.then(|| view! { <strong>{tr(lang, "page.my_programme.chosen")}</strong>" · " })}
                {places}
                {full.then(|| format!(" · {}", tr(lang, "page.my_programme.full")))}
            </p>
            {action.map(|(form, label, class)| view! {
                <PostForm form=FormState::new(format!("{form}:{}", s.id))>
                    // The name says which training (the visible text starts it, as WCAG 2.5.3 asks).
                    <button type="submit" class=class aria-label=format!("{}: {}", tr(lang, label), s.title)>{tr(lang, label)}</button>
                </PostForm>
            })}
        </li>
    }
}
