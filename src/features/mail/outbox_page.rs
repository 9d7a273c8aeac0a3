use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::{OutboxMail, OutboxView};
use crate::{
    components::page::{Loaded, PageTitle},
    domain::MailStatus,
    form::{FormState, PostForm},
    i18n::{tr, use_lang},
};

/// `/berichten` (coordinator): the outbox, newest first, 50 at a time.
#[component]
pub fn OutboxPage() -> impl IntoView {
    let lang = use_lang();
    let before = use_query_map().with_untracked(|q| q.get("voor").and_then(|v| v.parse::<i64>().ok()));
    view! {
        <PageTitle text=tr(lang, "page.outbox.title") />
        <Loaded load=super::load_outbox(before) view=move |outbox| view! { <OutboxList outbox /> } />
    }
}

#[component]
fn OutboxList(outbox: OutboxView) -> impl IntoView {
    let lang = use_lang();
    let counts = outbox
        .counts
        .iter()
        .map(|(status, n)| format!("{}: {n}", tr(lang, status.label_key())))
        .collect::<Vec<_>>()
        .join(" · ");
    view! {
        {if outbox.sending {
            view! { <p>{tr(lang, "page.outbox.intro_sending")}</p> }.into_any()
        } else {
            view! { <p class="alert alert-warning" role="status">{tr(lang, "page.outbox.not_sending")}</p> }.into_any()
        }}
        {(!counts.is_empty()).then(|| view! { <p>{counts}</p> })}
        {if outbox.mails.is_empty() {
            view! { <p>{tr(lang, "page.outbox.empty")}</p> }.into_any()
        } else {
            view! {
                <ul class="mail-list">
                    {outbox.mails.into_iter().map(|mail| view! { <MailItem mail /> }).collect_view()}
                </ul>
            }.into_any()
        }}
        {outbox.older.map(|id| view! {
            <p><a href=format!("/berichten?voor={id}")>{tr(lang, "page.outbox.older")}</a></p>
        })}
    }
}

/// One mail as a card: to whom, what, its state; the link while it waits; a retry
/// button once it was given up or refused.
#[component]
fn MailItem(mail: OutboxMail) -> impl IntoView {
    let lang = use_lang();
    let link_id = format!("mail-link-{}", mail.id);
    let retryable = matches!(mail.status, MailStatus::GaveUp | MailStatus::Refused);
    let when = match &mail.sent_at {
        Some(sent) => tr(lang, "page.outbox.sent_at").replace("{at}", sent),
        None => tr(lang, "page.outbox.queued_at").replace("{at}", &mail.created_at),
    };
    view! {
        <li class="card">
            <p><strong>{mail.subject.clone()}</strong>" · "{tr(lang, mail.kind.label_key())}</p>
            <p>{tr(lang, "page.outbox.to")}" "{mail.to_name.clone()}" <"{mail.to_address.clone()}">"</p>
            <p>
                <span class=format!("status status-mail-{}", mail.status.code())>{tr(lang, mail.status.label_key())}</span>
                " · "{when}" · "{tr(lang, "page.outbox.attempts").replace("{count}", &mail.attempts.to_string())}
            </p>
            {mail.last_error.clone().filter(|_| mail.status != MailStatus::Sent).map(|error| view! {
                <p class="help">{tr(lang, "page.outbox.last_error")}" "{error}</p>
            })}
            {mail.link.clone().map(|link| view! {
                <div class="field">
                    <label for=link_id.clone()>{tr(lang, "page.outbox.link")}</label>
                    <input id=link_id.clone() type="text" readonly value=link />
                </div>
            })}
            {retryable.then(|| {
                let form = FormState::new(format!("retry_mail:{}", mail.id));
                view! {
                    <PostForm form>
                        <button type="submit" class="button">{tr(lang, "action.retry_mail")}</button>
                    </PostForm>
                }
            })}
        </li>
    }
}
