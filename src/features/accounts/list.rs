//! The coordinator's list of accounts: who is in, who has not joined yet, and a
//! new one-time password link for anyone who forgot theirs.
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::{pages::LinkHandover, AccountRow};
use crate::{
    components::page::{keyset_after, KeysetPager, Loading, PageError, PageTitle},
    domain::Role,
    form::{FormState, PostForm},
    i18n::{tr, tr_count, use_lang},
};

#[component]
pub fn AccountsPage() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let (role, after) = query.with_untracked(|q| (q.get("rol").unwrap_or_default(), keyset_after(q.get("na"))));
    let role = Role::parse(&role).ok();
    view! {
        <section>
            <PageTitle text=tr(lang, "page.accounts.title") />
            <Suspense fallback=Loading>
                {Suspend::new(async move {
                    // Both loaders are for coordinators only: they are the access check.
                    let created = match super::last_invitation().await {
                        Ok(created) => created,
                        Err(e) => return view! { <PageError error=e /> }.into_any(),
                    };
                    let list = match super::list_accounts(role.map(|r| r.code().to_owned()).unwrap_or_default(), after).await {
                        Ok(list) => list,
                        Err(e) => return view! { <PageError error=e /> }.into_any(),
                    };
                    let base = match role {
                        Some(r) => format!("/accounts?rol={}&", r.code()),
                        None => "/accounts?".to_owned(),
                    };
                    view! {
                        {created.map(|created| view! { <LinkHandover created /> })}
                        <p><a class="button primary" href="/uitnodigen">{tr(lang, "page.invite.title")}</a></p>
                        <RoleFilter current=role />
                        <p class="muted">{tr_count(lang, "page.accounts.count", list.total as i64)}</p>
                        <ul class="card-list accounts">
                            {list.accounts.into_iter().map(|account| view! { <AccountCard account /> }).collect_view()}
                        </ul>
                        <KeysetPager base paged=list.paged next_after=list.next_after />
                    }.into_any()
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn RoleFilter(current: Option<Role>) -> impl IntoView {
    let lang = use_lang();
    let options = std::iter::once(None).chain(Role::ALL.iter().copied().map(Some));
    view! {
        <nav class="filters" aria-label=tr(lang, "label.filter")>
            <ul>
                {options.map(|option| {
                    let (href, text) = match option {
                        None => ("/accounts".to_owned(), tr(lang, "label.filter_all")),
                        Some(r) => (format!("/accounts?rol={}", r.code()), tr(lang, r.plural_key())),
                    };
                    view! { <li><a href=href aria-current=(option == current).then_some("page")>{text}</a></li> }
                }).collect_view()}
            </ul>
        </nav>
    }
}

/// One account: who, in what role, whether they are in, and the link action.
#[component]
fn AccountCard(account: AccountRow) -> impl IntoView {
    let lang = use_lang();
    let mut about = vec![tr(lang, account.role.label_key())];
    about.extend(account.organisation.map(|o| tr(lang, o.label_key())));
    about.extend(account.cohort_name.clone());
    let state = match (account.active, &account.open_link_until) {
        (true, None) => tr(lang, "page.accounts.active"),
        (true, Some(until)) => tr(lang, "page.accounts.active_link_open").replace("{when}", until),
        (false, Some(until)) => tr(lang, "page.accounts.invited").replace("{when}", until),
        (false, None) => tr(lang, "page.accounts.invitation_expired"),
    };
    let name = if account.role == Role::Participant {
        view! { <a href=format!("/deelnemers/{}", account.id)>{account.name.clone()}</a> }.into_any()
    } else {
        view! { <span>{account.name.clone()}</span> }.into_any()
    };
    view! {
        <li class="card">
            <h2 class="card-title">{name}</h2>
            <p class="muted">{about.join(" · ")}</p>
            <p class="break">{account.email.clone()}</p>
            {account.mail_refused.then(|| view! {
                <p><strong>{tr(lang, "page.accounts.mail_refused")}</strong>" "<a href="/berichten">{tr(lang, "page.accounts.mail_refused_see")}</a></p>
            })}
            <p>{state}</p>
            {if account.active {
                // A person who forgot their password gets a new one-time link; earlier links stop working.
                view! {
                    <PostForm form=FormState::new(format!("password_link:{}", account.id))>
                        <button type="submit" class="button" aria-label=format!("{}: {}", tr(lang, "action.password_link"), account.name)>
                            {tr(lang, "action.password_link")}
                        </button>
                    </PostForm>
                }.into_any()
            } else {
                // Not joined yet: a new invitation, with the same details, replaces the old link.
                view! { <p><a href="/uitnodigen">{tr(lang, "page.accounts.invite_again")}</a></p> }.into_any()
            }}
        </li>
    }
}
