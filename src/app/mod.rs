//! The HTML shell, the page frame and the routes. Pages are server components;
//! only islands (`#[island]`) reach the browser as wasm, and only pages that
//! hold one load it.
mod layout;

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Meta, MetaTags, Stylesheet, Title};
use leptos_router::{
    components::{Route, Router, Routes},
    path, SsrMode,
};

use crate::{
    components::page::{PageError, PageTitle},
    error::AppError,
    features::{
        accounts::{AccountsPage, ForgotPasswordPage, InvitePage, LoginPage, SetPasswordPage},
        applications::{AdmissionPage, AppliedPage, ApplicationPage, ApplicationsPage, ApplyPage, CohortApplicationsPage, TrackPage},
        calendar::CalendarPage,
        certificates::VerifyPage,
        cohorts::{CohortPage, CohortsPage, EditCohortRulesPage, NewCohortPage},
        enrolment::EnrolmentPage,
        home::HomePage,
        hours::{EditEntryPage, EntriesPage, NewEntryPage, RejectEntryPage, ReviewPage, WithdrawEntryPage},
        interview::{CohortInterviewsPage, CriteriaPage, InterviewPage},
        mail::{MailChoicesPage, OutboxPage, UnsubscribePage},
        participant::ParticipantRecordPage,
        plans::{MyPlansPage, PlanReviewPage},
        privacy::{CohortRetentionPage, ErasePage, MyDataPage, PrivacyPage, RetentionPage},
        programme::{AttendancePage, EditSessionPage, GroupsPage, MyProgrammePage, NewSessionPage, ProgrammePage},
        workplace::{ConfirmPage, WorkplacePage},
    },
    i18n::{provide_lang, tr, use_lang},
};
use layout::Layout;

/// The document around the app; rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let lang = provide_lang();
    #[cfg(feature = "ssr")]
    set_page_security_policy();
    // Islands mode: nothing outside an island is hydrated, so nothing outside one
    // is serialised into the page (what `HydrationScripts` would do in the head).
    if let Some(sc) = Owner::current_shared_context() {
        sc.set_is_hydrating(false);
    }
    let with_islands = page_has_islands(&current_path());
    view! {
        <!DOCTYPE html>
        <html lang=lang.code()>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="color-scheme" content="light" />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                // Not an island: 0.6 KB that stops a second tap from sending a form twice.
                <script src="/forms.js" defer></script>
                <MetaTags />
            </head>
            <body>
                <App />
                {with_islands.then(|| view! { <HydrationScripts options islands=true /> })}
            </body>
        </html>
    }
}

/// The site as plumbing sees it: the shell, the pages and what every feature adds.
/// A new feature is one folder, its pages in `App` and one line here.
#[cfg(feature = "ssr")]
pub fn site() -> crate::server::site::Site {
    use crate::features::*;
    crate::server::site::Site::new(
        |options| shell(options).into_any(),
        || App().into_any(),
        "/inloggen",
        vec![
            accounts::FEATURE,
            applications::FEATURE,
            calendar::FEATURE,
            certificates::FEATURE,
            cohorts::FEATURE,
            enrolment::FEATURE,
            hours::FEATURE,
            interview::FEATURE,
            mail::FEATURE,
            plans::FEATURE,
            privacy::FEATURE,
            programme::FEATURE,
            workplace::FEATURE,
        ],
    )
}

/// The pages that hold an island; only they load the wasm bundle. Rendering
/// streams the document head before the page's data has loaded, so the shell
/// cannot find out by itself; a test checks this list against the pages.
fn page_has_islands(path: &str) -> bool {
    let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
    matches!(segments.as_slice(), ["uren", "nieuw"] | ["uren", _, "bewerken"] | ["beoordelen"] | ["plannen"] | ["plannen", _])
}

#[cfg(feature = "ssr")]
fn current_path() -> String {
    use_context::<axum::http::request::Parts>().map(|p| p.uri.path().to_owned()).unwrap_or_default()
}

#[cfg(not(feature = "ssr"))]
fn current_path() -> String {
    String::new()
}

/// Pages allow inline scripts only with this response's nonce (hydration data).
#[cfg(feature = "ssr")]
fn set_page_security_policy() {
    if let (Some(nonce), Some(options)) = (leptos::nonce::use_nonce(), use_context::<leptos_axum::ResponseOptions>()) {
        if let Ok(value) = crate::server::security::page_csp(&nonce).parse() {
            options.insert_header(axum::http::header::CONTENT_SECURITY_POLICY, value);
        }
    }
}

