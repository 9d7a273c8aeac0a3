//! One submission is one change. Every rendered form carries a one-time token
//! (`_token`); a form posted twice with the same token (a double tap, a resend
//! after a flaky connection) gets the first post's answer and changes nothing
//! again. A second post that arrives while the first is still running waits for it.
use std::{
    collections::HashMap,
    future::Future,
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

use crate::error::AppError;
use crate::form::Done;

/// Long enough for any resend; a form left open longer gets a fresh token when reloaded.
const REMEMBERED_FOR: Duration = Duration::from_secs(2 * 3600);
/// Tokens to keep at most; the oldest are dropped first.
const MAX_REMEMBERED: usize = 50_000;

/// The answer to one token: empty until a post with it was accepted.
type Slot = Arc<tokio::sync::Mutex<Option<Done>>>;

#[derive(Default)]
pub struct Submissions(Mutex<HashMap<(Option<i64>, String), (Slot, Instant)>>);

impl Submissions {
    /// Runs `action` for the first post with `(sender, token)` and remembers its
    /// answer when it was accepted. A repeat gets that answer without running
    /// (`Ok((answer, false))`); a repeat of a refused post runs again, since a
    /// refusal changed nothing. Posts with one token run one at a time.
    pub async fn once<F>(&self, sender: Option<i64>, token: &str, action: F) -> Result<(Done, bool), AppError>
    where
        F: Future<Output = Result<Done, AppError>>,
    {
        let slot = self.slot(sender, token);
        let mut answer = slot.lock().await;
        if let Some(first) = answer.as_ref() {
            return Ok((first.clone(), false));
        }
        let accepted = action.await?;
        *answer = Some(accepted.clone());
        Ok((accepted, true))
    }

    fn slot(&self, sender: Option<i64>, token: &str) -> Slot {
        let mut map = self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if map.len() >= MAX_REMEMBERED {
            map.retain(|_, (_, at)| at.elapsed() < REMEMBERED_FOR);
            if map.len() >= MAX_REMEMBERED {
                if let Some(oldest) = map.iter().min_by_key(|(_, (_, at))| *at).map(|(k, _)| k.clone()) {
                    map.remove(&oldest);
                }
            }
        }
        map.entry((sender, token.to_owned())).or_insert_with(|| (Slot::default(), Instant::now())).0.clone()
    }
}
