//! Slows down password guessing: after a few failures for the same account or
//! address within a window, further attempts are refused until the window ends.
//!
//! An attempt is counted when it starts, not when its (slow) password check
//! ends: checking and counting happen under one lock, so a burst of concurrent
//! guesses cannot all slip through while the first ones are still hashing.
use std::{
    collections::HashMap,
    sync::Mutex,
    time::{Duration, Instant},
};

pub const LOGIN_WINDOW_SECS: u64 = 15 * 60;
const WINDOW: Duration = Duration::from_secs(LOGIN_WINDOW_SECS);
pub const MAX_FAILURES_PER_ACCOUNT: u32 = 5;
/// An address may serve several people (a community centre), so it gets more room.
pub const MAX_FAILURES_PER_ADDRESS: u32 = 20;

#[derive(Default)]
pub struct LoginThrottle {
    failures: Mutex<HashMap<String, (u32, Instant)>>,
}

/// A login attempt that was let through and counted as a failure until it succeeds.
#[must_use = "call LoginThrottle::succeeded when the password was right"]
pub struct Attempt {
    email: String,
    address: String,
}

impl LoginThrottle {
    /// Lets an attempt through and counts it, or `None` when the account or
    /// address has used up its attempts for now.
    pub fn begin(&self, email: &str, address: &str) -> Option<Attempt> {
        let mut map = self.failures.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let now = Instant::now();
        map.retain(|_, (_, first)| now.duration_since(*first) < WINDOW);
        let (account, address_key) = (account_key(email), address_key(address));
        let count = |key: &String| map.get(key).map(|(n, _)| *n).unwrap_or(0);
        if count(&account) >= MAX_FAILURES_PER_ACCOUNT || count(&address_key) >= MAX_FAILURES_PER_ADDRESS {
            return None;
        }
        for key in [account, address_key] {
            map.entry(key).or_insert((0, now)).0 += 1;
        }
        Some(Attempt { email: email.to_owned(), address: address.to_owned() })
    }

    /// The password was right: the account starts afresh and the attempt is not
    /// held against the address.
    pub fn succeeded(&self, attempt: Attempt) {
        let mut map = self.failures.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        map.remove(&account_key(&attempt.email));
        if let Some((n, _)) = map.get_mut(&address_key(&attempt.address)) {
            *n = n.saturating_sub(1);
        }
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
            let _failed = throttle.begin("a@example.nl", "10.0.0.1").expect("still allowed");
        }
        assert!(throttle.begin("A@example.nl", "10.0.0.2").is_none(), "the account is blocked from anywhere");
        let other = throttle.begin("b@example.nl", "10.0.0.1").expect("another account from the same address");
        throttle.succeeded(other);
        let throttle = LoginThrottle::default();
        let first = throttle.begin("a@example.nl", "10.0.0.1").unwrap();
        throttle.succeeded(first);
        for _ in 0..MAX_FAILURES_PER_ACCOUNT {
            let _failed = throttle.begin("a@example.nl", "10.0.0.1").expect("a success leaves the full allowance");
        }
    }

    #[test]
    fn the_address_limit_holds_across_accounts() {
        let throttle = LoginThrottle::default();
        for i in 0..MAX_FAILURES_PER_ADDRESS {
            let _failed = throttle.begin(&format!("p{i}@example.nl"), "10.0.0.9").expect("under the address limit");
        }
        assert!(throttle.begin("new@example.nl", "10.0.0.9").is_none());
        assert!(throttle.begin("new@example.nl", "10.0.0.10").is_some());
    }
}

/// A fixed window per key (a client address): how many times something happened
/// since the window opened. The one counter behind the limits below.
#[derive(Default)]
struct FixedWindow {
    counts: Mutex<HashMap<String, (u32, Instant)>>,
}

