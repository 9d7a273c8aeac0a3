//! The HTTP side of plain HTML form posts (the concept is `crate::form`): read the
//! post, run the action its `_form` names (from the site's form table), then
//! post/redirect/get (303) with the confirmation parked for the next page, or the
//! same page again with what was typed, under the status the error stands for
//! (422, 403, 409 …).
use std::sync::Arc;

use axum::{
    body::{to_bytes, Body},
    extract::Request,
    http::{header, Method, StatusCode},
    response::{IntoResponse, Redirect, Response},
};
use leptos::{
    config::LeptosOptions,
    prelude::{provide_context, AnyView},
};
use tower_sessions::Session;
use tracing::Instrument;

use super::{
    caller::{ClientAddress, SignedIn},
    flash,
    form_post::{FormPost, Upload},
    notice_cookie,
    security::plain_refusal,
    site::{FormAction, Site},
    state::AppState,
};
use crate::{
    error::AppError,
    form::{token::is_form_token, Done, ParkedPost, RefusedPost, FORM_FIELD, TOKEN_FIELD},
    i18n::Message,
};

/// Forms are short text; anything larger is not one of ours.
const MAX_FORM_BYTES: usize = 64 * 1024;

/// The most a multipart post may hold, beyond its page's largest file plus its fields.
/// A file over its page's limit is still read (and dropped) so the sender gets the
/// page with the reason; beyond this the post stops.
const UPLOAD_POST_SLACK_BYTES: u64 = 6 * 1024 * 1024;

/// Fields whose values are never sent back into a page.
const SECRET_FIELDS: &[&str] = &["password", "password_repeat", TOKEN_FIELD];

