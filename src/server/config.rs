use std::{net::IpAddr, time::Duration};

/// Settings read from the environment once at start-up.
#[derive(Debug, Clone)]
pub struct Config {
    pub database_url: String,
    /// Where people reach the app, used for invitation links and certificate checks.
    pub public_base_url: String,
    /// Send the session cookie only over HTTPS (on behind TLS in production).
    pub secure_cookies: bool,
    pub invitation_valid_for: Duration,
    pub session_idle_timeout: Duration,
    /// Reverse proxies whose `X-Forwarded-For` is believed (`LEERLIJN_TRUSTED_PROXIES`,
    /// comma-separated addresses). Empty: the socket's address is the client's.
    pub trusted_proxies: Vec<IpAddr>,
    /// Nightly backups go here (`LEERLIJN_BACKUP_DIR`); none when unset.
    pub backup_dir: Option<std::path::PathBuf>,
    /// How many nightly backups are kept (`LEERLIJN_BACKUP_KEEP`, default 14).
    pub backups_kept: usize,
    /// The mail server (`LEERLIJN_SMTP_URL`); without it mail waits in the outbox.
    pub smtp_url: Option<String>,
    /// The sender of every mail (`LEERLIJN_MAIL_FROM`, "Name <address>" or an address).
    pub mail_from: String,
    /// The pause after a first failed try to send a mail; it doubles per try.
    pub mail_first_retry: Duration,
    /// A mail that could not be sent this long after it was queued is given up.
    pub mail_give_up_after: Duration,
    /// How often the outbox worker looks for new mail.
    pub mail_poll: Duration,
    /// The private key that signs credentials (`LEERLIJN_SIGNING_KEY`); made on first
    /// `serve` when missing. Kept outside the database and its backups.
    pub signing_key: std::path::PathBuf,
}

impl Config {
    pub fn from_env() -> Self {
        let database_url = std::env::var("DATABASE_URL").unwrap_or_else(|_| "sqlite:data/leerlijn.db".to_owned());
        let public_base_url = std::env::var("LEERLIJN_PUBLIC_URL")
            .unwrap_or_else(|_| format!("http://{}", std::env::var("LEPTOS_SITE_ADDR").unwrap_or_else(|_| "127.0.0.1:3000".into())));
        let secure_cookies = matches!(std::env::var("LEERLIJN_SECURE_COOKIES").as_deref(), Ok("1" | "true" | "yes"));
        let invitation_hours = std::env::var("LEERLIJN_INVITATION_HOURS").ok().and_then(|v| v.parse().ok()).unwrap_or(72);
        let trusted_proxies = std::env::var("LEERLIJN_TRUSTED_PROXIES").map(|list| parse_addresses(&list)).unwrap_or_default();
        let backup_dir = std::env::var_os("LEERLIJN_BACKUP_DIR").filter(|d| !d.is_empty()).map(std::path::PathBuf::from);
        let backups_kept = std::env::var("LEERLIJN_BACKUP_KEEP").ok().and_then(|v| v.parse().ok()).filter(|n| *n > 0).unwrap_or(14);
        let smtp_url = std::env::var("LEERLIJN_SMTP_URL").ok().map(|u| u.trim().to_owned()).filter(|u| !u.is_empty());
        let mail_from = std::env::var("LEERLIJN_MAIL_FROM").unwrap_or_else(|_| "Leerlijn <leerlijn@localhost>".into());
        // By default beside the database file (not in it: a backup of the database cannot sign).
        let signing_key = std::env::var_os("LEERLIJN_SIGNING_KEY")
            .filter(|k| !k.is_empty())
            .map(std::path::PathBuf::from)
            .or_else(|| super::backup::database_file(&database_url).ok().map(|db| db.with_file_name("leerlijn-signing-key.pem")))
            .unwrap_or_else(|| "data/leerlijn-signing-key.pem".into());
        Config {
            signing_key,
            smtp_url,
            mail_from,
            mail_first_retry: Duration::from_secs(30),
            mail_give_up_after: Duration::from_secs(48 * 3600),
            mail_poll: Duration::from_secs(1),
            backup_dir,
            backups_kept,
            trusted_proxies,
            database_url,
            public_base_url: public_base_url.trim_end_matches('/').to_owned(),
            secure_cookies,
            invitation_valid_for: Duration::from_secs(invitation_hours * 3600),
            session_idle_timeout: Duration::from_secs(8 * 3600),
        }
    }
}

/// "10.0.0.2, ::1" → the addresses; anything unreadable is left out with a warning.
fn parse_addresses(list: &str) -> Vec<IpAddr> {
    list.split(',')
        .map(str::trim)
        .filter(|a| !a.is_empty())
        .filter_map(|a| a.parse().map_err(|_| tracing::warn!(address = a, "LEERLIJN_TRUSTED_PROXIES: not an IP address, ignored")).ok())
        .collect()
}
