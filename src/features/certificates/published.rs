//! What anyone may fetch to check a credential without an account: the issuer's
//! public keys (`/.well-known/jwks.json`, and each key at the URI its `kid` names),
//! the issuer's profile (`/uitgever`) and the signed revocation list (`/statuslijst/1`).
use axum::{
    extract::{Path, State},
    http::{header, HeaderValue},
    response::{IntoResponse, Response},
};

use super::{credential, db};
use crate::{
    error::AppError,
    server::{signing, state::AppState},
};

/// How long a public document may be cached.
const PUBLIC_MAX_AGE: std::time::Duration = std::time::Duration::from_secs(300);

/// A public document: cacheable for a few minutes (a revocation shows within that time).
fn public(body: String, media_type: &'static str) -> Response {
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(media_type));
    // PUBLIC_MAX_AGE in seconds.
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=300"));
    headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
    response
}

fn json(value: &impl serde::Serialize, media_type: &'static str) -> Result<Response, AppError> {
    Ok(public(serde_json::to_string_pretty(value).map_err(|_| AppError::Internal)?, media_type))
}

pub async fn jwks(State(state): State<AppState>) -> Result<Response, AppError> {
    json(&signing::jwks(&state.pool, &state.config.public_base_url).await?, "application/jwk-set+json")
}

/// `/sleutels/{thumbprint}`: the one public key a credential's `kid` names.
pub async fn key(State(state): State<AppState>, Path(thumbprint): Path<String>) -> Result<Response, AppError> {
    let base = &state.config.public_base_url;
    let wanted = signing::key_uri(base, &thumbprint);
    let set = signing::jwks(&state.pool, base).await?;
    let jwk = set.keys.into_iter().find(|k| k.common.key_id.as_deref() == Some(wanted.as_str())).ok_or(AppError::NotFound)?;
    json(&jwk, "application/jwk+json")
}

pub async fn issuer(State(state): State<AppState>) -> Result<Response, AppError> {
    let mut profile = credential::issuer_profile(&state.config.public_base_url);
    profile["@context"] = serde_json::json!(["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"]);
    json(&profile, "application/ld+json")
}

/// The revocation list as a signed `BitstringStatusListCredential` (VC-JWT). The same
/// revocations give the same signed list for as long as it may be cached (`public`), so
/// its `validFrom` is never older than a copy a verifier may hold anyway.
pub async fn status_list(State(state): State<AppState>) -> Result<Response, AppError> {
    let base = &state.config.public_base_url;
    let revoked = db::revoked_status_indexes(&state.pool).await?;
    let input = revoked.iter().map(u32::to_string).collect::<Vec<_>>().join(",");
    let jws = state.signer.sign_reusing(base, input, PUBLIC_MAX_AGE, || credential::status_list(base, &revoked, chrono::Utc::now()))?;
    Ok(public(jws, "application/vc+jwt"))
}
