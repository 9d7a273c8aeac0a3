//! The confirmation after a form post ("Je uren zijn opgeslagen") travels to the
//! page after the redirect in a short-lived signed cookie, not in the session.
//! Parking it in the session cost two fsynced writes per form post (the post parked
//! it, the next page view took it), outside the group commit and fighting it for
//! SQLite's write lock; and a page view must write nothing. The page that shows the
//! notice clears the cookie.
//!
//! The key is made per process: a restart between a post and its redirect drops that
//! one confirmation, nothing else. The signature keeps a cookie set by anyone else
//! (a sibling domain) from putting words on our pages.
use std::sync::OnceLock;

use aws_lc_rs::{hmac, rand::SystemRandom};
use axum::http::{header, HeaderMap, HeaderValue};
use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};

use crate::i18n::Message;

const NAME: &str = "leerlijn_melding";
/// Long enough for any redirect; a notice not shown by then is stale.
const MAX_AGE_SECS: u32 = 300;
/// Well under the 4 KB browsers keep per cookie; a longer notice is not sent.
const MAX_VALUE_BYTES: usize = 3000;

fn key() -> &'static hmac::Key {
    static KEY: OnceLock<hmac::Key> = OnceLock::new();
    KEY.get_or_init(|| hmac::Key::generate(hmac::HMAC_SHA256, &SystemRandom::new()).expect("the system's random source works"))
}

/// The `Set-Cookie` value that carries `notice` to the next page view; `None` if it
/// does not fit in a cookie (the post still succeeds, without its confirmation).
pub fn carry(notice: &Message, secure: bool) -> Option<HeaderValue> {
    let payload = URL_SAFE_NO_PAD.encode(serde_json::to_vec(notice).ok()?);
    let tag = URL_SAFE_NO_PAD.encode(hmac::sign(key(), payload.as_bytes()));
    let value = format!("{payload}.{tag}");
    if value.len() > MAX_VALUE_BYTES {
        tracing::warn!(key = %notice.key, bytes = value.len(), "confirmation too long for its cookie; not sent");
        return None;
    }
    HeaderValue::from_str(&format!("{NAME}={value}; Path=/; Max-Age={MAX_AGE_SECS}; HttpOnly; SameSite=Lax{}", secure_flag(secure))).ok()
}

/// The `Set-Cookie` value that removes the notice once a page has shown it.
pub fn cleared(secure: bool) -> HeaderValue {
    HeaderValue::from_str(&format!("{NAME}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax{}", secure_flag(secure)))
        .unwrap_or_else(|_| HeaderValue::from_static("leerlijn_melding=; Path=/; Max-Age=0"))
}

/// The notice in the request's cookie, if this process signed it.
pub fn read(headers: &HeaderMap) -> Option<Message> {
    let value = headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|h| h.to_str().ok())
        .flat_map(|h| h.split(';'))
        .find_map(|pair| pair.trim().strip_prefix(NAME)?.strip_prefix('='))?;
    let (payload, tag) = value.split_once('.')?;
    let tag = URL_SAFE_NO_PAD.decode(tag).ok()?;
    hmac::verify(key(), payload.as_bytes(), &tag).ok()?;
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).ok()?).ok()
}

fn secure_flag(secure: bool) -> &'static str {
    if secure {
        "; Secure"
    } else {
        ""
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request_with(set_cookie: &HeaderValue) -> HeaderMap {
        let pair = set_cookie.to_str().unwrap().split(';').next().unwrap().to_owned();
        let mut headers = HeaderMap::new();
        headers.insert(header::COOKIE, HeaderValue::from_str(&format!("leerlijn_sessie=abc; {pair}")).unwrap());
        headers
    }

    #[test]
    fn a_notice_comes_back_as_it_was_sent() {
        let notice = Message::new("msg.review.approved", &[("count", "3".into()), ("name", "Fatima <b>".into())]);
        let cookie = carry(&notice, true).unwrap();
        assert!(cookie.to_str().unwrap().ends_with("; HttpOnly; SameSite=Lax; Secure"));
        assert_eq!(read(&request_with(&cookie)), Some(notice));
    }

    #[test]
    fn a_changed_or_foreign_cookie_is_ignored() {
        let cookie = carry(&Message::new("msg.hours.saved", &[]), false).unwrap();
        let forged = URL_SAFE_NO_PAD.encode(serde_json::to_vec(&Message::new("msg.review.rejected", &[])).unwrap());
        let (_, tag) = cookie.to_str().unwrap().split(';').next().unwrap().split_once('.').unwrap();
        let tampered = HeaderValue::from_str(&format!("leerlijn_melding={forged}.{tag}")).unwrap();
        assert_eq!(read(&request_with(&tampered)), None);
        let unsigned = HeaderValue::from_str(&format!("leerlijn_melding={forged}")).unwrap();
        assert_eq!(read(&request_with(&unsigned)), None);
        assert_eq!(read(&HeaderMap::new()), None);
    }

    #[test]
    fn a_notice_too_long_for_a_cookie_is_not_sent() {
        let notice = Message::new("msg.hours.saved", &[("name", "x".repeat(4000))]);
        assert_eq!(carry(&notice, false), None);
    }
}
