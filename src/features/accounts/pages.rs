use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::{
    components::page::{Loading, PageError, PageTitle},
    domain::{Organisation, Role},
    features::cohorts::list_cohorts,
    form::{CopyField, FormState, PostForm, RadioGroup, SelectField, TextField},
    i18n::{tr, use_lang, Lang},
};

#[component]
pub fn LoginPage() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let form = FormState::new("login");
    let (back, logged_out) = query.with_untracked(|q| (q.get("terug").unwrap_or_default(), q.get("uitgelogd").is_some()));
    view! {
        <section class="narrow">
            <PageTitle text=tr(lang, "page.login.title") />
            {logged_out.then(|| view! { <p class="alert alert-ok" role="status">{tr(lang, "msg.logged_out")}</p> })}
            <p>{tr(lang, "page.login.intro")}</p>
            <PostForm form=form.clone()>
                <input type="hidden" name="terug" value=form.value("terug", back) />
                <TextField id="email" label=tr(lang, "field.email") form=form.clone() kind="email" autocomplete="username" inputmode="email" required=true />
                <TextField id="password" label=tr(lang, "field.password") form=form.clone() kind="password" autocomplete="current-password" required=true />
                <button type="submit" class="button primary">{tr(lang, "action.login")}</button>
            </PostForm>
            <p><a href="/wachtwoord-vergeten">{tr(lang, "page.login.forgot")}</a></p>
            <p class="hint">{tr(lang, "page.login.no_account")}</p>
            <p>{tr(lang, "page.login.apply")}" "<a href="/leerlijn">{tr(lang, "action.about_track")}</a></p>
        </section>
    }
}

/// "Wachtwoord vergeten?": an address in, a mail with a link out. After sending,
/// the page says the same whether or not the address has an account.
#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let sent = query.with_untracked(|q| q.get("verstuurd").is_some());
    let form = FormState::new("forgot_password");
    view! {
        <section class="narrow">
            <PageTitle text=tr(lang, "page.forgot.title") />
            {if sent {
                view! {
                    <div class="alert alert-ok" role="status">
                        <p>{tr(lang, "page.forgot.sent")}</p>
                        <p>{tr(lang, "page.forgot.sent_hint")}</p>
                    </div>
                    <p><a href="/inloggen">{tr(lang, "page.forgot.back")}</a></p>
                }.into_any()
            } else {
                view! {
                    <p>{tr(lang, "page.forgot.intro")}</p>
                    <PostForm form=form.clone()>
                        <TextField id="email" label=tr(lang, "field.email") form=form.clone() kind="email" autocomplete="username"
                            inputmode="email" required=true />
                        <button type="submit" class="button primary">{tr(lang, "action.send_link")}</button>
                    </PostForm>
                    <p><a href="/inloggen">{tr(lang, "page.forgot.back")}</a></p>
                }.into_any()
            }}
        </section>
    }
}

/// In the header of every page; posts to its own address, not to the page.
#[component]
pub fn LogoutButton() -> impl IntoView {
    let lang = use_lang();
    view! {
        <PostForm form=FormState::new("logout") action="/uitloggen" class="logout">
            <button type="submit" class="button link">{tr(lang, "action.logout")}</button>
        </PostForm>
    }
}

