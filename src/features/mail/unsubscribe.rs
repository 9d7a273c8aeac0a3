//! The link at the bottom of every notice (`/afmelden/{token}`): stop that kind of
//! mail without logging in. The page asks once (a link in a mail may be opened by
//! a scanner, so a GET changes nothing); mail programs that offer "unsubscribe"
//! post to `/afmelden/{token}/een-klik` (RFC 8058 one-click), which stops it at once.
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use super::UnsubscribeLink;

#[cfg(feature = "ssr")]
use crate::server::{api::run, context, tokens};
use crate::{
    components::page::{Loaded, PageTitle},
    error::AppError,
    form::{FormState, PostForm},
    i18n::{tr, use_lang},
};

#[server(endpoint = "unsubscribe_link")]
pub async fn load_unsubscribe_link(#[server(default)] token: String) -> Result<UnsubscribeLink, AppError> {
    run("unsubscribe_link", async {
        let state = context::state()?;
        super::db::unsubscribe_link(&state.pool, &tokens::hash_token(&token)).await?.ok_or(AppError::NotFound)
    })
    .await
}

#[component]
pub fn UnsubscribePage() -> impl IntoView {
    let lang = use_lang();
    let token = use_params_map().with_untracked(|p| p.get("token").unwrap_or_default());
    view! {
        <section class="narrow">
            <PageTitle text=tr(lang, "page.unsubscribe.title") />
            <Loaded load=load_unsubscribe_link(token.clone()) view=move |link| {
                let what = tr(lang, link.kind.choice_key());
                if link.off {
                    view! {
                        <p>{tr(lang, "page.unsubscribe.done")}</p>
                        <p class="mail-kind">{what}</p>
                        <p>{tr(lang, "page.unsubscribe.undo")}</p>
                    }.into_any()
                } else {
                    let form = FormState::new("unsubscribe");
                    view! {
                        <p>{tr(lang, "page.unsubscribe.ask")}</p>
                        <p class="mail-kind">{what}</p>
                        <PostForm form>
                            <input type="hidden" name="token" value=token.clone() />
                            <button type="submit" class="button primary">{tr(lang, "action.unsubscribe")}</button>
                        </PostForm>
                        <p class="help">{tr(lang, "page.mail_choices.always")}</p>
                    }.into_any()
                }
            } />
        </section>
    }
}

/// `/afmelden/{token}/een-klik`: GET (someone clicked the header's link) shows the
/// page; POST (a mail program's one-click unsubscribe) turns the mail off at once.
#[cfg(feature = "ssr")]
pub fn routes() -> axum::Router<crate::server::state::AppState> {
    use axum::{
        extract::{Path, State},
        http::StatusCode,
        response::{IntoResponse, Redirect},
        routing::get,
    };
    // Tokens are hex; anything else is no link of ours (and must not reach a header).
    fn ours(token: &str) -> bool {
        !token.is_empty() && token.len() <= 128 && token.bytes().all(|b| b.is_ascii_hexdigit())
    }
    async fn show(Path(token): Path<String>) -> impl IntoResponse {
        if !ours(&token) {
            return StatusCode::NOT_FOUND.into_response();
        }
        Redirect::to(&format!("/afmelden/{token}")).into_response()
    }
    async fn one_click(State(state): State<crate::server::state::AppState>, Path(token): Path<String>) -> impl IntoResponse {
        if !ours(&token) {
            return StatusCode::NOT_FOUND.into_response();
        }
        match super::db::unsubscribe(&state.pool, &tokens::hash_token(&token)).await {
            Ok(true) => (StatusCode::OK, "OK").into_response(),
            Ok(false) => StatusCode::NOT_FOUND.into_response(),
            Err(error) => error.into_response(),
        }
    }
    axum::Router::new().route("/afmelden/{token}/een-klik", get(show).post(one_click))
}
