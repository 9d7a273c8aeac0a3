//! Who is calling: the session holds only a user id; the user is re-read on
//! every call so a changed role or removed account takes effect at once.
use std::net::SocketAddr;

use axum::{
    extract::{ConnectInfo, Request, State},
    middleware::Next,
    response::Response,
};
use leptos::prelude::use_context;
use sqlx::SqlitePool;
use tower_sessions::Session;

use super::{
    caller::{ClientAddress, CurrentUser, SignedIn},
    state::AppState,
};
use crate::{
    domain::{Organisation, Role},
    error::AppError,
    form::ParkedPost,
};

const USER_ID_KEY: &str = "user_id";
/// The account's `session_epoch` when the session started; a newer one ends it.
const EPOCH_KEY: &str = "epoch";

pub async fn session_user_id(session: &Session) -> Result<Option<i64>, AppError> {
    session.get::<i64>(USER_ID_KEY).await.map_err(|e| {
        tracing::error!(error = %e, "session read failed");
        AppError::Internal
    })
}

/// The logged-in caller, or `Unauthorized`. Reads what the middleware loaded.
pub async fn current_user() -> Result<CurrentUser, AppError> {
    use_context::<axum::http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<SignedIn>().and_then(|s| s.0.clone()))
        .ok_or(AppError::Unauthorized)
}

async fn load_user(pool: &SqlitePool, id: i64) -> Result<Option<CurrentUser>, AppError> {
    let Some(row) = sqlx::query!(
        r#"SELECT id AS "id!", name, role, organisation, cohort_id, session_epoch FROM users
           WHERE id = ? AND password_hash IS NOT NULL"#,
        id
    )
    .fetch_optional(pool)
    .await?
    else {
        return Ok(None);
    };
    Ok(Some(CurrentUser {
        id: row.id,
        name: row.name,
        role: Role::parse(&row.role).map_err(|_| AppError::Internal)?,
        organisation: row.organisation.as_deref().and_then(|o| Organisation::parse(o).ok()),
        cohort_id: row.cohort_id,
        session_epoch: row.session_epoch,
    }))
}

async fn signed_in_user(state: &AppState, id: i64) -> Option<CurrentUser> {
    if let Some(user) = state.users.get(id) {
        return Some(user);
    }
    let user = load_user(&state.pool, id).await.ok().flatten()?;
    state.users.remember(&user);
    Some(user)
}

/// Key of the last time the session's expiry was pushed forward (unix seconds).
const REFRESHED_AT_KEY: &str = "refreshed_at";
/// A page view writes to the session store at most this often; the idle
/// timeout therefore runs from the last refresh, at most this much early.
const REFRESH_EVERY_SECS: i64 = 300;

/// Loads the signed-in user once per request (pages, forms and server functions
/// all read it from the request) and keeps an active session alive without
/// writing to the session store on every view.
pub async fn load_signed_in_user(State(state): State<AppState>, session: Session, mut request: Request, next: Next) -> Response {
    let user = match session_user_id(&session).await {
        Ok(Some(id)) => signed_in_user(&state, id).await,
        _ => None,
    };
    let user = match user {
        Some(user) if session.get::<i64>(EPOCH_KEY).await.ok().flatten().unwrap_or(0) == user.session_epoch => Some(user),
        _ => None,
    };
    if user.is_some() {
        keep_alive(&session).await;
        if request.method() == axum::http::Method::GET {
            restore_parked_post(&session, &mut request).await;
        }
    }
    let notice_taken = is_page_view(&request) && take_notice(&mut request);
    request.extensions_mut().insert(crate::components::page::TitleShown::default());
    let peer = request.extensions().get::<ConnectInfo<SocketAddr>>().map(|ConnectInfo(addr)| addr.ip());
    let address =
        super::proxy::client_address(peer, request.headers(), &state.config.trusted_proxies).map(|ip| ip.to_string()).unwrap_or_default();
    request.extensions_mut().insert(ClientAddress(address));
    let path = request.uri().path();
    let private = user.is_some() && (super::security::is_page_path(path) || path.starts_with("/api/"));
    request.extensions_mut().insert(SignedIn(user));
    let mut response = next.run(request).await;
    if notice_taken {
        response.headers_mut().append(axum::http::header::SET_COOKIE, super::notice_cookie::cleared(state.config.secure_cookies));
    }
    // What a signed-in person sees stays out of every cache: on a shared computer in a
    // buurthuis, Back after logging out must not show someone's plans again.
    if private {
        response.headers_mut().insert(axum::http::header::CACHE_CONTROL, axum::http::HeaderValue::from_static("no-store, private"));
    }
    response
}

