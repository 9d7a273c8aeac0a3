use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::{AcceptInvitation, InvitePerson, Login, Logout};
use crate::{
    components::{
        form::{action_error, FieldMessage, FieldState, FormAlert, SelectField, TextField},
        page::{Loading, PageError, PageTitle},
    },
    domain::{Organisation, Role},
    features::cohorts::list_cohorts,
    i18n::{tr, use_lang},
};

#[component]
pub fn LoginPage() -> impl IntoView {
    let lang = use_lang();
    let action = ServerAction::<Login>::new();
    let error = action_error(action.value());
    let query = use_query_map();
    let back = move || query.with(|q| q.get("terug").unwrap_or_default());
    view! {
        <section class="narrow">
            <PageTitle text=tr(lang, "page.login.title") />
            <p>{tr(lang, "page.login.intro")}</p>
            <ActionForm action=action>
                <FormAlert error />
                <input type="hidden" name="terug" value=back />
                <TextField id="email" label=tr(lang, "field.email") error kind="email" autocomplete="username" inputmode="email" required=true />
                <TextField id="password" label=tr(lang, "field.password") error kind="password" autocomplete="current-password" required=true />
                <button type="submit" class="button primary">{tr(lang, "action.login")}</button>
            </ActionForm>
            <p class="hint">{tr(lang, "page.login.no_account")}</p>
        </section>
    }
}

#[component]
pub fn LogoutButton() -> impl IntoView {
    let lang = use_lang();
    let action = ServerAction::<Logout>::new();
    view! {
        <ActionForm action=action>
            <button type="submit" class="button link">{tr(lang, "action.logout")}</button>
        </ActionForm>
    }
}

/// Opened from the invitation link: the person chooses a password.
#[component]
pub fn SetPasswordPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let token = move || params.with(|p| p.get("token").unwrap_or_default());
    let info = Resource::new(token, super::load_invitation);
    let action = ServerAction::<AcceptInvitation>::new();
    let error = action_error(action.value());
    view! {
        <section class="narrow">
            <PageTitle text=tr(lang, "page.set_password.title") />
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match info.await {
                        Err(e) => view! {
                            <PageError error=e />
                            <p>{tr(lang, "page.set_password.ask_new")}</p>
                        }.into_any(),
                        Ok(invitation) => view! {
                            <p>{tr(lang, "page.set_password.welcome").replace("{name}", &invitation.name)}</p>
                            <ActionForm action=action>
                                <FormAlert error />
                                <input type="hidden" name="token" value=token />
                                <div class="field">
                                    <label for="account-email">{tr(lang, "field.email")}</label>
                                    <input id="account-email" type="email" autocomplete="username" readonly value=invitation.email.clone() />
                                </div>
                                <TextField id="password" label=tr(lang, "field.new_password") error kind="password"
                                    autocomplete="new-password" help=tr(lang, "help.password") required=true />
                                <TextField id="password_repeat" label=tr(lang, "field.password_repeat") error kind="password"
                                    autocomplete="new-password" required=true />
                                <button type="submit" class="button primary">{tr(lang, "action.set_password")}</button>
                            </ActionForm>
                        }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

/// Coordinator: add a participant, trainer or coordinator and hand them a link.
#[component]
pub fn InvitePage() -> impl IntoView {
    let lang = use_lang();
    let action = ServerAction::<InvitePerson>::new();
    let error = action_error(action.value());
    let fields = FieldState::new(error);
    let query = use_query_map();
    let preselected = move || query.with(|q| q.get("cohort").unwrap_or_default());
    let cohorts = Resource::new(|| (), |_| list_cohorts());
    let parked = Resource::new(|| (), |_| super::last_invitation());
    let created = move || {
        action.value().get().and_then(|r| r.ok()).or_else(|| parked.get().and_then(|r| r.ok()).flatten())
    };
    view! {
        <section class="narrow">
            <PageTitle text=tr(lang, "page.invite.title") />
            <p>{tr(lang, "page.invite.intro")}</p>
            <Suspense fallback=Loading>
                {move || created().map(|inv| view! {
                    <div class="alert alert-ok invitation" role="status">
                        <p>{tr(lang, "page.invite.created").replace("{name}", &inv.name).replace("{email}", &inv.email)}</p>
                        <label for="invitation-link">{tr(lang, "field.invitation_link")}</label>
                        <input id="invitation-link" type="text" readonly value=inv.link.clone() />
                        <p class="help">{tr(lang, "page.invite.expires").replace("{when}", &inv.expires_at)}</p>
                    </div>
                })}
                {move || Suspend::new(async move {
                    // `last_invitation` is for coordinators only, so it doubles as the access check.
                    let access = parked.await.map(|_| ());
                    match access.and(cohorts.await) {
                        Err(e) => view! { <PageError error=e /> }.into_any(),
                        Ok(cohorts) => view! {
                            <ActionForm action=action>
                                <FormAlert error />
                                <TextField id="name" label=tr(lang, "field.name") error required=true />
                                <TextField id="email" label=tr(lang, "field.email") error kind="email" required=true />
                                <fieldset class="field" aria-describedby=fields.described_by("role", false)>
                                    <legend>{tr(lang, "field.role")}</legend>
                                    {Role::ALL.iter().map(|role| {
                                        let id = format!("role-{}", role.code());
                                        view! {
                                            <div class="choice">
                                                <input type="radio" name="role" id=id.clone() value=role.code() checked=*role == Role::Participant />
                                                <label for=id>{tr(lang, &format!("role.{}", role.code()))}</label>
                                            </div>
                                        }
                                    }).collect_view()}
                                    <FieldMessage error field="role" />
                                </fieldset>
                                <SelectField id="organisation" label=tr(lang, "field.organisation") error
                                    help=tr(lang, "help.organisation") placeholder=tr(lang, "label.choose")
                                    options=Organisation::ALL.iter()
                                        .map(|o| (o.code().to_owned(), tr(lang, &format!("org.{}", o.code())), false))
                                        .collect() />
                                <SelectField id="cohort_id" label=tr(lang, "field.cohort") error
                                    help=tr(lang, "help.invite_cohort") placeholder=tr(lang, "label.choose")
                                    options=cohorts.into_iter()
                                        .map(|c| { let selected = preselected() == c.id.to_string(); (c.id.to_string(), c.name, selected) })
                                        .collect() />
                                <button type="submit" class="button primary">{tr(lang, "action.invite")}</button>
                            </ActionForm>
                        }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}
