use argon2::{
    password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString},
    Algorithm, Argon2, Params, Version,
};

use super::blocking::run_bounded;
use crate::error::AppError;

/// argon2id at the OWASP minimum: 19 MiB memory, 2 iterations, 1 lane.
fn hasher() -> Argon2<'static> {
    let params = Params::new(19 * 1024, 2, 1, None).expect("valid argon2 parameters");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Hashes on a blocking thread, one per core at most (see `blocking`).
pub async fn hash(password: String) -> Result<String, AppError> {
    run_bounded("argon2 hash", move || {
        let salt = SaltString::generate(&mut OsRng);
        hasher().hash_password(password.as_bytes(), &salt).map(|h| h.to_string())
    })
    .await?
    .map_err(|e| internal("hash", e))
}

/// Verifies on a blocking thread. With no stored hash, a dummy hash is checked
/// anyway so an unknown e-mail address takes as long as a wrong password.
pub async fn verify(password: String, stored: Option<String>) -> Result<bool, AppError> {
    run_bounded("argon2 verify", move || {
        let known = stored.is_some();
        let stored = stored.unwrap_or_else(|| dummy_hash().to_owned());
        let parsed = PasswordHash::new(&stored).map_err(|e| internal("parse hash", e))?;
        let ok = hasher().verify_password(password.as_bytes(), &parsed).is_ok();
        Ok(known && ok)
    })
    .await?
}

fn internal(what: &str, err: impl std::fmt::Display) -> AppError {
    tracing::error!(error = %err, "password {what} failed");
    AppError::Internal
}

/// A hash with the real parameters of a random secret; it never matches a typed password.
fn dummy_hash() -> &'static str {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DUMMY.get_or_init(|| {
        let salt = SaltString::generate(&mut OsRng);
        let secret = super::tokens::new_token();
        hasher().hash_password(secret.as_bytes(), &salt).expect("hashing a random secret").to_string()
    })
}
