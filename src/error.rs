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
    #[error("too many attempts")]
    TooManyRequests,
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
        AppError::Validation(vec![FieldError { field: field.to_owned(), key: key.to_owned() }])
    }

    pub fn status_code(&self) -> u16 {
        match self {
            AppError::Unauthorized => 401,
            AppError::Forbidden => 403,
            AppError::NotFound => 404,
            AppError::Validation(_) => 422,
            AppError::Conflict(_) => 409,
            AppError::TooManyRequests => 429,
            AppError::Busy => 503,
            AppError::Request(_) => 400,
            AppError::Internal => 500,
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
            AppError::Conflict(key) => Some(key.clone()),
            AppError::TooManyRequests => Some("err.too_many".into()),
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
        self.0.push(FieldError { field: field.to_owned(), key: key.to_owned() });
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
                AppError::Validation(vec![FieldError { field: "form".into(), key: "err.form".into() }])
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
            (status, Json(self)).into_response()
        }
    }
}
