//! A form's one-time token: random, and tagged so only this process can make one.
use rand::RngCore;
use sha2::{Digest, Sha256};

/// A form's one-time token: 128 random bits, enough to never repeat, and a tag
/// that only this process can make, so a post without `Origin` or `Referer` can
/// still show it came from one of our pages.
pub fn form_token() -> String {
    let mut bytes = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let nonce = hex::encode(bytes);
    let tag = form_token_tag(&nonce);
    format!("{nonce}.{tag}")
}

/// Whether `token` is one `form_token` made (since this process started).
pub fn is_form_token(token: &str) -> bool {
    token
        .split_once('.')
        .is_some_and(|(nonce, tag)| nonce.len() == 32 && constant_time_eq(tag.as_bytes(), form_token_tag(nonce).as_bytes()))
}

/// SHA-256 over a per-process secret and the fixed-length nonce, truncated to 128 bits.
fn form_token_tag(nonce: &str) -> String {
    static SECRET: std::sync::OnceLock<[u8; 32]> = std::sync::OnceLock::new();
    let secret = SECRET.get_or_init(|| {
        let mut key = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut key);
        key
    });
    let digest = Sha256::new().chain_update(secret).chain_update(nonce.as_bytes()).finalize();
    hex::encode(&digest[..16])
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::{form_token, is_form_token};

    #[test]
    fn only_tokens_made_here_pass() {
        let token = form_token();
        assert!(is_form_token(&token));
        assert!(!is_form_token(&token.replace('.', "")));
        let (nonce, _) = token.split_once('.').unwrap();
        assert!(!is_form_token(&format!("{nonce}.{}", "0".repeat(32))));
        assert!(!is_form_token(""));
    }
}