/// `POST` on any page route.
pub async fn handle_post(state: AppState, site: Arc<Site>, request: Request) -> Response {
    let (mut parts, body) = request.into_parts();
    let content_type = parts.headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    let (fields, files) = if content_type.starts_with("application/x-www-form-urlencoded") {
        let Ok(bytes) = to_bytes(body, MAX_FORM_BYTES).await else {
            return plain_refusal(&parts.headers, StatusCode::PAYLOAD_TOO_LARGE, "plain.form_too_large");
        };
        (form_urlencoded::parse(&bytes).into_owned().collect::<Vec<_>>(), Vec::new())
    } else if let Some(upload) = site.upload_page(parts.uri.path()).filter(|_| content_type.starts_with("multipart/form-data")) {
        match read_multipart(&content_type, body, upload.max_file_bytes).await {
            Ok(read) => read,
            Err((status, key)) => return plain_refusal(&parts.headers, status, key),
        }
    } else {
        return plain_refusal(&parts.headers, StatusCode::UNSUPPORTED_MEDIA_TYPE, "plain.send_from_page");
    };
    // Without `Origin` and `Referer`, only a token one of our pages handed out shows the post is ours.
    if parts.extensions.get::<super::security::NeedsFormToken>().is_some() {
        let token = fields.iter().find(|(k, _)| k == TOKEN_FIELD).map(|(_, v)| v.as_str()).unwrap_or_default();
        if !is_form_token(token) {
            tracing::warn!("form post without origin, referer or form token refused");
            return super::security::forbidden_cross_site(&parts.headers);
        }
    }
    let key = fields.iter().find(|(k, _)| k == FORM_FIELD).map(|(_, v)| v.clone()).unwrap_or_default();
    let (action, target) = key.split_once(':').unwrap_or((key.as_str(), ""));
    let Some(session) = parts.extensions.get::<Session>().cloned() else {
        tracing::error!("session layer missing");
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let post = FormPost {
        state: state.clone(),
        session,
        user: parts.extensions.get::<SignedIn>().and_then(|s| s.0.clone()),
        client: parts.extensions.get::<ClientAddress>().cloned().unwrap_or_default(),
        target: target.to_owned(),
        fields,
        files,
        progress_hooks: site.progress_hooks(),
    };
    let span = tracing::info_span!("form", action = %action);
    // The action runs in a task of its own: a sender who goes away (a phone losing
    // signal, a closed tab) drops this handler, never a write halfway through.
    let task = {
        let (action, span) = (action.to_owned(), span.clone());
        let action = site.form_action(&action);
        tokio::spawn(async move {
            let outcome = run_action(action, &post, &span).await;
            (outcome, post)
        })
    };
    let (outcome, post) = match task.await {
        Ok(finished) => finished,
        Err(error) => {
            span.in_scope(|| tracing::error!(%error, "form action failed"));
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    match outcome {
        Err(AppError::Request(_)) => {
            span.in_scope(|| tracing::info!("unknown form"));
            plain_refusal(&parts.headers, StatusCode::BAD_REQUEST, "plain.unknown_form")
        }
        Ok(done) => with_notice(Redirect::to(&done.to).into_response(), done.notice.as_ref(), &post),
        Err(AppError::Unauthorized) if post.user.is_none() => {
            let page = parts.uri.path_and_query().map(|p| p.as_str()).unwrap_or("/").to_owned();
            let login = site.login_then(&page);
            park_for_login(&post, &login, ParkedPost { page, form: key, fields: public_fields(post.fields.clone()) }).await
        }
        Err(error) => {
            span.in_scope(|| match &error {
                AppError::Internal => tracing::error!("failed"),
                other => tracing::info!(error = %other, "refused"),
            });
            let fields = public_fields(post.fields);
            // The page is rendered as if it were opened, with the refusal in context.
            parts.method = Method::GET;
            parts.headers.remove(header::CONTENT_TYPE);
            parts.headers.remove(header::CONTENT_LENGTH);
            render_refusal(state, site.shell, Request::from_parts(parts, Body::empty()), RefusedPost { form: key, fields, error }).await
        }
    }
}

/// Runs the action `_form` names, once per one-time token: a repeated token (double
/// tap, resend) gets the first answer and changes nothing.
async fn run_action(action: Option<FormAction>, post: &FormPost, span: &tracing::Span) -> Result<Done, AppError> {
    let run = async {
        match action {
            Some(action) => action(post).instrument(span.clone()).await,
            None => Err(AppError::Request("unknown form".into())),
        }
    };
    let token = post.text(TOKEN_FIELD);
    if token.is_empty() {
        return run.await;
    }
    let sender = post.user.as_ref().map(|u| u.id);
    post.state.submissions.once(sender, token, run).await.map(|(done, first)| {
        if !first {
            span.in_scope(|| tracing::info!("repeated submission answered with the first result"));
        }
        done
    })
}

/// The fields and files of a multipart post, read as a stream with caps: text fields
/// as for plain forms, each file up to `max_file_bytes + 1` kept, the post as a whole
/// at most `UPLOAD_POST_SLACK_BYTES` more than that.
async fn read_multipart(
    content_type: &str,
    body: Body,
    max_file_bytes: usize,
) -> Result<(Vec<(String, String)>, Vec<Upload>), (StatusCode, &'static str)> {
    let max_post_bytes = max_file_bytes as u64 + UPLOAD_POST_SLACK_BYTES;
    let too_large = || (StatusCode::PAYLOAD_TOO_LARGE, "plain.post_too_large");
    let bad = || (StatusCode::BAD_REQUEST, "plain.send_from_page");
    let boundary = multer::parse_boundary(content_type).map_err(|_| bad())?;
    let limits = multer::SizeLimit::new().whole_stream(max_post_bytes).per_field(max_post_bytes);
    let mut multipart =
        multer::Multipart::with_constraints(body.into_data_stream(), boundary, multer::Constraints::new().size_limit(limits));
    let (mut fields, mut files, mut text_bytes) = (Vec::new(), Vec::new(), 0usize);
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(multer::Error::StreamSizeExceeded { .. } | multer::Error::FieldSizeExceeded { .. }) => return Err(too_large()),
            Err(_) => return Err(bad()),
        };
        let name = field.name().unwrap_or_default().to_owned();
        match field.file_name().map(str::to_owned) {
            Some(file_name) => {
                let mut field = field;
                let mut bytes = Vec::new();
                loop {
                    match field.chunk().await {
                        Ok(Some(chunk)) => {
                            let room = (max_file_bytes + 1).saturating_sub(bytes.len());
                            bytes.extend_from_slice(&chunk[..chunk.len().min(room)]);
                        }
                        Ok(None) => break,
                        Err(multer::Error::StreamSizeExceeded { .. } | multer::Error::FieldSizeExceeded { .. }) => return Err(too_large()),
                        Err(_) => return Err(bad()),
                    }
                }
                // An empty file input still sends a part, without a name.
                if !file_name.is_empty() || !bytes.is_empty() {
                    files.push(Upload { field: name, file_name, bytes: bytes.into() });
                }
            }
            None => {
                let value = field.text().await.map_err(|_| bad())?;
                text_bytes += value.len();
                if text_bytes > MAX_FORM_BYTES {
                    return Err((StatusCode::PAYLOAD_TOO_LARGE, "plain.form_too_large"));
                }
                fields.push((name, value));
            }
        }
    }
    Ok((fields, files))
}

fn public_fields(mut fields: Vec<(String, String)>) -> Vec<(String, String)> {
    fields.retain(|(k, _)| !SECRET_FIELDS.contains(&k.as_str()));
    fields
}

/// The session ran out while someone was typing: what they typed waits in a
/// fresh session while they log in again, and is back in the form afterwards.
async fn park_for_login(post: &FormPost, login: &str, parked: ParkedPost) -> Response {
    if flash::park(&post.session, flash::PARKED_POST, &parked).await.is_err() {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    }
    tracing::info!("session expired; form kept for after login");
    let notice = Message::new("msg.session_expired_form_kept", &[]);
    with_notice(Redirect::to(login).into_response(), Some(&notice), post)
}

/// `redirect` carrying the confirmation the next page shows.
fn with_notice(mut redirect: Response, notice: Option<&Message>, post: &FormPost) -> Response {
    if let Some(cookie) = notice.and_then(|n| notice_cookie::carry(n, post.state.config.secure_cookies)) {
        redirect.headers_mut().append(header::SET_COOKIE, cookie);
    }
    redirect
}

async fn render_refusal(state: AppState, shell: fn(LeptosOptions) -> AnyView, request: Request, refused: RefusedPost) -> Response {
    let status = StatusCode::from_u16(refused.error.status_code()).unwrap_or(StatusCode::UNPROCESSABLE_ENTITY);
    let retry_after = refused.error.retry_after_secs();
    let refused = Arc::new(refused);
    let options = state.leptos_options.clone();
    let render = leptos_axum::render_app_async_with_context(
        move || {
            provide_context(state.clone());
            provide_context(refused.clone());
        },
        move || shell(options.clone()),
    );
    let mut response = render(request).await;
    // The refusal decides the status, also when the page itself could not load for this sender.
    *response.status_mut() = status;
    if let Some(secs) = retry_after {
        response.headers_mut().insert(header::RETRY_AFTER, secs.into());
    }
    response
}
