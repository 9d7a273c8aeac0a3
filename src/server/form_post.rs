//! One posted form as its action sees it: the fields, any files, who sent it.
use sqlx::SqlitePool;
use tower_sessions::Session;

use super::{
    caller::{ClientAddress, CurrentUser},
    state::AppState,
};
use crate::error::AppError;

/// A file sent with a form. `bytes` holds at most its page's limit + 1 byte of it:
/// enough to know it was too large. Shared bytes, so checking it on a blocking thread copies nothing.
pub struct Upload {
    pub field: String,
    pub file_name: String,
    pub bytes: axum::body::Bytes,
}

/// What a feature does when a form changed someone's progress (hours or a plan
/// approved, attendance recorded), for the participants it names. The features that
/// record progress announce it (`FormPost::progress_changed`) without knowing who
/// listens: a certificate that has come due is issued by `certificates`, which
/// registers its hook in its `site::Feature`.
pub type ProgressHook =
    for<'a> fn(&'a FormPost, &'a [i64]) -> std::pin::Pin<Box<dyn std::future::Future<Output = ()> + Send + 'a>>;

/// One posted form with who sent it.
pub struct FormPost {
    pub state: AppState,
    pub session: Session,
    pub user: Option<CurrentUser>,
    pub client: ClientAddress,
    /// The part of `_form` after the colon: which of several forms on the page.
    pub target: String,
    pub(super) fields: Vec<(String, String)>,
    pub(super) files: Vec<Upload>,
    pub(super) progress_hooks: Vec<ProgressHook>,
}

impl FormPost {
    /// The first value posted for `name`, or "" (a missing field reads as empty).
    pub fn text(&self, name: &str) -> &str {
        self.fields.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str()).unwrap_or("")
    }

    /// Every value posted for `name` (checkbox groups).
    pub fn all(&self, name: &str) -> Vec<&str> {
        self.fields.iter().filter(|(k, _)| k == name).map(|(_, v)| v.as_str()).collect()
    }

    /// This post changed the progress of `participants`: every feature that reacts
    /// to that does so now, within the request (a certificate that came due is there
    /// on the next page).
    pub async fn progress_changed(&self, participants: &[i64]) {
        for hook in &self.progress_hooks {
            hook(self, participants).await;
        }
    }

    pub fn pool(&self) -> &SqlitePool {
        &self.state.pool
    }

    /// The file sent in `field`, if one was chosen.
    pub fn file(&self, field: &str) -> Option<&Upload> {
        self.files.iter().find(|f| f.field == field)
    }

    /// The signed-in sender, or `Unauthorized`.
    pub fn user(&self) -> Result<&CurrentUser, AppError> {
        self.user.as_ref().ok_or(AppError::Unauthorized)
    }

    /// The signed-in sender acting in `role`: `Unauthorized` without a login, `Forbidden`
    /// in another role. The first line of every action that belongs to one role.
    pub fn acting_as(&self, role: crate::domain::Role) -> Result<&CurrentUser, AppError> {
        let user = self.user()?;
        user.require(role)?;
        Ok(user)
    }
}