/// Header the upload island sends: its request follows the form's redirect in the
/// background, and the page it then opens itself must still get the confirmation.
pub const UPLOAD_PROGRESS_HEADER: &str = "x-upload-progress";

/// Opening a page (not a script, style sheet, download, server function call, or the
/// upload island's background request).
fn is_page_view(request: &Request) -> bool {
    request.method() == axum::http::Method::GET
        && super::security::is_page_path(request.uri().path())
        && !request.headers().contains_key(UPLOAD_PROGRESS_HEADER)
}

/// The one-time confirmation a form left goes to the page rendered now (the page
/// heading shows it, `components::page::PageTitle`); `true` when there was one, so
/// the response clears its cookie.
fn take_notice(request: &mut Request) -> bool {
    let Some(notice) = super::notice_cookie::read(request.headers()) else {
        return false;
    };
    request.extensions_mut().insert(crate::components::page::PendingNotice(notice));
    true
}

/// A form parked because the session had run out goes back into its page on
/// the first page view after logging in again; if that is another page, it is dropped.
async fn restore_parked_post(session: &Session, request: &mut Request) {
    let Ok(Some(parked)) = super::flash::take_from::<ParkedPost>(session, super::flash::PARKED_POST).await else {
        return;
    };
    let here = request.uri().path_and_query().map(|p| p.as_str()).unwrap_or("/");
    if parked.page == here {
        request.extensions_mut().insert(std::sync::Arc::new(parked));
    }
}

async fn keep_alive(session: &Session) {
    let now = chrono::Utc::now().timestamp();
    let last = session.get::<i64>(REFRESHED_AT_KEY).await.ok().flatten().unwrap_or(0);
    if now - last >= REFRESH_EVERY_SECS {
        if let Err(e) = session.insert(REFRESHED_AT_KEY, now).await {
            tracing::warn!(error = %e, "session refresh failed");
        }
    }
}

/// Starts a session for `user_id` under a fresh id, so a planted id is useless. The
/// account is read afresh (a password just set raised its epoch) and the session
/// carries that epoch.
pub async fn start_session(state: &AppState, session: &Session, user_id: i64) -> Result<(), AppError> {
    let fail = |e: tower_sessions::session::Error| {
        tracing::error!(error = %e, "session write failed");
        AppError::Internal
    };
    state.users.forget(user_id);
    let user = load_user(&state.pool, user_id).await?.ok_or(AppError::Unauthorized)?;
    state.users.remember(&user);
    session.cycle_id().await.map_err(fail)?;
    session.insert(USER_ID_KEY, user_id).await.map_err(fail)?;
    session.insert(EPOCH_KEY, user.session_epoch).await.map_err(fail)?;
    session.insert(REFRESHED_AT_KEY, chrono::Utc::now().timestamp()).await.map_err(fail)
}

/// Deletes the session record and its cookie.
pub async fn end_session(session: &Session) -> Result<(), AppError> {
    session.flush().await.map_err(|e| {
        tracing::error!(error = %e, "session delete failed");
        AppError::Internal
    })
}

/// The calling client's address (after trusted proxies), for per-address limits.
pub fn client_address() -> String {
    use_context::<axum::http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<ClientAddress>().map(|a| a.0.clone()))
        .unwrap_or_default()
}
