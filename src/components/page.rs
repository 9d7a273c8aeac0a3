use leptos::prelude::*;
use leptos_meta::Title;

use crate::{
    error::AppError,
    i18n::{tr, use_lang},
};

/// The one-time confirmation a form left for the page being rendered (put on the
/// request by `server::auth::load_signed_in_user`).
#[derive(Debug, Clone)]
pub struct PendingNotice(pub crate::i18n::Message);

#[cfg(feature = "ssr")]
fn pending_notice() -> Option<crate::i18n::Message> {
    use_context::<axum::http::request::Parts>().and_then(|parts| parts.extensions.get::<PendingNotice>().map(|n| n.0.clone()))
}

#[cfg(not(feature = "ssr"))]
fn pending_notice() -> Option<crate::i18n::Message> {
    None
}

/// Whether the page being rendered has its heading yet: a page that fails before its
/// `PageTitle` gets one from `PageError`. Put on each page request by the server.
#[derive(Debug, Clone, Default)]
pub struct TitleShown(pub std::sync::Arc<std::sync::atomic::AtomicBool>);

#[cfg(feature = "ssr")]
fn title_shown() -> Option<TitleShown> {
    use_context::<axum::http::request::Parts>().and_then(|parts| parts.extensions.get::<TitleShown>().cloned())
}

#[cfg(not(feature = "ssr"))]
fn title_shown() -> Option<TitleShown> {
    None
}

/// A page heading that also sets the document title, with the confirmation of
/// what the reader just did right below it.
#[component]
pub fn PageTitle(text: String) -> impl IntoView {
    let lang = use_lang();
    // A refused form says so in the title too: it is the first thing a screen reader reads.
    let refused = use_context::<std::sync::Arc<crate::form::RefusedPost>>().is_some();
    let prefix = if refused { format!("{}: ", tr(lang, "label.error_title")) } else { String::new() };
    let notice = pending_notice().map(|m| m.render(lang));
    // Focus goes to what is new after a page change, one place only: a refusal's
    // error summary (in the form), else the confirmation, else the heading.
    let focus_heading = !refused && notice.is_none();
    if let Some(shown) = title_shown() {
        shown.0.store(true, std::sync::atomic::Ordering::Relaxed);
    }
    view! {
        <Title text=format!("{prefix}{text} · Leerlijn") />
        <h1 tabindex=focus_heading.then_some("-1") autofocus=focus_heading>{text}</h1>
        {notice.map(|text| view! { <p class="alert alert-ok" role="status" tabindex="-1" autofocus=!refused>{text}</p> })}
    }
}

/// What a page shows when its data could not be loaded for this reader.
/// During server rendering it also sets the HTTP status.
#[component]
pub fn PageError(error: AppError) -> impl IntoView {
    let lang = use_lang();
    #[cfg(feature = "ssr")]
    if let Some(options) = use_context::<leptos_axum::ResponseOptions>() {
        if let Ok(status) = axum::http::StatusCode::from_u16(error.status_code()) {
            options.set_status(status);
        }
        if let Some(secs) = error.retry_after_secs() {
            options.insert_header(axum::http::header::RETRY_AFTER, secs.into());
        }
    }
    let key = error.general_key().unwrap_or_else(|| "err.internal".into());
    // A page that could not load has no heading of its own yet: the error gives it one.
    let heading = title_shown().is_some_and(|shown| !shown.0.load(std::sync::atomic::Ordering::Relaxed)).then(|| {
        let title = match error {
            AppError::Unauthorized => "page.error.unauthorized",
            AppError::Forbidden => "page.error.forbidden",
            AppError::NotFound => "page.error.not_found",
            AppError::TooManyRequests { .. } => "page.error.too_many",
            AppError::Gone(_) => "page.error.gone",
            _ => "page.error.other",
        };
        view! { <PageTitle text=tr(lang, title) /> }
    });
    let way_on = if matches!(error, AppError::Unauthorized) {
        view! { <p><a href="/inloggen">{tr(lang, "action.login")}</a></p> }.into_any()
    } else {
        view! { <p><a href="/">{tr(lang, "nav.home")}</a></p> }.into_any()
    };
    view! {
        {heading}
        <div class="alert alert-error" role="alert">
            <p>{tr(lang, &key)}</p>
            {way_on}
        </div>
    }
}

