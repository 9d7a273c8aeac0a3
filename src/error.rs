//! The one error type of the app, shared by server functions and routes.
//! Variants carry locale keys, never internal causes: those are logged on the server.
use serde::{Deserialize, Serialize};
use server_fn::{
    codec::JsonEncoding,
    error::{FromServerFnError, ServerFnErrorErr},
};

use crate::domain::ParseError;

/// A problem with one form field, as a locale key shown next to that field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub key: String,
    /// Values for the message's `{placeholders}`, e.g. which criterion it is about.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub args: Vec<(String, String)>,
}

impl FieldError {
    fn new(field: &str, key: &str) -> Self {
        FieldError { field: field.to_owned(), key: key.to_owned(), args: Vec::new() }
    }

    /// The message in `lang`, placeholders filled in.
    pub fn text(&self, lang: crate::i18n::Lang) -> String {
        self.args.iter().fold(crate::i18n::tr(lang, &self.key), |text, (name, value)| text.replace(&format!("{{{name}}}"), value))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("not logged in")]
    Unauthorized,
    #[error("not allowed")]
    Forbidden,
    #[error("not found")]
    NotFound,
    #[error("invalid input")]
    Validation(Vec<FieldError>),
    /// Someone else changed the record first (locale key explains what happened).
    #[error("conflict: {0}")]
    Conflict(String),
    /// What was asked for existed but is no more (an expired or used-up link; locale key says which).
    #[error("gone: {0}")]
    Gone(String),
    /// A limit was reached: the locale key says which, `retry_after_secs` when to try again.
    #[error("too many attempts")]
    TooManyRequests { key: String, retry_after_secs: u64 },
    /// Heavy work (password checks) is queued full; the request may be retried shortly.
    #[error("busy")]
    Busy,
    #[error("internal error")]
    Internal,
    /// The request never reached our code (network down, malformed request).
    #[error("request failed: {0}")]
    Request(String),
}

impl AppError {
    pub fn field(field: &str, key: ParseError) -> Self {
        AppError::Validation(vec![FieldError::new(field, key)])
    }

    pub fn status_code(&self) -> u16 {
        match self {
            AppError::Unauthorized => 401,
            AppError::Forbidden => 403,
            AppError::NotFound => 404,
            AppError::Validation(_) => 422,
            AppError::Conflict(_) => 409,
            AppError::Gone(_) => 410,
            AppError::TooManyRequests { .. } => 429,
            AppError::Busy => 503,
            AppError::Request(_) => 400,
            AppError::Internal => 500,
        }
    }

    /// How long to wait before trying again (the `Retry-After` header), for a limit.
    pub fn retry_after_secs(&self) -> Option<u64> {
        match self {
            AppError::TooManyRequests { retry_after_secs, .. } => Some(*retry_after_secs),
            _ => None,
        }
    }

    /// The message for a given field in `lang`, if this error concerns it.
    pub fn field_text(&self, field: &str, lang: crate::i18n::Lang) -> Option<String> {
        match self {
            AppError::Validation(errors) => errors.iter().find(|e| e.field == field).map(|e| e.text(lang)),
            _ => None,
        }
    }

    /// The message key for a given field, if this error concerns it.
    pub fn field_key(&self, field: &str) -> Option<String> {
        match self {
            AppError::Validation(errors) => errors.iter().find(|e| e.field == field).map(|e| e.key.clone()),
            _ => None,
        }
    }

    /// The message key for errors that do not belong to a single field.
    pub fn general_key(&self) -> Option<String> {
        match self {
            AppError::Validation(errors) => errors.iter().find(|e| e.field == "form").map(|e| e.key.clone()),
            AppError::Unauthorized => Some("err.unauthorized".into()),
            AppError::Forbidden => Some("err.forbidden".into()),
            AppError::NotFound => Some("err.not_found".into()),
            AppError::Conflict(key) | AppError::Gone(key) => Some(key.clone()),
            AppError::TooManyRequests { key, .. } => Some(key.clone()),
            AppError::Busy => Some("err.busy".into()),
            AppError::Internal => Some("err.internal".into()),
            AppError::Request(_) => Some("err.request".into()),
        }
    }
}

/// Collects field errors while parsing a whole form, so every problem shows at once.
#[derive(Default)]
pub struct FormErrors(Vec<FieldError>);

impl FormErrors {
    pub fn check<T>(&mut self, field: &str, result: Result<T, ParseError>) -> Option<T> {
        match result {
            Ok(v) => Some(v),
            Err(key) => {
                self.add(field, key);
                None
            }
        }
    }

    pub fn add(&mut self, field: &str, key: ParseError) {
        self.0.push(FieldError::new(field, key));
    }

    /// A message with values for its placeholders ("Criterium {number}: …").
    pub fn add_with(&mut self, field: &str, key: ParseError, args: &[(&str, String)]) {
        let mut error = FieldError::new(field, key);
        error.args = args.iter().map(|(k, v)| ((*k).to_owned(), v.clone())).collect();
        self.0.push(error);
    }

    /// The refusal for a form with a value missing: every problem found so far
    /// (a field whose value is `None` has recorded one).
    pub fn refusal(self) -> AppError {
        if self.0.is_empty() {
            AppError::field("form", "err.form")
        } else {
            AppError::Validation(self.0)
        }
    }

    pub fn finish(self) -> Result<(), AppError> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(AppError::Validation(self.0))
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            // The posted form could not be decoded into the function's arguments.
            ServerFnErrorErr::Args(_) | ServerFnErrorErr::MissingArg(_) | ServerFnErrorErr::Deserialization(_) => {
                AppError::Validation(vec![FieldError::new("form", "err.form")])
            }
            other => AppError::Request(other.to_string()),
        }
    }
}

#[cfg(feature = "ssr")]
mod server {
    use super::AppError;
    use axum::{
        http::StatusCode,
        response::{IntoResponse, Response},
        Json,
    };

    impl From<sqlx::Error> for AppError {
        fn from(err: sqlx::Error) -> Self {
            tracing::error!(error = %err, "database error");
            AppError::Internal
        }
    }

    impl IntoResponse for AppError {
        fn into_response(self) -> Response {
            let status = StatusCode::from_u16(self.status_code()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            let retry_after = self.retry_after_secs();
            let mut response = (status, Json(self)).into_response();
            if let Some(secs) = retry_after {
                response.headers_mut().insert(axum::http::header::RETRY_AFTER, secs.into());
            }
            response
        }
    }
}
