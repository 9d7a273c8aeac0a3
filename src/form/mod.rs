//! Server-rendered forms that behave the same with and without JavaScript: the
//! whole concept in one place, for the server and the browser build alike.
//!
//! Every form is a plain `POST` to the page it is on, carrying a hidden `_form`
//! that names it (`decide:42` is the action `decide` for the card of entry 42) and
//! a one-time token ([`token`]). Success is post/redirect/get with a confirmation
//! ([`Done`]). When the server refuses a post it renders the same page again with a
//! [`RefusedPost`] in context: the form whose name matches shows what was typed, a
//! message at each field (`aria-invalid`, `aria-describedby`) and an error summary
//! on top that links to the fields ([`fields`]). Other forms on the page stay clean.
//! The HTTP side (reading the post, running the action) is `server::forms`.
pub mod fields;
#[cfg(feature = "ssr")]
pub mod token;
pub mod upload_progress;

pub use fields::*;

use crate::{error::AppError, i18n::Message};

/// The hidden field that names a form; its value is the form's key.
pub const FORM_FIELD: &str = "_form";
/// The hidden field with the form's one-time token (see `token`; repeats are answered once by `server::submissions`).
pub const TOKEN_FIELD: &str = "_token";

/// A post the server refused, handed to the page it renders again.
#[derive(Debug, Clone)]
pub struct RefusedPost {
    /// The `_form` value of the refused form, e.g. `log_hours` or `decide:42`.
    pub form: String,
    pub fields: Vec<(String, String)>,
    pub error: AppError,
}

/// What someone typed into a form while their session had run out: parked in a
/// fresh session, kept through logging in again, and put back into the same form
/// on the page they return to (the server puts it in the request's extensions).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct ParkedPost {
    /// Path and query of the page the form was on.
    pub page: String,
    pub form: String,
    pub fields: Vec<(String, String)>,
}

/// What a form does when the server accepted it: go to `to`, confirming with `notice`.
#[derive(Clone, Debug)]
pub struct Done {
    pub to: String,
    pub notice: Option<Message>,
}

impl Done {
    pub fn to(path: impl Into<String>) -> Self {
        Done { to: path.into(), notice: None }
    }

    pub fn with_notice(mut self, key: &str, args: &[(&str, String)]) -> Self {
        self.notice = Some(Message::new(key, args));
        self
    }
}
