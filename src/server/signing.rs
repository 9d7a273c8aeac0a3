//! The issuer's signing key for credentials (Open Badges 3.0 as VC-JWT, RS256).
//!
//! The private key lives only in a file (`LEERLIJN_SIGNING_KEY`, mode 0600), never in
//! the database, so a backup of the database cannot sign. The public keys go into the
//! database (`signing_keys`): every key that ever signed stays published in the JWKS,
//! so credentials signed before a rotation still verify.
use std::{
    io::Write,
    path::{Path, PathBuf},
};

use aws_lc_rs::{
    encoding::AsDer,
    rsa::{KeyPair, KeySize},
};
use jsonwebtoken::{
    jwk::{Jwk, JwkSet, PublicKeyUse, ThumbprintHash},
    Algorithm, EncodingKey, Header,
};
use sqlx::SqlitePool;

use crate::{error::AppError, server::clock::now_rfc3339};

/// The path of the JWKS that lists every public key (stable: verifiers fetch it).
pub const JWKS_PATH: &str = "/.well-known/jwks.json";

/// The key that signs now, with its public half.
pub struct Signer {
    key: EncodingKey,
    /// RFC 7638 thumbprint of the public key: its name in the JWKS.
    thumbprint: String,
    public: Jwk,
    /// The last document `sign_reusing` signed, with what it was made from.
    recent: std::sync::Mutex<Option<RecentlySigned>>,
}

/// A signed public document and the input it was made from (see `Signer::sign_reusing`).
struct RecentlySigned {
    base_url: String,
    input: String,
    signed_at: std::time::Instant,
    jws: String,
}

#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error("de sleutel in {0} kan niet gelezen worden: {1}")]
    Read(PathBuf, String),
    #[error("er staat al een sleutel in {0}")]
    Exists(PathBuf),
    #[error("een nieuwe sleutel maken lukte niet")]
    Generate,
    #[error("de database: {0}")]
    Database(String),
}

/// The URI a credential's `kid` names: it dereferences to the public JWK.
pub fn key_uri(base_url: &str, thumbprint: &str) -> String {
    format!("{base_url}/sleutels/{thumbprint}")
}

impl Signer {
    /// Reads the key in `path`, making one first if there is none (the embedded
    /// default: `serve` works from a fresh checkout).
    pub fn load_or_create(path: &Path) -> Result<Signer, KeyError> {
        match generate(path) {
            Ok(()) => tracing::info!(path = %path.display(), "made a new signing key for credentials"),
            Err(KeyError::Exists(_)) => {}
            Err(e) => return Err(e),
        }
        Signer::load(path)
    }

    pub fn load(path: &Path) -> Result<Signer, KeyError> {
        let pem = std::fs::read(path).map_err(|e| KeyError::Read(path.into(), e.to_string()))?;
        let key = EncodingKey::from_rsa_pem(&pem).map_err(|e| KeyError::Read(path.into(), e.to_string()))?;
        let mut public = Jwk::from_encoding_key(&key, Algorithm::RS256).map_err(|e| KeyError::Read(path.into(), e.to_string()))?;
        let thumbprint = public.thumbprint(ThumbprintHash::SHA256).map_err(|e| KeyError::Read(path.into(), e.to_string()))?;
        public.common.public_key_use = Some(PublicKeyUse::Signature);
        Ok(Signer { key, thumbprint, public, recent: std::sync::Mutex::new(None) })
    }

    pub fn thumbprint(&self) -> &str {
        &self.thumbprint
    }

    /// The public key as published, named by its URI under `base_url`.
    pub fn public_jwk(&self, base_url: &str) -> Jwk {
        let mut jwk = self.public.clone();
        jwk.common.key_id = Some(key_uri(base_url, &self.thumbprint));
        jwk
    }

    /// The document `make_claims` describes, signed, reusing the last one signed from the
    /// same `input` under the same `base_url` while it is younger than `max_age`. For the
    /// public revocation list, which anyone may fetch as often as they like: an RSA
    /// signature costs ~1.3 ms of CPU (1,480 fetches/s at most), a reused one nothing.
    /// One document at a time: only that list is signed this way. The lock is held while
    /// signing, so fetches that arrive together wait for one signature instead of each
    /// making their own.
    pub fn sign_reusing(
        &self,
        base_url: &str,
        input: String,
        max_age: std::time::Duration,
        make_claims: impl FnOnce() -> serde_json::Value,
    ) -> Result<String, AppError> {
        let mut recent = self.recent.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(last) = recent.as_ref().filter(|r| r.base_url == base_url && r.input == input && r.signed_at.elapsed() < max_age) {
            return Ok(last.jws.clone());
        }
        let jws = self.sign(base_url, &make_claims())?;
        *recent = Some(RecentlySigned { base_url: base_url.to_owned(), input, signed_at: std::time::Instant::now(), jws: jws.clone() });
        Ok(jws)
    }