/// A page's data, then the page: `view` with what `load` answered, or the refusal as
/// the page ([`PageError`], with its status). The one shape of a page that loads.
#[component]
pub fn Loaded<T, Fut, V, IV>(load: Fut, view: V) -> impl IntoView
where
    T: Send + 'static,
    Fut: std::future::Future<Output = Result<T, AppError>> + Send + 'static,
    V: FnOnce(T) -> IV + Send + 'static,
    IV: IntoView + 'static,
{
    view! {
        <Suspense fallback=Loading>
            {Suspend::new(async move {
                match load.await {
                    Ok(data) => view(data).into_any(),
                    Err(error) => view! { <PageError error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The loading placeholder inside `Suspense`.
#[component]
pub fn Loading() -> impl IntoView {
    let lang = use_lang();
    view! { <p class="loading" aria-busy="true">{tr(lang, "msg.loading")}</p> }
}

/// The address of the page being rendered, path and query: where a form that
/// stays on this page (language switch, withdraw) returns to.
pub fn current_address() -> String {
    let location = leptos_router::hooks::use_location();
    match location.search.get_untracked() {
        search if search.is_empty() => location.pathname.get_untracked(),
        search => format!("{}?{search}", location.pathname.get_untracked()),
    }
}

/// "Vorige · pagina 2 van 6 · Volgende" for a list shown a page at a time
/// (counted from 1); `base` ends in `?` or `&`. Nothing when it all fits on one page.
#[component]
pub fn Pager(page: i64, pages: i64, base: String) -> impl IntoView {
    let lang = use_lang();
    (pages > 1).then(|| {
        let link = |p: i64, key: &str| view! { <a href=format!("{base}pagina={p}")>{tr(lang, key)}</a> };
        view! {
            <nav class="pager" aria-label=tr(lang, "label.pages")>
                {(page > 1).then(|| link(page - 1, "action.previous"))}
                <span>{tr(lang, "label.page_of").replace("{page}", &page.to_string()).replace("{pages}", &pages.to_string())}</span>
                {(page < pages).then(|| link(page + 1, "action.next"))}
            </nav>
        }
    })
}

/// "Naar het begin · Volgende" for a list paged by key (`?na=<last id>`): a page costs
/// the same however far on. `base` is the list's address ending in `?` or `&`;
/// `fragment` (`#deelnemers` or empty) brings the reader back to the list.
#[component]
pub fn KeysetPager(base: String, paged: bool, next_after: Option<i64>, #[prop(optional)] fragment: &'static str) -> impl IntoView {
    let lang = use_lang();
    let first = format!("{}{fragment}", base.trim_end_matches(['?', '&']));
    (paged || next_after.is_some()).then(|| {
        view! {
            <nav class="pager" aria-label=tr(lang, "label.pages")>
                {paged.then(|| view! { <a href=first>{tr(lang, "action.first_page")}</a> })}
                {next_after.map(|last| view! { <a href=format!("{base}na={last}{fragment}")>{tr(lang, "action.next")}</a> })}
            </nav>
        }
    })
}

/// The id in the page's address (`/cohorten/:id`), or 0 when it is not a number:
/// no row has id 0, so the page's loader answers 404 as for any unknown id.
pub fn path_id() -> i64 {
    leptos_router::hooks::use_params_map().with_untracked(|p| p.get("id").and_then(|v| v.parse::<i64>().ok()).unwrap_or(0))
}

/// The key of a list paged by key (`?na=<last id>`), 0 (from the first) when absent or unreadable.
pub fn keyset_after(raw: Option<String>) -> i64 {
    raw.and_then(|id| id.parse().ok()).unwrap_or(0)
}

/// The page number asked for in `?pagina=`, 1 when absent or unreadable.
pub fn page_number(raw: Option<String>) -> i64 {
    raw.and_then(|p| p.parse().ok()).unwrap_or(1)
}

/// A return path from the address bar, cleaned by the server's one function for
/// untrusted return paths (`clean::local_path`): local, or "/".
#[cfg(feature = "ssr")]
pub fn safe_back(raw: String) -> String {
    crate::clean::local_path(&raw).to_owned()
}

#[cfg(not(feature = "ssr"))]
pub fn safe_back(_raw: String) -> String {
    "/".to_owned()
}
