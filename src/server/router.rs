//! The HTTP application: pages, the features' own routes, server functions, health,
//! language switch and the middleware around them, built from the `Site` the
//! composition root hands in. Shared by `leerlijn serve` and the HTTP tests.
use std::{
    net::SocketAddr,
    sync::{Arc, OnceLock},
};

use axum::{
    body::Body,
    extract::{Request, State},
    http::{header, StatusCode},
    middleware,
    response::{IntoResponse, Redirect, Response},
    routing::{get, post},
    Form, Router,
};
use leptos::prelude::{provide_context, AnyView};
use leptos_axum::{generate_route_list, handle_server_fns_with_context, AxumRouteListing, LeptosRoutes};
use serde::Deserialize;
use tokio::net::TcpListener;
use tower_http::{
    catch_panic::CatchPanicLayer,
    compression::{CompressionLayer, CompressionLevel},
    trace::TraceLayer,
};
use tower_sessions::{cookie::SameSite, Expiry, SessionManagerLayer};
use tower_sessions_sqlx_store::SqliteStore;

use super::{api, auth, conformance, forms, security, session_store::CachedSqliteStore, site::Site, state::AppState, unread_body};
use crate::i18n::Lang;

pub fn build(state: AppState, site: Site) -> Router {
    let site = Arc::new(site);
    with_middleware(app_routes(&state, &site), state, &site)
}

/// Pages (GET renders, POST takes their forms), each feature's own routes, server
/// functions, health and the language switch.
fn app_routes(state: &AppState, site: &Arc<Site>) -> Router<AppState> {
    let routes = route_list(site.pages);
    let context_state = state.clone();
    let page_context = move || provide_context(context_state.clone());
    let take_forms = {
        let site = site.clone();
        move |State(state): State<AppState>, request: Request| forms::handle_post(state, site.clone(), request)
    };

    let mut router = Router::new()
        .route("/health", get(health))
        .route("/taal", post(switch_language))
        // Server functions take POST only: nothing that can change state answers a GET.
        .route("/api/{*fn_name}", post(server_fn_handler));
    for feature in &site.features {
        router = router.merge((feature.routes)());
        for path in feature.form_paths {
            router = router.route(path, post(take_forms.clone()));
        }
    }
    // Every page takes its own forms: a POST to the page's address.
    for listing in &routes {
        router = router.route(listing.path(), post(take_forms.clone()));
    }
    let shell = site.shell;
    router
        .leptos_routes_with_context(state, routes, page_context, {
            let options = state.leptos_options.clone();
            move || shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
}

/// Everything every request passes through, around `router`. Public so a test
/// can check the stack with a route that panics.
pub fn with_middleware(router: Router<AppState>, state: AppState, site: &Arc<Site>) -> Router {
    let idle = time::Duration::seconds(state.config.session_idle_timeout.as_secs() as i64);
    let sessions = SessionManagerLayer::new(CachedSqliteStore::new(SqliteStore::new(state.pool.clone())))
        .with_name("leerlijn_sessie")
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(state.config.secure_cookies)
        .with_expiry(Expiry::OnInactivity(idle));

    router
        .layer(middleware::from_fn_with_state(site.clone(), security::require_login_for_pages))
        .layer(middleware::from_fn_with_state(state.clone(), auth::load_signed_in_user))
        .layer(sessions)
        .layer(middleware::from_fn(api::error_status))
        .layer(middleware::from_fn_with_state(state.clone(), security::same_origin_only))
        // A refusal on the headers alone leaves the body unread: the connection closes.
        .layer(middleware::from_fn(unread_body::close_unless_body_read))
        // A panic anywhere below becomes a logged 500 page (with the usual
        // security headers), never a dropped connection.
        .layer(CatchPanicLayer::custom(security::panic_page))
        .layer(middleware::from_fn_with_state(state.clone(), security::security_headers))
        .layer(middleware::from_fn(conformance::conforming_html))
        // Pages are compressed on the fly at the fastest level (what nginx does by
        // default); the static files were compressed once, at the highest, by
        // `cargo leptos build --precompress` and go out as they are.
        .layer(CompressionLayer::new().quality(CompressionLevel::Fastest))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

/// The page routes, worked out once per process. Generating them flips a
/// process-global "do not load resources" switch in Leptos, so a page being
/// rendered at that moment would wait forever (leptos-rs/leptos#4773); the
/// HTTP tests build many routers in one process while others serve pages.
fn route_list(pages: fn() -> AnyView) -> Vec<AxumRouteListing> {
    static ROUTES: OnceLock<Vec<AxumRouteListing>> = OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(pages)).clone()
}

/// Serves the app on `listener` until the process ends. Sockets get TCP_NODELAY:
/// SSR responses go out in several writes and Nagle would hold each page ~40 ms.
pub async fn serve(listener: TcpListener, state: AppState, site: Site) -> std::io::Result<()> {
    use axum::serve::ListenerExt;
    let listener = listener.tap_io(|tcp| {
        let _ = tcp.set_nodelay(true);
    });
    axum::serve(listener, build(state, site).into_make_service_with_connect_info::<SocketAddr>()).await
}

async fn server_fn_handler(State(state): State<AppState>, request: Request<Body>) -> impl IntoResponse {
    handle_server_fns_with_context(move || provide_context(state.clone()), request).await
}

/// Healthy means the database takes a write within a second: a database that
/// answers reads while every write waits on a lock is down for its users.
async fn health(State(state): State<AppState>) -> Response {
    if super::db::takes_writes(&state.pool, std::time::Duration::from_secs(1)).await {
        (StatusCode::OK, "ok").into_response()
    } else {
        tracing::error!("health check: the database takes no write");
        (StatusCode::SERVICE_UNAVAILABLE, "database unavailable").into_response()
    }
}

async fn remember_language(pool: &sqlx::SqlitePool, user_id: i64, lang: Lang) -> Result<(), crate::error::AppError> {
    let code = lang.code();
    let mut tx = super::db::write_tx(pool).await?;
    sqlx::query!("UPDATE users SET language = ? WHERE id = ? AND language <> ?", code, user_id, code).execute(&mut *tx).await?;
    tx.commit().await?;
    Ok(())
}

#[derive(Deserialize)]
struct LanguageForm {
    taal: String,
    #[serde(default)]
    terug: String,
}

/// Remembers the reader's language for a year and returns them to the page they were
/// on; for someone logged in it is also their account's language, the one their mail is in.
async fn switch_language(
    State(state): State<AppState>,
    signed_in: Option<axum::Extension<super::caller::SignedIn>>,
    Form(form): Form<LanguageForm>,
) -> Response {
    let lang = Lang::from_code(&form.taal).unwrap_or_default();
    if let Some(user) = signed_in.and_then(|s| s.0 .0.clone()) {
        if let Err(error) = remember_language(&state.pool, user.id, lang).await {
            tracing::error!(%error, "could not keep the account's language");
        }
    }
    let cookie = format!("{}={}; Path=/; Max-Age=31536000; SameSite=Lax", Lang::COOKIE, lang.code());
    let mut response = Redirect::to(crate::clean::local_path(&form.terug)).into_response();
    if let Ok(value) = cookie.parse() {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    response
}
