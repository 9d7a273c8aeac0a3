//! Slows down password guessing: after a few failures for the same account or
//! address within a window, further attempts are refused until the window ends.
use std::{
    collections::HashMap,
    sync::Mutex,
    time::{Duration, Instant},
};

const WINDOW: Duration = Duration::from_secs(15 * 60);
const MAX_FAILURES_PER_ACCOUNT: u32 = 5;
/// An address may serve several people (a community centre), so it gets more room.
const MAX_FAILURES_PER_ADDRESS: u32 = 20;

#[derive(Default)]
pub struct LoginThrottle {
    failures: Mutex<HashMap<String, (u32, Instant)>>,
}

impl LoginThrottle {
    pub fn is_blocked(&self, email: &str, address: &str) -> bool {
        let mut map = self.failures.lock().expect("throttle lock");
        let now = Instant::now();
        map.retain(|_, (_, first)| now.duration_since(*first) < WINDOW);
        let count = |key: String| map.get(&key).map(|(n, _)| *n).unwrap_or(0);
        count(account_key(email)) >= MAX_FAILURES_PER_ACCOUNT
            || count(address_key(address)) >= MAX_FAILURES_PER_ADDRESS
    }

    pub fn record_failure(&self, email: &str, address: &str) {
        let mut map = self.failures.lock().expect("throttle lock");
        let now = Instant::now();
        for key in [account_key(email), address_key(address)] {
            let entry = map.entry(key).or_insert((0, now));
            entry.0 += 1;
        }
    }

    pub fn record_success(&self, email: &str) {
        self.failures
            .lock()
            .expect("throttle lock")
            .remove(&account_key(email));
    }
}

fn account_key(email: &str) -> String {
    format!("account:{}", email.trim().to_lowercase())
}

fn address_key(address: &str) -> String {
    format!("address:{address}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_after_repeated_failures_and_success_resets() {
        let throttle = LoginThrottle::default();
        for _ in 0..MAX_FAILURES_PER_ACCOUNT {
            assert!(!throttle.is_blocked("a@example.nl", "10.0.0.1"));
            throttle.record_failure("a@example.nl", "10.0.0.1");
        }
        assert!(throttle.is_blocked("A@example.nl", "10.0.0.2"));
        assert!(!throttle.is_blocked("b@example.nl", "10.0.0.1"));
        throttle.record_success("a@example.nl");
        assert!(!throttle.is_blocked("a@example.nl", "10.0.0.2"));
    }
}
