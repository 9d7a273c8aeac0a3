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
    let trailing = after_end.trim();
    // Markers are few per hundred bytes: room for some, and growth beyond that.
    let mut out = String::with_capacity(html.len() + html.len() / 32);
    match document.rfind("</body>").filter(|_| !trailing.is_empty()) {
        Some(body_end) => {
            rewrite_tags(&mut out, &document[..body_end]);
            out.push_str(trailing);
            rewrite_tags(&mut out, &document[body_end..]);
        }
        None => {
            rewrite_tags(&mut out, document);
            out.push_str(after_end);
        }
    }
    out
}

/// Copies `html` into `out` in one pass over its tags (`<`), writing each marker as an
/// empty comment and each `<link>`'s `crossorigin` value as `anonymous`. One pass,
/// because this runs on every page: the earlier find-and-replace per rewrite copied a
/// 70 KB page three times (3–5 % of a large page's CPU time under load).
fn rewrite_tags(out: &mut String, html: &str) {
    let mut copied = 0;
    for (at, _) in html.match_indices('<') {
        if at < copied {
            continue;
        }
        let rest = &html[at..];
        if rest.starts_with(MARKER) {
            out.push_str(&html[copied..at]);
            out.push_str(EMPTY_COMMENT);
            copied = at + MARKER.len();
        } else if rest.starts_with("<link ") {
            // Attribute values cannot hold a raw `>` (Leptos escapes it), so a tag ends at the first one.
            let tag = &rest[..rest.find('>').unwrap_or(rest.len())];
            if let Some((value_start, value_end)) = crossorigin_value(tag) {
                out.push_str(&html[copied..at + value_start]);
                out.push_str("anonymous");
                copied = at + value_end;
            }
        }
    }
    out.push_str(&html[copied..]);
}

/// Where the value of a tag's `crossorigin="…"` starts and ends, if it has one.
fn crossorigin_value(tag: &str) -> Option<(usize, usize)> {
    const ATTRIBUTE: &str = " crossorigin=\"";
    let start = tag.find(ATTRIBUTE)? + ATTRIBUTE.len();
    let len = tag[start..].find('"')?;
    Some((start, start + len))
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
    fn adjacent_markers_and_a_marker_right_after_a_preload_are_each_rewritten() {
        let page = r#"<html><head><link rel="preload" crossorigin="Zm9v"><!><!></head><body><!><!><p><!></p></body></html><script>z=1;</script>"#;
        assert_eq!(
            conform(page),
            r#"<html><head><link rel="preload" crossorigin="anonymous"><!----><!----></head><body><!----><!----><p><!----></p><script>z=1;</script></body></html>"#
        );
    }

    #[test]
    fn escaped_user_text_and_a_page_without_trailing_scripts_are_left_alone() {
        let page = "<!DOCTYPE html><html><body><textarea>&lt;!&gt;</textarea></body></html>";
        assert_eq!(conform(page), page);
    }
}
