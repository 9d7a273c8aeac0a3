//! `/bevestigen/{token}`: the werkbegeleider's page, opened from the mail without an
//! account. It shows the participant's name and exactly the entries on the link, and
//! takes one answer per entry in one submission. It sets no session, is kept out of
//! caches and search engines, and sends no referrer (the token is in the address).
use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_params_map};

use super::{load_confirmation_link, ConfirmationLink, REMARK_MAX};
use crate::{
    components::{
        format::{date, hours},
        page::{Loaded, PageTitle},
    },
    domain::ConfirmationAnswer,
    form::{textarea_text, FieldMessage, FormState, PostForm},
    i18n::{tr, use_lang},
};

/// The headers of a page behind a link that needs no account.
fn private_link_headers() {
    #[cfg(feature = "ssr")]
    if let Some(options) = use_context::<leptos_axum::ResponseOptions>() {
        use axum::http::{header, HeaderValue};
        options.insert_header(header::CACHE_CONTROL, HeaderValue::from_static("no-store, private"));
        options.insert_header(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
        options.insert_header(header::HeaderName::from_static("x-robots-tag"), HeaderValue::from_static("noindex, nofollow"));
    }
}

#[component]
pub fn ConfirmPage() -> impl IntoView {
    let lang = use_lang();
    private_link_headers();
    let token = use_params_map().with_untracked(|p| p.get("token").unwrap_or_default());
    // `/bevestigen/{token}/klaar`: after answering (no notice: that would need a session).
    let done = use_location().pathname.with_untracked(|path| path.ends_with("/klaar"));
    view! {
        <leptos_meta::Meta name="robots" content="noindex, nofollow" />
        <leptos_meta::Meta name="referrer" content="no-referrer" />
        <section class="narrow">
            {if done {
                view! {
                    <PageTitle text=tr(lang, "page.confirm.thanks_title") />
                    <p>{tr(lang, "page.confirm.thanks")}</p>
                    <p><a href=format!("/bevestigen/{token}")>{tr(lang, "page.confirm.back")}</a></p>
                }.into_any()
            } else {
                view! {
                    <PageTitle text=tr(lang, "page.confirm.title") />
                    <Loaded load=load_confirmation_link(token.clone()) view=move |link| view! { <AnswerForm link token=token.clone() /> } />
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn AnswerForm(link: ConfirmationLink, token: String) -> impl IntoView {
    let lang = use_lang();
    let form = FormState::new("answer_confirmation");
    let place = if link.team.is_empty() { link.organisation.clone() } else { format!("{}, {}", link.organisation, link.team) };
    let intro = tr(lang, "page.confirm.intro")
        .replace("{participant}", &link.participant_name)
        .replace("{name}", &link.supervisor_name)
        .replace("{place}", &place);
    view! {
        <p>{intro}</p>
        <p class="help">{tr(lang, "page.confirm.how").replace("{date}", &link.expires_on)}</p>
        <PostForm form=form.clone()>
            <input type="hidden" name="token" value=token />
            <ul class="card-list entries">
                {link.entries.into_iter().map(|e| {
                    let group = format!("answer_{}", e.id);
                    let remark = format!("remark_{}", e.id);
                    let legend_id = format!("entry-{}-legend", e.id);
                    let invalid = form.field_error(&group).is_some() || form.field_error(&remark).is_some();
                    let typed = textarea_text(&form.value(&remark, ""));
                    let remark_error = form.field_text(&remark, lang);
                    let remark_error_id = format!("{remark}-error");
                    view! {
                        <li class="card entry">
                            <input type="hidden" name="entry" value=e.id.to_string() />
                            <fieldset class="field" class:field-invalid=invalid id=group.clone()>
                                <legend id=legend_id>
                                    <span class="entry-date">{date(e.worked_on)}</span>" · "
                                    <span class="entry-hours">{tr(lang, "label.hours_value").replace("{hours}", &hours(lang, e.quarters))}</span>
                                </legend>
                                <p class="entry-description">{e.description.clone()}</p>
                                {e.place.clone().map(|p| view! { <p class="muted">{tr(lang, "field.place")}": "{p}</p> })}
                                {form.field_text(&group, lang).map(|t| view! { <p class="field-error">{t}</p> })}
                                {ConfirmationAnswer::ALL.iter().map(|answer| {
                                    let id = format!("{group}-{}", answer.code());
                                    let checked = form.checked(&group, answer.code(), false);
                                    view! {
                                        <div class="choice">
                                            <input type="radio" name=group.clone() id=id.clone() value=answer.code() checked=checked />
                                            <label for=id>{tr(lang, answer.label_key())}</label>
                                        </div>
                                    }
                                }).collect_view()}
                                <div class="field">
                                    <label for=remark.clone()>{tr(lang, "field.confirmation_remark")}</label>
                                    {remark_error.map(|t| view! { <p class="field-error" id=remark_error_id.clone()>{t}</p> })}
                                    <textarea id=remark.clone() name=remark.clone() rows="2" maxlength=REMARK_MAX.to_string()
                                        aria-invalid=form.invalid(&remark) aria-describedby=form.field_error(&remark).map(|_| remark_error_id.clone())>{typed}</textarea>
                                </div>
                            </fieldset>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <FieldMessage form=form.clone() field="form" />
            <button type="submit" class="button primary">{tr(lang, "action.send_answers")}</button>
        </PostForm>
        <p class="help">{tr(lang, "page.confirm.privacy")}</p>
    }
}