impl FixedWindow {
    /// Refused (429 with `key`, and the seconds until the window ends) once `max` is reached.
    fn check(&self, address: &str, max: u32, window: Duration, key: &str) -> Result<(), crate::error::AppError> {
        let mut map = self.counts.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let now = Instant::now();
        map.retain(|_, (_, start)| now.duration_since(*start) < window);
        match map.get(address) {
            Some((count, start)) if *count >= max => Err(crate::error::AppError::TooManyRequests {
                key: key.into(),
                retry_after_secs: window.saturating_sub(now.duration_since(*start)).as_secs().max(1),
            }),
            _ => Ok(()),
        }
    }

    fn count(&self, address: &str) {
        let mut map = self.counts.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        map.entry(address.to_owned()).or_insert((0, Instant::now())).0 += 1;
    }
}

/// Failed certificate look-ups (a number or file that matches nothing) per address
/// and minute: an office behind one address checks a stack of real certificates
/// freely, while walking the number space stops after this many misses.
pub const VERIFY_FAILURES_PER_MINUTE: u32 = 30;
const VERIFY_WINDOW: Duration = Duration::from_secs(60);

/// The one limit on certificate look-ups, whichever way they come (the page, its
/// upload form, the server function): a fixed window of failures per address.
#[derive(Default)]
pub struct VerifyLimit(FixedWindow);

impl VerifyLimit {
    /// `Ok` when `address` may look up now; otherwise the refusal, with the seconds
    /// until its window ends.
    pub fn check(&self, address: &str) -> Result<(), crate::error::AppError> {
        self.0.check(address, VERIFY_FAILURES_PER_MINUTE, VERIFY_WINDOW, "err.verify.too_many")
    }

    /// Counts a look-up that matched nothing.
    pub fn failed(&self, address: &str) {
        self.0.count(address);
    }
}

/// Requests for a password mail ("Wachtwoord vergeten?") per client address in
/// [`RESET_WINDOW`]: enough for a household or an office behind one address, too
/// few to mail-bomb the people on a list. (Per account: `accounts::db`.)
pub const RESETS_PER_ADDRESS: u32 = 10;
const RESET_WINDOW: Duration = Duration::from_secs(15 * 60);

/// A fixed window of requests per client address for the password-mail form.
#[derive(Default)]
pub struct ResetLimit(FixedWindow);

impl ResetLimit {
    /// Counts this request; refused (429, with the seconds to wait) over the limit.
    pub fn check_and_count(&self, address: &str) -> Result<(), crate::error::AppError> {
        self.0.check(address, RESETS_PER_ADDRESS, RESET_WINDOW, "err.reset.too_many")?;
        self.0.count(address);
        Ok(())
    }
}

/// Applications (aanmelden, no account needed) per client address in [`APPLY_WINDOW`]:
/// room for a community centre where several people apply at one computer, too few
/// to fill the coordinator's list with spam.
pub const APPLICATIONS_PER_ADDRESS: u32 = 10;
const APPLY_WINDOW: Duration = Duration::from_secs(60 * 60);

#[derive(Default)]
pub struct ApplyLimit(FixedWindow);

impl ApplyLimit {
    /// Refused (429, with the seconds to wait) once the address has sent its share.
    pub fn check(&self, address: &str) -> Result<(), crate::error::AppError> {
        self.0.check(address, APPLICATIONS_PER_ADDRESS, APPLY_WINDOW, "err.application.too_many")
    }

    /// Counts one accepted (or trapped) application.
    pub fn count(&self, address: &str) {
        self.0.count(address);
    }
}

/// Look-ups of a link that matches nothing (a confirmation link with a wrong token),
/// per client address and minute. A real token cannot be guessed; this stops anyone
/// trying from costing more than a few queries.
pub const LINK_FAILURES_PER_MINUTE: u32 = 20;

#[derive(Default)]
pub struct LinkLimit(FixedWindow);

impl LinkLimit {
    pub fn check(&self, address: &str) -> Result<(), crate::error::AppError> {
        self.0.check(address, LINK_FAILURES_PER_MINUTE, Duration::from_secs(60), "err.link.too_many")
    }

    pub fn failed(&self, address: &str) {
        self.0.count(address);
    }
}
