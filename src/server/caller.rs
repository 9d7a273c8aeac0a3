//! Who is calling: the signed-in user as loaded once per request, and where the
//! request came from. Plain values, so every layer can name them.
use crate::{
    domain::{Organisation, Role},
    error::AppError,
};

#[derive(Debug, Clone)]
pub struct CurrentUser {
    pub id: i64,
    pub name: String,
    pub role: Role,
    pub organisation: Option<Organisation>,
    pub cohort_id: Option<i64>,
    /// Raised each time a password is set: sessions of an older epoch are over.
    pub session_epoch: i64,
}

impl CurrentUser {
    pub fn require(&self, role: Role) -> Result<(), AppError> {
        if self.role == role {
            Ok(())
        } else {
            Err(AppError::Forbidden)
        }
    }
}

/// The signed-in caller of a plain axum handler (a download), shown in its
/// signature; anyone else gets 401 (pages send them to the login page first).
impl<S: Send + Sync> axum::extract::FromRequestParts<S> for CurrentUser {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut axum::http::request::Parts, _: &S) -> Result<Self, AppError> {
        parts.extensions.get::<SignedIn>().and_then(|s| s.0.clone()).ok_or(AppError::Unauthorized)
    }
}

/// Who sent the request, loaded once per request by `auth::load_signed_in_user`.
#[derive(Debug, Clone)]
pub struct SignedIn(pub Option<CurrentUser>);

/// The address a request came from (for login throttling).
#[derive(Debug, Clone, Default)]
pub struct ClientAddress(pub String);

/// Signed-in users by id, so a page view needs no query to know who is asking.
/// Coherent because this process is the only writer: today no form changes an
/// active account (invitations only touch accounts without a password). A
/// feature that changes or deactivates an account must call [`UserCache::forget`].
#[derive(Debug, Default)]
pub struct UserCache(std::sync::Mutex<std::collections::HashMap<i64, CurrentUser>>);

impl UserCache {
    pub(super) fn get(&self, id: i64) -> Option<CurrentUser> {
        self.0.lock().ok()?.get(&id).cloned()
    }

    pub(super) fn remember(&self, user: &CurrentUser) {
        if let Ok(mut map) = self.0.lock() {
            map.insert(user.id, user.clone());
        }
    }

    pub fn forget(&self, id: i64) {
        if let Ok(mut map) = self.0.lock() {
            map.remove(&id);
        }
    }
}