/// Opened from the invitation link: the person chooses a password.
#[component]
pub fn SetPasswordPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let token = params.with_untracked(|p| p.get("token").unwrap_or_default());
    view! {
        <section class="narrow">
            <PageTitle text=tr(lang, "page.set_password.title") />
            <Suspense fallback=Loading>
                {Suspend::new(async move {
                    match super::load_invitation(token.clone()).await {
                        Err(e) => view! {
                            <PageError error=e />
                            <p>{tr(lang, "page.set_password.ask_new")}</p>
                        }.into_any(),
                        Ok(invitation) => {
                            let form = FormState::new("accept_invitation");
                            view! {
                                <p>{tr(lang, "page.set_password.welcome").replace("{name}", &invitation.name)}</p>
                                <p><a href="/privacy">{tr(lang, "page.set_password.privacy")}</a></p>
                                <PostForm form=form.clone()>
                                    <input type="hidden" name="token" value=token />
                                    <div class="field">
                                        <label for="account-email">{tr(lang, "field.email")}</label>
                                        <input id="account-email" type="email" autocomplete="username" readonly value=invitation.email.clone() />
                                    </div>
                                    <TextField id="password" label=tr(lang, "field.new_password") form=form.clone() kind="password"
                                        autocomplete="new-password" help=tr(lang, "help.password") required=true />
                                    <TextField id="password_repeat" label=tr(lang, "field.password_repeat") form=form.clone() kind="password"
                                        autocomplete="new-password" required=true />
                                    <button type="submit" class="button primary">{tr(lang, "action.set_password")}</button>
                                </PostForm>
                            }.into_any()
                        }
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
    let query = use_query_map();
    let preselected = query.with_untracked(|q| q.get("cohort").unwrap_or_default());
    view! {
        <section class="narrow">
            <PageTitle text=tr(lang, "page.invite.title") />
            <Suspense fallback=Loading>
                {Suspend::new(async move {
                    // `last_invitation` is for coordinators only, so it doubles as the access check.
                    let created = match super::last_invitation().await {
                        Ok(created) => created,
                        Err(e) => return view! { <PageError error=e /> }.into_any(),
                    };
                    let cohorts = match list_cohorts().await {
                        Ok(cohorts) => cohorts,
                        Err(e) => return view! { <PageError error=e /> }.into_any(),
                    };
                    let form = FormState::new("invite");
                    view! {
                        {created.map(|created| view! { <LinkHandover created /> })}
                            <p>{tr(lang, "page.invite.intro")}</p>
                            <PostForm form=form.clone()>
                                <TextField id="name" label=tr(lang, "field.name") form=form.clone() required=true />
                                <TextField id="email" label=tr(lang, "field.email") form=form.clone() kind="email" required=true />
                                <RadioGroup name="role" legend=tr(lang, "field.role") form=form.clone() initial=Role::Participant.code()
                                    choices=Role::ALL.iter().map(|r| (r.code().to_owned(), tr(lang, r.label_key()), None)).collect() />
                                <SelectField id="organisation" label=tr(lang, "field.organisation") form=form.clone()
                                    help=tr(lang, "help.organisation") placeholder=tr(lang, "label.choose")
                                    options=Organisation::ALL.iter()
                                        .map(|o| (o.code().to_owned(), tr(lang, o.label_key()), false))
                                        .collect() />
                                <SelectField id="cohort_id" label=tr(lang, "field.cohort") form=form.clone()
                                    help=tr(lang, "help.invite_cohort") placeholder=tr(lang, "label.choose")
                                    options=cohorts.into_iter()
                                        .map(|c| { let selected = preselected == c.id.to_string(); (c.id.to_string(), c.name, selected) })
                                        .collect() />
                                {replace_choice(&form, lang)}
                                <button type="submit" class="button primary">{tr(lang, "action.invite")}</button>
                            </PostForm>
                    }.into_any()
                })}
            </Suspense>
        </section>
    }
}

/// A fresh one-time link, shown once, to pass on: an invitation or a new password link.
#[component]
pub(super) fn LinkHandover(created: super::CreatedInvitation) -> impl IntoView {
    let lang = use_lang();
    let (what, label) = if created.password_reset {
        ("page.accounts.password_link_created", "field.password_link")
    } else {
        ("page.invite.created", "field.invitation_link")
    };
    view! {
        <div class="alert alert-ok invitation" role="status">
            <p>{tr(lang, what).replace("{name}", &created.name).replace("{email}", &created.email)}</p>
            {match created.link {
                Some(link) => view! {
                    <CopyField id="invitation-link" label=tr(lang, label) value=link />
                    <p class="help">{tr(lang, "page.invite.expires").replace("{when}", &created.expires_at)}</p>
                }.into_any(),
                None => view! { <p>{tr(lang, "page.invite.link_lost")}</p> }.into_any(),
            }}
        </div>
    }
}

/// Asked only when the address already has a link that still works: making a new
/// one is an explicit choice, and it says that the first link stops working.
fn replace_choice(form: &FormState, lang: Lang) -> Option<impl IntoView> {
    let asked = form.field_error("email").as_deref() == Some("err.invitation.pending") || !form.value("replace", "").is_empty();
    asked.then(|| {
        let checked = form.checked("replace", "yes", false);
        view! {
            <div class="field choice">
                <input type="checkbox" id="replace" name="replace" value="yes" checked=checked />
                <label for="replace">{tr(lang, "field.replace_invitation")}</label>
            </div>
        }
    })
}
