//! Makes the pages Leptos renders valid HTML (the W3C Nu checker reports 0 errors).
//!
//! Three things in Leptos 0.8's server output are not valid HTML, though browsers
//! repair them the same way:
//! - tachys writes `<!>` as its placeholder marker (a "bogus comment"; the browser
//!   makes it an empty comment, exactly what `<!---->` is);
//! - leptos_axum appends its hydration bookkeeping scripts after `</html>` (the
//!   browser moves them into the body);
//! - `<HydrationScripts>` puts the CSP nonce in the `crossorigin` attribute of its
//!   two `<link>` preloads (leptos 0.8.23 `hydration/mod.rs`); an unknown value means
//!   `anonymous` to the browser, so that is what is written.
//!
//! All are rewritten here into what the browser would build anyway, so the DOM
//! (and with it the islands' hydration) is unchanged. User content cannot contain
//! a raw `<`: Leptos escapes it in text and attributes, so every `<!>` is a marker.
use axum::{
    body::{to_bytes, Body},
    extract::Request,
    http::header,
    middleware::Next,
    response::{IntoResponse, Response},
};

/// Pages are tens of kilobytes; anything larger than this is not a page we render.
const PAGE_LIMIT: usize = 4 * 1024 * 1024;
const MARKER: &str = "<!>";
const EMPTY_COMMENT: &str = "<!---->";

pub async fn conforming_html(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    let is_html = response.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|v| v.starts_with("text/html"));
    if !is_html {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let bytes = match to_bytes(body, PAGE_LIMIT).await {
        Ok(bytes) => bytes,
        Err(err) => {
            tracing::error!(error = %err, "page body could not be read");
            return crate::error::AppError::Internal.into_response();
        }
    };
    let html = match std::str::from_utf8(&bytes) {
        Ok(text) => conform(text),
        // Not something tachys rendered: pass it on as it was.
        Err(_) => return Response::from_parts(parts, Body::from(bytes)),
    };
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(html))
}

/// The document with markers as empty comments and trailing scripts inside the body.
pub fn conform(html: &str) -> String {
    let (document, after_end) = match html.rfind("</html>") {
        Some(at) => html.split_at(at + "</html>".len()),
        None => (html, ""),
    };
    let document = &anonymous_crossorigin(document);
    let trailing = after_end.trim();
    let mut out = String::with_capacity(html.len() + 64);
    match document.rfind("</body>").filter(|_| !trailing.is_empty()) {
        Some(body_end) => {
            out.push_str(&document[..body_end].replace(MARKER, EMPTY_COMMENT));
            out.push_str(trailing);
            out.push_str(&document[body_end..]);
        }
        None => {
            out.push_str(&document.replace(MARKER, EMPTY_COMMENT));
            out.push_str(after_end);
        }
    }
    out
}

/// Every `crossorigin="…"` inside a `<link>` tag becomes `crossorigin="anonymous"`.
/// Attribute values cannot hold a raw `>` (Leptos escapes it), so a tag ends at the first one.
fn anonymous_crossorigin(html: &str) -> String {
    const ATTRIBUTE: &str = " crossorigin=\"";
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find("<link ") {
        let tag_end = rest[start..].find('>').map_or(rest.len(), |end| start + end);
        let tag = &rest[start..tag_end];
        out.push_str(&rest[..start]);
        match tag.find(ATTRIBUTE).and_then(|at| tag[at + ATTRIBUTE.len()..].find('"').map(|len| (at + ATTRIBUTE.len(), len))) {
            Some((value_start, len)) => {
                out.push_str(&tag[..value_start]);
                out.push_str("anonymous");
                out.push_str(&tag[value_start + len..]);
            }
            None => out.push_str(tag),
        }
        rest = &rest[tag_end..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::conform;

    #[test]
    fn markers_become_empty_comments_and_trailing_scripts_move_into_the_body() {
        let page = "<!DOCTYPE html><html><body><p>a<!>b</p><!></body></html><script>x=[];</script><script>y=[];</script>";
        assert_eq!(
            conform(page),
            "<!DOCTYPE html><html><body><p>a<!---->b</p><!----><script>x=[];</script><script>y=[];</script></body></html>"
        );
    }

    #[test]
    fn a_nonce_in_crossorigin_becomes_anonymous() {
        let page = r#"<html><head><link rel="stylesheet" href="/a.css"><link rel="modulepreload" href="/pkg/a.js" crossorigin="Zm9v"><link rel="preload" href="/pkg/a.wasm" as="fetch" crossorigin="Zm9v"></head><body><p>crossorigin="x"</p></body></html>"#;
        assert_eq!(
            conform(page),
            r#"<html><head><link rel="stylesheet" href="/a.css"><link rel="modulepreload" href="/pkg/a.js" crossorigin="anonymous"><link rel="preload" href="/pkg/a.wasm" as="fetch" crossorigin="anonymous"></head><body><p>crossorigin="x"</p></body></html>"#
        );
    }

    #[test]
    fn preloads_after_the_footer_are_rewritten_too() {
        // Pages with islands get `<HydrationScripts>` in the body, after the footer.
        let page = r#"<html><head></head><body><footer></footer><link rel="modulepreload" href="/pkg/a.js" crossorigin="Zm9v"></body></html>"#;
        assert_eq!(
            conform(page),
            r#"<html><head></head><body><footer></footer><link rel="modulepreload" href="/pkg/a.js" crossorigin="anonymous"></body></html>"#
        );
    }

    #[test]
    fn escaped_user_text_and_a_page_without_trailing_scripts_are_left_alone() {
        let page = "<!DOCTYPE html><html><body><textarea>&lt;!&gt;</textarea></body></html>";
        assert_eq!(conform(page), page);
    }
}
