//! "E-mail van Leerlijn" (`/meldingen`): each person chooses which notices reach them
//! by mail. Account mails (invitation, password) always go; the page says so.
use leptos::prelude::*;
use super::MailChoices;

#[cfg(feature = "ssr")]
use crate::server::{api::run, auth, context};
use crate::{
    components::page::{Loaded, PageTitle},
    error::AppError,
    form::{FormState, PostForm},
    i18n::{tr, use_lang},
};

#[server(endpoint = "mail_choices")]
pub async fn load_mail_choices() -> Result<MailChoices, AppError> {
    run("mail_choices", async {
        let user = auth::current_user().await?;
        let state = context::state()?;
        super::db::choices(&state.pool, user.id, user.role).await
    })
    .await
}

#[component]
pub fn MailChoicesPage() -> impl IntoView {
    let lang = use_lang();
    view! {
        <section class="narrow">
            <PageTitle text=tr(lang, "page.mail_choices.title") />
            <p>{tr(lang, "page.mail_choices.intro")}</p>
            <Loaded load=load_mail_choices() view=move |choices| view! { <ChoicesForm choices /> } />
        </section>
    }
}

#[component]
fn ChoicesForm(choices: MailChoices) -> impl IntoView {
    let lang = use_lang();
    if choices.choices.is_empty() {
        return view! { <p>{tr(lang, "page.mail_choices.none")}</p> }.into_any();
    }
    let form = FormState::new("save_mail_choices");
    view! {
        <PostForm form=form.clone()>
            <fieldset class="field">
                <legend>{tr(lang, "page.mail_choices.legend")}</legend>
                {choices.choices.into_iter().map(|(kind, on)| {
                    let id = format!("mail-{}", kind.code());
                    let checked = form.checked("on[]", kind.code(), on);
                    view! {
                        <div class="field choice">
                            <input type="checkbox" id=id.clone() name="on[]" value=kind.code() checked=checked />
                            <label for=id>{tr(lang, kind.choice_key())}</label>
                        </div>
                    }
                }).collect_view()}
            </fieldset>
            <button type="submit" class="button primary">{tr(lang, "action.save_mail_choices")}</button>
        </PostForm>
        <p class="help">{tr(lang, "page.mail_choices.always")}</p>
    }
    .into_any()
}
