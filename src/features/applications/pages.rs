//! The public side: `/leerlijn` (what the track is, for whom, the admission
//! requirements, the next cohort), `/aanmelden` (the application form) and
//! `/aanmelden/ontvangen`. Server-rendered, no island: they work without JavaScript.
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::{load_open_cohorts, OpenCohort, Statement, EXPERIENCE_MAX, EXPLANATION_MAX, MOTIVATION_MAX};
use crate::{
    components::{
        format::long_date,
        page::{Loaded, PageTitle},
    },
    domain::AdmissionAnswer,
    form::{Checkbox, FormState, PostForm, TextArea, TextField},
    i18n::{tr, use_lang},
};

#[component]
pub fn TrackPage() -> impl IntoView {
    let lang = use_lang();
    let list = move |keys: &'static [&'static str]| view! { <ul>{keys.iter().map(|k| view! { <li>{tr(lang, k)}</li> }).collect_view()}</ul> };
    view! {
        <section class="narrow track">
            <PageTitle text=tr(lang, "page.track.title") />
            <p class="lead">{tr(lang, "track.intro")}</p>
            <h2>{tr(lang, "track.what.title")}</h2>
            {list(&["track.what.learning", "track.what.practice", "track.what.sessions", "track.what.plans", "track.what.interview", "track.what.certificate"])}
            <h2>{tr(lang, "track.who.title")}</h2>
            <p>{tr(lang, "track.who.1")}</p>
            <p>{tr(lang, "track.who.2")}</p>
            <h2>{tr(lang, "track.requirements.title")}</h2>
            <p>{tr(lang, "track.requirements.intro")}</p>
            {list(&["track.requirements.training", "track.requirements.experience", "track.requirements.placement"])}
            <p>{tr(lang, "track.requirements.not_yet")}</p>
            <h2 id="volgende-groep">{tr(lang, "track.next.title")}</h2>
            <Loaded load=load_open_cohorts() view=move |cohorts| view! { <NextCohorts cohorts /> } />
            <p><a href="/privacy">{tr(lang, "track.privacy")}</a></p>
        </section>
    }
}

