//! Glue for server functions: a tracing span per call, logged failures, and
//! HTTP status codes that say what went wrong (server_fn answers 500 by default).
use std::future::Future;

use axum::{
    body::{to_bytes, Body},
    extract::Request,
    http::StatusCode,
    middleware::Next,
    response::Response,
};
use tracing::Instrument;

use crate::error::AppError;

/// Runs a server function body inside a span and logs how it failed.
pub async fn run<T>(name: &'static str, body: impl Future<Output = Result<T, AppError>>) -> Result<T, AppError> {
    let span = tracing::info_span!("server_fn", name);
    let result = body.instrument(span.clone()).await;
    if let Err(err) = &result {
        let _entered = span.enter();
        match err {
            AppError::Internal => tracing::error!("failed"),
            other => tracing::info!(error = %other, "refused"),
        }
    }
    result
}

/// Server functions serialise their `AppError` with status 500; this gives the
/// response the status that error stands for (401, 403, 404, 409, 422, 429).
pub async fn error_status(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    if response.status() != StatusCode::INTERNAL_SERVER_ERROR || !response.headers().contains_key("serverfnerror") {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let bytes = match to_bytes(body, 64 * 1024).await {
        Ok(bytes) => bytes,
        Err(_) => return Response::from_parts(parts, Body::empty()),
    };
    if let Ok(err) = serde_json::from_slice::<AppError>(&bytes) {
        parts.status = StatusCode::from_u16(err.status_code()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        if let Some(secs) = err.retry_after_secs() {
            parts.headers.insert(axum::http::header::RETRY_AFTER, secs.into());
        }
    }
    Response::from_parts(parts, Body::from(bytes))
}
