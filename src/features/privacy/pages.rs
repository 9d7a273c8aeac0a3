//! `/privacy` (public) and `/mijn-gegevens` (a participant's own data).
use leptos::prelude::*;

use super::MyData;
use crate::{
    components::page::{Loaded, PageTitle},
    i18n::{tr, use_lang},
};

/// The privacy statement, in plain words: what, why, who, how long, your rights.
#[component]
pub fn PrivacyPage() -> impl IntoView {
    let lang = use_lang();
    let section = move |title: &'static str, body: &'static [&'static str]| {
        view! {
            <h2>{tr(lang, title)}</h2>
            {body.iter().map(|key| view! { <p>{tr(lang, key)}</p> }).collect_view()}
        }
    };
    view! {
        <section class="narrow">
            <PageTitle text=tr(lang, "page.privacy.title") />
            <p>{tr(lang, "privacy.intro")}</p>
            {section("privacy.what.title", &["privacy.what.1", "privacy.what.2"])}
            {section("privacy.why.title", &["privacy.why.1"])}
            {section("privacy.who.title", &["privacy.who.1", "privacy.who.2"])}
            {section("privacy.how_long.title", &["privacy.how_long.1", "privacy.how_long.2", "privacy.how_long.3"])}
            {section("privacy.rights.title", &["privacy.rights.1", "privacy.rights.2", "privacy.rights.3"])}
            {section("privacy.applications.title", &["privacy.applications.1"])}
            {section("privacy.safe.title", &["privacy.safe.1"])}
            {section("privacy.cookies.title", &["privacy.cookies.1"])}
            <p><a href="/mijn-gegevens">{tr(lang, "action.my_data")}</a></p>
        </section>
    }
}

/// A participant's own data: the overview, who else looked, the download.
#[component]
pub fn MyDataPage() -> impl IntoView {
    let lang = use_lang();
    view! {
        <section class="narrow">
            <PageTitle text=tr(lang, "page.my_data.title") />
            <p>{tr(lang, "page.my_data.intro")}</p>
            <Loaded load=super::load_my_data() view=move |data| view! { <Overview data /> } />
            <p><a href="/privacy">{tr(lang, "action.privacy")}</a></p>
        </section>
    }
}

#[component]
fn Overview(data: MyData) -> impl IntoView {
    let lang = use_lang();
    let row = move |key: &'static str, value: String| view! { <tr><th scope="row">{tr(lang, key)}</th><td>{value}</td></tr> };
    view! {
        <h2>{tr(lang, "page.my_data.stored")}</h2>
        <div class="table-wrap" tabindex="0" role="region" aria-label=tr(lang, "page.my_data.stored")>
            <table>
                <caption class="visually-hidden">{tr(lang, "page.my_data.stored")}</caption>
                <tbody>
                    {row("field.name", data.name)}
                    {row("field.email", data.email)}
                    {row("label.cohort", data.cohort)}
                    {row("page.my_data.entries", data.entries.to_string())}
                    {row("page.my_data.attendance", data.attendance.to_string())}
                    {row("page.my_data.plan_versions", data.plan_versions.to_string())}
                    {row("page.my_data.files", data.files.to_string())}
                    {row("page.my_data.interviews", data.interviews.to_string())}
                    {row("page.my_data.certificates", data.certificates.to_string())}
                    {row("page.my_data.audit_lines", data.audit_lines.to_string())}
                </tbody>
            </table>
        </div>
        <p><a class="button primary" href="/mijn-gegevens/gegevens.zip" download>{tr(lang, "action.download_my_data")}</a></p>
        <p class="help">{tr(lang, "help.download_my_data")}</p>
        <h2>{tr(lang, "page.my_data.looks")}</h2>
        <p>{tr(lang, "page.my_data.looks_intro")}</p>
        <LooksTable looks=data.looks />
    }
}

/// Who else read a participant's data, newest first.
#[component]
pub fn LooksTable(looks: Vec<super::Look>) -> impl IntoView {
    let lang = use_lang();
    if looks.is_empty() {
        return view! { <p>{tr(lang, "page.my_data.no_looks")}</p> }.into_any();
    }
    view! {
        <div class="table-wrap" tabindex="0" role="region" aria-label=tr(lang, "label.looks")>
            <table>
                <caption class="visually-hidden">{tr(lang, "label.looks")}</caption>
                <thead><tr>
                    <th scope="col">{tr(lang, "label.when")}</th>
                    <th scope="col">{tr(lang, "label.who")}</th>
                    <th scope="col">{tr(lang, "label.what")}</th>
                </tr></thead>
                <tbody>
                    {looks.into_iter().map(|look| view! {
                        <tr>
                            <td>{look.at}</td>
                            <td>{format!("{} ({})", look.who, tr(lang, &look.role))}</td>
                            <td>{tr(lang, &look.what)}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}
