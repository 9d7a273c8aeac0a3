//! The frame of every page: skip link, header with navigation, language switch.
use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_query_map};

use crate::{
    domain::Role,
    features::{
        accounts::{load_page_context, LogoutButton, SessionUser},
        home::PageContextResource,
    },
    i18n::{tr, use_lang, Lang},
};

#[component]
pub fn Layout(children: Children) -> impl IntoView {
    let lang = use_lang();
    let location = use_location();
    // Re-read on navigation so logging in or out updates the header.
    let context: PageContextResource = Resource::new(move || location.pathname.get(), |_| load_page_context());
    provide_context(context);
    mark_failed_form_post();
    let here = move || {
        let search = location.search.get();
        let path = location.pathname.get();
        if search.is_empty() { path } else { format!("{path}?{search}") }
    };
    view! {
        <a class="skip-link" href="#inhoud">{tr(lang, "nav.skip")}</a>
        <header class="site-header">
            <div class="header-inner">
                <a class="brand" href="/">"Leerlijn"<span class="brand-sub">" Buurtteams"</span></a>
                <Transition>
                    {move || Suspend::new(async move {
                        let ctx = context.await.ok();
                        let user = ctx.as_ref().and_then(|c| c.user.clone());
                        view! { <Nav user /> }
                    })}
                </Transition>
                <form method="post" action="/taal" class="lang-switch">
                    <input type="hidden" name="terug" value=here />
                    {match lang {
                        Lang::Nl => view! { <button type="submit" name="taal" value="en" lang="en" class="button link">"English"</button> },
                        Lang::En => view! { <button type="submit" name="taal" value="nl" lang="nl" class="button link">"Nederlands"</button> },
                    }}
                </form>
            </div>
        </header>
        <main id="inhoud" tabindex="-1">
            <Transition>
                {move || Suspend::new(async move {
                    context.await.ok().and_then(|c| c.notice).map(|m| view! {
                        <p class="alert alert-ok" role="status">{m.render(lang)}</p>
                    })
                })}
            </Transition>
            {children()}
        </main>
        <footer class="site-footer">
            <p>{tr(lang, "label.footer")}</p>
        </footer>
    }
}

#[component]
fn Nav(user: Option<SessionUser>) -> impl IntoView {
    let lang = use_lang();
    let Some(user) = user else {
        return view! { <nav aria-label=tr(lang, "nav.label")></nav> }.into_any();
    };
    let links: &[(&str, &str)] = match user.role {
        Role::Participant => &[("/", "nav.progress"), ("/uren/nieuw", "nav.log_hours")],
        Role::Trainer => &[("/", "nav.overview"), ("/beoordelen", "nav.review"), ("/cohorten", "nav.cohorts")],
        Role::Coordinator => &[("/", "nav.overview"), ("/cohorten/nieuw", "nav.new_cohort"), ("/uitnodigen", "nav.invite")],
    };
    let location = use_location();
    view! {
        <nav aria-label=tr(lang, "nav.label")>
            <ul>
                {links.iter().map(|(href, key)| {
                    let href = *href;
                    let current = move || (location.pathname.get() == href).then_some("page");
                    view! { <li><a href=href aria-current=current>{tr(lang, key)}</a></li> }
                }).collect_view()}
            </ul>
            <div class="who">
                <span>{user.name.clone()}" · "{tr(lang, &format!("role.{}", user.role.code()))}</span>
                <LogoutButton />
            </div>
        </nav>
    }
    .into_any()
}

/// A plain form post that failed comes back with the error in the address;
/// that page view answers 422 so the failure is visible over HTTP too.
fn mark_failed_form_post() {
    let query = use_query_map();
    let failed = query.with_untracked(|q| q.get("__err").is_some());
    #[cfg(feature = "ssr")]
    if failed {
        if let Some(options) = use_context::<leptos_axum::ResponseOptions>() {
            options.set_status(axum::http::StatusCode::UNPROCESSABLE_ENTITY);
        }
    }
    let _ = failed;
}
