//! What the coordinator sees of the backups (made by `server::backup`): when the
//! last one succeeded and how large it was, and a warning when the last attempt
//! failed, the last success is more than 36 hours old, or none are made at all.
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use crate::server::{api::run, auth, context};
use crate::{
    error::AppError,
    i18n::{tr, use_lang},
};

/// Older than this, the last successful backup is a warning (a night was missed).
#[cfg(feature = "ssr")]
const STALE_AFTER_HOURS: i64 = 36;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackupStatus {
    /// Whether `serve` makes nightly backups (`LEERLIJN_BACKUP_DIR`).
    pub nightly: bool,
    /// The last successful backup: when (Amsterdam time) and its size in bytes.
    pub last_success: Option<(String, i64)>,
    /// The last attempt, when it failed: when and why.
    pub last_failure: Option<(String, String)>,
    /// No success within the last 36 hours.
    pub stale: bool,
}

impl BackupStatus {
    pub fn needs_attention(&self) -> bool {
        !self.nightly || self.stale || self.last_failure.is_some()
    }
}

#[server(endpoint = "backup_status")]
pub async fn load_backup_status() -> Result<BackupStatus, AppError> {
    run("backup_status", async {
        auth::current_user().await?.require(crate::domain::Role::Coordinator)?;
        backup_status(&context::state()?).await
    })
    .await
}

/// The status as the coordinator's home shows it (loaded there with the rest of the
/// home in one server function, one query after another).
#[cfg(feature = "ssr")]
pub async fn backup_status(state: &crate::server::state::AppState) -> Result<BackupStatus, AppError> {
    let last_success =
        sqlx::query!(r#"SELECT made_at, bytes AS "bytes!: i64" FROM backups WHERE succeeded = 1 ORDER BY id DESC LIMIT 1"#)
            .fetch_optional(&state.pool)
            .await?;
    let last = sqlx::query!(r#"SELECT made_at, succeeded AS "succeeded: bool", error FROM backups ORDER BY id DESC LIMIT 1"#)
        .fetch_optional(&state.pool)
        .await?;
    let stale = last_success.as_ref().is_none_or(|s| {
        chrono::DateTime::parse_from_rfc3339(&s.made_at)
            .map(|at| chrono::Utc::now().signed_duration_since(at).num_hours() >= STALE_AFTER_HOURS)
            .unwrap_or(true)
    });
    let amsterdam = crate::server::clock::amsterdam_time;
    Ok(BackupStatus {
        nightly: state.config.backup_dir.is_some(),
        last_success: last_success.map(|s| (amsterdam(&s.made_at), s.bytes)),
        last_failure: last.filter(|l| !l.succeeded).map(|l| (amsterdam(&l.made_at), l.error.unwrap_or_default())),
        stale,
    })
}

/// The backup line on the coordinator's home: quiet when all is well, a warning otherwise.
#[component]
pub fn BackupStatusCard(status: BackupStatus) -> impl IntoView {
    let lang = use_lang();
    let class = if status.needs_attention() { "alert alert-error" } else { "card" };
    let last = match &status.last_success {
        Some((at, bytes)) => tr(lang, "backup.last_success")
            .replace("{at}", at)
            .replace("{size}", &format!("{:.1}", *bytes as f64 / (1024.0 * 1024.0))),
        None => tr(lang, "backup.none_yet"),
    };
    view! {
        <section class=class aria-labelledby="backup-title">
            <h2 id="backup-title">{tr(lang, "backup.title")}</h2>
            <p>{last}</p>
            {(!status.nightly).then(|| view! { <p>{tr(lang, "backup.not_nightly")}</p> })}
            {(status.nightly && status.stale).then(|| view! { <p>{tr(lang, "backup.stale")}</p> })}
            {status.last_failure.map(|(at, error)| view! {
                <p>{tr(lang, "backup.failed").replace("{at}", &at)}</p>
                <p><code>{error}</code></p>
            })}
        </section>
    }
}
