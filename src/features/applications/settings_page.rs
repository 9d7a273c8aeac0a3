//! `/cohorten/{id}/toelating`: whether a cohort takes applications, its places and
//! meeting place, how long closed applications are kept, and the admission
//! requirements as statements the applicant answers (next year's cohort may ask others).
use leptos::prelude::*;

use super::{load_admission, AdmissionSettings, STATEMENT_MAX};
use crate::{
    components::page::{path_id, Loaded, PageTitle},
    form::{FormState, PostForm, TextField},
    i18n::{tr, use_lang},
};

#[component]
pub fn AdmissionPage() -> impl IntoView {
    let id = path_id();
    view! { <Loaded load=load_admission(id) view=move |settings| view! { <Admission settings /> } /> }
}

#[component]
fn Admission(settings: AdmissionSettings) -> impl IntoView {
    let lang = use_lang();
    let id = settings.cohort_id;
    let form = FormState::new(format!("save_admission:{id}"));
    let add = FormState::new(format!("add_statement:{id}"));
    // A checkbox posts nothing when cleared; the page shows the stored choice unless a post was refused.
    let open = if form.was_refused() { form.checked("applications_open", "yes", false) } else { settings.applications_open };
    view! {
        <section class="narrow">
            <PageTitle text=tr(lang, "page.admission.title").replace("{cohort}", &settings.cohort_name) />
            <p class="button-row">
                <a href=format!("/cohorten/{id}/aanmeldingen")>{tr(lang, "action.to_applications")}</a>
                <a href="/leerlijn">{tr(lang, "action.public_page")}</a>
            </p>
            <PostForm form=form.clone()>
                <div class="field choice">
                    <input type="checkbox" id="applications_open" name="applications_open" value="yes" checked=open />
                    <label for="applications_open">{tr(lang, "field.applications_open")}</label>
                </div>
                <TextField id="capacity" label=tr(lang, "field.capacity") form=form.clone() inputmode="numeric" class="short"
                    value=settings.capacity.map(|c| c.to_string()).unwrap_or_default() help=tr(lang, "help.cohort_capacity") />
                <TextField id="place" label=tr(lang, "field.cohort_place") form=form.clone() value=settings.place.clone()
                    help=tr(lang, "help.cohort_place") />
                <TextField id="retention_months" label=tr(lang, "field.application_retention") form=form.clone() inputmode="numeric"
                    class="short" value=settings.retention_months.to_string() help=tr(lang, "help.application_retention") />
                <button type="submit" class="button primary">{tr(lang, "action.save")}</button>
            </PostForm>
            <h2>{tr(lang, "page.admission.statements")}</h2>
            <p>{tr(lang, "page.admission.statements_intro")}</p>
            {if settings.statements.is_empty() {
                view! { <p>{tr(lang, "page.admission.no_statements")}</p> }.into_any()
            } else {
                view! {
                    <ol class="card-list">
                        {settings.statements.into_iter().map(|s| {
                            let remove = FormState::new(format!("remove_statement:{}", s.id));
                            view! {
                                <li class="card">
                                    <p>{s.text}</p>
                                    <PostForm form=remove>
                                        <button type="submit" class="button link">{tr(lang, "action.remove_statement")}</button>
                                    </PostForm>
                                </li>
                            }
                        }).collect_view()}
                    </ol>
                }.into_any()
            }}
            <PostForm form=add.clone()>
                <TextField id="statement" label=tr(lang, "field.statement") form=add.clone()
                    help=tr(lang, "help.statement").replace("{max}", &STATEMENT_MAX.to_string()) />
                <button type="submit" class="button">{tr(lang, "action.add_statement")}</button>
            </PostForm>
        </section>
    }
}