    /// A compact JWS of `claims`: the JOSE header holds `alg` RS256, `kid` (the key's
    /// URI) and `typ` "JWT", and nothing else (Open Badges 3.0 allows no other header).
    pub fn sign(&self, base_url: &str, claims: &serde_json::Value) -> Result<String, AppError> {
        let mut header = Header::new(Algorithm::RS256);
        header.kid = Some(key_uri(base_url, &self.thumbprint));
        jsonwebtoken::encode(&header, claims, &self.key).map_err(|e| {
            tracing::error!(error = %e, "signing failed");
            AppError::Internal
        })
    }
}

/// Writes a new RSA-2048 key as PKCS#8 PEM, readable by the owner only. Refuses to
/// overwrite: a key that signed credentials is never lost by accident.
pub fn generate(path: &Path) -> Result<(), KeyError> {
    let pair = KeyPair::generate(KeySize::Rsa2048).map_err(|_| KeyError::Generate)?;
    let der = AsDer::<aws_lc_rs::encoding::Pkcs8V1Der>::as_der(&pair).map_err(|_| KeyError::Generate)?;
    let pem = pem::encode(&pem::Pem::new("PRIVATE KEY", der.as_ref().to_vec()));
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| KeyError::Read(path.into(), e.to_string()))?;
    }
    // Written whole under a private name, then linked into place: a second process
    // starting at the same moment finds either no key or a complete one, never half.
    let partial = path.with_extension(format!("partial-{}", std::process::id()));
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let written = options
        .open(&partial)
        .and_then(|mut file| file.write_all(pem.as_bytes()).and_then(|()| file.sync_all()))
        .and_then(|()| std::fs::hard_link(&partial, path));
    let _ = std::fs::remove_file(&partial);
    written.map_err(|e| match e.kind() {
        std::io::ErrorKind::AlreadyExists => KeyError::Exists(path.into()),
        _ => KeyError::Read(path.into(), e.to_string()),
    })
}

/// Publishes the signer's public key (once) and marks it the current one.
pub async fn register(pool: &SqlitePool, signer: &Signer) -> Result<(), KeyError> {
    let jwk = serde_json::to_string(&signer.public).map_err(|e| KeyError::Database(e.to_string()))?;
    let now = now_rfc3339();
    let mut tx = crate::server::db::write_tx(pool).await.map_err(|e| KeyError::Database(format!("{e:?}")))?;
    let result: Result<(), sqlx::Error> = async {
        sqlx::query!("UPDATE signing_keys SET retired_at = ? WHERE kid <> ? AND retired_at IS NULL", now, signer.thumbprint)
            .execute(&mut *tx)
            .await?;
        sqlx::query!(
            "INSERT INTO signing_keys (kid, jwk, created_at) VALUES (?, ?, ?) ON CONFLICT (kid) DO UPDATE SET retired_at = NULL",
            signer.thumbprint,
            jwk,
            now
        )
        .execute(&mut *tx)
        .await?;
        Ok(())
    }
    .await;
    result.map_err(|e| KeyError::Database(e.to_string()))?;
    tx.commit().await.map_err(|e| KeyError::Database(e.to_string()))
}

/// Replaces the key in `path` by a new one. The old public key stays published
/// (registered first, in case `serve` never ran with it); the old private key is
/// deleted, so it can sign nothing more.
pub async fn rotate(pool: &SqlitePool, path: &Path) -> Result<String, KeyError> {
    let old = Signer::load(path)?;
    register(pool, &old).await?;
    let fresh = path.with_extension("new");
    let _ = std::fs::remove_file(&fresh);
    generate(&fresh)?;
    let new = Signer::load(&fresh)?;
    register(pool, &new).await?;
    std::fs::rename(&fresh, path).map_err(|e| KeyError::Read(path.into(), e.to_string()))?;
    Ok(new.thumbprint)
}

/// Every public key that ever signed, each named by its URI: the JWKS.
pub async fn jwks(pool: &SqlitePool, base_url: &str) -> Result<JwkSet, AppError> {
    let rows = sqlx::query!("SELECT kid, jwk FROM signing_keys ORDER BY id").fetch_all(pool).await?;
    let keys = rows
        .into_iter()
        .filter_map(|r| {
            let mut jwk: Jwk = serde_json::from_str(&r.jwk).ok()?;
            jwk.common.key_id = Some(key_uri(base_url, &r.kid));
            Some(jwk)
        })
        .collect();
    Ok(JwkSet { keys })
}
