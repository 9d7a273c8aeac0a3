//! Request guards and response headers that apply to the whole site.
use std::sync::Arc;

use super::{caller::SignedIn, site::Site, state::AppState};
use axum::{
    extract::{Request, State},
    http::{header, HeaderValue, Method, StatusCode},
    middleware::Next,
    response::{IntoResponse, Redirect, Response},
};

/// Fallback policy for responses that do not set their own (pages add a nonce).
const DEFAULT_CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; \
     object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

/// The policy for rendered pages: only our own files, plus inline scripts carrying this response's nonce.
pub fn page_csp(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; \
         connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
    )
}

pub async fn security_headers(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    // Secure cookies mean the site is served over HTTPS: browsers should never try plain HTTP again.
    if state.config.secure_cookies {
        headers.insert(header::STRICT_TRANSPORT_SECURITY, HeaderValue::from_static("max-age=31536000; includeSubDomains"));
    }
    headers.entry(header::CONTENT_SECURITY_POLICY).or_insert(HeaderValue::from_static(DEFAULT_CSP));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    // A page behind a link with a token in it sends none at all (it sets its own).
    headers.entry(header::REFERRER_POLICY).or_insert(HeaderValue::from_static("same-origin"));
    headers.insert("permissions-policy", HeaderValue::from_static("camera=(), microphone=(), geolocation=()"));
    response
}

/// A form post that came without `Origin` and `Referer`: it counts only with a form
/// token this process made (checked by `forms::handle_post`).
#[derive(Clone, Copy, Debug)]
pub struct NeedsFormToken;

/// Refuses state-changing requests that a browser sends on behalf of another site.
/// `Origin` (sent by browsers on every POST), else `Referer`, must name this host
/// (or the public URL, for a proxy that rewrites `Host`). With neither, only a page's
/// form post can pass, by its form token; server functions and the language switch
/// are refused. `Sec-Fetch-Site: cross-site` is refused always.
pub async fn same_origin_only(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    if matches!(*request.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return next.run(request).await;
    }
    let headers = request.headers();
    let text = |name: header::HeaderName| headers.get(name).and_then(|v| v.to_str().ok()).map(str::to_owned);
    let host = text(header::HOST);
    // `Origin: null` is a browser keeping the origin to itself (a page with
    // `Referrer-Policy: no-referrer`, like the confirmation link's): no origin at all.
    let origin = text(header::ORIGIN).filter(|o| o != "null").map(|o| o.trim_end_matches('/').to_owned());
    let referer_origin = text(header::REFERER).as_deref().and_then(origin_of_url);
    let cross_site = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) == Some("cross-site");
    let ours =
        |origin: &str| host.as_deref().is_some_and(|host| origin_host(origin) == Some(host)) || origin == state.config.public_base_url;
    let allowed = match (origin.as_deref(), referer_origin.as_deref()) {
        _ if cross_site => false,
        (Some(origin), _) | (None, Some(origin)) => ours(origin),
        (None, None) => {
            let path = request.uri().path();
            let form_post = !(path.starts_with("/api/") || path == "/taal");
            if form_post {
                request.extensions_mut().insert(NeedsFormToken);
            }
            form_post
        }
    };
    if allowed {
        next.run(request).await
    } else {
        tracing::warn!(?origin, ?referer_origin, ?host, "cross-origin request refused");
        forbidden_cross_site(request.headers())
    }
}

/// The refusal of a request from another site (or from nowhere that shows it is ours).
pub fn forbidden_cross_site(headers: &axum::http::HeaderMap) -> Response {
    plain_refusal(headers, StatusCode::FORBIDDEN, "plain.cross_site")
}

/// A refusal made before any page is involved (the request itself is wrong), as
/// short text in the reader's language.
pub fn plain_refusal(headers: &axum::http::HeaderMap, status: StatusCode, key: &str) -> Response {
    (status, crate::i18n::tr(crate::i18n::lang_of_request(headers), key)).into_response()
}

/// `scheme://host[:port]` of an absolute URL.
fn origin_of_url(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let authority = rest.split(['/', '?', '#']).next()?;
    (!authority.is_empty()).then(|| format!("{scheme}://{authority}"))
}

fn origin_host(origin: &str) -> Option<&str> {
    origin.split_once("://").map(|(_, rest)| rest.trim_end_matches('/'))
}

/// Pages other than the public ones need a login; anonymous visitors go to the
/// login page and come back afterwards. Server functions answer 401 themselves.
pub async fn require_login_for_pages(State(site): State<Arc<Site>>, request: Request, next: Next) -> Response {
    let path = request.uri().path();
    let signed_in = request.extensions().get::<SignedIn>().is_some_and(|s| s.0.is_some());
    if request.method() != Method::GET || !is_page_path(path) || site.is_public_page(path) || signed_in {
        return next.run(request).await;
    }
    let back = request.uri().path_and_query().map(|p| p.as_str()).unwrap_or("/");
    Redirect::to(&site.login_then(back)).into_response()
}

/// Whether a path is one of the app's pages (not a server function, a file or the health check).
pub fn is_page_path(path: &str) -> bool {
    !(path.starts_with("/api/")
        || path.starts_with("/pkg/")
        || path == "/health"
        || path.rsplit('/').next().is_some_and(|last| last.contains('.')))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origin_host_strips_scheme() {
        assert_eq!(origin_host("http://127.0.0.1:3000"), Some("127.0.0.1:3000"));
        assert_eq!(origin_host("null"), None);
    }
}

/// What a request that hit a bug gets: a plain Dutch page with status 500. The
/// panic itself is logged; nothing of it reaches the reader.
pub fn panic_page(panic: Box<dyn std::any::Any + Send + 'static>) -> Response {
    let detail =
        panic.downcast_ref::<&str>().map(|s| s.to_string()).or_else(|| panic.downcast_ref::<String>().cloned()).unwrap_or_default();
    tracing::error!(panic = %detail, "request handler panicked");
    let page = "<!DOCTYPE html><html lang=\"nl\"><head><meta charset=\"utf-8\">\
        <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
        <title>Er ging iets mis · Leerlijn</title><link rel=\"stylesheet\" href=\"/pkg/leerlijn.css\"></head>\
        <body><main id=\"inhoud\"><h1>Er ging iets mis</h1>\
        <p>Er ging bij ons iets mis. Wat al was opgeslagen, blijft bewaard. Probeer het opnieuw of ga naar de <a href=\"/\">startpagina</a>.</p>\
        <p lang=\"en\">Something went wrong on our side. Please try again.</p></main></body></html>";
    (StatusCode::INTERNAL_SERVER_ERROR, [(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"))], page)
        .into_response()
}
