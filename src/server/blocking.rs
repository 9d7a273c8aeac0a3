//! CPU-heavy work (argon2, certificate PDFs, ZIP archives) runs on blocking threads, a
//! bounded number at a time: each argon2 check holds 19 MiB, so a burst of
//! logins queues here instead of allocating gigabytes, and the async threads
//! that serve everyone else's pages are never the ones doing it.
use std::{sync::OnceLock, time::Duration};

use tokio::sync::Semaphore;

use crate::error::AppError;

/// How long a request waits for its turn before it is told to come back later.
const MAX_WAIT: Duration = Duration::from_secs(10);

fn permits() -> &'static Semaphore {
    static PERMITS: OnceLock<Semaphore> = OnceLock::new();
    PERMITS.get_or_init(|| {
        let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2);
        Semaphore::new(cores)
    })
}

/// Runs `work` on a blocking thread once one of the per-core permits is free.
pub async fn run_bounded<T: Send + 'static>(what: &'static str, work: impl FnOnce() -> T + Send + 'static) -> Result<T, AppError> {
    let permit = match tokio::time::timeout(MAX_WAIT, permits().acquire()).await {
        Ok(Ok(permit)) => permit,
        Ok(Err(_closed)) => return Err(AppError::Internal),
        Err(_elapsed) => {
            tracing::warn!(work = what, "heavy work queue full; asked to retry");
            return Err(AppError::Busy);
        }
    };
    let result = tokio::task::spawn_blocking(work).await.map_err(|e| {
        tracing::error!(work = what, error = %e, "blocking task failed");
        AppError::Internal
    });
    drop(permit);
    result
}
