//! Secrets handed from a form post to the page after its redirect (a fresh
//! invitation link) without being written anywhere: they stay in this process's
//! memory, the session only carries a random handle, and they are taken once
//! or forgotten after a few minutes. A restart loses them; inviting again makes a new link.
use std::{
    collections::HashMap,
    sync::Mutex,
    time::{Duration, Instant},
};

const KEPT_FOR: Duration = Duration::from_secs(10 * 60);

#[derive(Default)]
pub struct Handover(Mutex<HashMap<String, (String, Instant)>>);

impl Handover {
    /// Keeps `secret` and returns the handle to take it with.
    pub fn put(&self, secret: String) -> String {
        let handle = super::tokens::new_token();
        let mut map = self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        map.retain(|_, (_, at)| at.elapsed() < KEPT_FOR);
        map.insert(handle.clone(), (secret, Instant::now()));
        handle
    }

    /// The secret for `handle`, once.
    pub fn take(&self, handle: &str) -> Option<String> {
        let mut map = self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        map.remove(handle).filter(|(_, at)| at.elapsed() < KEPT_FOR).map(|(secret, _)| secret)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_secret_is_taken_once_and_only_with_its_handle() {
        let handover = Handover::default();
        let handle = handover.put("https://example.nl/wachtwoord/abc".into());
        assert_eq!(handover.take("not-the-handle"), None);
        assert_eq!(handover.take(&handle).as_deref(), Some("https://example.nl/wachtwoord/abc"));
        assert_eq!(handover.take(&handle), None);
    }
}