#[component]
fn NextCohorts(cohorts: Vec<OpenCohort>) -> impl IntoView {
    let lang = use_lang();
    if cohorts.is_empty() {
        return view! { <p>{tr(lang, "track.next.none")}</p> }.into_any();
    }
    view! {
        <ul class="card-list">
            {cohorts.into_iter().map(|c| {
                let place = (!c.place.is_empty()).then(|| view! { <p>{tr(lang, "track.next.place").replace("{place}", &c.place)}</p> });
                view! {
                    <li class="card">
                        <h3>{c.name.clone()}</h3>
                        <p>{tr(lang, "track.next.starts").replace("{date}", &long_date(lang, c.starts_on))}</p>
                        {place}
                        <p><a class="button primary" href=format!("/aanmelden?cohort={}", c.id)>{tr(lang, "action.apply")}</a></p>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}

#[component]
pub fn ApplyPage() -> impl IntoView {
    let lang = use_lang();
    let wanted = use_query_map().with_untracked(|q| q.get("cohort").and_then(|v| v.parse::<i64>().ok()));
    view! {
        <section class="narrow">
            <PageTitle text=tr(lang, "page.apply.title") />
            <Loaded load=load_open_cohorts() view=move |cohorts| view! { <ApplyForm cohorts wanted /> } />
        </section>
    }
}

#[component]
fn ApplyForm(cohorts: Vec<OpenCohort>, wanted: Option<i64>) -> impl IntoView {
    let lang = use_lang();
    let form = FormState::new("apply");
    if cohorts.is_empty() {
        return view! {
            <p>{tr(lang, "track.next.none")}</p>
            <p><a href="/leerlijn">{tr(lang, "action.about_track")}</a></p>
        }
        .into_any();
    }
    // The cohort chosen before (a refused post), else the one the link named, else the first.
    let posted = form.was_refused().then(|| form.value("cohort_id", "")).and_then(|v| v.parse::<i64>().ok());
    let chosen_id = posted.or(wanted).filter(|id| cohorts.iter().any(|c| c.id == *id)).unwrap_or(cohorts[0].id);
    let Some(cohort) = cohorts.iter().find(|c| c.id == chosen_id).cloned() else {
        return ().into_any();
    };
    let others: Vec<OpenCohort> = cohorts.iter().filter(|c| c.id != cohort.id).cloned().collect();
    let consent = tr(lang, "field.apply.consent").replace("{months}", &cohort.retention_months.to_string());
    view! {
        <p>{tr(lang, "page.apply.intro")}</p>
        <p class="card">
            {tr(lang, "page.apply.for").replace("{cohort}", &cohort.name).replace("{date}", &long_date(lang, cohort.starts_on))}
        </p>
        {(!others.is_empty()).then(|| view! {
            <p>{tr(lang, "page.apply.other_cohorts")}" "
                {others.into_iter().map(|c| view! { <a href=format!("/aanmelden?cohort={}", c.id)>{c.name}</a>" " }).collect_view()}
            </p>
        })}
        <PostForm form=form.clone()>
            <input type="hidden" name="cohort_id" value=cohort.id.to_string() />
            <input type="hidden" name="lang" value=lang.code() />
            <h2>{tr(lang, "page.apply.about_you")}</h2>
            <TextField id="name" label=tr(lang, "field.name") form=form.clone() required=true autocomplete="name" />
            <TextField id="email" label=tr(lang, "field.email") form=form.clone() kind="email" required=true autocomplete="email"
                inputmode="email" help=tr(lang, "help.apply.email") />
            <TextField id="phone" label=tr(lang, "field.apply.phone") form=form.clone() kind="tel" autocomplete="tel" />
            <h2>{tr(lang, "page.apply.background")}</h2>
            <TextField id="training" label=tr(lang, "field.apply.training") form=form.clone() help=tr(lang, "help.apply.training") />
            <TextField id="training_year" label=tr(lang, "field.apply.training_year") form=form.clone() inputmode="numeric" class="short" />
            <Checkbox id="no_training" label=tr(lang, "field.apply.no_training") form=form.clone() />
            <TextArea id="experience" label=tr(lang, "field.apply.experience") form=form.clone() required=true rows=4
                help=tr(lang, "help.apply.experience").replace("{max}", &EXPERIENCE_MAX.to_string()) />
            <TextField id="placement" label=tr(lang, "field.apply.placement") form=form.clone() required=true
                help=tr(lang, "help.apply.placement") />
            <TextArea id="motivation" label=tr(lang, "field.apply.motivation") form=form.clone() required=true rows=5
                help=tr(lang, "help.apply.motivation").replace("{max}", &MOTIVATION_MAX.to_string()) />
            {(!cohort.statements.is_empty()).then(|| view! {
                <h2>{tr(lang, "page.apply.requirements")}</h2>
                <p>{tr(lang, "page.apply.requirements_intro")}</p>
                {cohort.statements.iter().cloned().map(|s| view! { <StatementAnswer statement=s form=form.clone() /> }).collect_view()}
            })}
            <h2>{tr(lang, "page.apply.consent")}</h2>
            <Checkbox id="consent" label=consent form=form.clone() />
            <p><a href="/privacy">{tr(lang, "action.privacy")}</a></p>
            // A trap for bots: people never see it, so a filled-in value is not from a person.
            <div hidden>
                <label for="website">"Website"</label>
                <input id="website" name="website" type="text" tabindex="-1" autocomplete="off" />
            </div>
            <button type="submit" class="button primary">{tr(lang, "action.send_application")}</button>
        </PostForm>
    }
    .into_any()
}

/// One admission statement: ja / nee, and room to explain.
#[component]
fn StatementAnswer(statement: Statement, form: FormState) -> impl IntoView {
    let lang = use_lang();
    let name = format!("answer_{}", statement.id);
    let explain = format!("explain_{}", statement.id);
    let error = form.field_text(&name, lang);
    let explain_error = form.field_text(&explain, lang);
    let invalid = error.is_some();
    let explain_invalid = explain_error.is_some();
    let explain_value = crate::form::textarea_text(&form.value(&explain, ""));
    let error_id = format!("{name}-error");
    view! {
        <fieldset class="field" class:field-invalid=invalid id=name.clone()
            aria-describedby=invalid.then(|| error_id.clone())>
            <legend>{statement.text.clone()}</legend>
            {error.map(|text| view! { <p class="field-error" id=error_id.clone()>{text}</p> })}
            <div class="choice-row">
                {AdmissionAnswer::ALL.iter().map(|a| {
                    let id = format!("{name}-{}", a.code());
                    let checked = form.checked(&name, a.code(), false);
                    view! {
                        <span class="choice">
                            <input type="radio" name=name.clone() id=id.clone() value=a.code() checked=checked />
                            <label for=id>{tr(lang, a.label_key())}</label>
                        </span>
                    }
                }).collect_view()}
            </div>
            <div class="field" class:field-invalid=explain_invalid>
                <label for=explain.clone()>{tr(lang, "field.apply.explanation")}</label>
                <p class="help" id=format!("{explain}-help")>{tr(lang, "help.apply.explanation").replace("{max}", &EXPLANATION_MAX.to_string())}</p>
                {explain_error.map(|text| view! { <p class="field-error" id=format!("{explain}-error")>{text}</p> })}
                <textarea id=explain.clone() name=explain.clone() rows=2 aria-describedby=format!("{explain}-help")>{explain_value}</textarea>
            </div>
        </fieldset>
    }
}

#[component]
pub fn AppliedPage() -> impl IntoView {
    let lang = use_lang();
    view! {
        <section class="narrow">
            <PageTitle text=tr(lang, "page.applied.title") />
            <div class="alert alert-ok" role="status">
                <p>{tr(lang, "page.applied.received")}</p>
            </div>
            <p>{tr(lang, "page.applied.next")}</p>
            <p>{tr(lang, "page.applied.no_mail")}</p>
            <p><a href="/leerlijn">{tr(lang, "action.about_track")}</a></p>
        </section>
    }
}
