//! `/agenda`: subscribe a phone calendar to one's sessions.
use leptos::prelude::*;

use super::CalendarState;
use crate::{
    components::page::{Loaded, PageTitle},
    form::{CopyField, FormState, PostForm},
    i18n::{tr, use_lang},
};

#[component]
pub fn CalendarPage() -> impl IntoView {
    let lang = use_lang();
    view! {
        <section class="narrow">
            <PageTitle text=tr(lang, "page.calendar.title") />
            <p>{tr(lang, "page.calendar.intro")}</p>
            <Loaded load=super::load_calendar_state() view=move |state| view! { <Subscription state /> } />
        </section>
    }
}

#[component]
fn Subscription(state: CalendarState) -> impl IntoView {
    let lang = use_lang();
    let make = FormState::new("calendar_link");
    let revoke = FormState::new("calendar_revoke");
    let fresh = state.fresh_link.map(|link| {
        let webcal = link.replacen("https://", "webcal://", 1).replacen("http://", "webcal://", 1);
        view! {
            <div class="card">
                <p><a class="button primary" href=webcal>{tr(lang, "action.subscribe_calendar")}</a></p>
                <CopyField id="calendar-link" label=tr(lang, "field.calendar_link") value=link />
                <p class="help">{tr(lang, "help.calendar_link")}</p>
            </div>
        }
    });
    view! {
        {fresh}
        {match state.active_since {
            Some(since) => view! {
                <p>{tr(lang, "page.calendar.active").replace("{since}", &since)}</p>
                <PostForm form=make>
                    <p class="help">{tr(lang, "help.calendar_renew")}</p>
                    <button type="submit" class="button">{tr(lang, "action.renew_calendar")}</button>
                </PostForm>
                <PostForm form=revoke>
                    <button type="submit" class="button danger">{tr(lang, "action.revoke_calendar")}</button>
                </PostForm>
            }.into_any(),
            None => view! {
                <p>{tr(lang, "page.calendar.none")}</p>
                <PostForm form=make>
                    <button type="submit" class="button primary">{tr(lang, "action.make_calendar")}</button>
                </PostForm>
            }.into_any(),
        }}
    }
}
