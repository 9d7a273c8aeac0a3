//! The frame of every page: skip link, header with navigation, language switch,
//! (the one-time confirmation a form left shows under the page heading, see `PageTitle`).
use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::{
    components::page::current_address,
    domain::Role,
    features::{
        accounts::{load_page_context, LogoutButton, SessionUser},
        home::PageContextResource,
    },
    form::RefusalNotice,
    i18n::{tr, use_lang, Lang},
};

#[component]
pub fn Layout(children: Children) -> impl IntoView {
    let lang = use_lang();
    let location = use_location();
    let context: PageContextResource = Resource::new(|| (), |_| load_page_context());
    provide_context(context);
    let here = current_address();
    let path = location.pathname.get_untracked();
    view! {
        <a class="skip-link" href="#inhoud">{tr(lang, "nav.skip")}</a>
        <header class="site-header">
            <div class="header-inner">
                // One short row (name, language, logout), the navigation below it: two lines on a phone.
                <a class="brand" href="/">"Leerlijn"<span class="brand-sub">" Buurtteams"</span></a>
                <form method="post" action="/taal" class="lang-switch">
                    <input type="hidden" name="terug" value=here />
                    {match lang {
                        Lang::Nl => view! { <button type="submit" name="taal" value="en" lang="en" class="button link">"English"</button> },
                        Lang::En => view! { <button type="submit" name="taal" value="nl" lang="nl" class="button link">"Nederlands"</button> },
                    }}
                </form>
                <Suspense>
                    {move || {
                        let path = path.clone();
                        Suspend::new(async move {
                            let user = context.await.ok().and_then(|c| c.user);
                            view! { <Nav user path /> }
                        })
                    }}
                </Suspense>
            </div>
        </header>
        <main id="inhoud" tabindex="-1">
            <RefusalNotice />
            {children()}
        </main>
        <footer class="site-footer">
            <p>{tr(lang, "label.footer")}</p>
            <p><a href="/leerlijn">{tr(lang, "action.about_track")}</a>" · "<a href="/privacy">{tr(lang, "action.privacy")}</a></p>
        </footer>
    }
}

#[component]
fn Nav(user: Option<SessionUser>, path: String) -> impl IntoView {
    let lang = use_lang();
    let Some(user) = user else {
        return view! { <nav aria-label=tr(lang, "nav.label")></nav> }.into_any();
    };
    let links: &[(&str, &str)] = match user.role {
        Role::Participant => {
            &[("/", "nav.progress"), ("/uren/nieuw", "nav.log_hours"), ("/uren", "nav.entries"), ("/plannen", "nav.plans"), ("/leerplek", "nav.workplace")]
        }
        Role::Trainer => &[("/", "nav.overview"), ("/beoordelen", "nav.review"), ("/cohorten", "nav.cohorts")],
        Role::Coordinator => {
            &[("/", "nav.overview"), ("/cohorten/nieuw", "nav.new_cohort"), ("/aanmeldingen", "nav.applications"), ("/accounts", "nav.accounts"), ("/berichten", "nav.outbox"), ("/bewaren", "nav.retention")]
        }
    };
    view! {
        <div class="who">
            <span class="who-name">{user.name.clone()}" · "{tr(lang, user.role.label_key())}</span>
            <a href="/meldingen" class="who-link">{tr(lang, "nav.mail_choices")}</a>
            <LogoutButton />
        </div>
        <nav aria-label=tr(lang, "nav.label")>
            <ul>
                {links.iter().map(|(href, key)| {
                    let current = (path == *href).then_some("page");
                    view! { <li><a href=*href aria-current=current>{tr(lang, key)}</a></li> }
                }).collect_view()}
            </ul>
        </nav>
    }
    .into_any()
}