/// The document title as HTML text: a session called `</title><meta …>` stays words.
fn escape_title_text(text: String) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// Unknown addresses: a message and status 404.
#[component]
fn NotFound() -> impl IntoView {
    let lang = use_lang();
    view! {
        <PageTitle text=tr(lang, "page.not_found.title") />
        <PageError error=AppError::NotFound />
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    provide_lang();
    view! {
        <Stylesheet id="leptos" href="/pkg/leerlijn.css" />
        // leptos_meta 0.8.7 writes the title into `<title>` as it is (lib.rs,
        // `inject_meta_context`); every page's title passes through this formatter.
        <Title text="Leerlijn Buurtteams" formatter=escape_title_text />
        <Meta name="description" content=tr(use_lang(), "meta.description") />
        <Router>
            <Layout>
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=HomePage ssr=SsrMode::Async />
                    <Route path=path!("/inloggen") view=LoginPage ssr=SsrMode::Async />
                    <Route path=path!("/wachtwoord/:token") view=SetPasswordPage ssr=SsrMode::Async />
                    <Route path=path!("/wachtwoord-vergeten") view=ForgotPasswordPage ssr=SsrMode::Async />
                    <Route path=path!("/uitnodigen") view=InvitePage ssr=SsrMode::Async />
                    <Route path=path!("/accounts") view=AccountsPage ssr=SsrMode::Async />
                    <Route path=path!("/cohorten") view=CohortsPage ssr=SsrMode::Async />
                    <Route path=path!("/cohorten/nieuw") view=NewCohortPage ssr=SsrMode::Async />
                    <Route path=path!("/cohorten/:id") view=CohortPage ssr=SsrMode::Async />
                    <Route path=path!("/cohorten/:id/programma") view=ProgrammePage ssr=SsrMode::Async />
                    <Route path=path!("/cohorten/:id/groepen") view=GroupsPage ssr=SsrMode::Async />
                    <Route path=path!("/cohorten/:id/eisen") view=EditCohortRulesPage ssr=SsrMode::Async />
                    <Route path=path!("/cohorten/:id/programma/nieuw") view=NewSessionPage ssr=SsrMode::Async />
                    <Route path=path!("/bijeenkomsten/:id") view=AttendancePage ssr=SsrMode::Async />
                    <Route path=path!("/bijeenkomsten/:id/wijzigen") view=EditSessionPage ssr=SsrMode::Async />
                    <Route path=path!("/programma") view=MyProgrammePage ssr=SsrMode::Async />
                    <Route path=path!("/agenda") view=CalendarPage ssr=SsrMode::Async />
                    <Route path=path!("/plannen") view=MyPlansPage ssr=SsrMode::Async />
                    <Route path=path!("/plannen/:id") view=PlanReviewPage ssr=SsrMode::Async />
                    <Route path=path!("/uren") view=EntriesPage ssr=SsrMode::Async />
                    <Route path=path!("/uren/nieuw") view=NewEntryPage ssr=SsrMode::Async />
                    <Route path=path!("/uren/:id/bewerken") view=EditEntryPage ssr=SsrMode::Async />
                    <Route path=path!("/uren/:id/intrekken") view=WithdrawEntryPage ssr=SsrMode::Async />
                    <Route path=path!("/beoordelen") view=ReviewPage ssr=SsrMode::Async />
                    <Route path=path!("/beoordelen/:id/afkeuren") view=RejectEntryPage ssr=SsrMode::Async />
                    <Route path=path!("/deelnemers/:id") view=ParticipantRecordPage ssr=SsrMode::Async />
                    <Route path=path!("/deelnemers/:id/wissen") view=ErasePage ssr=SsrMode::Async />
                    <Route path=path!("/deelnemers/:id/deelname") view=EnrolmentPage ssr=SsrMode::Async />
                    <Route path=path!("/bewaren") view=RetentionPage ssr=SsrMode::Async />
                    <Route path=path!("/bewaren/:id") view=CohortRetentionPage ssr=SsrMode::Async />
                    <Route path=path!("/cohorten/:id/eindgesprekken") view=CohortInterviewsPage ssr=SsrMode::Async />
                    <Route path=path!("/cohorten/:id/criteria") view=CriteriaPage ssr=SsrMode::Async />
                    <Route path=path!("/eindgesprekken/:id") view=InterviewPage ssr=SsrMode::Async />
                    <Route path=path!("/berichten") view=OutboxPage ssr=SsrMode::Async />
                    <Route path=path!("/meldingen") view=MailChoicesPage ssr=SsrMode::Async />
                    <Route path=path!("/afmelden/:token") view=UnsubscribePage ssr=SsrMode::Async />
                    <Route path=path!("/privacy") view=PrivacyPage ssr=SsrMode::Async />
                    <Route path=path!("/mijn-gegevens") view=MyDataPage ssr=SsrMode::Async />
                    <Route path=path!("/verifieren") view=VerifyPage ssr=SsrMode::Async />
                    <Route path=path!("/verifieren/:number") view=VerifyPage ssr=SsrMode::Async />
                    <Route path=path!("/leerplek") view=WorkplacePage ssr=SsrMode::Async />
                    <Route path=path!("/leerlijn") view=TrackPage ssr=SsrMode::Async />
                    <Route path=path!("/aanmelden") view=ApplyPage ssr=SsrMode::Async />
                    <Route path=path!("/aanmelden/ontvangen") view=AppliedPage ssr=SsrMode::Async />
                    <Route path=path!("/aanmeldingen") view=ApplicationsPage ssr=SsrMode::Async />
                    <Route path=path!("/aanmeldingen/:id") view=ApplicationPage ssr=SsrMode::Async />
                    <Route path=path!("/cohorten/:id/aanmeldingen") view=CohortApplicationsPage ssr=SsrMode::Async />
                    <Route path=path!("/cohorten/:id/toelating") view=AdmissionPage ssr=SsrMode::Async />
                    <Route path=path!("/bevestigen/:token") view=ConfirmPage ssr=SsrMode::Async />
                    <Route path=path!("/bevestigen/:token/klaar") view=ConfirmPage ssr=SsrMode::Async />
                </Routes>
            </Layout>
        </Router>
    }
}
