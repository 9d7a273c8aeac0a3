use std::sync::Arc;

use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use sqlx::SqlitePool;

use super::{
    audit::ReadLog,
    caller::UserCache,
    config::Config,
    handover::Handover,
    submissions::Submissions,
    signing::Signer,
    throttle::{ApplyLimit, LinkLimit, LoginThrottle, ResetLimit, VerifyLimit},
};

/// Everything a request handler or server function may need, cloned cheaply.
#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub pool: SqlitePool,
    pub config: Arc<Config>,
    pub throttle: Arc<LoginThrottle>,
    pub verify_limit: Arc<VerifyLimit>,
    pub link_limit: Arc<LinkLimit>,
    pub reset_limit: Arc<ResetLimit>,
    pub apply_limit: Arc<ApplyLimit>,
    pub users: Arc<UserCache>,
    pub handover: Arc<Handover>,
    pub submissions: Arc<Submissions>,
    pub read_log: ReadLog,
    /// Signs credentials (certificates as Open Badges) and the revocation list.
    pub signer: Arc<Signer>,
}

impl AppState {
    /// Starts the read log's worker: call inside the runtime.
    pub fn new(leptos_options: LeptosOptions, pool: SqlitePool, config: Config, signer: Signer) -> Self {
        AppState {
            signer: Arc::new(signer),
            leptos_options,
            read_log: ReadLog::start(pool.clone()),
            pool,
            config: Arc::new(config),
            throttle: Arc::new(LoginThrottle::default()),
            verify_limit: Arc::new(VerifyLimit::default()),
            link_limit: Arc::new(LinkLimit::default()),
            reset_limit: Arc::new(ResetLimit::default()),
            apply_limit: Arc::new(ApplyLimit::default()),
            users: Arc::new(UserCache::default()),
            handover: Arc::new(Handover::default()),
            submissions: Arc::new(Submissions::default()),
        }
    }
}
